"""Cash movements: the opening float, cash put in or taken out during the service with why, and
cash taken to the bank (a "remise en banque").

A movement typed by mistake is cancelled by a correcting entry (it stays in the ledger, marked);
taking out more than the box should hold is confirmed first.
"""

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Footer, Input, Select, Static

from kiosk.books.forms import cancel_movement, movement_from_form, takes_out_more_than_held
from kiosk.books.service import current_service, service_tally
from kiosk.errors import KioskError
from kiosk.ledger.entries import CashMovement
from screens.volunteers.base import (
    VolunteerScreen,
    back_button,
    problem_words,
    thresholds_of,
    typed_into,
)
from screens.volunteers.dialogs import ConfirmDialog
from screens.volunteers.paging import PageButtons
from screens.volunteers.reasons import ReasonDialog, ReasonField
from screens.volunteers.touch_keys import TouchDigits

KINDS = ("float", "in", "out", "bank")


class CashScreen(VolunteerScreen):
    """The cash box of the open service: its movements, what it should hold, a new movement."""

    CSS_PATH = "cash.tcss"

    def compose(self) -> ComposeResult:
        words = self.app.words
        yield Static(words("cash.title"), id="title")
        with Horizontal(id="movements-box"):  # many movements are paged by taps
            yield DataTable(id="movements", cursor_type="row", zebra_stripes=True)
            yield PageButtons("#movements", upright=True, id="movements-pages")
        yield Static("", id="expected")
        with Horizontal(id="form"):
            yield Select([(words(f"cash.kind_{kind}"), kind) for kind in KINDS], value="float",
                         allow_blank=False, id="kind")
            yield Input(placeholder=words("volunteers.amount"), id="amount")
            yield Button(words("volunteers.record"), id="record", variant="primary")
        # The reason on a line of its own: its whole hint is readable on a 80x24 console.
        yield ReasonField(words("cash.reason"), "reasons.cash_float",
                          placeholder=words("cash.reason"), id="reason")
        yield Static("", id="status")
        with Horizontal(id="buttons"):
            yield Button(words("cash.cancel"), id="cancel-movement", variant="error")
            yield back_button(self.app)
        if self.app.is_web:  # a terminal has a keyboard
            yield TouchDigits()
        yield Footer()

    def holds_unsaved_input(self) -> bool:
        return typed_into(self, "#amount", "#reason")

    def on_mount(self) -> None:
        words = self.app.words
        self.query_one("#movements", DataTable).add_columns(*(words(key) for key in (
            "volunteers.time", "cash.movement", "volunteers.amount", "volunteers.why")), "")
        self.reload()
        self.query_one("#amount", Input).focus()

    def reload(self) -> None:
        """Show the service's movements (cancelled ones marked) and what the box should hold."""
        service = current_service(self.app.ledger)
        words = self.app.words
        money = words.money
        cancelled = {e.value.movement: e.value.reason for e in service.entries
                     if e.kind == "cash_cancel"}
        table = self.query_one("#movements", DataTable)
        table.clear()
        for entry in service.entries:
            if entry.kind == "cash":
                move = entry.value
                state = (words("cash.cancelled", reason=cancelled[entry.seq])
                         if entry.seq in cancelled else "")
                table.add_row(entry.ts[11:16], words(f"cash.kind_{move.kind}"), money(move.signed),
                              move.reason, state, key=str(entry.seq))
        self.figures = service_tally(service, thresholds_of(self.app))
        figures = self.figures
        # Memberships paid in cash are in the box: a term of their own, so the sum adds up.
        joined = figures.memberships.cash
        self.query_one("#expected", Static).update(words(
            "cash.expected_joined" if joined else "cash.expected",
            float=money(figures.cash_float), cash=money(figures.cash), joined=money(joined),
            moved=money(figures.cash_moved), expected=money(figures.expected_cash)))

    def say(self, text: str, problem: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(problem, "problem")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            self.dismiss()
        elif event.button.id == "record":
            self.record()
        elif event.button.id == "cancel-movement":
            self.cancel_selected()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.record()

    def on_select_changed(self, event: Select.Changed) -> None:
        # The reasons a finger is offered follow the movement's kind (none for a float).
        self.query_one("#reason", ReasonField).reasons = f"reasons.cash_{event.value}"

    def record(self) -> None:
        """Write the movement typed in the form, or say why not (nothing written); taking out
        more than the box should hold is asked again first."""
        amount, reason = self.query_one("#amount", Input), self.query_one("#reason", Input)
        try:
            movement = movement_from_form(self.query_one("#kind", Select).value, amount.value,
                                          reason.value, self.app.config.contribution.ceiling)
        except KioskError as error:
            self.say(problem_words(self.app, error), problem=True)
            return
        self.reload()  # what the box holds now, another tablet may have recorded meanwhile
        if not takes_out_more_than_held(movement, self.figures):
            self.write(movement)
            return
        money = self.app.words.money
        question = self.app.words("cash.out_more", amount=money(movement.amount),
                                  expected=money(self.figures.expected_cash))

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write(movement)

        self.app.push_screen(ConfirmDialog(question, self.app.words("cash.out_yes")), confirmed)

    def write(self, movement: CashMovement) -> None:
        """Append the movement; on success the form is emptied."""
        try:
            self.app.ledger.append(movement)
        except (KioskError, OSError) as error:
            self.say(problem_words(self.app, error), problem=True)
            return
        words = self.app.words
        self.say(words("cash.recorded", kind=words(f"cash.kind_{movement.kind}"),
                       amount=words.money(movement.amount)))
        self.query_one("#amount", Input).value = self.query_one("#reason", Input).value = ""
        self.reload()

    def cancel_selected(self) -> None:
        """Ask why, then cancel the selected movement with a correcting entry."""
        table = self.query_one("#movements", DataTable)
        if not table.row_count:
            self.say(self.app.words("cash.nothing"), problem=True)
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        row = table.get_row(key)
        what = self.app.words("cash.what", time=row[0], kind=row[1], amount=row[2])

        def write(reason: str | None) -> None:
            if reason is None:
                return
            try:
                cancel_movement(self.app.ledger, int(key), reason)
            except KioskError as error:
                self.say(problem_words(self.app, error), problem=True)
                return
            self.say(self.app.words("cash.cancel_done", what=what, reason=reason))
            self.reload()

        self.app.push_screen(ReasonDialog(what, "reasons.cancel_movement"), write)
