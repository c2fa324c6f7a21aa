"""kiosk.toml: read with tomllib into frozen settings, with a default for everything.

A missing file means defaults, so a fresh data dir runs with no set-up. Anything wrong (an unknown
key, a wrong type, an impossible value) stops the start with a sentence that names the file, the
key and its line.
"""

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from functools import partial
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.settings.accounts import AccountsSettings, accounts_problem
from kiosk.settings.checks import (
    RANGES,
    UNITS,
    bic_problem,
    host_name_problem,
    iban_problem,
    languages_problem,
    link_problem,
    number_problem,
    volunteer_key_problem,
)
from kiosk.settings.i18n import known_languages
from kiosk.settings.membership import MONEY_KEYS as MEMBERSHIP_MONEY
from kiosk.settings.membership import MembershipSettings, membership_problem
from kiosk.settings.money import DEFAULT_CEILING, MoneyError, parse_amount, plain
from kiosk.settings.pin import pin_hash_problem
from kiosk.settings.survey import DEFAULT_QUESTIONS, Question, questions_from_config
from printer.settings import CONNECTIONS, QR_MODES, RECEIPT_POLICIES, PrinterSettings

CONFIG_NAME = "kiosk.toml"
_HEADER = re.compile(r"\[\[?\s*([^\]]+?)\s*\]")  # [section] or [[array.of.tables]]


class ConfigError(KioskError):
    """kiosk.toml says something the kiosk cannot use; the message names file, key and line."""


@dataclass(frozen=True)
class CantineSettings:
    """Who the kiosk stands for, and how it speaks."""

    name: str = "Petite Cantine"
    address: str = ""
    locale: str = "fr_FR"
    languages: tuple[str, ...] = ("fr", "en")
    timezone: str = "Europe/Paris"
    currency: str = "EUR"
    # The association's legal identity, printed on receipts and Z reports when set.
    legal_name: str = ""
    rna: str = ""  # Répertoire national des associations: W and 9 characters
    siren: str = ""  # 9 digits
    # A few words of the cantine's own at the foot of each receipt (or one per language).
    receipt_footer: dict[str, str] = field(default_factory=lambda: {"*": ""})

    @property
    def legal_ids(self) -> str:
        """The association's numbers as a receipt prints them: "RNA W751234567 · SIREN ..."."""
        ids = [f"RNA {self.rna}" if self.rna else "",
               f"SIREN {self.siren[:3]} {self.siren[3:6]} {self.siren[6:]}" if self.siren else ""]
        return " · ".join(part for part in ids if part)

    def identity(self) -> tuple[str, ...]:
        """The lines that say who issues a receipt or a Z report, under the cantine's name."""
        lines = (self.legal_name if self.legal_name != self.name else "", self.address,
                 self.legal_ids)
        return tuple(line for line in lines if line)

    def footer_in(self, language: str) -> str:
        """The receipt's footer in `language` (or the one for every language, or none)."""
        return self.receipt_footer.get(language, self.receipt_footer.get("*", ""))


@dataclass(frozen=True)
class ContributionSettings:
    """The prix libre: the recommended amount and why, the presets, and the limits (all cents)."""

    suggested: int = 1300
    presets: tuple[int, ...] = (0, 500, 1000, 1300, 2000)
    confirm_above: int = 5000
    ceiling: int = DEFAULT_CEILING
    low_bracket_max: int = 700  # the network's "1 to 7 EUR" bracket
    explanation: dict[str, str] = field(default_factory=lambda: {
        "fr": "Un repas coûte environ 13 € à la cantine. Chacun donne ce qu'il peut : "
              "ceux qui donnent plus permettent aux autres de donner moins.",
        "en": "A meal costs the cantine about 13 €. Everyone gives what they can: "
              "those who give more let others give less.",
    })


