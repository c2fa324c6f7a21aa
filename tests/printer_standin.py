"""A stand-in network receipt printer on 127.0.0.1, served from threads, for tests.

It speaks just enough ESC/POS to be believed: it answers the real-time status queries
(DLE EOT n) and records every other byte, one job per connection. A test switches its behaviour
at any time with `become(mode)`:

- "healthy": answers, records, keeps every job;
- "refusing": the port is closed, connections are refused;
- "silent": accepts the connection, then never reads nor answers;
- "hangs_up": answers the status queries, then closes the connection after the job's first bytes;
- "out_of_paper": answers that the roll is empty.

A test module gets the `standin_printer` fixture with `pytest_plugins = ["printer_standin"]`.
"""

import re
import socket
import struct
import threading

import pytest

from printer.settings import PrinterSettings

MODES = ("healthy", "refusing", "silent", "hangs_up", "out_of_paper")
STATUS_QUERY = re.compile(rb"\x10\x04[\x01-\x04]")
# Fixed bits 1 and 4 set, nothing wrong (Epson's DLE EOT answers).
ALL_WELL = 0x12
# DLE EOT 4: roll paper end (bits 5 and 6) on top of the fixed bits.
PAPER_OUT = 0x72
# How many job bytes "hangs_up" takes before closing: past the status queries, inside the job.
HANG_UP_AFTER = 8


class StandinPrinter:
    """A receipt printer listening on 127.0.0.1 at `port`, whose `jobs` are the bytes it printed."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = 0
        self.jobs: list[bytes] = []
        self.mode = "healthy"
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._listener: socket.socket | None = None
        self._listening = False
        self._threads: list[threading.Thread] = []

    def settings(self, timeout: float = 1.0, **changes) -> PrinterSettings:
        """Printer settings that point at this stand-in."""
        return PrinterSettings(
            connection="network", host=self.host, port=self.port, timeout=timeout, **changes
        )

    def start(self, mode: str = "healthy") -> "StandinPrinter":
        """Bind a free port and behave as `mode`."""
        self._bind()
        self.become(mode)
        return self

    def become(self, mode: str) -> None:
        """Switch behaviour; connections already open keep the behaviour they started with."""
        assert mode in MODES, mode
        self.mode = mode
        if mode == "refusing" and self._listening:
            # A bound socket that does not listen makes the kernel refuse connections; the port
            # can be bound again only once every connection on it is closed.
            self._listener.close()
            self._drop_connections()
            self._bind()
            self._listening = False
        elif mode != "refusing" and not self._listening:
            self._listener.listen()
            self._spawn(self._accept_loop, self._listener)
            self._listening = True

    def wait_for_jobs(self, count: int, timeout: float = 3.0) -> list[bytes]:
        """The jobs printed so far, once there are at least `count` (or the timeout passed)."""
        with self._changed:
            self._changed.wait_for(lambda: len(self.jobs) >= count, timeout)
            return list(self.jobs)

    def stop(self) -> None:
        """Close every connection and stop the threads."""
        self._listener.close()
        self._drop_connections()

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

    def _spawn(self, target, *args) -> None:
        name = "accept" if target == self._accept_loop else "serve"
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self, listener: socket.socket) -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:  # the listener was closed: this loop's work is over
                return
            self._spawn(self._serve, connection, self.mode, self._stopping)

    def _serve(self, connection: socket.socket, mode: str, stopping: threading.Event) -> None:
        connection.settimeout(0.05)
        with connection:
            if mode == "silent":
                stopping.wait()
                return
            received = bytearray()
            answered = 0
            while not stopping.is_set():
                try:
                    chunk = connection.recv(4096)
                except TimeoutError:
                    continue
                except ConnectionError:
                    return
                if not chunk:
                    break
                received += chunk
                if mode == "hangs_up" and len(_printed(received)) >= HANG_UP_AFTER:
                    # SO_LINGER 0: close with a reset, as a printer losing power would, leaving
                    # the status query that ends the job unanswered.
                    connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    return
                queries = STATUS_QUERY.findall(received)
                for query in queries[answered:]:
                    connection.sendall(bytes([self._answer(query, mode)]))
                answered = len(queries)
            if mode != "hangs_up":
                with self._changed:
                    self.jobs.append(_printed(received))
                    self._changed.notify_all()

    @staticmethod
    def _answer(query: bytes, mode: str) -> int:
        if query.endswith(b"\x04") and mode == "out_of_paper":
            return PAPER_OUT
        return ALL_WELL


def _printed(received: bytes) -> bytes:
    """What reaches the paper: everything but the status queries."""
    return STATUS_QUERY.sub(b"", bytes(received))


@pytest.fixture
def standin_printer():
    """A healthy stand-in network printer on 127.0.0.1, stopped after the test."""
    printer = StandinPrinter().start()
    yield printer
    printer.stop()
