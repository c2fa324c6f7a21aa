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
from kiosk.ledger.entries import CashMovement, Visit
from kiosk.settings.pin import hash_pin

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")

SIZES = [(1280, 800), (800, 480), (800, 1280), (600, 960)]
PIN = "2468"
CARD_LINK_13 = "https://pay.example.org/cantine?amount=13.00"
PRESETS = ("0,00", "5,00", "13,00", "20,00")
KEY_CHIPS = ("Entrée", "Suppr", "⌫ ")
# The text's size on portrait tablets when they got 60 columns (66x53 and 61x51): half empty.
PORTRAIT_FONT_BEFORE = {(800, 1280): 22, (600, 960): 16}


@pytest.fixture(scope="module")
def cantine(tmp_path_factory):
    """One served kiosk for the module (a PIN set), and one headless Chromium."""
    data_dir = tmp_path_factory.mktemp("touch") / "cantine"
    write_test_config(data_dir)
    with (data_dir / "kiosk.toml").open("a", encoding="utf-8") as config:
        config.write(f'pin_hash = "{hash_pin(PIN)}"\n')  # [kiosk] is the file's last table
        config.write("\n[membership]\nenabled = true\n")
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
    if height > width:  # portrait: fewer, bigger rows that fill the height; 40 columns at least
        assert grid["font"] >= PORTRAIT_FONT_BEFORE[size] + 3, grid
        assert grid["cols"] >= 40 and 40 <= grid["rows"] <= 44, grid
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
    kiosk.tap("Pas de questions", "Pas de")  # two lines on a 40-column portrait screen
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
    kiosk.wait_for("Non, pas encore")  # asked once more, even when all matches
    kiosk.shot("closing-confirm")
    kiosk.tap("Oui, clôturer")
    kiosk.wait_for("Z n°", "Z no", "Z ")
    kiosk.shot("z-report")
    after = [e for e in Ledger(data_dir / "ledger").entries() if e.kind == "closing"]
    assert len(after) == closings + 1
    kiosk.page.context.close()


def entries(data_dir, kind: str) -> list:
    return [e.value for e in Ledger(data_dir / "ledger").entries() if e.kind == kind]


def into_the_area(kiosk: KioskPage) -> None:
    kiosk.tap("Bénévoles")
    kiosk.wait_for("Tapez le code PIN")
    for digit in PIN:
        kiosk.tap(f" {digit} ")
    kiosk.tap("Valider")
    kiosk.wait_for("Retour aux convives")


def tap_letters(kiosk: KioskPage, text: str) -> None:
    """Tap `text` on the letter keyboard at the foot of the screen (its keys are the lowest
    place each letter is drawn; a row's last key has no space after it on screen)."""
    for letter in text:
        kiosk.tap(f" {letter} ", f" {letter}")


