"""Input belongs to the screen it was meant for: double keys, held keys and double taps on every
guest step of the real kiosk, with the real guard (350 ms), checked against the ledger on disk.

Each step presses the key (or taps the button) that leaves it, then the same again a moment
later, as a slipping hand does: the second must do nothing on the step that the first brought
up. Then the hand rests (`rest`) before the next deliberate press.

Keys and taps are posted to the app the way a terminal's driver posts them, at the moment they
happen, without waiting for the first to be handled: the delay between the two is the real one.
"""

import asyncio
import time

import pytest
from guest_support import guest_app, guest_config, on_screen, pilot_test, recorded, text_of
from textual import events

from kiosk.ledger.entries import Visit
from screens.guard import HELD_KEY_GAP, InputGuard

GUARD_MS = 350


def guarded_app(folder, **kiosk):
    return guest_app(folder, guest_config(guard_ms=GUARD_MS, **kiosk))


async def rest(pilot) -> None:
    """The hand rests: wait until the screen on show is drawn, its guard time is over, and the
    last key is no longer "held", so that the next press is a deliberate one."""
    guard = pilot.app.input_guard
    deadline = time.monotonic() + 15  # a loaded machine may take long to draw a screen
    while time.monotonic() < deadline:
        await pilot.pause()
        now = time.monotonic()
        if (guard.drawn_at is not None and now - guard.drawn_at > guard.seconds + 0.05
                and now - guard.last_input_at > HELD_KEY_GAP + 0.05):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{on_screen(pilot.app)} was never drawn")


def send_key(app, key: str) -> None:
    """A key as the terminal's driver hands it to the app."""
    app.post_message(events.Key(key, key if len(key) == 1 else None))


def send_tap(app, spot: tuple[int, int]) -> None:
    """A tap (press and release) as the driver hands it to the app, which makes it a click."""
    x, y = spot
    for kind in (events.MouseDown, events.MouseUp):
        app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))


async def from_driver(app, inputs: list[tuple[float, object]]) -> None:
    """Hand `inputs` to the app from a thread of their own, as the terminal's driver does: for
    each, wait that many seconds, then send a key (its name) or a tap (a spot). Each is stamped
    when it happens, however busy the app is: a loaded machine that handles a key late must
    not make a held key look released, nor two taps of one gesture look a second apart."""

    def drive() -> None:
        for wait, what in inputs:
            time.sleep(wait)
            if isinstance(what, str):
                send_key(app, what)
            else:
                send_tap(app, what)

    await asyncio.to_thread(drive)


async def double_key(pilot, key: str, delay: float) -> None:
    """`key`, then `key` again `delay` seconds later, then the hand rests."""
    await from_driver(pilot.app, [(0, key), (delay, key)])
    await rest(pilot)


async def double_tap(pilot, selector: str, delay: float) -> None:
    """A tap on `selector`, then a second tap on the same spot `delay` seconds later (0: both
    taps of one quick gesture)."""
    button = pilot.app.screen.query_one(selector)
    spot = (button.region.x + 2, button.region.y + 1)
    await from_driver(pilot.app, [(0, spot), (delay, spot)])
    await rest(pilot)


def question_number(app) -> int:
    return app.screen.index + 1


# -- the guard's rules, on a clock the test moves ------------------------------------------------

class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_taken_before_the_screen_is_drawn_nor_within_the_guard_time():
    clock = Clock()
    guard = InputGuard(0.35, clock)
    guard.changed("role")
    assert not guard.allows_key("1", guarded=True)  # being replaced: not drawn yet
    guard.drawn("role")
    clock.now += 0.3
    assert not guard.allows_key("2", guarded=True)
    clock.now += 0.1
    assert guard.allows_key("3", guarded=True)
    assert guard.allows_key("3", guarded=False)  # the volunteers' screens are not guarded


def test_a_held_key_belongs_to_the_screen_it_was_pressed_on():
    clock = Clock()
    guard = InputGuard(0.35, clock)
    guard.changed("role")
    guard.drawn("role")
    clock.now += 5
    assert guard.allows_key("1", guarded=True)  # the press that leaves the role step
    guard.changed("contribution")
    clock.now += 0.05
    guard.drawn("contribution")
    clock.now += 0.6  # a terminal's first repeat, after its delay
    assert not guard.allows_key("1", guarded=True)
    for _ in range(100):  # then a repeat every 40 ms, for 4 s
        clock.now += 0.04
        assert not guard.allows_key("1", guarded=True)
    clock.now += HELD_KEY_GAP + 0.01  # released, then pressed again
    assert guard.allows_key("1", guarded=True)


