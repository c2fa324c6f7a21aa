"""Nothing technical on the screen: log records go to a rotating file in the data dir (and the
journal under systemd), never to the terminal the kiosk draws on, whoever sets up logging."""

import logging
import os
import pty
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_kiosk_lockdown import read_until

from kiosk.logfile import journal_address, log_path, start_logging

PROJECT = Path(__file__).resolve().parent.parent


def python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=60, cwd=PROJECT)


LIBRARY_WARNS = """
import logging, sys, warnings
from pathlib import Path
if sys.argv[2] == "escpos first":
    import escpos.capabilities  # calls logging.basicConfig(): a handler on the terminal
from kiosk.logfile import start_logging
start_logging(Path(sys.argv[1]))
import escpos.capabilities
logging.getLogger("printer.service").warning("printing failed: the printer refuses")
logging.getLogger("some.library").error("a library's own error")
warnings.warn("a library's warning")
"""


def test_a_librarys_logging_reaches_the_log_and_never_the_terminal(tmp_path):
    for order in ("escpos first", "kiosk first"):
        data_dir = tmp_path / order.replace(" ", "-")
        done = python(LIBRARY_WARNS, str(data_dir), order)
        assert (done.returncode, done.stdout, done.stderr) == (0, "", ""), order
        logged = log_path(data_dir).read_text()
        for line in ("WARNING printer.service: printing failed: the printer refuses",
                     "ERROR some.library: a library's own error",
                     "WARNING py.warnings:", "a library's warning"):
            assert line in logged, (order, line)


WRITE_MANY = """
import logging, os, sys
from pathlib import Path
from kiosk.logfile import SharedRotatingFile
handler = SharedRotatingFile(Path(sys.argv[1]), max_bytes=4000, backups=3)
log = logging.getLogger("many")
log.addHandler(handler)
log.setLevel(logging.INFO)
for number in range(1500):
    log.info("%s record %05d %s", sys.argv[2], number, "x" * 40)
"""


def test_two_processes_share_one_log_that_never_grows_past_its_bound(tmp_path):
    path = tmp_path / "logs" / "kiosk.log"
    path.parent.mkdir(parents=True)
    writers = [subprocess.Popen([sys.executable, "-c", WRITE_MANY, str(path), name],
                                cwd=PROJECT) for name in ("terminal", "tablet")]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    files = sorted(path.parent.glob("kiosk.log*"))
    assert [file.name for file in files] == ["kiosk.log", "kiosk.log.1", "kiosk.log.2",
                                             "kiosk.log.3"]
    longest = 70  # one record, with its newline
    # A process that went on writing into a file the other had rotated away would grow it.
    assert all(file.stat().st_size <= 4000 + longest for file in files)
    lines = "".join(file.read_text() for file in reversed(files)).splitlines()  # oldest first
    assert all(re.fullmatch(r"(terminal|tablet) record \d{5} x{40}", line) for line in lines)
    assert lines[-1].split()[2] == "01499"  # the newest record is in the newest file
    for name in ("terminal", "tablet"):  # what is kept of each is its latest, with no gap
        numbers = [int(line.split()[2]) for line in lines if line.startswith(name)]
        assert numbers == list(range(1500 - len(numbers), 1500)) or not numbers
    assert len(lines) > 3 * 4000 // longest  # the older files were kept, not emptied


@pytest.fixture
def logging_restored():
    """start_logging changes this whole process's logging: give the next tests theirs back."""
    root = logging.getLogger()
    kept = (list(root.handlers), root.level, logging.lastResort, logging.raiseExceptions)
    yield
    for handler in root.handlers:
        if handler not in kept[0]:
            handler.close()
    root.handlers[:] = kept[0]
    root.setLevel(kept[1])
    logging.lastResort, logging.raiseExceptions = kept[2], kept[3]
    logging.captureWarnings(False)


def test_under_systemd_records_also_reach_the_journal(tmp_path, monkeypatch, logging_restored):
    monkeypatch.delenv("INVOCATION_ID", raising=False)
    assert journal_address() is None  # not a service: the file only
    journal = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    journal.bind(str(tmp_path / "journal.socket"))
    journal.settimeout(5)
    try:
        start_logging(tmp_path, journal=str(tmp_path / "journal.socket"))
        logging.getLogger("kiosk.test").warning("the printer is off")
        received = journal.recv(4096).decode()
    finally:
        journal.close()
    assert "kiosk[" in received and "WARNING kiosk.test: the printer is off" in received
    assert "the printer is off" in log_path(tmp_path).read_text()


def test_a_printer_that_is_off_is_never_painted_over_thanks(tmp_path):
    """The issue's evening: the printer off, a guest asks a receipt; the real kiosk in a real
    terminal. The guest sees thanks; the printer's complaint is in the log."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: the "printer" refuses connections
    (tmp_path / "kiosk.toml").write_text(
        f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = {port}\n'
        'timeout = 1.0\nreceipt = "always"\n', encoding="utf-8")
    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path)],
                               stdin=child, stdout=child, stderr=child, env=env, cwd=PROJECT,
                               start_new_session=True)
    os.close(child)
    seen = b""
    try:
        seen += read_until(main, b"Commencer", 60)
        # Start, eat, the second preset (5 EUR), cash, no questions: one key at a time, as a
        # guest reads each screen before tapping (a key sooner than that is taken for a double
        # tap by the input guard, and does nothing).
        for key, wanted in ((b"\r", b"Manger"), (b"1", b"contribution"), (b"2", b"esp"),
                            (b"1", b"Passer"), (b"0", b"Merci")):
            time.sleep(0.8)
            os.write(main, key)
            seen += read_until(main, wanted, 20)
        seen += read_until(main, b"imprimante se repose", 20)
        process.send_signal(signal.SIGTERM)
        seen += read_until(main, b"\x1b[?1049l", 20)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    screen = seen.decode("utf-8", "replace")
    assert "imprimante se repose" in screen  # what the guest is told, kindly
    for technical in ("WARNING", "printer.service", "refuses the connection", "Traceback"):
        assert technical not in screen
    logged = log_path(tmp_path).read_text()
    assert "printing failed" in logged and "refuses the connection" in logged
    assert "setup code" in logged  # no PIN yet: the volunteers' way in is written there
