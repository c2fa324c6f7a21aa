"""Keys for a finger: rows of big keys that type into the field a volunteer tapped.

In a browser the page keeps the tablet's own keyboard away (it would cover the kiosk), so the
volunteers' fields get these keys instead: a row of digits under the number fields (the cash
count, the card total, an amount, dates, a time), and letters under a reason being written
(`TouchLetters`, in the reason pad: screens/volunteers/reasons.py). In a terminal there is a
keyboard, and the keys are not shown. Both are one widget: rows of `TouchKey`s, and the same
three things a key does (type its character, erase, go on).
"""

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input

DIGITS = "1234567890"


class TouchKey(Button, can_focus=False):
    """A key of the rows: never takes the focus from the field it types into, and takes every
    tap (a Button drops a second press within its fifth of a second: "11" typed one 1)."""

    def on_click(self, event: events.Click) -> None:
        event.stop()
        event.prevent_default()  # not Button's own handler, which would drop a quick second tap
        self.press()


class TapsAtTheEnd:
    """For a screen or dialog with keys for a finger: a tap on one of its fields puts the
    cursor at the end of the text, as a phone does. A finger cannot aim between two digits
    9 px wide; left where it landed, the cursor kept ⌫ from erasing the digits after it."""

    def on_click(self, event: events.Click) -> None:
        field = event.widget
        if isinstance(field, Input) and self.query(TouchKeys) and self.app.is_web:
            field.cursor_position = len(field.value)


class TouchKeys(Vertical):
    """Rows of keys docked at the foot of the screen, shown in a browser only."""

    class NoField(Message):
        """A key was tapped before any field was chosen (`guess_field` off): nothing typed."""

    DEFAULT_CSS = """
    TouchKeys {
        height: auto;
        width: 100%;
        dock: bottom;
        display: none;
    }
    TouchKeys.-web {
        display: block;
    }
    TouchKeys .touch-page {
        height: auto;
    }
    TouchKeys .touch-row {
        height: 3;
        width: 100%;
    }
    TouchKeys TouchKey {
        width: 1fr;
        min-width: 4;
        height: 3;
        margin: 0;
    }
    """

    def __init__(self, *, then: str = "submit", guess_field: bool = True,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.then = then  # "submit" (as Enter does) or "next" (the next field of a count)
        # A form of one or two fields may type into its first; a count of many may not: a digit
        # tapped before a field is chosen would land in a count nobody meant.
        self.guess_field = guess_field

    def on_mount(self) -> None:
        self.set_class(self.app.is_web, "-web")

    @staticmethod
    def typing(characters: str) -> list[TouchKey]:
        """A key for each of `characters`, typing it."""
        return [TouchKey(key, classes="type", name=key) for key in characters]

    def field(self) -> Input | None:
        """The field being typed into: the focused one, else the screen's first (when
        `guess_field`; otherwise None, and the screen hears `NoField`)."""
        focused = self.screen.focused
        if isinstance(focused, Input):
            return focused
        fields = self.screen.query(Input)
        if self.guess_field and fields:
            return fields.first()
        self.post_message(self.NoField())
        return None

    @on(Button.Pressed, ".type")
    def type_key(self, event: Button.Pressed) -> None:
        event.stop()
        field = self.field()
        if field is not None:
            field.focus()
            field.insert_text_at_cursor(self.cased(event.button.name or ""))
        self.typed()

    def cased(self, character: str) -> str:
        """The character a key types (a capital while a shift key is down)."""
        return character

    def typed(self) -> None:
        """A character was typed (a keyboard with a shift key lets it go)."""

    @on(Button.Pressed, ".erase")
    def erase(self, event: Button.Pressed) -> None:
        event.stop()
        field = self.field()
        if field is not None:
            field.focus()
            field.action_delete_left()

    @on(Button.Pressed, ".next")
    async def next_field(self, event: Button.Pressed) -> None:
        event.stop()
        field = self.field()
        if field is None:
            return
        if self.then == "next":
            # At once, not `field.focus()`: that comes later, and took the focus back from
            # the next field (↵ left the digits in the same count).
            self.screen.set_focus(field)
            self.screen.focus_next(Input)
        else:
            field.focus()
            await field.action_submit()  # as Enter does: the screen moves on or records


class TouchDigits(TouchKeys):
    """Digits, the extra characters a field needs, erase and next field: one row."""

    def __init__(self, extra: str = ",", *, then: str = "submit", guess_field: bool = True,
                 id: str | None = None) -> None:
        super().__init__(then=then, guess_field=guess_field, id=id)
        self.extra = extra

    def compose(self) -> ComposeResult:
        with Horizontal(classes="touch-row"):
            yield from self.typing(DIGITS + self.extra)
            yield TouchKey("⌫", classes="erase")
            yield TouchKey("↵", classes="next")


class TouchLetters(TouchKeys):
    """A letter keyboard in the language's own order (AZERTY in French), with its accents, a
    space bar, erase and Enter; a second page of digits and signs behind "123"."""

    DEFAULT_CSS = """
    TouchLetters #touch-space {
        width: 5fr;
    }
    TouchLetters.-shift #touch-shift {
        background: $accent;
    }
    """

    def compose(self) -> ComposeResult:
        words = self.app.words
        for page, rows in (("letters", words("keys.letters")), ("signs", words("keys.signs"))):
            with Vertical(id=f"touch-{page}", classes="touch-page"):
                *above, last = rows.split(" ")
                for row in above:
                    with Horizontal(classes="touch-row"):
                        yield from self.typing(row)
                with Horizontal(classes="touch-row"):
                    if page == "letters":  # a capital for the next letter, as a phone does
                        yield TouchKey("⇧", id="touch-shift")
                    yield from self.typing(last)
                    yield TouchKey("⌫", classes="erase")
        with Horizontal(classes="touch-row"):
            yield TouchKey("123", id="touch-turn")
            yield TouchKey(words("keys.space"), classes="type", name=" ", id="touch-space")
            yield from self.typing(",.")
            yield TouchKey("↵", classes="next")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#touch-signs").display = False

    @on(Button.Pressed, "#touch-shift")
    def shift(self, event: Button.Pressed) -> None:
        """The next letter typed is a capital (one letter, as a phone's ⇧); tapped again, not."""
        event.stop()
        self.set_capitals(not self.has_class("-shift"))

    def set_capitals(self, on: bool) -> None:
        """Letters' keys show and type capitals while `on`."""
        self.set_class(on, "-shift")
        for key in self.query_one("#touch-letters").query(".type").results(TouchKey):
            key.label = self.cased(key.name or "")

    def cased(self, character: str) -> str:
        return character.upper() if self.has_class("-shift") else character

    def typed(self) -> None:
        if self.has_class("-shift"):  # one capital, then small letters again
            self.set_capitals(False)

    @on(Button.Pressed, "#touch-turn")
    def turn_page(self, event: Button.Pressed) -> None:
        """From the letters to the digits and signs, and back."""
        event.stop()
        letters, signs = self.query_one("#touch-letters"), self.query_one("#touch-signs")
        letters.display, signs.display = not letters.display, letters.display
        event.button.label = "123" if letters.display else "abc"
