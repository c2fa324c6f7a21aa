"""The treasurer's journals: the cash box service by service, and the card payments per closing.

The cash journal (`kiosk export --journal cash`) follows the box through each service: the
float, the cash contributions (one line per service: a line per visit, with its time, would
single guests out), every movement with its reason, each at its own time (cancelled ones left
out with their cancellation, as the closing left them out; a float added after the first is a
movement like the others, money put in at its time), then at the closing the difference with its
explanation and the cash counted, by coin and note. `balance` is what the box should hold after
each line, then what was counted. A period that starts with cash in the box (counted at the
closing before it) opens with a line `opening` that says so.

The balance runs on from one service to the next: after a closing the box holds the cash
counted, and when the next service opens with a float that differs from it (or with no float),
a line `taken_out_between` (or `added_between`) shows the gap, so every euro that left the box
is in the journal. The float itself is no cash in: its line only says what the box opened with.
When the closing the gap would start from is not readable (its day set aside as damaged, or any
hole in the days before), the gap is not known: a line `gap_unknown` names the day, with no
amount, and the balance starts again from the float.

The card journal (`--journal card`) gives, per closing, what the kiosk recorded by card against
what the card provider declared, the difference and its explanation, and the card payments given
up on the QR code screen that may explain it.
"""

import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from kiosk.books.export import Document, Period, Table, figures_of
from kiosk.books.tally import Thresholds
from kiosk.settings.money import plain

CASH_COLUMNS = ("date", "service", "z", "time", "line", "reason", "cash_in", "cash_out",
                "balance")
CASH_MONEY = frozenset({"cash_in", "cash_out", "balance"})
# The lines of money put in or taken out of the box between two services (after a closing,
# before the next float): summed apart from the services' cash in and out.
BETWEEN = ("added_between", "taken_out_between")
# A float added once the service opened (a second float) is money put in from outside too: the
# books book it with the gap before the service (4718), so it is summed with the lines above.
PUT_IN_FROM_OUTSIDE = (*BETWEEN, "float")
# Why the box before a service is not known, what happened to the day in between: as stderr
# says it, and as the journal's reason does (`day 2026-01-31 set aside as damaged`; the
# catalogues' export.between has the same keys).
HOLE_WORDS = {"set_aside": "the day {day} was set aside as damaged",
              "missing": "the day file {day}.json is missing",
              "damaged": "the day {day} is damaged"}
HOLE_REASONS = {"set_aside": "day {day} set aside as damaged", "missing": "day {day} missing",
                "damaged": "day {day} damaged"}
CARD_COLUMNS = ("date", "service", "z", "card_recorded", "card_declared", "card_difference",
                "explanation", "abandoned_card", "abandoned_amount", "abandoned_detail")
CARD_MONEY = frozenset({"card_recorded", "card_declared", "card_difference",
                        "abandoned_amount"})


