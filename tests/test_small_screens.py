"""Every label at 80x24 (the Pi's console) and a guest's at 40x20 (a portrait tablet), and below
a screen's minimum size a plain "écran trop petit" instead of cut buttons (issues 12 and 13).
The real app, in French and in English."""

import asyncio

import pytest
from guest_support import (
    RecordingPrinter,
    guest_app,
    guest_config,
    on_screen,
    pilot_test,
    recorded,
)
from test_membership_door import joining_config
from test_volunteer_snapshots import a_busy_service
from test_volunteers import PIN, PIN_HASH
from textual.content import Content
from textual.widgets import Button, Input, Label
from volunteers_support import in_a_browser, open_area, settle

from kiosk.settings.pin_store import save_pin_hash

SIZE = (80, 24)


def cut_widgets(app) -> list:
    """The buttons, labels and fields of the screen on show that are not wholly in sight, and
    the buttons whose words do not fit them ("R  Oui, un" for "R  Oui, un bulletin")."""
    cut = []
    for widget in app.screen.query("*"):
        if not isinstance(widget, (Button, Label, Input)):
            continue
        if not all(node.display for node in widget.ancestors_with_self if node is not app):
            continue  # hidden with its row (e.g. no receipt waiting for the printer)
        where = app.screen.find_widget(widget)
        if (where.region.intersection(where.clip).size != where.region.size
                or isinstance(widget, Button) and words_cut(widget)):
            cut.append(widget.id or type(widget).__name__)
    return cut


def words_cut(button: Button) -> bool:
    """Whether the button's label, wrapped to the room inside it, needs more rows than it has."""
    label = Content.from_markup(button.label) if isinstance(button.label, str) else button.label
    room = button.content_region
    lines = label.wrap(room.width) if room.width else [label]
    return len(lines) > room.height or any(line.cell_length > room.width for line in lines)


# The guest's way, one key at a time, and the screen each key leads to.
GUEST_WAY = [([], "WelcomeScreen"), (["f2"], "PinPrompt"), (["delete"], "WelcomeScreen"),
             (["enter"], "RoleScreen"), (["1"], "ContributionScreen"), (["6"], "AmountPad"),
             (["8", "0", "enter"], "ConfirmAmount"), (["enter"], "PaymentScreen"),
             (["2"], "CardScreen"), ("ask", "PaidQuestion"), (["enter"], "SurveyScreen"),
             (["0"], "ThanksScreen")]
# Joining the association after a meal (memberships on): the offer, its amount, its payment by
# card, and the member's number in big digits.
JOINING_WAY = [([], "WelcomeScreen"), (["enter", "1", "4", "1", "0"], "ThanksScreen"),
               (["a"], "MembershipScreen"), (["5"], "AmountPad"),
               (["1", "5", "enter"], "PaymentScreen"), (["2"], "CardScreen"),
               ("ask", "PaidQuestion"), (["enter"], "JoinedScreen")]


