"""Exports for the association's accounts: one row per service day, or one per visit (anonymised).

Built on `kiosk.tally`, so a day's figures are the ones its volunteers saw; voided visits are left
out of every figure (the per-visit export lists them, marked `voided`). Rows hold plain values:
money in integer cents (the columns in `Table.money`), counts, texts, booleans. Each writer turns
cents into euros with two decimals: CSV `13.00` (`13,00` for a French spreadsheet), JSON numbers,
XLSX numbers formatted `0.00`.

Price brackets count covers that eat, by the amount per cover, with the thresholds of
`[contribution]` (by default 7 and 13 EUR): `bracket_zero` gave nothing, `bracket_low` 0.01 to
`low_bracket_max`, `bracket_middle` above that and below `suggested`, `bracket_suggested` exactly
`suggested`, `bracket_above` more.
"""

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kiosk.entries import Entry
from kiosk.errors import KioskError
from kiosk.money import plain
from kiosk.survey import Question
from kiosk.tally import BRACKETS, Thresholds, live_visits, tally

FORMATS = ("csv", "json", "xlsx")
PER = ("day", "visit")

DAY_COLUMNS = (
    "date", "services", "visits", "covers", "eaters", "cooks", "both", "total", "cash", "card",
    "zero_contributions", "average_per_cover", "median_per_cover", "meal_total",
    *(f"bracket_{name}" for name in BRACKETS), "voids",
)
DAY_END_COLUMNS = ("closed", "cash_difference")
DAY_MONEY = frozenset({"total", "cash", "card", "average_per_cover", "median_per_cover",
                       "meal_total", "cash_difference"})
VISIT_COLUMNS = ("date", "time", "service", "role", "covers", "amount", "method", "bracket",
                 "voided")
TOTAL_LABEL = "total"


class ExportError(KioskError):
    """An export that cannot be made as asked (a bad date, an inverted range...)."""


@dataclass(frozen=True)
class Period:
    """The service days from `first` to `last`, both included."""

    first: date
    last: date

    @classmethod
    def parse(cls, first: str, last: str) -> "Period":
        """The period between two ISO dates (YYYY-MM-DD); ExportError naming the bad one."""
        period = cls(_date(first, "--from"), _date(last, "--to"))
        if period.first > period.last:
            raise ExportError(f"--from {first} is after --to {last}")
        return period

    @classmethod
    def ending(cls, last: date, days: int) -> "Period":
        """The `days` days up to `last` included (the manager's screen shows the last 30)."""
        return cls(last - timedelta(days=days - 1), last)

    def __contains__(self, day: str) -> bool:
        return self.first.isoformat() <= day <= self.last.isoformat()


def _date(text: str, option: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ExportError(f"{option} {text!r} is not a date like 2026-11-21") from None


@dataclass(frozen=True)
class Table:
    """An export ready to write: its columns, rows and totals row, and what they mean."""

    per: str  # day or visit
    period: Period
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...]
    money: frozenset[str]  # the columns that hold cents
    thresholds: Thresholds
    cantine: str = ""
    survey_columns: tuple[tuple[str, str, str], ...] = ()  # (column, question, answer)

    def records(self) -> list[dict[str, Any]]:
        """The rows as {column: value}."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        """Every row's value in column `name`."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


def read_entries(ledger_folder: Path, period: Period, timezone: str = "Europe/Paris") -> list[Entry]:
    """The ledger's entries of the period; none (and nothing created) when there is no ledger."""
    if not Path(ledger_folder).is_dir():
        return []
    from kiosk.ledger import Ledger

    ledger = Ledger(ledger_folder, timezone)
    return list(ledger.entries(period.first.isoformat(), period.last.isoformat()))


def survey_columns(questions: Sequence[Question], entries: Iterable[Entry]) -> tuple:
    """(column, question, answer) for every configured answer, then any other answer found."""
    known = [(q.id, a.id) for q in questions for a in q.answers]
    found = sorted({(e.value.question, e.value.answer) for e in entries if e.kind == "answer"})
    pairs = known + [pair for pair in found if pair not in known]
    return tuple((f"{question}_{answer}", question, answer) for question, answer in pairs)


