"""Run every bench/bench_*.py module and print one table of what it measured.

`python -m bench --pi` (`make bench-pi`) runs the guest's and the served kiosk's benches twice:
unlimited, then within a cgroup allowed 25 % of one core (a stand-in for a Raspberry Pi 4, not a
measurement of one; see bench/limit.py), the minimal Textual app in the same limit as baseline.
"""

import importlib
import os
import pkgutil
import sys
from pathlib import Path

from bench.common import Row
from bench.limit import cpu_limit

PI_BENCHES = ["bench_guest", "bench_serve"]


def measure(only: list[str], pi: bool = False) -> list[Row]:
    """The rows of every bench module (or those named in `only`)."""
    rows: list[Row] = []
    for module in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if not module.name.startswith("bench_") or (only and module.name not in only):
            continue
        print(f"running {module.name}{' (limited)' if pi else ''}...", file=sys.stderr,
              flush=True)
        bench = importlib.import_module(f"bench.{module.name}")
        rows.extend(bench.run(pi=True) if pi else bench.run())
    return rows


def main(arguments: list[str]) -> int:
    # A kiosk starts with its bytecode cached (Python writes it on the first start); a shell set
    # not to write it would have every measured start compile some 300 modules again.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    pi = "--pi" in arguments
    only = [name for name in arguments if name != "--pi"]
    if not pi:
        return show(measure(only))
    rows = measure(only or PI_BENCHES)
    with cpu_limit() as limit:
        rows += measure(only or PI_BENCHES, pi=True)
    print(f"-pi rows: {limit}")
    return show(rows)


def show(rows: list[Row]) -> int:
    """Print the table."""
    print(f"{'area':<10} {'figure':<58} {'value':>11} {'baseline':>11} {'ratio':>7}  target")
    for row in rows:
        baseline = f"{row.baseline:>9.2f}" if row.baseline is not None else " " * 9
        ratio = f"{row.ratio:>6.2f}x" if row.ratio is not None else " " * 7
        verdict = {True: "met", False: "MISSED", None: ""}[row.met]
        print(f"{row.area:<10} {row.figure:<58} {row.value:>9.2f}{row.unit:<2} {baseline:>9}"
              f"{'':2} {ratio}  {row.target} {verdict}".rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
