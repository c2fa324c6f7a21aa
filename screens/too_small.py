"""Below the smallest size a screen is drawn for, the kiosk says so plainly ("écran trop petit")
instead of drawing cut buttons a guest would press half-seen: 40 columns by 24 rows for a guest's
steps (a portrait tablet; below 80 columns the card's step as its QR code needs), 80 by 24 (the
Pi's console) for the volunteers' tables.

The notice is a screen pushed over whatever was on show, and popped when the terminal is large
enough again: nothing of a visit in progress is lost meanwhile. It takes no input and keeps its
own time (no idle reset would help: the guest could not see the welcome screen either).
"""

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

MIN_SIZE = (80, 24)  # columns, rows: the volunteers' screens
GUEST_MIN_SIZE = (40, 24)  # a guest's steps, which stack their choices when narrow


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

    def __init__(self, needs: tuple[int, int] = MIN_SIZE) -> None:
        super().__init__()
        self.needs = needs

    def compose(self) -> ComposeResult:
        words = self.app.words
        columns, rows = self.needs
        with Vertical(id="too-small"):
            yield Static(words("screen.too_small"), id="too-small-title")
            yield Static(words("screen.too_small_needs", columns=columns, rows=rows))


def needs(screen: Screen) -> tuple[int, int]:
    """The smallest size `screen` is drawn for: the volunteers' screens need their tables'."""
    if getattr(screen, "PATIENCE", "") == "volunteer" or getattr(screen, "WIDE", False):
        return MIN_SIZE
    own = getattr(screen, "smallest", None)  # e.g. the card's QR code, under which words go
    size = own() if callable(own) else None
    if size is None:
        return GUEST_MIN_SIZE
    return max(size[0], GUEST_MIN_SIZE[0]), max(size[1], GUEST_MIN_SIZE[1])


def too_small(size: Size, minimum: tuple[int, int] = MIN_SIZE) -> bool:
    """Whether a terminal of `size` is smaller than `minimum` (columns, rows)."""
    return size.width < minimum[0] or size.height < minimum[1]


def fit_screen(app: App, size: Size | None = None) -> None:
    """Show the notice while the terminal (`size`, else the app's) is too small for the screen
    on show, and take it away once it is not."""
    from screens.hands import tell_page_width

    shown = isinstance(app.screen, TooSmall)
    beneath = app.screen_stack[-2] if shown and len(app.screen_stack) > 1 else app.screen
    minimum = needs(beneath)
    tell_page_width(app, minimum[0])
    small = too_small(size or app.size, minimum)
    if small and not shown:
        app.push_screen(TooSmall(minimum))
    elif shown and not small:
        app.pop_screen()
    elif shown and app.screen.needs != minimum:
        app.screen.needs = minimum
        app.screen.refresh(recompose=True)
