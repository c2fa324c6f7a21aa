"""Installing the kiosk on a machine: `kiosk doctor`, and the systemd units shipped in deploy/."""

import json
import os
import shutil
import socket
import subprocess
import sys
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.doctor import examine
from kiosk.entries import Visit
from kiosk.ledger import Ledger

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"


def doctor(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "doctor"],
                          capture_output=True, text=True, timeout=30)


def problems(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("PROBLEM")]


@pytest.fixture
def printer_port():
    """A real socket standing in for a network receipt printer (port 9100 on a real one)."""
    with socket.socket() as printer:
        printer.bind(("127.0.0.1", 0))
        printer.listen()
        yield printer.getsockname()[1]


@pytest.fixture
def cantine(tmp_path, printer_port) -> Path:
    """A healthy data dir: a valid config with a network printer, and one visit in the ledger."""
    (tmp_path / "kiosk.toml").write_text(
        f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = {printer_port}\n'
        f'timeout = 1.0\n', encoding="utf-8")
    Ledger(tmp_path / "ledger").append(Visit(role="eat", amount=1300, method="cash"))
    return tmp_path


def test_a_healthy_installation_passes(cantine):
    result = doctor(cantine)
    assert result.returncode == 0, result.stdout
    checks = [line.split(":")[0].split(maxsplit=1)[1] for line in result.stdout.splitlines()]
    assert checks == ["data dir", "config", "ledger", "printer", "clock", "disk"]
    assert "1 entries in 1 files, chain intact" in result.stdout
    assert "accepts connections" in result.stdout


def test_a_changed_ledger_entry_is_named(cantine):
    day_file = next((cantine / "ledger").glob("*.json"))
    data = json.loads(day_file.read_text())
    data["_default"]["1"]["data"]["amount"] = 130000  # someone "corrects" a contribution
    day_file.write_text(json.dumps(data))
    result = doctor(cantine)
    assert result.returncode == 1
    [problem] = problems(result)
    assert problem.startswith("PROBLEM ledger:")
    assert "entry 1 was changed after it was written" in problem
    assert "restore the day from the backup" in problem


def test_a_bad_config_names_file_line_and_key(cantine):
    (cantine / "kiosk.toml").write_text('[kiosk]\nidle_timeout = 90\nvolunter_key = "f3"\n')
    result = doctor(cantine)
    assert result.returncode == 1
    assert problems(result)[0].startswith(
        f"PROBLEM config: {cantine / 'kiosk.toml'}:3: kiosk.volunter_key: unknown key")
    # The printer's settings come from that file: it is not judged on a config we cannot read.
    assert "PROBLEM printer: not checked: fix kiosk.toml first" in result.stdout


@contextmanager
def unwritable(folder: Path):
    """Make `folder` refuse new files, even to root (who ignores permission bits)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root on a file system without chattr +i: cannot deny writes")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_unwritable_data_dir_says_to_chown_it(cantine):
    with unwritable(cantine / "ledger"):
        result = doctor(cantine)
    assert result.returncode == 1
    [problem] = problems(result)
    assert problem.startswith(f"PROBLEM data dir: {cantine / 'ledger'} is not writable")
    assert "chown it to the user that runs the kiosk" in problem


def test_an_unreachable_printer_is_named_within_its_timeout(cantine, printer_port):
    config = (cantine / "kiosk.toml").read_text()
    with socket.socket() as closed:  # a port that was free a moment ago: nothing answers there
        closed.bind(("127.0.0.1", 0))
        gone = closed.getsockname()[1]
    (cantine / "kiosk.toml").write_text(config.replace(f"port = {printer_port}", f"port = {gone}"))
    result = doctor(cantine)
    assert result.returncode == 1
    [problem] = problems(result)
    assert problem.startswith(f"PROBLEM printer: network printer 127.0.0.1:{gone} cannot be "
                              "reached")


def test_a_clock_behind_the_ledger_is_a_problem(tmp_path):
    ledger = Ledger(tmp_path / "ledger")
    ledger.append(Visit(role="eat", amount=500, method="cash"),
                  at=datetime.now(timezone.utc) + timedelta(days=3))
    result = doctor(tmp_path)
    assert result.returncode == 1
    [problem] = problems(result)
    assert problem.startswith("PROBLEM clock:")
    assert "behind the last ledger entry" in problem


def test_a_clock_from_before_this_release_is_a_problem(tmp_path):
    findings = examine(tmp_path, now=datetime(1970, 1, 1, tzinfo=timezone.utc))
    [clock] = [f for f in findings if f.check == "clock"]
    assert not clock.ok and "set the time" in clock.said


def test_little_free_disk_is_a_problem(tmp_path):
    free = shutil.disk_usage(tmp_path).free
    findings = examine(tmp_path, min_free=free * 2)
    assert [f.check for f in findings if not f.ok] == ["disk"]
    assert examine(tmp_path, min_free=1)[-1].ok


def test_a_missing_data_dir_is_a_problem(tmp_path):
    result = doctor(tmp_path / "nowhere")
    assert result.returncode == 1
    assert problems(result)[0].startswith(f"PROBLEM data dir: {tmp_path / 'nowhere'} does not "
                                          "exist")
