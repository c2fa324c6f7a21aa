"""One module per `kiosk` sub-command, each with `register(subparsers)`.

A command module imports only what parsing its arguments needs; heavy imports (Textual, openpyxl)
happen inside the handler, so `kiosk record` starts fast. The argument types below refuse what a
person did not mean: digits of another script, empty text, text too long to be meant.
"""

import argparse

MAX_TEXT = 500  # a reason or an id longer than this was pasted by mistake


def whole_number(text: str) -> int:
    """A whole number written with the digits 0-9 only (not '٣', '+3', ' 3' or '3_0')."""
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number written with the "
                                         "digits 0-9")
    return int(text)


def some_text(text: str) -> str:
    """Text with words in it: not empty, not only spaces, no control characters, not huge."""
    if not text.strip():
        raise argparse.ArgumentTypeError("it is empty")
    if len(text) > MAX_TEXT:
        raise argparse.ArgumentTypeError(f"it is {len(text)} characters long (at most {MAX_TEXT})")
    if any(not character.isprintable() for character in text):
        raise argparse.ArgumentTypeError("it holds a control character (a line break?)")
    return text
