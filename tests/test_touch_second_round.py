"""The second outside touch test's small findings (G1, G2, G3, G5): a count corrected by a
finger, the void dialog's buttons, a visit voided twice, the closing's confirmation with a
difference. The real app, driven by Pilot; the ledger on disk."""

from test_volunteers import PIN, SIZE, a_service, clock, fill_count, kiosk, pin_dir  # noqa: F401
from textual.widgets import Button, DataTable, Input, Static
from volunteers_support import drive, in_a_browser, open_in_area, settle, tap_keys, type_text

from screens.volunteers.closing import ClosingScreen
from screens.volunteers.corrections import CorrectionsScreen
from screens.volunteers.dialogs import ConfirmDialog
from screens.volunteers.reasons import ReasonDialog


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render()).replace("\xa0", " ")


def labels(app) -> set[str]:
    """The buttons' words, without the key hinted to a keyboard ("  (F3)")."""
    return {str(button.label).split("  (")[0] for button in app.screen.query(Button)
            if button.display}


def test_a_count_tapped_in_its_middle_is_erased_from_its_end(pin_dir, clock, monkeypatch):
    """G1: the finger lands between two digits of "2111"; four ⌫ must leave the field empty
    (the cursor left where the finger landed kept a "1": a note never counted)."""
    in_a_browser(monkeypatch)

    @drive
    async def scenario():
        app = kiosk(pin_dir, clock)
        async with app.run_test(size=SIZE) as pilot:
            await open_in_area(pilot, PIN, "z")
            for field in ("#d50000", "#card-declared"):
                await pilot.click(field)
                await tap_keys(pilot, "2111")
                assert app.screen.query_one(field, Input).value == "2111"
                await pilot.click(field, offset=(1, 0))  # between the "2" and the first "1"
                await pilot.pause()
                await tap_keys(pilot, "⌫⌫⌫⌫")
                assert app.screen.query_one(field, Input).value == "", field
                await tap_keys(pilot, "7")
                assert app.screen.query_one(field, Input).value == "7", field

    scenario()


def test_in_a_browser_the_closing_waits_for_a_field_to_be_chosen(pin_dir, clock, monkeypatch):
    """G1: the closing opened with 500 € focused, so digits tapped before choosing a field went
    into 500 €. For a finger no field is chosen until tapped; a digit before that types nothing
    and says what to do."""
    in_a_browser(monkeypatch)

    @drive
    async def scenario():
        app = kiosk(pin_dir, clock)
        async with app.run_test(size=SIZE) as pilot:
            await open_in_area(pilot, PIN, "z")
            assert isinstance(app.screen, ClosingScreen) and app.screen.focused is None
            assert "Touchez la case" in shown(app, "#status")
            await tap_keys(pilot, "35↵")
            assert all(field.value == "" for field in app.screen.query(Input))
            assert "Touchez la case" in shown(app, "#status")
            await pilot.click("#d2000")
            await tap_keys(pilot, "3↵4")  # ↵: on to the next count, as before
            assert app.screen.query_one("#d2000", Input).value == "3"
            assert app.screen.query_one("#d1000", Input).value == "4"
            assert app.screen.query_one("#d50000", Input).value == ""

    scenario()


@drive
async def test_at_a_keyboard_the_closing_still_types_into_the_first_count(pin_dir, clock):
    """G1: the keyboard's way is kept: digits typed at once go to the first count."""
    app = kiosk(pin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "z")
        await type_text(pilot, "2")
        first = app.screen.query(Input).first()
        assert first.value == "2" and first is app.screen.focused
        assert "Touchez" not in shown(app, "#status")


@drive
async def test_the_void_dialog_closes_with_back_not_a_word_like_its_action(pin_dir, clock):
    """G3: "L'annuler" beside "Annuler": the dialog's way out says "Retour"."""
    app = kiosk(pin_dir, clock)
    a_service(app, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "c")
        await pilot.press("down", "v")
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        assert labels(app) >= {"L'annuler", "Retour"} and "Annuler" not in labels(app)
        await pilot.click("#cancel")
        await settle(pilot)
        assert isinstance(app.screen, CorrectionsScreen)
        assert not [e for e in app.ledger.day_entries(clock().date()) if e.kind == "void"]


@drive
async def test_a_visit_already_voided_is_refused_at_once_without_asking_why(pin_dir, clock):
    """G2: voiding a voided visit asked for a reason first, then refused naming "passage 1"."""
    app = kiosk(pin_dir, clock)
    a_service(app, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "c")
        await pilot.press("down", "v")
        await settle(pilot)
        await type_text(pilot, "typed twice")
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one("#visits", DataTable)
        table.pick(table.coordinate_to_cell_key((0, 0)).row_key.value)  # the line just voided
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, CorrectionsScreen), type(app.screen).__name__
        said = shown(app, "#status")
        assert "déjà annulée" in said and "5,00 €" in said and "passage 1" not in said
        voids = [e for e in app.ledger.day_entries(clock().date()) if e.kind == "void"]
        assert len(voids) == 1


@drive
async def test_a_closing_with_a_difference_asks_like_one_without(pin_dir, clock):
    """G5: the confirmation with a difference names the service and the Z and offers "Non, pas
    encore", as the matching one does, and states the difference and its explanation."""
    app = kiosk(pin_dir, clock)
    a_service(app, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "z")
        await fill_count(pilot, {2000: "1", 1000: "1"}, "5")  # 3 € short
        await pilot.click("#explanation")
        await type_text(pilot, "change given twice")
        await pilot.click("#close")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one(".question", Static).render()).replace("\xa0", " ")
        day = clock().date().isoformat()
        assert f"Clôturer le service 1 du {day} ?" in question
        assert "-3,00 €" in question and "change given twice" in question
        assert "ticket Z sera enregistré" in question
        assert labels(app) == {"Oui, clôturer", "Non, pas encore"}
        assert app.screen.focused is app.screen.query_one("#cancel")  # the safe one
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClosingScreen)
        assert not [e for e in app.ledger.day_entries(day) if e.kind == "closing"]
