"""Money: what a volunteer or guest types becomes exact cents, or a clear refusal; never a crash."""

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kiosk.settings.money import DEFAULT_CEILING, MoneyError, format_amount, parse_amount, plain

cents = st.integers(min_value=0, max_value=DEFAULT_CEILING)


@pytest.mark.parametrize(("typed", "expected"), [
    ("13", 1300),
    ("13.5", 1350),
    ("13,50", 1350),
    ("13 €", 1300),
    ("13€", 1300),
    ("€13.50", 1350),
    ("€ 13", 1300),
    (" 7,05 ", 705),
    ("12 EUR", 1200),
    ("12 euros", 1200),
    ("0", 0),
    ("0,5", 50),
    ("1 000", 100000),
    ("1\u202f000,00\u00a0€", 100000),  # exactly what Babel displays in French
    ("€1,000.00", 100000),  # and in English
])
def test_what_people_type_is_read_to_the_cent(typed: str, expected: int) -> None:
    assert parse_amount(typed) == expected


@pytest.mark.parametrize(("typed", "code"), [
    ("-5", "negative"),
    ("-0,50 €", "negative"),
    ("13.555", "decimals"),
    ("13,001", "decimals"),
    ("1,000", "decimals"),  # one euro or a thousand? refused rather than guessed
    ("1e3", "not_a_number"),
    ("1E3", "not_a_number"),
    ("NaN", "not_a_number"),
    ("inf", "not_a_number"),
    ("Infinity", "not_a_number"),
    ("0x10", "not_a_number"),
    ("13.", "not_a_number"),
    (".5", "not_a_number"),
    ("+5", "not_a_number"),
    ("treize", "not_a_number"),
    ("١٣", "not_a_number"),  # Arabic-Indic digits: int() would take them, we do not
    ("１３", "not_a_number"),  # full-width digits
    ("", "empty"),
    ("   ", "empty"),
    ("€", "empty"),
    ("1000.01", "above_ceiling"),
    ("99999999999999999999999", "above_ceiling"),
])
def test_refusals_say_why_with_a_code_screens_translate(typed: str, code: str) -> None:
    with pytest.raises(MoneyError) as refused:
        parse_amount(typed)
    assert refused.value.problem.code == code
    assert "\n" not in str(refused.value)


def test_the_ceiling_is_the_configured_one() -> None:
    assert parse_amount("50", ceiling=5000) == 5000
    with pytest.raises(MoneyError) as refused:
        parse_amount("50,01", ceiling=5000)
    assert refused.value.problem.code == "above_ceiling"
    assert "50.00" in str(refused.value)


def test_a_huge_paste_gives_a_short_message() -> None:
    with pytest.raises(MoneyError) as refused:
        parse_amount("9" * 10_000)
    assert len(str(refused.value)) < 80


@given(cents)
def test_plain_round_trips_exactly(amount: int) -> None:
    assert parse_amount(plain(amount)) == amount


@given(cents, st.sampled_from(["{} €", "{}€", "€{}", "€ {}", "{} EUR", " {} "]),
       st.booleans())
def test_french_and_english_spellings_round_trip(amount: int, shape: str, comma: bool) -> None:
    text = plain(amount).replace(".", ",") if comma else plain(amount)
    assert parse_amount(shape.format(text)) == amount


@given(cents, st.sampled_from(["fr_FR", "en", "en_GB"]))
def test_what_the_screen_displays_reads_back_exactly(amount: int, locale: str) -> None:
    assert parse_amount(format_amount(amount, locale, "EUR")) == amount


@given(st.integers(min_value=0, max_value=DEFAULT_CEILING // 100 - 1), st.integers(0, 9))
def test_one_decimal_means_tens_of_cents(euros: int, tenths: int) -> None:
    assert parse_amount(f"{euros},{tenths}") == euros * 100 + tenths * 10


@given(st.text())
@example("1" * 5000)
@example("1" + "\u202f000" * 2000)
@example("€" * 3)
@example("-")
def test_no_input_crashes_it(text: str) -> None:
    try:
        amount = parse_amount(text)
    except MoneyError as refused:
        assert refused.problem.code in {"empty", "negative", "decimals", "not_a_number",
                                        "above_ceiling"}
    else:
        assert isinstance(amount, int) and 0 <= amount <= DEFAULT_CEILING


@given(st.from_regex(r"-?[0-9]{1,5}([.,][0-9]{0,4})?([eE][+-]?[0-9]{1,2})?", fullmatch=True))
def test_number_like_text_is_accepted_exactly_or_refused(text: str) -> None:
    whole, separator, decimals = text.replace(",", ".").partition(".")
    exact = (not text.startswith("-") and "e" not in text.lower()
             and (not separator or 1 <= len(decimals) <= 2)
             and Decimal(text.replace(",", ".")) <= 1000)
    if exact:
        assert parse_amount(text) == Decimal(text.replace(",", ".")) * 100
    else:
        with pytest.raises(MoneyError):
            parse_amount(text)


@pytest.mark.parametrize(("amount", "locale", "shown"), [
    (1300, "fr_FR", "13,00\u00a0€"),
    (1350, "fr_FR", "13,50\u00a0€"),
    (0, "fr_FR", "0,00\u00a0€"),
    (100000, "fr_FR", "1\u202f000,00\u00a0€"),
    (1300, "en", "€13.00"),
    (5, "en", "€0.05"),
    (100000, "en", "€1,000.00"),
])
def test_format_follows_the_locale(amount: int, locale: str, shown: str) -> None:
    assert format_amount(amount, locale, "EUR") == shown


def test_plain_is_for_files_and_links() -> None:
    assert [plain(c) for c in (0, 5, 1350, 100000, -250)] == ["0.00", "0.05", "13.50", "1000.00",
                                                              "-2.50"]
