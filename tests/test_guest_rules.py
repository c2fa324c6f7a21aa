"""The rules of a visit in progress, without any screen: its steps, presets, confirmation, the
keypad."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.guest import (
    COMMIT,
    STEPS,
    Flow,
    VisitDraft,
    needs_confirmation,
    next_step,
    presets_for,
    previous_step,
    steps_for,
    suggested_for,
    type_on_keypad,
    typed_amount,
)
from kiosk.ledger.entries import MAX_COVERS, Visit
from kiosk.settings.config import ContributionSettings

SETTINGS = ContributionSettings()


def test_presets_and_suggestion_scale_with_people_and_keep_zero():
    assert presets_for(SETTINGS, 1) == (0, 500, 1000, 1300, 2000)
    assert presets_for(SETTINGS, 2) == (0, 1000, 2000, 2600, 4000)
    assert suggested_for(SETTINGS, 3) == 3900
    assert presets_for(SETTINGS, MAX_COVERS)[0] == 0  # zero even when others pass the ceiling


def test_confirmation_is_above_the_threshold_per_person():
    assert not needs_confirmation(5000, 1, SETTINGS)
    assert needs_confirmation(5001, 1, SETTINGS)
    assert not needs_confirmation(8000, 2, SETTINGS)


def test_a_cook_gives_nothing_and_zero_is_paid_with_nothing():
    assert VisitDraft().with_amount(1300).with_role("cook").visit("cash") == Visit(
        "cook", 0, "none", 1)
    assert VisitDraft("eat", 2, 0).visit("cash") == Visit("eat", 0, "none", 2)
    assert not VisitDraft("cook").gives and not VisitDraft("eat").pays


def test_covers_stay_between_one_and_the_maximum():
    assert VisitDraft().with_covers(0).covers == 1
    assert VisitDraft().with_covers(MAX_COVERS + 5).covers == MAX_COVERS


def test_the_keypad_types_plausible_amounts():
    typed = ""
    for key in "0012,345":
        typed = type_on_keypad(typed, key)
    assert typed == "12,34"
    assert type_on_keypad("", ",") == "0,"
    assert type_on_keypad("12,3", ",") == "12,3"
    assert type_on_keypad("12", "⌫") == "1"
    assert type_on_keypad("999999", "9") == "999999"
    assert typed_amount("12,", SETTINGS) == 1200


@given(st.lists(st.sampled_from(list("0123456789,⌫")), max_size=20))
def test_whatever_is_tapped_the_keypad_reads_as_an_amount_or_empty(keys):
    typed = ""
    for key in keys:
        typed = type_on_keypad(typed, key)
    if typed.rstrip(","):
        cents = typed_amount(typed, ContributionSettings(ceiling=10**9))
        assert cents >= 0


# -- the order of the steps: one table, asked by every screen ---------------------------------

FLOWS = {"card": Flow(card=True, survey=True), "cash only": Flow(card=False, survey=True)}


def walk(draft: VisitDraft, flow: Flow) -> list[str]:
    """Every step a guest with `draft` passes through, from welcome to thanks."""
    steps = ["welcome"]
    while steps[-1] != "thanks":
        steps.append(next_step(steps[-1], draft, flow))
    return steps


def test_a_cook_gives_nothing_and_is_committed_after_the_role() -> None:
    assert walk(VisitDraft("cook"), FLOWS["card"]) == [
        "welcome", "role", COMMIT, "survey", "thanks"]


def test_zero_skips_the_payment_and_cash_skips_the_card() -> None:
    flow = FLOWS["card"]
    assert walk(VisitDraft("eat", 1, 0), flow) == [
        "welcome", "role", "contribution", COMMIT, "survey", "thanks"]
    assert walk(VisitDraft("eat", 1, 1300, "cash"), flow) == [
        "welcome", "role", "contribution", "payment", COMMIT, "survey", "thanks"]
    assert walk(VisitDraft("both", 2, 2600, "card"), flow) == [
        "welcome", "role", "contribution", "payment", "card", COMMIT, "survey", "thanks"]


def test_no_card_step_when_card_is_not_configured_and_no_survey_when_no_question() -> None:
    draft = VisitDraft("eat", 1, 1300, "card")
    assert "card" not in walk(draft, FLOWS["cash only"])
    assert walk(draft, Flow(card=True, survey=False))[-3:] == ["card", COMMIT, "thanks"]


def test_back_keeps_to_the_steps_the_guest_saw_and_never_crosses_the_commit() -> None:
    flow = FLOWS["card"]
    draft = VisitDraft("eat", 1, 1300, "card")
    assert [previous_step(s, draft, flow) for s in ("card", "payment", "contribution", "role")] == [
        "payment", "contribution", "role", "welcome"]
    with pytest.raises(ValueError):
        previous_step("survey", draft, flow)


def reached(draft: VisitDraft, flow: Flow) -> list[str]:
    """Every step a guest with `draft` is shown, in order, from welcome to the last."""
    steps, step = [], "welcome"
    while True:
        try:
            step = next_step(step, draft, flow)
        except ValueError:
            return steps
        if step != COMMIT:
            steps.append(step)


@given(st.sampled_from(("eat", "cook", "both")), st.integers(0, 10**6),
       st.sampled_from(("cash", "card", "none")), st.booleans(), st.booleans(), st.booleans())
def test_the_kiosk_prepares_every_step_a_guest_can_reach(role, amount, method, joining, card,
                                                        survey):
    flow = Flow(card=card, survey=survey)
    draft = VisitDraft(role, 1, amount, method, joining)
    prepared = steps_for(flow, joining_offered=joining)
    assert set(reached(draft, flow)) <= set(prepared)
    assert list(prepared) == sorted(prepared, key=[name for name, _ in STEPS].index)


def test_the_kiosk_prepares_no_step_this_cantine_never_shows():
    assert steps_for(Flow(card=False, survey=True), joining_offered=False) == (
        "role", "contribution", "payment", "survey", "thanks")
    assert steps_for(Flow(card=True, survey=False), joining_offered=True) == (
        "role", "contribution", "membership", "payment", "card", "thanks", "joined")
