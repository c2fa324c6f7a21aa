"""Where `kiosk export -o FILE` may write, so that an output can never hurt.

- Never into the data dir's ledger, print queue, settings, PIN lock-out, closing draft or log,
  however the path is spelled (a symlink, `..`): an export written over a day file would lose
  the day, one over the lock-out file would lift it.
- A character device or a FIFO (`/dev/stdout`, a pipe) is written to as it is, never replaced.
- An existing regular file is replaced only when asked (`--force`).
- Symlinks are followed on purpose: the file they lead to is the one written (and checked).
- The new file is written beside its target under a fresh name (`O_EXCL | O_NOFOLLOW`, so a
  planted symlink is never followed), fsynced, then renamed over the target.
"""

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from kiosk.books.count_draft import DRAFT_NAME
from kiosk.errors import DiskProblem, KioskError
from kiosk.ledger.storage import write_atomically
from kiosk.logfile import LOG_FOLDER
from kiosk.settings.pin_guard import LOCK_FILE, LOCK_STATE, SETUP_CODE

# The data dir's parts an output must never land in: files, and folders with all they hold.
PROTECTED = ("ledger", "print-queue", "kiosk.toml", LOCK_STATE, LOCK_FILE, SETUP_CODE,
             DRAFT_NAME, LOG_FOLDER)
# Paths that stand for this process's own streams, whatever file they lead to.
STREAMS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")
OWN_STDOUT = ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


@dataclass(frozen=True)
class Output:
    """A checked output: the path to write, and whether it is a stream written as it is."""

    path: Path
    stream: bool


def checked_output(text: str, data_dir: Path, force: bool) -> Output:
    """The output `text` names, or a one-line KioskError saying why it is refused."""
    if not text.strip():
        raise KioskError("-o is empty: give a file name, like days.csv")
    given = Path(text)
    if text.startswith(STREAMS):
        return Output(given, stream=True)
    target = Path(os.path.realpath(given))
    refuse_protected(given, target, data_dir)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        return Output(target, stream=True)
    if mode is not None and stat.S_ISDIR(mode):
        raise KioskError(f"{given} is a folder: give a file name in it, like days.csv")
    if mode is not None and not stat.S_ISREG(mode):
        raise KioskError(f"{given} is not a file (a socket or a device): nothing was written")
    if not target.parent.is_dir():
        raise KioskError(f"{target.parent} is not a folder; cannot write {target.name}")
    if mode is not None and not force:
        raise KioskError(f"{given} already exists: add --force to replace it, or give another "
                         "name; nothing was written")
    return Output(target, stream=False)


def refuse_protected(given: Path, target: Path, data_dir: Path) -> None:
    """KioskError if `target` is, or is inside, a part of the data dir an output must spare."""
    home = Path(os.path.realpath(data_dir))
    for part in PROTECTED:
        protected = home / part
        if target == protected or protected in target.parents:
            raise KioskError(f"{given} is in the kiosk's {part} (in the data dir {data_dir}): an "
                             "export is never written there; nothing was written")


def write_output(output: Output, data: bytes) -> None:
    """Write `data` to a checked output: a stream as it is, a file atomically."""
    try:
        if output.stream and str(output.path) in OWN_STDOUT:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        elif output.stream:
            # Appending: a file behind /dev/stderr or a `>>` redirection keeps what it holds.
            with open(output.path, "ab" if output.path.is_file() else "wb") as handle:
                handle.write(data)
        else:
            write_atomically(output.path, data)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise DiskProblem(error, output.path) from None
