"""`[accounts]`: the accounts the books' entries go to, from the associations' chart of accounts.

Every kind of income maps to its account through one table (`INCOME_ACCOUNTS`): the accounting
writers look a ledger kind up there, so a new kind of income is one line here and one line per
writer.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class AccountsSettings:
    """Account numbers (texts of digits) and the journals' codes of the accounting exports."""

    cash: str = "530"  # Caisse
    bank: str = "512"  # Banque
    card: str = "5115"  # Cartes bancaires à encaisser
    meals: str = "706"  # Prestations de services: the meal contributions
    memberships: str = "756"  # Cotisations
    gifts: str = "7541"  # Dons manuels
    cash_shortage: str = "658"  # Charges diverses de gestion courante: cash missing at a count
    cash_surplus: str = "758"  # Produits divers de gestion courante: cash found over a count
    # Compte d'attente: the other side of cash put in or taken out, which the kiosk knows only
    # by its reason; the treasurer moves it to its real account.
    suspense: str = "4718"  # Compte d'attente in Paheko's association charts (no 471 there)
    cash_journal: str = "CA"  # the FEC's JournalCode of cash entries
    bank_journal: str = "BQ"  # ... of card and bank entries

    def for_income(self, kind: str) -> str:
        """The account of a kind of income (`INCOME_ACCOUNTS`)."""
        return getattr(self, INCOME_ACCOUNTS[kind])

    def for_method(self, method: str) -> str:
        """The account money paid by `method` (cash, card) lands on first."""
        return self.cash if method == "cash" else self.card


# The income of each kind the ledger records -> the [accounts] key of its account.
INCOME_ACCOUNTS = {
    "visit": "meals",  # the meal contributions
    "membership": "memberships",  # new members' prix-libre membership fees
}

# The first digit (the class of the French chart of accounts) each key's account must start with.
ACCOUNT_CLASSES = {
    "cash": "5", "bank": "5", "card": "5", "meals": "7", "memberships": "7", "gifts": "7",
    "cash_shortage": "6", "cash_surplus": "7", "suspense": "4",
}
JOURNAL_KEYS = ("cash_journal", "bank_journal")
# Inside their class, the family the associations' chart gives the roles that are easily
# swapped or misplaced: the cash box (53) and the bank (512, or 514 for a postal account), the
# meals (sales of services, 70) and the membership fees (756 Cotisations), card takings and
# gifts. Out of its family, a role's money lands in another's book: the box moved on the bank,
# memberships counted as sales.
ACCOUNT_FAMILIES = {"cash": (("53",), "a cash account", "53, like 530"),
                    "bank": (("512", "514"), "a bank account",
                             "512, like 5121, or 514 for a postal account"),
                    "meals": (("70",), "a sales account", "70, like 706 Prestations de services"),
                    "memberships": (("756",), "a membership fees account", "756 Cotisations"),
                    # Card takings wait in 5115 until the bank has them (or go straight to the
                    # bank): never in the box. Gifts are the public's generosity (75), no sale.
                    "card": (("511", "512", "514"), "an account of card payments to cash in",
                             "5115 Cartes bancaires à encaisser, or the bank's 512"),
                    "gifts": (("75",), "a gifts account", "75, like 7541 Dons manuels")}
# The pairs a swap mixes up, each said as such.
SWAPPABLE = (("cash", "bank"), ("meals", "memberships"))
_ACCOUNT = re.compile(r"[1-8][0-9]{2,9}")
_JOURNAL = re.compile(r"[A-Z0-9]{1,6}")
CLASS_NAMES = {"4": "a third-party account (class 4, like 4718)",
               "5": "a financial account (class 5, like 530)",
               "6": "an expense account (class 6, like 658)",
               "7": "an income account (class 7, like 706)"}


