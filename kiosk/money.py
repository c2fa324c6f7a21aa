"""Money: integer cents everywhere; only parsing and display see text.

Parsing accepts what a person types (`13`, `13.5`, `13,50`, `13 €`) and refuses the rest with a
sentence. Display follows the locale through Babel (`13,00 €` in French, `€13.00` in English).
"""

import re
from dataclasses import dataclass

from kiosk.errors import KioskError

DEFAULT_CEILING = 100_000  # 1,000.00 EUR

# Digits, then at most two decimals after a point or a comma. [0-9] rather than \d: \d also
# matches Arabic-Indic and other digits that int() would silently accept.
_AMOUNT = re.compile(r"([0-9]{1,9})(?:[.,]([0-9]{1,2}))?")
_CURRENCY_MARKS = ("€", "eur", "euros", "euro")


@dataclass(frozen=True)
class MoneyProblem:
    """Why a text is not an amount: a `code` screens translate, and English words for the CLI."""

    code: str  # empty, negative, decimals, not_a_number, above_ceiling
    text: str


class MoneyError(KioskError):
    """A text that is not an acceptable amount; `problem.code` tells screens which sentence to show."""

    def __init__(self, problem: MoneyProblem):
        super().__init__(problem.text)
        self.problem = problem


def parse_amount(text: str, *, ceiling: int = DEFAULT_CEILING) -> int:
    """The amount in cents that `text` says, or MoneyError with a sentence saying why not."""
    cleaned = text.strip().lower()
    for mark in _CURRENCY_MARKS:
        if cleaned.endswith(mark):
            cleaned = cleaned[: -len(mark)].strip()
            break
    if cleaned.startswith("€"):
        cleaned = cleaned[1:].strip()
    if not cleaned:
        raise MoneyError(MoneyProblem("empty", "no amount was given"))
    if cleaned.startswith("-"):
        raise MoneyError(MoneyProblem("negative", f"{text.strip()!r} is negative; amounts start at 0"))
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        if re.fullmatch(r"[0-9]+[.,][0-9]{3,}", cleaned):
            problem = MoneyProblem("decimals", f"{text.strip()!r} has more than two decimals")
        else:
            problem = MoneyProblem(
                "not_a_number", f"{text.strip()!r} is not an amount (write it like 13, 13.5 or 13,50)"
            )
        raise MoneyError(problem)
    euros, decimals = match.group(1), match.group(2) or ""
    cents = int(euros) * 100 + int(decimals.ljust(2, "0") or "0")
    if cents > ceiling:
        raise MoneyError(
            MoneyProblem("above_ceiling", f"{text.strip()!r} is above the ceiling of {plain(ceiling)}")
        )
    return cents


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
