"""`kiosk set-pin`: ask the volunteers' PIN twice and store only its scrypt hash in kiosk.toml.

It also unlocks the PIN prompt (forgets the wrong tries) and spends the one-time setup code.

Typed at a terminal, the PIN is hidden (getpass); otherwise it is read line by line from standard
input, so a script can set it: `printf '1234\\n1234\\n' | kiosk set-pin`.
"""

import sys

from kiosk.errors import KioskError


def register(commands) -> None:
    parser = commands.add_parser("set-pin", help="set the volunteers' PIN (asked twice)")
    parser.set_defaults(handler=run)


def read_twice(stream=None) -> tuple[str, str]:
    """The PIN and its confirmation, hidden at a terminal, one line each otherwise."""
    stream = stream or sys.stdin
    if stream.isatty():
        from getpass import getpass

        return getpass("Volunteers' PIN (4 to 8 digits): "), getpass("The same PIN again: ")
    first, second = stream.readline(), stream.readline()
    if not first or not second:
        raise KioskError("set-pin reads the PIN twice, one per line; nothing was saved")
    return first.rstrip("\r\n"), second.rstrip("\r\n")


def run(args) -> int:
    from kiosk.settings.pin import valid_new_pin
    from kiosk.settings.pin_guard import PinGuard

    pin, again = read_twice()
    if pin != again:
        raise KioskError("the two PINs differ; nothing was saved")
    if not valid_new_pin(pin):
        raise KioskError("a PIN is 4 to 8 digits; nothing was saved")
    path = PinGuard(args.data_dir).replace(pin)
    print(f"PIN saved (as a scrypt hash) in {path}; the PIN prompt is unlocked")
    return 0
