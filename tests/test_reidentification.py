"""Answers that cannot be tied to anyone: an evening at the real kiosk, then a stolen SD card.

Guests go through the real app (Pilot): some answer every question, some a few, some none, some
ask for a receipt; the first service of the evening has a single guest. Volunteers close each
service on their screen. Then the attacker of `tests/reidentify.py` reads every file of the data
dir and every export, and pairs answers with visits every way it can: it must find no pair for
certain, and do no better than pairing at random. The same evening stored the way older kiosks
stored answers (one entry each) is broken at once: that is the proof the attacker has teeth.
"""

import asyncio
import random
from dataclasses import dataclass, replace
from pathlib import Path

from guest_support import CANTINE, CARD_LINK, settle
from reidentify import (
    accuracy,
    certain_pairs,
    gather,
    random_pairings,
    strategies,
    where_questions_appear,
)
from volunteers_support import RecordingPrinter, close_confirmed

from kiosk.books.closing import close_service
from kiosk.books.receipts import ask_receipt
from kiosk.books.service import current_service, service_tally
from kiosk.cli import main
from kiosk.ledger.answers import SurveyCounts
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import SurveyAnswer, Visit
from kiosk.settings.config import CardSettings, Config, KioskSettings
from kiosk.settings.pin import hash_pin
from kiosk.settings.survey import DEFAULT_QUESTIONS
from screens.app import make_app

PIN = "2580"
K = 5
SIZE = (100, 40)


@dataclass(frozen=True)
class Guest:
    """What one guest does at the door, as keys, and what they answer."""

    role: str  # "1" eat, "2" cook, "3" both
    more_people: int
    preset: str  # "1" to "5": 0, 5, 10, 13, 20 euros a person
    card: bool
    answers: tuple[str | None, ...]  # per question: the answer's key, or None to skip
    skip_all: bool
    receipt: bool


# How the evening's eleven guests go through the survey, in this order: "all" answer every
# question, "some" skip one or two, "none" skip the whole survey. The answers themselves are
# drawn at random; so are who eats or cooks, how much, how, and who wants a receipt.
SURVEY_HABITS = ("all", "none", "some", "all", "all", "none", "some", "all", "some", "none",
                 "all")


def evening(rng: random.Random) -> list[Guest]:
    """Guests as a small cantine sees them, in a varied order."""
    drawn = []
    for habit in SURVEY_HABITS:
        role = rng.choices("123", weights=(75, 10, 15))[0]
        skipped = set(rng.sample(range(3), rng.randint(1, 2))) if habit == "some" else set()
        answers = tuple(None if number in skipped else str(rng.randrange(1, len(q.answers) + 1))
                        for number, q in enumerate(DEFAULT_QUESTIONS))
        drawn.append(Guest(role, rng.choice((0, 0, 0, 1)), rng.choice("12345"),
                           rng.random() < 0.4, answers, habit == "none", rng.random() < 0.3))
    return drawn


def given(guest: Guest) -> dict[str, str]:
    """The answers the guest really gave: {question: answer id}."""
    if guest.skip_all:
        return {}
    return {q.id: q.answers[int(key) - 1].id
            for q, key in zip(DEFAULT_QUESTIONS, guest.answers, strict=True) if key}


async def at_the_door(pilot, guest: Guest) -> None:
    """One guest's whole visit, by the keys printed on the buttons."""
    await pilot.press("enter", *["plus"] * guest.more_people, guest.role)
    if guest.role != "2":
        await pilot.press(guest.preset)
        if guest.preset != "1":  # zero skips the payment
            await pilot.press("2", "enter") if guest.card else await pilot.press("1")
    await pilot.pause()
    if guest.skip_all:
        await pilot.press("0")
    else:
        for key in guest.answers:
            await pilot.press(key or "enter")
    await pilot.pause()
    if guest.receipt:
        await pilot.press("r")
        await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def volunteers_close_the_service(pilot) -> None:
    """F2, the PIN, the closing screen: the cash box and the card total as expected, close."""
    app = pilot.app
    figures = service_tally(current_service(app.ledger))
    await pilot.press("f2")
    await pilot.pause()
    await pilot.press(*PIN, "enter")
    await settle(pilot)
    await pilot.press("z")
    await pilot.pause()
    await pilot.click("#d1")
    await pilot.press(*str(figures.expected_cash))
    await pilot.click("#card-declared")
    await pilot.press(*f"{figures.card // 100}", "comma", *f"{figures.card % 100:02d}")
    await close_confirmed(pilot)
    await pilot.click("#done")
    await pilot.pause()
    await pilot.click("#back-to-guests")
    await pilot.pause()


def play(data_dir: Path, lonely: Guest, crowd: list[Guest]) -> None:
    """Service 1: one guest, closed. Service 2: the crowd, closed. Through the real app."""
    config = replace(Config(), cantine=CANTINE, card=CardSettings(link=CARD_LINK),
                     kiosk=replace(KioskSettings(), pin_hash=hash_pin(PIN), guard_ms=0))
    app = make_app(data_dir, config, printer=RecordingPrinter())

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await at_the_door(pilot, lonely)
            await volunteers_close_the_service(pilot)
            for guest in crowd:
                await at_the_door(pilot, guest)
            await volunteers_close_the_service(pilot)

    asyncio.run(scenario())


