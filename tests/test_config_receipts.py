"""The settings a receipt needs: the association's identity in [cantine], and how long a guest's
receipt may wait for the printer. A mistake names the file, the line and the key."""

from pathlib import Path

import pytest
from test_config import refusal

from kiosk.settings.config import load_config


def written(data_dir: Path, text: str):
    data_dir.mkdir(exist_ok=True)
    (data_dir / "kiosk.toml").write_text(text, encoding="utf-8")
    return load_config(data_dir)


def test_the_association_is_named_as_the_administration_writes_it(data_dir: Path) -> None:
    cantine = written(data_dir, '[cantine]\nname = "Petite Cantine"\naddress = "3 rue X, Lyon"\n'
                      'legal_name = "Les Amis"\nrna = "w 751 234 567"\nsiren = "123 456 782"\n'
                      'receipt_footer = { fr = "Adhérez !", en = "Join us!" }\n').cantine
    assert (cantine.rna, cantine.siren) == ("W751234567", "123456782")
    assert cantine.legal_ids == "RNA W751234567 · SIREN 123 456 782"
    assert cantine.identity() == ("Les Amis", "3 rue X, Lyon", "RNA W751234567 · SIREN 123 456 782")
    assert (cantine.footer_in("fr"), cantine.footer_in("en"), cantine.footer_in("de")) == (
        "Adhérez !", "Join us!", "")


def test_without_an_identity_a_receipt_names_only_the_cantine(data_dir: Path) -> None:
    cantine = written(data_dir, '[cantine]\nname = "Petite Cantine"\n'
                      'legal_name = "Petite Cantine"\nreceipt_footer = "Merci"\n').cantine
    assert cantine.identity() == () and cantine.legal_ids == ""
    assert cantine.footer_in("en") == "Merci"


@pytest.mark.parametrize(("text", "line", "key", "words"), [
    ('[cantine]\nrna = "751234567"\n', 2, "cantine.rna", "not an RNA number"),
    ('[cantine]\nrna = "W75123"\n', 2, "cantine.rna", "like W751234567"),
    ('[cantine]\nsiren = "123 456 789"\n', 2, "cantine.siren", "not a SIREN number"),
    ('[cantine]\nsiren = 123456782\n', 2, "cantine.siren", "must be a text"),
    ('[cantine]\nlegal_name = "' + "A" * 121 + '"\n', 2, "cantine.legal_name", "120 characters"),
    ('[cantine]\nreceipt_footer = { fr = "' + "x" * 301 + '" }\n', 2, "cantine.receipt_footer",
     "300 characters"),
    ('[printer]\nreceipt_expiry = 0\n', 2, "printer.receipt_expiry",
     "from 1 to 1440 minutes, not 0"),
    ('[printer]\nreceipt_expiry = nan\n', 2, "printer.receipt_expiry", "from 1 to 1440"),
    ('[printer]\nreceipt_expiry = 100000\n', 2, "printer.receipt_expiry", "from 1 to 1440"),
    ('[printer]\ntimeout = nan\n', 2, "printer.timeout", "from 0.5 to 60 seconds, not nan"),
    ('[printer]\ntimeout = 3600\n', 2, "printer.timeout", "from 0.5 to 60 seconds, not 3600"),
    ('[printer]\nbaudrate = 0\n', 2, "printer.baudrate", "from 300 to 921600 baud, not 0"),
])
def test_a_receipt_setting_that_cannot_be_used_is_named(data_dir: Path, text: str, line: int,
                                                        key: str, words: str) -> None:
    message = refusal(data_dir, text)
    assert message.startswith(f"{data_dir / 'kiosk.toml'}:{line}: {key}: "), message
    assert words in message