def test_a_volunteer_voids_takes_cash_out_and_closes_with_reasons_given_by_touch(cantine):
    """At 800x480, by taps alone: a void with a ready-made reason, cash taken out for a reason
    typed on the screen's letter keyboard (an accent in it), a closing whose cash difference is
    explained with a ready-made reason. Each reason is in the ledger as the volunteer gave it."""
    data_dir = cantine[0]
    ledger = Ledger(data_dir / "ledger")
    ledger.append(CashMovement("float", 5000))  # the box can give 12 € for the shopping
    mistake = ledger.append(Visit("eat", 9900, "cash", 1))  # the newest, first in the list
    kiosk = finger(cantine, (800, 480), "reasons")
    into_the_area(kiosk)
    kiosk.tap("Corrections")
    kiosk.wait_for("les passages de ce service")  # the area's own figures say 99,00 too
    kiosk.tap("99,00")  # the line to void, chosen by a tap
    kiosk.tap("Annuler la ligne")
    kiosk.wait_for("Erreur de saisie")
    kiosk.shot("void-reasons")
    made_for_its_screen(kiosk, (800, 480))
    kiosk.tap("Saisi deux fois")
    kiosk.tap("L'annuler")
    kiosk.wait_for("Annulé :")
    assert [(v.visit, v.reason) for v in entries(data_dir, "void")][-1:] == [
        (mistake.seq, "Saisi deux fois")]
    kiosk.tap("Retour")
    kiosk.tap("Mouvements de caisse")
    kiosk.wait_for("caisse · ce service")
    kiosk.tap("fond de caisse")  # the kind of movement: a list opens
    # The reason's label says "sortie" too: tap the list's own once it is open, and go on once
    # it has closed (on a loaded machine the label was tapped before the list was drawn).
    kiosk.wait_for("remise en banque")
    kiosk.tap("sortie")
    kiosk.wait_until(lambda screen: "remise en banque" not in screen)
    for digit in "12":
        kiosk.tap(f" {digit} ")
    kiosk.wait_until(lambda screen: "12" in screen)
    kiosk.tap("Motif (obligatoire")  # the reason's field: the pad and its keyboard
    kiosk.wait_for("Courses")
    kiosk.shot("cash-reason-pad")
    made_for_its_screen(kiosk, (800, 480))
    tap_letters(kiosk, "café↵")
    kiosk.wait_for("café")
    kiosk.tap("Enregistrer")
    kiosk.wait_for("Enregistré")
    kiosk.shot("cash-recorded")
    assert entries(data_dir, "cash")[-1] == CashMovement("out", 1200, "café")
    kiosk.tap("Retour")
    kiosk.tap("Clôturer le service")
    kiosk.wait_for("Total carte annoncé")
    kiosk.tap(" 1 ")  # one 500 € note: the count differs
    kiosk.tap("Clôturer le service")
    kiosk.wait_for("écrivez d'abord pourquoi")
    kiosk.tap("ex. : 5 €")  # the explanation's field
    kiosk.wait_for("Pièce perdue")
    kiosk.shot("closing-reason-pad")
    kiosk.tap("Pièce perdue")
    kiosk.tap("Valider")
    kiosk.wait_for("Clôturer le service")
    kiosk.tap("Clôturer le service")
    kiosk.tap("Oui, clôturer")
    kiosk.wait_for("Z n°", "Z no", "Z ")
    kiosk.shot("z-report")
    assert entries(data_dir, "closing")[-1].explanation == "Pièce perdue"
    kiosk.page.context.close()


