"""How many people, then cook, eat or both. A cook who does not eat is done here.

The number of people comes first: a guest reads from the top, and a role moves on at once, so a
counter under the roles was missed (a couple recorded as one person at one person's price).
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.guest import VisitDraft
from screens.base import StepScreen, while_shown

ROLES = ("eat", "cook", "both")


class RoleScreen(StepScreen):
    """The number of people first (1 by default), then the role, which goes on at once."""

    CSS_PATH = "role.tcss"

    def __init__(self, draft: VisitDraft | None = None) -> None:
        super().__init__(draft)
        self.draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(id="role"):
            yield Static(id="covers-question", classes="title")
            with Horizontal(id="covers"):
                yield self.button("role.fewer", "minus", id="fewer")
                yield Static(id="covers-count")
                yield self.button("role.more", "plus", id="more")
            yield Static(id="role-title", classes="title")
            with Horizontal(id="roles"):
                for number, role in enumerate(ROLES, start=1):
                    yield self.button(f"role.{role}", str(number), id=f"role-{role}",
                                      classes="role", variant="primary")
            with Horizontal(classes="nav"):
                yield self.button("role.back", "backspace", id="back")

    def reset(self, value: VisitDraft) -> None:
        self.draft = self.value = value
        self.say("#covers-question", self.app.words("role.covers_question"))
        self.say("#role-title", self.app.words("role.title"))
        self.relabel("#fewer", "role.fewer")
        self.relabel("#more", "role.more")
        for role in ROLES:
            self.relabel(f"#role-{role}", f"role.{role}")
        self.relabel("#back", "role.back")
        self.show_covers()

    def show_covers(self) -> None:
        self.say("#covers-count", self.app.words.count("role.covers", self.draft.covers))
        self.query_one("#fewer", Button).disabled = self.draft.covers == 1

    def change_covers(self, step: int) -> None:
        self.draft = self.draft.with_covers(self.draft.covers + step)
        self.show_covers()

    @on(Button.Pressed, "#fewer")
    def fewer(self) -> None:
        self.change_covers(-1)

    @on(Button.Pressed, "#more")
    def more(self) -> None:
        self.change_covers(+1)

    @on(Button.Pressed, "#back")
    @while_shown
    def back(self) -> None:
        self.app.go_back("role", self.draft)

    @on(Button.Pressed, ".role")
    @while_shown
    def choose(self, event: Button.Pressed) -> None:
        self.app.go_on("role", self.draft.with_role(event.button.id.removeprefix("role-")))
