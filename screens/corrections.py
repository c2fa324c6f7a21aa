"""Corrections: the open service's visits (time, role, covers, amount, method: nothing else),
voiding one with a reason, and a visit entered by hand."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Footer, Static

from kiosk.errors import KioskError
from kiosk.service_report import current_service
from screens.volunteer_base import VolunteerScreen, money_of
from screens.volunteer_dialogs import ReasonDialog, VisitDialog

ROLE_WORDS = {"eat": "eats", "cook": "cooks", "both": "cooks and eats"}
METHOD_WORDS = {"cash": "cash", "card": "card", "none": "nothing"}


class CorrectionsScreen(VolunteerScreen):
    """The service's visits; a void asks a reason; a hand-entered visit uses `kiosk record`'s form."""

    CSS_PATH = "corrections.tcss"
    BINDINGS = [
        *VolunteerScreen.BINDINGS,
        Binding("v", "void", "Void selected", id="volunteers.corrections.void"),
        Binding("a", "add", "Add a visit", id="volunteers.corrections.add"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Corrections · this service's visits", id="title")
        yield DataTable(id="visits", cursor_type="row", zebra_stripes=True)
        yield Static("", id="status")
        with Horizontal(id="buttons"):
            yield Button("Void the selected visit  (v)", id="void", variant="error")
            yield Button("Add a visit by hand  (a)", id="add", variant="primary")
            yield Button("Back  (F3)", id="back")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#visits", DataTable)
        table.add_columns("Time", "Role", "Covers", "Amount", "Method", "")
        self.reload()
        table.focus()

    def reload(self) -> None:
        """List the open service's visits, newest first, voided ones marked."""
        service = current_service(self.app.ledger)
        voids = {e.value.visit: e.value.reason for e in service.entries if e.kind == "void"}
        money = money_of(self.app)
        table = self.query_one("#visits", DataTable)
        table.clear()
        for entry in reversed(service.visits):
            visit = entry.value
            state = f"voided: {voids[entry.seq]}" if entry.seq in voids else ""
            table.add_row(entry.ts[11:16], ROLE_WORDS[visit.role], str(visit.covers),
                          money(visit.amount), METHOD_WORDS[visit.method], state,
                          key=str(entry.seq))

    def say(self, text: str, problem: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(problem, "problem")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"void": self.action_void, "add": self.action_add, "back": self.dismiss}[event.button.id]()

    def selected(self) -> int | None:
        table = self.query_one("#visits", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value)

    def action_void(self) -> None:
        """Ask why, then void the selected visit (a new entry; the visit stays in the ledger)."""
        seq = self.selected()
        if seq is None:
            self.say("There is no visit to void in this service.", problem=True)
            return
        row = self.query_one("#visits", DataTable).get_row(str(seq))
        what = f"the visit of {row[0]} ({row[1]}, {row[3]}, {row[4]})"

        def write(reason: str | None) -> None:
            if reason is None:
                return
            try:
                self.app.ledger.void(seq, reason)
            except KioskError as error:
                self.say(str(error), problem=True)
                return
            self.say(f"Voided {what}: {reason}")
            self.reload()

        self.app.push_screen(ReasonDialog(what), write)

    def action_add(self) -> None:
        """Record a visit typed by hand, now or at a time earlier today."""
        ledger = self.app.ledger

        def write(answer) -> None:
            if answer is None:
                return
            visit, moment = answer
            try:
                entry = ledger.append(visit, moment)
            except KioskError as error:
                self.say(str(error), problem=True)
                return
            self.say(f"Recorded visit {entry.id} at {entry.ts[11:16]}.")
            self.reload()

        self.app.push_screen(VisitDialog(self.app.config.contribution.ceiling,
                                         lambda: ledger.clock().astimezone(ledger.zone)), write)
