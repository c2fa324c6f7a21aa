"""Time at the door, in a real terminal: the kiosk runs in tmux (80x24) as `kiosk run`, with short
waits in its kiosk.toml, and is driven key by key like a person would, reading the screen back.

- A card QR code outlives the guests' idle time, asks "Avez-vous payé ?", and "Oui" records
  the visit once.
- A cash count left longer than the volunteers' idle time is found again by the next volunteer.
- A terminal made smaller than 80x24 says "écran trop petit", and the visit goes on once it is
  large enough again.
- A terminal that goes away (its tmux session killed) takes the kiosk with it within seconds,
  started alone or by make (which waits for it and passes no SIGHUP on), and so does a SIGHUP;
  the visit confirmed before is whole on disk.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit
from kiosk.settings.pin import hash_pin

PROJECT = Path(__file__).resolve().parent.parent
PIN = "2468"
WAIT = 5  # seconds: the shortest each setting allows
STEADY = 0.6  # after a screen appears: past the input guard (350 ms), as a person would be

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="tmux is installed by `make test` (tools/test_tools.sh)")


class Terminal:
    """A kiosk running in its own tmux server (a socket in the test's folder)."""

    def __init__(self, folder: Path):
        self.socket = folder / "tmux.sock"

    def tmux(self, *args: str) -> str:
        # The kiosk inherits this environment: COLUMNS and LINES (which something in a test run
        # may set) would pin the size it believes it has, whatever the terminal says.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        return subprocess.run(["tmux", "-S", str(self.socket), *args], capture_output=True,
                              text=True, timeout=30, check=True, env=env).stdout

    def start(self, data_dir: Path, under_make: bool = False) -> None:
        command = f"{sys.executable} -m kiosk --data-dir {data_dir} run"
        if under_make:  # as `make run` starts it
            makefile = self.socket.parent / "Makefile"
            makefile.write_text(f"run:\n\t{command}\n", encoding="utf-8")
            command = f"make -f {makefile} run"
        self.tmux("new-session", "-d", "-s", "kiosk", "-x", "80", "-y", "24", "-c",
                  str(PROJECT), command)

    def kiosk_pid(self) -> int:
        """The kiosk's process: the pane's own, or its child when make started it."""
        pid = int(self.tmux("list-panes", "-t", "kiosk", "-F", "#{pane_pid}").split()[0])
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return int(children[0]) if children else pid

    def screen(self) -> str:
        """What the terminal shows, Babel's no-break spaces as plain ones."""
        shown = self.tmux("capture-pane", "-p", "-t", "kiosk")
        return shown.replace("\u202f", " ").replace("\xa0", " ")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "kiosk", key)
            time.sleep(0.15)

    def wait_for(self, text: str, seconds: float = 30) -> str:
        """Until `text` is on the screen; then the hand is steady (past the input guard)."""
        deadline = time.monotonic() + seconds
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                time.sleep(STEADY)
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")

    def stop(self) -> None:
        subprocess.run(["tmux", "-S", str(self.socket), "kill-server"], capture_output=True,
                       timeout=30, check=False)


@pytest.fixture
def terminal(tmp_path):
    data_dir = tmp_path / "cantine"
    data_dir.mkdir()
    (data_dir / "kiosk.toml").write_text(f"""
[payment.card]
link = "https://pay.example.org/cantine?amount={{amount}}"

[kiosk]
idle_timeout = {WAIT}
card_wait = {WAIT}
volunteer_idle_timeout = {WAIT}
pin_hash = "{hash_pin(PIN)}"
""", encoding="utf-8")
    terminal = Terminal(tmp_path)
    terminal.start(data_dir)
    terminal.data_dir = data_dir
    try:
        terminal.wait_for("Commencer", 90)
        yield terminal
    finally:
        terminal.stop()


def recorded(data_dir: Path) -> list:
    """Every value in the ledger on disk."""
    return [entry.value for entry in Ledger(data_dir / "ledger").entries()]


