"""The treasurer's books over a hand-made ledger (tests/books_ledger.py): every cell of the day
rows, the journals and the accounting entries is worked out by hand and compared."""

import csv
import io
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from books_ledger import write_books_ledger
from openpyxl import load_workbook

from kiosk.cli import main

PERIOD = ["--from", "2026-03-01", "--to", "2026-03-31"]
IDENTITY = """[cantine]
name = "Cantine des Lilas"
legal_name = "Association La Petite Cantine des Lilas"
rna = "W751234567"
siren = "123 456 782"
address = "3 rue des Lilas, 75019 Paris"
"""
SURVEY_ZERO = ("welcome_very", "welcome_rather", "welcome_little", "welcome_not",
               "age_under_25", "age_25_55", "age_over_55", "first_visit_yes", "first_visit_no")


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("books")
    write_books_ledger(folder, IDENTITY)
    return folder


def run(capsysbinary, folder, *options: str) -> bytes:
    status = main(["--data-dir", str(folder), "export", *PERIOD, *options])
    captured = capsysbinary.readouterr()
    assert status == 0, captured.err
    return captured.out


def journal_rows(data: bytes) -> tuple[list[str], list[dict]]:
    """A journal CSV: its head lines, then its rows as dicts."""
    head, _, body = data.decode("utf-8").partition("\r\n\r\n")
    return head.split("\r\n"), list(csv.DictReader(io.StringIO(body)))


def day_row(date, services, visits, covers, eaters, cooks, both, total, cash, card, zero, avg,
            median, meal, brackets, voids, closed, difference, z, grand):
    row = dict(date=date, services=services, visits=visits, covers=covers, eaters=eaters,
               cooks=cooks, both=both, total=total, cash=cash, card=card,
               zero_contributions=zero, average_per_cover=avg, median_per_cover=median,
               meal_total=meal, voids=voids, closed=closed, cash_difference=difference, z=z,
               grand_total=grand)
    row.update(zip(("bracket_zero", "bracket_low", "bracket_middle", "bracket_suggested",
                    "bracket_above"), brackets, strict=True))
    row.update(dict.fromkeys(SURVEY_ZERO, 0))
    # Nobody joined the association in this ledger (memberships: test_memberships_are_...).
    row.update(memberships=0, membership_total=0.0, membership_cash=0.0, membership_card=0.0,
               memberships_voided=0)
    return row


# Per cover, day 1: 13, 5, 10, 10 (20 for two), 0, 2.55: 40.55 / 6 = 6.758 -> 6.76; the median
# of 0, 2.55, 5, 10, 10, 13 is 7.50. Day 3: 13.00 and 13.05: 13.025 -> 13.03 (half up; round()
# gave 13.02). The period: 66.60 / 8 = 8.325 -> 8.33.
DAYS = [
    day_row("2026-03-02", 2, 5, 6, 4, 0, 2, 40.55, 20.55, 20.0, 1, 6.76, 7.5, 40.55,
            (1, 2, 2, 1, 0), 1, True, 0.0, "1 2", 40.55),
    day_row("2026-03-03", 1, 1, 1, 0, 1, 0, 0.0, 0.0, 0.0, 1, None, None, 0.0,
            (0, 0, 0, 0, 0), 0, True, 0.0, "3", 40.55),
    day_row("2026-03-04", 1, 2, 2, 2, 0, 0, 26.05, 0.0, 26.05, 0, 13.03, 13.03, 26.05,
            (0, 0, 0, 1, 1), 0, False, None, None, None),  # no Z yet: null
]
TOTALS = day_row("total", 4, 8, 9, 6, 1, 2, 66.6, 20.55, 46.05, 2, 8.33, 10.0, 66.6,
                 (1, 2, 2, 2, 1), 1, False, 0.0, "1-3", 40.55)


def test_every_cell_of_the_day_rows_months_and_year(capsysbinary, books):
    document = json.loads(run(capsysbinary, books, "--format", "json"))
    assert document["rows"] == DAYS
    assert document["totals"] == TOTALS
    month = {**TOTALS, "date": "2026-03"}
    assert document["months"] == [month] and document["year"] == [{**month, "date": "2026"}]
    assert document["currency_unit"] == "euros" and document["rounding"] == "half up to the cent"
    assert document["association"] == {"legal_name": "Association La Petite Cantine des Lilas",
                                       "rna": "W751234567", "siren": "123456782",
                                       "address": "3 rue des Lilas, 75019 Paris"}
    assert document["ledger_chain"] == {"verified": True, "entries": 22, "first_seq": 1,
                                        "last_seq": 22, "problem": None}


