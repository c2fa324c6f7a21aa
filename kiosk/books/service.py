"""A service's running figures as rows of (label, value) text, for the CLI and the volunteers.

Shared by `kiosk tally` and the volunteers' tally screen, so both say the same thing in the same
words. The figures come from `kiosk.books.tally`; this module only picks which to show and words
them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kiosk.books.closing import open_service
from kiosk.books.tally import Tally, Thresholds, tally
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Closing, Entry
from kiosk.settings.i18n import Words
from kiosk.settings.money import shown_or_none
from kiosk.settings.survey import Question, in_language

Row = tuple[str, str]


@dataclass(frozen=True)
class Service:
    """One service of a day: its number, its entries, and whether it is closed."""

    day: str
    number: int
    entries: tuple[Entry, ...]

    @property
    def closed(self) -> bool:
        """Whether the volunteers have closed this service (Z)."""
        return any(e.kind == "closing" for e in self.entries)

    @property
    def opened(self) -> str:
        """When its first entry was written (ISO 8601), '' for a service with none yet."""
        return self.entries[0].ts if self.entries else ""

    @property
    def visits(self) -> list[Entry]:
        """The visit entries of this service, voided or not, in order."""
        return [e for e in self.entries if e.kind == "visit"]

    @property
    def voided(self) -> set[int]:
        """The seqs of this service's voided visits."""
        return {e.value.visit for e in self.entries if e.kind == "void"}


def today(ledger: Ledger) -> str:
    """The service day it is now, in the cantine's time zone."""
    return ledger.clock().astimezone(ledger.zone).date().isoformat()


def services_of(day: str, entries: Iterable[Entry]) -> list[Service]:
    """The services of one day's entries, in order."""
    numbers: dict[int, list[Entry]] = {}
    for entry in entries:
        numbers.setdefault(entry.service, []).append(entry)
    return [Service(day, n, tuple(numbers[n])) for n in sorted(numbers)]


def current_service(ledger: Ledger) -> Service:
    """The open service, whatever day it opened (it may be still empty: the one the next visit
    opens today).

    It holds no survey answers: the counts not yet sealed by a closing are never shown while the
    service runs, since two looks at them a visit apart would tie that guest's answers to what
    they gave. They are shown sealed, at the closing, when at least `[privacy] k` guests answered.
    """
    place = ledger.open_service()
    if place is None:
        day = today(ledger)
        return Service(day, open_service(ledger.day_entries(day)), ())
    day, number = place
    entries = tuple(e for e in ledger.day_entries(day) if e.service == number)
    return Service(day, number, entries)


# An evening is closed after midnight as a matter of course; a service still open when the next
# morning comes was forgotten.
NIGHT_ENDS = time(6, 0)


def stale(day: str, now: datetime) -> bool:
    """Whether a service opened on `day` and still open at `now` was left open: the night after
    its day is over."""
    morning = datetime.combine(date.fromisoformat(day) + timedelta(days=1), NIGHT_ENDS,
                               now.tzinfo)
    return now >= morning


def left_open(service: Service, ledger: Ledger) -> bool:
    """Whether `service` is still open from a day whose night is over: it was not closed."""
    now = ledger.clock().astimezone(ledger.zone)
    return bool(service.entries) and not service.closed and stale(service.day, now)


def tally_rows(figures: Tally, words: Words, thresholds: Thresholds = Thresholds(),
               questions: Iterable[Question] = ()) -> list[Row]:
    """The running tally as rows in `words`' language; a row with an empty value is a heading."""
    return figure_rows(figures, words, thresholds) + answer_rows(figures, questions,
                                                                 words.language)


