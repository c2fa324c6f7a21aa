"""A small real history for the manager's tests, and an oracle read straight from the day files.

The history is written through the real Ledger: `kiosk.commands.demo_history.fill` for ordinary
days (each with a float, visits, survey answers, sometimes voids, one closing), then a day with two
services, the first closed, the second open with a void in it.
"""

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.books.closing import build_closing
from kiosk.commands.demo_history import fill
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import CashMovement, SurveyAnswer, Visit

ZONE = ZoneInfo("Europe/Paris")
LAST_DAY = date(2026, 11, 10)  # the two-service day; the demo days are the ones before it
DEMO_DAYS = 5


def history(data_dir: Path, per_day: int = 25) -> Ledger:
    """A data dir with `DEMO_DAYS` demo days, then LAST_DAY with two services and a void."""
    ledger = Ledger(data_dir / "ledger", "Europe/Paris")
    fill(ledger, DEMO_DAYS, per_day, seed=7, today=LAST_DAY)
    noon = datetime.combine(LAST_DAY, time(12, 0), ZONE)
    first = ledger.append_batch([
        (CashMovement("float", 3000, "fond"), noon),
        (Visit("eat", 1300, "cash"), noon + timedelta(minutes=3)),
        (Visit("both", 2000, "card", covers=2), noon + timedelta(minutes=20)),
        (Visit("cook", 0, "none"), noon + timedelta(minutes=21)),
        (SurveyAnswer("welcome", "very"), noon + timedelta(minutes=22)),
    ])
    previous = ledger.latest("closing").value
    closing = build_closing(first, previous, {"2000": 2, "200": 2}, 2000,
                            "un euro de trop")
    ledger.append_batch([(closing, noon + timedelta(hours=2))])
    evening = datetime.combine(LAST_DAY, time(19, 7), ZONE)
    second = ledger.append_batch([
        (Visit("eat", 550, "cash"), evening),
        (Visit("eat", 4000, "card", covers=3), evening + timedelta(minutes=16)),
        (SurveyAnswer("age", "over_55"), evening + timedelta(minutes=17)),
    ])
    ledger.void(second[1].seq, "saisie en double")
    return ledger


def oracle(ledger_folder: Path, first: str = "0000", last: str = "9999") -> dict[str, dict]:
    """Per day: visits, covers, total, cash and card of the visits no void cancels.

    Read from the raw day files with json, without the code under test.
    """
    documents = []
    for path in sorted(Path(ledger_folder).glob("*.json")):
        if first <= path.stem <= last:
            data = json.loads(path.read_text(encoding="utf-8"))
            documents += [d for table in data.values() for d in table.values()]
    voided = {d["data"]["visit"] for d in documents if d["kind"] == "void"}
    days: dict[str, dict] = {}
    for d in documents:
        if d["kind"] != "visit" or d["seq"] in voided:
            continue
        day = days.setdefault(d["day"], dict.fromkeys(("visits", "covers", "total", "cash",
                                                        "card"), 0))
        day["visits"] += 1
        day["covers"] += d["data"]["covers"]
        day["total"] += d["data"]["amount"]
        if d["data"]["method"] in ("cash", "card"):
            day[d["data"]["method"]] += d["data"]["amount"]
    return days