def test_a_figure_without_a_base_is_an_empty_cell_never_zero(capsysbinary, books, tmp_path):
    rows = list(csv.DictReader(io.StringIO(run(capsysbinary, books).decode())))
    nobody_ate, still_open = rows[1], rows[2]
    assert (nobody_ate["average_per_cover"], nobody_ate["median_per_cover"]) == ("", "")
    assert (still_open["cash_difference"], still_open["grand_total"]) == ("", "")
    assert nobody_ate["cash_difference"] == "0.00"  # closed, and counted right: a real 0
    run(capsysbinary, books, "--format", "xlsx", "-o", str(tmp_path / "days.xlsx"))
    book = load_workbook(tmp_path / "days.xlsx")
    assert book.sheetnames == ["jours", "mois", "année", "à propos"]
    header, *body = list(book["jours"].iter_rows(values_only=True))
    cells = dict(zip(header, body[1], strict=False))
    assert cells["Moyenne par couvert"] is None and cells["Médiane par couvert"] is None
    assert dict(zip(header, body[2], strict=False))["Écart de caisse"] is None
    months = list(book["mois"].iter_rows(values_only=True))
    assert months[1][header.index("Moyenne par couvert")] == 8.33  # recomputed, not averaged
    about = [row[0] for row in book["à propos"].iter_rows(values_only=True)]
    assert about[0] == "chaîne du registre vérifiée sur la période : 22 écritures (1 à 22)"
    assert "dénomination : Association La Petite Cantine des Lilas" in about
    assert "RNA : W751234567" in about and "SIREN : 123456782" in about


CASH = [  # date, service, z, time, line, reason, in, out, balance
    # The first float ever: the box held nothing before it.
    ("2026-03-02", "1", "1", "12:00", "added_between", "", "50.00", "", "50.00"),
    ("2026-03-02", "1", "1", "12:00", "float", "fond", "", "", "50.00"),  # no cash in
    ("2026-03-02", "1", "1", "", "contributions", "", "18.00", "", "68.00"),  # 13 + 5, 7 voided
    ("2026-03-02", "1", "1", "12:20", "in", "monnaie", "10.00", "", "78.00"),
    ("2026-03-02", "1", "1", "12:30", "out", "pain", "", "4.50", "73.50"),  # 3.00 cancelled
    ("2026-03-02", "1", "1", "14:30", "difference",
     "pièce perdue; le paiement carte abandonné a été payé", "", "0.50", "73.00"),
    ("2026-03-02", "1", "1", "14:30", "counted", "50.00 x 1, 20.00 x 1, 2.00 x 1, 1.00 x 1",
     "", "", "73.00"),
    # 73.00 counted at Z1, the evening opens with 50.00: 23.00 left the box in between.
    ("2026-03-02", "2", "2", "19:00", "taken_out_between", "Z1", "", "23.00", "50.00"),
    ("2026-03-02", "2", "2", "19:00", "float", "fond", "", "", "50.00"),
    ("2026-03-02", "2", "2", "", "contributions", "", "2.55", "", "52.55"),
    ("2026-03-02", "2", "2", "19:30", "bank", "bordereau 12", "", "50.00", "2.55"),
    ("2026-03-02", "2", "2", "21:00", "difference", "trouvé", "0.50", "", "3.05"),
    ("2026-03-02", "2", "2", "21:00", "counted", "2.00 x 1, 1.00 x 1, 0.05 x 1", "", "", "3.05"),
    # 3.05 counted at Z2, a float of 30.00 the next day: 26.95 brought in.
    ("2026-03-03", "1", "3", "12:00", "added_between", "Z2", "26.95", "", "30.00"),
    ("2026-03-03", "1", "3", "12:00", "float", "fond", "", "", "30.00"),
    ("2026-03-03", "1", "3", "", "contributions", "", "0.00", "", "30.00"),
    ("2026-03-03", "1", "3", "14:00", "counted", "10.00 x 3", "", "", "30.00"),
    # No float on 2026-03-04: the closing will expect an empty box, so the 30.00 left it.
    ("2026-03-04", "1", "", "", "taken_out_between", "Z3", "", "30.00", "0.00"),
    ("2026-03-04", "1", "", "", "contributions", "", "0.00", "", "0.00"),
    ("2026-03-04", "1", "", "", "open", "", "", "", "0.00"),
]


