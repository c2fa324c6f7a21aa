"""The export tables written as files: CSV, JSON and XLSX.

Each writer turns cents into euros with two decimals: CSV `13.00` (`13,00` for a French
spreadsheet), JSON numbers, XLSX numbers formatted `0.00`.
"""

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.books.export import ExportError, Period, Table, day_table, read_documents
from kiosk.books.tally import Thresholds
from kiosk.settings.money import plain

FORMATS = ("csv", "json", "xlsx")


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
                        for name, value in zip(table.columns, row, strict=False))
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
        "currency": table.currency,
        "thresholds": {"low_bracket_max": round(table.thresholds.low_bracket_max / 100, 2),
                       "suggested": round(table.thresholds.suggested / 100, 2)},
        "columns": list(table.columns),
        "survey_columns": {name: [q, a] for name, q, a in table.survey_columns},
        "rows": [_json_record(table, row) for row in table.rows],
        "totals": _json_record(table, table.totals),
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _json_record(table: Table, row: tuple[Any, ...]) -> dict[str, Any]:
    return {name: _number(table, name, value)
            for name, value in zip(table.columns, row, strict=False)}


def xlsx_bytes(table: Table) -> bytes:
    """A workbook: the rows with numbers as numbers, a bold totals row, and an `about` sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "days" if table.per == "day" else "visits"
    sheet.append(table.columns)
    for row in (*table.rows, table.totals):
        sheet.append([_cell(table, name, value)
                      for name, value in zip(table.columns, row, strict=False)])
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
    from kiosk.ledger.storage import write_atomically

    money = config.contribution
    documents = read_documents(ledger_folder or Path(data_dir) / "ledger", period)
    table = day_table(documents, period, Thresholds(money.suggested, money.low_bracket_max),
                      config.survey, config.cantine.name)
    folder = Path(data_dir) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"daily_{period.first}_{period.last}"
    csv_path, xlsx_path = folder / f"{stem}.csv", folder / f"{stem}.xlsx"
    write_atomically(csv_path, csv_bytes(table, excel_fr_for(config.cantine.locale)))
    write_atomically(xlsx_path, xlsx_bytes(table))
    return csv_path, xlsx_path
