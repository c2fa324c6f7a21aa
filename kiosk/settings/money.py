"""Money: integer cents everywhere; only parsing and display see text.

Parsing accepts what a person types (`13`, `13.5`, `13,50`, `13 €`) and refuses the rest with a
sentence. Display follows the locale through Babel (`13,00 €` in French, `€13.00` in English).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from kiosk.errors import KioskError

DEFAULT_CEILING = 100_000  # 1,000.00 EUR

# Digits, then at most two decimals after a point or a comma. [0-9] rather than \d: \d also
# matches Arabic-Indic and other digits that int() would silently accept. Thousands may be
# grouped as the screens display them: with spaces in French ("1 000,50", Babel's narrow no-break
# space included), with commas in English only before a decimal point ("1,000.50"), because a bare
# "1,000" could mean one euro.
_SPACE = "[ \u00a0\u202f]"
_AMOUNT = re.compile(
    rf"(?P<euros>[0-9]+|[0-9]{{1,3}}(?:{_SPACE}[0-9]{{3}})+)(?:[.,](?P<decimals>[0-9]+))?"
    rf"|(?P<grouped>[0-9]{{1,3}}(?:,[0-9]{{3}})+)\.(?P<cents>[0-9]+)"
)
_CURRENCY_MARKS = ("€", "eur", "euros", "euro")
T = TypeVar("T")
_MAX_DIGITS = 15  # more euro digits than that is above any ceiling; int() never sees them


@dataclass(frozen=True)
class MoneyProblem:
    """Why a text is not an amount: a `code` screens translate, and English words for the CLI."""

    code: str  # empty, negative, decimals, not_a_number, above_ceiling
    text: str


class MoneyError(KioskError):
    """A text that is not an acceptable amount; `problem.code` tells screens which sentence to
    show."""

    def __init__(self, problem: MoneyProblem, **values: object):
        super().__init__(problem.text, f"amount_{problem.code}", **values)
        self.problem = problem


def parse_amount(text: str, *, ceiling: int = DEFAULT_CEILING) -> int:
    """The amount in cents that `text` says, or MoneyError with a sentence saying why not."""
    shown = _quoted(text.strip())
    cleaned = _without_currency(text.strip().lower())
    if not cleaned:
        raise MoneyError(MoneyProblem("empty", "no amount was given"))
    if cleaned.startswith("-"):
        raise MoneyError(MoneyProblem("negative", f"{shown} is negative; amounts start at 0"))
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise MoneyError(MoneyProblem(
            "not_a_number", f"{shown} is not an amount (write it like 13, 13.5 or 13,50)"))
    euros = re.sub(r"[^0-9]", "", match["euros"] or match["grouped"])
    decimals = match["decimals"] or match["cents"] or ""
    if len(decimals) > 2:
        raise MoneyError(MoneyProblem("decimals", f"{shown} has more than two decimals"))
    if len(euros.lstrip("0")) > _MAX_DIGITS:
        cents = ceiling + 1
    else:
        cents = int(euros) * 100 + int(decimals.ljust(2, "0"))
    if cents > ceiling:
        raise MoneyError(
            MoneyProblem("above_ceiling", f"{shown} is above the ceiling of {plain(ceiling)}"),
            ceiling_amount=ceiling)
    return cents


def _quoted(text: str) -> str:
    """The guest's text for a message, cut short: a pasted novel must not become the message."""
    return repr(text if len(text) <= 24 else text[:23] + "…")


def _without_currency(text: str) -> str:
    """`text` without one euro sign or word before or after the number."""
    for mark in _CURRENCY_MARKS:
        if text.endswith(mark):
            return text[: -len(mark)].strip()
    if text.startswith("€"):
        return text[1:].strip()
    return text


# A figure that has no base (an average when nobody ate, a difference with no closing), in text:
# never 0, which a reader would take for a real figure. Files leave the cell empty instead.
NO_FIGURE = "—"


def shown_or_none(value: T | None, show: Callable[[T], str]) -> str:
    """`show(value)`, or NO_FIGURE when `value` is None (a figure that has no base): the one
    rule of the report, the manager's screen, the tally and the volunteers' screens."""
    return NO_FIGURE if value is None else show(value)


def plain(cents: int) -> str:
    """Cents as a plain decimal with a point, for files and payment links: 1350 -> '13.50'."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def format_amount(cents: int, locale: str = "fr_FR", currency: str = "EUR") -> str:
    """Cents as a person reads them in `locale`: 1300 -> '13,00 €' (fr_FR) or '€13.00' (en)."""
    from decimal import Decimal

    from babel.numbers import format_currency

    return format_currency(Decimal(cents) / 100, currency, locale=locale)


def format_whole_amount(euros: int, locale: str = "fr_FR", currency: str = "EUR") -> str:
    """Whole euros as `locale` writes an amount, without the cents: 40 -> '40 €' or '€40'.

    For a chart's axis, where '40,00 €' would take the room of the bars.
    """
    from babel import Locale
    from babel.numbers import format_currency

    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    return format_currency(euros, currency, format=re.sub(r"\.0+", "", pattern), locale=locale,
                           currency_digits=False)
