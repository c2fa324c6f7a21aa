"""Delivering one job's bytes to the printer: ready before, confirmed after, every wait bounded.

A job is laid out into bytes first (`printer.layout`), then `deliver` opens a fresh connection,
asks the printer whether it can print, sends the bytes and reads its answer after them: the
printer answers in the order it reads, so that answer proves the job arrived, and a problem it
reports then (paper out mid-receipt) means the job must be printed again. The wait for that last
answer allows for the job's bytes still on their way at the link's speed, so a slow link is never
mistaken for a silent printer (which would print the job again and again).

Every way a printer can fail becomes one `PrinterUnavailable`: a sentence a volunteer can act on,
a `code` and `values` for the volunteers' catalogues, and `sent`, whether some of the job may
already be on paper.
"""

import errno
import logging
import socket
import time
from dataclasses import dataclass

from printer.library import DeviceNotFoundError, Encoder, get_profile
from printer.links import HungUp, Link, link_for, new_printer
from printer.status import PrinterStatus, read_status

log = logging.getLogger(__name__)

# Bytes sent at once: about a second at 9600 baud.
PIECE = 1024

SENTENCES = {
    "not_set_up": 'no printer is set up (connection = "{connection}" in [printer])',
    "unknown_profile": 'the printer profile "{profile}" is unknown to python-escpos; '
                       'use "default" or a name from `python-escpos` profiles',
    "no_codepage": 'the printer profile "{profile}" has no code page {codepage}; '
                   'choose a profile that has it (e.g. "default")',
    "needs_pyserial": "a serial printer needs the pyserial library: pip install pyserial",
    "needs_pyusb": "a USB printer needs the pyusb library: pip install pyusb",
    "needs_libusb": "{where} needs libusb: sudo apt install libusb-1.0-0 ({reason})",
    "refused": "{where} refuses the connection: is it switched on?",
    "no_answer": "{where} does not answer ({timeout} s)",
    "no_status": "{where} does not answer status questions ({timeout} s): is it switched on? "
                 "(one that never answers them needs ask_status = false in [printer])",
    "unknown_host": "{where} cannot be found on the network: check host in [printer]",
    "not_plugged_in": "{where} is not plugged in or not switched on",
    "not_allowed": "the kiosk may not use {where}: add its user to the {group} group "
                   "(and install the udev rule for a USB printer)",
    "missing": "{where} does not exist: is the printer plugged in and switched on?",
    "not_ready": "{where} is not ready: is the printer switched on?",
    "unreachable": "{where} cannot be reached: {reason}",
    "hung_up": "{where} closed the connection in the middle of the job",
    "failed": "{where} failed in the middle of the job: {reason}",
    "offline": "{where} is offline: is its cover open or its paper out?",
    "cover_open": "{where} has its cover open",
    "paper_out": "{where} is out of paper",
    "error": "{where} reports an error (a paper jam, the cutter): clear it, switch it off and on",
    "offline_mid_job": "{where} went offline during the job; it will be printed again",
    "cover_open_mid_job": "{where} had its cover opened during the job; it will be printed again",
    "paper_out_mid_job": "{where} ran out of paper during the job; it will be printed again",
    "error_mid_job": "{where} reported an error during the job; it will be printed again",
    "unconfirmed": "{where} did not confirm the job within {timeout} s; it will be printed again",
}


class PrinterUnavailable(Exception):
    """The printer cannot take a job now. `str(error)` is one sentence a volunteer can act on.

    `code` names the problem (a key of `SENTENCES`) and `values` fill its sentence; `sent` is True
    when some or all of the job may already be on paper.
    """

    def __init__(self, code: str, sent: bool = False, **values: str) -> None:
        self.code, self.values, self.sent = code, values, sent
        super().__init__(SENTENCES[code].format(**values))


@dataclass(frozen=True)
class Delivery:
    """How a delivered job went: `confirmed` when the printer answered after it (a device file
    or `ask_status = false` cannot say), `paper_low` when the roll is near its end."""

    confirmed: bool = True
    paper_low: bool = False


