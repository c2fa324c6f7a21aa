"""Printing for the app: one call per job, a queue on disk for the jobs the printer could not take.

The app calls a `PrintService` from worker threads. A job that fails is kept as plain values (the
receipt's fields, never bytes, so a changed printer profile still prints it) in one JSON file per
job, written atomically, and retried before each new job and on `retry_queue()`. Threads share a
lock; processes sharing the folder share an `fcntl.flock` on its lock file, so no job is printed
twice and two jobs never interleave on the paper.
"""

import dataclasses
import fcntl
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from printer.connection import PrinterUnavailable, open_printer, printer_name
from printer.layout import as_z_report, print_receipt, print_test_slip, print_z_report
from printer.receipt import Receipt, ZReport
from printer.settings import PrinterSettings

log = logging.getLogger(__name__)

JOB_FORMAT = 1


@dataclass(frozen=True)
class PrintOutcome:
    """What became of one job.

    `status` is "printed", "queued" (kept on disk, printed when the printer is back), "not printed"
    (a test slip is never queued) or "no printer" (none is set up). `error` says why in words.
    """

    status: str
    error: str = ""

    @property
    def printed(self) -> bool:
        """True only when the printer confirmed the job."""
        return self.status == "printed"


@dataclass(frozen=True)
class PrinterState:
    """What the kiosk knows of its printer.

    `status` is "ok" only after a job actually went through, "failing" after the last attempt
    failed, and "unknown" before any attempt. `queued` counts the jobs waiting on disk.
    """

    status: str
    last_error: str = ""
    queued: int = 0
    printer: str = ""


