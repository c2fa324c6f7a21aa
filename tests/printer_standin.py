"""A stand-in receipt printer for tests: on a TCP port of 127.0.0.1, or on a pseudo-terminal as a
serial printer.

It speaks just enough ESC/POS to be believed: it answers each real-time status question
(DLE EOT n) with one byte, as an Epson does, as soon as it reads it, and every other byte goes to
the paper while there is paper. A test switches its behaviour at any time with
`become(mode, **options)`; a network connection keeps the mode it started with, the serial line
changes at once. The modes:

- "healthy": answers, prints, keeps every job;
- "near_end": prints, and says its roll is near its end;
- "paper_out": out of paper, still online (only DLE EOT 4 tells);
- "paper_out_offline": out of paper and offline, as most printers are then;
- "cover_open": offline, its cover open;
- "jammed": offline with an error (a paper jam, the cutter stuck);
- "silent": accepts the connection, then never reads nor answers (a serial printer switched off);
- "refusing": the port is closed, connections are refused (network only);
- "black_hole": connections never complete (network only);
- "dies_after": hangs up after `after` bytes of the job (a serial one stops reading and answering);
- "dies_before_answer": takes the whole job, prints it, then hangs up on the question after it;
- "slow_answers": answers each question after `delay` seconds;
- "slow_reader": reads `rate` bytes a second (960: a 9600 baud link);
- "runs_out_after": prints `after` bytes of the job, then its paper is out (and it goes offline);
- "no_status": prints everything, never answers a question.

`paper` is every byte printed, in order; `receipts()` cuts it at the paper cuts; `jobs` (network)
holds what each connection printed. A test module gets the `standin_printer` (network) and
`serial_standin` fixtures with `pytest_plugins = ["printer_standin"]`.
"""

import os
import re
import select
import socket
import struct
import threading
import time
import tty

import pytest

from printer.settings import PrinterSettings

MODES = ("healthy", "near_end", "paper_out", "paper_out_offline", "cover_open", "jammed", "silent",
         "refusing", "black_hole", "dies_after", "dies_before_answer", "slow_answers",
         "slow_reader", "runs_out_after", "no_status")
STATUS_QUERY = re.compile(rb"\x10\x04[\x01-\x04]")
CUT = b"\x1dV\x00"
# Fixed bits 1 and 4 set, nothing wrong (Epson's DLE EOT answers).
ALL_WELL = 0x12
OFFLINE, COVER_OPEN, PAPER_END_STOP, ERROR = 0x08, 0x04, 0x20, 0x40
NEAR_END, PAPER_END = 0x0C, 0x60
# Kept for the tests that name them: DLE EOT 4 with the roll at its end.
PAPER_OUT = ALL_WELL | PAPER_END
HANG_UP_AFTER = 8


class Mechanism:
    """The printer's body, whatever the link: its paper, its cover, what it has printed."""

    def __init__(self) -> None:
        self.paper = bytearray()
        self.changed = threading.Condition()
        self.set_for("healthy", {})

    def set_for(self, mode: str, options: dict) -> None:
        """The body a mode describes: paper left (None: plenty), cover, whether it goes offline."""
        self.paper_left = {"paper_out": 0, "paper_out_offline": 0, "cover_open": 0,
                           "runs_out_after": options.get("after", 0)}.get(mode)
        self.cover_open = mode == "cover_open"
        self.jammed = mode == "jammed"
        self.near_end = mode == "near_end"
        self.offline_when_out = mode != "paper_out"

    def answer(self, question: int) -> int:
        """The byte an Epson would answer to DLE EOT `question`."""
        out = self.paper_left == 0
        offline = self.cover_open or self.jammed or (out and self.offline_when_out)
        if question == 1:
            return ALL_WELL | (OFFLINE if offline else 0)
        if question == 2:
            return (ALL_WELL | (COVER_OPEN if self.cover_open else 0)
                    | (PAPER_END_STOP if out and self.offline_when_out else 0)
                    | (ERROR if self.jammed else 0))
        if question == 4:
            return ALL_WELL | (PAPER_END if out else 0) | (NEAR_END if self.near_end else 0)
        return ALL_WELL

    def print_byte(self, byte: int) -> bool:
        """Put one byte on the paper if there is paper; True if it was printed."""
        if self.paper_left == 0 or self.cover_open or self.jammed:
            return False
        if self.paper_left is not None:
            self.paper_left -= 1
        with self.changed:
            self.paper.append(byte)
            self.changed.notify_all()
        return True


