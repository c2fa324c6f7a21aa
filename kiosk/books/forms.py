"""What the volunteers type, turned into ledger values or refused with a sentence.

The screens only gather text; every rule (amounts, covers, times, counts) lives here so that it is
the same as `kiosk record` and is tested without a screen.
"""

from datetime import datetime, time

from kiosk.books.closing import counted_total
from kiosk.books.tally import Tally
from kiosk.errors import KioskError
from kiosk.ledger.book import DayView, Ledger
from kiosk.ledger.entries import (
    CASH_LEAVING,
    CashCancellation,
    CashCount,
    CashMovement,
    Entry,
    Visit,
)
from kiosk.settings.membership import check_membership_amount
from kiosk.settings.money import DEFAULT_CEILING, parse_amount


class FormError(KioskError):
    """A form that cannot be recorded as filled in; nothing was written (see kiosk.errors)."""


def visit_from_form(role: str, amount_text: str, method: str, covers_text: str = "1",
                    ceiling: int = DEFAULT_CEILING) -> Visit:
    """A visit entered by hand, with the same fields and rules as `kiosk record`.

    An amount of 0 is always paid with method "none", whatever was picked, so that a volunteer
    recording a zero does not have to find the right method first.
    """
    amount = parse_amount(amount_text, ceiling=ceiling)
    covers_text = covers_text.strip() or "1"
    if not (covers_text.isascii() and covers_text.isdigit()):
        raise FormError(f"covers must be a whole number, not {covers_text!r}", "covers",
                        text=covers_text)
    if amount == 0:
        method = "none"
    elif method == "none":
        raise FormError("an amount above 0 is paid by cash or card", "method")
    return Visit(role=role, amount=amount, method=method, covers=int(covers_text))


def membership_from_form(amount_text: str, method: str, settings,
                         ceiling: int = DEFAULT_CEILING) -> tuple[int, str]:
    """(amount, method) of a membership taken at the counter, with the same rules as
    `kiosk record --membership`: the cantine's minimum (`settings`: MembershipSettings) applies,
    and nothing paid is paid with "none"."""
    amount = check_membership_amount(parse_amount(amount_text, ceiling=ceiling), settings)
    if amount == 0:
        return 0, "none"
    if method == "none":
        raise FormError("an amount above 0 is paid by cash or card", "method")
    return amount, method


def moment_from_form(text: str, now: datetime) -> datetime | None:
    """'HH:MM' on the day of `now` (in its zone), or None when left empty (meaning: now)."""
    text = text.strip()
    if not text:
        return None
    try:
        clock = time.fromisoformat(text if len(text) > 2 else f"{int(text):02d}:00")
    except ValueError:
        raise FormError(f"{text!r} is not a time like 12:30", "time", text=text) from None
    moment = now.replace(hour=clock.hour, minute=clock.minute, second=0, microsecond=0)
    if moment > now:
        raise FormError(f"{text} is later than now", "later", text=text)
    return moment


def movement_from_form(kind: str, amount_text: str, reason: str,
                       ceiling: int = DEFAULT_CEILING) -> CashMovement:
    """The opening float, cash put in or taken out with its reason, or cash taken to the bank."""
    amount = parse_amount(amount_text, ceiling=ceiling)
    if amount == 0:
        raise FormError("a cash movement is an amount above 0", "movement_zero")
    return CashMovement(kind=kind, amount=amount, reason=reason.strip())


def takes_out_more_than_held(movement: CashMovement, figures: Tally) -> bool:
    """Whether `movement` takes out more cash than the box should hold: a slip of a finger
    (500 for 50) or cash that was never recorded; the volunteer confirms it first."""
    return movement.kind in CASH_LEAVING and movement.amount > figures.expected_cash


def cancel_movement(ledger: Ledger, movement: int, reason: str) -> Entry:
    """Cancel cash movement `movement` of the open service with a correcting entry (the
    movement stays in the ledger); refused, nothing written, for a movement of another service,
    one already cancelled, or no reason."""
    if not reason.strip():
        raise FormError("cancelling a cash movement needs a reason", "cancel_reason")

    def check(view: DayView) -> None:
        """Under the ledger's lock: the movement is in the open service, not yet cancelled."""
        if not any(e.seq == movement and e.kind == "cash" and e.service == view.service
                   for e in view.entries):
            raise FormError(f"there is no cash movement {movement} in the open service",
                            "movement_unknown")
        if any(e.kind == "cash_cancel" and e.value.movement == movement for e in view.entries):
            raise FormError(f"cash movement {movement} is already cancelled", "movement_unknown")

    return ledger.append(CashCancellation(movement, reason.strip()), check=check)


def count_from_text(text: str) -> int:
    """How many coins or notes of one kind: empty is 0; anything but a whole number refuses."""
    text = text.strip()
    if not text:
        return 0
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        raise FormError(f"{text!r} is not a number of coins or notes", "count", text=text)
    return int(text)


def check_count(figures: Tally, counts: dict[int, str], card_text: str,
                ceiling: int = 10**9) -> CashCount:
    """The count typed so far against the service's figures; FormError on a bad field."""
    card = parse_amount(card_text, ceiling=ceiling) if card_text.strip() else 0
    return cash_count(figures, counts, card)


def cash_count(figures: Tally, counts: dict[int, str], card: int = 0) -> CashCount:
    """The cash counted so far against the service's figures, whatever the card field holds
    (`card`: the card total declared, when it reads); FormError for an unreadable count."""
    by_denomination = {str(d): count_from_text(t) for d, t in counts.items()}
    return CashCount(counted_total(by_denomination), figures.expected_cash, card,
                     figures.card_recorded)
