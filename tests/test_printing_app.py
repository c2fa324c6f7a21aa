"""Receipts through the real kiosk: the real app, the real print service, a stand-in printer.

The app is made by `make_app` from a config whose `[printer]` points at the stand-in network
printer on 127.0.0.1 (tests/printer_standin.py), so the app builds its own print service with its
queue under `data_dir/print-queue`. A failing printer must never cost a guest a contribution, nor
more than a short wait and one kind line; the receipt waits on disk and prints once it is back.
"""

import json
import re
import threading
import time
from dataclasses import replace

import pytest
from escpos.constants import PAPER_FULL_CUT
from guest_support import (
    TO_THANKS,
    fixed_clock,
    guest_config,
    on_screen,
    pilot_test,
    prepared,
    recorded,
    settle,
    text_of,
)

from kiosk.ledger.entries import ReceiptRequest, Visit
from kiosk.settings.pin import hash_pin
from printer.service import PrintService
from printer.settings import PrinterSettings
from screens.app import PrinterToBe, make_app

pytest_plugins = ["printer_standin"]

TIMEOUT = 1.0
PIN = "2468"
EURO = b"\xd5"  # CP858
E_ACUTE = b"\x82"  # CP858
RESTING = "L'imprimante se repose ; votre contribution est bien enregistrée."
A_GUEST = Visit("eat", 1300, "cash", 1)
FIRST = "2026-000001"  # the first receipt number of the fixed clock's year


def kiosk_config(printer: PrinterSettings, receipt: str = "ask"):
    """The fixed cantine (Petite Cantine du Marché), with a PIN and this printer."""
    # The thanks screen stays long enough for the slowest case to be seen on it.
    config = guest_config(thanks_seconds=30, pin_hash=hash_pin(PIN))
    return replace(config, printer=replace(printer, receipt=receipt))


def kiosk(data_dir, printer: PrinterSettings, receipt: str = "ask", **service):
    """The real app with the real print service on `data_dir/print-queue`; without `service`
    options (such as `retry_every`), `make_app` builds it from the config, as the kiosk does."""
    config = kiosk_config(printer, receipt)
    if not service:
        return make_app(data_dir, config, clock=fixed_clock)
    made = PrintService(config.printer, data_dir / "print-queue", **service)
    return make_app(data_dir, config, printer=made, clock=fixed_clock)


def queued_jobs(data_dir) -> list[dict]:
    """The jobs waiting in the app's print queue, read back from disk."""
    return [json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((data_dir / "print-queue").glob("*.json"))]


def paper_from(standin, count: int, timeout: float = 3.0) -> list[bytes]:
    """The jobs that put something on paper, once there are `count` (or the timeout passed).

    A job refused for want of paper reaches the stand-in as status queries only: nothing printed.
    """
    deadline = time.monotonic() + timeout
    while len(printed := [job for job in standin.jobs if job]) < count:
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    return printed


def number_on(job: bytes) -> str:
    """The receipt's number as printed ("Reçu n°" in CP858, then the number at the right)."""
    found = re.search(rb"Re\x87u n\xf8 +([\d-]+)\n", job)
    return found.group(1).decode() if found else ""


def assert_is_the_receipt(job: bytes) -> None:
    """The receipt of 13 € for the fixed cantine, as the paper gets it."""
    assert b"March" + E_ACUTE in job  # Petite Cantine du Marché
    assert b"13,00" in job and EURO in job
    assert job.endswith(PAPER_FULL_CUT)


async def say_yes_and_wait_for_the_word(pilot) -> float:
    """Tap "yes, a receipt"; seconds until the screen says how the receipt went (bounded).

    The tap itself must be answered at once: the printer is never waited for on the UI thread.
    """
    app = pilot.app
    started = time.monotonic()
    await pilot.press("r")
    await pilot.pause()
    assert time.monotonic() - started < TIMEOUT / 2
    assert on_screen(app) == "ThanksScreen"
    while time.monotonic() - started < TIMEOUT + 3:
        if text_of(app, "#receipt-status") == RESTING:
            break
        await pilot.pause(0.02)
    return time.monotonic() - started


def guest_lines(app) -> list[str]:
    """Every line of text the guest sees on the thanks screen."""
    return [line for widget in app.screen.query("Static")
            for line in str(widget.render()).splitlines() if line.strip()]


async def retry_from_the_volunteers_area(pilot) -> tuple[str, str]:
    """The volunteers' key, the PIN, the running tally, "Retry the queue".

    Returns the tally's printer line before and after the retry.
    """
    await pilot.press("f2")
    await pilot.pause()
    await pilot.press(*PIN, "enter")
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    before = text_of(pilot.app, "#printer-state")
    await pilot.click("#retry")
    await settle(pilot)
    return before, text_of(pilot.app, "#printer-state")