@dataclass(frozen=True)
class CardSettings:
    """Card payment through the guest's phone: a payment link with {amount}, or an EPC QR code."""

    link: str = ""  # e.g. "https://pay.example.org/cantine?amount={amount}"; empty: no card
    epc_iban: str = ""
    epc_bic: str = ""
    epc_name: str = ""
    epc_remittance: str = "Petite Cantine"

    @property
    def enabled(self) -> bool:
        """Whether guests can pay by card at all."""
        return bool(self.link or self.epc_iban)


@dataclass(frozen=True)
class KioskSettings:
    """How the kiosk behaves at the door."""

    idle_timeout: float = 90.0  # seconds without a touch before going back to welcome
    pin_hash: str = ""
    volunteer_key: str = "f2"
    thanks_seconds: float = 6.0
    # A card payment on a phone takes minutes: the QR code waits this long before asking
    # "have you paid?", and the question as long again before giving up.
    card_wait: float = 180.0
    # A key or tap this soon after a guest's step is drawn belongs to the step before: ignored.
    guard_ms: int = 350
    # The volunteers count coins and type reasons: their screens wait longer than a guest's.
    volunteer_idle_timeout: float = 600.0
    # `kiosk serve`: loopback unless the cantine decides the tablet's network may reach it.
    serve_host: str = "127.0.0.1"
    serve_port: int = 8000
    # The names a tablet may use to reach `kiosk serve` on the network, besides an IP address,
    # localhost and this machine's own name (and name.local): any other name in a request is a
    # foreign site pointed at the kiosk (DNS rebinding), refused.
    serve_names: tuple[str, ...] = ()
    # Kiosk processes `kiosk serve` runs at once (one per tab): a page left open on every device
    # of the cantine, not a stranger opening tabs, is what this must allow.
    max_sessions: int = 4


@dataclass(frozen=True)
class PrivacySettings:
    """How many guests a figure must mix, at least, before the kiosk stores or exports it."""

    # A per-visit export's time slots hold at least k visits; a closing seals survey counts only
    # when at least k guests answered (else they are counted with a later service).
    k: int = 5


MIN_K = 3


@dataclass(frozen=True)
class Config:
    """Every setting of one cantine's kiosk."""

    cantine: CantineSettings = CantineSettings()
    contribution: ContributionSettings = ContributionSettings()
    card: CardSettings = CardSettings()
    printer: PrinterSettings = PrinterSettings()
    kiosk: KioskSettings = KioskSettings()
    privacy: PrivacySettings = PrivacySettings()
    accounts: AccountsSettings = AccountsSettings()
    survey: tuple[Question, ...] = DEFAULT_QUESTIONS
    membership: MembershipSettings = MembershipSettings()
    source: Path | None = None


MONEY_KEYS = {"suggested", "confirm_above", "ceiling", "low_bracket_max"}


def load_config(data_dir: Path) -> Config:
    """The settings in `data_dir/kiosk.toml`, or the defaults when there is no such file."""
    path = Path(data_dir) / CONFIG_NAME
    try:
        # utf-8-sig: a byte order mark, which Windows' Notepad writes, is not a TOML statement.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_toml_problem(path, str(error))) from None
    return _Reader(path, text).config(document)


def _toml_problem(path: Path, message: str) -> str:
    """tomllib's "... (at line 3, column 5)" as "kiosk.toml:3: not valid TOML: ... (column 5)"."""
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found is None:
        return f"{path}: not valid TOML: {message}"
    return (f"{path}:{found[1]}: not valid TOML: {message[:found.start()]} "
            f"(column {found[2]})")


