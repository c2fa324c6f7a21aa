"""How the guest pays: cash (where to put it) or card (a QR code on the next screen).

Touching "cash" is the guest's confirmation: the visit is committed there and then.
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.guest import VisitDraft
from screens.base import KioskScreen, while_shown


class PaymentScreen(KioskScreen):
    """Cash or card for the draft's amount."""

    CSS_PATH = "payment.tcss"

    def __init__(self, draft: VisitDraft) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        words = self.app.words
        with Vertical(id="payment"):
            title = "membership.payment_title" if self.draft.joining else "payment.title"
            yield Static(words(title, amount=words.money(self.draft.amount)), classes="title")
            yield Static(words("payment.cash_where"), id="cash-where")
            with Horizontal(id="methods"):
                yield self.button("payment.cash", "1", id="cash", classes="method",
                                  variant="primary")
                if self.app.config.card.enabled:
                    yield self.button("payment.card", "2", id="card", classes="method",
                                      variant="primary")
            with Horizontal(classes="nav"):
                yield self.button("payment.back", "backspace", id="back")

    @on(Button.Pressed, ".method")
    @while_shown
    def choose(self, event: Button.Pressed) -> None:
        self.app.go_on("payment", self.draft.with_method(event.button.id))

    @on(Button.Pressed, "#back")
    @while_shown
    def back(self) -> None:
        self.app.go_back("payment", self.draft)
