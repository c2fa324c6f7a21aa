"""The volunteers' area, reached with the PIN: the menu of what volunteers do during a service.

From here: the running tally, corrections, cash movements, closing the service, the manager's
figures and exports, back to the
guests, and quitting the kiosk (the only way out; it asks the PIN again, so a volunteer who walks
away from an open area leaves no way out to the next guest). Idle in the area, the app returns to
the guests' welcome screen, as it does for guests.
"""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from kiosk.books.service import current_service, left_open, service_tally
from kiosk.errors import KioskError
from screens.volunteers.base import (
    HintedButton,
    SpeaksBindings,
    leave_area,
    problem_words,
    thresholds_of,
)

PARTS = ("tally", "corrections", "cash", "closing", "manager")


class VolunteerArea(SpeaksBindings, Screen, inherit_bindings=False):
    """The volunteers' menu; pushed with no arguments once the PIN was right."""

    CSS_PATH = "area.tcss"
    # No focus box on the first button as the area opens: a finger has no use for it, and the
    # keyboard has the letters (Tab still moves the focus).
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("t", "open('tally')", "Tally", id="volunteers.tally"),
        Binding("c", "open('corrections')", "Corrections", id="volunteers.corrections"),
        Binding("m", "open('cash')", "Cash", id="volunteers.cash"),
        Binding("z", "open('closing')", "Close the service", id="volunteers.closing"),
        Binding("e", "open('manager')", "Figures and exports", id="volunteers.manager"),
        Binding("g", "leave", "Back to guests", id="volunteers.leave"),
        Binding("q", "quit_kiosk", "Quit the kiosk", id="volunteers.quit"),
        Binding("tab", "app.focus_next", "Next", show=False, id="volunteers.next"),
        Binding("shift+tab", "app.focus_previous", "Previous", show=False,
                id="volunteers.previous"),
    ]

    def compose(self) -> ComposeResult:
        words = self.app.words
        with Vertical(id="volunteers"):
            yield Static(words("volunteers.title"), id="volunteers-title")
            yield Static(id="where")
            yield Static(id="summary")
            with Grid(id="volunteer-menu"):
                yield HintedButton(words("volunteers.tally"), "t", id="tally", variant="primary")
                yield HintedButton(words("volunteers.corrections"), "c", id="corrections")
                yield HintedButton(words("volunteers.cash"), "m", id="cash")
                yield HintedButton(words("volunteers.closing"), "z", id="closing",
                                   variant="warning")
                yield HintedButton(words("volunteers.manager"), "e", id="manager")
                yield HintedButton(words("volunteers.back"), "g", id="back-to-guests",
                                   variant="success")
                if not self.app.is_web:  # a browser's kiosk is not quit: its page starts anew
                    yield HintedButton(words("volunteers.quit"), "q", id="quit-kiosk",
                                       variant="error")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_summary()

    def on_screen_resume(self) -> None:
        self.refresh_summary()

    def refresh_summary(self) -> bool:
        """Say which service is open and how it is going, in two lines, and above all a service
        left open from an earlier day or a damaged day set aside; False (and why, in words) when
        the ledger cannot be read."""
        words = self.app.words
        try:
            service = current_service(self.app.ledger)
        except (KioskError, OSError) as error:  # the disk refused even a look: say so
            self.query_one("#where", Static).update(problem_words(self.app, error))
            self.query_one("#summary", Static).update("")
            return False
        figures = service_tally(service, thresholds_of(self.app))
        where = words("volunteers.where", name=self.app.config.cantine.name, day=service.day,
                      number=service.number)
        if left_open(service, self.app.ledger):
            where += "\n" + words("volunteers.left_open", day=service.day, number=service.number)
        damaged = len(self.app.ledger.damaged_files())
        if damaged:
            where += "\n" + words.count("volunteers.damaged", damaged)
        self.query_one("#where", Static).update(where)
        self.query_one("#summary", Static).update(
            words("volunteers.summary",
                  visits=self.app.words.count("volunteers.visits", figures.visits),
                  covers=self.app.words.count("volunteers.covers", figures.covers),
                  total=words.money(figures.total)) + "\n"
            + words("volunteers.expected", amount=words.money(figures.expected_cash)))
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back-to-guests":
            self.action_leave()
        elif event.button.id == "quit-kiosk":
            self.action_quit_kiosk()
        elif event.button.id in PARTS:
            self.action_open(event.button.id)

    def action_open(self, part: str) -> None:
        """Open one part of the area: tally, corrections, cash or closing."""
        from screens.volunteers.cash import CashScreen
        from screens.volunteers.closing import ClosingScreen
        from screens.volunteers.corrections import CorrectionsScreen
        from screens.volunteers.manager import ManagerScreen
        from screens.volunteers.tally import TallyScreen

        parts = {"tally": TallyScreen, "corrections": CorrectionsScreen, "cash": CashScreen,
                 "closing": ClosingScreen, "manager": ManagerScreen}
        # The service's parts read the open service as they open: not while it is unreadable
        # (the figures and exports read the days they can, and say which they cannot).
        if part == "manager" or self.refresh_summary():
            self.app.push_screen(parts[part]())

    def action_leave(self) -> None:
        """Back to the guests' welcome screen."""
        leave_area(self.app)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Served to a browser, quitting ends this tab's kiosk only for the page to start a new
        # one: a blank page for seconds, nothing quit. No key for it there, nor a footer entry.
        return not (action == "quit_kiosk" and self.app.is_web)

    def action_quit_kiosk(self) -> None:
        """Quit the kiosk, after the PIN once more."""
        from screens.volunteers.pin import PinPrompt

        def answered(accepted: bool | None) -> None:
            if accepted:
                self.app.exit()

        self.app.push_screen(PinPrompt(self.app.pin_guard), callback=answered)
