"""Cash movements: the opening float, and cash put in or taken out during the service, with why."""

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Footer, Input, Select, Static

from kiosk.errors import KioskError
from kiosk.service_report import current_service, service_tally
from kiosk.volunteer_forms import movement_from_form
from screens.volunteer_base import VolunteerScreen, money_of, thresholds_of

KIND_WORDS = {"float": "opening float", "in": "put in", "out": "taken out"}


class CashScreen(VolunteerScreen):
    """The cash box of the open service: its movements, what it should hold, a new movement."""

    CSS_PATH = "cash.tcss"

    def compose(self) -> ComposeResult:
        yield Static("Cash movements · this service", id="title")
        yield DataTable(id="movements", cursor_type="none")
        yield Static("", id="expected")
        with Horizontal(id="form"):
            yield Select([(words, kind) for kind, words in KIND_WORDS.items()], value="float",
                         allow_blank=False, id="kind")
            yield Input(placeholder="Amount", id="amount")
            yield Input(placeholder="Why (needed to put in or take out)", id="reason")
            yield Button("Record", id="record", variant="primary")
        yield Static("", id="status")
        yield Button("Back  (F3)", id="back")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#movements", DataTable).add_columns("Time", "Movement", "Amount", "Why")
        self.reload()
        self.query_one("#amount", Input).focus()

    def reload(self) -> None:
        """Show the service's movements and the cash it should hold now."""
        service = current_service(self.app.ledger)
        money = money_of(self.app)
        table = self.query_one("#movements", DataTable)
        table.clear()
        for entry in service.entries:
            if entry.kind == "cash":
                move = entry.value
                table.add_row(entry.ts[11:16], KIND_WORDS[move.kind], money(move.signed),
                              move.reason)
        figures = service_tally(service, thresholds_of(self.app))
        self.query_one("#expected", Static).update(
            f"Float {money(figures.cash_float)} + cash given {money(figures.cash)} "
            f"+ movements {money(figures.cash_moved)} = expected cash "
            f"{money(figures.expected_cash)}")

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
            status.update(str(error))
            status.add_class("problem")
            return
        status.remove_class("problem")
        status.update(f"Recorded: {KIND_WORDS[movement.kind]} {money_of(self.app)(movement.amount)}")
        amount.value = reason.value = ""
        self.reload()
