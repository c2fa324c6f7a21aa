"""The export tables written as files: CSV, JSON and XLSX (the workbook in
`kiosk.books.workbook`).

Each writer turns cents into the cantine's currency with two decimals: CSV `13.00` (`13,00` for
a French spreadsheet), JSON numbers, XLSX numbers formatted with the currency. A figure that has no
base (no average on a day nobody ate, no cash difference without a closing) is an empty cell in
CSV and XLSX and `null` in JSON, never 0. Headers are in the cantine's language for a French
spreadsheet's CSV and for XLSX (catalogue `export.columns`); JSON keeps stable English keys.
"""

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from kiosk.books.cells import (
    JOURNALS,
    currency_unit,
    excel_fr_for,
    head_lines,
    headers,
    inert,
    language_of,
    number,
    proof_sentence,
    row_in,
    value_words,
)
from kiosk.books.export import ExportError, Period, Table, day_table
from kiosk.books.provenance import PeriodReading, provenance_of
from kiosk.books.tally import Thresholds
from kiosk.books.workbook import xlsx_bytes
from kiosk.settings.money import plain

FORMATS = ("csv", "json", "xlsx")


def csv_bytes(table: Table, excel_fr: bool = False) -> bytes:
    """The rows as CSV with a header (no totals row, so sums in a spreadsheet stay right).

    `excel_fr`: semicolons, decimal commas, French headers and a UTF-8 byte order mark, which a
    French spreadsheet opens without its import wizard. A journal opens with its head lines
    (the chain's proof, the association, the period), then an empty line, then the header.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel_fr else ",", lineterminator="\r\n")
    language = "fr" if excel_fr else "en"
    if table.per in JOURNALS:
        for line in head_lines(table, language):
            writer.writerow([inert(line)])
        writer.writerow([])
    elif (proof := getattr(table.provenance, "proof", None)) and not proof.verified:
        # Read with --trust-damaged over a broken chain: said before the header, not only on
        # stderr, which a cron job or the manager's screen loses.
        writer.writerows([[inert(proof_sentence(proof, language))], []])
    writer.writerow(inert(name) for name in headers(table, language))
    worded = value_words(table, language)
    for row in table.rows:
        writer.writerow(_text(table, name, value, excel_fr) for name, value in
                        zip(table.columns, row_in(table, row, language, worded), strict=False))
    return buffer.getvalue().encode("utf-8-sig" if excel_fr else "utf-8")


def _text(table: Table, column: str, value: Any, excel_fr: bool) -> str:
    if value is None:
        return ""  # a figure with no base: empty, so a spreadsheet's AVERAGE leaves it out
    if isinstance(value, bool):
        return ("oui" if value else "non") if excel_fr else ("yes" if value else "no")
    if column in table.money and isinstance(value, int):
        text = plain(value)
        return text.replace(".", ",") if excel_fr else text
    return inert(value) if isinstance(value, str) else str(value)


def json_bytes(table: Table) -> bytes:
    """The rows, the totals and what they mean, as one JSON document (amounts in the currency;
    `null` where a figure has no base)."""
    document = {
        "cantine": table.cantine,
        "per": table.per,
        "from": table.period.first.isoformat(),
        "to": table.period.last.isoformat(),
        "currency_unit": currency_unit(table.currency),
        "currency": table.currency,
        "rounding": "half up to the cent",
        "thresholds": {"low_bracket_max": round(table.thresholds.low_bracket_max / 100, 2),
                       "suggested": round(table.thresholds.suggested / 100, 2)},
        **(table.provenance.as_json() if table.provenance else {}),
        "columns": list(table.columns),
        "survey_columns": {name: [q, a] for name, q, a in table.survey_columns},
        "rows": [_json_record(table, row) for row in table.rows],
        "totals": _json_record(table, table.totals),
        **({"more_totals": [_json_record(table, row) for row in table.more_totals]}
           if table.more_totals else {}),
        **{name: [_json_record(table, row) for row in rows] for name, rows in table.sections},
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _json_record(table: Table, row: tuple[Any, ...]) -> dict[str, Any]:
    # An empty text (no Z yet, no time on a totals row) is null: nothing, rather than a text.
    return {name: None if value == "" else number(table, name, value)
            for name, value in zip(table.columns, row, strict=False)}


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
    reading = PeriodReading(ledger_folder or Path(data_dir) / "ledger", period)
    table = day_table(reading.documents(), period,
                      Thresholds(money.suggested, money.low_bracket_max), config.survey,
                      config.cantine.name, config.cantine.currency, summaries=True)
    reading.refuse_broken()
    table = replace(table, language=language_of(config.cantine.locale),
                    provenance=provenance_of(config.cantine, reading.proof()))
    folder = Path(data_dir) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"daily_{period.first}_{period.last}"
    csv_path, xlsx_path = folder / f"{stem}.csv", folder / f"{stem}.xlsx"
    write_atomically(csv_path, csv_bytes(table, excel_fr_for(config.cantine.locale)))
    write_atomically(xlsx_path, xlsx_bytes(table))
    return csv_path, xlsx_path
