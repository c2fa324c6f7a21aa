"""What every kiosk screen shares: buttons that also answer to the key printed on them.

On the Pi's bare console there is no touch, so every button carries a key. Buttons never take
focus: Enter must mean "go on" everywhere, not "press whatever happens to be focused".

Hands slip, so input must belong to the screen it was meant for (`screens/guard.py`): a button of
a guest's screen does nothing while the screen is being replaced or just drawn, and a handler
that leaves a step (`while_shown`) does nothing once the step has been left, so a second tap
queued behind the first cannot act twice.
"""

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from textual import events
from textual.containers import Horizontal
from textual.content import Content
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from screens.compat import keep_styles

T = TypeVar("T")
# Rows (a portrait page has 40, a terminal 24) from which a screen taller than it is wide grows
# its steps with the height.
TALL_ROWS = 40

KEY_NAMES = {"enter": "keys.enter", "backspace": "keys.backspace", "delete": "keys.delete"}
KEY_SYMBOLS = {"plus": "+", "minus": "−", "comma": ",", "full_stop": "."}


def is_tall(size) -> bool:
    """Whether a screen of `size` (columns, rows) is a portrait tablet's: taller than wide (a
    cell is about twice as high as it is wide) with many rows. Its steps then grow with the
    height (the `-tall` class): a page sized for its width left half a portrait screen empty.
    A terminal (80x24, 120x40, 200x60) is never tall."""
    return size.height >= TALL_ROWS and size.height * 2 > size.width


def fit_to(screen, size) -> None:
    """Give `screen` the classes of its size: `-narrow` below its NARROW columns (its choices
    stack), `-tall` on a portrait tablet (they grow with the height)."""
    screen.set_class(size.width < getattr(screen, "NARROW", 80), "-narrow")
    screen.set_class(is_tall(size), "-tall")


def keys_shown(app) -> bool:
    """Whether buttons show their keys: in a terminal always, in a browser once a key was
    pressed (until the next tap, screens/hands.py)."""
    shown = getattr(app, "keys_shown", None)
    return not app.is_web if shown is None else shown


def chip_label(text: str, shown: str) -> str:
    """`text` with its key `shown` as a chip before it: a keypad's "7" is its own key, and
    "⌫ Corriger" already starts with its key, so neither prints it twice."""
    if text == shown:
        return escape(text)
    if text.startswith(f"{shown} "):
        return f"[reverse] {escape(shown)} [/]{escape(text[len(shown):])}"
    return f"[reverse] {escape(shown)} [/] {escape(text)}"


class KeyButton(Button, can_focus=False):
    """A big button whose label starts with the key that presses it, e.g. "[1] Manger"."""

    def __init__(self, text: str, key: str, key_label: str = "", *, id: str | None = None,
                 classes: str = "", variant: str = "default", also: tuple[str, ...] = ()):
        shown = key_label or KEY_SYMBOLS.get(key, key.upper())
        self.bare_label = escape(text)
        self.key_label = chip_label(text, shown)
        super().__init__(self.key_label, id=id, classes=classes, variant=variant)
        self.keys = (key, *also)
        self.text, self.key_shown = text, shown

    def relabel(self, text: str, key_label: str = "") -> None:
        """Say `text` (and the key as `key_label`, when given): a reused screen in the next
        guest's language. Nothing is redrawn when nothing changed."""
        shown = key_label or self.key_shown
        if (text, shown) == (self.text, self.key_shown):
            return
        self.text, self.key_shown = text, shown
        self.bare_label = escape(text)
        self.key_label = chip_label(text, shown)
        self.show_key(keys_shown(self.app))  # a finger's words stay without their chip

    def on_mount(self) -> None:
        # Fingers in a browser: words alone until a key is pressed (screens/hands.py).
        if not keys_shown(self.app):
            self.show_key(False)

    def on_resize(self, event: events.Resize) -> None:
        self.show_key(keys_shown(self.app))

    def show_key(self, shown: bool) -> None:
        """Show the key chip before the words, or the words alone: alone too when both would
        not fit the button (a keypad's "Valider" at 40 columns), the words matter more."""
        self.label = self.key_label if shown and self.chip_fits() else self.bare_label

    def chip_fits(self) -> bool:
        """Whether the chip and the words, wrapped, fit inside the button (yes until laid out)."""
        room = self.content_region
        if not room.width or not room.height:
            return True
        lines = Content.from_markup(self.key_label).wrap(room.width)
        return len(lines) <= room.height and all(line.cell_length <= room.width
                                                 for line in lines)

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
        if not self.tap_allowed(event):
            event.stop()
            event.prevent_default()

    def tap_allowed(self, event: events.Click) -> bool:
        """Whether the guard lets this tap act (not the second half of a double tap that
        brought this screen up)."""
        guard = getattr(self.app, "input_guard", None)
        guarded = getattr(self.screen, "GUARDED", False)
        where = (int(event.screen_x), int(event.screen_y))
        size = (self.app.size.width, self.app.size.height)
        if guard is None:
            return True
        return guard.allows_tap(where, guarded, guard.made_at(where, event.time), size)


def while_shown(handler: Callable) -> Callable:
    """A screen's handler that acts only while its screen is the one on show.

    Two taps in quick succession queue two presses; the first leaves the step, and the second
    must not leave it again (a second visit, an answer never given, a second screen pushed).
    """

    @functools.wraps(handler)
    def guarded(screen, *args, **kwargs):
        if screen.app.screen is not screen:
            return None
        # A reused screen shown again (the survey's next question): a press queued before it
        # was reset was meant for what it showed then.
        if args and getattr(args[0], "time", float("inf")) < getattr(screen, "shown_since", 0):
            return None
        return handler(screen, *args, **kwargs)

    return guarded


