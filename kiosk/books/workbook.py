"""The XLSX workbook of an export: its rows with numbers as numbers, a bold totals row, the
summaries (`months`, `year`) of a per-day export, and an `about` sheet that says who, when, what.

A per-visit workbook keeps the visits that count apart from the voided ones: the `visits` sheet
holds the visits that count and a totals row that is their sum (a SUM of the column gives the
same), the `voided` sheet the voided visits with their own totals.
"""

import io
from datetime import date
from typing import Any

from kiosk.books.cells import (
    head_lines,
    header_words,
    headers,
    money_in,
    number,
    period_lines,
    row_in,
    total_label,
    value_words,
)
from kiosk.books.export import TOTAL_LABEL, Table

# The symbols of the currencies a cantine may count in (kiosk.books.closing.DENOMINATIONS);
# any other is shown by its code. A table rather than Babel: loading its data costs an export
# more than writing the sheet's formats.
SYMBOLS = {"EUR": "€", "CHF": "CHF", "GBP": "£", "USD": "$", "CAD": "$"}


def money_format(currency: str) -> str:
    """The number format of an amount cell: two decimals and the currency's symbol."""
    symbol = SYMBOLS.get(currency.upper(), currency.upper())
    return f'#,##0.00 "{symbol}";-#,##0.00 "{symbol}"'


def xlsx_bytes(table: Table) -> bytes:
    """The workbook of `table`, as bytes."""
    from openpyxl import Workbook

    words = header_words(table.language)
    book = Workbook()
    sheet = book.active
    if table.per == "visit":
        voided = table.columns.index("voided")
        live = [row for row in table.rows if not row[voided]]
        gone = [row for row in table.rows if row[voided]]
        sheet.title = words.get("sheet.visits", "visits")
        _fill(sheet, table, live, _visit_totals(live, TOTAL_LABEL))
        _fill(book.create_sheet(words.get("sheet.voided", "voided")), table, gone,
              _visit_totals(gone, "total (voided)"))
    else:
        sheet.title = words.get(f"sheet.{_sheet_of(table)}", _sheet_of(table))
        _fill(sheet, table, table.rows, table.totals, table.more_totals)
    for name, rows in table.sections:
        _fill(book.create_sheet(words.get(f"sheet.{name}", name)), table, rows, None)
    about = book.create_sheet(words.get("sheet.about", "about"))
    for line in _about(table, words):
        _append(about, line)
    about.column_dimensions["A"].width = 22
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_of(table: Table) -> str:
    return {"day": "days", "cash": "cash_journal", "card": "card_journal",
            "membership": "memberships"}.get(table.per, table.per)


def _visit_totals(rows: list[tuple[Any, ...]], label: str) -> tuple[Any, ...]:
    """The totals of per-visit rows: covers and amounts summed, the rest empty."""
    return (label, None, None, None, sum(row[4] for row in rows), sum(row[5] for row in rows),
            None, None, None)


def _fill(sheet: Any, table: Table, rows: Any, totals: tuple[Any, ...] | None,
          more_totals: tuple[tuple[Any, ...], ...] = ()) -> None:
    """Header, rows and (bold) totals, amounts and dates formatted as such."""
    from openpyxl.styles import Font

    _append(sheet, headers(table, table.language))
    every_total = ((totals,) if totals else ()) + more_totals
    language = table.language
    worded = value_words(table, language)
    for row in rows:
        _append(sheet, [_cell(table, name, value) for name, value in
                        zip(table.columns, row_in(table, row, language, worded), strict=False)])
    for row in every_total:
        said = row_in(table, row, language, worded)
        _append(sheet, [total_label(said[0], language), *(
            _cell(table, name, value) for name, value in
            zip(table.columns[1:], said[1:], strict=False))])
    money = money_format(table.currency)
    for index, name in enumerate(table.columns, start=1):
        style = money if name in table.money else "yyyy-mm-dd" if name == "date" else None
        if style:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = style
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for index in range(len(every_total)):
        for cell in sheet[sheet.max_row - index]:
            cell.font = bold
    sheet.freeze_panes = "B2"


def _append(sheet: Any, values: list[Any]) -> None:
    """A row at the bottom of `sheet`, its texts as texts: openpyxl takes a text starting with
    `=` for a formula, and a volunteer's reason `=HYPERLINK(...)` must not run in the
    treasurer's workbook."""
    sheet.append(values)
    row = sheet.max_row  # where append put a row that has values (an empty one needs nothing)
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row=row, column=column).data_type = "s"


def _cell(table: Table, column: str, value: Any) -> Any:
    if column == "date" and isinstance(value, str) and len(value) == 10 and value[0].isdigit():
        return date.fromisoformat(value)  # a real date, so the spreadsheet can sort and group
    return number(table, column, value)


def _about(table: Table, words: dict[str, str]) -> list[list[Any]]:
    """The `about` sheet, in the cantine's language: the chain's proof and the head lines, then
    what the figures and the columns mean."""
    language = table.language
    lines: list[list[Any]] = [[line] for line in head_lines(table, language)]
    if not lines:  # no provenance known: at least the cantine, the period and the currency
        lines = [[table.cantine], *([line] for line in period_lines(table, language))]
    low, suggested = table.thresholds.low_bracket_max, table.thresholds.suggested
    amounts = {"low": money_in(low, language), "low_next": money_in(low + 1, language),
               "below_suggested": money_in(suggested - 1, language),
               "suggested": money_in(suggested, language), "currency": table.currency}
    meanings = [[words["about.amounts_label"], words["about.amounts"].format(**amounts)]]
    meanings += [[words.get(f"columns.{name}", name) if language != "en" else name,
                  words[f"about.{name}"].format(**amounts)]
                 for name in BRACKETS if name in table.columns or table.per == "visit"]
    if table.sections:
        meanings.append([words["about.summaries_label"], words["about.summaries"]])
    if language != "en":  # each header with the key the JSON gives its column
        meanings += [[], [words["about.column"], words["about.json_key"]]]
        meanings += [[header, name] for header, name in zip(headers(table, language),
                                                              table.columns, strict=True)]
    return [*lines, [], *meanings]


BRACKETS = ("bracket_zero", "bracket_low", "bracket_middle", "bracket_suggested",
            "bracket_above")
