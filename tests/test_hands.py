"""A tap leaves nothing highlighted on the next screen (issue 13): the button that lies where the
finger was is drawn as any other, not in its hovered look. The real app, given a tap as the
browser's terminal sends it (a move to the spot, a press, a release: no move after), through the
app's own door for input, as a driver posts it."""

from guest_support import guest_app, guest_config, on_screen, pilot_test
from textual import events
from textual.widgets import Button


async def tap(pilot, x: int, y: int) -> None:
    """A finger's tap at (x, y), posted as the driver posts what the terminal reports."""
    mouse = dict(delta_x=0, delta_y=0, shift=False, meta=False, ctrl=False, screen_x=x, screen_y=y)
    pilot.app.post_message(events.MouseMove(None, x, y, button=0, **mouse))
    await pilot.pause()
    for kind in (events.MouseDown, events.MouseUp, events.Click):
        pilot.app.post_message(kind(None, x, y, button=1, **mouse))
    await pilot.pause(0.5)  # past the button's pressed look and the guard against double taps


def highlighted(app) -> list[str]:
    """The buttons of the screen on show drawn hovered or pressed."""
    return [button.id for button in app.screen.query(Button)
            if button.mouse_hover or button.has_pseudo_class("hover")
            or button.has_class("-active")]


@pilot_test
async def test_a_tapped_button_leaves_no_highlight_on_the_next_screen(tmp_path):
    app = guest_app(tmp_path, guest_config())
    async with app.run_test(size=(80, 24)) as pilot:
        way = [("#start", "RoleScreen"), ("#role-eat", "ContributionScreen")]
        for button, screen in way:
            spot = app.screen.find_widget(app.screen.query_one(button)).region.center
            await tap(pilot, *spot)
            assert on_screen(app) == screen
            under = app.screen.get_widget_at(*spot)[0]
            assert isinstance(under, Button), f"no button of {screen} under the finger"
            assert highlighted(app) == [], screen


def chips_shown(app) -> list[str]:
    """The buttons of the screen on show that print a key chip before their words."""
    from screens.base import KeyButton

    return [button.id for button in app.screen.query(KeyButton)
            if button.key_label != button.bare_label and str(button.label) != button.text]


@pilot_test
async def test_in_a_browser_a_step_relabelled_for_the_next_guest_shows_no_key_chips(
        tmp_path, monkeypatch):
    from volunteers_support import in_a_browser

    in_a_browser(monkeypatch)
    app = guest_app(tmp_path, guest_config())
    async with app.run_test(size=(80, 24)) as pilot:
        # English, and two people: the steps built in French for one are relabelled.
        for button, screen in [("#language-en", "WelcomeScreen"), ("#start", "RoleScreen"),
                               ("#more", "RoleScreen"), ("#role-eat", "ContributionScreen")]:
            await pilot.click(button)
            await pilot.pause(0.3)
            assert on_screen(app) == screen
            assert chips_shown(app) == [], screen
        assert "26" in str(app.screen.query_one("#preset-2600").label)  # 13 € for two
