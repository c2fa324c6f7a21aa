"""Welcome: the cantine's name, the day, what prix libre means, the language, and start."""

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.settings.i18n import language_name
from screens.base import KeyButton, KioskScreen, while_shown


class WelcomeScreen(KioskScreen):
    """The first screen, and the one the kiosk always comes back to."""

    CSS_PATH = "welcome.tcss"
    shown: tuple[str, str] = ("", "")  # the language and the day drawn, set by compose

    def compose(self) -> ComposeResult:
        app = self.app
        words = app.words
        # The day needs Babel and its locale data (a quarter of a second at a Pi's pace): the
        # kiosk's first frame comes without it, and the day follows (`on_mount`).
        self.shown = self.to_show() if self.is_mounted else (app.language, "")
        with Vertical(id="welcome"):
            yield Static(app.config.cantine.name, id="cantine-name")
            yield Static(self.shown[1], id="day")
            yield Static(words("welcome.hello"), id="hello")
            yield Static(words("welcome.explain"), id="explain")
            with Center(id="start-row"):
                yield self.button("welcome.start", "enter", id="start", variant="primary")
            with Horizontal(id="languages"):
                for number, language in enumerate(app.languages, start=1):
                    button = self.button_for_language(language, number)
                    button.set_class(language == app.language, "-chosen")
                    yield button
            with Center(id="footer"):
                # A finger's way in too (a touch screen has no F2): small, at the foot.
                yield KeyButton(words("welcome.volunteers"), app.config.kiosk.volunteer_key,
                                app.volunteer_key_label, id="volunteers")

    def button_for_language(self, language: str, number: int) -> Button:
        """The button of one language, written in that language, on a digit key."""
        return KeyButton(language_name(language), str(number), id=f"language-{language}",
                         classes="language")

    @on(Button.Pressed, "#start")
    @while_shown
    def start(self) -> None:
        self.app.begin_visit()

    def on_mount(self) -> None:
        # The kiosk may wait all night on this screen: the first guest of the day sees today.
        self.set_interval(60, self.redraw_if_stale)
        self.call_after_refresh(self.show_day)

    def show_day(self) -> None:
        """Write the day, once the rest of the screen is drawn."""
        if self.shown[1] == "":
            self.shown = self.to_show()
            self.query_one("#day", Static).update(self.shown[1])

    def on_screen_resume(self) -> None:
        if self.app.screen is not self:
            return  # passed on the way to another screen
        self.redraw_if_stale()
        self.app.visit_ended()

    def redraw_if_stale(self) -> None:
        """Redraw when the language or the day changed since this screen was drawn."""
        if not self.shown[1]:
            return  # the first frame, still without its day: `show_day` comes next
        if self.shown != self.to_show():
            self.refresh(recompose=True)

    def to_show(self) -> tuple[str, str]:
        """What this screen depends on: the language, and the day."""
        return self.app.language, self.app.words.day(self.app.now())

    @on(Button.Pressed, "#volunteers")
    @while_shown
    def volunteers(self) -> None:
        self.app.action_volunteers()

    @on(Button.Pressed, ".language")
    def choose_language(self, event: Button.Pressed) -> None:
        self.app.set_language(event.button.id.removeprefix("language-"))

    def speak_again(self) -> None:
        """Redraw every text, after the language changed."""
        self.refresh(recompose=True)
