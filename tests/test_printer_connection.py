"""Delivering a job: real sockets and a real pseudo-terminal to the stand-in printer, real missing
devices and files. Each mode of the stand-in: what reached the paper, what the kiosk was told,
whether the job may be on paper, and how long it took."""

import os
import time

import pytest

from printer.connection import PrinterUnavailable, check_ready, deliver
from printer.layout import job_bytes, print_test_slip
from printer.settings import PrinterSettings

# The stand-in printer fixtures come from tests/printer_standin.py.
pytest_plugins = ["printer_standin"]

TIMEOUT = 1.0
# Room for a loaded two-core machine on top of what a wait should cost.
SLACK = 1.0


def slip(settings: PrinterSettings) -> bytes:
    return job_bytes(print_test_slip, settings)


def timed(call):
    start = time.monotonic()
    try:
        return call(), time.monotonic() - start
    except PrinterUnavailable as problem:
        return problem, time.monotonic() - start


def refusal(settings: PrinterSettings, job: bytes | None = None) -> tuple[PrinterUnavailable,
                                                                          float]:
    """The PrinterUnavailable raised by delivering `job` (the test slip), and how long it took."""
    problem, took = timed(lambda: deliver(settings, slip(settings) if job is None else job))
    assert isinstance(problem, PrinterUnavailable), problem
    return problem, took


def test_a_healthy_network_printer_gets_exactly_the_job_and_confirms_it(standin_printer):
    settings = standin_printer.settings(timeout=TIMEOUT)
    delivery = deliver(settings, slip(settings))
    assert delivery.confirmed and not delivery.paper_low
    [job] = standin_printer.wait_for_jobs(1)
    assert job == slip(settings)
    assert b"\xd5" in job and b"\x82" in job  # € and é in CP858
    assert job.endswith(b"\x1dV\x00")  # GS V 0: the cut


@pytest.mark.parametrize(("mode", "code"), [
    ("refusing", "refused"), ("paper_out", "paper_out"), ("paper_out_offline", "paper_out"),
    ("cover_open", "cover_open"), ("jammed", "error"),
])
def test_a_printer_that_cannot_print_is_told_at_once_and_gets_nothing(standin_printer, mode,
                                                                      code):
    standin_printer.become(mode)
    problem, took = refusal(standin_printer.settings(timeout=3))
    assert took < SLACK
    assert (problem.code, problem.sent) == (code, False)
    assert str(problem).startswith(f"the printer at 127.0.0.1:{standin_printer.port} ")
    assert standin_printer.paper == b""


@pytest.mark.parametrize(("mode", "code"), [
    ("silent", "no_status"), ("black_hole", "no_answer"), ("no_status", "no_status"),
])
def test_a_printer_that_says_nothing_is_given_up_after_the_timeout(standin_printer, mode, code):
    standin_printer.become(mode)
    problem, took = refusal(standin_printer.settings(timeout=TIMEOUT))
    assert TIMEOUT * 0.9 <= took < TIMEOUT + SLACK
    assert (problem.code, problem.sent) == (code, False)
    assert standin_printer.paper == b""


def test_a_printer_that_never_answers_status_prints_when_it_is_not_asked(standin_printer):
    standin_printer.become("no_status")
    settings = standin_printer.settings(timeout=TIMEOUT, ask_status=False)
    delivery, took = timed(lambda: deliver(settings, slip(settings)))
    assert not delivery.confirmed and took < SLACK
    assert standin_printer.wait_for_paper(1) == [slip(settings)]


def test_a_printer_that_dies_mid_job_leaves_what_it_printed_and_says_so(standin_printer):
    standin_printer.become("dies_after", after=100)
    settings = standin_printer.settings(timeout=TIMEOUT)
    problem, took = refusal(settings)
    assert (problem.code, problem.sent) == ("hung_up", True)
    assert str(problem).endswith("closed the connection in the middle of the job")
    assert standin_printer.paper == slip(settings)[:100]


def test_a_printer_that_dies_before_its_last_answer_printed_the_job_but_could_not_say(
        standin_printer):
    standin_printer.become("dies_before_answer")
    settings = standin_printer.settings(timeout=TIMEOUT)
    problem, _ = refusal(settings)
    assert (problem.code, problem.sent) == ("hung_up", True)
    assert standin_printer.wait_for_paper(1) == [slip(settings)]


