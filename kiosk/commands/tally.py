"""`kiosk tally [--date D]`: each service's running totals for a day, read-only."""

from kiosk.errors import KioskError


def register(commands) -> None:
    parser = commands.add_parser("tally", help="a day's running totals per service (read-only)")
    parser.add_argument("--date", help="the service day, YYYY-MM-DD (default: today)")
    parser.add_argument("--language", help="fr, en... (default: the cantine's first language)")
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
        tally_rows,
    )
    from kiosk.books.tally import Thresholds
    from kiosk.ledger.book import Ledger
    from kiosk.settings.config import load_config
    from kiosk.settings.i18n import available, catalogues, words_for

    day = parse_day(args.date, "--date").isoformat() if args.date else None
    config = load_config(args.data_dir)
    cantine = config.cantine
    language = args.language or available(cantine.languages)[0]
    if language not in catalogues():
        raise KioskError(f"--language {language!r}: no such catalogue (known: "
                         f"{', '.join(sorted(catalogues()))})")
    # The volunteers' tally screen speaks the same words, from the same catalogue.
    words = words_for(language, cantine.locale, cantine.currency)
    day = day or datetime.now(ZoneInfo(cantine.timezone)).date().isoformat()
    folder = args.data_dir / "ledger"
    if not folder.is_dir():  # read-only: never create a ledger just to say it is empty
        print(words("tally.cli_empty", name=cantine.name, day=day))
        return 0
    services = services_of(day, Ledger(folder, cantine.timezone).day_entries(day))
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