def test_a_different_key_after_the_guard_time_is_taken_at_once():
    clock = Clock()
    guard = InputGuard(0.35, clock)
    guard.changed("role")
    guard.drawn("role")
    clock.now += 1
    assert guard.allows_key("1", guarded=True)
    guard.changed("contribution")
    guard.drawn("contribution")
    clock.now += 0.36
    assert guard.allows_key("4", guarded=True)


def test_a_second_tap_at_the_same_spot_belongs_with_the_first():
    clock = Clock()
    guard = InputGuard(0.35, clock)
    guard.changed("payment")
    guard.drawn("payment")
    clock.now += 2
    assert guard.allows_tap((10, 10), guarded=True)
    guard.changed("survey")
    guard.drawn("survey")
    clock.now += 0.5  # past the guard time, but the same finger on the same spot
    assert not guard.allows_tap((11, 10), guarded=True)
    clock.now += 0.1
    assert guard.allows_tap((40, 20), guarded=True)  # elsewhere: a choice of its own
    clock.now += HELD_KEY_GAP + 0.01
    assert guard.allows_tap((11, 10), guarded=True)


def test_a_double_tap_is_known_when_the_next_screen_has_bigger_letters():
    """In a browser the page sizes the letters for each screen: the finger's second tap, on the
    same spot of the glass, lands on other cells of the next screen (column 40 of 100, then 32
    of 80). It still belongs with the first."""
    clock = Clock()
    guard = InputGuard(0.35, clock)
    guard.changed("role")
    guard.drawn("role")
    clock.now += 2
    assert guard.allows_tap((40, 15), guarded=True, size=(100, 30))
    guard.changed("contribution")
    guard.drawn("contribution")
    clock.now += 0.5  # past the guard time: only the spot tells a double tap
    assert not guard.allows_tap((32, 12), guarded=True, size=(80, 24))
    clock.now += 0.1
    assert guard.allows_tap((60, 20), guarded=True, size=(80, 24))  # elsewhere: a choice


def test_a_key_made_before_a_screen_was_shown_is_not_meant_for_it():
    clock = Clock()
    guard = InputGuard(0.35, clock)
    guard.changed("thanks")
    clock.now += 0.01
    pressed = clock.now  # let in on "thanks", then handed on after the step left
    clock.now += 0.01
    guard.changed("welcome")
    assert not guard.meant_for("welcome", pressed) and guard.came_before(pressed)
    assert not guard.meant_for("thanks", pressed)  # no longer on show either
    clock.now += 0.01
    assert guard.meant_for("welcome", clock.now) and not guard.came_before(clock.now)


def test_a_guard_of_zero_takes_everything():
    guard = InputGuard(0, Clock())
    guard.changed("role")
    assert guard.allows_key("1", guarded=True) and guard.allows_tap((1, 1), guarded=True)
    guard.changed("welcome")
    assert guard.meant_for("welcome", float("-inf"))


def answered(app) -> dict:
    """The survey's taps the kiosk counted (counts only: no answer is an entry of its own)."""
    return app.survey_counts.open_counts()


# -- the real kiosk, with the real guard ---------------------------------------------------------

@pytest.mark.parametrize("delay", [0, 0.5])
@pilot_test
async def test_every_key_pressed_twice_acts_once(tmp_path, delay):
    app = guarded_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await rest(pilot)
        for key, screen in [("enter", "RoleScreen"),  # start
                            ("1", "ContributionScreen"),  # eat; a second 1 would give 0 €
                            ("4", "PaymentScreen"),  # 13 €
                            ("1", "SurveyScreen")]:  # cash; a second 1 would answer
            await double_key(pilot, key, delay)
            assert on_screen(app) == screen, (key, delay)
        assert question_number(app) == 1
        await double_key(pilot, "1", delay)  # "very welcome"; a second 1 would answer again
        assert question_number(app) == 2
        await double_key(pilot, "enter", delay)  # skip; a second enter would skip again
        assert question_number(app) == 3
        await double_key(pilot, "0", delay)  # no more questions
        assert on_screen(app) == "ThanksScreen"
        await double_key(pilot, "enter", delay)  # finish; a second enter would start a visit
        assert on_screen(app) == "WelcomeScreen" and len(app.screen_stack) == 1
    assert recorded(app) == [Visit("eat", 1300, "cash", 1)]
    assert answered(app) == {"welcome": {"very": 1}}