def test_a_card_payment_outlives_the_idle_time_and_is_recorded_once(terminal):
    terminal.press("Enter")
    terminal.wait_for("Combien êtes-vous")
    terminal.press("1")
    terminal.wait_for("Votre contribution")
    terminal.press("4")
    terminal.wait_for("Comment donnez-vous")
    terminal.press("2")
    terminal.wait_for("J'ai payé")
    shown = terminal.wait_for("Avez-vous payé", 4 * WAIT)  # the guest's idle time has passed
    assert "Oui, j'ai payé" in shown and "Commencer" not in shown
    terminal.press("Enter")
    terminal.wait_for("Question 1 sur 3")
    assert recorded(terminal.data_dir) == [Visit("eat", 1300, "card", 1)]


def test_a_cash_count_left_alone_is_found_again(terminal):
    terminal.press("F2")
    terminal.wait_for("code PIN")
    terminal.press(*PIN, "Enter")
    terminal.wait_for("Espace bénévoles")
    terminal.press("z")
    terminal.wait_for("Total carte annoncé")  # the closing screen itself, not its button
    terminal.press("3")  # three 500 € notes, in the first field
    terminal.wait_for("1 500,00")
    terminal.wait_for("Commencer", 4 * WAIT)  # the volunteer walked away: back to welcome
    terminal.press("F2")
    terminal.wait_for("code PIN")
    terminal.press(*PIN, "Enter")
    terminal.wait_for("Espace bénévoles")
    terminal.press("z")
    shown = terminal.wait_for("Comptage repris")
    assert "1 500,00" in shown


def test_a_terminal_too_small_says_so_and_the_visit_goes_on(terminal):
    terminal.press("Enter")
    terminal.wait_for("Combien êtes-vous")
    terminal.tmux("resize-window", "-t", "kiosk", "-x", "39", "-y", "24")
    shown = terminal.wait_for("Écran trop petit")
    assert "Combien" not in shown
    terminal.tmux("resize-window", "-t", "kiosk", "-x", "80", "-y", "24")
    terminal.wait_for("Combien êtes-vous")
    terminal.press("3")  # cook and eat
    terminal.wait_for("Votre contribution")


def running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie nobody reaped yet has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


@pytest.mark.parametrize(("under_make", "how"), [(False, "kill-session"), (True, "kill-session"),
                                                (False, "SIGHUP")],
                         ids=["alone", "under-make", "sighup-alone"])
def test_the_kiosk_ends_with_its_terminal_and_the_visit_is_whole(tmp_path, under_make, how):
    data_dir = tmp_path / "cantine"
    data_dir.mkdir()
    terminal = Terminal(tmp_path)
    terminal.start(data_dir, under_make)
    kiosk = 0
    try:
        terminal.wait_for("Commencer", 90)
        kiosk = terminal.kiosk_pid()
        for key, then in (("Enter", "Combien êtes-vous"), ("1", "Votre contribution"),
                          ("4", "Comment donnez-vous"), ("1", "Question 1 sur 3")):
            terminal.press(key)
            terminal.wait_for(then)  # cash: the visit is confirmed, the survey is on screen
        if how == "SIGHUP":  # a hangup said by a signal, the terminal still there
            os.kill(kiosk, signal.SIGHUP)
        else:
            terminal.tmux("kill-session", "-t", "kiosk")  # the terminal goes away mid-survey
        deadline = time.monotonic() + 8  # a few seconds, on a loaded machine
        while running(kiosk) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not running(kiosk), "the kiosk outlived its terminal"
    finally:
        terminal.stop()
        if kiosk and running(kiosk):
            os.kill(kiosk, signal.SIGKILL)  # not left spinning after a failure
    assert recorded(data_dir) == [Visit("eat", 1300, "cash", 1)]
    verified = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir),
                               "verify"], capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    log = (data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "did not end within" not in log  # it ended through its loop, not cut short
