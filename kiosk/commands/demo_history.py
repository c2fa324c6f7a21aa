"""A realistic simulated history, written through the ledger's own code, for exploring the views
(`kiosk demo`), and for the tests and benchmarks that need a cantine with a past.

It follows the network's published shares: a third of guests give 1 to 7 EUR per cover, a third
the recommended amount, a third more; a third are under 25, a third 25 to 55, a third over 55;
97 % feel welcome. Each day has a float, its visits, a void or two, and a closing that carries
the day's survey counts, as the kiosk itself keeps them (`kiosk.ledger.answers`). A few guests a
week join the association (`memberships_for`), drawn from a second random stream so that the
meals are the same whether or not memberships are simulated.
"""

import random
from datetime import date, datetime, time, timedelta

from kiosk.books.closing import EURO_DENOMINATIONS, build_closing
from kiosk.books.memberships import count_of as membership_count
from kiosk.books.memberships import membership_number
from kiosk.books.tally import Thresholds, tally
from kiosk.ledger.answers import DEFAULT_K, SurveyCounts, sealable
from kiosk.ledger.book import Ledger
from kiosk.ledger.counts_file import OpenCounts
from kiosk.ledger.entries import CashMovement, Closing, Membership, SurveyAnswer, Visit, Void

FLOAT = 5000  # 50 EUR to start each service with change
MEMBERSHIPS_A_DAY = 0.5  # about three a week at a cantine open every day
MEMBERSHIP_AMOUNTS = (100, 500, 500, 1000, 1000, 1000, 1500, 2000)


class Members:
    """The simulated memberships: how many join on a day, numbered in sequence per year."""

    def __init__(self, rng: random.Random, ledger: Ledger) -> None:
        self.rng = rng
        latest = ledger.latest("membership")
        self.last = (latest.value.number[2:6], membership_count(
            latest.value.number, int(latest.value.number[2:6])) or 0) if latest else ("", 0)

    def on(self, day: date, closing_time: datetime) -> list[tuple[Membership, datetime]]:
        """The memberships of `day`: none, one, sometimes two, paid cash or card."""
        joined = []
        while self.rng.random() < MEMBERSHIPS_A_DAY / (len(joined) + 1):
            year = str(day.year)
            count = self.last[1] + 1 if self.last[0] == year else 1
            self.last = (year, count)
            amount = self.rng.choice(MEMBERSHIP_AMOUNTS)
            method = self.rng.choices(("cash", "card"), weights=(60, 40))[0]
            moment = closing_time - timedelta(minutes=20 - len(joined))
            joined.append((Membership(amount, method, membership_number(day.year, count)),
                           moment))
        return joined


def visit_for(rng: random.Random, thresholds: Thresholds) -> Visit:
    """One simulated guest: role, covers, and an amount in the network's thirds (per cover)."""
    role = rng.choices(("eat", "both", "cook"), weights=(80, 12, 8))[0]
    covers = rng.choices((1, 2, 3, 4), weights=(75, 15, 6, 4))[0] if role != "cook" else 1
    if role == "cook":
        return Visit(role, 0, "none", covers)
    third = rng.randrange(3)
    if third == 0:
        per_cover = rng.randint(1, thresholds.low_bracket_max // 100) * 100
    elif third == 1:
        per_cover = thresholds.suggested
    else:
        per_cover = thresholds.suggested + rng.choice((200, 500, 700, 1200, 2000))
    amount = per_cover * covers
    return Visit(role, amount, rng.choices(("cash", "card"), weights=(55, 45))[0], covers)


def answers_for(rng: random.Random) -> list[SurveyAnswer]:
    """The taps of one guest who takes the survey (some questions skipped)."""
    taps = []
    if rng.random() < 0.9:
        welcome = "very" if rng.random() < 0.80 else ("rather" if rng.random() < 0.85 else
                                                      rng.choice(("little", "not")))
        taps.append(SurveyAnswer("welcome", welcome))
    if rng.random() < 0.85:
        taps.append(SurveyAnswer("age", rng.choice(("under_25", "25_55", "over_55"))))
    if rng.random() < 0.8:
        taps.append(SurveyAnswer("first_visit", "yes" if rng.random() < 0.2 else "no"))
    return taps


def count_of(rng: random.Random, cash: int) -> dict[str, int]:
    """A plausible count of `cash` cents by denomination, largest notes first."""
    counted, rest = {}, cash
    for denomination in reversed(EURO_DENOMINATIONS[:-3]):  # no 100-500 EUR notes in a cash box
        count, rest = divmod(rest, denomination)
        if count:
            counted[str(denomination)] = count
    return counted


def fill(ledger: Ledger, days: int, per_day: int, seed: int = 2025,
         thresholds: Thresholds = Thresholds(), today: date | None = None,
         k: int = DEFAULT_K) -> int:
    """Write `days` days of history ending yesterday; returns how many entries were written."""
    rng = random.Random(seed)
    zone = ledger.zone
    today = today or datetime.now(zone).date()
    last = ledger.latest("closing")
    previous: Closing | None = last.value if last else None
    survey = SurveyCounts(ledger, k)
    taps = OpenCounts(last.seq if last else 0, survey.open_counts())
    members = Members(random.Random(seed + 1), ledger)
    written = 0
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        opening = datetime.combine(day, time(11, 30), zone)
        items = [(CashMovement("float", FLOAT, "fond de caisse"), opening)]
        for number in range(per_day):
            moment = opening + timedelta(seconds=10 + number * (3 * 3600 / max(per_day, 1)))
            items.append((visit_for(rng, thresholds), moment))
            if rng.random() < 0.7:
                for answer in answers_for(rng):
                    taps = taps.plus(answer.question, answer.answer)
        end = opening + timedelta(hours=3, minutes=30)
        items += members.on(day, end)
        entries = ledger.append_batch(items)
        visits = [e for e in entries if e.kind == "visit"]
        voids = [(Void(e.seq, "erreur de saisie"), end)
                 for e in rng.sample(visits, min(2, len(visits)))
                 if rng.random() < 0.5]
        entries += ledger.append_batch(voids)
        closing = _closing(rng, entries, previous, thresholds, sealable(taps, k))
        entries += ledger.append_batch([(closing, end + timedelta(minutes=10))])
        previous = closing
        taps = OpenCounts(entries[-1].seq, {} if closing.answers else taps.counts)
        written += len(entries)
    with ledger.locked():
        survey.file.write(taps)  # what no closing sealed yet waits for the next one
    return written


def _closing(rng: random.Random, entries, previous: Closing | None,
             thresholds: Thresholds, answers: dict | None) -> Closing:
    figures = tally(entries, thresholds)
    counted = figures.expected_cash
    explanation = ""
    if rng.random() < 0.1:
        counted -= rng.choice((50, 100, 200))
        explanation = "pièces rendues en trop"
    return build_closing(entries, previous, count_of(rng, counted), figures.card_recorded,
                         explanation, thresholds, answers)