def test_every_cell_of_the_cash_journal(capsysbinary, books):
    head, rows = journal_rows(run(capsysbinary, books, "--journal", "cash"))
    assert head[0] == "ledger chain verified over the period: 22 entries (1 to 22)"
    assert "legal_name: Association La Petite Cantine des Lilas" in head
    assert "period: 2026-03-01 to 2026-03-31" in head
    assert [tuple(row.values()) for row in rows] == CASH


def test_the_journals_totals_keep_floats_out_and_the_gaps_apart(capsysbinary, books):
    document = json.loads(run(capsysbinary, books, "--journal", "cash", "--format", "json"))
    # In: 18 + 10 + 2.55 + 0.50 (no float); out: 4.50 + 0.50 + 50 (the bank).
    assert (document["totals"]["cash_in"], document["totals"]["cash_out"]) == (31.05, 55.0)
    [between] = document["more_totals"]
    assert (between["line"], between["cash_in"], between["cash_out"]) == (
        "between_services", 76.95, 53.0)  # 50 + 26.95 brought in; 23 + 30 taken out


def test_a_period_that_starts_after_a_closing_carries_its_count(capsysbinary, books):
    """The box's balance comes from the last closing before the period: the gap between Z2's
    count and the next day's float is in the period of that float, once."""
    status = main(["--data-dir", str(books), "export", "--from", "2026-03-03", "--to",
                   "2026-03-31", "--journal", "cash"])
    _, rows = journal_rows(capsysbinary.readouterr().out)
    # The box already held Z2's 3.05: the journal opens saying so, and runs on from it.
    assert status == 0 and tuple(rows[0].values()) == (
        "2026-03-03", "", "", "", "opening", "Z2", "", "", "3.05")
    assert [tuple(row.values()) for row in rows[1:]] == CASH[13:]
    status = main(["--data-dir", str(books), "export", "--from", "2026-03-03", "--to",
                   "2026-03-31", "--format", "paheko", "--include-open"])
    assert status == 0
    assert [(r["Remarques"], r["Montant"]) for r in paheko_rows(capsysbinary.readouterr().out)
            ][0] == ("depuis Z2", "26,95")


def test_every_cell_of_the_card_journal(capsysbinary, books):
    _, rows = journal_rows(run(capsysbinary, books, "--journal", "card"))
    assert [tuple(row.values()) for row in rows] == [
        ("2026-03-02", "1", "1", "20.00", "33.00", "13.00",
         "pièce perdue; le paiement carte abandonné a été payé", "1", "13.00",
         "12:40 13.00 meal (200 s)"),
        # "trouvé" explains the cash: the card did not differ, so no card explanation.
        ("2026-03-02", "2", "2", "0.00", "0.00", "0.00", "", "0", "", ""),
        ("2026-03-03", "1", "3", "0.00", "0.00", "0.00", "", "0", "", ""),
    ]


PAHEKO = [  # Type, Libellé, Date, Remarques, pièce, débit, crédit, montant
    ("Avancé", "Apport entre deux services, service 1", "02/03/2026", "premier fond de caisse",
     "Z1", "530", "4718", "50,00"),
    ("Recette", "Participations repas espèces, service 1", "02/03/2026", "passages : 2", "Z1",
     "530", "706", "18,00"),
    ("Recette", "Participations repas carte, service 1", "02/03/2026", "passages : 1", "Z1",
     "5115", "706", "20,00"),
    ("Avancé", "Entrée de caisse, service 1", "02/03/2026", "monnaie", "Z1", "530", "4718",
     "10,00"),
    ("Avancé", "Sortie de caisse, service 1", "02/03/2026", "pain", "Z1", "4718", "530", "4,50"),
    ("Dépense", "Manquant de caisse, service 1", "02/03/2026",
     "pièce perdue; le paiement carte abandonné a été payé", "Z1", "658", "530", "0,50"),
    ("Avancé", "Sortie entre deux services, service 2", "02/03/2026", "depuis Z1", "Z2", "4718",
     "530", "23,00"),
    ("Recette", "Participations repas espèces, service 2", "02/03/2026", "passages : 1", "Z2",
     "530", "706", "2,55"),
    ("Virement", "Remise en banque, service 2", "02/03/2026", "bordereau 12", "Z2", "512", "530",
     "50,00"),
    ("Recette", "Excédent de caisse, service 2", "02/03/2026", "trouvé", "Z2", "530", "758",
     "0,50"),
    ("Avancé", "Apport entre deux services, service 1", "03/03/2026", "depuis Z2", "Z3", "530",
     "4718", "26,95"),
    ("Avancé", "Sortie entre deux services, service 1", "04/03/2026", "depuis Z3",
     "2026-03-04 S1", "4718", "530", "30,00"),
    ("Recette", "Participations repas carte, service 1", "04/03/2026", "passages : 2",
     "2026-03-04 S1", "5115", "706", "26,05"),
]