KIOSK_TOML = """
[cantine]
name = "Petite Cantine du Marché"
address = "3 rue des Lilas, Lyon"

[kiosk]
guard_ms = 0  # Pilot presses keys at machine speed: the input guard would drop them

[printer]
connection = "network"
host = "127.0.0.1"
port = {port}
timeout = 1
"""


@pilot_test
async def test_a_healthy_printer_prints_the_receipt_a_guest_asks_for(tmp_path, standin_printer):
    # As the kiosk starts: the data dir's kiosk.toml, no printer handed in.
    (tmp_path / "kiosk.toml").write_text(KIOSK_TOML.format(port=standin_printer.port),
                                         encoding="utf-8")
    app = make_app(tmp_path, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TO_THANKS)
        assert on_screen(app) == "ThanksScreen"
        await pilot.press("r")
        [job] = standin_printer.wait_for_jobs(1)
        await settle(pilot)
        assert text_of(app, "#receipt-status") == "Votre reçu s'imprime."
    assert_is_the_receipt(job)
    assert number_on(job) == FIRST
    assert queued_jobs(tmp_path) == [] and recorded(app) == [A_GUEST, ReceiptRequest(1, FIRST)]


@pytest.mark.parametrize(
    ("failure", "back_by"),
    [("refusing", "volunteers"), ("silent", "next guest"),
     ("dies_after", "volunteers after a restart"), ("paper_out_offline", "volunteers")],
)
@pilot_test
async def test_a_failing_printer_keeps_the_visit_and_the_guest_and_prints_once_back(
    tmp_path, standin_printer, failure, back_by
):
    # A background retry slower than the test: here the volunteers or the next guest print it.
    app = kiosk(tmp_path, standin_printer.settings(timeout=TIMEOUT), retry_every=(60, 60))
    standin_printer.become(failure)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TO_THANKS)
        assert recorded(app) == [A_GUEST]  # on disk before the question is even asked

        waited = await say_yes_and_wait_for_the_word(pilot)

        assert on_screen(app) == "ThanksScreen"
        assert waited < TIMEOUT + 1
        assert text_of(app, "#receipt-status") == RESTING
        assert not [line for line in guest_lines(app) if "127.0.0.1" in line or "printer" in line]
        [job] = queued_jobs(tmp_path)
        assert (job["receipt"]["amount"], job["receipt"]["number"]) == (1300, FIRST)
        torn = standin_printer.paper  # a printer that died mid-receipt printed part of it

        standin_printer.become("healthy")
        if back_by == "next guest":
            await pilot.press("enter")  # the guest leaves; the next one asks for a receipt too
            await pilot.press(*TO_THANKS, "r")
            printed, second = paper_from(standin_printer, 2)
            await settle(pilot)
            assert_is_the_receipt(second)
            assert number_on(second) == "2026-000002"
        elif back_by == "volunteers":
            await then_the_volunteers_retry_the_queue(pilot, failure)
            [printed] = paper_from(standin_printer, 1)
    if back_by == "volunteers after a restart":
        app = kiosk(tmp_path, standin_printer.settings(timeout=TIMEOUT), retry_every=(60, 60))
        async with app.run_test(size=(80, 24)) as pilot:
            await then_the_volunteers_retry_the_queue(pilot, None)
        # The job torn when the printer died, then the whole receipt.
        [partly, printed] = paper_from(standin_printer, 2)
        assert partly == torn and 0 < len(torn) < len(printed)
    assert_is_the_receipt(printed)
    assert number_on(printed) == FIRST
    assert queued_jobs(tmp_path) == []
    assert recorded(app)[0] == A_GUEST


WHY = {
    "refusing": "elle refuse la connexion : est-elle allumée ?",
    "paper_out_offline": "elle n'a plus de papier",
}


async def then_the_volunteers_retry_the_queue(pilot, failure: str | None) -> None:
    """The tally shows the printer's state, why, and one job waiting; "Retry" prints it."""
    before, after = await retry_from_the_volunteers_area(pilot)
    # A kiosk just restarted has not tried its printer yet: it does not guess "ok". The
    # volunteers' screens speak the cantine's first language, French here, problems included.
    seen = f"en panne — {WHY[failure]}" if failure else "état inconnu"
    assert before == f"Imprimante : {seen} · 1 en attente dans la file"
    assert after.startswith("1 reçu imprimé depuis la file. Imprimante : en ordre · 0 en attente")


