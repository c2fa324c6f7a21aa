"""`kiosk doctor`: check what can be checked on the machine that runs the kiosk.

Each check gives one finding: ok, or a problem in words that say what to fix. The doctor reads and
never repairs; the only thing it writes is a probe file in the data dir, removed at once.
"""

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.errors import KioskError
from kiosk.ledger.book import Ledger
from kiosk.ledger.storage import UnreadableLedgerFile
from kiosk.ledger.verify import verify
from kiosk.settings.config import Config, ConfigError, load_config
from printer.settings import PrinterSettings

MIN_FREE_BYTES = 500 * 1024 * 1024
# A Pi without a clock battery boots at its last saved time or in 1970: anything before this
# release's year is certainly wrong.
BUILD_YEAR = 2026


@dataclass(frozen=True)
class Finding:
    """The outcome of one check: what was looked at, whether it is fine, and what was found."""

    check: str
    ok: bool
    said: str
    warning: bool = False  # fine to open, but someone should look (a service left open...)

    def line(self) -> str:
        """One line for the terminal: `ok     ledger: ...`, `WARNING service: ...` or
        `PROBLEM ledger: ...`."""
        state = "PROBLEM" if not self.ok else "WARNING" if self.warning else "ok     "
        return f"{state} {self.check}: {self.said}"


def examine(data_dir: Path, now: datetime | None = None,
            min_free: int = MIN_FREE_BYTES) -> list[Finding]:
    """Every check, in the order a person would fix things: folder, config, ledger, the rest."""
    data_dir = Path(data_dir)
    now = now or datetime.now(UTC)
    findings = [check_data_dir(data_dir)]
    config, config_finding = check_config(data_dir)
    findings.append(config_finding)
    findings.append(check_ledger(data_dir))
    findings.append(check_service(data_dir, config, now))
    findings.append(check_printer(config.printer, data_dir / "print-queue") if config else
                    Finding("printer", False, "not checked: fix kiosk.toml first"))
    findings.append(check_clock(data_dir, now))
    findings.append(check_disk(data_dir, min_free))
    return findings


def check_data_dir(data_dir: Path) -> Finding:
    """The data dir exists and the kiosk's user can create files in it (and in ledger/)."""
    if not data_dir.is_dir():
        return Finding("data dir", False, f"{data_dir} does not exist: create it, owned by the "
                                          "user that runs the kiosk")
    for folder in (data_dir, data_dir / "ledger"):
        if not folder.exists():
            continue
        try:
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
                pass
        except OSError as error:
            return Finding("data dir", False, f"{folder} is not writable ({error.strerror}): "
                                              f"chown it to the user that runs the kiosk")
    return Finding("data dir", True, f"{data_dir.resolve()} is writable")


def check_config(data_dir: Path) -> tuple[Config | None, Finding]:
    """kiosk.toml reads and every value is usable (or there is none: defaults)."""
    try:
        config = load_config(data_dir)
    except ConfigError as error:
        return None, Finding("config", False, str(error))
    except OSError as error:
        return None, Finding("config", False, f"cannot read kiosk.toml: {error.strerror}")
    if config.source is None:
        return config, Finding("config", True, "no kiosk.toml: running on defaults")
    return config, Finding("config", True, f"{config.source} is valid")


def check_ledger(data_dir: Path) -> Finding:
    """Every ledger file reads and the hash chain is intact (`kiosk verify`)."""
    folder = data_dir / "ledger"
    if not folder.is_dir():
        return Finding("ledger", True, "no ledger yet: it starts with the first visit")
    try:
        verdict = verify(Ledger(folder, read_only=True))
    except (OSError, UnreadableLedgerFile) as error:
        return Finding("ledger", False, f"cannot read {folder}: {error}")
    if not verdict.ok:
        return Finding("ledger", False, f"{verdict.problem}: keep the files as they are and "
                                        "restore the day from the backup")
    return Finding("ledger", True, f"{verdict.entries} entries in {verdict.files} files, "
                                   "chain intact")


def check_printer(settings: PrinterSettings, queue_dir: Path | None = None) -> Finding:
    """The configured printer answers and is ready (online, paper in), within its timeout.

    The same readiness check as every print job (`printer.connection.open_printer`): nothing is
    printed. A file "printer" is only checked to be writable.
    """
    from printer.connection import PrinterUnavailable, open_printer, printer_name

    if settings.connection == "none":
        return Finding("printer", True, "no printer configured ([printer] connection = \"none\")")
    if settings.connection == "file":
        target = Path(settings.path)
        if not settings.path or not os.access(target.parent, os.W_OK):
            return Finding("printer", False, f"cannot write the printer file {settings.path!r}: "
                                             "fix [printer] path")
        return Finding("printer", True, f"printer file {target} can be written")
    waiting = _queued(queue_dir)
    try:
        with open_printer(settings):
            pass
    except PrinterUnavailable as error:
        return Finding("printer", False, f"{error}{waiting}: see 'A receipt printer' in "
                                         "README.md, then "
                                         "`kiosk printer-test`")
    return Finding("printer", True, f"{printer_name(settings)} is ready{waiting}")