def paheko_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter=";"))


def cents(text: str) -> int:
    assert re.fullmatch(r"\d+,\d\d", text), text  # a decimal comma, no thousands separator
    return int(text.replace(",", ""))


def test_paheko_entries_every_cell_and_the_format_rules(capsysbinary, books):
    data = run(capsysbinary, books, "--format", "paheko", "--include-open")
    assert data.decode().splitlines()[0] == (
        "Numéro d'écriture;Type;Statut;Libellé;Date;Remarques;Numéro pièce comptable;"
        "Référence paiement;Compte de débit;Compte de crédit;Montant;Projet analytique")
    rows = paheko_rows(data)
    assert [(r["Type"], r["Libellé"], r["Date"], r["Remarques"], r["Numéro pièce comptable"],
             r["Compte de débit"], r["Compte de crédit"], r["Montant"]) for r in rows] == PAHEKO
    for row in rows:
        assert len(row) == 12 and row["Numéro d'écriture"] == ""  # Paheko numbers them
        assert re.fullmatch(r"\d\d/\d\d/\d{4}", row["Date"])
        assert row["Compte de débit"] != row["Compte de crédit"] and cents(row["Montant"]) > 0
    # The 706 credits are the period's meal contributions, as the day export counts them.
    meals = sum(cents(r["Montant"]) for r in rows if r["Compte de crédit"] == "706")
    assert meals == round(TOTALS["total"] * 100) == 6660


def test_cash_entries_equal_the_cash_journal(capsysbinary, books):
    """What the entries move on the cash account (530) is, service by service, what the
    journal's box did (the float moves nothing: the gap before it does), so that 530 follows
    the box from one count to the next."""
    rows = paheko_rows(run(capsysbinary, books, "--format", "paheko", "--include-open"))
    _, journal = journal_rows(run(capsysbinary, books, "--journal", "cash"))

    def amount(text):
        return int(text.replace(".", "").replace(",", "")) if text else 0

    booked, boxed = {}, {}
    for r in rows:
        key = (r["Date"][6:] + "-" + r["Date"][3:5] + "-" + r["Date"][:2],
               r["Libellé"].rsplit(" ", 1)[1])
        signed = (r["Compte de débit"] == "530") - (r["Compte de crédit"] == "530")
        booked[key] = booked.get(key, 0) + signed * amount(r["Montant"])
    for line in journal:
        if line["line"] != "float":
            key = (line["date"], line["service"])
            boxed[key] = boxed.get(key, 0) + amount(line["cash_in"]) - amount(line["cash_out"])
    assert {k: v for k, v in booked.items() if v} == {k: v for k, v in boxed.items() if v}
    assert booked[("2026-03-02", "1")] == 5000 + 1800 + 1000 - 450 - 50
    assert booked[("2026-03-02", "2")] == -2300 + 255 - 5000 + 50
    # Over the period 530 moves by what the box holds at its end: it held nothing before.
    assert sum(booked.values()) == amount(journal[-1]["balance"]) == 0
    for previous, line in zip(journal, journal[1:], strict=False):  # the balance runs on
        assert amount(line["balance"]) == (amount(previous["balance"]) + amount(line["cash_in"])
                                           - amount(line["cash_out"]))


@pytest.mark.parametrize("fmt", ["paheko", "fec"])
def test_a_service_not_closed_yet_is_refused_unless_asked_for(capsysbinary, books, tmp_path,
                                                              fmt):
    """2026-03-04 has no Z: booked now, it would come back closed as another piece."""
    target = tmp_path / f"entries.{fmt}"
    status = main(["--data-dir", str(books), "export", *PERIOD, "--format", fmt,
                   "-o", str(target)])
    err = capsysbinary.readouterr().err.decode()
    assert status == 2 and not target.exists() and len(err.splitlines()) == 1
    assert "2026-03-04 S1 not closed yet (no Z)" in err and "--include-open" in err
    # Up to the last closed day: no refusal, nothing open.
    status = main(["--data-dir", str(books), "export", "--from", "2026-03-01", "--to",
                   "2026-03-03", "--format", fmt])
    captured = capsysbinary.readouterr()
    assert status == 0 and b"2026-03-04" not in captured.out and captured.err == b""
    asked = run(capsysbinary, books, "--format", fmt, "--include-open").decode()
    assert "2026-03-04 S1" in asked
    if fmt == "fec":  # not validated: no ValidDate on its lines, one on every other
        for line in asked.splitlines()[1:]:
            cells = line.split("\t")
            assert (cells[15] == "") == (cells[8] == "2026-03-04 S1"), line


