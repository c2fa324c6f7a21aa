"""Card: a QR code of the payment link with the amount filled in (or an EPC code), the amount
beside it, and "I have paid", which commits the visit."""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Digits, Static

from kiosk.guest import VisitDraft
from kiosk.settings.payment import card_request, qr_matrix
from screens.base import KioskScreen, while_shown
from screens.guest.qr import QRCode

SIDE_COLUMNS = 36  # what the amount and the buttons beside the code need


class CardScreen(KioskScreen):
    """Scan, pay on the phone, then confirm."""

    CSS_PATH = "card.tcss"

    def __init__(self, draft: VisitDraft) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        words = self.app.words
        request = card_request(self.app.config.card, self.draft.amount)
        amount = words.money(self.draft.amount)
        width, height = self.app.size
        with Horizontal(id="card"):
            yield QRCode(qr_matrix(request.payload), id="qr",
                         room=(width - SIDE_COLUMNS, height - 1))
            with Vertical(id="card-side"):
                yield Static(words("card.title", amount=amount), classes="title")
                yield Digits(amount, id="card-amount")
                yield Static(words("card.scan", amount=amount), id="card-scan")
                if request.epc:
                    yield Static(words("card.epc_note"), id="epc-note")
                yield self.button("card.paid", "enter", id="paid", variant="primary")
                yield self.button("card.back", "backspace", id="back")

    @on(Button.Pressed, "#paid")
    @while_shown
    def paid(self) -> None:
        self.app.go_on("card", self.draft)

    @on(Button.Pressed, "#back")
    @while_shown
    def back(self) -> None:
        self.app.go_back("card", self.draft)
