"""The volunteers' PIN: stored only as a scrypt hash with its salt; five misses lock for a
minute."""

import hashlib
import hmac
import os
import time
from dataclasses import dataclass, field

# scrypt cost: about 50 ms on a Raspberry Pi 4, enough to make guessing a 4-8 digit PIN slow.
_N, _R, _P = 2**14, 8, 1
MAX_ATTEMPTS = 5
LOCK_SECONDS = 60.0


def hash_pin(pin: str) -> str:
    """'scrypt$N$r$p$salt$hash' (hex) for `pin`; the PIN itself is never stored."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches the stored hash (False for an empty or malformed hash)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                                  p=int(p))
    except ValueError:
        return False
    return hmac.compare_digest(computed.hex(), digest)


def valid_new_pin(pin: str) -> bool:
    """A PIN volunteers can type on the keypad: 4 to 8 digits."""
    return pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8


@dataclass
class PinGuard:
    """Counts wrong PINs; after MAX_ATTEMPTS the prompt is locked for LOCK_SECONDS."""

    stored: str
    clock: object = time.monotonic
    failures: int = 0
    locked_until: float = field(default=0.0)

    def seconds_locked(self) -> float:
        """How long the prompt stays locked (0 when it is open)."""
        return max(0.0, self.locked_until - self.clock())

    def attempt(self, pin: str) -> bool:
        """Check one typed PIN; a locked prompt refuses even the right one."""
        if self.seconds_locked() > 0:
            return False
        if verify_pin(pin, self.stored):
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= MAX_ATTEMPTS:
            self.failures = 0
            self.locked_until = self.clock() + LOCK_SECONDS
        return False