def test_fec_has_its_18_columns_and_balanced_entries(capsysbinary, books):
    lines = run(capsysbinary, books, "--format", "fec", "--include-open").decode().split("\r\n")
    assert lines[0].split("\t") == [
        "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
        "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
        "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise"]
    rows = [dict(zip(lines[0].split("\t"), line.split("\t"), strict=True))
            for line in lines[1:] if line]
    assert len(rows) == 2 * len(PAHEKO)
    balance: dict[tuple[str, str], int] = {}
    for row in rows:
        assert re.fullmatch(r"20260\d{3}", row["EcritureDate"]) and row["PieceRef"]
        assert row["JournalCode"] in ("CA", "BQ") and row["CompteLib"]
        key = (row["JournalCode"], row["EcritureNum"])
        balance[key] = balance.get(key, 0) + cents(row["Debit"]) - cents(row["Credit"])
    assert set(balance.values()) == {0} and len(balance) == len(PAHEKO)
    # Numbered 1, 2, 3... within each journal, in order, with no gap (the DGFiP's rule).
    for journal in ("CA", "BQ"):
        numbers = [int(n) for j, n in balance if j == journal]
        assert numbers == list(range(1, len(numbers) + 1)), journal
    assert len([k for k in balance if k[0] == "BQ"]) == 2  # the card entries
    meals = sum(cents(r["Credit"]) for r in rows if r["CompteNum"] == "706")
    assert meals == 6660
    cash = [r for r in rows if r["CompteNum"] == "530"]
    assert {r["JournalCode"] for r in cash} == {"CA"}


def test_the_accounts_come_from_the_settings(capsysbinary, tmp_path):
    write_books_ledger(tmp_path, '[accounts]\ncash = 531\nmeals = "7060"\ncash_journal = "CAI"\n')
    rows = paheko_rows(run(capsysbinary, tmp_path, "--format", "paheko", "--include-open"))
    assert (rows[1]["Compte de débit"], rows[1]["Compte de crédit"]) == ("531", "7060")
    fec = run(capsysbinary, tmp_path, "--format", "fec", "--include-open").decode()
    assert "\nCAI\tCaisse\t1\t20260302\t531\t" in fec


