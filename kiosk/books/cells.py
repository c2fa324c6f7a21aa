"""What the export writers share: cells (money, empty figures), headers in the cantine's language,
and the lines that head a journal."""

import re
from collections import Counter
from datetime import datetime
from typing import Any

from kiosk.books.export import Table
from kiosk.books.journals import BETWEEN, UnknownBox
from kiosk.settings.money import plain

JOURNALS = ("cash", "card")
# What makes a spreadsheet read a cell as a formula (or run it): a text typed by a volunteer (a
# movement's reason, a closing's explanation) must never be one in the treasurer's files.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LEADING_SYMBOLS = re.compile(r"^\W+")  # the emoji before a survey answer's words


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
    """The table's column names in `language`; a survey column is its question and answer
    ('Accueil : Plutôt'), kept as its id (`welcome_rather`) in English."""
    if language == "en" and table.per in ("day", "visit", "membership"):
        return list(table.columns)  # the plain CSV's header, unchanged since the first exports
    found = header_words(language)
    survey = survey_headers(table, language)
    return [survey.get(name) or found.get(f"columns.{name}", name) for name in table.columns]


def survey_headers(table: Table, language: str) -> dict[str, str]:
    """{column: 'Accueil : Plutôt'} for the table's survey columns in `language` (nothing in
    English); a header two answers would share keeps the column's id."""
    if language == "en" or not table.survey_columns:
        return {}
    from kiosk.settings.i18n import words_for
    from kiosk.settings.survey import in_language

    catalogue = words_for(language).catalogue
    questions = {question.id: question for question in table.questions}
    said: dict[str, str] = {}
    for name, question_id, answer_id in table.survey_columns:
        question = questions.get(question_id)
        answer = next((a for a in question.answers if a.id == answer_id), None) \
            if question else None
        if answer is None:
            continue  # an answer found in the ledger but no longer configured: its id
        short = catalogue.texts.get(f"manager.question_{question_id}") \
            or in_language(question.text, language).rstrip(" ?")
        label = LEADING_SYMBOLS.sub("", in_language(answer.label, language))
        said[name] = catalogue.text("manager.survey_label", question=short, answer=label)
    counted = Counter(said.values())
    return {name: text for name, text in said.items() if counted[text] == 1}


# The columns whose values are words of ours (not typed texts): said in the file's language.
WORDED_COLUMNS = ("line", "role", "method", "bracket")
# A `counted` line's reason: the cash counted by coin and note ("20.00 x 3, 0.50 x 2").
COUNTED = re.compile(r"[0-9]+\.[0-9]{2} x [0-9]+(, [0-9]+\.[0-9]{2} x [0-9]+)*")
# A card payment given up: "19:42 13.00 meal (200 s)".
ABANDONED = re.compile(r"([0-9:]+) ([0-9]+)\.([0-9]{2}) (meal|membership) (\([0-9]+ s\))")


def value_words(table: Table, language: str) -> dict[str, dict[str, str]]:
    """{column: {value: its words in `language`}} for the worded columns of `table`; nothing
    in English, where files keep the values the JSON has."""
    if language == "en":
        return {}
    found = header_words(language)
    return {column: {key.split(".", 1)[1]: text for key, text in found.items()
                     if key.startswith(f"{column}.")}
            for column in WORDED_COLUMNS if column in table.columns}


def row_in(table: Table, row: tuple[Any, ...], language: str,
           worded: dict[str, dict[str, str]]) -> tuple[Any, ...]:
    """A row as a file in `language` says it: the kiosk's own words translated (`worded`, from
    `value_words`), the coins counted and the card payments given up with decimal commas, a
    gap between services since its Z ('depuis Z41') or not known across a day. English: the row
    unchanged."""
    if language == "en":
        return row
    found = header_words(language)
    values = dict(zip(table.columns, row, strict=False))
    line = values.get("line")
    said = []
    for name, value in values.items():
        if isinstance(value, str) and value:
            if table.per == "cash" and name == "reason" and line in BETWEEN:
                value = found["between.since"].format(z=value)
            elif table.per == "cash" and name == "reason" and line == "opening":
                value = found["between.counted_at"].format(z=value)
            elif table.per == "cash" and name == "reason" and line == "gap_unknown" \
                    and (hole := UnknownBox.of_reason(value)):
                value = found[f"between.{hole.why}"].format(day=hole.day)
            elif table.per == "cash" and name == "reason" and COUNTED.fullmatch(value):
                value = value.replace(".", ",")  # the coins and notes counted: "0,50 x 2"
            elif name == "abandoned_detail":
                value = ABANDONED.sub(lambda m: f"{m[1]} {m[2]},{m[3]} "
                                                f"{found['abandoned.' + m[4]]} {m[5]}", value)
            else:
                value = worded.get(name, {}).get(value, value)
        said.append(value)
    return tuple(said)


