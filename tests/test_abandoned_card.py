"""An abandoned card payment (a QR code left without "I have paid") is no visit anywhere, and the
closing and its Z report list it beside the card comparison (issue 12, item 2)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from test_volunteers import PIN, clock, kiosk, pin_dir  # noqa: F401 (fixtures)
from volunteers_support import drive, open_in_area

from kiosk.books.closing import close_service
from kiosk.books.export import Period, day_table, read_documents
from kiosk.books.report import manager_view
from kiosk.books.service import current_service, service_tally
from kiosk.books.tally import Thresholds
from kiosk.books.visit_export import visit_table
from kiosk.books.zreport import z_report
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import AbandonedCardPayment, EntryError, Visit
from kiosk.ledger.verify import verify
from kiosk.settings.i18n import words_for

PARIS = ZoneInfo("Europe/Paris")
DAY = date(2026, 11, 21)


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 11, 21, hour, minute, tzinfo=PARIS)


@pytest.fixture
def ledger(tmp_path) -> Ledger:
    """A lunch: two card visits, one cash, and two card payments given up on the QR code."""
    ledger = Ledger(tmp_path / "ledger", clock=lambda: at(14, 30))
    ledger.append(Visit("eat", 1300, "card"), at(12, 5))
    ledger.append(AbandonedCardPayment(2000, 200), at(12, 20))
    ledger.append(Visit("eat", 500, "cash"), at(12, 31))
    ledger.append(AbandonedCardPayment(1300, 12), at(12, 42))
    ledger.append(Visit("both", 2600, "card", 2), at(12, 50))
    return ledger


def test_it_is_an_amount_above_zero():
    with pytest.raises(EntryError):
        AbandonedCardPayment(0)
    with pytest.raises(EntryError):
        AbandonedCardPayment(1300, -1)


def test_it_counts_in_no_figure(ledger):
    figures = service_tally(current_service(ledger))
    assert (figures.visits, figures.covers, figures.total, figures.card, figures.cash) == (
        3, 4, 4400, 3900, 500)
    documents = read_documents(ledger.folder, Period(DAY, DAY))
    [row] = [r for r in day_table(documents, Period(DAY, DAY), Thresholds()).records()]
    assert (row["visits"], row["covers"], row["total"], row["card"]) == (3, 4, 4400, 3900)
    assert len(visit_table(documents, Period(DAY, DAY), Thresholds()).rows) == 3
    view = manager_view(documents, Period(DAY, DAY), Thresholds())
    assert sum(count for _, count in view.histogram) == 4  # covers that eat
    assert verify(ledger).ok


def test_the_closing_lists_them_beside_the_card_comparison(ledger):
    entry = close_service(ledger, {"500": 1}, 3900 + 2000, "a guest paid 20 € and left",
                          at=at(14, 30))
    closing = entry.value
    assert closing.card_recorded == 3900 and closing.card_difference == 2000
    assert closing.abandoned_card == [
        {"at": "12:20", "amount": 2000, "seconds": 200, "for": "meal"},
        {"at": "12:42", "amount": 1300, "seconds": 12, "for": "meal"}]
    assert closing.totals["visits"] == 3
    text = z_report(entry, "Petite Cantine", words_for("fr").money, words_for("fr")).text()
    lines = text.replace("\xa0", " ").replace("\u202f", " ").splitlines()
    heading = lines.index("Cartes abandonnées (aucun passage noté)")
    assert "Écart carte" in lines[heading - 1]
    assert lines[heading + 1].startswith("  12:20, code affiché 3 min")
    assert lines[heading + 1].endswith("20,00 €")
    assert lines[heading + 2].startswith("  12:42, code affiché 12 s")
    assert ledger.find(entry.seq).value == closing  # read back from disk alike


def test_a_closing_without_any_has_no_such_heading(tmp_path):
    ledger = Ledger(tmp_path / "ledger", clock=lambda: at(14, 30))
    ledger.append(Visit("eat", 1300, "card"), at(12, 5))
    entry = close_service(ledger, {}, 1300, at=at(14, 30))
    assert entry.value.abandoned_card == []
    assert "abandonnées" not in z_report(entry, "Petite Cantine", words_for("fr").money).text()


@drive
async def test_the_closing_screen_shows_them_beside_the_card_total(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    app.ledger.append(Visit("eat", 1300, "card"))
    clock.advance(10)
    app.ledger.append(AbandonedCardPayment(2000, 95))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_in_area(pilot, PIN, "z")
        shown = str(app.screen.query_one("#abandoned").render()).replace("\xa0", " ")
        assert "Paiements par carte abandonnés" in shown
        assert "11:40  20,00 €  (code affiché 1 min)" in shown
        assert "20,00 €" not in str(app.screen.query_one("#card").render()).replace("\xa0", " ")


def test_a_membership_given_up_on_the_code_says_so_beside_a_meal(tmp_path, capsys):
    """Finding L7: a membership's card payment given up looked like a meal's in the card
    journal; if the provider did receive it, the treasurer could not tell 706 from 756."""
    from kiosk.cli import main

    folder = tmp_path / "data"
    ledger = Ledger(folder / "ledger", clock=lambda: at(14, 30))
    ledger.append(AbandonedCardPayment(1300, 40), at(12, 20))
    ledger.append(AbandonedCardPayment(1000, 3, "membership"), at(12, 25))
    with pytest.raises(EntryError):
        AbandonedCardPayment(1000, 3, "tip")
    entry = close_service(ledger, {}, 0, at=at(14, 30))
    text = z_report(entry, "Petite Cantine", words_for("fr").money, words_for("fr")).text()
    assert "  12:25, adhésion, code affiché 3 s" in text.replace("\xa0", " ")
    assert "  12:20, code affiché 40 s" in text.replace("\xa0", " ")
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "export", "--from", "2026-11-21", "--to",
                 "2026-11-21", "--journal", "card"]) == 0
    journal = capsys.readouterr().out
    assert "12:20 13.00 meal (40 s), 12:25 10.00 membership (3 s)" in journal
