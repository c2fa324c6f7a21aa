"""Joining the association: its own prix libre (the suggested amount and why, the presets, or
another amount on the keypad), or "no, thank you", one tap that simply ends the visit.

Everything it shows comes from the draft the app hands it and the settings: nothing of the guest
stays here once it is left.
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.guest import VisitDraft, needs_confirmation
from kiosk.settings.membership import presets_shown
from kiosk.settings.survey import in_language
from screens.base import KeyButton, KioskScreen, while_shown

MAX_KEYED_PRESETS = 8  # digits 1-8 for presets, 9 for "another amount"


class MembershipScreen(KioskScreen):
    """Choosing what to give for a year's membership."""

    CSS_PATH = "membership.tcss"

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

    @on(Button.Pressed, ".preset")
    @while_shown
    def choose_preset(self, event: Button.Pressed) -> None:
        self.choose(int(event.button.id.removeprefix("preset-")))

    @on(Button.Pressed, "#other")
    @while_shown
    def other_amount(self) -> None:
        self.open_keypad()

    @on(Button.Pressed, "#decline")
    @while_shown
    def decline(self) -> None:
        self.app.reset_to_welcome()  # the meal is recorded already: nothing else to write

    def open_keypad(self, typed: str = "") -> None:
        """The keypad for a membership (its minimum applies), showing `typed`."""
        from screens.guest.keypad import AmountPad

        pad = AmountPad(typed, membership=True)

        def chosen(amount: int | None) -> None:
            if amount is not None:
                self.choose(amount, pad.typed)

        self.app.push_screen(pad, callback=chosen)

    def choose(self, amount: int, typed: str | None = None) -> None:
        """Go on with `amount`, after a confirmation when it is unusually high."""
        if needs_confirmation(amount, 1, self.app.config.contribution):
            from screens.guest.confirm import ConfirmAmount

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.go_on(amount)
                elif typed is not None:
                    self.open_keypad(typed)

            self.app.push_screen(ConfirmAmount(amount, 1), callback=confirmed)
            return
        self.go_on(amount)

    def go_on(self, amount: int) -> None:
        self.app.go_on("membership", self.draft.with_amount(amount))
