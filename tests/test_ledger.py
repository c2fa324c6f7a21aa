"""The ledger on real files: atomic writes, damaged files kept aside, the chain, services, voids.

Storage tests run against every storage that ships with TinyDB as well as ours (as TinyDB's own
tests parametrise their `db` fixture), so each property is shown where it holds and where not.
"""

import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from tinydb import TinyDB
from tinydb.storages import JSONStorage, MemoryStorage

from kiosk.books.closing import close_service
from kiosk.errors import DiskProblem
from kiosk.ledger.book import INDEX_NAME, RECORD_NAME, Ledger, ServiceClosed, UnknownVisit
from kiosk.ledger.entries import CashMovement, SurveyAnswer, Visit
from kiosk.ledger.storage import AtomicJSONStorage, UnreadableLedgerFile
from kiosk.ledger.verify import verify

MEAL = Visit("eat", 1300, "cash")
FILE_STORAGES = [AtomicJSONStorage, JSONStorage]


@pytest.fixture
def ledger(data_dir: Path, fixed_clock) -> Ledger:
    return Ledger(data_dir / "ledger", "Europe/Paris", clock=fixed_clock)


def day_file(ledger: Ledger, day: str = "2026-11-21") -> Path:
    return ledger.folder / f"{day}.json"


def opened(storage: type, path: Path) -> TinyDB:
    return TinyDB(storage=MemoryStorage) if storage is MemoryStorage else TinyDB(path,
                                                                                   storage=storage)


# -- storage -----------------------------------------------------------------------------------

@pytest.mark.parametrize("storage", [AtomicJSONStorage, JSONStorage, MemoryStorage])
def test_every_storage_gives_back_what_was_inserted(tmp_path: Path, storage: type) -> None:
    database = opened(storage, tmp_path / "day.json")
    database.insert({"amount": 1300, "note": "café crème ☕"})
    database.insert({"amount": 0})
    assert [d["amount"] for d in database.all()] == [1300, 0]
    assert database.all()[0]["note"] == "café crème ☕"
    if storage is not MemoryStorage:
        database.close()
        assert [d["amount"] for d in opened(storage, tmp_path / "day.json").all()] == [1300, 0]


@pytest.mark.parametrize(("storage", "reads_as_empty"), [(AtomicJSONStorage, False),
                                                         (JSONStorage, True)])
def test_an_emptied_file_is_never_taken_for_an_empty_day(tmp_path: Path, storage: type,
                                                         reads_as_empty: bool) -> None:
    path = tmp_path / "day.json"
    path.write_bytes(b"")
    if reads_as_empty:  # TinyDB's own storage would start the day afresh over the lost entries
        assert TinyDB(path, storage=storage).all() == []
    else:
        with pytest.raises(UnreadableLedgerFile, match="is empty"):
            TinyDB(path, storage=storage).all()


@pytest.mark.parametrize("content", [b'{"_default": {}}', b"{}", b"[1, 2]",
                                     b'{"_default": {"1": 5}}', b'{"_default": {"1": {"seq"'])
def test_a_file_with_no_entry_or_not_a_ledger_is_unreadable(tmp_path: Path,
                                                            content: bytes) -> None:
    path = tmp_path / "day.json"
    path.write_bytes(content)
    with pytest.raises(UnreadableLedgerFile):
        AtomicJSONStorage(path).read()


WRITE_WITH_A_SIZE_LIMIT = """
import resource, signal, sys
from tinydb import TinyDB
from tinydb.storages import JSONStorage
from kiosk.ledger.storage import AtomicJSONStorage
storage = {"AtomicJSONStorage": AtomicJSONStorage, "JSONStorage": JSONStorage}[sys.argv[1]]
database = TinyDB(sys.argv[2], storage=storage)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300))  # as a full disk would, mid-write
try:
    database.insert({"note": "x" * 1000})
except OSError as error:
    print(error.errno)
"""


@pytest.mark.parametrize(("storage", "keeps_old"), [(AtomicJSONStorage, True),
                                                    (JSONStorage, False)])
