"""Receipt numbers: the cantine's own count of its receipts, per year, with no gap.

A number looks like `2026-000123`: the 123rd receipt the cantine gave in 2026. It is taken when a
guest asks, under the ledger's lock, by writing a `ReceiptRequest` entry: the number exists only
once the entry is on disk, so no number is lost or given twice, even with two tablets at the
door. It is a text with the year in front, never an entry's number (`seq`, an integer), and counts
receipts only, so it says nothing of how many visits or answers came in between.
"""

from datetime import datetime

from kiosk.errors import KioskError
from kiosk.ledger.book import DayView, Ledger
from kiosk.ledger.entries import Entry, ReceiptRequest


class ReceiptRefused(KioskError):
    """No receipt number for this visit: it is not a visit, or its service is closed."""


class _AlreadyAsked(Exception):
    """Raised under the lock to write nothing: the visit got its number meanwhile."""

    def __init__(self, number: str):
        super().__init__(number)
        self.number = number


def receipt_number(year: int, count: int) -> str:
    """The printed number of the `count`th receipt of `year`: 2026-000123."""
    return f"{year}-{count:06d}"


def count_of(number: str, year: int) -> int | None:
    """The count in a receipt number of `year`, or None when it is of another year."""
    prefix = f"{year}-"
    if number.startswith(prefix) and number[len(prefix):].isdigit():
        return int(number[len(prefix):])
    return None


def receipt_asked(entries: list[Entry], visit_seq: int) -> Entry | None:
    """The receipt request already written for visit `visit_seq` among `entries`, if any."""
    return next((e for e in entries if e.kind == "receipt" and e.value.visit == visit_seq), None)


def next_count(view: DayView, year: int) -> int:
    """The count the next receipt of `year` takes: one more than the highest ever given (the
    chain's head remembers it through a day set aside as damaged, or deleted)."""
    return max(view.head.highest(f"receipt {year}"), written_count(view, year)) + 1


def written_count(view: DayView, year: int) -> int:
    """The highest count of `year` among the receipts the day files hold."""
    latest = view.latest("receipt")
    if latest is None:
        return 0
    found = count_of(latest.value.number, year)
    if found is not None:
        return found
    # The newest receipt is of another year: this is the year's first, or the clock ran ahead
    # and was set right; the year's own files say which (few, early in the year).
    counts = (count_of(e.value.number, year) for e in view.ledger.entries(f"{year}-01-01",
                                                                          f"{year}-12-31")
              if e.kind == "receipt")
    return max((c for c in counts if c is not None), default=0)


def ask_receipt(ledger: Ledger, visit: Entry) -> str:
    """The receipt number of `visit`: the one it already has, or a new one, written durably.

    The request is filed at the visit's own time, in its day and service; ReceiptRefused when
    that service is closed or `visit` is no visit.
    """
    if visit.kind != "visit":
        raise ReceiptRefused(f"entry {visit.seq} is not a visit")
    already = receipt_asked(ledger.day_entries(visit.day), visit.seq)
    if already is not None:
        return already.value.number
    year = int(visit.day[:4])

    def check(view: DayView) -> ReceiptRequest:
        """Under the lock: the number follows the last one written."""
        if (earlier := receipt_asked(view.entries, visit.seq)) is not None:
            raise _AlreadyAsked(earlier.value.number)  # a second tablet was quicker
        return ReceiptRequest(visit.seq, receipt_number(year, next_count(view, year)))

    try:
        entry = ledger.append(None, datetime.fromisoformat(visit.ts), check)
    except _AlreadyAsked as asked:
        return asked.number
    except KioskError as refusal:
        raise ReceiptRefused(str(refusal)) from None
    return entry.value.number

