"""The volunteers' area, reached with the PIN: the menu of what volunteers do during a service.

From here: the running tally, corrections, cash movements, closing the service, back to the
guests, and quitting the kiosk (the only way out). Idle for the kiosk's idle timeout, on any of
its screens, the area closes and the guests' welcome screen shows again.
"""

from time import monotonic

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from kiosk.service_report import current_service, service_tally
from screens.volunteer_base import AreaActivity, leave_area, money_of, thresholds_of


class VolunteerArea(AreaActivity, Screen):
    """The volunteers' menu; pushed with no arguments once the PIN was right."""

    CSS_PATH = "volunteers.tcss"
    BINDINGS = [
        Binding("t", "open('tally')", "Tally", id="volunteers.tally"),
        Binding("c", "open('corrections')", "Corrections", id="volunteers.corrections"),
        Binding("m", "open('cash')", "Cash", id="volunteers.cash"),
        Binding("z", "open('closing')", "Close", id="volunteers.closing"),
        Binding("escape", "leave", "Back to guests", id="volunteers.leave"),
        Binding("q", "quit_kiosk", "Quit the kiosk", id="volunteers.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.last_activity = monotonic()

    def compose(self) -> ComposeResult:
        with Vertical(id="menu"):
            yield Static(id="where")
            yield Static(id="summary")
            yield Button("Running tally  [t]", id="tally", variant="primary")
            yield Button("Corrections  [c]", id="corrections")
            yield Button("Cash movements  [m]", id="cash")
            yield Button("Close the service  [z]", id="closing", variant="warning")
            yield Button("Back to guests  [Esc]", id="leave", variant="success")
            yield Button("Quit the kiosk  [q]", id="quit", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(1.0, self.check_idle)
        self.refresh_summary()

    def on_screen_resume(self) -> None:
        self.last_activity = monotonic()
        self.refresh_summary()

    def refresh_summary(self) -> None:
        """Say which service is open and how it is going, in one line."""
        service = current_service(self.app.ledger)
        figures = service_tally(service, thresholds_of(self.app))
        money = money_of(self.app)
        self.query_one("#where", Static).update(
            f"{self.app.config.cantine.name} · {service.day} · service {service.number} (open)")
        self.query_one("#summary", Static).update(
            f"{figures.visits} visits · {figures.covers} covers · {money(figures.total)} "
            f"· expected cash {money(figures.expected_cash)}")

    def check_idle(self) -> None:
        """Back to the guests after the kiosk's idle timeout without a key or a click."""
        if monotonic() - self.last_activity >= self.app.config.kiosk.idle_timeout:
            leave_area(self.app)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"leave": self.action_leave, "quit": self.action_quit_kiosk}
        if event.button.id in actions:
            actions[event.button.id]()
        else:
            self.action_open(event.button.id)

    def action_open(self, part: str) -> None:
        """Open one part of the area: tally, corrections, cash or closing."""
        from screens.cash import CashScreen
        from screens.closing import ClosingScreen
        from screens.corrections import CorrectionsScreen
        from screens.tally_view import TallyScreen

        parts = {"tally": TallyScreen, "corrections": CorrectionsScreen, "cash": CashScreen,
                 "closing": ClosingScreen}
        self.app.push_screen(parts[part]())

    def action_leave(self) -> None:
        """Back to the guests' welcome screen."""
        leave_area(self.app)

    def action_quit_kiosk(self) -> None:
        """Quit the kiosk app (only volunteers can)."""
        self.app.exit()
