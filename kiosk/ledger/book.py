"""The ledger: every visit, void, cash movement, survey answer and closing, never edited.

One TinyDB file per service day under `ledger/`, written through `AtomicJSONStorage`. Every append
holds an exclusive lock on `ledger/.lock`, so several processes (the terminal kiosk, one process
per browser tab, `kiosk record` from a script) can write at once. Each entry is hash-chained to the
one appended before it, across days; `verify` walks the chain.

Finding the head of the chain must not cost more as history grows, so `.index.json` remembers, for
each day file, its stat signature and its last entry. It is a cache, never trusted blindly: a file
whose signature changed is read again, and a missing or broken index is rebuilt from the files.
"""

import fcntl
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tinydb import TinyDB

from kiosk.errors import KioskError
from kiosk.ledger.entries import Entry, Void, kind_of, payload_of, value_from
from kiosk.ledger.head import DAY_FILE, GENESIS, INDEX_NAME, LOCK_NAME, ChainHead, Head  # noqa: F401  (re-exported: verify and tests use them)
from kiosk.ledger.storage import AtomicJSONStorage, UnreadableLedgerFile, WrittenDays, fsync_folder

DAMAGED = "damaged"


class ServiceClosed(KioskError):
    """An entry aimed at a service that has been closed (Z): it would change a closed report."""

    code = "service_closed"


class UnknownVisit(KioskError):
    """A void that names no visit, or one already voided."""

    code = "no_such_visit"


def canonical(document: dict[str, Any]) -> bytes:
    """The bytes an entry's hash is computed over: sorted keys, no spaces, UTF-8."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(document: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of everything in the document but its hash."""
    return hashlib.sha256(canonical({k: v for k, v in document.items() if k != "hash"})).hexdigest()


def entry_from(document: dict[str, Any]) -> Entry:
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


class DayView:
    """What an entry being appended may look at, under the lock: its day, and the whole chain."""

    def __init__(self, ledger: "Ledger", day: str, documents: list[dict[str, Any]]):
        self.ledger = ledger
        self.day = day
        self.entries = [entry_from(d) for d in documents]

    def latest(self, kind: str) -> Entry | None:
        """The most recently appended entry of `kind` in the whole ledger."""
        return self.ledger.latest(kind)