@pytest.mark.parametrize("line, said", [
    ('meals = "6O6"', "accounts.meals: '6O6' is not an account number"),
    ("cash = 706", "accounts.cash: 706 must be a financial account (class 5"),
    ('cash_shortage = "758"', "accounts.cash_shortage: 758 must be an expense account"),
    ('bank_journal = "banque du coin"', "accounts.bank_journal: 'banque du coin' is not a"),
    ('vat = "44571"', "accounts.vat: unknown key"),
    ('bank = "530"', "accounts.bank: 530 is already the account of cash: each role needs"),
    ('memberships = "706"', "accounts.memberships: 706 is already the account of meals"),
    ('cash_surplus = "706"', "accounts.cash_surplus: 706 is already the account of meals"),
    ('cash = "5300"\nbank = "5300"', "accounts.bank: 5300 is already the account of cash"),
    # One journal code for cash and bank: the FEC would label it both Caisse and Banque.
    ('bank_journal = "CA"', "accounts.bank_journal: CA is already the journal code of cash "
                            "entries: cash and bank each need their own journal"),
    ('cash_journal = "BQ"', "accounts.cash_journal: BQ is already the journal code of bank"),
    ('cash_journal = "CA"\nbank_journal = "CA"', "accounts.bank_journal: CA is already the "
                                               "journal code of cash entries"),
    # Cash is 53 and bank 51 in the associations' chart: a swap moves the box on the bank.
    ('cash = "512"\nbank = "530"', "accounts.cash: 512 is a bank account and bank 530 is a "
                                   "cash account: cash and bank look swapped"),
    ('cash = "5115"', "accounts.cash: 5115 is already the account of card"),
    ('cash = "512"\nbank = "5121"', "accounts.cash: 512 must be a cash account (53, like 530)"),
    ('bank = "531"', "accounts.bank: 531 must be a bank account (512, like 5121, or 514 for"),
    # 5112 is cheques to cash in, not the bank: a class-5 account is not enough.
    ('bank = "5112"', "accounts.bank: 5112 must be a bank account (512"),
    # Meals are sales of services (70), memberships are fees (756): swapped, each book is wrong.
    ('meals = "756"\nmemberships = "706"', "accounts.meals: 756 is a membership fees account "
                                           "and memberships 706 is a sales account: meals and "
                                           "memberships look swapped (meals: 70, like 706"),
    ('memberships = "706"\nmeals = "756"', "accounts.meals: 756 is a membership fees account"),
    ('memberships = "7541"\ngifts = "7542"', "accounts.memberships: 7541 must be a membership "
                                             "fees account (756 Cotisations)"),
    ('meals = "7541"\ngifts = "7542"', "accounts.meals: 7541 must be a sales account (70, like "
                                       "706"),
    # Card takings in a cash account would count card money in the box; gifts are no sales.
    ('card = "530"\ncash = "531"', "accounts.card: 530 must be an account of card payments to "
                                  "cash in (5115 Cartes bancaires"),
    ('gifts = "7061"', "accounts.gifts: 7061 must be a gifts account (75, like 7541"),
])
def test_a_wrong_account_is_refused_at_start_with_file_key_and_line(capsys, tmp_path, line,
                                                                     said):
    (tmp_path / "kiosk.toml").write_text(f"[cantine]\nname = \"X\"\n\n[accounts]\n{line}\n",
                                         encoding="utf-8")
    out = tmp_path / "entries.csv"
    status = main(["--data-dir", str(tmp_path), "export", *PERIOD, "--format", "paheko", "-o",
                   str(out)])
    captured = capsys.readouterr()
    err = captured.err
    assert status == 2 and len(err.splitlines()) == 1 and captured.out == ""
    assert not out.exists() and not (tmp_path / "ledger").exists()  # nothing written
    key = said.split(":")[0].removeprefix("accounts.")
    number = 5 + [written.split(" =")[0] for written in line.split("\n")].index(key)
    assert f"kiosk.toml:{number}: {said}" in err  # the key's own line


def test_a_broken_chain_says_so_on_the_first_line(capsysbinary, tmp_path):
    write_books_ledger(tmp_path)
    (tmp_path / "ledger" / "2026-03-03.json").unlink()  # a whole day gone: entries 18 to 20
    refused = main(["--data-dir", str(tmp_path), "export", *PERIOD, "--journal", "cash"])
    assert refused == 1 and capsysbinary.readouterr().out == b""  # tests/test_books_outside.py
    first = run(capsysbinary, tmp_path, "--journal", "cash", "--trust-damaged")
    assert first.decode().splitlines()[0] == (
        "LEDGER CHAIN BROKEN over the period: entries 18 to 20 are missing")
    document = json.loads(run(capsysbinary, tmp_path, "--format", "json", "--trust-damaged"))
    assert document["ledger_chain"]["verified"] is False


def test_a_period_inside_the_ledger_is_verified_on_its_own(capsysbinary, books):
    status = main(["--data-dir", str(books), "export", "--from", "2026-03-03", "--to",
                   "2026-03-04", "--format", "json"])
    document = json.loads(capsysbinary.readouterr().out)
    assert status == 0 and document["ledger_chain"] == {
        "verified": True, "entries": 5, "first_seq": 18, "last_seq": 22, "problem": None}


def test_per_visit_workbook_totals_add_up_what_its_rows_show(capsysbinary, books, tmp_path):
    run(capsysbinary, books, "--per", "visit", "--format", "xlsx", "-o", str(tmp_path / "v.xlsx"))
    book = load_workbook(tmp_path / "v.xlsx")
    visits = list(book["passages"].iter_rows(values_only=True))
    amount = visits[0].index("Montant")
    body, totals = visits[1:-1], visits[-1]
    assert round(sum(row[amount] for row in body), 2) == totals[amount] == 66.6
    voided = list(book["annulés"].iter_rows(values_only=True))
    assert [row[amount] for row in voided[1:]] == [7.0, 7.0]  # the voided visit, its total


CHF = '[cantine]\nname = "Cantine de Genève"\ncurrency = "CHF"\nlocale = "fr_CH"\n'


