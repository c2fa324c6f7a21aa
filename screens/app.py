"""The kiosk's Textual App, built by `make_app` with everything it needs handed in.

`make_app` builds it for the command line and the tests alike, with its dependencies handed in.
The app is locked down for a public door: no command palette, no inherited bindings (so no ctrl+q
quit, no ctrl+c hint), the terminal's signals turned off, and ctrl+q, ctrl+c, ctrl+z, ctrl+p and
escape do nothing. The only way out is the volunteers' key, then their PIN.
"""

import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button
from textual.worker import Worker

from kiosk.errors import KioskError
from kiosk.guest import COMMIT, Flow, VisitDraft, joining, next_step, previous_step
from kiosk.settings.config import Config, ConfigError, load_config
from kiosk.settings.i18n import Words, available, words_for
from screens import hands
from screens.base import keys_shown
from screens.guard import InputGuard
from screens.hangup import end_with_terminal
from screens.patience import idle_tick, time_to_reset
from screens.records import VisitRecords
from screens.too_small import TooSmall, fit_screen
from screens.visit import GUEST_DIR, GuestSteps

if TYPE_CHECKING:  # loaded at their first use, once the welcome screen is drawn
    from kiosk.ledger.answers import SurveyCounts
    from kiosk.ledger.book import Ledger
    from kiosk.ledger.entries import Entry
    from kiosk.settings.pin_guard import PinGuard

SCREENS_DIR = Path(__file__).resolve().parent
LOCKED_KEYS = "ctrl+q,ctrl+c,ctrl+z,ctrl+p,escape"
# Input that counts as a guest being there: it postpones the idle reset.
ACTIVITY = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
# The screen of each step of a visit (kiosk.guest.STEPS says their order): each takes the draft,
# or after the commit the committed entry. Modules of screens/guest/, each with its .tcss. A
# screen that is a `screens.base.StepScreen` is built once and reset for each guest
# (screens/visit.py).
STEP_SCREENS = {
    "role": ("role", "RoleScreen"),
    "contribution": ("contribution", "ContributionScreen"),
    "payment": ("payment", "PaymentScreen"),
    "card": ("card", "CardScreen"),
    "survey": ("survey", "SurveyScreen"),
    "thanks": ("thanks", "ThanksScreen"),
    "membership": ("membership", "MembershipScreen"),
    "joined": ("joined", "JoinedScreen"),
}
# The dialogs a step opens over itself, modules of screens/guest/ too.
STEP_DIALOGS = {"contribution": ("keypad", "confirm"), "membership": ("keypad", "confirm"),
                "card": ("paid",)}
# The steps a guest can be shown here, their modules and dialogs, are made ready while the welcome
# screen waits for the first guest, from PREPARE_AFTER seconds after the kiosk's first resize
# (screens/visit.py).
PREPARE_AFTER = 0.5
log = logging.getLogger("kiosk.app")


