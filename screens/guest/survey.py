"""The survey: one question per screen, answered or skipped with one tap.

The visit is already on disk. Answers are only counted (`kiosk.ledger.answers`): nothing stored
ties them to the visit, and the screen says so.
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.ledger.entries import Entry
from kiosk.settings.survey import in_language
from screens.base import ButtonRow, Choice, StepScreen, while_shown


class SurveyScreen(StepScreen):
    """Question number `index` of the configured survey; the next question is shown in place,
    as a new showing of this screen (the input guard starts again, an earlier tap is void)."""

    CSS_PATH = "survey.tcss"

    def __init__(self, entry: Entry | None, index: int = 0) -> None:
        super().__init__(entry)
        self.entry = entry  # kept only to hand on to the thanks screen (receipt), never stored
        self.index = index

    @property
    def question(self):
        return self.app.config.survey[self.index]

    def compose(self) -> ComposeResult:
        with Vertical(id="survey"):
            yield Static(id="recorded")
            yield Static(id="progress")
            yield Static(classes="title", id="question")
            yield Static(id="survey-note")
        # The answers sit at the bottom, below where any step's commit button was (cash, "I have
        # paid", 0 €, cook): a late second tap on that button lands on no answer.
        with Vertical(id="survey-foot"):
            yield ButtonRow(self.answers(), id="answers")
            with Horizontal(classes="nav"):
                yield self.button("survey.skip_all", "0", id="skip-all")
                yield self.button("survey.skip", "enter", id="skip")

    def answers(self) -> tuple[Choice, ...]:
        """The answers to the question on show, each on its digit key."""
        if not self.app.config.survey:
            return ()  # no questions: the visit never comes here
        language = self.app.words.language
        return tuple(Choice(in_language(answer.label, language), str(number),
                            f"answer-{number}", "answer")
                     for number, answer in enumerate(self.question.answers, start=1))

    def reset(self, value: Entry, index: int = 0) -> None:
        self.entry = self.value = value
        self.index = index
        words, total = self.app.words, len(self.app.config.survey)
        recorded = self.query_one("#recorded", Static)
        recorded.display = index == 0
        self.say("#recorded", self.recorded_text() if index == 0 else "")
        self.say("#progress", words("survey.progress", number=index + 1, total=total))
        self.say("#question", in_language(self.question.text, words.language))
        self.say("#survey-note", words("survey.note"))
        self.query_one("#answers", ButtonRow).show(self.answers())
        self.relabel("#skip-all", "survey.skip_all")
        self.relabel("#skip", "survey.skip")

    def recorded_text(self) -> str:
        words = self.app.words
        cash = self.entry.value.method == "cash"
        return words("thanks.recorded_cash") if cash else words("thanks.recorded")

    @on(Button.Pressed, ".answer")
    @while_shown
    def answer(self, event: Button.Pressed) -> None:
        number = int(event.button.id.removeprefix("answer-"))
        self.app.record_answer(self.question.id, self.question.answers[number - 1].id)
        self.next_question()

    @on(Button.Pressed, "#skip")
    @while_shown
    def skip(self, event: Button.Pressed) -> None:
        self.next_question()

    def next_question(self) -> None:
        """The next question on this same screen, or the step after the survey."""
        if self.index + 1 < len(self.app.config.survey):
            self.reset(self.entry, self.index + 1)
            self.shown_again()
        else:
            self.finish()

    @on(Button.Pressed, "#skip-all")
    @while_shown
    def skip_all(self, event: Button.Pressed) -> None:
        self.finish()

    def finish(self) -> None:
        self.app.survey_done(self.entry)
