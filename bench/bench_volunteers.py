"""The volunteers' side: how long closing a busy service and reading its tally take."""

import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import Row, median, p95, process_ms, timed_ms
from kiosk.books.closing import close_service
from kiosk.books.service import current_service, service_tally
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit

VISITS = 200  # a busy service


def run() -> list[Row]:
    """Close a 200-visit service; read its tally in-process and through `kiosk tally`."""
    start = datetime(2026, 11, 21, 11, 0, tzinfo=ZoneInfo("Europe/Paris"))
    with tempfile.TemporaryDirectory() as folder:
        now = [start + timedelta(hours=3)]
        ledger = Ledger(Path(folder) / "ledger", clock=lambda: now[0])
        ledger.append_batch([(Visit("eat", 100 * (i % 20), "card" if i % 20 else "none"),
                              start + timedelta(seconds=30 * i)) for i in range(VISITS)])
        tally_ms = timed_ms(lambda: service_tally(current_service(ledger)), repeat=20)
        cli_ms = process_ms([sys.executable, "-m", "kiosk", "--data-dir", folder, "tally",
                             "--date", "2026-11-21"], repeat=5)
        closings = []
        for _ in range(5):
            figures = service_tally(current_service(ledger))
            closings += timed_ms(lambda f=figures: close_service(ledger, {}, f.card), repeat=1)
            now[0] += timedelta(minutes=1)
            ledger.append(Visit("eat", 500, "card"))
            now[0] += timedelta(minutes=1)
    return [
        Row("volunteers", f"tally of a {VISITS}-visit service, median", median(tally_ms), "ms",
            target="< 100 ms", met=median(tally_ms) < 100),
        Row("volunteers", "kiosk tally (process), median", median(cli_ms), "ms",
            target="< 1000 ms", met=median(cli_ms) < 1000),
        Row("volunteers", "close_service (fsynced), p95", p95(closings), "ms",
            target="< 500 ms", met=p95(closings) < 500),
    ]
