"""Below the smallest size the kiosk is drawn for (80x24, the Pi's console), it says so plainly
("écran trop petit") instead of drawing cut buttons a guest would press half-seen.

The notice is a screen pushed over whatever was on show, and popped when the terminal is large
enough again: nothing of a visit in progress is lost meanwhile. It takes no input and keeps its
own time (no idle reset would help: the guest could not see the welcome screen either).
"""

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

MIN_SIZE = (80, 24)  # columns, rows


class TooSmall(Screen[None], inherit_bindings=False):
    """"Écran trop petit", in the guest's language, with the size the kiosk needs."""

    DEFAULT_CSS = """
    TooSmall {
        align: center middle;
    }
    TooSmall #too-small {
        width: 100%;
        height: auto;
    }
    TooSmall Static {
        width: 100%;
        text-align: center;
    }
    TooSmall #too-small-title {
        text-style: bold;
    }
    """
    PATIENCE = "own"

    def compose(self) -> ComposeResult:
        words = self.app.words
        columns, rows = MIN_SIZE
        with Vertical(id="too-small"):
            yield Static(words("screen.too_small"), id="too-small-title")
            yield Static(words("screen.too_small_needs", columns=columns, rows=rows))


def too_small(size: Size) -> bool:
    """Whether a terminal of `size` is smaller than the kiosk is drawn for."""
    return size.width < MIN_SIZE[0] or size.height < MIN_SIZE[1]


def fit_screen(app: App, size: Size | None = None) -> None:
    """Show the notice while the terminal (`size`, else the app's) is too small, and take it
    away once it is not."""
    small = too_small(size or app.size)
    shown = isinstance(app.screen, TooSmall)
    if small and not shown:
        app.push_screen(TooSmall())
    elif shown and not small:
        app.pop_screen()
