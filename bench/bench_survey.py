"""A survey tap and a receipt number, against the ledger commit a tap used to be.

A year and a half of history (30,000 visits, 60 a day, each day closed, as `kiosk demo` writes
it), then today's service: taps into the counts file (two in-place copies, each fsynced), receipt
numbers (a ledger entry written under the lock), and, interleaved as the baseline, plain ledger
commits of a visit (what each tap cost when an answer was an entry of its own). A fresh process
first looks for the day of the last closing; the kiosk, which keeps its instance, does it once:
its first tap and the ones after are reported apart. A receipt number looks for the newest
receipt through the ledger's `latest`, which checks every day file's signature.
"""

import tempfile
from datetime import date
from pathlib import Path

from bench.common import ROOT, Row, median, p95, timed_ms
from kiosk.books.receipts import ask_receipt
from kiosk.commands.demo_history import fill
from kiosk.ledger.answers import SurveyCounts
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit

DAYS, PER_DAY, TAPS = 500, 60, 60
VISIT = Visit("eat", 1300, "cash")


def run() -> list[Row]:
    """Fill the history, then time taps, receipts and commits, interleaved."""
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-") as scratch:
        folder = Path(scratch) / "ledger"
        fill(Ledger(folder), DAYS, PER_DAY, today=date.today())
        ledger = Ledger(folder)
        survey = SurveyCounts(ledger)
        survey.ensure()
        first = timed_ms(lambda: SurveyCounts(Ledger(folder)).add("welcome", "very"), 1)[0]
        taps, receipts, commits = [], [], []
        for _ in range(TAPS):
            commits += timed_ms(lambda: ledger.append(VISIT), 1)
            visit = ledger.append(VISIT)
            taps += timed_ms(lambda: survey.add("welcome", "very"), 1)
            receipts += timed_ms(lambda v=visit: ask_receipt(ledger, v), 1)
    return [
        Row("survey", f"tap, {DAYS * PER_DAY:,} past visits, median", median(taps), "ms",
            median(commits), "<= 1.5x a ledger commit", median(taps) <= 1.5 * median(commits)),
        Row("survey", "tap p95", p95(taps), "ms", p95(commits)),
        Row("survey", "first tap of a fresh process (finds the last closing)", first, "ms"),
        Row("survey", "receipt number (a ledger entry), median", median(receipts), "ms",
            median(commits)),
        Row("survey", "baseline: ledger commit of a visit, median", median(commits), "ms"),
    ]
