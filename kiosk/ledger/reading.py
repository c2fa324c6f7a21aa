"""Reading the ledger's day files: only valid ones are read as entries.

A day file is read through `AtomicJSONStorage` with the checks of `kiosk.ledger.shape`. What
happens to a damaged one depends on who reads: the `Ledger` of a process that writes sets it aside
(see `kiosk.ledger.book`); a read-only reader (tally, export, report) refuses it with one line
naming the day, or, when told to trust damaged days, counts the entries that still have their
shape and says what it left out.
"""

import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.ledger.entries import Entry, value_from
from kiosk.ledger.head import DAY_FILE
from kiosk.ledger.shape import (
    chain_problem,
    day_name_problem,
    day_problem,
    document_problem,
    payload_problem,
)
from kiosk.ledger.storage import AtomicJSONStorage, UnreadableLedgerFile, WrittenDays

DAMAGED = "damaged"
SET_ASIDE = re.compile(r"(\d{4}-\d{2}-\d{2})\.json")  # a day file moved to damaged/, renamed
SEQ = itemgetter("seq")

Document = dict[str, Any]


class DamagedDay(KioskError):
    """A day whose file is damaged or whose chain is broken, met by a read-only reader."""

    exit_status = 1

    def __init__(self, day: str, why: str):
        super().__init__(f"the day {day} is damaged ({why}): its figures cannot be trusted; run "
                         "`kiosk verify`, restore the day from the backup, or add --trust-damaged "
                         "to count what it still holds")
        self.day = day
        self.code, self.values = "damaged_day", {"day": day}


