"""The print service: jobs the printer could not take wait on disk and print once it is back."""

import json
import threading
import time
from dataclasses import replace

import pytest
from escpos.printer import Dummy

from printer.layout import print_receipt, print_z_report
from printer.receipt import Receipt, ZReport
from printer.service import NoPrinter, PrintService, make_print_service
from printer.settings import PrinterSettings

# The stand-in printer fixture, `standin_printer`, comes from tests/printer_standin.py.
pytest_plugins = ["printer_standin"]

TIMEOUT = 1.0

RECEIPT = Receipt(
    cantine_name="Petite Cantine Belleville",
    cantine_address="12 rue des Envierges, 75020 Paris",
    issued_at="21/11/2026 12:34",
    number="2026-11-21-0042",
    role="both",
    role_text="Je cuisine et je mange",
    covers=1,
    amount=1300,
    amount_text="13,00 €",
    method="card",
    method_text="Carte",
    thanks="Merci et à bientôt !",
    payment_link="https://pay.example.org/cantine?amount=13.00",
)


def paper_for(receipt: Receipt, settings: PrinterSettings) -> bytes:
    printer = Dummy(profile=settings.profile)
    print_receipt(printer, receipt, settings)
    return printer.output


def timed(call):
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


@pytest.mark.parametrize("failure", ["refusing", "silent", "hangs_up", "out_of_paper"])
def test_a_receipt_the_printer_cannot_take_waits_on_disk_and_prints_once_it_is_back(
    standin_printer, tmp_path, failure
):
    settings = standin_printer.settings(timeout=TIMEOUT)
    service = PrintService(settings, tmp_path / "print-queue")
    standin_printer.become(failure)

    outcome, took = timed(lambda: service.print_receipt(RECEIPT))

    assert took < TIMEOUT + 1
    assert outcome.status == "queued" and not outcome.printed
    assert outcome.error.startswith(f"the printer at 127.0.0.1:{standin_printer.port} ")
    [job_file] = (tmp_path / "print-queue").glob("*.json")
    assert json.loads(job_file.read_text(encoding="utf-8"))["receipt"]["amount_text"] == "13,00 €"
    state = service.state()
    assert (state.status, state.queued, state.last_error) == ("failing", 1, outcome.error)

    standin_printer.become("healthy")
    assert service.retry_queue() == 1
    assert standin_printer.wait_for_jobs(1)[-1] == paper_for(RECEIPT, settings)
    assert list((tmp_path / "print-queue").glob("*.json")) == []
    assert service.state().status == "ok" and service.state().queued == 0


def test_state_is_unknown_until_a_job_goes_through(standin_printer, tmp_path):
    service = PrintService(standin_printer.settings(timeout=TIMEOUT), tmp_path)
    assert service.state().status == "unknown"
    assert service.retry_queue() == 0
    assert service.state().status == "unknown"  # an empty queue proves nothing
    assert service.print_receipt(RECEIPT).printed
    assert service.state().status == "ok"
    assert standin_printer.wait_for_jobs(1) == [paper_for(RECEIPT, service.settings)]


def test_waiting_jobs_survive_a_restart_and_print_first(standin_printer, tmp_path):
    settings = standin_printer.settings(timeout=TIMEOUT)
    standin_printer.become("refusing")
    first, second = RECEIPT, replace(RECEIPT, number="2026-11-21-0043", amount_text="5,00 €")
    PrintService(settings, tmp_path).print_receipt(first)

    standin_printer.become("healthy")
    restarted = PrintService(settings, tmp_path)
    assert restarted.state().queued == 1
    assert restarted.print_receipt(second).printed

    assert standin_printer.wait_for_jobs(2) == [
        paper_for(first, settings),
        paper_for(second, settings),
    ]
    assert restarted.state().queued == 0


def test_a_dead_printer_costs_one_timeout_per_receipt_not_one_per_waiting_job(
    standin_printer, tmp_path
):
    standin_printer.become("silent")
    service = PrintService(standin_printer.settings(timeout=TIMEOUT), tmp_path)
    for number in ("1", "2", "3"):
        receipt = replace(RECEIPT, number=number)
        outcome, took = timed(lambda receipt=receipt: service.print_receipt(receipt))
        assert outcome.status == "queued"
        assert took < TIMEOUT + 1
    assert service.state().queued == 3


def test_a_queued_job_prints_with_the_profile_of_today(standin_printer, tmp_path):
    """Jobs are kept as values, not bytes: a printer changed to a Star profile gets ESC t 4."""
    standin_printer.become("refusing")
    PrintService(standin_printer.settings(timeout=TIMEOUT), tmp_path).print_receipt(RECEIPT)
    job = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert job["kind"] == "receipt" and set(job["receipt"]) == set(RECEIPT.__dataclass_fields__)

    standin_printer.become("healthy")
    star = standin_printer.settings(timeout=TIMEOUT, profile="TSP600")
    assert PrintService(star, tmp_path).retry_queue() == 1
    [printed] = standin_printer.wait_for_jobs(1)
    assert printed == paper_for(RECEIPT, star)
    assert printed.startswith(b"\x1b@\x1bt\x04")


