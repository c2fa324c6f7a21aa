"""The impact report, in the network's own measures, for one cantine or several added up.

The network says: a third of guests give 1 to 7 EUR per cover, a third the recommended price, a
third more; a third are under 25, a third 25 to 55, a third over 55; 97 % feel welcome. This
module counts the same things (`Impact`), from a ledger or from per-day JSON exports, adds
cantines up (counts are summed; the average is recomputed from the summed amounts), and turns the
counts into shares (`measures`), then into text, Markdown or JSON.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from kiosk.books.export import Document, Period, Table, day_table, voided_visits
from kiosk.books.tally import BRACKETS, Thresholds, half_up
from kiosk.errors import KioskError
from kiosk.settings.money import plain, shown_or_none
from kiosk.settings.survey import WELCOMING_ANSWERS

AGE_ORDER = ("under_25", "25_55", "over_55")
COUNTS = ("days", "visits", "covers", "eaters", "cooks", "both", "total", "meal_total",
          "memberships", "membership_total")


class ReportError(KioskError):
    """A report that cannot be made: an unreadable export, exports that cannot be added up."""


@dataclass(frozen=True)
class Impact:
    """What the network's measures are computed from: counts and sums in cents, addable."""

    first: str
    last: str
    suggested: int
    low_bracket_max: int
    cantines: tuple[str, ...] = ()
    days: int = 0
    visits: int = 0
    covers: int = 0
    eaters: int = 0
    cooks: int = 0
    both: int = 0
    total: int = 0
    meal_total: int = 0  # what the covers that eat gave: the base of the average per cover
    brackets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BRACKETS, 0))
    answers: dict[str, dict[str, int]] = field(default_factory=dict)
    memberships: int = 0  # new memberships of the association, apart from meals
    membership_total: int = 0
    currency: str = "EUR"

    @property
    def membership_average(self) -> int | None:
        """The average new membership, in cents, half up (None when nobody joined)."""
        return half_up(self.membership_total, self.memberships) if self.memberships else None

    @property
    def eating_covers(self) -> int:
        """Covers that eat (eat only, and cook-and-eat)."""
        return self.eaters + self.both

    @property
    def average_per_cover(self) -> int | None:
        """The average contribution per cover that eats, in cents, half up (None: nobody ate)."""
        return half_up(self.meal_total, self.eating_covers) if self.eating_covers else None

    def __add__(self, other: "Impact") -> "Impact":
        """Two cantines' (or two periods') figures added up."""
        if self.currency.upper() != other.currency.upper():
            raise ReportError(f"one counts in {self.currency}, the other in {other.currency}: "
                              "they cannot be added up")
        if (self.suggested, self.low_bracket_max) != (other.suggested, other.low_bracket_max):
            raise ReportError(
                f"brackets differ ({plain(self.low_bracket_max)}/{plain(self.suggested)} against "
                f"{plain(other.low_bracket_max)}/{plain(other.suggested)}): "
                "they cannot be added up")
        answers = {q: dict(a) for q, a in self.answers.items()}
        for question, counts in other.answers.items():
            mine = answers.setdefault(question, {})
            for answer, count in counts.items():
                mine[answer] = mine.get(answer, 0) + count
        return replace(
            self,
            first=min(self.first, other.first), last=max(self.last, other.last),
            cantines=self.cantines + other.cantines,
            **{name: getattr(self, name) + getattr(other, name) for name in COUNTS},
            brackets={b: self.brackets.get(b, 0) + other.brackets.get(b, 0) for b in BRACKETS},
            answers=answers,
        )


def impact_from_table(table: Table) -> Impact:
    """The counts of a per-day export table (its rows summed)."""
    impact = Impact(table.period.first.isoformat(), table.period.last.isoformat(),
                    table.thresholds.suggested, table.thresholds.low_bracket_max,
                    (table.cantine,) if table.cantine else (), currency=table.currency)
    return impact + _impact_of_records(impact, table.records(), table.survey_columns, cents=True)


def impact_from_documents(documents: Iterable[Document], period: Period, thresholds: Thresholds,
                          cantine: str = "", currency: str = "EUR") -> Impact:
    """The counts of this cantine's ledger entries (as stored) over the period."""
    table = day_table(documents, period, thresholds, (), cantine, currency)
    return impact_from_table(table)


