"""Nothing acknowledged is ever lost: kill -9 at random moments, and several writers at once.

The recorder (tests/ledger_recorder.py) prints a visit's id only after `append` returned, as the
kiosk shows "merci" only then. Every printed visit must be in the ledger afterwards, with the
amount it was given, every file must read, and `kiosk verify` must pass.
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

from kiosk.ledger.book import Ledger

RECORDER = Path(__file__).with_name("ledger_recorder.py")
PROJECT = RECORDER.parent.parent


def recorder(*args: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(RECORDER), *args], cwd=PROJECT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)


def acknowledged(lines: list[str]) -> dict[int, int]:
    """{seq: amount} from recorder output; a seq acknowledged twice would be a lost visit."""
    visits: dict[int, int] = {}
    for line in lines:
        seq, amount = map(int, line.split())
        assert seq not in visits, f"id {seq} was given to two visits"
        visits[seq] = amount
    return visits


def kill_while_recording(folder: Path, kills: int, seed: int) -> dict[int, int]:
    """Start a recorder, kill -9 it 5 to 60 ms later, restart; `kills` times. Returns the acks."""
    rng = random.Random(seed)
    server = recorder("serve", str(folder), stdin=subprocess.PIPE)
    lines = []
    try:
        for kill in range(kills):
            server.stdin.write("go\n")
            server.stdin.flush()
            while not (line := server.stdout.readline()).startswith("child "):
                assert line, f"the recorder server died: {server.stderr.read()}"
                lines.append(line)
            child = int(line.split()[1])
            if kill % 2:
                # Every other recorder is first let through its start (reading the day, the
                # index, the record) to its first visit, so kills land in appends too.
                lines.append(first := server.stdout.readline())
                assert first, f"the recorder server died: {server.stderr.read()}"
            time.sleep(rng.uniform(0.005, 0.060))
            os.kill(child, signal.SIGKILL)
        server.stdin.close()
        lines.extend(server.stdout.readlines())
        assert server.wait(timeout=30) == 0
    finally:
        server.kill()
        server.wait()
    problems = server.stderr.read()
    assert "Traceback" not in problems, problems
    return acknowledged(lines)


def assert_all_present_and_intact(folder: Path, acks: dict[int, int], run_kiosk_cli) -> None:
    assert not (folder / "damaged").exists(), "a file was found unreadable and set aside"
    for day_file in folder.glob("*.json"):
        json.loads(day_file.read_bytes())  # every file reads
    stored = {e.seq: e.value.amount for e in Ledger(folder).entries() if e.kind == "visit"}
    lost = {seq: amount for seq, amount in acks.items() if stored.get(seq) != amount}
    assert not lost, f"{len(lost)} acknowledged visits are missing or changed: {lost}"
    assert sorted(stored) == list(range(1, len(stored) + 1))
    verdict = run_kiosk_cli("verify", data_dir=folder.parent)
    assert verdict.returncode == 0, verdict.stderr
    assert f"ok: {len(stored)} entries" in verdict.stdout


def test_kill_9_at_200_random_moments_loses_no_acknowledged_visit(data_dir: Path,
                                                                 run_kiosk_cli) -> None:
    folder = data_dir / "ledger"
    acks = kill_while_recording(folder, kills=200, seed=1)
    assert len(acks) > 200, "the kills came before the recorders wrote anything: not a test"
    assert_all_present_and_intact(folder, acks, run_kiosk_cli)


@pytest.mark.soak
def test_soak_1000_kills(data_dir: Path, run_kiosk_cli) -> None:
    folder = data_dir / "ledger"
    acks = kill_while_recording(folder, kills=1000, seed=int(time.time()))
    assert len(acks) > 1000
    assert_all_present_and_intact(folder, acks, run_kiosk_cli)


def test_four_processes_recording_at_once_lose_nothing(data_dir: Path, run_kiosk_cli) -> None:
    folder = data_dir / "ledger"
    folder.mkdir(parents=True)
    writers = [recorder("record", str(folder), "50", str(seed)) for seed in range(4)]
    outputs = [writer.communicate(timeout=120) for writer in writers]
    for writer, (_, errors) in zip(writers, outputs, strict=False):
        assert writer.returncode == 0, errors
    acks = acknowledged([line for out, _ in outputs for line in out.splitlines()])
    assert sorted(acks) == list(range(1, 201))
    assert_all_present_and_intact(folder, acks, run_kiosk_cli)