def test_paper_that_runs_out_mid_job_is_not_counted_as_printed(standin_printer):
    standin_printer.become("runs_out_after", after=150)
    settings = standin_printer.settings(timeout=TIMEOUT)
    problem, took = refusal(settings)
    assert (problem.code, problem.sent) == ("paper_out_mid_job", True)
    assert took < SLACK
    assert standin_printer.paper == slip(settings)[:150]


def test_a_roll_near_its_end_still_prints_and_says_so(standin_printer):
    standin_printer.become("near_end")
    settings = standin_printer.settings(timeout=TIMEOUT)
    delivery = deliver(settings, slip(settings))
    assert delivery.confirmed and delivery.paper_low
    assert standin_printer.wait_for_paper(1) == [slip(settings)]


def test_slow_answers_within_the_timeout_are_waited_for(standin_printer):
    standin_printer.become("slow_answers", delay=TIMEOUT * 0.6)
    settings = standin_printer.settings(timeout=TIMEOUT)
    delivery, took = timed(lambda: deliver(settings, slip(settings)))
    assert delivery.confirmed
    assert took >= 4 * TIMEOUT * 0.6  # two questions before the job, two after
    assert standin_printer.wait_for_paper(1) == [slip(settings)]


def test_a_job_longer_on_the_wire_than_the_timeout_is_confirmed_not_failed(standin_printer):
    """960 bytes a second (9600 baud behind a network adapter) and a picture of a QR code: the
    bytes need several times the timeout to arrive, then the printer answers."""
    standin_printer.become("slow_reader", rate=960)
    settings = standin_printer.settings(timeout=TIMEOUT, qr="image")
    job = slip(settings)
    on_the_wire = len(job) / 960
    assert on_the_wire > 3 * TIMEOUT
    delivery, took = timed(lambda: deliver(settings, job))
    assert delivery.confirmed, delivery
    assert on_the_wire <= took < on_the_wire + TIMEOUT + SLACK
    assert standin_printer.wait_for_paper(1) == [job]


def test_a_healthy_serial_printer_at_9600_baud_answers_within_the_bytes_time(serial_standin):
    """python-escpos read 16 bytes per answer and waited its whole timeout for them, on every
    question: 3 s x 4. Here each answer is one byte, read as it arrives."""
    settings = serial_standin.settings(timeout=3.0)
    job = slip(settings)
    on_the_wire = len(job) / 960
    delivery, took = timed(lambda: deliver(settings, job))
    assert delivery.confirmed
    assert on_the_wire <= took < on_the_wire + SLACK
    assert serial_standin.wait_for_paper(1) == [job]


def test_a_long_serial_job_is_waited_for_and_printed_once(serial_standin):
    settings = serial_standin.settings(timeout=TIMEOUT, qr="image")
    job = slip(settings)
    assert len(job) / 960 > 3 * TIMEOUT
    delivery = deliver(settings, job)
    assert delivery.confirmed
    assert serial_standin.wait_for_paper(1) == [job]


@pytest.mark.parametrize(("mode", "code", "sent"), [
    ("paper_out_offline", "paper_out", False), ("cover_open", "cover_open", False),
    ("silent", "no_status", False), ("dies_before_answer", "unconfirmed", True),
])
def test_a_serial_printer_that_cannot_print_is_named(serial_standin, mode, code, sent):
    serial_standin.become(mode)
    problem, took = refusal(serial_standin.settings(timeout=TIMEOUT))
    assert (problem.code, problem.sent) == (code, sent)
    assert str(problem).startswith(f"the serial printer on {serial_standin.path} ")
    assert took < len(slip(serial_standin.settings())) / 960 + TIMEOUT + SLACK


def test_a_late_answer_left_on_the_serial_line_is_not_taken_for_the_next_one(serial_standin):
    """A printer that answered an earlier question after the kiosk gave up: its answer (here
    "paper out") waits on the line; the next job must ask afresh."""
    settings = serial_standin.settings(timeout=TIMEOUT)
    os.write(serial_standin._master, bytes([0x72]))  # DLE EOT 4's "paper end", too late
    time.sleep(0.05)
    assert deliver(settings, slip(settings)).confirmed
    assert serial_standin.wait_for_paper(1) == [slip(settings)]


def test_a_device_file_that_is_a_printer_is_asked_for_its_status(serial_standin):
    """/dev/usb/lp0 answers DLE EOT like any link: a pseudo-terminal is a device file too."""
    settings = serial_standin.file_settings(timeout=TIMEOUT)
    assert deliver(settings, slip(settings)).confirmed
    assert serial_standin.wait_for_paper(1) == [slip(settings)]
    serial_standin.become("paper_out")
    problem, took = refusal(settings)
    assert problem.code == "paper_out" and took < SLACK
    assert check_ready(serial_standin.file_settings(ask_status=False)).confirmed is False


