"""The running tally of the open service, with the printer's state and its queue."""

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Footer, Static

from kiosk.service_report import current_service, service_tally, tally_rows
from screens.volunteer_base import VolunteerScreen, money_of, thresholds_of


class TallyScreen(VolunteerScreen):
    """Visits, covers, roles, totals by method, average and median, brackets, survey, printer."""

    CSS_PATH = "tally_view.tcss"
    BINDINGS = [
        *VolunteerScreen.BINDINGS,
        Binding("r", "reload", "Refresh", id="volunteers.tally.refresh"),
    ]

    class PrinterNews(Message):
        """The printer's answer, sent from the worker thread."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal(id="columns"):
            yield DataTable(id="figures", show_header=False, cursor_type="none")
            yield DataTable(id="answers", show_header=False, cursor_type="none")
        with Vertical(id="printer"):
            yield Static(id="printer-state")
            with Horizontal(id="printer-buttons"):
                yield Button("Reprint last receipt", id="reprint")
                yield Button("Retry the queue", id="retry")
        yield Button("Back  (F3)", id="back")
        yield Footer()

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.add_columns("what", "figure")
        self.query_one("#printer").display = self.app.printer is not None
        self.action_reload()
        self.set_interval(10.0, self.action_reload)

    def action_reload(self) -> None:
        """Read the ledger again and show the figures as they are now."""
        service = current_service(self.app.ledger)
        thresholds = thresholds_of(self.app)
        rows = tally_rows(service_tally(service, thresholds), money_of(self.app), thresholds,
                          self.app.config.survey, getattr(self.app, "language", "en"))
        split = next((i for i, (label, _) in enumerate(rows) if label == "Cash box"), len(rows))
        split = next((i for i, (label, v) in enumerate(rows[split + 1:], split + 1)
                      if not v and not label.startswith(" ")), len(rows))
        self.query_one("#title", Static).update(
            f"Running tally · {service.day} · service {service.number}")
        self.show(self.query_one("#figures", DataTable), rows[:split])
        self.show(self.query_one("#answers", DataTable),
                  rows[split:] or [("No survey answers yet", "")])
        if self.app.printer is not None:
            self.ask_printer("state")

    @staticmethod
    def show(table: DataTable, rows) -> None:
        table.clear()
        for label, value in rows:
            table.add_row(label, value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            self.dismiss()
        elif event.button.id in ("reprint", "retry"):
            from screens.printer_words import last_receipt

            receipt = last_receipt(self.app) if event.button.id == "reprint" else None
            self.query_one("#printer-state", Static).update("Printer: working…")
            self.ask_printer(event.button.id, receipt)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def ask_printer(self, what: str, receipt=None) -> None:
        """Talk to the printer off the UI thread (it may take up to its timeout)."""
        from screens.printer_words import printer_request

        self.post_message(self.PrinterNews(printer_request(self.app, what, receipt)))

    def on_tally_screen_printer_news(self, message: PrinterNews) -> None:
        self.query_one("#printer-state", Static).update(message.text)
