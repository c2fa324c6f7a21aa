"""Welcome to the association: the membership number in large digits, to note down, and a
printed slip with a line for the name if the member wants one (no by default).

The number stays until the member taps "done" or the kiosk's idle time passes: noting it down
takes longer than a thank you. The slip is printed by a worker thread, like a receipt.
"""

import logging
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Digits, Static
from textual.worker import Worker, WorkerState

from kiosk.ledger.entries import Entry
from screens.base import KioskScreen, while_shown

log = logging.getLogger("kiosk.joined")


class JoinedScreen(KioskScreen):
    """The membership `entry` is on disk: its number, and a slip when there is a printer."""

    CSS_PATH = "joined.tcss"

    @dataclass
    class Printed(Message):
        """How the slip's job ended: True when it reached paper."""

        printed: bool

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry

    @property
    def offers_slip(self) -> bool:
        """Whether a slip can be asked for: a printer, and receipts not turned off."""
        return self.app.has_printer and self.app.config.printer.receipt != "never"

    def compose(self) -> ComposeResult:
        words = self.app.words
        with Vertical(id="joined"):
            yield Static(words("membership.welcome"), id="joined-title")
            yield Static(words("membership.number_intro"), id="number-intro")
            yield Digits(self.entry.value.number, id="member-number")
            yield Static(words("membership.note_down"), id="note-down")
            if self.offers_slip:
                yield Static(words("membership.slip_ask"), id="slip-question")
            with Horizontal(classes="nav"):
                if self.offers_slip:
                    yield self.button("membership.slip_yes", "r", id="slip")
                yield self.button("membership.done", "enter", id="done", variant="primary")
            yield Static("", id="slip-status")

    @on(Button.Pressed, "#slip")
    def slip_wanted(self, event: Button.Pressed) -> None:
        event.button.disabled = True
        from kiosk.books.memberships import membership_slip_for

        self.query_one("#slip-status", Static).update(self.app.words("membership.slip_printing"))
        self.send_to_printer(membership_slip_for(self.entry, self.app.config, self.app.words))

    @on(Button.Pressed, "#done")
    @while_shown
    def done(self) -> None:
        self.app.reset_to_welcome()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def send_to_printer(self, slip) -> None:
        """Hand the slip to the print service; blocking, bounded by the printer's timeout."""
        outcome = self.app.printer.print_membership_slip(slip)
        self.post_message(self.Printed(bool(getattr(outcome, "printed", False))))

    def on_joined_screen_printed(self, message: Printed) -> None:
        if not message.printed:
            self.query_one("#slip-status", Static).update(
                self.app.words("thanks.printer_resting"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            log.error("membership slip not printed: %s", event.worker.error)
            self.query_one("#slip-status", Static).update(
                self.app.words("thanks.printer_resting"))
