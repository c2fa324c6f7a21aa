"""`kiosk export`: the accounts' figures equal the ledger's, in every format, voids left out."""

import csv
import io
import json
import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from kiosk.books.cells import header_words
from kiosk.books.workbook import money_format
from kiosk.cli import main
from tests.manager_support import LAST_DAY, history, oracle

FIRST, LAST = "2026-11-01", LAST_DAY.isoformat()
MONEY = ("total", "cash", "card", "average_per_cover", "median_per_cover", "meal_total",
         "cash_difference", "grand_total", "membership_total", "membership_cash",
         "membership_card")


@pytest.fixture(scope="module")
def history_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cantine")
    history(folder)
    return folder


def export(capsysbinary, history_dir, *options: str) -> bytes:
    status = main(["--data-dir", str(history_dir), "export", "--from", FIRST, "--to", LAST,
                   *options])
    captured = capsysbinary.readouterr()
    assert status == 0, captured.err
    return captured.out


# The default survey's columns as a French file heads them: the question's short name and the
# answer, as the manager's screen says them.
SURVEY_FR = {"Accueil : Tout à fait": "welcome_very", "Accueil : Plutôt": "welcome_rather",
             "Accueil : Un peu": "welcome_little", "Accueil : Pas vraiment": "welcome_not",
             "Âge : Moins de 25 ans": "age_under_25", "Âge : 25 à 55 ans": "age_25_55",
             "Âge : Plus de 55 ans": "age_over_55", "1re visite : Oui": "first_visit_yes",
             "1re visite : Non": "first_visit_no"}


def english(header: list) -> list:
    """A French header back to the stable English column ids."""
    ids = {text: key.removeprefix("columns.") for key, text in header_words("fr").items()
           if key.startswith("columns.")} | SURVEY_FR
    return [ids.get(name, name) for name in header]


def cents(text: str) -> int | None:
    if text == "":
        return None  # a figure with no base
    whole, _, part = text.partition(".")
    return int(whole) * 100 + int(part.ljust(2, "0")) * (-1 if whole.startswith("-") else 1)


