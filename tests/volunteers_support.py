"""Helpers for the volunteers' tests: a data dir with a fixed clock, and the real app around it."""

import asyncio
import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.ledger.book import Ledger
from kiosk.settings.config import load_config

PARIS = ZoneInfo("Europe/Paris")
SERVICE_START = datetime(2026, 11, 21, 11, 30, tzinfo=PARIS)


@dataclass
class FixedClock:
    """A clock the test moves by hand; every call returns the current time."""

    now: datetime = SERVICE_START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float = 1) -> datetime:
        self.now += timedelta(minutes=minutes)
        return self.now


@dataclass
class StandInState:
    status: str = "ok"
    last_error: str = ""
    queued: int = 0
    printer: str = "stand-in"


@dataclass
class StandInOutcome:
    status: str
    error: str = ""


@dataclass
class RecordingPrinter:
    """Stands in for the print service where no printer hardware exists; keeps what it got."""

    z_reports: list = field(default_factory=list)
    receipts: list = field(default_factory=list)
    retries: int = 0
    last: object = None  # the last receipt a guest asked for

    def last_receipt(self):
        return self.last

    def reprint_last(self) -> StandInOutcome | None:
        if self.last is None:
            return None
        self.receipts.append(self.last)
        return StandInOutcome("printed")

    def print_z_report(self, report) -> StandInOutcome:
        self.z_reports.append(report)
        return StandInOutcome("printed")

    def print_receipt(self, receipt) -> StandInOutcome:
        self.receipts.append(receipt)
        return StandInOutcome("printed")

    def retry_queue(self) -> int:
        self.retries += 1
        return 0

    def state(self) -> StandInState:
        return StandInState()


def ledger_of(data_dir: Path, clock: FixedClock) -> Ledger:
    """The data dir's ledger, read with the same clock as the app."""
    return Ledger(data_dir / "ledger", load_config(data_dir).cantine.timezone, clock=clock)


KEY_NAMES = {" ": "space", ",": "comma", ".": "full_stop", ":": "colon", "-": "minus",
             "'": "apostrophe", "€": "euro_sign"}


async def type_text(pilot, text: str) -> None:
    """Type `text` key by key into whatever has focus, like a person at the keyboard."""
    await pilot.press(*(KEY_NAMES.get(char, char) for char in text))


async def settle(pilot) -> None:
    """Let workers finish (PIN checks, printing) and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def click_again(pilot, selector: str) -> None:
    """Click a button a second time, as a hand would: after its press has shown (a button
    ignores a second press while it still shows the first, a fifth of a second)."""
    button = pilot.app.screen.query_one(selector)
    while button.has_class("-active"):
        await pilot.pause(0.05)
    await pilot.click(selector)


async def close_confirmed(pilot, click=None) -> None:
    """Tap "Clôturer le service" (with `click`, e.g. `click_again`), then "Oui, clôturer" on the
    confirmation it asks for, settled."""
    from screens.volunteers.dialogs import ConfirmDialog

    if click is None:
        await pilot.click("#close")
    else:
        await click(pilot, "#close")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmDialog), type(pilot.app.screen).__name__
    await pilot.click("#ok")
    await settle(pilot)


async def type_pin(pilot, pin: str) -> None:
    """Type a PIN on the prompt's keypad (the keyboard's digits) and press Enter."""
    await pilot.press(*pin, "enter")
    await settle(pilot)


async def open_area(pilot, pin: str) -> None:
    """The volunteers' key, then the PIN."""
    await pilot.press("f2")
    await pilot.pause()
    await type_pin(pilot, pin)


async def open_in_area(pilot, pin: str, key: str) -> None:
    """The volunteers' area opened with `pin`, then the screen its `key` opens (c: corrections,
    m: cash, z: closing, t: tally...), settled."""
    await open_area(pilot, pin)
    await pilot.press(key)
    await settle(pilot)


def drive(scenario):
    """Run an async Pilot scenario as a plain test (no async plugin is installed here)."""

    @functools.wraps(scenario)
    def test(*args, **kwargs):
        asyncio.run(scenario(*args, **kwargs))

    return test


def in_a_browser(monkeypatch) -> None:
    """Apps started after this believe they are served to a browser (`kiosk serve`): the keys
    for a finger are shown. The page's messages (`kiosk:` addresses) go nowhere."""
    from textual.drivers.headless_driver import HeadlessDriver

    monkeypatch.setattr(HeadlessDriver, "is_web", property(lambda driver: True))
    monkeypatch.setattr(HeadlessDriver, "open_url", lambda driver, url, new_tab=True: None)


async def tap_keys(pilot, text: str) -> None:
    """Tap `text` on the screen's letter keyboard, a key at a time ("⌫" erases, "↵" is Enter),
    turning to the digits and signs (and back) for a character not on the page shown."""
    from screens.volunteers.touch_keys import TouchKey

    def on_show(key) -> bool:
        return all(node.display for node in key.ancestors_with_self if node is not pilot.app)

    special = {"⌫": "erase", "↵": "next"}
    for char in text:
        if char.isupper():  # a capital: ⇧ first, for that letter only
            await pilot.click("#touch-shift")
            await pilot.pause()
            char = char.lower()
        keys = [key for key in pilot.app.screen.query(TouchKey)
                if (key.has_class(special[char]) if char in special else key.name == char)]
        assert keys, f"no key types {char!r}"
        if not any(on_show(key) for key in keys):
            await pilot.click("#touch-turn")
            await pilot.pause()
        await pilot.click(next(key for key in keys if on_show(key)))
        await pilot.pause()