def test_a_write_that_fails_midway_leaves_the_old_file(tmp_path: Path, storage: type,
                                                       keeps_old: bool) -> None:
    path = tmp_path / "day.json"
    database = TinyDB(path, storage=storage)
    database.insert({"amount": 1300, "note": "y" * 100})
    database.close()
    before = path.read_bytes()
    failed = subprocess.run([sys.executable, "-c", WRITE_WITH_A_SIZE_LIMIT, storage.__name__,
                             str(path)], capture_output=True, text=True, timeout=30)
    assert failed.stdout.strip() == "27", failed.stderr  # EFBIG: the write really failed
    if keeps_old:
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["day.json"]  # no half copy left
    else:  # TinyDB's own storage overwrites in place: the day is now unreadable
        with pytest.raises(ValueError):
            json.loads(path.read_bytes())


def test_a_failed_rename_leaves_the_old_file(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "day.json"
    AtomicJSONStorage(path).write({"_default": {"1": {"amount": 1300}}})

    def power_cut(*_):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("kiosk.ledger.storage.os.replace", power_cut)
    with pytest.raises(OSError):
        AtomicJSONStorage(path).write({"_default": {"1": {"amount": 9999}}})
    assert AtomicJSONStorage(path).read() == {"_default": {"1": {"amount": 1300}}}
    assert [p.name for p in tmp_path.iterdir()] == ["day.json"]


def test_a_commit_that_failed_leaves_no_trace_for_the_next_one(
        ledger: Ledger, monkeypatch: pytest.MonkeyPatch, fixed_clock) -> None:
    """The ledger keeps its last write in memory: a failed write must not linger there."""
    first = ledger.append(Visit("eat", 1300, "cash"))
    real_replace = os.replace

    def power_cut(*_):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("kiosk.ledger.storage.os.replace", power_cut)
    with pytest.raises(DiskProblem, match="input/output error"):
        ledger.append(Visit("eat", 9900, "card"))  # never acknowledged to anyone
    monkeypatch.setattr("kiosk.ledger.storage.os.replace", real_replace)
    fixed_clock.advance(minutes=1)
    third = ledger.append(Visit("both", 500, "cash"))

    amounts = [e.value.amount for e in ledger.day_entries(first.day)]
    assert amounts == [1300, 500]
    assert third.seq == first.seq + 1 and third.prev == first.hash
    assert verify(ledger).ok


# -- damaged day files ---------------------------------------------------------------------------

@pytest.mark.parametrize("damage", ["emptied", "truncated"])
def test_a_damaged_day_is_set_aside_kept_reported_and_not_restarted(
        ledger: Ledger, damage: str, capsys: pytest.CaptureFixture) -> None:
    for _ in range(3):
        ledger.append(MEAL)
    original = day_file(ledger).read_bytes()
    broken = b"" if damage == "emptied" else original[: len(original) // 2]
    day_file(ledger).write_bytes(broken)

    entry = ledger.append(Visit("eat", 500, "cash"))

    assert entry.seq == 4, "the lost entries' ids must not be given again"
    kept = ledger.damaged_files()
    assert len(kept) == 1 and kept[0].read_bytes() == broken
    assert "LEDGER DAMAGE" in capsys.readouterr().err
    assert [e.seq for e in ledger.day_entries("2026-11-21")] == [4]
    verdict = verify(ledger)
    assert not verdict.ok and str(kept[0]) in verdict.problem


def test_damage_found_twice_in_one_second_keeps_both_copies(ledger: Ledger) -> None:
    ledger.append(MEAL)
    day_file(ledger).write_bytes(b"")
    ledger.append(MEAL)
    day_file(ledger).write_bytes(b"{")
    ledger.append(MEAL)
    assert sorted(p.read_bytes() for p in ledger.damaged_files()) == [b"", b"{"]


# -- the chain, services and the clock -------------------------------------------------------------

def test_the_chain_runs_across_days(ledger: Ledger, fixed_clock) -> None:
    first = ledger.append(MEAL)
    closing = close_service(ledger, {"1000": 1, "200": 1, "100": 1}, 0)
    fixed_clock.advance(days=1)
    second = ledger.append(Visit("cook", 0, "none"))
    assert (first.day, second.day) == ("2026-11-21", "2026-11-22")
    assert second.seq == closing.seq + 1 and second.prev == closing.hash
    assert ledger.days() == ["2026-11-21", "2026-11-22"]
    assert verify(ledger).ok


def test_a_closed_service_refuses_a_backdated_entry(ledger: Ledger, fixed_clock) -> None:
    ledger.append(MEAL)
    close_service(ledger, {"1000": 1, "200": 1, "100": 1}, 0, at=fixed_clock.set(
        datetime(2026, 11, 21, 15, 0)))
    before = day_file(ledger).read_bytes()
    with pytest.raises(ServiceClosed, match="already closed"):
        ledger.append(MEAL, at=fixed_clock.now - timedelta(hours=1))
    assert day_file(ledger).read_bytes() == before
    fixed_clock.advance(hours=5)  # the evening: a visit noted on paper at 19:00
    evening = ledger.append(MEAL, at=fixed_clock.now - timedelta(hours=1))
    assert (evening.day, evening.service) == ("2026-11-21", 2)


def test_a_clock_going_backwards_is_flagged_and_reported(ledger: Ledger, fixed_clock,
                                                         capsys: pytest.CaptureFixture) -> None:
    ledger.append(MEAL)
    fixed_clock.advance(hours=-3)  # a Pi without a clock battery, booted with a stale time
    late = ledger.append(MEAL)
    assert late.clock_behind
    assert "clock is behind" in capsys.readouterr().err
    verdict = verify(ledger)
    assert verdict.ok and len(verdict.warnings) == 1
    assert "entry 2" in verdict.warnings[0] and "clock was behind" in verdict.warnings[0]


def test_two_writers_at_the_same_moment_are_not_taken_for_a_clock_behind(tmp_path: Path,
                                                                         capsys) -> None:
    """Finding L11: two `kiosk record` at once; one read the time, the other wrote first, and
    the first entry was flagged "clock behind" for good (40 ms "before" the other one). Here the
    first tablet is overtaken between reading its clock and writing, every time."""
    folder = tmp_path / "ledger"
    reading, overtaken = threading.Event(), threading.Event()

    def slow_clock() -> datetime:
        now = datetime.now().astimezone()
        reading.set()
        overtaken.wait(timeout=1.5)  # the other tablet writes now, if it can get in
        return now

    first, second = Ledger(folder, clock=slow_clock), Ledger(folder)
    writer = threading.Thread(target=first.append, args=(MEAL,))
    writer.start()
    assert reading.wait(timeout=30)
    second.append(MEAL)
    overtaken.set()
    writer.join(timeout=30)
    entries = list(Ledger(folder).entries())
    assert len(entries) == 2 and not any(e.clock_behind for e in entries)
    assert entries[0].ts <= entries[1].ts
    assert "clock is behind" not in capsys.readouterr().err
    assert verify(Ledger(folder)).warnings == []


def test_a_backdated_manual_entry_is_not_a_clock_problem(ledger: Ledger, fixed_clock) -> None:
    ledger.append(MEAL)
    assert not ledger.append(MEAL, at=fixed_clock.now - timedelta(hours=1)).clock_behind


# -- voids ---------------------------------------------------------------------------------------

def test_a_void_keeps_the_visit_and_goes_to_its_day(ledger: Ledger, fixed_clock) -> None:
    visit = ledger.append(MEAL)
    fixed_clock.advance(hours=13)  # after midnight: the correction still belongs to its service
    void = ledger.void(visit.seq, "saisie en double")
    assert (void.day, void.service, void.value.visit) == ("2026-11-21", 1, visit.seq)
    assert [e.kind for e in ledger.day_entries("2026-11-21")] == ["visit", "void"]


@pytest.mark.parametrize("target", [99, 2])  # no such entry; an entry that is not a visit
def test_only_a_visit_can_be_voided(ledger: Ledger, target: int) -> None:
    ledger.append(MEAL)
    ledger.append(CashMovement("in", 500, "monnaie"))
    with pytest.raises(UnknownVisit):
        ledger.void(target, "erreur")
    assert len(ledger.day_entries("2026-11-21")) == 2


def test_a_visit_is_voided_once(ledger: Ledger) -> None:
    visit = ledger.append(MEAL)
    ledger.void(visit.seq, "erreur")
    with pytest.raises(UnknownVisit, match="already voided"):
        ledger.void(visit.seq, "encore")


def test_a_visit_of_a_closed_service_cannot_be_voided(ledger: Ledger) -> None:
    visit = ledger.append(MEAL)
    close_service(ledger, {"1000": 1, "200": 1, "100": 1}, 0)
    with pytest.raises(ServiceClosed, match="closed service"):
        ledger.void(visit.seq, "trop tard")


# -- the index is a cache --------------------------------------------------------------------------

SPOILED = {"garbage": b"\x00{not json", "wrong shape": b'{"files": [], "head": 7, "done": 1}'}


@pytest.mark.parametrize(("spoil", "fresh_instance"), [
    ("delete", False), ("garbage", False), ("wrong shape", False),
    ("delete", True), ("garbage", True), ("wrong shape", True), ("stale", True),
])
def test_lost_or_broken_caches_never_break_the_chain(ledger: Ledger, fixed_clock, spoil: str,
                                                     fresh_instance: bool) -> None:
    """The index and the head's record are caches: spoilt, the files decide.

    A stale record is only met after a power cut, that is by a process that just started.
    """
    caches = [ledger.folder / INDEX_NAME, ledger.folder / RECORD_NAME]
    ledger.append(MEAL, at=fixed_clock.now - timedelta(days=3))
    close_service(ledger, {"1000": 1, "200": 1, "100": 1}, 0,
                  at=fixed_clock.now - timedelta(days=3, hours=-2))
    Ledger(ledger.folder, clock=fixed_clock).append(MEAL)  # a new process scans the files
    stale = [path.read_bytes() for path in caches]
    fixed_clock.advance(days=1)
    ledger.append(MEAL)
    ledger.append(SurveyAnswer("welcome", "very"))
    for path, old in zip(caches, stale, strict=False):
        if spoil == "delete":
            path.unlink()
        else:
            path.write_bytes(old if spoil == "stale" else SPOILED[spoil])
    writer = Ledger(ledger.folder, clock=fixed_clock) if fresh_instance else ledger
    assert writer.append(MEAL).seq == 6
    assert verify(ledger).ok


def test_a_day_file_written_by_another_process_is_read_again(ledger: Ledger, data_dir: Path,
                                                             run_kiosk_cli) -> None:
    ledger.append(MEAL)
    for _ in range(2):
        assert run_kiosk_cli("record", "--role", "eat", "--amount", "5", "--method", "cash",
                             "--at", "2026-11-21T12:30").returncode == 0
    assert ledger.append(MEAL).seq == 4
    assert [e.seq for e in ledger.day_entries("2026-11-21")] == [1, 2, 3, 4]
    assert verify(ledger).ok


def test_threads_sharing_one_ledger_take_turns(ledger: Ledger) -> None:
    def record() -> None:
        for _ in range(25):
            ledger.append(MEAL)

    threads = [threading.Thread(target=record) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [e.seq for e in ledger.entries()] == list(range(1, 101))
    assert verify(ledger).ok


def test_a_killed_writers_half_copy_is_swept_at_restart(ledger: Ledger, fixed_clock) -> None:
    ledger.append(MEAL)
    leftover = ledger.folder / ".2026-11-21.json.4242.tmp"
    leftover.write_bytes(b'{"_default": {"1": ')
    Ledger(ledger.folder, clock=fixed_clock).append(MEAL)
    assert not leftover.exists()


def test_latest_finds_the_newest_entry_of_a_kind_wherever_it_is_filed(ledger: Ledger,
                                                                      fixed_clock) -> None:
    ledger.append(CashMovement("float", 5000))
    fixed_clock.advance(days=1)
    ledger.append(MEAL)
    fixed_clock.advance(days=1)
    ledger.append(MEAL)
    late_float = ledger.append(CashMovement("float", 3000), at=fixed_clock.now - timedelta(days=2))
    ledger.append(MEAL)
    assert late_float.day == "2026-11-21"  # filed in the oldest day, appended last but one
    assert ledger.latest("cash") == late_float
    assert ledger.latest("visit").seq == 5
    assert ledger.latest("closing") is None
    assert Ledger(ledger.folder).latest("cash") == late_float  # with no index to help
