"""The rules of a visit in progress, without any screen: presets, confirmation, the keypad."""

from hypothesis import given
from hypothesis import strategies as st

from kiosk.settings.config import ContributionSettings
from kiosk.ledger.entries import MAX_COVERS, Visit
from kiosk.guest import (
    VisitDraft,
    needs_confirmation,
    presets_for,
    suggested_for,
    type_on_keypad,
    typed_amount,
)

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
