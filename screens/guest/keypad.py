"""Another amount: an on-screen keypad (and the keyboard's digits), the amount shown large."""

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Button, Digits, Static

from kiosk.guest import MoneyError, type_on_keypad, typed_amount, typed_membership
from screens.base import KeyButton, KioskDialog, while_shown


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
            with Grid(id="keypad-keys"):
                for key in ("7", "8", "9", "⌫", "4", "5", "6", ",", "1", "2", "3", "cancel",
                            "0", "ok"):
                    yield self.key(key)

    def key(self, key: str) -> Button:
        """One key of the pad, pressed by the same key on a keyboard."""
        if key == "⌫":
            return self.button("keypad.erase", "backspace", id="erase", classes="pad")
        if key == ",":
            return KeyButton(",", "comma", ",", id="comma", classes="pad",
                             also=("full_stop",))
        if key == "cancel":
            return self.button("keypad.cancel", "delete", id="cancel")
        if key == "ok":
            return self.button("keypad.ok", "enter", id="ok", variant="primary")
        return KeyButton(key, key, id=f"digit-{key}", classes="pad digit")

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
