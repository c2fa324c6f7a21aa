"""The printer, as a guest and as a volunteer meet it.

A guest's "yes, a receipt" to the thanks screen's answer, whatever the printer is doing.

Side by side in one run, through the real app driven by Pilot (headless): a healthy, a refusing
(absent) and a silent stand-in network printer (tests/printer_standin.py, on 127.0.0.1), against
a kiosk without a printer (the `NoPrinter` service, so the same tap exists). The cases take turns,
round after round, so a busy moment of the machine falls on all of them alike. The time is taken
from the tap to the first frame the app hands to its driver after it (`App._display`), as in
bench_guest.

A serial printer at 9600 baud (the stand-in on a pseudo-terminal, reading 960 bytes a second as
the line carries them): `printer-test`, one receipt, and ten waiting receipts, each against its
bytes' own time on the wire (the job, the status questions and their answers, 10 bits a byte).
"""

import asyncio
import logging
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.common import ROOT, Row, median, p95, timed_ms

ROUNDS = 3
GUESTS_PER_ROUND = 5
TIMEOUT = 1.0  # the printer's timeout: what a silent printer would cost a guest who waited
CASES = ("no printer", "healthy", "refusing", "silent")
TARGET_MS = 50
# Start, eat, 13 € (the suggested preset), cash, no survey: the thanks screen and its question.
TO_THANKS = ("enter", "1", "4", "1", "0")


def standin():
    """The stand-in network printer of the tests, started healthy."""
    from printer_standin import StandinPrinter

    return StandinPrinter().start()


def kiosk_for(case: str, folder: Path, printer):
    """The real kiosk for one case: its printer from the config, as `make_app` builds it."""
    from guest_support import fixed_clock, guest_config

    from printer.service import NoPrinter
    from screens.app import make_app

    config = guest_config(thanks_seconds=60)
    if case == "no printer":
        return make_app(folder, replace(config, printer=replace(config.printer, receipt="ask")),
                        printer=NoPrinter(), clock=fixed_clock)
    config = replace(config, printer=printer.settings(timeout=TIMEOUT, receipt="ask"))
    return make_app(folder, config, clock=fixed_clock)


async def yes_times(app, guests: int) -> list[float]:
    """Milliseconds from each guest's "yes, a receipt" to the next frame drawn."""
    from screens.compat import time_each_frame

    frames, times = [], []
    time_each_frame(app, lambda screen: frames.append(time.perf_counter()))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(guests):
            await pilot.press(*TO_THANKS)
            await pilot.pause()
            assert type(app.screen).__name__ == "ThanksScreen"
            start = time.perf_counter()
            await pilot.press("r")
            await pilot.pause()
            times.append((next(at for at in frames if at > start) - start) * 1000)
            await pilot.press("enter")  # finish: the next guest
            await pilot.pause()
    return times


def measure() -> dict[str, list[float]]:
    """Every case's times, the cases taking turns round after round."""
    sys.path.insert(0, str(ROOT / "tests"))
    # Each failed job is logged as a warning: expected here, and it would bury the table.
    logging.getLogger("printer").setLevel(logging.ERROR)
    printer = standin()
    times: dict[str, list[float]] = {case: [] for case in CASES}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-printer-") as folder:
            for round_number in range(ROUNDS):
                for case in CASES:
                    printer.become("healthy" if case == "no printer" else case)
                    app = kiosk_for(case, Path(folder) / f"{case}-{round_number}", printer)
                    times[case] += asyncio.run(yes_times(app, GUESTS_PER_ROUND))
    finally:
        printer.stop()
    return times


BAUD = 9600
SERIAL_REPEAT = 5
# Each job asks twice before (online? paper?) and twice after: 3 bytes out, 1 back, each time.
STATUS_BYTES = 4 * (3 + 1)
SERIAL_SLACK_MS = 1000  # "about one second plus the bytes' time"


def wire_ms(job_bytes: int) -> float:
    """Milliseconds a job and its status questions take on the line at BAUD, 10 bits a byte."""
    return (job_bytes + STATUS_BYTES) * 10 / BAUD * 1000


def serial_rows() -> list[Row]:
    """printer-test, a receipt and ten waiting receipts over a serial line at 9600 baud."""
    from printer_standin import SerialStandin
    from test_printer_service import RECEIPT

    from printer.layout import job_bytes, print_receipt, print_test_slip
    from printer.service import PrintService, print_test_slip_now

    line = SerialStandin(BAUD)
    settings = line.settings(timeout=3.0)
    slip, receipt = job_bytes(print_test_slip, settings), job_bytes(print_receipt, settings,
                                                                     RECEIPT)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-serial-") as folder:
            service = PrintService(settings, Path(folder))
            tests = timed_ms(lambda: print_test_slip_now(settings), SERIAL_REPEAT)
            receipts = timed_ms(lambda: service.print_receipt(RECEIPT), SERIAL_REPEAT)
            line.become("silent")
            for number in range(10):
                service.print_receipt(replace(RECEIPT, number=str(number)))
            line.become("healthy")
            drained = timed_ms(service.retry_queue, 1)
    finally:
        line.stop()
    rows = []
    for figure, times, wire in (
            ("printer-test, serial 9600 baud, median", tests, wire_ms(len(slip))),
            ("a receipt, serial 9600 baud, asked to confirmed, median", receipts,
             wire_ms(len(receipt))),
            ("10 waiting receipts, serial 9600 baud, printer back", drained,
             10 * wire_ms(len(receipt)))):
        value = median(times)
        rows.append(Row("printer", figure, value, "ms", wire,
                        f"<= wire + {SERIAL_SLACK_MS} ms", value <= wire + SERIAL_SLACK_MS))
    return rows


def run() -> list[Row]:
    """Median and p95 of "yes" to the thanks screen's answer, per printer case; the serial line."""
    times = measure()
    bare = times["no printer"]
    rows = [Row("printer", f"yes to thanks answered, no printer, median of {len(bare)}",
                median(bare), "ms"),
            Row("printer", "yes to thanks answered, no printer, p95", p95(bare), "ms")]
    for case in CASES[1:]:
        for name, stat in (("median", median), ("p95", p95)):
            value, baseline = stat(times[case]), stat(bare)
            rows.append(Row("printer", f"yes to thanks answered, {case} printer, {name}", value,
                            "ms", baseline, f"<= no printer + {TARGET_MS} ms",
                            value <= baseline + TARGET_MS))
    return rows + serial_rows()


if __name__ == "__main__":
    for row in run():
        print(row)
