"""What an outside tester broke in the treasurer's books (issue 17), tried again from the outside:
the files a treasurer opens, read back as a spreadsheet or an accounting package reads them."""

import csv
import io
from datetime import date, timedelta

import pytest
from books_ledger import at
from openpyxl import load_workbook

from kiosk.books.closing import build_closing
from kiosk.cli import main
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import CashMovement, Visit

MAY = ["--from", "2026-05-01", "--to", "2026-05-31"]
DAY = date(2026, 5, 4)
# Texts a volunteer with the PIN may type, which a spreadsheet would run as formulas.
PLANTED = ("=1+1", "@SUM(1,2)", "+33 6 12", "-x", "\t=3+3")


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A service whose movements and closing carry formula-like texts."""
    folder = tmp_path_factory.mktemp("planted")
    ledger = Ledger(folder / "ledger", "Europe/Paris")
    noon = at(DAY, 12)
    entries = ledger.append_batch([
        (CashMovement("float", 5000, "fond"), noon),
        (Visit("eat", 1000, "cash"), noon + timedelta(minutes=1)),
        (Visit("eat", 1300, "card"), noon + timedelta(minutes=2)),
        *((CashMovement("out" if n % 2 else "in", 100, reason), noon + timedelta(minutes=5 + n))
          for n, reason in enumerate(PLANTED)),
    ])
    # Expected 50 + 10 + 1 - 1 + 1 - 1 + 1 = 61.00; counted 60.00: -1.00, explained "=2+2".
    ledger.append(build_closing(entries, None, {"5000": 1, "1000": 1}, 1300, "=2+2"),
                  at(DAY, 14))
    return folder


def export(capsysbinary, folder, *options: str) -> bytes:
    status = main(["--data-dir", str(folder), "export", *MAY, *options])
    captured = capsysbinary.readouterr()
    assert status == 0, captured.err
    return captured.out


def csv_cells(data: bytes, delimiter: str) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def is_live(cell: str) -> bool:
    """Whether a spreadsheet would take a CSV cell as a formula (or a signed expression)."""
    return cell[:1] in ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("options, delimiter", [
    (("--journal", "cash"), ","), (("--journal", "cash", "--excel-fr"), ";"),
    (("--journal", "card"), ","), (("--journal", "card", "--excel-fr"), ";"),
    (("--format", "paheko"), ";"),
])
def test_no_typed_text_becomes_a_formula_in_a_csv(capsysbinary, planted, options, delimiter):
    cells = csv_cells(export(capsysbinary, planted, *options), delimiter)
    assert [cell for cell in cells if is_live(cell)] == []
    shown = {cell.removeprefix("'") for cell in cells if cell.startswith("'")}
    expected = {"=2+2"} if "card" in options else {*PLANTED, "=2+2"}
    if "paheko" in options:  # Paheko's remarks are on one line: the tab is a space there
        expected = {"=1+1", "@SUM(1,2)", "+33 6 12", "-x", "=2+2"}
    assert expected <= shown


def test_negative_amounts_stay_numbers_in_a_csv(capsysbinary, planted):
    rows = list(csv.DictReader(io.StringIO(export(capsysbinary, planted).decode())))
    assert rows[0]["cash_difference"] == "-1.00"
    fr = export(capsysbinary, planted, "--excel-fr").decode("utf-8-sig")
    assert ";-1,00;" in fr


@pytest.mark.parametrize("journal, sheet", [("cash", "cash_journal"), ("card", "card_journal")])
def test_no_typed_text_becomes_a_formula_in_a_workbook(capsysbinary, planted, tmp_path,
                                                       journal, sheet):
    path = tmp_path / f"{journal}.xlsx"
    export(capsysbinary, planted, "--journal", journal, "--format", "xlsx", "-o", str(path))
    book = load_workbook(path)
    cells = [cell for name in book.sheetnames for row in book[name].iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    assert ({"=2+2"} if journal == "card" else {*PLANTED, "=2+2"}) <= texts
