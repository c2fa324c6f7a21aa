"""Closing the service: count the cash box by denomination, compare, explain, confirm, Z report.

The totals are computed as the volunteers type. A difference (cash or card) needs an explanation
and a second confirmation. The closing is written by `kiosk.closing.close_service`; its Z report
is saved under exports/, sent to the printer when there is one, and shown on screen.
"""

from textual import work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, Static

from kiosk.closing import close_service, denominations_for
from kiosk.errors import KioskError
from kiosk.service_report import current_service, service_tally
from kiosk.volunteer_forms import CountCheck, check_count
from kiosk.zreport import for_printer, signed, write_z_report, z_report
from screens.volunteer_base import VolunteerScreen, money_of, thresholds_of
from screens.volunteer_dialogs import ConfirmDialog, ReportDialog


class ClosingScreen(VolunteerScreen):
    """The cash count and the card total of the open service, then its closing (Z)."""

    CSS_PATH = "closing.tcss"

    class Printed(Message):
        """What the printer did with the Z report (sent from the worker thread)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.denominations = ()
        self.figures = None

    def compose(self) -> ComposeResult:
        self.denominations = tuple(reversed(denominations_for(self.app.config.cantine.currency)))
        money = money_of(self.app)
        yield Static(id="title")
        with Horizontal(id="columns"):
            with Grid(id="count"):
                for cents in self.denominations:
                    yield Label(money(cents), classes="denomination")
                    yield Input(placeholder="0", id=f"d{cents}", classes="how-many", compact=True,
                                restrict=r"[0-9]*", max_length=6)
                    yield Label("", id=f"v{cents}", classes="value")
            with Vertical(id="check"):
                yield Static(id="cash")
                yield Label("Card total reported by the payment provider:")
                yield Input(placeholder="0", id="card-declared")
                yield Static(id="card")
                yield Label("Explanation of any difference:")
                yield Input(placeholder="for example: 5 € given back as change twice",
                            id="explanation")
                yield Static("", id="status")
                with Horizontal(id="buttons"):
                    yield Button("Close the service", id="close", variant="warning")
                    yield Button("Back  (F3)", id="back")
        yield Footer()

    def on_mount(self) -> None:
        service = current_service(self.app.ledger)
        self.figures = service_tally(service, thresholds_of(self.app))
        self.query_one("#title", Static).update(
            f"Closing · {service.day} · service {service.number} · "
            f"{self.figures.visits} visits, {self.figures.covers} covers")
        self.update_check()
        self.query_one(f"#d{self.denominations[0]}", Input).focus()

    def typed_counts(self) -> dict[int, str]:
        return {d: self.query_one(f"#d{d}", Input).value for d in self.denominations}

    def current_check(self) -> CountCheck:
        """The count as typed so far, against the service's figures (FormError if unreadable)."""
        return check_count(self.figures, self.typed_counts(),
                           self.query_one("#card-declared", Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.update_check()

    def update_check(self) -> None:
        """Recompute each line, the counted total and both differences, as they type."""
        money = money_of(self.app)
        for cents, text in self.typed_counts().items():
            count = int(text) if text.isdigit() else 0
            self.query_one(f"#v{cents}", Label).update(money(cents * count) if count else "")
        try:
            check = self.current_check()
        except KioskError as error:
            self.say(str(error), problem=True)
            return
        self.say("")
        self.query_one("#cash", Static).update(
            f"Counted cash   {money(check.counted_cash)}\n"
            f"Expected cash  {money(check.expected_cash)}\n"
            f"  (float {money(self.figures.cash_float)} + cash given {money(self.figures.cash)}"
            f" + movements {money(self.figures.cash_moved)})\n"
            f"Difference     {signed(check.cash_difference, money)}")
        self.query_one("#card", Static).update(
            f"Card recorded by the kiosk  {money(check.card_recorded)}\n"
            f"Difference                  {signed(check.card_difference, money)}")

    def say(self, text: str, problem: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(problem, "problem")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            self.dismiss()
        elif event.button.id == "close":
            self.ask_to_close()

    def ask_to_close(self) -> None:
        """Close at once when all matches; a difference needs a reason and a second yes."""
        money = money_of(self.app)
        service = current_service(self.app.ledger)
        if not service.entries:
            self.say("Nothing to close: this service has no entries yet.", problem=True)
            return
        # Read again: a visit may have come in from another kiosk since the screen opened.
        self.figures = service_tally(service, thresholds_of(self.app))
        self.update_check()
        try:
            check = self.current_check()
        except KioskError as error:
            self.say(str(error), problem=True)
            return
        explanation = self.query_one("#explanation", Input).value.strip()
        if not check.differs:
            self.close_now(check, explanation)
            return
        gaps = (f"cash {signed(check.cash_difference, money)}, "
                f"card {signed(check.card_difference, money)}")
        if not explanation:
            self.say(f"The count differs ({gaps}): write why in the explanation first.",
                     problem=True)
            self.query_one("#explanation", Input).focus()
            return
        question = (f"The count differs: {gaps}.\nExplanation: {explanation}\n\n"
                    f"Close the service with this difference? It cannot be changed afterwards.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.close_now(check, explanation)

        self.app.push_screen(ConfirmDialog(question, "Yes, close with this difference"), confirmed)

    def close_now(self, check: CountCheck, explanation: str) -> None:
        """Write the closing, save its Z report, print it or show it."""
        counts = {str(d): int(t) for d, t in self.typed_counts().items() if t.isdigit() and int(t)}
        try:
            entry = close_service(self.app.ledger, counts, check.card_declared, explanation,
                                  thresholds_of(self.app))
        except KioskError as error:
            self.say(str(error), problem=True)
            return
        report = z_report(entry, self.app.config.cantine.name, money_of(self.app))
        path = write_z_report(report, self.app.ledger.folder.parent)
        if self.app.printer is not None:
            note = f"Z {entry.value.z} saved in {path}. Printing…"
            self.print_report(report)
        else:
            note = f"Z {entry.value.z} saved in {path}. No printer: here it is."
        self.app.push_screen(ReportDialog(report.text(), note), self.after_report)

    def after_report(self, _: None) -> None:
        """The report was read: back to the area's menu, which now shows the next service."""
        self.dismiss()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def print_report(self, report) -> None:
        """Send the Z report to the printer off the UI thread (it queues it if it cannot print)."""
        outcome = self.app.printer.print_z_report(for_printer(report))
        words = f"Printer: {outcome.status}" + (f" ({outcome.error})" if outcome.error else "")
        self.post_message(self.Printed(words))

    def on_closing_screen_printed(self, message: Printed) -> None:
        self.app.notify(message.text)
        if isinstance(self.app.screen, ReportDialog):
            self.app.screen.query_one("#note", Static).update(message.text)
