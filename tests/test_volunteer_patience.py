"""The volunteers' screens keep what was typed (issue 12, item 2): they wait longer than a
guest's, never go back to welcome while a form holds something not saved, and keep the cash count
as a draft the next volunteer finds again. Minutes pass in an instant: the app's idle checks read
a clock the test moves (`Minutes`)."""

from guest_support import Minutes, stays, wait_for
from test_volunteers import PIN, SIZE, clock, kiosk, pin_dir  # noqa: F401 (fixtures)
from textual.widgets import Input
from volunteers_support import close_confirmed, drive, open_area, open_in_area, settle, type_text

from kiosk.books.count_draft import draft_path
from kiosk.ledger.entries import Visit


def patient_kiosk(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    app.monotonic = Minutes()
    return app


async def type_into(pilot, selector: str, text: str) -> None:
    await pilot.click(selector)
    await type_text(pilot, text)


def value(app, selector: str) -> str:
    return app.screen.query_one(selector, Input).value


@drive
async def test_a_cash_count_left_ten_minutes_is_still_there(pin_dir, clock):
    app = patient_kiosk(pin_dir, clock)
    app.ledger.append(Visit("eat", 1300, "cash"))
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "z")
        await type_into(pilot, "#d1000", "1")
        await type_into(pilot, "#d200", "1")
        await type_into(pilot, "#card-declared", "0")
        app.monotonic.skip(9 * 60)  # counting coins, far past a guest's idle time
        await stays(pilot, "ClosingScreen")
        assert value(app, "#d1000") == "1" and value(app, "#d200") == "1"
        app.monotonic.skip(61)  # ten minutes without a key: the area closes, the count is kept
        await wait_for(pilot, "WelcomeScreen")
        assert draft_path(pin_dir).exists()
        await open_area(pilot, PIN)  # the next volunteer
        await pilot.press("z")
        await settle(pilot)
        assert (value(app, "#d1000"), value(app, "#d200"), value(app, "#card-declared")) == (
            "1", "1", "0")
        assert "Comptage repris" in str(app.screen.query_one("#status").render())
        await type_into(pilot, "#d100", "1")  # 13,00 € counted: no difference
        await close_confirmed(pilot)
        assert app.screen.__class__.__name__ == "ReportDialog"
    assert not draft_path(pin_dir).exists()  # closed: the draft is forgotten
    [closing] = [e.value for e in app.ledger.day_entries(clock().date()) if e.kind == "closing"]
    assert closing.counted_cash == 1300


@drive
async def test_a_count_kept_for_a_service_since_closed_is_not_taken_up(pin_dir, clock):
    app = patient_kiosk(pin_dir, clock)
    app.ledger.append(Visit("eat", 500, "cash"))
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "z")
        await type_into(pilot, "#d500", "1")
        await pilot.press("f3")  # back to the menu: the count is kept
        await settle(pilot)
        assert draft_path(pin_dir).exists()
    from kiosk.books.closing import close_service

    close_service(app.ledger, {"500": 1}, 0)  # closed from elsewhere (another tablet)
    app.ledger.append(Visit("eat", 700, "cash"))  # the next service
    app = patient_kiosk(pin_dir, clock)  # the kiosk started again
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "z")
        assert value(app, "#d500") == ""


@drive
async def test_a_cash_movement_half_typed_is_never_reset(pin_dir, clock):
    app = patient_kiosk(pin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "m")
        await type_into(pilot, "#amount", "20")
        app.monotonic.skip(30 * 60)
        await stays(pilot, "CashScreen")
        assert value(app, "#amount") == "20"
        app.screen.query_one("#amount", Input).value = ""  # emptied: nothing left to lose
        app.monotonic.skip(1)
        await wait_for(pilot, "WelcomeScreen")


@drive
async def test_a_void_reason_half_typed_is_never_reset(pin_dir, clock):
    app = patient_kiosk(pin_dir, clock)
    app.ledger.append(Visit("eat", 1300, "cash"))
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("c", "down", "v")  # the first arrow chooses the newest line
        await settle(pilot)
        await type_text(pilot, "50 instead")
        app.monotonic.skip(20 * 60)
        await stays(pilot, "ReasonDialog")


@drive
async def test_the_area_waits_the_volunteers_time_not_a_guests(pin_dir, clock):
    app = patient_kiosk(pin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        app.monotonic.skip(5 * 60)
        await stays(pilot, "VolunteerArea")
        app.monotonic.skip(5 * 60 + 1)
        await wait_for(pilot, "WelcomeScreen")
        assert len(app.screen_stack) == 1


@drive
async def test_dates_typed_on_the_manager_screen_are_kept(pin_dir, clock):
    app = patient_kiosk(pin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "e")
        field = app.screen.query_one("#first", Input)
        field.value = "2026-01-0"  # a date being typed
        app.monotonic.skip(20 * 60)
        await stays(pilot, "ManagerScreen")
        assert field.value == "2026-01-0"
