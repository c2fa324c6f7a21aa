"""Card: a QR code of the payment link with the amount filled in (or an EPC code), the amount
beside it, and "I have paid", which commits the visit.

Paying on a phone takes minutes, so this screen is not reset by the guest's idle time: after
`[kiosk] card_wait` without a touch it asks "Avez-vous payé ?" (screens/guest/paid.py). However it
is left without "I have paid" (back, cancel, silence, the volunteers' key then an idle reset), the
amount is written as an abandoned card payment: no visit, but the closing lists it beside the card
comparison, in case the guest paid and walked away.
"""

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widgets import Button, Digits, Static

from kiosk.guest import VisitDraft
from kiosk.settings.payment import card_request, qr_matrix
from screens.base import KioskScreen, while_shown
from screens.guest.paid import PaidQuestion
from screens.guest.qr import QRCode

SIDE_COLUMNS = 36  # what the amount and the buttons beside the code need
UNDER_ROWS = 12  # what the title, the words and the buttons under the code need (narrow)
EPC_NOTE_ROWS = 4  # and the note about a SEPA transfer's code


def code_room(size: Size) -> tuple[int, int]:
    """The columns and rows a screen of `size` gives the code (the amount and the buttons take
    the rest beside it; narrow, the code is drawn in half blocks anyway)."""
    return size.width - SIDE_COLUMNS, size.height - 1


class CardScreen(KioskScreen):
    """Scan, pay on the phone, then confirm."""

    CSS_PATH = "card.tcss"
    PATIENCE = "own"  # the app's idle reset leaves it alone: it keeps its own time

    def __init__(self, draft: VisitDraft) -> None:
        super().__init__()
        self.draft = draft
        self.shown_at = 0.0
        self.visit_recorded = False
        self.code_size = 0  # modules a side, quiet zone included, once composed

    def compose(self) -> ComposeResult:
        words = self.app.words
        request = card_request(self.app.config.card, self.draft.amount)
        amount = words.money(self.draft.amount)
        with Horizontal(id="card"):
            code = QRCode(qr_matrix(request.payload), id="qr", room=code_room(self.app.size))
            self.code_size = len(code.modules)
            yield code
            with Vertical(id="card-side"):
                # A membership is paid through the same link, with its own words.
                joining = self.draft.joining
                yield Static(words("membership.card_title" if joining else "card.title",
                                   amount=amount), classes="title")
                yield Digits(amount, id="card-amount")
                yield Static(words("membership.card_scan" if joining else "card.scan",
                                   amount=amount), id="card-scan")
                if request.epc:
                    yield Static(words("card.epc_note"), id="epc-note")
                yield self.button("card.paid", "enter", id="paid", variant="primary")
                yield self.button("card.back", "backspace", id="back")

    def smallest(self) -> tuple[int, int] | None:
        """The size this screen needs below NARROW columns, where the words go under the code
        (half blocks: a character a module wide, a row two modules tall); None: a guest's."""
        if not self.code_size or self.app.size.width >= self.NARROW:
            return None
        under = UNDER_ROWS + (EPC_NOTE_ROWS if self.query("#epc-note") else 0)
        return self.code_size, (self.code_size + 1) // 2 + under

    def on_resize(self, event: events.Resize) -> None:
        # A tablet turned while the code is shown: redrawn whole for the new size.
        self.query_one("#qr", QRCode).fit(code_room(event.size))

    def on_screen_resume(self) -> None:
        # Uncovered (the "have you paid?" question, "écran trop petit"): the size may have
        # changed meanwhile.
        self.query_one("#qr", QRCode).fit(code_room(self.app.size))

    def on_mount(self) -> None:
        self.shown_at = self.app.monotonic()
        self.set_interval(self.app.idle_tick, self.check_wait)

    def check_wait(self) -> None:
        """After `card_wait` without a touch, ask whether the guest has paid."""
        app = self.app
        if app.screen is self and app.idle_for() >= app.config.kiosk.card_wait:
            app.push_screen(PaidQuestion(self.draft.amount), callback=self.answered)

    def answered(self, answer: str | None) -> None:
        if answer == "paid":
            self.paid()
        elif answer in ("cancel", "silence"):
            self.app.reset_to_welcome()  # written as abandoned as the screen goes
        # "not yet": the code again; the tap was a touch, so the wait starts over

    @on(Button.Pressed, "#paid")
    @while_shown
    def paid(self) -> None:
        self.app.go_on("card", self.draft)
        # Committed when the app moved on; a disk that refused keeps the guest here.
        self.visit_recorded = self.app.screen is not self

    @on(Button.Pressed, "#back")
    @while_shown
    def back(self) -> None:
        self.app.go_back("card", self.draft)

    def on_unmount(self) -> None:
        if not self.visit_recorded:
            seconds = self.app.monotonic() - self.shown_at
            self.app.record_abandoned_card(self.draft.amount, seconds,
                                           "membership" if self.draft.joining else "meal")
