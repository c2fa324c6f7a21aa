"""Accounting entries for the association's software: Paheko's simplified import, and the FEC.

One entry per service and method of payment (cash to the cash account, card to the card
payments to collect), one per cash movement (the float excepted: it stays in the box), one per
gap between the cash counted at a closing and the next service's float, and one per cash
difference at a closing; the closing's Z number is the entry's document reference. Each
kind of income goes to its account through `kiosk.settings.accounts.INCOME_ACCOUNTS`.

Cash put in or taken out goes against the suspense account (4718): the kiosk knows why only in
words; cash taken to the bank goes from the cash account to the bank. So does the gap between
services (the counted cash set aside, the float brought back): the treasurer classifies it (a
deposit, a safe), and meanwhile the cash account follows the box, counted cash for counted cash.
"""

import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from kiosk.books.cells import inert
from kiosk.books.export import Document, ExportError, Period
from kiosk.books.journals import ServiceBooks, UnknownBox, services_of
from kiosk.settings.accounts import INCOME_ACCOUNTS, AccountsSettings

PAHEKO_COLUMNS = ("Numéro d'écriture", "Type", "Statut", "Libellé", "Date", "Remarques",
                  "Numéro pièce comptable", "Référence paiement", "Compte de débit",
                  "Compte de crédit", "Montant", "Projet analytique")
FEC_COLUMNS = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum",
               "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib",
               "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate", "Montantdevise",
               "Idevise")
# What each [accounts] key's account is called in the entries (the associations' chart).
ACCOUNT_NAMES = {
    "cash": "Caisse", "bank": "Banque", "card": "Cartes bancaires à encaisser",
    "meals": "Participations aux repas", "memberships": "Cotisations", "gifts": "Dons manuels",
    "cash_shortage": "Écarts de caisse (manquants)",
    "cash_surplus": "Écarts de caisse (excédents)", "suspense": "Compte d'attente",
}
JOURNAL_NAMES = {"cash": "Caisse", "bank": "Banque"}
METHOD_WORDS = {"cash": "espèces", "card": "carte"}
MOVEMENT_WORDS = {"in": "Entrée de caisse", "out": "Sortie de caisse",
                  "bank": "Remise en banque"}


@dataclass(frozen=True)
class Booking:
    """One balanced entry: `amount` cents from `credit` to `debit` (account keys)."""

    day: str
    kind: str  # Paheko's type: Recette, Dépense, Virement, Avancé
    label: str
    remark: str
    piece: str  # Z number, or the day and service of a service not closed yet
    debit: str  # [accounts] keys
    credit: str
    amount: int
    journal: str  # cash or bank
    # The day its service's Z was made (YYYY-MM-DD: the FEC's ValidDate, the closing's own day,
    # the day after the service's for one closed after midnight); "" when the service is not
    # closed yet (only with --include-open).
    validated: str = ""


def open_services(entries: list[Booking]) -> list[str]:
    """The services not closed yet that `entries` book ("2026-03-04 S1"), in order."""
    return list(dict.fromkeys(b.piece for b in entries if not b.validated))


def refuse_open(entries: list[Booking]) -> None:
    """ExportError naming the services not closed yet: their entries would be booked without a
    Z and come back, closed, as other pieces in the next import."""
    if found := open_services(entries):
        raise ExportError(f"{', '.join(found)} not closed yet (no Z): close "
                          f"{'them' if len(found) > 1 else 'it'} first, shorten --to, or add "
                          "--include-open to book it unvalidated")


def bookings(documents: Iterable[Document], period: Period,
             box_before: "tuple[int, int | None] | UnknownBox" = (0, None),
             holes: Mapping[str, str] | None = None) -> list[Booking]:
    """The period's entries, service by service (`box_before`, `holes`: as `services_of` takes
    them). A gap between services that cannot be known is not booked."""
    return [booking for books in services_of(documents, period, box_before, holes)
            for booking in _service_bookings(books)]


def _service_bookings(books: ServiceBooks) -> Iterator[Booking]:
    for booking in _service_entries(books):
        yield replace(booking, validated=books.closing["ts"][:10]) if books.z else booking


