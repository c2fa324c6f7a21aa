"""The treasurer's journals: the cash box service by service, and the card payments per closing.

The cash journal (`kiosk export --journal cash`) follows the box through each service: the
float, the cash contributions (one line per service: a line per visit, with its time, would
single guests out), every movement with its reason (cancelled ones left out, as the closing
left them out), then at the closing the difference with its explanation and the cash counted, by
coin and note. `balance` is what the box should hold after each line, then what was counted.

The card journal (`--journal card`) gives, per closing, what the kiosk recorded by card against
what the card provider declared, the difference and its explanation, and the card payments given
up on the QR code screen that may explain it.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any

from kiosk.books.export import Document, Period, Table, figures_of
from kiosk.books.tally import Thresholds
from kiosk.settings.money import plain

CASH_COLUMNS = ("date", "service", "z", "time", "line", "reason", "cash_in", "cash_out",
                "balance")
CASH_MONEY = frozenset({"cash_in", "cash_out", "balance"})
CARD_COLUMNS = ("date", "service", "z", "card_recorded", "card_declared", "card_difference",
                "explanation", "abandoned_card", "abandoned_amount", "abandoned_detail")
CARD_MONEY = frozenset({"card_recorded", "card_declared", "card_difference",
                        "abandoned_amount"})


@dataclass
class ServiceBooks:
    """What one service's stored entries say to the books (amounts in cents)."""

    day: str
    service: int
    visits: dict[str, int] = field(default_factory=lambda: {"cash": 0, "card": 0})
    amounts: dict[str, int] = field(default_factory=lambda: {"cash": 0, "card": 0})
    # Memberships (issue 18), apart from the meals: how many and how much, by method.
    joined: dict[str, int] = field(default_factory=lambda: {"cash": 0, "card": 0})
    membership_amounts: dict[str, int] = field(default_factory=lambda: {"cash": 0, "card": 0})
    movements: list[Document] = field(default_factory=list)  # live cash entries, in order
    closing: Document | None = None

    @property
    def z(self) -> int | None:
        """The closing's Z number (None: the service is still open)."""
        return self.closing["data"].get("z") if self.closing else None


def services_of(documents: Iterable[Document], period: Period) -> Iterator[ServiceBooks]:
    """The books of each service of the period, day by day, service by service."""
    first, last = period.first.isoformat(), period.last.isoformat()
    for day, group in groupby(documents, key=itemgetter("day")):
        if not first <= day <= last:
            continue
        group = list(group)
        with figures_of(day):
            yield from _day_services(day, group)


def _day_services(day: str, group: list[Document]) -> list[ServiceBooks]:
    # A void or a cancellation is filed in the day of what it cancels (kiosk.ledger.book).
    voided = {d["data"]["visit"] for d in group if d["kind"] == "void"}
    cancelled = {d["data"]["movement"] for d in group if d["kind"] == "cash_cancel"}
    services: dict[int, ServiceBooks] = {}
    for d in group:
        books = services.setdefault(d["service"], ServiceBooks(day, d["service"]))
        kind, data = d["kind"], d["data"]
        if kind == "visit" and d["seq"] not in voided and data["method"] in ("cash", "card"):
            books.visits[data["method"]] += 1
            books.amounts[data["method"]] += data["amount"]
        elif kind == "membership" and d["seq"] not in voided and data["method"] in books.joined:
            books.joined[data["method"]] += 1
            books.membership_amounts[data["method"]] += data["amount"]
        elif kind == "cash" and d["seq"] not in cancelled:
            books.movements.append(d)
        elif kind == "closing":
            books.closing = d
    return [services[number] for number in sorted(services)]


def cash_journal(documents: Iterable[Document], period: Period, thresholds: Thresholds,
                 cantine: str = "", currency: str = "EUR") -> Table:
    """The cash journal of the period: one row per line of each service's cash box."""
    rows: list[tuple[Any, ...]] = []
    for books in services_of(documents, period):
        rows += _cash_lines(books)
    cash_in = sum(row[6] or 0 for row in rows)
    cash_out = sum(row[7] or 0 for row in rows)
    totals = ("total", None, None, None, None, None, cash_in, cash_out, None)
    return Table("cash", period, CASH_COLUMNS, tuple(rows), totals, CASH_MONEY, thresholds,
                 cantine, currency=currency)


def _cash_lines(books: ServiceBooks) -> list[tuple[Any, ...]]:
    """A service's lines: float, contributions, movements, then difference and count."""
    day, service, z = books.day, books.service, books.z
    lines: list[tuple[Any, ...]] = []
    balance = 0

    def line(time: str, what: str, reason: str, signed: int | None) -> None:
        nonlocal balance
        balance += signed or 0
        lines.append((day, service, z, time, what, reason,
                      signed if signed is not None and signed >= 0 else None,
                      -signed if signed is not None and signed < 0 else None, balance))

    movements = sorted(books.movements, key=lambda d: d["data"]["kind"] != "float")
    for d in movements:
        if d["data"]["kind"] == "float":
            line(d["ts"][11:16], "float", d["data"].get("reason", ""), d["data"]["amount"])
    line("", "contributions", "", books.amounts["cash"])
    if books.joined["cash"]:
        line("", "memberships", "", books.membership_amounts["cash"])
    for d in movements:
        data = d["data"]
        if data["kind"] != "float":
            signed = -data["amount"] if data["kind"] in ("out", "bank") else data["amount"]
            line(d["ts"][11:16], data["kind"], data.get("reason", ""), signed)
    if books.closing is None:
        lines.append((day, service, z, "", "open", "", None, None, balance))
        return lines
    closing, at = books.closing["data"], books.closing["ts"][11:16]
    difference = closing["counted_cash"] - closing["expected_cash"]
    if difference:
        line(at, "difference", closing.get("explanation", ""), difference)
    lines.append((day, service, z, at, "counted", denominations(closing),
                  None, None, closing["counted_cash"]))
    return lines


def denominations(closing: dict[str, Any]) -> str:
    """The cash counted by coin and note, largest first: "20.00 x 3, 2.00 x 2"."""
    counted = sorted(((int(d), int(n)) for d, n in
                      (closing.get("counted_by_denomination") or {}).items() if n), reverse=True)
    return ", ".join(f"{plain(d)} x {n}" for d, n in counted)


def card_journal(documents: Iterable[Document], period: Period, thresholds: Thresholds,
                 cantine: str = "", currency: str = "EUR") -> Table:
    """The card journal of the period: one row per closing."""
    rows = []
    for books in services_of(documents, period):
        if books.closing is None:
            continue
        data = books.closing["data"]
        abandoned = data.get("abandoned_card") or []
        rows.append((books.day, books.service, books.z, data["card_recorded"],
                     data["card_declared"], data["card_declared"] - data["card_recorded"],
                     data.get("explanation", ""), len(abandoned),
                     sum(a["amount"] for a in abandoned) if abandoned else None,
                     ", ".join(f"{a['at']} {plain(a['amount'])} {a.get('for', 'meal')} "
                               f"({a['seconds']} s)" for a in abandoned)))
    sums = [sum(row[i] or 0 for row in rows) for i in (3, 4, 5, 7, 8)]
    totals = ("total", None, None, sums[0], sums[1], sums[2], None, sums[3], sums[4] or None,
              None)
    return Table("card", period, CARD_COLUMNS, tuple(rows), totals, CARD_MONEY, thresholds,
                 cantine, currency=currency)
