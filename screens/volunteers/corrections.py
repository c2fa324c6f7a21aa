"""Corrections: the open service's visits (time, role, covers, amount, method: nothing else)
and memberships (their number instead of a role), voiding one with a reason, and a visit or a
membership entered by hand."""

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Footer, Static

from kiosk.books.service import current_service
from kiosk.errors import KioskError
from screens.volunteers.base import HintedButton, VolunteerScreen, back_button, problem_words
from screens.volunteers.dialogs import MembershipDialog, VisitDialog
from screens.volunteers.paging import PageButtons
from screens.volunteers.pick_list import PickList, cut, row_height
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
            yield PickList(id="visits")  # no line chosen until tapped
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

    def on_resize(self, event: events.Resize) -> None:
        # Rows as tall as the screen allows, a voided line's reason cut to the room left.
        self.query_one("#visits", PickList).reload_keeping_pick(self.reload)

    def reload(self) -> None:
        """List the open service's visits, newest first, voided ones marked; none chosen."""
        service = current_service(self.app.ledger)
        self.voids = {e.value.visit: e.value.reason for e in service.entries if e.kind == "void"}
        self.voided = set(self.voids)
        words = self.app.words
        table = self.query_one("#visits", PickList)
        table.clear()
        table.unpick()
        self.numbers: dict[int, str] = {}  # seq -> number, of the memberships listed
        height = row_height(self.app)
        for entry in reversed([e for e in service.entries if e.kind in ("visit", "membership")]):
            value = entry.value
            if entry.kind == "membership":
                self.numbers[entry.seq] = value.number
                what, covers = words("corrections.membership", number=value.number), ""
            else:
                what, covers = words(f"corrections.role_{value.role}"), str(value.covers)
            table.add_row(entry.ts[11:16], what, covers, words.money(value.amount),
                          words(f"corrections.method_{value.method}"), "", key=str(entry.seq),
                          height=height)
        self.mark_voided(table)

    def mark_voided(self, table: PickList) -> None:
        """"annulé : <reason>" on each voided line, cut to the room the list leaves (the whole
        reason is said under the list once the line is chosen)."""
        width = table.size.width or self.app.size.width - 10  # not laid out yet: about
        room = table.room_for_last(width)
        column = list(table.columns)[-1]
        for seq, reason in self.voids.items():
            if str(seq) in table.rows:
                table.update_cell(str(seq), column,
                                  cut(self.app.words("corrections.voided", reason=reason), room),
                                  update_width=True)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        seq = self.selected()
        if seq is not None:  # the line chosen, its reason whole when voided
            self.say(self.app.words("corrections.chosen", what=self.describe(seq))
                     + (f" — {self.app.words('corrections.voided', reason=self.voids[seq])}"
                        if seq in self.voids else ""))

    def say(self, text: str, problem: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(problem, "problem")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"void": self.action_void, "add": self.action_add, "membership": self.action_add_membership,
         "back": self.dismiss}[event.button.id]()

    def selected(self) -> int | None:
        """The line chosen (its entry's seq), or None while none is."""
        picked = self.query_one("#visits", PickList).picked
        return None if picked is None else int(picked)

    def describe(self, seq: int) -> str:
        """The line of `seq` in words: "le passage de 12:03 (mange, 5,00 €, espèces)"."""
        row = self.query_one("#visits", DataTable).get_row(str(seq))
        if seq in self.numbers:
            return self.app.words("corrections.what_membership", number=self.numbers[seq],
                                  amount=row[3], method=row[4])
        return self.app.words("corrections.what", time=row[0], role=row[1], amount=row[3],
                              method=row[4])

    def action_void(self) -> None:
        """Ask why, then void the chosen visit (a new entry; the visit stays in the ledger).
        With no line chosen, say to tap one first: nothing is asked, nothing written."""
        table = self.query_one("#visits", PickList)
        seq = self.selected()
        if seq is None:
            self.say(self.app.words("corrections.nothing" if not table.row_count
                                    else "corrections.pick_first"), problem=True)
            return
        what = self.describe(seq)

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
            # The cursor waits on the next visit (the voided one stays listed, marked), not
            # chosen: mistakes often come in a row, and the arrows go on from there, but a
            # finger picks the next line itself.
            table = self.query_one("#visits", PickList)
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
