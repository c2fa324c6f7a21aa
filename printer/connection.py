"""Reaching the printer: one fresh python-escpos connection per job, opened and closed in one place.

Every way a printer can fail (refused, silent, hung up mid-job, unplugged, missing, not allowed)
becomes one `PrinterUnavailable` whose message is a sentence a volunteer can act on, and every
wait is bounded by `settings.timeout`: python-escpos itself waits 60 s on a network printer and
forever on a USB or serial one.
"""

import errno
import logging
import os
import select
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from escpos.capabilities import get_profile
from escpos.constants import RT_MASK_ONLINE, RT_STATUS_ONLINE, RT_STATUS_PAPER
from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError
from escpos.magicencode import Encoder
from escpos.printer import File, Network, Serial, Usb

log = logging.getLogger(__name__)

# DLE EOT 4 answers with bits 5 and 6 set when the roll is out of paper (Epson and clones).
PAPER_END = 0x60


class PrinterUnavailable(Exception):
    """The printer cannot take a job now. `str(error)` is one sentence a volunteer can act on."""


class _HungUp(ConnectionResetError):
    """The network printer closed the connection before answering."""


class _NoAnswer(TimeoutError):
    """The printer was asked for its status and said nothing within the timeout."""


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


@contextmanager
def open_printer(settings) -> Iterator[Escpos]:
    """A fresh python-escpos printer for one job, checked ready before and confirmed after.

    Raises `PrinterUnavailable` when the printer cannot be reached, refuses, stays silent for
    `settings.timeout` seconds, hangs up mid-job, is offline or out of paper. The job counts as
    delivered only when the context exits without that exception.
    """
    where = printer_name(settings)
    printer = _new_printer(settings, where)
    # A device file is write-only: nothing comes back to ask.
    asks = settings.ask_status and settings.connection != "file"
    try:
        _open(printer, settings, where)
        try:
            if asks:
                _check_ready(printer, settings, where)
            yield printer
            if asks:
                # The printer answers in the order it reads, so this answer proves the job arrived.
                _ask(printer, settings, RT_STATUS_ONLINE)
        except OSError as error:
            raise PrinterUnavailable(_job_failure(error, settings, where)) from error
    finally:
        _close(printer, where)


def check_paper_settings(settings) -> None:
    """Refuse a profile python-escpos does not know, or one without the configured code page."""
    try:
        profile = get_profile(settings.profile)
    except KeyError:
        raise PrinterUnavailable(
            f'the printer profile "{settings.profile}" is unknown to python-escpos; '
            'use "default" or a name from `python-escpos` profiles'
        ) from None
    try:
        Encoder(profile.get_code_pages()).get_encoding_name(settings.codepage)
    except ValueError:
        raise PrinterUnavailable(
            f'the printer profile "{settings.profile}" has no code page {settings.codepage}; '
            'choose a profile that has it (e.g. "default")'
        ) from None


def _new_printer(settings, where: str) -> Escpos:
    """The python-escpos printer for the configured connection, not yet opened."""
    check_paper_settings(settings)
    kind, profile = settings.connection, settings.profile
    if kind == "network":
        return Network(settings.host, settings.port, timeout=settings.timeout, profile=profile)
    if kind == "usb":
        # python-escpos counts USB timeouts in milliseconds, and 0 would mean "wait forever".
        milliseconds = max(1, round(settings.timeout * 1000))
        return _UsbPrinter(
            settings.vendor_id, settings.product_id, timeout=milliseconds, profile=profile
        )
    if kind == "serial":
        try:
            return Serial(
                settings.device, settings.baudrate, timeout=settings.timeout, profile=profile
            )
        except RuntimeError:  # python-escpos's way to say pyserial is missing
            raise PrinterUnavailable(
                "a serial printer needs the pyserial library: pip install pyserial"
            ) from None
    if kind == "file":
        return _DeviceFile(settings.path, timeout=settings.timeout, profile=profile)
    raise PrinterUnavailable(f'no printer is set up (connection = "{kind}" in [printer])')


def _open(printer: Escpos, settings, where: str) -> None:
    """Open the connection and bound the waits python-escpos leaves unbounded."""
    try:
        printer.open()
    except DeviceNotFoundError as error:
        # python-escpos wraps the real cause, which tells "refused" from "silent" from "absent".
        cause = error.__cause__ or error.__context__ or error
        raise PrinterUnavailable(_open_failure(cause, settings, where)) from error
    except RuntimeError as error:  # python-escpos's way to say pyusb is missing
        raise PrinterUnavailable(
            "a USB printer needs the pyusb library: pip install pyusb"
        ) from error
    except ValueError as error:  # pyusb's NoBackendError: libusb itself is missing
        if settings.connection != "usb":
            raise
        raise PrinterUnavailable(
            f"{where} needs libusb: sudo apt install libusb-1.0-0 ({error})"
        ) from error
    except OSError as error:
        raise PrinterUnavailable(_open_failure(error, settings, where)) from error
    if settings.connection == "usb":
        # Usb._read passes no timeout, so pyusb would use its own default.
        printer.device.default_timeout = max(1, round(settings.timeout * 1000))
    elif settings.connection == "serial":
        # Without a write timeout, hardware flow control blocks forever on a printer that is off.
        printer.device.write_timeout = settings.timeout


