"""Volunteers and memberships (issue 18, item 3): one recorded at the counter, one voided with a
reason, and the service's figures (the tally, the closing's expected cash and card, the Z report)
that count them on lines of their own. The real app, the ledger on disk."""

import re

from test_volunteers import PIN, SIZE, clock, kiosk, pin_dir  # noqa: F401 (fixtures)
from textual.widgets import DataTable, Input, Select, Static
from volunteers_support import click_again, drive, open_area, open_in_area, settle, type_text

from kiosk.books.closing import close_service
from kiosk.books.memberships import record_membership
from kiosk.books.service import current_service, service_tally
from kiosk.books.zreport import z_report
from kiosk.ledger.entries import CashMovement, Membership, Visit, Void
from kiosk.settings.i18n import words_for
from screens.volunteers.dialogs import MembershipDialog
from screens.volunteers.reasons import ReasonDialog


def taking_memberships(folder):
    settings = folder / "kiosk.toml"  # it holds the volunteers' PIN already
    settings.write_text(settings.read_text(encoding="utf-8") + "\n[membership]\nenabled = true\n",
                        encoding="utf-8")
    return folder


def values(app, kind: str) -> list:
    return [e.value for e in app.ledger.entries() if e.kind == kind]


@drive
async def test_a_volunteer_records_a_membership_then_voids_it(pin_dir, clock):
    app = kiosk(taking_memberships(pin_dir), clock)
    app.ledger.append(Visit("eat", 1300, "cash"))
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "c")
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, MembershipDialog)
        app.screen.query_one("#amount", Input).value = "0,50"  # under the 1 € minimum
        await pilot.click("#ok")
        await settle(pilot)
        problem = str(app.screen.query_one("#problem", Static).render()).replace("\xa0", " ")
        assert "1,00 €" in problem and values(app, "membership") == []
        app.screen.query_one("#amount", Input).value = "12"
        app.screen.query_one("#method", Select).value = "card"
        await click_again(pilot, "#ok")
        await settle(pilot)
        assert values(app, "membership") == [Membership(1200, "card", "A-2026-0001")]
        assert "A-2026-0001" in str(app.screen.query_one("#status", Static).render())
        table = app.screen.query_one("#visits", DataTable)
        assert "adhésion A-2026-0001" in table.get_row_at(0)[1]  # newest first
        await pilot.press("down", "v")
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        assert "l'adhésion A-2026-0001" in str(app.screen.query_one(".question").render())
        await type_text(pilot, "payée deux fois")
        await pilot.press("enter")
        await settle(pilot)
        assert "annulé" in table.get_row_at(0)[5]
    membership_seq = [e.seq for e in app.ledger.entries() if e.kind == "membership"][0]
    assert values(app, "void") == [Void(membership_seq, "payée deux fois")]
    figures = service_tally(current_service(app.ledger))
    assert (figures.memberships.count, figures.visits, figures.voids) == (0, 1, 0)


@drive
async def test_the_membership_button_is_not_offered_when_memberships_are_off(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_area(pilot, PIN, "c")
        assert not app.screen.query("#membership")
        await pilot.press("j")
        await settle(pilot)
        assert not isinstance(app.screen, MembershipDialog)


def test_expected_cash_card_and_the_z_report_count_memberships_apart(pin_dir, clock):
    app = kiosk(pin_dir, clock)
    ledger = app.ledger
    ledger.append(CashMovement("float", 5000))
    ledger.append(Visit("eat", 1300, "cash"))
    ledger.append(Visit("eat", 700, "card"))
    record_membership(ledger, 500, "cash")
    record_membership(ledger, 2000, "card")
    voided = record_membership(ledger, 900, "cash")
    ledger.void(voided.seq, "typed twice")
    figures = service_tally(current_service(ledger))
    assert (figures.total, figures.cash, figures.card) == (2000, 1300, 700)  # meals only
    assert figures.memberships.count == 2 and figures.memberships.total == 2500
    assert figures.expected_cash == 5000 + 1300 + 500
    assert figures.card_recorded == 700 + 2000
    # Counted right, declared right: nothing to explain.
    entry = close_service(ledger, {"5000": 1, "1000": 1, "500": 1, "200": 1, "100": 1},
                          card_declared=2700)
    closing = entry.value
    assert (closing.cash_difference, closing.card_difference) == (0, 0)
    assert closing.totals["memberships"] == 2 and closing.totals["membership_cash"] == 500
    rows = dict(z_report(entry, "Cantine", words_for("fr").money, words_for("fr")).rows)
    assert rows["Adhésions"] == "2" and rows["Adhésions en espèces"].startswith("5,00")


def amounts_in(text: str) -> list[int]:
    """Every amount of money a line names, in cents, in the order written."""
    flat = text.replace("\xa0", " ").replace("\u202f", " ")
    return [int(euros.replace(" ", "")) * 100 + int(cents)
            for euros, cents in re.findall(r"(\d[\d ]*),(\d\d) €", flat)]


@drive
async def test_the_cash_sums_name_the_memberships_paid_in_cash_and_add_up(pin_dir, clock):
    """Finding L3: "Fond 50 + espèces données 13 + mouvements 0 = attendues 68" left the 5 €
    membership out, and the closing said "dont adhésions" of money added on top."""
    app = kiosk(taking_memberships(pin_dir), clock)
    app.ledger.append(CashMovement("float", 5000))
    app.ledger.append(Visit("eat", 1300, "cash"))
    record_membership(app.ledger, 500, "cash")
    record_membership(app.ledger, 2000, "card")
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("m")
        await settle(pilot)
        line = str(app.screen.query_one("#expected", Static).render())
        *terms, expected = amounts_in(line)
        assert "adhésions en espèces 5,00" in line.replace("\xa0", " ")
        assert terms == [5000, 1300, 500, 0] and sum(terms) == expected == 6800
        await pilot.click("#back")
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        shown = str(app.screen.query_one("#cash", Static).render()).replace("\xa0", " ")
        assert "dont adhésions en espèces" not in shown
        expected_line, detail = [ln for ln in shown.splitlines() if "attendues" in ln
                                 or "fond" in ln]
        assert sum(amounts_in(detail)) == amounts_in(expected_line)[0] == 6800
        assert "adhésions en espèces 5,00" in detail
        card = str(app.screen.query_one("#card", Static).render()).replace("\xa0", " ")
        assert "dont adhésions par carte : 20,00" in card  # the card's figure does include them


@drive
async def test_the_counter_forms_are_french_to_the_footer_and_show_their_whole_hints(pin_dir,
                                                                                      clock):
    """Finding L9: "j Add a membership" in English in the French footer, and the amount's hint
    cut to "Montant, par exemple 10 ou"."""
    app = kiosk(taking_memberships(pin_dir), clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, PIN)
        await pilot.press("c")
        await settle(pilot)
        from screens.volunteers.base import binding_words

        described = {b.key: binding_words(app, b) for b in app.screen.BINDINGS}
        assert described["j"] == "Ajouter une adhésion" and described["a"] == "Ajouter un passage"
        for key in ("j", "a"):  # the membership form, then the visit form
            await pilot.press(key)
            await settle(pilot)
            for field in app.screen.query(Input):
                hint = field.placeholder
                assert len(hint) <= field.content_region.width, (hint, field.content_region)
            await pilot.click("#cancel")
            await settle(pilot)