def printer_name(settings) -> str:
    """How a sentence names the configured printer, e.g. "the printer at 192.168.1.50:9100"."""
    if settings.connection == "network":
        return f"the printer at {settings.host}:{settings.port}"
    if settings.connection == "usb":
        return f"the USB printer {settings.vendor_id:04x}:{settings.product_id:04x}"
    if settings.connection == "serial":
        return f"the serial printer on {settings.device}"
    if settings.connection == "file":
        return f"the printer at {settings.path}"
    return "no printer"


def deliver(settings, job: bytes) -> Delivery:
    """Send `job` (the bytes of one laid-out job) on a fresh connection, checked before and after.

    Raises `PrinterUnavailable` when the printer cannot be reached, is not ready, hangs up, stops
    during the job, or does not confirm it in time.
    """
    values = _values(settings)
    link = _open(settings, values)
    failed = True
    try:
        before = _ready(link, settings, values) if link.answers else PrinterStatus()
        started = time.monotonic()
        _send(link, job, settings.timeout, values)
        on_the_paper_by = started + len(job) / link.speed
        after = _confirm(link, settings, values, on_the_paper_by) if link.answers else None
        failed = False
    finally:
        _close(link, failed, values["where"])
    if after is None:
        return Delivery(confirmed=False, paper_low=before.paper_low)
    return Delivery(paper_low=after.paper_low)


def check_ready(settings) -> Delivery:
    """Ask the printer whether it could print now, sending nothing to print.

    Raises `PrinterUnavailable` as `deliver` does; `confirmed` is False for a printer that cannot
    be asked (a plain file, `ask_status = false`), which was only opened.
    """
    values = _values(settings)
    link = _open(settings, values)
    failed = True
    try:
        status = _ready(link, settings, values) if link.answers else None
        failed = False
    finally:
        _close(link, failed, values["where"])
    return Delivery(confirmed=status is not None, paper_low=bool(status and status.paper_low))


def check_paper_settings(settings) -> None:
    """Refuse a profile python-escpos does not know, or one without the configured code page."""
    try:
        profile = get_profile(settings.profile)
    except KeyError:
        raise PrinterUnavailable("unknown_profile", profile=settings.profile) from None
    try:
        Encoder(profile.get_code_pages()).get_encoding_name(settings.codepage)
    except ValueError:
        raise PrinterUnavailable("no_codepage", profile=settings.profile,
                                 codepage=settings.codepage) from None


def _values(settings) -> dict[str, str]:
    return {"where": printer_name(settings), "timeout": f"{settings.timeout:g}"}


def _open(settings, values: dict[str, str]) -> Link:
    """A fresh open connection to the configured printer."""
    if settings.connection not in ("network", "usb", "serial", "file"):
        raise PrinterUnavailable("not_set_up", connection=settings.connection)
    check_paper_settings(settings)
    try:
        printer = new_printer(settings)
    except RuntimeError:  # python-escpos's way to say pyserial is missing
        raise PrinterUnavailable("needs_pyserial") from None
    try:
        printer.open()
    except DeviceNotFoundError as error:
        # python-escpos wraps the real cause, which tells "refused" from "silent" from "absent".
        cause = error.__cause__ or error.__context__ or error
        raise _open_failure(cause, settings, values) from error
    except RuntimeError as error:  # python-escpos's way to say pyusb is missing
        raise PrinterUnavailable("needs_pyusb") from error
    except ValueError as error:  # pyusb's NoBackendError: libusb itself is missing
        if settings.connection != "usb":
            raise
        raise PrinterUnavailable("needs_libusb", reason=str(error), **values) from error
    except OSError as error:
        raise _open_failure(error, settings, values) from error
    try:
        return link_for(printer, settings)
    except OSError as error:
        printer.close()
        raise _open_failure(error, settings, values) from error


