"""The per-visit export stays anonymous in a small cantine: every time slot holds `k` visits.

At 10 visits a day, a quarter hour often holds one guest: the time and the amount in the row
would then say who gave what. Slots are widened until each holds at least `k` live visits
(`[privacy] k`, 5 by default), up to the whole service, and rows are sorted by what they say.
"""

import csv
import io
from collections import Counter
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kiosk.books.visit_export import time_slots
from kiosk.cli import main
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit
from tests.conftest import PARIS

# A quiet Tuesday: 10 guests, spread out the way a small cantine sees them.
ARRIVALS = ("12:01", "12:05", "12:22", "12:40", "12:41", "13:10", "13:52", "14:00", "14:02",
            "14:31")
AMOUNTS = (1300, 500, 0, 2000, 1300, 700, 1300, 300, 1500, 1000)


def quiet_day(folder, arrivals=ARRIVALS, day="2026-11-24") -> Ledger:
    ledger = Ledger(folder / "ledger")
    for at, amount in zip(arrivals, AMOUNTS, strict=False):
        moment = datetime.fromisoformat(f"{day}T{at}:00").replace(tzinfo=PARIS)
        ledger.append(Visit("eat", amount, "cash" if amount else "none"), at=moment)
    return ledger


def visit_rows(capsysbinary, folder, day="2026-11-24") -> list[dict]:
    status = main(["--data-dir", str(folder), "export", "--from", day, "--to", day,
                   "--per", "visit"])
    captured = capsysbinary.readouterr()
    assert status == 0, captured.err
    return list(csv.DictReader(io.StringIO(captured.out.decode("utf-8"))))


def test_a_day_of_ten_visits_has_no_slot_with_fewer_than_k_rows(capsysbinary, data_dir):
    quiet_day(data_dir)
    rows = visit_rows(capsysbinary, data_dir)
    per_slot = Counter(row["time"] for row in rows)
    assert len(rows) == 10 and min(per_slot.values()) >= 5
    assert len(per_slot) == 2  # 10 visits, k = 5: two slots, not one per quarter hour
    # The slots follow each other without a gap, on quarter hours.
    (first, second) = sorted(per_slot)
    assert first.split("-")[1] == second.split("-")[0]
    assert first.startswith("12:00-") and second.endswith("-14:45")


def test_rows_in_a_slot_are_sorted_by_what_they_say_not_by_arrival(capsysbinary, data_dir):
    quiet_day(data_dir)
    rows = visit_rows(capsysbinary, data_dir)
    for slot in {row["time"] for row in rows}:
        said = [(row["role"], int(row["covers"]), float(row["amount"]), row["method"])
                for row in rows if row["time"] == slot]
        assert said == sorted(said)
    # The order of arrival (13 €, 5 €, 0 €, ...) is not the order of the file.
    assert [row["amount"] for row in rows][:3] != ["13.00", "5.00", "0.00"]


def test_k_comes_from_the_settings(capsysbinary, data_dir):
    quiet_day(data_dir)
    (data_dir / "kiosk.toml").write_text("[privacy]\nk = 3\n", encoding="utf-8")
    per_slot = Counter(row["time"] for row in visit_rows(capsysbinary, data_dir))
    assert min(per_slot.values()) >= 3 and len(per_slot) == 3


def test_a_service_smaller_than_k_is_one_slot(capsysbinary, data_dir):
    quiet_day(data_dir, arrivals=("19:02", "19:47", "21:10"))
    rows = visit_rows(capsysbinary, data_dir)
    assert {row["time"] for row in rows} == {"19:00-21:15"}


def test_voided_visits_do_not_count_towards_k(capsysbinary, data_dir):
    ledger = quiet_day(data_dir)
    for seq in (1, 2, 3, 4):  # four of the five earliest guests were mistakes
        ledger.void(seq, "erreur")
    rows = visit_rows(capsysbinary, data_dir)
    live = Counter(row["time"] for row in rows if row["voided"] == "no")
    assert len(live) == 1 and sum(live.values()) == 6
    assert {row["time"] for row in rows} == set(live)  # the voided rows share that slot


def test_an_evening_past_midnight_has_no_small_slot(capsysbinary, data_dir):
    ledger = Ledger(data_dir / "ledger")
    start = datetime(2026, 11, 24, 23, 20, tzinfo=PARIS)
    for number in range(10):
        ledger.append(Visit("eat", 1300, "cash"), at=start + timedelta(minutes=7 * number))
    rows = visit_rows(capsysbinary, data_dir) + visit_rows(capsysbinary, data_dir, "2026-11-25")
    services = {(r["date"], r["service"]) for r in rows}
    for service in services:
        per_slot = Counter(r["time"] for r in rows if (r["date"], r["service"]) == service)
        assert len(per_slot) == 1 or min(per_slot.values()) >= 5, per_slot


@given(st.lists(st.integers(0, 36 * 60 - 1), max_size=80), st.integers(3, 12))
def test_slots_hold_k_or_are_the_whole_service(minutes, k):
    slots = time_slots(minutes, k)
    held = [sum(1 for m in minutes if a <= m < b) for a, b in slots]
    assert sum(held) == len(minutes)  # every visit in exactly one slot
    assert len(slots) == 1 or min(held) >= k
    for (_, end), (start, _) in zip(slots, slots[1:], strict=False):
        assert end == start  # no gap, no overlap
    assert all(a % 15 == 0 and b % 15 == 0 and a < b for a, b in slots)