def test_a_chf_cantine_exports_francs_and_is_never_added_to_euros(capsysbinary, tmp_path):
    geneva, paris = tmp_path / "geneva", tmp_path / "paris"
    geneva.mkdir()
    paris.mkdir()
    write_books_ledger(geneva, CHF)
    write_books_ledger(paris)
    document = json.loads(run(capsysbinary, geneva, "--format", "json"))
    assert (document["currency"], document["currency_unit"]) == ("CHF", "Swiss francs")
    run(capsysbinary, geneva, "--format", "xlsx", "-o", str(tmp_path / "g.xlsx"))
    sheet = load_workbook(tmp_path / "g.xlsx").worksheets[0]
    assert '"CHF"' in sheet["H2"].number_format and "€" not in sheet["H2"].number_format
    status = main(["--data-dir", str(geneva), "report", *PERIOD])
    out = capsysbinary.readouterr().out.decode()
    assert status == 0 and "(CHF)" in out and "(EUR)" not in out
    (tmp_path / "g.json").write_bytes(run(capsysbinary, geneva, "--format", "json"))
    (tmp_path / "p.json").write_bytes(run(capsysbinary, paris, "--format", "json"))
    status = main(["report", *PERIOD, str(tmp_path / "g.json"), str(tmp_path / "p.json")])
    err = capsysbinary.readouterr().err.decode()
    assert status == 2 and "counts in EUR" in err and "cannot be added up" in err
    status = main(["--data-dir", str(geneva), "export", *PERIOD, "--format", "fec"])
    assert status == 2 and "counts in CHF" in capsysbinary.readouterr().err.decode()


def test_memberships_are_credited_to_756_apart_from_meals_and_are_in_the_cash_box(capsysbinary,
                                                                                  tmp_path):
    """A meal and two memberships (cash and card) recorded at the command line: the entries
    credit 706 with the meal only and 756 with the memberships; the cash journal's box holds
    the cash membership, as the closing expects it."""
    (tmp_path / "kiosk.toml").write_text("[membership]\nenabled = true\n")
    for arguments in (["--role", "eat", "--amount", "13", "--method", "cash"],
                      ["--membership", "--amount", "5", "--method", "cash"],
                      ["--membership", "--amount", "10", "--method", "card"]):
        assert main(["--data-dir", str(tmp_path), "record", *arguments]) == 0
    capsysbinary.readouterr()
    today = datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    period = ["--from", today, "--to", today]
    assert main(["--data-dir", str(tmp_path), "export", *period, "--format", "paheko",
                 "--include-open"]) == 0
    rows = paheko_rows(capsysbinary.readouterr().out)
    credited = {account: sum(cents(r["Montant"]) for r in rows if r["Compte de crédit"] == account)
                for account in ("706", "756")}
    assert credited == {"706": 1300, "756": 1500}
    assert {(r["Compte de débit"], r["Montant"]) for r in rows
            if r["Compte de crédit"] == "756"} == {("530", "5,00"), ("5115", "10,00")}
    assert main(["--data-dir", str(tmp_path), "export", *period, "--journal", "cash"]) == 0
    _, lines = journal_rows(capsysbinary.readouterr().out)
    assert [line["line"] for line in lines][:2] == ["contributions", "memberships"]
    assert lines[1]["balance"] == "18.00"


def test_a_french_cantines_files_say_their_values_in_french_and_json_keeps_english(
        capsysbinary, books, tmp_path):
    text = run(capsysbinary, books, "--journal", "cash", "--excel-fr").decode("utf-8-sig")
    body = list(csv.reader(io.StringIO(text.split("\r\n\r\n", 1)[1]), delimiter=";"))
    lines = [(row[4], row[5]) for row in body[1:]]
    assert lines[:3] == [("apport entre deux services", ""), ("fond de caisse", "fond"),
                         ("participations en espèces", "")]
    assert ("sortie entre deux services", "depuis Z1") in lines
    assert ("caisse comptée", "50,00 x 1, 20,00 x 1, 2,00 x 1, 1,00 x 1") in lines
    assert not any(word in {row[4] for row in body} for word in ("float", "counted", "open"))
    run(capsysbinary, books, "--per", "visit", "--format", "xlsx", "-o", str(tmp_path / "v.xlsx"))
    header, *visits = load_workbook(tmp_path / "v.xlsx")["passages"].iter_rows(values_only=True)
    seen = {(row[header.index("Rôle")], row[header.index("Moyen")]) for row in visits[:-1]}
    assert ("mange", "espèces") in seen and not any("eat" in pair for pair in seen)
    document = json.loads(run(capsysbinary, books, "--journal", "cash", "--format", "json"))
    assert [row["line"] for row in document["rows"]][:2] == ["added_between", "float"]