def _service_entries(books: ServiceBooks) -> Iterator[Booking]:
    piece = f"Z{books.z}" if books.z else f"{books.day} S{books.service}"
    where = f"service {books.service}"
    if gap := books.gap_before:  # the box refilled or emptied since the closing before
        since = f"depuis Z{books.z_before}" if books.z_before else "premier fond de caisse"
        yield Booking(books.day, "Avancé",
                      f"{'Apport' if gap > 0 else 'Sortie'} entre deux services, {where}",
                      since, piece, *(("cash", "suspense") if gap > 0 else ("suspense", "cash")),
                      abs(gap), "cash")
    income = INCOME_ACCOUNTS["visit"]
    for method in ("cash", "card"):
        if books.amounts[method]:
            yield Booking(books.day, "Recette",
                          f"Participations repas {METHOD_WORDS[method]}, {where}",
                          f"passages : {books.visits[method]}", piece, method, income,
                          books.amounts[method], "cash" if method == "cash" else "bank")
    for method in ("cash", "card"):
        if books.membership_amounts[method]:
            yield Booking(books.day, "Recette",
                          f"Adhésions {METHOD_WORDS[method]}, {where}",
                          f"adhésions : {books.joined[method]}", piece, method,
                          INCOME_ACCOUNTS["membership"], books.membership_amounts[method],
                          "cash" if method == "cash" else "bank")
    for d in books.movements:
        data = d["data"]
        if data["kind"] == "float":
            continue
        debit, credit, kind = {"in": ("cash", "suspense", "Avancé"),
                               "out": ("suspense", "cash", "Avancé"),
                               "bank": ("bank", "cash", "Virement")}[data["kind"]]
        yield Booking(books.day, kind, f"{MOVEMENT_WORDS[data['kind']]}, {where}",
                      data.get("reason", ""), piece, debit, credit, data["amount"], "cash")
    if books.closing is not None:
        closing = books.closing["data"]
        difference = closing["counted_cash"] - closing["expected_cash"]
        if difference > 0:
            yield Booking(books.day, "Recette", f"Excédent de caisse, {where}",
                          closing.get("explanation", ""), piece, "cash", "cash_surplus",
                          difference, "cash")
        elif difference < 0:
            yield Booking(books.day, "Dépense", f"Manquant de caisse, {where}",
                          closing.get("explanation", ""), piece, "cash_shortage", "cash",
                          -difference, "cash")


def _amount(cents: int) -> str:
    """An amount with a decimal comma and no thousands separator: 1234,50."""
    return f"{cents // 100},{cents % 100:02d}"


def _french_day(day: str) -> str:
    return f"{day[8:10]}/{day[5:7]}/{day[:4]}"


def _clean(text: str) -> str:
    """A text on one line, without the separators of either format."""
    return " ".join(str(text).replace("\t", " ").split())


def paheko_bytes(entries: list[Booking], accounts: AccountsSettings) -> bytes:
    """Paheko's simplified import (CSV, semicolons, UTF-8): one line per entry."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(PAHEKO_COLUMNS)
    for b in entries:
        # The entry's number stays empty: Paheko gives it one (a number would update that entry).
        writer.writerow(("", b.kind, "", inert(_clean(b.label)), _french_day(b.day),
                         inert(_clean(b.remark)),
                         b.piece, "", getattr(accounts, b.debit), getattr(accounts, b.credit),
                         _amount(b.amount), ""))
    return buffer.getvalue().encode("utf-8")


def refuse_other_currency(currency: str) -> None:
    """ExportError for a cantine that counts in another currency than the FEC's euros."""
    if currency.upper() != "EUR":
        raise ExportError(f"the FEC is kept in euros and this cantine counts in {currency}: "
                          "use --format paheko")


def fec_bytes(entries: list[Booking], accounts: AccountsSettings, currency: str) -> bytes:
    """The FEC (fichier des écritures comptables): 18 tab-separated columns, a debit line and a
    credit line per entry, numbered in order within each journal (1, 2, 3... in CA, and again
    in BQ: no gap); dates AAAAMMJJ, amounts with a decimal comma. EcritureDate and PieceDate are
    the service's day; ValidDate, the date of validation (the DGFiP's description of the FEC),
    is the day its Z was made."""
    refuse_other_currency(currency)
    lines = ["\t".join(FEC_COLUMNS)]
    numbers: dict[str, int] = {}  # the DGFiP's rule: a continuous sequence within each journal
    for b in entries:
        journal = getattr(accounts, f"{b.journal}_journal")
        number = numbers[journal] = numbers.get(journal, 0) + 1
        day = b.day.replace("-", "")
        for key, debit, credit in ((b.debit, b.amount, 0), (b.credit, 0, b.amount)):
            lines.append("\t".join((
                journal, JOURNAL_NAMES[b.journal], str(number), day, getattr(accounts, key),
                ACCOUNT_NAMES[key], "", "", b.piece, day, _clean(b.label), _amount(debit),
                _amount(credit), "", "", b.validated.replace("-", ""), "", "")))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
