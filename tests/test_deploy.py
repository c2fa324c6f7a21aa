"""Installing the kiosk on a machine: `kiosk doctor`, and the systemd units shipped in deploy/."""

import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from printer_standin import StandinPrinter

from kiosk.commands.doctor import examine
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit
from kiosk.settings.pin import hash_pin

PIN_HASH = hash_pin("2468")

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"


def doctor(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "doctor"],
                          capture_output=True, text=True, timeout=30)


def problems(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("PROBLEM")]


@pytest.fixture
def printer():
    """A stand-in network receipt printer that answers status queries like a real one."""
    standin = StandinPrinter().start()
    yield standin
    standin.stop()


@pytest.fixture
def cantine(tmp_path, printer) -> Path:
    """A healthy data dir: a valid config with a network printer, and one visit in the ledger."""
    (tmp_path / "kiosk.toml").write_text(
        f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = {printer.port}\n'
        f'timeout = 1.0\n[kiosk]\npin_hash = "{PIN_HASH}"\n', encoding="utf-8")
    (tmp_path / "kiosk.toml").chmod(0o600)  # it holds the PIN's hash, as `kiosk set-pin` leaves it
    Ledger(tmp_path / "ledger").append(Visit(role="eat", amount=1300, method="cash"))
    return tmp_path


def test_a_healthy_installation_passes(cantine, printer):
    result = doctor(cantine)
    assert result.returncode == 0, result.stdout
    checks = [line.split(":")[0].split(maxsplit=1)[1] for line in result.stdout.splitlines()]
    assert checks == ["data dir", "config", "pin", "ledger", "service", "printer", "clock", "disk",
                      "privacy"]
    assert "1 entries in 1 files, chain intact" in result.stdout
    assert f"ok      printer: the printer at 127.0.0.1:{printer.port}" in result.stdout
    assert printer.jobs == [b""]  # asked whether it is ready; nothing printed


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


def test_a_printer_out_of_paper_is_named(cantine, printer):
    printer.become("paper_out")
    result = doctor(cantine)
    assert result.returncode == 1
    [problem] = problems(result)
    assert problem.startswith(f"PROBLEM printer: the printer at 127.0.0.1:{printer.port} is out "
                              "of paper")


def test_an_unreachable_printer_is_named_within_its_timeout(cantine, printer):
    printer.stop()  # switched off: nothing listens on its port any more
    started = time.monotonic()
    result = doctor(cantine)
    assert result.returncode == 1
    [problem] = problems(result)
    assert problem.startswith(f"PROBLEM printer: the printer at 127.0.0.1:{printer.port}")
    assert time.monotonic() - started < 10


def with_pin(data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "kiosk.toml").write_text(f'[kiosk]\npin_hash = "{PIN_HASH}"\n')
    (data_dir / "kiosk.toml").chmod(0o600)  # as `kiosk set-pin` leaves it
    return data_dir


def test_a_clock_behind_the_ledger_is_a_problem(tmp_path):
    with_pin(tmp_path)
    ahead = datetime.now(UTC) + timedelta(days=3)  # a clock set days ahead, then put right
    ledger = Ledger(tmp_path / "ledger", clock=lambda: ahead)
    ledger.append(Visit(role="eat", amount=500, method="cash"))
    result = doctor(tmp_path)
    assert result.returncode == 1
    [problem] = problems(result)
    assert problem.startswith("PROBLEM clock:")
    assert "behind the last ledger entry, 1" in problem
    assert 'kiosk void 1 --reason "wrong time"' in problem


def test_one_entry_with_a_wrong_time_does_not_keep_the_clock_wrong(tmp_path):
    with_pin(tmp_path)
    ahead = datetime.now(UTC) + timedelta(days=300)
    Ledger(tmp_path / "ledger", clock=lambda: ahead).append(Visit("eat", 500, "cash"))
    Ledger(tmp_path / "ledger").void(1, "wrong time")  # as the doctor said
    later = Ledger(tmp_path / "ledger").append(Visit("eat", 700, "cash"))
    assert not later.clock_behind, "the void put the chain's last time right again"
    assert doctor(tmp_path).returncode == 0


def test_a_clock_from_before_this_release_is_a_problem(tmp_path):
    findings = examine(tmp_path, now=datetime(1970, 1, 1, tzinfo=UTC))
    [clock] = [f for f in findings if f.check == "clock"]
    assert not clock.ok and "set the time" in clock.said


def test_little_free_disk_is_a_problem(tmp_path):
    with_pin(tmp_path)
    free = shutil.disk_usage(tmp_path).free
    findings = examine(tmp_path, min_free=free * 2)
    assert [f.check for f in findings if not f.ok] == ["disk"]
    assert [f.ok for f in examine(tmp_path, min_free=1) if f.check == "disk"] == [True]


def test_a_missing_data_dir_is_a_problem(tmp_path):
    result = doctor(tmp_path / "nowhere")
    assert result.returncode == 1
    assert problems(result)[0].startswith(f"PROBLEM data dir: {tmp_path / 'nowhere'} does not "
                                          "exist")
    assert "PROBLEM pin: no volunteers' PIN is set: run `kiosk set-pin`" in result.stdout
    assert not (tmp_path / "nowhere").exists()  # the doctor made no data dir of its own


