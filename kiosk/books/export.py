"""Exports for the association's accounts: one row per service day, or one per visit (anonymised).

Built on `kiosk.books.tally`, so a day's figures are the ones its volunteers saw; voided visits are
left out of every figure (the per-visit export lists them, marked `voided`). Rows hold plain
values: money in integer cents (the columns in `Table.money`), counts, texts, booleans;
`kiosk.books.formats` writes them as CSV, JSON or XLSX.

Price brackets count covers that eat, by the amount per cover, with the thresholds of
`[contribution]` (by default 7 and 13 EUR): `bracket_zero` gave nothing, `bracket_low` 0.01 to
`low_bracket_max`, `bracket_middle` above that and below `suggested`, `bracket_suggested` exactly
`suggested`, `bracket_above` more.

Memberships are counted apart from meals, in columns of their own (`memberships`, and their
`membership_total` split into `membership_cash` and `membership_card`; the voided ones in
`memberships_voided`, not in `voids`, which counts meals): they are in no meal column, so
`total` is still `cash` + `card`. The per-visit export holds no membership.
"""

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from kiosk.books.tally import BRACKETS, Thresholds, half_up, median_cents, split_amount
from kiosk.errors import KioskError
from kiosk.settings.survey import Question

PER = ("day", "visit")

DAY_COLUMNS = (
    "date", "services", "visits", "covers", "eaters", "cooks", "both", "total", "cash", "card",
    "zero_contributions", "average_per_cover", "median_per_cover", "meal_total",
    *(f"bracket_{name}" for name in BRACKETS), "voids",
    "memberships", "membership_total", "membership_cash", "membership_card",
    "memberships_voided",
)
# `z`: the Z numbers of the day's closings ("41 42"); `grand_total`: the perpetual total after the
# day's last closing, as its Z report prints it.
DAY_END_COLUMNS = ("closed", "cash_difference", "z", "grand_total")
DAY_MONEY = frozenset({"total", "cash", "card", "average_per_cover", "median_per_cover",
                       "meal_total", "cash_difference", "grand_total", "membership_total",
                       "membership_cash", "membership_card"})
# The figures that have no base on some rows (nobody ate, nothing was closed): an empty cell.
MAY_BE_EMPTY = frozenset({"average_per_cover", "median_per_cover", "cash_difference",
                          "grand_total"})

TOTAL_LABEL = "total"

Document = dict[str, Any]  # one ledger entry as stored: seq, ts, kind, service, day, data...


class ExportError(KioskError):
    """An export that cannot be made as asked (a bad date, an inverted range...)."""


@dataclass(frozen=True)
class Period:
    """The service days from `first` to `last`, both included."""

    first: date
    last: date

    @classmethod
    def parse(cls, first: str, last: str) -> "Period":
        """The period between two ISO dates (YYYY-MM-DD); ExportError naming the bad one."""
        period = cls(parse_day(first, "--from"), parse_day(last, "--to"))
        if period.first > period.last:
            raise ExportError(f"--from {first} is after --to {last}", "period_reversed",
                              first=first, last=last)
        return period

    @classmethod
    def ending(cls, last: date, days: int) -> "Period":
        """The `days` days up to `last` included (the manager's screen shows the last 30)."""
        return cls(last - timedelta(days=days - 1), last)

    def __contains__(self, day: str) -> bool:
        return self.first.isoformat() <= day <= self.last.isoformat()


def parse_day(text: str, option: str) -> date:
    """A day written YYYY-MM-DD (what `option` was given), or a one-line refusal."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ExportError(f"{option} {text!r} is not a date like 2026-11-21", "not_a_day",
                          text=text) from None


@dataclass(frozen=True)
class Table:
    """An export ready to write: its columns, rows and totals row, and what they mean."""

    per: str  # day or visit
    period: Period
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...]
    money: frozenset[str]  # the columns that hold cents
    thresholds: Thresholds
    cantine: str = ""
    survey_columns: tuple[tuple[str, str, str], ...] = ()  # (column, question, answer)
    currency: str = "EUR"
    language: str = "en"  # of the headers of CSV and XLSX (JSON keeps the English keys)
    provenance: Any = None  # a kiosk.books.provenance.Provenance, when known
    sections: tuple[tuple[str, tuple], ...] = ()  # more sheets: (name, rows) (months, year)
    # Totals rows under `totals` (the cash journal's money put in and taken out between
    # services, apart from its services' cash in and out).
    more_totals: tuple[tuple[Any, ...], ...] = ()
    # The survey's questions, for its columns' headers in the cantine's language.
    questions: tuple[Question, ...] = ()

    def records(self) -> list[dict[str, Any]]:
        """The rows as {column: value}."""
        return [dict(zip(self.columns, row, strict=False)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        """Every row's value in column `name`."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