# Words a French file must not hold unless a volunteer typed them (the books ledger's reasons
# and explanations are French): the kiosk's own English.
ENGLISH = re.compile(r"\b(ledger|chain|verified|entries|period|currency|thresholds|bracket|"
                     r"recommended|exported|legal_name|address|total \(voided\)|meal|"
                     r"membership|float|counted|between|since|covers|amounts|rounded|voided|"
                     r"cash|card|eat|cook|both|none|yes|no|low|middle|suggested|above|zero|"
                     r"welcome|age|first_visit)\b", re.IGNORECASE)
FRENCH_FILES = {"journal de caisse": ("--journal", "cash"), "journal carte": ("--journal", "card"),
                "par passage": ("--per", "visit"), "par jour": (),
                "adhésions": ("--per", "membership")}


@pytest.mark.parametrize("options", FRENCH_FILES.values(), ids=FRENCH_FILES.keys())
def test_a_french_cantines_files_hold_no_english_word_of_the_kiosk(capsysbinary, books,
                                                                   tmp_path, options):
    """Every cell of the --excel-fr CSV and of the French workbook (its `à propos` sheet
    included), headers and totals rows too, in French: the kiosk's English words, the column
    ids and the gap lines' bare Z are all gone."""
    text = run(capsysbinary, books, *options, "--excel-fr").decode("utf-8-sig")
    run(capsysbinary, books, *options, "--format", "xlsx", "-o", str(tmp_path / "f.xlsx"))
    book = load_workbook(tmp_path / "f.xlsx")
    cells = [str(cell) for sheet in book.worksheets if sheet.title != "à propos"
             for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    about = [row for row in book["à propos"].iter_rows(values_only=True) if row[0]]
    # After "Colonne", each header is given its JSON key, on purpose: the one English left.
    glossary = [row[0] for row in about].index("Colonne")
    assert about[glossary][1] == "clé dans le JSON"
    said = [str(cell) for row in about[:glossary] for cell in row if cell is not None]
    said += [row[0] for row in about[glossary:]]
    for where, found in (("csv", text), ("xlsx", "\n".join(cells)), ("à propos", "\n".join(said))):
        assert not ENGLISH.findall(found), (where, ENGLISH.findall(found))
    assert not re.search(r"(^|;)Z[0-9]+(;|$)", text, re.MULTILINE)  # a gap's reason: depuis Z1


def test_the_about_sheet_explains_in_the_cantines_language(capsysbinary, books, tmp_path):
    """A French cantine's `à propos` sheet says what the brackets and amounts mean in French,
    with its own thresholds and decimal commas; an English cantine's says it in English."""
    run(capsysbinary, books, "--format", "xlsx", "-o", str(tmp_path / "fr.xlsx"))
    about: dict = {}
    for row in load_workbook(tmp_path / "fr.xlsx")["à propos"].iter_rows(values_only=True):
        about.setdefault(row[0], row[1])  # a bracket's explanation first, its JSON key after
    assert about["Tranche basse"] == "couverts qui ont donné de 0,01 à 7,00 chacun"
    assert about["Tranche moyenne"] == "couverts qui ont donné de 7,01 à 12,99 chacun"
    assert about["Montants"].startswith("en EUR, arrondis au centime")
    assert about["Accueil : Plutôt"] == "welcome_rather"  # the JSON key of the column
    english = tmp_path / "en"
    english.mkdir()
    write_books_ledger(english, '[cantine]\nname = "Lilac Canteen"\nlocale = "en_GB"\n'
                       '[contribution]\nsuggested = 10\nlow_bracket_max = 4\n')
    run(capsysbinary, english, "--format", "xlsx", "-o", str(tmp_path / "en.xlsx"))
    book = load_workbook(tmp_path / "en.xlsx")
    assert book.sheetnames == ["days", "months", "year", "about"]
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True) if row[0]}
    assert about["bracket_middle"] == "covers that gave 4.01 to 9.99 each"
    assert about["amounts"].startswith("EUR, rounded half up to the cent")
    assert book["days"]["Z1"].value == "welcome_very"  # English headers keep the ids
