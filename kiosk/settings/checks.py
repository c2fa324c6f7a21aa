"""What makes a well-typed setting usable at the door: ranges, links, bank details, keys.

Each check returns "" for a usable value, or the end of a sentence saying what is wrong
("must be from 5 to 3600"); the config reader puts the file, the line and the key before it. A
setting that passes here never shows itself at run time (100 % CPU, a crash when a guest picks
card, a key that opens the PIN prompt from the keypad).
"""

import math
import re
from urllib.parse import quote, urlsplit

# Each number setting's range, both ends included: (section, key) -> (lowest, highest). Infinite
# and NaN values are refused everywhere. A new number setting adds its line here.
RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("kiosk", "idle_timeout"): (5, 3600),
    ("kiosk", "thanks_seconds"): (1, 120),
    ("kiosk", "serve_port"): (1, 65535),
    ("kiosk", "max_sessions"): (1, 32),  # kiosk processes of `kiosk serve` (one per tab)
    ("kiosk", "card_wait"): (5, 3600),
    ("kiosk", "guard_ms"): (0, 2000),  # 0 turns the guard off
    ("kiosk", "volunteer_idle_timeout"): (5, 86400),
    ("printer", "vendor_id"): (0, 0xFFFF),
    ("printer", "product_id"): (0, 0xFFFF),
    ("printer", "baudrate"): (300, 921_600),
    ("printer", "port"): (1, 65535),
    ("printer", "timeout"): (0.5, 60),
    ("printer", "width"): (16, 80),
    ("printer", "receipt_expiry"): (1, 24 * 60),
    ("privacy", "k"): (3, 1000),  # config.MIN_K: fewer visits a slot would single a guest out
}
# The unit a range is written in, said after it ("must be from 5 to 3600 seconds").
UNITS: dict[tuple[str, str], str] = {
    ("kiosk", "idle_timeout"): "seconds",
    ("kiosk", "thanks_seconds"): "seconds",
    ("kiosk", "card_wait"): "seconds",
    ("kiosk", "guard_ms"): "milliseconds",
    ("kiosk", "volunteer_idle_timeout"): "seconds",
    ("printer", "baudrate"): "baud",
    ("printer", "timeout"): "seconds",
    ("printer", "width"): "characters",
    ("printer", "receipt_expiry"): "minutes",
    ("privacy", "k"): "visits",
}

# Every key a guest screen answers to (screens/guest/, screens/base.py; a test reads them there),
# and those the kiosk keeps for itself: the volunteers' key must be none of them.
GUEST_KEYS = frozenset({*"0123456789", "enter", "backspace", "delete", "minus", "plus", "comma",
                        "full_stop", "r", "a"})
KIOSK_KEYS = frozenset({"ctrl+q", "ctrl+c", "ctrl+z", "ctrl+p", "escape", "f3", "tab",
                        "shift+tab"})
FUNCTION_KEY = re.compile(r"f([1-9]|1[0-9]|2[0-4])")

MAX_LINK = 300  # characters once the amount is in: a code a phone reads off the kiosk's screen
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
_BIC = re.compile(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")


def number_problem(value: float, lowest: float, highest: float, unit: str = "") -> str:
    """Why `value` is not a number from `lowest` to `highest` `unit` ("" when it is)."""
    span = f"{lowest:g} to {highest:g}" + (f" {unit}" if unit else "")
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a number from {span}, not {value}"
    if not lowest <= value <= highest:
        return f"must be from {span}, not {value:g}"
    return ""


def link_problem(template: str, largest_amount: str) -> str:
    """Why the payment link `template` cannot be shown as a QR code a phone opens safely."""
    if any(ord(char) < 32 or char.isspace() for char in template):
        return "must not contain spaces or control characters"
    if "{amount}" not in template:
        return "must contain {amount}, where the amount goes"
    parts = urlsplit(template.replace("{amount}", "0"))
    if parts.scheme.lower() != "https" or not parts.hostname:
        return ('must be an https:// link to the payment page, like '
                '"https://pay.example.org/cantine?amount={amount}"')
    filled = template.replace("{amount}", quote(largest_amount, safe=""))
    if len(filled) > MAX_LINK:
        return (f"is {len(filled)} characters long with an amount: a phone cannot read it off "
                f"the screen (at most {MAX_LINK})")
    return ""


def iban_problem(iban: str) -> str:
    """Why `iban` is not an IBAN (its shape and its mod-97 check digits)."""
    compact = iban.replace(" ", "").upper()
    if not _IBAN.fullmatch(compact):
        return "is not an IBAN (two letters, two digits, then up to 30 letters and digits)"
    rearranged = compact[4:] + compact[:4]
    if int("".join(str(int(char, 36)) for char in rearranged)) % 97 != 1:
        return "is not a valid IBAN: its check digits do not match (a typing mistake?)"
    return ""


def bic_problem(bic: str) -> str:
    """Why `bic` is not a BIC (8 or 11 letters and digits); an empty BIC is allowed by EPC."""
    if bic and not _BIC.fullmatch(bic.replace(" ", "").upper()):
        return "is not a BIC (8 or 11 letters and digits, like BNPAFRPPXXX)"
    return ""


def volunteer_key_problem(key: str) -> str:
    """Why `key` cannot open the volunteers' area (a guest's or the kiosk's own key...)."""
    if key in GUEST_KEYS:
        return f"{key!r} is a key the guest screens use: choose a function key like \"f2\""
    if key in KIOSK_KEYS:
        return f"{key!r} is a key the kiosk keeps for itself: choose a function key like \"f2\""
    if not FUNCTION_KEY.fullmatch(key):
        # Any other key is typed into the volunteers' own forms (a letter in a reason...).
        return f"must be a function key from f1 to f24 (not f3), like \"f2\", not {key!r}"
    return ""


def languages_problem(languages: tuple[str, ...], known: list[str]) -> str:
    """Why `languages` cannot all be spoken: empty, unknown, or one twice."""
    if not languages:
        return f"needs at least one language (available: {', '.join(known)})"
    for language in languages:
        if language not in known:
            return f"has no catalogue for {language!r} (available: {', '.join(known)})"
    if len(set(languages)) != len(languages):
        return "names a language twice"
    return ""


HOST_NAME = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.?", re.I)


def host_name_problem(name: str) -> str:
    """Why `name` is not a host name a tablet could type (`kiosk.local`, `borne`)."""
    if not HOST_NAME.fullmatch(name) or len(name) > 253:
        return (f"{name!r} is not a host name: letters, digits, hyphens and dots, like "
                '"borne.local" (no http://, no port)')
    return ""