def from_csv(data: bytes, excel_fr: bool = False) -> list[dict]:
    text = data.decode("utf-8-sig" if excel_fr else "utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";" if excel_fr else ","))
    for row in rows:
        for name in MONEY:
            row[name] = cents(row[name].replace(",", ".") if excel_fr else row[name])
    return rows


def test_day_export_totals_equal_the_ledger_voids_excluded(capsysbinary, history_dir):
    rows = from_csv(export(capsysbinary, history_dir))
    expected = oracle(history_dir / "ledger")
    assert [r["date"] for r in rows] == sorted(expected) and len(rows) == 6
    for row in rows:
        day = expected[row["date"]]
        assert (int(row["visits"]), int(row["covers"])) == (day["visits"], day["covers"])
        assert (row["total"], row["cash"], row["card"]) == (day["total"], day["cash"], day["card"])
    assert sum(r["total"] for r in rows) == sum(d["total"] for d in expected.values())


def test_two_services_one_closed_and_a_void_on_the_last_day(capsysbinary, history_dir):
    last = from_csv(export(capsysbinary, history_dir))[-1]
    # Service 1: 13 (eat), 20 for two (cook and eat), a cook; service 2: 5.50, 40 for three voided.
    assert (last["services"], last["visits"], last["covers"], last["voids"]) == ("2", "4", "5", "1")
    assert (last["total"], last["cash"], last["card"]) == (3850, 1850, 2000)
    assert (last["eaters"], last["cooks"], last["both"]) == ("2", "1", "2")
    brackets = [last[f"bracket_{b}"] for b in ("zero", "low", "middle", "suggested", "above")]
    assert brackets == ["0", "1", "2", "1", "0"]
    # 38.50 / 4 = 9.625: half up, as a spreadsheet rounds, 9.63 (round() said 9.62)
    assert (last["average_per_cover"], last["median_per_cover"]) == (963, 1000)
    assert (last["zero_contributions"], last["welcome_very"], last["age_over_55"]) == \
        ("1", "1", "1")
    assert (last["closed"], last["cash_difference"]) == ("no", 100)  # service 2 still open


def test_csv_json_and_xlsx_agree(capsysbinary, history_dir, tmp_path):
    rows = from_csv(export(capsysbinary, history_dir))
    document = json.loads(export(capsysbinary, history_dir, "--format", "json"))
    export(capsysbinary, history_dir, "--format", "xlsx", "-o", str(tmp_path / "days.xlsx"))
    sheet = load_workbook(tmp_path / "days.xlsx")["jours"]  # a French cantine: French headers
    header, *body = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header[:3] == ["Date", "Services", "Passages"]
    header = english(header)
    assert header == document["columns"] == list(rows[0])
    totals = body.pop()
    assert len(body) == len(document["rows"]) == len(rows)
    for csv_row, json_row, xlsx_row in zip(rows, document["rows"], body, strict=False):
        for name, value in zip(header, xlsx_row, strict=False):
            if name in MONEY:
                assert round(json_row[name] * 100) == round(value * 100) == csv_row[name]
            elif name == "date":
                assert value.date().isoformat() == json_row[name] == csv_row[name]
            elif name == "z":  # the day's Z numbers, as text: "41 42"
                assert value == json_row[name] == csv_row[name]
            elif name == "closed":
                assert value == json_row[name] == (csv_row[name] == "yes")
            else:
                assert value == json_row[name] == int(csv_row[name]), name
    total = dict(zip(header, totals, strict=False))
    assert total.pop("date") == "Total" and document["totals"].pop("date") == "total"
    assert total == {k: (round(v, 2) if k in MONEY else v) for k, v in document["totals"].items()}
    expected = oracle(history_dir / "ledger")
    assert round(total["total"] * 100) == sum(d["total"] for d in expected.values())
    assert total["visits"] == sum(d["visits"] for d in expected.values())
    assert isinstance(total["cash"], float) and sheet["H2"].number_format == money_format("EUR")
    assert '"€"' in money_format("EUR") and '"CHF"' in money_format("CHF")


def test_excel_fr_parses_back_to_the_same_numbers(capsysbinary, history_dir):
    plain = export(capsysbinary, history_dir)
    french = export(capsysbinary, history_dir, "--excel-fr")
    assert french.startswith(b"\xef\xbb\xbf") and not plain.startswith(b"\xef\xbb\xbf")
    header = french.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:4] == ["Date", "Services", "Passages", "Couverts"]
    assert not any("_" in name for name in header)  # no survey id left: `welcome_very`
    assert english(header) == plain.decode().splitlines()[0].split(",")
    lines = french.decode("utf-8-sig").splitlines()
    back = ";".join(english(lines[0].split(";"))) + "\r\n" + "\r\n".join(lines[1:])
    yes_no = {"oui": "yes", "non": "no"}
    assert [{k: yes_no.get(v, v) for k, v in row.items()}
            for row in from_csv(("\ufeff" + back).encode("utf-8"), excel_fr=True)] == \
        from_csv(plain)
    assert "13,00" in french.decode("utf-8-sig")


def test_visit_export_is_anonymised_and_marks_voids(capsysbinary, history_dir):
    rows = from_csv_visits(export(capsysbinary, history_dir, "--per", "visit"))
    assert list(rows[0]) == ["date", "time", "service", "role", "covers", "amount", "method",
                             "bracket", "voided"]
    assert all(re.fullmatch(r"\d\d:(00|15|30|45)-\d\d:(00|15|30|45)", r["time"]) for r in rows)
    expected = oracle(history_dir / "ledger")
    live = [r for r in rows if r["voided"] == "no"]
    assert sum(cents(r["amount"]) for r in live) == sum(d["total"] for d in expected.values())
    assert len(live) == sum(d["visits"] for d in expected.values())
    voided = [r for r in rows if r["voided"] == "yes"]
    # Service 2 of the last day has one live visit: its slot is the whole service.
    assert {"date": LAST, "time": "19:00-19:15", "service": "2", "role": "eat", "covers": "3",
            "amount": "40.00", "method": "card", "bracket": "above", "voided": "yes"} in voided
    assert [r for r in rows if r["date"] == LAST and r["service"] == "2"
            and r["voided"] == "no"][0]["amount"] == "5.50"


