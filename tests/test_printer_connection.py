"""Reaching the printer: real sockets to a stand-in printer, real missing devices and files."""

import os
import time

import pytest
from escpos.printer import Dummy

from printer.connection import PrinterUnavailable, open_printer
from printer.layout import print_test_slip
from printer.settings import PrinterSettings

# The stand-in printer fixture, `standin_printer`, comes from tests/printer_standin.py.
pytest_plugins = ["printer_standin"]

TIMEOUT = 1.0


def expected_test_slip(settings: PrinterSettings) -> bytes:
    printer = Dummy(profile=settings.profile)
    print_test_slip(printer, settings)
    return printer.output


def send_test_slip(settings: PrinterSettings) -> float:
    """Print the test slip; return how long it took."""
    start = time.monotonic()
    try:
        with open_printer(settings) as printer:
            print_test_slip(printer, settings)
    finally:
        took = time.monotonic() - start
    return took


def refused_in_time(settings: PrinterSettings) -> str:
    """The sentence of the PrinterUnavailable raised, checked to come within timeout + 1 s."""
    start = time.monotonic()
    with pytest.raises(PrinterUnavailable) as refusal:
        send_test_slip(settings)
    assert time.monotonic() - start < settings.timeout + 1
    return str(refusal.value)


def test_a_healthy_network_printer_receives_exactly_the_layout_bytes(standin_printer):
    settings = standin_printer.settings(timeout=TIMEOUT)
    send_test_slip(settings)
    [job] = standin_printer.wait_for_jobs(1)
    assert job == expected_test_slip(settings)
    assert b"\xd5" in job and b"\x82" in job  # € and é in CP858
    assert job.endswith(b"\x1dV\x00")  # GS V 0: the cut


def test_a_closed_port_is_refused_at_once(standin_printer):
    standin_printer.become("refusing")
    sentence = refused_in_time(standin_printer.settings(timeout=TIMEOUT))
    assert sentence == (
        f"the printer at 127.0.0.1:{standin_printer.port} refuses the connection: "
        "is it switched on?"
    )


def test_a_printer_that_never_answers_gives_up_after_the_timeout(standin_printer):
    standin_printer.become("silent")
    start = time.monotonic()
    sentence = refused_in_time(standin_printer.settings(timeout=TIMEOUT))
    assert time.monotonic() - start >= TIMEOUT * 0.9  # it did wait for an answer
    assert sentence == f"the printer at 127.0.0.1:{standin_printer.port} does not answer (1 s)"


def test_a_printer_that_hangs_up_mid_job_is_reported(standin_printer):
    standin_printer.become("hangs_up")
    sentence = refused_in_time(standin_printer.settings(timeout=TIMEOUT))
    assert sentence == (
        f"the printer at 127.0.0.1:{standin_printer.port} closed the connection "
        "in the middle of the job"
    )
    assert standin_printer.jobs == []


def test_a_printer_out_of_paper_gets_nothing_to_print(standin_printer):
    standin_printer.become("out_of_paper")
    sentence = refused_in_time(standin_printer.settings(timeout=TIMEOUT))
    assert sentence.endswith("is out of paper")
    assert standin_printer.wait_for_jobs(1, timeout=0.3) == [b""]  # the status queries only


def test_a_usb_printer_that_is_not_there_is_reported_not_hung_on():
    settings = PrinterSettings(connection="usb", vendor_id=0xFFFF, product_id=0xFFFE, timeout=1)
    sentence = refused_in_time(settings)
    # "not plugged in" with libusb installed, "needs libusb" on a machine without it.
    assert sentence.startswith("the USB printer ffff:fffe ")


def test_usb_without_pyusb_is_a_sentence_not_a_crash(monkeypatch):
    # Only the library's presence is faked: the printer is absent either way.
    monkeypatch.setattr("escpos.printer.usb._DEP_USB", False)
    settings = PrinterSettings(connection="usb", vendor_id=0x04B8, product_id=0x0202)
    assert refused_in_time(settings) == "a USB printer needs the pyusb library: pip install pyusb"


def test_a_missing_printer_file_is_not_created(tmp_path):
    path = tmp_path / "lp0"
    settings = PrinterSettings(connection="file", path=str(path), timeout=1)
    assert refused_in_time(settings) == (
        f"the printer at {path} does not exist: is the printer plugged in and switched on?"
    )
    assert not path.exists()


def test_a_printer_file_receives_the_job(tmp_path):
    path = tmp_path / "lp0"
    path.touch()
    settings = PrinterSettings(connection="file", path=str(path))
    send_test_slip(settings)
    assert path.read_bytes() == expected_test_slip(settings)


def test_a_device_nobody_reads_times_out_instead_of_blocking(tmp_path):
    """A FIFO with a reader that never reads stands for a USB line printer that is stuck."""
    path = tmp_path / "lp0"
    os.mkfifo(path)
    reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        # More than the pipe holds, so the writer must wait for room that never comes.
        settings = PrinterSettings(connection="file", path=str(path), timeout=0.5, width=42)
        start = time.monotonic()
        with pytest.raises(PrinterUnavailable) as refusal, open_printer(settings) as printer:
            printer.text("x" * (1 << 20))
        assert time.monotonic() - start < settings.timeout + 1
        assert str(refusal.value) == f"the printer at {path} does not answer (0.5 s)"
    finally:
        os.close(reader)


def test_a_missing_serial_port_is_reported():
    settings = PrinterSettings(connection="serial", device="/dev/ttyNOPE", timeout=1)
    assert refused_in_time(settings).startswith("the serial printer on /dev/ttyNOPE does not exist")


def test_a_profile_without_the_code_page_is_refused_before_connecting(standin_printer):
    settings = standin_printer.settings(profile="TM-T88II")
    assert refused_in_time(settings) == (
        'the printer profile "TM-T88II" has no code page CP858; '
        'choose a profile that has it (e.g. "default")'
    )
    assert standin_printer.wait_for_jobs(1, timeout=0.2) == []


def test_no_printer_set_up_is_unavailable():
    assert refused_in_time(PrinterSettings(connection="none")) == (
        'no printer is set up (connection = "none" in [printer])'
    )
