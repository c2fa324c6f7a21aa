"""The kiosk in a real browser: headless Chromium on a real `kiosk serve`, driven by clicking.

Each test keeps a screenshot of every step under artefacts/browser/<test>/.
"""

import time

import pytest
from serve_support import (
    CARD_LINK,
    KioskPage,
    browser_tab,
    kiosk_processes,
    qr_codes_seen,
    served_kiosk,
    stored,
    write_test_config,
)

from kiosk.ledger.answers import SurveyCounts
from kiosk.ledger.book import Ledger

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

# What a French-speaking guest reads on the buttons they touch.
WELCOME = "Commencer"
EAT = "Manger"
SUGGESTED = "13,00"  # the preset button; the amount's space is a no-break space
CARD = "Par carte"
PAID = "J'ai payé"
ANSWER = "Tout à fait"
NO_MORE_QUESTIONS = "Pas de questions"
NO_RECEIPT = "Terminer"
THANKS = "Merci !"


@pytest.fixture
def cantine(tmp_path):
    """A data dir whose path needs quoting, with a card link and a long idle timeout."""
    data_dir = tmp_path / "la cantine d'en bas"
    write_test_config(data_dir)
    return data_dir


def to_payment(kiosk: KioskPage) -> None:
    """Welcome -> eat -> the recommended amount -> card: the QR code is on screen."""
    kiosk.open()
    kiosk.wait_for(WELCOME)
    kiosk.shot("welcome")
    kiosk.click(WELCOME)
    kiosk.wait_for(EAT)
    kiosk.shot("role")
    kiosk.click(EAT)
    kiosk.wait_for(SUGGESTED)
    kiosk.shot("contribution")
    kiosk.click(SUGGESTED)
    kiosk.wait_for(CARD)
    kiosk.shot("payment")
    kiosk.click(CARD)
    kiosk.wait_for(PAID)
    kiosk.shot("card-qr")
    assert qr_codes_seen(kiosk) == [CARD_LINK.format(amount="13.00")]


def finish(kiosk: KioskPage) -> None:
    """Say it is paid, answer one question, skip the others, no receipt; then welcome again."""
    kiosk.click(PAID)
    kiosk.wait_for(ANSWER)
    kiosk.shot("survey")
    kiosk.click(ANSWER)
    kiosk.wait_for("Question 2")
    kiosk.shot("survey-answered")
    kiosk.click(NO_MORE_QUESTIONS)
    kiosk.wait_for(NO_RECEIPT)
    kiosk.shot("thanks")
    kiosk.click(NO_RECEIPT)
    kiosk.wait_for(WELCOME)
    kiosk.shot("welcome-again")


def test_a_whole_visit_by_clicking_lands_in_the_ledger(cantine, chromium):
    with served_kiosk(cantine) as (server, port):
        kiosk = browser_tab(chromium, port, "whole-visit")
        to_payment(kiosk)
        assert stored(cantine) == []  # nothing is committed before the guest confirms
        finish(kiosk)
    [visit] = stored(cantine)
    assert (visit.role, visit.amount, visit.method, visit.covers) == ("eat", 1300, "card", 1)
    assert kiosk.elsewhere == []  # the page asked nothing of any other site (fonts, trackers)
    assert stored(cantine, "answer") == []  # no entry per answer: only a count
    assert SurveyCounts(Ledger(cantine / "ledger")).open_counts() == {"welcome": {"very": 1}}
    receipts = cantine / "receipts.bin"
    assert not receipts.exists() or receipts.stat().st_size == 0, "a receipt nobody asked for"


def test_closing_the_tab_mid_visit_records_nothing(cantine, chromium):
    with served_kiosk(cantine) as (server, port):
        kiosk = browser_tab(chromium, port, "tab-closed")
        to_payment(kiosk)
        assert len(kiosk_processes(server.pid)) == 1
        kiosk.page.context.close()
        deadline = time.monotonic() + 10
        while kiosk_processes(server.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert kiosk_processes(server.pid) == [], "the tab's kiosk process outlived the tab"
    assert stored(cantine) == []


def test_two_tabs_record_a_visit_each(cantine, chromium):
    with served_kiosk(cantine) as (server, port):
        first, second = (browser_tab(chromium, port, f"two-tabs-{n}") for n in (1, 2))
        to_payment(first)
        to_payment(second)
        assert len(kiosk_processes(server.pid)) == 2  # one kiosk process per tab
        finish(second)
        finish(first)
    assert [(v.role, v.amount, v.method) for v in stored(cantine)] == [("eat", 1300, "card")] * 2


def test_the_volunteers_area_still_needs_the_pin(cantine, chromium):
    """Served to any browser, the kiosk still keeps the volunteers' area behind the PIN."""
    from kiosk.settings.pin import hash_pin

    with (cantine / "kiosk.toml").open("a", encoding="utf-8") as config:
        config.write(f'pin_hash = "{hash_pin("2468")}"\n')  # [kiosk] is the file's last table
    with served_kiosk(cantine) as (server, port):
        kiosk = browser_tab(chromium, port, "volunteers-pin")
        kiosk.open()
        kiosk.wait_for(WELCOME)
        keyboard = kiosk.page.keyboard
        kiosk.page.locator(".xterm-helper-textarea").focus()
        keyboard.press("F2")
        kiosk.wait_for("Tapez le code PIN")
        kiosk.shot("pin-asked")
        keyboard.type("1357")
        kiosk.click("Valider")
        kiosk.wait_for("Ce n'est pas le bon code")
        kiosk.shot("pin-refused")
        assert "Retour aux convives" not in kiosk.text()
        keyboard.type("2468")
        kiosk.click("Valider")
        kiosk.wait_for("Retour aux convives")
        kiosk.shot("volunteers-area")
