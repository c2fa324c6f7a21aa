"""Where the chain ends, found at the same cost whatever the history: the head of the ledger.

Every commit needs the last entry (its seq and hash come next), the open service (where the entry
goes) and, for a closing, the last closing (its Z number and grand total come next). Reading every
day file would grow with the years, and one damaged past day would block them all, so the head
lives in two small witnesses:

- the record `.head`, rewritten in place under the lock by every writer: "writing" just before a
  day file is replaced, then "done" with the new head once it is durable. A writer killed in
  between leaves "writing", and the next one does not trust the record.
- `.index.json` remembers each day file's stat signature and what the head needs from it (its
  last entry, its last entry that is not a void, its last closing, the highest number of each
  numbered series it holds: memberships `A-2026-0042`, receipts `2026-000123`), and the
  SHA-256 of the bytes in which every entry was found intact (a reader whose bytes still hash
  to it need not check them entry by entry again). It is a cache, never trusted blindly: a file
  whose signature changed is read again; a missing or broken index is rebuilt from the files. A
  day file set aside as damaged keeps its line, so what it held is still known.

Both may be deleted at any time, writers running or not: the lock is on the ledger folder itself,
and a missing or untrusted record only makes the next writer read the index and the files again.
A process reads them on its first commit (after a power cut everything restarts, so a record that
the cut left stale is never believed); afterwards it takes the head from the record while the
record says "done".
"""

import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kiosk.ledger.storage import UnreadableLedgerFile, write_atomically

GENESIS = "0" * 64
DAY_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})\.json")
INDEX_NAME = ".index.json"
RECORD_NAME = ".head"
RECORD_SIZE = 1024  # fixed, so a record is rewritten in place by one pwrite and never truncated

# [seq, hash, ts] of an entry; [seq, day, service, closed] of the last entry that is not a void;
# [seq, z, grand_total, ts, day] of a closing.
Last = list[Any]
# {"membership A-2026": 42, "receipt 2026": 123}: the highest count given in each numbered series
# (an entry whose data has a `number` like PREFIX-DIGITS), so that a day set aside as damaged, or
# deleted, never makes a number be given twice.
Numbers = dict[str, int]
NUMBERED = re.compile(r"(.+)-(\d+)")
# The record is of a fixed size: it keeps the series last written to (the index keeps them all).
RECORD_SERIES = 8


@dataclass(frozen=True)
class Head:
    """The end of the chain: the next entry's `prev`, seq and clock check, and where it goes."""

    seq: int = 0
    hash: str = GENESIS
    ts: str = ""
    mark: tuple[Any, ...] | None = None  # the last entry that is not a void: (seq, day, service,
    #                                      whether it is a closing); voids open and close nothing
    closing: tuple[Any, ...] | None = None  # the last closing: (seq, z, grand_total, ts, day)
    numbers: tuple[tuple[str, int], ...] = ()  # (series, highest count), last written last

    @classmethod
    def of(cls, last: Last | None, mark: Last | None = None,
           closing: Last | None = None, numbers: Numbers | None = None) -> "Head":
        """The head from stored lists, or the start of the chain for None."""
        head = cls(*last) if last else cls()
        return replace(head, mark=tuple(mark) if mark else None,
                       closing=tuple(closing) if closing else None,
                       numbers=tuple((numbers or {}).items()))

    def highest(self, series: str) -> int:
        """The highest count ever given in `series` ("membership A-2026"), 0 for none."""
        return dict(self.numbers).get(series, 0)

    @property
    def open_service(self) -> tuple[str, int] | None:
        """(day, number) of the service still open, or None when the last one was closed."""
        if self.mark is None or self.mark[3]:
            return None
        return self.mark[1], self.mark[2]

    def after(self, document: dict[str, Any]) -> "Head":
        """The head once `document` is appended."""
        head = replace(self, seq=document["seq"], hash=document["hash"], ts=document["ts"])
        mark = mark_of(document)
        if mark is not None:
            head = replace(head, mark=tuple(mark))
        closing = closing_of(document)
        if closing is not None:
            head = replace(head, closing=tuple(closing))
        numbered = numbers_of(document)
        if numbered:
            merged = merge_numbers([dict(self.numbers), numbered])
            series = next(iter(numbered))
            merged[series] = merged.pop(series)  # the series last written goes last
            head = replace(head, numbers=tuple(merged.items()))
        return head

    def lists(self) -> dict[str, Any]:
        """The head as the record and the index store it."""
        return {"head": [self.seq, self.hash, self.ts] if self.seq else None,
                "mark": list(self.mark) if self.mark else None,
                "closing": list(self.closing) if self.closing else None,
                "numbers": dict(self.numbers[-RECORD_SERIES:])}


def mark_of(document: dict[str, Any]) -> Last | None:
    """[seq, day, service, closed] for an entry that opens or closes something (not a void)."""
    if document["kind"] == "void":
        return None
    return [document["seq"], document["day"], document["service"], document["kind"] == "closing"]


