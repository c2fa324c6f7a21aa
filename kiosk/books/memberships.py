"""Memberships: joining the association at the door, counted apart from meals.

A membership is a ledger entry of its own (`kiosk.ledger.entries.Membership`): the amount, how it
was paid and a number of the year, `A-2026-0042` for the 42nd membership of 2026, taken under the
ledger's lock as the entry is written, so two tablets never give one number twice and no number
is skipped. A voided membership keeps its number (it is never given again).

`memberships_of` is what the books read (the tally, the exports, the impact report, and the
treasurer's accounting entries, which credit the memberships account apart from meals).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.ledger.entries import Entry, Membership

if TYPE_CHECKING:  # the tally reads the figures below without loading the ledger's writer
    from kiosk.ledger.book import DayView, Ledger

PREFIX = "A"  # for "adhésion"; the year and a count of four digits follow


def membership_number(year: int, count: int) -> str:
    """The number of the `count`th membership of `year`: A-2026-0042."""
    return f"{PREFIX}-{year}-{count:04d}"


def count_of(number: str, year: int) -> int | None:
    """The count in a membership number of `year`, or None when it is of another year."""
    start = f"{PREFIX}-{year}-"
    rest = number[len(start):] if number.startswith(start) else ""
    return int(rest) if rest.isascii() and rest.isdigit() else None


def next_count(view: "DayView", year: int) -> int:
    """The count the next membership of `year` takes: one more than the highest ever given.

    The chain's head remembers the highest of each year, so a day set aside as damaged (or
    deleted) never makes a number be given twice; the files are read too, for a ledger whose
    witnesses were lost.
    """
    return max(view.head.highest(f"membership {PREFIX}-{year}"), written_count(view, year)) + 1


def written_count(view: "DayView", year: int) -> int:
    """The highest count of `year` among the memberships the day files hold."""
    latest = view.latest("membership")
    if latest is None:
        return 0
    found = count_of(latest.value.number, year)
    if found is not None:
        return found
    # The newest membership is of another year: this one is the year's first, unless the clock
    # ran ahead and was set right; the year's own files say which.
    counts = (count_of(e.value.number, year)
              for e in view.ledger.entries(f"{year}-01-01", f"{year}-12-31")
              if e.kind == "membership")
    return max((c for c in counts if c is not None), default=0)


def record_membership(ledger: "Ledger", amount: int, method: str, at: datetime | None = None,
                      request: str | None = None) -> Entry:
    """Write a membership durably and return its entry, with its number of the year.

    The number follows the year of the service it joins. `at` back-dates it (a paper note),
    `request` is a script's id (see `Ledger.append`). A membership of 0 is paid with "none".
    """
    method = method if amount else "none"
    Membership(amount, method, "-")  # refuses a wrong amount or method before the lock

    def check(view: "DayView") -> Membership:
        """Under the lock: the number follows the last one written."""
        year = int(view.day[:4])
        return Membership(amount, method, membership_number(year, next_count(view, year)))

    return ledger.append(None, at, check, request)


@dataclass(frozen=True)
class MembershipLine:
    """One live membership as the books read it (amounts in cents)."""

    seq: int
    number: str
    amount: int
    method: str  # cash, card or none
    day: str  # the service's day, YYYY-MM-DD
    service: int
    ts: str


def memberships_of(entries: Iterable[Entry]) -> list[MembershipLine]:
    """The memberships among `entries` that no void cancels, in the order they were written.

    Hand it a period's or a service's entries (`Ledger.entries`, `ServiceBook.entries`): this is
    what the tally, the exports, the impact report and the accounting entries (account 756 by
    default) count.
    """
    entries = list(entries)
    voided = {e.value.visit for e in entries if e.kind == "void"}
    return [MembershipLine(e.seq, e.value.number, e.value.amount, e.value.method, e.day,
                           e.service, e.ts)
            for e in entries if e.kind == "membership" and e.seq not in voided]


@dataclass(frozen=True)
class MembershipFigures:
    """How many joined, for how much, and how it was paid (cents)."""

    count: int = 0
    total: int = 0
    cash: int = 0
    card: int = 0
    numbers: tuple[str, ...] = ()  # the live memberships' numbers, in order
    voided: tuple[str, ...] = ()  # the numbers of the voided ones (never given again)

    @property
    def average(self) -> int:
        """The average membership, rounded to the cent (0 when nobody joined)."""
        return round(self.total / self.count) if self.count else 0


def membership_figures(entries: Iterable[Entry]) -> MembershipFigures:
    """The live memberships of `entries`, counted and summed by method."""
    entries = list(entries)
    lines = memberships_of(entries)
    live = {line.seq for line in lines}
    return MembershipFigures(
        count=len(lines),
        total=sum(line.amount for line in lines),
        cash=sum(line.amount for line in lines if line.method == "cash"),
        card=sum(line.amount for line in lines if line.method == "card"),
        numbers=tuple(line.number for line in lines),
        voided=tuple(e.value.number for e in entries
                     if e.kind == "membership" and e.seq not in live),
    )


def number_ranges(numbers: Iterable[str]) -> str:
    """Membership numbers as a register reads them: "A-2026-0001 … A-2026-0003, A-2026-0005"
    (runs of following numbers shortened)."""
    runs: list[list[str]] = []
    for number in sorted(numbers):
        prefix, _, count = number.rpartition("-")
        last = runs[-1][-1] if runs else ""
        if last.rpartition("-")[0] == prefix and count.isdigit() and \
                int(last.rpartition("-")[2]) + 1 == int(count):
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]} … {run[-1]}" for run in runs)


def membership_slip_for(entry: Entry, config, words):
    """The printed slip of the membership `entry`, in the member's language (`words`, a
    kiosk.settings.i18n.Words), with the association's identity and a line for the name."""
    from printer.receipt import MembershipSlip

    membership = entry.value
    cantine = config.cantine
    return MembershipSlip(
        cantine_name=cantine.name,
        issued_at=words.moment(datetime.fromisoformat(entry.ts)),
        number=membership.number,
        amount=membership.amount,
        amount_text=words.money(membership.amount),
        method_text=words(f"receipt.paid_{membership.method}") if membership.amount else "",
        title=words("slip.title"),
        number_label=words("slip.number"),
        date_label=words("slip.date"),
        amount_label=words("slip.amount"),
        name_label=words("slip.name"),
        note=words("slip.note"),
        thanks=words("slip.thanks"),
        legal_name=cantine.legal_name,
        legal_ids=cantine.legal_ids,
        cantine_address=cantine.address,
    )
