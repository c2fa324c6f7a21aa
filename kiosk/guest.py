"""The rules of one guest's way through the kiosk, kept out of the screens so they are tested.

A `VisitDraft` is what the guest has chosen so far; it lives only in the screens that carry it,
so an idle reset forgets it. Nothing reaches the ledger until `draft.visit(method)` is committed.
"""

from dataclasses import dataclass, replace

from kiosk.settings.config import ContributionSettings
from kiosk.ledger.entries import MAX_COVERS, Visit
from kiosk.settings.money import MoneyError, parse_amount

MAX_TYPED_DIGITS = 6  # before the comma: 999999 is far above any ceiling anyway


@dataclass(frozen=True)
class VisitDraft:
    """A visit being chosen: role, covers, then amount; committed with how it is paid."""

    role: str = "eat"
    covers: int = 1
    amount: int = 0  # cents

    @property
    def gives(self) -> bool:
        """Whether the guest chooses a contribution: a cook who does not eat skips it."""
        return self.role != "cook"

    @property
    def pays(self) -> bool:
        """Whether there is anything to pay: zero skips the payment step."""
        return self.amount > 0

    def with_covers(self, covers: int) -> "VisitDraft":
        """The draft for `covers` people, kept within 1..MAX_COVERS."""
        return replace(self, covers=min(MAX_COVERS, max(1, covers)))

    def with_role(self, role: str) -> "VisitDraft":
        """The draft with its role chosen (a cook's contribution is 0)."""
        return replace(self, role=role, amount=0 if role == "cook" else self.amount)

    def with_amount(self, amount: int) -> "VisitDraft":
        """The draft with its contribution chosen, in cents."""
        return replace(self, amount=amount)

    def visit(self, method: str = "none") -> Visit:
        """The Visit to commit, paid by `method` ("none" for zero whatever is passed)."""
        return Visit(self.role, self.amount, method if self.amount else "none", self.covers)


def suggested_for(settings: ContributionSettings, covers: int) -> int:
    """The recommended contribution for `covers` people, in cents."""
    return settings.suggested * covers


def presets_for(settings: ContributionSettings, covers: int) -> tuple[int, ...]:
    """The preset amounts for `covers` people: the configured ones times covers, under the ceiling.

    Zero stays among them, in its configured place, whatever the number of people.
    """
    return tuple(p * covers for p in settings.presets if p * covers <= settings.ceiling)


def needs_confirmation(amount: int, covers: int, settings: ContributionSettings) -> bool:
    """Whether the guest confirms `amount`: above the threshold per person (a slip of a finger)."""
    return amount > settings.confirm_above * covers


def type_on_keypad(typed: str, key: str) -> str:
    """The keypad's text after one key: a digit, "," or "⌫" (erase). Keeps it a plausible amount."""
    if key == "⌫":
        return typed[:-1]
    if key == ",":
        return typed if "," in typed else (typed or "0") + ","
    if not key.isdigit() or len(key) != 1:
        return typed
    whole, _, decimals = typed.partition(",")
    if "," in typed:
        return typed if len(decimals) >= 2 else typed + key
    if whole == "0":
        return key
    return typed if len(whole) >= MAX_TYPED_DIGITS else typed + key


def typed_amount(typed: str, settings: ContributionSettings) -> int:
    """The cents the keypad's text says, or MoneyError (its `.problem.code` names the sentence)."""
    # "12," is what a guest leaves after tapping the comma and no decimals: it means 12.
    return parse_amount(typed.rstrip(","), ceiling=settings.ceiling)


def receipt_for(entry, config, words, payment_link: str = ""):
    """The Receipt of a committed visit, in the guest's language (`words`, a kiosk.settings.i18n.Words)."""
    from datetime import datetime

    from printer.receipt import Receipt

    visit = entry.value
    return Receipt(
        cantine_name=config.cantine.name,
        cantine_address=config.cantine.address,
        issued_at=words.moment(datetime.fromisoformat(entry.ts)),
        number=str(entry.id),
        role=visit.role,
        role_text=words(f"receipt.role_{visit.role}"),
        covers=visit.covers,
        amount=visit.amount,
        amount_text=words.money(visit.amount),
        method=visit.method,
        method_text=words(f"receipt.method_{visit.method}"),
        thanks=words("receipt.thanks"),
        payment_link=payment_link,
        language=words.language,
    )


__all__ = ["MoneyError", "VisitDraft", "needs_confirmation", "presets_for", "receipt_for",
           "suggested_for", "type_on_keypad", "typed_amount"]
