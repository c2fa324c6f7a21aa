"""Reasons by touch (issue 13): the most common reasons as big buttons, one tap each, and a
letter keyboard for any other, wherever a volunteer writes a reason (a void, a membership's
void, a cash movement and its cancellation, a closing's difference). The real app, the ledger on
disk; "in a browser" is the app told so by its driver, as `kiosk serve` tells it."""

from test_membership_volunteers import taking_memberships
from test_volunteers import PIN, clock, kiosk, pin_dir  # noqa: F401 (fixtures)
from textual.widgets import Button, Input, Select, Static
from volunteers_support import drive, in_a_browser, open_area, settle, tap_keys, type_text

from kiosk.ledger.entries import CashMovement, Visit, Void
from screens.volunteers.reasons import ReasonDialog, ReasonPad
from screens.volunteers.touch_keys import TouchLetters

PI_DISPLAY = (80, 24)  # what the page gives the volunteers' screens on an 800x480 display


def of_kind(app, kind: str) -> list:
    return [e.value for e in app.ledger.entries() if e.kind == kind]


def field(app, selector: str = "#reason") -> str:
    return app.screen.query_one(selector, Input).value


def problem(app) -> str:
    return str(app.screen.query_one("#problem", Static).render())


def ready_reasons(app) -> list[str]:
    return [str(button.label) for button in app.screen.query(".ready").results(Button)]


async def void_dialog(pilot) -> None:
    await open_area(pilot, PIN)
    await pilot.press("c")
    await settle(pilot)
    await pilot.press("down", "v")
    await settle(pilot)


def first_letter_row(app) -> list[str]:
    """The labels of the on-screen letter keyboard's first row."""
    row = app.screen.query("#touch-letters .touch-row").first()
    return [str(key.label) for key in row.children]


