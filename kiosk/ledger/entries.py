"""The ledger's entries as small frozen values; they become TinyDB documents only in the ledger.

Every entry has a `kind` and a payload. A visit is what one guest gave; a void cancels a visit; a
cash movement is the float or cash in/out, and a cash cancellation cancels one; a receipt request
says a guest asked for a receipt and which number it got; an abandoned card payment is a card QR
code left without "I have paid" (no visit); a membership is someone joining the association, at
the price they chose, under a number of the year (never a name); a closing ends a service, and
carries its survey counts.

Survey answers are no longer entries (see `kiosk.ledger.answers`): an `answer` entry is one tap
written by an older kiosk, still read, as a count.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

from kiosk.errors import KioskError

ROLES = ("eat", "cook", "both")
METHODS = ("cash", "card", "none")
# "bank": cash taken from the box to the bank (a "remise en banque"), which the books follow from
# the cash account to the bank account.
CASH_KINDS = ("float", "in", "out", "bank")
CASH_LEAVING = ("out", "bank")
MAX_COVERS = 50


class EntryError(KioskError):
    """An entry that makes no sense (an unknown role, a card payment of zero...)."""


@dataclass(frozen=True)
class Visit:
    """One guest's pass: what they do, for how many people, what they gave and how."""

    role: str
    amount: int  # cents, 0 allowed
    method: str
    covers: int = 1
    receipt: bool = False  # always False: a receipt asked for is a ReceiptRequest entry

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise EntryError(f"role must be one of {', '.join(ROLES)}, not {self.role!r}",
                             "role", text=str(self.role))
        if self.method not in METHODS:
            raise EntryError(f"method must be one of {', '.join(METHODS)}, not {self.method!r}",
                             "method_unknown", text=str(self.method))
        if not isinstance(self.covers, int) or not 1 <= self.covers <= MAX_COVERS:
            raise EntryError(f"covers must be a whole number from 1 to {MAX_COVERS}",
                             "covers_range", most=MAX_COVERS)
        if not isinstance(self.amount, int) or self.amount < 0:
            raise EntryError("amount must be whole cents, 0 or more", "amount_cents")
        if self.amount == 0 and self.method != "none":
            raise EntryError("an amount of 0 is paid with method none", "zero_method")
        if self.amount > 0 and self.method == "none":
            raise EntryError("an amount above 0 is paid by cash or card", "method")

    @property
    def eats(self) -> bool:
        """Whether this visit includes a meal (eat or both)."""
        return self.role in ("eat", "both")


@dataclass(frozen=True)
class Membership:
    """Someone joined the association for the year, at the price they chose.

    It stores the amount, how it was paid and the membership number (`A-2026-0042`: the 42nd
    membership of 2026), never a name: the name goes on the association's register beside the
    number, on paper, out of the ledger. It names no visit either.
    """

    amount: int  # cents; 0 only when the cantine's minimum is 0
    method: str  # cash, card, or none for nothing paid
    number: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or self.amount < 0:
            raise EntryError("amount must be whole cents, 0 or more", "amount_cents")
        if self.method not in METHODS:
            raise EntryError(f"method must be one of {', '.join(METHODS)}, not {self.method!r}",
                             "method_unknown", text=str(self.method))
        if self.amount == 0 and self.method != "none":
            raise EntryError("an amount of 0 is paid with method none", "zero_method")
        if self.amount > 0 and self.method == "none":
            raise EntryError("an amount above 0 is paid by cash or card", "method")
        if not isinstance(self.number, str) or not self.number:
            raise EntryError("a membership has a number")


@dataclass(frozen=True)
class Void:
    """Cancels an earlier visit or membership, which stays in the ledger."""

    visit: int  # the seq of the visit (or of the membership)
    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise EntryError("a void needs a reason", "void_reason")


@dataclass(frozen=True)
class CashMovement:
    """Cash that is not a contribution: the opening float, cash taken out or put in, or cash
    taken to the bank."""

    kind: str  # float, in, out, bank
    amount: int  # cents, always positive; `out` and `bank` are subtracted
    reason: str = ""

    def __post_init__(self) -> None:
        if self.kind not in CASH_KINDS:
            raise EntryError(f"a cash movement is one of {', '.join(CASH_KINDS)}", "movement_kind")
        if not isinstance(self.amount, int) or self.amount <= 0:
            raise EntryError("a cash movement is an amount above 0", "movement_zero")
        # A bank deposit says where the cash went by its kind; its reason (a slip's number) may
        # be left empty.
        if self.kind in ("in", "out") and not self.reason.strip():
            raise EntryError("cash taken out or put in needs a reason", "movement_reason")

    @property
    def signed(self) -> int:
        """The movement's effect on the cash box, in cents."""
        return -self.amount if self.kind in CASH_LEAVING else self.amount


@dataclass(frozen=True)
class CashCancellation:
    """Cancels an earlier cash movement typed by mistake; the movement stays in the ledger."""

    movement: int  # the seq of the movement
    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise EntryError("cancelling a cash movement needs a reason")