def day_table(entries: Sequence[Entry], period: Period, thresholds: Thresholds,
              questions: Sequence[Question] = (), cantine: str = "") -> Table:
    """One row per service day of the period, and a totals row for the whole period."""
    entries = [e for e in entries if e.day in period]
    survey = survey_columns(questions, entries)
    by_day: dict[str, list[Entry]] = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    rows = tuple(_day_row(day, group, thresholds, survey) for day, group in sorted(by_day.items()))
    services = sum(row[1] for row in rows)
    totals = _day_row(TOTAL_LABEL, entries, thresholds, survey, services)
    columns = DAY_COLUMNS + tuple(name for name, _, _ in survey) + DAY_END_COLUMNS
    return Table("day", period, columns, rows, totals, DAY_MONEY, thresholds, cantine, survey)


def _day_row(label: str, entries: list[Entry], thresholds: Thresholds, survey: tuple,
             services: int | None = None) -> tuple[Any, ...]:
    figures = tally(entries, thresholds)
    if services is None:
        services = max((e.service for e in entries), default=0)
    meal_total = sum(e.value.amount for e in live_visits(entries) if e.value.eats)
    answers = figures.answers
    return (
        label, services, figures.visits, figures.covers, figures.eaters, figures.cooks,
        figures.both, figures.total, figures.cash, figures.card, figures.zero_contributions,
        figures.average_per_cover, figures.median_per_cover, meal_total,
        *(figures.brackets[name] for name in BRACKETS), figures.voids,
        *(answers.get(question, {}).get(answer, 0) for _, question, answer in survey),
        # A day is closed when each of its services has its closing.
        bool(entries) and len(figures.closings) >= services, figures.cash_difference,
    )


def visit_table(entries: Sequence[Entry], period: Period, thresholds: Thresholds,
                cantine: str = "") -> Table:
    """One anonymised row per visit: no id, the time rounded down to the quarter hour.

    Rows are sorted by time, then by what they say, so that the order of the guests within a
    quarter hour is not kept either.
    """
    entries = [e for e in entries if e.day in period]
    voided = {e.value.visit for e in entries if e.kind == "void"}
    rows = sorted(_visit_row(e, thresholds, e.seq in voided) for e in entries if e.kind == "visit")
    live = [row for row in rows if not row[-1]]
    totals = (f"{TOTAL_LABEL} (voids excluded)", "", "", "", sum(row[4] for row in live),
              sum(row[5] for row in live), "", "", len(rows) - len(live))
    return Table("visit", period, VISIT_COLUMNS, tuple(rows), totals, frozenset({"amount"}),
                 thresholds, cantine)


def _visit_row(entry: Entry, thresholds: Thresholds, voided: bool) -> tuple[Any, ...]:
    visit = entry.value
    hours, minutes = int(entry.ts[11:13]), int(entry.ts[14:16])
    quarter = f"{hours:02d}:{minutes - minutes % 15:02d}"
    bracket = thresholds.bracket(visit) if visit.eats else ""  # cooks are not in the brackets
    return (entry.day, quarter, entry.service, visit.role, visit.covers, visit.amount,
            visit.method, bracket, voided)


# -- writers -------------------------------------------------------------------------------------


def excel_fr_for(locale: str) -> bool:
    """Whether CSV files for this cantine should be the French spreadsheet kind (`;`, `13,00`)."""
    return locale.split("_")[0].lower() == "fr"