@pytest.mark.parametrize("handed_on_late", [True, False])
@pilot_test
async def test_a_key_handed_to_the_step_that_replaced_its_own_does_nothing(tmp_path,
                                                                          handed_on_late):
    """The app lets a key in, then awaits its own bindings before it hands the key to the screen
    on show: a second Enter on the last step may reach the welcome screen that replaced it in
    between (and start the next visit), a second "1" the step after. A key made once the step
    is up acts."""
    app = guarded_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await rest(pilot)
        await pilot.press("enter")
        await rest(pilot)
        assert on_screen(app) == "RoleScreen"
        one = events.Key("1", "1")  # "eat" here
        if handed_on_late:
            one.time = app.input_guard.shown_at - 0.05  # made while the welcome was shown
        app.screen.post_message(one)  # as the app hands a key to the screen on show
        await pilot.pause()
        await rest(pilot)
        assert on_screen(app) == ("RoleScreen" if handed_on_late else "ContributionScreen")


@pytest.mark.parametrize("handled_late", [True, False])
@pilot_test
async def test_a_second_tap_handled_late_still_belongs_with_the_first(tmp_path, handled_late):
    """Textual makes a click of a finger's lift when it gets to it, and stamps the click then.
    On a loaded machine the second tap of a double tap on "eat" (0.4 s after the first) may be
    handled a second later, on the contribution step, where the same spot is 0 €: it must not
    record a visit of 0 €. A tap made that late for real is a guest's choice and acts."""
    app = guarded_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await rest(pilot)
        await pilot.press("enter")
        await rest(pilot)
        button = app.screen.query_one("#role-eat")
        x, y = button.region.x + 2, button.region.y + 1
        assert app.screen.get_widget_at(x, y)[0] is button
        first = time.monotonic()
        await from_driver(app, [(0, (x, y))])
        await asyncio.sleep(1.2)  # the app is slow to get to the second tap
        await rest(pilot)
        assert on_screen(app) == "ContributionScreen"
        zero = app.screen.get_widget_at(x, y)[0]
        assert zero.id == "preset-0"  # what lies under the finger now: 0 €, committed at once
        for kind in (events.MouseDown, events.MouseUp):
            tap = kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)
            if handled_late:
                tap.time = first + 0.4  # made 0.4 s after the first, handled only now
            app.post_message(tap)
        await pilot.pause()
        await rest(pilot)
        if handled_late:
            assert on_screen(app) == "ContributionScreen" and recorded(app) == []
        else:
            assert recorded(app) == [Visit("eat", 0, "none", 1)]


@pytest.mark.parametrize("delay", [0.25])
@pilot_test
async def test_double_keys_on_zero_card_keypad_and_confirmation_act_once(tmp_path, delay):
    app = guarded_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await rest(pilot)
        await pilot.press("enter")
        await rest(pilot)
        await double_key(pilot, "1", delay)  # eat
        await double_key(pilot, "6", delay)  # another amount; a second 6 would type 6
        assert on_screen(app) == "AmountPad" and app.screen.typed == ""
        await pilot.press("8", "0")
        await double_key(pilot, "enter", delay)  # OK; a second enter would confirm 80 €
        assert on_screen(app) == "ConfirmAmount"
        await double_key(pilot, "backspace", delay)  # no; a second one would erase or go back
        assert on_screen(app) == "AmountPad" and app.screen.typed == "80"
        await pilot.press("delete")  # cancel the keypad
        await rest(pilot)
        await double_key(pilot, "4", delay)  # 13 €
        await double_key(pilot, "2", delay)  # card
        assert on_screen(app) == "CardScreen"
        await double_key(pilot, "enter", delay)  # "I have paid"; a second enter would skip
        assert on_screen(app) == "SurveyScreen" and question_number(app) == 1
        await double_key(pilot, "0", delay)
        await double_key(pilot, "enter", delay)
        assert on_screen(app) == "WelcomeScreen"
        await double_key(pilot, "enter", delay)  # a new guest
        await double_key(pilot, "1", delay)
        await double_key(pilot, "1", delay)  # 0 €: committed at once; a second 1 would answer
        assert on_screen(app) == "SurveyScreen" and question_number(app) == 1
    assert recorded(app) == [Visit("eat", 1300, "card", 1),
                             Visit("eat", 0, "none", 1)]
    assert answered(app) == {}


