"""The kiosk's one keypad of digits, laid out as a phone's (1-2-3 on top, 0 at the foot): the
guest's amount and the volunteers' PIN are typed on the same pad, in the same places.

Its digit keys take every tap. Textual's Button drops a click that comes while it still shows
the press before (a fifth of a second), so "11" tapped quickly typed one 1. The guard against
double taps (screens/guard.py) is for choices that move on to another screen; a digit stays on
its pad, and a second tap of it is a second digit.
"""

from collections.abc import Callable, Sequence

from textual import events
from textual.containers import Grid
from textual.widget import Widget

from screens.base import KeyButton, key_label

ROWS = ("123", "456", "789")


class TypingKey(KeyButton):
    """A key that types: each tap presses it, however soon after the one before."""

    def on_click(self, event: events.Click) -> None:
        if self.tap_allowed(event):
            self.press()
        # Pressed here, or dropped by the guard: Button's own handler must not press it again.
        event.stop()
        event.prevent_default()


def erase_key(screen, word: str, *, id: str, classes: str = "") -> TypingKey:
    """The pad's key that erases the last digit typed: "⌫" and a word a finger understands
    ("⌫ Corriger"). A phone's "Effacer" clears it all; this one takes back one digit, so it
    says so with the phone's own ⌫ sign."""
    sign = key_label(screen, "backspace")
    return TypingKey(f"{sign} {word}", "backspace", sign, id=id, classes=classes)


class Keypad(Grid):
    """Digits 1 to 9 in three rows, each row ending with the pad's `side` key (when it has
    any), then the foot: `before_zero`, the 0, `after_zero`. `digit(d)` makes a digit's key."""

    def __init__(self, digit: Callable[[str], TypingKey], *, side: Sequence[Widget] = (),
                 before_zero: Sequence[Widget] = (), after_zero: Sequence[Widget] = (),
                 id: str | None = None) -> None:
        super().__init__(id=id, classes="keypad")
        self.digit, self.side = digit, tuple(side)
        self.before_zero, self.after_zero = tuple(before_zero), tuple(after_zero)

    def compose(self):
        for number, row in enumerate(ROWS):
            for digit in row:
                yield self.digit(digit)
            if self.side:
                yield self.side[number]
        yield from self.before_zero
        yield self.digit("0")
        yield from self.after_zero
