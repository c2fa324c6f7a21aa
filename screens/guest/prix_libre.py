"""What the two prix-libre steps share: the meal's contribution and the membership each offer
presets and another amount on the keypad, and ask the guest to confirm an unusually high amount.

`PrixLibreScreen` holds that way of choosing; each step says which step it is (`STEP`) and
whether its keypad is a membership's (whose minimum applies). A high amount is judged per person
of the draft: a membership's draft is always one person's (`kiosk.guest.joining`).
"""

from textual import on
from textual.widgets import Button

from kiosk.guest import VisitDraft, needs_confirmation
from screens.base import KioskScreen, while_shown

MAX_KEYED_PRESETS = 8  # digits 1-8 for presets, 9 for "another amount"


class PrixLibreScreen(KioskScreen):
    """A step where the guest chooses an amount: a preset (`.preset`, its id `preset-<cents>`)
    or another amount (`#other`) on the keypad; `go_on` takes the draft on with the amount."""

    STEP = ""  # the step's name in kiosk.guest.STEPS
    MEMBERSHIP_PAD = False  # whether the keypad checks a membership's minimum

    draft: VisitDraft  # set by the step

    @on(Button.Pressed, ".preset")
    @while_shown
    def choose_preset(self, event: Button.Pressed) -> None:
        self.choose(int(event.button.id.removeprefix("preset-")))

    @on(Button.Pressed, "#other")
    @while_shown
    def other_amount(self) -> None:
        self.open_keypad()

    def open_keypad(self, typed: str = "") -> None:
        """The keypad, showing `typed` (what the guest typed before "No, change it")."""
        from screens.guest.keypad import AmountPad

        pad = AmountPad(typed, membership=self.MEMBERSHIP_PAD)

        def chosen(amount: int | None) -> None:
            if amount is not None:
                self.choose(amount, pad.typed)

        self.app.push_screen(pad, callback=chosen)

    def choose(self, amount: int, typed: str | None = None) -> None:
        """Go on with `amount`, after a confirmation when it is unusually high. "No, change
        it" goes back to where the amount came from: the keypad with what was `typed`, or the
        presets."""
        covers = self.draft.covers
        if needs_confirmation(amount, covers, self.app.config.contribution):
            from screens.guest.confirm import ConfirmAmount

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.go_on(amount)
                elif typed is not None:
                    self.open_keypad(typed)

            self.app.push_screen(ConfirmAmount(amount, covers), callback=confirmed)
            return
        self.go_on(amount)

    def go_on(self, amount: int) -> None:
        """Take the draft on to the step after this one, with `amount`."""
        self.app.go_on(self.STEP, self.draft.with_amount(amount))
