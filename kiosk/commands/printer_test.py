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
    return printer_test(settings, preview=args.preview, queue_dir=args.data_dir / "print-queue")


def printer_test(settings, preview: bool = False, queue_dir=None) -> int:
    """Print the test slip on the printer of `settings`, or write it as text; the exit status.

    A kiosk running on the same data dir finishes the job it is printing first (`queue_dir`).
    """
    from printer.connection import printer_name
    from printer.preview import preview_test_slip
    from printer.service import print_test_slip_now

    if preview:
        print(preview_test_slip(settings))
        return 0
    outcome = print_test_slip_now(settings, queue_dir)
    if not outcome.printed:
        print(f"kiosk: {outcome.error}", file=sys.stderr)
        return 1
    if not outcome.confirmed:
        print(f"test slip written to {printer_name(settings)}, which cannot say whether it "
              "printed: check the paper")
    else:
        print(f"test slip sent to {printer_name(settings)}: check the paper")
    if outcome.paper_low:
        print("its paper roll is nearly finished: have a new one at hand")
    return 0
