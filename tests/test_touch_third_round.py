"""The second outside touch test's findings on the volunteers' side (G11, G10, G4, G6): the PIN
pad's erase key, the lists a finger picks a line from, a voided line's reason, the figure above
a reason being written. The real app driven by Pilot at the console's 80x24, the Pi's 800x480
(100x30) and a portrait tablet; the ledger and the PIN's misses on disk."""

import pytest
from test_small_screens import cut_widgets
from test_volunteers import PIN, clock, kiosk, pin_dir  # noqa: F401 (fixtures)
from textual.widgets import Button, Input, Select, Static
from volunteers_support import drive, in_a_browser, open_in_area, settle, tap_keys

from kiosk.ledger.entries import CashMovement, Visit
from kiosk.settings.pin_guard import read_misses
from screens.volunteers.area import VolunteerArea
from screens.volunteers.corrections import CorrectionsScreen
from screens.volunteers.pick_list import PickList, row_height
from screens.volunteers.pin import PinPrompt
from screens.volunteers.reasons import ReasonDialog

CONSOLE, PI, TALL = (80, 24), (100, 30), (80, 50)  # TALL: a portrait tablet
PI_PAGE = (88, 26)  # what the served page gives the Pi's 800x480 touch display


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


def a_day(app, clock) -> list:
    """Three visits (listed newest first: 13, 99, 5 €) and a float with a movement in."""
    visits = []
    for amount in (500, 9900, 1300):
        clock.advance(3)
        visits.append(app.ledger.append(Visit("eat", amount, "cash")))
    app.ledger.append(CashMovement("float", 5000))
    app.ledger.append(CashMovement("in", 2000, "monnaie de la banque"))
    return visits


def written(app, kind: str) -> list:
    return [e for e in app.ledger.day_entries(app.ledger.clock().date()) if e.kind == kind]