@pilot_test
async def test_a_key_held_down_never_repeats_into_the_next_step(tmp_path):
    app = guarded_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await rest(pilot)
        await pilot.press("enter")
        await rest(pilot)

        async def hold(key: str, seconds: float = 1.5) -> None:
            # The terminal's delay before repeating, then a repeat every 40 ms.
            repeats = [(0.04, key)] * int(seconds / 0.04)
            await from_driver(app, [(0, key), (0.5, key), *repeats])
            await pilot.pause()
            await rest(pilot)

        await hold("1")  # eat, held: on the contribution screen 1 is 0 €
        assert on_screen(app) == "ContributionScreen"
        assert recorded(app) == []
        await hold("4")  # 13 €, held
        assert on_screen(app) == "PaymentScreen"
        await hold("1")  # cash, held: on the survey 1 is an answer
        assert on_screen(app) == "SurveyScreen" and question_number(app) == 1
        await hold("enter")  # skip, held: the first question only
        assert question_number(app) == 2
    assert recorded(app) == [Visit("eat", 1300, "cash", 1)]
    assert answered(app) == {}


@pilot_test
async def test_holding_plus_still_counts_people_on_the_same_screen(tmp_path):
    app = guarded_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await rest(pilot)
        await pilot.press("enter")
        await rest(pilot)
        # Held: it repeats, on the same screen.
        await from_driver(app, [(0, "plus"), (0.5, "plus"), (0.04, "plus"), (0.04, "plus")])
        await pilot.pause()
        assert text_of(app, "#covers-count") == "5 personnes"


@pytest.mark.parametrize("delay", [0, 0.4])
@pilot_test
async def test_every_button_tapped_twice_acts_once(tmp_path, delay):
    app = guarded_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await rest(pilot)
        for tap, screen in [("#start", "RoleScreen"), ("#role-eat", "ContributionScreen"),
                            ("#preset-1300", "PaymentScreen"), ("#cash", "SurveyScreen")]:
            await double_tap(pilot, tap, delay)
            assert on_screen(app) == screen, (tap, delay)
        await double_tap(pilot, "#answer-1", delay)
        assert question_number(app) == 2
        await double_tap(pilot, "#skip", delay)
        assert question_number(app) == 3
        await double_tap(pilot, "#skip-all", delay)
        assert on_screen(app) == "ThanksScreen"
        await double_tap(pilot, "#done", delay)
        assert on_screen(app) == "WelcomeScreen" and len(app.screen_stack) == 1
        await double_tap(pilot, "#start", delay)
        await double_tap(pilot, "#role-eat", delay)
        await double_tap(pilot, "#preset-0", delay)  # zero commits at once
        assert on_screen(app) == "SurveyScreen" and question_number(app) == 1
    assert recorded(app) == [Visit("eat", 1300, "cash", 1), Visit("eat", 0, "none", 1)]
    assert answered(app) == {"welcome": {"very": 1}}


@pytest.mark.parametrize(("size", "language"), [
    ((80, 24), "fr"), ((80, 24), "en"), ((100, 30), "en"), ((120, 40), "fr"), ((200, 60), "fr")])
@pilot_test
async def test_no_answer_sits_where_a_commit_button_was(tmp_path, size, language):
    """The buttons that commit a visit (cook, 0 €, cash, "I have paid") and the survey's answers
    never share a cell: a late second tap on a commit button answers nothing."""
    app = guest_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        if language == "en":
            await pilot.press("2")
        commit_buttons = []
        for keys, selector in [(("enter",), "#role-cook"), (("1",), "#preset-0"),
                               (("4",), "#cash"), (("2",), "#paid")]:
            await pilot.press(*keys)
            await pilot.pause()
            commit_buttons.append((selector, app.screen.query_one(selector).region))
        await pilot.press("enter")  # paid: the survey
        await pilot.pause()
        answers = [(b.id, b.region) for b in app.screen.query(".answer")]
        assert answers
        for name, commit in commit_buttons:
            for answer, region in answers:
                assert not commit.overlaps(region), (size, name, answer, commit, region)


@pilot_test
async def test_the_payment_step_after_a_typed_amount_takes_the_guest_s_choice(tmp_path):
    """The keypad is a dialog over the amount step: the payment step that replaces both must
    still be known as drawn, or every key and tap on it is dropped until the idle reset."""
    app = guarded_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("enter", "1", "6"):  # a guest, eating, another amount
            await rest(pilot)
            await pilot.press(key)
        await rest(pilot)
        await pilot.press("1", "7", "enter")
        await rest(pilot)
        assert on_screen(app) == "PaymentScreen"
        await pilot.press("1")  # cash
        await rest(pilot)
        assert on_screen(app) == "SurveyScreen"
    assert recorded(app) == [Visit("eat", 1700, "cash", 1)]

