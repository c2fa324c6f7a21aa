"""The volunteers' PIN belongs to the volunteers: nobody at the door chooses it, a PIN set by one
process is the one every other asks, and wrong tries lock every process, tab and restart alike.

Driven from the outside: the real app through Pilot, `kiosk set-pin` and `kiosk doctor` as real
commands, two apps (and two real processes) on one data dir.
"""

import re
import subprocess
import sys
from pathlib import Path

from textual.widgets import Static
from volunteers_support import FixedClock, drive, type_pin

from kiosk.settings.pin import verify_pin
from kiosk.settings.pin_guard import (
    FIRST_LOCK,
    LONGEST_LOCK,
    SETUP_CODE,
    PinGuard,
    read_misses,
)
from kiosk.settings.pin_store import save_pin
from screens.app import make_app

PROJECT = Path(__file__).resolve().parent.parent
SIZE = (100, 40)


def kiosk(data_dir: Path):
    return make_app(data_dir, clock=FixedClock())


def on_screen(app) -> str:
    return type(app.screen).__name__


def message(app) -> str:
    return str(app.screen.query_one("#pin-message", Static).render())


def command(data_dir: Path, *args: str, typed: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), *args],
                          input=typed, capture_output=True, text=True, timeout=60, cwd=PROJECT)


def doctor_setup_code(data_dir: Path) -> str:
    result = command(data_dir, "doctor")
    [line] = [line for line in result.stdout.splitlines() if line.startswith("PROBLEM pin:")]
    assert "no volunteers' PIN is set" in line and "kiosk set-pin" in line
    return re.search(r"setup code (\d{8})", line)[1]


@drive
async def test_a_fresh_kiosk_refuses_a_pin_chosen_at_the_door(tmp_path):
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert "kiosk doctor" in message(app) and "kiosk set-pin" in message(app)
        for pin in ("1357", "1357", "2468", "2468"):  # "choosing" a PIN, twice, as before
            await type_pin(pilot, pin)
            assert on_screen(app) == "PinPrompt"
        assert "pas le code d'installation" in message(app)
    assert not (tmp_path / "kiosk.toml").exists()  # nothing chosen, nothing saved