@dataclass(frozen=True)
class UnknownBox:
    """The cash box's balance cannot be followed across `day`: its file was set aside as
    damaged, is missing, or cannot be read (`why`, a key of HOLE_WORDS), and a closing it held
    would be the one the next gap starts from."""

    day: str
    why: str = "set_aside"

    def reason(self) -> str:
        """The journal line's reason: 'day 2026-01-31 set aside as damaged'."""
        return HOLE_REASONS[self.why].format(day=self.day)

    @classmethod
    def of_reason(cls, reason: str) -> "UnknownBox | None":
        """The hole a journal line's reason names (None: not one of ours)."""
        for why, words in HOLE_REASONS.items():
            day = reason.removeprefix("day ").removesuffix(words.split("}", 1)[1])
            if cls(day, why).reason() == reason:
                return cls(day, why)
        return None


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
    # What the box held before the service (the cash counted at the closing before it, 0 when
    # none ever was) and that closing's Z number: set by `services_of`.
    box_before: int = 0
    z_before: int | None = None
    box_unknown: UnknownBox | None = None  # the gap before the service cannot be known

    @property
    def float_total(self) -> int:
        """The service's floats (live ones): what the box opened with."""
        return sum(d["data"]["amount"] for d in self.movements if d["data"]["kind"] == "float")

    @property
    def timeline(self) -> list[Document]:
        """The live cash entries in the order they were made (a float made after a movement
        comes after it)."""
        return sorted(self.movements, key=lambda d: datetime.fromisoformat(d["ts"]))

    @property
    def first_float(self) -> Document | None:
        """The service's first live float: what the box opened with (None: no float)."""
        return next((d for d in self.timeline if d["data"]["kind"] == "float"), None)

    @property
    def gap_before(self) -> int:
        """Cash put in (> 0) or taken out (< 0) of the box between the closing before and this
        service's float; 0 when it cannot be known (`box_unknown`)."""
        return 0 if self.box_unknown else self.float_total - self.box_before

    @property
    def box_after(self) -> int:
        """What the box holds after the service: counted at its closing, else what it should
        hold."""
        if self.closing is not None:
            return self.closing["data"]["counted_cash"]
        moved = sum(-d["data"]["amount"] if d["data"]["kind"] in ("out", "bank")
                    else d["data"]["amount"] for d in self.movements
                    if d["data"]["kind"] != "float")
        return (self.float_total + self.amounts["cash"] + self.membership_amounts["cash"]
                + moved)

    @property
    def z(self) -> int | None:
        """The closing's Z number (None: the service is still open)."""
        return self.closing["data"].get("z") if self.closing else None


def services_of(documents: Iterable[Document], period: Period,
                box_before: "tuple[int, int | None] | UnknownBox" = (0, None),
                holes: Mapping[str, str] | None = None) -> Iterator[ServiceBooks]:
    """The books of each service of the period, day by day, service by service; `box_before`:
    the cash counted at the last closing before the period and its Z number ((0, None): none),
    or an `UnknownBox` when a hole hides it; `holes`: {day: why} of the period's days whose
    entries are missing (counted without them, --trust-damaged). A service after a hole starts
    from its float, its gap unknown, and stderr says so once per hole."""
    first, last = period.first.isoformat(), period.last.isoformat()
    box, z = (None, None) if isinstance(box_before, UnknownBox) else box_before
    unknown = box_before if isinstance(box_before, UnknownBox) else None
    holes, seen = dict(holes or {}), ""
    for day, group in groupby(documents, key=itemgetter("day")):
        if not first <= day <= last:
            continue
        crossed = [hole for hole in sorted(holes) if seen < hole < day]
        unknown = UnknownBox(crossed[-1], holes[crossed[-1]]) if crossed else unknown
        seen = day
        group = list(group)
        with figures_of(day):
            for books in _day_services(day, group):
                if unknown is not None:
                    first = books.first_float  # the balance starts again from it
                    books.box_before = first["data"]["amount"] if first else 0
                    books.box_unknown = unknown
                    say_unknown(unknown, books)
                else:
                    books.box_before, books.z_before = box, z
                box, z, unknown = books.box_after, books.z, None
                yield books


def say_unknown(unknown: UnknownBox, books: ServiceBooks) -> None:
    """One line on stderr: the books leave the gap out, the treasurer checks the box by hand."""
    print(f"kiosk: {HOLE_WORDS[unknown.why].format(day=unknown.day)}: the cash box's balance "
          f"is not known across it, so the gap before {books.day} service {books.service} is "
          "not booked; check the box by hand", file=sys.stderr)


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
                 cantine: str = "", currency: str = "EUR",
                 box_before: "tuple[int, int | None] | UnknownBox" = (0, None),
                 holes: Mapping[str, str] | None = None) -> Table:
    """The cash journal of the period: one row per line of each service's cash box.

    Its totals: the cash in and out of the services (floats are no cash in), and apart, on a
    line of their own, the cash put in and taken out between services."""
    rows: list[tuple[Any, ...]] = []
    if isinstance(box_before, tuple) and box_before[0]:
        # The period starts with cash already in the box: the count it starts from, said.
        box, z = box_before
        rows.append((period.first.isoformat(), None, None, "", "opening",
                     f"Z{z}" if z else "", None, None, box))
    for books in services_of(documents, period, box_before, holes):
        rows += _cash_lines(books)

    def summed(index: int, between: bool) -> int:
        return sum(row[index] or 0 for row in rows
                   if (row[4] in PUT_IN_FROM_OUTSIDE) == between)

    totals = ("total", None, None, None, None, None, summed(6, False), summed(7, False), None)
    between = ("total", None, None, None, "between_services", None, summed(6, True),
               summed(7, True), None)
    return Table("cash", period, CASH_COLUMNS, tuple(rows), totals, CASH_MONEY, thresholds,
                 cantine, currency=currency, more_totals=(between,))


