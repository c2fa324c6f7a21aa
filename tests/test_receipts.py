"""Receipt numbers of their own: 2026-000123, consecutive, never a ledger number.

Whoever holds a receipt must not be able to find anything next to it in the ledger: the number
counts receipts only, and the request is an entry of its own, at the visit's time.
"""

import re
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.books.closing import close_service
from kiosk.books.receipts import ReceiptRefused, ask_receipt
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit

PARIS = ZoneInfo("Europe/Paris")
NUMBER = re.compile(r"\d{4}-\d{6}")


def test_receipt_numbers_of_a_service_are_consecutive_and_never_a_ledger_number(data_dir,
                                                                                fixed_clock):
    ledger = Ledger(data_dir / "ledger", clock=fixed_clock)
    numbers = []
    for guest in range(12):
        visit = ledger.append(Visit("eat", 1300 + guest, "cash"))
        fixed_clock.advance(minutes=3)
        if guest % 3 != 1:  # some guests want no receipt: no number is used up for them
            numbers.append(ask_receipt(ledger, visit))
    assert numbers == [f"2026-{n:06d}" for n in range(1, len(numbers) + 1)]
    entries = list(ledger.entries())
    seqs = {str(e.seq) for e in entries} | {e.seq for e in entries}
    assert all(NUMBER.fullmatch(n) and n not in seqs for n in numbers)
    requests = [e for e in entries if e.kind == "receipt"]
    # The request says which visit; its time is the visit's, so it says nothing of the time
    # the guest spent on the survey before asking.
    visits = {e.seq: e for e in entries if e.kind == "visit"}
    assert all(r.ts == visits[r.value.visit].ts for r in requests)


def test_asking_twice_gives_the_same_number_and_writes_nothing(data_dir, fixed_clock):
    ledger = Ledger(data_dir / "ledger", clock=fixed_clock)
    visit = ledger.append(Visit("eat", 1300, "cash"))
    first = ask_receipt(ledger, visit)
    assert ask_receipt(ledger, visit) == first == "2026-000001"
    assert [e.kind for e in ledger.entries()] == ["visit", "receipt"]


def test_two_tablets_asking_at_once_share_no_number_and_leave_no_gap(data_dir, fixed_clock):
    visits = []
    setup = Ledger(data_dir / "ledger", clock=fixed_clock)
    for guest in range(16):
        visits.append(setup.append(Visit("eat", 500 + guest, "cash")))
    taken: list[str] = []

    def tablet(mine):
        ledger = Ledger(data_dir / "ledger", clock=fixed_clock)  # its own process, in effect
        for visit in mine:
            taken.append(ask_receipt(ledger, visit))

    tablets = [threading.Thread(target=tablet, args=(visits[n::2],)) for n in range(2)]
    for t in tablets:
        t.start()
    for t in tablets:
        t.join()
    assert sorted(taken) == [f"2026-{n:06d}" for n in range(1, 17)]


def test_a_new_year_starts_again_at_one_and_a_clock_set_back_does_not_repeat(data_dir):
    # Entered by hand afterwards (`kiosk record --at`): the kiosk's clock is past them all.
    ledger = Ledger(data_dir / "ledger", clock=lambda: datetime(2027, 1, 3, 9, 0, tzinfo=PARIS))

    def visit_at(text):
        return ledger.append(Visit("eat", 1300, "cash"),
                             at=datetime.fromisoformat(text).replace(tzinfo=PARIS))

    assert ask_receipt(ledger, visit_at("2026-12-31T19:00")) == "2026-000001"
    assert ask_receipt(ledger, visit_at("2026-12-31T19:05")) == "2026-000002"
    close_service(ledger, {"2000": 1, "500": 1, "100": 1}, 0,
                  at=datetime(2026, 12, 31, 23, 0, tzinfo=PARIS))
    assert ask_receipt(ledger, visit_at("2027-01-02T12:00")) == "2027-000001"
    # A visit typed with a clock set back into 2026 joins the open service, of 2027: its
    # number follows on, never repeats one.
    assert ask_receipt(ledger, visit_at("2026-12-31T23:30")) == "2027-000002"
    assert ask_receipt(ledger, visit_at("2027-01-02T12:30")) == "2027-000003"


def test_a_closed_service_gives_no_number(data_dir, fixed_clock):
    ledger = Ledger(data_dir / "ledger", clock=fixed_clock)
    visit = ledger.append(Visit("eat", 0, "none"))
    close_service(ledger, {}, 0)
    with pytest.raises(ReceiptRefused):
        ask_receipt(ledger, visit)
    assert [e.kind for e in ledger.entries()] == ["visit", "closing"]

