"""`kiosk demo`: fill a data dir with a realistic simulated history ending yesterday."""


def register(commands) -> None:
    """Add `kiosk demo [--days N] [--per-day N] [--seed S]`."""
    parser = commands.add_parser("demo", help="fill the data dir with a simulated history")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2025)
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Write the simulated history; refuse a data dir that already holds a ledger."""
    from kiosk.config import load_config
    from kiosk.demo import fill
    from kiosk.errors import KioskError
    from kiosk.ledger import Ledger
    from kiosk.tally import Thresholds

    if not 1 <= args.days <= 3660 or not 1 <= args.per_day <= 2000:
        raise KioskError("--days must be 1 to 3660 and --per-day 1 to 2000")
    config = load_config(args.data_dir)
    ledger = Ledger(args.data_dir / "ledger", config.cantine.timezone)
    if ledger.days():
        raise KioskError(f"{ledger.folder} already holds a ledger; demo fills only an empty data dir")
    thresholds = Thresholds(config.contribution.suggested, config.contribution.low_bracket_max)
    written = fill(ledger, args.days, args.per_day, args.seed, thresholds)
    print(f"{written} entries over {args.days} days written to {ledger.folder}")
    return 0
