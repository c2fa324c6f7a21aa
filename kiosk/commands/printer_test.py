"""`kiosk printer-test [--preview]`: print a test slip, or show it as text.

Exit 0 when the printer took the slip; exit 1 with one line on stderr when it is absent, refuses
or does not answer within its timeout.
"""

import argparse
import sys


def register(subparsers) -> None:
    """Add `printer-test` to the command line."""
    parser = subparsers.add_parser(
        "printer-test",
        help="print a test slip (accents, €, QR code) and report the printer's state",
        description="Print a test slip on the printer set up in [printer] of kiosk.toml.",
    )
    parser.add_argument(
        "--preview", action="store_true", help="show the test slip as text instead of printing it"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print (or preview) the test slip with the printer settings of the data folder's config."""
    # Imported here: `kiosk --help` and the other commands do not pay for python-escpos.
    from kiosk.settings.config import load_config

    settings = load_config(args.data_dir).printer
    return printer_test(settings, preview=args.preview)


def printer_test(settings, preview: bool = False) -> int:
    """Print the test slip on the printer of `settings`, or write it as text; the exit status."""
    from printer.connection import PrinterUnavailable, open_printer, printer_name
    from printer.layout import print_test_slip
    from printer.preview import preview_test_slip

    if preview:
        print(preview_test_slip(settings))
        return 0
    try:
        with open_printer(settings) as printer:
            print_test_slip(printer, settings)
    except PrinterUnavailable as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 1
    print(f"test slip sent to {printer_name(settings)}: check the paper")
    return 0
