"""A QR code drawn with half blocks: each character is one module wide and two modules tall.

Terminal cells are about twice as tall as wide, so "▀" with the upper module as foreground and
the lower as background gives square modules. When the screen has room, each module takes two
characters by one row instead: twice as big, easier for an old phone's camera.
"""

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

QUIET_ZONE = 2  # modules of light margin around the code; scanners need one to find it
DARK = "#000000"
LIGHT = "#ffffff"
STYLES = {
    (top, bottom): Style(color=DARK if top else LIGHT, bgcolor=DARK if bottom else LIGHT)
    for top in (False, True) for bottom in (False, True)
}


def with_quiet_zone(matrix: list[list[bool]], margin: int = QUIET_ZONE) -> list[list[bool]]:
    """The matrix surrounded by `margin` light modules on every side."""
    width = len(matrix[0]) + 2 * margin
    blank = [[False] * width for _ in range(margin)]
    body = [[False] * margin + list(row) + [False] * margin for row in matrix]
    return blank + body + [list(row) for row in blank]


class QRCode(Widget):
    """Shows a QR matrix (rows of bools, dark True) large enough to scan from a phone."""

    DEFAULT_CSS = """
    QRCode {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, matrix: list[list[bool]], *, id: str | None = None,
                 room: tuple[int, int] | None = None):
        super().__init__(id=id)
        self.modules = with_quiet_zone(matrix)
        self.room = room  # (columns, rows) the screen can give the code; None: half blocks
        self._cells: list[list[tuple[bool, bool]]] | None = None

    @property
    def doubled(self) -> bool:
        """Whether each module is drawn two characters wide and one row tall."""
        if self.room is None:
            return False
        columns, rows = self.room
        size = len(self.modules)
        return 2 * size <= columns and size <= rows

    def fit(self, room: tuple[int, int]) -> None:
        """Draw the code for the `room` the screen now gives it (a tablet turned): twice as
        big, or back to half blocks, and laid out again."""
        was = self.doubled
        self.room = room
        if self.doubled != was:
            self._cells = None
            self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        return len(self.modules[0]) * (2 if self.doubled else 1)

    def get_content_height(self, container, viewport, width) -> int:
        size = len(self.modules)
        return size if self.doubled else (size + 1) // 2

    def cells(self) -> list[list[tuple[bool, bool]]]:
        """Each character as (upper module dark, lower module dark), row by row."""
        if self._cells is None:
            modules, rows = self.modules, []
            if self.doubled:
                rows = [[(dark, dark) for dark in row for _ in range(2)] for row in modules]
            else:
                for y in range(0, len(modules), 2):
                    lower = modules[y + 1] if y + 1 < len(modules) else [False] * len(modules[y])
                    rows.append(list(zip(modules[y], lower, strict=False)))
            self._cells = rows
        return self._cells

    def render_line(self, y: int) -> Strip:
        cells = self.cells()
        if y >= len(cells):
            return Strip.blank(self.size.width)
        segments: list[Segment] = []
        run, count = None, 0
        for cell in cells[y]:
            if cell != run and count:
                segments.append(Segment("▀" * count, STYLES[run]))
                count = 0
            run, count = cell, count + 1
        if count:
            segments.append(Segment("▀" * count, STYLES[run]))
        return Strip(segments).crop_extend(0, self.size.width, None)
