"""The ledger's commit: does it stay flat as history grows, and how close is it to the disk's floor?

Two ledgers are measured side by side, their commits interleaved so that a busy machine slows
both alike: one with 100 past visits, one with 30,000 spread over per-day files as a real year
and a half is (60 a day). In both, the commits go into today's file, which starts with the same
60 visits. Baselines from the same run: one plain TinyDB file (default JSONStorage) holding 100
or 30,000 documents, and the floor: writing, fsyncing and renaming one file of today's size.
"""

import os
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tinydb import TinyDB

from bench.common import PYTHON, ROOT, Row, median, p95, process_ms, timed_ms
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Closing, Visit

ZONE = ZoneInfo("Europe/Paris")
TODAY = date(2026, 11, 21)
PER_DAY = 60
COMMITS = 60  # today's file grows from 60 to 120 entries in both ledgers
VISIT = Visit("eat", 1300, "cash")


def history(past_visits: int) -> list[tuple[Any, datetime]]:
    """`past_visits` visits, 60 a day: today's 60, then earlier days, oldest first; each earlier
    day closed in the evening, as a cantine does (so each day has its file)."""
    items: list[tuple[Any, datetime]] = []
    for number in range(past_visits):
        day = TODAY - timedelta(days=number // PER_DAY)
        moment = datetime.combine(day, time(11, 30), ZONE) + timedelta(seconds=number % PER_DAY)
        items.append((Visit("eat", 500 + number % 1500, "cash"), moment))
        if number % PER_DAY == 0 and day < TODAY:
            items.append((Closing(0, 0, 0, 0), datetime.combine(day, time(22, 0), ZONE)))
    return sorted(items, key=lambda item: item[1])


def ledger_with(folder: Path, past_visits: int) -> Ledger:
    ledger = Ledger(folder, "Europe/Paris",
                    clock=lambda: datetime.combine(TODAY, time(13, 0), ZONE))
    ledger.append_batch(history(past_visits))
    return ledger


def tinydb_with(path: Path, documents: int) -> TinyDB:
    database = TinyDB(path)
    database.insert_multiple({"kind": "visit", "amount": 500 + n % 1500, "method": "cash"}
                             for n in range(documents))
    return database


def floor_writer(folder: Path, data: bytes):
    """Write + fsync + rename + fsync the folder, with nothing of ours: what durability costs."""
    target = folder / "floor.json"

    def write() -> None:
        temporary = folder / ".floor.tmp"
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        handle = os.open(folder, os.O_RDONLY)
        os.fsync(handle)
        os.close(handle)

    return write


def commits(small: Ledger, large: Ledger, floor) -> tuple[list[float], ...]:
    """COMMITS appends into each ledger and as many floor writes, interleaved, each timed."""
    small_ms, large_ms, floor_ms = [], [], []
    for _ in range(COMMITS):
        small_ms += timed_ms(lambda: small.append(VISIT), 1)
        large_ms += timed_ms(lambda: large.append(VISIT), 1)
        floor_ms += timed_ms(floor, 1)
    return small_ms, large_ms, floor_ms


def record_process(folder: Path) -> tuple[list[float], list[float]]:
    """`kiosk record` against `python -c "import tinydb"`, alternating, ten times each."""
    record = [PYTHON, "-m", "kiosk", "--data-dir", str(folder), "record", "--role", "eat",
              "--amount", "13", "--method", "cash"]
    folder.mkdir()
    sample = (ROOT / "data" / "kiosk.sample.toml").read_text(encoding="utf-8")
    (folder / "kiosk.toml").write_text(sample, encoding="utf-8")
    kiosk_ms, bare_ms = [], []
    for _ in range(10):
        kiosk_ms += process_ms(record, 1, cwd=ROOT)
        bare_ms += process_ms([PYTHON, "-c", "import tinydb"], 1, cwd=ROOT)
    return kiosk_ms, bare_ms


def run() -> list[Row]:
    """Build both ledgers and both TinyDB files, then measure; one table row per figure."""
    # Beside the project rather than in /tmp, which may be a tmpfs where fsync costs nothing.
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-") as scratch:
        folder = Path(scratch)
        small = ledger_with(folder / "small", 100)
        large = ledger_with(folder / "large", 30_000)
        # The floor writes a file of today's size halfway through the commits (90 entries).
        today_size = (large.folder / f"{TODAY}.json").stat().st_size * 3 // 2
        small_ms, large_ms, floor = commits(small, large,
                                            floor_writer(folder, os.urandom(today_size)))
        small_db = tinydb_with(folder / "plain100.json", 100)
        large_db = tinydb_with(folder / "plain30k.json", 30_000)
        plain_small = timed_ms(lambda: small_db.insert({"amount": 1300}), 30)
        plain_large = timed_ms(lambda: large_db.insert({"amount": 1300}), 10)
        kiosk_ms, bare_ms = record_process(folder / "cli")
    flat = median(large_ms) / median(small_ms)
    near_floor = median(large_ms) / median(floor)
    return [
        Row("ledger", "commit median, 100 past visits (today: 60-120)", median(small_ms), "ms"),
        Row("ledger", "commit p95, 100 past visits (today: 60-120)", p95(small_ms), "ms"),
        Row("ledger", "commit median, 30,000 past visits (today: 60-120)", median(large_ms),
            "ms", median(small_ms), "<= 1.3x the 100", flat <= 1.3),
        Row("ledger", "commit p95, 30,000 past visits (today: 60-120)", p95(large_ms), "ms",
            p95(small_ms)),
        Row("ledger", f"floor: write+fsync+rename {today_size // 1024} KiB, median",
            median(floor), "ms"),
        Row("ledger", "commit median 30,000 against the floor", median(large_ms), "ms",
            median(floor), "<= 2x the floor", near_floor <= 2),
        Row("ledger", "plain TinyDB insert, one file of 100, median", median(plain_small), "ms"),
        Row("ledger", "plain TinyDB insert, one file of 100, p95", p95(plain_small), "ms"),
        Row("ledger", "plain TinyDB insert, one file of 30,000, median", median(plain_large),
            "ms", median(plain_small)),
        Row("ledger", "plain TinyDB insert, one file of 30,000, p95", p95(plain_large), "ms"),
        Row("ledger", "`kiosk record` process (with kiosk.toml), median", median(kiosk_ms), "ms",
            median(bare_ms), "<= 3x import tinydb", median(kiosk_ms) <= 3 * median(bare_ms)),
        Row("ledger", "`python -c 'import tinydb'` process, median", median(bare_ms), "ms"),
    ]
