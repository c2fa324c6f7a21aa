"""Where the chain ends, found at the same cost whatever the history: the head of the ledger.

Every commit needs the last entry (its seq and hash come next). Reading every day file would
grow with the years, so the head lives in two places:

- the lock file `.lock` holds a small record written under the lock, in place, by every writer:
  "writing" just before a day file is replaced, then "done" with the new head once it is durable.
  A writer killed in between leaves "writing", and the next one does not trust the record.
- `.index.json` remembers each day file's stat signature and last entry. It is a cache, never
  trusted blindly: a file whose signature changed is read again; a missing or broken index is
  rebuilt from the files.

A process reads the index and checks every file's signature on its first commit (after a power
cut everything restarts, so a record that the cut left stale is never believed); afterwards it
takes the head from the record while the record says "done".
"""

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.ledger.storage import AtomicJSONStorage, UnreadableLedgerFile, write_atomically

GENESIS = "0" * 64
DAY_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})\.json")
INDEX_NAME = ".index.json"
LOCK_NAME = ".lock"
RECORD_SIZE = 512  # fixed, so a record is rewritten in place by one pwrite and never truncated


@dataclass(frozen=True)
class Head:
    """The last entry of the chain: the next one's `prev`, seq and clock check come from it."""

    seq: int = 0
    hash: str = GENESIS
    ts: str = ""

    @classmethod
    def of(cls, last: list[Any] | None) -> "Head":
        """The head from a stored [seq, hash, ts], or the start of the chain for None."""
        return cls(*last) if last else cls()


