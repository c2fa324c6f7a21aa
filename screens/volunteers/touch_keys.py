"""Digits for a finger: a row of big keys that type into the field a volunteer tapped.

In a browser the page keeps the tablet's own keyboard away (it would cover the kiosk), so the
volunteers' number fields (the cash count, the card total, an amount, dates) get these keys
instead. In a terminal there is a keyboard, and the row is not shown.
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input

DIGITS = "1234567890"


class TouchKey(Button, can_focus=False):
    """A key of the row: never takes the focus from the field it types into."""


class TouchDigits(Horizontal):
    """Digits, the extra characters a field needs, erase and next field."""

    DEFAULT_CSS = """
    TouchDigits {
        height: 3;
        width: 100%;
        dock: bottom;
        display: none;
    }
    TouchDigits.-web {
        display: block;
    }
    TouchDigits TouchKey {
        width: 1fr;
        min-width: 4;
        height: 3;
        margin: 0;
    }
    """

    def __init__(self, extra: str = ",", *, then: str = "submit", id: str | None = None) -> None:
        super().__init__(id=id)
        self.extra = extra
        self.then = then  # "submit" (as Enter does) or "next" (the next field of a count)

    def compose(self) -> ComposeResult:
        for key in DIGITS + self.extra:
            yield TouchKey(key, classes="type", name=key)
        yield TouchKey("⌫", id="touch-erase")
        yield TouchKey("↵", id="touch-next")

    def on_mount(self) -> None:
        self.set_class(self.app.is_web, "-web")

    def field(self) -> Input | None:
        """The field being typed into: the focused one, else the screen's first."""
        focused = self.screen.focused
        if isinstance(focused, Input):
            return focused
        fields = self.screen.query(Input)
        return fields.first() if fields else None

    @on(Button.Pressed, ".type")
    def type_key(self, event: Button.Pressed) -> None:
        event.stop()
        field = self.field()
        if field is not None:
            field.focus()
            field.insert_text_at_cursor(event.button.name or "")

    @on(Button.Pressed, "#touch-erase")
    def erase(self, event: Button.Pressed) -> None:
        event.stop()
        field = self.field()
        if field is not None:
            field.focus()
            field.action_delete_left()

    @on(Button.Pressed, "#touch-next")
    def next_field(self, event: Button.Pressed) -> None:
        event.stop()
        field = self.field()
        if field is None:
            return
        if self.then == "next":
            field.focus()
            self.screen.focus_next(Input)
        else:
            field.focus()
            field.action_submit()  # as Enter does: the screen moves on or records
