"""Closing a service (Z): counted cash against expected, card declared against recorded.

`build_closing` is a pure function of the service's entries and the previous closing, so the
Z number and the perpetual grand total follow from the ledger alone; `close_service` runs it under
the ledger's lock, so two closings can never take the same Z number. The closing also seals the
survey's open counts, under the same lock (see `kiosk.ledger.answers`).
"""

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kiosk.books.tally import Thresholds, abandoned_card_payments, tally
from kiosk.errors import KioskError
from kiosk.ledger.answers import DEFAULT_K, SurveyCounts
from kiosk.ledger.book import DayView, Ledger
from kiosk.ledger.entries import CashCount, Closing, Entry

# Euro coins and notes in cents, smallest first (other currencies come from config).
EURO_DENOMINATIONS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)
# The coins and notes of the other currencies a cantine may set in [cantine] currency.
DENOMINATIONS = {
    "EUR": EURO_DENOMINATIONS,
    "CHF": (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 100000),
    "GBP": (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000),
    "USD": (1, 5, 10, 25, 100, 200, 500, 1000, 2000, 5000, 10000),
    "CAD": (5, 10, 25, 100, 200, 500, 1000, 2000, 5000, 10000),
}


class ClosingRefused(KioskError):
    """A closing that cannot be written as asked (a difference with no explanation...)."""


def denominations_for(currency: str) -> tuple[int, ...]:
    """The coins and notes to count for `currency`, in cents, smallest first (whole units else)."""
    return DENOMINATIONS.get(currency.upper(), (100, 200, 500, 1000, 2000, 5000, 10000))


def counted_total(counted_by_denomination: dict[str, int]) -> int:
    """The cash counted, in cents, from {denomination in cents: how many}."""
    total = 0
    for denomination, count in counted_by_denomination.items():
        if int(count) < 0:
            raise ClosingRefused("a count cannot be negative", "count_negative")
        total += int(denomination) * int(count)
    return total


def build_closing(service_entries: Iterable[Entry], previous: "Closing | PreviousClosing | None",
                  counted_by_denomination: dict[str, int], card_declared: int,
                  explanation: str, thresholds: Thresholds = Thresholds(),
                  answers: dict[str, dict[str, int]] | None = None) -> Closing:
    """The closing of a service from its entries and the ledger's previous closing.

    `answers` are the survey counts it seals (None: it seals none, see `kiosk.ledger.answers`).
    """
    service_entries = list(service_entries)
    figures = tally(service_entries, thresholds)
    count = CashCount(counted_total(counted_by_denomination), figures.expected_cash,
                      card_declared, figures.card_recorded)
    if count.differs and not explanation.strip():
        raise ClosingRefused("the count differs from what was expected: say why before closing",
                             "closing_unexplained")
    return Closing(
        z=(previous.z if previous else 0) + 1,
        counted_cash=count.counted_cash,
        counted_by_denomination={str(k): int(v) for k, v in counted_by_denomination.items() if v},
        expected_cash=count.expected_cash,
        card_declared=count.card_declared,
        card_recorded=count.card_recorded,
        explanation=explanation.strip(),
        totals={
            "visits": figures.visits, "covers": figures.covers, "total": figures.total,
            "cash": figures.cash, "card": figures.card, "float": figures.cash_float,
            "cash_moved": figures.cash_moved, "voids": figures.voids,
            "memberships": figures.memberships.count,
            "membership_total": figures.memberships.total,
            "membership_cash": figures.memberships.cash,
            "membership_card": figures.memberships.card,
            # The numbers, for the treasurer who matches the register with the Z.
            "membership_numbers": list(figures.memberships.numbers),
            "memberships_voided": list(figures.memberships.voided),
        },
        # The perpetual total of every takings recorded: contributions and memberships.
        grand_total=(previous.grand_total if previous else 0) + figures.total
        + figures.memberships.total,
        answers=answers,
        abandoned_card=abandoned_card_payments(service_entries),
    )


def open_service(view_entries: list[Entry]) -> int:
    """The number a new service of a day would take: one more than the day's highest."""
    return max((e.service for e in view_entries), default=0) + 1


@dataclass(frozen=True)
class PreviousClosing:
    """What the next closing follows: the last Z number and the perpetual grand total."""

    z: int
    grand_total: int


def previous_closing(view: DayView) -> PreviousClosing | None:
    """The ledger's last closing, from the chain's witness: no past day is read, so a damaged
    one cannot block a closing. Says so when that closing's day was set aside as damaged."""
    last = view.head.closing
    if last is None:
        return None
    _, z, grand_total, _, day = last
    if any(p.name.startswith(f"{day}.json") for p in view.ledger.damaged_files()):
        print(f"kiosk: the last closing (Z {z}) was in the day {day}, set aside as damaged; "
              f"this closing follows it as Z {z + 1}", file=sys.stderr)
    return PreviousClosing(z, grand_total)


def close_service(ledger: Ledger, counted_by_denomination: dict[str, int], card_declared: int,
                  explanation: str = "", thresholds: Thresholds = Thresholds(),
                  at: datetime | None = None, k: int = DEFAULT_K) -> Entry:
    """Write the closing of the open service, whatever day it opened, with all its entries; its
    Z number is taken under the lock.

    It seals the survey's open counts when at least `k` guests answered, else carries them on;
    then the counts file starts again from this closing.
    """
    survey = SurveyCounts(ledger, k)

    def check(view: DayView) -> Closing:
        entries = [e for e in view.entries if e.service == view.service]
        return build_closing(entries, previous_closing(view), counted_by_denomination,
                             card_declared, explanation, thresholds, survey.to_seal())

    entry = ledger.append(None, at, check)
    try:
        survey.settle()
    except OSError as error:
        # The closing is written; the counts file still names the closing before it, and the
        # next tap or closing reads it as settled all the same (`answers.settled`).
        print(f"kiosk: survey counts not reset after closing {entry.seq}: {error}",
              file=sys.stderr)
    return entry
