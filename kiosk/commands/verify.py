"""`kiosk verify`: exit 0 when every ledger file reads and chains and the survey's open counts
read; exit 1 naming the first problem. It reads only: it creates nothing, not even an empty ledger.
"""

import sys

from kiosk.errors import KioskError


def register(commands) -> None:
    """Add `kiosk verify`."""
    parser = commands.add_parser("verify", help="check every ledger file, the hash chain and "
                                               "the survey counts")
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Check the ledger: exit 0 with counts, or 1 naming the first problem; warnings on stderr."""
    from kiosk.ledger.answers import SurveyCounts
    from kiosk.ledger.book import Ledger
    from kiosk.ledger.verify import verify

    if not args.data_dir.is_dir():
        raise KioskError(f"the data dir {args.data_dir} does not exist: nothing to verify")
    ledger = Ledger(args.data_dir / "ledger", read_only=True)
    verdict = verify(ledger)
    counts = SurveyCounts(ledger).check() if verdict.ok else None
    for warning in [*verdict.warnings, *(counts.warnings if counts else ())]:
        print(f"warning: {warning}", file=sys.stderr)
    problem = verdict.problem or (counts.problem if counts else "")
    if problem:
        print(f"kiosk verify: {problem}", file=sys.stderr)
        return 1
    print(f"ok: {verdict.entries} entries in {verdict.files} files, chain intact, "
          f"survey counts readable")
    return 0
