"""What a receipt and a Z report say, as plain values. The layout into printer commands lives
beside it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Receipt:
    """One guest's receipt: everything printed on it, already decided and worded by the kiosk.

    Money is integer cents; `amount_text` is the same amount as it should read (formatted for the
    cantine's locale, or kind words for nothing given): the printer does not format money.
    `method_text` says how it was paid ("Payé par carte"), empty when nothing was paid. The
    association's identity (`legal_name`, `legal_ids` such as "RNA W751234567 · SIREN 123 456
    789"), its `footer` and the `notice` ("not a tax receipt") are printed when not empty.
    A `duplicate` is a reprint, and says so.
    """

    cantine_name: str
    cantine_address: str
    issued_at: str  # date and time as they should be printed, already formatted
    number: str  # the receipt number
    role: str  # "cook", "eat" or "both"
    role_text: str  # the role in the receipt's language
    covers: int
    amount: int  # cents
    amount_text: str
    method: str  # "cash", "card" or "none"
    method_text: str
    thanks: str
    language: str = "fr"
    legal_name: str = ""
    legal_ids: str = ""
    footer: str = ""
    notice: str = ""
    duplicate: bool = False


@dataclass(frozen=True)
class ZReport:
    """A closing's Z report as the closing feature words it: plain text only.

    `header` lines are centred under the title (the association's identity); `rows` are
    (label, value) pairs printed as a two-column table, where a row with an empty value is a
    section heading and a row with both empty is a blank line; `lines` are free text printed after
    the rows as they are (wrapped at the paper's width).
    """

    title: str
    rows: tuple[tuple[str, str], ...] = ()
    lines: tuple[str, ...] = ()
    header: tuple[str, ...] = ()


@dataclass(frozen=True)
class MembershipSlip:
    """A membership slip: the association's number for the new member, and a line where they
    write their name for the register (the kiosk never knows it). Every text comes already
    worded in the member's language; `amount_text` is formatted for the cantine's locale."""

    cantine_name: str
    issued_at: str
    number: str
    amount: int  # cents
    amount_text: str
    method_text: str
    title: str  # "Bulletin d'adhésion"
    number_label: str
    date_label: str
    amount_label: str
    name_label: str  # "Nom :", followed by a line to write on
    note: str  # where the slip goes
    thanks: str
    legal_name: str = ""
    legal_ids: str = ""
    cantine_address: str = ""
