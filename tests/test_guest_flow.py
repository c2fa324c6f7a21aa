"""The guest's way through the real kiosk, driven by Pilot, checked against the ledger on disk.

Taps after "start", per path (the note in the report repeats them):
  eat, suggested, cash, skip the survey, no receipt ........ 4 (eat, 13 €, cash, no questions)
  cook only, skip the survey ................................ 2 (cook, no questions)
  zero, skip the survey ..................................... 3 (eat, 0 €, no questions)
  card instead of cash ...................................... one more ("I have paid")
  another amount ............................................ + the digits and OK
  answering the survey ...................................... one tap per question
"""

import asyncio
import errno
from dataclasses import replace

import pytest
from guest_support import (
    TO_THANKS,
    RecordingPrinter,
    guest_app,
    guest_config,
    on_screen,
    patient_app,
    pilot_test,
    recorded,
    settle,
    stays,
    text_of,
    wait_for,
)

from kiosk.ledger.answers import SurveyCounts
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import AbandonedCardPayment, ReceiptRequest, Visit


@pilot_test
async def test_common_path_is_four_taps_after_start(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        taps = [("#role-eat", "ContributionScreen"), ("#preset-1300", "PaymentScreen"),
                ("#cash", "SurveyScreen"), ("#skip-all", "ThanksScreen")]
        for tap, screen in [("#start", "RoleScreen"), *taps]:
            await pilot.click(tap)
            await wait_for(pilot, screen)
        assert len(taps) == 4
    assert recorded(app) == [Visit("eat", 1300, "cash", 1)]


@pilot_test
async def test_both_for_two_with_another_amount_paid_by_card(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "plus", "3")  # start, two people, cook and eat
        assert on_screen(app) == "ContributionScreen"
        assert "26,00 €" in text_of(app, "#suggested")  # the suggestion is per person
        await pilot.press("6", "2", "4", "comma", "5", "enter")  # another amount: 24,5
        assert on_screen(app) == "PaymentScreen"
        assert "24,50 €" in text_of(app, ".title")
        await pilot.press("2")  # card
        assert on_screen(app) == "CardScreen"
        assert recorded(app) == []  # nothing is committed before "I have paid"
        await pilot.press("enter")
        await pilot.pause()
        assert on_screen(app) == "SurveyScreen"
    assert recorded(app) == [Visit("both", 2450, "card", 2)]


@pilot_test
async def test_a_cook_who_does_not_eat_skips_the_contribution(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#start")
        await pilot.click("#role-cook")
        await pilot.pause()
        assert on_screen(app) == "SurveyScreen"
        await pilot.click("#skip-all")
        await pilot.pause()
        assert on_screen(app) == "ThanksScreen"
    assert recorded(app) == [Visit("cook", 0, "none", 1)]


@pilot_test
async def test_zero_is_one_tap_and_skips_the_payment(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1")
        zero, other = app.screen.query_one("#preset-0"), app.screen.query_one("#preset-1300")
        # Zero looks like any other amount (1fr columns may differ by a cell when rounding).
        assert (zero.size.height, zero.variant, zero.classes) == (
            other.size.height, other.variant, other.classes)
        assert abs(zero.size.width - other.size.width) <= 1
        await pilot.click("#preset-0")
        await pilot.pause()
        assert on_screen(app) == "SurveyScreen"
    assert recorded(app) == [Visit("eat", 0, "none", 1)]


@pilot_test
async def test_an_amount_above_the_threshold_is_confirmed(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "6", "8", "0", "enter")
        assert on_screen(app) == "ConfirmAmount"
        assert "80,00 €" in text_of(app, "#confirm-question")
        await pilot.press("enter")
        assert on_screen(app) == "PaymentScreen"
        await pilot.press("1")
        await pilot.pause()
    assert recorded(app) == [Visit("eat", 8000, "cash", 1)]


@pilot_test
async def test_an_amount_above_the_threshold_can_be_changed(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "6", "8", "0", "enter")
        await pilot.click("#no")  # "No, change it": back to the keypad, the amount still there
        assert on_screen(app) == "AmountPad"
        assert app.screen.typed == "80" and "80" in str(app.screen.query_one("#typed").value)
        assert recorded(app) == []
        await pilot.press("backspace", "enter")  # 8 €, then cash
        assert on_screen(app) == "PaymentScreen"
        await pilot.press("1")
        await pilot.pause()
    assert recorded(app) == [Visit("eat", 800, "cash", 1)]


@pilot_test
async def test_a_preset_above_the_threshold_changed_goes_back_to_the_presets(tmp_path):
    config = guest_config()
    config = replace(config, contribution=replace(config.contribution, confirm_above=1000))
    app = guest_app(tmp_path, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "4")  # 13 €, above this cantine's 10 €
        assert on_screen(app) == "ConfirmAmount"
        await pilot.press("backspace")
        assert on_screen(app) == "ContributionScreen"
    assert recorded(app) == []


@pilot_test
async def test_the_keypad_refuses_an_amount_above_the_ceiling_and_changes_nothing(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "6", *"200000", "enter")
        assert on_screen(app) == "AmountPad"
        assert "1 000,00 €" in text_of(app, "#keypad-error")
        await pilot.press("delete")  # cancel
        assert on_screen(app) == "ContributionScreen"
    assert recorded(app) == []


@pilot_test
async def test_survey_answers_are_only_counted(tmp_path):
    """The ledger holds the visit alone; the answers are counts, on disk at once."""
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "4", "1")  # eat, 13 €, cash
        await pilot.pause()
        assert "pas liées" in text_of(app, "#survey-note")
        await pilot.click("#answer-1")  # very welcome
        await pilot.click("#answer-3")  # over 55
        await pilot.click("#answer-2")  # not the first time
        await pilot.pause()
        assert on_screen(app) == "ThanksScreen"
    assert recorded(app) == [Visit("eat", 1300, "cash", 1)]
    assert SurveyCounts(Ledger(tmp_path / "ledger")).open_counts() == {
        "welcome": {"very": 1}, "age": {"over_55": 1}, "first_visit": {"no": 1}}


@pilot_test
async def test_survey_questions_can_be_skipped_one_by_one(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "1")  # eat, 0 €
        await pilot.press("enter", "2", "enter")  # skip, 25-55, skip
        await pilot.pause()
        assert on_screen(app) == "ThanksScreen"
    assert recorded(app) == [Visit("eat", 0, "none", 1)]
    assert app.survey_counts.open_counts() == {"age": {"25_55": 1}}


@pilot_test
async def test_idle_in_the_middle_records_nothing_and_forgets_the_guest(tmp_path):
    app = patient_app(tmp_path)  # minutes pass when the test says so
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "enter", "plus", "plus", "3", "4")  # English, 3 people, 39 €
        assert on_screen(app) == "PaymentScreen"
        app.monotonic.skip(app.config.kiosk.idle_timeout + 1)
        await wait_for(pilot, "WelcomeScreen")
        assert app.language == "fr"
        assert "Commencer" in text_of(app, "#start")
        await pilot.press("enter")
        assert "1 personne" in text_of(app, "#covers-count")  # the previous 3 are gone
    assert recorded(app) == []


@pilot_test
async def test_idle_after_the_commit_keeps_the_visit(tmp_path):
    app = patient_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "4", "1")
        await pilot.pause()
        assert on_screen(app) == "SurveyScreen"
        app.monotonic.skip(app.config.kiosk.idle_timeout + 1)
        await wait_for(pilot, "WelcomeScreen")
    assert recorded(app) == [Visit("eat", 1300, "cash", 1)]