def account_problem(key: str, number: str) -> str:
    """Why `number` cannot be the account of `[accounts] key` ("" when it can)."""
    if key in JOURNAL_KEYS:
        if not _JOURNAL.fullmatch(number):
            return f"{number!r} is not a journal code: 1 to 6 capital letters or digits, like CA"
        return ""
    if not _ACCOUNT.fullmatch(number):
        return (f"{number!r} is not an account number: 3 to 10 digits, like "
                f"{getattr(AccountsSettings(), key)}")
    wanted = ACCOUNT_CLASSES[key]
    if not number.startswith(wanted):
        return f"{number} must be {CLASS_NAMES[wanted]}"
    return ""


def shared_accounts(accounts: AccountsSettings) -> tuple[str, str] | None:
    """Two `[accounts]` keys given the same account (`cash` = `bank`, `memberships` = `meals`),
    which would merge two books into one (every bank deposit from an account to itself, the
    memberships lost among the meals); None when every role has its own account."""
    seen: dict[str, str] = {}
    for key in ACCOUNT_CLASSES:
        number = getattr(accounts, key)
        if number in seen:
            return seen[number], key
        seen[number] = key
    return None


def in_family(key: str, number: str) -> bool:
    """Whether `number` is of the family `ACCOUNT_FAMILIES` gives `key`."""
    return number.startswith(ACCOUNT_FAMILIES[key][0])


def family_problem(accounts: AccountsSettings) -> tuple[str, str] | None:
    """(key, why) when cash, bank, meals or memberships is not of its family
    (`ACCOUNT_FAMILIES`), two roles swapped said as such; None when each is."""
    wrong = [key for key in ACCOUNT_FAMILIES if not in_family(key, getattr(accounts, key))]
    for first, second in SWAPPABLE:
        one, other = getattr(accounts, first), getattr(accounts, second)
        if {first, second} <= set(wrong) and in_family(second, one) and in_family(first, other):
            return first, (f"{one} is {ACCOUNT_FAMILIES[second][1]} and {second} {other} is "
                           f"{ACCOUNT_FAMILIES[first][1]}: {first} and {second} look swapped "
                           f"({first}: {ACCOUNT_FAMILIES[first][2]}; {second}: "
                           f"{ACCOUNT_FAMILIES[second][2]})")
    if not wrong:
        return None
    key = wrong[0]
    _, name, where = ACCOUNT_FAMILIES[key]
    return key, f"{getattr(accounts, key)} must be {name} ({where})"


def shared_journals(accounts: AccountsSettings) -> bool:
    """Whether cash and bank entries were given one journal code: the FEC would call that
    journal both Caisse and Banque, and the bank's entries would be numbered among the box's."""
    return accounts.cash_journal == accounts.bank_journal


def accounts_problem(accounts: AccountsSettings, culprit: Callable[..., str]
                     ) -> tuple[str, str] | None:
    """(key, why) of the first thing wrong with `[accounts]`, None when nothing is: a number or
    code badly written or of the wrong class, one account for two roles, cash or bank outside
    its family, one journal for both. `culprit(*keys)`: which of keys in conflict the file
    set (the one to name)."""
    for key in (f.name for f in fields(accounts)):
        if problem := account_problem(key, getattr(accounts, key)):
            return key, problem
    if shared := shared_accounts(accounts):
        first, second = shared
        key = culprit(second, first)  # the one written, the later first
        return key, (f"{getattr(accounts, key)} is already the account of "
                     f"{first if key == second else second}: each role needs its own account, "
                     "or their books merge")
    if found := family_problem(accounts):
        key, problem = found
        pair = next((pair for pair in SWAPPABLE if key == pair[0]), None)
        return (culprit(*pair) if pair and "swapped" in problem else key), problem
    if shared_journals(accounts):
        key = culprit("bank_journal", "cash_journal")
        return key, (f"{getattr(accounts, key)} is already the journal code of "
                     f"{'cash' if key == 'bank_journal' else 'bank'} entries: cash and bank "
                     "each need their own journal (like CA and BQ)")
    return None
