"""The volunteers' area: a placeholder until the volunteers' issue brings the real one.

It is reached only through the PIN prompt. Quitting the kiosk asks the PIN again, so a
volunteer who walks away from an open area does not leave a way out for the next guest.
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Button, Static

from screens.base import KioskScreen


class VolunteerArea(KioskScreen):
    """Behind the PIN: back to the guests, or quit the kiosk (PIN again)."""

    CSS_PATH = "volunteers.tcss"

    def compose(self) -> ComposeResult:
        with Vertical(id="volunteers"):
            yield Static(self.app.words("volunteers.title"), id="volunteers-title")
            with Center():
                yield self.button("volunteers.back", "enter", id="back-to-guests",
                                  variant="primary")
            with Center():
                yield self.button("volunteers.quit", "q", id="quit-kiosk", variant="error")

    @on(Button.Pressed, "#back-to-guests")
    def back_to_guests(self) -> None:
        self.app.reset_to_welcome()

    @on(Button.Pressed, "#quit-kiosk")
    def quit_kiosk(self) -> None:
        from screens.pin import PinPrompt

        def answered(accepted: bool | None) -> None:
            if accepted:
                self.app.exit()

        self.app.push_screen(PinPrompt(self.app.pin_guard), callback=answered)
