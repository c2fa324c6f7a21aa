"""What the export writers share: cells (money, empty figures), headers in the cantine's language,
and the lines that head a journal."""

from typing import Any

from kiosk.books.export import Table
from kiosk.settings.money import plain

JOURNALS = ("cash", "card")
# What makes a spreadsheet read a cell as a formula (or run it): a text typed by a volunteer (a
# movement's reason, a closing's explanation) must never be one in the treasurer's files.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """A CSV text cell that no spreadsheet runs: one starting like a formula gets a leading
    apostrophe (the usual guard: shown as text, the apostrophe visible). Amounts never come
    here, so `-1.00` stays a number."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def excel_fr_for(locale: str) -> bool:
    """Whether CSV files for this cantine should be the French spreadsheet kind (`;`, `13,00`)."""
    return locale.split("_")[0].lower() == "fr"


def language_of(locale: str) -> str:
    """The language of an export's headers for a cantine's locale: French or English."""
    return "fr" if excel_fr_for(locale) else "en"


def header_words(language: str) -> dict[str, str]:
    """{key: text} of the catalogue's `export` section in `language`, keys without the prefix."""
    from kiosk.settings.i18n import words_for

    texts = words_for(language).catalogue.texts
    return {key.removeprefix("export."): text for key, text in texts.items()
            if key.startswith("export.")}


def headers(table: Table, language: str) -> list[str]:
    """The table's column names in `language` (a survey column keeps its id)."""
    if language == "en" and table.per in ("day", "visit", "membership"):
        return list(table.columns)  # the plain CSV's header, unchanged since the first exports
    found = header_words(language)
    return [found.get(f"columns.{name}", name) for name in table.columns]


# The columns whose values are words of ours (not typed texts): said in the file's language.
WORDED_COLUMNS = ("line", "role", "method", "bracket")


def value_words(table: Table, language: str) -> dict[str, dict[str, str]]:
    """{column: {value: its words in `language`}} for the worded columns of `table`; nothing
    in English, where files keep the values the JSON has."""
    if language == "en":
        return {}
    found = header_words(language)
    return {column: {key.split(".", 1)[1]: text for key, text in found.items()
                     if key.startswith(f"{column}.")}
            for column in WORDED_COLUMNS if column in table.columns}


def head_lines(table: Table) -> list[str]:
    """The lines that open a journal: the chain's proof first, then who, when, what."""
    found = table.provenance
    if found is None:
        return []
    lines = [found.proof.sentence()] if found.proof else []
    lines += [f"{key}: {value}" for key, value in found.identity()]
    lines += [f"period: {table.period.first} to {table.period.last}",
              f"currency: {table.currency}",
              f"thresholds: low bracket up to {plain(table.thresholds.low_bracket_max)}, "
              f"recommended {plain(table.thresholds.suggested)}",
              f"exported at: {found.made_at}"]
    return lines


def number(table: Table, column: str, value: Any) -> Any:
    """A value for JSON and XLSX: money in the currency's units as a number, the rest unchanged.

    Cents / 100 is exact to the cent for any amount a cantine handles (a float holds 15 digits).
    """
    if column in table.money and isinstance(value, int) and not isinstance(value, bool):
        return round(value / 100, 2)
    return value


def currency_unit(currency: str) -> str:
    """The currency's name in English, plural: "euros", "Swiss francs"."""
    from babel.numbers import get_currency_name

    return get_currency_name(currency, count=2, locale="en").lower().replace("swiss", "Swiss")
