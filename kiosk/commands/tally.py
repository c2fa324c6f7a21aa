"""`kiosk tally [--date D]`: each service's running totals for a day, read-only.

Without --date it shows the open service's day, which is an earlier day when an evening runs past
midnight, and warns when a service is still open from an earlier day. A day whose file is damaged
or whose chain is broken is refused (exit 1) unless --trust-damaged is given.
"""

import sys

from kiosk.errors import KioskError


def register(commands) -> None:
    parser = commands.add_parser("tally", help="a day's running totals per service (read-only)")
    parser.add_argument("--date", help="the service day, YYYY-MM-DD (default: the open "
                                       "service's day, else today)")
    parser.add_argument("--language", help="fr, en... (default: the cantine's first language)")
    parser.add_argument("--trust-damaged", action="store_true",
                        help="count a damaged day as it is stored instead of refusing it")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from kiosk.books.export import parse_day
    from kiosk.books.service import (
        as_text,
        closed_rows,
        service_tally,
        services_of,
        stale,
        tally_rows,
    )
    from kiosk.books.tally import Thresholds
    from kiosk.ledger.book import Ledger
    from kiosk.settings.config import load_config
    from kiosk.settings.i18n import available, catalogues, words_for

    day = parse_day(args.date, "--date").isoformat() if args.date is not None else None
    config = load_config(args.data_dir)
    cantine = config.cantine
    language = args.language if args.language is not None else available(cantine.languages)[0]
    if language not in catalogues():
        raise KioskError(f"--language {language!r}: no such catalogue (known: "
                         f"{', '.join(sorted(catalogues()))})")
    # The volunteers' tally screen speaks the same words, from the same catalogue.
    words = words_for(language, cantine.locale, cantine.currency)
    now = datetime.now(ZoneInfo(cantine.timezone))
    today = now.date().isoformat()
    # Read-only: never create a ledger just to say it is empty, never move a file.
    ledger = Ledger(args.data_dir / "ledger", cantine.timezone, read_only=True,
                    trust_damaged=args.trust_damaged)
    place = ledger.open_service()
    day = day or (place[0] if place else today)
    _check_chain(args.data_dir / "ledger", day, args.trust_damaged)
    services = services_of(day, ledger.day_entries(day))
    if place is not None and stale(place[0], now):  # said last: a refusal above stays one line
        print(words("tally.cli_left_open", day=place[0], number=place[1]), file=sys.stderr)
    if not services:
        print(words("tally.cli_empty", name=cantine.name, day=day))
        return 0
    thresholds = Thresholds(config.contribution.suggested, config.contribution.low_bracket_max)
    for service in services:
        closing = next((e.value for e in service.entries if e.kind == "closing"), None)
        state = words("tally.cli_closed", z=closing.z) if closing else words("tally.cli_open")
        print(words("tally.cli_service", name=cantine.name, day=day, number=service.number,
                    state=state))
        rows = tally_rows(service_tally(service, thresholds), words, thresholds, config.survey)
        if closing:  # what its Z says: the count against what was expected
            rows += closed_rows(closing, words)
        for line in as_text(rows):
            print(f"  {line}")
    return 0


def _check_chain(folder, day: str, trust_damaged: bool) -> None:
    """Refuse the day (exit 1) when it was set aside, or when its entries do not follow the
    ones before and after it (a day file deleted next to it), unless --trust-damaged."""
    from datetime import date

    from kiosk.books.export import Period
    from kiosk.books.provenance import PeriodReading

    period = Period(date.fromisoformat(day), date.fromisoformat(day))
    reading = PeriodReading(folder, period, trust_damaged)
    for _ in reading.documents():
        pass
    reading.refuse_broken()
    if not (proof := reading.proof()).verified:  # --trust-damaged: counted, but said
        print(f"kiosk: warning: {proof.sentence()}", file=sys.stderr)
