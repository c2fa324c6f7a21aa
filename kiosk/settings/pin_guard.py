"""Who may enter the volunteers' area: the PIN as kiosk.toml says now, a lock-out every process
shares, and a one-time setup code for a kiosk with no PIN yet.

- The PIN hash is read from kiosk.toml before each check or save, so a PIN set by `kiosk set-pin`
  or by another tab's kiosk is seen at once, and never overwritten by a kiosk started before it.
- Wrong tries are counted in `<data dir>/pin-lock.json`, read and rewritten under a file lock
  around each try: every tab of `kiosk serve`, the terminal kiosk and a restarted kiosk count the
  same misses. Every MAX_ATTEMPTS misses lock the prompt, each lock twice as long as the one
  before (1, 2, 4, 8 minutes...) up to LONGEST_LOCK; the right PIN, or `kiosk set-pin`, forgets
  them, and so does a day without a miss.
- With no PIN set, nobody at the door may choose one: a volunteer runs `kiosk set-pin`, or types
  the one-time setup code that `kiosk doctor` prints and the kiosk writes in its log, then chooses
  the PIN. The code is kept in `<data dir>/pin-setup-code` (readable by the kiosk's user only)
  until a PIN is set.
"""

import fcntl
import hmac
import json
import logging
import os
import secrets
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.settings.config import CONFIG_NAME
from kiosk.settings.pin import valid_new_pin, verify_pin

LOCK_STATE = "pin-lock.json"
LOCK_FILE = ".pin-lock.lock"
SETUP_CODE = "pin-setup-code"
SETUP_DIGITS = 8
MAX_ATTEMPTS = 5
FIRST_LOCK = 60.0
LONGEST_LOCK = 15 * 60.0
FORGET_AFTER = 24 * 3600.0
log = logging.getLogger("kiosk.pin")


class PinAlreadySet(KioskError):
    """A PIN was set (by `kiosk set-pin`, another tab) while this one was being chosen."""

    code = "pin_already_set"


def lock_length(lockouts: int) -> float:
    """How long the `lockouts`-th lock lasts, in seconds: 60, 120, 240... up to LONGEST_LOCK."""
    return min(FIRST_LOCK * 2 ** max(0, lockouts - 1), LONGEST_LOCK)


@dataclass
class Misses:
    """The shared count of wrong tries, as stored in pin-lock.json (times are the wall clock's:
    they must mean the same to every process and after a restart)."""

    misses: int = 0
    lockouts: int = 0
    locked_until: float = 0.0
    last_miss: float = 0.0

    def seconds_locked(self, now: float) -> float:
        """How long the prompt stays locked; a clock set back never makes it longer than the
        lock it is in."""
        return min(max(0.0, self.locked_until - now), lock_length(self.lockouts))

    def forget(self) -> None:
        """The right PIN: every miss and lock is forgotten."""
        self.misses, self.lockouts, self.locked_until, self.last_miss = 0, 0, 0.0, 0.0

    def missed(self, now: float) -> None:
        """One more wrong try; every MAX_ATTEMPTS of them start a longer lock."""
        if self.last_miss and now - self.last_miss > FORGET_AFTER:
            self.misses, self.lockouts = 0, 0
        self.misses += 1
        self.last_miss = now
        if self.misses >= MAX_ATTEMPTS:
            self.misses = 0
            self.lockouts += 1
            self.locked_until = now + lock_length(self.lockouts)