class KioskApp(GuestSteps, VisitRecords, App[None], inherit_bindings=False):
    """The door kiosk. Screens reach `app.ledger`, `app.config`, `app.printer`, `app.words`."""

    # The welcome screen is the default screen, whose own CSS_PATH Textual does not load. The
    # first step's is read with it: a guest who taps "start" as soon as the welcome screen
    # shows does not wait for Textual to parse every rule again (`_load_screen_css`).
    CSS_PATH: ClassVar = [SCREENS_DIR / "kiosk.tcss", GUEST_DIR / "welcome.tcss",
                          GUEST_DIR / "role.tcss"]
    ENABLE_COMMAND_PALETTE = False
    STEP_SCREENS: ClassVar = STEP_SCREENS
    STEP_DIALOGS: ClassVar = STEP_DIALOGS
    # Textual 8.2 reads `inherit_bindings=False` from the class statement above; this attribute
    # only says the same thing to readers looking for it.
    INHERIT_BINDINGS = False
    BINDINGS: ClassVar = [
        Binding("f2", "volunteers", "Volunteers", show=False, priority=True,
                id="kiosk.volunteers"),
        # Bound with priority to an action that does nothing, so no widget can act on them.
        Binding(LOCKED_KEYS, "stay", "Stay in the kiosk", show=False, priority=True,
                id="kiosk.locked"),
    ]

    def __init__(self, config: Config, data_dir: Path, printer: Any = None,
                 clock: Callable[[], datetime] | None = None):
        super().__init__()
        self.config = config
        self.data_dir = Path(data_dir)
        # The print service, or how to make it: python-escpos (and Pillow, qrcode, pyusb with
        # it) is imported once the welcome screen is drawn, not before (see `printer`).
        self._printer = printer
        self.clock = clock
        self.languages = available(config.cantine.languages)
        self.language = self.languages[0]
        # `kiosk run`: the terminal is the kiosk's own, and the kiosk ends with it (or SIGTERM).
        self.ends_with_terminal = False
        # The clock of every idle check; tests hand in one they move, to wait minutes at once.
        self.monotonic: Callable[[], float] = time.monotonic
        self._last_activity = self.monotonic()
        self.input_guard = InputGuard(config.kiosk.guard_ms / 1000)
        self.steps: dict[str, Screen] = {}  # the reused step screens, built once

    # -- what screens use ----------------------------------------------------------------------

    @cached_property
    def ledger(self) -> "Ledger":
        """The cantine's ledger, opened at its first use: TinyDB and the chain's code are loaded
        once the welcome screen is drawn (`on_mount`), not before."""
        from kiosk.ledger.book import Ledger

        cantine = self.config.cantine
        return Ledger(self.data_dir / "ledger", cantine.timezone, clock=self.clock)

    @cached_property
    def pin_guard(self) -> "PinGuard":
        """The volunteers' PIN as kiosk.toml says at each try (the config's, while there is no
        such file); made at the volunteers' key."""
        from kiosk.settings.pin_guard import PinGuard

        return PinGuard(self.data_dir, self.config.kiosk.pin_hash)

    @cached_property
    def survey_counts(self) -> "SurveyCounts":
        """The survey's open counts, beside the ledger."""
        from kiosk.ledger.answers import SurveyCounts

        return SurveyCounts(self.ledger, self.config.privacy.k)

    @property
    def printer(self) -> Any:
        """The print service, made at its first use; None when the cantine has no printer."""
        if isinstance(self._printer, PrinterToBe):
            return self._printer.make()
        return self._printer

    @property
    def has_printer(self) -> bool:
        """Whether the cantine has a printer, known without making the print service."""
        return self._printer is not None

    @property
    def words(self) -> Words:
        """The texts, money and dates of the current guest's language."""
        cantine = self.config.cantine
        return words_for(self.language, cantine.locale, cantine.currency)

    @property
    def volunteer_key_label(self) -> str:
        """The volunteers' key as written on the welcome screen (F2)."""
        return self.config.kiosk.volunteer_key.upper()

    def now(self) -> datetime:
        """The current time in the cantine's time zone (the injected clock in tests)."""
        if self.clock is not None:
            return self.clock()
        return datetime.now(ZoneInfo(self.config.cantine.timezone))

    def set_language(self, language: str) -> None:
        """Speak `language` from now on, and redraw the welcome screen in it."""
        if language in self.languages and language != self.language:
            self.language = language
            speak_again = getattr(self.screen, "speak_again", None)
            if speak_again is not None:
                speak_again()

    @property
    def flow(self) -> Flow:
        """What the rules of a visit's steps read from the settings."""
        return Flow(card=self.config.card.enabled, survey=bool(self.config.survey))

    def begin_visit(self) -> None:
        """A guest pressed start: the first step, on top of the welcome screen."""
        self.visit_began()
        self.push_screen(self.step_screen(next_step("welcome", VisitDraft(), self.flow),
                                          VisitDraft()))

    def begin_joining(self) -> None:
        """A guest chose to join the association (on the thanks screen): its first step, in
        place of the screen they left."""
        self.switch_screen(self.step_screen(next_step("welcome", joining(), self.flow),
                                            joining()))

    def go_on(self, step: str, draft: VisitDraft) -> None:
        """The guest is done with `step`: draw the step that follows, or commit the visit (or
        the membership)."""
        following = next_step(step, draft, self.flow)
        if following == COMMIT and draft.joining:
            self.commit_membership(self.screen, draft)
        elif following == COMMIT:
            self.commit(self.screen, draft.visit())
        else:
            self.switch_screen(self.step_screen(following, draft))

    def go_back(self, step: str, draft: VisitDraft) -> None:
        """The guest pressed back on `step`: the step before it, keeping what they chose."""
        before = previous_step(step, draft, self.flow)
        if before == "welcome":
            self.pop_screen()
        else:
            self.switch_screen(self.step_screen(before, draft))

    def after_commit(self, entry: "Entry", draft: VisitDraft | None = None) -> None:
        """The visit is on disk: on to the survey (or thanks), whose screens never go back."""
        self.switch_screen(self.step_screen(next_step(COMMIT, draft or VisitDraft(), self.flow),
                                            entry))

    def survey_done(self, entry: "Entry") -> None:
        """The last question is answered or skipped: the step after the survey."""
        self.switch_screen(self.step_screen(next_step("survey", VisitDraft(), self.flow), entry))

    def reset_to_welcome(self) -> None:
        """Back to the welcome screen, in the first language, with nothing of the last guest."""
        self.language = self.languages[0]
        self._last_activity = self.monotonic()
        if len(self.screen_stack) == 1:
            self.screen.redraw_if_stale()  # a guest chose a language and walked away
        while len(self.screen_stack) > 1:
            self.pop_screen()  # the welcome screen redraws itself if stale as it comes back
        fit_screen(self)  # a terminal too small still says so

    # -- life cycle ----------------------------------------------------------------------------

    def get_default_screen(self):
        from screens.guest.welcome import WelcomeScreen

        return WelcomeScreen()

    def on_mount(self) -> None:
        # What a library prints while the kiosk runs would be lost (or, headless, reach the
        # terminal): it goes to the log instead.
        self.begin_capture_print(self)
        self.set_keymap({"kiosk.volunteers": self.config.kiosk.volunteer_key})
        self.set_class(not keys_shown(self), "-fingers")  # screens/hands.py
        # Once the welcome screen is drawn: the ledger's modules are not needed before.
        self.call_after_refresh(self.ensure_survey_counts)
        self.set_interval(self.idle_tick, self._check_idle)
        self.input_guard.changed(self.screen, first=True)
        self.screen_change_signal.subscribe(self, self.screen_changed)
        # Each screen has its own smallest size (a guest's step is narrower than a table).
        self.screen_change_signal.subscribe(self, lambda _: self.call_later(fit_screen, self))
        fit_screen(self)
        if self.ends_with_terminal and threading.current_thread() is threading.main_thread():
            end_with_terminal(self)

    def ensure_survey_counts(self) -> None:
        """Make the survey's counts file now, not at the first tap, so that the file's birth
        says nothing of a guest."""
        try:
            self.survey_counts.ensure()
        except (OSError, KioskError) as error:
            self.log.error(f"survey counts not ready: {error}")

    def start_printing(self) -> Worker | None:
        """Start the print service's background retries (there may be receipts waiting): the
        last piece of the preparation for guests. Its library (python-escpos, Pillow) is the
        heaviest piece by far, so it is imported in a thread of its own: a guest's tap meanwhile
        shares the processor with it instead of waiting for all of it."""
        if isinstance(self._printer, PrinterToBe):
            return self.run_worker(self._printer.start, name="print service", group="printer",
                                   thread=True)
        start = getattr(self._printer, "start", None)  # a service handed in (tests)
        if start is not None:
            start()
        return None

    def on_resize(self, event: events.Resize) -> None:
        fit_screen(self, event.size)  # runs before Textual's own handler sets `self.size`
        self.set_timer(PREPARE_AFTER, self.prepare_for_guests)

    def on_unmount(self) -> None:
        stop_printing = getattr(self._printer, "stop", None)
        if stop_printing is not None:
            stop_printing()
        # The collector is the process's, not the app's: leave it as it was found.
        gc.enable()
        gc.unfreeze()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY):
            self._last_activity = self.monotonic()
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            hands.noticed(self, event)  # key chips for keys, nothing left highlighted by a tap
        if isinstance(event, events.MouseUp) and not event.is_forwarded:
            # Stamped by the driver when the finger left the screen; the click made of it next
            # is stamped when handled (screens/guard.py).
            self.input_guard.lifted((int(event.screen_x), int(event.screen_y)), event.time)
        if isinstance(event, events.Key) and not self.key_belongs(event):
            return  # meant for the screen before this one (a double press, a held key)
        await super().on_event(event)

    def on_print(self, event: events.Print) -> None:
        if event.text.strip():
            logging.getLogger("kiosk.printed").info(event.text.rstrip())

    def key_belongs(self, event: events.Key) -> bool:
        """Whether a key acts on the screen on show (the volunteers' key always does). A key
        comes to the app twice: from the terminal, then back from the screen when no widget
        of it used the key, to try the screens' bindings; by then the screen on show may be
        the next one (a second Enter on the last step, then the welcome screen's Enter)."""
        volunteers = event.key == self.config.kiosk.volunteer_key
        if event.is_forwarded:
            return volunteers or not self.input_guard.came_before(event.time)
        guarded = getattr(self.screen, "GUARDED", False)
        # Textual stamps events with time.monotonic, the guard's own clock.
        return self.input_guard.allows_key(event.key, guarded, event.time) or volunteers

    def screen_changed(self, screen: Screen) -> None:
        """A screen is on show: the guard waits for it to be drawn. It is told so here as well
        as by the screen: a step shown again in place of a dialog and the screen under it
        (the keypad's amount, then the payment) may never hear of its own resume after the
        change, and would drop every key and tap until the idle reset."""
        self.input_guard.changed(screen)
        self.call_after_refresh(self.screen_drawn, screen)

    def screen_drawn(self, screen: Screen) -> None:
        """A guest's screen has been drawn: the guard time starts."""
        self.input_guard.drawn(screen)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        # Clicks from a browser or Pilot reach buttons directly; their presses bubble up here.
        self._last_activity = self.monotonic()

    @property
    def idle_tick(self) -> float:
        """How often the idle checks run: often enough for the shortest wait."""
        return idle_tick(self.config.kiosk)

    def idle_for(self) -> float:
        """Seconds since the last key or tap."""
        return self.monotonic() - self._last_activity

    def _check_idle(self) -> None:
        if not self.screen_stack:
            return  # closing: the kept step screens are being taken down
        if time_to_reset(self):
            self.reset_to_welcome()

    # -- actions -------------------------------------------------------------------------------

    def action_stay(self) -> None:
        """Keys that would leave the kiosk elsewhere do nothing here."""

    def action_volunteers(self) -> None:
        """The volunteers' key: the PIN prompt, then their area."""
        from screens.volunteers.area import VolunteerArea
        from screens.volunteers.pin import PinPrompt

        if isinstance(self.screen, (PinPrompt, VolunteerArea, TooSmall)):
            return
        self.visit_ended()  # a volunteer may stay a long while: collect as usual meanwhile

        def answered(accepted: bool | None) -> None:
            if accepted:
                self.push_screen(VolunteerArea())

        self.push_screen(PinPrompt(self.pin_guard), callback=answered)


