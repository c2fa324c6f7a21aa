"""The print queue on disk: every job is saved before it is tried and removed only once printed.

In the queue's folder (`data/print-queue/`):

- `<time>-<random>.json`: the jobs waiting, oldest first: receipts and Z reports kept as plain
  values (their words, never printer bytes, so a changed printer profile still prints them);
- `damaged/`: jobs that cannot be read or laid out (written by another version, a flipped bit),
  set aside with one log line and kept for a person to look at;
- `unprinted/`: guest receipts that waited longer than `receipt_expiry`, which are not printed to
  whoever is at the door by then; the volunteers see them and print one on request;
- `reprint/last-receipt.json`: the last receipt a guest asked for, for "reprint the last receipt";
- `.lock`: held while printing, so two kiosk processes never print one job twice.

Every file is written whole (temporary file, fsync, rename, fsync of the folder).
"""

import dataclasses
import fcntl
import json
import logging
import math
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from printer.layout import (
    as_z_report,
    job_bytes,
    print_membership_slip,
    print_receipt,
    print_z_report,
)
from printer.receipt import MembershipSlip, Receipt, ZReport
from printer.settings import PrinterSettings

log = logging.getLogger(__name__)

JOB_FORMAT = 2
DAMAGED = "damaged"
UNPRINTED = "unprinted"
LAST_RECEIPT = Path("reprint") / "last-receipt.json"
# Unprinted receipts are paper copies of what the ledger holds: kept a week, then forgotten, so
# the folder does not grow for ever on a kiosk whose printer stays broken.
KEEP_UNPRINTED_SECONDS = 7 * 24 * 3600


def receipt_job(receipt: Receipt, queued_at: float) -> dict:
    """A guest's receipt as a job: its fields as plain JSON values, and when it was asked for."""
    return {"format": JOB_FORMAT, "kind": "receipt", "queued_at": queued_at,
            "receipt": dataclasses.asdict(receipt)}


def z_report_job(report: ZReport | list[str], queued_at: float) -> dict:
    """A Z report as a job: its title, header, rows and lines as plain JSON values."""
    return {"format": JOB_FORMAT, "kind": "z_report", "queued_at": queued_at,
            "z_report": dataclasses.asdict(as_z_report(report))}


def membership_slip_job(slip: MembershipSlip, queued_at: float) -> dict:
    """A membership slip as a job: its fields as plain JSON values."""
    return {"format": JOB_FORMAT, "kind": "membership_slip", "queued_at": queued_at,
            "membership_slip": dataclasses.asdict(slip)}


def receipt_of(job: dict) -> Receipt:
    """The receipt a job holds (TypeError, KeyError, ValueError... when it holds none)."""
    if job.get("kind") != "receipt":
        raise ValueError(f"not a receipt: {job.get('kind')!r}")
    return _from_fields(Receipt, job["receipt"])


def lay_out(job: dict, settings: PrinterSettings) -> bytes:
    """The bytes of a queued job, laid out with today's settings.

    Raises whatever a job that is not one makes the layout raise (a missing field, a wrong type):
    the caller sets such a job aside.
    """
    if job["kind"] == "receipt":
        return job_bytes(print_receipt, settings, receipt_of(job))
    if job["kind"] == "membership_slip":
        return job_bytes(print_membership_slip, settings,
                         _from_fields(MembershipSlip, job["membership_slip"]))
    if job["kind"] == "z_report":
        fields = job["z_report"]
        report = ZReport(
            title=str(fields["title"]),
            rows=tuple((str(label), str(value)) for label, value in fields.get("rows", ())),
            lines=tuple(str(line) for line in fields.get("lines", ())),
            header=tuple(str(line) for line in fields.get("header", ())),
        )
        return job_bytes(print_z_report, settings, report)
    raise ValueError(f"unknown print job kind {job['kind']!r}")


def _from_fields(value_class, fields: dict):
    """Rebuild a value from stored fields, ignoring fields the class no longer has."""
    known = {field.name for field in dataclasses.fields(value_class)}
    value = value_class(**{name: fields[name] for name in fields if name in known})
    for field in dataclasses.fields(value_class):
        # A job written by another version may hold a number where words are laid out.
        if field.type in (str, int, bool) and not isinstance(getattr(value, field.name),
                                                             field.type):
            raise TypeError(f"{field.name} is not a {field.type.__name__}")
    return value


