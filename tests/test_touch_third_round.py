"""The second outside touch test's findings on the volunteers' side (G11, G10, G4, G6): the PIN
pad's erase key, the lists a finger picks a line from, a voided line's reason, the figure above
a reason being written. The real app driven by Pilot at the console's 80x24, the Pi's 800x480
(100x30) and a portrait tablet; the ledger and the PIN's misses on disk."""

import pytest
from test_volunteers import PIN, clock, kiosk, pin_dir  # noqa: F401 (fixtures)
from textual.widgets import Button, Static
from volunteers_support import drive, in_a_browser, settle

from kiosk.settings.pin_guard import read_misses
from screens.volunteers.area import VolunteerArea
from screens.volunteers.pin import PinPrompt

CONSOLE, PI, TALL = (80, 24), (100, 30), (80, 50)  # TALL: a portrait tablet


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render()).replace("\xa0", " ")


def dots(app) -> int:
    return shown(app, "#pin-dots").count("●")


async def tap(pilot, selector: str) -> None:
    await pilot.click(selector)
    await pilot.pause()


async def tap_pin(pilot, digits: str) -> None:
    for digit in digits:
        await tap(pilot, f"#pin-{digit}")


@pytest.mark.parametrize("size", [CONSOLE, PI, TALL])
def test_a_pin_mistyped_then_typed_again_after_one_erase_is_one_miss(pin_dir, clock, size,
                                                                        monkeypatch):
    """G11: a volunteer who takes the erase key for a phone's "clear" taps it once and types
    the whole PIN again: that wrong PIN is one miss toward the lock-out, never two; the key
    says what it does (⌫ Corriger, no "Effacer"), and each tap takes back one digit."""
    in_a_browser(monkeypatch)

    @drive
    async def scenario():
        app = kiosk(pin_dir, clock)
        async with app.run_test(size=size) as pilot:
            await tap(pilot, "#volunteers")
            assert isinstance(app.screen, PinPrompt)
            erase = app.screen.query_one("#pin-erase", Button)
            assert str(erase.label) == "⌫ Corriger"
            await tap_pin(pilot, "24691")  # a slip of the finger on the last two digits
            await tap(pilot, "#pin-erase")
            assert dots(app) == 4  # one digit taken back, not the whole PIN
            await tap_pin(pilot, PIN)  # typed again in full after the four left: 8 digits
            await tap(pilot, "#pin-ok")
            await settle(pilot)
            assert isinstance(app.screen, PinPrompt)
            assert "pas le bon code" in shown(app, "#pin-message")
            assert read_misses(pin_dir).misses == 1
            await tap_pin(pilot, "2461")
            for _ in range(2):  # ⌫ twice: two digits back, as a phone's ⌫
                await tap(pilot, "#pin-erase")
            assert dots(app) == 2
            await tap_pin(pilot, "68")
            await tap(pilot, "#pin-ok")
            await settle(pilot)
            assert isinstance(app.screen, VolunteerArea)
        assert read_misses(pin_dir).misses == 0  # the right PIN forgets the miss

    scenario()


def test_at_the_console_the_erase_key_shows_its_key_once(pin_dir, clock):
    """At the console the chip is the key itself: "⌫ Corriger", not "⌫ ⌫ Corriger"."""

    @drive
    async def scenario():
        app = kiosk(pin_dir, clock)
        async with app.run_test(size=CONSOLE) as pilot:
            await pilot.press("f2")
            await settle(pilot)
            label = str(app.screen.query_one("#pin-erase", Button).label)
            assert label.count("⌫") == 1 and "Corriger" in label
            await pilot.press("1", "2", "backspace")
            await pilot.pause()
            assert dots(app) == 1

    scenario()
