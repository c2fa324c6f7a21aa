"""The volunteers' PIN prompt: a digit keypad (touch) that also takes the keyboard's digits.

Every check runs in a worker thread (scrypt and a file lock take tens of milliseconds on a Pi)
through the app's PinGuard (kiosk.settings.pin_guard), which reads the PIN as kiosk.toml says now
and counts misses for every process, so neither reopening the prompt, another tab nor a restart
gives five more tries. With no PIN set, the prompt asks for the one-time setup code instead, and
only then lets the volunteer choose the PIN (screens/volunteers/choose_pin.py).
"""

import logging
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from kiosk.settings.pin_guard import PinGuard, setup_code
from screens.base import KioskDialog
from screens.keypad import Keypad, TypingKey, erase_key
from screens.volunteers.choose_pin import choose_step, choose_words

MAX_DIGITS = 8


class PinPrompt(KioskDialog[bool]):
    """Asks for the volunteers' PIN; dismisses True only for the right one."""

    CSS_PATH = "pin.tcss"
    # Typed by a volunteer who knows the PIN by heart: no guard time (screens/guard.py).
    GUARDED = False

    @dataclass
    class Checked(Message):
        """The worker's verdict on what was typed; `pin_set` when a PIN appeared meanwhile."""

        accepted: bool
        code: str = ""
        pin_set: bool = False

    def __init__(self, guard: PinGuard) -> None:
        super().__init__()
        self.guard = guard
        self.typed = ""
        self.mode = "pin"  # pin, setup (no PIN yet: the setup code), choose (the new PIN)
        self.code = ""  # the setup code, once typed right

    def compose(self) -> ComposeResult:
        words = self.app.words
        with Vertical(id="pin-dialog"):
            yield Static(words("pin.title"), id="pin-title")
            yield Static(words("pin.prompt"), id="pin-message")
            yield Static("", id="pin-dots")
            # The phone's layout, as the guest's amount pad (screens/keypad.py).
            yield Keypad(self.digit, id="pin-keypad",
                         before_zero=(erase_key(self, words("pin.erase"), id="pin-erase"),),
                         after_zero=(self.button("pin.ok", "enter", id="pin-ok",
                                                 variant="primary"),))
            with Horizontal(id="pin-actions"):
                yield self.button("pin.cancel", "delete", id="pin-cancel")

    @staticmethod
    def digit(digit: str) -> TypingKey:
        """One digit of the PIN, pressed by the same key on a keyboard."""
        return TypingKey(digit, digit, id=f"pin-{digit}", classes="pin-digit")

    def on_mount(self) -> None:
        if not self.guard.stored:
            self.mode = "setup"
            try:
                setup_code(self.guard.data_dir)  # made (and logged) if none is waiting yet
            except OSError as error:  # a data dir that refuses: `kiosk set-pin` is the way
                logging.getLogger("kiosk.pin").error("no setup code could be made: %s", error)
            self.say(self.app.words("pin.no_pin"))
        self.show_lock()

    def say(self, text: str) -> None:
        """One sentence above the keypad."""
        self.query_one("#pin-message", Static).update(text)

    def show_lock(self) -> bool:
        """Say so and refuse input while the prompt is locked; True when locked."""
        seconds = self.guard.seconds_locked()
        if seconds <= 0:
            return False
        words = self.app.words
        wait = (words.count("pin.seconds", int(seconds + 0.999)) if seconds <= 90
                else words.count("pin.minutes", int(seconds / 60 + 0.999)))
        self.say(words("pin.locked", wait=wait))
        return True

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
        if not self.typed or (self.mode != "choose" and self.show_lock()):
            return
        typed, self.typed = self.typed, ""
        self.query_one("#pin-dots", Static).update("")
        if self.mode == "choose":
            choose_step(self, typed)
            return
        self.say(self.app.words("pin.checking"))
        self.query_one("#pin-keypad").disabled = True
        self.check(typed)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def check(self, typed: str) -> None:
        """Check the PIN, or the setup code, off the UI thread and report back."""
        if self.mode == "setup":
            if self.guard.stored:
                self.post_message(self.Checked(False, pin_set=True))
            else:
                accepted = self.guard.attempt_setup(typed)
                self.post_message(self.Checked(accepted, typed if accepted else ""))
            return
        self.post_message(self.Checked(self.guard.attempt(typed)))

    def on_pin_prompt_checked(self, message: Checked) -> None:
        if message.accepted and not message.code:
            self.dismiss(True)
            return
        self.query_one("#pin-keypad").disabled = False
        if message.pin_set:
            self.mode = "pin"
            self.say(self.app.words("forms.pin_already_set"))
        elif message.accepted:  # the right setup code: now the PIN itself
            self.mode, self.code = "choose", message.code
            self.say(choose_words(self.app, "choose"))
        elif not self.show_lock():
            self.say(self.app.words("pin.wrong" if self.mode == "pin" else "pin.setup_wrong"))

    def pin_chosen(self) -> None:
        """The new PIN is saved: this volunteer goes in."""
        self.post_message(self.Checked(True))

    def pin_not_chosen(self, said: str, pin_set: bool) -> None:
        """The new PIN was refused: say why, and start again (or ask the PIN set meanwhile)."""
        self.query_one("#pin-keypad").disabled = False
        if pin_set:
            self.mode = "pin"
        self.say(said)
