"""Card payment through the guest's phone: what the QR code says, and its matrix of modules.

The primary path is the cantine's payment link with the amount filled in (French banking apps
read EPC codes poorly); an EPC (SEPA credit transfer) code is used when only an IBAN is set.
"""

import sys
from dataclasses import dataclass
from types import ModuleType
from urllib.parse import quote

from kiosk.settings.config import CardSettings
from kiosk.settings.money import plain

EPC_MAX_BYTES = 331  # EPC069-12: the whole payload


class PaymentError(ValueError):
    """Card payment is not configured, or the amount cannot be paid by card."""


@dataclass(frozen=True)
class CardRequest:
    """What the card screen shows: the QR payload and whether it is an EPC transfer code."""

    payload: str
    epc: bool


def payment_link(template: str, amount: int) -> str:
    """The link with `{amount}` replaced by the amount as '13.00', URL-safe."""
    return template.replace("{amount}", quote(plain(amount), safe=""))


def epc_payload(card: CardSettings, amount: int) -> str:
    """An EPC069-12 (SEPA credit transfer) QR payload for `amount` cents.

    Lines: BCD, version 002, charset 1 (UTF-8), SCT, BIC, beneficiary, IBAN, EUR amount, purpose,
    structured reference, unstructured remittance. Trailing empty lines are left out.
    """
    if not 1 <= amount <= 99_999_999_999:
        raise PaymentError("an EPC transfer is for 0.01 to 999999999.99 EUR")
    lines = ["BCD", "002", "1", "SCT", card.epc_bic.replace(" ", ""), card.epc_name[:70],
             card.epc_iban.replace(" ", "").upper(), f"EUR{plain(amount)}", "", "",
             card.epc_remittance[:140]]
    payload = "\n".join(lines).rstrip("\n")
    if len(payload.encode()) > EPC_MAX_BYTES:
        raise PaymentError("the EPC details are too long for one code")
    return payload


def card_request(card: CardSettings, amount: int) -> CardRequest:
    """The QR payload for paying `amount` by card: the link if set, else an EPC code."""
    if amount <= 0:
        raise PaymentError("nothing to pay by card")
    if card.link:
        return CardRequest(payment_link(card.link, amount), epc=False)
    if card.epc_iban:
        return CardRequest(epc_payload(card, amount), epc=True)
    raise PaymentError("card payment is not configured")


def load_qrcode() -> ModuleType:
    """The qrcode package, without the Pillow drawers it imports "for backwards compatibility".

    The kiosk only asks qrcode for the matrix and draws it itself; Pillow would take 4 MB of
    the Pi's memory for nothing. qrcode expects Pillow may be missing, so `import PIL` is made
    to fail while qrcode is imported, never after. When Pillow is loaded already (the receipt
    printer's python-escpos needs it), there is nothing to save and qrcode is imported as is.
    """
    if "qrcode" in sys.modules or "PIL" in sys.modules:
        import qrcode

        return qrcode
    sys.modules["PIL"] = None  # type: ignore[assignment]
    try:
        import qrcode
    finally:
        del sys.modules["PIL"]
    return qrcode


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR code of `payload` as rows of modules (True is dark), without its quiet zone."""
    qrcode = load_qrcode()
    # A code on a screen is never torn or smudged: the lowest correction keeps modules biggest.
    code = qrcode.QRCode(error_correction=qrcode.ERROR_CORRECT_L, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]