def key_label(screen: Screen, key: str) -> str:
    """How a named key is written on a button in the guest's language (Entrée, ⌫...)."""
    name = KEY_NAMES.get(key)
    return screen.app.words(name) if name else ""


def press_button_for_key(screen: Screen, event: events.Key) -> bool:
    """Press the visible, enabled KeyButton that carries `event.key`; True if one did. A key
    made before `screen` was on show presses nothing: it was meant for the step before (the
    second Enter of a double press on the last step must not start the next visit)."""
    guard = getattr(screen.app, "input_guard", None)
    if guard is not None and not guard.meant_for(screen, event.time):
        event.stop()
        event.prevent_default()
        return False
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
        if not getattr(self, "REUSED", False):  # a reused step says so as it is shown
            self.call_after_refresh(self.app.step_shown)
        fit_to(self, self.app.size)

    def on_screen_resume(self) -> None:
        # A reused step shown again may meet a screen resized while it was away.
        fit_to(self, self.app.size)

    def on_resize(self, event: events.Resize) -> None:
        fit_to(self, event.size)

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


@dataclass(frozen=True)
class Choice:
    """One button of a `ButtonRow`: what it says, the key that presses it, its id and classes."""

    text: str
    key: str
    id: str
    classes: str = ""


class ButtonRow(Horizontal):
    """A row of buttons that changes with each guest (the presets for so many people, a
    survey question's answers): relabelled in place when the same buttons return, composed
    anew only when they differ."""

    def __init__(self, choices: tuple[Choice, ...] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = choices

    def compose(self):
        for choice in self.choices:
            yield KeyButton(choice.text, choice.key, id=choice.id, classes=choice.classes,
                            variant="primary")

    def show(self, choices: tuple[Choice, ...]) -> None:
        """Show `choices`: the same buttons relabelled, or new ones."""
        if [c.id for c in choices] != [c.id for c in self.choices] or not self.is_mounted:
            self.choices = choices
            self.refresh(recompose=True)
            return
        self.choices = choices
        for button, choice in zip(self.query(KeyButton), choices, strict=False):
            button.relabel(choice.text)


def say(widget: Static, text: str) -> None:
    """Show `text` in `widget`; nothing is redrawn when it already shows it."""
    if getattr(widget, "said", None) != text:
        widget.said = text
        widget.update(text)


class StepScreen(KioskScreen):
    """A step of a visit that is built once and shown again to each guest.

    The app keeps one of each (`KioskApp.step_screen`): composing a screen's widgets and
    matching them with the CSS is most of what a tap would otherwise wait for on a Pi. So
    everything a step shows comes from `reset(value)`, which the app calls before each showing
    with the draft (or the committed entry): every text in the guest's language, every choice
    as the value says, nothing left of the guest before. A new step joins by composing its
    widgets and writing `reset`; `tests/test_reused_steps.py` walks every reused step's widgets
    after a reset to find anything of a previous guest.
    """

    REUSED = True

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value
        self.shown_since = 0.0  # presses made before this (time.monotonic) were for a guest before
        self.styled = False  # whether it has been shown, and styled on show, once

    def on_mount(self) -> None:
        if self.value is not None:  # None: built ahead of any visit, reset before it is shown
            self.reset(self.value)
        if self.app.screen is not self:
            self.app.step_built(self)

    def reset(self, value: Any) -> None:
        """Show `value`, as a screen composed for it alone would."""
        raise NotImplementedError

    def showing(self, value: Any) -> "StepScreen":
        """Reset for `value` and mark presses from before as not ours; the screen itself."""
        self.shown_since = time.monotonic()
        if self.is_mounted:
            self.query("#problem").remove()  # said to the guest before (a disk that refused)
            self.reset(value)
        else:
            self.value = value  # composed and reset when it is mounted
        return self

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Shown again, its widgets' styles are as they were: reset changes texts only. The
        # first showing styles them for the screen on show (built off stage, they were not).
        if self.styled:
            keep_styles(event)
        self.styled = True
        if self.app.screen is self:
            self.call_after_refresh(self.app.step_shown)

    def shown_again(self) -> None:
        """This screen, on show, was reset in place (the next question): the guard starts
        again, as for a screen just switched to, and a press made before is void."""
        self.shown_since = time.monotonic()
        self.app.input_guard.changed(self)
        self.call_after_refresh(self.app.screen_drawn, self)
        self.call_after_refresh(self.app.step_shown)

    def say(self, selector: str, text: str) -> None:
        """Show `text` in the Static `selector`, if it changed."""
        say(self.query_one(selector, Static), text)

    def relabel(self, selector: str, text_key: str, **values: object) -> None:
        """The button `selector` says the catalogue's `text_key` in the guest's language (its
        key's name too: "Entrée", "Enter")."""
        button = self.query_one(selector, KeyButton)
        button.relabel(self.app.words(text_key, **values), key_label(self, button.keys[0]))


class KioskDialog(Guarded, ModalScreen[T], inherit_bindings=False):
    """A dialog over a kiosk screen that dismisses its answer; keys press its buttons."""

    NARROW = KioskScreen.NARROW

    def on_mount(self) -> None:
        fit_to(self, self.app.size)

    def on_resize(self, event: events.Resize) -> None:
        fit_to(self, event.size)

    def on_key(self, event: events.Key) -> None:
        press_button_for_key(self, event)

    def button(self, text_key: str, key: str, *, id: str, variant: str = "default",
               classes: str = "", **values: object) -> KeyButton:
        """A KeyButton whose text is the catalogue's `text_key`, pressed by `key`."""
        return KeyButton(self.app.words(text_key, **values), key, key_label(self, key), id=id,
                         variant=variant, classes=classes)
