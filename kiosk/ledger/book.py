"""The ledger: every visit, void, cash movement, survey answer and closing, never edited.

One TinyDB file per service day under `ledger/`, written through `AtomicJSONStorage`. Every append
holds an exclusive lock on the `ledger/` folder itself, so several processes (the terminal kiosk,
one process per browser tab, `kiosk record` from a script) can write at once, and deleting any
file in it never lets two writers in. Each entry is hash-chained to the one appended before it,
across days; `verify` walks the chain.

A service belongs to the day it opened: an entry joins the open service, whatever day it is now,
until a closing ends it; the next entry then opens a service on its own day. Where the chain ends
and which service is open come from a small witness (`kiosk.ledger.head`), not from reading every
past day, so one damaged past day blocks nothing.

A day file is valid only when every entry has the shape the ledger writes and its hash matches
(`kiosk.ledger.shape`). A writer moves an invalid one intact into `damaged/`, says so once, and
goes on; a read-only reader (tally, export) refuses it, or counts what it can with
`trust_damaged`.
"""

import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tinydb import TinyDB

from kiosk.errors import DiskProblem, KioskError
from kiosk.ledger.entries import Entry, Void, kind_of, payload_of
from kiosk.ledger.head import (  # noqa: F401  (re-exported: verify and tests use them)
    DAY_FILE,
    GENESIS,
    INDEX_NAME,
    RECORD_NAME,
    ChainHead,
    Head,
    read_record,
)
from kiosk.ledger.lock import FolderLock
from kiosk.ledger.rawday import in_canonical_order
from kiosk.ledger.reading import DamagedDay, DayReader, entry_from
from kiosk.ledger.shape import canonical, entry_hash  # noqa: F401  (re-exported)
from kiosk.ledger.storage import (
    AtomicJSONStorage,
    UnreadableLedgerFile,
    WrittenDays,
    fsync_folder,
    write_atomically,
)

DAMAGED = "damaged"
REQUESTS = "requests"
# The kinds of entry a void may cancel.
VOIDABLE = ("visit", "membership")
# How far ahead of the clock a back-dated (`at`) entry may be: a watch a little fast, no more.
FUTURE_MARGIN = timedelta(minutes=5)


class ServiceClosed(KioskError):
    """An entry aimed at a service that has been closed (Z): it would change a closed report."""

    code = "service_closed"


class UnknownVisit(KioskError):
    """A void that names no visit, or one already voided."""

    code = "no_such_visit"


class TimeRefused(KioskError):
    """A back-dated entry given a time the ledger cannot take (in the future, before it began)."""


class AlreadyRecorded(KioskError):
    """A request id seen before: its entry was written then, and nothing is written now."""

    exit_status = 0

    def __init__(self, entry: Entry):
        super().__init__(f"this request was already recorded as entry {entry.seq}; "
                         "nothing was written")
        self.entry = entry


def request_digest(request: str) -> str:
    """What the ledger keeps of a script's request id: its SHA-256, never the id itself."""
    return hashlib.sha256(request.encode()).hexdigest()


class DayView:
    """What an entry being appended may look at, under the lock: its day, its service, the head."""

    def __init__(self, ledger: "Ledger", day: str, service: int,
                 documents: list[dict[str, Any]], head: Head):
        self.ledger = ledger
        self.day = day
        self.service = service  # the service the entry goes to
        self.head = head
        self.entries = [entry_from(d) for d in documents]

    def latest(self, kind: str) -> Entry | None:
        """The most recently appended entry of `kind` in the whole ledger (reads files)."""
        return self.ledger.latest(kind)


def _refuse_void(found: Entry, view: DayView) -> None:
    """Why `found` (a visit or a membership) cannot be voided now, raised: its service is closed,
    or it is voided already. A membership is named by its number, as its slip and the register
    name it, a visit by its id."""
    closed = any(e.kind == "closing" and e.service == found.service for e in view.entries)
    voided = any(e.kind == "void" and e.value.visit == found.seq for e in view.entries)
    if found.kind == "membership":
        number = found.value.number
        if closed:
            raise ServiceClosed(f"membership {number} belongs to a closed service ({found.day}, "
                                f"service {found.service})", "membership_in_closed_service",
                                number=number, day=found.day, service=found.service)
        if voided:
            raise UnknownVisit(f"membership {number} is already voided",
                               "membership_already_voided", number=number)
    if closed:
        raise ServiceClosed(f"visit {found.seq} belongs to a closed service ({found.day}, "
                            f"service {found.service})", "visit_in_closed_service",
                            number=found.seq, day=found.day, service=found.service)
    if voided:
        raise UnknownVisit(f"visit {found.seq} is already voided", "already_voided",
                           number=found.seq)


