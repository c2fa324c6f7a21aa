"""The one-tap survey: its questions and answers, from config or the defaults.

Answers are only counted (`kiosk.ledger.answers`): nothing stored links one to a contribution.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Answer:
    """One tap: an `id` stored in the ledger, and what the guest reads, per language."""

    id: str
    label: dict[str, str]


@dataclass(frozen=True)
class Question:
    """One survey question, shown on its own screen."""

    id: str
    text: dict[str, str]
    answers: tuple[Answer, ...]

    def answer(self, answer_id: str) -> Answer:
        """The answer with that id, or ValueError."""
        for answer in self.answers:
            if answer.id == answer_id:
                return answer
        raise ValueError(f"{answer_id!r} is not an answer to {self.id!r}")


def _answers(*pairs: tuple[str, str, str]) -> tuple[Answer, ...]:
    return tuple(Answer(id, {"fr": fr, "en": en}) for id, fr, en in pairs)


DEFAULT_QUESTIONS = (
    Question(
        "welcome",
        {"fr": "Vous sentez-vous bienvenu·e ici ?", "en": "Do you feel welcome here?"},
        _answers(
            ("very", "Tout à fait", "Very much"),
            ("rather", "Plutôt", "Rather"),
            ("little", "Un peu", "A little"),
            ("not", "Pas vraiment", "Not really"),
        ),
    ),
    Question(
        "age",
        {"fr": "Quel âge avez-vous ?", "en": "How old are you?"},
        _answers(
            ("under_25", "Moins de 25 ans", "Under 25"),
            ("25_55", "25 à 55 ans", "25 to 55"),
            ("over_55", "Plus de 55 ans", "Over 55"),
        ),
    ),
    Question(
        "first_visit",
        {"fr": "Est-ce votre première fois ici ?", "en": "Is this your first time here?"},
        _answers(("yes", "Oui", "Yes"), ("no", "Non", "No")),
    ),
)

# Which answers count as "feels welcome" in the network's impact figures.
WELCOMING_ANSWERS = frozenset({"very", "rather"})


def questions_from_config(items: Any) -> tuple[Question, ...]:
    """Questions from `[[survey.questions]]` tables: id, text, and answers as [{id, label}]."""
    if not isinstance(items, list):
        raise ValueError("must be a list of [[survey.questions]] tables")
    questions = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not {"id", "text", "answers"} <= item.keys():
            raise ValueError(f"question {index} needs id, text and answers")
        answers = item["answers"]
        if not isinstance(answers, list) or not 2 <= len(answers) <= 6:
            raise ValueError(f"question {item['id']!r} needs 2 to 6 answers")
        parsed = []
        for answer in answers:
            if not isinstance(answer, dict) or not {"id", "label"} <= answer.keys():
                raise ValueError(f"each answer of {item['id']!r} needs an id and a label")
            parsed.append(Answer(str(answer["id"]), _texts(answer["label"])))
        questions.append(Question(str(item["id"]), _texts(item["text"]), tuple(parsed)))
    return tuple(questions)


def _texts(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        return {"*": value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return dict(value)
    raise ValueError(f"{value!r} must be a text or a table of texts per language")


def in_language(texts: dict[str, str], language: str) -> str:
    """The text for `language`, falling back to the one for every language, then French."""
    return texts.get(language) or texts.get("*") or texts.get("fr") or next(iter(texts.values()))
