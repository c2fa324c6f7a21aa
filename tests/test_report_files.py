"""`kiosk report FILES` trusts no file: a damaged or forged export is refused in one line naming
the file and the row, before it can distort the network's figures."""

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.cli import main

TODAY = datetime.now(ZoneInfo("Europe/Paris")).date()
FIRST, LAST = (TODAY - timedelta(days=4)).isoformat(), (TODAY - timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> dict:
    """A real per-day JSON export of four demo days."""
    folder = tmp_path_factory.mktemp("cantine")
    (folder / "kiosk.toml").write_text('[cantine]\nname = "Cantine des Lilas"\n')
    assert main(["--data-dir", str(folder), "demo", "--days", "4", "--per-day", "30"]) == 0
    assert main(["--data-dir", str(folder), "export", "--from", FIRST, "--to", LAST, "--format",
                 "json", "-o", str(folder / "lilas.json")]) == 0
    return json.loads((folder / "lilas.json").read_text())


def report(capsys, *paths: Path) -> tuple[int, str]:
    status = main(["report", "--from", FIRST, "--to", LAST, *map(str, paths)])
    return status, capsys.readouterr().err


def saved(tmp_path: Path, document: dict, name: str = "other.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def forged(export: dict, change) -> dict:
    document = json.loads(json.dumps(export))
    change(document)
    return document


def row(number: int, **values):
    return lambda d: d["rows"][number - 1].update(values)


FORGERIES = {
    "negative covers": (row(2, covers=-3), "row 2", "covers is -3"),
    "fractional covers": (row(1, covers=1.5), "row 1", "covers is 1.5"),
    "covers of 10^30": (row(3, covers=10**30), "row 3", "covers is 1000000000000"),
    "a day that does not exist": (row(1, date="2026-02-30"), "row 1", "not a real day"),
    "a total of 1e999": (row(2, total=float("inf")), "row 2", "total is inf"),
    "a total that is text": (row(2, total="13.00"), "row 2", "total is '13.00'"),
    "amounts below a cent": (row(1, cash=0.001), "row 1", "cash is 0.001"),
    "a row given twice": (lambda d: d["rows"].append(d["rows"][0]), "row 5", "given twice"),
    "roles not adding up": (row(1, eaters=0), "row 1", "do not add up to covers"),
    "cash and card not the total": (row(2, card=0.0), "row 2", "cash and card"),
    "totals not the rows'": (lambda d: d["totals"].update(visits=1), "totals row", "visits"),
    "no rows at all": (lambda d: d.pop("rows"), "'rows'", "missing"),
    "thresholds upside down": (lambda d: d["thresholds"].update(low_bracket_max=20.0),
                               "thresholds", "below the suggested"),
    "voided memberships negative": (row(2, memberships_voided=-1), "row 2",
                                    "memberships_voided is -1"),
    "voided memberships in some rows only": (lambda d: d["rows"][0].pop("memberships_voided"),
                                             "memberships_voided", "missing in others"),
}


def test_an_export_made_before_voided_memberships_were_counted_is_taken(capsys, tmp_path,
                                                                        export):
    """A cantine on the version before sends files without `memberships_voided`: the network
    still adds them up."""
    def older(document):
        for line in (*document["rows"], document["totals"]):
            line.pop("memberships_voided")
        document["columns"].remove("memberships_voided")

    status, err = report(capsys, saved(tmp_path, forged(export, older)))
    assert status == 0 and err == ""


@pytest.mark.parametrize(("change", "where", "says"), FORGERIES.values(), ids=FORGERIES.keys())
def test_a_damaged_or_forged_export_is_refused_naming_file_and_row(capsys, tmp_path, export,
                                                                    change, where, says):
    path = saved(tmp_path, forged(export, change))
    if "1e999" in says or "inf" in says:
        path.write_text(path.read_text().replace("Infinity", "1e999"))
    status, err = report(capsys, path)
    assert status == 2 and err.count("\n") == 1, err
    assert str(path) in err and where in err and says in err, err
    for internal in ("Traceback", "KeyError", "TypeError", "ValueError", "Error("):
        assert internal not in err


def test_the_same_file_twice_and_the_same_day_twice_are_refused(capsys, tmp_path, export):
    first = saved(tmp_path, export, "lilas.json")
    status, err = report(capsys, first, first)
    assert status == 2 and "is the same file as" in err
    copy = saved(tmp_path, forged(export, lambda d: d.update(cantine="Cantine des Lilas")),
                 "lilas-again.json")
    copy.write_text(copy.read_text() + "\n")  # not byte for byte the same file
    status, err = report(capsys, first, copy)
    assert status == 2 and "Cantine des Lilas's" in err and "again" in err


def test_files_in_another_currency_are_not_added_up(capsys, tmp_path, export):
    first = saved(tmp_path, export, "lilas.json")
    swiss = saved(tmp_path, forged(export, lambda d: d.update(cantine="Zurich", currency="CHF")))
    status, err = report(capsys, first, swiss)
    assert status == 2 and "counts in CHF" in err and err.count("\n") == 1


def test_two_honest_cantines_add_up(capsys, tmp_path, export):
    other = forged(export, lambda d: d.update(cantine="Cantine du Port"))
    status = main(["report", "--from", FIRST, "--to", LAST, "--format", "json",
                   str(saved(tmp_path, export, "lilas.json")), str(saved(tmp_path, other))])
    assert status == 0
    measures = json.loads(capsys.readouterr().out)
    assert measures["cantines"] == ["Cantine des Lilas", "Cantine du Port"]
    assert measures["visits"] == 2 * export["totals"]["visits"]