class _Reader:
    """Turns the parsed TOML into settings, remembering the text to point at lines."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.splitlines()
        self.written: set[tuple[str, str]] = set()  # (section, key) the file sets

    def fail(self, section: str, key: str, message: str) -> ConfigError:
        """An error naming the file, the line of `key` in `[section]`, the key and the problem."""
        line = self.line_of(section, key)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = f"{section}.{key}" if section and key else section or key
        return ConfigError(f"{where}: {name}: {message}")

    def line_of(self, section: str, key: str) -> int | None:
        """The line where `key` is set inside `[section]` (or the section header), 1-based.

        A key that is itself a table (`[payment.card]`, `[[survey.questions]]`) is found by its
        header; a section written as a plain key at the top (`cantine = 1`) by that key.
        """
        parent, _, name = section.rpartition(".") if not key else (section, "", key)
        current, header_line = "", None
        for number, raw in enumerate(self.lines, start=1):
            line = raw.strip()
            header = _HEADER.match(line)
            if header:
                current = header[1]
                if current == section:
                    header_line = header_line or number
                if key and current == f"{section}.{key}":
                    return number
                continue
            if current == parent and name and line.split("=", 1)[0].strip().strip('"\'') == name:
                return number
        return header_line

    def table(self, document: dict[str, Any], section: str) -> dict[str, Any]:
        """The table `[section]` of `document` (empty when absent); anything else is refused."""
        value = document.get(section.rpartition(".")[2], {})
        if not isinstance(value, dict):
            raise self.fail(section, "", f"must be a table, written [{section}]")
        return value

    def config(self, document: dict[str, Any]) -> Config:
        """Every section of the parsed file, read and checked."""
        known = {"cantine", "contribution", "payment", "printer", "survey", "kiosk", "privacy",
                 "membership", "accounts"}
        for section in document:
            if section not in known:
                raise self.fail(section, "", f"unknown section (known: {', '.join(sorted(known))})")
        payment = self.table(document, "payment")
        for sub in payment:
            if sub != "card":
                raise self.fail("payment", sub, "unknown key (known: card, written [payment.card])")
        config = Config(
            cantine=self.settings(CantineSettings(), "cantine", self.table(document, "cantine")),
            contribution=self.settings(ContributionSettings(), "contribution",
                                       self.table(document, "contribution")),
            card=self.settings(CardSettings(), "payment.card", self.table(payment, "payment.card")),
            printer=self.settings(PrinterSettings(), "printer", self.table(document, "printer")),
            kiosk=self.settings(KioskSettings(), "kiosk", self.table(document, "kiosk")),
            privacy=self.settings(PrivacySettings(), "privacy", self.table(document, "privacy")),
            accounts=self.settings(AccountsSettings(), "accounts",
                                   self.table(document, "accounts")),
            survey=self.survey(self.table(document, "survey")),
            membership=self.settings(MembershipSettings(), "membership",
                                     self.table(document, "membership")),
            source=self.path,
        )
        self.check(config)
        return config

    def settings(self, defaults: Any, section: str, values: dict[str, Any]) -> Any:
        """`defaults` with the values of `[section]`, each checked against the default's type."""
        names = {f.name: f for f in fields(defaults)}
        changes = {}
        for key, value in values.items():
            if key not in names:
                raise self.fail(section, key, f"unknown key (known: {', '.join(sorted(names))})")
            changes[key] = self.value(section, key, value, getattr(defaults, key))
            self.written.add((section, key))
        return replace(defaults, **changes)

    def value(self, section: str, key: str, value: Any, default: Any) -> Any:
        """`value` checked against the type of `default` (money keys read as amounts)."""
        if (section, key) in {("contribution", k) for k in MONEY_KEYS} | {
                ("membership", k) for k in MEMBERSHIP_MONEY}:
            return self.money(section, key, value)
        if section in ("contribution", "membership") and key == "presets":
            if not isinstance(value, list) or not value:
                raise self.fail(section, key, "must be a list of amounts, like [0, 5, 10, 13, 20]")
            return tuple(self.money(section, key, item) for item in value)
        if section == "accounts" and isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # `cash = 530` as a treasurer writes it
        if section == "cantine" and key in ("rna", "siren") and isinstance(value, str):
            return re.sub(r"[\s.]", "", value).upper()  # "123 456 782" as people write it
        if isinstance(default, bool):
            expected = (bool,)
        elif isinstance(default, float):
            expected = (int, float)
        elif isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self.fail(section, key, "must be a list of texts")
            return tuple(value)
        elif isinstance(default, dict):
            if isinstance(value, str):
                return {"*": value}
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise self.fail(section, key, 'must be a text, or a table of texts per language')
            return dict(value)
        else:
            expected = (type(default),)
        if isinstance(value, bool) and bool not in expected or not isinstance(value, expected):
            kind = {str: "a text", int: "a whole number", float: "a number", bool: "true or false"}
            raise self.fail(section, key, f"must be {kind[expected[-1]]}, not {value!r}")
        return float(value) if isinstance(default, float) else value

    def money(self, section: str, key: str, value: Any) -> int:
        """An amount written as 13, 13.5 or "13,50", in cents."""
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.fail(section, key, f"must be an amount like 13 or \"13,50\", not {value!r}")
        try:
            return parse_amount(str(value), ceiling=10**9)
        except MoneyError as error:
            raise self.fail(section, key, str(error)) from None

    def survey(self, values: dict[str, Any]) -> tuple[Question, ...]:
        """The [[survey.questions]], or the default questions when there are none."""
        for key in values:
            if key != "questions":
                raise self.fail("survey", key, "unknown key (known: questions)")
        if "questions" not in values:
            return DEFAULT_QUESTIONS
        try:
            return questions_from_config(values["questions"])
        except ValueError as error:
            raise self.fail("survey", "questions", str(error)) from None

    def culprit(self, section: str, *keys: str) -> str:
        """Which of `keys` to blame for a conflict between them: the first the file sets (a
        default nobody wrote is never the one to change), else the first."""
        return next((key for key in keys if (section, key) in self.written), keys[0])

    def check(self, config: Config) -> None:
        """Values that are each well typed but impossible, alone or together."""
        for (section, key), (lowest, highest) in RANGES.items():
            settings = config.printer if section == "printer" else getattr(config, section)
            problem = number_problem(getattr(settings, key), lowest, highest,
                                     UNITS.get((section, key), ""))
            if problem:
                raise self.fail(section, key, problem)
        self.check_money(config.contribution)
        key, problem = membership_problem(config.membership, config.contribution.ceiling,
                                          ("membership", "presets") in self.written)
        if problem:
            raise self.fail("membership", key, problem)
        printer = config.printer
        choices = {"connection": CONNECTIONS, "receipt": RECEIPT_POLICIES, "qr": QR_MODES}
        for key, allowed in choices.items():
            if getattr(printer, key) not in allowed:
                raise self.fail("printer", key, f"must be one of {', '.join(allowed)}, "
                                                f"not {getattr(printer, key)!r}")
        self.check_card(config.card, config.contribution.ceiling)
        self.check_kiosk(config.kiosk)
        self.check_cantine(config.cantine)
        if found := accounts_problem(config.accounts, partial(self.culprit, "accounts")):
            raise self.fail("accounts", *found)

    def check_money(self, money: ContributionSettings) -> None:
        """The amounts fit under the ceiling and the brackets make sense; the presets differ."""
        if money.ceiling <= 0:
            raise self.fail("contribution", "ceiling", "must be above 0")
        if money.suggested <= 0:
            raise self.fail("contribution", "suggested", "must be above 0")
        for key in ("suggested", "confirm_above", "low_bracket_max"):
            if getattr(money, key) > money.ceiling:
                raise self.fail("contribution", self.culprit("contribution", key, "ceiling"),
                                f"{key} ({plain(getattr(money, key))}) is above the ceiling "
                                f"({plain(money.ceiling)})")
        for preset in money.presets:
            if preset > money.ceiling:
                raise self.fail("contribution", "presets",
                                f"{plain(preset)} is above the ceiling ({plain(money.ceiling)})")
        if len(set(money.presets)) != len(money.presets):
            raise self.fail("contribution", "presets", "names an amount twice")
        if money.low_bracket_max >= money.suggested:
            low, suggested = plain(money.low_bracket_max), plain(money.suggested)
            if self.culprit("contribution", "low_bracket_max", "suggested") == "suggested":
                raise self.fail("contribution", "suggested", f"must be above low_bracket_max "
                                                             f"({low}, the top of the low bracket)")
            raise self.fail("contribution", "low_bracket_max",
                            f"must be below the suggested amount ({suggested})")

    def check_card(self, card: CardSettings, ceiling: int) -> None:
        """A payment link a phone can open safely; EPC details a bank app accepts."""
        if card.link:
            problem = link_problem(card.link, plain(ceiling))
            if problem:
                raise self.fail("payment.card", "link", problem)
        if card.epc_iban:
            for key, problem in (("epc_iban", iban_problem(card.epc_iban)),
                                 ("epc_bic", bic_problem(card.epc_bic)),
                                 ("epc_name", "" if card.epc_name.strip() else
                                  "is needed with epc_iban: the name the transfer goes to")):
                if problem:
                    raise self.fail("payment.card", key, problem)

    def check_kiosk(self, kiosk: KioskSettings) -> None:
        """The volunteers' key and PIN hash can be used; the serve address is not empty."""
        problem = volunteer_key_problem(kiosk.volunteer_key)
        if problem:
            raise self.fail("kiosk", "volunteer_key", problem)
        problem = pin_hash_problem(kiosk.pin_hash)
        if problem:
            raise self.fail("kiosk", "pin_hash", f"{problem}: run `kiosk set-pin` to set it again")
        if not kiosk.serve_host.strip():
            raise self.fail("kiosk", "serve_host", 'must be an address, like "127.0.0.1"')
        for name in kiosk.serve_names:
            if problem := host_name_problem(name):
                raise self.fail("kiosk", "serve_names", problem)

    def check_cantine(self, cantine: CantineSettings) -> None:
        """The time zone, the locale and every language exist."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(cantine.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail("cantine", "timezone",
                            f"unknown time zone {cantine.timezone!r}") from None
        if not _has_locale_data(cantine.locale):
            from babel import Locale, UnknownLocaleError

            try:
                Locale.parse(cantine.locale)
            except (UnknownLocaleError, ValueError):
                raise self.fail("cantine", "locale", f"unknown locale {cantine.locale!r}") from None
        problem = languages_problem(cantine.languages, known_languages())
        if problem:
            raise self.fail("cantine", "languages", problem)
        self.check_legal_identity(cantine)

    def check_legal_identity(self, cantine: CantineSettings) -> None:
        """RNA and SIREN numbers as the administration writes them; texts that fit a receipt."""
        if cantine.rna and not re.fullmatch(r"W[0-9][0-9A-Z][0-9]{7}", cantine.rna):
            raise self.fail("cantine", "rna", f"{cantine.rna!r} is not an RNA number: W then 9 "
                                              "characters, like W751234567")
        if cantine.siren and not (re.fullmatch(r"[0-9]{9}", cantine.siren)
                                  and _luhn(cantine.siren)):
            raise self.fail("cantine", "siren", f"{cantine.siren!r} is not a SIREN number: "
                                                "9 digits, like 123 456 782")
        if len(cantine.legal_name) > 120:
            raise self.fail("cantine", "legal_name", "is longer than 120 characters")
        for text in cantine.receipt_footer.values():
            if len(text) > 300:
                raise self.fail("cantine", "receipt_footer", "is longer than 300 characters")


def _luhn(digits: str) -> bool:
    """The SIREN's check: Luhn's sum of its digits is a multiple of 10."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _has_locale_data(locale: str) -> bool:
    """Whether Babel ships data for exactly `locale`, found without importing Babel.

    Importing Babel and parsing a locale costs `kiosk record` more than all its own work; an
    identifier with a data file is one Babel accepts, and anything else gets Babel's full check.
    """
    from importlib.util import find_spec

    spec = find_spec("babel")
    folders = spec.submodule_search_locations if spec else None
    return bool(re.fullmatch(r"[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2}|_[0-9]{3})?", locale)) and any(
        (Path(folder) / "locale-data" / f"{locale}.dat").is_file() for folder in folders or ())
