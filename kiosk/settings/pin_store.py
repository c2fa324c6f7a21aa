"""Saving the volunteers' PIN: its scrypt hash goes into kiosk.toml's `[kiosk] pin_hash`.

kiosk.toml is a file people write by hand, with comments, so it is edited as text: only the
`pin_hash` line changes (or is added), everything else stays byte for byte. The result is parsed
again before it replaces the old file, atomically, so a failed save leaves the old file intact.
"""

import codecs
import os
import re
import tomllib
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.ledger.permissions import SETTINGS_MODE
from kiosk.ledger.storage import write_atomically
from kiosk.settings.config import CONFIG_NAME
from kiosk.settings.pin import hash_pin, valid_new_pin

_SECTION = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_PIN_LINE = re.compile(r"^\s*pin_hash\s*=")


class PinNotSaved(KioskError):
    """The PIN could not be saved; kiosk.toml was left as it was."""


def save_pin(data_dir: Path, pin: str) -> Path:
    """Hash `pin` and store the hash in `data_dir/kiosk.toml`; returns the file's path.

    Refuses (PinNotSaved, nothing written) a PIN that is not 4 to 8 digits, or a kiosk.toml that
    is not valid TOML.
    """
    if not valid_new_pin(pin):
        raise PinNotSaved("a PIN is 4 to 8 digits; nothing was saved", "pin_digits")
    return save_pin_hash(data_dir, hash_pin(pin))


def save_pin_hash(data_dir: Path, pin_hash: str) -> Path:
    """Write `pin_hash` as `[kiosk] pin_hash` in kiosk.toml, keeping the rest of the file."""
    path = Path(data_dir) / CONFIG_NAME
    raw = path.read_bytes() if path.exists() else b""
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""  # kept as it was found
    try:
        old = raw[len(bom):].decode("utf-8")
    except UnicodeDecodeError:
        raise PinNotSaved(f"{path} is not UTF-8 text; nothing was saved",
                          "pin_config_unreadable") from None
    try:
        tomllib.loads(old)
    except tomllib.TOMLDecodeError as error:
        raise PinNotSaved(f"{path} is not valid TOML ({error}); nothing was saved",
                          "pin_config_unreadable") from None
    new = with_pin_hash(old, pin_hash)
    try:
        saved = tomllib.loads(new).get("kiosk", {}).get("pin_hash")
    except tomllib.TOMLDecodeError:
        saved = None
    if saved != pin_hash:
        raise PinNotSaved(f"{path}: could not find where to put [kiosk] pin_hash; "
                          f"nothing was saved", "pin_config_unreadable")
    path.parent.mkdir(parents=True, exist_ok=True)
    # The file holds the PIN's hash: readable by the kiosk's user alone (0600), from its first byte.
    # The umask is the process's; a file another thread makes meanwhile is only made stricter.
    previous = os.umask(0o777 & ~SETTINGS_MODE)
    try:
        write_atomically(path, bom + new.encode("utf-8"))
    finally:
        os.umask(previous)
    return path


def with_pin_hash(text: str, pin_hash: str) -> str:
    """`text` (a kiosk.toml) with its `[kiosk] pin_hash` set to `pin_hash`, all else unchanged."""
    line = f'pin_hash = "{pin_hash}"'
    lines = text.splitlines(keepends=True)
    section_start = None
    for number, raw in enumerate(lines):
        header = _SECTION.match(raw)
        if header:
            if section_start is not None:
                break  # past the end of [kiosk] without a pin_hash line
            if header.group(1) == "kiosk":
                section_start = number
            continue
        if section_start is not None and _PIN_LINE.match(raw):
            ending = "\n" if raw.endswith("\n") else ""
            lines[number] = line + ending
            return "".join(lines)
    if section_start is not None:
        lines.insert(section_start + 1, line + "\n")
        if not lines[section_start].endswith("\n"):
            lines[section_start] += "\n"
        return "".join(lines)
    separator = "" if not text or text.endswith("\n") else "\n"
    gap = "\n" if text.strip() else ""
    return f"{text}{separator}{gap}[kiosk]\n{line}\n"
