"""The `kiosk` command line: `kiosk [--data-dir DIR] COMMAND`.

Bad input exits with status 2 and one line on stderr, and writes nothing. So does an error of the
disk (full, read-only, no permission), with what to do about it. A closed pipe (`kiosk tally |
head`) ends the command quietly.
"""

import argparse
import importlib
import os
import sys
from pathlib import Path

from kiosk.errors import DiskProblem, KioskError

# Each module registers its sub-commands; the order is the order of `kiosk --help`.
COMMAND_MODULES = (
    "kiosk.commands.record",
    "kiosk.commands.void",
    "kiosk.commands.verify",
    "kiosk.commands.demo",
    "kiosk.commands.printer_test",
    "kiosk.commands.tally",
    "kiosk.commands.set_pin",
    "kiosk.commands.export",
    "kiosk.commands.report",
    "kiosk.commands.doctor",
)
# The commands that draw (`run`, `serve`) belong to the screens, which depend on this core and
# never the reverse: the core knows them only by this name, and imports nothing of Textual.
DRAWING_COMMANDS = "screens.commands"
# The commands that write the cantine's files; they also close its data dir to other users
# (the others only read, and `kiosk doctor` reports what it finds open instead).
WRITERS = frozenset({"run", "serve", "record", "void", "set-pin", "demo"})
SIGPIPE_STATUS = 128 + 13  # what a shell reports for a command stopped by a closed pipe


class UsageError(Exception):
    """Bad input on the command line: reported as one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, as scripts expect."""

    def error(self, message: str) -> None:  # argparse's contract: never returns
        """Raise the message instead of printing usage and exiting."""
        raise UsageError(message)


def data_folder(text: str) -> Path:
    """--data-dir: a folder's path, never empty (an empty one would mean the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("it is empty: give the cantine's data folder")
    return Path(text)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, with every sub-command registered."""
    parser = _Parser(prog="kiosk", description="The door kiosk of a Petite Cantine.")
    parser.add_argument(
        "--data-dir",
        type=data_folder,
        default=None,
        help="the cantine's data folder (default: $KIOSK_DATA_DIR, then ./data)",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    for name in (DRAWING_COMMANDS, *COMMAND_MODULES):
        importlib.import_module(name).register(commands)
    return parser


def data_dir_from(args: argparse.Namespace) -> Path:
    """The data folder the command works on: --data-dir, then $KIOSK_DATA_DIR, then ./data."""
    folder = args.data_dir if args.data_dir is not None else Path(
        os.environ.get("KIOSK_DATA_DIR") or "data")
    if os.path.lexists(folder) and not folder.is_dir():
        what = "a broken link" if folder.is_symlink() and not folder.exists() else "a file"
        raise UsageError(f"the data dir {folder} is {what}, not a folder")
    return folder


def main(argv: list[str] | None = None) -> int:
    """Run one `kiosk` command and return its exit status."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            args = parser.parse_args([*argv, "run"])
        args.data_dir = data_dir_from(args)
        # The cantine's files are for the kiosk's user alone, whatever the command creates.
        from kiosk.ledger.permissions import protect, tighten_umask

        tighten_umask()
        if args.command in WRITERS:
            protect(args.data_dir)
        return args.handler(args) or 0
    except BrokenPipeError:
        return _quiet_after_closed_pipe()
    except (UsageError, KioskError) as error:
        return _refused(error, getattr(error, "exit_status", 2))
    except OSError as error:
        return _refused(DiskProblem(error), 2)
    except KeyboardInterrupt:
        return 130


def _refused(error: Exception, status: int) -> int:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return _quiet_after_closed_pipe()
    line = " ".join(str(error).split())  # one line, whatever the error's text held
    print(f"kiosk: {line}", file=sys.stderr)
    return status


def _quiet_after_closed_pipe() -> int:
    """The reader of our output went away (`| head`): stop, say nothing, and let Python's own
    last flush go nowhere instead of printing a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return SIGPIPE_STATUS
