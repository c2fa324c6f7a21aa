"""`kiosk doctor`: check what can be checked on the machine that runs the kiosk.

Each check gives one finding: ok, or a problem in words that say what to fix. The doctor reads and
never repairs; it writes only a probe file in the data dir, removed at once, and, on a kiosk with
no volunteers' PIN, the one-time setup code it prints (kiosk.settings.pin_guard).
"""

import grp
import os
import pwd
import shutil
import stat
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.errors import KioskError
from kiosk.ledger.permissions import readable_by_others
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
    findings.append(check_pin(data_dir, config) if config else
                    Finding("pin", False, "not checked: fix kiosk.toml first"))
    findings.append(check_ledger(data_dir))
    findings.append(check_service(data_dir, config, now))
    findings.append(check_printer(config.printer, data_dir / "print-queue") if config else
                    Finding("printer", False, "not checked: fix kiosk.toml first"))
    findings.append(check_clock(data_dir, now))
    findings.append(check_disk(data_dir, min_free))
    findings.append(check_privacy(data_dir))
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


def check_pin(data_dir: Path, config: Config) -> Finding:
    """A volunteers' PIN is set (else the way to set one), and whether wrong tries locked it."""
    from kiosk.settings.pin_guard import PinGuard, setup_code

    guard = PinGuard(data_dir)
    key = config.kiosk.volunteer_key.upper()
    if not guard.stored:
        if not data_dir.is_dir():
            return Finding("pin", False, "no volunteers' PIN is set: run `kiosk set-pin`")
        try:
            code = setup_code(data_dir)
        except OSError as error:
            return Finding("pin", False, f"no volunteers' PIN is set: run `kiosk set-pin` (no "
                                         f"setup code could be made: {error.strerror})")
        return Finding("pin", False, f"no volunteers' PIN is set: run `kiosk set-pin` here, or "
                                     f"press {key} at the kiosk, type the one-time setup code "
                                     f"{code} and choose the PIN there")
    locked = guard.seconds_locked()
    if locked > 0:
        minutes = int(locked // 60 + 1)
        return Finding("pin", True, f"set; the prompt is locked for {minutes} more "
                                    f"minute{'s' if minutes > 1 else ''} after wrong tries "
                                    "(`kiosk set-pin` unlocks it)")
    return Finding("pin", True, f"set (volunteers press {key}, then type it)")


def check_ledger(data_dir: Path) -> Finding:
    """Every ledger file reads and the hash chain is intact (`kiosk verify`)."""
    # The ledger's modules load here, not with the command line: every command's module is
    # loaded for `kiosk --help`, `kiosk run` (one per browser tab) included.
    from kiosk.ledger.answers import SurveyCounts
    from kiosk.ledger.book import Ledger
    from kiosk.ledger.storage import UnreadableLedgerFile
    from kiosk.ledger.verify import verify

    folder = data_dir / "ledger"
    if not folder.is_dir():
        return Finding("ledger", True, "no ledger yet: it starts with the first visit")
    try:
        verdict = verify(Ledger(folder, read_only=True))
    except (OSError, UnreadableLedgerFile) as error:
        return Finding("ledger", False, f"cannot read {folder}: {error}")
    if verdict.ok:
        verdict.problem = SurveyCounts(Ledger(folder)).check().problem
    if not verdict.ok:
        return Finding("ledger", False, f"{verdict.problem}: keep the files as they are and "
                                        "restore the day from the backup")
    return Finding("ledger", True, f"{verdict.entries} entries in {verdict.files} files, "
                                   "chain intact")


def check_printer(settings: PrinterSettings, queue_dir: Path | None = None) -> Finding:
    """The configured printer answers and is ready (online, paper in), within its timeout.

    The same readiness check as every print job (`printer.connection.check_ready`): nothing is
    printed. A printer file is first checked itself: it exists, it is a device (or a plain file
    standing for one), and the kiosk's user may write it. The queue's state is told along.
    """
    from printer.connection import PrinterUnavailable, check_ready, printer_name

    if settings.connection == "none":
        return Finding("printer", True, "no printer configured ([printer] connection = \"none\")")
    if settings.connection == "file":
        problem = printer_file_problem(settings.path)
        if problem:
            return Finding("printer", False, problem)
    waiting = _queue_news(queue_dir)
    try:
        readiness = check_ready(settings)
    except PrinterUnavailable as error:
        return Finding("printer", False, f"{error}{waiting}: see 'A receipt printer' in "
                                         "README.md, then `kiosk printer-test`")
    if not readiness.confirmed:
        said = (f"printer file {settings.path} can be written"
                if settings.connection == "file" else f"{printer_name(settings)} can be reached")
        return Finding("printer", True, f"{said} (it is not asked whether it is ready){waiting}")
    low = "; its paper roll is nearly finished" if readiness.paper_low else ""
    return Finding("printer", True, f"{printer_name(settings)} is ready{low}{waiting}")


def printer_file_problem(path: str) -> str:
    """What stops the kiosk's user from writing the printer file `path`, and the fix; "" if
    nothing does."""
    if not path:
        return 'no printer file is set: set path in [printer], e.g. path = "/dev/usb/lp0"'
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return (f"the printer file {path} does not exist: plug the printer in and switch it on "
                "(the system then makes it), or fix path in [printer]")
    except OSError as error:
        return f"the printer file {path} cannot be looked at ({error.strerror}): fix its folder"
    if stat.S_ISDIR(found.st_mode):
        return f"{path} is a folder, not a printer: fix path in [printer] (e.g. /dev/usb/lp0)"
    device = stat.S_ISCHR(found.st_mode)
    if not device and not stat.S_ISREG(found.st_mode):
        return (f"{path} is neither a printer device nor a file: fix path in [printer] "
                "(e.g. /dev/usb/lp0)")
    if os.access(path, os.W_OK):
        return ""
    user = _user_name()
    if device:
        group = _group_name(found.st_gid)
        return (f"the kiosk's user ({user}) may not write the printer {path}: "
                f"sudo usermod -aG {group} {user}, then log in again (or restart the service)")
    return (f"the kiosk's user ({user}) may not write the file {path}: "
            f"sudo chown {user} {path}")


def _user_name() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _queue_news(queue_dir: Path | None) -> str:
    """What waits in the print queue, in a few words ("" when nothing)."""
    if queue_dir is None or not queue_dir.is_dir():
        return ""
    from printer.print_queue import PrintQueue

    queue = PrintQueue(queue_dir)
    news = [_count(len(queue), "receipt or report waiting to print",
                   "receipts or reports waiting to print"),
            _count(len(queue.damaged()), "unreadable job set aside in print-queue/damaged/",
                   "unreadable jobs set aside in print-queue/damaged/"),
            _count(len(list((queue_dir / "unprinted").glob("*.json"))),
                   "receipt that waited too long (see the volunteers' tally)",
                   "receipts that waited too long (see the volunteers' tally)")]
    news = [item for item in news if item]
    return f" ({'; '.join(news)})" if news else ""


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}" if count else ""


def check_service(data_dir: Path, config: Config | None, now: datetime) -> Finding:
    """A warning when a service is still open from an earlier day: it was never closed, and
    every new visit joins it until it is."""
    from kiosk.ledger.book import Ledger

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
    from kiosk.ledger.book import Ledger

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

def check_privacy(data_dir: Path) -> Finding:
    """No other user of the machine can read the cantine's files (kiosk.toml: not even the
    group)."""
    exposed = readable_by_others(data_dir)
    if exposed:
        names = ", ".join(str(path) for path in exposed[:3]) + (" ..." if len(exposed) > 3 else "")
        return Finding("privacy", False, f"other users can read {names}: run "
                                         f"chmod -R o-rwx {data_dir} && chmod 600 "
                                         f"{data_dir / 'kiosk.toml'}")
    return Finding("privacy", True, "only the kiosk's user (and its group) can read its files")


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
