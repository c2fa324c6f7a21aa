"""Joining the association: its own prix libre (the suggested amount and why, the presets, or
another amount on the keypad), or "no, thank you", one tap that simply ends the visit.

Everything it shows comes from the draft the app hands it and the settings: nothing of the guest
stays here once it is left.
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.guest import VisitDraft
from kiosk.settings.membership import presets_shown
from kiosk.settings.survey import in_language
from screens.base import KeyButton, while_shown
from screens.guest.prix_libre import MAX_KEYED_PRESETS, PrixLibreScreen


class MembershipScreen(PrixLibreScreen):
    """Choosing what to give for a year's membership."""

    CSS_PATH = "membership.tcss"
    STEP = "membership"
    MEMBERSHIP_PAD = True  # the membership's minimum applies to what is typed

    def __init__(self, draft: VisitDraft) -> None:
        super().__init__()
        self.draft = draft

    @property
    def settings(self):
        return self.app.config.membership

    def compose(self) -> ComposeResult:
        words = self.app.words
        with Vertical(id="membership"):
            yield Static(words("membership.title"), classes="title")
            yield Static(words("membership.suggested",
                               amount=words.money(self.settings.suggested)), id="suggested")
            yield Static(in_language(self.settings.explanation, words.language),
                         id="explanation")
            presets = presets_shown(self.settings)[:MAX_KEYED_PRESETS]
            with Horizontal(id="presets"):
                for number, amount in enumerate(presets, start=1):
                    yield KeyButton(words.money(amount), str(number), id=f"preset-{amount}",
                                    classes="preset", variant="primary")
            yield Static(words("membership.minimum", amount=words.money(self.settings.minimum)),
                         id="minimum-note")
            with Horizontal(classes="nav"):
                # Saying no is a button like the others, not a small link.
                yield self.button("membership.decline", "backspace", id="decline")
                yield self.button("membership.other", str(len(presets) + 1), id="other")

    @on(Button.Pressed, "#decline")
    @while_shown
    def decline(self) -> None:
        self.app.reset_to_welcome()  # the meal is recorded already: nothing else to write