class Ledger:
    """Appends entries durably and reads them back. Safe across threads and processes."""

    def __init__(self, folder: Path, timezone: str = "Europe/Paris",
                 clock: Callable[[], datetime] | None = None):
        self.folder = Path(folder)
        self.zone = ZoneInfo(timezone)
        self.clock = clock or (lambda: datetime.now(self.zone))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.chain = ChainHead(self.folder)
        # The day file this process wrote last, kept parsed: a commit need not re-read its own
        # write.
        self._written = WrittenDays()

    # -- writing -------------------------------------------------------------------------------

    def append(self, value: Any, at: datetime | None = None,
               check: Callable[[DayView], Any] | None = None) -> Entry:
        """Append one domain value durably and return its entry.

        `at` back-dates a manual entry; it is refused if it falls in a closed service. `check`
        runs under the lock with a view of the entry's day and may refuse (raise) or, for a
        closing, return the final value to store.
        """
        moment = (at or self.clock()).astimezone(self.zone)
        return self._write(value, moment, moment.date().isoformat(), None, at is not None, check)

    def void(self, visit_seq: int, reason: str) -> Entry:
        """Append a void of visit `visit_seq`; refused for unknown, voided or closed visits.

        The void is filed in the visit's own day and service, so a service's file holds all
        that concerns it, even when the mistake is corrected after midnight.
        """
        void = Void(visit_seq, reason)
        found = self.find(visit_seq)
        if found is None or found.kind != "visit":
            raise UnknownVisit(f"there is no visit {visit_seq}", "no_such_visit", number=visit_seq)

        def check(view: DayView) -> None:
            """Refuse under the lock: the visit's service closed, or the visit already voided."""
            if any(e.kind == "closing" and e.service == found.service for e in view.entries):
                raise ServiceClosed(f"visit {visit_seq} belongs to a closed service "
                                    f"({found.day}, service {found.service})",
                                    "visit_in_closed_service", number=visit_seq,
                                    day=found.day, service=found.service)
            if any(e.kind == "void" and e.value.visit == visit_seq for e in view.entries):
                raise UnknownVisit(f"visit {visit_seq} is already voided", "already_voided",
                                   number=visit_seq)

        moment = self.clock().astimezone(self.zone)
        return self._write(void, moment, found.day, found.service, False, check)

    def _write(self, value: Any, moment: datetime, day: str, service: int | None,
               explicit: bool, check: Callable[[DayView], Any] | None) -> Entry:
        with self.locked() as lock:
            path = self.folder / f"{day}.json"
            database = self._open_day(path)
            try:
                stored = database.storage.read() or {}
                documents = sorted(stored.get("_default", {}).values(), key=lambda d: d["seq"])
                if service is None:
                    service = self._service_for(documents, moment, explicit)
                if check is not None:
                    value = check(DayView(self, day, documents)) or value
                head = self.chain.current(lock)
                document = self._document(value, moment, day, service, head, explicit)
                self.chain.begin(lock, head)
                database.insert(document)
            finally:
                database.close()
            self.chain.settle(lock, document)
        return entry_from(document)

    def _document(self, value: Any, moment: datetime, day: str, service: int, head: Head,
                  explicit: bool) -> dict[str, Any]:
        """The stored form of an entry: its place in the chain, its value and its hash."""
        document = {
            "seq": head.seq + 1,
            "ts": moment.isoformat(timespec="microseconds"),
            "kind": kind_of(value),
            "service": service,
            "day": day,
            "data": payload_of(value),
            "prev": head.hash,
        }
        if head.ts and moment < datetime.fromisoformat(head.ts) and not explicit:
            # A Pi without a clock battery may boot in the past: keep the entry, say so.
            document["clock_behind"] = True
            print(f"kiosk: the clock is behind the last entry ({head.ts}); "
                  f"entry {head.seq + 1} is flagged", file=sys.stderr)
        document["hash"] = entry_hash(document)
        return document

    def append_batch(self, items: list[tuple[Any, datetime]]) -> list[Entry]:
        """Append many back-dated values at once, one write per day (imports, `kiosk demo`).

        The same documents as `append`, chained in the order given; each day file is written once,
        atomically, under one hold of the lock.
        """
        written: list[dict[str, Any]] = []
        with self.locked() as lock:
            head = self.chain.current(lock)
            self.chain.begin(lock, head)
            days: dict[str, list[dict[str, Any]]] = {}
            for value, at in items:
                moment = at.astimezone(self.zone)
                day = moment.date().isoformat()
                if day not in days:
                    days[day] = self.day_documents(day)
                service = self._service_for(days[day], moment, True)
                document = self._document(value, moment, day, service, head, True)
                days[day].append(document)
                written.append(document)
                head = Head(document["seq"], document["hash"], document["ts"])
            for day, documents in days.items():
                path = self.folder / f"{day}.json"
                table = {str(number): d for number, d in enumerate(documents, start=1)}
                AtomicJSONStorage(path).write({"_default": table})
            if written:
                self.chain.settle(lock, written[-1])
        return [entry_from(d) for d in written]

    def _service_for(self, documents: list[dict[str, Any]], moment: datetime,
                     explicit: bool) -> int:
        closings = [d for d in documents if d["kind"] == "closing"]
        if explicit and closings and any(datetime.fromisoformat(d["ts"]) >= moment
                                         for d in closings):
            raise ServiceClosed(f"{moment.isoformat(timespec='minutes')} falls in a service "
                                f"that is already closed", "moment_in_closed_service",
                                time=moment.strftime("%H:%M"))
        return len(closings) + 1

    # -- the lock and the head of the chain ---------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[int]:
        """Hold the ledger's exclusive lock (threads and processes alike); yields the lock file."""
        lock = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield lock
        finally:
            os.close(lock)  # closing releases the lock

    def _open_day(self, path: Path) -> TinyDB:
        try:
            database = TinyDB(path, storage=AtomicJSONStorage, written=self._written)
            database.storage.read()  # raises if damaged; kept in memory for the insert
            return database
        except UnreadableLedgerFile as problem:
            self._set_aside(path, str(problem))
            return TinyDB(path, storage=AtomicJSONStorage, written=self._written)

    def _set_aside(self, path: Path, why: str) -> None:
        """Move an unreadable day file into `damaged/`, keep it, and say so loudly."""
        damaged = self.folder / DAMAGED
        damaged.mkdir(exist_ok=True)
        kept = damaged / f"{path.name}.{time.strftime('%Y%m%dT%H%M%S')}"
        copies = 1
        while kept.exists():  # never replace a copy set aside earlier
            kept = kept.with_name(f"{path.name}.{time.strftime('%Y%m%dT%H%M%S')}.{copies}")
            copies += 1
        os.replace(path, kept)
        fsync_folder(self.folder)
        print(f"kiosk: LEDGER DAMAGE: {why}; it was moved to {kept} and kept. "
              f"Run `kiosk verify` and call whoever looks after the kiosk.", file=sys.stderr)

    def remembered_head(self) -> tuple[int, str] | None:
        """The last entry (seq, hash) the index remembers, as a witness for `verify`; None if
        none."""
        return self.chain.remembered()

    # -- reading -------------------------------------------------------------------------------

    def days(self) -> list[str]:
        """The service days that have a file, oldest first."""
        return sorted(m.group(1) for p in self.folder.iterdir()
                      if (m := DAY_FILE.fullmatch(p.name)))

    def day_documents(self, day: str) -> list[dict[str, Any]]:
        """The raw stored documents of one day, in chain order; UnreadableLedgerFile if damaged."""
        data = AtomicJSONStorage(self.folder / f"{day}.json").read() or {}
        documents = [d for table in data.values() for d in table.values()]
        return sorted(documents, key=lambda d: d["seq"])

    def day_entries(self, day: str | date) -> list[Entry]:
        """The entries of one service day, in chain order (empty for a day with no file)."""
        return [entry_from(d) for d in self.day_documents(str(day))]

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
        """The most recently appended entry of `kind`, or None.

        Files are read newest last entry first, and no further than a file whose last entry is
        older than the best found: a closing reads a day or two, not the whole history.
        """
        best = None
        lasts = self.chain.last_seqs()
        for name in sorted(lasts, key=lasts.__getitem__, reverse=True):
            if best is not None and lasts[name] < best.seq:
                break
            for entry in self.day_entries(name.removesuffix(".json")):
                if entry.kind == kind and (best is None or entry.seq > best.seq):
                    best = entry
        return best

    def damaged_files(self) -> list[Path]:
        """Day files that were found unreadable and set aside."""
        folder = self.folder / DAMAGED
        return sorted(folder.iterdir()) if folder.exists() else []
