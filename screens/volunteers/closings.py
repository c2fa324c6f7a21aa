"""The closing list: the ledger's last closings, each Z report shown again or reprinted.

A reprint is marked as a duplicate; it goes through the print service like any Z report, so it
waits in the queue (and never expires) when the printer is away.
"""

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.books.zreport import for_printer, recent_closings, z_report
from kiosk.settings.printer_words import outcome_in_words
from screens.volunteers.base import VolunteerScreen, back_button
from screens.volunteers.dialogs import ReportDialog
from screens.volunteers.paging import PageButtons


class ClosingsScreen(VolunteerScreen):
    """The last closings, newest first; Show or Reprint the highlighted one."""

    CSS_PATH = "closings.tcss"

    class Printed(Message):
        """What the printer did with the reprint (sent from the worker thread)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.closings = []

    def compose(self) -> ComposeResult:
        words = self.app.words
        yield Static(words("closings.title"), id="title")
        with Horizontal(id="closings-box"):  # a year of closings is paged by taps
            yield OptionList(id="closings")
            yield PageButtons("#closings", upright=True, id="closings-pages")
        yield Static("", id="status")
        with Horizontal(id="buttons"):
            yield Button(words("closings.show"), id="show")
            if self.app.printer is not None:
                yield Button(words("closings.reprint"), id="reprint-z", variant="primary")
            yield back_button(self.app)
        yield Footer()

    def on_mount(self) -> None:
        words = self.app.words
        self.closings = recent_closings(self.app.ledger)
        listed = self.query_one("#closings", OptionList)
        listed.add_options([
            Option(words("closings.item", z=e.value.z, day=e.day, service=e.service,
                         total=words.money(e.value.totals.get("total", 0))), id=str(index))
            for index, e in enumerate(self.closings)])
        if self.closings:
            listed.highlighted = 0
            listed.focus()
        else:
            self.query_one("#status", Static).update(words("closings.none"))

    def chosen(self):
        """The highlighted closing entry, or None."""
        index = self.query_one("#closings", OptionList).highlighted
        return self.closings[index] if index is not None and self.closings else None

    def report_of(self, entry, duplicate: bool = False):
        """The Z report of `entry`, worded as at the closing, in the app's language."""
        words, cantine = self.app.words, self.app.config.cantine
        return z_report(entry, cantine.name, words.money, words, cantine.identity(), duplicate)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.show()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            self.dismiss()
        elif event.button.id == "show":
            self.show()
        elif event.button.id == "reprint-z" and (entry := self.chosen()) is not None:
            self.query_one("#status", Static).update(self.app.words("tally.working"))
            self.reprint(self.report_of(entry, duplicate=True))

    def show(self) -> None:
        """The highlighted Z report on screen, as it was printed."""
        entry = self.chosen()
        if entry is not None:
            self.app.push_screen(ReportDialog(self.report_of(entry).text(), ""))

    @work(thread=True, exclusive=True, exit_on_error=False)
    def reprint(self, report) -> None:
        """Send the duplicate to the print service off the UI thread."""
        words = self.app.words
        outcome = self.app.printer.print_z_report(for_printer(report))
        self.post_message(self.Printed(outcome_in_words(words, outcome)))

    def on_closings_screen_printed(self, message: Printed) -> None:
        self.query_one("#status", Static).update(message.text)
