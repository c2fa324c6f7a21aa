"""The manager's screen in the real kiosk app: a period's figures, charts, and the export."""

import asyncio
import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from textual.widgets import Input, Static
from textual_plotext import PlotextPlot

from kiosk.settings.money import format_amount
from screens.app import make_app
from screens.volunteers.manager import ManagerScreen
from tests.manager_support import ZONE, history, oracle

NOW = datetime(2026, 11, 11, 10, 0, tzinfo=ZONE)  # the morning after the history's last day


@pytest.fixture
def app(tmp_path):
    history(tmp_path, per_day=12)
    return make_app(tmp_path, clock=lambda: NOW)


async def settle(app, pilot) -> None:
    """Let the screen's worker finish and its message be handled."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_manager(app, pilot) -> ManagerScreen:
    screen = ManagerScreen()
    app.push_screen(screen)
    await settle(app, pilot)
    return screen


def test_opens_on_the_last_30_days_with_the_ledgers_figures(app, tmp_path):
    async def scenario():
        async with app.run_test(size=(160, 50)) as pilot:
            screen = await open_manager(app, pilot)
            assert screen.query_one("#first", Input).value == "2026-10-13"
            assert screen.query_one("#last", Input).value == "2026-11-11"
            expected = oracle(tmp_path / "ledger")
            total = sum(day["total"] for day in expected.values())
            figures = shown(screen, "#figures")
            assert f"{len(expected)} jours de service" in figures
            assert format_amount(total, "fr_FR", "EUR") in figures
            assert "se sentent bienvenu·es" in figures
            guests = screen.query_one("#guests PlotextPlot", PlotextPlot)
            assert "10/11" in str(guests.render())  # the last day, written the French way

    asyncio.run(scenario())


def test_changing_the_period_then_exporting_writes_csv_and_xlsx(app, tmp_path):
    async def scenario():
        async with app.run_test(size=(160, 50)) as pilot:
            screen = await open_manager(app, pilot)
            screen.query_one("#first", Input).value = "2026-11-08"
            screen.query_one("#last", Input).value = "2026-11-10"
            await pilot.click("#show")
            await settle(app, pilot)
            expected = oracle(tmp_path / "ledger", "2026-11-08", "2026-11-10")
            total = sum(day["total"] for day in expected.values())
            assert "3 jours de service" in shown(screen, "#figures")
            assert format_amount(total, "fr_FR", "EUR") in shown(screen, "#figures")
            await pilot.click("#export")
            await settle(app, pilot)
            folder = tmp_path / "exports"
            csv_path = folder / "daily_2026-11-08_2026-11-10.csv"
            assert f"Écrit : {csv_path}" in shown(screen, "#status")
            # A French cantine gets the CSV its spreadsheet opens directly: ; and decimal commas.
            text = csv_path.read_bytes().decode("utf-8-sig")
            rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
            # ... and French headers.
            assert [r["Date"] for r in rows] == ["2026-11-08", "2026-11-09", "2026-11-10"]
            assert sum(int(r["Total"].replace(",", "")) for r in rows) == total
            book = load_workbook(folder / "daily_2026-11-08_2026-11-10.xlsx")
            assert book.sheetnames == ["jours", "mois", "année", "à propos"]
            sheet = book["jours"]
            header = [cell.value for cell in sheet[1]]
            totals = dict(zip(header, [cell.value for cell in sheet[sheet.max_row]], strict=False))
            assert totals["Date"] == "Total" and round(totals["Total"] * 100) == total

    asyncio.run(scenario())


def test_a_bad_period_is_said_and_changes_nothing(app, tmp_path):
    async def scenario():
        async with app.run_test(size=(160, 50)) as pilot:
            screen = await open_manager(app, pilot)
            before = shown(screen, "#figures")
            screen.query_one("#first", Input).value = "2026-11-10"
            screen.query_one("#last", Input).value = "2026-11-01"
            await pilot.click("#show")
            await settle(app, pilot)
            assert "est après" in shown(screen, "#status")
            assert screen.query_one("#status").has_class("error")
            assert shown(screen, "#figures") == before
            await pilot.press("ctrl+s")  # the export key, from the focused date field
            await settle(app, pilot)
            assert not (tmp_path / "exports").exists()

    asyncio.run(scenario())


def test_keys_export_and_go_back_to_the_screen_below(app, tmp_path):
    async def scenario():
        async with app.run_test(size=(160, 50)) as pilot:
            below = app.screen
            await open_manager(app, pilot)
            await pilot.press("ctrl+s")  # the keyboard's way to export, from a date field
            await settle(app, pilot)
            assert (tmp_path / "exports" / "daily_2026-10-13_2026-11-11.xlsx").exists()
            await pilot.press("f3")  # back, the same key as everywhere in the area
            await pilot.pause()
            assert app.screen is below

    asyncio.run(scenario())
