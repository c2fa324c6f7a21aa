"""'Avez-vous payé ?': asked over the card QR code after `[kiosk] card_wait` without a touch.

A card payment on a phone takes minutes (the bank's page, 3-D Secure), so the code never simply
disappears: the kiosk asks. "Yes" records the visit, "not yet" shows the code again, "cancel"
gives up. Nobody answering for as long again means the guest has gone: the card screen gives up.
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Static

from screens.base import KioskDialog, while_shown

ANSWERS = ("paid", "not_yet", "cancel")  # and "silence", when nobody answers


class PaidQuestion(KioskDialog[str]):
    """Dismisses "paid", "not_yet", "cancel", or "silence" after `card_wait` without a touch."""

    CSS_PATH = "paid.tcss"
    PATIENCE = "own"  # the app's idle reset leaves it alone: it keeps its own time

    def __init__(self, amount: int) -> None:
        super().__init__()
        self.amount = amount
        self.asked_at = 0.0

    def compose(self) -> ComposeResult:
        words = self.app.words
        with Vertical(id="paid-question"):
            yield Static(words("card.asked", amount=words.money(self.amount)), id="asked")
            yield Static(words("card.asked_note"), id="asked-note")
            yield self.button("card.asked_yes", "enter", id="paid", variant="primary")
            yield self.button("card.asked_no", "backspace", id="not_yet")
            yield self.button("card.asked_cancel", "delete", id="cancel")

    def on_mount(self) -> None:
        self.asked_at = self.app.monotonic()
        self.set_interval(self.app.idle_tick, self.check_silence)

    def check_silence(self) -> None:
        """Nobody answered for `card_wait` (nor touched anything): the guest has gone."""
        app = self.app
        waited = min(app.idle_for(), app.monotonic() - self.asked_at)
        if app.screen is self and waited >= app.config.kiosk.card_wait:
            self.dismiss("silence")

    @on(Button.Pressed)
    @while_shown
    def answer(self, event: Button.Pressed) -> None:
        if event.button.id in ANSWERS:
            self.dismiss(event.button.id)
