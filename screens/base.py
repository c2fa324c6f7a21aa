"""What every kiosk screen shares: buttons that also answer to the key printed on them.

On the Pi's bare console there is no touch, so every button carries a key. Buttons never take
focus: Enter must mean "go on" everywhere, not "press whatever happens to be focused".

Hands slip, so input must belong to the screen it was meant for (`screens/guard.py`): a button of
a guest's screen does nothing while the screen is being replaced or just drawn, and a handler
that leaves a step (`while_shown`) does nothing once the step has been left, so a second tap
queued behind the first cannot act twice.
"""

import functools
from collections.abc import Callable
from typing import TypeVar

from textual import events
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

T = TypeVar("T")

KEY_NAMES = {"enter": "keys.enter", "backspace": "keys.backspace", "delete": "keys.delete"}
KEY_SYMBOLS = {"plus": "+", "minus": "−", "comma": ",", "full_stop": "."}


def keys_shown(app) -> bool:
    """Whether buttons show their keys: in a terminal always, in a browser once a key was
    pressed (until the next tap, screens/hands.py)."""
    shown = getattr(app, "keys_shown", None)
    return not app.is_web if shown is None else shown


class KeyButton(Button, can_focus=False):
    """A big button whose label starts with the key that presses it, e.g. "[1] Manger"."""

    def __init__(self, text: str, key: str, key_label: str = "", *, id: str | None = None,
                 classes: str = "", variant: str = "default", also: tuple[str, ...] = ()):
        shown = key_label or KEY_SYMBOLS.get(key, key.upper())
        # A keypad's "7" is its own key: no need to print it twice.
        self.bare_label = escape(text)
        self.key_label = (self.bare_label if text == shown
                          else f"[reverse] {escape(shown)} [/] {self.bare_label}")
        super().__init__(self.key_label, id=id, classes=classes, variant=variant)
        self.keys = (key, *also)

    def on_mount(self) -> None:
        # Fingers in a browser: words alone until a key is pressed (screens/hands.py).
        if not keys_shown(self.app):
            self.show_key(False)

    def show_key(self, shown: bool) -> None:
        """Show the key chip before the words, or the words alone."""
        self.label = self.key_label if shown else self.bare_label

    def press(self) -> "KeyButton":
        """Press the button, unless its screen is no longer the one on show (a key or tap that
        was queued while the step was being left)."""
        if self.app.screen is not self.screen:
            return self
        return super().press()

    def on_click(self, event: events.Click) -> None:
        # Runs before Button's own click handler, which presses the button: a tap that the
        # guard says was meant for the screen before (a double tap) stops here. Keys are
        # guarded by the app, which sees them first.
        guard = getattr(self.app, "input_guard", None)
        guarded = getattr(self.screen, "GUARDED", False)
        where = (int(event.screen_x), int(event.screen_y))
        if guard is not None and not guard.allows_tap(where, guarded, event.time):
            event.stop()
            event.prevent_default()


def while_shown(handler: Callable) -> Callable:
    """A screen's handler that acts only while its screen is the one on show.

    Two taps in quick succession queue two presses; the first leaves the step, and the second
    must not leave it again (a second visit, an answer never given, a second screen pushed).
    """

    @functools.wraps(handler)
    def guarded(screen, *args, **kwargs):
        if screen.app.screen is not screen:
            return None
        return handler(screen, *args, **kwargs)

    return guarded


def key_label(screen: Screen, key: str) -> str:
    """How a named key is written on a button in the guest's language (Entrée, ⌫...)."""
    name = KEY_NAMES.get(key)
    return screen.app.words(name) if name else ""


def press_button_for_key(screen: Screen, event: events.Key) -> bool:
    """Press the visible, enabled KeyButton that carries `event.key`; True if one did."""
    for button in screen.query(KeyButton):
        if event.key in button.keys and not button.disabled and button.display:
            event.stop()
            event.prevent_default()
            button.press()
            return True
    return False


class Guarded:
    """A guest's screen or dialog: input arriving before it is drawn, or within the guard time
    after, is ignored (the app's `input_guard`)."""

    GUARDED = True

    def on_mount(self) -> None:
        # Subclasses' own on_mount run too: Textual calls the handlers of every class.
        self.call_after_refresh(self.app.screen_drawn, self)

    def on_screen_resume(self) -> None:
        # Uncovered again (a dialog dismissed, back to welcome): drawn anew.
        self.call_after_refresh(self.app.screen_drawn, self)


class KioskScreen(Guarded, Screen[None], inherit_bindings=False):
    """A full screen of the kiosk. No inherited bindings: no focus cycling, no copy, no quit."""

    NARROW = 80  # columns below which a step stacks its choices (a portrait screen)

    def on_mount(self) -> None:
        self.call_after_refresh(self.app.step_shown)
        self.set_class(self.app.size.width < self.NARROW, "-narrow")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def on_key(self, event: events.Key) -> None:
        press_button_for_key(self, event)

    def say_problem(self, text: str) -> None:
        """Show one kind sentence at the top of the screen (a disk that refused a visit...)."""
        found = self.query("#problem")
        if found:
            found.first(Static).update(text)
        else:
            self.mount(Static(text, id="problem"), before=0)

    def button(self, text_key: str, key: str, *, id: str, variant: str = "default",
               classes: str = "", **values: object) -> KeyButton:
        """A KeyButton whose text is the catalogue's `text_key`, pressed by `key`."""
        return KeyButton(self.app.words(text_key, **values), key, key_label(self, key), id=id,
                         variant=variant, classes=classes)


class KioskDialog(Guarded, ModalScreen[T], inherit_bindings=False):
    """A dialog over a kiosk screen that dismisses its answer; keys press its buttons."""

    NARROW = KioskScreen.NARROW

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < self.NARROW, "-narrow")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def on_key(self, event: events.Key) -> None:
        press_button_for_key(self, event)

    def button(self, text_key: str, key: str, *, id: str, variant: str = "default",
               classes: str = "", **values: object) -> KeyButton:
        """A KeyButton whose text is the catalogue's `text_key`, pressed by `key`."""
        return KeyButton(self.app.words(text_key, **values), key, key_label(self, key), id=id,
                         variant=variant, classes=classes)
