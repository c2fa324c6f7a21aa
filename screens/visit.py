"""The steps of a guest's visit, as the app keeps them: built once, reset for each guest, and the
garbage collector kept out of the guest's taps.

`GuestSteps` is part of the kiosk's App (`screens.app.KioskApp`), which says which screen draws
each step (`STEP_SCREENS`). A step screen that is a `screens.base.StepScreen` is built while the
welcome screen waits for the first guest, installed so Textual keeps it, and reset for each
guest (`StepScreen.reset`); any other step screen is built afresh each time it is shown.
"""

import functools
import gc
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual.screen import Screen

from screens.compat import build_offstage, forget_render_caches

GUEST_DIR = Path(__file__).resolve().parent / "guest"


class GuestSteps:
    """The step screens of a visit and the collector's timing (mixed into the App)."""

    # step -> (module of screens/guest/, class); the app's own table.
    STEP_SCREENS: ClassVar[dict[str, tuple[str, str]]] = {}
    # Modules of screens/guest/ whose CSS is read before the first guest (dialogs included).
    GUEST_SCREENS: ClassVar[tuple[str, ...]] = ()
    steps: dict[str, Screen]  # the reused step screens, built once

    def step_screen(self, step: str, value: Any) -> Screen:
        """The screen of `step`, for a draft (before the commit) or the committed entry: the
        step's one screen reset for `value` when it is reused, else a new one."""
        screen = self.steps.get(step) or self._new_step_screen(step, value)
        return screen.showing(value) if getattr(screen, "REUSED", False) else screen

    def _new_step_screen(self, step: str, value: Any) -> Screen:
        module, name = self.STEP_SCREENS[step]
        screen = getattr(importlib.import_module(f"screens.guest.{module}"), name)(value)
        if getattr(screen, "REUSED", False):
            # Installed, so Textual keeps it (and its widgets) when the guest moves on.
            self.install_screen(screen, f"step-{step}")
            self.steps[step] = screen
        return screen

    def build_step(self, step: str) -> None:
        """Build the screen of `step` off stage, if it is reused and not built yet, while the
        welcome screen waits: the first guest's taps wait no more than the next ones'."""
        if step in self.steps:
            return
        # For no guest yet (None): composed now, filled by `reset` when it is first shown.
        screen = self._new_step_screen(step, None)
        if step in self.steps:
            build_offstage(self, screen)

    def prepare_for_guests(self) -> None:
        """Do now what would otherwise make a guest's tap wait: import the screens of a visit and
        read their CSS in one go (Textual re-parses every rule each time it reads a screen's CSS),
        build the reused steps, and set what lives as long as the kiosk aside from the garbage
        collector (`gc.freeze`): Textual, Babel, the catalogues, the steps' widgets.

        One piece at a time, each behind whatever input came meanwhile: a guest who taps
        "start" while the kiosk prepares (a tablet's tab just opened) waits for one piece, not
        for all of them.
        """
        pieces: list[Callable[[], object]] = [self.read_guest_css]
        if self.config.card.enabled:
            from kiosk.settings.payment import load_qrcode

            pieces.append(load_qrcode)
        pieces += [functools.partial(self.build_step, step) for step in self.STEP_SCREENS]
        pieces.append(gc.freeze)
        self._prepare(pieces)

    def _prepare(self, pieces: list[Callable[[], object]]) -> None:
        if pieces:
            pieces[0]()
            self.call_later(self._prepare, pieces[1:])

    def read_guest_css(self) -> None:
        """Import the screens of a visit and read their CSS, all in one parse."""
        read = False
        for name in self.GUEST_SCREENS:
            importlib.import_module(f"screens.guest.{name}")
            path = str(GUEST_DIR / f"{name}.tcss")
            if not self.stylesheet.has_source(path):
                self.stylesheet.read(path)
                read = True
        if read:
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    def step_built(self, screen: Screen) -> None:
        """A step screen was built off stage: it lives as long as the kiosk, so once its
        widgets are all mounted no collection needs to walk them (`gc.freeze`)."""
        self.call_later(gc.freeze)

    def visit_began(self) -> None:
        """A guest pressed start: the collector runs only when the kiosk says so until they leave.

        Left to itself, a full collection (30 to 100 ms) starts at a random allocation, often
        in the middle of a tap. During a visit it runs instead once each step is drawn, while
        the guest reads it (`step_shown`), and on the welcome screen when they leave.
        """
        gc.disable()

    def step_shown(self) -> None:
        """A step of the visit is drawn: free what the last tap left behind, while the guest
        reads. Only the young generations: the kept step screens and their render caches
        (some 20,000 objects) are walked once per visit, when the guest has left."""
        if not gc.isenabled():
            gc.collect(1)

    def visit_ended(self) -> None:
        """Back on the welcome screen: let the visit's screens go once the screen is drawn."""
        if not gc.isenabled():
            self.call_after_refresh(self._let_visit_go)

    def _let_visit_go(self) -> None:
        # Re-enabling the collector before the frame would have the first allocation pay for
        # the whole visit. Textual 8.2 also caches a method with `lru_cache`, which keeps the
        # render caches of the last 1,024 widgets alive (Textualize/textual#6665): some 20,000
        # objects per guest that every later collection would walk.
        # A later Textual 8.2.x that fixes it may have no cache left to clear.
        forget_render_caches()
        gc.enable()
        gc.collect()