@drive
async def test_the_setup_code_from_doctor_lets_a_volunteer_choose_the_pin_once(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    code = doctor_setup_code(tmp_path)
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await type_pin(pilot, code)
        assert "Choisissez le code des bénévoles" in message(app)
        await type_pin(pilot, "2468")
        await type_pin(pilot, "2468")
        assert on_screen(app) == "VolunteerArea"
    assert verify_pin("2468", PinGuard(tmp_path).stored)
    assert not (tmp_path / SETUP_CODE).exists()  # spent
    assert "ok      pin: set" in command(tmp_path, "doctor").stdout
    again = kiosk(tmp_path)  # the next start asks that PIN; the code opens nothing any more
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await type_pin(pilot, code)
        assert on_screen(again) == "PinPrompt" and "pas le bon code" in message(again)
        await type_pin(pilot, "2468")
        assert on_screen(again) == "VolunteerArea"


@drive
async def test_a_pin_set_after_the_kiosk_started_is_the_one_it_asks(tmp_path):
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        done = command(tmp_path, "set-pin", typed="8642\n8642\n")
        assert done.returncode == 0, done.stderr
        await pilot.press("f2")
        await pilot.pause()
        assert message(app) == "Tapez le code PIN des bénévoles."
        await type_pin(pilot, "8642")
        assert on_screen(app) == "VolunteerArea"


@drive
async def test_a_pin_chosen_at_the_door_never_overwrites_one_set_meanwhile(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    code = doctor_setup_code(tmp_path)
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await type_pin(pilot, code)
        await type_pin(pilot, "1111")
        # Meanwhile someone runs set-pin on the machine (or chooses one in another tab).
        assert command(tmp_path, "set-pin", typed="8642\n8642\n").returncode == 0
        await type_pin(pilot, "1111")
        assert on_screen(app) == "PinPrompt"
        assert "défini entre-temps" in message(app)
        await type_pin(pilot, "8642")
        assert on_screen(app) == "VolunteerArea"
    assert verify_pin("8642", PinGuard(tmp_path).stored)


@drive
async def test_six_wrong_pins_across_two_kiosks_lock_both_and_a_restart_keeps_it(tmp_path):
    save_pin(tmp_path, "2468")
    terminal, tablet = kiosk(tmp_path), kiosk(tmp_path)
    async with terminal.run_test(size=SIZE) as at_terminal, \
            tablet.run_test(size=SIZE) as at_tablet:
        for pilot in (at_terminal, at_tablet):
            await pilot.press("f2")
            await pilot.pause()
        for pilot in (at_terminal, at_tablet, at_terminal, at_tablet, at_terminal, at_tablet):
            await type_pin(pilot, "1111")
        for app, pilot in ((terminal, at_terminal), (tablet, at_tablet)):
            await type_pin(pilot, "2468")  # the right PIN, refused while locked
            assert on_screen(app) == "PinPrompt"
            assert "réessayez dans" in message(app)
    restarted = kiosk(tmp_path)
    async with restarted.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert "réessayez dans" in message(restarted)
        await type_pin(pilot, "2468")
        assert on_screen(restarted) == "PinPrompt"
    assert 0 < PinGuard(tmp_path).seconds_locked() <= FIRST_LOCK


TRY_FIVE = """
import sys
from kiosk.settings.pin_guard import PinGuard
guard = PinGuard(sys.argv[1])
print(sum(guard.attempt("0000") for _ in range(5)))
"""


def test_wrong_pins_from_two_processes_at_once_are_all_counted(tmp_path):
    save_pin(tmp_path, "2468")
    both = [subprocess.Popen([sys.executable, "-c", TRY_FIVE, str(tmp_path)], cwd=PROJECT,
                             stdout=subprocess.PIPE, text=True) for _ in range(2)]
    assert [process.communicate(timeout=60)[0].strip() for process in both] == ["0", "0"]
    # Ten misses in all, however they interleaved: one lock of a minute, after the fifth; the
    # tries made during it were refused unread and never counted as more misses.
    misses = read_misses(tmp_path)
    assert misses.lockouts == 1
    assert 0 < PinGuard(tmp_path).seconds_locked() <= FIRST_LOCK


class WallClock:
    def __init__(self, now: float = 1_790_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_each_lock_is_longer_than_the_one_before_and_the_right_pin_forgets_them(tmp_path):
    save_pin(tmp_path, "2468")
    clock = WallClock()
    guard = PinGuard(tmp_path, clock=clock)
    locks = []
    for _ in range(6):
        for _ in range(5):
            assert not guard.attempt("1111")
        locks.append(guard.seconds_locked())
        assert not guard.attempt("2468")  # locked: even the right one
        clock.now += locks[-1]
    assert locks == [60, 120, 240, 480, LONGEST_LOCK, LONGEST_LOCK]
    assert guard.attempt("2468")
    for _ in range(5):
        guard.attempt("1111")
    assert guard.seconds_locked() == FIRST_LOCK  # forgotten: the first lock again


def test_a_clock_set_back_never_makes_a_lock_longer(tmp_path):
    save_pin(tmp_path, "2468")
    clock = WallClock()
    guard = PinGuard(tmp_path, clock=clock)
    for _ in range(5):
        guard.attempt("1111")
    clock.now -= 365 * 24 * 3600  # a Pi that lost its time after the lock began
    assert guard.seconds_locked() == FIRST_LOCK


def test_set_pin_unlocks_the_prompt_for_every_process(tmp_path):
    save_pin(tmp_path, "2468")
    guard = PinGuard(tmp_path)
    for _ in range(5):
        guard.attempt("1111")
    assert guard.seconds_locked() > 0
    done = command(tmp_path, "set-pin", typed="8642\n8642\n")
    assert done.returncode == 0, done.stderr
    assert guard.seconds_locked() == 0
    assert guard.attempt("8642")


def test_the_kiosk_writes_the_setup_code_in_its_log_at_start(tmp_path):
    code = "\n".join(("from pathlib import Path", "import sys",
                      "from kiosk.logfile import start_logging",
                      "from kiosk.settings.pin_guard import setup_code",
                      "start_logging(Path(sys.argv[1]))",
                      "print(setup_code(Path(sys.argv[1]), announce=True))"))
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, timeout=60, cwd=PROJECT)
    printed = done.stdout.strip()
    assert done.stderr == "" and re.fullmatch(r"\d{8}", printed)
    assert f"setup code {printed}" in (tmp_path / "logs" / "kiosk.log").read_text()
    assert doctor_setup_code(tmp_path) == printed  # one code, whoever asks first
    assert (tmp_path / SETUP_CODE).stat().st_mode & 0o077 == 0  # the kiosk's user's only
