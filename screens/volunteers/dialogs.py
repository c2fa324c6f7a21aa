"""The volunteers' dialogs: a visit or a membership entered by hand, a confirmation, a Z report
(a void's reason: screens/volunteers/reasons.py).

Each is a `ModalScreen[T]` that dismisses its answer (None when cancelled). Validation is done by
`kiosk.books.forms`; a refused form shows why and stays open.
"""

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Select, Static

from kiosk.books.forms import membership_from_form, moment_from_form, visit_from_form
from kiosk.errors import KioskError
from kiosk.ledger.entries import Visit
from screens.volunteers.base import (
    BACK_KEY,
    HintedButton,
    VolunteerDialog,
    problem_words,
    typed_into,
)
from screens.volunteers.paging import PageButtons
from screens.volunteers.touch_keys import TouchDigits

CANCEL = Binding(BACK_KEY, "cancel", "Cancel", id="volunteers.dialog.cancel")


def cancel_button(dialog: VolunteerDialog, text: str = "") -> HintedButton:
    """The Cancel button (or one saying `text`), pressed by F3 too."""
    return HintedButton(text or dialog.app.words("volunteers.cancel"), "F3", id="cancel")


class CancelDialog(VolunteerDialog):
    """Escape or the Cancel button answers None."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [CANCEL]

    def on_mount(self) -> None:
        # In a browser, keys for a finger take the foot of the screen: the dialog gives room.
        self.set_class(self.app.is_web, "-web")
        # Its own footer, over the one of the screen beneath: that one showed "f3 Retour",
        # which a tap could not reach through the dialog. This one's keys answer a tap.
        self.mount(Footer())

    def action_cancel(self) -> None:
        self.dismiss(None)


class FormDialog(CancelDialog):
    """A form: OK, or Enter in a field, answers what `read_form` makes of the fields; a form
    it refuses says why in `#problem` and stays open. Cancel answers None."""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.answer() if event.button.id == "ok" else self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.answer()

    def answer(self) -> None:
        """Dismiss the form's answer, or say why the form is refused."""
        try:
            answer = self.read_form()
        except KioskError as error:
            self.refuse(problem_words(self.app, error))
            return
        self.dismiss(answer)

    def read_form(self) -> object:
        """The answer the fields make; a KioskError (worded for the volunteer) if they make
        none."""
        raise NotImplementedError

    def refuse(self, text: str) -> None:
        """Say why the form is refused, under its fields."""
        self.query_one("#problem", Static).update(text)


class VisitDialog(FormDialog):
    """A visit entered by hand (the kiosk was off, a paper note): the fields of `kiosk record`.

    Answers (visit, moment) or None; the time is 'HH:MM' today, empty meaning now (None).
    """

    def __init__(self, ceiling: int, now: Callable[[], datetime]) -> None:
        super().__init__()
        self.ceiling, self.now = ceiling, now

    def compose(self) -> ComposeResult:
        words = self.app.words
        # Two fields a line: the whole form and its buttons fit a 80x24 console.
        with Vertical(classes="dialog visit"):
            yield Label(words("dialog.visit_title"), classes="question")
            with Horizontal(classes="pair"):
                yield Select([(words(f"corrections.role_{role}"), role)
                              for role in ("eat", "cook", "both")],
                             value="eat", allow_blank=False, id="role")
                yield Select([(words("corrections.method_cash"), "cash"),
                              (words("corrections.method_card"), "card"),
                              (words("dialog.method_none"), "none")],
                             value="cash", allow_blank=False, id="method")
            with Horizontal(classes="pair"):
                yield Input(placeholder=words("dialog.visit_amount"), id="amount")
                yield Input(value="1", placeholder=words("dialog.visit_covers"), id="covers")
            yield Input(placeholder=words("dialog.visit_at"), id="at")
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(words("volunteers.record"), id="ok", variant="primary")
                yield cancel_button(self)
        if self.app.is_web:  # a terminal has a keyboard: for a finger, digits and a time's ":"
            yield TouchDigits(",:")

    def holds_unsaved_input(self) -> bool:
        covers = [field.value.strip() for field in self.query("#covers").results(Input)]
        return typed_into(self, "#amount", "#at") or any(c not in ("", "1") for c in covers)

    def read_form(self) -> tuple[Visit, datetime | None]:
        visit = visit_from_form(
            self.query_one("#role", Select).value, self.query_one("#amount", Input).value,
            self.query_one("#method", Select).value, self.query_one("#covers", Input).value,
            self.ceiling)
        return visit, moment_from_form(self.query_one("#at", Input).value, self.now())


class MembershipDialog(FormDialog):
    """A membership taken at the counter: its amount, how it was paid, and when.

    Answers (amount, method, moment) or None; the rules are `kiosk record --membership`'s.
    """

    def __init__(self, settings, ceiling: int, now: Callable[[], datetime]) -> None:
        super().__init__()
        self.settings, self.ceiling, self.now = settings, ceiling, now

    def compose(self) -> ComposeResult:
        words = self.app.words
        with Vertical(classes="dialog visit"):
            yield Label(words("dialog.membership_title"), classes="question")
            with Horizontal(classes="pair"):
                yield Input(placeholder=words("dialog.membership_amount"), id="amount")
                yield Select([(words("corrections.method_cash"), "cash"),
                              (words("corrections.method_card"), "card")],
                             value="cash", allow_blank=False, id="method")
            yield Input(placeholder=words("dialog.visit_at"), id="at")
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(words("volunteers.record"), id="ok", variant="primary")
                yield cancel_button(self)
        if self.app.is_web:  # a terminal has a keyboard: for a finger, digits and a time's ":"
            yield TouchDigits(",:")

    def holds_unsaved_input(self) -> bool:
        return typed_into(self, "#amount", "#at")

    def read_form(self) -> tuple[int, str, datetime | None]:
        amount, method = membership_from_form(
            self.query_one("#amount", Input).value, self.query_one("#method", Select).value,
            self.settings, self.ceiling)
        return amount, method, moment_from_form(self.query_one("#at", Input).value, self.now())


class ConfirmDialog(CancelDialog):
    """A second confirmation: answers True, or None when cancelled. Two big buttons side by
    side; No holds the focus, so Enter pressed out of habit changes nothing."""

    def __init__(self, question: str, yes: str, no: str = "") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="ok", variant="warning")
                yield cancel_button(self, self.no)

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(True if event.button.id == "ok" else None)


class ReportDialog(CancelDialog):
    """Shows a text (the Z report) until Done. Done and the page buttons stay on screen, under
    a report that scrolls: a finger cannot scroll a terminal's text, and a volunteer at 800x480
    must still reach the totals at the foot of the report and leave it."""

    BINDINGS = [Binding(BACK_KEY, "cancel", "Done", id="volunteers.report.done")]

    def __init__(self, text: str, note: str) -> None:
        super().__init__()
        self.text, self.note = text, note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog report"):
            yield Static(self.note, id="note")
            with VerticalScroll(id="report-text"):
                yield Static(self.text, id="report", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.app.words("volunteers.done"), id="done", variant="primary")
                yield PageButtons("#report-text")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)