@dataclass(frozen=True)
class SurveyAnswer:
    """One survey tap, as older kiosks wrote it: an entry of its own, next to its visit.

    Read (as a count) but never written any more: its place in the chain tied it to the visit
    before it.
    """

    question: str
    answer: str


@dataclass(frozen=True)
class ReceiptRequest:
    """A guest asked for a receipt for visit `visit` (its seq); it got number `number`.

    A new entry rather than a change to the visit, which is never edited. Its time is the visit's,
    not the moment of the tap: how long the guest stayed in between (on the survey, say) is not
    kept. The number (e.g. `2026-000123`) counts the cantine's receipts of the year, with no gap.
    """

    visit: int
    number: str

    def __post_init__(self) -> None:
        if not isinstance(self.visit, int) or self.visit < 1:
            raise EntryError("a receipt request names a visit")
        if not isinstance(self.number, str) or not self.number:
            raise EntryError("a receipt request has a number")


PAID_FOR = ("meal", "membership")


@dataclass(frozen=True)
class AbandonedCardPayment:
    """A card payment given up on the QR code screen: the amount it showed, and for how long.

    It is not a visit and counts in no figure: the guest may have paid on their phone, or not.
    The closing lists it beside the card comparison, so a card total that differs can be
    explained.
    """

    amount: int  # cents
    seconds_shown: int = 0
    # What the code was for: a meal, or a membership (whose money goes to another account);
    # entries written before memberships existed have none, and were meals.
    paid_for: str = "meal"

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or self.amount <= 0:
            raise EntryError("an abandoned card payment is an amount above 0")
        if not isinstance(self.seconds_shown, int) or self.seconds_shown < 0:
            raise EntryError("seconds shown must be whole seconds, 0 or more")
        if self.paid_for not in PAID_FOR:
            raise EntryError(f"an abandoned card payment is for {' or '.join(PAID_FOR)}, "
                             f"not {self.paid_for!r}")


@dataclass(frozen=True)
class CashCount:
    """The cash box and card total as counted, against what the service expects (cents)."""

    counted_cash: int
    expected_cash: int
    card_declared: int
    card_recorded: int

    @property
    def cash_difference(self) -> int:
        """Counted minus expected: positive means more cash than expected."""
        return self.counted_cash - self.expected_cash

    @property
    def card_difference(self) -> int:
        """Declared by the payment provider minus recorded by the kiosk."""
        return self.card_declared - self.card_recorded

    @property
    def differs(self) -> bool:
        """Whether a closing needs an explanation and a second confirmation."""
        return bool(self.cash_difference or self.card_difference)


@dataclass(frozen=True)
class Closing(CashCount):
    """The end of a service (Z): what was counted against what was expected, and the totals."""

    z: int = 0
    counted_by_denomination: dict[str, int] = field(default_factory=dict)
    explanation: str = ""
    totals: dict[str, Any] = field(default_factory=dict)
    grand_total: int = 0
    # The survey counts this closing seals ({question: {answer: taps}}); None when it seals none:
    # fewer than k guests answered, so they are carried on to a later closing (or an older kiosk
    # wrote it, whose answers are entries of their own).
    answers: dict[str, dict[str, int]] | None = None
    # The service's abandoned card payments, [{"at": "19:42", "amount": 1300, "seconds": 200}]:
    # what may explain a card difference. Closings written before they existed have none.
    abandoned_card: list[dict[str, Any]] = field(default_factory=list)


KINDS: dict[str, type] = {
    "visit": Visit,
    "void": Void,
    "cash": CashMovement,
    "cash_cancel": CashCancellation,
    "answer": SurveyAnswer,
    "receipt": ReceiptRequest,
    "card_abandoned": AbandonedCardPayment,
    "membership": Membership,
    "closing": Closing,
}


def kind_of(value: Any) -> str:
    """The ledger kind of a domain value."""
    for kind, cls in KINDS.items():
        if isinstance(value, cls):
            return kind
    raise TypeError(f"{type(value).__name__} is not a ledger entry")


def payload_of(value: Any) -> dict[str, Any]:
    """A domain value as the plain dict stored in the ledger."""
    return asdict(value)


def value_from(kind: str, payload: dict[str, Any]) -> Any:
    """The domain value stored as `payload` under `kind`."""
    return KINDS[kind](**payload)


@dataclass(frozen=True)
class Entry:
    """One line of the ledger as written: its place in the chain and its domain value."""

    seq: int
    ts: str  # ISO 8601 with offset
    kind: str
    service: int  # 1 for the day's first service, 2 after its first closing...
    day: str  # the service day, YYYY-MM-DD in the cantine's time zone
    value: Any
    prev: str
    hash: str
    clock_behind: bool = False

    @property
    def id(self) -> int:
        """The entry's id, as printed by `kiosk record` and taken by `kiosk void`."""
        return self.seq
