"""`[membership]`: joining the association at the door, at the price one chooses.

Off unless the cantine turns it on: an association decides for itself whether it takes
memberships at the door, and keeps the register of members that goes with them.
"""

from dataclasses import dataclass, field

from kiosk.settings.money import MoneyError, MoneyProblem, plain

MONEY_KEYS = frozenset({"minimum", "suggested"})


@dataclass(frozen=True)
class MembershipSettings:
    """Whether guests may join at the kiosk, and the prix libre of a membership (cents)."""

    enabled: bool = False
    minimum: int = 100  # a symbolic amount: joining is a choice, not a price
    suggested: int = 1000
    presets: tuple[int, ...] = (100, 500, 1000, 2000)
    explanation: dict[str, str] = field(default_factory=lambda: {
        "fr": "Adhérer, c'est soutenir la cantine et avoir voix en assemblée générale. "
              "Chacun choisit son montant, pour l'année.",
        "en": "Joining supports the cantine and gives you a voice at the general meeting. "
              "Everyone chooses their amount, for the year.",
    })


def membership_problem(settings: MembershipSettings, ceiling: int,
                       presets_written: bool = True) -> tuple[str, str]:
    """(key, why) when the amounts cannot work together under the contribution's `ceiling`;
    ("", "") when they can. Default presets below a raised minimum are simply not shown
    (`presets_shown`); presets the file writes must all be usable."""
    if settings.minimum > ceiling:
        return "minimum", f"is above the contribution's ceiling ({plain(ceiling)})"
    if settings.suggested < settings.minimum:
        return "suggested", f"is below the minimum ({plain(settings.minimum)})"
    if settings.suggested > ceiling:
        return "suggested", f"is above the contribution's ceiling ({plain(ceiling)})"
    for preset in settings.presets:
        if preset > ceiling or preset < settings.minimum and presets_written:
            lowest, highest = plain(settings.minimum), plain(ceiling)
            return "presets", (f"{plain(preset)} is not from the minimum ({lowest}) to the "
                               f"ceiling ({highest})")
    if len(set(settings.presets)) != len(settings.presets):
        return "presets", "names an amount twice"
    return "", ""


def check_membership_amount(amount: int, settings: MembershipSettings) -> int:
    """`amount` when it is at least the cantine's minimum membership; MoneyError (its
    `.problem.code` is below_minimum) otherwise."""
    if amount < settings.minimum:
        raise MoneyError(MoneyProblem("below_minimum", f"a membership starts at "
                                                       f"{plain(settings.minimum)}"),
                         minimum_amount=settings.minimum)
    return amount


def presets_shown(settings: MembershipSettings) -> tuple[int, ...]:
    """The preset amounts a guest is offered: those not below the minimum."""
    return tuple(p for p in settings.presets if p >= settings.minimum)
