"""The steps of a visit are built once and reset for each guest: nothing of a guest may reach the
next one, and a reused step must look exactly like one composed afresh.

Guest A goes through every reused step doing all a guest can leave behind (another language, three
people, cook and eat, an amount typed on the keypad, a survey answered halfway, a receipt asked
for, the mouse over a button, a button just pressed). Guest B then comes through on the same kiosk.
Every widget of every step B sees (its text, classes, pseudo-classes such as hover, focus or
disabled, whether it is shown) must equal what a kiosk that never saw guest A shows B.
"""

import os
from pathlib import Path

from guest_support import (
    RecordingPrinter,
    guest_app,
    guest_config,
    on_screen,
    pilot_test,
    recorded,
    settle,
    steps_built,
)
from textual.widgets import Static

from kiosk.ledger.entries import Visit
from screens.guest.survey import SurveyScreen
from screens.guest.thanks import ThanksScreen

REUSED = ("RoleScreen", "ContributionScreen", "PaymentScreen", "SurveyScreen", "ThanksScreen")


def shown(widget) -> str | None:
    """What a widget says on screen: a button's label, a text's content."""
    label = getattr(widget, "label", None)
    if label is None and isinstance(widget, Static):
        label = widget.render()
    return None if label is None else str(getattr(label, "plain", label))


def fingerprint(screen) -> list[tuple]:
    """Everything a guest could see or touch on `screen`, widget by widget."""
    rows = [(type(screen).__name__, getattr(screen, "index", None), screen.focused)]
    for widget in screen.walk_children(with_self=False):
        rows.append((type(widget).__name__, widget.id, tuple(sorted(widget.classes)),
                     tuple(sorted(widget.get_pseudo_classes())), widget.display,
                     widget.disabled, shown(widget)))
    return rows


async def guest_a(pilot) -> dict[str, object]:
    """A guest who leaves every trace a guest can; the step screens they were shown."""
    app, seen = pilot.app, {}
    await steps_built(pilot)
    await pilot.press("2")  # English
    await pilot.press("enter")
    await pilot.press("plus", "plus")  # three people
    await pilot.hover("#more")  # the mouse stays over a button
    seen["RoleScreen"] = app.screen
    await pilot.press("3")  # cook and eat
    await settle(pilot)
    seen["ContributionScreen"] = app.screen
    await pilot.click("#other")
    await pilot.press("2", "4", "comma", "5", "enter")  # 24.50 typed on the keypad
    await settle(pilot)
    seen["PaymentScreen"] = app.screen
    await pilot.click("#cash")  # pressed: its active look lasts a moment
    await settle(pilot)
    seen["SurveyScreen"] = app.screen
    await pilot.press("1")  # first question answered, then gone at the second
    await settle(pilot)
    assert on_screen(app) == "SurveyScreen" and app.screen.index == 1
    await pilot.press("0")
    await settle(pilot)
    seen["ThanksScreen"] = app.screen
    await pilot.press("r")  # a receipt asked for: the button is disabled, a status says so
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert on_screen(app) == "WelcomeScreen"
    await pilot.hover("#cantine-name")  # the mouse is where it is: on the welcome screen now
    return seen


async def guest_b(pilot) -> tuple[list[list[tuple]], dict[str, object]]:
    """An ordinary guest: the fingerprint of each step shown, and the screens themselves."""
    app, prints, seen = pilot.app, [], {}

    async def step(*keys: str) -> None:
        await pilot.press(*keys)
        await settle(pilot)
        await pilot.pause(0.3)  # the pressed look of B's own tap (0.2 s) is gone
        prints.append(fingerprint(app.screen))
        seen.setdefault(on_screen(app), app.screen)

    await step("enter")  # one person
    await step("1")  # eat
    await step("4")  # 13 €
    await step("1")  # cash: the first question
    while isinstance(app.screen, SurveyScreen):
        await step("enter")  # each question skipped, then thanks
    assert isinstance(app.screen, ThanksScreen)
    return prints, seen


@pilot_test
async def test_nothing_of_a_guest_is_left_on_the_steps_the_next_guest_sees(tmp_path: Path):
    fresh = guest_app(tmp_path / "fresh", printer=RecordingPrinter())
    async with fresh.run_test(size=(80, 24)) as pilot:
        await steps_built(pilot)
        expected, _ = await guest_b(pilot)
    kiosk = guest_app(tmp_path / "kiosk", printer=RecordingPrinter())
    async with kiosk.run_test(size=(80, 24)) as pilot:
        before = await guest_a(pilot)
        got, after = await guest_b(pilot)
    assert [row[0] for row in got[:1]] and len(got) == len(expected)
    for seen, wanted in zip(got, expected, strict=True):
        assert seen == wanted, f"{seen[0][0]} shows something of the guest before"
    # The test is about reuse: B was shown the very screens A was.
    assert set(before) == set(REUSED) and all(after[name] is before[name] for name in REUSED)
    assert [visit.covers for visit in recorded(kiosk) if isinstance(visit, Visit)] == [3, 1]


@pilot_test
async def test_the_thanks_timer_of_a_guest_who_left_early_never_sends_the_next_one_back(
        tmp_path: Path):
    # Long enough for a loaded machine to show "merci" before it goes by itself.
    app = guest_app(tmp_path, guest_config(thanks_seconds=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await steps_built(pilot)
        await pilot.press("enter", "2", "enter")  # a cook, nothing to pay, the survey skipped
        await pilot.press("0")
        await settle(pilot)
        assert on_screen(app) == "ThanksScreen"
        await pilot.press("enter")  # gone before "merci" went by itself
        await pilot.press("enter")  # the next guest starts at once
        await pilot.pause(3.5)  # longer than the last guest's thanks would have lasted
        assert on_screen(app) == "RoleScreen"


@pilot_test
async def test_the_visit_is_fsynced_before_merci_with_reused_steps(tmp_path: Path,
                                                                   monkeypatch) -> None:
    happened: list[str] = []
    real_fsync = os.fsync

    def fsync(descriptor):
        real_fsync(descriptor)
        happened.append("fsync")

    monkeypatch.setattr("kiosk.ledger.storage.os.fsync", fsync)
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await steps_built(pilot)
        app.screen_change_signal.subscribe(app, lambda screen: happened.append(
            type(screen).__name__))
        for _ in range(2):  # the second guest is shown the reused screens
            await pilot.press("enter", "1", "4")
            await settle(pilot)
            happened.append("cash pressed")
            await pilot.press("1")
            await settle(pilot)
            await pilot.press("0")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
    for start in [i for i, what in enumerate(happened) if what == "cash pressed"]:
        after = happened[start:]
        first_screen = next(what for what in after if what.endswith("Screen"))
        assert first_screen == "SurveyScreen"
        assert "fsync" in after[:after.index(first_screen)], "merci before the visit was durable"
    assert [type(value) for value in recorded(app)] == [Visit, Visit]
