"""Closing the service: count the cash box by denomination, compare, explain, confirm, Z report.

The totals are computed as the volunteers type. A difference (cash or card) needs an explanation
and a second confirmation; the card payments given up on the QR code are listed beside the card
comparison, since they may explain it. The closing is written by
`kiosk.books.closing.close_service`; its Z report is saved under exports/, sent to the printer
when there is one, and shown on screen.

Counting takes minutes: the count is kept as a draft (`kiosk.books.count_draft`) when the
volunteer goes back, and when the kiosk goes back to welcome after the volunteers' idle time, and
the screen takes it up again for the same service.
"""

from textual import work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, Static

from kiosk.books.closing import close_service, denominations_for
from kiosk.books.count_draft import CountDraft, draft_for, forget_draft, keep_draft
from kiosk.books.forms import cash_count, check_count
from kiosk.books.service import current_service, service_tally
from kiosk.books.tally import abandoned_card_payments
from kiosk.books.zreport import (
    abandoned_key,
    for_printer,
    shown_for,
    signed,
    write_z_report,
    z_report,
)
from kiosk.errors import KioskError
from kiosk.ledger.entries import CashCount
from kiosk.settings.printer_words import outcome_in_words
from screens.volunteers.base import (
    VolunteerScreen,
    back_button,
    problem_words,
    thresholds_of,
)
from screens.volunteers.dialogs import ConfirmDialog, ReportDialog
from screens.volunteers.reasons import ReasonField
from screens.volunteers.touch_keys import TouchDigits, TouchKeys


