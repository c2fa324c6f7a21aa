"""Survey answers, kept as counts only, so that nothing stored ties an answer to a visit.

A tap adds one to its (question, answer) count in `ledger/survey/counts.json`, durably, at once:
a crash loses at most the tap being written. The file holds only counts (see `counts_file`): no
entry per answer, no time, no order. The kiosk also sets the file's time at every visit, so the
time says when the door was last used, not when someone last answered.

A service's counts are carried by its closing, into the hash chain: `Closing.answers`. A closing
seals the counts when at least `k` guests answered (some question has `k` taps or more);
otherwise they are carried on, unsealed, and counted with the next service that has enough
guests. So no sealed count can be read as one guest's answers, even for a service of one visit.
After the closing the file starts again, empty, from that closing (its `since`), and its time is
the closing's.

Ledgers written before answers were counted hold one `answer` entry per tap; those are still read,
as counts, by the tally and the exports.
"""

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.ledger.book import Ledger
from kiosk.ledger.counts_file import Counts, CountsFile, OpenCounts, UnreadableCounts
from kiosk.ledger.storage import UnreadableLedgerFile

SURVEY_DIR = "survey"
COUNTS_NAME = "counts.json"
DAMAGED = "damaged"
DEFAULT_K = 5  # as `[privacy] k` (kiosk.settings.config.PrivacySettings)


def sealable(counts: OpenCounts, k: int) -> Counts | None:
    """The counts a closing seals, or None to carry them on: fewer than `k` guests answered."""
    return counts.counts if counts.most_answered >= k else None


def settled(counts: OpenCounts, closings: list[Any]) -> OpenCounts:
    """The counts that are still open once `closings` (closing entries after `since`) count.

    A closing that sealed took these very counts into the chain, so nothing is left open; a
    closing that carried them on leaves them open. Either way they now start from the newest.
    """
    later = [c for c in closings if c.seq > counts.since]
    if not later:
        return counts
    newest = max(c.seq for c in later)
    if any(c.value.answers is not None for c in later):
        return OpenCounts(newest, {})
    return OpenCounts(newest, counts.counts)


@dataclass(frozen=True)
class CountsCheck:
    """What `check` found: a problem (empty when none) and warnings."""

    problem: str = ""
    warnings: tuple[str, ...] = ()