async def tap_line(pilot, selector: str, index: int) -> None:
    """A finger on the `index`th line of a list (under its header), in the middle of the row."""
    height = row_height(pilot.app)
    await pilot.click(selector, offset=(3, 1 + index * height + height // 2))
    await pilot.pause()


@pytest.mark.parametrize("size", [PI_PAGE, PI, TALL])
def test_no_line_is_chosen_until_tapped_and_the_buttons_say_so(pin_dir, clock, size,
                                                               monkeypatch):
    """G10: the lists opened with their first line chosen, so "Annuler la ligne" acted on a
    line nobody picked. Now a tap (a double tap) on the button with none chosen asks to tap a
    line first and writes nothing; a tap on a line chooses that one; rows are a finger's."""
    in_a_browser(monkeypatch)

    @drive
    async def scenario():
        app = kiosk(pin_dir, clock)
        visits = a_day(app, clock)
        async with app.run_test(size=size) as pilot:
            await open_in_area(pilot, PIN, "c")
            table = app.screen.query_one("#visits", PickList)
            assert table.picked is None and row_height(app) == (3 if size == TALL else 2)
            assert all(row.height == row_height(app) for row in table.rows.values())
            assert cut_widgets(app) == []  # two-line rows, and every button still whole
            for _ in range(2):
                await pilot.click("#void")
                await settle(pilot)
            assert isinstance(app.screen, CorrectionsScreen) and written(app, "void") == []
            assert "Touchez d'abord la ligne" in shown(app, "#status")
            await tap_line(pilot, "#visits", 1)  # the 99 € visit
            assert table.picked == str(visits[1].seq)
            assert "99,00 €" in shown(app, "#status")
            await pilot.click("#void")
            await settle(pilot)
            assert isinstance(app.screen, ReasonDialog)
            assert "99,00 €" in app.screen.what.replace("\xa0", " ")
            await pilot.press("f3")
            await settle(pilot)
            await pilot.press("f3")  # back to the area; the cash movements
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            table = app.screen.query_one("#movements", PickList)
            assert table.picked is None
            await pilot.click("#cancel-movement")
            await settle(pilot)
            assert not isinstance(app.screen, ReasonDialog) and written(app, "cash_cancel") == []
            assert "Touchez d'abord le mouvement" in shown(app, "#status")
            await tap_line(pilot, "#movements", 1)
            await pilot.click("#cancel-movement")
            await settle(pilot)
            assert isinstance(app.screen, ReasonDialog)
            assert "20,00 €" in app.screen.what.replace("\xa0", " ")

    scenario()


def test_a_tablet_turned_keeps_the_line_chosen(pin_dir, clock, monkeypatch):
    """A line chosen, then the tablet turned (the rows grow or shrink, the list is drawn
    anew): the same line is still the one the buttons act on, and none when none was."""
    in_a_browser(monkeypatch)

    @drive
    async def scenario():
        app = kiosk(pin_dir, clock)
        visits = a_day(app, clock)
        async with app.run_test(size=PI) as pilot:
            await open_in_area(pilot, PIN, "m")
            assert app.screen.query_one("#movements", PickList).picked is None
            await pilot.resize_terminal(*TALL)
            await settle(pilot)
            assert app.screen.query_one("#movements", PickList).picked is None
            await pilot.press("f3")
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            await tap_line(pilot, "#visits", 1)  # the 99 € visit
            for size in (PI, TALL):
                await pilot.resize_terminal(*size)
                await settle(pilot)
                table = app.screen.query_one("#visits", PickList)
                assert table.picked == str(visits[1].seq), size
                assert all(row.height == row_height(app) for row in table.rows.values())

    scenario()


def test_at_the_console_the_arrows_and_enter_still_choose(pin_dir, clock):
    """The keyboard's way: the first arrow shows the cursor on the first line (chosen), the next
    ones move it; rows stay one line high on a terminal."""

    @drive
    async def scenario():
        app = kiosk(pin_dir, clock)
        visits = a_day(app, clock)
        async with app.run_test(size=CONSOLE) as pilot:
            await open_in_area(pilot, PIN, "c")
            table = app.screen.query_one("#visits", PickList)
            assert table.picked is None and row_height(app) == 1
            await pilot.press("enter")  # Enter chooses the line the cursor is on, moves not
            assert table.picked == str(visits[2].seq)
            await pilot.press("down", "down", "up")
            assert table.picked == str(visits[1].seq)
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, ReasonDialog)
            assert "99,00 €" in app.screen.what.replace("\xa0", " ")

    scenario()


@pytest.mark.parametrize("size", [CONSOLE, PI])
def test_a_voided_line_s_reason_needs_no_sideways_scrolling(pin_dir, clock, size,
                                                            monkeypatch):
    """G4: a long reason pushed the list wider than the screen (the rest behind a horizontal
    scrollbar a finger cannot use). The line shows what fits; chosen, the whole reason is
    said under the list."""
    in_a_browser(monkeypatch)
    reason = "Saisi deux fois par erreur, la cliente avait déjà payé en carte tout à l'heure"

    @drive
    async def scenario():
        app = kiosk(pin_dir, clock)
        visits = a_day(app, clock)
        app.ledger.void(visits[1].seq, reason)
        async with app.run_test(size=size) as pilot:
            await open_in_area(pilot, PIN, "c")
            await settle(pilot)
            table = app.screen.query_one("#visits", PickList)
            assert table.max_scroll_x == 0, (table.virtual_size, table.size)
            assert table.get_row(str(visits[1].seq))[5].startswith("annulé : Saisi")
            await tap_line(pilot, "#visits", 1)
            assert reason in shown(app, "#status")
            await pilot.click("#void")
            await settle(pilot)
            assert "déjà annulée" in shown(app, "#status") and len(written(app, "void")) == 1

    scenario()


@pytest.mark.parametrize("size", [PI, TALL])
def test_the_reason_pads_show_what_they_explain_and_write_capitals(pin_dir, clock, size,
                                                                   monkeypatch):
    """G6: the reason pads covered the difference / the amount they explain; the AZERTY keys
    had no capitals. The figure stands above the field; ⇧ makes the next letter a capital,
    one letter only, and the reason is stored as written."""
    in_a_browser(monkeypatch)

    @drive
    async def scenario():
        app = kiosk(pin_dir, clock)
        app.ledger.append(Visit("eat", 1300, "cash"))
        async with app.run_test(size=size) as pilot:
            await open_in_area(pilot, PIN, "m")
            app.screen.query_one("#kind", Select).value = "out"
            app.screen.query_one("#amount", Input).value = "8,5"
            await pilot.click("#reason")
            await settle(pilot)
            assert shown(app, "#figure") == "Sortie : 8,50 €"
            await pilot.press("f3")
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            await pilot.press("z")
            await settle(pilot)
            app.screen.query_one("#d1000", Input).value = "1"  # 10 € counted, 13 € expected
            await pilot.click("#explanation")
            await settle(pilot)
            assert shown(app, "#figure") == "Écart : espèces -3,00 €, carte 0,00 €"
            assert app.screen.query_one("#figure").region.y < app.screen.query_one(
                "#reason").region.y  # above the field, in sight
            await tap_keys(pilot, "Pièce Perdue")
            assert app.screen.query_one("#reason", Input).value == "Pièce Perdue"
            await tap_keys(pilot, "↵")
            await settle(pilot)
            assert app.screen.query_one("#explanation", Input).value == "Pièce Perdue"

    scenario()
