"""Smaller things a volunteer meets (issue 12, item 8): the cursor after a void, a cash-out
larger than the box holds, a cash movement cancelled by a correcting entry. The real app, the
ledger on disk."""

import pytest
from test_volunteers import PIN, SIZE, clock, kiosk, pin_dir  # noqa: F401 (fixtures)
from textual.widgets import DataTable, Input, Select, Static
from volunteers_support import click_again, drive, open_in_area, settle, type_text

from kiosk.books.forms import FormError, cancel_movement
from kiosk.books.service import current_service, service_tally
from kiosk.ledger.entries import CashCancellation, CashMovement, Visit
from screens.volunteers.dialogs import ConfirmDialog
from screens.volunteers.reasons import ReasonDialog


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render()).replace("\xa0", " ")


def of_kind(app, kind: str) -> list:
    return [e.value for e in app.ledger.day_entries(app.ledger.clock().date()) if e.kind == kind]


@drive
async def test_after_a_void_the_cursor_stays_on_the_next_visit(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    for amount in (500, 9900, 1300, 8800):  # listed newest first: 88, 13, 99, 5
        clock.advance(3)
        app.ledger.append(Visit("eat", amount, "cash"))
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "c")
        table = app.screen.query_one("#visits", DataTable)
        await pilot.press("down", "down", "down")  # the first shows the cursor; the 99 € visit
        await pilot.press("v")
        await settle(pilot)
        await type_text(pilot, "99 for 9")
        await pilot.press("enter")
        await settle(pilot)
        assert table.cursor_row == 3  # the 5 € visit, just below the one voided
        assert "99,00" in table.get_row_at(2)[3] and "annulé" in table.get_row_at(2)[5]
        await pilot.press("v")  # waiting there, not chosen (G10): refused, nothing asked
        await settle(pilot)
        assert not isinstance(app.screen, ReasonDialog)
        await pilot.press("down", "v")  # the next mistake: one arrow chooses it, no moving
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        question = str(app.screen.query_one(".question").render()).replace("\xa0", " ")
        assert "(mange, 5,00 €, espèces)" in question


async def type_movement(pilot, kind: str, amount: str, reason: str) -> None:
    pilot.app.screen.query_one("#kind", Select).value = kind
    pilot.app.screen.query_one("#amount", Input).value = amount
    pilot.app.screen.query_one("#reason", Input).value = reason
    await click_again(pilot, "#record")  # the button may still show the last movement's press
    await settle(pilot)


@drive
async def test_taking_out_more_than_the_box_holds_is_asked_again(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    app.ledger.append(CashMovement("float", 3000))
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "m")  # cash
        await type_movement(pilot, "out", "300", "bread")  # 300 € out of a 30 € box
        assert isinstance(app.screen, ConfirmDialog)
        assert "30,00 €" in str(app.screen.query_one(".question").render()).replace("\xa0", " ")
        await pilot.press("f3")  # cancel: nothing written, the form kept to mend
        await settle(pilot)
        assert of_kind(app, "cash") == [CashMovement("float", 3000)]
        assert app.screen.query_one("#amount", Input).value == "300"
        await type_movement(pilot, "out", "30", "bread")  # all of it: no question
        assert of_kind(app, "cash")[-1] == CashMovement("out", 3000, "bread")
        await type_movement(pilot, "out", "5", "a refund")  # the box is empty now: asked
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#ok")
        await settle(pilot)
        assert of_kind(app, "cash")[-1] == CashMovement("out", 500, "a refund")


@drive
async def test_a_cash_movement_typed_wrong_is_cancelled_by_a_correcting_entry(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    app.ledger.append(CashMovement("float", 5000))
    clock.advance(5)
    wrong = app.ledger.append(CashMovement("in", 20000, "change from the bank"))
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "m")  # cash
        assert "250,00 €" in shown(app, "#expected")
        table = app.screen.query_one("#movements", DataTable)
        table.pick(table.coordinate_to_cell_key((1, 0)).row_key.value)  # as a tap
        await pilot.click("#cancel-movement")
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        await type_text(pilot, "typed 200 for 20")
        await pilot.press("enter")
        await settle(pilot)
        assert "annulé : typed 200 for 20" in table.get_row_at(1)[4]
        assert "50,00 €" in shown(app, "#expected").split("=")[-1]
    assert of_kind(app, "cash_cancel") == [CashCancellation(wrong.seq, "typed 200 for 20")]
    assert of_kind(app, "cash")[-1] == CashMovement("in", 20000, "change from the bank")
    assert service_tally(current_service(app.ledger)).expected_cash == 5000


def test_a_movement_is_cancelled_once_and_only_in_its_open_service(tmp_path, clock):
    from kiosk.books.closing import close_service
    from kiosk.ledger.book import Ledger

    ledger = Ledger(tmp_path / "ledger", clock=clock)
    first = ledger.append(CashMovement("float", 5000))
    cancel_movement(ledger, first.seq, "wrong float")
    with pytest.raises(FormError) as again:
        cancel_movement(ledger, first.seq, "again")
    assert again.value.code == "movement_unknown"
    visit = ledger.append(Visit("eat", 1300, "cash"))
    with pytest.raises(FormError):
        cancel_movement(ledger, visit.seq, "not a movement")
    with pytest.raises(FormError) as no_reason:
        cancel_movement(ledger, first.seq, "  ")
    assert no_reason.value.code == "cancel_reason"
    closed = ledger.append(CashMovement("in", 1000, "change"))
    close_service(ledger, {"1000": 1, "100": 13}, 0)
    with pytest.raises(FormError):  # its service is closed: the Z must not change
        cancel_movement(ledger, closed.seq, "too late")
    assert [e.kind for e in ledger.entries()].count("cash_cancel") == 1


@drive
async def test_a_void_needs_a_reason_and_cancelling_it_voids_nothing(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    app.ledger.append(Visit("eat", 1300, "cash"))
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "c")
        await pilot.press("down", "v")  # the first arrow chooses the line the cursor is on
        await settle(pilot)
        await type_text(pilot, "   ")  # spaces are no reason
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        assert "besoin d'un motif" in shown(app, "#problem")
        await click_again(pilot, "#ok")  # the button too
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog) and of_kind(app, "void") == []
        await pilot.press("f3")
        await settle(pilot)
        assert not isinstance(app.screen, ReasonDialog)
    assert of_kind(app, "void") == []
