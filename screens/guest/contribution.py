"""The contribution: the suggested amount and why, the presets (zero among them, alike), or
another amount on a keypad. Above the threshold the guest confirms; zero is committed here."""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.guest import VisitDraft, presets_for, suggested_for
from kiosk.settings.survey import in_language
from screens.base import ButtonRow, Choice, KeyButton, StepScreen, while_shown
from screens.guest.prix_libre import MAX_KEYED_PRESETS, PrixLibreScreen


class ContributionScreen(StepScreen, PrixLibreScreen):
    """Choosing what to give, for the draft's role and number of people."""

    CSS_PATH = "contribution.tcss"
    STEP = "contribution"

    def __init__(self, draft: VisitDraft | None) -> None:
        super().__init__(draft)
        self.draft = draft

    @property
    def settings(self):
        return self.app.config.contribution

    def compose(self) -> ComposeResult:
        with Vertical(id="contribution"):
            yield Static(classes="title", id="contribution-title")
            yield Static(id="suggested")
            yield Static(id="explanation")
            yield ButtonRow(self.presets(), id="presets")
            yield Static(id="zero-note")
            with Horizontal(classes="nav"):
                yield self.button("contribution.back", "backspace", id="back")
                yield self.button("contribution.other", "9", id="other")

    def presets(self) -> tuple[Choice, ...]:
        """The preset buttons for the draft's number of people: every one, zero included, the
        same kind of button (no amount judged)."""
        covers = self.draft.covers if self.draft is not None else 1
        amounts = presets_for(self.settings, covers)[:MAX_KEYED_PRESETS]
        return tuple(Choice(self.app.words.money(amount), str(number), f"preset-{amount}",
                            "preset") for number, amount in enumerate(amounts, start=1))

    def reset(self, value: VisitDraft) -> None:
        self.draft = self.value = value
        words, covers = self.app.words, value.covers
        suggested = words.money(suggested_for(self.settings, covers))
        self.say("#contribution-title", words("contribution.title"))
        self.say("#suggested", words("contribution.suggested", amount=suggested) if covers == 1
                 else words("contribution.suggested_many", amount=suggested, count=covers))
        self.say("#explanation", in_language(self.settings.explanation, words.language))
        presets = self.presets()
        self.query_one("#presets", ButtonRow).show(presets)
        self.say("#zero-note", words("contribution.zero_note"))
        self.relabel("#back", "contribution.back")
        other = self.query_one("#other", KeyButton)
        other.keys = (str(len(presets) + 1),)
        other.relabel(words("contribution.other"), other.keys[0])

    @on(Button.Pressed, "#back")
    @while_shown
    def back(self) -> None:
        self.app.go_back("contribution", self.draft)
