"""Page buttons (▲ ▼) for a text longer than its box: a finger cannot scroll a terminal's text,
so a Z report, the manager's impact report and the tally's figures are paged by taps. The
buttons stay on screen beside the box they page."""

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button


class PageButtons(Horizontal):
    """▲ and ▼, paging the widget `pages` (a selector on the same screen) up and down."""

    DEFAULT_CSS = """
    PageButtons {
        width: auto;
        height: auto;
    }
    PageButtons Button {
        min-width: 5;
        width: 7;
        margin-left: 1;
    }
    PageButtons.-upright {
        layout: vertical;
        height: 100%;
    }
    PageButtons.-upright Button {
        margin-left: 0;
    }
    PageButtons.-upright .page-down {
        dock: bottom;
    }
    """

    def __init__(self, pages: str, *, upright: bool = False, id: str | None = None) -> None:
        super().__init__(id=id, classes="-upright" if upright else "")
        self.pages = pages

    def compose(self):
        yield Button("▲", id=f"{self.id or 'page'}-up", classes="page-up")
        yield Button("▼", id=f"{self.id or 'page'}-down", classes="page-down")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()  # the screen's own buttons handler is for its own buttons
        box: Widget = self.screen.query_one(self.pages)
        if event.button.has_class("page-up"):
            box.scroll_page_up(animate=False)
        else:
            box.scroll_page_down(animate=False)
