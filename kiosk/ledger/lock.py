"""The writers' lock: on the ledger folder itself, so that no file deleted in it lets two
writers in at once.

A lock file can be deleted while a writer holds it, and the next writer would then lock a new
file and write beside the first: the folder cannot be deleted while it holds the day files. The
thread that holds the lock may take it again (a writer that meets a damaged day sets it aside
under the lock it already holds). While held, the head's record (`.head`) is open for the writer.
"""

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.errors import DiskProblem, KioskError
from kiosk.ledger.head import RECORD_NAME


class FolderLock:
    """The exclusive lock of one ledger folder (threads and processes alike), and its shared
    form for readers that need a still ledger (verify, backups)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._holder: int | None = None  # the thread holding the lock, so it may take it again
        self._record: int | None = None

    @contextmanager
    def held(self) -> Iterator[int]:
        """Hold the lock; yields the open record of the chain's head."""
        if self._holder == threading.get_ident():
            yield self._record
            return
        try:
            folder = self._open_folder()
        except OSError as error:
            raise DiskProblem(error, self.folder) from None
        try:
            fcntl.flock(folder, fcntl.LOCK_EX)
            try:
                record = self._open_record()
            except OSError as error:  # a read-only disk: nothing can be written
                raise DiskProblem(error, self.folder / RECORD_NAME) from None
            self._holder, self._record = threading.get_ident(), record
            try:
                yield record
            finally:
                self._holder = self._record = None
                os.close(record)
        finally:
            os.close(folder)  # closing releases the lock

    @contextmanager
    def shared(self) -> Iterator[None]:
        """Hold the lock shared: no writer changes anything until released."""
        if not self.folder.is_dir():
            yield
            return
        folder = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(folder, fcntl.LOCK_SH)
            yield
        finally:
            os.close(folder)

    def _open_folder(self) -> int:
        try:
            return os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            self.folder.mkdir(parents=True, exist_ok=True)
            return os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
        except NotADirectoryError:
            raise KioskError(f"{self.folder} is a file, not a folder: the ledger needs a "
                             "folder there") from None

    def _open_record(self) -> int:
        path = self.folder / RECORD_NAME
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW
        try:
            return os.open(path, flags, 0o644)
        except OSError:
            path.unlink(missing_ok=True)  # not a file we wrote (a symlink...): a cache, remade
            return os.open(path, flags, 0o644)
