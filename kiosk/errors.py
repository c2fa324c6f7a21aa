"""Errors meant for a person: each reads as one sentence saying what is wrong and what to do.

A refusal a volunteer's screen may show carries a `code` (its sentence is `forms.<code>` in every
catalogue) and the `values` that sentence names; its English text is for the command line.
"""

import errno
from pathlib import Path


class KioskError(Exception):
    """A refusal the person at the kiosk or the shell can act on. Exit status 2 on the CLI."""

    exit_status = 2


# What the person can do about an OS error on the data dir, by its errno: (code, English).
_DISK_WORDS = {
    errno.ENOSPC: ("disk_full", "the disk is full: free some space (old exports, logs) and "
                                "try again"),
    errno.EDQUOT: ("disk_full", "the disk quota is used up: free some space and try again"),
    errno.EFBIG: ("disk_full", "a file size limit was reached: free some space or raise the "
                              "limit, and try again"),
    errno.EROFS: ("read_only", "the disk is read-only (a failing SD card is often remounted so): "
                               "run `kiosk doctor` and check the card"),
    errno.EACCES: ("no_permission", "no permission: run the kiosk as the user that owns the data "
                                    "dir (sudo -u kiosk ...), or give it the files with chown"),
    errno.EPERM: ("no_permission", "not permitted: run the kiosk as the user that owns the data "
                                   "dir (sudo -u kiosk ...), or give it the files with chown"),
    errno.EIO: ("disk_error", "the disk answered with an input/output error: the SD card may be "
                              "failing; run `kiosk doctor` and make a backup"),
}


class DiskProblem(KioskError):
    """An OS error on a file of the kiosk (disk full, read-only, no permission...), said as what
    to do about it."""

    def __init__(self, error: OSError, path: Path | str | None = None,
                 consequence: str = "nothing was written"):
        where = path if path is not None else (error.filename or "a file")
        self.code, advice = _DISK_WORDS.get(
            error.errno, ("disk_error", f"{(error.strerror or str(error)).lower()}"))
        self.values = {"path": str(where)}
        self.error = error
        super().__init__(f"cannot use {where}: {advice}; {consequence}")
