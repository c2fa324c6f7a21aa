"""The rules of one guest's way through the kiosk, kept out of the screens so they are tested.

A `VisitDraft` is what the guest has chosen so far; it lives only in the screens that carry it,
so an idle reset forgets it. Nothing reaches the ledger until `draft.visit()` is committed.

Joining the association is a pass of its own, offered on the thanks screen once the meal's visit
is on disk (so the common path is no longer): a draft that is `joining` skips the role, the
contribution and the survey, and has its own amount step ("membership"); it shares payment and
card with the meal. It is committed as a `Membership`, which names no visit.

`STEPS` is the order of a visit's steps, each with the rule that shows it. A screen never names
the step after it: it asks `next_step` (or `previous_step` for "back"), and the app draws it.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kiosk.settings.config import ContributionSettings
from kiosk.settings.membership import check_membership_amount
from kiosk.settings.money import MoneyError, parse_amount

if TYPE_CHECKING:  # the ledger's entries are loaded at the first visit, not with the app
    from kiosk.ledger.entries import Visit

MAX_TYPED_DIGITS = 6  # before the comma: 999999 is far above any ceiling anyway


@dataclass(frozen=True)
class VisitDraft:
    """A visit being chosen: role, covers, then amount; committed with how it is paid."""

    role: str = "eat"
    covers: int = 1
    amount: int = 0  # cents
    method: str = "none"  # cash or card, chosen on the payment step
    joining: bool = False  # joining the association, not a meal

    @property
    def gives(self) -> bool:
        """Whether the guest chooses a contribution: a cook who does not eat skips it, and so
        does someone joining (they choose a membership amount instead)."""
        return self.role != "cook" and not self.joining

    @property
    def pays(self) -> bool:
        """Whether there is anything to pay: zero skips the payment step."""
        return self.amount > 0

    def with_covers(self, covers: int) -> "VisitDraft":
        """The draft for `covers` people, kept within 1..MAX_COVERS."""
        from kiosk.ledger.entries import MAX_COVERS

        return replace(self, covers=min(MAX_COVERS, max(1, covers)))

    def with_role(self, role: str) -> "VisitDraft":
        """The draft with its role chosen (a cook's contribution is 0)."""
        return replace(self, role=role, amount=0 if role == "cook" else self.amount)

    def with_amount(self, amount: int) -> "VisitDraft":
        """The draft with its contribution chosen, in cents."""
        return replace(self, amount=amount)

    def with_method(self, method: str) -> "VisitDraft":
        """The draft paid by `method` (cash or card)."""
        return replace(self, method=method)

    def visit(self, method: str | None = None) -> "Visit":
        """The Visit to commit, paid by `method` or the draft's ("none" for zero whatever)."""
        method = method or self.method
        from kiosk.ledger.entries import Visit

        return Visit(self.role, self.amount, method if self.amount else "none", self.covers)


@dataclass(frozen=True)
class Flow:
    """What the steps' rules read from the settings: card offered, survey questions asked."""

    card: bool = False
    survey: bool = True


Rule = Callable[[VisitDraft, Flow], bool]
COMMIT = "commit"  # not a screen: the visit is written to the ledger here
# The steps of a visit in order, each shown when its rule holds for the draft.
STEPS: tuple[tuple[str, Rule], ...] = (
    ("welcome", lambda draft, flow: True),
    # cook, eat or both, and for how many people
    ("role", lambda draft, flow: not draft.joining),
    ("contribution", lambda draft, flow: draft.gives),  # a cook who does not eat gives nothing
    ("membership", lambda draft, flow: draft.joining),  # the membership's own prix libre
    ("payment", lambda draft, flow: draft.pays),  # zero skips the payment
    ("card", lambda draft, flow: flow.card and draft.method == "card"),
    (COMMIT, lambda draft, flow: True),
    # The visit is on disk: never back from here. A membership asks no survey.
    ("survey", lambda draft, flow: flow.survey and not draft.joining),
    ("thanks", lambda draft, flow: not draft.joining),
    ("joined", lambda draft, flow: draft.joining),  # the membership's number, and a slip
)
STEP_NAMES = tuple(name for name, _ in STEPS)


def next_step(step: str, draft: VisitDraft, flow: Flow) -> str:
    """The step after `step` for this draft: the next one whose rule holds."""
    for name, shown in STEPS[STEP_NAMES.index(step) + 1:]:
        if shown(draft, flow):
            return name
    raise ValueError(f"nothing follows {step}")


def previous_step(step: str, draft: VisitDraft, flow: Flow) -> str:
    """Where "back" leads from `step`: the step before it whose rule holds (welcome at the
    start). Once the visit is committed there is no way back: `step` must come before COMMIT."""
    position = STEP_NAMES.index(step)
    if position > STEP_NAMES.index(COMMIT):
        raise ValueError(f"{step} comes after the commit: there is no going back")
    for name, shown in reversed(STEPS[:position]):
        if shown(draft, flow):
            return name
    raise ValueError(f"nothing comes before {step}")


def steps_for(flow: Flow, joining_offered: bool) -> tuple[str, ...]:
    """The steps a guest can be shown at this cantine, in order (no card step where cards are not
    taken, no membership steps where joining is not offered): those some draft leads to."""
    drafts = [VisitDraft(role, 1, amount, method, joins)
              for role in ("eat", "cook") for amount in (0, 100) for method in ("cash", "card")
              for joins in ((False, True) if joining_offered else (False,))]
    return tuple(name for name, shown in STEPS if name not in ("welcome", COMMIT)
                 and any(shown(draft, flow) for draft in drafts))


def joining() -> VisitDraft:
    """The draft of someone who chose to join the association (from the thanks screen)."""
    return VisitDraft(joining=True)


def membership_offered(entry, settings) -> bool:
    """Whether the thanks screen after `entry` offers to join: memberships are on (`settings`:
    MembershipSettings), and the entry is a meal's visit."""
    return settings.enabled and getattr(entry, "kind", "") == "visit"


# How long, at least, the thanks screen stays when it offers to join: the offer is read, weighed,
# perhaps asked about; `thanks_seconds` (a few seconds) is for a guest with nothing left to decide.
# Each tap on the screen starts the wait again; "Terminer" ends it at once for the next guest.
OFFER_SECONDS = 15.0


def thanks_wait(entry, config) -> float:
    """Seconds the thanks screen after `entry` waits before welcome comes back by itself
    (`config`: the kiosk's Config): `[kiosk] thanks_seconds`, at least OFFER_SECONDS when it
    offers to join."""
    seconds = config.kiosk.thanks_seconds
    if membership_offered(entry, config.membership):
        return max(seconds, OFFER_SECONDS)
    return seconds


def typed_membership(typed: str, settings, ceiling: int) -> int:
    """The cents of a membership typed on the keypad (`settings`: MembershipSettings); MoneyError
    whose `.problem.code` is below_minimum when under the cantine's minimum."""
    amount = parse_amount(typed.rstrip(","), ceiling=ceiling)
    return check_membership_amount(amount, settings)


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


def receipt_for(entry, config, words, number: str = ""):
    """The Receipt of a committed visit, in the guest's language (`words`, a
    kiosk.settings.i18n.Words), with its receipt number (`kiosk.books.receipts`), the
    association's identity and the words a French association's receipt owes its reader: how it
    was paid, and that it is not a tax receipt. Nothing given reads as kind words, not as
    "0,00 €"."""
    from datetime import datetime

    from printer.receipt import Receipt

    visit = entry.value
    cantine = config.cantine
    return Receipt(
        cantine_name=cantine.name,
        cantine_address=cantine.address,
        issued_at=words.moment(datetime.fromisoformat(entry.ts)),
        number=number,
        role=visit.role,
        role_text=words(f"receipt.role_{visit.role}"),
        covers=visit.covers,
        amount=visit.amount,
        amount_text=words.money(visit.amount) if visit.amount else words("receipt.amount_zero"),
        method=visit.method,
        method_text=words(f"receipt.paid_{visit.method}") if visit.amount else "",
        thanks=words("receipt.thanks"),
        language=words.language,
        legal_name=cantine.legal_name,
        legal_ids=cantine.legal_ids,
        footer=cantine.footer_in(words.language),
        notice=words("receipt.not_a_tax_receipt"),
    )


__all__ = ["MoneyError", "VisitDraft", "check_membership_amount", "needs_confirmation",
           "presets_for", "receipt_for",
           "suggested_for", "type_on_keypad", "typed_amount"]
