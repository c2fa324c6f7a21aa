"""Patience where people need it (issue 12, item 2): a card payment on a phone, a cash count,
a form half typed. Minutes pass in an instant: the app's idle checks read `app.monotonic`, and
these tests hand in one they move forward. tests/test_terminal.py does the same in a
real terminal, with the settings short instead.
"""

from guest_support import (
    TO_CARD,
    on_screen,
    patient_app,
    pilot_test,
    recorded,
    stays,
    text_of,
    wait_for,
)

from kiosk.ledger.entries import AbandonedCardPayment, Visit


@pilot_test
async def test_a_card_screen_left_four_minutes_then_paid_records_the_visit_once(tmp_path):
    app = patient_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TO_CARD)  # eat, 13 €, card
        assert on_screen(app) == "CardScreen"
        app.monotonic.skip(100)  # past a guest's idle time: the code stays
        await stays(pilot, "CardScreen")
        app.monotonic.skip(140)  # four minutes: the kiosk asks
        await wait_for(pilot, "PaidQuestion")
        assert "Avez-vous payé 13,00 € ?" in text_of(app, "#asked").replace("\xa0", " ")
        await pilot.press("enter")  # "Oui, j'ai payé"
        await pilot.pause()
        assert on_screen(app) == "SurveyScreen"
        await pilot.press("enter")
        await pilot.press("enter")
    assert recorded(app) == [Visit("eat", 1300, "card", 1)]


@pilot_test
async def test_not_yet_shows_the_code_again_and_a_long_silence_gives_up(tmp_path):
    app = patient_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "plus", "1", "4", "2")  # two people, 26 €, card
        app.monotonic.skip(181)
        await wait_for(pilot, "PaidQuestion")
        await pilot.press("backspace")  # "Non, pas encore"
        assert on_screen(app) == "CardScreen"
        app.monotonic.skip(120)  # the wait started over with that touch
        await stays(pilot, "CardScreen")
        app.monotonic.skip(61)
        await wait_for(pilot, "PaidQuestion")
        app.monotonic.skip(170)  # the question waits as long again
        await stays(pilot, "PaidQuestion")
        app.monotonic.skip(11)
        await wait_for(pilot, "WelcomeScreen")
        assert len(app.screen_stack) == 1
    [abandoned] = recorded(app)
    assert isinstance(abandoned, AbandonedCardPayment) and abandoned.amount == 2600
    assert 540 <= abandoned.seconds_shown <= 600  # the code was on show some nine minutes


@pilot_test
async def test_cancel_gives_up_at_once(tmp_path):
    app = patient_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TO_CARD)
        app.monotonic.skip(200)
        await wait_for(pilot, "PaidQuestion")
        await pilot.press("delete")  # "Annuler"
        await pilot.pause()
        assert on_screen(app) == "WelcomeScreen"
    assert [type(value) for value in recorded(app)] == [AbandonedCardPayment]


@pilot_test
async def test_back_from_the_code_is_written_as_abandoned_and_cash_is_the_visit(tmp_path):
    app = patient_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TO_CARD)
        app.monotonic.skip(45)
        await pilot.press("backspace")  # back to cash or card
        assert on_screen(app) == "PaymentScreen"
        await pilot.press("1")  # cash after all
        await pilot.pause()
    abandoned, visit = recorded(app)
    assert abandoned == AbandonedCardPayment(1300, abandoned.seconds_shown)
    assert 45 <= abandoned.seconds_shown < 60
    assert visit == Visit("eat", 1300, "cash", 1)


@pilot_test
async def test_a_guest_still_paying_is_not_asked_while_they_touch_the_screen(tmp_path):
    app = patient_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TO_CARD)
        for _ in range(3):
            app.monotonic.skip(150)
            await pilot.press("x")  # a touch (any key): someone is there
        await stays(pilot, "CardScreen")
        await pilot.press("enter")
        await pilot.pause()
    assert recorded(app) == [Visit("eat", 1300, "card", 1)]
