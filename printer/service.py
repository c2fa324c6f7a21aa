"""Printing for the app: receipts, Z reports and test slips, and a queue that nothing can poison.

Every receipt and Z report is saved in the queue (`printer.print_queue`) before it is tried, and
removed only once the printer confirmed it. Waiting jobs print oldest first, each on a fresh
connection, until the printer fails; a job that cannot be laid out is set aside, never in the way
of the next. A background thread (`start()`, `stop()`) tries again with a growing pause, so the
queue prints as soon as the printer answers, without waiting for the next guest. A guest's receipt
that waited longer than `receipt_expiry` is not printed to whoever is at the door by then: it goes
to the unprinted receipts the volunteers see. Z reports never expire.

The app calls a `PrintService` from worker threads; threads share a lock, and processes sharing
the folder share its lock file, so no job is printed twice by the kiosk itself and two jobs never
interleave on the paper. (A printer that hangs up before confirming a job it printed gets it
again: better twice than never.)
"""

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from printer.connection import (
    Delivery,
    PrinterUnavailable,
    check_paper_settings,
    deliver,
    printer_name,
)
from printer.layout import job_bytes, print_test_slip
from printer.outcomes import PrinterState, PrintOutcome, UnprintedReceipt
from printer.print_queue import (
    PrintQueue,
    lay_out,
    membership_slip_job,
    queued_at,
    receipt_job,
    receipt_of,
    z_report_job,
)
from printer.receipt import MembershipSlip, Receipt, ZReport
from printer.settings import PrinterSettings

log = logging.getLogger(__name__)

# The background retry's pauses: the first after a failure, doubling up to the longest.
RETRY_EVERY = (2.0, 30.0)


@dataclass(frozen=True)
class _Seen:
    """The last attempt's verdict, as one value: a reader never sees half of it."""

    status: str = "unknown"
    problem: PrinterUnavailable | None = None
    paper_low: bool = False


