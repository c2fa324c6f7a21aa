"""The kiosk by touch alone: Chromium with a touch screen (no mouse, no keyboard) on a real
`kiosk serve`, at the sizes of the field: a 1280x800 tablet, the Pi Touch Display's 800x480, a
portrait tablet (800x1280) and a 7" portrait screen (600x960).

Screens are checked by the facts a finger meets rather than by comparing pixels (Chromium's
text drawing changes between versions): every choice of a step is on screen, the terminal fills
the page, its text is at least 16 px, no key chip is printed on a button. Each step's screenshot
is kept under artefacts/browser/touch-*/ for a person to look at when a test fails.
"""

import pytest
from serve_support import (
    KioskPage,
    browser_tab,
    launch_chromium,
    qr_codes_seen,
    served_kiosk,
    stored,
    write_test_config,
)

from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit
from kiosk.settings.pin import hash_pin

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")

SIZES = [(1280, 800), (800, 480), (800, 1280), (600, 960)]
PIN = "2468"
CARD_LINK_13 = "https://pay.example.org/cantine?amount=13.00"
PRESETS = ("0,00", "5,00", "13,00", "20,00")
KEY_CHIPS = ("Entrée", "Suppr", "⌫ ")


@pytest.fixture(scope="module")
def cantine(tmp_path_factory):
    """One served kiosk for the module (a PIN set), and one headless Chromium."""
    data_dir = tmp_path_factory.mktemp("touch") / "cantine"
    write_test_config(data_dir)
    with (data_dir / "kiosk.toml").open("a", encoding="utf-8") as config:
        config.write(f'pin_hash = "{hash_pin(PIN)}"\n')  # [kiosk] is the file's last table
    with served_kiosk(data_dir) as (server, port), sync_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield data_dir, port, chromium
        chromium.close()


def finger(cantine, size, name) -> KioskPage:
    """A tab on a touch screen of `size`: taps only."""
    _, port, chromium = cantine
    kiosk = browser_tab(chromium, port, f"touch-{name}-{size[0]}x{size[1]}", size=size,
                        touch=True)
    kiosk.open()
    return kiosk


def made_for_its_screen(kiosk: KioskPage, size) -> None:
    """The terminal fills the page, with text a guest reads from a step away, and no chips."""
    width, height = size
    grid = kiosk.geometry()
    assert grid["width"] >= 0.9 * width and grid["height"] >= 0.85 * height, (grid, size)
    assert grid["font"] >= 16, grid
    screen = kiosk.text()
    assert "Écran trop petit" not in screen
    assert not [chip for chip in KEY_CHIPS if chip in screen], screen


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_card_visit_by_touch(cantine, size):
    data_dir = cantine[0]
    before = len(stored(data_dir))
    kiosk = finger(cantine, size, "visit")
    kiosk.wait_for("Commencer")
    kiosk.shot("welcome")
    made_for_its_screen(kiosk, size)
    assert "Bénévoles" in kiosk.text()  # the volunteers' way in, for a finger too
    kiosk.tap("Commencer")
    kiosk.wait_for("Manger")
    kiosk.shot("role")
    made_for_its_screen(kiosk, size)
    kiosk.tap("Manger")
    kiosk.wait_for("Votre contribution")
    kiosk.shot("contribution")
    made_for_its_screen(kiosk, size)
    screen = kiosk.text()
    assert all(preset in screen for preset in PRESETS), screen  # every preset within reach
    kiosk.tap("13,00")
    kiosk.wait_for("Par carte")
    kiosk.shot("payment")
    assert "En espèces" in kiosk.text()
    kiosk.tap("Par carte")
    kiosk.wait_for("J'ai payé")
    kiosk.shot("card-qr")
    assert qr_codes_seen(kiosk) == [CARD_LINK_13]
    kiosk.tap("J'ai payé")
    kiosk.wait_for("Tout à fait")
    kiosk.shot("survey")
    assert all(answer in kiosk.text() for answer in ("Plutôt", "Un peu", "Pas vraiment"))
    kiosk.tap("Tout à fait")
    kiosk.wait_for("Question 2")
    kiosk.tap("Pas de questions")
    kiosk.wait_for("Terminer")
    kiosk.shot("thanks")
    kiosk.tap("Terminer")
    kiosk.wait_for("Commencer")
    kiosk.shot("welcome-again")
    assert kiosk.elsewhere == []
    assert [(v.role, v.amount, v.method) for v in stored(data_dir)[before:]] == [
        ("eat", 1300, "card")]
    kiosk.page.context.close()


@pytest.mark.parametrize("size", [(800, 480), (800, 1280)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_volunteers_close_the_service_by_touch(cantine, size):
    """Into the area with the PIN keypad, then a whole closing: the card total typed on the
    screen's own digits, the service closed, its Z report shown."""
    data_dir = cantine[0]
    ledger = Ledger(data_dir / "ledger")
    ledger.append(Visit("eat", 700, "card", 1))  # something to close, whichever test ran before
    kiosk = finger(cantine, size, "closing")
    kiosk.tap("Bénévoles")
    kiosk.wait_for("Tapez le code PIN")
    kiosk.shot("pin")
    for digit in PIN:
        kiosk.tap(f" {digit} ")
    kiosk.tap("Valider")
    kiosk.wait_for("Retour aux convives")
    kiosk.shot("area")
    assert "Écran trop petit" not in kiosk.text()
    closings = len([e for e in Ledger(data_dir / "ledger").entries() if e.kind == "closing"])
    kiosk.tap("Clôturer le service")
    kiosk.wait_for("Total carte annoncé")
    kiosk.shot("closing")
    entries = list(Ledger(data_dir / "ledger").entries())
    last = max([n for n, e in enumerate(entries) if e.kind == "closing"], default=-1)
    declared = sum(e.value.amount for e in entries[last + 1:]
                   if e.kind == "visit" and e.value.method == "card") // 100
    # The field under the sentence takes the digits.
    x, y = kiosk.point("Total carte annoncé")
    kiosk.page.touchscreen.tap(x, y + kiosk.geometry()["height"] / kiosk.geometry()["rows"])
    for digit in str(declared):
        kiosk.tap(f" {digit} ")
    kiosk.shot("closing-typed")
    kiosk.tap("Clôturer le service")
    kiosk.wait_for("Z n°", "Z no", "Z ")
    kiosk.shot("z-report")
    after = [e for e in Ledger(data_dir / "ledger").entries() if e.kind == "closing"]
    assert len(after) == closings + 1
    kiosk.page.context.close()