def impact_from_export(document: dict[str, Any], period: Period, source: str) -> Impact:
    """The counts of a per-day JSON export (`kiosk export --format json`), over the period."""
    try:
        if document.get("per") != "day":
            raise ReportError(f"{source} is not a per-day export (make it with --per day)")
        thresholds = document["thresholds"]
        impact = Impact(period.first.isoformat(), period.last.isoformat(),
                        round(thresholds["suggested"] * 100),
                        round(thresholds["low_bracket_max"] * 100),
                        (document.get("cantine") or source,),
                        currency=str(document.get("currency", "EUR")).upper())
        records = [r for r in document["rows"] if r["date"] in period]
        survey = tuple((name, q, a) for name, (q, a) in document["survey_columns"].items())
        return impact + _impact_of_records(impact, records, survey, cents=False)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ReportError(f"{source} is not a kiosk JSON export (check it with kiosk report "
                          "alone: it says which row)") from None


def _impact_of_records(base: Impact, records: list[dict[str, Any]], survey: tuple,
                       cents: bool) -> Impact:
    def money(value: Any) -> int:
        return int(value) if cents else round(float(value) * 100)

    answers: dict[str, dict[str, int]] = {}
    for name, question, answer in survey:
        answers.setdefault(question, {})[answer] = sum(int(r[name]) for r in records)
    return replace(
        base, cantines=(),
        days=len(records),
        **{name: sum(int(r[name]) for r in records)
           for name in ("visits", "covers", "eaters", "cooks", "both")},
        total=sum(money(r["total"]) for r in records),
        meal_total=sum(money(r["meal_total"]) for r in records),
        # Exports made before memberships existed have no such columns: nobody joined then.
        memberships=sum(int(r.get("memberships", 0)) for r in records),
        membership_total=sum(money(r.get("membership_total", 0)) for r in records),
        brackets={b: sum(int(r[f"bracket_{b}"]) for r in records) for b in BRACKETS},
        answers=answers,
    )


# -- the network's measures ----------------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    """part / whole from the exact fraction, rounded once, half up, to 4 decimals (None: no
    whole to take a share of)."""
    return half_up(part * 10_000, whole) / 10_000 if whole else None


def _shares(counts: dict[str, int], order: tuple[str, ...] = ()) -> dict[str, dict[str, Any]]:
    whole = sum(counts.values())
    names = [n for n in order if n in counts or not counts] + sorted(set(counts) - set(order))
    return {n: {"count": counts.get(n, 0), "of": whole,
                "share": _share(counts.get(n, 0), whole)} for n in names}


def percent_tenths(part: int, whole: int) -> int | None:
    """part / whole in tenths of a percent, from the exact fraction, rounded once, half up:
    32.8456 % is 328 (32.8 %), never 32.85 then 32.9."""
    return half_up(part * 1000, whole) if whole else None


def measures(impact: Impact) -> dict[str, Any]:
    """The network's measures as shares (0 to 1) with the counts they come from."""
    welcome = impact.answers.get("welcome", {})
    welcoming = sum(n for a, n in welcome.items() if a in WELCOMING_ANSWERS)
    first = impact.answers.get("first_visit", {})
    roles = {"eat": impact.eaters, "cook": impact.cooks, "both": impact.both}
    return {
        "cantines": list(impact.cantines),
        "from": impact.first, "to": impact.last, "days": impact.days,
        "visits": impact.visits, "covers": impact.covers,
        "price_brackets": _shares(impact.brackets, BRACKETS),
        "thresholds": {"low_bracket_max": impact.low_bracket_max / 100,
                       "suggested": impact.suggested / 100},
        "age": _shares(impact.answers.get("age", {}), AGE_ORDER),
        "welcome": {"answers": sum(welcome.values()), "welcoming": welcoming,
                    "share": _share(welcoming, sum(welcome.values()))},
        "first_visit": {"answers": sum(first.values()), "yes": first.get("yes", 0),
                        "share": _share(first.get("yes", 0), sum(first.values()))},
        "roles": _shares(roles, ("eat", "cook", "both")),
        "currency": impact.currency,
        "total": impact.total / 100,
        "meal_total": impact.meal_total / 100,
        "eating_covers": impact.eating_covers,
        "average_per_cover": (None if impact.average_per_cover is None
                              else impact.average_per_cover / 100),
        "suggested": impact.suggested / 100,
        # From the exact amounts, not from the rounded average.
        "average_against_suggested": _share(impact.meal_total,
                                            impact.eating_covers * impact.suggested),
        "memberships": {"count": impact.memberships, "total": impact.membership_total / 100,
                        "average": (None if impact.membership_average is None
                                    else impact.membership_average / 100)},
    }