def _cash_lines(books: ServiceBooks) -> list[tuple[Any, ...]]:
    """A service's lines: the gap since the closing before, the float, contributions,
    movements, then difference and count."""
    day, service, z = books.day, books.service, books.z
    lines: list[tuple[Any, ...]] = []
    balance = books.box_before

    def line(time: str, what: str, reason: str, signed: int | None = None) -> None:
        nonlocal balance  # signed None: a line that moves nothing (float, open, counted)
        balance += signed or 0
        lines.append((day, service, z, time, what, reason,
                      signed if signed is not None and signed >= 0 else None,
                      -signed if signed is not None and signed < 0 else None, balance))

    first = books.first_float
    if first is None:
        _opening(books, line, lines, "")
    for d in books.timeline:
        data = d["data"]
        if d is first:
            _opening(books, line, lines, d["ts"][11:16], data.get("reason", ""))
        elif data["kind"] == "float":  # a float added later: money put in the box, at its time
            line(d["ts"][11:16], "float", data.get("reason", ""), data["amount"])
        else:
            signed = -data["amount"] if data["kind"] in ("out", "bank") else data["amount"]
            line(d["ts"][11:16], data["kind"], data.get("reason", ""), signed)
    if books.closing is None:
        line("", "open", "")
        return lines
    closing, at = books.closing["data"], books.closing["ts"][11:16]
    if difference := closing["counted_cash"] - closing["expected_cash"]:
        line(at, "difference", closing.get("explanation", ""), difference)
    line(at, "counted", denominations(closing))
    return lines


def _opening(books: ServiceBooks, line: Any, lines: list[tuple[Any, ...]], opened: str,
             reason: str = "") -> None:
    """The service's opening: the gap since the closing before (or that it is not known), the
    first float (no cash in: the gap brought the box there), the cash contributions."""
    if books.box_unknown:  # no amount, no balance: nobody knows what the box held
        lines.append((books.day, books.service, books.z, opened, "gap_unknown",
                      books.box_unknown.reason(), None, None, None))
    elif gap := _amount(books.first_float) - books.box_before:
        line(opened, "added_between" if gap > 0 else "taken_out_between",
             f"Z{books.z_before}" if books.z_before else "", gap)
    if opened:
        line(opened, "float", reason)
    line("", "contributions", "", books.amounts["cash"])
    if books.joined["cash"]:
        line("", "memberships", "", books.membership_amounts["cash"])


def _amount(document: Document | None) -> int:
    return document["data"]["amount"] if document else 0


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
        difference = data["card_declared"] - data["card_recorded"]
        # A closing has one explanation, written for whatever differed: it explains the card
        # only when the card total differs (the cash journal has it for the cash).
        rows.append((books.day, books.service, books.z, data["card_recorded"],
                     data["card_declared"], difference,
                     data.get("explanation", "") if difference else "", len(abandoned),
                     sum(a["amount"] for a in abandoned) if abandoned else None,
                     ", ".join(f"{a['at']} {plain(a['amount'])} {a.get('for', 'meal')} "
                               f"({a['seconds']} s)" for a in abandoned)))
    sums = [sum(row[i] or 0 for row in rows) for i in (3, 4, 5, 7, 8)]
    totals = ("total", None, None, sums[0], sums[1], sums[2], None, sums[3], sums[4] or None,
              None)
    return Table("card", period, CARD_COLUMNS, tuple(rows), totals, CARD_MONEY, thresholds,
                 cantine, currency=currency)