class ChainHead:
    """Finds and records the head of the chain of one ledger folder; call it under the lock."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.scanned = False
        self._index_cache: tuple[Any, dict[str, Any]] | None = None

    def current(self, lock: int) -> Head:
        """The head, from the lock file's record when it can be believed, else from the files."""
        record = read_record(lock)
        if self.scanned and record is not None and record["done"]:
            return Head.of(record["head"])
        head = self.fresh_index(record["head"] if record else None)["head"]
        self.scanned = True
        write_record(lock, head, done=True)
        return Head.of(head)

    def begin(self, lock: int, head: Head) -> None:
        """Say that a day file is about to change: until `settle`, nobody trusts the record."""
        write_record(lock, [head.seq, head.hash, head.ts] if head.seq else None, done=False)

    def settle(self, lock: int, document: dict[str, Any]) -> None:
        """Record `document` as the head, now that it is durable."""
        write_record(lock, [document["seq"], document["hash"], document["ts"]], done=True)

    def remembered(self) -> tuple[int, str] | None:
        """The newest (seq, hash) the record or the index names; a witness for `verify`."""
        try:
            with open(self.folder / LOCK_NAME, "rb") as handle:
                record = parse_record(handle.read(RECORD_SIZE))
        except OSError:
            record = None
        known = [last for last in ((record or {}).get("head"), self.load_index()["head"]) if last]
        if not known:
            return None
        seq, digest, _ = max(known, key=lambda last: last[0])
        return seq, digest

    # -- the index: a cache of each day file's last entry --------------------------------------

    def fresh_index(self, recorded: list[Any] | None = None) -> dict[str, Any]:
        """The index, with every day file whose signature changed read again.

        The head is the newest of the files' last entries, the index's head and `recorded` (the
        lock file's): a day file found damaged must not make the chain reuse its entries' ids.
        """
        index = self.load_index()
        files = index["files"]
        present = {}
        for item in os.scandir(self.folder):
            if DAY_FILE.fullmatch(item.name):
                stat = item.stat()
                present[item.name] = [stat.st_ino, stat.st_size, stat.st_mtime_ns]
            elif item.name.endswith(".tmp") and item.name.startswith("."):
                # Called under the lock, so no write is in progress: this is a killed writer's
                # half copy, never renamed into place.
                os.unlink(item.path)
        changed = False
        for name, signature in present.items():
            if name not in files or files[name]["sig"] != signature:
                files[name] = {"sig": signature, "last": last_of(self.folder / name)}
                changed = True
        lasts = [f["last"] for f in files.values() if f["last"]]
        candidates = lasts + [last for last in (index["head"], recorded) if last]
        head = max(candidates, key=lambda last: last[0]) if candidates else None
        if changed or head != index["head"]:
            index["head"] = head
            self.save_index(index)
        return index

    def last_seqs(self) -> dict[str, float]:
        """{day file name: the seq of its last entry}, read-only (callable with or without the
        lock).

        A damaged file counts as holding the newest entries, so that readers still meet it.
        """
        files = self.load_index()["files"]
        lasts: dict[str, float] = {}
        for item in os.scandir(self.folder):
            if DAY_FILE.fullmatch(item.name):
                stat = item.stat()
                known = files.get(item.name)
                if known and known["sig"] == [stat.st_ino, stat.st_size, stat.st_mtime_ns]:
                    last = known["last"]
                else:
                    last = last_of(Path(item.path))
                lasts[item.name] = last[0] if last else float("inf")
        return lasts

    def load_index(self) -> dict[str, Any]:
        """The index as last saved (from memory if the file did not change), or an empty one."""
        if self._index_cache is not None:
            cached_sig, cached = self._index_cache
            if cached_sig == self._index_signature():
                return cached
        try:
            index = json.loads((self.folder / INDEX_NAME).read_bytes())
        except (OSError, ValueError):
            index = None
        return index if is_index(index) else {"files": {}, "head": None}

    def save_index(self, index: dict[str, Any]) -> None:
        """Write the index. A cache: no fsync; after a power cut it is stale or broken, and
        rebuilt."""
        write_atomically(self.folder / INDEX_NAME, json.dumps(index).encode(), durable=False)
        self._index_cache = (self._index_signature(), index)

    def _index_signature(self) -> tuple[int, int, int] | None:
        try:
            stat = (self.folder / INDEX_NAME).stat()
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def last_of(path: Path) -> list[Any] | None:
    """[seq, hash, ts] of the last entry of a day file; None if it has none or is damaged."""
    try:
        documents = AtomicJSONStorage(path).read() or {}
    except UnreadableLedgerFile:
        return None  # set aside when next written to; `verify` reports it
    entries = [d for table in documents.values() for d in table.values()]
    if not entries:
        return None
    last = max(entries, key=lambda d: d["seq"])
    return [last["seq"], last["hash"], last["ts"]]


def _is_last(last: Any) -> bool:
    return (isinstance(last, list) and len(last) == 3 and isinstance(last[0], int)
            and all(isinstance(part, str) for part in last[1:]))


def is_index(index: Any) -> bool:
    """Whether `index` has the shape `save_index` writes; anything else is rebuilt from the
    files."""
    return (isinstance(index, dict) and isinstance(index.get("files"), dict)
            and (index.get("head") is None or _is_last(index["head"]))
            and all(isinstance(f, dict) and isinstance(f.get("sig"), list)
                    and (f.get("last") is None or _is_last(f["last"]))
                    for f in index["files"].values()))


def parse_record(raw: bytes) -> dict[str, Any] | None:
    """The lock file's record, or None if there is none or it is not one we wrote."""
    try:
        record = json.loads(raw.strip(b"\0 \n") or b"null")
    except ValueError:
        return None
    if (isinstance(record, dict) and isinstance(record.get("done"), bool)
            and (record.get("head") is None or _is_last(record["head"]))):
        return record
    return None


def read_record(lock: int) -> dict[str, Any] | None:
    """The record in the open lock file `lock`."""
    return parse_record(os.pread(lock, RECORD_SIZE, 0))


def write_record(lock: int, head: list[Any] | None, *, done: bool) -> None:
    """Rewrite the record in place: one pwrite, which a kill cannot cut in half."""
    data = json.dumps({"done": done, "head": head}).encode()
    os.pwrite(lock, data.ljust(RECORD_SIZE), 0)
