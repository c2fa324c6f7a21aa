"""The code on the card screen scans to exactly the configured link with the exact amount.

The picture is rebuilt from the characters and colours the widget actually draws, then decoded
with zxing-cpp, as a phone would.
"""

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from guest_support import guest_app, guest_config, pilot_test
from PIL import Image

from kiosk.settings.config import CardSettings
from kiosk.settings.payment import PaymentError, card_request, epc_payload, payment_link
from screens.guest.qr import DARK, QRCode

PIXELS = 6  # per module
ROOT = Path(__file__).resolve().parent.parent


def drawn_image(widget: QRCode) -> Image.Image:
    """What the widget draws, as black and white pixels (two pixels tall per character)."""
    rows = [widget.render_line(y) for y in range(widget.size.height)]
    pixels = []
    for strip in rows:
        upper, lower = [], []
        for segment in strip:
            for _ in segment.text:
                assert segment.text[0] == "▀"
                upper.append(segment.style.color.triplet.hex == DARK)
                lower.append(segment.style.bgcolor.triplet.hex == DARK)
        pixels += [upper, lower]
    image = Image.new("L", (len(pixels[0]), len(pixels)), 255)
    image.putdata([0 if dark else 255 for row in pixels for dark in row])
    if widget.doubled:  # one module is two characters wide and one character (two pixels) tall
        image = image.resize((image.width // 2, image.height // 2), Image.NEAREST)
    return image.resize((image.width * PIXELS, image.height * PIXELS), Image.NEAREST)


async def scanned_on_card_screen(tmp_path, config, size, keys) -> list[str]:
    app = guest_app(tmp_path, config)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", *keys)
        assert type(app.screen).__name__ == "CardScreen"
        widget = app.screen.query_one(QRCode)
        return [result.text for result in zxingcpp.read_barcodes(drawn_image(widget))]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pilot_test
async def test_the_card_code_scans_to_the_link_with_the_amount(tmp_path, size):
    texts = await scanned_on_card_screen(tmp_path, guest_config(), size,
                                         ["1", "6", "2", "4", "comma", "5", "enter", "2"])
    assert texts == ["https://pay.example.org/cantine?amount=24.50"]


@pilot_test
async def test_the_card_code_is_an_epc_transfer_when_only_an_iban_is_set(tmp_path):
    card = CardSettings(epc_iban="FR76 3000 6000 0112 3456 7890 189", epc_bic="AGRIFRPP",
                        epc_name="Association Petite Cantine")
    config = replace(guest_config(), card=card)
    texts = await scanned_on_card_screen(tmp_path, config, (80, 24), ["1", "4", "2"])
    assert texts == [("BCD\n002\n1\nSCT\nAGRIFRPP\nAssociation Petite Cantine\n"
                      "FR7630006000011234567890189\nEUR13.00\n\n\nPetite Cantine")]


def test_the_code_is_bigger_when_the_screen_has_room():
    small, large = QRCode([[True] * 29] * 29, room=(44, 23)), QRCode([[True] * 29] * 29,
                                                                        room=(84, 39))
    assert (small.doubled, large.doubled) == (False, True)


def test_the_amount_in_a_link_is_plain_and_url_safe():
    assert payment_link("https://p.example/?a={amount}&c=1", 105) == "https://p.example/?a=1.05&c=1"
    assert payment_link("https://p.example/{amount}/pay", 130000) == "https://p.example/1300.00/pay"


def test_card_payment_refuses_nothing_to_pay_and_no_configuration():
    with pytest.raises(PaymentError):
        card_request(CardSettings(link="https://p.example/{amount}"), 0)
    with pytest.raises(PaymentError):
        card_request(CardSettings(), 1300)


def test_an_epc_payload_too_long_for_one_code_is_refused():
    card = CardSettings(epc_iban="FR7630006000011234567890189", epc_name="x" * 70,
                        epc_remittance="y" * 140, epc_bic="B" * 200)
    with pytest.raises(PaymentError):
        epc_payload(card, 1300)


def test_the_card_code_leaves_pillow_out_of_memory_and_usable(tmp_path):
    """qrcode's package would load Pillow (4 MB) for drawers the kiosk never uses."""
    script = (
        "import sys\n"
        "from kiosk.settings.payment import qr_matrix\n"
        "rows = qr_matrix('https://pay.example.org/cantine?amount=13.00')\n"
        "print(len(rows), 'PIL' in sys.modules)\n"
        # Pillow must still load afterwards, for python-escpos and for qrcode's own images.
        "import qrcode\n"
        "print(type(qrcode.make('merci').get_image()).__module__)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})
    size_and_pillow, image_module = done.stdout.splitlines()
    assert size_and_pillow == "29 False"
    assert image_module.startswith("PIL.")


def seen_on_screen(app) -> list[str]:
    """What a phone reads from the screen as drawn: the code's cells where they are on screen,
    whatever of it is cut off missing (the compositor's own output, not the widget's)."""
    code = app.screen.query_one(QRCode)
    region = app.screen.find_widget(code).region
    strips = app.screen._compositor.render_strips()
    rows = [strips[y].crop(region.x, region.right) for y in range(region.y, region.bottom)
            if y < len(strips)]
    upper_lower = []
    for strip in rows:
        upper, lower = [], []
        for segment in strip:
            for char in segment.text:
                drawn = char == "▀" and segment.style.color and segment.style.bgcolor
                upper.append(bool(drawn) and segment.style.color.triplet.hex == DARK)
                lower.append(bool(drawn) and segment.style.bgcolor.triplet.hex == DARK)
        upper_lower += [upper, lower]
    width = max(len(row) for row in upper_lower)
    image = Image.new("L", (width + 8, len(upper_lower) + 8), 255)  # a margin all round
    for y, row in enumerate(upper_lower):
        for x, dark in enumerate(row):
            image.putpixel((x + 4, y + 4), 0 if dark else 255)
    if code.doubled:
        image = image.resize((image.width // 2, image.height // 2), Image.NEAREST)
    image = image.resize((image.width * PIXELS, image.height * PIXELS), Image.NEAREST)
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pilot_test
async def test_a_tablet_turned_while_the_code_is_shown_gets_it_whole_at_its_new_size(tmp_path):
    link = "https://pay.example.org/cantine?amount=10.00"  # the third preset
    app = guest_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:  # landscape: the code twice as big
        for key in ("enter", "1", "3", "2"):
            await pilot.press(key)
            await pilot.pause(0.3)
        assert type(app.screen).__name__ == "CardScreen"
        code = app.screen.query_one(QRCode)
        assert code.doubled and seen_on_screen(app) == [link]
        for size in ((60, 50), (120, 40), (80, 24)):  # portrait, landscape again, the Pi's
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert type(app.screen).__name__ == "CardScreen", size
            assert seen_on_screen(app) == [link], size
        assert not code.doubled  # 80x24 has room for half blocks only
