"""A CPU limit for `make bench-pi`: a cgroup allowed 25 % of one core, a stand-in for a Pi 4.

The cgroup is created by the bench and removed after it (cgroup v2 `cpu.max`, or v1
`cpu.cfs_quota_us`). Measured processes join it as they start (`join_limit`, run in the child
between fork and exec), so everything they start (the served kiosk's app processes) is limited
too, while the bench's own harness and the browser are not. When the machine refuses (not root,
no cpu controller, a read-only /sys), the bench says so in one line and runs unlimited.
"""

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

PERIOD_US = 100_000
SHARE = 0.25  # of one core
# The cgroup's `procs` file, for the processes the bench starts; unset when nothing is limited.
PROCS_VARIABLE = "BENCH_CGROUP_PROCS"


class Refused(Exception):
    """The machine did not let the bench create a limited cgroup."""


def cpu_controllers(mounts: str) -> tuple[Path | None, Path | None]:
    """Where cgroup v2 (with the cpu controller on offer) and v1's cpu controller are mounted,
    read from the text of /proc/mounts."""
    v2 = v1 = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        where, kind, options = Path(fields[1]), fields[2], fields[3].split(",")
        if kind == "cgroup2" and v2 is None:
            offered = where / "cgroup.controllers"
            if offered.exists() and "cpu" in offered.read_text().split():
                v2 = where
        elif kind == "cgroup" and "cpu" in options and v1 is None:
            v1 = where
    return v2, v1


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="ascii")


def create_limited(name: str, share: float = SHARE) -> Path:
    """A new cgroup `name` allowed `share` of one core; its folder. Refused when not allowed."""
    quota = int(PERIOD_US * share)
    v2, v1 = cpu_controllers(Path("/proc/mounts").read_text())
    try:
        if v2 is not None:
            _write(v2 / "cgroup.subtree_control", "+cpu")
            group = v2 / name
            group.mkdir()
            _write(group / "cpu.max", f"{quota} {PERIOD_US}")
            return group
        if v1 is not None:
            group = v1 / name
            group.mkdir()
            _write(group / "cpu.cfs_period_us", str(PERIOD_US))
            _write(group / "cpu.cfs_quota_us", str(quota))
            return group
    except OSError as error:
        remove(v2 / name if v2 is not None else v1 / name)
        raise Refused(f"{error.strerror or error} ({error.filename})") from error
    raise Refused("no cgroup cpu controller is mounted")


def remove(group: Path) -> None:
    """Remove the bench's cgroup once its processes are gone (they may take a moment)."""
    deadline = time.monotonic() + 10
    while group.exists():
        try:
            group.rmdir()
        except OSError:
            if time.monotonic() > deadline:
                print(f"bench: cgroup {group} still busy, left in place", file=sys.stderr)
                return
            time.sleep(0.1)


@contextmanager
def cpu_limit(share: float = SHARE):
    """Within the block, processes started through `join_limit` get `share` of one core.
    Yields a one-line description of the limit, or of why there is none."""
    try:
        group = create_limited(f"kiosk-bench-{os.getpid()}", share)
    except Refused as refused:
        said = f"no CPU limit, running unlimited: the machine refused a cgroup: {refused}"
        print(f"bench: {said}", file=sys.stderr, flush=True)
        yield said
        return
    os.environ[PROCS_VARIABLE] = str(group / "cgroup.procs")
    try:
        yield f"{share:.0%} of one core ({group})"
    finally:
        os.environ.pop(PROCS_VARIABLE, None)
        remove(group)


def limited() -> bool:
    """Whether processes started now are limited."""
    return bool(os.environ.get(PROCS_VARIABLE))


def join_limit() -> None:
    """Put the calling process into the bench's cgroup, if there is one (a `preexec_fn`)."""
    procs = os.environ.get(PROCS_VARIABLE)
    if procs:
        with open(procs, "w", encoding="ascii") as file:
            file.write(str(os.getpid()))


def add(pid: int) -> None:
    """Put a running process (and what it starts from now on) into the bench's cgroup."""
    procs = os.environ.get(PROCS_VARIABLE)
    if procs:
        _write(Path(procs), str(pid))