class ClosingScreen(VolunteerScreen):
    """The cash count and the card total of the open service, then its closing (Z)."""

    CSS_PATH = "closing.tcss"

    class Printed(Message):
        """What the printer did with the Z report (sent from the worker thread)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.denominations = ()
        self.figures = None
        self.service = ("", 0)  # the day and number of the service being counted

    def compose(self) -> ComposeResult:
        self.denominations = tuple(reversed(denominations_for(self.app.config.cantine.currency)))
        words = self.app.words
        money = words.money
        # For a finger no field is chosen until tapped (and no focus put back when a dialog
        # above closes): a digit tapped first would land in 500 € unmeant.
        self.AUTO_FOCUS = "" if self.app.is_web else None
        yield Static(id="title")
        with Horizontal(id="columns"):
            with Grid(id="count"):
                for cents in self.denominations:
                    yield Label(money(cents), classes="denomination")
                    yield Input(placeholder="0", id=f"d{cents}", classes="how-many", compact=True,
                                restrict=r"[0-9]*", max_length=6)
                    yield Label("", id=f"v{cents}", classes="value")
            # Scrolls when the abandoned card payments are many; the buttons stay in sight below.
            with VerticalScroll(id="check"):
                yield Static(id="cash")
                yield Static(words("closing.card_declared"), classes="field-label")
                yield Input(placeholder="0", id="card-declared", compact=True)
                yield Static(id="card")
                yield Static(words("closing.explanation"), classes="field-label")
                yield ReasonField(words("closing.explanation"), "reasons.difference",
                                  self.difference_figure, placeholder=words("closing.example"),
                                  id="explanation", compact=True)
                # Below the explanation it may help write: many lines scroll, the field stays.
                yield Static(id="abandoned")
        yield Static("", id="status")
        with Horizontal(id="buttons"):
            yield Button(words("closing.close"), id="close", variant="warning")
            yield Button(words("closing.z_reports"), id="z-reports")
            yield back_button(self.app)
        if self.app.is_web:  # a terminal has a keyboard
            yield TouchDigits(then="next", guess_field=False)
        yield Footer()

    def on_mount(self) -> None:
        service = current_service(self.app.ledger)
        self.service = (service.day, service.number)
        self.figures = service_tally(service, thresholds_of(self.app))
        self.query_one("#title", Static).update(self.app.words(
            "closing.title", day=service.day, number=service.number,
            visits=self.app.words.count("volunteers.visits", self.figures.visits),
            covers=self.app.words.count("volunteers.covers", self.figures.covers)))
        self.show_abandoned(abandoned_card_payments(service.entries))
        self.update_check()
        if self.app.is_web:  # a finger chooses its field first: no digit lands in 500 € unmeant
            self.say(self.app.words("closing.choose_field"))
        else:  # a keyboard types at once into the first count, Tab for the next
            self.query_one(f"#d{self.denominations[0]}", Input).focus()
        self.take_up_draft()

    def on_touch_keys_no_field(self, _: TouchKeys.NoField) -> None:
        self.say(self.app.words("closing.choose_field"), problem=True)

    def show_abandoned(self, abandoned: list[dict]) -> None:
        """The card payments given up on the QR code this service: they may explain a card
        difference (the guest paid on the phone and walked away, or did not pay)."""
        words = self.app.words
        lines = [words(abandoned_key("closing.abandoned_line", item), time=item["at"],
                       amount=words.money(item["amount"]),
                       shown=shown_for(item["seconds"], words)) for item in abandoned]
        widget = self.query_one("#abandoned", Static)
        widget.update("\n".join([words("closing.abandoned"), *lines]) if lines else "")
        widget.display = bool(lines)

    # -- the draft -----------------------------------------------------------------------------

    @property
    def data_dir(self):
        return self.app.ledger.folder.parent

    def draft(self) -> CountDraft:
        """The form as typed now."""
        return CountDraft(
            *self.service, counts={str(d): t for d, t in self.typed_counts().items() if t},
            card_declared=self.query_one("#card-declared", Input).value,
            explanation=self.query_one("#explanation", Input).value,
            kept_at=self.app.now().strftime("%H:%M"))

    def keep_draft(self) -> None:
        """Keep the count typed so far for the next volunteer (the app calls this before an
        idle reset; going back does too)."""
        if not self.query("#card-declared"):
            return  # still being drawn: nothing typed yet
        try:
            keep_draft(self.data_dir, self.draft())
        except OSError as error:  # a full disk: the count stays on screen, say so in the log
            self.log.error(f"cash count draft not kept: {error}")

    def take_up_draft(self) -> None:
        """Fill the form with the draft kept for this service, if there is one."""
        draft = draft_for(self.data_dir, *self.service)
        if draft is None:
            return
        for cents in self.denominations:
            self.query_one(f"#d{cents}", Input).value = draft.counts.get(str(cents), "")
        self.query_one("#card-declared", Input).value = draft.card_declared
        self.query_one("#explanation", Input).value = draft.explanation
        self.update_check()
        self.say(self.app.words("closing.draft_found", time=draft.kept_at))

    def action_back(self) -> None:
        """Back to the area's menu; the count is kept for when the volunteer comes back."""
        self.keep_draft()
        self.dismiss()

    def difference_figure(self) -> str:
        """The difference being explained, above the explanation: "Écart : espèces -2,00 €,
        carte 0,00 €" ("" while the count does not read)."""
        words = self.app.words
        try:
            check = self.current_check()
        except KioskError:
            return ""
        return words("closing.figure", gaps=words(
            "closing.gaps", cash=signed(check.cash_difference, words.money),
            card=signed(check.card_difference, words.money)))

    def typed_counts(self) -> dict[int, str]:
        return {d: self.query_one(f"#d{d}", Input).value for d in self.denominations}

    def current_check(self) -> CashCount:
        """The count as typed so far, against the service's figures (FormError if unreadable)."""
        return check_count(self.figures, self.typed_counts(),
                           self.query_one("#card-declared", Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.update_check()

    def update_check(self) -> None:
        """Recompute each line, the counted total and both differences, as they type.

        The cash follows the denominations whatever the card field holds; a card total that
        does not read is said under that field at once, and its difference waits for it.
        """
        words = self.app.words
        for cents, text in self.typed_counts().items():
            count = int(text) if text.isdigit() else 0
            self.query_one(f"#v{cents}", Label).update(words.money(cents * count) if count else "")
        try:
            counted = cash_count(self.figures, self.typed_counts())
        except KioskError as error:
            self.say(problem_words(self.app, error), problem=True)
            return
        card_problem = ""
        try:
            check = self.current_check()
        except KioskError as error:
            card_problem = self.card_problem(error)
            check = counted
        if self.query_one("#status", Static).has_class("problem"):
            self.say("")  # the problem is mended; other news stays
        self.show_cash(check)
        self.show_card(check, card_problem)

    def card_problem(self, error: KioskError) -> str:
        """The card field's problem, naming the field (it sits among other amounts)."""
        return self.app.words("closing.card_problem", problem=problem_words(self.app, error))

    def show_cash(self, check: CashCount) -> None:
        words = self.app.words
        money = words.money
        joined = self.figures.memberships
        self.query_one("#cash", Static).update(aligned([
            (words("closing.counted"), money(check.counted_cash)),
            (words("closing.expected"), money(check.expected_cash)),
            # Memberships paid in cash are a term of the sum, which adds up.
            ("  " + words("closing.expected_detail_joined" if joined.cash
                          else "closing.expected_detail",
                          float=money(self.figures.cash_float), cash=money(self.figures.cash),
                          joined=money(joined.cash), moved=money(self.figures.cash_moved)),
             None),
            (words("closing.difference"), signed(check.cash_difference, money))]))

    def show_card(self, check: CashCount, problem: str) -> None:
        words = self.app.words
        money = words.money
        self.query_one("#card", Static).update(aligned([
            *([(problem, None)] if problem else []),
            (words("closing.card_recorded"), money(check.card_recorded)),
            *self.membership_lines("closing.membership_card", self.figures.memberships.card),
            *([] if problem else
              [(words("closing.difference"), signed(check.card_difference, money))])]))

    def membership_lines(self, key: str, amount: int) -> list[tuple[str, None]]:
        """The memberships' part of a comparison, on a line of its own (none when nobody
        joined)."""
        if not self.figures.memberships.count:
            return []
        return [("  " + self.app.words(key, amount=self.app.words.money(amount)), None)]

    def say(self, text: str, problem: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(problem, "problem")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            self.action_back()
        elif event.button.id == "close":
            self.ask_to_close()
        elif event.button.id == "z-reports":
            from screens.volunteers.closings import ClosingsScreen

            self.app.push_screen(ClosingsScreen())

    def ask_to_close(self) -> None:
        """Close at once when all matches; a difference needs a reason and a second yes."""
        words = self.app.words
        money = words.money
        service = current_service(self.app.ledger)
        if not service.entries:
            self.say(words("closing.nothing"), problem=True)
            return
        # Read again: a visit may have come in from another kiosk since the screen opened.
        self.figures = service_tally(service, thresholds_of(self.app))
        self.update_check()
        try:
            cash_count(self.figures, self.typed_counts())
        except KioskError as error:
            self.say(problem_words(self.app, error), problem=True)
            return
        try:
            check = self.current_check()
        except KioskError as error:  # the card total: named, and its field ready to mend
            self.say(self.card_problem(error), problem=True)
            self.query_one("#card-declared", Input).focus()
            return
        explanation = self.query_one("#explanation", Input).value.strip()
        if not check.differs:  # still asked: one tap on the first button closed the day
            self.confirm_closing(check, explanation, service)
            return
        gaps = words("closing.gaps", cash=signed(check.cash_difference, money),
                     card=signed(check.card_difference, money))
        if not explanation:
            self.say(words("closing.explain_first", gaps=gaps), problem=True)
            self.query_one("#explanation", Input).focus()
            return
        difference = words("closing.question", gaps=gaps, explanation=explanation)
        self.confirm_closing(check, explanation, service, difference)

    def confirm_closing(self, check: CashCount, explanation: str, service,
                        difference: str = "") -> None:
        """Ask once more, naming the service, the `difference` if any, and what cannot be
        undone, then close: the same dialog and buttons whether the count matches or not."""
        words = self.app.words
        question = words("closing.confirm" if self.app.has_printer else "closing.confirm_unprinted",
                         number=service.number, day=service.day,
                         difference=f"{difference}\n\n" if difference else "")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.close_now(check, explanation)

        self.app.push_screen(ConfirmDialog(question, words("closing.confirm_yes"),
                                           words("closing.confirm_no")), confirmed)

    def close_now(self, check: CashCount, explanation: str) -> None:
        """Write the closing, save its Z report, print it or show it."""
        counts = {str(d): int(t) for d, t in self.typed_counts().items() if t.isdigit() and int(t)}
        try:
            entry = close_service(self.app.ledger, counts, check.card_declared, explanation,
                                  thresholds_of(self.app), k=self.app.config.privacy.k)
        except (KioskError, OSError) as error:
            self.say(problem_words(self.app, error), problem=True)
            return
        forget_draft(self.data_dir)
        words = self.app.words
        cantine = self.app.config.cantine
        report = z_report(entry, cantine.name, words.money, words, cantine.identity())
        try:
            path = write_z_report(report, self.app.ledger.folder.parent)
        except OSError as error:  # the closing is written: its report is still shown and printed
            note = words("closing.not_saved", z=entry.value.z,
                         problem=problem_words(self.app, error))
        else:
            note = words("closing.saved_shown" if self.app.printer is None
                         else "closing.saved_printing", z=entry.value.z, path=path)
        if self.app.printer is not None:
            self.print_report(report)
        self.app.push_screen(ReportDialog(report.text(), note), self.after_report)

    def after_report(self, _: None) -> None:
        """The report was read: back to the area's menu, which now shows the next service."""
        self.dismiss()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def print_report(self, report) -> None:
        """Send the Z report to the printer off the UI thread (it queues it if it cannot print)."""
        words = self.app.words
        outcome = self.app.printer.print_z_report(for_printer(report))
        self.post_message(self.Printed(outcome_in_words(words, outcome)))

    def on_closing_screen_printed(self, message: Printed) -> None:
        self.app.notify(message.text)
        if isinstance(self.app.screen, ReportDialog):
            self.app.screen.query_one("#note", Static).update(message.text)


def aligned(lines: list[tuple[str, str | None]]) -> str:
    """Labels and amounts, the amounts in one column whatever the language's label lengths."""
    width = max(len(label) for label, value in lines if value is not None) + 2
    return "\n".join(label if value is None else f"{label:<{width}}{value}"
                     for label, value in lines)
