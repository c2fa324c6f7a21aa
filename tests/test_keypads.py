"""The two keypads, the guest's amount and the volunteers' PIN: one layout (a phone's, 1-2-3 on
top), and every tap of a digit typed, however quick the second one ("11" is two digits, not one;
a Button drops a press that comes within a fifth of a second of the one before).

Taps are posted the way the driver posts them, 50 ms apart, on the real app with the real guard."""

from guest_support import guest_app, guest_config, on_screen, pilot_test, recorded
from test_input_guard import from_driver, rest
from textual.widgets import Static

from kiosk.ledger.entries import Visit
from screens.guest.keypad import AmountPad
from screens.volunteers.pin import PinPrompt

QUICK = 0.05  # seconds between two taps of one finger on the same key


def spot(app, selector: str) -> tuple[int, int]:
    region = app.screen.query_one(selector).region
    return region.x + 2, region.y + 1


async def tap_twice(pilot, selector: str) -> None:
    where = spot(pilot.app, selector)
    await from_driver(pilot.app, [(0, where), (QUICK, where)])
    await rest(pilot)


@pilot_test
async def test_a_digit_tapped_twice_quickly_types_twice_on_the_amount_pad(tmp_path):
    app = guest_app(tmp_path, guest_config(guard_ms=350))
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("enter", "1", "6"):  # a guest, eating, another amount
            await rest(pilot)
            await pilot.press(key)
        await rest(pilot)
        assert isinstance(app.screen, AmountPad)
        await tap_twice(pilot, "#digit-1")
        assert app.screen.typed == "11"
        await tap_twice(pilot, "#erase")  # a slip mended as quickly
        assert app.screen.typed == ""
        await tap_twice(pilot, "#digit-2")
        await pilot.press("enter")
        await rest(pilot)
        assert on_screen(app) == "PaymentScreen"
        await pilot.press("1")
        await rest(pilot)
    assert recorded(app) == [Visit("eat", 2200, "cash", 1)]


@pilot_test
async def test_a_digit_tapped_twice_quickly_types_twice_on_the_pin_pad(tmp_path):
    from test_volunteers import PIN_HASH

    from kiosk.settings.pin_store import save_pin_hash

    save_pin_hash(tmp_path, PIN_HASH)
    app = guest_app(tmp_path, guest_config(guard_ms=350))
    async with app.run_test(size=(80, 24)) as pilot:
        await rest(pilot)
        await pilot.click("#volunteers")
        await rest(pilot)
        assert isinstance(app.screen, PinPrompt)
        await tap_twice(pilot, "#pin-1")
        assert app.screen.typed == "11"
        assert str(app.screen.query_one("#pin-dots", Static).render()).count("●") == 2
        await tap_twice(pilot, "#pin-erase")
        assert app.screen.typed == ""


@pilot_test
async def test_both_keypads_have_the_phone_layout(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "6")
        await pilot.pause()
        amount = keypad_rows(app, "digit-")
        await pilot.press("delete", "backspace", "backspace", "f2")
        await pilot.pause()
        assert isinstance(app.screen, PinPrompt)
        assert keypad_rows(app, "pin-") == amount == ["123", "456", "789", "0"]


def keypad_rows(app, prefix: str) -> list[str]:
    """The digits of the pad on show, row by row from the top, left to right."""
    rows: dict[int, list[tuple[int, str]]] = {}
    for digit in "0123456789":
        region = app.screen.query_one(f"#{prefix}{digit}").region
        rows.setdefault(region.y, []).append((region.x, digit))
    return ["".join(digit for _, digit in sorted(row)) for _, row in sorted(rows.items())]
