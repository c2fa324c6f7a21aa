"""What a receipt and a Z report say, as plain values. The layout into printer commands lives
beside it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Receipt:
    """One guest's receipt: everything printed on it, already decided by the kiosk.

    Money is integer cents; `amount_text` is the same amount formatted for the cantine's locale
    (the printer does not format money). `payment_link` is set for a card payment, so the receipt
    can carry the same QR code the guest scanned.
    """

    cantine_name: str
    cantine_address: str
    issued_at: str  # date and time as they should be printed, already formatted
    number: str  # the receipt number (the visit's id)
    role: str  # "cook", "eat" or "both"
    role_text: str  # the role in the receipt's language
    covers: int
    amount: int  # cents
    amount_text: str
    method: str  # "cash", "card" or "none"
    method_text: str
    thanks: str
    payment_link: str = ""
    language: str = "fr"


@dataclass(frozen=True)
class ZReport:
    """A closing's Z report as the closing feature words it: plain text only.

    `rows` are (label, value) pairs printed as a two-column table; a row with an empty value is a
    section heading, a row with both empty is a blank line. `lines` are free text printed after the
    rows as they are (wrapped at the paper's width).
    """

    title: str
    rows: tuple[tuple[str, str], ...] = ()
    lines: tuple[str, ...] = ()
