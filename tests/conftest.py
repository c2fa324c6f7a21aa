"""Fixtures every test module may use; the ones marked autouse make each test isolated and
repeatable.

- Every test gets its own empty data dir, also exported as $KIOSK_DATA_DIR (so code that falls back
  on the environment never touches ./data), and runs in the Europe/Paris time zone.
- `data_dir`: that folder (a Path; it does not exist yet, as on a fresh install).
- `fixed_clock`: a clock for `Ledger(..., clock=fixed_clock)` that only moves when told to.
- `run_kiosk_cli(*args, data_dir=..., input=None)`: runs the real `kiosk` command in a fresh
  interpreter and returns the CompletedProcess (text mode, stdout and stderr captured).
- `chromium`: Debian's Chromium, headless, through Playwright (tests/serve_support.py drives it).
"""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings

# The stand-in printer is a plugin of several test modules; have its asserts rewritten too.
pytest.register_assert_rewrite("printer_standin")

PARIS = ZoneInfo("Europe/Paris")
PROJECT = Path(__file__).resolve().parent.parent

# Shared machines are slow and uneven: no per-example deadline, and the same examples on every run
# (HYPOTHESIS_PROFILE=explore searches afresh each time, for hunting new bugs by hand).
settings.register_profile("kiosk", deadline=None, derandomize=True, database=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "kiosk"))


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data dir for this test only, exported as $KIOSK_DATA_DIR; TZ is Europe/Paris."""
    folder = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    return folder


@dataclass
class FixedClock:
    """A clock that says the same time until moved: `clock()`, `clock.advance(minutes=5)`."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move forward (or back, with negative values) by a timedelta's keywords."""
        self.now = self.now + timedelta(**delta)
        return self.now

    def set(self, moment: datetime) -> datetime:
        """Jump to `moment` (given in the cantine's zone when it has no offset)."""
        self.now = moment if moment.tzinfo else moment.replace(tzinfo=PARIS)
        return self.now


@pytest.fixture
def fixed_clock() -> FixedClock:
    """A clock standing at Saturday 21 November 2026, 12:00 in Paris, during lunch service."""
    return FixedClock(datetime(2026, 11, 21, 12, 0, tzinfo=PARIS))


@pytest.fixture
def run_kiosk_cli(data_dir: Path):
    """Run `python -m kiosk --data-dir DIR *args` for real; returns the CompletedProcess."""

    def run(*args: str, data_dir: Path = data_dir, input: str | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), *map(str, args)]
        return subprocess.run(command, input=input, capture_output=True, text=True,
                              timeout=timeout, cwd=PROJECT)

    return run


@pytest.fixture
def chromium():
    """Debian's headless Chromium for one test (`serve_support.browser_tab` opens tabs in it)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from serve_support import launch_chromium

    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