class PrintService:
    """Prints receipts, Z reports and test slips; keeps and retries what the printer could not
    take. `clock` gives the wall-clock time in seconds (tests move it)."""

    def __init__(self, settings: PrinterSettings, queue_dir: Path, clock=time.time,
                 retry_every: tuple[float, float] = RETRY_EVERY) -> None:
        self.settings = settings
        self.queue = PrintQueue(queue_dir)
        self.clock = clock
        self.retry_every = retry_every
        self._lock = threading.Lock()
        self._seen = _Seen()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._retrier: threading.Thread | None = None

    # -- what the app asks -------------------------------------------------------------------

    def print_receipt(self, receipt: Receipt) -> PrintOutcome:
        """Print a guest's receipt after any waiting job; it stays queued if that fails."""
        job = receipt_job(receipt, self.clock())
        try:
            self.queue.keep_last_receipt(job)
        except OSError as error:  # a full disk: the receipt itself may still print
            log.error("the last receipt cannot be kept for a reprint: %s", error)
        return self._print(job)

    def print_membership_slip(self, slip: MembershipSlip) -> PrintOutcome:
        """Print a new member's slip after any waiting job; it stays queued if that fails."""
        return self._print(membership_slip_job(slip, self.clock()))

    def print_z_report(self, report: ZReport | Sequence[str]) -> PrintOutcome:
        """Print a closing's Z report after any waiting job; it stays queued if that fails."""
        return self._print(z_report_job(report, self.clock()))

    def reprint_last(self) -> PrintOutcome | None:
        """Print again, marked as a duplicate, the last receipt a guest asked for (None: none)."""
        job = self.queue.last_receipt()
        if job is None:
            return None
        return self._print({**job, "queued_at": self.clock(),
                            "receipt": {**job["receipt"], "duplicate": True}})

    def last_receipt(self) -> Receipt | None:
        """The last receipt a guest asked for, or None."""
        job = self.queue.last_receipt()
        return receipt_of(job) if job else None

    def print_unprinted(self, name: str) -> PrintOutcome:
        """Print one of the receipts that waited too long, now that a volunteer asks for it."""
        for path, job in self.queue.unprinted(self.clock()):
            if path.name == name:
                added = self.queue.unexpire(name, {**job, "queued_at": self.clock()})
                if added is not None:
                    return self._print_from(added)
        return PrintOutcome("not printed", "this receipt is no longer waiting", "gone")

    def print_test_slip(self) -> PrintOutcome:
        """Print the test slip now. A test slip printed later would mislead: never queued."""
        data = job_bytes(print_test_slip, self.settings)
        with self._lock, self.queue.locked():
            try:
                delivery = self._deliver(data)
            except PrinterUnavailable as problem:
                return _not_done("not printed", problem)
        return PrintOutcome("printed", paper_low=delivery.paper_low,
                            confirmed=delivery.confirmed)

    def retry_queue(self) -> int:
        """Print the waiting jobs, oldest first, until one fails. Returns how many were printed."""
        with self._lock, self.queue.locked():
            printed, _ = self._drain()
        return printed

    def state(self) -> PrinterState:
        """The printer's status as last seen, with what waits on disk."""
        seen = self._seen
        problem = seen.problem
        return PrinterState(
            status=seen.status,
            last_error=str(problem) if problem else "",
            queued=len(self.queue),
            printer=printer_name(self.settings),
            error_code=problem.code if problem else "",
            error_values=dict(problem.values) if problem else {},
            damaged=len(self.queue.damaged()),
            unprinted=tuple(self.unprinted()),
            paper_low=seen.paper_low,
        )

    def unprinted(self) -> list[UnprintedReceipt]:
        """The guests' receipts that waited too long, newest first."""
        listed = []
        for path, job in self.queue.unprinted(self.clock()):
            receipt = receipt_of(job)
            listed.append(UnprintedReceipt(path.name, receipt.number, receipt.issued_at,
                                           receipt.amount_text))
        return listed

    # -- the background retry ----------------------------------------------------------------

    def start(self) -> None:
        """Start retrying the queue in the background (the app calls it once it runs)."""
        if self._retrier is not None and self._retrier.is_alive():
            return
        self._stopping.clear()
        self._retrier = threading.Thread(target=self._keep_retrying, name="print-queue retry",
                                         daemon=True)
        self._retrier.start()

    def stop(self, wait: float = 2.0) -> None:
        """Stop the background retry; a job on its way is given `wait` seconds to finish."""
        self._stopping.set()
        self._wake.set()
        if self._retrier is not None:
            self._retrier.join(wait)
            self._retrier = None

    def _keep_retrying(self) -> None:
        first, longest = self.retry_every
        pause = first
        while not self._stopping.is_set():
            if not self.queue.waiting():
                # Nothing to print: sleep until a job is queued (or now and then, for jobs
                # another kiosk process left).
                self._wake.wait(max(longest, 60.0))
                self._wake.clear()
                pause = first
                continue
            if self._stopping.wait(pause):
                return
            self._wake.clear()
            failure = self._drain_if_free()
            pause = first if failure is None else min(pause * 2, longest)

    def _drain_if_free(self) -> PrinterUnavailable | None:
        """One round of the background retry; skipped while another process prints."""
        with self._lock, self.queue.locked(wait=False) as held:
            return self._drain()[1] if held else None

    # -- printing ----------------------------------------------------------------------------

    def _print(self, job: dict) -> PrintOutcome:
        # Saved before the first attempt: a kiosk stopped mid-print loses nothing.
        try:
            path = self.queue.add(job)
        except OSError as error:
            log.error("a print job cannot be saved (%s): it is tried once, unsaved", error)
            return self._print_unsaved(job)
        return self._print_from(path)

    def _print_unsaved(self, job: dict) -> PrintOutcome:
        """A full (or read-only) disk: try the job once, after what waits, keeping nothing."""
        with self._lock, self.queue.locked():
            _, failure = self._drain()
            if failure is not None:
                return _not_done("not printed", failure)
            try:
                delivery = self._deliver(lay_out(job, self.settings))
            except PrinterUnavailable as problem:
                return _not_done("not printed", problem)
        return PrintOutcome("printed", paper_low=delivery.paper_low)

    def _print_from(self, path: Path) -> PrintOutcome:
        with self._lock, self.queue.locked():
            _, failure = self._drain()
        if path.exists():
            self._wake.set()  # the background retry takes it from here
            problem = failure or self._seen.problem
            return _not_done("queued", problem) if problem else PrintOutcome("queued")
        if (self.queue.folder / "damaged" / path.name).exists():
            return PrintOutcome("set aside", "this job cannot be laid out", "damaged")
        if (self.queue.folder / "unprinted" / path.name).exists():
            return PrintOutcome("queued", "this receipt waited too long", "expired")
        return PrintOutcome("printed", paper_low=self._seen.paper_low)

    def _drain(self) -> tuple[int, PrinterUnavailable | None]:
        """Print waiting jobs, oldest first, until one fails: (how many printed, the failure or
        None). Jobs queued meanwhile are printed too."""
        try:
            check_paper_settings(self.settings)
        except PrinterUnavailable as problem:
            self._failed(problem)
            return 0, problem
        self._expire_old_receipts()
        printed, tried = 0, set()
        while fresh := [path for path in self.queue.waiting() if path not in tried]:
            for path in fresh:
                tried.add(path)
                try:
                    printed += self._print_one(path)
                except PrinterUnavailable as problem:
                    return printed, problem
        return printed, None

    def _print_one(self, path: Path) -> bool:
        """Print one waiting job and forget it: True once printed, False when there was nothing
        to print (gone, expired, set aside). PrinterUnavailable when the printer failed."""
        job = self.queue.read(path)
        if job is None:  # printed by another process, or unreadable and set aside
            return False
        if self._expired(path, job):
            self.queue.expire(path)
            return False
        try:
            data = lay_out(job, self.settings)
        except Exception as error:  # any error of the layout: the job is at fault, not the kiosk
            self.queue.set_aside(path, f"cannot be laid out ({type(error).__name__}: {error})")
            return False
        self._deliver(data)
        self.queue.remove(path)
        return True

    def _expire_old_receipts(self) -> None:
        for path in self.queue.waiting():
            job = self.queue.read(path)
            if job is None or not self._expired(path, job):
                continue
            try:
                receipt_of(job)
            except Exception as error:  # any error: the job is at fault, as in _print_one
                self.queue.set_aside(path, f"cannot be read ({type(error).__name__}: {error})")
                continue
            self.queue.expire(path)

    def _expired(self, path: Path, job: dict) -> bool:
        """A guest's receipt asked for longer ago than `receipt_expiry` (or, after the clock was
        set back, "in the future" by as much): whoever is at the door now is someone else."""
        if job.get("kind") != "receipt":
            return False
        try:
            age = self.clock() - queued_at(path, job)
        except OSError:
            return False
        return abs(age) > self.settings.receipt_expiry * 60

    def _deliver(self, data: bytes) -> Delivery:
        """Deliver one job's bytes and note how it went."""
        try:
            delivery = deliver(self.settings, data)
        except PrinterUnavailable as problem:
            self._failed(problem)
            raise
        self._seen = _Seen("ok", None, delivery.paper_low)
        return delivery

    def _failed(self, problem: PrinterUnavailable) -> None:
        before = self._seen.problem
        self._seen = _Seen("failing", problem, self._seen.paper_low)
        # The background retry fails again and again while the printer is off: one line each
        # time the problem changes, not one every half minute.
        level = logging.DEBUG if before is not None and before.code == problem.code else (
            logging.WARNING)
        log.log(level, "printing failed: %s", problem)