@pilot_test
async def test_a_guest_who_keeps_tapping_is_not_sent_back(tmp_path):
    app = patient_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        for _ in range(5):  # a touch every minute: far past the idle time in all
            app.monotonic.skip(60)
            await pilot.press("plus")
        await stays(pilot, "RoleScreen")
        assert "6 personnes" in text_of(app, "#covers-count")


@pilot_test
async def test_english_and_back_to_french(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#language-en")
        assert "Start" in text_of(app, "#start")
        assert "Saturday, 21 November 2026" in text_of(app, "#day")
        await pilot.press("enter", "1")
        assert "€13.00" in text_of(app, "#suggested")
        assert "Another amount" in text_of(app, "#other")
        await pilot.press("backspace", "backspace")
        assert on_screen(app) == "WelcomeScreen"
        await pilot.press("1")
        assert "Commencer" in text_of(app, "#start")
        assert "samedi 21 novembre 2026" in text_of(app, "#day")
        await pilot.press("enter", "1")
        assert "13,00 €" in text_of(app, "#suggested")


@pilot_test
async def test_back_goes_back_without_recording(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "4")
        assert on_screen(app) == "PaymentScreen"
        await pilot.press("backspace", "backspace", "backspace")
        assert on_screen(app) == "WelcomeScreen"
    assert recorded(app) == []


@pilot_test
async def test_a_disk_that_refuses_the_visit_gets_no_merci(tmp_path, monkeypatch):
    app = guest_app(tmp_path)

    def full(_descriptor):  # the SD card is full: every write's fsync fails
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("kiosk.ledger.storage.os.fsync", full)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "4", "1")
        await pilot.pause()
        assert on_screen(app) == "PaymentScreen"
        assert "appelez un·e bénévole" in text_of(app, "#problem")


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c", "ctrl+z", "ctrl+p", "escape"])
@pilot_test
async def test_escape_keys_leave_the_app_running(tmp_path, key):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for setup, screen in [((), "WelcomeScreen"), (("enter",), "RoleScreen"),
                              (("1", "6"), "AmountPad")]:
            await pilot.press(*setup)
            await pilot.press(key, key)
            await pilot.pause()
            assert app.is_running and app.return_code is None
            assert on_screen(app) == screen
            assert len(app.screen_stack) > 0


@pilot_test
async def test_thanks_goes_back_to_welcome_by_itself(tmp_path):
    # Long enough that a loaded machine still catches "merci" before it goes by itself.
    app = guest_app(tmp_path, guest_config(thanks_seconds=1.5))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "2", "0")  # cook, no questions
        await pilot.pause()
        assert on_screen(app) == "ThanksScreen"
        await pilot.pause(2.5)
        assert on_screen(app) == "WelcomeScreen"


