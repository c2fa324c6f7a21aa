"""Closing a service (Z): counted cash against expected, card declared against recorded.

`build_closing` is a pure function of the service's entries and the previous closing, so the
Z number and the perpetual grand total follow from the ledger alone; `close_service` runs it under
the ledger's lock, so two closings can never take the same Z number.
"""

from collections.abc import Iterable
from datetime import datetime

from kiosk.books.tally import Thresholds, abandoned_card_payments, tally
from kiosk.errors import KioskError
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
            raise ClosingRefused("a count cannot be negative")
        total += int(denomination) * int(count)
    return total


def build_closing(service_entries: Iterable[Entry], previous: Closing | None,
                  counted_by_denomination: dict[str, int], card_declared: int,
                  explanation: str, thresholds: Thresholds = Thresholds()) -> Closing:
    """The closing of a service from its entries and the ledger's previous closing."""
    service_entries = list(service_entries)
    figures = tally(service_entries, thresholds)
    count = CashCount(counted_total(counted_by_denomination), figures.expected_cash,
                      card_declared, figures.card)
    if count.differs and not explanation.strip():
        raise ClosingRefused("the count differs from what was expected: say why before closing")
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
        },
        grand_total=(previous.grand_total if previous else 0) + figures.total,
        abandoned_card=abandoned_card_payments(service_entries),
    )


def open_service(view_entries: list[Entry]) -> int:
    """The number of the day's open service: one more than its closings."""
    return sum(1 for e in view_entries if e.kind == "closing") + 1


def close_service(ledger: Ledger, counted_by_denomination: dict[str, int], card_declared: int,
                  explanation: str = "", thresholds: Thresholds = Thresholds(),
                  at: datetime | None = None) -> Entry:
    """Write the closing of today's open service; its Z number is taken under the lock."""

    def check(view: DayView) -> Closing:
        service = open_service(view.entries)
        entries = [e for e in view.entries if e.service == service]
        previous = view.latest("closing")
        return build_closing(entries, previous.value if previous else None,
                             counted_by_denomination, card_declared, explanation, thresholds)

    return ledger.append(None, at, check)
