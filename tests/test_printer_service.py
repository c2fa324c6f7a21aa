"""The print service: every job saved before it is tried, removed once printed, printed when the
printer comes back, never poisoned by a job it cannot read, never printed to a stranger."""

import json
import logging
import threading
import time
from dataclasses import replace

import pytest

from printer.layout import job_bytes, print_receipt, print_z_report
from printer.print_queue import receipt_job
from printer.receipt import Receipt, ZReport
from printer.service import NoPrinter, PrintService, make_print_service
from printer.settings import PrinterSettings

# The stand-in printer fixtures come from tests/printer_standin.py.
pytest_plugins = ["printer_standin"]

TIMEOUT = 1.0
SLACK = 1.0
FAST_RETRY = (0.05, 0.2)

RECEIPT = Receipt(
    cantine_name="Petite Cantine Belleville",
    cantine_address="12 rue des Envierges, 75020 Paris",
    issued_at="21/11/2026 12:34",
    number="42",
    role="both",
    role_text="Cuisine et repas",
    covers=1,
    amount=1300,
    amount_text="13,00 €",
    method="card",
    method_text="Payé par carte",
    thanks="Merci pour votre contribution !",
    notice="Ce reçu ne constitue pas un reçu fiscal.",
)
Z = ZReport("Petite Cantine - Z 12", (("Espèces", "120,00 €"),), ("Écart : aucun",))


def paper_for(receipt: Receipt, settings: PrinterSettings) -> bytes:
    return job_bytes(print_receipt, settings, receipt)


def numbered(number: int) -> Receipt:
    return replace(RECEIPT, number=str(number))