# -- the units in deploy/, checked by systemd itself ---------------------------------------------

UNITS = sorted(p.name for p in DEPLOY.glob("*.service")) + sorted(
    p.name for p in DEPLOY.glob("*.timer"))


@pytest.fixture(scope="module")
def system_root(tmp_path_factory) -> Path:
    """A file-system root as on the Pi: systemd's own units, ours, and the programs they start.

    `systemd-analyze verify` needs no running systemd with `--root`, but it checks that every
    ExecStart program exists there. Our scripts are copied for real; the kiosk's venv entry point
    and cage/foot (not installed on a CI machine) are stand-ins that only have to be executable.
    """
    if shutil.which("systemd-analyze") is None:
        pytest.fail("systemd-analyze is missing: apt-get install systemd (make test does)")
    root = tmp_path_factory.mktemp("root")
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    units = root / "etc/systemd/system"
    units.mkdir(parents=True)
    for name in UNITS:
        shutil.copy(DEPLOY / name, units / name)
    for script in DEPLOY.glob("*.sh"):
        (root / "opt/kiosk/deploy").mkdir(parents=True, exist_ok=True)
        shutil.copy(script, root / "opt/kiosk/deploy" / script.name)
    for program in ("opt/kiosk/.venv/bin/kiosk", "usr/bin/cage", "usr/bin/foot"):
        (root / program).parent.mkdir(parents=True, exist_ok=True)
        (root / program).write_text("#!/bin/sh\n")
        (root / program).chmod(0o755)
    return root


def analyze(root: Path, name: str) -> subprocess.CompletedProcess:
    return subprocess.run(["systemd-analyze", "verify", "--man=no", f"--root={root}",
                           f"/etc/systemd/system/{name}"], capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("name", UNITS)
def test_systemd_accepts_the_unit(system_root, name):
    result = analyze(system_root, name)
    # systemd-analyze exits 0 even for unknown keys: any complaint at all is a failure here.
    assert result.returncode == 0 and result.stderr == "" and result.stdout == "", (
        result.stdout + result.stderr)


def test_the_unit_check_catches_a_mistake(system_root):
    """The check above can fail: a misspelt key or a wrong value is reported."""
    broken = system_root / "etc/systemd/system/kiosk-broken.service"
    broken.write_text((DEPLOY / "kiosk-serve.service").read_text()
                      .replace("Restart=always", "Restart=sometimes\nRestrat=always"))
    result = analyze(system_root, "kiosk-broken.service")
    assert "sometimes" in result.stderr and "Unknown key 'Restrat'" in result.stderr


def unit_settings(name: str) -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_the_served_kiosk_stays_on_this_machine_and_comes_back():
    service = unit_settings("kiosk-serve.service")
    [command] = service["ExecStart"]
    assert command.endswith("kiosk serve")  # no --host: loopback unless kiosk.toml says so
    assert service["Restart"] == ["always"]
    assert service["User"] == ["kiosk"]
    assert "KIOSK_DATA_DIR=/var/lib/kiosk" in service["Environment"]
    assert "8000" in (DEPLOY / "kiosk-browser.sh").read_text()


# -- the daily backup ----------------------------------------------------------------------------

def backup(source: Path, destination: Path, **env: str) -> subprocess.CompletedProcess:
    if shutil.which("rsync") is None:
        pytest.fail("rsync is missing: apt-get install rsync (make test does)")
    return subprocess.run([str(DEPLOY / "backup.sh"), str(destination)], capture_output=True,
                          text=True, timeout=60,
                          env={**os.environ, "KIOSK_DATA_DIR": str(source), **env})


def test_the_backup_is_a_ledger_that_verifies(cantine, tmp_path_factory):
    stick = tmp_path_factory.mktemp("stick")
    result = backup(cantine, stick, KIOSK_BACKUP_SAME_DISK="yes")
    assert result.returncode == 0, result.stderr
    Ledger(cantine / "ledger").append(Visit(role="both", amount=0, method="none"))
    again = backup(cantine, stick, KIOSK_BACKUP_SAME_DISK="yes")  # the same day, run again
    assert again.returncode == 0, again.stderr
    [copy] = stick.glob("kiosk-*")
    assert (copy / "kiosk.toml").read_text() == (cantine / "kiosk.toml").read_text()
    verified = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(copy), "verify"],
                              capture_output=True, text=True, timeout=30)
    assert verified.returncode == 0, verified.stderr
    assert "ok: 2 entries in 1 files, chain intact" in verified.stdout


def test_a_backup_onto_the_same_disk_is_refused(cantine, tmp_path_factory):
    same_card = tmp_path_factory.mktemp("not-a-stick")
    result = backup(cantine, same_card)
    assert result.returncode == 1
    assert "is on the same disk" in result.stderr
    assert list(same_card.iterdir()) == []