class Session:
    """One connection's reading of the byte stream: questions answered, the rest printed."""

    def __init__(self, mechanism: Mechanism, mode: str, options: dict) -> None:
        self.mechanism, self.mode, self.options = mechanism, mode, options
        self.printed = bytearray()
        self.job_bytes = 0
        self._pending = b""

    def feed(self, data: bytes) -> list:
        """What to do after reading `data`: ("answer", byte) and ("hang up",) in order."""
        stream, self._pending = self._pending + data, b""
        actions, index = [], 0
        while index < len(stream):
            if stream[index] == 0x10 and _partial_question(stream[index:]):
                self._pending = stream[index:]
                break
            if STATUS_QUERY.match(stream, index):
                actions += self._question(stream[index + 2])
                index += 3
            else:
                self.job_bytes += 1
                if self.mode == "dies_after" and self.job_bytes > self.options.get(
                        "after", HANG_UP_AFTER):
                    return [*actions, ("hang up",)]
                if self.mechanism.print_byte(stream[index]):
                    self.printed.append(stream[index])
                index += 1
            if actions and actions[-1] == ("hang up",):
                return actions
        return actions

    def _question(self, question: int) -> list:
        if self.mode == "no_status":
            return []
        if self.mode == "dies_before_answer" and self.job_bytes:
            return [("hang up",)]
        return [("answer", self.mechanism.answer(question))]


def _partial_question(tail: bytes) -> bool:
    return len(tail) == 1 or (len(tail) == 2 and tail[1] == 0x04)


class _Standin:
    """What both links share: the mechanism, the mode, and waiting for paper."""

    def __init__(self) -> None:
        self.mechanism = Mechanism()
        self.mode, self.options = "healthy", {}
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def paper(self) -> bytes:
        """Every byte printed so far, in order."""
        return bytes(self.mechanism.paper)

    def receipts(self) -> list[bytes]:
        """The paper cut into the jobs it holds: each ends with its cut (a torn one without)."""
        pieces = self.paper.split(CUT)
        whole = [piece + CUT for piece in pieces[:-1]]
        return whole + ([pieces[-1]] if pieces[-1] else [])

    def wait_for_paper(self, count: int, timeout: float = 3.0) -> list[bytes]:
        """The cut jobs on paper, once there are at least `count` (or the timeout passed)."""
        with self.mechanism.changed:
            self.mechanism.changed.wait_for(
                lambda: self.paper.count(CUT) >= count, timeout)
        return self.receipts()

    def _set_mode(self, mode: str, options: dict) -> None:
        assert mode in MODES, mode
        self.mode, self.options = mode, options
        self.mechanism.set_for(mode, options)

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _pace(self, taken: int, rate: float | None) -> None:
        """Take as long as `taken` bytes need at `rate` bytes a second (None: no time)."""
        if rate:
            self._stopping.wait(taken / rate)


