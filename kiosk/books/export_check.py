"""`kiosk report FILES`: a per-day JSON export is trusted for nothing it does not prove.

The network adds up the files cantines send; one damaged or forged file must not distort the
sum in silence. Each file is checked against the export's own schema (`kiosk export --format
json`): counts are whole numbers from 0, amounts are finite euros with at most cents, dates are
real days given once, each row's parts add up to its whole (roles to covers, brackets to the
covers that eat, cash and card to the total) and the file's totals to its rows. Files that repeat
a cantine's day, or that count in another currency, are refused. Every refusal is one line naming
the file and the row.
"""

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.books.export import DAY_COLUMNS, DAY_MONEY, MAY_BE_EMPTY
from kiosk.books.tally import BRACKETS
from kiosk.errors import KioskError

MAX_COUNT = 1_000_000  # visits, covers or answers in one day: far above any cantine
MAX_EUROS = 100_000_000.0
MAX_TEXT = 200
MONEY = tuple(sorted(DAY_MONEY - {"cash_difference"}))
# null (no base) is allowed there: no average where nobody ate; older exports wrote 0 instead.
# Counts added after exports were already sent: a file made before has none (checked when there).
LATER_COUNTS = ("memberships_voided",)
COUNTS = tuple(c for c in DAY_COLUMNS
               if c != "date" and c not in DAY_MONEY and c not in LATER_COUNTS)
SUMMED_MONEY = ("total", "cash", "card", "meal_total")  # averages and medians do not add up


class ExportFileError(KioskError):
    """An export file that cannot be trusted, said in one line naming the file and the row."""


@dataclass(frozen=True)
class CheckedExport:
    """A per-day export that passed every check: its document, and who and what it counts."""

    source: str
    document: dict[str, Any]
    cantine: str
    currency: str
    days: tuple[str, ...]
    digest: str


def read_checked(path: Path) -> CheckedExport:
    """The export at `path`, checked; ExportFileError in one line when it cannot be trusted."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ExportFileError(f"cannot read {source}: {error.strerror}") from None
    try:
        document = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise ExportFileError(f"{source} is not JSON (give files made by kiosk export "
                              "--format json)") from None
    if not isinstance(document, dict):
        raise ExportFileError(f"{source} is not a kiosk JSON export")
    if document.get("per") != "day":
        raise ExportFileError(f"{source} is not a per-day export (make it with --per day)")
    return check_document(document, source, hashlib.sha256(raw).hexdigest())


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def check_document(document: dict[str, Any], source: str, digest: str = "") -> CheckedExport:
    """The checks of one export's document (already parsed)."""
    def refuse(problem: str) -> ExportFileError:
        return ExportFileError(f"{source} is not a kiosk JSON export: {problem}")

    for key, kind in (("cantine", str), ("thresholds", dict), ("survey_columns", dict),
                      ("rows", list), ("totals", dict)):
        if not isinstance(document.get(key), kind):
            raise refuse(f"its {key!r} is missing or of the wrong type")
    cantine = document["cantine"]
    currency = document.get("currency", "EUR")
    if len(cantine) > MAX_TEXT or not isinstance(currency, str) or len(currency) > 10:
        raise refuse("its cantine or currency is not a short text")
    _check_thresholds(document["thresholds"], refuse)
    survey = _survey_columns(document["survey_columns"], refuse)
    days = []
    for number, row in enumerate(document["rows"], start=1):
        day = _check_row(row, survey, f"{source}: row {number}")
        if day in days:
            raise ExportFileError(f"{source}: row {number}: the day {day} is given twice")
        days.append(day)
    _check_totals(document, survey, source)
    return CheckedExport(source, document, cantine, currency.upper(), tuple(days), digest)


def _check_thresholds(thresholds: dict[str, Any], refuse) -> None:
    low, suggested = thresholds.get("low_bracket_max"), thresholds.get("suggested")
    if not (_is_euros(low) and _is_euros(suggested) and 0 < low < suggested):
        raise refuse("its thresholds are not two amounts, the low bracket below the suggested")


def _survey_columns(columns: dict[str, Any], refuse) -> tuple[str, ...]:
    for name, pair in columns.items():
        if not (isinstance(pair, list) and len(pair) == 2
                and all(isinstance(p, str) and 0 < len(p) <= MAX_TEXT for p in pair)
                and len(name) <= MAX_TEXT):
            raise refuse(f"its survey column {name[:40]!r} is not a question and an answer")
    return tuple(columns)


