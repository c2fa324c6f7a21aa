"""The volunteers' PIN: stored only as a scrypt hash with its salt (who may try it, and how
often, is `kiosk.settings.pin_guard`'s)."""

import hashlib
import hmac
import os

# scrypt cost: about 50 ms on a Raspberry Pi 4, enough to make guessing a 4-8 digit PIN slow.
_N, _R, _P = 2**14, 8, 1


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


def pin_hash_problem(stored: str) -> str:
    """Why `stored` is not a PIN hash this kiosk can check ("" when it is one, or empty).

    Checked when the kiosk starts: a hash that cannot parse would refuse every PIN, and leave
    the volunteers locked out of their area with no word of why.
    """
    if not stored:
        return ""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return 'is not a PIN hash made by `kiosk set-pin` (expected "scrypt$...")'
    _, n, r, p, salt, digest = parts
    if not (n.isdigit() and r.isdigit() and p.isdigit()):
        return "has a cost that is not a whole number"
    n_, r_, p_ = int(n), int(r), int(p)
    if n_ < 2 or n_ & (n_ - 1) or not 1 <= r_ <= 64 or not 1 <= p_ <= 16 or n_ > 2**20:
        return "has a cost scrypt cannot use"
    if 128 * r_ * (n_ + p_ + 2) > 32 * 1024 * 1024:  # hashlib.scrypt's default memory limit
        return "has a cost that needs more memory than scrypt allows"
    try:
        if not bytes.fromhex(salt) or len(bytes.fromhex(digest)) != 64:
            return "has a salt or a digest of the wrong size"
    except ValueError:
        return "has a salt or a digest that is not hexadecimal"
    return ""
