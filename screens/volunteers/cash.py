"""Cash movements: the opening float, cash put in or taken out during the service with why, and
cash taken to the bank (a "remise en banque").

A movement typed by mistake is cancelled by a correcting entry (it stays in the ledger, marked);
taking out more than the box should hold is confirmed first.
"""

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Footer, Input, Select, Static

from kiosk.books.forms import cancel_movement, movement_from_form, takes_out_more_than_held
from kiosk.books.service import current_service, service_tally
from kiosk.errors import KioskError
from kiosk.ledger.entries import CashMovement
from kiosk.settings.money import parse_amount
from screens.volunteers.base import (
    VolunteerScreen,
    back_button,
    problem_words,
    thresholds_of,
    typed_into,
)
from screens.volunteers.dialogs import ConfirmDialog
from screens.volunteers.paging import PageButtons
from screens.volunteers.pick_list import PickList, cut, row_height
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
            yield PickList(id="movements")  # no movement chosen until tapped
            yield PageButtons("#movements", upright=True, id="movements-pages")
        yield Static("", id="expected")
        with Horizontal(id="form"):
            yield Select([(words(f"cash.kind_{kind}"), kind) for kind in KINDS], value="float",
                         allow_blank=False, id="kind")
            yield Input(placeholder=words("volunteers.amount"), id="amount")
            yield Button(words("volunteers.record"), id="record", variant="primary")
        # The reason on a line of its own: its whole hint is readable on a 80x24 console.
        yield ReasonField(words("cash.reason"), "reasons.cash_float", self.reason_figure,
                          placeholder=words("cash.reason"), id="reason")
        yield Static("", id="status")
        with Horizontal(id="buttons"):
            yield Button(words("cash.cancel"), id="cancel-movement", variant="error")
            yield back_button(self.app)
        if self.app.is_web:  # a terminal has a keyboard
            yield TouchDigits()
        yield Footer()

    def reason_figure(self) -> str:
        """The movement being typed, above its reason: "Sortie : 8,50 €" ("" until readable)."""
        words = self.app.words
        try:
            amount = parse_amount(self.query_one("#amount", Input).value,
                                  ceiling=self.app.config.contribution.ceiling)
        except KioskError:
            return ""
        kind = words(f"cash.kind_{self.query_one('#kind', Select).value}")
        kind = kind[:1].upper() + kind[1:]
        return words("cash.figure", kind=kind, amount=words.money(amount))

    def holds_unsaved_input(self) -> bool:
        return typed_into(self, "#amount", "#reason")

    def on_mount(self) -> None:
        words = self.app.words
        self.query_one("#movements", DataTable).add_columns(*(words(key) for key in (
            "volunteers.time", "cash.movement", "volunteers.amount", "volunteers.why")), "")
        self.reload()
        self.query_one("#amount", Input).focus()

    def on_resize(self, event: events.Resize) -> None:
        # Rows as tall as the screen allows, a cancelled movement's reason cut to the room.
        self.query_one("#movements", PickList).reload_keeping_pick(self.reload)

    def reload(self) -> None:
        """Show the service's movements (cancelled ones marked, none chosen) and what the box
        should hold."""
        service = current_service(self.app.ledger)
        words = self.app.words
        money = words.money
        self.cancelled = {e.value.movement: e.value.reason for e in service.entries
                          if e.kind == "cash_cancel"}
        table = self.query_one("#movements", PickList)
        table.clear()
        table.unpick()
        height = row_height(self.app)
        for entry in service.entries:
            if entry.kind == "cash":
                move = entry.value
                table.add_row(entry.ts[11:16], words(f"cash.kind_{move.kind}"), money(move.signed),
                              move.reason, "", key=str(entry.seq), height=height)
        room = table.room_for_last(table.size.width or self.app.size.width - 10)
        for seq, reason in self.cancelled.items():
            if str(seq) in table.rows:  # the whole reason is said once the line is chosen
                table.update_cell(str(seq), list(table.columns)[-1],
                                  cut(words("cash.cancelled", reason=reason), room),
                                  update_width=True)
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

    def describe(self, key: str) -> str:
        """The movement of `key` in words: "la sortie de 12:03 (-8,50 €)"."""
        row = self.query_one("#movements", DataTable).get_row(key)
        return self.app.words("cash.what", time=row[0], kind=row[1], amount=row[2])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = self.query_one("#movements", PickList).picked
        if key is not None:  # the movement chosen, its reason whole when cancelled
            words = self.app.words
            cancelled = self.cancelled.get(int(key))
            self.say(words("cash.chosen", what=self.describe(key))
                     + (f" — {words('cash.cancelled', reason=cancelled)}" if cancelled else ""))

    def cancel_selected(self) -> None:
        """Ask why, then cancel the chosen movement with a correcting entry. With none chosen,
        say to tap one first: nothing is asked, nothing written."""
        table = self.query_one("#movements", PickList)
        key = table.picked
        if key is None:
            self.say(self.app.words("cash.nothing" if not table.row_count
                                    else "cash.pick_first"), problem=True)
            return
        what = self.describe(key)

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
