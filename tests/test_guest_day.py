"""A day of guests on one kiosk process: memory stays flat, the welcome screen stays current."""

import asyncio
import gc
from datetime import timedelta

from guest_support import (
    NOON,
    TO_THANKS,
    guest_app,
    guest_config,
    on_screen,
    pilot_test,
    prepared,
    text_of,
)

from screens.app import PREPARE_AFTER
from screens.compat import render_cache_kind

THANKS_SECONDS = 1.0  # long enough that the guest always taps "done" first, even on a slow machine


async def one_visit(pilot) -> None:
    """Eat, the recommended amount, cash, skip the survey, no receipt, back to welcome."""
    await pilot.press(*TO_THANKS, "enter")
    await pilot.pause()
    assert on_screen(pilot.app) == "WelcomeScreen"


async def live(kind: type, pilot) -> int:
    """How many `kind` objects are alive once every guest's screen could have been let go."""
    # A screen's timers keep it referenced by the event loop until they would have fired.
    await asyncio.sleep(THANKS_SECONDS + 0.2)
    await pilot.pause()
    gc.collect()
    return sum(1 for thing in gc.get_objects() if isinstance(thing, kind))


@pilot_test
async def test_guests_leave_nothing_behind_in_memory(tmp_path):
    app = guest_app(tmp_path, guest_config(thanks_seconds=THANKS_SECONDS))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(PREPARE_AFTER + 0.2)  # the kiosk has prepared for its first guest
        for _ in range(3):
            await one_visit(pilot)
        before = await live(render_cache_kind(), pilot)
        for _ in range(10):
            await one_visit(pilot)
        after = await live(render_cache_kind(), pilot)
        # A visit draws some 70 widgets, which Textual's own cache would keep (#6665): 10
        # guests would leave some 600. A screen or two may still wait for a timer to expire.
        assert after - before < 150, f"{after - before} render caches kept by 10 guests"
        assert len(list(app.ledger.entries())) == 13


@pilot_test
async def test_the_collector_runs_again_once_the_guest_has_left(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1")
        assert not gc.isenabled()  # a guest's tap never waits for a full collection
        await pilot.press("4", "1", "0", "enter")
        await pilot.pause()
        assert on_screen(app) == "WelcomeScreen" and gc.isenabled()
        await pilot.press("enter", "backspace")  # a guest who changed their mind
        await pilot.pause()
        assert on_screen(app) == "WelcomeScreen" and gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pilot_test
async def test_the_collector_paused_as_the_kiosk_started_runs_once_it_is_ready(tmp_path):
    gc.disable()  # as `kiosk run` leaves it (screens.commands.pause_collector)
    try:
        app = guest_app(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled() is app.ready_for_guests  # paused while it prepares
            await prepared(pilot)
            # What the start made is set aside: no collection walks it again.
            assert gc.isenabled() and gc.get_freeze_count() > 0
        assert gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()


@pilot_test
async def test_a_guest_who_comes_while_the_kiosk_prepares_keeps_the_collector_paused(tmp_path):
    gc.disable()  # as `kiosk run` leaves it
    try:
        app = guest_app(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter", "1")  # at once, before the kiosk has prepared
            # The start's objects are set aside, or each step's young collection would walk them.
            assert not app.ready_for_guests and gc.get_freeze_count() > 0
            await prepared(pilot)  # done while the guest reads the contribution step
            assert on_screen(app) == "ContributionScreen" and not gc.isenabled()
            await pilot.press("4", "1", "0", "enter")
            await pilot.pause()
            assert on_screen(app) == "WelcomeScreen" and gc.isenabled()
            assert len(list(app.ledger.entries())) == 1
    finally:
        gc.enable()


@pilot_test
async def test_the_welcome_screen_shows_the_new_day_after_midnight(tmp_path):
    now = [NOON.replace(hour=23, minute=59)]
    app = guest_app(tmp_path)
    app.clock = lambda: now[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the day follows the screen's first frame (Babel loads after it)
        assert text_of(app, "#day") == "samedi 21 novembre 2026"
        now[0] += timedelta(minutes=2)
        await pilot.press("enter", "backspace")
        await pilot.pause()
        assert text_of(app, "#day") == "dimanche 22 novembre 2026"
        now[0] += timedelta(days=1)
        app.screen.redraw_if_stale()  # what the screen's minute timer does through the night
        await pilot.pause()
        assert text_of(app, "#day") == "lundi 23 novembre 2026"
