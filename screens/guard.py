"""Input that belongs to the screen it was meant for: the guard on the guest's screens.

A double tap, two keys at once or a key held down would otherwise act on the step that the first
tap brought up: "1" twice on the role screen chose to eat and then gave 0 €. So on a guarded
screen (the guest's steps and their dialogs):

- nothing is taken while the screen is being replaced, or until it has been drawn;
- nothing is taken within `seconds` after it was drawn (`[kiosk] guard_ms`);
- a key held down stays held: its repeats (and the press that started them) belong to the screen
  on which it was pressed. A terminal sends no "key up", so a key that comes back within
  `HELD_KEY_GAP` of the same key is taken as a repeat: a terminal's first repeat comes 250 to
  660 ms after the press, the next ones every 30 to 50 ms.

The volunteers' screens are not guarded: they type words and counts quickly, on purpose.
With `seconds` at 0 the guard is off (the tests that press keys at machine speed).
"""

import time
from collections.abc import Callable

HELD_KEY_GAP = 0.7  # seconds: longer than a terminal's delay before a held key repeats


class InputGuard:
    """Decides whether a key or a tap belongs to the screen on show."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self.screen: object | None = None  # the screen on show
        self.drawn_at: float | None = None  # when it was drawn; None while it is being drawn
        self._last_key: str | None = None
        self._last_key_at = float("-inf")
        self._pressed_at = float("-inf")  # when the key now coming in was first pressed

    @property
    def on(self) -> bool:
        """Whether the guard drops anything at all."""
        return self.seconds > 0

    def changed(self, screen: object) -> None:
        """`screen` is now on show (pushed, switched to, or uncovered): not drawn yet."""
        self.screen, self.drawn_at = screen, None

    def drawn(self, screen: object) -> None:
        """`screen` has been drawn: the guard time starts now (once per showing)."""
        if screen is self.screen and self.drawn_at is None:
            self.drawn_at = self.clock()

    def allows_key(self, key: str, guarded: bool) -> bool:
        """Whether a key arriving now acts (every key passes through here, guarded or not,
        so that a key held on one screen is still known as held on the next)."""
        now = self.clock()
        held = key == self._last_key and now - self._last_key_at < HELD_KEY_GAP
        self._last_key, self._last_key_at = key, now
        if not held:
            self._pressed_at = now
        return not guarded or self.settled(self._pressed_at)

    def allows_tap(self, guarded: bool) -> bool:
        """Whether a tap or click arriving now acts."""
        return not guarded or self.settled(self.clock())

    def settled(self, since: float) -> bool:
        """Whether an input that began at `since` began long enough after the screen was drawn."""
        if not self.on:
            return True
        return self.drawn_at is not None and since - self.drawn_at >= self.seconds