@dataclass(frozen=True)
class Wording:
    """How a report writes its labels (catalogue `report.*`), amounts in the currency's units,
    and shares (given in tenths of a percent); "—" for a figure that has no base."""

    words: Any  # a kiosk.settings.i18n.Words
    euros: Callable[[float | None], str]
    share: Callable[[int | None], str]


def network_wording() -> Wording:
    """`kiosk report`: the network's own English, amounts as plain numbers."""
    from kiosk.settings.i18n import words_for

    return Wording(words_for("en"),
                   lambda euros: shown_or_none(euros, lambda e: f"{e:.2f}"),
                   lambda tenths: shown_or_none(tenths, lambda t: f"{t // 10}.{t % 10} %"))


def screen_wording(words: Any) -> Wording:
    """The manager's screen: the app's language (a `kiosk.settings.i18n.Words`), amounts by its
    locale."""
    from decimal import Decimal

    from babel.numbers import format_decimal

    return Wording(words,
                   lambda euros: shown_or_none(euros, lambda e: words.money(round(e * 100))),
                   lambda tenths: shown_or_none(tenths, lambda t: (
                       f"{format_decimal(Decimal(t) / 10, '0.0', locale=words.locale)} %")))


def bracket_labels(impact_or_measures: dict[str, Any],
                   wording: Wording | None = None) -> dict[str, str]:
    """Words for each price bracket, with the amounts of its thresholds."""
    words, euros = (wording or network_wording()).words, (wording or network_wording()).euros
    low = impact_or_measures["thresholds"]["low_bracket_max"]
    suggested = impact_or_measures["thresholds"]["suggested"]
    return {
        "zero": words("report.bracket_zero"),
        "low": words("report.bracket_range", first=euros(0.01), last=euros(low)),
        "middle": words("report.bracket_range", first=euros(low + 0.01),
                        last=euros(suggested - 0.01)),
        "suggested": words("report.bracket_suggested", amount=euros(suggested)),
        "above": words("report.bracket_above", amount=euros(suggested)),
    }


