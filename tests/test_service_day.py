"""A service belongs to the day it opened; the volunteers' screens survive a full disk and a
damaged day.

An evening runs 19:00 to 23:30 and is closed at 00:30: the closing counts every visit, files in
the evening's day, and the Z report, the tally and the exports count the evening in that day.
Driven on the real app (`make_app`) and the real `kiosk` commands.
"""

import errno
import json
import os
from datetime import datetime, timedelta

import pytest
from textual.widgets import Static
from volunteers_support import (
    PARIS,
    FixedClock,
    click_again,
    close_confirmed,
    drive,
    open_area,
    settle,
    type_text,
)

from kiosk.books.closing import close_service
from kiosk.books.service import current_service
from kiosk.cli import main
from kiosk.ledger.book import Ledger, ServiceClosed
from kiosk.ledger.entries import CashMovement, Visit
from kiosk.settings.pin import hash_pin
from kiosk.settings.pin_store import save_pin_hash
from screens.app import make_app
from screens.volunteers.area import VolunteerArea
from screens.volunteers.closing import ClosingScreen
from screens.volunteers.dialogs import ReportDialog

PIN = "1357"
PIN_HASH = hash_pin(PIN)
SIZE = (110, 44)
EVENING, NEXT_DAY = "2026-11-20", "2026-11-21"


@pytest.fixture
def pin_dir(tmp_path):
    save_pin_hash(tmp_path, PIN_HASH)
    return tmp_path


def an_evening(ledger: Ledger, clock: FixedClock) -> list[int]:
    """A float at 18:45, then a visit every half hour from 19:00 to 23:30: ten visits, 130 EUR
    in cash. Returns the visits' amounts."""
    clock.now = datetime(2026, 11, 20, 18, 45, tzinfo=PARIS)
    ledger.append(CashMovement("float", 5000, "fond de caisse"))
    amounts = []
    for half_hour in range(10):  # 19:00, 19:30 ... 23:30
        clock.now = datetime(2026, 11, 20, 19, 0, tzinfo=PARIS) + timedelta(minutes=30 * half_hour)
        ledger.append(Visit("eat", 1300, "cash"))
        amounts.append(1300)
    return amounts


def test_an_evening_closed_after_midnight_counts_every_visit_in_its_day(data_dir, capsys):
    clock = FixedClock()
    ledger = Ledger(data_dir / "ledger", clock=clock)
    amounts = an_evening(ledger, clock)
    assert len(amounts) == 10
    clock.now = datetime(2026, 11, 21, 0, 10, tzinfo=PARIS)
    late = ledger.append(Visit("both", 2000, "card", 2))  # still the evening's service
    assert (late.day, late.service) == (EVENING, 1)
    clock.now = datetime(2026, 11, 21, 0, 30, tzinfo=PARIS)
    assert current_service(ledger).day == EVENING
    closing = close_service(ledger, {"5000": 3, "1000": 3}, 2000)
    assert (closing.day, closing.service) == (EVENING, 1)
    assert closing.value.totals["visits"] == 11 and closing.value.cash_difference == 0
    assert closing.value.totals["total"] == sum(amounts) + 2000
    from kiosk.books.zreport import z_report

    rows = dict(z_report(closing, "Petite Cantine", str).rows)  # closed the next morning
    assert (rows["Jour"], rows["Clôturé à"]) == (EVENING, "2026-11-21 00:30")

    clock.now = datetime(2026, 11, 21, 11, 30, tzinfo=PARIS)
    lunch = ledger.append(Visit("eat", 900, "cash"))
    assert (lunch.day, lunch.service) == (NEXT_DAY, 1), "after the closing, a new day's service"
    with pytest.raises(ServiceClosed):
        ledger.void(late.seq, "trop tard")

    assert main(["--data-dir", str(data_dir), "export", "--from", EVENING, "--to", NEXT_DAY,
                 "--format", "json"]) == 0
    rows = {row["date"]: row for row in json.loads(capsys.readouterr().out)["rows"]}
    assert rows[EVENING]["visits"] == 11 and rows[EVENING]["closed"] is True
    assert rows[NEXT_DAY]["visits"] == 1 and rows[NEXT_DAY]["closed"] is False
    assert main(["--data-dir", str(data_dir), "tally", "--date", EVENING]) == 0
    assert "service 1 (clôturé, Z 1)" in capsys.readouterr().out