def _not_done(status: str, problem: PrinterUnavailable) -> PrintOutcome:
    return PrintOutcome(status, str(problem), problem.code, dict(problem.values))


class NoPrinter:
    """The print service of a kiosk without a printer: nothing prints and nothing is queued."""

    settings = PrinterSettings(connection="none")

    def _nothing(self, *args: object) -> PrintOutcome:
        return PrintOutcome("no printer", "no printer is set up", "not_set_up",
                            {"connection": "none"})

    print_receipt = print_z_report = print_unprinted = print_membership_slip = _nothing

    def print_test_slip(self) -> PrintOutcome:
        """Print nothing: there is no printer."""
        return self._nothing()

    def reprint_last(self) -> None:
        """Nothing to reprint: without a printer no receipt is ever asked for."""
        return None

    def last_receipt(self) -> None:
        """No receipt: there is no printer."""
        return None

    def retry_queue(self) -> int:
        """Nothing to retry: without a printer nothing is ever queued."""
        return 0

    def start(self) -> None:
        """Nothing runs in the background without a printer."""

    def stop(self, wait: float = 0) -> None:
        """Nothing to stop."""

    def state(self) -> PrinterState:
        """Always "unknown": there is no printer to know about."""
        return PrinterState(status="unknown", printer="no printer")


def make_print_service(settings: PrinterSettings, queue_dir: Path) -> PrintService | NoPrinter:
    """The print service for these settings: `NoPrinter` when the connection is "none"."""
    if settings.connection == "none":
        return NoPrinter()
    return PrintService(settings, queue_dir)


def print_test_slip_now(settings: PrinterSettings, queue_dir: Path | None = None) -> PrintOutcome:
    """Print the test slip for `kiosk printer-test`, waiting for the kiosk's own jobs first when
    its queue's folder exists (so the slip never lands in the middle of a receipt)."""
    if queue_dir is not None and Path(queue_dir).is_dir():
        return PrintService(settings, queue_dir).print_test_slip()
    try:
        delivery = deliver(settings, job_bytes(print_test_slip, settings))
    except PrinterUnavailable as problem:
        return _not_done("not printed", problem)
    return PrintOutcome("printed", paper_low=delivery.paper_low, confirmed=delivery.confirmed)
