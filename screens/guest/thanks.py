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
from textual.timer import Timer
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from kiosk.guest import membership_offered, receipt_for, thanks_wait
from kiosk.ledger.entries import Entry
from screens.base import KeyButton, StepScreen, while_shown


class ThanksScreen(StepScreen):
    """Merci; "would you like a receipt?" when the cantine asks and has a printer."""

    CSS_PATH = "thanks.tcss"

    @dataclass
    class Printed(Message):
        """How the receipt job of the visit `seq` ended: True when it reached paper."""

        printed: bool
        seq: int = 0

    def __init__(self, entry: Entry | None) -> None:
        super().__init__(entry)
        self.entry = entry
        self.leaving: Timer | None = None
        self.jobs: dict[Worker, int] = {}  # receipts on their way, by the visit they are for

    @property
    def policy(self) -> str:
        """ask, always or never; never when there is no printer to hand a receipt to."""
        return self.app.config.printer.receipt if self.app.has_printer else "never"

    def compose(self) -> ComposeResult:
        with Vertical(id="thanks"):
            yield Static(id="thanks-title")
            yield Static(id="goodbye")
            if self.policy == "ask":
                yield Static(id="receipt-question")
            with Horizontal(classes="nav"):
                if self.policy == "ask":
                    yield self.button("thanks.receipt_yes", "r", id="receipt")
                if self.app.config.membership.enabled:
                    # An offer after the meal is recorded: the common path is no longer. Shown
                    # after a meal only (`reset`).
                    yield self.button("thanks.join", "a", id="join")
                yield self.button("thanks.done", "enter", id="done", variant="primary")
            yield Static("", id="receipt-status")

    def reset(self, value: Entry) -> None:
        self.entry = self.value = value
        words = self.app.words
        self.say("#thanks-title", words("thanks.title"))
        # "Bon appétit" is for those who eat; a guest who only cooks is thanked for it.
        cooks_only = getattr(value.value, "role", "") == "cook"
        self.say("#goodbye", words("thanks.goodbye_cook" if cooks_only else "thanks.goodbye"))
        if self.policy == "ask":
            self.say("#receipt-question", words("thanks.receipt_ask"))
            self.relabel("#receipt", "thanks.receipt_yes")
            self.query_one("#receipt", KeyButton).disabled = False
        if self.app.config.membership.enabled:
            self.relabel("#join", "thanks.join")
            self.query_one("#join").display = membership_offered(value,
                                                                 self.app.config.membership)
        self.relabel("#done", "thanks.done")
        self.say("#receipt-status", "")
        # Back to welcome by itself, counted from each guest's showing (longer while it offers
        # to join: `thanks_wait`).
        self.wait_then_leave()
        if self.policy == "always":
            self.print_receipt()

    def on_screen_suspend(self) -> None:
        # Left (not merely covered by the volunteers' PIN): the next guest's steps must never
        # be sent back to welcome by this guest's timer.
        if self not in self.app.screen_stack:
            self.stop_leaving()

    def wait_then_leave(self) -> None:
        """(Re)start the wait before welcome comes back by itself."""
        self.stop_leaving()
        self.leaving = self.set_timer(thanks_wait(self.entry, self.app.config),
                                      self.app.reset_to_welcome)

    def on_click(self) -> None:
        # A guest touching the screen is still deciding (a receipt, joining): give them the
        # whole wait again, as long as this guest is the one shown.
        if self.leaving is not None and self.app.screen is self:
            self.wait_then_leave()

    def stop_leaving(self) -> None:
        if self.leaving is not None:
            self.leaving.stop()
            self.leaving = None

    @on(Button.Pressed, "#receipt")
    @while_shown
    def receipt_wanted(self, event: Button.Pressed) -> None:
        event.button.disabled = True
        self.wait_then_leave()  # by key or touch: a receipt asked for is time to decide
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
        self.say("#receipt-status", self.app.words("thanks.printing"))
        number = self.app.receipt_number(self.entry)
        receipt = receipt_for(self.entry, self.app.config, self.app.words, number)
        self.jobs[self.send_to_printer(receipt, self.entry.seq)] = self.entry.seq

    @work(thread=True, exit_on_error=False)
    def send_to_printer(self, receipt, seq: int) -> None:
        """Hand the receipt to the print service; blocking, bounded by the printer's timeout."""
        outcome = self.app.printer.print_receipt(receipt)
        self.post_message(self.Printed(bool(getattr(outcome, "printed", False)), seq))

    def on_thanks_screen_printed(self, message: Printed) -> None:
        # A previous guest's receipt that ended late says nothing to this guest.
        if not message.printed and message.seq == self.entry.seq:
            self.say("#receipt-status", self.app.words("thanks.printer_resting"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state in (WorkerState.SUCCESS, WorkerState.CANCELLED):
            self.jobs.pop(event.worker, None)
        if event.state == WorkerState.ERROR:
            # The printer service itself failed: the guest only needs to know nothing is lost.
            logging.getLogger("kiosk.thanks").error("receipt not printed: %s",
                                                    event.worker.error)
            if self.jobs.pop(event.worker, None) == self.entry.seq:
                self.say("#receipt-status", self.app.words("thanks.printer_resting"))