class SurveyCounts:
    """The open survey counts of the cantine whose ledger is `ledger`."""

    def __init__(self, ledger: Ledger, k: int = DEFAULT_K):
        self.ledger = ledger
        self.k = k
        self.folder = ledger.folder / SURVEY_DIR
        self.file = CountsFile(self.folder / COUNTS_NAME)
        # {day: (its file's signature, its closings)}: a file is read again only once it changed.
        self._closings_in: dict[str, tuple[tuple[int, int, int], list[Any]]] = {}
        self._day_of: dict[int, str] = {}  # {closing seq: its day}

    # -- writing (each under the ledger's lock) --------------------------------------------------

    def ensure(self) -> None:
        """Create the file now, empty, if there is none (at the kiosk's start, not at a tap)."""
        with self.ledger.locked():
            self._load_locked()

    def add(self, question: str, answer: str) -> None:
        """Count one tap, durably, before returning."""
        with self.ledger.locked():
            self.file.write(self._load_locked().plus(question, answer))

    def settle(self) -> None:
        """After a closing: rewrite the file from that closing (empty if it sealed the counts)."""
        with self.ledger.locked():
            self.file.write(self._load_locked())

    def visit_recorded(self) -> None:
        """A visit (or a membership at the door) was committed: give the file the time of the
        visit, counts unchanged.

        Without it the file's time would be that of the last tap, which points at the visit
        (or the member) just before it. No lock and no fsync: only the time changes, and only
        as a veil.
        """
        self.file.touch()

    def to_seal(self) -> Counts | None:
        """For a closing being written (under the lock): the counts it seals, or None to carry."""
        counts = self._read_or_none() or OpenCounts()
        return sealable(self._settled(counts), self.k)

    # -- reading ------------------------------------------------------------------------------

    def open_counts(self) -> Counts:
        """The taps not yet carried by a closing (read without the lock; {} if unreadable)."""
        counts = self._read_or_none()
        return self._settled(counts).counts if counts else {}

    def damaged_files(self) -> list[Path]:
        """Counts files found unreadable and set aside."""
        folder = self.folder / DAMAGED
        return sorted(folder.iterdir()) if folder.exists() else []

    def check(self) -> CountsCheck:
        """For `kiosk verify`: the file reads, belongs to this ledger, and nothing was set aside."""
        for damaged in self.damaged_files():
            return CountsCheck(f"{damaged} was found unreadable and set aside: survey answers "
                               f"given before it was found are missing from the figures")
        try:
            slots = self.file.read()
        except (UnreadableCounts, OSError) as problem:
            return CountsCheck(f"survey counts: {problem}")
        if slots is None:
            return CountsCheck()
        warnings = () if slots.agree else (
            f"{self.file.path}: the kiosk stopped while writing it; the last tap may be lost",)
        since = slots.counts.since
        latest = self.ledger.latest("closing")
        if since and (latest is None or since > latest.seq
                      or (found := self.ledger.find(since)) is None or found.kind != "closing"):
            return CountsCheck(f"{self.file.path}: counts from closing entry {since}, which this "
                               f"ledger does not hold (a file from another cantine or ledger?)",
                               warnings)
        return CountsCheck("", warnings)

    # -- inside ---------------------------------------------------------------------------------

    def _read_or_none(self) -> OpenCounts | None:
        try:
            slots = self.file.read()
        except (UnreadableCounts, OSError):
            return None
        return slots.counts if slots else None

    def _settled(self, counts: OpenCounts) -> OpenCounts:
        """`settled` by the closings written after the counts' `since`."""
        return settled(counts, self._closings_after(counts.since))

    def _closings_after(self, seq: int) -> list[Any]:
        """The closing entries after entry `seq`.

        A closing is written into the file of the day it is written, so only the files from the
        day of closing `seq` on, and today's (a clock set back), can hold a later one: one or two
        files, each read again only once it changed.
        """
        found = []
        for day in self._days_after(seq):
            path = self.ledger.folder / f"{day}.json"
            try:
                stat = path.stat()
                signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
                known = self._closings_in.get(day)
                if known is None or known[0] != signature:
                    known = (signature, [e for e in self.ledger.day_entries(day)
                                         if e.kind == "closing"])
                    self._closings_in[day] = known
            except (OSError, UnreadableLedgerFile):
                continue  # set aside at the next commit; `kiosk verify` reports it
            found += [e for e in known[1] if e.seq > seq]
        return found

    def _days_after(self, seq: int) -> list[str]:
        """The day files that may hold a closing after entry `seq` (all of them when seq is 0)."""
        days = self.ledger.days()
        if seq == 0:
            return days
        if seq not in self._day_of:
            found = self.ledger.find(seq)
            self._day_of[seq] = found.day if found else ""
        today = self.ledger.clock().astimezone(self.ledger.zone).date().isoformat()
        return [day for day in days if day >= self._day_of[seq] or day == today]

    def _load_locked(self) -> OpenCounts:
        """The open counts, under the lock: a damaged file is set aside and counting restarts."""
        try:
            slots = self.file.read()
        except UnreadableCounts as problem:
            kept = self.file.set_aside(self.folder / DAMAGED)
            print(f"kiosk: SURVEY COUNTS DAMAGE: {problem}; it was moved to {kept} and kept. "
                  f"Counting starts again from zero. Run `kiosk verify`.", file=sys.stderr)
            slots = None
        if slots is None:
            latest = self.ledger.latest("closing")
            fresh = OpenCounts(latest.seq if latest else 0, {})
            self.file.create(fresh)
            return fresh
        return self._settled(slots.counts)
