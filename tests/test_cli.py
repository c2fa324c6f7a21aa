"""The `kiosk` command as scripts use it: ids printed last, one-line refusals that write nothing."""

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.books.closing import close_service
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit

RECORD = ("record", "--role", "eat", "--amount", "13", "--method", "cash")


def ledger_bytes(data_dir: Path) -> dict[str, bytes]:
    """Every day file's bytes (not the caches), to show that nothing was written."""
    return {p.name: p.read_bytes() for p in sorted((data_dir / "ledger").glob("*.json"))
            if not p.name.startswith(".")}


def assert_one_line_refusal(result, *words: str) -> None:
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert result.stderr.startswith("kiosk: ") and result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr


def test_record_prints_the_new_id_last_and_stores_the_visit(data_dir: Path,
                                                            run_kiosk_cli) -> None:
    assert run_kiosk_cli(*RECORD).stdout.splitlines()[-1] == "1"
    second = run_kiosk_cli("record", "--role", "both", "--amount", "27,50", "--method", "card",
                           "--covers", "2")
    assert second.returncode == 0 and second.stdout.splitlines()[-1] == "2"
    visit = Ledger(data_dir / "ledger").find(2).value
    assert (visit.role, visit.amount, visit.method, visit.covers) == ("both", 2750, "card", 2)


def test_at_without_an_offset_is_the_cantines_time(data_dir: Path, run_kiosk_cli) -> None:
    run_kiosk_cli(*RECORD, "--at", "2026-11-21T12:30")
    close_service(Ledger(data_dir / "ledger"), {"1000": 1, "200": 1, "100": 1}, 0,
                  at=datetime(2026, 11, 21, 15, 0, tzinfo=ZoneInfo("Europe/Paris")))
    run_kiosk_cli(*RECORD, "--at", "2026-11-21T23:30:00+00:00")  # already the 22nd in Paris
    first, _, second = Ledger(data_dir / "ledger").entries()
    assert first.ts == "2026-11-21T12:30:00.000000+01:00" and first.day == "2026-11-21"
    assert second.ts == "2026-11-22T00:30:00.000000+01:00" and second.day == "2026-11-22"


@pytest.mark.parametrize(("arguments", "words"), [
    (("--role", "chef", "--amount", "13", "--method", "cash"), ("--role", "chef")),
    (("--role", "eat", "--amount", "abc", "--method", "cash"), ("'abc' is not an amount",)),
    (("--role", "eat", "--amount", "1e3", "--method", "cash"), ("'1e3' is not an amount",)),
    (("--role", "eat", "--amount", "-5", "--method", "cash"), ("negative",)),
    (("--role", "eat", "--amount", "13.555", "--method", "cash"), ("two decimals",)),
    (("--role", "eat", "--amount", "1001", "--method", "cash"), ("ceiling",)),
    (("--role", "eat", "--amount", "13", "--method", "cash", "--covers", "0"), ("covers",)),
    (("--role", "eat", "--amount", "13", "--method", "cash", "--covers", "two"), ("--covers",)),
    (("--role", "eat", "--amount", "13", "--method", "bitcoin"), ("--method",)),
    (("--role", "eat", "--amount", "0", "--method", "cash"), ("method none",)),
    (("--role", "eat", "--amount", "5", "--method", "none"), ("cash or card",)),
    (("--role", "eat", "--method", "cash"), ("--amount",)),
    (("--role", "eat", "--amount", "13", "--method", "cash", "--at", "yesterday"),
     ("--at", "ISO 8601")),
    (("--role", "eat", "--amount", "13", "--method", "cash", "--at", "2026-13-45T12:00"),
     ("--at",)),
])
def test_bad_arguments_exit_2_with_one_line_and_write_nothing(data_dir: Path, run_kiosk_cli,
                                                              arguments, words) -> None:
    run_kiosk_cli(*RECORD)
    before = ledger_bytes(data_dir)
    assert_one_line_refusal(run_kiosk_cli("record", *arguments), *words)
    assert ledger_bytes(data_dir) == before


def test_at_into_a_closed_service_is_refused(data_dir: Path, run_kiosk_cli) -> None:
    run_kiosk_cli(*RECORD, "--at", "2026-11-21T12:00")
    close_service(Ledger(data_dir / "ledger"), {"1000": 1, "200": 1, "100": 1}, 0,
                  at=datetime(2026, 11, 21, 15, 0, tzinfo=ZoneInfo("Europe/Paris")))
    before = ledger_bytes(data_dir)
    assert_one_line_refusal(run_kiosk_cli(*RECORD, "--at", "2026-11-21T13:00"), "already closed")
    assert ledger_bytes(data_dir) == before
    assert run_kiosk_cli(*RECORD, "--at", "2026-11-21T19:30").returncode == 0  # evening service