def _check_ready(printer: Escpos, settings, where: str) -> None:
    """Ask the printer whether it is online and has paper, before sending it anything."""
    if _ask(printer, settings, RT_STATUS_ONLINE) & RT_MASK_ONLINE:
        raise PrinterUnavailable(f"{where} is offline: is its cover open or its paper out?")
    if _ask(printer, settings, RT_STATUS_PAPER) & PAPER_END == PAPER_END:
        raise PrinterUnavailable(f"{where} is out of paper")


def _ask(printer: Escpos, settings, query: bytes) -> int:
    """Send a real-time status query and return the printer's answer byte.

    python-escpos's own `paper_status()` reads an empty answer as "adequate"; here silence is an
    error, never a guess.
    """
    answer = bytes(printer.query_status(query))
    if answer:
        return answer[-1]
    if settings.connection == "network":
        raise _HungUp(errno.ECONNRESET, "the connection was closed")  # recv() gives b"" only then
    raise _NoAnswer(errno.ETIMEDOUT, "no answer")


def _close(printer: Escpos, where: str) -> None:
    """Close the connection; the job's fate is already decided, so a failure here is only logged."""
    try:
        printer.close()
    except OSError as error:
        log.warning("closing %s failed: %s", where, error)


def _timed_out(error: BaseException) -> bool:
    # socket.timeout is TimeoutError; pyusb and pyserial have their own timeout exceptions.
    return (
        isinstance(error, TimeoutError)
        or getattr(error, "errno", None) == errno.ETIMEDOUT
        or "Timeout" in type(error).__name__
    )


def _open_failure(cause: BaseException, settings, where: str) -> str:
    """The sentence for a connection that could not be opened."""
    code = getattr(cause, "errno", None) or getattr(cause, "backend_error_code", None)
    group = "dialout" if settings.connection == "serial" else "lp"
    if isinstance(cause, ConnectionRefusedError):
        return f"{where} refuses the connection: is it switched on?"
    if _timed_out(cause):
        return f"{where} does not answer ({settings.timeout:g} s)"
    if isinstance(cause, socket.gaierror):
        return f"{where} cannot be found on the network: check host in [printer]"
    if isinstance(cause, AssertionError):  # python-escpos's "USB device not found"
        return f"{where} is not plugged in or not switched on"
    if code == errno.EACCES or isinstance(cause, PermissionError):
        return (
            f"the kiosk may not use {where}: add its user to the {group} group "
            "(and install the udev rule for a USB printer)"
        )
    if code == errno.ENOENT:
        return f"{where} does not exist: is the printer plugged in and switched on?"
    if code == errno.ENXIO:
        return f"{where} is not ready: is the printer switched on?"
    reason = getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
    return f"{where} cannot be reached: {reason}"


def _job_failure(error: OSError, settings, where: str) -> str:
    """The sentence for a job that failed once the connection was open."""
    if _timed_out(error):
        return f"{where} does not answer ({settings.timeout:g} s)"
    if isinstance(error, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
        return f"{where} closed the connection in the middle of the job"
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return f"{where} failed in the middle of the job: {reason}"


class _DeviceFile(File):
    """python-escpos's File printer, opened the way a printer's device node needs.

    python-escpos opens with "wb": that creates a plain file where the device should be and blocks
    on a printer that is off. This never creates the path and never waits past the timeout.
    """

    def __init__(self, devfile: str, timeout: float, **kwargs) -> None:
        super().__init__(devfile, auto_flush=False, **kwargs)
        self.timeout = timeout
        self._fd: int | None = None

    def open(self, raise_not_found: bool = True) -> None:
        """Open the existing path for writing without blocking (raises OSError)."""
        self.close()
        # O_APPEND: a plain file standing in for a printer keeps every job, one after the other.
        self._fd = os.open(self.devfile, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK)
        self._device = True

    def _raw(self, msg: bytes) -> None:
        """Write all of `msg`, waiting at most `timeout` seconds each time the device is full."""
        if self._fd is None:
            self.open()
        pending = memoryview(msg)
        while pending:
            try:
                pending = pending[os.write(self._fd, pending) :]
            except BlockingIOError:
                _, writable, _ = select.select([], [self._fd], [], self.timeout)
                if not writable:
                    raise TimeoutError(errno.ETIMEDOUT, "the device takes no more data") from None

    def flush(self) -> None:
        """Nothing is buffered: each write goes straight to the device."""

    def close(self) -> None:
        """Close the device if it is open."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._device = False


class _UsbPrinter(Usb):
    """python-escpos's Usb printer, whose close() does not fail when it was never opened.

    Usb.close raises RuntimeError without pyusb even when nothing is open, and python-escpos
    calls close() again when the object is collected.
    """

    def close(self) -> None:
        """Release the USB interface if it was ever claimed."""
        if self._device:
            super().close()
