"""Survey answers are kept as counts only, durably, and sealed by the closing.

Tried from the outside: the bytes on disk, a kill -9 in the middle of a tap or a closing, a torn
or edited file, a file from elsewhere, a service of one guest, a ledger written by an older kiosk.
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.books.closing import close_service
from kiosk.books.export import Period, day_table, read_documents
from kiosk.books.service import current_service, service_tally, services_of
from kiosk.books.tally import Thresholds
from kiosk.ledger.answers import SurveyCounts
from kiosk.ledger.book import Ledger
from kiosk.ledger.counts_file import SLOT_SIZE
from kiosk.ledger.entries import SurveyAnswer, Visit
from kiosk.settings.survey import DEFAULT_QUESTIONS

TAPPER = Path(__file__).with_name("counts_tapper.py")
PROJECT = TAPPER.parent.parent


def counts_path(data_dir: Path) -> Path:
    return data_dir / "ledger" / "survey" / "counts.json"


def kiosk_at(data_dir: Path, clock, k: int = 5) -> tuple[Ledger, SurveyCounts]:
    ledger = Ledger(data_dir / "ledger", clock=clock)
    return ledger, SurveyCounts(ledger, k)


def guests(ledger: Ledger, survey: SurveyCounts, clock, answers: list[list[tuple[str, str]]]):
    """One visit per guest, then their taps, a minute apart, as the kiosk writes them."""
    for taps in answers:
        ledger.append(Visit("eat", 1300, "cash"))
        for question, answer in taps:
            survey.add(question, answer)
        clock.advance(minutes=1)


def service(ledger: Ledger, number: int):
    day = ledger.days()[-1]
    return services_of(day, ledger.day_entries(day))[number - 1]


def close(ledger: Ledger, k: int = 5):
    """The volunteers close the open service, the cash box counted right."""
    figures = service_tally(current_service(ledger))
    counted = {"1": figures.expected_cash} if figures.expected_cash else {}
    return close_service(ledger, counted, figures.card, k=k)


def test_a_tap_is_a_count_on_disk_with_no_time_and_no_order(data_dir, fixed_clock):
    ledger, survey = kiosk_at(data_dir, fixed_clock)
    survey.ensure()
    size = counts_path(data_dir).stat().st_size
    guests(ledger, survey, fixed_clock, [[("welcome", "very"), ("age", "over_55")],
                                         [("welcome", "rather")], [("welcome", "very")]])
    raw = counts_path(data_dir).read_bytes()
    assert len(raw) == size == 2 * SLOT_SIZE  # the size never says how many taps
    first, second = raw[:SLOT_SIZE], raw[SLOT_SIZE:]
    assert first == second  # both copies whole and the same once a tap is done
    document = json.loads(first)
    assert document["counts"] == {"age": {"over_55": 1}, "welcome": {"rather": 1, "very": 2}}
    assert set(document) == {"counts", "since", "check"}  # no time, no order, no visit
    # Keys sorted: "rather" came after "very", and the file does not say so.
    assert first.index(b'"rather"') < first.index(b'"very"')
    assert [e.kind for e in ledger.entries()] == ["visit"] * 3


def test_the_file_time_follows_the_visits_not_the_taps(data_dir, fixed_clock):
    ledger, survey = kiosk_at(data_dir, fixed_clock)
    survey.add("welcome", "very")
    os.utime(counts_path(data_dir), (1_000_000, 1_000_000))  # as if tapped long ago
    survey.visit_recorded()
    assert counts_path(data_dir).stat().st_mtime > time.time() - 60
    assert SurveyCounts(ledger).open_counts() == {"welcome": {"very": 1}}


def test_a_closing_seals_the_counts_when_k_guests_answered(data_dir, fixed_clock):
    ledger, survey = kiosk_at(data_dir, fixed_clock)
    guests(ledger, survey, fixed_clock, [[("welcome", "very")]] * 4 + [[("welcome", "not")]])
    closing = close(ledger)
    assert closing.value.answers == {"welcome": {"not": 1, "very": 4}}
    assert survey.open_counts() == {}  # counting starts again from that closing
    assert json.loads(counts_path(data_dir).read_bytes()[:SLOT_SIZE])["since"] == closing.seq
    assert service_tally(service(ledger, 1)).answers == {"welcome": {"not": 1, "very": 4}}


def test_a_service_of_one_guest_carries_its_answers_to_the_next(data_dir, fixed_clock):
    """Its answers and its amount must not both be readable: its closing seals nothing."""
    ledger, survey = kiosk_at(data_dir, fixed_clock)
    guests(ledger, survey, fixed_clock, [[("welcome", "little"), ("age", "under_25")]])
    lonely = close(ledger)
    assert lonely.value.answers is None
    assert service_tally(service(ledger, 1)).answers == {}
    fixed_clock.advance(hours=5)
    guests(ledger, survey, fixed_clock, [[("welcome", "very")]] * 5)
    assert current_service(ledger).number == 2
    assert survey.open_counts()["welcome"] == {"little": 1, "very": 5}  # carried on, unseen
    assert service_tally(current_service(ledger)).answers == {}
    evening = close(ledger)
    assert evening.value.answers == {"age": {"under_25": 1}, "welcome": {"little": 1, "very": 5}}
    table = day_table(read_documents(data_dir / "ledger", Period.parse("2026-11-21",
                                                                       "2026-11-21")),
                      Period.parse("2026-11-21", "2026-11-21"), Thresholds(), DEFAULT_QUESTIONS)
    assert table.records()[0]["welcome_little"] == 1 and table.records()[0]["age_under_25"] == 1


def test_a_kill_between_the_closing_and_the_reset_counts_nothing_twice(data_dir, fixed_clock,
                                                                      monkeypatch):
    ledger, survey = kiosk_at(data_dir, fixed_clock)
    guests(ledger, survey, fixed_clock, [[("welcome", "very")]] * 6)

    def killed(self):
        raise OSError("killed before the counts file was reset")

    monkeypatch.setattr(SurveyCounts, "settle", killed)
    first = close(ledger)
    monkeypatch.undo()
    assert json.loads(counts_path(data_dir).read_bytes()[:SLOT_SIZE])["since"] == 0  # stale
    assert survey.open_counts() == {}  # but read as settled: the closing sealed those six
    guests(ledger, survey, fixed_clock, [[("welcome", "rather")]] * 5)
    second = close(ledger)
    assert first.value.answers == {"welcome": {"very": 6}}
    assert second.value.answers == {"welcome": {"rather": 5}}


def test_a_torn_copy_is_survived_and_a_hand_edit_of_both_is_refused(data_dir, fixed_clock,
                                                                   run_kiosk_cli):
    ledger, survey = kiosk_at(data_dir, fixed_clock)
    guests(ledger, survey, fixed_clock, [[("welcome", "very")]] * 3)
    path = counts_path(data_dir)
    raw = bytearray(path.read_bytes())
    raw[10:30] = b"\0" * 20  # a power cut in the middle of the first copy
    path.write_bytes(bytes(raw))
    assert survey.open_counts() == {"welcome": {"very": 3}}
    result = run_kiosk_cli("verify")
    assert result.returncode == 0 and "last tap may be lost" in result.stderr
    survey.add("welcome", "very")  # the next tap mends the file
    assert survey.open_counts() == {"welcome": {"very": 4}}
    path.write_bytes(path.read_bytes().replace(b'"very":4', b'"very":9'))  # both copies, by hand
    result = run_kiosk_cli("verify")
    assert result.returncode == 1 and "no whole copy" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    edited = path.read_bytes()
    survey.add("welcome", "rather")  # never overwritten: set aside, kept, counting restarts
    [kept] = (path.parent / "damaged").iterdir()
    assert kept.read_bytes() == edited and kept.name == "counts.json.1"
    assert survey.open_counts() == {"welcome": {"rather": 1}}
    result = run_kiosk_cli("verify")
    assert result.returncode == 1 and "set aside" in result.stderr


def test_a_counts_file_from_another_ledger_is_reported(data_dir, fixed_clock, run_kiosk_cli,
                                                       tmp_path):
    other, other_survey = kiosk_at(tmp_path / "elsewhere", fixed_clock)
    guests(other, other_survey, fixed_clock, [[("welcome", "very")]] * 5)
    close(other)
    ledger, _ = kiosk_at(data_dir, fixed_clock)
    ledger.append(Visit("eat", 1300, "cash"))
    counts_path(data_dir).parent.mkdir(parents=True)
    counts_path(data_dir).write_bytes(counts_path(tmp_path / "elsewhere").read_bytes())
    result = run_kiosk_cli("verify")
    assert result.returncode == 1 and "another cantine" in result.stderr


def test_sealed_counts_cannot_be_changed_without_verify_noticing(data_dir, fixed_clock,
                                                                 run_kiosk_cli):
    ledger, survey = kiosk_at(data_dir, fixed_clock)
    guests(ledger, survey, fixed_clock, [[("welcome", "not")]] * 5)
    close(ledger)
    day_file = data_dir / "ledger" / f"{ledger.days()[-1]}.json"
    day_file.write_bytes(day_file.read_bytes().replace(b'"not":5', b'"very":5'))
    result = run_kiosk_cli("verify")
    assert result.returncode == 1 and "changed after it was written" in result.stderr


def test_an_older_ledger_s_answer_entries_still_count(data_dir, fixed_clock):
    ledger, survey = kiosk_at(data_dir, fixed_clock)
    ledger.append(Visit("eat", 1300, "cash"))
    ledger.append(SurveyAnswer("welcome", "very"))  # as an older kiosk wrote them
    ledger.append(SurveyAnswer("age", "25_55"))
    guests(ledger, survey, fixed_clock, [[("welcome", "very")]] * 5)  # this kiosk's taps
    assert survey.open_counts() == {"welcome": {"very": 5}}
    close(ledger)
    period = Period.parse("2026-11-21", "2026-11-21")
    [row] = day_table(read_documents(data_dir / "ledger", period), period, Thresholds(),
                      DEFAULT_QUESTIONS).records()
    assert (row["welcome_very"], row["age_25_55"]) == (6, 1)


def tapper(folder: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(TAPPER), "serve", str(folder)], cwd=PROJECT,
                            text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def test_kill_9_while_tapping_and_closing_loses_no_tap_and_counts_none_twice(data_dir,
                                                                            run_kiosk_cli):
    folder, rng = data_dir / "ledger", random.Random(14)
    server, lines, kills = tapper(folder), [], 0
    try:
        # Kill until enough taps and closings were cut short: a busy machine takes more rounds,
        # a fast one gets its taps in few rounds and must still be killed often enough.
        while ((lines.count("tap") < 150 or lines.count("closed") < 12 or kills < 20)
               and kills < 2000):
            server.stdin.write("go\n")
            server.stdin.flush()
            while not (line := server.stdout.readline()).startswith("child "):
                assert line, f"the tapper died: {server.stderr.read()}"
                lines.append(line.strip())
            time.sleep(rng.uniform(0.005, 0.080))
            os.kill(int(line.split()[1]), signal.SIGKILL)
            kills += 1
        server.stdin.close()
        lines += [line.strip() for line in server.stdout.readlines()]
        assert server.wait(timeout=30) == 0
    finally:
        server.kill()
        server.wait()
    assert "Traceback" not in server.stderr.read()
    taps, closings = lines.count("tap"), lines.count("closed")
    assert taps >= 150 and closings >= 12 and kills >= 20, (taps, closings, kills)
    ledger = Ledger(folder)
    sealed = sum(sum(c.value.answers["welcome"].values()) for c in ledger.entries()
                 if c.kind == "closing" and c.value.answers)
    still_open = sum(SurveyCounts(ledger).open_counts().get("welcome", {}).values())
    # Every acknowledged tap is counted once; a tap killed before its "tap" line may be too.
    assert taps <= sealed + still_open <= taps + kills
    assert not (folder / "survey" / "damaged").exists()
    verdict = run_kiosk_cli("verify", data_dir=data_dir)
    assert verdict.returncode == 0, verdict.stderr


@pytest.mark.parametrize("k", [3, 5])
def test_no_sealed_count_comes_from_fewer_than_k_guests(data_dir, fixed_clock, k):
    ledger, survey = kiosk_at(data_dir, fixed_clock, k)
    rng = random.Random(k)
    for _ in range(12):
        guests(ledger, survey, fixed_clock,
               [[("welcome", rng.choice(("very", "rather")))] if rng.random() < 0.5 else []
                for _ in range(rng.randrange(0, 8))])
        close(ledger, k)
    for closing in (e for e in ledger.entries() if e.kind == "closing"):
        if closing.value.answers is not None:
            assert sum(closing.value.answers["welcome"].values()) >= k



# What the impact report counted on `kiosk demo` (12 days of 60, seed 2025) when every answer was
# an entry of its own, taken from the older kiosk before answers became counts.
OLD_STORAGE_COUNTS = {"age": {"25_55": 127, "over_55": 164, "under_25": 167},
                      "first_visit": {"no": 353, "yes": 82},
                      "welcome": {"little": 4, "not": 4, "rather": 88, "very": 386}}
OLD_STORAGE_DAYS = {  # welcome very, rather, little, not; under 25, 25-55, over 55; first yes, no
    "2026-02-17": [39, 7, 0, 2, 13, 12, 21, 8, 38], "2026-02-18": [30, 2, 0, 1, 14, 9, 9, 7, 26],
    "2026-02-19": [30, 10, 0, 0, 10, 15, 11, 7, 28], "2026-02-20": [35, 5, 1, 0, 19, 9, 10, 4, 31],
    "2026-02-21": [30, 10, 1, 0, 18, 9, 12, 5, 33], "2026-02-22": [24, 11, 0, 0, 13, 8, 14, 9, 24],
    "2026-02-23": [25, 9, 0, 0, 14, 7, 10, 5, 28], "2026-02-24": [32, 7, 0, 0, 14, 10, 13, 3, 29],
    "2026-02-25": [34, 8, 0, 0, 15, 16, 11, 12, 26],
    "2026-02-26": [35, 8, 0, 0, 9, 10, 23, 10, 31],
    "2026-02-27": [40, 9, 1, 0, 16, 14, 16, 5, 33], "2026-02-28": [32, 2, 1, 1, 12, 8, 14, 7, 26],
}


def test_the_demo_s_survey_shares_are_those_of_the_old_storage(data_dir):
    from datetime import date

    from kiosk.books.report import impact_from_documents, measures
    from kiosk.commands.demo_history import fill

    fill(Ledger(data_dir / "ledger"), 12, 60, seed=2025, today=date(2026, 3, 1))
    period = Period(date(2026, 2, 1), date(2026, 3, 1))
    documents = read_documents(data_dir / "ledger", period)
    impact = impact_from_documents(documents, period, Thresholds())
    assert impact.answers == OLD_STORAGE_COUNTS and impact.visits == 705
    shares = measures(impact)
    assert shares["welcome"]["share"] == round((386 + 88) / 482, 4)
    assert shares["age"]["under_25"]["share"] == round(167 / 458, 4)
    table = day_table(documents, period, Thresholds(), DEFAULT_QUESTIONS)
    columns = [name for name, _, _ in table.survey_columns]
    assert {r["date"]: [r[c] for c in columns] for r in table.records()} == OLD_STORAGE_DAYS
    assert all(e.kind != "answer" for e in Ledger(data_dir / "ledger").entries())


def test_kiosk_tally_never_shows_the_open_service_s_counts(data_dir, run_kiosk_cli):
    ledger = Ledger(data_dir / "ledger")  # today, on the real clock, as `kiosk tally` reads it
    survey = SurveyCounts(ledger)
    ledger.append(Visit("eat", 1300, "cash"))
    survey.add("welcome", "very")
    survey.add("age", "over_55")
    result = run_kiosk_cli("tally", "--language", "en")
    assert result.returncode == 0, result.stderr
    assert "Very much" not in result.stdout and "Over 55" not in result.stdout
    assert survey.open_counts() == {"welcome": {"very": 1}, "age": {"over_55": 1}}


@pytest.mark.parametrize("shape", ["symlink", "folder", "empty"])
def test_a_counts_file_of_the_wrong_shape_is_set_aside_and_nothing_else_touched(
        data_dir, fixed_clock, tmp_path, shape):
    ledger, survey = kiosk_at(data_dir, fixed_clock)
    path = counts_path(data_dir)
    path.parent.mkdir(parents=True)
    elsewhere = tmp_path / "someone-elses-file"
    elsewhere.write_bytes(b"precious\n" * 2000)
    if shape == "symlink":
        path.symlink_to(elsewhere)
    elif shape == "folder":
        path.mkdir()
    else:
        path.write_bytes(b"")
    survey.add("welcome", "very")
    assert survey.open_counts() == {"welcome": {"very": 1}}
    assert elsewhere.read_bytes() == b"precious\n" * 2000
    [kept] = (path.parent / "damaged").iterdir()
    assert kept.is_symlink() == (shape == "symlink") and kept.is_dir() == (shape == "folder")


def test_two_looks_at_the_running_tally_a_visit_apart_show_no_answer(data_dir, fixed_clock,
                                                                     capsys):
    """A volunteer (or anyone with a shell) looks at the tally, a guest comes and answers, they
    look again: what changed says what the guest gave, and must say nothing of their answers.
    Only the closing shows answers, sealed, once enough guests answered."""
    from kiosk.cli import main

    ledger, survey = kiosk_at(data_dir, fixed_clock, k=3)
    guests(ledger, survey, fixed_clock, [[("welcome", "very"), ("age", "under_25")]] * 2)

    def look() -> tuple[str, list]:
        assert main(["--data-dir", str(data_dir), "tally", "--date", ledger.days()[-1]]) == 0
        return capsys.readouterr().out, service_tally(current_service(ledger)).answers

    before, answers_before = look()
    ledger.append(Visit("eat", 1000, "card"))
    survey.add("welcome", "rather")
    survey.add("age", "25_55")
    after, answers_after = look()
    assert before != after  # the visit itself is counted
    for label in ("Plutôt", "25", "Tout à fait", "Moins de 25"):
        assert label not in after, label
    assert answers_before == answers_after == {}
    close(ledger, k=3)
    closed = service_tally(service(ledger, 1)).answers
    assert closed == {"welcome": {"very": 2, "rather": 1}, "age": {"under_25": 2, "25_55": 1}}
