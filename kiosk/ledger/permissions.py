"""Who may read the cantine's files: the kiosk's user, its group at most, nobody else.

Every command tightens the process's umask (new files 0640, new folders 0750) and takes "other"
access off the data dir itself when the kiosk's user owns it, so a data dir made by an older
kiosk, or by `git clone`, stops being readable by every account on the machine. kiosk.toml, which
holds the PIN's hash, is written 0600. `kiosk doctor` names whatever is still readable.
"""

import os
import stat
from pathlib import Path

UMASK = 0o027  # no write for the group, nothing for others
SETTINGS_MODE = 0o600


def tighten_umask() -> None:
    """Files and folders made from now on are not readable by other users (a stricter umask
    already set is kept)."""
    current = os.umask(0)
    os.umask(current | UMASK)


def protect(data_dir: Path) -> None:
    """Take other users' access off `data_dir` when it is ours (and exists)."""
    try:
        found = os.stat(data_dir)
    except OSError:
        return
    mode = stat.S_IMODE(found.st_mode)
    if stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and mode & UMASK:
        try:
            os.chmod(data_dir, mode & ~UMASK)
        except OSError:
            pass  # a read-only disk: `kiosk doctor` says so


def readable_by_others(data_dir: Path) -> list[Path]:
    """What other users of the machine can read: the data dir when they may enter it (and then
    the files in it they may read), and kiosk.toml once it holds the PIN's hash unless 0600."""
    data_dir = Path(data_dir)
    exposed = []
    settings = data_dir / "kiosk.toml"
    if _mode(settings) & 0o077 and b"pin_hash" in _bytes(settings):
        exposed.append(settings)
    if not _mode(data_dir) & 0o005:
        return exposed  # nobody else may enter it: what is inside is out of their reach
    exposed.insert(0, data_dir)
    for folder in ("ledger", "print-queue", "exports"):
        if (data_dir / folder).is_dir():
            exposed += [path for path in sorted((data_dir / folder).rglob("*"))
                        if not path.is_symlink() and _mode(path) & 0o004]
    return exposed


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0
