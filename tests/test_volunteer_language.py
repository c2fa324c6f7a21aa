"""The volunteers' area and the manager's helpers speak the app's language: French by default,
English when the guest before chose it; refusals, printer news and the Z report included."""

from types import SimpleNamespace

from test_volunteers import PIN, SIZE, clock, clock_day, kiosk, pin_dir  # noqa: F401 (fixtures)
from textual.widgets import DataTable, Static
from volunteers_support import drive, open_area, settle, type_text

from kiosk.ledger.entries import Visit
from kiosk.settings.i18n import words_for
from kiosk.settings.printer_words import printer_request, state_in_words
from screens.volunteers.area import VolunteerArea
from screens.volunteers.cash import CashScreen


def area_texts(app) -> str:
    """Every text of the volunteers' area as shown: its lines, its buttons and its footer."""
    from textual.widgets import Button

    screen = app.screen
    return "\n".join([*(str(w.render()) for w in screen.query(Static)),
                      *(str(b.label) for b in screen.query(Button)),
                      *(key.description for key in screen.query("FooterKey"))])


@drive
async def test_the_area_speaks_french_by_default(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    app.ledger.append(Visit("eat", 1300, "cash"))
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        assert isinstance(app.screen, VolunteerArea)
        shown = area_texts(app)
        for french in ("Point en cours", "Clôturer le service", "1 passage · 1 couvert",
                       "13,00\u00a0€", "(ouvert)", "Convives", "Quitter"):
            assert french in shown
        for english in ("Running tally", "visits", "expected cash", "Back to guests"):
            assert english not in shown


@drive
async def test_a_guest_choosing_english_leaves_the_area_in_english(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    app.ledger.append(Visit("eat", 1300, "cash"))
    app.ledger.append(Visit("both", 2000, "card", covers=2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#language-en")
        await pilot.pause()
        assert "Welcome" in str(app.screen.query_one("#hello", Static).render())
        await open_area(pilot, PIN)
        assert isinstance(app.screen, VolunteerArea)
        shown = area_texts(app)
        for english in ("Running tally", "Close the service", "2 visits · 3 covers", "€33.00",
                        "(open)", "expected cash", "Guests", "Quit"):
            assert english in shown
        assert "Point en cours" not in shown and "Espace" not in shown
        await pilot.press("t")
        await settle(pilot)
        figures = app.screen.query_one("#figures", DataTable)
        assert figures.get_row_at(0) == ["Visits", "2"]


@drive
async def test_a_refused_cash_movement_is_said_in_french_and_writes_nothing(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, CashScreen)
        await type_text(pilot, "0")
        await pilot.press("enter")
        await pilot.pause()
        said = str(app.screen.query_one("#status", Static).render())
        assert said == "Un mouvement de caisse est un montant au-dessus de 0."
        await type_text(pilot, "abc")
        await pilot.press("enter")
        await pilot.pause()
        assert "Ce n'est pas un montant" in str(app.screen.query_one("#status", Static).render())
        assert app.ledger.day_entries(clock_day(app)) == []


class FailingPrinter:
    """A print service whose paper ran out: its state and a reprint that only queues."""

    problem = {"error_code": "paper_out", "error_values": {}, "last_error": "paper out"}

    def state(self):
        return SimpleNamespace(status="failing", queued=2, **self.problem)

    def last_receipt(self):
        return SimpleNamespace(number="12", issued_at="21/11/2026 12:40")

    def reprint_last(self):
        return SimpleNamespace(status="queued", error="paper out", code="paper_out", values={})


def test_the_printers_news_speaks_each_language():
    english, french = words_for("en"), words_for("fr")
    assert state_in_words(FailingPrinter(), english) == (
        "Printer: failing — it is out of paper · 2 waiting in the queue")
    assert state_in_words(FailingPrinter(), french) == (
        "Imprimante : en panne — elle n'a plus de papier · 2 en attente dans la file")
    said = printer_request(FailingPrinter(), "reprint", french)
    assert said.startswith("Réimpression du reçu n° 12 (21/11/2026 12:40) : mis en file "
                           "d'attente (elle n'a plus de papier).")
    assert printer_request(None, "state", english) == "No printer is set up."
