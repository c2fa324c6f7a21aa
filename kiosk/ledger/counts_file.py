"""The survey's open counts on disk: one small file, rewritten in place, never half-written.

The file holds two copies ("slots") of the same JSON document, each padded to a fixed size, each
with its own SHA-256. A write overwrites the first slot and fsyncs, then the second and fsyncs:
a power cut leaves at least one whole slot, and a reader takes the first whole one (the first slot
is always the newer). Rewriting in place, rather than writing a new file and renaming it, leaves
no earlier version of the counts in the card's free space, where a recovery tool would find how
they grew answer after answer. The file's size never changes, so it says nothing either.
"""

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.ledger.storage import fsync_folder

SLOT_SIZE = 4096
FILE_MODE = 0o640  # the kiosk's user writes, its group may read, nobody else
Counts = dict[str, dict[str, int]]  # {question: {answer: taps}}


class UnreadableCounts(KioskError):
    """A counts file with no whole copy left: never overwritten, set aside and reported."""

    exit_status = 1

    def __init__(self, path: Path, why: str):
        super().__init__(f"{path} {why}")
        self.path = path


@dataclass(frozen=True)
class OpenCounts:
    """The taps counted since the closing numbered `since` (0: since the ledger began).

    Counts only: no time, no order, nothing that says which tap came after which visit.
    """

    since: int = 0
    counts: Counts = field(default_factory=dict)

    def plus(self, question: str, answer: str) -> "OpenCounts":
        """These counts with one more tap of `answer` to `question`."""
        counts = {q: dict(a) for q, a in self.counts.items()}
        mine = counts.setdefault(question, {})
        mine[answer] = mine.get(answer, 0) + 1
        return OpenCounts(self.since, counts)

    @property
    def most_answered(self) -> int:
        """Taps on the question answered most: at least that many guests answered."""
        return max((sum(a.values()) for a in self.counts.values()), default=0)


def checksum(counts: OpenCounts) -> str:
    """SHA-256 of the canonical JSON of the counts and their `since`."""
    body = {"counts": counts.counts, "since": counts.since}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"))
                          .encode()).hexdigest()


def encode(counts: OpenCounts) -> bytes:
    """One slot's text, keys sorted (a dict's order would say which answer came first)."""
    document = {"counts": counts.counts, "since": counts.since, "check": checksum(counts)}
    return json.dumps(document, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def is_counts(counts: Any) -> bool:
    """Whether `counts` has the shape {question: {answer: taps > 0}}."""
    return isinstance(counts, dict) and all(
        isinstance(question, str) and isinstance(answers, dict) and all(
            isinstance(answer, str) and type(taps) is int and taps > 0
            for answer, taps in answers.items())
        for question, answers in counts.items())


def decode(raw: bytes) -> OpenCounts | None:
    """The counts in one slot, or None when the slot is torn, damaged or changed by hand."""
    try:
        document = json.loads(raw.rstrip(b" \n\0").decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(document, dict) or set(document) != {"counts", "since", "check"}:
        return None
    since, counts = document["since"], document["counts"]
    if type(since) is not int or since < 0 or not is_counts(counts):
        return None
    found = OpenCounts(since, counts)
    return found if document["check"] == checksum(found) else None


@dataclass(frozen=True)
class Slots:
    """What a read found: the counts to use, and whether the two copies told the same."""

    counts: OpenCounts
    agree: bool


class CountsFile:
    """The two-slot file at `path`: read, rewritten in place, created whole, or set aside."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def read(self) -> Slots | None:
        """The counts (None when there is no file); UnreadableCounts when no slot is whole."""
        if self.path.is_symlink():  # never write through it to whatever it points at
            raise UnreadableCounts(self.path, "is a symbolic link, not the kiosk's counts")
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise UnreadableCounts(self.path, "is a folder, not the kiosk's counts") from None
        size = len(raw) // 2
        first, second = decode(raw[:size]), decode(raw[size:])
        if first is None and second is None:
            why = "is empty" if not raw.strip() else "holds no whole copy of the counts"
            raise UnreadableCounts(self.path, why)
        return Slots(first or second, first == second)

    def write(self, counts: OpenCounts) -> None:
        """Replace the counts durably, in place; a new file (made whole) when there is none."""
        data = encode(counts)
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_NOFOLLOW)
        except FileNotFoundError:
            self.create(counts)
            return
        try:
            size = os.fstat(descriptor).st_size // 2
            if len(data) >= size or size < SLOT_SIZE:
                os.close(descriptor)
                descriptor = -1
                self.create(counts, slot_size=max(SLOT_SIZE, _fitting(len(data))))
                return
            slot = data.ljust(size - 1) + b"\n"
            for offset in (0, size):  # the first slot first: readers trust it when whole
                os.pwrite(descriptor, slot, offset)
                os.fsync(descriptor)
        finally:
            if descriptor >= 0:
                os.close(descriptor)

    def create(self, counts: OpenCounts, slot_size: int = SLOT_SIZE) -> None:
        """Write a whole new file (temporary file, fsync, rename, fsync of the folder)."""
        self.path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
        slot = encode(counts).ljust(slot_size - 1) + b"\n"
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
            try:
                os.write(descriptor, slot + slot)
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            os.replace(temporary, self.path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        fsync_folder(self.path.parent)

    def touch(self) -> None:
        """Set the file's time to now, its counts unchanged (see `SurveyCounts.visit_recorded`)."""
        try:
            os.utime(self.path)
        except FileNotFoundError:
            pass

    def set_aside(self, folder: Path) -> Path:
        """Move the file into `folder`, under a name that is a number and not a time; kept."""
        folder.mkdir(mode=0o750, parents=True, exist_ok=True)
        number = 1
        while (kept := folder / f"{self.path.name}.{number}").exists():
            number += 1
        os.replace(self.path, kept)
        fsync_folder(self.path.parent)
        return kept


def _fitting(length: int) -> int:
    """The smallest power of two that holds `length` bytes and the slot's newline."""
    size = SLOT_SIZE
    while size <= length + 1:
        size *= 2
    return size