@pilot_test
async def test_the_printer_back_while_nobody_is_at_the_door_prints_what_waited(
        tmp_path, standin_printer):
    """The kiosk as `make_app` builds it from kiosk.toml, with its own background retry."""
    (tmp_path / "kiosk.toml").write_text(KIOSK_TOML.format(port=standin_printer.port),
                                         encoding="utf-8")
    standin_printer.become("cover_open")
    app = make_app(tmp_path, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TO_THANKS)
        await say_yes_and_wait_for_the_word(pilot)
        await pilot.press("enter")  # the guest leaves without the receipt
        await settle(pilot)
        assert on_screen(app) == "WelcomeScreen" and len(queued_jobs(tmp_path)) == 1
        # Nobody touches the kiosk: it finishes preparing for guests, print service included.
        await prepared(pilot)
        standin_printer.become("healthy")  # a volunteer closes the cover
        [printed] = paper_from(standin_printer, 1, timeout=10)
        await settle(pilot)
    assert_is_the_receipt(printed)
    assert queued_jobs(tmp_path) == []
    assert not any(t.name == "print-queue retry" for t in threading.enumerate())  # stopped


@pytest.mark.parametrize(
    "absent",
    [PrinterSettings(connection="usb", vendor_id=0x0416, product_id=0x5011, timeout=TIMEOUT),
     PrinterSettings(connection="file", path="/nonexistent/dev/usb/lp0", timeout=TIMEOUT)],
    ids=["usb", "file"],
)
@pilot_test
async def test_a_printer_that_is_not_there_keeps_the_visit_and_queues_the_receipt(
    tmp_path, absent
):
    app = kiosk(tmp_path, absent)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TO_THANKS)
        waited = await say_yes_and_wait_for_the_word(pilot)
        assert on_screen(app) == "ThanksScreen"
        assert waited < TIMEOUT + 1
        assert text_of(app, "#receipt-status") == RESTING
    assert recorded(app) == [A_GUEST, ReceiptRequest(1, FIRST)]
    [job] = queued_jobs(tmp_path)
    assert job["receipt"]["amount"] == 1300


@pilot_test
async def test_no_prints_nothing(tmp_path, standin_printer):
    app = kiosk(tmp_path, standin_printer.settings(timeout=TIMEOUT))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TO_THANKS)
        assert "reçu" in text_of(app, "#receipt-question")
        await pilot.press("enter")  # "finish": no receipt
        await settle(pilot)
        assert on_screen(app) == "WelcomeScreen"
    assert standin_printer.wait_for_jobs(1, timeout=0.3) == []
    assert queued_jobs(tmp_path) == [] and recorded(app) == [A_GUEST]


@pilot_test
async def test_never_does_not_ask_and_always_prints_without_asking(tmp_path, standin_printer):
    for policy, expected in [("never", 0), ("always", 1)]:
        app = kiosk(tmp_path / policy, standin_printer.settings(timeout=TIMEOUT), policy)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*TO_THANKS)
            await settle(pilot)
            assert on_screen(app) == "ThanksScreen"
            assert not app.screen.query("#receipt") and not app.screen.query("#receipt-question")
        assert len(standin_printer.wait_for_jobs(expected, timeout=0.5)) == expected, policy
    assert_is_the_receipt(standin_printer.jobs[0])


def retrying() -> bool:
    return any(thread.name == "print-queue retry" for thread in threading.enumerate())


def test_the_print_service_is_made_once_whichever_thread_asks_first(tmp_path, standin_printer):
    # The kiosk makes it in a thread of its own as it prepares for guests; a receipt may ask
    # for it from another, and the volunteers' screens from the app's.
    to_be = PrinterToBe(kiosk_config(standin_printer.settings(timeout=TIMEOUT)), tmp_path)
    made, go = [], threading.Barrier(6)

    def ask() -> None:
        go.wait()
        made.append(to_be.make())

    askers = [threading.Thread(target=ask) for _ in range(6)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert len(made) == 6 and len({id(service) for service in made}) == 1


def test_a_kiosk_closed_while_its_print_service_is_being_made_leaves_no_retry_behind(
        tmp_path, standin_printer):
    to_be = PrinterToBe(kiosk_config(standin_printer.settings(timeout=TIMEOUT)), tmp_path)
    to_be.stop()  # the app closed first...
    to_be.start()  # ...and the thread making the service for it gets there after
    assert not retrying()
    started = PrinterToBe(kiosk_config(standin_printer.settings(timeout=TIMEOUT)), tmp_path)
    started.start()
    assert retrying()
    started.stop()
    assert not retrying()
