"""`kiosk export`: daily totals or anonymised visits of a period, as CSV, JSON or XLSX.

Used from scripts and cron: it never imports Textual, and openpyxl only for XLSX.
"""

import sys

from kiosk.errors import KioskError


def register(commands) -> None:
    parser = commands.add_parser("export", help="daily totals or anonymised visits of a period")
    parser.add_argument("--from", dest="first", required=True, metavar="D",
                        help="first service day, YYYY-MM-DD")
    parser.add_argument("--to", dest="last", required=True, metavar="D",
                        help="last service day, YYYY-MM-DD (included)")
    parser.add_argument("--format", dest="fmt", default="csv", choices=("csv", "json", "xlsx"))
    parser.add_argument("--per", default="day", choices=("day", "visit"))
    parser.add_argument("--excel-fr", action="store_true",
                        help="CSV for a French spreadsheet: semicolons, decimal commas, BOM")
    parser.add_argument("-o", "--output", default=None,
                        help="file to write (default: standard output; required for xlsx); "
                             "never in the ledger, the print queue or kiosk.toml")
    parser.add_argument("--force", action="store_true",
                        help="replace the -o file if it exists")
    parser.add_argument("--trust-damaged", action="store_true",
                        help="count a damaged day as it is stored instead of refusing it")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from dataclasses import replace

    from kiosk.books.export import Period, day_table, iter_documents, visit_table
    from kiosk.books.formats import export_bytes
    from kiosk.books.tally import Thresholds
    from kiosk.commands.output import checked_output, write_output
    from kiosk.settings.config import load_config

    period = Period.parse(args.first, args.last)
    if args.excel_fr and args.fmt != "csv":
        raise KioskError("--excel-fr applies to CSV only")
    if args.fmt == "xlsx" and args.output is None:
        raise KioskError("xlsx needs a file: add -o FILE.xlsx")
    output = None
    if args.output is not None:
        output = checked_output(args.output, args.data_dir, args.force)
    config = load_config(args.data_dir)
    thresholds = Thresholds(config.contribution.suggested, config.contribution.low_bracket_max)
    documents = iter_documents(args.data_dir / "ledger", period, args.trust_damaged)
    if args.per == "day":
        table = day_table(documents, period, thresholds, config.survey, config.cantine.name)
    else:
        table = visit_table(documents, period, thresholds, config.cantine.name, config.privacy.k)
    table = replace(table, currency=config.cantine.currency)
    data = export_bytes(table, args.fmt, args.excel_fr)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_output(output, data)
        print(f"{len(table.rows)} rows written to {args.output}", file=sys.stderr)
    return 0
