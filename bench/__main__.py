"""Run every bench/bench_*.py module and print one table of what it measured."""

import importlib
import pkgutil
import sys
from pathlib import Path

from bench.common import Row


def main(only: list[str]) -> int:
    rows: list[Row] = []
    for module in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if not module.name.startswith("bench_") or (only and module.name not in only):
            continue
        print(f"running {module.name}...", file=sys.stderr, flush=True)
        rows.extend(importlib.import_module(f"bench.{module.name}").run())
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
