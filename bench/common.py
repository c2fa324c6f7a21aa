"""What every benchmark module shares: a row of the table, and the few statistics we report."""

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.limit import join_limit

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Row:
    """One figure of the table. `ratio` is value / baseline when both were measured in this run."""

    area: str
    figure: str
    value: float
    unit: str
    baseline: float | None = None
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        """value / baseline, or None without a baseline."""
        return self.value / self.baseline if self.baseline else None


def median(values: list[float]) -> float:
    """The median."""
    return statistics.median(values)


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def timed_ms(action: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds taken by each of `repeat` calls of `action`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def process_ms(command: list[str], repeat: int = 10, **kwargs) -> list[float]:
    """Wall-clock milliseconds of running `command` to completion, `repeat` times (within the
    bench's CPU limit, when there is one)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, preexec_fn=join_limit,
                       **kwargs)
        times.append((time.perf_counter() - start) * 1000)
    return times


PYTHON = sys.executable
