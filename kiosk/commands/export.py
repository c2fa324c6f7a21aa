"""`kiosk export`: daily totals or anonymised visits of a period, as CSV, JSON or XLSX.

Used from scripts and cron: it never imports Textual, and openpyxl only for XLSX.
"""

import sys
from pathlib import Path

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
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="file to write (default: standard output; required for xlsx)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from kiosk.books.export import Period, day_table, iter_documents, visit_table
    from kiosk.books.formats import export_bytes
    from kiosk.books.tally import Thresholds
    from kiosk.ledger.storage import write_atomically
    from kiosk.settings.config import load_config

    period = Period.parse(args.first, args.last)
    if args.excel_fr and args.fmt != "csv":
        raise KioskError("--excel-fr applies to CSV only")
    if args.fmt == "xlsx" and args.output is None:
        raise KioskError("xlsx needs a file: add -o FILE.xlsx")
    if args.output is not None and not args.output.parent.is_dir():
        raise KioskError(f"{args.output.parent} is not a folder; cannot write {args.output.name}")
    if args.output is not None and args.output.is_dir():
        raise KioskError(f"{args.output} is a folder: give a file name in it, like days.csv")
    config = load_config(args.data_dir)
    thresholds = Thresholds(config.contribution.suggested, config.contribution.low_bracket_max)
    documents = iter_documents(args.data_dir / "ledger", period)
    if args.per == "day":
        table = day_table(documents, period, thresholds, config.survey, config.cantine.name)
    else:
        table = visit_table(documents, period, thresholds, config.cantine.name, config.privacy.k)
    data = export_bytes(table, args.fmt, args.excel_fr)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            write_atomically(args.output, data)
        except OSError as error:
            raise KioskError(f"cannot write {args.output}: {error.strerror}") from None
        print(f"{len(table.rows)} rows written to {args.output}", file=sys.stderr)
    return 0