def test_a_z_report_is_queued_and_printed_like_a_receipt(standin_printer, tmp_path):
    settings = standin_printer.settings(timeout=TIMEOUT)
    report = ZReport("Clôture Z n° 12", (("Espèces", "120,00 €"),), ("Écart : aucun",))
    standin_printer.become("hangs_up")
    service = PrintService(settings, tmp_path)
    assert service.print_z_report(report).status == "queued"
    standin_printer.become("healthy")
    assert service.retry_queue() == 1
    expected = Dummy(profile=settings.profile)
    print_z_report(expected, report, settings)
    assert standin_printer.wait_for_jobs(1) == [expected.output]


def test_a_test_slip_is_never_queued(standin_printer, tmp_path):
    standin_printer.become("refusing")
    service = PrintService(standin_printer.settings(timeout=TIMEOUT), tmp_path)
    outcome = service.print_test_slip()
    assert outcome.status == "not printed" and "refuses the connection" in outcome.error
    assert service.state().queued == 0 and service.state().status == "failing"
    standin_printer.become("healthy")
    assert service.print_test_slip().printed
    assert b"Test d'impression" in standin_printer.wait_for_jobs(1)[0]


def test_receipts_from_many_threads_each_print_once_and_whole(standin_printer, tmp_path):
    settings = standin_printer.settings(timeout=TIMEOUT)
    service = PrintService(settings, tmp_path)
    receipts = [replace(RECEIPT, number=f"2026-11-21-{n:04d}") for n in range(6)]
    threads = [threading.Thread(target=service.print_receipt, args=(r,)) for r in receipts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    printed = standin_printer.wait_for_jobs(6)
    assert sorted(printed) == sorted(paper_for(r, settings) for r in receipts)


def test_two_services_sharing_a_queue_print_each_waiting_job_once(standin_printer, tmp_path):
    """Two kiosk processes on one folder: the lock file keeps them from printing a job twice."""
    settings = standin_printer.settings(timeout=TIMEOUT)
    standin_printer.become("refusing")
    first = PrintService(settings, tmp_path)
    for number in range(4):
        first.print_receipt(replace(RECEIPT, number=str(number)))
    standin_printer.become("healthy")
    second = PrintService(settings, tmp_path)
    counts = []
    threads = [
        threading.Thread(target=lambda s=s: counts.append(s.retry_queue())) for s in (first, second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == [0, 4]
    assert len(standin_printer.wait_for_jobs(4)) == 4
    time.sleep(0.2)
    assert len(standin_printer.jobs) == 4


def test_an_unreadable_job_is_set_aside_and_kept(standin_printer, tmp_path):
    (tmp_path / "00000000000000000001-deadbeef.json").write_text("{not json", encoding="utf-8")
    service = PrintService(standin_printer.settings(timeout=TIMEOUT), tmp_path)
    assert service.print_receipt(RECEIPT).printed
    assert (tmp_path / "00000000000000000001-deadbeef.unreadable").read_text() == "{not json"
    assert service.state().queued == 0


def test_no_printer_prints_nothing_and_queues_nothing(tmp_path):
    service = make_print_service(PrinterSettings(connection="none"), tmp_path / "print-queue")
    assert isinstance(service, NoPrinter)
    assert service.print_receipt(RECEIPT).status == "no printer"
    assert service.print_z_report(["Z"]).status == "no printer"
    assert service.retry_queue() == 0
    assert service.state().status == "unknown" and service.state().queued == 0
    assert not (tmp_path / "print-queue").exists()


def test_the_factory_gives_a_print_service_for_a_real_connection(standin_printer, tmp_path):
    service = make_print_service(standin_printer.settings(), tmp_path)
    assert isinstance(service, PrintService)
    assert service.state().printer == f"the printer at 127.0.0.1:{standin_printer.port}"


def test_a_usb_printer_that_is_not_there_keeps_the_receipt_for_later(tmp_path):
    settings = PrinterSettings(connection="usb", vendor_id=0xFFFF, product_id=0xFFFE, timeout=1)
    service = PrintService(settings, tmp_path)
    outcome, took = timed(lambda: service.print_receipt(RECEIPT))
    assert took < settings.timeout + 1
    assert outcome.status == "queued" and outcome.error.startswith("the USB printer ffff:fffe ")
    assert service.state().status == "failing" and service.state().queued == 1


def test_a_missing_printer_file_keeps_the_receipt_until_the_printer_is_plugged_in(tmp_path):
    device = tmp_path / "lp0"
    settings = PrinterSettings(connection="file", path=str(device), timeout=1)
    service = PrintService(settings, tmp_path / "print-queue")
    outcome, took = timed(lambda: service.print_receipt(RECEIPT))
    assert took < settings.timeout + 1
    assert outcome.status == "queued" and "does not exist" in outcome.error
    assert service.state().status == "failing" and service.state().queued == 1

    device.touch()  # the printer is plugged in: its device node appears
    assert service.retry_queue() == 1
    assert device.read_bytes() == paper_for(RECEIPT, settings)
    assert service.state().status == "ok"
