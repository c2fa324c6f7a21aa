"""What every screen of the volunteers' area shares: Escape goes back, idle returns to the guests.

The area (`VolunteerArea`) is the bottom of the volunteers' stack of screens and owns the idle
timer; the screens and dialogs above it report each key and click to it, so being idle on any of
them, for the kiosk's idle timeout, returns to the guests' welcome screen.
"""

from time import monotonic

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen, Screen


class AreaActivity:
    """Mixin: a key or a click anywhere on this screen counts as activity in the area."""

    def on_key(self, event: events.Key) -> None:
        touch_area(self.app)

    def on_click(self, event: events.Click) -> None:
        touch_area(self.app)


class VolunteerScreen(AreaActivity, Screen):
    """A screen of the volunteers' area above the area itself; Escape goes back one step."""

    BINDINGS = [Binding("escape", "back", "Back", id="volunteers.back")]

    def action_back(self) -> None:
        """One step back, towards the area's menu."""
        self.dismiss()


class VolunteerDialog(AreaActivity, ModalScreen):
    """A dialog of the volunteers' area (it dismisses its answer)."""


def area_of(app: App):
    """The volunteers' area in the app's stack of screens, or None when it is not open."""
    from screens.volunteers import VolunteerArea

    return next((s for s in app.screen_stack if isinstance(s, VolunteerArea)), None)


def touch_area(app: App) -> None:
    """Note activity in the volunteers' area (restarts its idle countdown)."""
    area = area_of(app)
    if area is not None:
        area.last_activity = monotonic()


def leave_area(app: App) -> None:
    """Close every screen of the volunteers' area: the guests' screen beneath shows again."""
    area = area_of(app)
    if area is None:
        return
    while area in app.screen_stack:
        app.pop_screen()


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