def test_void_prints_its_id_and_refuses_what_it_cannot_void(data_dir: Path,
                                                            run_kiosk_cli) -> None:
    run_kiosk_cli(*RECORD)
    voided = run_kiosk_cli("void", "1", "--reason", "saisie en double")
    assert voided.returncode == 0 and voided.stdout.splitlines()[-1] == "2"
    before = ledger_bytes(data_dir)
    assert_one_line_refusal(run_kiosk_cli("void", "1", "--reason", "encore"), "already voided")
    assert_one_line_refusal(run_kiosk_cli("void", "7", "--reason", "?"), "no visit 7")
    assert_one_line_refusal(run_kiosk_cli("void", "2", "--reason", "?"), "no visit 2")
    assert_one_line_refusal(run_kiosk_cli("void", "1"), "--reason")
    assert_one_line_refusal(run_kiosk_cli("void", "one", "--reason", "x"), "'one' is not a whole")
    assert ledger_bytes(data_dir) == before


def test_a_void_needs_a_reason_with_words(data_dir: Path, run_kiosk_cli) -> None:
    run_kiosk_cli(*RECORD)
    before = ledger_bytes(data_dir)
    assert_one_line_refusal(run_kiosk_cli("void", "1", "--reason", "   "), "--reason", "empty")
    assert ledger_bytes(data_dir) == before


def test_verify_says_ok_with_counts(data_dir: Path, run_kiosk_cli) -> None:
    data_dir.mkdir()
    empty = run_kiosk_cli("verify")
    assert empty.returncode == 0 and "ok: 0 entries in 0 files" in empty.stdout
    assert list(data_dir.iterdir()) == [], "verify creates nothing"
    for _ in range(3):
        run_kiosk_cli(*RECORD)
    assert "ok: 3 entries in 1 files" in run_kiosk_cli("verify").stdout


def test_demo_fills_an_empty_data_dir_through_the_ledger(data_dir: Path, run_kiosk_cli) -> None:
    result = run_kiosk_cli("demo", "--days", "3", "--per-day", "20")
    assert result.returncode == 0, result.stderr
    ledger = Ledger(data_dir / "ledger")
    assert len(ledger.days()) == 3
    for day in ledger.days():
        entries = ledger.day_entries(day)
        kinds = [e.kind for e in entries]
        assert kinds[0] == "cash" and kinds[-1] == "closing"
        assert kinds.count("visit") == 20 and "answer" not in kinds
        assert entries[-1].value.answers["welcome"]  # the day's answers, sealed as counts
    assert ledger.days()[-1] < datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    assert run_kiosk_cli("verify").returncode == 0


def test_demo_refuses_a_data_dir_that_holds_a_ledger(data_dir: Path, run_kiosk_cli) -> None:
    run_kiosk_cli(*RECORD)
    before = ledger_bytes(data_dir)
    assert_one_line_refusal(run_kiosk_cli("demo", "--days", "2"), "already holds a ledger")
    assert_one_line_refusal(run_kiosk_cli("demo", "--days", "0"), "--days")
    assert ledger_bytes(data_dir) == before


def test_an_unknown_command_is_one_line(run_kiosk_cli) -> None:
    assert_one_line_refusal(run_kiosk_cli("dance"), "dance")


def test_the_data_dir_defaults_to_the_environment(data_dir: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", *RECORD], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0
    assert [e.seq for e in Ledger(data_dir / "ledger").entries()] == [1]


def test_verify_warns_about_a_clock_that_went_backwards_but_passes(data_dir: Path, fixed_clock,
                                                                   run_kiosk_cli) -> None:
    ledger = Ledger(data_dir / "ledger", clock=fixed_clock)
    ledger.append(Visit("eat", 1300, "cash"))
    fixed_clock.advance(minutes=-30)
    ledger.append(Visit("eat", 500, "cash"))
    result = run_kiosk_cli("verify")
    assert result.returncode == 0 and "ok: 2 entries" in result.stdout
    assert result.stderr.startswith("warning: ") and "entry 2" in result.stderr
