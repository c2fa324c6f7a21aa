"""The wire to the printer: network, serial, USB or a device file, each opened by python-escpos and
then driven here, with every wait ending at a deadline.

python-escpos reads a status answer by asking for 16 bytes: pyserial then waits the whole
timeout for bytes that never come, on every question. Here an answer is one byte, read as soon
as it arrives, and every write and read is bounded by a deadline (`time.monotonic()` seconds).
Errors are the transports' own (OSError, pyserial's and pyusb's); `printer.connection` words them.
"""

import errno
import os
import select
import stat
import time
import tty

from printer.library import File, Network, Serial, Usb

# What a printer behind an unknown link is assumed to read at least, in bytes per second: a
# serial link at 9600 baud, the slowest any receipt printer is set to. Used to allow for the
# bytes of a job still on their way before its answer comes back.
SLOWEST_LINK = 960.0


class HungUp(ConnectionResetError):
    """The printer closed the connection."""


def remaining(deadline: float) -> float:
    """Seconds left before `deadline`, never below a millisecond (0 would mean "no wait")."""
    return max(0.001, deadline - time.monotonic())


class Link:
    """One open connection to the printer; `printer` is the python-escpos object that opened it.

    `speed` is how many bytes a second the link carries at least; `answers` is whether the
    printer can be asked for its status through it.
    """

    speed = SLOWEST_LINK
    answers = True

    def __init__(self, printer) -> None:
        self.printer = printer

    def send(self, data: bytes, deadline: float) -> None:
        """Write all of `data` before `deadline` (TimeoutError otherwise)."""
        raise NotImplementedError

    def read_byte(self, deadline: float) -> int | None:
        """The next byte from the printer, or None when none came before `deadline`."""
        raise NotImplementedError

    def discard_input(self) -> None:
        """Forget bytes already waiting (a late answer to an earlier job's question)."""

    def close(self, failed: bool) -> None:
        """Close the connection; after a failure, drop what was not sent yet rather than wait."""
        self.printer.close()


class NetworkLink(Link):
    """A TCP connection (port 9100 on nearly every printer)."""

    def send(self, data: bytes, deadline: float) -> None:
        """Send all of `data`: the socket's timeout bounds the whole `sendall`."""
        self.printer.device.settimeout(remaining(deadline))
        self.printer.device.sendall(data)

    def read_byte(self, deadline: float) -> int | None:
        """One byte, or None at the deadline; HungUp when the printer closed the connection."""
        self.printer.device.settimeout(remaining(deadline))
        try:
            answer = self.printer.device.recv(1)
        except TimeoutError:
            return None
        if not answer:
            raise HungUp(errno.ECONNRESET, "the connection was closed")
        return answer[0]


class SerialLink(Link):
    """A serial port through pyserial; the link carries one byte per 10 bits (8N1)."""

    def __init__(self, printer) -> None:
        super().__init__(printer)
        self.speed = printer.baudrate / 10

    def send(self, data: bytes, deadline: float) -> None:
        """Write all of `data`; pyserial's write timeout bounds the whole write."""
        self.printer.device.write_timeout = remaining(deadline)
        self.printer.device.write(data)

    def read_byte(self, deadline: float) -> int | None:
        """One byte: pyserial returns as soon as it has the one byte asked for."""
        self.printer.device.timeout = remaining(deadline)
        answer = self.printer.device.read(1)
        return answer[0] if answer else None

    def discard_input(self) -> None:
        """Drop bytes the port received before this job."""
        self.printer.device.reset_input_buffer()

    def close(self, failed: bool) -> None:
        """Close the port. python-escpos's close waits until every byte left (tcdrain), for ever
        on a printer switched off with flow control: after a failure the rest is dropped."""
        device = self.printer.device
        if failed:
            device.reset_output_buffer()
        device.close()
        self.printer._device = False


class UsbLink(Link):
    """A USB printer through pyusb: reads come a packet at a time, kept until used."""

    def __init__(self, printer) -> None:
        super().__init__(printer)
        self._pending = bytearray()

    def send(self, data: bytes, deadline: float) -> None:
        """One bulk transfer of `data`, bounded by the deadline."""
        self.printer.device.write(self.printer.out_ep, data, _milliseconds(deadline))

    def read_byte(self, deadline: float) -> int | None:
        """The next byte of the printer's answers, or None at the deadline."""
        if not self._pending:
            try:
                # A whole packet: asking for less than the printer sends is an overflow error.
                self._pending += bytes(self.printer.device.read(
                    self.printer.in_ep, 512, _milliseconds(deadline)))
            except OSError as error:  # pyusb's USBTimeoutError is an OSError (USBError's base)
                if "Timeout" in type(error).__name__ or error.errno == errno.ETIMEDOUT:
                    return None
                raise
        if not self._pending:
            return None
        return self._pending.pop(0)


def _milliseconds(deadline: float) -> int:
    # pyusb counts in milliseconds, and 0 means "wait for ever".
    return max(1, round(remaining(deadline) * 1000))


