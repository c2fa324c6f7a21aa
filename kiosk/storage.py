"""A TinyDB storage that never leaves a half-written file: temp file, fsync, rename, fsync folder."""

import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from kiosk.errors import KioskError


class UnreadableLedgerFile(KioskError):
    """A ledger file that is empty or does not parse: never overwritten, never read as empty."""

    exit_status = 1

    def __init__(self, path: Path, why: str):
        super().__init__(f"{path} {why}")
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
        with open(temporary, "wb") as handle:
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

    def __init__(self, path: str | Path, **_: Any):
        self.path = Path(path)
        self._known: Any = None

    def read(self) -> dict[str, Any] | None:
        """The file's tables, None if there is no file; UnreadableLedgerFile if it is damaged."""
        if self._known is not None:
            return self._known
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            raise UnreadableLedgerFile(self.path, "is empty")
        try:
            data = json.loads(raw)
        except ValueError as error:
            raise UnreadableLedgerFile(self.path, f"does not parse ({error})") from None
        if not _is_database(data):
            raise UnreadableLedgerFile(self.path, "is not a ledger file")
        if not any(data.values()):
            # TinyDB creates a file with its first entry: one with none was emptied by hand.
            raise UnreadableLedgerFile(self.path, "holds no entry")
        self._known = data
        return data

    def write(self, data: dict[str, Any]) -> None:
        """Replace the file with `data`, durably: a crash leaves the old file or the new one."""
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomically(self.path, encoded)
        self._known = None

    def close(self) -> None:
        """Forget what was read: the next read goes to the disk."""
        self._known = None