class DayReader:
    """The reading half of the ledger: day files, their entries, the newest of a kind."""

    chain: Any  # a kiosk.ledger.head.ChainHead, set by the Ledger

    def __init__(self, folder: Path, *, read_only: bool, trust_damaged: bool):
        self.folder = folder
        self.read_only = read_only
        self.trust_damaged = trust_damaged
        # The documents of the last day file found intact, by seq: when another process adds an
        # entry, only that one is checked again.
        self._intact: tuple[str, dict[int, Document]] = ("", {})
        # The days counted as stored though damaged (--trust-damaged): an export says so.
        self.counted_damaged: list[str] = []

    def days(self) -> list[str]:
        """The days that have a file (a file named after no real day included), oldest first."""
        try:
            names = os.listdir(self.folder)
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(m.group(1) for name in names if (m := DAY_FILE.fullmatch(name)))

    def valid_days(self) -> list[str]:
        """The days that have a file and are real days, oldest first."""
        return [day for day in self.days() if not day_name_problem(day)]

    def checker(self, path: Path) -> Callable[[dict[str, Any], set[int]], str]:
        """The check of a day file's tables: why they are not the ledger's, '' when they are."""
        day = path.name.removesuffix(".json")

        def check(tables: dict[str, Any], vouched: set[int]) -> str:
            known = self._intact[1] if self._intact[0] == day else None
            # A writer builds every value it reads; a read-only reader (export) only adds up raw
            # figures, which the shape and the hash vouch for.
            problem = day_problem(tables, day, known, values=not self.read_only,
                                  vouched=vouched)
            if not problem:
                self._intact = (day, {d["seq"]: d for d in tables["_default"].values()})
            return problem

        return check

    def documents_at(self, path: Path, written: WrittenDays | None = None) -> list[Document]:
        """The documents of one day file in chain order; UnreadableLedgerFile if damaged."""
        return self.documents_and_digest(path, written)[0]

    def documents_and_digest(self, path: Path, written: WrittenDays | None = None,
                             want_digest: bool = False) -> tuple[list[Document], str | None]:
        """The documents of one day file in chain order, and the SHA-256 of the bytes they were
        read from (when asked, and read from disk); UnreadableLedgerFile if damaged.

        A read-only reader skips the entry by entry check of bytes a writer already found intact
        (the index's seal of the file); anything else is checked in full.
        """
        if problem := day_name_problem(path.name):
            raise UnreadableLedgerFile(path, problem)
        seal = self._seal_of(path.name) if self.read_only and not self.trust_damaged else None
        storage = AtomicJSONStorage(path, written, check=self.checker(path), seal=seal,
                                    want_digest=want_digest)
        data = storage.read() or {}
        documents = sorted((d for table in data.values() for d in table.values()), key=SEQ)
        if self.read_only and not self.trust_damaged and (problem := chain_problem(documents)):
            raise UnreadableLedgerFile(path, problem)
        return documents, storage.digest

    def _seal_of(self, name: str) -> str | None:
        try:
            line = self.chain.load_index()["files"].get(name)
        except OSError:
            return None
        return line.get("sealed") if line else None

    def day_documents(self, day: str) -> list[Document]:
        """The stored documents of one day, in chain order (empty for a day with no file).

        A damaged day is set aside by a writer (and reads as empty), refused by a read-only
        reader (`DamagedDay`), or salvaged when damaged days are trusted.
        """
        path = self.folder / f"{day}.json"
        try:
            return self.documents_at(path)
        except UnreadableLedgerFile as problem:
            return self.damaged_day(path, problem)

    def damaged_day(self, path: Path, problem: UnreadableLedgerFile) -> list[Document]:
        """What a read-only reader does with a damaged day: refuse it, or salvage it."""
        day = path.name.removesuffix(".json")
        why = str(problem).removeprefix(str(path)).lstrip(": ")
        if not self.trust_damaged:
            raise DamagedDay(day, why)
        kept, left_out = salvage(path)
        self.counted_damaged.append(day)
        print(f"kiosk: warning: the day {day} is damaged ({why}); counted as stored with "
              f"--trust-damaged: {len(kept)} entries kept, {left_out} left out", file=sys.stderr)
        return kept

    def day_entries(self, day: str | date) -> list[Entry]:
        """The entries of one service day, in chain order (empty for a day with no file)."""
        documents = self.day_documents(str(day))
        try:
            return [entry_from(d) for d in documents]
        except (KioskError, TypeError, ValueError, KeyError, AttributeError) as error:
            # Only a reader that trusts damaged days, or a forged hash, gets here.
            raise DamagedDay(str(day), f"an entry is not a valid entry ({error})") from None

    def entries(self, first: str | None = None, last: str | None = None) -> Iterator[Entry]:
        """Every entry of the days from `first` to `last` included (ISO dates), day by day."""
        for day in self.days():
            if (first is None or day >= first) and (last is None or day <= last):
                yield from self.day_entries(day)

    def find(self, seq: int) -> Entry | None:
        """The entry with that seq, looking at the newest days first."""
        for day in reversed(self.days()):
            for entry in self.day_entries(day):
                if entry.seq == seq:
                    return entry
        return None

    def latest(self, kind: str) -> Entry | None:
        """The most recently appended entry of `kind`, or None."""
        found = self.latest_where(lambda d: d["kind"] == kind)
        return entry_from(found) if found else None

    def latest_where(self, wanted: Callable[[Document], bool],
                     skip_damaged: bool = False) -> Document | None:
        """The most recently appended document that is `wanted`, or None.

        Files are read newest last entry first, and no further than a file whose last entry is
        older than the best found: a few days, not the whole history.
        """
        best = None
        try:
            lasts = self.chain.last_seqs()
        except (FileNotFoundError, NotADirectoryError):
            return None
        for name in sorted(lasts, key=lasts.__getitem__, reverse=True):
            if best is not None and lasts[name] < best["seq"]:
                break
            try:
                documents = self.day_documents(name.removesuffix(".json"))
            except DamagedDay:
                if not skip_damaged:
                    raise
                continue
            for document in documents:
                if wanted(document) and (best is None or document["seq"] > best["seq"]):
                    best = document
        return best

    def set_aside_days(self) -> dict[str, str]:
        """{day: file name} of the day files a writer found damaged and moved to damaged/: real
        files named after a real day, whose entries are missing from the ledger (a folder, a
        link or a pipe set aside held none)."""
        found = {}
        for path in self.damaged_files():
            match = SET_ASIDE.match(path.name)
            if match and path.is_file() and not path.is_symlink():
                try:
                    date.fromisoformat(match.group(1))
                except ValueError:
                    continue  # 2026-02-30: no day of the ledger has that name
                found.setdefault(match.group(1), path.name)
        return found

    def check_set_aside(self, day: str, set_aside: dict[str, str] | None = None) -> None:
        """A read-only reader meets `day`, whose file a writer found damaged and set aside:
        the day's figures are missing from the ledger. Refused (`DamagedDay`) unless damaged
        days are trusted, when what the ledger still holds is counted, with a warning.

        `set_aside` is what `set_aside_days()` found, for a reader going over many days: damaged/
        is then not listed again for each of them."""
        name = (self.set_aside_days() if set_aside is None else set_aside).get(day)
        if name is None:
            return
        why = f"its file was set aside as {DAMAGED}/{name}"
        if not self.trust_damaged:
            raise DamagedDay(day, why)
        self.counted_damaged.append(day)
        print(f"kiosk: warning: the day {day} is damaged ({why}); counted without it",
              file=sys.stderr)

    def lost_files(self, first: str, last: str) -> list[str]:
        """The day files from `first` to `last` the index knows and the disk no longer holds
        (nor `damaged/`): deleted or lost, their entries gone from the ledger."""
        try:
            known = self.chain.load_index()["files"]
        except OSError:
            return []
        here, set_aside = set(self.days()), self.set_aside_days()
        return sorted(name for name in known
                      if (day := name.removesuffix(".json")) not in here
                      and day not in set_aside and first <= day <= last)

    def damaged_files(self) -> list[Path]:
        """Day files that were found damaged and set aside."""
        folder = self.folder / DAMAGED
        try:
            return sorted(folder.iterdir())
        except (FileNotFoundError, NotADirectoryError):
            return []


def entry_from(document: Document) -> Entry:
    """An Entry from its stored document."""
    return Entry(
        seq=document["seq"],
        ts=document["ts"],
        kind=document["kind"],
        service=document["service"],
        day=document["day"],
        value=value_from(document["kind"], document["data"]),
        prev=document["prev"],
        hash=document["hash"],
        clock_behind=document.get("clock_behind", False),
    )


def salvage(path: Path) -> tuple[list[Document], int]:
    """The entries of a damaged file that still have the ledger's shape (their hash may not
    match), and how many were left out. An unparsable file keeps nothing."""
    try:
        tables = json.loads(path.read_bytes())
        documents = [d for table in tables.values() for d in table.values()]
    except (OSError, ValueError, AttributeError):
        return [], 0
    day = path.name.removesuffix(".json")
    kept = [d for d in documents if _shaped(d, day)]
    return sorted(kept, key=lambda d: d["seq"]), len(documents) - len(kept)


def _shaped(document: Any, day: str) -> bool:
    problem = document_problem(document, day)
    if "hash does not match" in problem:
        return not payload_problem(document["kind"], document["data"])
    return not problem