def total_label(label: Any, language: str) -> Any:
    """A totals row's first cell in `language`: 'total', 'total (voided)'."""
    if language == "en" or not isinstance(label, str):
        return label
    found = header_words(language)
    return {"total": found["total.all"], "total (voided)": found["total.voided"]}.get(label,
                                                                                       label)


def head_lines(table: Table, language: str = "en") -> list[str]:
    """The lines that open a journal: the chain's proof first, then who, when, what."""
    found = table.provenance
    if found is None:
        return []
    words = header_words(language)
    lines = [proof_sentence(found.proof, language)] if found.proof else []
    lines += [words["head.line"].format(key=words.get(f"head.{key}", key), value=value)
              for key, value in found.identity()]
    return lines + period_lines(table, language) + [exported_line(found.made_at, language)]


def exported_line(made_at: str, language: str) -> str:
    """When the export was made, as a reader says it: 'exporté le : 1 déc. 2026 à 16:05' (the
    JSON keeps the ISO time)."""
    from babel.dates import format_date, format_time

    words = header_words(language)
    moment = datetime.fromisoformat(made_at) if made_at else datetime.now().astimezone()
    return words["head.exported_at"].format(
        date=format_date(moment, format="medium", locale=language),
        time=format_time(moment, "HH:mm", locale=language))


def period_lines(table: Table, language: str) -> list[str]:
    """The period, the currency and the thresholds of `table`, in `language`."""
    words = header_words(language)
    thresholds = table.thresholds
    return [words["head.period"].format(first=table.period.first, last=table.period.last),
            words["head.currency"].format(currency=table.currency),
            words["head.thresholds"].format(low=money_in(thresholds.low_bracket_max, language),
                                            suggested=money_in(thresholds.suggested, language))]


def proof_sentence(proof: Any, language: str) -> str:
    """The chain's proof in `language`; a broken chain's problem as the verifier worded it, each
    of its parts in `language` (a part of a form not known here stays as worded)."""
    if language == "en":
        return proof.sentence()
    words = header_words(language)
    if not proof.verified:
        return words["head.broken"].format(problem="; ".join(
            problem_in(part, words) for part in proof.problem.split("; ")))
    if not proof.entries:
        return words["head.verified_none"]
    return words["head.verified"].format(entries=proof.entries, first=proof.first_seq,
                                         last=proof.last_seq)


# The verifier's problems (kiosk.books.provenance), each with the catalogue key that says it.
CHAIN_PROBLEMS = (
    (re.compile(r"entries (?P<first>[0-9]+) to (?P<last>[0-9]+) are missing"), "missing"),
    (re.compile(r"entry (?P<seq>[0-9]+) does not follow entry (?P<before>[0-9]+) \(its link to "
                r"it does not match\)"), "unlinked"),
    (re.compile(r"the day file (?P<name>\S+) is missing"), "lost_file"),
    (re.compile(r"not verified: the days? (?P<days>.+) (is|are) damaged and counted as stored "
                r"\(--trust-damaged\)"), "trusted"),
)


def problem_in(problem: str, words: dict[str, str]) -> str:
    """One part of a broken chain's problem in the language of `words`."""
    for pattern, key in CHAIN_PROBLEMS:
        if found := pattern.fullmatch(problem):
            return words[f"chain.{key}"].format(**found.groupdict())
    return problem


def money_in(cents: int, language: str) -> str:
    """An amount as a text of a file in `language`: `13.00`, in French `13,00`."""
    text = plain(cents)
    return text if language == "en" else text.replace(".", ",")


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
