"""What the kiosk says, in the guest's language: one TOML catalogue per language.

Adding a language is adding one file `catalogues/<code>.toml` with the same keys as `fr.toml`
(a test checks that). Amounts and dates are formatted by Babel in the language's locale: the
cantine's own locale for its own language (so a Belgian cantine gets fr_BE), the catalogue's
`meta.locale` for the others.
"""

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from kiosk.errors import is_money_value
from kiosk.settings.money import format_amount

CATALOGUE_DIR = Path(__file__).parent / "catalogues"
REFERENCE_LANGUAGE = "fr"


class CatalogueError(ValueError):
    """A catalogue file that cannot be read, or a language that has no catalogue."""


@dataclass(frozen=True)
class Catalogue:
    """Every text of one language, by dotted key (`welcome.start`)."""

    language: str
    name: str  # the language's own name, shown on its button: "Français", "English"
    locale: str  # the Babel locale used for this language when it is not the cantine's own
    texts: dict[str, str]

    def text(self, key: str, /, **values: object) -> str:
        """The text for `key` with `{placeholders}` filled from `values`."""
        template = self.texts.get(key)
        if template is None:
            # A missing key must not crash a guest's visit; the catalogue test catches it first.
            template = _reference().texts.get(key, key)
        return template.format(**values) if values else template


def flatten(table: dict, prefix: str = "") -> dict[str, str]:
    """Nested TOML tables as one flat dict of dotted keys to texts."""
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, str):
            flat[name] = value
        else:
            raise CatalogueError(f"{name}: every catalogue value must be a text")
    return flat


def read_catalogue(path: Path) -> Catalogue:
    """The catalogue in `path` (its language is the file's name)."""
    try:
        texts = flatten(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{path}: not valid TOML: {error}") from None
    for key in ("meta.name", "meta.locale"):
        if key not in texts:
            raise CatalogueError(f"{path}: {key} is missing")
    return Catalogue(path.stem, texts["meta.name"], texts["meta.locale"], texts)


@cache
def catalogue(language: str, folder: Path = CATALOGUE_DIR) -> Catalogue:
    """The catalogue of `language`, read at its first use (a guest who never chooses English
    never costs the kiosk its catalogue)."""
    return read_catalogue(folder / f"{language}.toml")


@cache
def catalogues(folder: Path = CATALOGUE_DIR) -> dict[str, Catalogue]:
    """Every catalogue shipped in `folder`, by language code."""
    return {language: catalogue(language, folder) for language in known_languages(folder)}


def known_languages(folder: Path = CATALOGUE_DIR) -> list[str]:
    """The languages that have a catalogue, found without reading them (settings check this)."""
    return list(_known(folder))


@cache
def _known(folder: Path) -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in folder.glob("*.toml")))


@cache
def language_name(language: str, folder: Path = CATALOGUE_DIR) -> str:
    """The language's own name, for its button on the welcome screen ("English"), read from the
    catalogue's `[meta]` table alone: the welcome screen is drawn before the rest is read."""
    text = (folder / f"{language}.toml").read_text(encoding="utf-8")
    start = text.find("[meta]")
    end = text.find("\n[", start)
    try:
        meta = tomllib.loads(text[start:end if end >= 0 else None]) if start >= 0 else {}
    except tomllib.TOMLDecodeError:
        meta = {}
    name = meta.get("meta", {}).get("name")
    return name if isinstance(name, str) else catalogue(language, folder).name


def _reference() -> Catalogue:
    return catalogue(REFERENCE_LANGUAGE)


def available(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The configured languages that have a catalogue, in the configured order (French if none)."""
    known = _known(CATALOGUE_DIR)
    chosen = tuple(language for language in languages if language in known)
    return chosen or (REFERENCE_LANGUAGE,)


def locale_for(language: str, cantine_locale: str) -> str:
    """The Babel locale for `language`: the cantine's own when it speaks that language."""
    if cantine_locale.split("_")[0] == language:
        return cantine_locale
    if language not in _known(CATALOGUE_DIR):
        return cantine_locale
    return catalogue(language).locale


@dataclass(frozen=True)
class Words:
    """How the kiosk speaks to one guest: their language's texts, money and dates."""

    catalogue: Catalogue
    locale: str
    currency: str = "EUR"

    @property
    def language(self) -> str:
        """The language code, e.g. "fr"."""
        return self.catalogue.language

    def __call__(self, key: str, /, **values: object) -> str:
        """The text for `key` in this language."""
        return self.catalogue.text(key, **values)

    def count(self, key: str, count: int, /, **values: object) -> str:
        """`key_<form>` for `count` by the language's plural rule, filled with `count` and `values`.

        Babel names the forms (French: "one" for 0 and 1, "other" above; English: "one" for 1
        only); a catalogue writes `key_one` and `key_other`, and `key_few`, `key_many`... for a
        language that has them. A form the catalogue lacks falls back on `key_other`.
        """
        from babel import Locale

        form = Locale.parse(self.locale).plural_form(count)
        found = f"{key}_{form}" if f"{key}_{form}" in self.catalogue.texts else f"{key}_other"
        return self(found, count=count, **values)

    def choices(self, group: str) -> list[str]:
        """Every text of the catalogue's table `group`, in the catalogue's order: the ready-made
        reasons of `reasons.void`, for instance (none for a group the catalogue lacks)."""
        prefix = f"{group}."
        return [text for key, text in self.catalogue.texts.items() if key.startswith(prefix)]

    def refusal(self, error: BaseException) -> str:
        """A refusal in this language: `forms.<its code>` filled with its values (kiosk.errors).

        A disk that refused a write has its own sentence; anything else without a sentence is
        `forms.unexpected`, which says where the details were written (the log), never the
        English itself.
        """
        if isinstance(error, OSError):
            from kiosk.errors import DiskProblem

            error = DiskProblem(error)  # disk full, read-only, no permission... and its path
        code = getattr(error, "code", "")
        key = f"forms.{code}"
        if not code or key not in self.catalogue.texts:
            return self("forms.unexpected")
        values = {name: self.money(value) if is_money_value(name) and isinstance(value, int)
                  else value for name, value in getattr(error, "values", {}).items()}
        return self(key, **values)

    def money(self, cents: int) -> str:
        """An amount as this language's locale writes it: '13,00 €' or '€13.00'."""
        return format_amount(cents, self.locale, self.currency)

    def typed_money(self, typed: str) -> str:
        """What the guest is typing on the keypad, written as an amount: '13,5' -> '13,5 €'."""
        from babel.numbers import format_decimal, get_decimal_symbol

        zero = format_decimal(0, format="0.00", locale=self.locale)
        shown = (typed or "0").replace(",", get_decimal_symbol(self.locale))
        return self.money(0).replace(zero, shown, 1)

    def day(self, moment: date | datetime) -> str:
        """A day written out in full: 'samedi 21 novembre 2026'."""
        from babel.dates import format_date

        day = moment.date() if isinstance(moment, datetime) else moment
        return format_date(day, format="full", locale=self.locale)

    def moment(self, moment: datetime) -> str:
        """A date and time, short, for a receipt: '21/11/2026 12:30'."""
        from babel.dates import format_datetime

        return format_datetime(moment, format="short", locale=self.locale)



def words_for(language: str, cantine_locale: str = "fr_FR", currency: str = "EUR") -> Words:
    """The Words of `language` (French when there is no such catalogue)."""
    found = catalogue(language) if language in _known(CATALOGUE_DIR) else _reference()
    return Words(found, locale_for(found.language, cantine_locale), currency)
