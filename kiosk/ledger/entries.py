"""The ledger's entries as small frozen values; they become TinyDB documents only in the ledger.

Every entry has a `kind` and a payload. A visit is what one guest gave; a void cancels a visit; a
cash movement is the float or cash in/out, and a cash cancellation cancels one; an answer is one
survey tap (no link to any visit); an abandoned card payment is a card QR code left without
"I have paid" (no visit); a closing ends a service.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

from kiosk.errors import KioskError

ROLES = ("eat", "cook", "both")
METHODS = ("cash", "card", "none")
CASH_KINDS = ("float", "in", "out")
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
    receipt: bool = False

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise EntryError(f"role must be one of {', '.join(ROLES)}, not {self.role!r}")
        if self.method not in METHODS:
            raise EntryError(f"method must be one of {', '.join(METHODS)}, not {self.method!r}")
        if not isinstance(self.covers, int) or not 1 <= self.covers <= MAX_COVERS:
            raise EntryError(f"covers must be a whole number from 1 to {MAX_COVERS}")
        if not isinstance(self.amount, int) or self.amount < 0:
            raise EntryError("amount must be whole cents, 0 or more")
        if self.amount == 0 and self.method != "none":
            raise EntryError("an amount of 0 is paid with method none")
        if self.amount > 0 and self.method == "none":
            raise EntryError("an amount above 0 is paid by cash or card")

    @property
    def eats(self) -> bool:
        """Whether this visit includes a meal (eat or both)."""
        return self.role in ("eat", "both")


@dataclass(frozen=True)
class Void:
    """Cancels an earlier visit, which stays in the ledger."""

    visit: int  # the seq of the visit
    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise EntryError("a void needs a reason")


@dataclass(frozen=True)
class CashMovement:
    """Cash that is not a contribution: the opening float, or cash taken out or put in."""

    kind: str  # float, in, out
    amount: int  # cents, always positive; `out` is subtracted
    reason: str = ""

    def __post_init__(self) -> None:
        if self.kind not in CASH_KINDS:
            raise EntryError(f"a cash movement is one of {', '.join(CASH_KINDS)}")
        if not isinstance(self.amount, int) or self.amount <= 0:
            raise EntryError("a cash movement is an amount above 0")
        if self.kind != "float" and not self.reason.strip():
            raise EntryError("cash taken out or put in needs a reason")

    @property
    def signed(self) -> int:
        """The movement's effect on the cash box, in cents."""
        return -self.amount if self.kind == "out" else self.amount


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
    """One survey tap. Deliberately carries nothing that links it to a visit."""

    question: str
    answer: str


@dataclass(frozen=True)
class AbandonedCardPayment:
    """A card payment given up on the QR code screen: the amount it showed, and for how long.

    It is not a visit and counts in no figure: the guest may have paid on their phone, or not.
    The closing lists it beside the card comparison, so a card total that differs can be
    explained.
    """

    amount: int  # cents
    seconds_shown: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or self.amount <= 0:
            raise EntryError("an abandoned card payment is an amount above 0")
        if not isinstance(self.seconds_shown, int) or self.seconds_shown < 0:
            raise EntryError("seconds shown must be whole seconds, 0 or more")


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
    # The service's abandoned card payments, [{"at": "19:42", "amount": 1300, "seconds": 200}]:
    # what may explain a card difference. Closings written before they existed have none.
    abandoned_card: list[dict[str, Any]] = field(default_factory=list)


KINDS: dict[str, type] = {
    "visit": Visit,
    "void": Void,
    "cash": CashMovement,
    "cash_cancel": CashCancellation,
    "answer": SurveyAnswer,
    "card_abandoned": AbandonedCardPayment,
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
