"""The closing screen with a typo in the card total (finding L4): `12,5O` (a letter O) once froze
"Espèces comptées" and "Écart" while the volunteer went on counting coins, and said nothing until
"Clôturer"; a draft holding such text came back with stale totals. The cash must follow the
denominations whatever the card field holds, and the card field's problem be said at once,
naming the field. The real app, the ledger on disk."""

from test_volunteers import PIN, SIZE, a_service, clock, fill_count, kiosk, pin_dir  # noqa: F401
from textual.widgets import Input, Static
from volunteers_support import drive, open_area, settle, type_text

from kiosk.books.count_draft import CountDraft, keep_draft
from kiosk.books.service import current_service
from screens.volunteers.closing import ClosingScreen


def shown(app, widget: str) -> str:
    return " ".join(str(app.screen.query_one(widget, Static).render()).replace("\xa0", " ")
                    .split())


@drive
async def test_a_typo_in_the_card_total_leaves_the_cash_count_alive_and_is_said(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    a_service(app, clock)  # float 20 €, 13 € cash, 5 € card: 33 € expected in the box
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.screen, ClosingScreen)
        await fill_count(pilot, {1000: "1"}, "12,5O")
        await settle(pilot)
        card = shown(app, "#card")
        assert "Total carte annoncé : Ce n'est pas un montant" in card, card
        await pilot.click("#d2000")
        await type_text(pilot, "1")
        await settle(pilot)
        cash = shown(app, "#cash")
        assert "Espèces comptées 30,00 €" in cash and "Écart -3,00 €" in cash, cash
        await pilot.click("#close")
        await settle(pilot)
        assert "Total carte annoncé" in shown(app, "#status")  # the field named on refusal too
        assert [e for e in app.ledger.entries() if e.kind == "closing"] == []
        app.screen.query_one("#card-declared", Input).value = "5"  # mended
        await settle(pilot)
        card = shown(app, "#card")
        assert "pas un montant" not in card and "Écart 0,00 €" in card, card


@drive
async def test_a_draft_holding_a_card_typo_comes_back_with_the_right_totals(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    a_service(app, clock)
    service = current_service(app.ledger)
    keep_draft(pin_dir, CountDraft(service.day, service.number, {"2000": "2", "500": "1"},
                                   "12,5O", "", "12:00"))
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("z")
        await settle(pilot)
        cash = shown(app, "#cash")
        assert "Espèces comptées 45,00 €" in cash and "Écart +12,00 €" in cash, cash
        assert "Ce n'est pas un montant" in shown(app, "#card")
