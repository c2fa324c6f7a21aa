"""An unusually high amount: the guest says it is right, or goes back to change it."""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from screens.base import KioskDialog, while_shown


class ConfirmAmount(KioskDialog[bool]):
    """Dismisses True when the guest confirms the amount."""

    CSS_PATH = "confirm.tcss"

    def __init__(self, amount: int, covers: int) -> None:
        super().__init__()
        self.amount = amount
        self.covers = covers

    def compose(self) -> ComposeResult:
        words = self.app.words
        amount = words.money(self.amount)
        question = (words("confirm.question", amount=amount) if self.covers == 1
                    else words("confirm.question_many", amount=amount, count=self.covers))
        with Vertical(id="confirm"):
            yield Static(question, id="confirm-question")
            with Horizontal(id="confirm-answers"):
                yield self.button("confirm.no", "backspace", id="no")
                yield self.button("confirm.yes", "enter", id="yes", variant="primary")

    @on(Button.Pressed, "#yes")
    @while_shown
    def yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    @while_shown
    def no(self) -> None:
        self.dismiss(False)