class Ledger(DayReader):
    """Appends entries durably and reads them back. Safe across threads and processes.

    `read_only`: never creates, moves or locks anything (tally, export, verify, doctor); a damaged
    day is refused with `DamagedDay`, or read as far as it can be with `trust_damaged`.
    """

    def __init__(self, folder: Path, timezone: str = "Europe/Paris",
                 clock: Callable[[], datetime] | None = None, *, read_only: bool = False,
                 trust_damaged: bool = False):
        super().__init__(Path(folder), read_only=read_only, trust_damaged=trust_damaged)
        self.zone = ZoneInfo(timezone)
        self.clock = clock or (lambda: datetime.now(self.zone))
        self.chain = ChainHead(self.folder, self._documents_for_head)
        # The day file this process wrote last, kept parsed: a commit need not re-read its own
        # write.
        self._written = WrittenDays()
        self.lock = FolderLock(self.folder)

    # -- writing -------------------------------------------------------------------------------

    def append(self, value: Any, at: datetime | None = None,
               check: Callable[[DayView], Any] | None = None, request: str | None = None) -> Entry:
        """Append one domain value durably and return its entry.

        It joins the open service (whatever day that service opened), or opens one on its own
        day. `at` back-dates a manual entry; it is refused in the future, before the ledger's
        first day, or at or before the last closing. `check` runs under the lock with a view of
        the entry's day and may refuse (raise) or, for a closing, return the final value to store.
        `request`: a script's id for this entry; a second append with it writes nothing and
        raises AlreadyRecorded with the first entry.
        """
        moment = self._moment(at) if at is not None else None  # now: read under the lock
        return self._write(value, moment, at is not None, check, None, request)

    def _moment(self, at: datetime | None) -> datetime:
        try:
            return (at or self.clock()).astimezone(self.zone)
        except (OverflowError, ValueError):
            raise TimeRefused(f"{at} is not a time the ledger can take", "time_far",
                              when=str(at)) from None

    def void(self, visit_seq: int, reason: str) -> Entry:
        """Append a void of visit `visit_seq` (or of a membership); refused for unknown, voided or
        closed ones.

        The void is filed in the visit's own day and service, so a service's file holds all
        that concerns it, even when the mistake is corrected after midnight.
        """
        void = Void(visit_seq, reason)
        with self.locked():
            found = self._visit(visit_seq)

            def check(view: DayView) -> None:
                """Refuse under the lock: the visit's service closed, or already voided."""
                _refuse_void(found, view)

            return self._write(void, None, False, check,
                               (found.day, found.service), None)

    def _visit(self, seq: int) -> Entry:
        """The visit (or membership) `seq`: looked for in the open service's day first, then
        newest days first."""
        with self.locked() as record:
            place = self.chain.current(record).open_service
        candidates = [e for e in self.day_entries(place[0]) if e.seq == seq] if place else []
        found = candidates[0] if candidates else self.find(seq)
        if found is None or found.kind not in VOIDABLE:
            hint = "; a damaged day was set aside, it may be there" if self.damaged_files() else ""
            raise UnknownVisit(f"there is no visit {seq}{hint}", "no_such_visit", number=seq)
        return found

    def _write(self, value: Any, moment: datetime | None, explicit: bool,
               check: Callable[[DayView], Any] | None, place: tuple[str, int] | None,
               request: str | None) -> Entry:
        with self.locked() as record:
            # "Now" is read holding the lock: two writers at once are then written in the order
            # of their times, and only a clock really set back is flagged as behind.
            moment = moment or self._moment(None)
            head = self.chain.current(record)
            day, service = place or self._place(head, moment, explicit)
            path = self.folder / f"{day}.json"
            try:
                database = self._open_day(path)
                stored = database.storage.read() or {}
                documents = sorted(stored.get("_default", {}).values(), key=lambda d: d["seq"])
                digest = request_digest(request) if request else None
                if digest:
                    self._refuse_repeat(digest, documents, head)
                service = service or max((d["service"] for d in documents), default=0) + 1
                if check is not None:
                    value = check(DayView(self, day, service, documents, head)) or value
                document = self._document(value, moment, day, service, head, explicit, digest)
                self.chain.begin(record, head)
                database.insert(document)
                database.close()
            except OSError as error:
                raise DiskProblem(error, path, "nothing was recorded") from None
            # The entry is durable: what follows only helps the next writers, and must not make
            # anyone believe it was not recorded. If it fails, the record still says "writing"
            # and the next writer reads the files again.
            try:
                self.chain.settle(record, head.after(document),
                                  durable=document["kind"] == "closing")
                if digest:
                    self._remember_request(digest, document["seq"])
            except OSError as error:
                print(f"kiosk: entry {document['seq']} is recorded, but its witnesses could not "
                      f"be updated ({error.strerror})", file=sys.stderr)
        return entry_from(document)

    def _place(self, head: Head, moment: datetime, explicit: bool,
               first: str | None = None) -> tuple[str, int | None]:
        """(day, service) an entry at `moment` goes to: the open service, or a new one on its
        day (its number found once the day is read). `first`: the ledger's first day, for a
        back-dated entry (looked up when not given)."""
        if explicit:
            self._check_backdated(head, moment, first or next(iter(self.valid_days()), None))
        return head.open_service or (moment.date().isoformat(), None)

    def _check_backdated(self, head: Head, moment: datetime, first: str | None) -> None:
        """Refuse a manual time that no service can take."""
        now = self.clock().astimezone(self.zone)
        when = moment.isoformat(timespec="minutes")
        if moment > now + FUTURE_MARGIN:
            raise TimeRefused(f"{when} is in the future (it is {now.isoformat(timespec='minutes')}"
                              f"): an entry is back-dated, never dated ahead", "time_future",
                              when=when)
        if first is not None and moment.date().isoformat() < first:
            raise TimeRefused(f"{when} is before the ledger's first day ({first})",
                              "time_before_ledger", when=when, first=first)
        if head.closing and moment <= datetime.fromisoformat(head.closing[3]):
            raise ServiceClosed(f"{when} falls in a service that is already closed "
                                f"(Z {head.closing[1]}, closed {head.closing[3][:16]}); "
                                "a later time goes to the open service",
                                "moment_in_closed_service", time=moment.strftime("%H:%M"))

    def _document(self, value: Any, moment: datetime, day: str, service: int, head: Head,
                  explicit: bool, request: str | None = None) -> dict[str, Any]:
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
        if request:
            document["request"] = request
        if head.ts and moment < datetime.fromisoformat(head.ts) and not explicit:
            # A Pi without a clock battery may boot in the past: keep the entry, say so.
            document["clock_behind"] = True
            print(f"kiosk: the clock is behind the last entry ({head.ts}); "
                  f"entry {head.seq + 1} is flagged", file=sys.stderr)
        # Stored in canonical order, hash included: a reader checks the hash on the stored bytes.
        return in_canonical_order({**document, "hash": entry_hash(document)})

    def append_batch(self, items: list[tuple[Any, datetime]]) -> list[Entry]:
        """Append many back-dated values at once, one write per day (imports, `kiosk demo`).

        The same documents as `append`, placed by the same rules and chained in the order given;
        each day file is written once, atomically, under one hold of the lock.
        """
        written: list[dict[str, Any]] = []
        with self.locked() as record:
            head = self.chain.current(record)
            self.chain.begin(record, head)
            days: dict[str, list[dict[str, Any]]] = {}
            first = next(iter(self.valid_days()), None) or "0000-00-00"  # the batch may open it
            for value, at in items:
                moment = at.astimezone(self.zone)
                day, service = self._place(head, moment, True, first)
                if day not in days:
                    days[day] = self.day_documents(day)
                service = service or max((d["service"] for d in days[day]), default=0) + 1
                document = self._document(value, moment, day, service, head, True)
                days[day].append(document)
                written.append(document)
                head = head.after(document)
            for day, documents in days.items():
                path = self.folder / f"{day}.json"
                table = {str(number): d for number, d in enumerate(documents, start=1)}
                AtomicJSONStorage(path).write({"_default": table})
            self.chain.settle(record, head, durable=True)
        return [entry_from(d) for d in written]

    # -- request ids: at most one entry per id -------------------------------------------------

    def _refuse_repeat(self, digest: str, documents: list[dict[str, Any]], head: Head) -> None:
        """AlreadyRecorded if an entry carries this request: its marker, the day the entry
        goes to, or the open service's day (a retry after a kill finds it there)."""
        marker = self.folder / REQUESTS / digest
        try:
            seq = int(marker.read_text(encoding="ascii"))
        except (OSError, ValueError):
            seq = None
        places = [documents] + ([self.day_documents(head.mark[1])] if head.mark else [])
        for found in places:
            for document in found:
                if document.get("request") == digest or document["seq"] == seq:
                    raise AlreadyRecorded(entry_from(document))
        if seq is not None and (entry := self.find(seq)) is not None:
            raise AlreadyRecorded(entry)

    def _remember_request(self, digest: str, seq: int) -> None:
        folder = self.folder / REQUESTS
        folder.mkdir(exist_ok=True)
        write_atomically(folder / digest, str(seq).encode())

    # -- the lock ------------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[int]:
        """Hold the ledger's exclusive lock (threads and processes alike); yields the open record
        of the chain's head (`kiosk.ledger.lock`)."""
        with self.lock.held() as record:
            yield record

    def shared(self):
        """Hold the lock shared: no writer changes anything until released (verify)."""
        return self.lock.shared()

    # -- damaged days --------------------------------------------------------------------------

    def _open_day(self, path: Path) -> TinyDB:
        try:
            database = TinyDB(path, storage=AtomicJSONStorage, written=self._written,
                              check=self.checker(path))
            database.storage.read()  # raises if damaged; kept in memory for the insert
            return database
        except UnreadableLedgerFile as problem:
            self._set_aside(path, str(problem))
            return TinyDB(path, storage=AtomicJSONStorage, written=self._written)

    def _documents_for_head(self, name: str) -> tuple[list[dict[str, Any]], str | None]:
        """A day file's documents for the head's index (under the lock), and the digest of the
        bytes found intact; a damaged one is set aside and raises UnreadableLedgerFile."""
        path = self.folder / name
        try:
            return self.documents_and_digest(path, self._written, want_digest=True)
        except UnreadableLedgerFile as problem:
            self._set_aside(path, str(problem))
            raise

    def damaged_day(self, path: Path, problem: UnreadableLedgerFile) -> list[dict[str, Any]]:
        """A writer meeting a damaged day: look again under the lock, then set it aside."""
        if self.read_only:
            return super().damaged_day(path, problem)
        with self.locked():
            try:
                return self.documents_at(path, self._written)
            except UnreadableLedgerFile as again:
                self._set_aside(path, str(again))
                return []

    def _set_aside(self, path: Path, why: str) -> None:
        """Move a damaged day file into `damaged/`, keep it, and say so loudly, once."""
        damaged = self.folder / DAMAGED
        damaged.mkdir(exist_ok=True)
        kept = damaged / f"{path.name}.{time.strftime('%Y%m%dT%H%M%S')}"
        copies = 1
        while os.path.lexists(kept):  # never replace a copy set aside earlier
            kept = kept.with_name(f"{path.name}.{time.strftime('%Y%m%dT%H%M%S')}.{copies}")
            copies += 1
        os.replace(path, kept)
        fsync_folder(self.folder)
        self._written.forget(path)
        print(f"kiosk: LEDGER DAMAGE: {why}; it was moved to {kept} and kept. "
              f"Run `kiosk verify` and call whoever looks after the kiosk.", file=sys.stderr)

    def refresh_index(self) -> None:
        """Read every day file the index does not know as it is now, and seal the intact ones
        (what any new writer process does on its first entry); after an import, `kiosk demo`."""
        with self.locked() as record:
            self.chain.fresh_index(read_record(record))

    def remembered_head(self) -> tuple[int, str] | None:
        """The last entry (seq, hash) the witnesses remember, for `verify`; None if none."""
        return self.chain.remembered()

    # -- the open service ----------------------------------------------------------------------

    def open_service(self) -> tuple[str, int] | None:
        """(day, number) of the service still open, whatever day it opened; None when the last
        one was closed (the next entry opens one)."""
        if not self.read_only:
            try:
                with self.locked() as record:
                    return self.chain.current(record).open_service
            except DiskProblem:
                pass  # a read-only disk can still be read: look at the files themselves
        found = self.latest_where(lambda d: d["kind"] != "void", skip_damaged=True)
        if found is None or found["kind"] == "closing":
            return None
        return found["day"], found["service"]

    def first_day(self) -> date | None:
        """The day of the ledger's first file, or None for an empty ledger."""
        first = next(iter(self.valid_days()), None)
        return date.fromisoformat(first) if first else None


__all__ = ["DAMAGED", "DamagedDay", "DayView", "Ledger", "ServiceClosed", "UnknownVisit",
           "entry_from"]