def make_app(data_dir: Path, config: Config | None = None, printer: Any = None,
             clock: Callable[[], datetime] | None = None) -> KioskApp:
    """The kiosk for the cantine in `data_dir` (config from its kiosk.toml unless given).

    `printer` is a print service; when None, the one `[printer]` in the config describes, its
    queue under `data_dir/print-queue` (none at all for `connection = "none"`: no receipt is
    offered). `clock` returns the current aware datetime (tests fix it).
    """
    data_dir = Path(data_dir)
    config = config if config is not None else load_config(data_dir)
    if printer is None and config.printer.connection != "none":
        printer = PrinterToBe(config, data_dir)
    return KioskApp(config, data_dir, printer, clock)


class PrinterToBe:
    """The print service the config describes, made when the app first needs it."""

    def __init__(self, config: Config, data_dir: Path) -> None:
        self.config, self.data_dir = config, data_dir
        self._made: Any = None
        self._making = threading.Lock()
        self._stopped = False

    def make(self) -> Any:
        """The print service (this imports python-escpos): one, whichever thread asks first
        (the app starts it in a thread of its own, a receipt may be printed from another)."""
        with self._making:
            return self._make()

    def _make(self) -> Any:
        if self._made is None:
            self._made = printer_for(self.config, self.data_dir)
        return self._made

    def start(self) -> None:
        """Make the print service and start its background retries, unless the app has
        stopped it meanwhile (it closed while the library was being imported)."""
        with self._making:
            if not self._stopped:
                self._make().start()

    def stop(self) -> None:
        """Stop the print service's retries, if it was made; it will not start after this."""
        with self._making:
            self._stopped = True
            if self._made is not None:
                self._made.stop()


def printer_for(config: Config, data_dir: Path) -> Any:
    """The print service for the configured printer, or None when there is none."""
    if config.printer.connection == "none":
        return None
    from printer.service import make_print_service

    return make_print_service(config.printer, Path(data_dir) / "print-queue")


def run_kiosk(data_dir: Path) -> int:
    """Run the kiosk full screen in this terminal until a volunteer quits it, SIGTERM, or the
    terminal goes away (SIGHUP, or its hangup: screens/hangup.py)."""
    try:
        config = load_config(Path(data_dir))
    except ConfigError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 2
    from kiosk.logfile import journal_address, start_logging

    start_logging(Path(data_dir), journal_address())
    from kiosk.settings.pin_guard import PinGuard, setup_code

    if not PinGuard(Path(data_dir)).stored:
        try:
            setup_code(Path(data_dir), announce=True)  # the volunteers' way in, in the log
        except OSError as error:
            log.error("no volunteers' PIN and no setup code (%s): run `kiosk set-pin`", error)
    # With signals allowed, ctrl+c and ctrl+z in the terminal would stop the kiosk.
    os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)
    app = make_app(data_dir, config)
    app.ends_with_terminal = True
    app.run()
    return app.return_code or 0
