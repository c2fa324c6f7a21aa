"""Catalogues: every language says everything French says; money and dates follow the locale."""

from datetime import date
from pathlib import Path

import pytest

from kiosk.settings.i18n import (
    CATALOGUE_DIR,
    CatalogueError,
    available,
    catalogues,
    language_name,
    locale_for,
    read_catalogue,
    words_for,
)

PLACEHOLDER_KEYS = ["{amount}", "{count}", "{key}", "{number}", "{total}", "{seconds}"]


@pytest.mark.parametrize("language", sorted(catalogues()))
def test_every_catalogue_has_every_french_key_and_the_same_placeholders(language):
    french, other = catalogues()["fr"].texts, catalogues()[language].texts
    assert sorted(set(french) - set(other)) == []
    for key, text in french.items():
        for placeholder in PLACEHOLDER_KEYS:
            assert (placeholder in text) == (placeholder in other[key]), (language, key)


def test_a_language_is_one_file(tmp_path: Path):
    for path in CATALOGUE_DIR.glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    german = (tmp_path / "en.toml").read_text(encoding="utf-8").replace(
        'name = "English"', 'name = "Deutsch"').replace('locale = "en_GB"', 'locale = "de_DE"')
    (tmp_path / "de.toml").write_text(german, encoding="utf-8")
    found = catalogues.__wrapped__(tmp_path)
    assert found["de"].name == "Deutsch" and found["de"].locale == "de_DE"


@pytest.mark.parametrize("language", sorted(catalogues()))
def test_the_welcome_screen_names_each_language_as_its_catalogue_does(language):
    # Read from the [meta] table alone, before the welcome screen is drawn.
    assert language_name.__wrapped__(language) == catalogues()[language].name


def test_a_language_named_outside_a_meta_table_of_its_own_is_still_named(tmp_path: Path):
    text = (CATALOGUE_DIR / "en.toml").read_text(encoding="utf-8")
    moved = text.replace('[meta]\nname = "English"\n', "[meta]\n", 1)
    assert moved != text
    (tmp_path / "en.toml").write_text(f'meta.name = "English"\n{moved}'.replace(
        "[meta]\n", "", 1).replace('locale = "en_GB"', 'meta.locale = "en_GB"', 1),
        encoding="utf-8")
    assert language_name.__wrapped__("en", tmp_path) == "English"


def test_a_broken_catalogue_is_named(tmp_path: Path):
    path = tmp_path / "xx.toml"
    path.write_text("[meta]\nname = 3\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="meta.name"):
        read_catalogue(path)


def test_money_and_days_follow_the_language():
    french, english = words_for("fr"), words_for("en")
    assert french.money(1350) == "13,50\xa0€"
    assert english.money(1350) == "€13.50"
    assert french.day(date(2026, 11, 21)) == "samedi 21 novembre 2026"
    assert english.day(date(2026, 11, 21)) == "Saturday, 21 November 2026"
    assert french.typed_money("8,5") == "8,5\xa0€" and english.typed_money("8,5") == "€8.5"


def test_the_cantines_own_locale_is_used_for_its_language():
    assert locale_for("fr", "fr_BE") == "fr_BE"
    assert locale_for("en", "fr_BE") == "en_GB"
    assert words_for("fr", "fr_CH", "CHF").money(1300) == "13,00\xa0CHF"


def test_unknown_languages_fall_back_to_french():
    assert available(("fr", "tlh", "en")) == ("fr", "en")
    assert available(("tlh",)) == ("fr",)
    assert words_for("tlh")("welcome.start") == "Commencer"


def test_texts_fill_their_placeholders():
    assert words_for("en")("survey.progress", number=2, total=3) == "Question 2 of 3"
