"""A French cantine's files say everything in French (outside test of issue 17, second round):
a broken chain's first line, the export's date as a reader writes it; and a voided membership
shows in the per-day export, in a column of its own."""

import csv
import io
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from books_ledger import write_books_ledger
from openpyxl import load_workbook

from kiosk.books.closing import close_service
from kiosk.books.memberships import record_membership
from kiosk.cli import main
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit

MARCH = ["--from", "2026-03-01", "--to", "2026-03-31"]
PARIS = ZoneInfo("Europe/Paris")
# "1 déc. 2026 à 16:05": a day, a month as Babel abbreviates it in French, a year, an hour.
FRENCH_DATE = re.compile(r"exporté le : [0-9]{1,2} [a-zéû]+\.? [0-9]{4} à [0-9]{2}:[0-9]{2}")


def kiosk(capsysbinary, folder, *words: str) -> tuple[int, str, str]:
    status = main(["--data-dir", str(folder), *words])
    captured = capsysbinary.readouterr()
    return status, captured.out.decode("utf-8-sig"), captured.err.decode()


@pytest.fixture
def damaged(tmp_path):
    """The books ledger with the day 2026-03-03 changed after it was written, kept in place."""
    write_books_ledger(tmp_path)
    day = tmp_path / "ledger" / "2026-03-03.json"
    day.write_bytes(day.read_bytes().replace(b'"amount":3000', b'"amount":3001', 1))
    return tmp_path


@pytest.mark.parametrize("options", [("--excel-fr",), ("--journal", "cash", "--excel-fr"),
                                     ("--journal", "card", "--excel-fr")])
def test_a_damaged_day_counted_anyway_is_said_in_french(capsysbinary, damaged, options):
    status, out, err = kiosk(capsysbinary, damaged, "export", *MARCH, *options,
                             "--trust-damaged")
    first = out.splitlines()[0]
    assert status == 0 and "LEDGER CHAIN BROKEN" in err  # stderr stays the operator's English
    assert first == ("CHAÎNE DU REGISTRE ROMPUE sur la période : non vérifiée : jour(s) "
                     "2026-03-03 endommagé(s), compté(s) tel(s) quel(s) (--trust-damaged)")


def test_an_english_file_keeps_the_verifiers_words(capsysbinary, damaged):
    status, out, _ = kiosk(capsysbinary, damaged, "export", *MARCH, "--journal", "cash",
                           "--trust-damaged")
    assert status == 0 and out.splitlines()[0] == (
        "LEDGER CHAIN BROKEN over the period: not verified: the day 2026-03-03 is damaged and "
        "counted as stored (--trust-damaged)")


def test_the_exports_date_is_written_as_a_reader_writes_it(capsysbinary, tmp_path):
    write_books_ledger(tmp_path, '[cantine]\nname = "Lilas"\nlegal_name = "Association La '
                                 'Petite Cantine des Lilas"\n')
    before = datetime.now().astimezone()
    status, out, _ = kiosk(capsysbinary, tmp_path, "export", *MARCH, "--journal", "cash",
                           "--excel-fr")
    [line] = [line for line in out.splitlines() if line.startswith("exporté le")]
    head = out.split("\r\n\r\n")[0].splitlines()
    assert "dénomination : Association La Petite Cantine des Lilas" in head
    assert not [line for line in head if line.split(" ")[0].rstrip(":") in (
        "legal_name", "period", "currency", "thresholds", "exported")], head
    assert status == 0 and FRENCH_DATE.fullmatch(line), line
    assert "T" not in line and "+" not in line  # no ISO time left
    path = tmp_path / "journal.xlsx"
    kiosk(capsysbinary, tmp_path, "export", *MARCH, "--journal", "cash", "--format", "xlsx",
          "-o", str(path))
    about = [row[0] for row in load_workbook(path).worksheets[-1].iter_rows(values_only=True)]
    assert any(FRENCH_DATE.fullmatch(str(cell)) for cell in about), about
    # The JSON keeps the machine's ISO time, to the second, in the kiosk's time zone.
    _, out, _ = kiosk(capsysbinary, tmp_path, "export", *MARCH, "--journal", "cash", "--format",
                      "json")
    made = datetime.fromisoformat(json.loads(out)["exported_at"])
    assert before.replace(microsecond=0) <= made <= datetime.now().astimezone()


def test_a_voided_membership_is_counted_in_the_day_row(capsysbinary, tmp_path):
    """Two memberships, one voided: the day row counts one live membership and one voided, and
    the meals' voids stay the meals' (none here)."""
    clock = datetime(2026, 3, 10, 12, tzinfo=PARIS)
    ledger = Ledger(tmp_path / "ledger", clock=lambda: clock)
    ledger.append(Visit("eat", 1300, "cash"), clock)
    kept = record_membership(ledger, 500, "cash", clock)
    voided = record_membership(ledger, 1000, "card", clock)
    ledger.void(voided.seq, "saisie en double")
    close_service(ledger, {"1000": 1, "500": 1, "200": 1, "100": 1}, 0, "", at=clock)
    assert kept.seq != voided.seq
    status, out, _ = kiosk(capsysbinary, tmp_path, "export", *MARCH)
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert (row["memberships"], row["membership_total"], row["memberships_voided"],
            row["voids"]) == ("1", "5.00", "1", "0")
    status, out, _ = kiosk(capsysbinary, tmp_path, "export", *MARCH, "--excel-fr")
    [row] = list(csv.DictReader(io.StringIO(out), delimiter=";"))
    assert row["Adhésions annulées"] == "1" and row["Annulations"] == "0"