class PrintQueue:
    """The jobs waiting for the printer, and those set aside, in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def add(self, job: dict) -> Path:
        """Keep `job` durably; its file name sorts after every job already waiting."""
        # The time first, so names sort oldest first; the random part keeps processes apart.
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.json"
        return self._write(self.folder / name, job)

    def waiting(self) -> list[Path]:
        """The job files, oldest first."""
        return sorted(self.folder.glob("*.json"))

    def __len__(self) -> int:
        return len(self.waiting())

    def read(self, path: Path) -> dict | None:
        """The job in `path`; None when it is gone (printed by another process) or unreadable
        (then it is set aside)."""
        try:
            job = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            self.set_aside(path, f"unreadable ({error})")
            return None
        if not isinstance(job, dict):
            self.set_aside(path, "not a print job")
            return None
        return job

    def remove(self, path: Path) -> None:
        """Forget a job once it is printed."""
        path.unlink(missing_ok=True)
        _sync_folder(self.folder)

    def set_aside(self, path: Path, why: str) -> None:
        """Move a job that cannot be printed to `damaged/`, with one log line; it is kept."""
        self._move(path, DAMAGED)
        log.error("print job %s set aside in %s/: %s", path.name, DAMAGED, why)

    def expire(self, path: Path) -> None:
        """Move a guest's receipt that waited too long to `unprinted/`."""
        self._move(path, UNPRINTED)
        log.info("receipt %s waited too long: moved to %s/", path.name, UNPRINTED)

    def unexpire(self, name: str, job: dict) -> Path | None:
        """Put an unprinted receipt back in the queue, as asked now; None if it is gone."""
        path = self.folder / UNPRINTED / name
        if not path.is_file():
            return None
        added = self.add(job)
        path.unlink(missing_ok=True)
        _sync_folder(path.parent)
        return added

    def damaged(self) -> list[Path]:
        """The jobs set aside, oldest first."""
        return sorted((self.folder / DAMAGED).glob("*"))

    def unprinted(self, now: float) -> list[tuple[Path, dict]]:
        """The receipts that waited too long, newest first; those older than a week are dropped."""
        found = []
        for path in sorted((self.folder / UNPRINTED).glob("*.json"), reverse=True):
            try:
                job = json.loads(path.read_text(encoding="utf-8"))
                receipt_of(job)
            except FileNotFoundError:
                continue
            except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
                self.set_aside(path, f"unreadable ({error})")
                continue
            if now - queued_at(path, job) > KEEP_UNPRINTED_SECONDS:
                path.unlink(missing_ok=True)
                continue
            found.append((path, job))
        return found

    def keep_last_receipt(self, job: dict) -> None:
        """Remember the receipt a guest just asked for, for a volunteer's reprint.

        Without the moment it was asked, in its bytes or in the file's time: beside the visit's
        time, it would say how long the guest stayed after paying (on the survey, perhaps).
        """
        path = self.folder / LAST_RECEIPT
        path.parent.mkdir(exist_ok=True)
        self._write(path, {key: value for key, value in job.items() if key != "queued_at"})
        os.utime(path, (0, 0))

    def last_receipt(self) -> dict | None:
        """The last receipt a guest asked for, as its job; None if there is none (or unreadable)."""
        try:
            job = json.loads((self.folder / LAST_RECEIPT).read_text(encoding="utf-8"))
            receipt_of(job)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
            log.error("the last receipt cannot be read (%s): nothing to reprint", error)
            return None
        return job

    @contextmanager
    def locked(self, wait: bool = True) -> Iterator[bool]:
        """Hold the folder's lock file, against other processes printing from the same queue.

        Yields False at once, holding nothing, when `wait` is False and another holds it.
        """
        with open(self.folder / ".lock", "a") as lock_file:
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def _write(self, path: Path, job: dict) -> Path:
        # A name of its own: two threads may keep the last receipt at the same moment.
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            with open(temporary, "w", encoding="utf-8") as file:
                json.dump(job, file, ensure_ascii=False)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)  # a full disk leaves no half-written job behind
            raise
        _sync_folder(path.parent)
        return path

    def _move(self, path: Path, folder: str) -> None:
        target = self.folder / folder
        target.mkdir(exist_ok=True)
        try:
            os.replace(path, target / path.name)
        except FileNotFoundError:
            return
        _sync_folder(target)
        _sync_folder(self.folder)


def queued_at(path: Path, job: dict) -> float:
    """When a job was asked for (seconds since the epoch): its own record, else its file name
    (a job of an older version), else the file's modification time."""
    value = job.get("queued_at")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    stamp = path.name.split("-", 1)[0]
    if stamp.isdigit() and len(stamp) == 20:
        return int(stamp) / 1e9
    return path.stat().st_mtime


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