def test_a_usb_answer_is_read_as_soon_as_its_packet_comes(monkeypatch):
    """No USB printer here: pyusb's device is stood in for, at the lowest level (a transport)."""
    from printer import links

    class Device:
        default_timeout = 0

        def __init__(self):
            self.written, self.reads = [], []

        def write(self, endpoint, data, timeout):
            self.written.append(bytes(data))

        def read(self, endpoint, size, timeout):
            self.reads.append((size, timeout))
            time.sleep(0.02)  # the printer's answer comes at once
            return bytes([0x12])

    device = Device()

    class Printer:
        in_ep, out_ep = 0x82, 0x01

        def open(self):
            self.device = device

        def close(self):
            pass

    monkeypatch.setattr(links, "new_printer", lambda settings: Printer())
    monkeypatch.setattr("printer.connection.new_printer", lambda settings: Printer())
    settings = PrinterSettings(connection="usb", vendor_id=0x04B8, product_id=0x0202, timeout=3)
    delivery, took = timed(lambda: deliver(settings, b"hello\n"))
    assert delivery.confirmed and took < SLACK
    assert b"hello\n" in device.written
    # Every read asked for a whole packet, with a deadline in milliseconds, never "for ever" (0).
    assert all(size >= 64 and 0 < timeout <= 3100 for size, timeout in device.reads)


def test_a_usb_printer_that_is_not_there_is_reported_not_hung_on():
    settings = PrinterSettings(connection="usb", vendor_id=0xFFFF, product_id=0xFFFE, timeout=1)
    problem, took = refusal(settings, b"x")
    assert took < settings.timeout + SLACK
    # "not plugged in" with libusb installed, "needs libusb" on a machine without it.
    assert str(problem).startswith("the USB printer ffff:fffe ")


def test_usb_without_pyusb_is_a_sentence_not_a_crash(monkeypatch):
    # Only the library's presence is faked: the printer is absent either way.
    monkeypatch.setattr("escpos.printer.usb._DEP_USB", False)
    settings = PrinterSettings(connection="usb", vendor_id=0x04B8, product_id=0x0202)
    assert str(refusal(settings, b"x")[0]) == (
        "a USB printer needs the pyusb library: pip install pyusb")


def test_a_missing_printer_file_is_not_created(tmp_path):
    path = tmp_path / "lp0"
    settings = PrinterSettings(connection="file", path=str(path), timeout=1)
    assert str(refusal(settings)[0]) == (
        f"the printer at {path} does not exist: is the printer plugged in and switched on?")
    assert not path.exists()


def test_a_plain_file_receives_the_job_and_cannot_confirm_it(tmp_path):
    path = tmp_path / "lp0"
    path.touch()
    settings = PrinterSettings(connection="file", path=str(path))
    assert deliver(settings, slip(settings)).confirmed is False
    assert path.read_bytes() == slip(settings)


def test_a_device_nobody_reads_times_out_instead_of_blocking(tmp_path):
    """A FIFO with a reader that never reads stands for a USB line printer that is stuck."""
    path = tmp_path / "lp0"
    os.mkfifo(path)
    reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        # More than the pipe holds, so the writer must wait for room that never comes.
        settings = PrinterSettings(connection="file", path=str(path), timeout=0.5)
        problem, took = refusal(settings, b"x" * (1 << 20))
        # Given up once a piece waited its time on the wire and the timeout, not for ever.
        assert took < 1024 / 960 + settings.timeout + SLACK
        assert problem.code == "no_answer" and problem.sent
    finally:
        os.close(reader)


def test_a_missing_serial_port_is_reported():
    settings = PrinterSettings(connection="serial", device="/dev/ttyNOPE", timeout=1)
    assert str(refusal(settings)[0]).startswith(
        "the serial printer on /dev/ttyNOPE does not exist")


def test_a_profile_without_the_code_page_is_refused_before_connecting(standin_printer):
    settings = standin_printer.settings(profile="TM-T88II")
    assert str(refusal(settings, b"x")[0]) == (
        'the printer profile "TM-T88II" has no code page CP858; '
        'choose a profile that has it (e.g. "default")')
    assert standin_printer.wait_for_jobs(1, timeout=0.2) == []


def test_no_printer_set_up_is_unavailable():
    assert str(refusal(PrinterSettings(connection="none"), b"x")[0]) == (
        'no printer is set up (connection = "none" in [printer])')
