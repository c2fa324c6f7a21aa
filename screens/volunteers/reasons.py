"""Reasons by touch: a void's reason, a cash movement's, a closing's explanation of a difference.

A volunteer with a queue at the door and only a finger (the Pi's touch screen, a tablet) finds
the most common reasons as big buttons, one tap each, and writes any other on a letter keyboard
(screens/volunteers/touch_keys.py, the same keys as the number fields' digits). The reason pad
is the void's dialog itself; on the cash and closing screens, a reason's field tapped in a
browser opens it, and its answer fills the field. A keyboard types into every field as before.
The ready-made reasons are the catalogue's `reasons.<kind>` texts, in the volunteer's language.
"""

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Click
from textual.widgets import Button, Input, Label, Static

from screens.volunteers.base import typed_into
from screens.volunteers.dialogs import CancelDialog, cancel_button
from screens.volunteers.touch_keys import TouchLetters


class ReasonPad(CancelDialog):
    """Asks for a text; answers it (stripped), or None when cancelled.

    `reasons`: the catalogue's table of ready-made ones; `refusal`: what is said when nothing
    is written (None: nothing written is an answer, a field emptied).
    """

    def __init__(self, question: str = "", *, reasons: str = "", text: str = "", hint: str = "",
                 ok: str = "", refusal: str | None = None, figure: str = "") -> None:
        super().__init__()
        self.question, self.reasons, self.text, self.hint = question, reasons, text, hint
        # What the reason explains (the closing's difference, the movement's amount): in sight
        # above the field, the pad covers the screen that shows it.
        self.figure = figure
        self.ok, self.ok_variant, self.refusal = ok, "primary", refusal
        self.no = ""  # the closing button's words: "Annuler" unless that is close to `ok`'s

    def compose(self) -> ComposeResult:
        words = self.app.words
        with Vertical(classes="dialog reason-pad"):
            if self.figure:
                yield Label(self.figure, id="figure")
            yield Label(self.question, classes="question")
            # A reason tapped, then words added: the text stays, not selected for replacing.
            yield Input(self.text, placeholder=self.hint, id="reason", select_on_focus=False)
            yield Static("", id="problem", classes="problem")
            ready = words.choices(self.reasons) if self.reasons else []
            if ready:
                with Horizontal(id="ready"):
                    for text in ready:
                        yield Button(text, classes="ready", name=text)
            with Horizontal(classes="buttons"):
                yield Button(self.ok or words("dialog.reason_ok"), id="ok",
                             variant=self.ok_variant)
                yield cancel_button(self, self.no)
        if self.app.is_web:  # a terminal has a keyboard
            yield TouchLetters()

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def holds_unsaved_input(self) -> bool:
        return typed_into(self, "#reason")

    @on(Button.Pressed, ".ready")
    def ready_reason(self, event: Button.Pressed) -> None:
        """One tap writes that reason in the field (which can still be added to)."""
        event.stop()
        field = self.query_one("#reason", Input)
        field.value = event.button.name or ""
        field.cursor_position = len(field.value)
        field.focus()

    @on(Button.Pressed, "#ok")
    def pressed_ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.answer()

    @on(Button.Pressed, "#cancel")
    def pressed_cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.answer()

    def answer(self) -> None:
        text = self.query_one("#reason", Input).value.strip()
        if not text and self.refusal is not None:
            self.query_one("#problem", Static).update(self.refusal)
            return
        self.dismiss(text)


class ReasonDialog(ReasonPad):
    """Asks why `what` is voided (a visit, a membership) or cancelled (a cash movement);
    answers the reason, never empty, or None."""

    def __init__(self, what: str, reasons: str = "reasons.void") -> None:
        super().__init__(reasons=reasons)
        self.what = what

    def compose(self) -> ComposeResult:
        words = self.app.words
        self.question = words("dialog.void", what=self.what)
        self.hint, self.ok = words("dialog.void_why"), words("dialog.void_ok")
        self.no = words("dialog.void_no")  # "Annuler" beside "L'annuler" was taken for it
        self.ok_variant, self.refusal = "error", words("dialog.void_needs_reason")
        yield from super().compose()


class ReasonField(Input):
    """A reason's field on a screen: typed into from a keyboard like any field; tapped in a
    browser, it opens the reason pad (`question`, the ready-made `reasons`), whose answer
    fills it. The screen may change `reasons` as its form changes (a cash movement's kind).
    `figure` says, when the pad opens, what the reason explains ("" when nothing yet)."""

    def __init__(self, question: str, reasons: str, figure: Callable[[], str] = str,
                 **field) -> None:
        super().__init__(**field)
        self.question, self.reasons, self.figure = question, reasons, figure

    def on_click(self, event: Click) -> None:
        if not self.app.is_web:
            return
        pad = ReasonPad(self.question, reasons=self.reasons, text=self.value,
                        hint=str(self.placeholder), figure=self.figure())
        self.app.push_screen(pad, self.written)

    def written(self, text: str | None) -> None:
        """The pad's answer, in the field (nothing changes when it was cancelled)."""
        if text is not None:
            self.value = text
            self.cursor_position = len(text)
            self.focus()
