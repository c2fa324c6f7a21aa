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
