"""`kiosk export`: daily totals or anonymised visits of a period, as CSV, JSON or XLSX; the cash
and card journals; accounting entries for Paheko or any software taking the FEC.

Used from scripts and cron: it never imports Textual, and openpyxl only for XLSX.
"""

import sys

from kiosk.errors import KioskError

TABLE_FORMATS = ("csv", "json", "xlsx")
ACCOUNTING_FORMATS = ("paheko", "fec")


def register(commands) -> None:
    parser = commands.add_parser("export", help="daily totals, visits, journals or accounting "
                                                "entries of a period")
    parser.add_argument("--from", dest="first", required=True, metavar="D",
                        help="first service day, YYYY-MM-DD")
    parser.add_argument("--to", dest="last", required=True, metavar="D",
                        help="last service day, YYYY-MM-DD (included)")
    parser.add_argument("--format", dest="fmt", default="csv",
                        choices=TABLE_FORMATS + ACCOUNTING_FORMATS,
                        help="csv, json, xlsx; paheko (Paheko's simplified import) or fec "
                             "(fichier des écritures comptables)")
    parser.add_argument("--per", default="day", choices=("day", "visit", "membership"),
                        help="day (totals), visit (anonymised) or membership (by number, for "
                             "the register)")
    parser.add_argument("--journal", default=None, choices=("cash", "card"),
                        help="the cash journal (the box, service by service) or the card "
                             "journal (per closing) instead of the daily totals")
    parser.add_argument("--excel-fr", action="store_true",
                        help="CSV for a French spreadsheet: semicolons, decimal commas, BOM, "
                             "French headers")
    parser.add_argument("-o", "--output", default=None,
                        help="file to write (default: standard output; required for xlsx); "
                             "never in the ledger, the print queue or kiosk.toml")
    parser.add_argument("--force", action="store_true",
                        help="replace the -o file if it exists")
    parser.add_argument("--include-open", action="store_true",
                        help="paheko, fec: book the services not closed yet too (no Z, no "
                             "ValidDate) rather than refusing them")
    parser.add_argument("--trust-damaged", action="store_true",
                        help="count a damaged day as it is stored instead of refusing it")
    parser.set_defaults(handler=run)


def checked_options(args) -> None:
    """Options that do not go together: one line, before anything is read or written."""
    if args.excel_fr and args.fmt != "csv":
        raise KioskError("--excel-fr applies to CSV only")
    if args.fmt == "xlsx" and args.output is None:
        raise KioskError("xlsx needs a file: add -o FILE.xlsx")
    if args.fmt in ACCOUNTING_FORMATS and (args.journal or args.per != "day"):
        raise KioskError(f"--format {args.fmt} writes accounting entries: it takes no "
                         "--journal or --per")
    if args.include_open and args.fmt not in ACCOUNTING_FORMATS:
        raise KioskError("--include-open applies to --format paheko and fec only")
    if args.journal and args.per != "day":
        raise KioskError("--journal and --per visit are two different exports: choose one")


def run(args) -> int:
    from dataclasses import replace

    from kiosk.books.export import Period
    from kiosk.books.provenance import PeriodReading, provenance_of
    from kiosk.commands.output import checked_output, write_output
    from kiosk.settings.config import load_config

    period = Period.parse(args.first, args.last)
    checked_options(args)
    output = None
    if args.output is not None:
        output = checked_output(args.output, args.data_dir, args.force)
    config = load_config(args.data_dir)
    reading = PeriodReading(args.data_dir / "ledger", period, args.trust_damaged)
    if args.fmt in ACCOUNTING_FORMATS:
        data, count = accounting_bytes(args.fmt, reading, period, config, args.include_open)
    else:
        table = table_for(args, reading, period, config)
        table = replace(table, provenance=provenance_of(config.cantine, reading.proof()))
        from kiosk.books.formats import export_bytes

        data, count = export_bytes(table, args.fmt, args.excel_fr), len(table.rows)
    reading.refuse_broken()  # before anything is written; with --trust-damaged, said:
    proof = reading.proof()
    if not proof.verified:  # in the file too, but for Paheko and the FEC, which must import
        print(f"kiosk: warning: {proof.sentence()}", file=sys.stderr)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_output(output, data)
        print(f"{count} rows written to {args.output}", file=sys.stderr)
    return 0


def table_for(args, reading, period, config):
    """The table the options ask for: daily totals, visits, or a journal."""
    from kiosk.books.cells import language_of
    from kiosk.books.tally import Thresholds

    thresholds = Thresholds(config.contribution.suggested, config.contribution.low_bracket_max)
    documents = reading.documents()
    cantine, currency = config.cantine.name, config.cantine.currency
    if args.journal:
        from kiosk.books.journals import card_journal, cash_journal

        if args.journal == "cash":
            table = cash_journal(documents, period, thresholds, cantine, currency,
                                 reading.box_before(), reading.holes())
        else:
            table = card_journal(documents, period, thresholds, cantine, currency)
    elif args.per == "day":
        from kiosk.books.export import day_table

        table = day_table(documents, period, thresholds, config.survey, cantine, currency,
                          summaries=args.fmt in ("xlsx", "json"))
    elif args.per == "membership":
        from kiosk.books.visit_export import membership_table

        table = membership_table(documents, period, thresholds, cantine)
    else:
        from kiosk.books.visit_export import visit_table

        table = visit_table(documents, period, thresholds, cantine, config.privacy.k)
    from dataclasses import replace

    return replace(table, currency=currency, language=language_of(config.cantine.locale))


def accounting_bytes(fmt, reading, period, config, include_open=False) -> tuple[bytes, int]:
    """Paheko's import or the FEC of the period, and how many entries it holds; a service not
    closed yet is refused (exit 2, one line) unless `include_open`."""
    from kiosk.books.accounting import (
        bookings,
        fec_bytes,
        open_services,
        paheko_bytes,
        refuse_open,
        refuse_other_currency,
    )

    if fmt == "fec":
        refuse_other_currency(config.cantine.currency)
    entries = bookings(reading.documents(), period, reading.box_before(), reading.holes())
    reading.refuse_broken()  # a broken chain is said first: it is the graver news
    if not include_open:
        refuse_open(entries)
    elif found := open_services(entries):
        print(f"kiosk: note: booked unvalidated, not closed yet: {', '.join(found)}",
              file=sys.stderr)
    if fmt == "paheko":
        return paheko_bytes(entries, config.accounts), len(entries)
    return fec_bytes(entries, config.accounts, config.cantine.currency), len(entries)
