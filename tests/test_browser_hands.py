"""Hands slip on a touch screen: every button of a visit tapped twice in Chromium, on a real
`kiosk serve` with the real input guard (350 ms). The second tap must do nothing on the screen
the first one brought up: no answer never given, no card QR code after 13 € tapped twice."""

import time

import pytest
from serve_support import KioskPage, browser_tab, served_kiosk, write_test_config

from kiosk.ledger.answers import SurveyCounts
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

REST = 0.9  # a hand at rest between two deliberate taps: past the guard and the double tap


def double_tap(kiosk: KioskPage, text: str, gap: float) -> None:
    """Tap `text`, then the same spot again `gap` seconds later, as a slipping finger does."""
    kiosk.wait_for(text)
    time.sleep(REST)
    x, y = kiosk.point(text)
    kiosk.page.mouse.click(x, y)
    time.sleep(gap)
    kiosk.page.mouse.click(x, y)


def test_every_button_tapped_twice_acts_once(tmp_path, chromium):
    cantine = tmp_path / "cantine"
    write_test_config(cantine, guard_ms=350)
    with served_kiosk(cantine) as (server, port):
        kiosk = browser_tab(chromium, port, "double-taps")
        kiosk.open()
        for text, gap, then in [("Commencer", 0.05, "Combien êtes-vous"),
                                ("Manger", 0.15, "Votre contribution"),
                                ("13,00", 0.3, "Comment donnez-vous"),  # the card button below
                                ("Par carte", 0.45, "J'ai payé"),
                                ("J'ai payé", 0.2, "Question 1 sur 3"),
                                ("Tout à fait", 0.1, "Question 2 sur 3")]:
            double_tap(kiosk, text, gap)
            kiosk.wait_for(then)
            time.sleep(REST)
            assert then in kiosk.text(), (text, kiosk.text())
        kiosk.shot("second-question")
        kiosk.page.context.close()  # the tab goes before the server
    ledger = Ledger(cantine / "ledger")
    assert [entry.value for entry in ledger.entries()] == [Visit("eat", 1300, "card", 1)]
    # One answer, counted once (answers are counts, never entries of their own).
    assert SurveyCounts(ledger).open_counts() == {"welcome": {"very": 1}}
