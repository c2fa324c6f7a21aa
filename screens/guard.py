"""Input that belongs to the screen it was meant for: the guard on the guest's screens.

A double tap, two keys at once or a key held down would otherwise act on the step that the first
tap brought up: "1" twice on the role screen chose to eat and then gave 0 €. So on a guarded
screen (the guest's steps and their dialogs):

- nothing is taken while the screen is being replaced, or until it has been drawn;
- nothing is taken within `seconds` after it was drawn (`[kiosk] guard_ms`);
- a key held down stays held: its repeats (and the press that started them) belong to the screen
  on which it was pressed. A terminal sends no "key up", so a key that comes back within
  `HELD_KEY_GAP` of the same key is taken as a repeat: a terminal's first repeat comes 250 to
  660 ms after the press, the next ones every 30 to 50 ms;
- taps are treated alike: a tap within `HELD_KEY_GAP` and a finger's width (`TAP_SLOP`) of the
  tap before it is the second half of a double tap, and belongs where the first one landed. The
  spot is measured as a share of the screen, not in cells: in a browser the page makes the
  letters bigger or smaller for each screen, and the same spot under a finger may be column 40
  of one screen and column 30 of the next.

- an input is judged by when it was made, not when the app gets to it: a key made before the
  screen it reaches was put on show acts on nothing there (the app picks the screen for a key
  only after awaiting its own bindings), and a tap by when the finger was lifted (the app
  stamps the click it makes of a lift when it handles it).

The volunteers' screens are not guarded: they type words and counts quickly, on purpose.
With `seconds` at 0 the guard is off (the tests that press keys at machine speed).
"""

import time
from collections import deque
from collections.abc import Callable

HELD_KEY_GAP = 0.7  # seconds: longer than a terminal's delay before a held key repeats
TAP_SLOP = (3, 1)  # cells (columns, rows) of a 80x24 screen: a finger's second tap lands this
REFERENCE = (80, 24)  # close to its first, whatever the size of the cells
LIFT_MEMORY = 5.0  # seconds a finger's lift is kept for the click the app makes of it


class InputGuard:
    """Decides whether a key or a tap belongs to the screen on show."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self.screen: object | None = None  # the screen on show
        self.drawn_at: float | None = None  # when it was drawn; None while it is being drawn
        self.shown_at = float("-inf")  # when it was put on show
        self._last: object = None  # the key, or where the tap landed, that came in last
        self._last_at = float("-inf")
        self._began_at = float("-inf")  # when the key now held (or the taps now repeated) began
        # Where and when fingers were lifted, oldest first: Textual makes a click of a lift when
        # it gets to it, and stamps the click then; on a loaded machine the second tap of a
        # double tap would look a second after the first (a new, deliberate tap).
        self._lifts: deque[tuple[tuple[int, int], float]] = deque(maxlen=16)

    @property
    def on(self) -> bool:
        """Whether the guard drops anything at all."""
        return self.seconds > 0

    @property
    def last_input_at(self) -> float:
        """When the last key or tap came in (guarded or not, taken or not)."""
        return self._last_at

    def changed(self, screen: object, first: bool = False) -> None:
        """`screen` is now on show (pushed, switched to, or uncovered): not drawn yet. The
        `first` screen of all replaces nothing, so nothing meant for another can reach it."""
        self.screen, self.drawn_at = screen, (float("-inf") if first else None)
        self.shown_at = float("-inf") if first else self.clock()

    def came_before(self, at: float) -> bool:
        """Whether an input made `at` was made before the screen on show was put on show: a key
        that the screen before passed back up to the app unused must not act on this one."""
        return self.on and at < self.shown_at

    def meant_for(self, screen: object, at: float) -> bool:
        """Whether an input made `at` and handed to `screen` was meant for it: `screen` is on
        show and was already when the input was made. The app decides where a key goes only
        after the guard let it in, and the step before may leave in between."""
        return not self.on or (screen is self.screen and not self.came_before(at))

    def drawn(self, screen: object) -> None:
        """`screen` has been drawn: the guard time starts now (once per showing)."""
        if screen is self.screen and self.drawn_at is None:
            self.drawn_at = self.clock()

    def lifted(self, where: tuple[int, int], at: float) -> None:
        """A finger (or the mouse's button) was lifted on `where` (column, row) `at`, as the
        terminal's driver stamped it."""
        self._lifts.append((where, at))

    def made_at(self, where: tuple[int, int], handled_at: float) -> float:
        """When the tap that the app handles as a click on `where` at `handled_at` was made:
        the oldest lift on that spot not yet matched (the lifts before it had no click of a
        button); `handled_at` when none is known."""
        while self._lifts:
            spot, at = self._lifts.popleft()
            if spot == where and handled_at - at <= LIFT_MEMORY:
                return at
        return handled_at

    def allows_key(self, key: str, guarded: bool, at: float | None = None) -> bool:
        """Whether a key pressed `at` (the guard's clock; now when None) acts. Every key passes
        through here, guarded or not, so that a key held on one screen is still known as held
        on the next."""
        return self._allows(key, lambda last: last == key, guarded, at)

    def allows_tap(self, where: tuple[int, int], guarded: bool, at: float | None = None,
                   size: tuple[int, int] = REFERENCE) -> bool:
        """Whether a tap or click landing `at` on `where` (column, row on a screen of `size`
        columns and rows) acts."""
        spot = (where[0] / max(size[0], 1), where[1] / max(size[1], 1))

        def near(last: object) -> bool:
            return (isinstance(last, tuple)
                    and abs(last[0] - spot[0]) * REFERENCE[0] <= TAP_SLOP[0]
                    and abs(last[1] - spot[1]) * REFERENCE[1] <= TAP_SLOP[1])

        return self._allows(spot, near, guarded, at)

    def _allows(self, what: object, same: Callable[[object], bool], guarded: bool,
                at: float | None) -> bool:
        # When the input happened, not when it is handled: a key pressed before the screen was
        # drawn, and handled after, was meant for the screen before.
        now = self.clock() if at is None else at
        repeated = same(self._last) and now - self._last_at < HELD_KEY_GAP
        self._last, self._last_at = what, now
        if not repeated:
            self._began_at = now
        return not guarded or self.settled(self._began_at)

    def settled(self, since: float) -> bool:
        """Whether an input that began at `since` began long enough after the screen was drawn."""
        if not self.on:
            return True
        return self.drawn_at is not None and since - self.drawn_at >= self.seconds
