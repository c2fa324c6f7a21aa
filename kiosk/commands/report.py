"""`kiosk report`: the impact report in the network's measures, for this cantine or several."""

import sys
from pathlib import Path


def register(commands) -> None:
    parser = commands.add_parser("report", help="the impact report, for this cantine or several")
    parser.add_argument("--from", dest="first", required=True, metavar="D",
                        help="first service day, YYYY-MM-DD")
    parser.add_argument("--to", dest="last", required=True, metavar="D",
                        help="last service day, YYYY-MM-DD (included)")
    parser.add_argument("--format", dest="fmt", default="text", choices=("text", "md", "json"))
    parser.add_argument("files", nargs="*", type=Path, metavar="FILES",
                        help="per-day JSON exports of several cantines, added up "
                             "(default: this data dir's ledger)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from kiosk.books.export import Period
    from kiosk.books.export_check import read_checked, refuse_overlaps
    from kiosk.books.provenance import PeriodReading
    from kiosk.books.report import (
        RENDERERS,
        impact_from_documents,
        impact_from_export,
        measures,
    )
    from kiosk.books.tally import Thresholds
    from kiosk.settings.config import load_config

    period = Period.parse(args.first, args.last)
    if args.files:
        files = [read_checked(path) for path in args.files]
        refuse_overlaps(files)
        impacts = [impact_from_export(f.document, period, f.source) for f in files]
        impact = sum(impacts[1:], impacts[0])
    else:
        config = load_config(args.data_dir)
        thresholds = Thresholds(config.contribution.suggested, config.contribution.low_bracket_max)
        reading = PeriodReading(args.data_dir / "ledger", period)
        impact = impact_from_documents(reading.documents(), period, thresholds,
                                       config.cantine.name, config.cantine.currency)
        reading.refuse_broken()
    sys.stdout.write(RENDERERS[args.fmt](measures(impact)))
    return 0