def test_a_service_left_open_is_said_by_tally_and_doctor(data_dir, capsys):
    clock = FixedClock()
    an_evening(Ledger(data_dir / "ledger", clock=clock), clock)
    assert main(["--data-dir", str(data_dir), "tally"]) == 0
    captured = capsys.readouterr()
    assert f"service 1 du {EVENING} est encore ouvert" in captured.err
    assert f"{EVENING}, service 1 (ouvert)" in captured.out, "tally shows the open service's day"
    assert main(["--data-dir", str(data_dir), "doctor"]) in (0, 1)
    [line] = [x for x in capsys.readouterr().out.splitlines() if " service: " in x]
    assert line.startswith("WARNING service:") and f"service 1 of {EVENING} is still open" in line


def test_backdated_entries_cannot_open_a_service_that_can_never_be_closed(data_dir):
    clock = FixedClock()
    ledger = Ledger(data_dir / "ledger", clock=clock)
    an_evening(ledger, clock)
    clock.now = datetime(2026, 11, 21, 0, 30, tzinfo=PARIS)
    close_service(ledger, {"5000": 3, "1000": 3}, 0)
    clock.now = datetime(2026, 11, 22, 12, 0, tzinfo=PARIS)
    for moment in (datetime(2026, 11, 20, 12, 0), datetime(2026, 11, 20, 23, 0),
                   datetime(2026, 11, 21, 0, 29)):  # before or in the closed evening
        with pytest.raises(ServiceClosed, match="already closed"):
            ledger.append(Visit("eat", 500, "cash"), moment.replace(tzinfo=PARIS))
    noted = ledger.append(Visit("eat", 500, "cash"), datetime(2026, 11, 21, 19, 0, tzinfo=PARIS))
    assert (noted.day, noted.service) == (NEXT_DAY, 1)
    assert current_service(ledger).day == NEXT_DAY, "the service it opened is the one to close"
    now = ledger.append(Visit("eat", 700, "cash"))
    assert (now.day, now.service) == (NEXT_DAY, 1)
    closing = close_service(ledger, {"1000": 1, "200": 1}, 0)
    assert closing.value.z == 2 and closing.value.totals["visits"] == 2


@drive
async def test_the_volunteers_close_the_evening_at_half_past_midnight(pin_dir):
    clock = FixedClock()
    app = make_app(pin_dir, clock=clock)
    an_evening(app.ledger, clock)
    clock.now = datetime(2026, 11, 21, 0, 30, tzinfo=PARIS)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        where = str(app.screen.query_one("#where", Static).render())
        assert EVENING in where and "encore ouvert" not in where
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        title = str(app.screen.query_one("#title", Static).render())
        assert EVENING in title and "10 passages" in title
        await pilot.click("#d5000")
        await type_text(pilot, "3")
        await pilot.click("#d1000")
        await type_text(pilot, "3")
        await pilot.click("#card-declared")
        await type_text(pilot, "0")
        await close_confirmed(pilot)
        assert isinstance(app.screen, ReportDialog)
        assert (pin_dir / "exports" / f"Z-0001-{EVENING}.txt").exists()
    [closing] = [e for e in app.ledger.day_entries(EVENING) if e.kind == "closing"]
    assert closing.value.totals["visits"] == 10 and closing.value.cash_difference == 0


