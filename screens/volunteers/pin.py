"""The volunteers' PIN prompt: a digit keypad (touch) that also takes the keyboard's digits.

The PIN is checked in a worker thread (scrypt takes tens of milliseconds on a Pi), and the app's
single PinGuard counts misses across openings, so closing and reopening the prompt does not reset
the five-miss lock.
"""

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from kiosk.settings.pin import PinGuard
from screens.base import KioskDialog
from screens.volunteers.choose_pin import choose_step, choose_words

MAX_DIGITS = 8


class PinPrompt(KioskDialog[bool]):
    """Asks for the volunteers' PIN; dismisses True only for the right one."""

    CSS_PATH = "pin.tcss"
    # Typed by a volunteer who knows the PIN by heart: no guard time (screens/guard.py).
    GUARDED = False

    @dataclass
    class Checked(Message):
        """The worker's verdict on one typed PIN."""

        accepted: bool

    def __init__(self, guard: PinGuard) -> None:
        super().__init__()
        self.guard = guard
        self.typed = ""

    def compose(self) -> ComposeResult:
        words = self.app.words
        with Vertical(id="pin-dialog"):
            yield Static(words("pin.title"), id="pin-title")
            # With no PIN set yet, the keypad chooses one (screens/choose_pin.py).
            yield Static(words("pin.prompt") if self.guard.stored
                         else choose_words(self.app, "choose"), id="pin-message")
            yield Static("", id="pin-dots")
            with Grid(id="pin-keypad"):
                for digit in "123456789":
                    yield self.digit(digit)
                yield self.button("pin.erase", "backspace", id="pin-erase")
                yield self.digit("0")
                yield self.button("pin.ok", "enter", id="pin-ok", variant="primary")
            with Horizontal(id="pin-actions"):
                yield self.button("pin.cancel", "delete", id="pin-cancel")

    def digit(self, digit: str) -> Button:
        from screens.base import KeyButton

        return KeyButton(digit, digit, id=f"pin-{digit}", classes="pin-digit")

    def on_mount(self) -> None:
        self.show_lock()

    def show_lock(self) -> bool:
        """Say so and refuse input while the guard is locked; True when locked."""
        seconds = self.guard.seconds_locked()
        if seconds > 0 and self.guard.stored:
            self.query_one("#pin-message", Static).update(
                self.app.words("pin.locked", seconds=int(seconds + 0.999)))
            return True
        return False

    @on(Button.Pressed, ".pin-digit")
    def type_digit(self, event: Button.Pressed) -> None:
        if len(self.typed) < MAX_DIGITS:
            self.typed += event.button.id.removeprefix("pin-")
            self.query_one("#pin-dots", Static).update("● " * len(self.typed))

    @on(Button.Pressed, "#pin-erase")
    def erase(self) -> None:
        self.typed = self.typed[:-1]
        self.query_one("#pin-dots", Static).update("● " * len(self.typed))

    @on(Button.Pressed, "#pin-cancel")
    def cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#pin-ok")
    def submit(self) -> None:
        if self.show_lock() or not self.typed:
            return
        if not self.guard.stored:  # no PIN yet: this one is being chosen, typed twice
            pin, self.typed = self.typed, ""
            self.query_one("#pin-dots", Static).update("")
            choose_step(self, pin)
            return
        self.query_one("#pin-message", Static).update(self.app.words("pin.checking"))
        self.query_one("#pin-keypad").disabled = True
        pin, self.typed = self.typed, ""
        self.query_one("#pin-dots", Static).update("")
        self.check(pin)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def check(self, pin: str) -> None:
        """Verify the PIN off the UI thread and report back with a message."""
        self.post_message(self.Checked(self.guard.attempt(pin)))

    def on_pin_prompt_checked(self, message: Checked) -> None:
        if message.accepted:
            self.dismiss(True)
            return
        self.query_one("#pin-keypad").disabled = False
        if not self.show_lock():
            self.query_one("#pin-message", Static).update(self.app.words("pin.wrong"))
