"""The running tally of the open service, with the printer's state and its queue."""

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.books.service import answer_rows, current_service, figure_rows, service_tally
from screens.volunteers.base import VolunteerScreen, back_button, thresholds_of
from screens.volunteers.paging import PageButtons


class TallyScreen(VolunteerScreen):
    """Visits, covers, roles, totals by method, average and median, brackets, survey, printer."""

    CSS_PATH = "tally.tcss"
    BINDINGS = [
        *VolunteerScreen.BINDINGS,
        Binding("r", "reload", "Refresh", id="volunteers.tally.refresh"),
    ]

    class PrinterNews(Message):
        """The printer's answer, sent from the worker thread, with the receipts that waited too
        long for it."""

        def __init__(self, text: str, unprinted: list[tuple[str, str]]) -> None:
            super().__init__()
            self.text = text
            self.unprinted = unprinted

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        # People and money on the left; brackets, the cash box and the survey on the right:
        # every figure in sight on a 80x24 console.
        with Horizontal(id="columns"):
            yield DataTable(id="figures", show_header=False, cursor_type="none")
            with Vertical(id="right"):
                yield DataTable(id="box", show_header=False, cursor_type="none")
                yield DataTable(id="answers", show_header=False, cursor_type="none")
                # A sentence, not a table's row: it wraps instead of being cut.
                yield Static(id="no-answers")
            # Longer than the screen once the survey has answers: paged by taps.
            yield PageButtons("#right", upright=True, id="right-pages")
        with Vertical(id="printer"):
            yield Static(id="printer-state")
            with Horizontal(id="unprinted-row"):
                yield OptionList(id="unprinted")
                yield Button(self.app.words("printer.print_unprinted"), id="print-unprinted")
        # Back first: it stays in sight on a 80-column screen whatever the printer says.
        with Horizontal(id="buttons"):
            yield back_button(self.app)
            with Horizontal(id="printer-buttons"):
                yield Button(self.app.words("tally.reprint"), id="reprint")
                yield Button(self.app.words("tally.retry"), id="retry")
        yield Footer()

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.add_columns("what", "figure")
        self.query_one("#printer").display = self.app.printer is not None
        self.query_one("#printer-buttons").display = self.app.printer is not None
        self.show_unprinted([])
        self.action_reload()
        self.set_interval(10.0, self.action_reload)

    def action_reload(self) -> None:
        """Read the ledger again and show the figures as they are now."""
        service = current_service(self.app.ledger)
        thresholds = thresholds_of(self.app)
        words = self.app.words
        figures = service_tally(service, thresholds)
        self.query_one("#title", Static).update(
            words("tally.title", day=service.day, number=service.number))
        rows = figure_rows(figures, words, thresholds)
        split = rows.index((words("tally.brackets"), ""))  # the brackets head the right column
        self.show(self.query_one("#figures", DataTable), rows[:split])
        self.show(self.query_one("#box", DataTable), rows[split:])
        answers = answer_rows(figures, self.app.config.survey, words.language)
        self.show(self.query_one("#answers", DataTable), answers)
        self.query_one("#answers").display = bool(answers)
        self.query_one("#no-answers", Static).update("" if answers else words("tally.no_answers"))
        if self.app.printer is not None:
            self.ask_printer("state", words=words)

    @staticmethod
    def show(table: DataTable, rows) -> None:
        table.clear()
        for label, value in rows:
            table.add_row(label, value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            self.dismiss()
        elif event.button.id in ("reprint", "retry", "print-unprinted"):
            self.printer_asked(event.button.id)

    def printer_asked(self, what: str) -> None:
        """A printer button: say it is working, then ask the printer in a worker."""
        unprinted = ""
        if what == "print-unprinted":
            listed = self.query_one("#unprinted", OptionList)
            if listed.highlighted is None:
                return
            what, unprinted = "unprinted", listed.get_option_at_index(listed.highlighted).id
        self.query_one("#printer-state", Static).update(self.app.words("tally.working"))
        self.ask_printer(what, unprinted, self.app.words)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def ask_printer(self, what: str, unprinted: str = "", words=None) -> None:
        """Talk to the printer off the UI thread (it may take up to its timeout)."""
        from screens.volunteers.printing import printer_request, unprinted_receipts

        text = printer_request(self.app, what, words, unprinted)
        self.post_message(self.PrinterNews(text, unprinted_receipts(self.app, words)))

    def on_tally_screen_printer_news(self, message: PrinterNews) -> None:
        self.query_one("#printer-state", Static).update(message.text)
        self.show_unprinted(message.unprinted)

    def show_unprinted(self, unprinted: list[tuple[str, str]]) -> None:
        """List the receipts that waited too long; the list and its button only when there are."""
        listed = self.query_one("#unprinted", OptionList)
        kept = listed.highlighted
        listed.clear_options()
        listed.add_options([Option(text, id=name) for name, text in unprinted])
        if unprinted:
            listed.highlighted = min(kept or 0, len(unprinted) - 1)
        self.query_one("#unprinted-row").display = bool(unprinted)
