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
from screens.base import KeyButton, KioskScreen, while_shown


class SurveyScreen(KioskScreen):
    """Question number `index` of the configured survey."""

    CSS_PATH = "survey.tcss"

    def __init__(self, entry: Entry, index: int = 0) -> None:
        super().__init__()
        self.entry = entry  # kept only to hand on to the thanks screen (receipt), never stored
        self.index = index

    @property
    def question(self):
        return self.app.config.survey[self.index]

    def compose(self) -> ComposeResult:
        words, question = self.app.words, self.question
        total = len(self.app.config.survey)
        with Vertical(id="survey"):
            if self.index == 0:
                yield Static(self.recorded_text(), id="recorded")
            yield Static(words("survey.progress", number=self.index + 1, total=total),
                         id="progress")
            yield Static(in_language(question.text, words.language), classes="title")
            yield Static(words("survey.note"), id="survey-note")
        # The answers sit at the bottom, below where any step's commit button was (cash, "I have
        # paid", 0 €, cook): a late second tap on that button lands on no answer.
        with Vertical(id="survey-foot"):
            with Horizontal(id="answers"):
                for number, answer in enumerate(question.answers, start=1):
                    yield KeyButton(in_language(answer.label, words.language), str(number),
                                    id=f"answer-{number}", classes="answer", variant="primary")
            with Horizontal(classes="nav"):
                yield self.button("survey.skip_all", "0", id="skip-all")
                yield self.button("survey.skip", "enter", id="skip")

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
    def next_question(self) -> None:
        if self.index + 1 < len(self.app.config.survey):
            self.app.switch_screen(SurveyScreen(self.entry, self.index + 1))
        else:
            self.finish()

    @on(Button.Pressed, "#skip-all")
    @while_shown
    def finish(self) -> None:
        self.app.survey_done(self.entry)