def csv_bytes(table: Table, excel_fr: bool = False) -> bytes:
    """The rows as CSV with a header (no totals row, so sums in a spreadsheet stay right).

    `excel_fr`: semicolons, decimal commas and a UTF-8 byte order mark, which a French
    spreadsheet opens without its import wizard.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel_fr else ",", lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(_text(table, name, value, excel_fr)
                        for name, value in zip(table.columns, row))
    return buffer.getvalue().encode("utf-8-sig" if excel_fr else "utf-8")


def _text(table: Table, column: str, value: Any, excel_fr: bool) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column in table.money and isinstance(value, int):
        text = plain(value)
        return text.replace(".", ",") if excel_fr else text
    return str(value)


def _number(table: Table, column: str, value: Any) -> Any:
    """A value for JSON and XLSX: money in euros as a number, the rest unchanged."""
    if column in table.money and isinstance(value, int) and not isinstance(value, bool):
        return round(value / 100, 2)
    return value


def json_bytes(table: Table) -> bytes:
    """The rows, the totals and what they mean, as one JSON document (amounts in euros)."""
    document = {
        "cantine": table.cantine,
        "per": table.per,
        "from": table.period.first.isoformat(),
        "to": table.period.last.isoformat(),
        "currency_unit": "euros",
        "thresholds": {"low_bracket_max": round(table.thresholds.low_bracket_max / 100, 2),
                       "suggested": round(table.thresholds.suggested / 100, 2)},
        "columns": list(table.columns),
        "survey_columns": {name: [q, a] for name, q, a in table.survey_columns},
        "rows": [_json_record(table, row) for row in table.rows],
        "totals": _json_record(table, table.totals),
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _json_record(table: Table, row: tuple[Any, ...]) -> dict[str, Any]:
    return {name: _number(table, name, value) for name, value in zip(table.columns, row)}


def xlsx_bytes(table: Table) -> bytes:
    """A workbook: the rows with numbers as numbers, a bold totals row, and an `about` sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "days" if table.per == "day" else "visits"
    sheet.append(table.columns)
    for row in (*table.rows, table.totals):
        sheet.append([_cell(table, name, value) for name, value in zip(table.columns, row)])
    for index, name in enumerate(table.columns, start=1):
        if name in table.money:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0.00"
        if name == "date":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "yyyy-mm-dd"
    for cell in (*sheet[1], *sheet[sheet.max_row]):
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    about = book.create_sheet("about")
    for line in _about(table):
        about.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(table: Table, column: str, value: Any) -> Any:
    if column == "date" and value and value[0].isdigit():
        return date.fromisoformat(value)  # a real date, so the spreadsheet can sort and group
    return _number(table, column, value)


def _about(table: Table) -> list[list[Any]]:
    low, suggested = table.thresholds.low_bracket_max, table.thresholds.suggested
    return [
        ["cantine", table.cantine],
        ["from", table.period.first.isoformat()],
        ["to", table.period.last.isoformat()],
        ["amounts", "euros; voided visits are left out of every figure"],
        ["bracket_zero", "covers that eat and gave nothing"],
        ["bracket_low", f"covers that gave 0.01 to {plain(low)} each"],
        ["bracket_middle", f"covers that gave {plain(low + 1)} to {plain(suggested - 1)} each"],
        ["bracket_suggested", f"covers that gave the recommended {plain(suggested)} each"],
        ["bracket_above", f"covers that gave more than {plain(suggested)} each"],
    ]


def export_bytes(table: Table, fmt: str, excel_fr: bool = False) -> bytes:
    """The table written in `fmt` (csv, json or xlsx)."""
    if fmt == "csv":
        return csv_bytes(table, excel_fr)
    if fmt == "json":
        return json_bytes(table)
    if fmt == "xlsx":
        return xlsx_bytes(table)
    raise ExportError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")


def write_day_export(data_dir: Path, period: Period, config: Any,
                     ledger_folder: Path | None = None) -> tuple[Path, Path]:
    """Write the period's daily totals into `data_dir/exports/` as CSV and XLSX; their paths.

    The CSV is the French spreadsheet kind when the cantine's locale is French.
    """
    from kiosk.storage import write_atomically

    money = config.contribution
    entries = read_entries(ledger_folder or Path(data_dir) / "ledger", period,
                           config.cantine.timezone)
    table = day_table(entries, period, Thresholds(money.suggested, money.low_bracket_max),
                      config.survey, config.cantine.name)
    folder = Path(data_dir) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"daily_{period.first}_{period.last}"
    csv_path, xlsx_path = folder / f"{stem}.csv", folder / f"{stem}.xlsx"
    write_atomically(csv_path, csv_bytes(table, excel_fr_for(config.cantine.locale)))
    write_atomically(xlsx_path, xlsx_bytes(table))
    return csv_path, xlsx_path