async def walk_to(pilot, keys, screen: str) -> None:
    """Press `keys`; then `screen` is on show, with nothing of it cut."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await pilot.pause()
    assert on_screen(pilot.app) == screen
    assert cut_widgets(pilot.app) == [], screen


@pytest.mark.parametrize("way", ["meal", "joining"])
@pytest.mark.parametrize("size", [SIZE, (40, 30)])  # the Pi; a portrait tablet's narrowest
@pytest.mark.parametrize("language", ["fr", "en"])
@pilot_test
async def test_every_guest_label_is_in_sight_from_40_columns(tmp_path, language, size, way):
    from screens.guest.paid import PaidQuestion

    config = joining_config() if way == "joining" else guest_config()
    app = guest_app(tmp_path, config, printer=RecordingPrinter())
    async with app.run_test(size=size) as pilot:
        if language == "en":
            await pilot.press("2")
        for keys, screen in GUEST_WAY if way == "meal" else JOINING_WAY:
            if keys == "ask":  # what the card screen asks after card_wait
                await app.push_screen(PaidQuestion(1300), callback=app.screen.answered)
                keys = ()
            await walk_to(pilot, keys, screen)
        if way == "joining":  # the number whole, to be noted down
            number = app.screen.find_widget(app.screen.query_one("#member-number"))
            assert number.region.intersection(number.clip) == number.region
            assert number.region.width >= 3 * len(app.screen.entry.value.number) - 1


@pytest.mark.parametrize("size", [(40, 30), (66, 53), (61, 51)])  # portrait tablets
@pytest.mark.parametrize("language", ["fr", "en"])
@pilot_test
async def test_the_number_of_people_reads_on_one_line_between_fewer_and_more(tmp_path, size,
                                                                          language):
    """Finding F9: at 600x960 (66 columns) "2 personnes" wrapped onto two lines."""
    app = guest_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        if language == "en":
            await pilot.press("2")
        await pilot.press("enter")
        for _ in range(11):  # up to 12 people, the widest count
            await pilot.press("plus")
            await pilot.pause()
            count = app.screen.query_one("#covers-count")
            said = str(count.render())
            assert count.content_region.width >= len(said), (said, count.content_region)
            assert cut_widgets(app) == []


def content_share(app) -> float:
    """The share of the screen's height between the first and the last thing drawn on it (a
    word, a button): how much of a portrait tablet a step uses."""
    from textual.widgets import Digits, Static

    top, bottom = app.size.height, 0
    for widget in app.screen.query("*"):
        if not isinstance(widget, (Button, Static, Digits, Label)) or not all(
                node.display for node in widget.ancestors_with_self if node is not app):
            continue
        if type(widget) is Static and not str(widget.render()).strip():
            continue  # an empty line waiting for words
        region = app.screen.find_widget(widget).region
        if region.height:
            top, bottom = min(top, region.y), max(bottom, region.bottom)
    return (bottom - top) / app.size.height


# The steps that grow on a portrait tablet, and the share of its height each uses at least.
FILLED = {"WelcomeScreen": 0.75, "RoleScreen": 0.75, "ContributionScreen": 0.75,
          "AmountPad": 0.75, "PaymentScreen": 0.65, "SurveyScreen": 0.6, "PinPrompt": 0.7,
          "ConfirmAmount": 0.4, "ThanksScreen": 0.45}


# 600x960 and 800x1280 in a browser (48x40 and 49x40 at the page's portrait text size), and
# the 66x53 and 61x51 they got before it grew their letters.
@pytest.mark.parametrize("size", [(48, 40), (49, 40), (66, 53), (61, 51)])
@pilot_test
async def test_on_a_portrait_tablet_the_steps_use_most_of_the_height(tmp_path, size):
    """Finding F6: a portrait tablet's page is sized for its width, and the steps used 35 to 41 %
    of its height. They grow into it, whole, as at 80x24."""
    from test_volunteers import PIN_HASH

    save_pin_hash(tmp_path, PIN_HASH)
    app = guest_app(tmp_path, guest_config(), printer=RecordingPrinter())
    async with app.run_test(size=size) as pilot:
        seen = set()
        for keys, screen in GUEST_WAY[:8]:  # to the payment step, the PIN on the way
            await walk_to(pilot, keys, screen)
            if screen in FILLED:
                assert content_share(app) >= FILLED[screen], (screen, content_share(app))
                seen.add(screen)
        await pilot.press("1")  # cash: the survey
        await pilot.pause()
        assert on_screen(app) == "SurveyScreen" and cut_widgets(app) == []
        assert content_share(app) >= FILLED["SurveyScreen"]
        await pilot.press("0")  # no questions: thanks
        await pilot.pause()
        assert on_screen(app) == "ThanksScreen" and cut_widgets(app) == []
        assert content_share(app) >= FILLED["ThanksScreen"]
        assert seen | {"SurveyScreen", "ThanksScreen"} == set(FILLED)


# The volunteers' way through their area: each part, and back (F3). The newest line of the
# busy service is voided (a void of it is refused at once): the void is asked on the next one
# (the first arrow chooses the line the cursor waits on, the second the next one).
VOLUNTEER_WAY = [([], "VolunteerArea"), (["t"], "TallyScreen"), (["f3", "c"], "CorrectionsScreen"),
                 (["down", "down", "v"], "ReasonDialog"), (["f3", "a"], "VisitDialog"),
                 (["f3", "j"], "MembershipDialog"), (["f3", "f3", "m"], "CashScreen"),
                 (["f3", "z"], "ClosingScreen"), (["f3", "e"], "ManagerScreen")]
# The same by taps alone, in a browser: no key chips nor footer then, the keys for a finger take
# rows of their own, and a reason's field tapped opens the reason pad and its letter keyboard.
TAPS_WAY = [(["#volunteers", *(f"#pin-{digit}" for digit in PIN), "#pin-ok"], "VolunteerArea"),
            (["#tally"], "TallyScreen"), (["#back", "#corrections"], "CorrectionsScreen"),
            (["down", "down", "#void"], "ReasonDialog"), (["#cancel", "#add"], "VisitDialog"),
            (["#cancel", "#membership"], "MembershipDialog"),
            (["#cancel", "#back", "#cash"], "CashScreen"), (["#reason"], "ReasonPad"),
            (["#cancel", "#back", "#closing"], "ClosingScreen"), (["#explanation"], "ReasonPad"),
            (["#cancel", "#back", "#manager"], "ManagerScreen")]


@pytest.mark.parametrize("where", ["terminal", "browser"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_volunteer_label_is_in_sight_at_80x24(tmp_path, language, where, monkeypatch):
    if where == "browser":
        in_a_browser(monkeypatch)  # 80x24 at least is what the page gives them (screens/web/)
    save_pin_hash(tmp_path, PIN_HASH)
    (tmp_path / "kiosk.toml").open("a", encoding="utf-8").write("[membership]\nenabled = true\n")

    async def scenario():
        app = a_busy_service(tmp_path, RecordingPrinter())
        async with app.run_test(size=SIZE) as pilot:
            app.set_language(language)
            if where == "terminal":
                await open_area(pilot, PIN)
            for steps, screen in TAPS_WAY if where == "browser" else VOLUNTEER_WAY:
                for step in steps:
                    await (pilot.click(step) if step.startswith("#") else pilot.press(step))
                    await settle(pilot)
                assert type(app.screen).__name__ == screen
                assert cut_widgets(app) == [], screen
                if where == "browser" and app.screen.query(Input):
                    assert keys_in_sight(app), screen

    asyncio.run(scenario())


def keys_in_sight(app) -> bool:
    """Whether the screen's keys for a finger (digits, letters) are shown, none of them cut."""
    from screens.volunteers.touch_keys import TouchKey

    keys = [key for key in app.screen.query(TouchKey)
            if all(node.display for node in key.ancestors_with_self if node is not app)]
    return bool(keys) and cut_widgets(app) == []