def _send(link: Link, job: bytes, timeout: float, values: dict[str, str]) -> None:
    """Send `job` a piece at a time, each piece given its time on the wire plus the timeout: a
    long job on a slow link goes through, a printer that stops reading is given up on soon."""
    for start in range(0, len(job), PIECE):
        piece = job[start:start + PIECE]
        try:
            link.send(piece, time.monotonic() + len(piece) / link.speed + timeout)
        except OSError as error:
            raise _failure(error, values, sent=True) from error


def _asker(link: Link, settings, values: dict[str, str], first_deadline: float, sent: bool):
    """`ask(query) -> answer byte` on `link`: the first answer by `first_deadline`, each later one
    within the timeout. Silence raises PrinterUnavailable ("unconfirmed" once the job was sent)."""
    deadlines = iter([first_deadline])

    def ask(query: bytes) -> int:
        deadline = next(deadlines, None) or time.monotonic() + settings.timeout
        try:
            link.send(query, deadline)
            answer = link.read_byte(deadline)
        except OSError as error:
            raise _failure(error, values, sent) from error
        if answer is None:
            raise PrinterUnavailable("unconfirmed" if sent else "no_status", sent, **values)
        return answer

    return ask


def _ready(link: Link, settings, values: dict[str, str]) -> PrinterStatus:
    """The printer's status before the job: PrinterUnavailable unless it can print."""
    link.discard_input()
    status = read_status(_asker(link, settings, values, time.monotonic() + settings.timeout,
                                sent=False))
    if not status.ready:
        raise PrinterUnavailable(status.problem, **values)
    return status


def _confirm(link: Link, settings, values: dict[str, str], on_the_paper_by: float):
    """The printer's status after the job, its first answer waited for until the job's bytes
    could have arrived, plus the timeout. PrinterUnavailable (sent) if it stopped meanwhile."""
    first = max(on_the_paper_by, time.monotonic()) + settings.timeout
    status = read_status(_asker(link, settings, values, first, sent=True))
    if not status.ready:
        raise PrinterUnavailable(f"{status.problem}_mid_job", sent=True, **values)
    return status


def _close(link: Link, failed: bool, where: str) -> None:
    """Close the connection; the job's fate is already decided, so a failure here is only logged."""
    try:
        link.close(failed)
    except OSError as error:
        log.warning("closing %s failed: %s", where, error)


def _timed_out(error: BaseException) -> bool:
    # socket.timeout is TimeoutError; pyusb and pyserial have their own timeout exceptions.
    return (
        isinstance(error, TimeoutError)
        or getattr(error, "errno", None) == errno.ETIMEDOUT
        or "Timeout" in type(error).__name__
    )


def _open_failure(cause: BaseException, settings, values: dict[str, str]) -> PrinterUnavailable:
    """The problem of a connection that could not be opened."""
    code = getattr(cause, "errno", None) or getattr(cause, "backend_error_code", None)
    if isinstance(cause, ConnectionRefusedError):
        return PrinterUnavailable("refused", **values)
    if _timed_out(cause):
        return PrinterUnavailable("no_answer", **values)
    if isinstance(cause, socket.gaierror):
        return PrinterUnavailable("unknown_host", **values)
    if isinstance(cause, AssertionError):  # python-escpos's "USB device not found"
        return PrinterUnavailable("not_plugged_in", **values)
    if code == errno.EACCES or isinstance(cause, PermissionError):
        group = "dialout" if settings.connection == "serial" else "lp"
        return PrinterUnavailable("not_allowed", group=group, **values)
    if code == errno.ENOENT:
        return PrinterUnavailable("missing", **values)
    if code == errno.ENXIO:
        return PrinterUnavailable("not_ready", **values)
    reason = getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
    return PrinterUnavailable("unreachable", reason=reason, **values)


def _failure(error: OSError, values: dict[str, str], sent: bool) -> PrinterUnavailable:
    """The problem of a job that failed once the connection was open."""
    if _timed_out(error):
        return PrinterUnavailable("no_answer", sent, **values)
    if isinstance(error, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError, HungUp)):
        return PrinterUnavailable("hung_up", sent, **values)
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return PrinterUnavailable("failed", sent, reason=reason, **values)
