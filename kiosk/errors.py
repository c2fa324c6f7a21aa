"""Errors meant for a person: each reads as one sentence saying what is wrong and what to do.

One way to raise an error a screen may show, in any part of `kiosk/`:

    raise FormError(f"{text!r} is not a time like 12:30", "time", text=text)

- the first argument is the English sentence, for the command line (`kiosk: ...`, exit 2) and
  the log file;
- the second is the error's `code`, a short name in the cantine's words (`time`,
  `already_voided`); a subclass may give a default `code` for all its errors instead;
- the keywords are its `values`, plain and language-neutral: texts typed by a person, numbers,
  days; money as int cents under a name that is `amount` or ends in `_amount`, which screens
  write in the reader's locale.

A screen shows `forms.<code>` of the reader's catalogue with those values (the `[forms]` section
of `kiosk/settings/catalogues/*.toml` holds every refusal a screen can show, not only the forms'),
through `screens.volunteers.base.problem_words`. Every code needs its sentence in every catalogue:
tests/test_error_words.py finds each code raised in `kiosk/` and fails when a catalogue lacks it.
An error that reaches a screen without a code is shown as a general sentence, its English is
written to the log, never painted.
"""

import errno
from pathlib import Path


class KioskError(Exception):
    """A refusal the person at the kiosk or the shell can act on. Exit status 2 on the CLI.

    `code` names its sentence in the catalogues (`forms.<code>`), `values` fill it in.
    """

    exit_status = 2
    code: str = ""

    def __init__(self, sentence: str = "", code: str = "", /, **values: object):
        super().__init__(sentence)
        if code:
            self.code = code
        self.values = values


def is_money_value(name: str) -> bool:
    """Whether the error value `name` holds int cents that screens write as money."""
    return name == "amount" or name.endswith("_amount")


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
        code, advice = _DISK_WORDS.get(
            error.errno, ("disk_error", f"{(error.strerror or str(error)).lower()}"))
        super().__init__(f"cannot use {where}: {advice}; {consequence}", code, path=str(where))
        self.error = error
