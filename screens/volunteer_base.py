"""What every screen of the volunteers' area shares.

The kiosk app itself swallows Escape (a guest must not find a way out), so "back" in the area is
F3, printed on every Back button. Being idle anywhere in the area is handled by the app: it resets
to the guests' welcome screen after the kiosk's idle timeout, as for guests.
"""

from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

BACK_KEY = "f3"


class VolunteerScreen(Screen):
    """A screen of the volunteers' area, above the area's menu; F3 goes back one step."""

    BINDINGS = [Binding(BACK_KEY, "back", "Back", id="volunteers.back")]

    def action_back(self) -> None:
        """One step back, to the area's menu."""
        self.dismiss()


class VolunteerDialog(ModalScreen):
    """A dialog of the volunteers' area (it dismisses its answer)."""


def leave_area(app: App) -> None:
    """Close the volunteers' area: back to the guests' welcome screen."""
    app.reset_to_welcome()


def money_of(app: App):
    """The app's money formatter: cents to text in the cantine's locale and currency."""
    from kiosk.money import format_amount

    cantine = app.config.cantine
    return lambda cents: format_amount(cents, cantine.locale, cantine.currency)


def thresholds_of(app: App):
    """The bracket thresholds of the app's [contribution] settings."""
    from kiosk.tally import Thresholds

    money = app.config.contribution
    return Thresholds(money.suggested, money.low_bracket_max)
