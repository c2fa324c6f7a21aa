"""The volunteers' side driven like a person would, on the real app (`make_app`), asserting what
the ledger and the data dir hold afterwards."""

import asyncio
from types import SimpleNamespace

import pytest
from textual.widgets import DataTable, Input, Static
from volunteers_support import (
    FixedClock,
    RecordingPrinter,
    click_again,
    close_confirmed,
    drive,
    in_a_browser,
    open_area,
    open_in_area,
    settle,
    type_pin,
    type_text,
)

from kiosk.books.service import current_service, service_tally
from kiosk.cli import main
from kiosk.ledger.book import ServiceClosed
from kiosk.ledger.entries import CashMovement, Visit
from kiosk.settings.pin import hash_pin
from kiosk.settings.pin_store import save_pin_hash
from screens.app import make_app
from screens.guest.welcome import WelcomeScreen
from screens.volunteers.area import VolunteerArea
from screens.volunteers.cash import CashScreen
from screens.volunteers.closing import ClosingScreen
from screens.volunteers.corrections import CorrectionsScreen
from screens.volunteers.dialogs import ConfirmDialog, ReportDialog
from screens.volunteers.pin import PinPrompt
from screens.volunteers.reasons import ReasonDialog

PIN = "2468"
PIN_HASH = hash_pin(PIN)  # once: scrypt is slow on purpose
SIZE = (110, 44)


@pytest.fixture
def pin_dir(tmp_path):
    save_pin_hash(tmp_path, PIN_HASH)
    return tmp_path


@pytest.fixture
def clock():
    return FixedClock()


def kiosk(pin_dir, clock, printer=None):
    return make_app(pin_dir, printer=printer, clock=clock)


def entries_of(app, kind):
    return [e for e in app.ledger.day_entries(clock_day(app)) if e.kind == kind]


def clock_day(app):
    return app.ledger.clock().date().isoformat()


@drive
async def test_five_wrong_pins_lock_the_prompt_even_for_the_right_one(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        for _ in range(5):
            await type_pin(pilot, "1111")
            assert isinstance(app.screen, PinPrompt)
        message = str(app.screen.query_one("#pin-message", Static).render())
        await type_pin(pilot, PIN)
        assert isinstance(app.screen, PinPrompt), "the right PIN must not open a locked prompt"
        assert not any(isinstance(s, VolunteerArea) for s in app.screen_stack)
        assert 55 < app.pin_guard.seconds_locked() <= 60
        assert "60" in message or "59" in message


@drive
async def test_a_void_asks_a_reason_and_the_tally_leaves_the_visit_out(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    app.ledger.append(Visit("eat", 1300, "cash"))
    clock.advance(4)
    mistaken = app.ledger.append(Visit("eat", 9900, "cash"))
    clock.advance(2)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        assert isinstance(app.screen, VolunteerArea)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CorrectionsScreen)
        table = app.screen.query_one("#visits", DataTable)
        assert table.row_count == 2
        assert table.get_row_at(0)[:5] == ["11:34", "mange", "1", "99,00\u00a0€", "espèces"]
        await pilot.press("down", "v")  # the first arrow chooses the first line
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press("enter")  # no reason: refused, nothing written
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        assert entries_of(app, "void") == []
        await type_text(pilot, "typed 99 instead of 9")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CorrectionsScreen)
        [void] = entries_of(app, "void")
        assert void.value.visit == mistaken.seq
        assert void.value.reason == "typed 99 instead of 9"
        figures = service_tally(current_service(app.ledger))
        assert (figures.visits, figures.total, figures.cash, figures.voids) == (1, 1300, 1300, 1)
        assert "annulé : typed 99 instead of 9" in table.get_row_at(0)[5]


