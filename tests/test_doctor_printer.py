"""`kiosk doctor` and a printer file (/dev/usb/lp0): the file itself is checked (it exists, it is a
device or a plain file, the kiosk's user may write it) and the sentence says which fix applies.

The kiosk runs as an ordinary user; these tests may run as root, who may write anything. So the
check whose answer depends on who asks runs in a child process that became `nobody` first.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from printer_standin import SerialStandin

from kiosk.commands.doctor import check_printer, printer_file_problem
from printer.settings import PrinterSettings

PROJECT = Path(__file__).resolve().parent.parent
NOBODY = 65534


def as_the_kiosk_user(path: Path) -> str:
    """`printer_file_problem(path)` as an ordinary user would get it: as `nobody` when these
    tests run as root (in a forked child, which needs no interpreter of its own), else as us."""
    if os.geteuid() != 0:
        return printer_file_problem(str(path))
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child's coverage is not collected)
        try:
            os.close(reading)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.write(writing, printer_file_problem(str(path)).encode())
        finally:
            os._exit(0)
    os.close(writing)
    said = b""
    while chunk := os.read(reading, 4096):
        said += chunk
    os.close(reading)
    os.waitpid(child, 0)
    return said.decode()


@pytest.fixture
def line():
    standin = SerialStandin(115200)
    yield standin
    standin.stop()


def doctor(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "doctor"],
                          capture_output=True, text=True, timeout=30, cwd=PROJECT)


def printer_line(data_dir: Path, path: str) -> str:
    (data_dir / "kiosk.toml").write_text(
        f'[printer]\nconnection = "file"\npath = "{path}"\ntimeout = 1\n', encoding="utf-8")
    result = doctor(data_dir)
    [found] = [line for line in result.stdout.splitlines() if " printer: " in line]
    return found


def test_a_missing_printer_file_is_a_problem_and_is_not_created(tmp_path):
    path = tmp_path / "lp0"
    found = printer_line(tmp_path, str(path))
    assert found == (f"PROBLEM printer: the printer file {path} does not exist: plug the printer "
                     "in and switch it on (the system then makes it), or fix path in [printer]")
    assert not path.exists()


def test_a_printer_that_answers_on_its_device_file_is_ready(tmp_path, line):
    found = printer_line(tmp_path, line.path)
    assert found == f"ok      printer: the printer at {line.path} is ready"
    assert line.paper == b""  # asked, not printed on


def test_a_device_file_printer_out_of_paper_is_named(tmp_path, line):
    line.become("paper_out_offline")
    found = printer_line(tmp_path, line.path)
    assert found.startswith(f"PROBLEM printer: the printer at {line.path} is out of paper")


def test_a_plain_file_standing_for_a_printer_can_be_written(tmp_path):
    path = tmp_path / "receipts.bin"
    path.touch()
    assert printer_line(tmp_path, str(path)) == (
        f"ok      printer: printer file {path} can be written (it is not asked whether it is "
        "ready)")


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_something_else_than_a_printer_is_named(tmp_path, kind):
    path = tmp_path / "lp0"
    path.mkdir() if kind == "folder" else os.mkfifo(path)
    said = printer_file_problem(str(path))
    assert said.startswith(f"{path} is a folder" if kind == "folder" else
                           f"{path} is neither a printer device nor a file")
    assert "fix path in [printer]" in said


def test_a_device_the_kiosks_user_may_not_write_says_which_group_to_join(line):
    os.chmod(line.path, 0o600)  # root's alone, as /dev/usb/lp0 is lp's
    said = as_the_kiosk_user(Path(line.path))
    user = "nobody" if os.geteuid() == 0 else None
    assert f"may not write the printer {line.path}: sudo usermod -aG " in said
    if user:
        assert said.startswith("the kiosk's user (nobody) ")
        assert said.endswith("then log in again (or restart the service)")


def test_a_writable_device_in_a_folder_the_kiosk_cannot_write_is_fine(tmp_path, line):
    """The old check looked at the folder: /dev/usb is never the kiosk's to write."""
    os.chmod(line.path, 0o666)
    folder = os.stat(Path(line.path).parent)
    assert folder.st_uid != NOBODY and not folder.st_mode & 0o002  # /dev/pts: not nobody's
    assert as_the_kiosk_user(Path(line.path)) == ""


def test_the_printer_finding_counts_what_waits_in_the_queue(tmp_path, line):
    queue = tmp_path / "print-queue"
    (queue / "damaged").mkdir(parents=True)
    (queue / "00000000000000000001-aaaa.json").write_text("{}", encoding="utf-8")
    (queue / "damaged" / "00000000000000000002-bbbb.json").write_text("x", encoding="utf-8")
    found = check_printer(PrinterSettings(connection="file", path=line.path, timeout=1), queue)
    assert found.ok
    assert found.said.endswith("(1 receipt or report waiting to print; 1 unreadable job set "
                               "aside in print-queue/damaged/)")
