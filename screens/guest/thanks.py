"""Thanks, and a receipt only if the guest asks (no by default); back to welcome by itself.

The receipt is printed by a worker thread: thanks is never kept waiting for the printer, and a
printer that fails gets one short, kind line, since the contribution is already recorded.
"""

import logging
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from kiosk.guest import membership_offered, receipt_for
from kiosk.ledger.entries import Entry
from screens.base import KioskScreen, while_shown


class ThanksScreen(KioskScreen):
    """Merci; "would you like a receipt?" when the cantine asks and has a printer."""

    CSS_PATH = "thanks.tcss"

    @dataclass
    class Printed(Message):
        """How the receipt job ended: True when it reached paper."""

        printed: bool

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry

    @property
    def policy(self) -> str:
        """ask, always or never; never when there is no printer to hand a receipt to."""
        return self.app.config.printer.receipt if self.app.printer is not None else "never"

    def compose(self) -> ComposeResult:
        words = self.app.words
        with Vertical(id="thanks"):
            yield Static(words("thanks.title"), id="thanks-title")
            # "Bon appétit" is for those who eat; a guest who only cooks is thanked for it.
            cooks_only = getattr(self.entry.value, "role", "") == "cook"
            yield Static(words("thanks.goodbye_cook" if cooks_only else "thanks.goodbye"),
                         id="goodbye")
            if self.policy == "ask":
                yield Static(words("thanks.receipt_ask"), id="receipt-question")
            with Horizontal(classes="nav"):
                if self.policy == "ask":
                    yield self.button("thanks.receipt_yes", "r", id="receipt")
                if membership_offered(self.entry, self.app.config.membership):
                    # An offer after the meal is recorded: the common path is no longer.
                    yield self.button("thanks.join", "a", id="join")
                yield self.button("thanks.done", "enter", id="done", variant="primary")
            yield Static("", id="receipt-status")

    def on_mount(self) -> None:
        self.set_timer(self.app.config.kiosk.thanks_seconds, self.app.reset_to_welcome)
        if self.policy == "always":
            self.print_receipt()

    @on(Button.Pressed, "#receipt")
    def receipt_wanted(self, event: Button.Pressed) -> None:
        event.button.disabled = True
        self.print_receipt()

    @on(Button.Pressed, "#done")
    @while_shown
    def done(self) -> None:
        self.app.reset_to_welcome()

    @on(Button.Pressed, "#join")
    @while_shown
    def join(self) -> None:
        self.app.begin_joining()

    def print_receipt(self) -> None:
        """Build the receipt here (UI thread: it reads the app) and print it in a worker."""
        self.query_one("#receipt-status", Static).update(self.app.words("thanks.printing"))
        number = self.app.receipt_number(self.entry)
        self.send_to_printer(receipt_for(self.entry, self.app.config, self.app.words, number))

    @work(thread=True, exclusive=True, exit_on_error=False)
    def send_to_printer(self, receipt) -> None:
        """Hand the receipt to the print service; blocking, bounded by the printer's timeout."""
        outcome = self.app.printer.print_receipt(receipt)
        self.post_message(self.Printed(bool(getattr(outcome, "printed", False))))

    def on_thanks_screen_printed(self, message: Printed) -> None:
        if not message.printed:
            self.query_one("#receipt-status", Static).update(
                self.app.words("thanks.printer_resting"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            # The printer service itself failed: the guest only needs to know nothing is lost.
            logging.getLogger("kiosk.thanks").error("receipt not printed: %s",
                                                    event.worker.error)
            self.query_one("#receipt-status", Static).update(
                self.app.words("thanks.printer_resting"))
