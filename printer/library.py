"""python-escpos, imported once, in one place, and kept quiet.

Left to itself, python-escpos would write over the kiosk's screen: importing it calls
`logging.basicConfig()` (a handler on the root logger that writes to the terminal), its printer
classes log through the root logger (where `logging.error` with no handler calls `basicConfig`
again), and it prints to stdout ("The media.width.pixel field of the printer profile is not
set..."). It also builds its table of printer profiles on every start (half a second) into a new
temporary folder it never removes.

So every module of `printer/` reaches python-escpos through this one: its modules log to loggers
named after them ("escpos.printer.usb"...), what they print is logged instead, a handler the import
added to the root logger is taken off again, and the profiles' table is kept in one cache folder,
written whole or not at all. Where those records go is the app's choice (its log file); a
`NullHandler` keeps Python from writing them to the terminal when the app made none.
"""

import contextlib
import io
import logging
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)
# The library's own practice for a library: records go wherever the application sends them, and
# nowhere (not the terminal) when it sends them nowhere.
logging.getLogger("printer").addHandler(logging.NullHandler())
logging.getLogger("escpos").addHandler(logging.NullHandler())

PICKLE_DIR = "ESCPOS_CAPABILITIES_PICKLE_DIR"


class _ModuleLog:
    """Stands for the `logging` module inside one python-escpos module: `logging.error(...)`
    goes to that module's own logger instead of the root logger."""

    def __init__(self, name: str) -> None:
        self._logger = logging.getLogger(name)

    def __getattr__(self, name: str):
        if name in ("debug", "info", "warning", "error", "exception", "critical", "log"):
            return getattr(self._logger, name)
        return getattr(logging, name)  # constants and classes, as the real module has them


def _said_to_log(name: str):
    """A `print` for one python-escpos module that logs what it would have printed."""
    logger = logging.getLogger(name)

    def said(*values: object, sep: str | None = " ", end: str | None = "\n", file=None,
             flush: bool = False) -> None:
        logger.info("%s", (sep if sep is not None else " ").join(map(str, values)))

    return said


def _profiles_cache() -> Path | None:
    """Where the table of printer profiles is kept between starts, or None where that is unsafe.

    The table is a pickle, which runs code when read: its folder must be this user's alone
    (another user of a shared /tmp could otherwise plant one). One folder per python-escpos
    version, so an upgrade never reads an older table.
    """
    from importlib.metadata import PackageNotFoundError, version
    from importlib.util import find_spec

    folder = Path(tempfile.gettempdir()) / f"kiosk-escpos-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = os.lstat(folder)
    except OSError:
        return None
    if (not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid()
            or found.st_mode & 0o077):
        return None
    try:
        release = version("python-escpos")
        spec = find_spec("escpos")
        table = Path(next(iter(spec.submodule_search_locations))) / "capabilities.json"
        # A reinstall of the same version would make python-escpos rewrite the table in place.
        release += f"-{table.stat().st_mtime_ns}"
    except (PackageNotFoundError, AttributeError, StopIteration, OSError):
        release = "unknown"
    return folder / release


def _import_quietly() -> None:
    """Import python-escpos with its start-up output caught and its table of profiles cached."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    cache = _profiles_cache()
    table = cache / f"{sys.version.split()[0]}.capabilities.pickle" if cache else None
    ready = table is not None and table.is_file()
    building = None if ready else Path(tempfile.mkdtemp(prefix="kiosk-escpos-"))
    previous = os.environ.get(PICKLE_DIR)
    os.environ[PICKLE_DIR] = str(cache if ready else building)
    said = io.StringIO()
    try:
        with contextlib.redirect_stdout(said):
            try:
                import escpos.capabilities  # noqa: F401  (the import is the point)
            except Exception:  # a damaged cached table: build it afresh, as on a first start
                if building is not None:
                    raise
                table.unlink(missing_ok=True)
                building = Path(tempfile.mkdtemp(prefix="kiosk-escpos-"))
                os.environ[PICKLE_DIR] = str(building)
                import escpos.capabilities  # noqa: F401
            import escpos.escpos  # noqa: F401
            import escpos.printer  # noqa: F401
    finally:
        if previous is None:
            os.environ.pop(PICKLE_DIR, None)
        else:
            os.environ[PICKLE_DIR] = previous
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    if building is not None:
        _keep_table(building, table)
    if said.getvalue().strip():
        log.info("python-escpos said on import: %s", said.getvalue().strip())


def _keep_table(building: Path, table: Path | None) -> None:
    """Move a freshly built table into the cache whole (a rename), then drop the build folder."""
    try:
        built = building / f"{sys.version.split()[0]}.capabilities.pickle"
        if table is not None and built.is_file():
            table.parent.mkdir(exist_ok=True, mode=0o700)
            os.replace(built, table)
    except OSError as error:  # a full or read-only /tmp: the next start builds it again
        log.info("the printer profiles cannot be cached: %s", error)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _silence_modules() -> None:
    """Route every python-escpos module's `logging.x(...)` and `print(...)` to its logger."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "escpos" or name.startswith("escpos.")):
            continue
        if getattr(module, "logging", None) is logging:
            module.logging = _ModuleLog(name)
        module.print = _said_to_log(name)


_import_quietly()
_silence_modules()

# Imported only once python-escpos is quiet (E402 on purpose: the order is the point).
from escpos.capabilities import get_profile  # noqa: E402
from escpos.codepages import CodePages  # noqa: E402
from escpos.escpos import Escpos  # noqa: E402
from escpos.exceptions import DeviceNotFoundError  # noqa: E402
from escpos.magicencode import Encoder  # noqa: E402
from escpos.printer import Dummy, File, Network, Serial, Usb  # noqa: E402

__all__ = ["CodePages", "DeviceNotFoundError", "Dummy", "Encoder", "Escpos", "File", "Network",
           "Serial", "Usb", "get_profile"]
