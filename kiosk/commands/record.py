"""`kiosk record`: append one visit by hand (the kiosk was off, a paper note, a script)."""

from datetime import datetime

from kiosk.errors import KioskError


def register(commands) -> None:
    """Add `kiosk record --role R --amount A --method M [--covers N] [--at ISO]`."""
    parser = commands.add_parser("record", help="append one visit; prints its id last")
    parser.add_argument("--role", required=True, choices=("eat", "cook", "both"))
    parser.add_argument("--amount", required=True, help="13, 13.5 or 13,50 (euros)")
    parser.add_argument("--method", required=True, choices=("cash", "card", "none"))
    parser.add_argument("--covers", type=int, default=1)
    parser.add_argument("--at", help="when it happened, ISO 8601 (default: now)")
    parser.set_defaults(handler=run)


def parse_moment(text: str, timezone: str) -> datetime:
    """An ISO 8601 time; one without an offset is taken in the cantine's time zone."""
    from zoneinfo import ZoneInfo

    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise KioskError(f"--at {text!r} is not an ISO 8601 time like 2026-11-21T12:30") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(timezone))


def run(args) -> int:
    """Append the visit and print its id as the last line."""
    from kiosk.ledger.book import Ledger
    from kiosk.ledger.entries import Visit
    from kiosk.settings.config import load_config
    from kiosk.settings.money import parse_amount

    config = load_config(args.data_dir)
    amount = parse_amount(args.amount, ceiling=config.contribution.ceiling)
    at = parse_moment(args.at, config.cantine.timezone) if args.at else None
    visit = Visit(role=args.role, amount=amount, method=args.method, covers=args.covers)
    entry = Ledger(args.data_dir / "ledger", config.cantine.timezone).append(visit, at)
    print(entry.id)
    return 0