def _check_row(row: Any, survey: tuple[str, ...], where: str) -> str:
    """The row's day, once every value and sum of the row is what an export writes."""
    if not isinstance(row, dict):
        raise ExportFileError(f"{where} is not a row of figures")
    day = row.get("date")
    if not (isinstance(day, str) and len(day) == 10 and _is_day(day)):
        raise ExportFileError(f"{where}: its date {str(day)[:40]!r} is not a real day "
                              "(YYYY-MM-DD)")
    where = f"{where} ({day})"
    for column in (*COUNTS, *survey, *(c for c in LATER_COUNTS if c in row)):
        if not _is_count(row.get(column)):
            raise ExportFileError(f"{where}: {column} is {_shown(row.get(column))}, not a count "
                                  f"from 0 to {MAX_COUNT:,}")
    for column in MONEY:
        if column in MAY_BE_EMPTY and row.get(column, 0) is None or column == "grand_total" \
                and column not in row:
            continue
        if not _is_euros(row.get(column)):
            raise ExportFileError(f"{where}: {column} is {_shown(row.get(column))}, not an "
                                  "amount in euros from 0")
    difference = row.get("cash_difference", 0)
    if difference is not None and not (_is_number(difference) and abs(difference) <= MAX_EUROS):
        raise ExportFileError(f"{where}: cash_difference is {_shown(difference)}, not an amount")
    if not isinstance(row.get("closed", False), bool):
        raise ExportFileError(f"{where}: closed is {_shown(row.get('closed'))}, not yes or no")
    if problem := _sums_problem(row):
        raise ExportFileError(f"{where}: {problem}")
    return day


def _sums_problem(row: dict[str, Any]) -> str:
    """Why a row's parts do not add up to its whole ('' when they do)."""
    if row["eaters"] + row["cooks"] + row["both"] != row["covers"]:
        return "eaters, cooks and both do not add up to covers"
    if sum(row[f"bracket_{b}"] for b in BRACKETS) != row["eaters"] + row["both"]:
        return "the price brackets do not add up to the covers that eat"
    if not row["visits"] <= row["covers"] or not row["zero_contributions"] <= row["visits"]:
        return "there are more visits than covers, or more gifts of nothing than visits"
    if _cents(row["cash"]) + _cents(row["card"]) != _cents(row["total"]):
        return "cash and card do not add up to the total"
    if _cents(row["meal_total"]) > _cents(row["total"]):
        return "what the covers that eat gave is more than the total"
    return ""


def _check_totals(document: dict[str, Any], survey: tuple[str, ...], source: str) -> None:
    totals, rows = document["totals"], document["rows"]
    later = tuple(c for c in LATER_COUNTS if any(c in r for r in rows))
    for column in (*COUNTS, *survey, *later):
        if any(column not in r for r in rows):
            raise ExportFileError(f"{source}: {column} is in some rows and missing in others")
        if totals.get(column) != sum(r[column] for r in rows):
            raise ExportFileError(f"{source}: its totals row says {column} "
                                  f"{_shown(totals.get(column))}, its rows add up to "
                                  f"{sum(r[column] for r in rows)}")
    for column in SUMMED_MONEY:
        value = totals.get(column)
        if not _is_number(value) or _cents(value) != sum(_cents(r[column]) for r in rows):
            raise ExportFileError(f"{source}: its totals row says {column} {_shown(value)}, "
                                  "not what its rows add up to")


def refuse_overlaps(files: list[CheckedExport]) -> None:
    """ExportFileError when two files are the same, repeat a cantine's day, or differ in
    currency."""
    seen_digests: dict[str, str] = {}
    seen_days: dict[tuple[str, str], str] = {}
    for checked in files:
        if checked.digest and checked.digest in seen_digests:
            raise ExportFileError(f"{checked.source} is the same file as "
                                  f"{seen_digests[checked.digest]}: each cantine counts once")
        seen_digests[checked.digest] = checked.source
        if checked.currency != files[0].currency:
            raise ExportFileError(f"{checked.source} counts in {checked.currency}, "
                                  f"{files[0].source} in {files[0].currency}: they cannot be "
                                  "added up")
        for day in checked.days if checked.cantine else ():
            if (checked.cantine, day) in seen_days:
                raise ExportFileError(f"{checked.source} gives {checked.cantine}'s {day} again "
                                      f"(also in {seen_days[checked.cantine, day]}): each day "
                                      "counts once; two cantines each need their own name "
                                      "([cantine] name in kiosk.toml)")
            seen_days[checked.cantine, day] = checked.source


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return text.isascii()


def _is_count(value: Any) -> bool:
    return type(value) is int and 0 <= value <= MAX_COUNT


def _is_number(value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


def _is_euros(value: Any) -> bool:
    return (_is_number(value) and 0 <= value <= MAX_EUROS
            and abs(value * 100 - round(value * 100)) < 1e-6)


def _cents(value: float) -> int:
    return round(value * 100)


def _shown(value: Any) -> str:
    return repr(value)[:40] if value is not None else "missing"