def closing_of(document: dict[str, Any]) -> Last | None:
    """[seq, z, grand_total, ts, day] for a closing."""
    if document["kind"] != "closing":
        return None
    data = document["data"]
    return [document["seq"], data.get("z", 0), data.get("grand_total", 0), document["ts"],
            document["day"]]


def numbers_of(document: dict[str, Any]) -> Numbers:
    """{series: count} for an entry that carries a number (a membership, a receipt)."""
    number = document["data"].get("number") if isinstance(document.get("data"), dict) else None
    found = NUMBERED.fullmatch(number) if isinstance(number, str) else None
    if found is None:
        return {}
    return {f"{document['kind']} {found.group(1)}": int(found.group(2))}


def merge_numbers(all_numbers: Iterable[Numbers | None]) -> Numbers:
    """The highest count of each series among `all_numbers`."""
    merged: Numbers = {}
    for numbers in all_numbers:
        for series, count in (numbers or {}).items():
            merged[series] = max(count, merged.get(series, 0))
    return merged


def summary_of(documents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """What the head needs from one day file: its last entry, last mark and last closing, and
    the highest number of each series."""
    found: dict[str, Any] = {"last": None, "mark": None, "closing": None, "numbers": {}}
    for document in documents:
        found["numbers"] = merge_numbers([found["numbers"], numbers_of(document)])
        if found["last"] is None or document["seq"] > found["last"][0]:
            found["last"] = [document["seq"], document["hash"], document["ts"]]
        for key, value in (("mark", mark_of(document)), ("closing", closing_of(document))):
            if value is not None and (found[key] is None or value[0] > found[key][0]):
                found[key] = value
    return found


def newest(candidates: Iterable[Last | None]) -> Last | None:
    """The candidate with the highest seq (each list starts with its seq)."""
    return max((c for c in candidates if c), key=lambda c: c[0], default=None)


class ChainHead:
    """Finds and records the head of the chain of one ledger folder; call it under the lock.

    `read_day(name)` gives a day file's documents and the SHA-256 of the bytes found intact, or
    raises UnreadableLedgerFile (the ledger sets the file aside then).
    """

    def __init__(self, folder: Path,
                 read_day: Callable[[str], tuple[list[dict[str, Any]], str | None]]):
        self.folder = folder
        self.read_day = read_day
        self.scanned = False
        self._index_cache: tuple[Any, dict[str, Any]] | None = None

    def current(self, record: int) -> Head:
        """The head, from the record (open file `record`) when it can be believed, else from the
        files."""
        found = read_record(record)
        if self.scanned and found is not None and found["done"]:
            return Head.of(found["head"], found["mark"], found["closing"], found.get("numbers"))
        index = self.fresh_index(found)
        head = Head.of(index["head"], index["mark"], index["closing"], index.get("numbers"))
        self.scanned = True
        write_record(record, head, done=True)
        return head

    def begin(self, record: int, head: Head) -> None:
        """Say that a day file is about to change: until `settle`, nobody trusts the record."""
        write_record(record, head, done=False)

    def settle(self, record: int, head: Head, durable: bool = False) -> None:
        """Record `head`, now that its entry is durable (`durable`: the record too, for a
        closing, whose Z number and grand total the next closing follows)."""
        write_record(record, head, done=True)
        if durable:
            os.fdatasync(record)

    def remembered(self) -> tuple[int, str] | None:
        """The newest (seq, hash) the record or the index names; a witness for `verify`."""
        try:
            with open(self.folder / RECORD_NAME, "rb") as handle:
                found = parse_record(handle.read(RECORD_SIZE))
        except OSError:
            found = None
        last = newest([(found or {}).get("head"), self.load_index()["head"]])
        return (last[0], last[1]) if last else None

    # -- the index: a cache of what each day file holds for the head ---------------------------

    def fresh_index(self, recorded: dict[str, Any] | None = None) -> dict[str, Any]:
        """The index, with every day file whose signature changed read again.

        Each part of the head is the newest of the files', the index's and `recorded`'s (the
        record's): a day file found damaged must not make the chain reuse its entries' ids, nor
        the next closing its Z number.
        """
        index = self.load_index()
        files = index["files"]
        changed = False
        for name, signature in self._present().items():
            if name in files and files[name]["sig"] == signature:
                continue
            try:
                documents, digest = self.read_day(name)
            except UnreadableLedgerFile:
                continue  # set aside by read_day; its line, if any, keeps what it held
            # The seal: these bytes were found intact, every entry checked (None when the file
            # was served from memory rather than read).
            files[name] = {"sig": signature, **summary_of(documents), "sealed": digest}
            changed = True
        fresh = self._newest_of(index, files, recorded)
        if changed or any(fresh[key] != index.get(key) for key in fresh):
            index.update(fresh)
            self.save_index(index)
        return index

    @staticmethod
    def _newest_of(index: dict[str, Any], files: dict[str, Any],
                   recorded: dict[str, Any] | None) -> dict[str, Any]:
        recorded = recorded or {}
        return {
            "head": newest([*(f["last"] for f in files.values()), index["head"],
                            recorded.get("head")]),
            "mark": newest([*(f["mark"] for f in files.values()), index["mark"],
                            recorded.get("mark")]),
            "closing": newest([*(f["closing"] for f in files.values()), index["closing"],
                               recorded.get("closing")]),
            "numbers": merge_numbers([*(f.get("numbers") for f in files.values()),
                                      index.get("numbers"), recorded.get("numbers")]),
        }

    def _present(self) -> dict[str, list[int]]:
        """{day file name: its signature}; a killed writer's half copy is swept on the way."""
        present = {}
        for item in os.scandir(self.folder):
            if DAY_FILE.fullmatch(item.name):
                stat = item.stat(follow_symlinks=False)
                present[item.name] = [stat.st_ino, stat.st_size, stat.st_mtime_ns]
            elif item.name.endswith(".tmp") and item.name.startswith("."):
                # Called under the lock, so no write is in progress: this is a killed writer's
                # half copy, never renamed into place.
                os.unlink(item.path)
        return present

    def last_seqs(self) -> dict[str, float]:
        """{day file name: the seq of its last entry}, read-only (callable with or without the
        lock).

        A file the index does not know as it is now counts as holding the newest entries, so
        that readers meet it first (and find it damaged, or learn what it holds).
        """
        files = self.load_index()["files"]
        lasts: dict[str, float] = {}
        for item in os.scandir(self.folder):
            if DAY_FILE.fullmatch(item.name):
                stat = item.stat(follow_symlinks=False)
                known = files.get(item.name)
                if known and known["sig"] == [stat.st_ino, stat.st_size, stat.st_mtime_ns]:
                    lasts[item.name] = known["last"][0] if known["last"] else 0
                else:
                    lasts[item.name] = float("inf")
        return lasts

    def load_index(self) -> dict[str, Any]:
        """The index as last saved (from memory if the file did not change), or an empty one."""
        if self._index_cache is not None:
            cached_sig, cached = self._index_cache
            if cached_sig == self._index_signature():
                return cached
        signature = self._index_signature()
        try:
            index = json.loads((self.folder / INDEX_NAME).read_bytes())
        except (OSError, ValueError):
            index = None
        if not is_index(index):
            return empty_index()
        self._index_cache = (signature, index)  # a reader asks once per day file
        return index

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


def empty_index() -> dict[str, Any]:
    """An index that knows nothing yet."""
    return {"files": {}, "head": None, "mark": None, "closing": None, "numbers": {}}


def _is_list(last: Any, *types: type) -> bool:
    return (isinstance(last, list) and len(last) == len(types)
            and all(isinstance(part, kind) and not (kind is int and isinstance(part, bool))
                    for part, kind in zip(last, types, strict=True)))


def is_last(last: Any) -> bool:
    """[seq, hash, ts]."""
    return _is_list(last, int, str, str)


def is_mark(mark: Any) -> bool:
    """[seq, day, service, closed]."""
    return _is_list(mark, int, str, int, bool)


def is_closing(closing: Any) -> bool:
    """[seq, z, grand_total, ts, day]."""
    return _is_list(closing, int, int, int, str, str)


def is_numbers(numbers: Any) -> bool:
    """{series: count}; absent (None) in what a kiosk older than numbered series wrote."""
    return numbers is None or (isinstance(numbers, dict) and all(
        isinstance(count, int) and not isinstance(count, bool) for count in numbers.values()))


PARTS = {"head": is_last, "mark": is_mark, "closing": is_closing}
FILE_PARTS = {"last": is_last, "mark": is_mark, "closing": is_closing}


def is_index(index: Any) -> bool:
    """Whether `index` has the shape `save_index` writes; anything else is rebuilt from the
    files."""
    return (isinstance(index, dict) and isinstance(index.get("files"), dict)
            and all(key in index and (index[key] is None or check(index[key]))
                    for key, check in PARTS.items())
            and all(isinstance(f, dict) and isinstance(f.get("sig"), list)
                    and all(key in f and (f[key] is None or check(f[key]))
                            for key, check in FILE_PARTS.items())
                    and (f.get("sealed") is None or isinstance(f["sealed"], str))
                    and is_numbers(f.get("numbers"))
                    for f in index["files"].values())
            and is_numbers(index.get("numbers")))


def parse_record(raw: bytes) -> dict[str, Any] | None:
    """The record, or None if there is none or it is not one we wrote."""
    try:
        record = json.loads(raw.strip(b"\0 \n") or b"null")
    except ValueError:
        return None
    if (isinstance(record, dict) and isinstance(record.get("done"), bool)
            and all(key in record and (record[key] is None or check(record[key]))
                    for key, check in PARTS.items())
            and is_numbers(record.get("numbers"))):
        return record
    return None


def read_record(record: int) -> dict[str, Any] | None:
    """The record in the open file `record`."""
    return parse_record(os.pread(record, RECORD_SIZE, 0))


def write_record(record: int, head: Head, *, done: bool) -> None:
    """Rewrite the record in place: one pwrite, which a kill cannot cut in half."""
    data = json.dumps({"done": done, **head.lists()}).encode()
    os.pwrite(record, data.ljust(RECORD_SIZE), 0)