@pilot_test
async def test_no_receipt_unless_asked(tmp_path):
    printer = RecordingPrinter()
    app = guest_app(tmp_path, printer=printer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TO_THANKS)
        assert on_screen(app) == "ThanksScreen"
        assert "reçu" in text_of(app, "#receipt-question")
        await pilot.press("enter")  # "finish": no is the default
        await settle(pilot)
        assert on_screen(app) == "WelcomeScreen"
    assert printer.receipts == []


@pilot_test
async def test_a_receipt_asked_for_is_handed_to_the_printer(tmp_path):
    printer = RecordingPrinter()
    app = guest_app(tmp_path, printer=printer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "4", "2", "enter", "0")  # 13 € by card
        await pilot.click("#receipt")
        await settle(pilot)
        assert "s'imprime" in text_of(app, "#receipt-status")
    visit, asked = app.ledger.entries()
    [receipt] = printer.receipts
    assert asked.value == ReceiptRequest(visit.seq, "2026-000001")
    assert asked.ts == visit.ts  # the time of the visit, not of the tap
    assert (receipt.number, receipt.amount, receipt.amount_text) == (
        "2026-000001", 1300, "13,00\xa0€")
    assert (receipt.method, receipt.role_text, receipt.language) == ("card", "Repas", "fr")
    assert receipt.method_text == "Payé par carte"  # and no code to pay with a second time
    assert receipt.notice == "Ce reçu ne constitue pas un reçu fiscal."
    assert receipt.cantine_name == "Petite Cantine du Marché"


@pilot_test
async def test_a_receipt_for_nothing_given_says_so_kindly(tmp_path):
    printer = RecordingPrinter()
    app = guest_app(tmp_path, printer=printer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "1", "0", "r")  # nothing given, no survey, a receipt
        await settle(pilot)
    [receipt] = printer.receipts
    assert receipt.amount == 0
    assert (receipt.amount_text, receipt.method_text) == ("selon vos moyens", "")


@pytest.mark.parametrize("printer", [RecordingPrinter(status="queued"),
                                     RecordingPrinter(fails=True)], ids=["queued", "broken"])
@pilot_test
async def test_a_resting_printer_gets_one_kind_line(tmp_path, printer):
    app = guest_app(tmp_path, printer=printer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "2", "0", "r")
        await settle(pilot)
        assert on_screen(app) == "ThanksScreen"
        assert text_of(app, "#receipt-status") == (
            "L'imprimante se repose ; votre contribution est bien enregistrée.")
    assert recorded(app) == [Visit("cook", 0, "none", 1), ReceiptRequest(1, "2026-000001")]


@pilot_test
async def test_receipt_policy_always_and_never(tmp_path):
    for policy, expected in [("always", 1), ("never", 0)]:
        printer = RecordingPrinter()
        config = guest_config()
        config = type(config)(**{**config.__dict__,
                                 "printer": type(config.printer)(receipt=policy)})
        app = guest_app(tmp_path / policy, config, printer)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter", "2", "0")
            await settle(pilot)
            assert bool(app.screen.query("#receipt")) is False
        assert len(printer.receipts) == expected


@pilot_test
async def test_a_slow_printer_does_not_hold_thanks_back(tmp_path):
    class SlowPrinter(RecordingPrinter):
        def print_receipt(self, receipt):
            import time
            time.sleep(0.5)
            return super().print_receipt(receipt)

    printer = SlowPrinter()
    app = guest_app(tmp_path, printer=printer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "2", "0", "r")
        await pilot.pause()
        assert printer.receipts == [] and on_screen(app) == "ThanksScreen"
        await pilot.press("enter")
        await pilot.pause()
        assert on_screen(app) == "WelcomeScreen"  # the guest leaves while it prints
        await asyncio.sleep(0.7)
    assert len(printer.receipts) == 1


@pilot_test
async def test_going_back_keeps_what_the_guest_chose(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "plus", "plus", "1")  # three people, to eat
        assert "pour 3 personnes" in text_of(app, "#suggested")
        await pilot.press("backspace")
        assert on_screen(app) == "RoleScreen"
        assert text_of(app, "#covers-count") == "3 personnes"
        assert not app.screen.query_one("#fewer").disabled
        await pilot.press("1", "2", "2")  # to eat, the second preset, by card
        assert on_screen(app) == "CardScreen"
        amount = text_of(app, ".title").removeprefix("Payer ").removesuffix(" par carte")
        await pilot.press("backspace")
        assert text_of(app, ".title") == f"Comment donnez-vous {amount} ?"
        await pilot.press("backspace")
        assert "pour 3 personnes" in text_of(app, "#suggested")
        await pilot.press("backspace", "backspace")
        assert on_screen(app) == "WelcomeScreen" and len(app.screen_stack) == 1
    # No visit; leaving the QR code is written as an abandoned card payment (the closing lists
    # it: the guest might have paid on the phone).
    [abandoned] = recorded(app)
    assert isinstance(abandoned, AbandonedCardPayment) and abandoned.amount > 0