def exports_of(data_dir: Path) -> set[Path]:
    """What a manager (or the thief, with the kiosk installed) exports; the per-day ones."""
    day = Ledger(data_dir / "ledger").days()[-1]
    summaries = set()
    for per, fmt in (("visit", "csv"), ("visit", "json"), ("day", "csv"), ("day", "json")):
        out = data_dir / "exports" / f"{per}.{fmt}"
        assert main(["--data-dir", str(data_dir), "export", "--from", day, "--to", day,
                     "--per", per, "--format", fmt, "-o", str(out)]) == 0
        if per == "day":
            summaries.add(out)
    return summaries


def stored_the_old_way(data_dir: Path, source: Path, answers: list[dict[str, str]]) -> None:
    """The same visits, each followed by its answers as entries, as older kiosks wrote them."""
    ledger = Ledger(data_dir / "ledger")
    visits = [e for e in Ledger(source / "ledger").entries() if e.kind == "visit"]
    services = [visits[:1], visits[1:]]
    number = 0
    for service in services:
        for visit in service:
            ledger.append(visit.value)
            for question, answer in answers[number].items():
                ledger.append(SurveyAnswer(question, answer))
            number += 1
        figures = service_tally(current_service(ledger))
        close_service(ledger, {"1": figures.expected_cash} if figures.expected_cash else {},
                      figures.card)


def test_an_evening_s_answers_cannot_be_tied_to_its_visits(tmp_path):
    rng = random.Random(14)
    lonely = Guest("1", 0, "2", False, ("3", "1", "1"), False, True)  # 5 €, little, under 25
    crowd = evening(rng)
    data_dir = tmp_path / "cantine"
    play(data_dir, lonely, crowd)
    summaries = exports_of(data_dir)

    loot = gather(data_dir)
    visits = sorted(loot.visits)
    guests = [lonely, *crowd]
    assert len(visits) == len(guests) and len(loot.files) >= 8  # the card was not empty
    truth = {seq: given(guest) for seq, guest in zip(visits, guests, strict=True)}
    assert sum(len(a) for a in truth.values()) > 15, "an evening where nobody answers tests nothing"

    # Nothing but the counts names a question: no answer sits next to a visit anywhere.
    questions = {q.id for q in DEFAULT_QUESTIONS}
    assert where_questions_appear(loot, questions, summaries) == []
    assert loot.answer_records == []

    # The lonely guest's amount is on the card, as the accounts need; its answers are not: its
    # closing sealed none, and they are counted with the evening's eleven.
    [group] = loot.groups
    assert loot.visits[visits[0]].amount == 500 and visits[0] in group.visits
    assert len(group.visits) == 12 and max(sum(c.values()) for c in group.counts.values()) >= K

    assert_no_better_than_chance(loot, truth)

    # The attacker has teeth: the same evening, stored one answer per entry, falls at once.
    old = tmp_path / "older-kiosk"
    stored_the_old_way(old, data_dir, [truth[seq] for seq in visits])
    old_loot = gather(old)
    assert accuracy(strategies(old_loot)["next to the visit"], truth_by_order(old_loot, truth,
                                                                               visits)) == 1.0
    assert {pair[0] for pair in certain_pairs(old_loot)} >= {min(old_loot.visits)}


def assert_no_better_than_chance(loot, truth) -> None:
    """No pair is certain, and no pairing beats 999 random ones in 1000."""
    assert certain_pairs(loot) == []
    chance = sorted(random_pairings(loot, truth, draws=3000))
    bound = chance[int(len(chance) * 0.999)]
    tried = {name: accuracy(guesses, truth) for name, guesses in strategies(loot).items()}
    assert len(tried) > 20
    better = {name: share for name, share in tried.items() if share > bound}
    assert better == {}, f"pairings better than chance ({bound:.2f}): {better}"


def test_a_month_of_services_keeps_answers_apart_from_visits(tmp_path):
    """More guests than an evening, for a sharper measure: the same code as the app's, without
    the screens (commit, the counts file's time, taps, receipt, closing), services of 1 to 40
    guests, the last one still open when the card is taken."""
    rng = random.Random(2026)
    data_dir = tmp_path / "cantine"
    ledger = Ledger(data_dir / "ledger")
    survey = SurveyCounts(ledger, K)
    survey.ensure()
    truth = {}
    for size in (1, 3, 25, 2, 40, 12, 1, 30):
        for _ in range(size):
            amount = rng.choice((0, 300, 700, 1300, 2000))
            entry = ledger.append(Visit("eat", amount, "cash" if amount else "none"))
            survey.visit_recorded()
            answers = {} if rng.random() < 0.3 else {
                q.id: rng.choice(q.answers).id for q in DEFAULT_QUESTIONS if rng.random() < 0.8}
            for question, answer in answers.items():
                survey.add(question, answer)
            if rng.random() < 0.3:
                ask_receipt(ledger, entry)
            truth[entry.seq] = answers
        if size != 30:
            figures = service_tally(current_service(ledger))
            close_service(ledger, {"1": figures.expected_cash} if figures.expected_cash else {},
                          0, k=K)
    loot = gather(data_dir)
    assert len(loot.visits) == 114 and sum(map(len, truth.values())) > 180
    assert_no_better_than_chance(loot, truth)
    # Each group of counts mixes the answers of at least K guests.
    for group in loot.groups:
        assert max(sum(c.values()) for c in group.counts.values()) >= K


def truth_by_order(loot, truth, visits) -> dict[int, dict[str, str]]:
    """The truth re-keyed by the old ledger's own visit numbers (same guests, same order)."""
    return {seq: truth[original] for seq, original in zip(sorted(loot.visits), visits,
                                                          strict=True)}
