"""`kiosk report`: the network's measures from a demo history, and several cantines added up."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.cli import main

DAYS, PER_DAY = 8, 80
TODAY = datetime.now(ZoneInfo("Europe/Paris")).date()
FIRST, LAST = (TODAY - timedelta(days=DAYS)).isoformat(), (TODAY - timedelta(days=1)).isoformat()


def run(capsys, *argv: str) -> str:
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return captured.out


@pytest.fixture(scope="module")
def cantines(tmp_path_factory):
    """Two cantines' demo histories (different seeds) and their per-day JSON exports."""
    folders = []
    for seed in (11, 12):
        folder = tmp_path_factory.mktemp(f"cantine{seed}")
        (folder / "kiosk.toml").write_text(f'[cantine]\nname = "Cantine {seed}"\n')
        status = main(["--data-dir", str(folder), "demo", "--days", str(DAYS), "--per-day",
                       str(PER_DAY), "--seed", str(seed)])
        assert status == 0
        status = main(["--data-dir", str(folder), "export", "--from", FIRST, "--to", LAST,
                       "--format", "json", "-o", str(folder / "export.json")])
        assert status == 0
        folders.append(folder)
    return folders


def report(capsys, *files, data_dir=None) -> dict:
    """The JSON report of `data_dir`'s ledger, or of the export files given."""
    where = ["--data-dir", data_dir] if data_dir else []
    return json.loads(run(capsys, *where, "report", "--from", FIRST, "--to", LAST,
                          "--format", "json", *files))


def test_the_demo_gives_back_the_networks_thirds(capsys, cantines):
    m = report(capsys, data_dir=cantines[0])
    brackets = {name: b["share"] for name, b in m["price_brackets"].items()}
    # The demo draws one third per visit; with ~600 visits the sampling error is about 2 points.
    for third in ("low", "suggested", "above"):
        assert brackets[third] == pytest.approx(1 / 3, abs=0.07), third
    assert brackets["zero"] == brackets["middle"] == 0
    for age in ("under_25", "25_55", "over_55"):
        assert m["age"][age]["share"] == pytest.approx(1 / 3, abs=0.08), age
    assert m["welcome"]["share"] == pytest.approx(0.97, abs=0.03)
    assert m["first_visit"]["share"] == pytest.approx(0.20, abs=0.06)
    # Visits: 80 % eat, 12 % cook and eat, 8 % cook (alone, one cover); eaters bring ~1.4 covers.
    assert m["roles"]["cook"]["share"] == pytest.approx(0.059, abs=0.03)
    assert m["roles"]["both"]["share"] == pytest.approx(0.123, abs=0.04)
    # Per cover: a third 1-7 (4 on average), a third 13, a third 13 + 9.20: 13.07 on average.
    assert m["average_per_cover"] == pytest.approx(13.07, abs=1.0)
    assert m["average_against_suggested"] == pytest.approx(1.0, abs=0.08)
    assert m["days"] == DAYS and m["visits"] == DAYS * PER_DAY - sum_voids(cantines[0])


def sum_voids(folder) -> int:
    rows = json.loads((folder / "export.json").read_text())["rows"]
    return sum(r["voids"] for r in rows)


def test_a_cantines_own_export_gives_the_same_report_as_its_ledger(capsys, cantines):
    from_ledger = report(capsys, data_dir=cantines[0])
    from_file = report(capsys, cantines[0] / "export.json")
    assert from_file == from_ledger


def test_merging_two_cantines_exports_gives_the_sum(capsys, cantines):
    one, two = (report(capsys, data_dir=folder) for folder in cantines)
    both = report(capsys, *(folder / "export.json" for folder in cantines))
    for name in ("days", "visits", "covers"):
        assert both[name] == one[name] + two[name]
    for group in ("price_brackets", "age", "roles"):
        for key in both[group]:
            assert both[group][key]["count"] == one[group][key]["count"] + two[group][key]["count"]
    for group, key in (("welcome", "welcoming"), ("welcome", "answers"), ("first_visit", "yes")):
        assert both[group][key] == one[group][key] + two[group][key]
    assert both["total"] == pytest.approx(one["total"] + two["total"])
    eating = [m["roles"]["eat"]["count"] + m["roles"]["both"]["count"] for m in (one, two)]
    weighted = (one["average_per_cover"] * eating[0] + two["average_per_cover"] * eating[1])
    assert both["average_per_cover"] == pytest.approx(weighted / sum(eating), abs=0.01)
    assert len(both["cantines"]) == 2


def test_text_and_markdown_say_the_shares(capsys, cantines):
    text = run(capsys, "--data-dir", cantines[0], "report", "--from", FIRST, "--to", LAST)
    md = run(capsys, "--data-dir", cantines[0], "report", "--from", FIRST, "--to", LAST,
             "--format", "md")
    m = report(capsys, data_dir=cantines[0])
    welcome = f"{m['welcome']['share'] * 100:.1f} %"
    assert "feel welcome" in text and welcome in text
    assert md.startswith("# Impact report") and f"| feel welcome | {welcome}" in md
    assert "13.00 (recommended)" in text


@pytest.mark.parametrize("content, says", [
    ("not json", "is not JSON"),
    ('{"per": "visit", "rows": []}', "is not a per-day export"),
    ('{"per": "day"}', "is not a kiosk JSON export"),
])
def test_unusable_files_exit_2_with_one_line(capsys, tmp_path, content, says):
    path = tmp_path / "other.json"
    path.write_text(content)
    status = main(["report", "--from", FIRST, "--to", LAST, str(path)])
    err = capsys.readouterr().err
    assert status == 2 and len(err.splitlines()) == 1 and says in err


def test_cantines_with_different_brackets_are_not_added_up(capsys, cantines, tmp_path):
    document = json.loads((cantines[1] / "export.json").read_text())
    document["thresholds"]["suggested"] = 12.0
    other = tmp_path / "other.json"
    other.write_text(json.dumps(document))
    status = main(["report", "--from", FIRST, "--to", LAST, str(cantines[0] / "export.json"),
                   str(other)])
    err = capsys.readouterr().err
    assert status == 2 and "cannot be added up" in err and len(err.splitlines()) == 1


def test_bad_dates_exit_2(capsys):
    assert main(["report", "--from", LAST, "--to", FIRST]) == 2
    assert "is after" in capsys.readouterr().err


def test_shares_are_rounded_once_and_an_empty_base_is_a_dash():
    from kiosk.books.report import Impact, as_text, measures

    # 328,456 of a million: 32.8456 %, which is 32.8 % (rounded twice, 0.3285 then 32.9 %).
    impact = Impact("2026-03-01", "2026-03-31", 1300, 700, days=1, eaters=1_000_000,
                    covers=1_000_000, brackets={"zero": 0, "low": 328_456, "middle": 671_544,
                                                "suggested": 0, "above": 0},
                    meal_total=1_000_000 * 650 + 325)
    m = measures(impact)
    assert m["price_brackets"]["low"]["share"] == 0.3285  # JSON: 4 decimals, half up, once
    text = as_text(m)
    assert "32.8 % (328456)" in text and "67.2 % (671544)" in text
    # The ratio to the recommended price comes from the exact amounts: 650.000325 / 1300 is
    # 50.00003 %, 50.0 %; the average itself is 6.50.
    assert re.search(r"average against recommended\s+50\.0 %", text)
    nobody = as_text(measures(Impact("2026-03-01", "2026-03-31", 1300, 700, days=1)))
    assert re.search(r"average per cover\s+—\n", nobody)
    assert re.search(r"feel welcome\s+— of 0", nobody) and "0.0 %" not in nobody
