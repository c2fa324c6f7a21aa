"""The kiosk's log: a rotating file in the data dir (and the journal under systemd), never the
terminal.

Anything written to the terminal while the kiosk runs is painted over the guests' screen: a
library's warning over "Merci !". So once `start_logging` ran, every log record of the process
goes to `<data dir>/logs/kiosk.log`: the kiosk's own, Python's warnings, and those of libraries
that set up their own logging (python-escpos calls `logging.basicConfig()` when imported, which
would add a handler writing to the terminal: it finds ours and adds nothing, and one added
before is taken away). Prints of a running app are taken by Textual; the app writes them here.

`kiosk serve` starts one kiosk process per browser tab, all writing the same file: each record
is written under a file lock, a process that finds the file rotated by another opens the new
one, so the log never grows past MAX_BYTES times (BACKUPS + 1) on a kiosk that runs for weeks.
"""

import fcntl
import logging
import logging.handlers
import os
import sys
from pathlib import Path

LOG_FOLDER = "logs"
LOG_NAME = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUPS = 4
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
# systemd's journal listens on the syslog socket; a service's processes carry INVOCATION_ID.
JOURNAL_SOCKET = "/dev/log"


def log_path(data_dir: Path) -> Path:
    """Where the kiosk of `data_dir` writes its log."""
    return Path(data_dir) / LOG_FOLDER / LOG_NAME


class SharedRotatingFile(logging.handlers.RotatingFileHandler):
    """A rotating log file that several processes write: one record at a time under a lock,
    and a rotation made by another process is followed instead of written past."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS):
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8",
                         delay=True)
        self.lock_path = Path(path).with_name(f".{Path(path).name}.lock")

    def emit(self, record: logging.LogRecord) -> None:
        """Write one record, rotating first when it would make the file too long."""
        try:
            with open(self.lock_path, "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                self._follow_rotation()
                super().emit(record)
        except Exception:  # logging's contract: a handler never raises into the caller
            self.handleError(record)

    def _follow_rotation(self) -> None:
        """Reopen the file by its name when another process renamed the open one away."""
        if self.stream is None:
            return
        try:
            moved = os.stat(self.baseFilename).st_ino != os.fstat(self.stream.fileno()).st_ino
        except FileNotFoundError:
            moved = True
        if moved:
            self.stream.close()
            self.stream = None  # FileHandler.emit opens it again


def journal_address() -> str | None:
    """The journal's socket when this process runs under systemd, else None."""
    if os.environ.get("INVOCATION_ID") and Path(JOURNAL_SOCKET).exists():
        return JOURNAL_SOCKET
    return None


def start_logging(data_dir: Path, journal: str | None = None) -> Path | None:
    """Send every log record of this process to the data dir's log file (and to `journal`, a
    syslog socket, when given), and none to the terminal. Returns the file, or None when it
    cannot be written: records are then dropped rather than painted over the screen.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if _writes_to_terminal(handler) or getattr(handler, "kiosk_log", False):
            root.removeHandler(handler)
            handler.close()
    path: Path | None = log_path(data_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = SharedRotatingFile(path)
        handler.stream = handler._open()  # fails now, not at the first record, if unwritable
    except OSError:
        path, handler = None, logging.NullHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.kiosk_log = True  # a second start (tests) replaces it rather than adding one
    root.addHandler(handler)
    if journal:
        try:
            syslog = logging.handlers.SysLogHandler(address=journal)
        except OSError:
            pass  # no journal after all: the file is enough
        else:
            syslog.setFormatter(logging.Formatter("kiosk[%(process)d]: %(levelname)s "
                                                  "%(name)s: %(message)s"))
            syslog.kiosk_log = True
            root.addHandler(syslog)
    root.setLevel(logging.INFO)
    # A record with nowhere to go, or a log that fails to write, would otherwise go to stderr.
    logging.lastResort = handler
    logging.raiseExceptions = False
    logging.captureWarnings(True)
    return path


def _writes_to_terminal(handler: logging.Handler) -> bool:
    stream = getattr(handler, "stream", None)
    return not isinstance(handler, logging.FileHandler) and stream in (
        sys.stderr, sys.stdout, sys.__stderr__, sys.__stdout__)
