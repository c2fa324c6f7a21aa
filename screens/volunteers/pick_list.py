"""A list a volunteer picks one line from: the service's visits (Corrections), its cash
movements. A button then acts on "the line chosen" (void it, cancel it).

No line is chosen until the volunteer taps one (or moves onto one with the arrows): a list that
opened with its first line chosen let "Annuler la ligne" act on a line nobody picked. The rows
are as tall as a finger needs on a touch screen (the Pi's 800x480, a portrait tablet); the
console keeps one line a row. A line's last column is cut to the room left, never scrolled
sideways: a finger cannot use a horizontal scrollbar (the screen says the whole of it once the
line is chosen).
"""

from collections.abc import Callable

from textual import events
from textual.widgets import DataTable

from screens.base import TALL_ROWS, is_tall

# Rows of a page from which a touch screen's list has room for rows two lines high: the Pi's
# 800x480 page has 26 (88x26).
ROOMY_ROWS = 26


def row_height(app) -> int:
    """Lines a row takes: 3 on a portrait tablet, 2 on a touch screen with room, else 1."""
    if not app.is_web or app.size.height < ROOMY_ROWS:
        return 1
    return 3 if is_tall(app.size) and app.size.height >= TALL_ROWS else 2


def cut(text: str, room: int) -> str:
    """`text` in at most `room` cells, ending with "…" when cut."""
    if len(text) <= room:
        return text
    return text[:max(room - 1, 0)] + "…"


class PickList(DataTable):
    """Rows of a table, none chosen until tapped or reached with the arrows."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, show_cursor=False)

    @property
    def picked(self) -> str | None:
        """The key of the line chosen, or None while none is."""
        if not self.show_cursor or not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def pick(self, key: str) -> None:
        """Choose the line of `key` (as a tap would)."""
        self.show_cursor = True
        self.move_cursor(row=self.get_row_index(key))

    def reload_keeping_pick(self, reload: Callable[[], None]) -> None:
        """Run `reload` (which fills the rows anew), and choose again the line chosen before."""
        picked = self.picked
        reload()
        if picked is not None:
            self.pick(picked)

    def unpick(self) -> None:
        """Choose no line (the cursor stays where it was, for the arrows to go on from)."""
        self.show_cursor = False

    def on_click(self, event: events.Click) -> None:
        # Before DataTable's own handler, which moves onto the row tapped only while the cursor
        # shows: the first tap on a line chooses it.
        row = event.style.meta.get("row", -1) if event.style else -1
        if row >= 0:
            self.show_cursor = True

    def action_cursor_down(self) -> None:
        if self.reveal():
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.reveal():
            super().action_cursor_up()

    def action_select_cursor(self) -> None:
        if self.reveal():
            super().action_select_cursor()

    def reveal(self) -> bool:
        """The first arrow or Enter shows the line the cursor is on (chosen) without moving;
        True when it was already shown, and the key does what it always does."""
        if self.show_cursor or not self.row_count:
            return True
        self.show_cursor = True
        self.post_message(self.RowHighlighted(self, self.cursor_row,
                                              self.coordinate_to_cell_key(
                                                  self.cursor_coordinate).row_key))
        return False

    def room_for_last(self, width: int) -> int:
        """Cells left for the last column when the table is `width` wide and the other
        columns hold what they hold now (at least 8)."""
        columns = list(self.columns.values())
        used = sum(column.get_render_width(self) for column in columns[:-1])
        return max(width - used - 2 * self.cell_padding - 2, 8)  # 2: the upright scrollbar
