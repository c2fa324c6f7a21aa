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
    # Expected 50 + 10 + 1 - 1 + 1 - 1 + 1 = 61.00; counted 60.00: -1.00; card declared 14.00
    # for 13.00 recorded: +1.00; both explained "=2+2".
    ledger.append(build_closing(entries, None, {"5000": 1, "1000": 1}, 1400, "=2+2"),
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


# -- a broken chain: refused, or said where the file can say it --------------------------------

MARCH = ["--from", "2026-03-01", "--to", "2026-03-31"]
FORMATS = {"csv": (), "excel-fr": ("--excel-fr",), "per visit": ("--per", "visit"),
           "cash journal": ("--journal", "cash"), "card journal": ("--journal", "card"),
           "json": ("--format", "json"), "paheko": ("--format", "paheko", "--include-open"),
           "fec": ("--format", "fec", "--include-open")}


@pytest.fixture
def gap(tmp_path):
    """The books ledger with a whole day file deleted (2026-03-03: entries 18 to 20)."""
    from books_ledger import write_books_ledger

    write_books_ledger(tmp_path)
    (tmp_path / "ledger" / "2026-03-03.json").unlink()
    return tmp_path


def kiosk(capsysbinary, folder, *words: str) -> tuple[int, bytes, str]:
    status = main(["--data-dir", str(folder), *words])
    captured = capsysbinary.readouterr()
    return status, captured.out, captured.err.decode()


@pytest.mark.parametrize("period", [MARCH, ["--from", "2026-03-01", "--to", "2026-03-03"],
                                    ["--from", "2026-03-03", "--to", "2026-03-31"],
                                    ["--from", "2026-03-03", "--to", "2026-03-03"]],
                         ids=["around the gap", "ending on it", "starting on it", "only it"])
@pytest.mark.parametrize("options", FORMATS.values(), ids=FORMATS.keys())
def test_a_deleted_day_refuses_every_export_in_one_line(capsysbinary, gap, period, options):
    status, out, err = kiosk(capsysbinary, gap, "export", *period, *options)
    assert (status, out) == (1, b""), err
    assert len(err.splitlines()) == 1 and "`kiosk verify`" in err and "--trust-damaged" in err
    assert "entries 18 to 20 are missing" in err or "2026-03-03.json is missing" in err


@pytest.mark.parametrize("day", ["2026-03-02", "2026-03-03", "2026-03-04"])
def test_tally_refuses_the_days_next_to_a_deleted_one(capsysbinary, gap, day):
    status, out, err = kiosk(capsysbinary, gap, "tally", "--date", day)
    assert (status, out) == (1, b"") and len(err.splitlines()) == 1, err
    trusted, out, err = kiosk(capsysbinary, gap, "tally", "--date", day, "--trust-damaged")
    assert trusted == 0 and "LEDGER CHAIN BROKEN" in err


def test_report_refuses_a_period_with_a_deleted_day(capsysbinary, gap):
    status, out, err = kiosk(capsysbinary, gap, "report", *MARCH)
    assert (status, out) == (1, b"") and "entries 18 to 20 are missing" in err


@pytest.mark.parametrize("options", FORMATS.values(), ids=FORMATS.keys())
def test_trusting_a_broken_chain_says_so_first_or_on_stderr(capsysbinary, gap, options):
    status, out, err = kiosk(capsysbinary, gap, "export", *MARCH, *options, "--trust-damaged")
    said = "LEDGER CHAIN BROKEN over the period: entries 18 to 20 are missing"
    assert status == 0 and said in err
    text = out.decode("utf-8-sig")
    if "json" in options:
        assert json_chain(out) == {"verified": False, "entries": 19, "first_seq": 1,
                                   "last_seq": 22, "problem": said.split(": ", 1)[1]}
    elif "paheko" in options or "fec" in options:  # they must still import: header first
        assert text.startswith(("Numéro d'écriture;", "JournalCode\t"))
    elif "--excel-fr" in options:  # a French file says it in French, the numbers kept
        assert text.splitlines()[0] == FRENCH_BROKEN
    else:
        assert text.splitlines()[0] == said


FRENCH_BROKEN = "CHAÎNE DU REGISTRE ROMPUE sur la période : les écritures 18 à 20 manquent"


def test_trusting_a_broken_chain_says_so_on_the_about_sheet(capsysbinary, gap, tmp_path):
    path = tmp_path / "days.xlsx"
    status, _, _ = kiosk(capsysbinary, gap, "export", *MARCH, "--format", "xlsx", "-o",
                         str(path), "--trust-damaged")
    about = load_workbook(path).worksheets[-1]
    assert status == 0 and about["A1"].value == FRENCH_BROKEN


@pytest.mark.parametrize("options", FORMATS.values(), ids=FORMATS.keys())
def test_an_intact_ledger_is_never_called_broken_even_trusted(capsysbinary, tmp_path, options):
    from books_ledger import write_books_ledger

    write_books_ledger(tmp_path)
    for trust in ((), ("--trust-damaged",)):
        status, out, err = kiosk(capsysbinary, tmp_path, "export", *MARCH, *options, *trust)
        assert status == 0 and "BROKEN" not in out.decode("utf-8-sig") + err, trust
        if "json" in options:
            assert json_chain(out)["verified"] is True


def test_a_day_set_aside_leaves_the_other_days_exportable(capsysbinary, gap):
    """A day the kiosk set aside in damaged/ is known and said: the days after it still export
    (the set-aside day itself is refused, tests/test_damage.py)."""
    (gap / "ledger" / "damaged").mkdir()
    (gap / "ledger" / "damaged" / "2026-03-03.json").write_text("{}", encoding="utf-8")
    status, _, err = kiosk(capsysbinary, gap, "export", "--from", "2026-03-04", "--to",
                           "2026-03-04")
    assert status == 0, err


def json_chain(out: bytes) -> dict:
    import json

    return json.loads(out)["ledger_chain"]


# Accounts of Paheko's association charts (paheko/paheko src/include/data/charts/fr_pca_2018.csv
# and fr_pca_2025.csv) that the entries may use: its import refuses an account the chart lacks
# ("Compte de débit "471" inconnu dans le plan comptable") and rolls back the whole file.
PAHEKO_CHART = {"530", "512", "5112", "5115", "706", "756", "7541", "658", "758", "47", "4715",
                "4718"}


def test_every_default_account_is_in_pahekos_association_chart(capsysbinary, planted):
    rows = list(csv.DictReader(io.StringIO(export(capsysbinary, planted, "--format",
                                                  "paheko").decode()), delimiter=";"))
    used = {r["Compte de débit"] for r in rows} | {r["Compte de crédit"] for r in rows}
    assert "4718" in used and used <= PAHEKO_CHART


def test_the_sample_shows_every_account_with_its_default():
    """The README says to copy data/kiosk.sample.toml: its [accounts] (commented) must be the
    defaults, key for key, so that uncommenting it changes nothing."""
    import re
    import tomllib
    from dataclasses import asdict
    from pathlib import Path

    from kiosk.settings.accounts import AccountsSettings

    sample = (Path(__file__).parent.parent / "data" / "kiosk.sample.toml").read_text("utf-8")
    block = sample.split("# [accounts]\n", 1)[1].split("\n\n", 1)[0]
    uncommented = re.sub(r"^# ", "", block, flags=re.MULTILINE)
    assert tomllib.loads(uncommented) == asdict(AccountsSettings())


@pytest.fixture
def closing_set_aside(tmp_path):
    """The books ledger, a float of 20.00 on 2026-03-04, and the day before (2026-03-03, which
    holds Z3: 30.00 counted) damaged and set aside by the kiosk's next entry."""
    from books_ledger import DAY3, write_books_ledger

    write_books_ledger(tmp_path)
    day = tmp_path / "ledger" / "2026-03-03.json"
    day.write_bytes(day.read_bytes().replace(b'"amount":3000', b'"amount":3001', 1))
    Ledger(tmp_path / "ledger", "Europe/Paris").append(CashMovement("float", 2000, "fond"),
                                                       at(DAY3, 12, 20))
    assert not day.exists() and Ledger(tmp_path / "ledger").set_aside_days()
    return tmp_path


UNKNOWN = ("kiosk: the day 2026-03-03 was set aside as damaged: the cash box's balance is not "
           "known across it, so the gap before 2026-03-04 service 1 is not booked; check the "
           "box by hand")


@pytest.mark.parametrize("period, trust", [
    (["--from", "2026-03-04", "--to", "2026-03-04"], ()),
    (MARCH, ("--trust-damaged",)),  # the day set aside inside the period, counted without it
], ids=["after it", "around it, trusted"])
def test_a_closing_set_aside_leaves_the_next_gap_unknown_and_unbooked(capsysbinary, period,
                                                                      trust, closing_set_aside):
    """Z3 is lost with its day: the gap before the next float is not taken from Z2 instead
    (Z2 counted 3.05: +16.95 'since Z2' would be booked against 4718), it is said unknown."""
    status, out, err = kiosk(capsysbinary, closing_set_aside, "export", *period, "--journal",
                             "cash", *trust)
    _, rows = journal_rows(out)
    assert status == 0 and err.splitlines().count(UNKNOWN) == 1, err
    march4 = [tuple(row.values()) for row in rows if row["date"] == "2026-03-04"]
    assert march4[:2] == [
        ("2026-03-04", "1", "", "12:20", "gap_unknown", "day 2026-03-03 set aside as damaged",
         "", "", ""),
        ("2026-03-04", "1", "", "12:20", "float", "fond", "", "", "20.00")]
    assert not any(row["line"] in ("added_between", "taken_out_between") for row in rows
                   if row["date"] == "2026-03-04")
    for fmt in ("paheko", "fec"):
        status, out, err = kiosk(capsysbinary, closing_set_aside, "export", *period, "--format",
                                 fmt, "--include-open", *trust)
        text = out.decode("utf-8-sig")
        assert status == 0 and err.splitlines().count(UNKNOWN) == 1, err
        booked = [line for line in text.splitlines() if "entre deux services" in line
                  and ("04/03/2026" in line or "\t20260304\t" in line)]
        assert booked == [], booked
    status, out, _ = kiosk(capsysbinary, closing_set_aside, "export", *period, "--journal",
                           "cash", "--excel-fr", *trust)
    assert ";écart entre deux services inconnu;jour 2026-03-03 mis de côté (endommagé);;;\r\n" \
        in out.decode("utf-8-sig")


def test_the_gap_after_a_missing_day_is_unknown_when_trusted(capsysbinary, tmp_path):
    """A day file deleted (not set aside) before the period: trusted, the gap is not guessed."""
    from books_ledger import DAY3, write_books_ledger

    write_books_ledger(tmp_path)
    Ledger(tmp_path / "ledger", "Europe/Paris").append(CashMovement("float", 2000, "fond"),
                                                       at(DAY3, 12, 20))
    (tmp_path / "ledger" / "2026-03-03.json").unlink()
    status, out, err = kiosk(capsysbinary, tmp_path, "export", "--from", "2026-03-04", "--to",
                             "2026-03-04", "--journal", "cash", "--trust-damaged")
    _, rows = journal_rows(out)
    assert status == 0 and "the day file 2026-03-03.json is missing: the cash box's" in err
    assert (rows[0]["line"], rows[0]["reason"], rows[0]["cash_out"]) == (
        "gap_unknown", "day 2026-03-03 missing", "")


def test_an_intact_closing_still_gives_the_gap(capsysbinary, tmp_path):
    from books_ledger import DAY3, write_books_ledger

    write_books_ledger(tmp_path)
    Ledger(tmp_path / "ledger", "Europe/Paris").append(CashMovement("float", 2000, "fond"),
                                                       at(DAY3, 12, 20))
    status, out, err = kiosk(capsysbinary, tmp_path, "export", "--from", "2026-03-04", "--to",
                             "2026-03-04", "--journal", "cash")
    _, rows = journal_rows(out)
    assert status == 0 and err == ""
    assert [(row["line"], row["reason"], row["cash_out"], row["balance"]) for row in rows[:2]] \
        == [("opening", "Z3", "", "30.00"), ("taken_out_between", "Z3", "10.00", "20.00")]


def journal_rows(data: bytes) -> tuple[list[str], list[dict]]:
    head, _, body = data.decode("utf-8-sig").partition("\r\n\r\n")
    return head.split("\r\n"), list(csv.DictReader(io.StringIO(body)))


def test_fec_validdate_is_the_day_the_z_was_made_after_midnight(capsysbinary, tmp_path):
    """ValidDate is the date of validation (the DGFiP's FEC description): a service of the 4th
    closed at 00:42 on the 5th is booked on the 4th and validated on the 5th."""
    ledger = Ledger(tmp_path / "ledger", "Europe/Paris")
    evening = at(DAY, 23, 30)
    entries = ledger.append_batch([(CashMovement("float", 2000, "fond"), evening),
                                   (Visit("eat", 1300, "cash"), evening + timedelta(minutes=5))])
    ledger.append(build_closing(entries, None, {"1000": 3, "200": 1, "100": 1}, 0, ""),
                  at(DAY + timedelta(days=1), 0, 42))
    status, out, err = kiosk(capsysbinary, tmp_path, "export", *MAY, "--format", "fec")
    lines = out.decode().splitlines()
    rows = [dict(zip(lines[0].split("\t"), line.split("\t"), strict=True)) for line in lines[1:]]
    assert status == 0 and rows, err
    assert {(r["PieceRef"], r["EcritureDate"], r["PieceDate"], r["ValidDate"]) for r in rows} \
        == {("Z1", "20260504", "20260504", "20260505")}
