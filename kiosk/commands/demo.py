"""`kiosk demo`: fill an empty data dir with a simulated history (`kiosk.commands.demo_history`).

The history's modules (the books, the ledger) load when the command runs: the command line loads
every command's module, `kiosk run` (one per browser tab) included.
"""


def register(commands) -> None:
    """Add `kiosk demo [--days N] [--per-day N] [--seed S]`."""
    parser = commands.add_parser("demo", help="fill the data dir with a simulated history")
    from kiosk.commands import whole_number

    parser.add_argument("--days", type=whole_number, default=30)
    parser.add_argument("--per-day", type=whole_number, default=60)
    parser.add_argument("--seed", type=whole_number, default=2025)
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Write the simulated history; refuse a data dir that already holds a ledger."""
    from kiosk.books.tally import Thresholds
    from kiosk.commands.demo_history import fill
    from kiosk.errors import KioskError
    from kiosk.ledger.book import Ledger
    from kiosk.settings.config import load_config

    if not 1 <= args.days <= 3660 or not 1 <= args.per_day <= 2000:
        raise KioskError("--days must be 1 to 3660 and --per-day 1 to 2000")
    config = load_config(args.data_dir)
    ledger = Ledger(args.data_dir / "ledger", config.cantine.timezone)
    if ledger.days():
        raise KioskError(f"{ledger.folder} already holds a ledger; "
                         "demo fills only an empty data dir")
    thresholds = Thresholds(config.contribution.suggested, config.contribution.low_bracket_max)
    written = fill(ledger, args.days, args.per_day, args.seed, thresholds, k=config.privacy.k)
    ledger.refresh_index()  # as a year of restarts would have: every past day read and sealed
    print(f"{written} entries over {args.days} days written to {ledger.folder}")
    return 0
