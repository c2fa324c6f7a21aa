"""How the guest pays: cash (where to put it) or card (a QR code on the next screen).

Touching "cash" is the guest's confirmation: the visit is committed there and then.
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.guest import VisitDraft
from screens.base import StepScreen, while_shown


class PaymentScreen(StepScreen):
    """Cash or card for the draft's amount."""

    CSS_PATH = "payment.tcss"

    def __init__(self, draft: VisitDraft | None) -> None:
        super().__init__(draft)
        self.draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(id="payment"):
            yield Static(classes="title", id="payment-title")
            yield Static(id="cash-where")
            with Horizontal(id="methods"):
                yield self.button("payment.cash", "1", id="cash", classes="method",
                                  variant="primary")
                if self.app.config.card.enabled:
                    yield self.button("payment.card", "2", id="card", classes="method",
                                      variant="primary")
            with Horizontal(classes="nav"):
                yield self.button("payment.back", "backspace", id="back")

    def reset(self, value: VisitDraft) -> None:
        self.draft = self.value = value
        words = self.app.words
        title = "membership.payment_title" if value.joining else "payment.title"
        self.say("#payment-title", words(title, amount=words.money(value.amount)))
        self.say("#cash-where", words("payment.cash_where"))
        self.relabel("#cash", "payment.cash")
        if self.app.config.card.enabled:
            self.relabel("#card", "payment.card")
        self.relabel("#back", "payment.back")

    @on(Button.Pressed, ".method")
    @while_shown
    def choose(self, event: Button.Pressed) -> None:
        self.app.go_on("payment", self.draft.with_method(event.button.id))

    @on(Button.Pressed, "#back")
    @while_shown
    def back(self) -> None:
        self.app.go_back("payment", self.draft)
