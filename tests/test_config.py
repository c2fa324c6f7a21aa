"""kiosk.toml: a fresh data dir runs on defaults; a mistake names the file, the line and the key."""

import re
import shutil
from dataclasses import fields, replace
from pathlib import Path

import pytest

from kiosk.settings.config import (
    CantineSettings,
    CardSettings,
    Config,
    ConfigError,
    ContributionSettings,
    KioskSettings,
    PrivacySettings,
    load_config,
)
from printer.settings import PrinterSettings

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "kiosk.sample.toml"


def write_config(data_dir: Path, text: str) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(data_dir: Path, text: str) -> str:
    write_config(data_dir, text)
    with pytest.raises(ConfigError) as refused:
        load_config(data_dir)
    return str(refused.value)


def test_no_file_means_every_default(data_dir: Path) -> None:
    config = load_config(data_dir)
    assert config == Config()
    assert config.contribution.suggested == 1300
    assert config.contribution.presets == (0, 500, 1000, 1300, 2000)
    assert config.contribution.ceiling == 100_000
    assert config.cantine.locale == "fr_FR" and config.cantine.timezone == "Europe/Paris"
    assert config.printer.connection == "none"
    assert config.kiosk.idle_timeout == 90.0
    assert not config.card.enabled


def test_the_sample_loads_and_holds_exactly_the_defaults(data_dir: Path) -> None:
    data_dir.mkdir()
    shutil.copy(SAMPLE, data_dir / "kiosk.toml")
    assert replace(load_config(data_dir), source=None) == Config()


@pytest.mark.parametrize(("section", "settings"), [
    ("cantine", CantineSettings), ("contribution", ContributionSettings),
    ("payment.card", CardSettings), ("printer", PrinterSettings), ("kiosk", KioskSettings),
    ("privacy", PrivacySettings),
])
def test_the_sample_documents_every_key(section: str, settings: type) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    body = text.split(f"[{section}]\n", 1)[1].split("\n[", 1)[0]
    written = set(re.findall(r"^(\w+) = ", body, re.MULTILINE))
    if section == "contribution":
        written.add("explanation")  # its own [contribution.explanation] table follows
    assert {f.name for f in fields(settings)} == written


def test_values_are_read_in_euros_and_kept_as_cents(data_dir: Path) -> None:
    write_config(data_dir, '[contribution]\nsuggested = "12,50"\npresets = [0, 7.5, 12.5]\n'
                           'low_bracket_max = 6\n[printer]\nconnection = "network"\n'
                           'host = "10.0.0.9"\n[cantine]\nlocale = "en_GB"\n')
    config = load_config(data_dir)
    assert config.contribution.suggested == 1250
    assert config.contribution.presets == (0, 750, 1250)
    assert config.contribution.low_bracket_max == 600
    assert config.printer.host == "10.0.0.9" and config.printer.port == 9100
    assert config.cantine.locale == "en_GB" and config.cantine.name == "Petite Cantine"


@pytest.mark.parametrize(("text", "line", "key", "words"), [
    ('[cantine]\nname = "Chez nous"\ncolour = "red"\n', 3, "cantine.colour", "unknown key"),
    ('[cantine]\nname = "x"\n\n[kitchen]\noven = 1\n', 4, "kitchen", "unknown section"),
    ('cantine = "Chez nous"\n', 1, "cantine", "must be a table"),
    ('[kiosk]\nvolunteer_key = "f2"\nidle_timeout = "long"\n', 3, "kiosk.idle_timeout",
     "must be a number"),
    ('[printer]\n\nwidth = 42.5\n', 3, "printer.width", "must be a whole number"),
    ('[cantine]\nlanguages = "fr"\n', 2, "cantine.languages", "list of texts"),
    ('[kiosk]\nthanks_seconds = true\n', 2, "kiosk.thanks_seconds", "must be a number"),
    ('[contribution]\n# suggested = 13\nsuggested = -5\n', 3, "contribution.suggested",
     "negative"),
    ('[contribution]\nceiling = 100\n\npresets = [0, 5, 200]\n', 4, "contribution.presets",
     "above the ceiling"),
    ('[contribution]\nsuggested = 13.555\n', 2, "contribution.suggested", "two decimals"),
    ('[contribution]\nsuggested = 5\n', 2, "contribution.suggested", "above low_bracket_max"),
    ('[contribution]\nsuggested = 5\nlow_bracket_max = 6\n', 3, "contribution.low_bracket_max",
     "below the suggested amount (5.00)"),
    ('[cantine]\nname = "x"\n[printer]\nreceipt = "ask"\nconnection = "bluetooth"\n', 5,
     "printer.connection", "must be one of none, usb, serial, network, file"),
    ('[printer]\ntimeout = 0\n', 2, "printer.timeout", "must be from 0.5 to 60"),
    ('[cantine]\n# link = "x"\n[payment.card]\nepc_name = "A"\nlink = "https://pay.example"\n',
     5, "payment.card.link", "{amount}"),
    ('[payment]\ncash = true\n', 2, "payment.cash", "unknown key"),
    ('[cantine]\ntimezone = "Europe/Lyon"\n', 2, "cantine.timezone", "unknown time zone"),
    ('[cantine]  # who we are\nlocale = "xx_QQ"\n', 2, "cantine.locale", "unknown locale"),
    ('[survey]\n[[survey.questions]]\nid = "a"\ntext = "A?"\nanswers = [{id = "y", label = "Y"}]\n',
     2, "survey.questions", "2 to 6 answers"),
    ('[privacy]\nk = 1\n', 2, "privacy.k", "from 3 to 1000"),  # 1 would protect nobody
    ('[privacy]\n\nk = 2.5\n', 3, "privacy.k", "must be a whole number"),
])
def test_a_mistake_names_the_file_the_line_and_the_key(data_dir: Path, text: str, line: int,
                                                       key: str, words: str) -> None:
    message = refusal(data_dir, text)
    assert message.startswith(f"{data_dir / 'kiosk.toml'}:{line}: {key}: "), message
    assert words in message
    assert "\n" not in message


@pytest.mark.parametrize(("text", "line"), [
    ('[cantine]\nname = "x"\nlocale = fr_FR\n', 3),
    ('[cantine]\nname = "unfinished\n', 2),
    ('[cantine]\nname = "a"\nname = "b"\n', 3),
    ('[kiosk\n', 1),
])
def test_bad_toml_names_the_file_and_the_line(data_dir: Path, text: str, line: int) -> None:
    message = refusal(data_dir, text)
    assert message.startswith(f"{data_dir / 'kiosk.toml'}:{line}: not valid TOML: "), message


def test_a_file_that_is_not_text_is_refused_in_words(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "kiosk.toml").write_bytes(b"[cantine]\nname = \"\xff\xfe\"\n")
    with pytest.raises(ConfigError, match="kiosk.toml: cannot be read"):
        load_config(data_dir)


def test_record_with_a_bad_config_exits_2_with_one_line_and_writes_nothing(
        data_dir: Path, run_kiosk_cli) -> None:
    write_config(data_dir, '[contribution]\nsuggested = -5\n')
    result = run_kiosk_cli("record", "--role", "eat", "--amount", "13", "--method", "cash")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "kiosk.toml:2: contribution.suggested" in result.stderr
    assert not list(data_dir.glob("ledger/*.json"))
