"""The per-visit export: one anonymised row per visit, in time slots of at least k visits; and
the memberships' export, one row per membership number, for matching the association's register
with the books.

The memberships' export is a file of its own, and holds no time, no visit and no survey answer: a
member number is never put next to a meal amount or an answer (README, "Privacy"). Nor does it
hold the service, and its rows go by number, not by time: the per-visit export shares only the
date with it, so that the two files do not pair a member with a meal in a small service.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any

from kiosk.books.export import (
    TOTAL_LABEL,
    Document,
    Period,
    Table,
    _BracketMemo,
    figures_of,
    voided_visits,
)
from kiosk.books.tally import Thresholds
from kiosk.ledger.answers import DEFAULT_K

VISIT_COLUMNS = ("date", "time", "service", "role", "covers", "amount", "method", "bracket",
                 "voided")
MEMBERSHIP_COLUMNS = ("date", "number", "amount", "method", "voided")


def membership_table(documents: Iterable[Document], period: Period, thresholds: Thresholds,
                     cantine: str = "") -> Table:
    """One row per membership of the period, by number, voided ones marked (their number is
    never given again); totals: the live memberships' count and amount, and the voided count."""
    rows = []
    for day, group in groupby(documents, key=itemgetter("day")):
        if day in period:
            group = list(group)
            with figures_of(day):
                voided = voided_visits(group)  # a void names the membership's seq too
                rows += [(day, d["data"]["number"], d["data"]["amount"], d["data"]["method"],
                          d["seq"] in voided) for d in group if d["kind"] == "membership"]
    rows.sort(key=itemgetter(1))  # by number (the year's, then its order), never by time
    live = [row for row in rows if not row[4]]
    totals = (TOTAL_LABEL, len(live), sum(row[2] for row in live), None, len(rows) - len(live))
    return Table("membership", period, MEMBERSHIP_COLUMNS, tuple(rows), totals,
                 frozenset({"amount"}), thresholds, cantine)


def visit_table(documents: Iterable[Document], period: Period, thresholds: Thresholds,
                cantine: str = "", k: int = DEFAULT_K) -> Table:
    """One anonymised row per visit: no id, and a time slot that holds at least `k` visits.

    Each service's visits are grouped by quarter hour, and a quarter with fewer than `k` visits
    is merged with the next (the last with the one before), up to the whole service; within a
    slot, rows are sorted by what they say, so the order in which guests came is not kept.
    Voided visits are listed (marked), in the slot of their time, but do not count towards `k`.
    """
    first, last = period.first.isoformat(), period.last.isoformat()
    brackets_of = _BracketMemo(thresholds)
    keyed = []
    for day, group in groupby(documents, key=itemgetter("day")):
        if first <= day <= last:
            group = list(group)
            with figures_of(day):
                voided = voided_visits(group)  # filed in the visit's own day by the ledger
                visits = [d for d in group if d["kind"] == "visit"]
                for service, slot_of in _slots_per_service(visits, voided, k).items():
                    for d in visits:
                        if d["service"] == service:
                            start, text = slot_of(_minute_of(d))
                            row = _visit_row(d, text, brackets_of, d["seq"] in voided)
                            keyed.append(((day, service, start, row[3:]), row))
    rows = [row for _, row in sorted(keyed)]
    live = [row for row in rows if not row[-1]]
    totals = (f"{TOTAL_LABEL} (voids excluded)", "", "", "", sum(row[4] for row in live),
              sum(row[5] for row in live), "", "", len(rows) - len(live))
    return Table("visit", period, VISIT_COLUMNS, tuple(rows), totals, frozenset({"amount"}),
                 thresholds, cantine)


def time_slots(minutes: Sequence[int], k: int) -> list[tuple[int, int]]:
    """[start, end) minute ranges, quarter hours merged until each holds `k` of `minutes`.

    The ranges cover every quarter from the first to the last minute given, without gap; one
    range when there are fewer than `k` minutes in all (or none).
    """
    if not minutes:
        return [(0, 24 * 60)]
    per_quarter = Counter(minute // 15 for minute in minutes)
    groups: list[list[int]] = [[]]
    held = 0
    for quarter in sorted(per_quarter):
        if held >= k:
            groups.append([])
            held = 0
        groups[-1].append(quarter)
        held += per_quarter[quarter]
    if held < k and len(groups) > 1:
        too_few = groups.pop()
        groups[-1] += too_few
    starts = [group[0] for group in groups] + [groups[-1][-1] + 1]
    return [(a * 15, b * 15) for a, b in zip(starts, starts[1:], strict=False)]


def _slots_per_service(visits: list[Document], voided: set[int], k: int) -> dict:
    """{service: a function from a visit's minute to (slot start, slot as text)}."""
    services: dict[int, list[int]] = {}
    every: dict[int, list[int]] = {}
    for d in visits:
        every.setdefault(d["service"], []).append(_minute_of(d))
        minutes = services.setdefault(d["service"], [])
        if d["seq"] not in voided:
            minutes.append(_minute_of(d))

    def finder(slots: list[tuple[int, int]]):
        def slot_of(minute: int) -> tuple[int, str]:
            # A voided visit before the first slot or after the last goes to the nearest one.
            start, end = next(((a, b) for a, b in slots if minute < b), slots[-1])
            return start, f"{_clock(start)}-{_clock(end)}"
        return slot_of

    # A service whose visits were all voided: one slot, from its first visit to its last.
    return {service: finder(time_slots(minutes, k) if minutes else
                            time_slots(every[service], len(every[service]) + 1))
            for service, minutes in services.items()}


def _minute_of(document: Document) -> int:
    """Minutes from the service day's midnight (past 24:00 for a service after midnight)."""
    ts, day = document["ts"], document["day"]
    days_after = (date.fromisoformat(ts[:10]) - date.fromisoformat(day)).days
    return days_after * 24 * 60 + int(ts[11:13]) * 60 + int(ts[14:16])


def _clock(minute: int) -> str:
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


def _visit_row(document: Document, slot: str, brackets_of: _BracketMemo,
               voided: bool) -> tuple[Any, ...]:
    data = document["data"]
    eats = data["role"] != "cook"  # cooks who do not eat are not in the brackets
    bracket = brackets_of(data["amount"], data["covers"]) if eats else ""
    return (document["day"], slot, document["service"], data["role"], data["covers"],
            data["amount"], data["method"], bracket, voided)