def test_joining_by_touch_on_a_portrait_tablet_turned_while_its_code_is_shown(cantine):
    """At 600x960, after a meal: the offer to join, its amounts all in sight, another amount on
    the keypad, paid by card; the tablet turned to landscape and back while the QR code is
    shown, which stays whole and scans to the membership's amount at each size; then the
    member's number. Then the volunteers' membership dialog, and a membership's void."""
    data_dir = cantine[0]
    members = len(entries(data_dir, "membership"))
    kiosk = finger(cantine, (600, 960), "joining")
    # Each tap once its step is drawn whole (the next step's own words on screen).
    for tap, then in [("Commencer", "Manger"), ("Manger", "Votre contribution"),
                      ("13,00", "Par carte"), ("En espèces", "Tout à fait"),
                      ("Pas de", "Terminer"),  # "Pas de questions", on two lines
                      ("Adhérer à l'association", "Montant conseillé")]:
        kiosk.wait_for(tap)
        kiosk.shot(f"before-{tap}")
        kiosk.tap(tap)
        kiosk.wait_for(then)
    kiosk.shot("membership")
    made_for_its_screen(kiosk, (600, 960))
    screen = kiosk.text()
    assert all(choice in screen for choice in (
        "1,00", "5,00", "10,00", "20,00", "Non merci", "Autre montant")), screen
    kiosk.tap("Autre montant")
    kiosk.wait_for("Votre montant")
    for digit in "15":
        kiosk.tap(f" {digit} ", f" {digit}")
    kiosk.tap("Valider")
    kiosk.wait_for("votre adhésion de")
    assert "15,00" in kiosk.text()
    kiosk.shot("membership-payment")
    kiosk.tap("Par carte")
    kiosk.wait_for("J'ai payé")
    link = "https://pay.example.org/cantine?amount=15.00"
    for size in ((960, 600), (600, 960)):  # turned to landscape, and back
        assert qr_codes_seen(kiosk) == [link], size
        kiosk.page.set_viewport_size({"width": size[0], "height": size[1]})
        kiosk.page.wait_for_timeout(1500)  # the page fits its text, the kiosk draws anew
        kiosk.wait_for("J'ai payé")
        kiosk.shot(f"card-{size[0]}x{size[1]}")
    assert qr_codes_seen(kiosk) == [link]
    kiosk.tap("J'ai payé")
    kiosk.wait_for("Votre numéro d'adhérent")
    kiosk.shot("joined")
    made_for_its_screen(kiosk, (600, 960))
    assert "Terminer" in kiosk.text()
    assert [(m.amount, m.method) for m in entries(data_dir, "membership")[members:]] == [
        (1500, "card")]
    kiosk.tap("Terminer")
    # The volunteers, on the same tablet: a membership taken at the counter, typed on the
    # screen's digits, then voided with a membership's own ready-made reason.
    into_the_area(kiosk)
    kiosk.tap("Corrections")
    kiosk.tap("Adhésion")
    kiosk.wait_for("Une adhésion enregistrée au comptoir")
    kiosk.shot("membership-dialog")
    screen = kiosk.text()
    assert all(part in screen for part in ("Montant", "espèces", "HH:MM", "Enregistrer",
                                           "Annuler")), screen
    kiosk.tap("Montant, ex. 10")
    for digit in "12":
        kiosk.tap(f" {digit} ", f" {digit}")
    kiosk.tap("Enregistrer")
    kiosk.wait_for("enregistrée")
    assert [(m.amount, m.method) for m in entries(data_dir, "membership")[members:]] == [
        (1500, "card"), (1200, "cash")]
    kiosk.tap("adhésion A-2026-0002")  # its line (the status line names it too)
    kiosk.tap("Annuler la ligne")
    kiosk.tap("Déjà adhérent·e")
    kiosk.tap("L'annuler")
    kiosk.wait_for("Annulé :")
    assert entries(data_dir, "void")[-1].reason == "Déjà adhérent·e"
    kiosk.page.context.close()


def content_rows(kiosk: KioskPage) -> float:
    """The share of the page's height between the first and the last row of pixels that are not
    the background (the colour of the page's top left corner): how much of it the step uses."""
    import io

    from PIL import Image

    picture = Image.open(io.BytesIO(kiosk.page.screenshot())).convert("RGB")
    width, height = picture.size
    background = picture.getpixel((2, 2))
    pixels = picture.load()
    drawn = [y for y in range(height)
             if any(sum(abs(a - b) for a, b in zip(pixels[x, y], background, strict=True)) > 60
                    for x in range(0, width, 2))]
    return (drawn[-1] - drawn[0]) / height if drawn else 0.0


def test_a_portrait_tablet_s_steps_use_most_of_its_height(cantine):
    """Finding F6: at 600x960 the welcome and the contribution used 35 and 39 % of the height
    (the page's letters are sized for its width); they grow into the rows to spare."""
    kiosk = finger(cantine, (600, 960), "portrait-height")
    kiosk.wait_for("Commencer")
    kiosk.shot("welcome")
    assert content_rows(kiosk) >= 0.7
    kiosk.tap("Commencer")
    kiosk.wait_for("Manger")
    kiosk.tap("Manger")
    kiosk.wait_for("Autre montant")
    kiosk.shot("contribution")
    assert content_rows(kiosk) >= 0.7
    kiosk.page.context.close()