def iter_documents(ledger_folder: Path, period: Period, trust_damaged: bool = False,
                   ledger: Any = None) -> Iterator[Document]:
    """The stored entries of the period's days, day by day in chain order, read lazily.

    Nothing, and nothing created, when there is no ledger. Each day is checked (every entry's
    shape and hash, and the chain where its entries follow each other): a damaged day raises
    `DamagedDay` naming it, unless `trust_damaged`, which counts what it still holds as stored.
    Raw documents rather than `Entry` values: building a value per entry costs more than reading
    the files (a year is 85,000 entries). Reading lazily, a day at a time, keeps a year out of
    memory (and out of the garbage collector's way). `ledger`: the read-only `Ledger` to read
    with (one is made when None).
    """
    if not Path(ledger_folder).is_dir():
        return
    from kiosk.ledger.book import Ledger

    ledger = ledger or Ledger(ledger_folder, read_only=True, trust_damaged=trust_damaged)
    set_aside = ledger.set_aside_days()
    for day in sorted(set(ledger.days()) | set(set_aside)):
        if day in period:
            ledger.check_set_aside(day, set_aside)
            yield from ledger.day_documents(day)


def read_documents(ledger_folder: Path, period: Period,
                   trust_damaged: bool = False) -> list[Document]:
    """`iter_documents` as a list, for views that go over the entries more than once."""
    return list(iter_documents(ledger_folder, period, trust_damaged))


@contextmanager
def figures_of(day: str) -> Iterator[None]:
    """Adding up a day's entries: one that is not shaped as the kiosk writes it (forged with its
    hash recomputed, or a damaged day trusted as stored) refuses the day, naming it."""
    try:
        yield
    except (KeyError, TypeError, ValueError, AttributeError, ZeroDivisionError) as error:
        from kiosk.ledger.reading import DamagedDay

        raise DamagedDay(day, f"an entry cannot be added up ({type(error).__name__})") from None


def survey_columns(questions: Sequence[Question], found: Iterable[tuple[str, str]]) -> tuple:
    """(column, question, answer) for every configured answer, then any other (question,
    answer) pair `found` in the ledger."""
    known = [(q.id, a.id) for q in questions for a in q.answers]
    found = sorted(set(found))
    pairs = known + [pair for pair in found if pair not in known]
    return tuple((f"{question}_{answer}", question, answer) for question, answer in pairs)


def voided_visits(documents: Iterable[Document]) -> set[int]:
    """The seqs of the visits that a void cancels."""
    return {d["data"]["visit"] for d in documents if d["kind"] == "void"}