def from_csv_visits(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_empty_range_gives_a_header_and_no_rows(capsysbinary, history_dir):
    status = main(["--data-dir", str(history_dir), "export", "--from", "2020-01-01",
                   "--to", "2020-01-31"])
    out = capsysbinary.readouterr().out.decode()
    assert status == 0 and out.splitlines()[0].startswith("date,services,visits")
    assert len(out.splitlines()) == 1
    main(["--data-dir", str(history_dir), "export", "--from", "2020-01-01", "--to", "2020-01-31",
          "--format", "json"])
    assert json.loads(capsysbinary.readouterr().out)["rows"] == []


@pytest.mark.parametrize("options, says", [
    (["--from", "2026-11-31", "--to", "2026-12-01"], "--from '2026-11-31' is not a date"),
    (["--from", "2026-11-01", "--to", "yesterday"], "--to 'yesterday' is not a date"),
    (["--from", "2026-11-10", "--to", "2026-11-01"], "is after --to"),
    (["--from", "2026-11-01", "--to", "2026-11-10", "--format", "ods"], "invalid choice: 'ods'"),
    (["--from", "2026-11-01", "--to", "2026-11-10", "--format", "xlsx"], "xlsx needs a file"),
    (["--from", "2026-11-01", "--to", "2026-11-10", "--format", "json", "--excel-fr"],
     "--excel-fr applies to CSV only"),
    (["--from", "2026-11-01", "--to", "2026-11-10", "-o", "/"], "is a folder"),
    (["--from", "2026-11-01", "--to", "2026-11-10", "-o", "/no/such/folder/days.csv"],
     "is not a folder"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(capsys, history_dir, tmp_path, options,
                                                            says):
    target = tmp_path / "out.file"
    extra = [] if "xlsx" in options or "-o" in options else ["-o", str(target)]
    status = main(["--data-dir", str(history_dir), "export", *options, *extra])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    assert len(captured.err.splitlines()) == 1 and says in captured.err
    assert not target.exists()


@pytest.mark.parametrize("command", ["export", "report"])
def test_export_and_report_never_import_textual(history_dir, command):
    """They run from cron and scripts: no Textual, and no openpyxl unless writing XLSX."""
    code = ("import sys; from kiosk.cli import main; "
            f"status = main(['--data-dir', {str(history_dir)!r}, '{command}', '--from', '{FIRST}', "
            f"'--to', '{LAST}', '--format', 'json']); "
            "assert 'textual' not in sys.modules and 'openpyxl' not in sys.modules; "
            "sys.exit(status)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["visits" if command == "report" else "rows"]


def test_each_day_matches_the_volunteers_tally(history_dir):
    """The export reads stored documents for speed; its figures must be kiosk.books.tally's."""
    from kiosk.books.export import Period, day_table, read_documents
    from kiosk.books.tally import Thresholds, tally
    from kiosk.ledger.book import Ledger

    ledger = Ledger(history_dir / "ledger")
    period = Period.parse(FIRST, LAST)
    table = day_table(read_documents(ledger.folder, period), period, Thresholds())
    assert len(table.rows) == len(ledger.days())
    for row in table.records():
        figures = tally(ledger.day_entries(row["date"]))
        for name in ("visits", "covers", "eaters", "cooks", "both", "total", "cash", "card",
                     "zero_contributions", "average_per_cover", "median_per_cover", "voids",
                     "cash_difference"):
            assert row[name] == getattr(figures, name), (row["date"], name)
        assert [row[f"bracket_{b}"] for b in figures.brackets] == list(figures.brackets.values())
        for question, counts in figures.answers.items():
            for answer, count in counts.items():
                assert row[f"{question}_{answer}"] == count
    whole = tally(ledger.entries(FIRST, LAST))
    totals = dict(zip(table.columns, table.totals, strict=False))
    assert (totals["total"], totals["median_per_cover"], totals["average_per_cover"]) == \
        (whole.total, whole.median_per_cover, whole.average_per_cover)
