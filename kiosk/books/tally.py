"""Running totals of a service, a day or a period: the figures volunteers and managers read.

Voided visits are left out of every figure. Memberships are counted apart from meals
(`kiosk.books.memberships`): they are in no meal figure, but in the cash and card the service
expects. Brackets are counted per cover (one guest each), over
the covers that eat: a cook who does not eat gives nothing and is counted apart.

Survey answers are counts: those a closing sealed, those still open (handed in by the caller, for
the open service), and the `answer` entries of older ledgers.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kiosk.books.memberships import MembershipFigures, membership_figures
from kiosk.ledger.entries import Closing, Entry, Visit

BRACKETS = ("zero", "low", "middle", "suggested", "above")


@dataclass(frozen=True)
class Thresholds:
    """Where the brackets split, in cents per cover (from [contribution])."""

    suggested: int = 1300
    low_bracket_max: int = 700

    def bracket(self, visit: Visit) -> str:
        """The bracket of a visit's amount per cover: zero, low (1-7 €), middle, suggested,
        above."""
        if visit.amount == 0:
            return "zero"
        if visit.amount <= self.low_bracket_max * visit.covers:
            return "low"
        if visit.amount < self.suggested * visit.covers:
            return "middle"
        if visit.amount == self.suggested * visit.covers:
            return "suggested"
        return "above"


@dataclass(frozen=True)
class Tally:
    """The totals of a set of entries (all amounts in cents)."""

    visits: int = 0
    covers: int = 0
    eaters: int = 0  # covers of visits that eat only
    cooks: int = 0  # covers of visits that cook only
    both: int = 0  # covers of visits that cook and eat
    total: int = 0
    cash: int = 0
    card: int = 0
    zero_contributions: int = 0
    voids: int = 0
    # Over covers that eat, rounded half up to the cent; None when nobody ate (no base: shown
    # "—", never 0).
    average_per_cover: int | None = None
    median_per_cover: int | None = None
    brackets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BRACKETS, 0))
    answers: dict[str, dict[str, int]] = field(default_factory=dict)
    cash_float: int = 0
    cash_moved: int = 0  # cash put in minus cash taken out
    closings: tuple[Closing, ...] = ()
    memberships: MembershipFigures = MembershipFigures()

    @property
    def meal_covers(self) -> int:
        """The covers that eat (eat only, and cook and eat): those the average and the median
        are taken over, a cook who does not eat being counted apart."""
        return self.eaters + self.both

    @property
    def expected_cash(self) -> int:
        """What the cash box should hold: float + cash contributions + memberships paid in cash
        + movements."""
        return self.cash_float + self.cash + self.memberships.cash + self.cash_moved

    @property
    def card_recorded(self) -> int:
        """Every card payment the kiosk recorded: contributions and memberships (one link)."""
        return self.card + self.memberships.card

    @property
    def closed(self) -> bool:
        """Whether every service in these entries has been closed."""
        return bool(self.closings)

    @property
    def cash_difference(self) -> int:
        """Counted minus expected over the closings (0 when nothing was closed)."""
        return sum(c.cash_difference for c in self.closings)


def live_visits(entries: Iterable[Entry]) -> list[Entry]:
    """The visit entries that no void cancels."""
    entries = list(entries)
    voided = {e.value.visit for e in entries if e.kind == "void"}
    return [e for e in entries if e.kind == "visit" and e.seq not in voided]


def live_movements(entries: Iterable[Entry]) -> list[Entry]:
    """The cash movement entries that no cash cancellation cancels."""
    entries = list(entries)
    cancelled = {e.value.movement for e in entries if e.kind == "cash_cancel"}
    return [e for e in entries if e.kind == "cash" and e.seq not in cancelled]


Counts = dict[str, dict[str, int]]  # {question: {answer: taps}}


def answer_counts(entries: Iterable[Entry], open_answers: Counts | None = None) -> Counts:
    """The survey taps of `entries`: sealed by closings, or older ledgers' answer entries; plus
    `open_answers`, the counts not yet sealed."""
    answers: dict[str, dict[str, int]] = defaultdict(dict)

    def count(question: str, answer: str, taps: int) -> None:
        answers[question][answer] = answers[question].get(answer, 0) + taps

    for entry in entries:
        if entry.kind == "answer":
            count(entry.value.question, entry.value.answer, 1)
        elif entry.kind == "closing" and entry.value.answers:
            for question, taps in entry.value.answers.items():
                for answer, number in taps.items():
                    count(question, answer, number)
    for question, taps in (open_answers or {}).items():
        for answer, number in taps.items():
            count(question, answer, number)
    return dict(answers)


def tally(entries: Iterable[Entry], thresholds: Thresholds = Thresholds(),
          open_answers: dict[str, dict[str, int]] | None = None) -> Tally:
    """The totals of `entries` (a service, a day, a period), voided visits left out.

    `open_answers` are survey counts not yet sealed by a closing, counted in too.
    """
    entries = list(entries)
    visits = [e.value for e in live_visits(entries)]
    visit_seqs = {e.seq for e in entries if e.kind == "visit"}
    roles = Counter()
    for visit in visits:
        roles[visit.role] += visit.covers
    per_cover = sorted(
        amount for visit in visits if visit.eats
        for amount in split_amount(visit.amount, visit.covers)
    )
    brackets = dict.fromkeys(BRACKETS, 0)
    for visit in visits:
        if visit.eats:
            brackets[thresholds.bracket(visit)] += visit.covers
    movements = [e.value for e in live_movements(entries)]
    return Tally(
        visits=len(visits),
        covers=sum(v.covers for v in visits),
        eaters=roles["eat"],
        cooks=roles["cook"],
        both=roles["both"],
        total=sum(v.amount for v in visits),
        cash=sum(v.amount for v in visits if v.method == "cash"),
        card=sum(v.amount for v in visits if v.method == "card"),
        zero_contributions=sum(1 for v in visits if v.amount == 0),
        voids=sum(1 for e in entries if e.kind == "void" and e.value.visit in visit_seqs),
        average_per_cover=half_up(sum(per_cover), len(per_cover)) if per_cover else None,
        median_per_cover=median_cents(per_cover) if per_cover else None,
        brackets=brackets,
        answers=answer_counts(entries, open_answers),
        cash_float=sum(m.amount for m in movements if m.kind == "float"),
        cash_moved=sum(m.signed for m in movements if m.kind != "float"),
        closings=tuple(e.value for e in entries if e.kind == "closing"),
        memberships=membership_figures(entries),
    )


def abandoned_card_payments(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """The card payments given up on the QR code screen, oldest first: when ("19:42"), how
    much (cents), how long the code was shown (seconds), and what for (meal or membership: not
    the same account). They are no visits and count in no total; a volunteer reads them to
    explain a card difference."""
    return [{"at": e.ts[11:16], "amount": e.value.amount, "seconds": e.value.seconds_shown,
             "for": e.value.paid_for}
            for e in entries if e.kind == "card_abandoned"]


def split_amount(amount: int, covers: int) -> list[int]:
    """An amount shared by `covers` people, cent-exact: 1000 over 3 -> 334, 333, 333."""
    share, rest = divmod(amount, covers)
    return [share + 1] * rest + [share] * (covers - rest)


def half_up(numerator: int, denominator: int) -> int:
    """`numerator / denominator` rounded to the nearest whole number, a half away from zero: what
    a spreadsheet's ROUND does (0.025 EUR -> 0.03), where Python's round() goes to the even one.
    Exact on integers (cents), with no float in between."""
    if denominator <= 0:
        raise ZeroDivisionError("half_up needs a denominator above 0")
    quotient = (2 * abs(numerator) + denominator) // (2 * denominator)
    return quotient if numerator >= 0 else -quotient


def median_cents(values: list[int]) -> int:
    """The median of sorted amounts in cents (0 for none); a half cent is rounded up, as a
    spreadsheet's ROUND(MEDIAN(...), 2) does."""
    if not values:
        return 0
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return half_up(values[middle - 1] + values[middle], 2)
