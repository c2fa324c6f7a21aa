"""Locks that hold: writers share the ledger safely whatever files are deleted under them, verify
never cries wolf while others write, a backup waits for the writers, and a script's retried
request records once.
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from test_durability import RECORDER, acknowledged, assert_all_present_and_intact

from kiosk.ledger.book import INDEX_NAME, RECORD_NAME, Ledger
from kiosk.ledger.entries import Visit
from kiosk.ledger.verify import verify

PROJECT = RECORDER.parent.parent
DEPLOY = PROJECT / "deploy"


def writers(folder: Path, count: int, each: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, str(RECORDER), "record", str(folder), str(each),
                              str(seed)], cwd=PROJECT, text=True, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE) for seed in range(count)]


def test_deleting_every_cache_and_record_while_writers_run_loses_nothing(data_dir: Path,
                                                                          run_kiosk_cli) -> None:
    """The README says which files may be deleted at any time: here they are, again and again,
    while four processes record."""
    folder = data_dir / "ledger"
    folder.mkdir(parents=True)
    stop = threading.Event()
    deleted = [0]

    def delete_caches() -> None:
        while not stop.is_set():
            for name in (RECORD_NAME, INDEX_NAME, ".lock"):
                try:
                    (folder / name).unlink()
                    deleted[0] += 1
                except FileNotFoundError:
                    pass
            time.sleep(0.001)

    deleter = threading.Thread(target=delete_caches)
    deleter.start()
    try:
        running = writers(folder, 4, 60)
        outputs = [writer.communicate(timeout=180) for writer in running]
    finally:
        stop.set()
        deleter.join()
    for writer, (_, errors) in zip(running, outputs, strict=True):
        assert writer.returncode == 0, errors
    acks = acknowledged([line for out, _ in outputs for line in out.splitlines()])
    assert deleted[0] > 50, "the caches were not deleted during the writes: not a test"
    assert sorted(acks) == list(range(1, 241)), "every id given once, none lost"
    assert_all_present_and_intact(folder, acks, run_kiosk_cli)


def test_verify_never_reports_a_gap_while_another_process_writes(data_dir: Path) -> None:
    folder = data_dir / "ledger"
    folder.mkdir(parents=True)
    [writer] = writers(folder, 1, 400)
    try:
        verdicts = []
        while writer.poll() is None:
            verdicts.append(verify(Ledger(folder, read_only=True)))
    finally:
        writer.communicate(timeout=120)
    assert len(verdicts) > 10, "verify did not run while the writer wrote: not a test"
    assert [v.problem for v in verdicts if not v.ok] == []


def test_a_backup_waits_for_the_writers(data_dir: Path, tmp_path_factory) -> None:
    ledger = Ledger(data_dir / "ledger")
    ledger.append(Visit("eat", 1300, "cash"))
    stick = tmp_path_factory.mktemp("stick")
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir), "KIOSK_BACKUP_SAME_DISK": "yes"}
    with ledger.locked():  # a commit in progress
        backup = subprocess.Popen([str(DEPLOY / "backup.sh"), str(stick)], env=env,
                                  stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert backup.poll() is None, "the backup copied while a writer held the ledger"
    assert backup.wait(timeout=60) == 0, backup.stderr.read()


def test_a_request_id_records_once_however_often_it_is_retried(data_dir: Path,
                                                               run_kiosk_cli) -> None:
    record = ("record", "--role", "eat", "--amount", "13", "--method", "cash",
              "--request-id", "caisse-2026-11-21-0042")
    first = run_kiosk_cli(*record)
    other = run_kiosk_cli("record", "--role", "eat", "--amount", "5", "--method", "cash")
    again = run_kiosk_cli(*record)
    assert first.returncode == again.returncode == 0
    assert first.stdout.splitlines()[-1] == again.stdout.splitlines()[-1] == "1"
    assert "already recorded as entry 1" in again.stderr
    assert other.stdout.splitlines()[-1] == "2"
    assert [e.seq for e in Ledger(data_dir / "ledger").entries()] == [1, 2]
    stored = b"".join(p.read_bytes() for p in (data_dir / "ledger").rglob("*") if p.is_file())
    assert b"caisse-2026-11-21-0042" not in stored, "only the id's hash is kept"


RETRYING_SCRIPT = """
import subprocess, sys
for attempt in range(50):
    result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    if result.returncode == 0:
        print(result.stdout.splitlines()[-1])
        break
"""


def test_a_script_killed_mid_record_and_retried_counts_the_visit_once(data_dir: Path) -> None:
    """kill -9 at random moments of `kiosk record --request-id`, then the retry: one visit."""
    folder = data_dir / "ledger"
    command = [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "record", "--role",
               "eat", "--amount", "7", "--method", "cash"]
    for number in range(12):
        request = f"retry-{number}"
        attempt = subprocess.Popen([*command, "--request-id", request], cwd=PROJECT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.02 + 0.03 * number)  # from before the write to after it
        attempt.kill()
        attempt.wait()
        retried = subprocess.run([*command, "--request-id", request], cwd=PROJECT,
                                 capture_output=True, text=True, timeout=60)
        assert retried.returncode == 0, retried.stderr
    visits = [e for e in Ledger(folder).entries() if e.kind == "visit"]
    assert len(visits) == 12, "each request is one visit, killed or not"
