"""Cash movements: the opening float, and cash put in or taken out during the service, with why."""

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Footer, Input, Select, Static

from kiosk.books.forms import movement_from_form
from kiosk.books.service import current_service, service_tally
from kiosk.errors import KioskError
from screens.volunteers.base import (
    VolunteerScreen,
    back_label,
    problem_words,
    thresholds_of,
    typed_into,
)

KINDS = ("float", "in", "out")


class CashScreen(VolunteerScreen):
    """The cash box of the open service: its movements, what it should hold, a new movement."""

    CSS_PATH = "cash.tcss"

    def compose(self) -> ComposeResult:
        words = self.app.words
        yield Static(words("cash.title"), id="title")
        yield DataTable(id="movements", cursor_type="none")
        yield Static("", id="expected")
        with Horizontal(id="form"):
            yield Select([(words(f"cash.kind_{kind}"), kind) for kind in KINDS], value="float",
                         allow_blank=False, id="kind")
            yield Input(placeholder=words("volunteers.amount"), id="amount")
            yield Input(placeholder=words("cash.reason"), id="reason")
            yield Button(words("volunteers.record"), id="record", variant="primary")
        yield Static("", id="status")
        yield Button(back_label(self.app), id="back")
        yield Footer()

    def holds_unsaved_input(self) -> bool:
        return typed_into(self, "#amount", "#reason")

    def on_mount(self) -> None:
        words = self.app.words
        self.query_one("#movements", DataTable).add_columns(*(words(key) for key in (
            "volunteers.time", "cash.movement", "volunteers.amount", "volunteers.why")))
        self.reload()
        self.query_one("#amount", Input).focus()

    def reload(self) -> None:
        """Show the service's movements and the cash it should hold now."""
        service = current_service(self.app.ledger)
        words = self.app.words
        money = words.money
        table = self.query_one("#movements", DataTable)
        table.clear()
        for entry in service.entries:
            if entry.kind == "cash":
                move = entry.value
                table.add_row(entry.ts[11:16], words(f"cash.kind_{move.kind}"), money(move.signed),
                              move.reason)
        figures = service_tally(service, thresholds_of(self.app))
        self.query_one("#expected", Static).update(words(
            "cash.expected", float=money(figures.cash_float), cash=money(figures.cash),
            moved=money(figures.cash_moved), expected=money(figures.expected_cash)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            self.dismiss()
        elif event.button.id == "record":
            self.record()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.record()

    def record(self) -> None:
        """Write the movement typed in the form, or say why not (nothing written)."""
        status = self.query_one("#status", Static)
        amount, reason = self.query_one("#amount", Input), self.query_one("#reason", Input)
        try:
            movement = movement_from_form(self.query_one("#kind", Select).value, amount.value,
                                          reason.value, self.app.config.contribution.ceiling)
            self.app.ledger.append(movement)
        except KioskError as error:
            status.update(problem_words(self.app, error))
            status.add_class("problem")
            return
        status.remove_class("problem")
        words = self.app.words
        status.update(words("cash.recorded", kind=words(f"cash.kind_{movement.kind}"),
                            amount=words.money(movement.amount)))
        amount.value = reason.value = ""
        self.reload()
