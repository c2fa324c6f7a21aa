"""The manager's charts: each says what it shows and over which days, with ticks in the locale.

A chart is a box: its period on the border, a title in words above the plot (wrapped: the boxes
are narrow on the Pi's 800x480 screen, and plotext drops a title wider than its plot), the plot,
and, when the period has nothing to draw, a sentence in place of the plot: an empty axis tells a
manager nothing. Ticks are put by plotext's own `xticks`/`yticks`, at whole numbers chosen here
and written by Babel: counts have no fractions, money is whole euros in the locale.
"""

from collections.abc import Callable, Sequence
from datetime import date
from math import ceil

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

NICE_STEPS = (1, 2, 5)
MOST_STEPS = 3  # ticks above zero: more do not fit the few rows of a chart on the Pi


def whole_ticks(highest: float) -> list[int]:
    """Whole ticks from 0 to at least `highest`, a round step apart: 3 -> 0 1 2 3, 12 -> 0 5 10
    15, 38.5 -> 0 20 40."""
    scale = 1
    while True:
        for step in NICE_STEPS:
            if highest <= step * scale * MOST_STEPS:
                step *= scale
                return [step * index for index in range(max(1, ceil(highest / step)) + 1)]
        scale *= 10


def short_day(day: str, locale: str) -> str:
    """An ISO day as the locale writes a day and month: '2026-12-01' -> '01/12' or '12/1'."""
    from babel.dates import format_skeleton

    return format_skeleton("Md", date.fromisoformat(day), locale=locale)


def period_words(first: date, last: date, locale: str) -> str:
    """The days a chart covers, short: '02/11 – 01/12' (the years when they differ)."""
    from babel.dates import format_interval

    skeleton = "Md" if first.year == last.year else "yMd"
    return format_interval(first, last, skeleton, locale=locale)


def number_labels(ticks: Sequence[int], locale: str) -> list[str]:
    """Counts as the locale writes them: '1 000' in French."""
    from babel.numbers import format_decimal

    return [format_decimal(tick, locale=locale) for tick in ticks]


class Chart(Vertical):
    """A titled chart that says so in words when there is nothing to draw."""

    def compose(self) -> ComposeResult:
        yield Static("", classes="chart-title")
        yield PlotextPlot()
        yield Static("", classes="chart-empty")

    @property
    def plot(self) -> PlotextPlot:
        """The plotext widget."""
        return self.query_one(PlotextPlot)

    def show(self, title: str, period: str, draw: Callable | None, nothing: str) -> None:
        """Title the chart, then `draw(plt)` on a clean figure, or say `nothing` when None."""
        self.border_title = period
        self.query_one(".chart-title", Static).update(title)
        self.query_one(".chart-empty", Static).update(nothing)
        self.set_class(draw is None, "empty")
        plot = self.plot
        plot.plt.clear_figure()  # ticks and limits of the last period go too
        if draw is not None:
            draw(plot.plt)
        plot.refresh()


def counts_drawing(labels: list[str], counts: list[int], locale: str, across: bool = False):
    """Bars of counts, ticked at whole numbers (no '0.67 covers'); `across` lays them flat."""
    ticks = whole_ticks(max(counts))

    def draw(plt) -> None:
        plt.bar(labels, counts, orientation="h" if across else "v")
        limits, put = (plt.xlim, plt.xticks) if across else (plt.ylim, plt.yticks)
        limits(0, ticks[-1])
        put(ticks, number_labels(ticks, locale))
    return draw


def money_drawing(days: list[str], cents: list[list[int]], names: list[str], words):
    """Cash and card side by side per day, ticked at whole euros as the locale writes money."""
    from kiosk.settings.money import format_whole_amount

    ticks = whole_ticks(max(max(series) for series in cents) / 100)

    def draw(plt) -> None:
        plt.multiple_bar(days, [[amount / 100 for amount in series] for series in cents],
                         labels=names)
        plt.ylim(0, ticks[-1])
        plt.yticks(ticks, [format_whole_amount(tick, words.locale, words.currency)
                           for tick in ticks])
    return draw