def _sections(m: dict[str, Any],
              wording: Wording | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The report as titled lists of (label, figure), shared by the text and Markdown forms."""
    wording = wording or network_wording()
    words, pct, euros = wording.words, wording.share, wording.euros

    def part(key: str, found: dict[str, Any]) -> tuple[str, str]:
        # An age or role this kiosk has no words for is shown by its id rather than dropped.
        label = f"report.{key}"
        return (words(label) if label in words.catalogue.texts else key.split("_", 1)[1],
                words("report.share", share=pct(percent_tenths(found["count"], found["of"])),
                      count=found["count"]))

    labels = bracket_labels(m, wording)
    brackets = [(labels[b], words("report.share", share=pct(percent_tenths(v["count"], v["of"])),
                                  count=v["count"])) for b, v in m["price_brackets"].items()]
    welcome, first = m["welcome"], m["first_visit"]
    against = percent_tenths(round(m["meal_total"] * 100),
                             m["eating_covers"] * round(m["suggested"] * 100))
    return [
        (words("report.guests"), [(words("report.days"), str(m["days"])),
                                  (words("report.visits"), str(m["visits"])),
                                  (words("report.covers"), str(m["covers"]))]
         + [part(f"role_{r}", v) for r, v in m["roles"].items()]),
        (words("report.contribution", currency=m.get("currency", "EUR")), brackets + [
            (words("report.average"), euros(m["average_per_cover"])),
            (words("report.suggested"), euros(m["suggested"])),
            (words("report.against"), pct(against))]),
        (words("report.age"), [part(f"age_{a}", v) for a, v in m["age"].items()]),
        (words("report.welcome_title"), [
            (words("report.welcome"), words(
                "report.share_of", share=pct(percent_tenths(welcome["welcoming"],
                                                            welcome["answers"])),
                count=welcome["answers"])),
            (words("report.first_visit"), words(
                "report.share_of", share=pct(percent_tenths(first["yes"], first["answers"])),
                count=first["answers"]))]),
        *membership_section(m, words, euros),
    ]


def membership_section(m: dict[str, Any], words: Any,
                       euros: Callable[[float], str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """New memberships and their average, apart from meals; no section when nobody joined."""
    joined = m.get("memberships") or {}
    if not joined.get("count"):
        return []
    return [(words("report.memberships_title"), [
        (words("report.memberships"), str(joined["count"])),
        (words("report.membership_average"), euros(joined["average"]))])]


def _title(m: dict[str, Any], wording: Wording | None = None) -> str:
    words = (wording or network_wording()).words
    who = ", ".join(m["cantines"]) or words("report.this_cantine")
    return words("report.title", who=who, first=m["from"], last=m["to"])


def as_text(m: dict[str, Any], wording: Wording | None = None) -> str:
    """The report for a terminal (the network's English unless another wording is given)."""
    lines = [_title(m, wording)]
    for title, items in _sections(m, wording):
        lines += ["", title]
        lines += [f"  {label:<32} {figure}" for label, figure in items]
    return "\n".join(lines) + "\n"


def as_markdown(m: dict[str, Any]) -> str:
    """The report as Markdown tables, for a newsletter or the network's wiki."""
    lines = [f"# {_title(m)}"]
    for title, items in _sections(m):
        lines += ["", f"## {title}", "", "| | |", "|---|---:|"]
        lines += [f"| {label} | {figure} |" for label, figure in items]
    return "\n".join(lines) + "\n"


def as_json(m: dict[str, Any]) -> str:
    """The report as JSON (shares from 0 to 1, amounts in euros)."""
    return json.dumps(m, ensure_ascii=False, indent=1) + "\n"


RENDERERS = {"text": as_text, "md": as_markdown, "json": as_json}


# -- the manager's screen ------------------------------------------------------------------------

HISTOGRAM_BINS = ((0, 0), (1, 4), (5, 7), (8, 12), (13, 13), (14, 19), (20, 29), (30, None))


@dataclass(frozen=True)
class ManagerView:
    """Everything the manager's screen shows for a period, computed away from the UI."""

    table: Table
    impact: Impact
    histogram: tuple[tuple[str, int], ...]  # (euros per cover, covers that eat)

    @property
    def measures(self) -> dict[str, Any]:
        """The network's measures for the period."""
        return measures(self.impact)


def contribution_histogram(documents: list[Document]) -> tuple[tuple[str, int], ...]:
    """Covers that eat, by whole euros given per cover, in the bins of HISTOGRAM_BINS."""
    counts = [0] * len(HISTOGRAM_BINS)
    voided = voided_visits(documents)
    for document in documents:
        visit = document["data"]
        if document["kind"] != "visit" or document["seq"] in voided or visit["role"] == "cook":
            continue
        covers = visit["covers"]
        euros = visit["amount"] // covers // 100
        for index, (low, high) in enumerate(HISTOGRAM_BINS):
            if low <= euros and (high is None or euros <= high):
                counts[index] += covers
                break
    labels = [str(low) if low == high else f"{low}+" if high is None else f"{low}-{high}"
              for low, high in HISTOGRAM_BINS]
    return tuple(zip(labels, counts, strict=False))


def manager_view(documents: list[Document], period: Period, thresholds: Thresholds,
                 questions: tuple = (), cantine: str = "") -> ManagerView:
    """The manager's figures, tables and chart data for the period."""
    table = day_table(documents, period, thresholds, questions, cantine)
    inside = [d for d in documents if d["day"] in period]
    return ManagerView(table, impact_from_table(table), contribution_histogram(inside))


def summary(view: ManagerView, words: Any = None) -> str:
    """The accounts' totals and the impact report, as the screen's text panel.

    Everything is in `words`' language (a `kiosk.settings.i18n.Words`; French when not given),
    amounts
    and shares as its locale writes them; `kiosk report` keeps the network's English.
    """
    if words is None:
        from kiosk.settings.i18n import words_for

        words = words_for("fr")
    totals = dict(zip(view.table.columns, view.table.totals, strict=False))
    closed = sum(1 for row in view.table.records() if row["closed"])
    money = words.money
    accounts = [
        words("manager.accounts", days=words.count("manager.days", len(view.table.rows)),
              closed=words.count("manager.closed", closed)),
        f"  {words('manager.given'):<32} {money(totals['total'])}",
        f"  {words('manager.cash'):<32} {money(totals['cash'])}",
        f"  {words('manager.card'):<32} {money(totals['card'])}",
        f"  {words('manager.cash_difference'):<32} "
        f"{shown_or_none(totals['cash_difference'], money)}",
        f"  {words('manager.voids'):<32} {totals['voids']}",
        *([f"  {words('tally.memberships'):<32} {totals['memberships']}",
           f"  {words('tally.membership_total'):<32} {money(totals['membership_total'])}"]
          if totals.get("memberships") else []),
        "",
        "",
    ]
    return "\n".join(accounts) + as_text(view.measures, screen_wording(words))
