"""The manager's screen: a period's figures, four charts, and an export for the accounts.

Pushed as `ManagerScreen()` from the volunteers' area (behind their PIN). It reads the app's
ledger, config and data dir (`app.data_dir`, else the folder holding the ledger). Every figure
comes from `kiosk.books.report` and `kiosk.books.export`, computed in a worker thread (a year of
history takes a moment) and handed back in a message.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from kiosk.books.export import ExportError, Period
from kiosk.books.report import ManagerView, summary
from kiosk.books.tally import Thresholds
from kiosk.errors import KioskError
from screens.volunteers.base import BACK_KEY, SpeaksBindings, back_button, problem_words
from screens.volunteers.charts import Chart, counts_drawing, money_drawing, period_words, short_day
from screens.volunteers.paging import PageButtons
from screens.volunteers.touch_keys import TouchDigits

DEFAULT_DAYS = 30
LEADING_SYMBOLS = re.compile(r"^\W+")  # the emoji before an answer's words


class ManagerScreen(SpeaksBindings, Screen[None]):
    """A period's figures and charts, and the export button."""

    CSS_PATH = "manager.tcss"
    # Not escape: the kiosk app holds escape (and ctrl+q, ctrl+c...) so no screen can leave it.
    # Back is F3, as everywhere in the volunteers' area.
    BINDINGS = [
        Binding(BACK_KEY, "back", "Back", id="manager.back"),
        # Not ctrl+e: the from/to fields use it to go to the end of the line.
        Binding("ctrl+s", "export", "Export CSV + XLSX", id="manager.export"),
    ]

    @dataclass
    class Loaded(Message):
        """The figures of the period asked for are ready."""

        view: ManagerView

    @dataclass
    class Exported(Message):
        """The export files are written."""

        paths: tuple[Path, ...]

    @dataclass
    class Failed(Message):
        """Reading or writing went wrong; `text` says what, in words."""

        text: str

    def compose(self) -> ComposeResult:
        words = self.app.words
        with Horizontal(id="period"):
            yield Label(words("manager.from"))
            yield Input(placeholder=words("manager.date"), id="first")
            yield Label(words("manager.to"))
            yield Input(placeholder=words("manager.date"), id="last")
            yield Button(words("manager.show"), id="show", variant="primary")
            yield Button(words("manager.export"), id="export")
        # Back on a line of its own, with the news: the whole bar fits a 80x24 console.
        with Horizontal(id="news"):
            yield Static("", id="status")
            # The impact report is longer than its box on the Pi's screen: paged by taps.
            yield PageButtons("#figures-box", id="figures-pages")
            yield back_button(self.app)
        with Horizontal(id="body"):
            with VerticalScroll(id="figures-box"):
                yield Static("", id="figures")
            with Grid(id="charts"):
                for chart in ("guests", "histogram", "cash-card", "survey"):
                    yield Chart(id=chart)
        if self.app.is_web:  # a terminal has a keyboard
            yield TouchDigits("-")
        yield Footer()

    # -- what the screen reads from the app ----------------------------------------------------

    @property
    def data_dir(self) -> Path:
        """The cantine's data folder: the app's, else the one holding its ledger."""
        return Path(getattr(self.app, "data_dir", None) or self.app.ledger.folder.parent)

    @property
    def thresholds(self) -> Thresholds:
        """The price brackets' thresholds from the cantine's config."""
        money = self.app.config.contribution
        return Thresholds(money.suggested, money.low_bracket_max)

    def on_mount(self) -> None:
        today = self.app.ledger.clock().date()
        period = Period.ending(today, DEFAULT_DAYS)
        self.query_one("#first", Input).value = period.first.isoformat()
        self.query_one("#last", Input).value = period.last.isoformat()
        self.shown = ("", "")
        self.show_period()

    def typed_period(self) -> tuple[str, str]:
        """The two dates as they stand in their fields."""
        return (self.query_one("#first", Input).value.strip(),
                self.query_one("#last", Input).value.strip())

    def holds_unsaved_input(self) -> bool:
        """Dates typed and not yet shown: the idle reset waits (screens/patience.py)."""
        if not self.is_mounted or not self.query("#first"):
            return False  # still being drawn: nothing typed yet
        return self.typed_period() != getattr(self, "shown", ("", ""))

    # -- actions -------------------------------------------------------------------------------

    def period(self) -> Period | None:
        """The period typed in, or None after saying what is wrong with it."""
        first, last = self.typed_period()
        try:
            return Period.parse(first, last)
        except ExportError:
            self.say(period_problem(self.app.words, first, last), error=True)
            return None

    @on(Button.Pressed, "#show")
    @on(Input.Submitted)
    def show_period(self) -> None:
        """Read the figures of the period typed in."""
        period = self.period()
        if period is not None:
            self.shown = self.typed_period()
            self.say(self.app.words("manager.reading", first=period.first, last=period.last))
            self.load(period)

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        """Write the period's daily totals as CSV and XLSX into data/exports/."""
        period = self.period()
        if period is not None:
            self.say(self.app.words("manager.writing"))
            self.export(period)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Back to where the manager came from."""
        self.dismiss(None)

    def say(self, text: str, error: bool = False) -> None:
        """Show one line of status; errors stand out."""
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(error, "error")

    # -- work away from the UI thread ----------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="manager-read")
    def load(self, period: Period) -> None:
        """Read the period's entries and compute its figures; report back with a message."""
        from kiosk.books.export import read_documents
        from kiosk.books.report import manager_view

        config, words = self.app.config, self.app.words
        try:
            documents = read_documents(self.app.ledger.folder, period)
            view = manager_view(documents, period, self.thresholds, config.survey,
                                config.cantine.name)
        except (OSError, ValueError, KeyError, KioskError) as error:
            self.post_message(self.Failed(words("manager.read_failed",
                                                error=problem_words(self.app, error))))
            return
        self.post_message(self.Loaded(view))

    @work(thread=True, exclusive=True, exit_on_error=False, group="manager-export")
    def export(self, period: Period) -> None:
        """Write the CSV and XLSX files of the period; report back with a message."""
        from kiosk.books.formats import write_day_export

        config, words = self.app.config, self.app.words
        try:
            paths = write_day_export(self.data_dir, period, config, self.app.ledger.folder)
        except (OSError, KioskError) as error:
            self.post_message(self.Failed(words("manager.write_failed",
                                                error=problem_words(self.app, error))))
            return
        self.post_message(self.Exported(paths))

    # -- answers from the workers --------------------------------------------------------------

    def on_manager_screen_loaded(self, message: Loaded) -> None:
        view = message.view
        words = self.app.words
        self.query_one("#figures", Static).update(summary(view, words))
        period = view.table.period
        self.say(words("manager.loaded", first=period.first, last=period.last,
                       days=self.app.words.count("manager.days", len(view.table.rows))))
        self.draw(view)

    def on_manager_screen_exported(self, message: Exported) -> None:
        words = self.app.words
        names = words("manager.and").join(str(path) for path in message.paths)
        self.say(words("manager.written", names=names))

    def on_manager_screen_failed(self, message: Failed) -> None:
        self.say(message.text, error=True)

    def draw(self, view: ManagerView) -> None:
        """The four charts, from the figures already computed."""
        words, locale = self.app.words, self.app.words.locale
        period = view.table.period
        span = period_words(period.first, period.last, locale)
        records = view.table.records()
        days = [short_day(r["date"], locale) for r in records]
        nothing = words("manager.chart_nothing")
        guests = [r["covers"] for r in records]
        self.query_one("#guests", Chart).show(
            words("manager.covers_per_day"), span,
            counts_drawing(days, guests, locale) if any(guests) else None, nothing)
        spread = [count for _, count in view.histogram]
        self.query_one("#histogram", Chart).show(
            words("manager.histogram"), span,
            counts_drawing([label for label, _ in view.histogram], spread, locale)
            if any(spread) else None, nothing)
        money = [[r["cash"] for r in records], [r["card"] for r in records]]
        self.query_one("#cash-card", Chart).show(
            words("manager.cash_card"), span,
            money_drawing(days, money, [words("manager.cash"), words("manager.card")], words)
            if any(map(any, money)) else None, nothing)
        table, config = view.table, self.app.config
        answers = [table.totals[table.columns.index(name)] for name, _, _ in table.survey_columns]
        self.query_one("#survey", Chart).show(
            words("manager.survey"), span,
            counts_drawing([survey_label(words, config.survey, q, a)
                            for _, q, a in table.survey_columns], answers, locale, across=True)
            if any(answers) else None, nothing)


def period_problem(words, first: str, last: str) -> str:
    """Why `Period.parse` refused the two dates typed, in the manager's language."""
    for field, text in ((words("manager.from"), first), (words("manager.to"), last)):
        try:
            Period.parse(text, text)
        except ExportError:
            return words("manager.not_a_date", field=field, text=text)
    return words("manager.after", first=first, last=last)


def survey_label(words, questions, question_id: str, answer_id: str) -> str:
    """A survey answer on the chart's axis: 'Accueil : Plutôt' (ids when not configured)."""
    from kiosk.settings.survey import in_language

    key = f"manager.question_{question_id}"
    short = words(key) if key in words.catalogue.texts else question_id
    question = next((q for q in questions if q.id == question_id), None)
    answer = next((a for a in question.answers if a.id == answer_id), None) if question else None
    label = in_language(answer.label, words.language) if answer else answer_id
    # The chart is drawn in terminal cells: an emoji's width is not the same everywhere.
    return words("manager.survey_label", question=short, answer=LEADING_SYMBOLS.sub("", label))