@drive
async def test_a_visit_entered_by_hand_uses_the_record_form(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    clock.advance(60)  # 12:30
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.click("#amount")
        await type_text(pilot, "8,50")
        await pilot.click("#covers")
        await pilot.press("end", "backspace", "2")
        await pilot.click("#at")
        await type_text(pilot, "12:05")
        await pilot.press("enter")
        await pilot.pause()
        [visit] = entries_of(app, "visit")
        assert visit.value == Visit("eat", 850, "cash", covers=2)
        assert visit.ts.startswith("2026-11-21T12:05")


@drive
async def test_a_float_and_a_cash_out_change_the_expected_cash(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    app.ledger.append(Visit("both", 1300, "cash"))
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, CashScreen)
        await type_text(pilot, "50")  # the amount has focus; the kind starts at "float"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#kind")
        await pilot.press("down", "down", "enter")  # float -> put in -> taken out
        await pilot.pause()
        await pilot.click("#amount")
        await type_text(pilot, "12,40")
        await pilot.press("enter")  # no reason yet: refused
        await pilot.pause()
        assert [e.value for e in entries_of(app, "cash")] == [CashMovement("float", 5000)]
        assert "besoin d'un motif" in str(app.screen.query_one("#status", Static).render())
        await pilot.click("#reason")
        await type_text(pilot, "bread for tonight")
        await pilot.press("enter")
        await pilot.pause()
        assert [e.value for e in entries_of(app, "cash")] == [
            CashMovement("float", 5000), CashMovement("out", 1240, "bread for tonight")]
        assert service_tally(current_service(app.ledger)).expected_cash == 5000 + 1300 - 1240
        assert "50,60" in str(app.screen.query_one("#expected", Static).render())


async def fill_count(pilot, counts: dict[int, str], card: str) -> None:
    for cents, count in counts.items():
        await pilot.click(f"#d{cents}")
        await type_text(pilot, count)
    await pilot.click("#card-declared")
    await type_text(pilot, card)


def a_service(app, clock):
    app.ledger.append(CashMovement("float", 2000))
    clock.advance(10)
    app.ledger.append(Visit("eat", 1300, "cash"))
    clock.advance(10)
    app.ledger.append(Visit("both", 500, "card", covers=2))
    clock.advance(90)


@drive
async def test_a_closing_without_difference_is_written_printed_and_saved(pin_dir, clock):
    printer = RecordingPrinter()
    app = kiosk(pin_dir, clock, printer)
    a_service(app, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        await fill_count(pilot, {2000: "1", 1000: "1", 200: "1", 100: "1"}, "5")
        shown = " ".join(str(app.screen.query_one("#cash", Static).render()).split())
        assert "Espèces comptées 33,00 €" in shown and "Écart 0,00 €" in shown
        await close_confirmed(pilot)
        assert isinstance(app.screen, ReportDialog)
        [closing] = entries_of(app, "closing")
        z = closing.value
        assert (z.z, z.counted_cash, z.expected_cash, z.cash_difference) == (1, 3300, 3300, 0)
        assert (z.card_declared, z.card_recorded, z.explanation) == (500, 500, "")
        assert z.counted_by_denomination == {"2000": 1, "1000": 1, "200": 1, "100": 1}
        assert z.grand_total == 1800
        saved = pin_dir / "exports" / "Z-0001-2026-11-21.txt"
        assert "Z 1" in saved.read_text() and "Total général" in saved.read_text()
        assert len(printer.z_reports) == 1
        await pilot.click("#done")
        await pilot.pause()
        assert isinstance(app.screen, VolunteerArea)
        assert "service 2" in str(app.screen.query_one("#where", Static).render())


@drive
async def test_a_matching_count_is_closed_only_after_a_yes_naming_the_service(pin_dir, clock):
    """"Clôturer le service" is the first button: one tap, or Enter out of habit, must not close
    the day. The question names the service and says it cannot be undone; No is the default."""
    app = kiosk(pin_dir, clock, RecordingPrinter())
    a_service(app, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("z")
        await pilot.pause()
        await fill_count(pilot, {2000: "1", 1000: "1", 200: "1", 100: "1"}, "5")
        await pilot.click("#close")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        question = " ".join(str(app.screen.query_one(".question", Static).render()).split())
        assert "Clôturer le service 1 du 2026-11-21 ?" in question, question
        assert "imprimé" in question and "ne peut pas être annulée" in question
        assert app.screen.focused is app.screen.query_one("#cancel")
        for button in ("#ok", "#cancel"):  # both whole on the Pi's screen, big for a finger
            region = app.screen.query_one(button).region
            assert region.bottom <= 24 and region.height >= 5 and region.width >= 20
        await pilot.press("enter")  # the focused No
        await settle(pilot)
        assert isinstance(app.screen, ClosingScreen) and entries_of(app, "closing") == []
        await click_again(pilot, "#close")
        await settle(pilot)
        await pilot.click("#cancel")
        await settle(pilot)
        assert isinstance(app.screen, ClosingScreen) and entries_of(app, "closing") == []
        await close_confirmed(pilot, click_again)
        assert isinstance(app.screen, ReportDialog)
        assert [e.value.z for e in entries_of(app, "closing")] == [1]


@drive
async def test_a_difference_needs_an_explanation_and_a_second_yes(pin_dir, clock):
    app = kiosk(pin_dir, clock)  # no printer: the report is shown
    a_service(app, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("z")
        await pilot.pause()
        await fill_count(pilot, {2000: "1", 1000: "1"}, "5")  # 3 € short
        await pilot.click("#close")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        assert "explication" in str(app.screen.query_one("#status", Static).render())
        await pilot.click("#explanation")
        await type_text(pilot, "change given twice")
        await pilot.click("#close")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#cancel")
        await pilot.pause()
        assert entries_of(app, "closing") == []
        await pilot.click("#close")
        await pilot.pause()
        await pilot.click("#ok")
        await settle(pilot)
        [closing] = entries_of(app, "closing")
        assert closing.value.cash_difference == -300
        assert closing.value.explanation == "change given twice"
        assert isinstance(app.screen, ReportDialog)
        shown = str(app.screen.query_one("#report", Static).render())
        assert "change given twice" in shown and "-3,00" in shown


@drive
async def test_counts_typed_fast_with_tab_land_in_the_field_they_were_typed_for(pin_dir, clock):
    """A volunteer who knows the box types "1 Tab 2 Tab 3 Tab 4 Tab 5" without looking: the keys
    come faster than the screen handles them, and each must still land in its own row."""
    from textual import events

    app = kiosk(pin_dir, clock)
    a_service(app, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("z")
        await pilot.pause()
        rows = app.screen.denominations[:5]  # the largest first, as the form shows them
        assert app.focused is app.screen.query_one(f"#d{rows[0]}")
        for key in ("1", "tab", "2", "tab", "3", "tab", "4", "tab", "5"):
            app.post_message(events.Key(key, key if len(key) == 1 else None))  # as a driver does
        await settle(pilot)
        typed = {cents: app.screen.query_one(f"#d{cents}", Input).value for cents in rows}
        assert typed == dict(zip(rows, "12345", strict=True))


@drive
async def test_a_visit_after_the_closing_lands_in_the_next_service(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    a_service(app, clock)
    first = entries_of(app, "visit")[0]
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("z")
        await pilot.pause()
        await fill_count(pilot, {2000: "1", 1000: "1", 200: "1", 100: "1"}, "5")
        await close_confirmed(pilot)
        await pilot.click("#done")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        clock.advance(300)
        entry = app.record_visit(Visit("eat", 700, "cash"))
        assert entry.service == 2
        assert current_service(app.ledger).number == 2
        with pytest.raises(ServiceClosed):
            app.ledger.void(first.seq, "too late")
        assert service_tally(current_service(app.ledger)).expected_cash == 700
    assert main(["--data-dir", str(pin_dir), "verify"]) == 0  # the hash chain holds


@drive
async def test_leaving_and_idling_return_to_welcome_and_quitting_asks_the_pin(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("t")
        await pilot.pause()
        # A volunteer walked away: the area waits the volunteers' idle time, longer than a guest's.
        app._last_activity -= app.config.kiosk.volunteer_idle_timeout + 1
        await pilot.pause(1.2)
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1
        await open_area(pilot, PIN)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, PinPrompt)
        await type_pin(pilot, PIN)
    assert app.return_code == 0 and not app.is_running


def test_in_a_browser_the_area_offers_no_quitting_that_would_only_blank_the_page(
        pin_dir, clock, monkeypatch):
    """Finding F9: served to a browser, "Quitter la borne" ended the tab's kiosk only for the
    page to start another after seconds of a black page. There it is neither a button, nor a
    key, nor a word of the footer; the other parts are all there."""
    in_a_browser(monkeypatch)

    async def scenario():
        app = kiosk(pin_dir, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_area(pilot, PIN)
            assert not app.screen.query("#quit-kiosk")
            assert {b.id for b in app.screen.query("Button")} == {
                "tally", "corrections", "cash", "closing", "manager", "back-to-guests"}
            await pilot.press("q")
            await settle(pilot)
            assert isinstance(app.screen, VolunteerArea) and app.is_running
            bindings = app.screen.active_bindings.values()
            assert "quit_kiosk" not in {b.binding.action for b in bindings if b.enabled}

    asyncio.run(scenario())


def test_a_finger_sees_no_key_hints_on_the_volunteers_buttons_a_keyboard_does(
        pin_dir, clock, monkeypatch):
    """Finding F5: "(t)", "(F3)" were printed on every button of the area for a finger, and the
    area opened with a focus box on its first button. Once a key is pressed they come back."""
    in_a_browser(monkeypatch)

    async def scenario():
        app = kiosk(pin_dir, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            for tap in ("#volunteers", *(f"#pin-{digit}" for digit in PIN), "#pin-ok"):
                await pilot.click(tap)
                await settle(pilot)
            assert isinstance(app.screen, VolunteerArea) and app.screen.focused is None
            labels = [str(button.label) for button in app.screen.query("Button")]
            assert labels[0] == "Point en cours" and not [t for t in labels if "(" in t]
            await pilot.click("#closing")
            await settle(pilot)
            assert str(app.screen.query_one("#back").label) == "Retour"
            await pilot.press("f3")  # a keyboard: the hints are back
            await settle(pilot)
            assert str(app.screen.query_one("#tally").label) == "Point en cours  (t)"

    asyncio.run(scenario())


@drive
async def test_the_tally_reprints_the_last_receipt_and_retries_the_queue(pin_dir, clock):
    printer = RecordingPrinter()
    app = kiosk(pin_dir, clock, printer)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "t")
        state = str(app.screen.query_one("#printer-state", Static).render())
        assert "Imprimante : en ordre" in state
        await pilot.click("#reprint")
        await settle(pilot)
        assert printer.receipts == []  # no guest asked for a receipt yet: nothing to reprint
        assert "Aucun convive n'a encore demandé de reçu." in str(
            app.screen.query_one("#printer-state", Static).render())
        printer.last = SimpleNamespace(number="7", issued_at="21/11/2026 11:40", amount=1300)
        await click_again(pilot, "#reprint")
        await settle(pilot)
        [receipt] = printer.receipts
        assert receipt.amount == 1300 and receipt.number == "7"
        assert "Réimpression du reçu n° 7 (21/11/2026 11:40) : imprimé." in str(
            app.screen.query_one("#printer-state", Static).render())
        await pilot.click("#retry")
        await settle(pilot)
        assert printer.retries == 1
        assert "0 reçu imprimé depuis la file" in str(
            app.screen.query_one("#printer-state", Static).render())


@drive
async def test_without_a_printer_the_tally_has_no_printer_buttons(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "t")
        assert not app.screen.query_one("#printer").display


@drive
async def test_an_empty_service_is_not_closed(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("z")
        await pilot.pause()
        await pilot.click("#close")
        await pilot.pause()
        assert "Rien à clôturer" in str(app.screen.query_one("#status", Static).render())
        assert app.ledger.day_entries("2026-11-21") == []


@drive
async def test_the_managers_figures_open_from_the_area_and_close_back_to_it(pin_dir, clock):
    from screens.volunteers.manager import ManagerScreen

    app = kiosk(pin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ManagerScreen)
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, VolunteerArea)


@drive
async def test_cash_taken_to_the_bank_is_recorded_from_the_cash_screen(pin_dir, clock):
    """A "remise en banque": a kind of its own, which leaves the box (the books move it from
    the cash account to the bank); a slip number is enough as a reason, or none."""
    app = kiosk(pin_dir, clock)
    app.ledger.append(CashMovement("float", 5000))
    app.ledger.append(Visit("eat", 1300, "cash"))
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("m")
        await pilot.pause()
        await pilot.click("#kind")
        await pilot.press("down", "down", "down", "enter")  # float -> in -> out -> bank
        await pilot.pause()
        await pilot.click("#amount")
        await type_text(pilot, "60")
        await pilot.press("enter")
        await pilot.pause()
        assert [e.value for e in entries_of(app, "cash")][-1] == CashMovement("bank", 6000)
        assert "remise en banque" in str(app.screen.query_one("#status", Static).render())
        assert service_tally(current_service(app.ledger)).expected_cash == 5000 + 1300 - 6000
        await pilot.click("#kind")
        await pilot.press("enter")  # still "bank": a deposit larger than the box is asked again
        await pilot.click("#amount")
        await type_text(pilot, "20")
        await pilot.press("enter")
        await pilot.pause()
        assert len(entries_of(app, "cash")) == 2  # not written before it is confirmed
