"""Helpers for the guest-flow tests: a fixed cantine, a fixed clock, the real app on a temp dir,
the usual walks through it, and a clock for the idle checks that minutes pass on in an instant.

Only the printer is stood in for (`RecordingPrinter`): it is hardware, and the print service has
its own tests. Everything else is real: the TinyDB ledger on disk, the App driven by Pilot.
"""

import asyncio
import functools
import importlib
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.settings.config import CantineSettings, CardSettings, Config, KioskSettings
from kiosk.settings.membership import MembershipSettings
from printer.service import PrintOutcome
from screens.app import KioskApp, make_app

PARIS = ZoneInfo("Europe/Paris")
NOON = datetime(2026, 11, 21, 12, 30, tzinfo=PARIS)
CARD_LINK = "https://pay.example.org/cantine?amount={amount}"
CANTINE = CantineSettings(name="Petite Cantine du Marché", address="3 rue des Lilas, Lyon")

# The usual walks, in keys: start, eat, 13 € (the suggested preset), then cash and no questions
# (the thanks screen), or card (its QR code).
TO_THANKS = ("enter", "1", "4", "1", "0")
TO_CARD = ("enter", "1", "4", "2")


def guest_config(**kiosk) -> Config:
    """A fixed cantine that takes cards through a link; `kiosk` overrides [kiosk] settings.

    The input guard is off (`guard_ms=0`) unless asked for: Pilot presses keys at machine speed,
    and tests of the guard itself (test_input_guard.py) turn it on.
    """
    kiosk.setdefault("guard_ms", 0)
    return replace(Config(), cantine=CANTINE, card=CardSettings(link=CARD_LINK),
                   kiosk=replace(KioskSettings(), **kiosk))


def joining_config(**kiosk) -> Config:
    """The fixed cantine with memberships taken at the door; thanks waits a minute."""
    kiosk.setdefault("thanks_seconds", 60)
    return replace(guest_config(**kiosk), membership=MembershipSettings(enabled=True))


def fixed_clock() -> datetime:
    """Saturday 21 November 2026, 12:30 in Paris, always."""
    return NOON


class RecordingPrinter:
    """Stands in for the print service: keeps the receipts it is handed, answers `status`."""

    def __init__(self, status: str = "printed", fails: bool = False):
        self.status = status
        self.fails = fails
        self.receipts = []

    def print_receipt(self, receipt) -> PrintOutcome:
        if self.fails:
            raise OSError("the printer's cable is out")
        self.receipts.append(receipt)
        return PrintOutcome(self.status, "" if self.status == "printed" else "paper out")


def guest_app(folder: Path, config: Config | None = None, printer=None) -> KioskApp:
    """The real kiosk on `folder`, with the fixed cantine and clock."""
    return make_app(folder, config or guest_config(), printer=printer, clock=fixed_clock)


class Minutes:
    """The app's monotonic clock, moved forward by the test: real time plus what was skipped."""

    def __init__(self) -> None:
        self.skipped = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.skipped

    def skip(self, seconds: float) -> None:
        self.skipped += seconds


def patient_app(folder: Path, config: Config | None = None, **kwargs) -> KioskApp:
    """The real kiosk whose idle checks read a clock the test moves (`app.monotonic.skip`)."""
    app = guest_app(folder, config, **kwargs)
    app.monotonic = Minutes()
    return app


def recorded(app: KioskApp) -> list:
    """Every value in the app's ledger, oldest first, read back from disk."""
    return [entry.value for entry in app.ledger.entries()]


def on_screen(app: KioskApp) -> str:
    """The class name of the screen the guest sees."""
    return type(app.screen).__name__


def text_of(app: KioskApp, selector: str) -> str:
    """The plain text shown by the widget `selector` on the current screen."""
    widget = app.screen.query_one(selector)
    label = getattr(widget, "label", None)
    shown = label if label is not None else widget.render()
    return spaced(str(getattr(shown, "plain", shown)))


def spaced(text: str) -> str:
    """`text` with Babel's no-break spaces as plain spaces, to compare with what we type."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


async def settle(pilot) -> None:
    """Let workers finish and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for(pilot, screen: str, seconds: float = 10) -> None:
    """Until `screen` is on show (a loaded machine may take a moment to draw it; the idle
    checks run about once a second)."""
    deadline = time.monotonic() + seconds
    while on_screen(pilot.app) != screen and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await pilot.pause()
    assert on_screen(pilot.app) == screen


async def stays(pilot, screen: str, seconds: float = 1.5) -> None:
    """`screen` is still on show after the idle checks had time to run."""
    await asyncio.sleep(seconds)
    await pilot.pause()
    assert on_screen(pilot.app) == screen


async def steps_built(pilot, seconds: float = 10) -> None:
    """Until the kiosk has built the steps it reuses, as it does while welcome waits for the
    first guest (screens/visit.py, `prepare_for_guests`)."""
    app = pilot.app
    reused = [step for step, (module, name) in app.STEP_SCREENS.items()
              if getattr(getattr(importlib.import_module(f"screens.guest.{module}"), name),
                         "REUSED", False)]

    def built() -> bool:
        return all(step in app.steps and app.steps[step].is_mounted for step in reused)

    deadline = time.monotonic() + seconds
    while not built() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    await pilot.pause()
    assert built(), "the kiosk did not build its steps while welcome waited"


async def prepared(pilot, timeout: float = 60) -> None:
    """Wait until the kiosk has prepared for guests (screens/visit.py): every step built, the
    print service started. It prepares while nobody touches it, a piece at a time."""
    deadline = time.monotonic() + timeout
    while not pilot.app.ready_for_guests:
        assert time.monotonic() < deadline, "the kiosk never got ready for guests"
        await pilot.pause(0.05)


def pilot_test(test):
    """Run an async Pilot test in its own event loop (the suite has no async pytest plugin)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run
