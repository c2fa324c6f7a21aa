"""The contribution: the suggested amount and why, the presets (zero among them, alike), or
another amount on a keypad. Above the threshold the guest confirms; zero is committed here."""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.guest import VisitDraft, needs_confirmation, presets_for, suggested_for
from kiosk.settings.survey import in_language
from screens.base import ButtonRow, Choice, KeyButton, StepScreen, while_shown

MAX_KEYED_PRESETS = 8  # digits 1-8 for presets, 9 for "another amount"


class ContributionScreen(StepScreen):
    """Choosing what to give, for the draft's role and number of people."""

    CSS_PATH = "contribution.tcss"

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

    @on(Button.Pressed, ".preset")
    @while_shown
    def choose_preset(self, event: Button.Pressed) -> None:
        self.choose(int(event.button.id.removeprefix("preset-")))

    @on(Button.Pressed, "#other")
    @while_shown
    def other_amount(self) -> None:
        self.open_keypad()

    def open_keypad(self, typed: str = "") -> None:
        """The keypad, showing `typed` (what the guest typed before "No, change it")."""
        from screens.guest.keypad import AmountPad

        pad = AmountPad(typed)

        def chosen(amount: int | None) -> None:
            if amount is not None:
                self.choose(amount, pad.typed)

        self.app.push_screen(pad, callback=chosen)

    @on(Button.Pressed, "#back")
    @while_shown
    def back(self) -> None:
        self.app.go_back("contribution", self.draft)

    def choose(self, amount: int, typed: str | None = None) -> None:
        """Go on with `amount`, after a confirmation when it is unusually high. "No, change
        it" goes back to where the amount came from: the keypad with what was `typed`, or the
        presets."""
        if needs_confirmation(amount, self.draft.covers, self.settings):
            from screens.guest.confirm import ConfirmAmount

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.go_on(amount)
                elif typed is not None:
                    self.open_keypad(typed)

            self.app.push_screen(ConfirmAmount(amount, self.draft.covers), callback=confirmed)
            return
        self.go_on(amount)

    def go_on(self, amount: int) -> None:
        self.app.go_on("contribution", self.draft.with_amount(amount))
