"""Corrections: the open service's visits (time, role, covers, amount, method: nothing else)
and memberships (their number instead of a role), voiding one with a reason, and a visit or a
membership entered by hand."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Footer, Static

from kiosk.books.service import current_service
from kiosk.errors import KioskError
from screens.volunteers.base import HintedButton, VolunteerScreen, back_button, problem_words
from screens.volunteers.dialogs import MembershipDialog, VisitDialog
from screens.volunteers.paging import PageButtons
from screens.volunteers.reasons import ReasonDialog


class CorrectionsScreen(VolunteerScreen):
    """The service's visits; a void asks a reason; a hand-entered visit uses `kiosk record`'s
    form."""

    CSS_PATH = "corrections.tcss"
    BINDINGS = [
        *VolunteerScreen.BINDINGS,
        Binding("v", "void", "Void selected", id="volunteers.corrections.void"),
        Binding("a", "add", "Add a visit", id="volunteers.corrections.add"),
        Binding("j", "add_membership", "Add a membership",
                id="volunteers.corrections.membership"),
    ]

    def compose(self) -> ComposeResult:
        words = self.app.words
        yield Static(words("corrections.title"), id="title")
        with Horizontal(id="visits-box"):  # a long service is paged by taps
            yield DataTable(id="visits", cursor_type="row", zebra_stripes=True)
            yield PageButtons("#visits", upright=True, id="visits-pages")
        yield Static("", id="status")
        with Horizontal(id="buttons"):
            yield HintedButton(words("corrections.void"), "v", id="void", variant="error")
            yield HintedButton(words("corrections.add"), "a", id="add", variant="primary")
            if self.app.config.membership.enabled:
                yield HintedButton(words("corrections.add_membership"), "j", id="membership",
                                   variant="primary")
            yield back_button(self.app)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#visits", DataTable)
        words = self.app.words
        table.add_columns(*(words(key) for key in (
            "volunteers.time", "corrections.role", "corrections.covers", "volunteers.amount",
            "corrections.method")), "")
        self.reload()
        table.focus()

    def reload(self) -> None:
        """List the open service's visits, newest first, voided ones marked."""
        service = current_service(self.app.ledger)
        voids = {e.value.visit: e.value.reason for e in service.entries if e.kind == "void"}
        self.voided = set(voids)
        words = self.app.words
        table = self.query_one("#visits", DataTable)
        table.clear()
        self.numbers: dict[int, str] = {}  # seq -> number, of the memberships listed
        for entry in reversed([e for e in service.entries if e.kind in ("visit", "membership")]):
            value = entry.value
            state = (words("corrections.voided", reason=voids[entry.seq])
                     if entry.seq in voids else "")
            if entry.kind == "membership":
                self.numbers[entry.seq] = value.number
                what, covers = words("corrections.membership", number=value.number), ""
            else:
                what, covers = words(f"corrections.role_{value.role}"), str(value.covers)
            table.add_row(entry.ts[11:16], what, covers, words.money(value.amount),
                          words(f"corrections.method_{value.method}"), state, key=str(entry.seq))

    def say(self, text: str, problem: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(problem, "problem")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"void": self.action_void, "add": self.action_add, "membership": self.action_add_membership,
         "back": self.dismiss}[event.button.id]()

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
            self.say(self.app.words("corrections.nothing"), problem=True)
            return
        row = self.query_one("#visits", DataTable).get_row(str(seq))
        if seq in self.numbers:
            what = self.app.words("corrections.what_membership", number=self.numbers[seq],
                                  amount=row[3], method=row[4])
        else:
            what = self.app.words("corrections.what", time=row[0], role=row[1], amount=row[3],
                                  method=row[4])

        if seq in self.voided:  # said at once: no reason asked for a void that cannot be
            self.say(self.app.words("corrections.already_voided", what=what), problem=True)
            return
        row_index = self.query_one("#visits", DataTable).cursor_row

        def write(reason: str | None) -> None:
            if reason is None:
                return
            try:
                self.app.ledger.void(seq, reason)
            except (KioskError, OSError) as error:
                self.say(problem_words(self.app, error), problem=True)
                return
            self.say(self.app.words("corrections.done", what=what, reason=reason))
            self.reload()
            # On to the next visit (the voided one stays listed, marked): mistakes often come
            # in a row, and the cursor must not jump back to the top.
            table = self.query_one("#visits", DataTable)
            table.move_cursor(row=min(row_index + 1, table.row_count - 1))

        reasons = "reasons.void_membership" if seq in self.numbers else "reasons.void"
        self.app.push_screen(ReasonDialog(what, reasons), write)

    def action_add(self) -> None:
        """Record a visit typed by hand, now or at a time earlier today."""
        ledger = self.app.ledger

        def write(answer) -> None:
            if answer is None:
                return
            visit, moment = answer
            try:
                entry = ledger.append(visit, moment)
            except (KioskError, OSError) as error:
                self.say(problem_words(self.app, error), problem=True)
                return
            self.say(self.app.words("corrections.recorded", number=entry.id,
                                    time=entry.ts[11:16]))
            self.reload()

        self.app.push_screen(VisitDialog(self.app.config.contribution.ceiling,
                                         lambda: ledger.clock().astimezone(ledger.zone)), write)

    def action_add_membership(self) -> None:
        """Record a membership taken at the counter (it gets the next number of the year)."""
        from kiosk.books.memberships import record_membership

        ledger, config = self.app.ledger, self.app.config
        if not config.membership.enabled:
            return

        def write(answer) -> None:
            if answer is None:
                return
            amount, method, moment = answer
            try:
                entry = record_membership(ledger, amount, method, moment)
            except (KioskError, OSError) as error:
                self.say(problem_words(self.app, error), problem=True)
                return
            self.say(self.app.words("corrections.membership_recorded",
                                    number=entry.value.number, time=entry.ts[11:16]))
            self.reload()

        self.app.push_screen(MembershipDialog(config.membership, config.contribution.ceiling,
                                              lambda: ledger.clock().astimezone(ledger.zone)),
                             write)
