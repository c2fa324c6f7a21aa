"""`kiosk record`: append one visit by hand (the kiosk was off, a paper note, a script), or with
`--membership` one membership (someone who joined at the counter), which gets its number.

A script that may retry after being killed gives each visit a `--request-id`: the same id twice
records one visit, and the second call prints the first one's id.
"""

import sys
from datetime import datetime

from kiosk.commands import some_text, whole_number
from kiosk.errors import KioskError


def register(commands) -> None:
    """Add `kiosk record --role R --amount A --method M [--covers N] [--at ISO] [--request-id]`,
    and `kiosk record --membership --amount A --method cash|card [--at ISO]`."""
    parser = commands.add_parser("record", help="append one visit (or a membership); prints its "
                                                "id last")
    parser.add_argument("--membership", action="store_true",
                        help="a membership of the association instead of a visit (no --role)")
    parser.add_argument("--role", choices=("eat", "cook", "both"))
    parser.add_argument("--amount", required=True, help="13, 13.5 or 13,50 (euros)")
    parser.add_argument("--method", required=True, choices=("cash", "card", "none"))
    parser.add_argument("--covers", type=whole_number, default=1)
    parser.add_argument("--at", help="when it happened, ISO 8601 (default: now); not in the "
                                     "future, not before the ledger's first day")
    parser.add_argument("--request-id", dest="request", type=some_text, metavar="ID",
                        help="records at most one visit per ID, however often it is retried")
    parser.set_defaults(handler=run)


def parse_moment(text: str, timezone: str) -> datetime:
    """An ISO 8601 time; one without an offset is taken in the cantine's time zone."""
    from zoneinfo import ZoneInfo

    try:
        moment = datetime.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        moment = None
    if moment is None:
        raise KioskError(f"--at {text[:40]!r} is not an ISO 8601 time like 2026-11-21T12:30")
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(timezone))


def run(args) -> int:
    """Append the visit (or the membership) and print its id as the last line."""
    if args.membership:
        return run_membership(args)
    if args.role is None:
        raise KioskError("the following arguments are required: --role (or --membership)")
    from kiosk.ledger.book import AlreadyRecorded, Ledger
    from kiosk.ledger.entries import Visit
    from kiosk.settings.config import load_config
    from kiosk.settings.money import parse_amount

    config = load_config(args.data_dir)
    amount = parse_amount(args.amount, ceiling=config.contribution.ceiling)
    at = parse_moment(args.at, config.cantine.timezone) if args.at is not None else None
    visit = Visit(role=args.role, amount=amount, method=args.method, covers=args.covers)
    ledger = Ledger(args.data_dir / "ledger", config.cantine.timezone)
    try:
        entry = ledger.append(visit, at, request=args.request)
    except AlreadyRecorded as repeat:
        print(f"kiosk: {repeat}", file=sys.stderr)
        entry = repeat.entry
    print(entry.id)
    return 0


def run_membership(args) -> int:
    """Append a membership at the cantine's prix libre (its minimum applies), print its number,
    then its id as the last line."""
    from kiosk.books.memberships import record_membership
    from kiosk.ledger.book import AlreadyRecorded, Ledger
    from kiosk.settings.config import load_config
    from kiosk.settings.membership import check_membership_amount
    from kiosk.settings.money import parse_amount

    if args.role is not None or args.covers != 1:
        raise KioskError("a membership has no --role or --covers: it is no meal")
    config = load_config(args.data_dir)
    if not config.membership.enabled:
        raise KioskError("memberships are off in this cantine: set [membership] enabled = true "
                         "in kiosk.toml first")
    amount = check_membership_amount(
        parse_amount(args.amount, ceiling=config.contribution.ceiling), config.membership)
    # The same rule as a visit's: 0 only with none, and none only for 0.
    if amount and args.method == "none":
        raise KioskError("an amount above 0 is paid by cash or card")
    if not amount and args.method != "none":
        raise KioskError("a membership of 0 is paid with --method none")
    at = parse_moment(args.at, config.cantine.timezone) if args.at is not None else None
    ledger = Ledger(args.data_dir / "ledger", config.cantine.timezone)
    try:
        entry = record_membership(ledger, amount, args.method, at, args.request)
    except AlreadyRecorded as repeat:
        print(f"kiosk: {repeat}", file=sys.stderr)
        entry = repeat.entry
    print(entry.value.number)
    print(entry.id)
    return 0
