"""The manager's four charts say what they show, over which days, with ticks a manager reads:
in the screen's language, whole counts, money as the locale writes it, and words when empty."""

import asyncio
import re
from datetime import datetime

import pytest
from textual.widgets import Static
from textual_plotext import PlotextPlot

from screens.app import make_app
from screens.volunteers.charts import Chart, whole_ticks
from screens.volunteers.manager import ManagerScreen
from tests.manager_support import ZONE, history

NOW = datetime(2026, 11, 11, 10, 0, tzinfo=ZONE)  # the morning after the history's last day
TITLES = {
    "fr": {"guests": "Couverts par jour",
           "histogram": "Couverts selon le don par couvert, en euros",
           "cash-card": "Espèces et carte par jour",
           "survey": "Réponses au questionnaire (nombre)"},
    "en": {"guests": "Covers per day", "histogram": "Covers by euros given per cover",
           "cash-card": "Cash and card per day", "survey": "Survey answers (count)"},
}
NOTHING = {"fr": "Rien encore sur ces jours.", "en": "Nothing yet on these days."}
PERIOD = "13/10\u2009–\u200911/11"  # Babel's interval; English is en_GB here, as in French
FRACTION = re.compile(r"\d[.,]\d")  # 0.67, 38.5, 2,50: no tick of these charts has one


async def manager_charts(tmp_path, language: str, size: tuple[int, int], visits: bool):
    if visits:
        history(tmp_path, per_day=12)
    app = make_app(tmp_path, clock=lambda: NOW)
    async with app.run_test(size=size) as pilot:
        app.language = language
        app.push_screen(ManagerScreen())
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        charts = {}
        for chart in app.screen.query(Chart):
            title = chart.query_one(".chart-title", Static)
            plot = chart.query_one(PlotextPlot)
            charts[chart.id] = {
                "title": str(title.render()), "period": str(chart.border_title),
                "title_seen": title.region.height > 0 and chart.region.height > 0,
                "empty": chart.has_class("empty"),
                "nothing": str(chart.query_one(".chart-empty", Static).render()),
                "nothing_seen": chart.query_one(".chart-empty").region.height > 0,
                "plot_seen": plot.region.height > 0,
                "plot": str(plot.render()) if plot.region.height else ""}
        return charts


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (80, 64)])  # 80x64: the 800x1280 portrait
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_day_with_visits_has_titled_charts_with_whole_ticks(tmp_path, language, size):
    charts = asyncio.run(manager_charts(tmp_path, language, size, visits=True))
    assert {name: chart["title"] for name, chart in charts.items()} == TITLES[language]
    for chart in charts.values():
        assert chart["title_seen"] and chart["plot_seen"] and not chart["empty"]
        assert FRACTION.search(chart["plot"]) is None, chart["plot"]
    if size != (80, 24):  # at 80x24 a box is 12 columns: the days are cut short on its border
        assert {chart["period"] for chart in charts.values()} == {PERIOD}
    if size == (100, 30):  # the Pi's 800x480: money ticks carry the euro as the locale puts it
        money = charts["cash-card"]["plot"]
        assert re.search(r"\d+\u00a0€" if language == "fr" else r"€\d+", money), money
        assert re.search(r"\b(0|5|10|20)\b", charts["guests"]["plot"])


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_empty_period_says_there_is_nothing_yet_instead_of_an_axis(tmp_path, language):
    charts = asyncio.run(manager_charts(tmp_path, language, (100, 30), visits=False))
    assert {name: chart["title"] for name, chart in charts.items()} == TITLES[language]
    for chart in charts.values():
        assert chart["empty"] and chart["nothing_seen"] and not chart["plot_seen"]
        assert chart["nothing"] == NOTHING[language]


def test_ticks_are_whole_and_reach_the_highest_bar():
    for highest in (0.2, 1, 2, 3, 7, 12, 38.5, 99, 1234):
        ticks = whole_ticks(highest)
        assert all(isinstance(tick, int) for tick in ticks)
        assert ticks[0] == 0 and ticks[-1] >= highest and len(ticks) <= 4