@pilot_test
async def test_below_40x24_a_guest_step_says_the_screen_is_too_small_and_keeps_the_visit(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "plus", "1")  # two people, on the contribution screen
        await pilot.resize_terminal(40, 24)  # a portrait tablet: the step still fits
        await pilot.pause()
        assert on_screen(app) == "ContributionScreen" and cut_widgets(app) == []
        await pilot.resize_terminal(39, 24)
        await pilot.pause()
        assert on_screen(app) == "TooSmall"
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Écran trop petit" in shown and "40 colonnes sur 24 lignes" in shown
        assert not app.screen.query(Button)  # nothing half-seen to press
        await pilot.press("4", "1")  # keys do nothing meanwhile
        await pilot.pause()
        assert on_screen(app) == "TooSmall"
        await pilot.resize_terminal(40, 23)
        await pilot.pause()
        assert on_screen(app) == "TooSmall"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert on_screen(app) == "ContributionScreen"  # the visit goes on where it was
        assert "pour 2 personnes" in str(app.screen.query_one("#suggested").render())
    assert recorded(app) == []


@pilot_test
async def test_a_narrow_card_step_needs_room_for_its_whole_code(tmp_path):
    app = guest_app(tmp_path, guest_config(), printer=RecordingPrinter())
    async with app.run_test(size=(40, 24)) as pilot:
        for key in ("enter", "1", "3", "2"):  # eat, the third preset (13 €), by card
            await pilot.press(key)
            await pilot.pause(0.3)  # past the guard against double presses
        assert on_screen(app) == "TooSmall"  # no code cut in half for a phone to fail on
        columns, rows = app.screen.needs
        await pilot.resize_terminal(columns, rows)
        await pilot.pause()
        assert on_screen(app) == "CardScreen" and cut_widgets(app) == []
        code = app.screen.find_widget(app.screen.query_one("#qr"))
        assert code.region.intersection(code.clip) == code.region


def test_below_80x24_the_volunteers_area_says_the_screen_is_too_small(tmp_path):
    async def scenario():
        app = a_busy_service(tmp_path, RecordingPrinter())
        async with app.run_test(size=SIZE) as pilot:
            await open_area(pilot, PIN)
            await pilot.resize_terminal(79, 24)  # enough for a guest, not for the tables
            await settle(pilot)
            assert type(app.screen).__name__ == "TooSmall"
            shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
            assert "80 colonnes sur 24 lignes" in shown
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            assert type(app.screen).__name__ == "VolunteerArea"

    asyncio.run(scenario())


@pilot_test
async def test_a_kiosk_started_in_a_small_terminal_says_so_at_once(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(39, 24)) as pilot:
        await pilot.pause()
        assert on_screen(app) == "TooSmall"
        await pilot.press("f2")  # no PIN prompt drawn cut either
        await pilot.pause()
        assert on_screen(app) == "TooSmall"


@pytest.mark.parametrize("size", [(85, 73), (80, 24)])  # 600x960 in a browser; the Pi's screen
def test_on_a_portrait_tablet_the_volunteers_keys_and_buttons_are_bigger(tmp_path, size,
                                                                       monkeypatch):
    """Finding F6: at 600x960 the volunteers' screens are drawn at 85 columns, about 11 px text;
    their menu buttons and digit row were as small as on a 800x480 screen. With rows to spare
    they grow; at 80x24 they stay as they were."""
    in_a_browser(monkeypatch)
    tall = size[1] > 24

    async def scenario():
        app = a_busy_service(tmp_path, RecordingPrinter())
        async with app.run_test(size=size) as pilot:
            for tap in ("#volunteers", *(f"#pin-{digit}" for digit in PIN), "#pin-ok"):
                await pilot.click(tap)
                await settle(pilot)
            menu = [button.region.height for button in app.screen.query("#volunteer-menu Button")]
            assert min(menu) >= (7 if tall else 3) and cut_widgets(app) == []
            await pilot.click("#closing")
            await settle(pilot)
            await pilot.click("#d1000")
            await settle(pilot)
            from screens.volunteers.touch_keys import TouchKey

            keys = [key.region.height for key in app.screen.query(TouchKey)]
            assert keys and min(keys) == (5 if tall else 3)
            assert app.screen.query_one("#d1000").region.height == (3 if tall else 1)
            assert cut_widgets(app) == []

    asyncio.run(scenario())