class FileLink(Link):
    """A device file (/dev/usb/lp0): written, and read back for answers when it is a device.

    A plain file standing for a printer (a spooler, a test) only receives the job.
    """

    def __init__(self, printer, ask_status: bool) -> None:
        super().__init__(printer)
        self.answers = ask_status and printer.is_device

    def send(self, data: bytes, deadline: float) -> None:
        """Write all of `data`, waiting for room at most until the deadline."""
        self.printer.write_all(data, deadline)

    def read_byte(self, deadline: float) -> int | None:
        """One byte from the device, or None at the deadline."""
        return self.printer.read_byte(deadline)

    def discard_input(self) -> None:
        """Read away what the device already said."""
        while self.printer.read_byte(time.monotonic()) is not None:
            pass


class DeviceFile(File):
    """python-escpos's File printer, opened the way a printer's device node needs.

    python-escpos opens with "wb": that creates a plain file where the device should be and
    blocks on a printer that is off. This never creates the path, never waits past a deadline,
    and opens a device for reading too, so that it can be asked for its status.
    """

    def __init__(self, devfile: str, ask_status: bool, **kwargs) -> None:
        super().__init__(devfile, auto_flush=False, **kwargs)
        self.ask_status = ask_status
        self.is_device = False
        self._fd: int | None = None

    def open(self, raise_not_found: bool = True) -> None:
        """Open the existing path without blocking (OSError when it cannot be)."""
        self.close()
        self.is_device = stat.S_ISCHR(os.stat(self.devfile).st_mode)
        reads = self.is_device and self.ask_status
        # O_APPEND: a plain file standing in for a printer keeps every job, one after the other.
        flags = (os.O_RDWR if reads else os.O_WRONLY | os.O_APPEND) | os.O_NONBLOCK
        self._fd = os.open(self.devfile, flags | os.O_NOCTTY)
        self._device = True
        if os.isatty(self._fd):
            # A serial line written as a file: bytes must pass as they are (no \n to \r\n).
            tty.setraw(self._fd)

    def write_all(self, data: bytes, deadline: float) -> None:
        """Write all of `data`, waiting for room until `deadline` (TimeoutError after)."""
        pending = memoryview(data)
        while pending:
            try:
                pending = pending[os.write(self._fd, pending):]
            except BlockingIOError:
                _, writable, _ = select.select([], [self._fd], [], remaining(deadline))
                if not writable and time.monotonic() >= deadline:
                    raise TimeoutError(errno.ETIMEDOUT, "the device takes no more data") from None

    def read_byte(self, deadline: float) -> int | None:
        """One byte from the device, or None once `deadline` passed."""
        while True:
            try:
                answer = os.read(self._fd, 1)
            except BlockingIOError:
                answer = None
            except OSError:  # a one-way printer's device refuses reads: it has no answers
                return None
            if answer:
                return answer[0]
            wait = deadline - time.monotonic()
            if wait <= 0:
                return None
            if answer == b"":
                # A device with nothing to say may read as empty instead of blocking: nap.
                time.sleep(min(0.01, wait))
            else:
                select.select([self._fd], [], [], wait)

    def _raw(self, msg: bytes) -> None:
        """Write through python-escpos's own calls too, bounded by a generous deadline."""
        if self._fd is None:
            self.open()
        self.write_all(msg, time.monotonic() + 60)

    def flush(self) -> None:
        """Nothing is buffered: each write goes straight to the device."""

    def close(self) -> None:
        """Close the device if it is open."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._device = False


class UsbPrinter(Usb):
    """python-escpos's Usb printer, whose close() does not fail when it was never opened.

    Usb.close raises RuntimeError without pyusb even when nothing is open, and python-escpos
    calls close() again when the object is collected.
    """

    def close(self) -> None:
        """Release the USB interface if it was ever claimed."""
        if self._device:
            super().close()


def new_printer(settings):
    """The python-escpos printer for the configured connection, not yet opened.

    RuntimeError when pyserial is missing (python-escpos's way to say so).
    """
    kind, profile = settings.connection, settings.profile
    if kind == "network":
        return Network(settings.host, settings.port, timeout=settings.timeout, profile=profile)
    if kind == "usb":
        return UsbPrinter(settings.vendor_id, settings.product_id,
                          timeout=max(1, round(settings.timeout * 1000)), profile=profile)
    if kind == "serial":
        return Serial(settings.device, settings.baudrate, timeout=settings.timeout,
                      profile=profile)
    if kind == "file":
        return DeviceFile(settings.path, settings.ask_status, profile=profile)
    raise ValueError(kind)


def link_for(printer, settings) -> Link:
    """The link over an opened python-escpos printer, with its waits bounded; it asks the
    printer for its status only when `ask_status` allows."""
    kind = settings.connection
    if kind == "network":
        link = NetworkLink(printer)
    elif kind == "usb":
        # Usb._read passes no timeout, so pyusb would use its own default.
        printer.device.default_timeout = max(1, round(settings.timeout * 1000))
        link = UsbLink(printer)
    elif kind == "serial":
        # Without a write timeout, hardware flow control blocks for ever on a printer that is off.
        printer.device.write_timeout = settings.timeout
        link = SerialLink(printer)
    else:
        link = FileLink(printer, settings.ask_status)
    link.answers = link.answers and settings.ask_status
    return link