@drive
async def test_a_ready_made_reason_fills_the_field_in_one_tap_and_voids_with_it(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    visit = app.ledger.append(Visit("eat", 9900, "cash"))
    async with app.run_test(size=PI_DISPLAY) as pilot:
        await void_dialog(pilot)
        assert isinstance(app.screen, ReasonDialog)
        assert ready_reasons(app) == ["Erreur de saisie", "Saisi deux fois", "Changement d'avis"]
        await pilot.click(".ready")
        await pilot.pause()
        assert field(app) == "Erreur de saisie" and of_kind(app, "void") == []  # not yet
        await type_text(pilot, " (99 pour 9)")  # a keyboard adds to it, as to any field
        await pilot.click("#ok")
        await settle(pilot)
        assert not isinstance(app.screen, ReasonDialog)
    assert of_kind(app, "void") == [Void(visit.seq, "Erreur de saisie (99 pour 9)")]


@drive
async def test_an_empty_reason_is_still_refused_with_the_same_sentence(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    app.ledger.append(Visit("eat", 9900, "cash"))
    async with app.run_test(size=PI_DISPLAY) as pilot:
        await void_dialog(pilot)
        await pilot.click("#ok")
        await pilot.pause()
        assert problem(app) == "Une annulation a besoin d'un motif."
        await type_text(pilot, "   ")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        assert problem(app) == "Une annulation a besoin d'un motif."
    assert of_kind(app, "void") == []


@drive
async def test_a_membership_is_voided_with_a_membership_s_reasons(pin_dir, clock):
    from kiosk.books.memberships import record_membership

    app = kiosk(taking_memberships(pin_dir), clock)
    record_membership(app.ledger, 1000, "cash")
    async with app.run_test(size=PI_DISPLAY) as pilot:
        app.set_language("en")
        await void_dialog(pilot)
        assert ready_reasons(app) == ["Typing mistake", "Entered twice", "Already a member"]
        await pilot.click("#ready Button:last-of-type")
        await pilot.click("#ok")
        await settle(pilot)
    assert [void.reason for void in of_kind(app, "void")] == ["Already a member"]


@drive
async def test_in_a_browser_a_cash_out_s_reason_is_tapped_on_the_letter_keyboard(
        pin_dir, clock, monkeypatch):
    in_a_browser(monkeypatch)
    app = kiosk(pin_dir, clock)
    app.ledger.append(CashMovement("float", 5000))  # enough in the box to take 12,40 € out
    async with app.run_test(size=PI_DISPLAY) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("m")
        await settle(pilot)
        app.screen.query_one("#kind", Select).value = "out"
        app.screen.query_one("#amount", Input).value = "12,40"
        await pilot.pause()
        await pilot.click("#reason")  # a finger on the field: the pad, not the tablet's keyboard
        await settle(pilot)
        assert isinstance(app.screen, ReasonPad)
        assert ready_reasons(app) == ["Courses", "Petit matériel", "Frais d'un bénévole"]
        row = first_letter_row(app)
        assert row[:6] == list("azerty")  # AZERTY, as the volunteer's language writes
        await tap_keys(pilot, "pâte à crêpe 2")
        assert field(app) == "pâte à crêpe 2"
        await tap_keys(pilot, "⌫3↵")  # a slip of the finger mended; ↵: the pad answers
        await settle(pilot)
        assert type(app.screen).__name__ == "CashScreen" and field(app) == "pâte à crêpe 3"
        await pilot.click("#record")
        await settle(pilot)
    assert of_kind(app, "cash")[1:] == [CashMovement("out", 1240, "pâte à crêpe 3")]


@drive
async def test_in_a_browser_a_reason_pad_cancelled_leaves_the_field_as_it_was(
        pin_dir, clock, monkeypatch):
    in_a_browser(monkeypatch)
    app = kiosk(pin_dir, clock)
    async with app.run_test(size=PI_DISPLAY) as pilot:
        app.set_language("en")
        await open_area(pilot, PIN)
        await pilot.press("m")
        await settle(pilot)
        app.screen.query_one("#kind", Select).value = "in"
        app.screen.query_one("#reason", Input).value = "change"
        await pilot.click("#reason")
        await settle(pilot)
        assert field(app) == "change"  # the pad starts from what the field holds
        assert ready_reasons(app) == ["Change top-up", "Gift, not a meal", "Advance paid back"]
        row = first_letter_row(app)
        assert row[:6] == list("qwerty")
        await pilot.click(".ready")
        await pilot.click("#cancel")
        await settle(pilot)
        assert type(app.screen).__name__ == "CashScreen" and field(app) == "change"
    assert of_kind(app, "cash") == []


@drive
async def test_in_a_terminal_a_reason_is_typed_in_its_field_as_before(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    app.ledger.append(CashMovement("float", 5000))
    async with app.run_test(size=PI_DISPLAY) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("m")
        await settle(pilot)
        app.screen.query_one("#kind", Select).value = "out"
        await pilot.click("#amount")
        await type_text(pilot, "5")
        await pilot.click("#reason")  # a mouse on the console: no pad, a keyboard is there
        await pilot.pause()
        assert type(app.screen).__name__ == "CashScreen"
        assert not app.screen.query(TouchLetters) and not app.screen.query(".ready")
        await type_text(pilot, "pain")
        await pilot.press("enter")
        await settle(pilot)
    assert of_kind(app, "cash")[1:] == [CashMovement("out", 500, "pain")]


@drive
async def test_in_a_browser_a_closing_s_difference_is_explained_by_taps(
        pin_dir, clock, monkeypatch):
    in_a_browser(monkeypatch)
    app = kiosk(pin_dir, clock)
    app.ledger.append(Visit("eat", 1300, "cash"))
    async with app.run_test(size=PI_DISPLAY) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("z")
        await settle(pilot)
        app.screen.query_one("#d1000", Input).value = "1"  # 10 € counted, 13 € expected
        await pilot.click("#close")
        await settle(pilot)
        assert "écrivez d'abord pourquoi" in str(app.screen.query_one("#status").render())
        await pilot.click("#explanation")
        await settle(pilot)
        assert ready_reasons(app) == ["Monnaie mal rendue", "Pièce perdue", "Passage non saisi"]
        await pilot.click("#ready Button:first-of-type")
        await pilot.click("#ok")
        await settle(pilot)
        assert field(app, "#explanation") == "Monnaie mal rendue"
        await pilot.click("#close")
        await settle(pilot)
        await pilot.click("#ok")  # yes, close with this difference
        await settle(pilot)
    (closing,) = of_kind(app, "closing")
    assert closing.explanation == "Monnaie mal rendue"


@drive
async def test_every_ready_made_reason_reads_whole_on_its_button_in_both_languages(pin_dir, clock):
    from test_small_screens import cut_widgets

    from kiosk.settings.i18n import catalogues

    groups = sorted({key.rsplit(".", 1)[0] for key in catalogues()["fr"].texts
                     if key.startswith("reasons.")})
    assert len(groups) >= 6  # void, membership's void, a movement's cancel, in, out, difference
    app = kiosk(pin_dir, clock)
    async with app.run_test(size=PI_DISPLAY) as pilot:  # the narrowest: a console's 80 columns
        for language in ("fr", "en"):
            app.set_language(language)
            for group in groups:
                await app.push_screen(ReasonPad("?", reasons=group))
                await pilot.pause()
                assert len(ready_reasons(app)) == 3, group
                assert cut_widgets(app) == [], (language, group)
                # on one line each: the pad and its keyboard fit a 800x480 display
                lines = {button.content_region.height for button in app.screen.query(".ready")}
                assert lines == {1}, (language, group)
                app.pop_screen()
