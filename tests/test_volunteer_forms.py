"""The rules behind the volunteers' forms, without a screen: what is accepted, what is refused."""

import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.books.closing import EURO_DENOMINATIONS, denominations_for
from kiosk.books.forms import (
    FormError,
    check_count,
    moment_from_form,
    movement_from_form,
    visit_from_form,
)
from kiosk.books.tally import Tally
from kiosk.ledger.entries import CashMovement, EntryError, Visit
from kiosk.settings.money import MoneyError

NOON = datetime(2026, 11, 21, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_a_hand_entered_visit_follows_kiosk_record():
    assert visit_from_form("both", "13,50", "card", "2") == Visit("both", 1350, "card", 2)
    assert visit_from_form("eat", "0", "cash") == Visit("eat", 0, "none")  # zero: no method
    with pytest.raises(FormError):
        visit_from_form("eat", "5", "none")
    with pytest.raises(FormError):
        visit_from_form("eat", "5", "cash", "deux")
    with pytest.raises(EntryError):
        visit_from_form("eat", "5", "cash", "0")
    with pytest.raises(MoneyError):
        visit_from_form("eat", "2000", "cash", ceiling=100_000)


def test_a_time_is_today_and_not_in_the_future():
    assert moment_from_form("", NOON) is None
    assert moment_from_form("11:05", NOON) == NOON.replace(hour=11, minute=5)
    assert moment_from_form("9", NOON) == NOON.replace(hour=9, minute=0)
    with pytest.raises(FormError):
        moment_from_form("12:30", NOON)
    with pytest.raises(FormError):
        moment_from_form("midi", NOON)


def test_a_cash_movement_needs_an_amount_and_a_reason_to_move_cash():
    assert movement_from_form("float", "50", "") == CashMovement("float", 5000)
    assert movement_from_form("out", "12,40", " bread ") == CashMovement("out", 1240, "bread")
    with pytest.raises(EntryError):
        movement_from_form("in", "10", " ")
    with pytest.raises(FormError):
        movement_from_form("float", "0", "")


def test_the_count_is_checked_against_the_service():
    figures = Tally(cash=1800, card=2000, cash_float=5000, cash_moved=-1240)
    check = check_count(figures, {5000: "1", 500: "1", 10: ""}, "20")
    assert (check.counted_cash, check.expected_cash, check.cash_difference) == (5500, 5560, -60)
    assert check.card_difference == 0 and check.differs
    exact = check_count(figures, {5000: "1", 500: "1", 50: "1", 10: "1"}, "20")
    assert not exact.differs
    with pytest.raises(FormError):
        check_count(figures, {500: "-1"}, "")


def test_denominations_follow_the_currency():
    assert denominations_for("EUR") == EURO_DENOMINATIONS
    assert 100000 in denominations_for("chf") and 25 in denominations_for("USD")
    assert denominations_for("XYZ")  # an unknown currency is still countable in whole units


def test_the_domain_modules_of_this_side_do_not_import_textual():
    code = ("import sys, kiosk.settings.pin_store, kiosk.books.service, kiosk.books.zreport, "
            "kiosk.books.forms, kiosk.settings.printer_words, kiosk.commands.tally, "
            "kiosk.commands.set_pin; print('textual' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
