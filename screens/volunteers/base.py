"""What every screen of the volunteers' area shares.

The kiosk app itself swallows Escape (a guest must not find a way out), so "back" in the area is
F3, printed on every Back button. Being idle anywhere in the area is handled by the app: it resets
to the guests' welcome screen after the volunteers' idle time (`[kiosk] volunteer_idle_timeout`,
longer than a guest's), never while a form holds something typed and not saved
(`holds_unsaved_input`), and after asking each screen to keep what it can as a draft
(`keep_draft`: the closing's cash count).

Every text comes from the catalogues in the app's current language (`app.words`). Textual reads
a binding's description from the class-level BINDINGS, so the footer's descriptions are swapped
for the catalogue's `bindings.<last part of the binding's id>` as the footer asks for them.
"""

import logging
from dataclasses import replace

from textual import events
from textual.app import App
from textual.binding import ActiveBinding, Binding
from textual.markup import escape
from textual.screen import ModalScreen, Screen

from screens.base import KeyButton, is_tall
from screens.volunteers.touch_keys import TapsAtTheEnd

BACK_KEY = "f3"
log = logging.getLogger("kiosk.volunteers")


def binding_words(app: App, binding: Binding) -> str:
    """A binding's description in the app's language: `bindings.<last part of its id>`."""
    key = f"bindings.{(binding.id or '').rsplit('.', 1)[-1]}"
    words = app.words
    return words(key) if key in words.catalogue.texts else binding.description


class SpeaksBindings:
    """A screen whose footer shows its bindings' descriptions in the app's language."""

    PATIENCE = "volunteer"  # the app's idle check: every screen of the area is a volunteer's

    def on_mount(self) -> None:
        # A portrait tablet: bigger keys and buttons (`-tall`, screens/base.py).
        self.set_class(is_tall(self.app.size), "-tall")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(is_tall(event.size), "-tall")

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Textual's active bindings, their descriptions taken from the catalogue."""
        found = super().active_bindings  # type: ignore[misc]
        return {key: active._replace(binding=replace(
                    active.binding, description=binding_words(self.app, active.binding)))
                for key, active in found.items()}


class VolunteerScreen(TapsAtTheEnd, SpeaksBindings, Screen):
    """A screen of the volunteers' area, above the area's menu; F3 goes back one step."""

    BINDINGS = [
        Binding(BACK_KEY, "back", "Back", id="volunteers.back"),
        # Handled by the app as the key arrives, not once it has bubbled up from the field: a
        # digit typed right after Tab then goes to the next field, however fast it comes.
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    def on_mount(self) -> None:
        # In a browser, keys for a finger take rows at the foot: a screen may give up margins.
        self.set_class(self.app.is_web, "-web")

    def holds_unsaved_input(self) -> bool:
        """Whether a form on this screen holds something typed and not yet recorded."""
        return False

    def action_back(self) -> None:
        """One step back, to the area's menu."""
        self.dismiss()


class VolunteerDialog(TapsAtTheEnd, SpeaksBindings, ModalScreen):
    """A dialog of the volunteers' area (it dismisses its answer)."""

    def holds_unsaved_input(self) -> bool:
        """Whether a field of the dialog holds something typed and not yet recorded."""
        return False


def typed_into(screen: Screen, *selectors: str) -> bool:
    """Whether any of these Inputs of `screen` holds text (not only spaces). A screen still being
    composed holds nothing yet (the idle check may ask that early)."""
    from textual.widgets import Input

    return any(field.value.strip() for selector in selectors
               for field in screen.query(selector).results(Input))


def leave_area(app: App) -> None:
    """Close the volunteers' area: back to the guests' welcome screen."""
    app.reset_to_welcome()


def thresholds_of(app: App):
    """The bracket thresholds of the app's [contribution] settings."""
    from kiosk.books.tally import Thresholds

    money = app.config.contribution
    return Thresholds(money.suggested, money.low_bracket_max)


def problem_words(app: App, error: BaseException) -> str:
    """A refusal in the app's language, by its code (kiosk.errors); its English goes to the log.

    Only refusals a person caused are left out of the log (a typo in a form); a disk that
    refused or an error with no sentence is written there with its details.
    """
    said = app.words.refusal(error)
    if isinstance(error, OSError) or said == app.words("forms.unexpected"):
        log.error("shown to a volunteer as %r: %s", said, error, exc_info=error)
    return said


class HintedButton(KeyButton, can_focus=True):
    """A volunteer's button that names its key after its words ("Retour  (F3)") while a
    keyboard is in use, and shows its words alone to a finger (screens/hands.py). Its key is a
    binding of its screen; the button only says so."""

    def __init__(self, text: str, key: str, *, id: str, variant: str = "default") -> None:
        super().__init__(text, key.lower(), key, id=id, variant=variant)
        self.key_label = f"{self.bare_label}  ({escape(key)})"
        self.label = self.key_label


def back_button(app: App) -> HintedButton:
    """The Back button, pressed by F3 too."""
    return HintedButton(app.words("volunteers.go_back"), "F3", id="back")