class PrintQueue:
    """The jobs waiting for the printer: one JSON file each in `folder`, oldest first."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def add(self, job: dict) -> Path:
        """Keep `job` durably: temporary file, fsync, rename, fsync of the folder."""
        # The time first, so names sort oldest first; the random part keeps processes apart.
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.json"
        path = self.folder / name
        temporary = self.folder / f".{name}.tmp"
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump(job, file, ensure_ascii=False)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
        self._sync_folder()
        return path

    def waiting(self) -> list[Path]:
        """The job files, oldest first."""
        return sorted(self.folder.glob("*.json"))

    def __len__(self) -> int:
        return len(self.waiting())

    def read(self, path: Path) -> dict | None:
        """The job in `path`, or None when the file is unreadable (it is then moved aside, kept)."""
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            aside = path.with_suffix(".unreadable")
            os.replace(path, aside)
            log.error("print job %s is unreadable (%s); kept as %s", path.name, error, aside.name)
            return None

    def remove(self, path: Path) -> None:
        """Forget a job once it is printed."""
        path.unlink()
        self._sync_folder()

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder's lock file, against other processes printing from the same queue."""
        with open(self.folder / ".lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def _sync_folder(self) -> None:
        descriptor = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def receipt_job(receipt: Receipt) -> dict:
    """A receipt as a queued job: its fields as plain JSON values."""
    return {"format": JOB_FORMAT, "kind": "receipt", "receipt": dataclasses.asdict(receipt)}


def z_report_job(report: ZReport | Sequence[str]) -> dict:
    """A Z report as a queued job: its title, rows and lines as plain JSON values."""
    fields = dataclasses.asdict(as_z_report(report))
    return {"format": JOB_FORMAT, "kind": "z_report", "z_report": fields}


def lay_job(printer, job: dict, settings: PrinterSettings) -> None:
    """Lay a queued job onto `printer` with today's settings."""
    if job["kind"] == "receipt":
        print_receipt(printer, _from_fields(Receipt, job["receipt"]), settings)
    elif job["kind"] == "z_report":
        fields = job["z_report"]
        report = ZReport(
            title=fields["title"],
            rows=tuple((label, value) for label, value in fields.get("rows", ())),
            lines=tuple(fields.get("lines", ())),
        )
        print_z_report(printer, report, settings)
    else:
        raise ValueError(f"unknown print job kind {job['kind']!r}")


def _from_fields(value_class, fields: dict):
    """Rebuild a value from stored fields, ignoring fields the class no longer has."""
    known = {field.name for field in dataclasses.fields(value_class)}
    return value_class(**{name: value for name, value in fields.items() if name in known})


class PrintService:
    """Prints receipts, Z reports and test slips; keeps and retries what the printer could not
    take."""

    def __init__(self, settings: PrinterSettings, queue_dir: Path) -> None:
        self.settings = settings
        self.queue = PrintQueue(queue_dir)
        self._lock = threading.Lock()
        # (status, last error) as one value, so a reader never sees one without the other.
        self._seen = ("unknown", "")

    def print_receipt(self, receipt: Receipt) -> PrintOutcome:
        """Print a guest's receipt, after any waiting job; keep it in the queue if that fails."""
        return self._print_or_queue(receipt_job(receipt))

    def print_z_report(self, report: ZReport | Sequence[str]) -> PrintOutcome:
        """Print a closing's Z report, after any waiting job; keep it in the queue if that fails."""
        return self._print_or_queue(z_report_job(report))

    def print_test_slip(self) -> PrintOutcome:
        """Print the test slip now. A test slip printed later would mislead, so it is never
        queued."""
        with self._lock, self.queue.locked():
            try:
                self._send(lambda printer: print_test_slip(printer, self.settings))
            except PrinterUnavailable as error:
                return PrintOutcome("not printed", str(error))
        return PrintOutcome("printed")

    def retry_queue(self) -> int:
        """Print the waiting jobs, oldest first, until one fails. Returns how many were printed."""
        with self._lock, self.queue.locked():
            printed, _ = self._drain()
        return printed

    def state(self) -> PrinterState:
        """The printer's status as last seen, with the number of jobs waiting on disk."""
        status, last_error = self._seen
        return PrinterState(
            status=status,
            last_error=last_error,
            queued=len(self.queue),
            printer=printer_name(self.settings),
        )

    def _print_or_queue(self, job: dict) -> PrintOutcome:
        with self._lock, self.queue.locked():
            _, failure = self._drain()
            if failure is None:
                try:
                    self._send(lambda printer: lay_job(printer, job, self.settings))
                    return PrintOutcome("printed")
                except PrinterUnavailable as error:
                    failure = error
            # The printer just failed: one more timeout would only keep the guest waiting.
            self.queue.add(job)
            return PrintOutcome("queued", str(failure))

    def _drain(self) -> tuple[int, PrinterUnavailable | None]:
        """Print waiting jobs until one fails: (how many printed, the failure or None)."""
        printed = 0
        for path in self.queue.waiting():
            job = self.queue.read(path)
            if job is None:
                continue
            try:
                self._send(lambda printer, job=job: lay_job(printer, job, self.settings))
            except PrinterUnavailable as error:
                return printed, error
            self.queue.remove(path)
            printed += 1
        return printed, None

    def _send(self, lay) -> None:
        """Run one job on a fresh connection and record how it went."""
        try:
            with open_printer(self.settings) as printer:
                lay(printer)
        except PrinterUnavailable as error:
            self._seen = ("failing", str(error))
            log.warning("printing failed: %s", error)
            raise
        self._seen = ("ok", "")


class NoPrinter:
    """The print service of a kiosk without a printer: nothing prints and nothing is queued."""

    settings = PrinterSettings(connection="none")

    def print_receipt(self, receipt: Receipt) -> PrintOutcome:
        """Print nothing: there is no printer."""
        return PrintOutcome("no printer", "no printer is set up")

    def print_z_report(self, report: ZReport | Sequence[str]) -> PrintOutcome:
        """Print nothing: there is no printer."""
        return PrintOutcome("no printer", "no printer is set up")

    def print_test_slip(self) -> PrintOutcome:
        """Print nothing: there is no printer."""
        return PrintOutcome("no printer", "no printer is set up")

    def retry_queue(self) -> int:
        """Nothing to retry: without a printer nothing is ever queued."""
        return 0

    def state(self) -> PrinterState:
        """Always "unknown": there is no printer to know about."""
        return PrinterState(status="unknown", printer="no printer")


def make_print_service(settings: PrinterSettings, queue_dir: Path) -> PrintService | NoPrinter:
    """The print service for these settings: `NoPrinter` when the connection is "none"."""
    if settings.connection == "none":
        return NoPrinter()
    return PrintService(settings, queue_dir)
