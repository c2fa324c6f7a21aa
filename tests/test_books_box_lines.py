"""The cash journal's lines as the box lived them (outside test of issue 17, second round): a
float added during a service at its own time, a float recorded after a movement, a cancelled
float, a period that opens with cash already in the box. Each balance must be the one before
plus the line's cash in minus its cash out, and the books (530) must move as the box does."""

import csv
import io
from datetime import date, timedelta

import pytest
from books_ledger import at

from kiosk.books.closing import build_closing
from kiosk.cli import main
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import CashCancellation, CashMovement, Visit

DAY = date(2026, 6, 2)
JUNE = ["--from", "2026-06-01", "--to", "2026-06-30"]


@pytest.fixture(scope="module")
def box(tmp_path_factory):
    """Service 1: float 50.00 at 12:00, a float of 7.35 at 12:01 cancelled at 12:03, 10.00
    taken out at 12:02, a second float of 5.00 at 12:04, a cash visit of 10.00, 20.00 to the
    bank at 12:10; expected 50 + 5 + 10 - 10 - 20 = 35.00, counted 35.00.
    Service 2 (evening): 20.00 to the bank at 19:00, recorded before its float of 15.00 at 19:01;
    expected 15 - 20 + 8 (a cash visit) = 3.00, counted 3.00."""
    folder = tmp_path_factory.mktemp("box")
    ledger = Ledger(folder / "ledger", "Europe/Paris")
    noon = at(DAY, 12)
    first = ledger.append_batch([
        (CashMovement("float", 5000, "fond"), noon),
        (CashMovement("float", 735, "fond en trop"), noon + timedelta(minutes=1)),
        (CashMovement("out", 1000, "pain"), noon + timedelta(minutes=2)),
    ])
    ledger.append(CashCancellation(first[1].seq, "tapé deux fois"), noon + timedelta(minutes=3))
    first += ledger.append_batch([
        (CashMovement("float", 500, "monnaie en plus"), noon + timedelta(minutes=4)),
        (Visit("eat", 1000, "cash"), noon + timedelta(minutes=5)),
        (CashMovement("bank", 2000, "bordereau 7"), noon + timedelta(minutes=10)),
    ])
    closing = build_closing(ledger.day_entries(DAY), None, {"2000": 1, "1000": 1, "500": 1}, 0,
                            "")
    ledger.append(closing, at(DAY, 14))
    evening = at(DAY, 19)
    second = ledger.append_batch([
        (CashMovement("bank", 2000, "bordereau 8"), evening),
        (CashMovement("float", 1500, "fond"), evening + timedelta(minutes=1)),
        (Visit("eat", 800, "cash"), evening + timedelta(minutes=5)),
    ])
    ledger.append(build_closing(second, closing, {"200": 1, "100": 1}, 0, ""), at(DAY, 21))
    return folder


def export(capsysbinary, folder, *options: str) -> bytes:
    status = main(["--data-dir", str(folder), "export", *options])
    captured = capsysbinary.readouterr()
    assert status == 0, captured.err
    return captured.out


def journal(capsysbinary, folder, *period: str) -> list[dict]:
    out = export(capsysbinary, folder, *period, "--journal", "cash")
    return list(csv.DictReader(io.StringIO(out.decode().partition("\r\n\r\n")[2])))


def cents(text: str) -> int:
    return int(text.replace(".", "").replace(",", "")) if text else 0


def test_each_float_has_its_line_at_its_own_time(capsysbinary, box):
    rows = journal(capsysbinary, box, *JUNE)
    lines = [(r["service"], r["time"], r["line"], r["reason"], r["cash_in"], r["cash_out"],
              r["balance"]) for r in rows]
    assert lines == [
        ("1", "12:00", "added_between", "", "50.00", "", "50.00"),
        ("1", "12:00", "float", "fond", "", "", "50.00"),
        ("1", "", "contributions", "", "10.00", "", "60.00"),
        ("1", "12:02", "out", "pain", "", "10.00", "50.00"),  # the box then held no 5.00 more
        ("1", "12:04", "float", "monnaie en plus", "5.00", "", "55.00"),  # the 7.35 left out
        ("1", "12:10", "bank", "bordereau 7", "", "20.00", "35.00"),
        ("1", "14:00", "counted", "20.00 x 1, 10.00 x 1, 5.00 x 1", "", "", "35.00"),
        # The bank deposit recorded before the evening's float comes first, as it was made.
        ("2", "19:00", "bank", "bordereau 8", "", "20.00", "15.00"),
        ("2", "19:01", "taken_out_between", "Z1", "", "20.00", "-5.00"),
        ("2", "19:01", "float", "fond", "", "", "-5.00"),
        ("2", "", "contributions", "", "8.00", "", "3.00"),
        ("2", "21:00", "counted", "2.00 x 1, 1.00 x 1", "", "", "3.00"),
    ]


def test_every_balance_runs_on_and_530_moves_as_the_box(capsysbinary, box):
    rows = journal(capsysbinary, box, *JUNE)
    balance = 0
    for row in rows:
        if row["line"] != "counted":
            balance += cents(row["cash_in"]) - cents(row["cash_out"])
        assert cents(row["balance"]) == balance, row
    fec = export(capsysbinary, box, *JUNE, "--format", "fec").decode().splitlines()
    header = fec[0].split("\t")
    moved = 0
    for line in fec[1:]:
        cells = dict(zip(header, line.split("\t"), strict=True))
        if cells["CompteNum"] == "530":
            moved += cents(cells["Debit"]) - cents(cells["Credit"])
    assert moved == balance == 300
    # The second float is money put in from outside: summed with the gaps, as the books do.
    json_out = export(capsysbinary, box, *JUNE, "--journal", "cash", "--format", "json")
    assert b'"line": "between_services",\n   "reason": null,\n   "cash_in": 55.0,\n   ' \
           b'"cash_out": 20.0' in json_out


def test_a_period_opening_with_cash_in_the_box_says_so(capsysbinary, box):
    """Z2 counted 3.00: a period after it opens with what the box held, even with no service
    in it, so the treasurer sees the cash the box keeps."""
    rows = journal(capsysbinary, box, "--from", "2026-06-03", "--to", "2026-06-30")
    assert [(r["date"], r["line"], r["reason"], r["balance"]) for r in rows] == [
        ("2026-06-03", "opening", "Z2", "3.00")]
    out = export(capsysbinary, box, "--from", "2026-06-03", "--to", "2026-06-30", "--journal",
                 "cash", "--excel-fr").decode("utf-8-sig")
    assert "2026-06-03;;;;solde d'ouverture;comptée au Z2;;;3,00\r\n" in out


def test_no_opening_line_when_the_box_was_empty(capsysbinary, box):
    rows = journal(capsysbinary, box, "--from", "2026-06-01", "--to", "2026-06-01")
    assert rows == []
