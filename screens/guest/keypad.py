"""Another amount: an on-screen keypad (and the keyboard's digits), the amount shown large."""

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Digits, Static

from kiosk.guest import MoneyError, type_on_keypad, typed_amount, typed_membership
from screens.base import KeyButton, KioskDialog, while_shown
from screens.keypad import Keypad, TypingKey, erase_key


class AmountPad(KioskDialog[int | None]):
    """Dismisses the typed amount in cents, or None when the guest cancels."""

    CSS_PATH = "keypad.tcss"

    def __init__(self, typed: str = "", membership: bool = False) -> None:
        super().__init__()
        self.typed = typed  # what the guest typed, e.g. "12,5"; kept when they come back to it
        self.membership = membership  # a membership's amount: the cantine's minimum applies

    def compose(self) -> ComposeResult:
        words = self.app.words
        with Vertical(id="keypad"):
            yield Static(words("keypad.title"), id="keypad-title")
            yield Digits(words.typed_money(self.typed), id="typed")
            yield Static("", id="keypad-error")
            # The phone's layout, as the PIN's pad (screens/keypad.py): 1-2-3 on top.
            yield Keypad(self.digit, id="keypad-keys",
                         side=(erase_key(self, words("keypad.erase"), id="erase", classes="pad"),
                               KeyButton(",", "comma", ",", id="comma", classes="pad",
                                         also=("full_stop",)),
                               self.button("keypad.cancel", "delete", id="cancel")),
                         after_zero=(self.button("keypad.ok", "enter", id="ok",
                                                 variant="primary"),))

    @staticmethod
    def digit(key: str) -> TypingKey:
        """One digit of the pad, pressed by the same key on a keyboard."""
        return TypingKey(key, key, id=f"digit-{key}", classes="pad digit")

    @on(Button.Pressed, ".pad")
    def type_key(self, event: Button.Pressed) -> None:
        key = {"erase": "⌫", "comma": ","}.get(event.button.id, event.button.id[-1])
        self.typed = type_on_keypad(self.typed, key)
        self.query_one("#typed", Digits).update(self.app.words.typed_money(self.typed))
        self.query_one("#keypad-error", Static).update("")

    @on(Button.Pressed, "#cancel")
    @while_shown
    def cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    @while_shown
    def submit(self) -> None:
        words, config = self.app.words, self.app.config
        try:
            if self.membership:
                amount = typed_membership(self.typed, config.membership,
                                          config.contribution.ceiling)
            else:
                amount = typed_amount(self.typed, config.contribution)
        except MoneyError as error:
            limit = (config.membership.minimum if error.problem.code == "below_minimum"
                     else config.contribution.ceiling)
            self.query_one("#keypad-error", Static).update(
                words(f"keypad.{error.problem.code}", amount=words.money(limit)))
            return
        self.dismiss(amount)
