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
from textual.worker import Worker

from kiosk.guest import VisitDraft, next_step, steps_for
from screens.compat import build_offstage, forget_render_caches

GUEST_DIR = Path(__file__).resolve().parent / "guest"
# Seconds between two pieces of the preparation, and without a key or tap before the next one:
# a guest's tap and the frame that answers it go first.
PIECE_GAP = 0.02
QUIET = 0.3


class GuestSteps:
    """The step screens of a visit and the collector's timing (mixed into the App)."""

    # step -> (module of screens/guest/, class); the app's own table.
    STEP_SCREENS: ClassVar[dict[str, tuple[str, str]]] = {}
    # step -> the modules of screens/guest/ of the dialogs it opens.
    STEP_DIALOGS: ClassVar[dict[str, tuple[str, ...]]] = {}
    steps: dict[str, Screen]  # the reused step screens, built once
    preparing = False  # whether the preparation for guests has started
    ready_for_guests = False  # and whether it is done
    in_visit = False  # whether a guest is on their way, from "start" to back on welcome

    def step_screen(self, step: str, value: Any) -> Screen:
        """The screen of `step`, for a draft (before the commit) or the committed entry: the
        step's one screen reset for `value` when it is reused, else a new one."""
        screen = self.steps.get(step) or self._new_step_screen(step, value)
        return screen.showing(value) if getattr(screen, "REUSED", False) else screen

    def _new_step_screen(self, step: str, value: Any) -> Screen:
        # Read first (with its dialogs'), so that Textual does not parse every rule again when
        # it shows the screen (`read_guest_css`).
        self.read_guest_css(self.guest_modules((step,)))
        module, name = self.STEP_SCREENS[step]
        screen = getattr(importlib.import_module(f"screens.guest.{module}"), name)(value)
        if getattr(screen, "REUSED", False):
            # Installed, so Textual keeps it (and its widgets) when the guest moves on.
            self.install_screen(screen, f"step-{step}")
            self.steps[step] = screen
        return screen

    def build_step(self, step: str) -> Screen | None:
        """Build the screen of `step` off stage, if it is reused and not built yet, while the
        welcome screen waits: the first guest's taps wait no more than the next ones'. The screen
        being built, or None when there is nothing to build."""
        if step in self.steps:
            return None
        # For no guest yet (None): composed now, filled by `reset` when it is first shown.
        screen = self._new_step_screen(step, None)
        if step not in self.steps:
            return None
        build_offstage(self, screen)
        return screen

    def prepare_for_guests(self) -> None:
        """Start doing, while the welcome screen waits, what would otherwise make a guest's tap
        wait (`preparations`), once: the app calls it at each resize."""
        if not self.preparing:
            self.preparing = True
            self._prepare(self.preparations())

    def preparations(self) -> list[Callable[[], object]]:
        """The pieces of the preparation, in order: the first step first (a guest may tap
        "start" as soon as the welcome screen shows: a tablet's tab just opened), then the
        screens of the rest of a visit, the QR code's library and the print service.

        Each piece is small (a module, one parse of the CSS, one step's widgets): a guest who
        taps while the kiosk prepares waits for one piece at most, never for all of them.
        """
        # Only the steps this cantine shows: no card step without a card link, no membership
        # steps where joining is not offered.
        steps = steps_for(self.flow, self.config.membership.enabled)
        first = next_step("welcome", VisitDraft(), self.flow)  # its CSS is the app's own
        modules = self.guest_modules(steps)
        pieces: list[Callable[[], object]] = [
            functools.partial(self.build_step, first),
            *(functools.partial(importlib.import_module, f"screens.guest.{name}")
              for name in modules if name != self.STEP_SCREENS[first][0]),
            # Textual re-parses every rule each time it reads a screen's CSS: all in one go.
            functools.partial(self.read_guest_css, modules),
        ]
        if self.config.card.enabled:
            from kiosk.settings.payment import load_qrcode

            pieces.append(load_qrcode)
        pieces += [functools.partial(self.build_step, step) for step in steps]
        return [*pieces, self.start_printing]

    def guest_modules(self, steps: tuple[str, ...]) -> tuple[str, ...]:
        """The modules of screens/guest/ that show `steps` and their dialogs."""
        modules = [name for step in steps
                   for name in (self.STEP_SCREENS[step][0], *self.STEP_DIALOGS.get(step, ()))]
        return tuple(dict.fromkeys(modules))

    def _prepare(self, pieces: list[Callable[[], object]]) -> None:
        """Do the first piece at a quiet moment, then the others, each once the one before is
        done (a screen's widgets are composed in its own task, after `build_step`)."""
        if not pieces:
            self.prepared()
        elif self.idle_for() < QUIET:  # a guest's tap, and the frame that answers it, go first
            self.set_timer(QUIET - max(0.0, self.idle_for()),
                           functools.partial(self._prepare, pieces))
        else:
            self._after(pieces[0](), functools.partial(self._prepare, pieces[1:]))

    def _after(self, done: object, then: Callable[[], None]) -> None:
        """Call `then` once `done` is: a screen mounted, a worker finished (or anything else)."""
        waiting = (isinstance(done, Screen) and not done.is_mounted
                   or isinstance(done, Worker) and not done.is_finished)
        self.set_timer(PIECE_GAP, functools.partial(self._after, done, then) if waiting else then)

    def prepared(self) -> None:
        """Everything is ready: what lives as long as the kiosk (Textual, Babel, the catalogues,
        the steps' widgets) is set aside from the collector (`gc.freeze`), and the collector,
        paused since the kiosk started (`screens.commands.pause_collector`), runs again, unless
        a guest is on their way (it does when they leave, `visit_ended`)."""
        self.ready_for_guests = True
        gc.freeze()
        if not self.in_visit:
            gc.enable()

    def read_guest_css(self, names: tuple[str, ...]) -> None:
        """Import the screens `names` of screens/guest/ and read their CSS, all in one parse.

        Textual, showing a screen whose CSS it has not read, parses every rule of the app again
        (`Stylesheet.reparse`, for a change of theme). Read here, only the new files are parsed
        (`Stylesheet.parse` keeps what it parsed before): half the time, and no second copy
        of every rule in memory meanwhile.
        """
        read = False
        for name in names:
            importlib.import_module(f"screens.guest.{name}")
            path = str(GUEST_DIR / f"{name}.tcss")
            if not self.stylesheet.has_source(path):
                self.stylesheet.read(path)
                read = True
        if read:
            self.stylesheet.parse()
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
        self.in_visit = True
        gc.disable()
        if not self.ready_for_guests:
            # The collector was paused as the kiosk started (`pause_collector`): what the start
            # made (some 80,000 objects, still in the youngest generation) is set aside, or
            # the young collections of this visit (`step_shown`) would walk it all.
            gc.freeze()

    def step_shown(self) -> None:
        """A step of the visit is drawn: free what the last tap left behind, while the guest
        reads. Only the young generations: the kept step screens and their render caches
        (some 20,000 objects) are walked once per visit, when the guest has left."""
        if not gc.isenabled():
            gc.collect(1)

    def visit_ended(self) -> None:
        """Back on the welcome screen (or off to the volunteers' area): let the visit's screens
        go once the screen is drawn. Before any visit, while the kiosk prepares, the collector
        stays paused until it is ready (`prepared`)."""
        after_a_visit, self.in_visit = self.in_visit, False
        if not gc.isenabled() and (after_a_visit or self.ready_for_guests):
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