def _queued(queue_dir: Path | None) -> str:
    if queue_dir is None or not queue_dir.is_dir():
        return ""
    from printer.service import PrintQueue

    count = len(PrintQueue(queue_dir))
    return f" ({count} receipt{'s' if count > 1 else ''} waiting to print)" if count else ""


def check_service(data_dir: Path, config: Config | None, now: datetime) -> Finding:
    """A warning when a service is still open from an earlier day: it was never closed, and
    every new visit joins it until it is."""
    timezone = config.cantine.timezone if config else "Europe/Paris"
    folder = data_dir / "ledger"
    try:
        place = Ledger(folder, timezone, read_only=True).open_service()
    except (OSError, KioskError):
        return Finding("service", True, "not checked: the ledger cannot be read", warning=True)
    if place is None:
        return Finding("service", True, "no service open: the next visit opens one")
    from kiosk.books.service import stale

    day, number = place
    local = now.astimezone(ZoneInfo(timezone))
    if day > local.date().isoformat():
        return Finding("service", True, f"service {number} of {day} is open, a day still to come: "
                                        "the clock was ahead when it opened; close it from the "
                                        "volunteers' area (z)", warning=True)
    if stale(day, local):
        return Finding("service", True, f"service {number} of {day} is still open: close it from "
                                        "the volunteers' area (z) before the next service; until "
                                        f"then every visit counts in {day}", warning=True)
    return Finding("service", True, f"service {number} of {day} is open")


def check_clock(data_dir: Path, now: datetime) -> Finding:
    """The clock is not before this release's year nor before the last entry of the ledger.

    Only the last entry counts: one entry given a wrong time is outweighed by the next one
    written at the right time, so it cannot keep the clock "wrong" until its date comes.
    """
    if now.year < BUILD_YEAR:
        return Finding("clock", False, f"the clock says {now:%Y-%m-%d %H:%M}: set the time (a Pi "
                                       "without network or clock battery forgets it)")
    last = _last_entry(data_dir / "ledger")
    if last is not None and now < datetime.fromisoformat(last["ts"]):
        seq, when = last["seq"], last["ts"][:16]
        undo = (f"void it with `kiosk void {seq} --reason \"wrong time\"`"
                if last["kind"] == "visit" else "the next entry written at the right time ends "
                                                "this")
        return Finding("clock", False, f"the clock ({now.isoformat(timespec='minutes')}) is "
                                       f"behind the last ledger entry, {seq} ({when}): set the "
                                       f"time before opening the kiosk; if the clock is right, "
                                       f"entry {seq} was given a wrong time: {undo}")
    return Finding("clock", True, f"{now.isoformat(timespec='seconds')} looks right")


def _last_entry(folder: Path) -> dict | None:
    """The newest entry of the ledger (by its number, not its time), read-only."""
    try:
        return Ledger(folder, read_only=True).latest_where(lambda _: True, skip_damaged=True)
    except (OSError, KioskError):
        return None  # the ledger check reports an unreadable ledger


def check_disk(data_dir: Path, min_free: int = MIN_FREE_BYTES) -> Finding:
    """Enough free space on the data dir's disk for ledger files, exports and the print queue."""
    if not data_dir.exists():
        return Finding("disk", False, f"cannot measure free space: {data_dir} does not exist")
    free = shutil.disk_usage(data_dir).free
    said = f"{free / 1024**2:,.0f} MB free on the data dir's disk"
    if free < min_free:
        return Finding("disk", False, f"only {said} (under {min_free / 1024**2:,.0f} MB): "
                                      "free some space or use a bigger card")
    return Finding("disk", True, said)

def register(commands) -> None:
    parser = commands.add_parser(
        "doctor", help="check the data dir, ledger, config, printer, clock and disk")
    parser.set_defaults(handler=run)


def run(args) -> int:
    findings = examine(args.data_dir)
    for finding in findings:
        print(finding.line())
    problems = sum(not finding.ok for finding in findings)
    if problems:
        print(f"{problems} problem{'s' if problems > 1 else ''} to fix before opening the kiosk")
        return 1
    return 0