class StandinPrinter(_Standin):
    """A network receipt printer listening on 127.0.0.1 at `port`; `jobs` holds what each
    connection printed."""

    def __init__(self) -> None:
        super().__init__()
        self.host, self.port = "127.0.0.1", 0
        self.jobs: list[bytes] = []
        # One connection at a time reaches the paper, as on a real printer's port 9100; the
        # next one waits, unread, until it is free.
        self._busy = threading.Lock()
        self._listener: socket.socket | None = None
        self._listening = False
        self._filler: socket.socket | None = None

    def settings(self, timeout: float = 1.0, **changes) -> PrinterSettings:
        """Printer settings that point at this stand-in."""
        return PrinterSettings(connection="network", host=self.host, port=self.port,
                               timeout=timeout, **changes)

    def start(self, mode: str = "healthy") -> "StandinPrinter":
        """Bind a free port and behave as `mode`."""
        self._bind()
        self.become(mode)
        return self

    def become(self, mode: str, **options) -> None:
        """Switch behaviour; connections already open keep the behaviour they started with."""
        was = self.mode
        self._set_mode(mode, options)
        if mode in ("refusing", "black_hole") or was == "black_hole":
            self._rebind()
        if mode == "black_hole":
            # A backlog of 0 holds one connection, which the stand-in makes itself and never
            # accepts: the kernel then drops every other attempt, which never completes.
            self._listener.listen(0)
            self._filler = socket.create_connection((self.host, self.port), timeout=1)
            self._listening = True
        elif mode != "refusing" and not self._listening:
            self._listener.listen()
            self._spawn(self._accept_loop, self._listener)
            self._listening = True

    def wait_for_jobs(self, count: int, timeout: float = 3.0) -> list[bytes]:
        """What each connection printed, once there are at least `count` (or the timeout)."""
        with self.mechanism.changed:
            self.mechanism.changed.wait_for(lambda: len(self.jobs) >= count, timeout)
            return list(self.jobs)

    def stop(self) -> None:
        """Close every connection and stop the threads."""
        self._listener.close()
        if self._filler is not None:
            self._filler.close()
        self._drop_connections()

    def _rebind(self) -> None:
        # A bound socket that does not listen makes the kernel refuse connections; the port
        # can be bound again only once every connection on it is closed.
        self._listener.close()
        if self._filler is not None:
            self._filler.close()
            self._filler = None
        self._drop_connections()
        self._bind()
        self._listening = False

    def _drop_connections(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads = []
        self._stopping = threading.Event()

    def _bind(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener

    def _accept_loop(self, listener: socket.socket) -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:  # the listener was closed: this loop's work is over
                return
            session = Session(self.mechanism, self.mode, dict(self.options))
            self._spawn(self._serve, connection, session, self._stopping)

    def _serve(self, connection: socket.socket, session: Session,
               stopping: threading.Event) -> None:
        connection.settimeout(0.05)
        rate = session.options.get("rate", 960) if session.mode == "slow_reader" else None
        with connection:
            if session.mode == "silent":
                stopping.wait()
                return
            while not self._busy.acquire(timeout=0.05):
                if stopping.is_set():
                    return
            try:
                self._read_session(connection, session, stopping, rate)
            finally:
                self._busy.release()
        with self.mechanism.changed:
            self.jobs.append(bytes(session.printed))
            self.mechanism.changed.notify_all()

    def _read_session(self, connection: socket.socket, session: Session,
                      stopping: threading.Event, rate: float | None) -> None:
        while not stopping.is_set():
            try:
                chunk = connection.recv(max(1, int(rate / 50)) if rate else 4096)
            except TimeoutError:
                continue
            except ConnectionError:
                return
            if not chunk:
                return
            self._pace(len(chunk), rate)
            if not self._act(connection, session, session.feed(chunk)):
                return

    def _act(self, connection: socket.socket, session: Session, actions: list) -> bool:
        for action in actions:
            if action[0] == "hang up":
                # SO_LINGER 0: close with a reset, as a printer losing power would.
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return False
            if session.mode == "slow_answers":
                time.sleep(session.options.get("delay", 0.5))
            connection.sendall(bytes([action[1]]))
        return True


class SerialStandin(_Standin):
    """A serial receipt printer at the far end of a pseudo-terminal, reading at `baudrate` / 10
    bytes a second like a real line; the kiosk opens `path` (its other end) as a serial port,
    or as a device file."""

    def __init__(self, baudrate: int = 9600) -> None:
        super().__init__()
        self.baudrate = baudrate
        self._master, self._slave = os.openpty()
        # The stand-in keeps its end open, so the line stays up between the kiosk's jobs, and
        # raw, so bytes pass as they are.
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        self._session = Session(self.mechanism, "healthy", {})
        self._spawn(self._read_loop)

    def settings(self, timeout: float = 1.0, **changes) -> PrinterSettings:
        """Serial printer settings for this stand-in."""
        return PrinterSettings(connection="serial", device=self.path, baudrate=self.baudrate,
                               timeout=timeout, **changes)

    def file_settings(self, timeout: float = 1.0, **changes) -> PrinterSettings:
        """Settings that write to this stand-in as a device file (/dev/usb/lp0 would be one)."""
        return PrinterSettings(connection="file", path=self.path, timeout=timeout, **changes)

    def become(self, mode: str, **options) -> None:
        """Switch behaviour at once. A printer switched back on starts with an empty buffer."""
        assert mode not in ("refusing", "black_hole"), "a serial line has no connection to refuse"
        if self.mode in ("silent", "dies_after", "dies_before_answer") and mode != self.mode:
            self._discard_line()
        self._set_mode(mode, options)
        self._session = Session(self.mechanism, mode, dict(options))

    def stop(self) -> None:
        """Stop reading and close both ends."""
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=2)
        os.close(self._master)
        os.close(self._slave)

    def _discard_line(self) -> None:
        while select.select([self._master], [], [], 0)[0]:
            if not os.read(self._master, 65536):
                return

    def _read_loop(self) -> None:
        while not self._stopping.is_set():
            session = self._session
            if session.mode == "silent" or getattr(session, "dead", False):
                self._stopping.wait(0.02)
                continue
            rate = session.options.get("rate", 960) if session.mode == "slow_reader" else (
                self.baudrate / 10)
            if not select.select([self._master], [], [], 0.02)[0]:
                continue
            chunk = os.read(self._master, max(1, int(rate / 50)))
            self._pace(len(chunk), rate)
            for action in session.feed(chunk):
                if action[0] == "hang up":
                    session.dead = True  # switched off: reads and answers nothing more
                    break
                if session.mode == "slow_answers":
                    time.sleep(session.options.get("delay", 0.5))
                os.write(self._master, bytes([action[1]]))


@pytest.fixture
def standin_printer():
    """A healthy stand-in network printer on 127.0.0.1, stopped after the test."""
    printer = StandinPrinter().start()
    yield printer
    printer.stop()


@pytest.fixture
def serial_standin():
    """A healthy stand-in serial printer at 9600 baud on a pseudo-terminal."""
    printer = SerialStandin(9600)
    yield printer
    printer.stop()