class _Sums:
    """What `kiosk.books.tally.tally` counts, added up in one pass over stored documents."""

    def __init__(self, brackets_of: "_BracketMemo") -> None:
        self.brackets_of = brackets_of
        self.services = self.visits = self.covers = self.total = self.cash = self.card = 0
        self.zero = self.voids = self.meal_total = self.closings = self.cash_difference = 0
        self.roles = dict.fromkeys(("eat", "cook", "both"), 0)
        self.joined = dict.fromkeys(("count", "total", "cash", "card", "voided"), 0)
        self.brackets = dict.fromkeys(BRACKETS, 0)
        self.per_cover: list[int] = []
        self.answers: Counter = Counter()
        self.z: list[int] = []
        self.grand_total: int | None = None

    def add(self, documents: Iterable[Document], voided: set[int]) -> "_Sums":
        """Count `documents` in; the visits whose seq is in `voided` are left out."""
        answers, services = self.answers, self.services
        for d in documents:
            kind, data = d["kind"], d["data"]
            if d["service"] > services:
                services = d["service"]
            if kind == "visit":
                if d["seq"] not in voided:
                    self.add_visit(data["role"], data["amount"], data["covers"], data["method"])
            elif kind == "membership":
                if d["seq"] in voided:
                    self.voids -= 1  # its void is no meal's: counted in its own column
                    self.joined["voided"] += 1
                else:
                    self.add_membership(data["amount"], data["method"])
            elif kind == "answer":  # one tap, as older kiosks wrote them
                answers[(data["question"], data["answer"])] += 1
            elif kind == "void":
                self.voids += 1
            elif kind == "closing":
                self.closings += 1
                self.cash_difference += data["counted_cash"] - data["expected_cash"]
                self.z.append(data.get("z", 0))
                self.grand_total = data.get("grand_total", 0)
                for question, taps in (data.get("answers") or {}).items():
                    for answer, number in taps.items():
                        answers[(question, answer)] += number
        self.services = services
        return self

    def add_visit(self, role: str, amount: int, covers: int, method: str) -> None:
        self.visits += 1
        self.covers += covers
        self.total += amount
        self.roles[role] += covers
        if method == "cash":
            self.cash += amount
        elif method == "card":
            self.card += amount
        self.zero += amount == 0
        if role != "cook":  # a cook who does not eat is not in the per-cover figures
            self.meal_total += amount
            self.per_cover.extend(split_amount(amount, covers))
            self.brackets[self.brackets_of(amount, covers)] += covers

    def add_membership(self, amount: int, method: str) -> None:
        self.joined["count"] += 1
        self.joined["total"] += amount
        if method in ("cash", "card"):
            self.joined[method] += amount

    def merge(self, other: "_Sums") -> None:
        """Add another day's sums (services add up across days)."""
        for name in ("services", "visits", "covers", "total", "cash", "card", "zero", "voids",
                     "meal_total", "closings", "cash_difference"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for mine, theirs in ((self.roles, other.roles), (self.brackets, other.brackets),
                             (self.joined, other.joined)):
            for key, count in theirs.items():
                mine[key] += count
        self.per_cover += other.per_cover
        self.answers.update(other.answers)
        self.z += other.z
        if other.grand_total is not None:
            self.grand_total = other.grand_total

    def row(self, label: str, survey: tuple) -> tuple[Any, ...]:
        """The figures as a row; None where a figure has no base (nobody ate: no average; no
        closing: no counted cash, so no difference)."""
        eating = len(self.per_cover)
        return (
            label, self.services, self.visits, self.covers, self.roles["eat"],
            self.roles["cook"], self.roles["both"], self.total, self.cash, self.card, self.zero,
            half_up(self.meal_total, eating) if eating else None,
            median_cents(sorted(self.per_cover)) if eating else None,
            self.meal_total, *(self.brackets[name] for name in BRACKETS), self.voids,
            *(self.joined[name] for name in ("count", "total", "cash", "card", "voided")),
            *(self.answers[(question, answer)] for _, question, answer in survey),
            # A day is closed when each of its services has its closing.
            self.services > 0 and self.closings >= self.services,
            self.cash_difference if self.closings else None,
            z_numbers(self.z), self.grand_total,
        )


class _BracketMemo:
    """`Thresholds.bracket` (the one rule for brackets), remembered per (amount, covers)."""

    def __init__(self, thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        self.known: dict[tuple[int, int], str] = {}

    def __call__(self, amount: int, covers: int) -> str:
        key = (amount, covers)
        if key not in self.known:
            self.known[key] = self.thresholds.bracket(_Share(amount, covers))
        return self.known[key]


@dataclass(frozen=True)
class _Share:
    amount: int
    covers: int


def z_numbers(numbers: list[int]) -> str:
    """Z numbers as a cell says them: "41 42" for a day, "41-63" for a longer stretch."""
    numbers = sorted(numbers)
    if len(numbers) <= 2:
        return " ".join(str(z) for z in numbers)
    return f"{numbers[0]}-{numbers[-1]}"


def day_table(documents: Iterable[Document], period: Period, thresholds: Thresholds,
              questions: Sequence[Question] = (), cantine: str = "",
              currency: str = "EUR", summaries: bool = False) -> Table:
    """One row per service day of the period, and a totals row for the whole period.

    The figures are those of `kiosk.books.tally.tally` over each day (tests hold them equal).
    """
    first, last = period.first.isoformat(), period.last.isoformat()
    brackets_of = _BracketMemo(thresholds)
    days: dict[str, _Sums] = {}
    # The ledger files a void in its visit's own day, so a day's voids are in its group.
    for day, group in groupby(documents, key=itemgetter("day")):
        if first <= day <= last:
            group = list(group)
            with figures_of(day):
                days.setdefault(day, _Sums(brackets_of)).add(group, voided_visits(group))
    period_sums = _Sums(brackets_of)
    for _, sums in sorted(days.items()):
        period_sums.merge(sums)
    survey = survey_columns(questions, period_sums.answers)
    rows = tuple(sums.row(day, survey) for day, sums in sorted(days.items()))
    columns = DAY_COLUMNS + tuple(name for name, _, _ in survey) + DAY_END_COLUMNS
    sections = (("months", _summed(days, brackets_of, survey, 7)),
                ("year", _summed(days, brackets_of, survey, 4))) if summaries else ()
    return Table("day", period, columns, rows, period_sums.row(TOTAL_LABEL, survey), DAY_MONEY,
                 thresholds, cantine, survey, currency, sections=sections,
                 questions=tuple(questions))


def _summed(days: dict[str, "_Sums"], brackets_of: "_BracketMemo", survey: tuple,
            width: int) -> tuple[tuple[Any, ...], ...]:
    """One row per month (`width` 7: "2026-11") or year (4), the days' sums added up where
    adding is right, the averages, medians and shares recomputed from the days' amounts."""
    groups: dict[str, _Sums] = {}
    for day, sums in sorted(days.items()):
        groups.setdefault(day[:width], _Sums(brackets_of)).merge(sums)
    return tuple(sums.row(label, survey) for label, sums in groups.items())