def waiting(folder) -> list[dict]:
    jobs = []
    for path in sorted(folder.glob("*.json")):
        try:
            jobs.append(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            continue  # printed and taken off the queue between the listing and the reading
    return jobs


def timed(call):
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


def eventually(condition, timeout: float = 10.0) -> bool:
    """Whether `condition()` comes true within `timeout` seconds (a background thread's work)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


class Clock:
    """A wall clock the test moves by hand (seconds since the epoch)."""

    def __init__(self, now: float = 1_795_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def service_for(tmp_path):
    """Print services on `tmp_path/print-queue`, their background retries stopped afterwards."""
    made = []

    def make(settings: PrinterSettings, **options) -> PrintService:
        service = PrintService(settings, tmp_path / "print-queue", **options)
        made.append(service)
        return service

    yield make
    for service in made:
        service.stop()


def test_a_receipt_is_on_disk_before_the_printer_is_tried(standin_printer, service_for,
                                                           tmp_path):
    """A slow printer (960 bytes a second) gives time to look: the job is saved while it prints,
    and gone once the printer confirmed it."""
    standin_printer.become("slow_reader", rate=480)
    service = service_for(standin_printer.settings(timeout=TIMEOUT))
    asked = threading.Thread(target=service.print_receipt, args=(RECEIPT,))
    asked.start()
    deadline = time.monotonic() + 2
    while standin_printer.paper == b"" and time.monotonic() < deadline:
        time.sleep(0.01)
    [job] = waiting(tmp_path / "print-queue")  # printing has begun: the job is on disk
    assert job["receipt"]["number"] == "42"
    asked.join()
    assert waiting(tmp_path / "print-queue") == []
    assert standin_printer.wait_for_paper(1) == [paper_for(RECEIPT, service.settings)]


@pytest.mark.parametrize("failure", ["refusing", "silent", "dies_after", "paper_out_offline"])
def test_a_receipt_the_printer_cannot_take_waits_and_prints_once_it_is_back(
        standin_printer, service_for, tmp_path, failure):
    settings = standin_printer.settings(timeout=TIMEOUT)
    service = service_for(settings, retry_every=FAST_RETRY)
    service.start()
    standin_printer.become(failure)

    outcome, took = timed(lambda: service.print_receipt(RECEIPT))

    assert took < TIMEOUT + SLACK
    assert outcome.status == "queued" and not outcome.printed
    assert outcome.error.startswith(f"the printer at 127.0.0.1:{standin_printer.port} ")
    [job] = waiting(tmp_path / "print-queue")
    assert job["receipt"]["amount_text"] == "13,00 €"
    state = service.state()
    assert (state.status, state.queued, state.last_error) == ("failing", 1, outcome.error)
    assert state.error_code == outcome.code != ""

    standin_printer.become("healthy")  # nobody at the door: the background retry prints it
    whole = paper_for(RECEIPT, settings)
    standin_printer.wait_for_paper(1, timeout=TIMEOUT + 3)
    assert eventually(lambda: waiting(tmp_path / "print-queue") == [])
    time.sleep(0.3)
    # Once, whole, after what a printer that died mid-job had printed of it.
    assert standin_printer.paper.endswith(whole) and standin_printer.paper.count(whole) == 1
    assert service.state().status == "ok" and service.state().queued == 0


def test_state_is_unknown_until_a_job_goes_through(standin_printer, service_for):
    service = service_for(standin_printer.settings(timeout=TIMEOUT))
    assert service.state().status == "unknown"
    assert service.retry_queue() == 0
    assert service.state().status == "unknown"  # an empty queue proves nothing
    assert service.print_receipt(RECEIPT).printed
    assert service.state().status == "ok"
    assert standin_printer.wait_for_paper(1) == [paper_for(RECEIPT, service.settings)]


def test_waiting_jobs_survive_a_restart_and_print_first(standin_printer, service_for):
    settings = standin_printer.settings(timeout=TIMEOUT)
    standin_printer.become("refusing")
    first, second = numbered(1), numbered(2)
    service_for(settings).print_receipt(first)

    standin_printer.become("healthy")
    restarted = service_for(settings)
    assert restarted.state().queued == 1
    assert restarted.print_receipt(second).printed
    assert standin_printer.wait_for_paper(2) == [paper_for(first, settings),
                                                 paper_for(second, settings)]
    assert restarted.state().queued == 0


def test_a_dead_printer_costs_one_timeout_per_receipt_not_one_per_waiting_job(
        standin_printer, service_for):
    standin_printer.become("silent")
    service = service_for(standin_printer.settings(timeout=TIMEOUT))
    for number in (1, 2, 3):
        outcome, took = timed(lambda number=number: service.print_receipt(numbered(number)))
        assert outcome.status == "queued"
        assert took < TIMEOUT + SLACK
    assert service.state().queued == 3


def test_receipts_on_a_slow_serial_link_each_print_once_in_order(service_for):
    """4800 baud: each receipt needs longer on the wire than the timeout. Before, the kiosk took
    the late answer for a failure and sent the first receipt again and again."""
    from printer_standin import SerialStandin

    line = SerialStandin(4800)
    try:
        settings = line.settings(timeout=0.5)
        service = service_for(settings)
        assert len(paper_for(RECEIPT, settings)) / 480 > 2 * settings.timeout
        outcomes = [service.print_receipt(numbered(n)) for n in (1, 2, 3)]
        assert [outcome.status for outcome in outcomes] == ["printed"] * 3
        assert line.wait_for_paper(3) == [paper_for(numbered(n), settings) for n in (1, 2, 3)]
    finally:
        line.stop()


def test_a_job_of_another_version_or_a_flipped_bit_is_set_aside_not_in_the_way(
        standin_printer, service_for, tmp_path, caplog):
    """Jobs that cannot be laid out go to damaged/ with one log line each; the valid jobs around
    them, the old version's included, print in order; a newer receipt is never lost."""
    queue = tmp_path / "print-queue"
    queue.mkdir()
    old_version = {"format": 1, "kind": "receipt", "receipt": {
        **receipt_job(numbered(1), 0)["receipt"], "method_text": "Carte",
        "payment_link": "https://pay.example.org/?amount=13.00"}}
    del old_version["receipt"]["notice"]
    missing_field = receipt_job(numbered(2), 0)
    del missing_field["receipt"]["amount_text"]
    wrong_type = receipt_job(numbered(3), 0)
    wrong_type["receipt"]["amount_text"] = 1300
    # Named by the time they were asked for (a second ago), as every version names its jobs.
    now = time.time_ns() - 10**9
    bad = {
        f"{now + 2:020d}-missing.json": json.dumps(missing_field),
        f"{now + 3:020d}-wrongtype.json": json.dumps(wrong_type),
        f"{now + 4:020d}-kind.json": json.dumps({"format": 9, "kind": "poster"}),
        f"{now + 5:020d}-notjson.json": "{not json",
        f"{now + 6:020d}-list.json": "[1, 2]",
        f"{now + 7:020d}-empty.json": "",
        f"{now + 8:020d}-binary.json": "\udcff\x00garbage",
    }
    (queue / f"{now + 1:020d}-oldversion.json").write_text(json.dumps(old_version),
                                                          encoding="utf-8")
    for name, text in bad.items():
        (queue / name).write_bytes(text.encode("utf-8", "surrogateescape"))
    settings = standin_printer.settings(timeout=TIMEOUT)
    service = service_for(settings)

    with caplog.at_level(logging.ERROR, logger="printer"):
        assert service.print_receipt(numbered(9)).printed

    old = replace(numbered(1), method_text="Carte", notice="")
    assert standin_printer.wait_for_paper(2) == [paper_for(old, settings),
                                                 paper_for(numbered(9), settings)]
    assert sorted(p.name for p in (queue / "damaged").iterdir()) == sorted(bad)
    assert len([r for r in caplog.records if r.levelno == logging.ERROR]) == len(bad)
    assert service.state().damaged == len(bad) and service.state().queued == 0
    assert service.print_receipt(numbered(10)).printed  # and it goes on printing


def test_a_guest_receipt_that_waited_too_long_is_not_printed_to_someone_else(
        standin_printer, service_for):
    clock = Clock()
    settings = standin_printer.settings(timeout=TIMEOUT, receipt_expiry=10)
    service = service_for(settings, clock=clock, retry_every=FAST_RETRY)
    standin_printer.become("refusing")
    assert service.print_receipt(numbered(1)).status == "queued"
    assert service.print_z_report(Z).status == "queued"

    clock.now += 11 * 60  # the printer is back eleven minutes later, nobody at the door
    standin_printer.become("healthy")
    service.start()
    z_paper = job_bytes(print_z_report, settings, Z)
    assert standin_printer.wait_for_paper(1, timeout=3) == [z_paper]  # a Z report never expires
    assert eventually(lambda: service.state().queued == 0)
    [unprinted] = service.state().unprinted
    assert (unprinted.number, unprinted.amount_text) == ("1", "13,00 €")
    assert service.state().queued == 0

    # A volunteer prints it when the guest comes back for it.
    outcome = service.print_unprinted(unprinted.name)
    assert outcome.printed
    assert standin_printer.wait_for_paper(2) == [z_paper, paper_for(numbered(1), settings)]
    assert service.state().unprinted == ()
    assert service.print_unprinted(unprinted.name).status == "not printed"  # not twice


def test_a_clock_set_back_does_not_make_an_old_receipt_fresh(standin_printer, service_for):
    clock = Clock()
    settings = standin_printer.settings(timeout=TIMEOUT)
    service = service_for(settings, clock=clock)
    standin_printer.become("refusing")
    service.print_receipt(numbered(1))
    clock.now -= 365 * 24 * 3600  # a Pi that lost its time at a restart
    standin_printer.become("healthy")
    assert service.retry_queue() == 0
    assert [r.number for r in service.state().unprinted] == ["1"]
    assert standin_printer.paper == b""


def test_reprint_gives_a_duplicate_of_the_last_receipt_a_guest_asked_for(
        standin_printer, service_for):
    settings = standin_printer.settings(timeout=TIMEOUT)
    service = service_for(settings)
    assert service.reprint_last() is None  # nobody asked for one yet
    service.print_receipt(numbered(7))
    service.print_z_report(Z)  # printed after it, and not a guest's receipt
    restarted = service_for(settings)  # the kiosk was restarted since
    assert restarted.last_receipt().number == "7"
    # Kept without the moment it was asked for, in its bytes or its file's time.
    [kept] = service.queue.folder.glob("reprint/*.json")
    assert "queued_at" not in kept.read_text() and kept.stat().st_mtime == 0
    assert restarted.reprint_last().printed
    assert standin_printer.wait_for_paper(3)[-1] == paper_for(
        replace(numbered(7), duplicate=True), settings)


def test_a_test_slip_is_never_queued(standin_printer, service_for):
    standin_printer.become("refusing")
    service = service_for(standin_printer.settings(timeout=TIMEOUT))
    outcome = service.print_test_slip()
    assert outcome.status == "not printed" and "refuses the connection" in outcome.error
    assert service.state().queued == 0 and service.state().status == "failing"
    standin_printer.become("healthy")
    assert service.print_test_slip().printed
    assert b"Test d'impression" in standin_printer.wait_for_paper(1)[0]


def test_receipts_from_many_threads_each_print_once_and_whole(standin_printer, service_for):
    settings = standin_printer.settings(timeout=TIMEOUT)
    service = service_for(settings, retry_every=FAST_RETRY)
    service.start()
    receipts = [numbered(n) for n in range(6)]
    threads = [threading.Thread(target=service.print_receipt, args=(r,)) for r in receipts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    printed = standin_printer.wait_for_paper(6)
    time.sleep(0.3)
    assert sorted(standin_printer.receipts()) == sorted(paper_for(r, settings) for r in receipts)
    assert len(printed) == 6


def test_two_services_sharing_a_queue_print_each_waiting_job_once(standin_printer, service_for):
    """Two kiosk processes on one folder: the lock file keeps them from printing a job twice."""
    settings = standin_printer.settings(timeout=TIMEOUT)
    standin_printer.become("refusing")
    first = service_for(settings)
    for number in range(4):
        first.print_receipt(numbered(number))
    standin_printer.become("healthy")
    second = service_for(settings)
    counts = []
    threads = [threading.Thread(target=lambda s=s: counts.append(s.retry_queue()))
               for s in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == [0, 4]
    assert len(standin_printer.wait_for_paper(4)) == 4
    time.sleep(0.2)
    assert len(standin_printer.receipts()) == 4


def test_the_background_retry_stops_with_the_service(standin_printer, service_for):
    service = service_for(standin_printer.settings(timeout=TIMEOUT), retry_every=FAST_RETRY)
    service.start()
    assert any(t.name == "print-queue retry" for t in threading.enumerate())
    _, took = timed(service.stop)
    assert took < SLACK
    assert not any(t.name == "print-queue retry" for t in threading.enumerate())


def test_no_printer_prints_nothing_and_queues_nothing(tmp_path):
    service = make_print_service(PrinterSettings(connection="none"), tmp_path / "print-queue")
    assert isinstance(service, NoPrinter)
    assert service.print_receipt(RECEIPT).status == "no printer"
    assert service.print_z_report(["Z"]).status == "no printer"
    assert service.retry_queue() == 0 and service.reprint_last() is None
    assert service.state().status == "unknown" and service.state().queued == 0
    assert not (tmp_path / "print-queue").exists()


def test_a_missing_printer_file_keeps_the_receipt_until_the_printer_is_plugged_in(
        tmp_path, service_for):
    device = tmp_path / "lp0"
    settings = PrinterSettings(connection="file", path=str(device), timeout=1)
    service = service_for(settings)
    outcome, took = timed(lambda: service.print_receipt(RECEIPT))
    assert took < settings.timeout + SLACK
    assert outcome.status == "queued" and "does not exist" in outcome.error
    assert service.state().status == "failing" and service.state().queued == 1

    device.touch()  # the printer is plugged in: its device node appears
    assert service.retry_queue() == 1
    assert device.read_bytes() == paper_for(RECEIPT, settings)
    assert service.state().status == "ok"


def test_a_full_disk_still_prints_the_receipt_and_says_when_it_cannot(
        standin_printer, service_for, monkeypatch, tmp_path):
    """The card is full: the job cannot be saved (fsync fails, as the disk does), so it is tried
    once as it is; nothing half-written is left in the queue."""
    import errno
    import os

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    settings = standin_printer.settings(timeout=TIMEOUT)
    service = service_for(settings)
    monkeypatch.setattr("printer.print_queue.os.fsync", full)
    assert service.print_receipt(RECEIPT).printed
    assert standin_printer.wait_for_paper(1) == [paper_for(RECEIPT, settings)]
    standin_printer.become("refusing")
    outcome = service.print_receipt(numbered(2))
    assert outcome.status == "not printed" and outcome.code == "refused"
    assert waiting(tmp_path / "print-queue") == []
    assert not [name for name in os.listdir(tmp_path / "print-queue") if name.endswith(".tmp")]