class PinGuard:
    """The door of the volunteers' area for the kiosk of `data_dir`, shared with every process.

    `fallback_hash` is the PIN hash to use while there is no kiosk.toml at all (a kiosk built
    with its settings handed in, as tests do).
    """

    def __init__(self, data_dir: Path, fallback_hash: str = "",
                 clock: Callable[[], float] = time.time):
        self.data_dir = Path(data_dir)
        self.fallback_hash = fallback_hash
        self.clock = clock
        self._known_hash = fallback_hash
        self._kept = Misses()  # when the data dir cannot be written, misses still count here

    # -- the PIN as it is now ------------------------------------------------------------------

    @property
    def stored(self) -> str:
        """The PIN hash kiosk.toml holds now ("" when none is set)."""
        path = self.data_dir / CONFIG_NAME
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            return self.fallback_hash
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            # Being edited, or broken: the last hash read stays the PIN; the next start refuses.
            log.error("kiosk.toml cannot be read again for the PIN (%s); the last one read "
                      "stays", error)
            return self._known_hash
        found = document.get("kiosk", {}).get("pin_hash", "")
        self._known_hash = found if isinstance(found, str) else self._known_hash
        return self._known_hash

    # -- the shared count of misses ------------------------------------------------------------

    def seconds_locked(self) -> float:
        """How long the prompt stays locked for every process (0 when it is open).

        Read without the lock (the file is replaced whole, never half-written): the screen
        that asks never waits for another process's check.
        """
        return read_misses(self.data_dir, self._kept).seconds_locked(self.clock())

    def attempt(self, pin: str) -> bool:
        """Check one typed PIN against the PIN as it is now; a locked prompt refuses even the
        right one, and a miss counts for every process."""
        return self._try(lambda stored: bool(stored) and verify_pin(pin, stored))

    def attempt_setup(self, code: str) -> bool:
        """Check the one-time setup code, typed while no PIN is set; misses count as for a PIN."""
        def right(stored: str) -> bool:
            expected = read_setup_code(self.data_dir)
            return not stored and bool(expected) and hmac.compare_digest(code, expected)

        return self._try(right)

    def _try(self, right: Callable[[str], bool]) -> bool:
        # Checked under the lock: two tabs trying at once count two misses, never one.
        with self._misses(write=True) as misses:
            now = self.clock()
            if misses.seconds_locked(now) > 0:
                return False
            if right(self.stored):
                misses.forget()
                return True
            misses.missed(now)
            return False

    def choose(self, code: str, pin: str) -> None:
        """Save `pin` as the first PIN, for whoever typed the setup `code`, then spend the code.

        Refuses (KioskError, nothing saved) when a PIN was set meanwhile (PinAlreadySet), the
        code is no longer the one waiting, or the PIN is not 4 to 8 digits.
        """
        from kiosk.settings.pin_store import save_pin

        with self._misses(write=True):  # one chooser at a time, across processes
            if self.stored:
                raise PinAlreadySet("a PIN was set meanwhile; type that one")
            expected = read_setup_code(self.data_dir)
            if not expected or not hmac.compare_digest(code, expected):
                raise KioskError("the setup code was used already", "setup_code_spent")
            if not valid_new_pin(pin):
                raise KioskError("a PIN is 4 to 8 digits", "pin_digits")
            save_pin(self.data_dir, pin)
            self._known_hash = self.stored
            forget_setup(self.data_dir)

    def replace(self, pin: str) -> Path:
        """`kiosk set-pin`: save `pin` whatever was set, unlock the prompt for every process
        and spend the setup code. Returns kiosk.toml's path (PinNotSaved: nothing changed)."""
        from kiosk.settings.pin_store import save_pin

        with self._misses(write=True) as misses:
            path = save_pin(self.data_dir, pin)
            misses.forget()
            self._known_hash = self.stored
            forget_setup(self.data_dir)
        return path

    @contextmanager
    def _misses(self, write: bool = True) -> Iterator[Misses]:
        """The shared misses, under the lock; written back (atomically) when `write` and
        changed."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            handle = open(self.data_dir / LOCK_FILE, "a")  # noqa: SIM115  (held for the block)
        except OSError as error:
            log.error("the PIN's lock-out cannot be shared (%s): counted in this process only",
                      error)
            yield self._kept
            return
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            misses = read_misses(self.data_dir, self._kept)
            before = asdict(misses)
            yield misses
            if write and asdict(misses) != before:
                # Here, not at the top: the kiosk checks its PIN before its welcome screen is
                # drawn, and the ledger's storage brings TinyDB with it.
                from kiosk.ledger.storage import write_atomically

                self._kept = misses
                try:
                    write_atomically(self.data_dir / LOCK_STATE,
                                     json.dumps(asdict(misses)).encode())
                except OSError as error:
                    log.error("the PIN's lock-out could not be saved (%s): counted in this "
                              "process only", error)


def read_misses(data_dir: Path, kept: Misses | None = None) -> Misses:
    """The misses stored in `data_dir` (none yet: a fresh count; unreadable: `kept`)."""
    try:
        stored = json.loads((Path(data_dir) / LOCK_STATE).read_text(encoding="utf-8"))
        return Misses(**{key: type(value)(stored[key])
                         for key, value in asdict(Misses()).items()})
    except FileNotFoundError:
        return Misses()
    except (OSError, ValueError, TypeError, KeyError) as error:
        log.error("%s is unreadable (%s): the count of wrong PINs goes on from this process's",
                  LOCK_STATE, error)
        return Misses(**asdict(kept or Misses()))


# -- the one-time setup code -------------------------------------------------------------------

def read_setup_code(data_dir: Path) -> str:
    """The setup code waiting in `data_dir`, or "" when there is none."""
    try:
        return (Path(data_dir) / SETUP_CODE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def setup_code(data_dir: Path, announce: bool = False) -> str:
    """The one-time setup code of a kiosk with no PIN: the one waiting, or a new one.

    Written readable by its owner only, created at most once even by two processes at a time,
    and written in the log when it is made (or `announce`d: each start of the kiosk does).
    """
    found = read_setup_code(data_dir)
    if found:
        if announce:
            _announce(found)
        return found
    code = "".join(secrets.choice("0123456789") for _ in range(SETUP_DIGITS))
    path = Path(data_dir) / SETUP_CODE
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{SETUP_CODE}.{os.getpid()}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "w", encoding="ascii") as written:
        written.write(code + "\n")
        written.flush()
        os.fsync(written.fileno())
    try:
        os.link(temporary, path)  # complete or absent, and never over another process's code
    except FileExistsError:
        return read_setup_code(data_dir)
    finally:
        temporary.unlink(missing_ok=True)
    _announce(code)
    return code


def _announce(code: str) -> None:
    log.warning("no volunteers' PIN is set: run `kiosk set-pin`, or press the volunteers' key "
                "at the kiosk and type the one-time setup code %s", code)


def forget_setup(data_dir: Path) -> None:
    """Spend the setup code: a PIN is set."""
    (Path(data_dir) / SETUP_CODE).unlink(missing_ok=True)