def figure_rows(figures: Tally, words: Words, thresholds: Thresholds = Thresholds()) -> list[Row]:
    """Visits, money, brackets and the cash box as rows, the survey left out."""
    money = words.money
    return [
        (words("tally.visits"), str(figures.visits)),
        (words("tally.covers"), str(figures.covers)),
        (words("tally.eat"), str(figures.eaters)),
        (words("tally.cook"), str(figures.cooks)),
        (words("tally.both"), str(figures.both)),
        (words("tally.voids"), str(figures.voids)),
        (words("tally.total"), money(figures.total)),
        (words("tally.cash"), money(figures.cash)),
        (words("tally.card"), money(figures.card)),
        (words("tally.zero"), str(figures.zero_contributions)),
        # Named with the covers they are taken over, so that no one divides by the wrong count.
        (words("tally.meal_covers"), str(figures.meal_covers)),
        ("  " + words("tally.average"), shown_or_none(figures.average_per_cover, money)),
        ("  " + words("tally.median"), shown_or_none(figures.median_per_cover, money)),
        (words("tally.brackets"), ""),
        ("  " + words("tally.bracket_zero"), str(figures.brackets["zero"])),
        ("  " + words("tally.bracket_low", amount=money(thresholds.low_bracket_max)),
         str(figures.brackets["low"])),
        ("  " + words("tally.bracket_middle", amount=money(thresholds.suggested)),
         str(figures.brackets["middle"])),
        ("  " + words("tally.bracket_suggested", amount=money(thresholds.suggested)),
         str(figures.brackets["suggested"])),
        ("  " + words("tally.bracket_above"), str(figures.brackets["above"])),
        *membership_rows(figures, words),
        (words("tally.cash_box"), ""),
        ("  " + words("tally.float"), money(figures.cash_float)),
        *([("  " + words("tally.membership_cash"), money(figures.memberships.cash))]
          if figures.memberships.count else []),
        ("  " + words("tally.moved"), money(figures.cash_moved)),
        ("  " + words("tally.expected_cash"), money(figures.expected_cash)),
    ]


def membership_rows(figures: Tally, words: Words) -> list[Row]:
    """The memberships as rows of their own, apart from meals; none when nobody joined."""
    joined = figures.memberships
    if not joined.count:
        return []
    money = words.money
    return [
        (words("tally.memberships"), str(joined.count)),
        ("  " + words("tally.membership_total"), money(joined.total)),
        ("  " + words("tally.cash"), money(joined.cash)),
        ("  " + words("tally.card"), money(joined.card)),
    ]


def closed_rows(closing: Closing, words: Words) -> list[Row]:
    """What the Z of a closed service adds to its tally: the cash counted and the card total
    declared, their differences, and why they differ."""
    from kiosk.books.zreport import signed

    money = words.money
    rows = [
        (words("zreport.z"), str(closing.z)),
        ("  " + words("zreport.counted"), money(closing.counted_cash)),
        ("  " + words("zreport.cash_difference"), signed(closing.cash_difference, money)),
        ("  " + words("zreport.declared"), money(closing.card_declared)),
        ("  " + words("zreport.card_difference"), signed(closing.card_difference, money)),
    ]
    if closing.explanation:
        rows.append(("  " + words("zreport.explanation", explanation=closing.explanation), ""))
    return rows


def answer_rows(figures: Tally, questions: Iterable[Question], language: str) -> list[Row]:
    """Survey answers so far, per question in the configured order, then any others."""
    rows: list[Row] = []
    known = {q.id: q for q in questions}
    for question_id in [*known, *(q for q in figures.answers if q not in known)]:
        counts = figures.answers.get(question_id)
        if not counts:
            continue
        question = known.get(question_id)
        rows.append((in_language(question.text, language) if question else question_id, ""))
        answer_ids = [a.id for a in question.answers] if question else []
        for answer_id in [*answer_ids, *(a for a in counts if a not in answer_ids)]:
            if answer_id in counts:
                label = answer_id
                if question and answer_id in answer_ids:
                    label = in_language(question.answer(answer_id).label, language)
                rows.append((f"  {label}", str(counts[answer_id])))
    return rows


def service_tally(service: Service, thresholds: Thresholds = Thresholds()) -> Tally:
    """The running totals of one service, voided visits left out."""
    return tally(service.entries, thresholds)


def as_text(rows: Iterable[Row], width: int = 40) -> list[str]:
    """Rows as aligned plain-text lines (label left, value right)."""
    lines = []
    for label, value in rows:
        if not value:
            lines.append(label)
        else:
            lines.append(f"{label}{' ' * max(1, width - len(label) - len(value))}{value}")
    return lines
