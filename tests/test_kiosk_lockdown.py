"""The way out is the volunteers' key and their PIN, nothing else; SIGTERM ends the kiosk
cleanly."""

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from guest_support import guest_app, guest_config, on_screen, pilot_test, text_of

from kiosk.settings.pin import hash_pin

PIN = "2468"
PIN_HASH = hash_pin(PIN)
PROJECT = Path(__file__).resolve().parent.parent


async def type_pin(pilot, pin: str) -> None:
    await pilot.press(*pin, "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pilot_test
async def test_the_volunteers_key_and_pin_open_their_area_and_back(tmp_path):
    app = guest_app(tmp_path, guest_config(pin_hash=PIN_HASH))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "F2" in text_of(app, "#volunteers")
        await pilot.press("enter", "f2")
        assert on_screen(app) == "PinPrompt"
        await type_pin(pilot, "1111")
        assert on_screen(app) == "PinPrompt"
        assert "pas le bon code" in text_of(app, "#pin-message")
        await type_pin(pilot, PIN)
        assert on_screen(app) == "VolunteerArea"
        await pilot.press("g")  # back to guests
        assert on_screen(app) == "WelcomeScreen" and len(app.screen_stack) == 1


@pilot_test
async def test_quitting_needs_the_pin_again(tmp_path):
    app = guest_app(tmp_path, guest_config(pin_hash=PIN_HASH))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await type_pin(pilot, PIN)
        await pilot.click("#quit-kiosk")
        await type_pin(pilot, "9999")
        assert app.is_running and on_screen(app) == "PinPrompt"
        await pilot.press("delete")  # cancel
        assert on_screen(app) == "VolunteerArea"
        await pilot.press("q")
        await type_pin(pilot, PIN)
    assert app.return_code == 0


@pilot_test
async def test_five_misses_lock_the_prompt_even_when_reopened(tmp_path):
    app = guest_app(tmp_path, guest_config(pin_hash=PIN_HASH))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await pilot.press("f2")
            await type_pin(pilot, "0000")
            await pilot.press("delete")
        await pilot.press("f2")
        assert "réessayez dans" in text_of(app, "#pin-message")
        await type_pin(pilot, PIN)  # the right PIN, refused while locked
        assert on_screen(app) == "PinPrompt"


@pilot_test
async def test_the_volunteers_key_comes_from_the_config(tmp_path):
    app = guest_app(tmp_path, guest_config(pin_hash=PIN_HASH, volunteer_key="f9"))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "F9" in text_of(app, "#volunteers")
        await pilot.press("f2")
        assert on_screen(app) == "WelcomeScreen"
        await pilot.press("f9")
        assert on_screen(app) == "PinPrompt"


def test_a_bad_config_stops_the_start_with_one_line(tmp_path):
    (tmp_path / "kiosk.toml").write_text("[kiosk]\nidle_timeout = 2\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path), "run"],
                            capture_output=True, text=True, timeout=60, cwd=PROJECT,
                            check=False)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "kiosk.toml:2: kiosk.idle_timeout" in result.stderr


def read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    seen, deadline = b"", time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def test_sigterm_ends_the_kiosk_cleanly_and_restores_the_terminal(tmp_path):
    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24",
           "TEXTUAL_ALLOW_SIGNALS": "1"}  # run_kiosk must turn signals off again
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path)],
                               stdin=child, stdout=child, stderr=child, env=env, cwd=PROJECT,
                               start_new_session=True)
    os.close(child)
    try:
        assert b"Commencer" in read_until(main, b"Commencer", 60)
        os.write(main, b"\x03\x1a")  # ctrl+c, ctrl+z: nothing happens
        time.sleep(0.5)
        assert process.poll() is None
        process.send_signal(signal.SIGTERM)
        tail = read_until(main, b"\x1b[?1049l", 20)
        assert process.wait(timeout=20) == 0
        assert b"\x1b[?1049l" in tail  # left the alternate screen: the terminal is given back
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    assert not list((tmp_path / "ledger").glob("*.json"))  # nothing half-written


def test_only_the_app_module_of_kiosk_imports_textual():
    code = ("import sys, kiosk.guest, kiosk.settings.i18n, kiosk.settings.payment, kiosk.cli; "
            "print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, cwd=PROJECT, check=False)
    assert result.stdout.strip() == "False", result.stderr
