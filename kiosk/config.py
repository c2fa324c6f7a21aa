"""kiosk.toml: read with tomllib into frozen settings, with a default for everything.

A missing file means defaults, so a fresh data dir runs with no set-up. Anything wrong (an unknown
key, a wrong type, an impossible value) stops the start with a sentence that names the file, the
key and its line.
"""

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.money import DEFAULT_CEILING, MoneyError, parse_amount
from kiosk.survey import DEFAULT_QUESTIONS, Question, questions_from_config
from printer.settings import CONNECTIONS, QR_MODES, RECEIPT_POLICIES, PrinterSettings

CONFIG_NAME = "kiosk.toml"


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
    # `kiosk serve`: loopback unless the cantine decides the tablet's network may reach it.
    serve_host: str = "127.0.0.1"
    serve_port: int = 8000


@dataclass(frozen=True)
class Config:
    """Every setting of one cantine's kiosk."""

    cantine: CantineSettings = CantineSettings()
    contribution: ContributionSettings = ContributionSettings()
    card: CardSettings = CardSettings()
    printer: PrinterSettings = PrinterSettings()
    kiosk: KioskSettings = KioskSettings()
    survey: tuple[Question, ...] = DEFAULT_QUESTIONS
    source: Path | None = None


MONEY_KEYS = {"suggested", "confirm_above", "ceiling", "low_bracket_max"}


def load_config(data_dir: Path) -> Config:
    """The settings in `data_dir/kiosk.toml`, or the defaults when there is no such file."""
    path = Path(data_dir) / CONFIG_NAME
    if not path.exists():
        return Config()
    text = path.read_text(encoding="utf-8")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    return _Reader(path, text).config(document)


class _Reader:
    """Turns the parsed TOML into settings, remembering the text to point at lines."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.splitlines()

    def fail(self, section: str, key: str, message: str) -> ConfigError:
        """An error naming the file, the line of `key` in `[section]`, the key and the problem."""
        line = self.line_of(section, key)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = f"{section}.{key}" if section and key else section or key
        return ConfigError(f"{where}: {name}: {message}")

    def line_of(self, section: str, key: str) -> int | None:
        """The line where `key` is set inside `[section]` (or the section header), 1-based."""
        current, header_line = "", None
        for number, raw in enumerate(self.lines, start=1):
            line = raw.strip()
            if line.startswith("["):
                current = line.strip("[] ")
                if current == section:
                    header_line = number
                continue
            if current == section and key and line.split("=", 1)[0].strip().strip('"') == key:
                return number
        return header_line

    def config(self, document: dict[str, Any]) -> Config:
        known = {"cantine", "contribution", "payment", "printer", "survey", "kiosk"}
        for section in document:
            if section not in known:
                raise self.fail(section, "", f"unknown section (known: {', '.join(sorted(known))})")
        payment = document.get("payment", {})
        for sub in payment:
            if sub != "card":
                raise self.fail("payment", sub, "unknown section (known: payment.card)")
        contribution = self.settings(ContributionSettings(), "contribution",
                                     document.get("contribution", {}))
        config = Config(
            cantine=self.settings(CantineSettings(), "cantine", document.get("cantine", {})),
            contribution=contribution,
            card=self.settings(CardSettings(), "payment.card", payment.get("card", {})),
            printer=self.settings(PrinterSettings(), "printer", document.get("printer", {})),
            kiosk=self.settings(KioskSettings(), "kiosk", document.get("kiosk", {})),
            survey=self.survey(document.get("survey", {})),
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
        return replace(defaults, **changes)

    def value(self, section: str, key: str, value: Any, default: Any) -> Any:
        if section == "contribution" and key in MONEY_KEYS:
            return self.money(section, key, value)
        if section == "contribution" and key == "presets":
            if not isinstance(value, list) or not value:
                raise self.fail(section, key, "must be a list of amounts, like [0, 5, 10, 13, 20]")
            return tuple(self.money(section, key, item) for item in value)
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
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.fail(section, key, f"must be an amount like 13 or \"13,50\", not {value!r}")
        try:
            return parse_amount(str(value), ceiling=10**9)
        except MoneyError as error:
            raise self.fail(section, key, str(error)) from None

    def survey(self, values: dict[str, Any]) -> tuple[Question, ...]:
        for key in values:
            if key != "questions":
                raise self.fail("survey", key, "unknown key (known: questions)")
        if "questions" not in values:
            return DEFAULT_QUESTIONS
        try:
            return questions_from_config(values["questions"])
        except ValueError as error:
            raise self.fail("survey", "questions", str(error)) from None

    def check(self, config: Config) -> None:
        """Values that are each well typed but impossible, alone or together."""
        money = config.contribution
        if money.ceiling <= 0:
            raise self.fail("contribution", "ceiling", "must be above 0")
        for key in ("suggested", "confirm_above", "low_bracket_max"):
            if getattr(money, key) > money.ceiling:
                raise self.fail("contribution", key, "is above the ceiling")
        for preset in money.presets:
            if preset > money.ceiling:
                raise self.fail("contribution", "presets",
                                f"{preset / 100:.2f} is above the ceiling ({money.ceiling / 100:.2f})")
        if money.low_bracket_max >= money.suggested:
            raise self.fail("contribution", "low_bracket_max", "must be below the suggested amount")
        printer = config.printer
        choices = {"connection": CONNECTIONS, "receipt": RECEIPT_POLICIES, "qr": QR_MODES}
        for key, allowed in choices.items():
            if getattr(printer, key) not in allowed:
                raise self.fail("printer", key, f"must be one of {', '.join(allowed)}, "
                                                f"not {getattr(printer, key)!r}")
        if printer.timeout <= 0 or printer.width < 16:
            key = "timeout" if printer.timeout <= 0 else "width"
            raise self.fail("printer", key, "is too small")
        if config.card.link and "{amount}" not in config.card.link:
            raise self.fail("payment.card", "link", "must contain {amount}, where the amount goes")
        if config.kiosk.idle_timeout < 5:
            raise self.fail("kiosk", "idle_timeout", "must be at least 5 seconds")
        if not 1 <= config.kiosk.serve_port <= 65535:
            raise self.fail("kiosk", "serve_port", "must be a port number from 1 to 65535")
        self.check_cantine(config.cantine)

    def check_cantine(self, cantine: CantineSettings) -> None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        from babel import Locale, UnknownLocaleError

        try:
            ZoneInfo(cantine.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail("cantine", "timezone", f"unknown time zone {cantine.timezone!r}") from None
        try:
            Locale.parse(cantine.locale)
        except (UnknownLocaleError, ValueError):
            raise self.fail("cantine", "locale", f"unknown locale {cantine.locale!r}") from None
        if not cantine.languages:
            raise self.fail("cantine", "languages", "needs at least one language")
