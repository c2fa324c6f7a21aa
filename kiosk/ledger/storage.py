"""A TinyDB storage that never leaves a half-written file: temp file, fsync, rename, fsync
folder."""

import errno
import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from kiosk.errors import KioskError
from kiosk.ledger.rawday import parse_vouching


class UnreadableLedgerFile(KioskError):
    """A ledger file that is damaged (empty, unparsable, an entry changed...): never overwritten,
    never read as empty."""

    exit_status = 1
    code = "ledger_unreadable"

    def __init__(self, path: Path, why: str):
        # "…/2026-11-21.json is empty", but "…/2026-11-21.json: entry 3 was changed…"
        joint = ": " if why.startswith(("entry", "an entry")) else " "
        super().__init__(f"{path}{joint}{why}", file=Path(path).name)
        self.path = path


def fsync_folder(folder: Path) -> None:
    """Make a rename inside `folder` durable (the folder's entry, not only the file's bytes)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_atomically(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data` so that a crash leaves either the old file or the new one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(_create_new(temporary), "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        # A full disk or a file size limit: the old file is untouched; leave no half copy behind.
        temporary.unlink(missing_ok=True)
        raise
    if durable:
        fsync_folder(path.parent)


def _create_new(temporary: Path) -> int:
    """A new file at `temporary`, never an existing one nor the target of a planted symlink."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    try:
        return os.open(temporary, flags, 0o666)
    except FileExistsError:
        # Left by a killed process that had our pid: ours to replace (a symlink is removed, not
        # followed).
        os.unlink(temporary)
        return os.open(temporary, flags, 0o666)


def read_regular(path: Path) -> bytes | None:
    """The bytes of the regular file at `path`, None if there is none.

    UnreadableLedgerFile for a symlink, a folder, a FIFO or a device where a file should be: it is
    never followed nor waited on. Other OS errors (no permission...) are raised as they are.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnreadableLedgerFile(path, "is a symbolic link, not a file") from None
        raise
    mode = os.fstat(handle).st_mode
    if not stat.S_ISREG(mode):
        os.close(handle)
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise UnreadableLedgerFile(path, f"is {what}")
    with open(handle, "rb") as stream:
        return stream.read()


def _is_database(data: Any) -> bool:
    """Whether `data` has TinyDB's shape: {table: {document id: {field: value}}}."""
    return isinstance(data, dict) and all(
        isinstance(table, dict) and all(isinstance(d, dict) for d in table.values())
        for table in data.values())


class AtomicJSONStorage(Storage):
    """TinyDB's JSON storage made durable; a read after our own write is served from memory.

    The caller holds the ledger lock around read-modify-write, so the file cannot change between
    our write and the next read in the same instance.
    """

    def __init__(self, path: str | Path, written: "WrittenDays | None" = None,
                 check: Callable[[dict[str, Any], set[int]], str] | None = None,
                 seal: str | None = None, want_digest: bool = False, **_: Any):
        self.path = Path(path)
        self._known: Any = None
        self._written = written
        # Says why the tables are not valid, '' when they are; it is also given the id() of the
        # entries whose stored bytes already proved their hash.
        self._check = check
        # The SHA-256 of these very bytes when a writer last found every entry in them intact
        # (`kiosk.ledger.head` keeps it): bytes that still hash to it need no check again.
        self._seal = seal
        self._want_digest = want_digest or seal is not None
        self.digest: str | None = None  # of the bytes last read from disk, when asked for

    def read(self) -> dict[str, Any] | None:
        """The file's tables, None if there is no file; UnreadableLedgerFile if it is damaged."""
        if self._known is not None:
            return self._known
        if self._written is not None and (data := self._written.get(self.path)) is not None:
            self._known = data
            return data
        raw = read_regular(self.path)
        if raw is None:
            return None
        if not raw.strip():
            raise UnreadableLedgerFile(self.path, "is empty")
        self.digest = hashlib.sha256(raw).hexdigest() if self._want_digest else None
        sealed = self._seal is not None and self.digest == self._seal
        try:
            data, vouched = (json.loads(raw), set()) if sealed else parse_vouching(raw)
        except (ValueError, RecursionError) as error:
            raise UnreadableLedgerFile(self.path, f"does not parse ({error})") from None
        if not _is_database(data):
            raise UnreadableLedgerFile(self.path, "is not a ledger file")
        if not any(data.values()):
            # TinyDB creates a file with its first entry: one with none was emptied by hand.
            raise UnreadableLedgerFile(self.path, "holds no entry")
        if not sealed and self._check is not None and (problem := self._check(data, vouched)):
            raise UnreadableLedgerFile(self.path, problem)
        self._known = data
        return data

    def write(self, data: dict[str, Any]) -> None:
        """Replace the file with `data`, durably: a crash leaves the old file or the new one."""
        if self._written is not None:
            # TinyDB changed `data` in place before calling us: if the write fails, the memory
            # copy must not outlive it.
            self._written.forget(self.path)
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomically(self.path, encoded)
        if self._written is not None:
            self._written.remember(self.path, data)
        self._known = None

    def close(self) -> None:
        """Forget what was read: the next read goes to the disk."""
        self._known = None


class WrittenDays:
    """The day files this process wrote last, kept parsed, so a commit need not read its own write.

    A file is served from memory only while its signature (inode, size, mtime) is the one we left:
    any other writer replaces the file with a new inode, and then it is read from disk again.
    """

    def __init__(self) -> None:
        self._days: dict[Path, tuple[tuple[int, int, int], dict[str, Any]]] = {}

    @staticmethod
    def _signature(path: Path) -> tuple[int, int, int] | None:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def get(self, path: Path) -> dict[str, Any] | None:
        """The tables of `path` as we wrote them, or None if it changed since (or never written)."""
        known = self._days.get(path)
        if known is None or known[0] != self._signature(path):
            self._days.pop(path, None)
            return None
        return known[1]

    def remember(self, path: Path, data: dict[str, Any]) -> None:
        """`data` is now what `path` holds on disk."""
        signature = self._signature(path)
        if signature is not None:
            self._days = {path: (signature, data)}  # only the last day: a day is all we append to

    def forget(self, path: Path) -> None:
        """Drop what we knew of `path`."""
        self._days.pop(path, None)
