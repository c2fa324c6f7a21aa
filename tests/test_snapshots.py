"""Pictures of every guest screen at 80x24 (the Pi's console) and 120x40, in French and English.

Deterministic: a fixed cantine, a fixed clock (Saturday 21 November 2026, 12:30), a temp data
dir. Regenerate with `--snapshot-update` and look at the SVGs before committing them.
"""

import pytest
from guest_support import TO_THANKS, RecordingPrinter, guest_app, guest_config, joining_config

from kiosk.settings.pin import hash_pin

SIZES = [(80, 24), (120, 40)]
LANGUAGES = {"fr": [], "en": ["2"]}
PIN_HASH = hash_pin("2468")


@pytest.fixture(autouse=True)
def no_press_flash(monkeypatch):
    """A pressed button flashes for 0.2 s: whether a picture catches it would depend on timing."""
    from screens.base import KeyButton

    monkeypatch.setattr(KeyButton, "_start_active_affect", lambda self: None)


def shoot(snap_compare, tmp_path, size, language, keys, *, run_before=None, config=None,
          printer=True):
    config = config or guest_config(pin_hash=PIN_HASH)
    app = guest_app(tmp_path, config, printer=RecordingPrinter() if printer else None)
    return snap_compare(app, press=[*LANGUAGES[language], *keys], terminal_size=size,
                        run_before=run_before)


views = pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
languages = pytest.mark.parametrize("language", sorted(LANGUAGES))


@views
@languages
def test_welcome(snap_compare, tmp_path, size, language):
    """The cantine's name, the day written out, what prix libre means, a big Start on Enter,
    both languages on 1 and 2 (the chosen one highlighted), and the volunteers' key F2."""
    assert shoot(snap_compare, tmp_path, size, language, [])


@views
@languages
def test_role(snap_compare, tmp_path, size, language):
    """How many people first (1, fewer disabled, more), then eat, cook, cook and eat on 1-3, all
    the same size, under it; back."""
    assert shoot(snap_compare, tmp_path, size, language, ["enter"])


@views
@languages
def test_contribution(snap_compare, tmp_path, size, language):
    """Suggested 13 € and the explanation sentence; 0, 5, 10, 13, 20 € alike on 1-5; the zero
    note; another amount on 6; back on ⌫."""
    assert shoot(snap_compare, tmp_path, size, language, ["enter", "1"])


@views
@languages
def test_keypad(snap_compare, tmp_path, size, language):
    """The keypad over the contribution: 12,5 € typed, shown large; digits, erase, comma,
    cancel, OK."""
    assert shoot(snap_compare, tmp_path, size, language,
                 ["enter", "1", "6", "1", "2", "comma", "5"])


@views
@languages
def test_confirm_above_threshold(snap_compare, tmp_path, size, language):
    """"You chose 80 €. Is that right?" with no (⌫) and yes (Enter)."""
    assert shoot(snap_compare, tmp_path, size, language, ["enter", "1", "6", "8", "0", "enter"])


@views
@languages
def test_payment(snap_compare, tmp_path, size, language):
    """How do you give 13 €: where to put cash, cash on 1, card on 2, back."""
    assert shoot(snap_compare, tmp_path, size, language, ["enter", "1", "4"])


@views
@languages
def test_card(snap_compare, tmp_path, size, language):
    """A square, scannable QR code with a light margin, the amount large beside it, "I have
    paid" on Enter and back."""
    assert shoot(snap_compare, tmp_path, size, language, ["enter", "1", "4", "2"])


@views
@languages
def test_survey(snap_compare, tmp_path, size, language):
    """"Recorded" (cash: it goes in the box), question 1 of 3, answers not linked to the
    contribution; its four answers on 1-4 at the bottom, above no questions (0) and skip
    (Enter), below where any commit button was."""
    assert shoot(snap_compare, tmp_path, size, language, ["enter", "1", "4", "1"])


@views
@languages
def test_thanks(snap_compare, tmp_path, size, language):
    """Thank you, enjoy your meal, would you like a receipt (R), finish on Enter."""
    assert shoot(snap_compare, tmp_path, size, language, list(TO_THANKS))


@views
@languages
def test_pin_prompt(snap_compare, tmp_path, size, language):
    """The volunteers' PIN keypad over welcome: digits, erase, OK, cancel; nothing typed."""
    assert shoot(snap_compare, tmp_path, size, language, ["f2"])


@views
@languages
def test_volunteers_area(snap_compare, tmp_path, size, language):
    """The volunteers' menu, wholly in the chosen language: the title, the cantine, day and open
    service, its figures (0 visits), the seven parts with their keys, and a footer whose key
    descriptions speak the same language."""

    async def open_area(pilot):
        from screens.volunteers.area import VolunteerArea

        pilot.app.set_language(language)
        await pilot.app.push_screen(VolunteerArea())

    app = guest_app(tmp_path, guest_config())
    assert snap_compare(app, terminal_size=size, run_before=open_area)


@views
@languages
def test_thanks_offering_to_join(snap_compare, tmp_path, size, language):
    """Memberships on: thanks as before, with "join the association" (A) between the receipt
    (R) and finish (Enter), the same size as them."""
    assert shoot(snap_compare, tmp_path, size, language, list(TO_THANKS),
                 config=joining_config(pin_hash=PIN_HASH))


@views
@languages
def test_membership(snap_compare, tmp_path, size, language):
    """Join the association: the suggested 10 € for the year, why (the sentence of the
    settings), 1, 5, 10, 20 € alike on 1-4, "from 1 €, as you can", then "no, thank you" on ⌫
    as big as another amount on 5."""
    assert shoot(snap_compare, tmp_path, size, language, [*TO_THANKS, "a"],
                 config=joining_config(pin_hash=PIN_HASH))


@views
@languages
def test_membership_payment(snap_compare, tmp_path, size, language):
    """How do you pay your membership of 5 €: where cash goes, cash on 1, card on 2, back."""
    assert shoot(snap_compare, tmp_path, size, language,
                 [*TO_THANKS, "a", "2"], config=joining_config(pin_hash=PIN_HASH))


@views
@languages
def test_membership_card(snap_compare, tmp_path, size, language):
    """The QR code of the same payment link, worded for the membership of 5 €."""
    assert shoot(snap_compare, tmp_path, size, language,
                 [*TO_THANKS, "a", "2", "2"], config=joining_config(pin_hash=PIN_HASH))


@views
@languages
def test_joined_without_printer(snap_compare, tmp_path, size, language):
    """Welcome to the association: the number A-2026-0001 in big digits, to note down; no
    slip is offered without a printer; finish on Enter."""
    assert shoot(snap_compare, tmp_path, size, language,
                 [*TO_THANKS, "a", "2", "1"], config=joining_config(pin_hash=PIN_HASH),
                 printer=False)


@views
@languages
def test_joined_with_printer(snap_compare, tmp_path, size, language):
    """The number in big digits, and a printed slip offered (R) beside finish (Enter)."""
    assert shoot(snap_compare, tmp_path, size, language,
                 [*TO_THANKS, "a", "2", "1"], config=joining_config(pin_hash=PIN_HASH))
