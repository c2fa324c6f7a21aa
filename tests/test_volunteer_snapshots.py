"""Pictures of the volunteers' tally and closing screens, with a fixed clock and fixed data, in
the kiosk's default language (French), amounts as fr_FR writes them."""

from test_volunteers import PIN, PIN_HASH, SIZE
from textual.widgets import Input
from volunteers_support import (
    FixedClock,
    RecordingPrinter,
    open_area,
    open_in_area,
    settle,
    type_text,
)

from kiosk.ledger.entries import CashMovement, SurveyAnswer, Visit
from kiosk.settings.pin_store import save_pin_hash
from screens.app import make_app


def a_busy_service(data_dir, printer=None):
    """A service at 13:00 with a float, a cash-out, five visits (one voided) and some answers."""
    save_pin_hash(data_dir, PIN_HASH)
    clock = FixedClock()
    app = make_app(data_dir, printer=printer, clock=clock)
    ledger = app.ledger
    ledger.append(CashMovement("float", 5000))
    for visit in (Visit("eat", 1300, "cash"), Visit("both", 2000, "card", covers=2),
                  Visit("eat", 0, "none"), Visit("cook", 500, "cash"),
                  Visit("eat", 9900, "cash")):
        clock.advance(7)
        last = ledger.append(visit)
    ledger.void(last.seq, "typed 99 instead of 9")
    ledger.append(CashMovement("out", 1240, "bread"))
    for answer in ("very", "very", "rather"):
        ledger.append(SurveyAnswer("welcome", answer))
    ledger.append(SurveyAnswer("first_visit", "yes"))
    clock.advance(30)
    return app


def test_the_running_tally(snap_compare, tmp_path):
    """The tally of service 1 on 2026-11-21: 4 visits and 5 covers (the 99 € visit voided),
    total 38,00 € (cash 18, card 20), zero given once, 4 covers that eat with their average
    and median under them; on the right the brackets, expected cash 55,60 € (float 50 + cash
    18 - bread 12,40), then the survey answers; printer ok, 0 waiting, with the back, reprint
    and retry buttons on one line."""
    app = a_busy_service(tmp_path, RecordingPrinter())

    async def run_before(pilot):
        await open_in_area(pilot, PIN, "t")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_the_closing_being_counted(snap_compare, tmp_path):
    """The closing of service 1 while counting: 50 € x1 and 5 € x1 typed (55,00 € counted, its
    line values shown), expected 55,60 €, difference -0,60 €; card declared 20 against 20
    recorded, difference 0,00 €; an explanation typed. Below both columns: close the service, the
    earlier Z reports (to see again or reprint), back."""
    app = a_busy_service(tmp_path)

    async def run_before(pilot):
        await open_area(pilot, PIN)
        await pilot.press("z")
        await pilot.pause()
        # A blinking cursor is caught on or off by chance on a busy machine: keep it on.
        for field in app.screen.query("Input"):
            field.cursor_blink = False
        await pilot.click("#d5000")
        await type_text(pilot, "1")
        await pilot.click("#d500")
        await type_text(pilot, "1")
        await pilot.click("#card-declared")
        await type_text(pilot, "20")
        await pilot.click("#explanation")
        await type_text(pilot, "60 cents of change missing")
        # A blinking cursor would be caught on or off depending on the moment: keep it on.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_on_a_80x24_console_with_the_printer_down_every_button_and_figure_is_reachable(tmp_path):
    """The printer refuses, receipts waited too long: the printer's panel grows, and still back,
    reprint, retry and "print this receipt" are on screen, and the figures it pushed out of
    sight scroll."""
    import asyncio

    from textual.geometry import Region

    from printer.outcomes import PrinterState, UnprintedReceipt

    class PrinterDown(RecordingPrinter):
        def state(self):
            waited = tuple(UnprintedReceipt(f"{n}.json", f"2026-00000{n}", "21/11/2026 12:30",
                                            "13,00 €") for n in (4, 5))
            return PrinterState("failing", "refuses the connection", 3, "network",
                                error_code="refused", unprinted=waited)

    app = a_busy_service(tmp_path, PrinterDown())

    async def look():
        async with app.run_test(size=(80, 24)) as pilot:
            await open_in_area(pilot, PIN, "t")
            screen = Region(0, 0, 80, 24)
            for button in ("#back", "#reprint", "#retry", "#print-unprinted"):
                region = app.screen.query_one(button).region
                assert region.area and screen.contains_region(region), (button, region)
            figures = app.screen.query_one("#figures")
            assert figures.max_scroll_y > 0 or figures.region.height >= figures.virtual_size.height

    asyncio.run(look())


def test_on_a_80x24_console_the_area_with_a_service_left_open_and_a_closing_with_abandoned_card_payments_show_everything(tmp_path):  # noqa: E501
    """The area's warning of an evening left open takes two lines: every button and the footer's
    last key still show. A closing listing abandoned card payments: the explanation's field is
    in sight without scrolling."""
    import asyncio
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from textual.geometry import Region

    from kiosk.ledger.entries import AbandonedCardPayment

    async def look(app, key: str, wanted: tuple[str, ...]):
        async with app.run_test(size=(80, 24)) as pilot:
            await open_area(pilot, PIN)
            if key:
                await pilot.press(key)
            await settle(pilot)
            screen = Region(0, 0, 80, 23)  # above the footer
            for selector in wanted:
                widgets = list(app.screen.query(selector))
                assert widgets, selector
                for widget in widgets:
                    region = widget.region
                    assert region.area and screen.contains_region(region), (widget, region)
                    # Drawn there, not scrolled out of its container's sight.
                    seen, _ = app.screen.get_widget_at(*region.center)
                    assert widget in (seen, *seen.ancestors), (widget, seen)

    save_pin_hash(tmp_path, PIN_HASH)
    left_open = make_app(tmp_path, clock=FixedClock())
    left_open.ledger.append(Visit("eat", 1300, "cash"),
                            datetime(2026, 11, 19, 19, 0, tzinfo=ZoneInfo("Europe/Paris")))
    asyncio.run(look(left_open, "", ("#volunteer-menu Button", "#volunteers")))
    abandoned = a_busy_service(tmp_path / "closing")
    for seconds in (200, 400, 500):
        abandoned.ledger.append(AbandonedCardPayment(1300, seconds))
    asyncio.run(look(abandoned, "z", ("#explanation", "#close", "#back")))