@drive
async def test_the_area_warns_of_a_service_left_open_and_of_a_damaged_day(pin_dir):
    clock = FixedClock()
    an_evening(Ledger(pin_dir / "ledger", clock=clock), clock)
    (pin_dir / "ledger" / "2026-11-19.json").write_text('{"_default": {"1": {"sdq": 1}}}')
    clock.now = datetime(2026, 11, 22, 11, 0, tzinfo=PARIS)  # two days later, never closed
    app = make_app(pin_dir, clock=clock)  # the kiosk started again
    entry = app.record_visit(Visit("eat", 500, "cash"))  # a guest at the door: recorded
    assert entry is not None and entry.day == EVENING
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        assert isinstance(app.screen, VolunteerArea)
        where = " ".join(str(app.screen.query_one("#where", Static).render()).split())
        assert f"Le service 1 du {EVENING} est encore ouvert" in where
        assert "1 jour du registre a été trouvé abîmé" in where


@drive
async def test_a_full_disk_at_the_closing_is_said_and_the_kiosk_goes_on(pin_dir, monkeypatch):
    clock = FixedClock()
    app = make_app(pin_dir, clock=clock)
    an_evening(app.ledger, clock)
    clock.now = datetime(2026, 11, 21, 0, 30, tzinfo=PARIS)
    before = (app.ledger.folder / f"{EVENING}.json").read_bytes()
    real_fsync = __import__("os").fsync

    def full(descriptor):  # the SD card is full: the write's fsync fails, as it does
        raise OSError(errno.ENOSPC, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("z")
        await pilot.pause()
        for cents, count in ((5000, "3"), (1000, "3")):
            await pilot.click(f"#d{cents}")
            await type_text(pilot, count)
        await pilot.click("#card-declared")
        await type_text(pilot, "0")
        monkeypatch.setattr("kiosk.ledger.storage.os.fsync", full)
        await close_confirmed(pilot)
        assert app.is_running and isinstance(app.screen, ClosingScreen)
        said = str(app.screen.query_one("#status", Static).render())
        assert "Le disque est plein : rien n'a été écrit" in said
        assert (app.ledger.folder / f"{EVENING}.json").read_bytes() == before
        monkeypatch.setattr("kiosk.ledger.storage.os.fsync", real_fsync)
        await close_confirmed(pilot, click_again)  # space freed: the same count closes
        assert isinstance(app.screen, ReportDialog)
    assert [e.value.z for e in app.ledger.day_entries(EVENING) if e.kind == "closing"] == [1]


REAL_OPEN = os.open


def read_only(path, flags, *args, **kwargs):
    """The SD card remounted read-only: reading works, opening anything to write fails."""
    if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
        raise OSError(errno.EROFS, "Read-only file system")
    return REAL_OPEN(path, flags, *args, **kwargs)


@drive
async def test_a_void_and_a_cash_movement_on_a_read_only_disk_are_said_in_french(pin_dir,
                                                                              monkeypatch):
    clock = FixedClock()
    app = make_app(pin_dir, clock=clock)
    an_evening(app.ledger, clock)
    before = (app.ledger.folder / f"{EVENING}.json").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        monkeypatch.setattr("kiosk.ledger.storage.os.open", read_only)
        await pilot.press("c")  # corrections: void the last visit
        await pilot.pause()
        await pilot.press("down", "v")  # the first arrow chooses the line the cursor is on
        await pilot.pause()
        await type_text(pilot, "erreur")
        await pilot.press("enter")
        await settle(pilot)
        said = str(app.screen.query_one("#status", Static).render())
        assert "Le disque est en lecture seule : rien n'a été écrit" in said
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("m")  # cash: 10 EUR put in, with a reason
        await pilot.pause()
        await pilot.click("#kind")
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.click("#amount")
        await type_text(pilot, "10")
        await pilot.click("#reason")
        await type_text(pilot, "monnaie")
        await pilot.press("enter")
        await settle(pilot)
        said = str(app.screen.query_one("#status", Static).render())
        assert "Le disque est en lecture seule : rien n'a été écrit" in said
        assert app.is_running
    assert (app.ledger.folder / f"{EVENING}.json").read_bytes() == before
