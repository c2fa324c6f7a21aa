"""Memberships in the core and on the command line (issue 18): numbers of the year with no gap
and no repeat, `kiosk record --membership` and `kiosk export` for that day, refusals that write
nothing, the settings, the slip on paper, and what a membership entry holds (never a name, never
a visit)."""

import json
import threading
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_cli import assert_one_line_refusal, ledger_bytes

from kiosk.books.closing import close_service
from kiosk.books.memberships import (
    membership_figures,
    membership_number,
    memberships_of,
    record_membership,
)
from kiosk.cli import main
from kiosk.ledger.book import Ledger, ServiceClosed, UnknownVisit
from kiosk.ledger.entries import Membership, Visit
from kiosk.settings.config import ConfigError, load_config
from kiosk.settings.i18n import words_for
from printer.layout import job_bytes, print_membership_slip
from printer.print_queue import lay_out, membership_slip_job
from printer.receipt import MembershipSlip
from printer.settings import PrinterSettings

PARIS = ZoneInfo("Europe/Paris")
TODAY = datetime.now(PARIS).date().isoformat()


def taking_memberships(data_dir: Path, extra: str = "") -> None:
    """A cantine that takes memberships (`kiosk record --membership` is refused otherwise)."""
    data_dir.mkdir(exist_ok=True)
    (data_dir / "kiosk.toml").write_text(f"[membership]\nenabled = true\n{extra}")


def test_record_membership_then_export_that_day(data_dir: Path, run_kiosk_cli) -> None:
    taking_memberships(data_dir)
    run_kiosk_cli("record", "--role", "eat", "--amount", "13", "--method", "cash")
    before = json.loads(run_kiosk_cli("export", "--format", "json", "--from", TODAY,
                                      "--to", TODAY).stdout)["rows"][0]
    result = run_kiosk_cli("record", "--membership", "--amount", "5", "--method", "cash")
    assert result.returncode == 0, result.stderr
    number, seq = result.stdout.splitlines()[-2:]
    assert number == f"A-{TODAY[:4]}-0001" and seq == "2"  # the entry's id last
    after = json.loads(run_kiosk_cli("export", "--format", "json", "--from", TODAY,
                                     "--to", TODAY).stdout)["rows"][0]
    assert after["memberships"] == 1 and after["membership_total"] == 5.0
    assert after["membership_cash"] == 5.0 and after["membership_card"] == 0.0
    meal_columns = {k: v for k, v in before.items() if not k.startswith("membership")}
    assert {k: after[k] for k in meal_columns} == meal_columns  # meals and brackets unchanged
    assert run_kiosk_cli("void", seq, "--reason", "paid twice").returncode == 0
    voided = json.loads(run_kiosk_cli("export", "--format", "json", "--from", TODAY,
                                      "--to", TODAY).stdout)["rows"][0]
    assert voided["memberships"] == 0 and voided["voids"] == 0  # no meal was voided
    assert run_kiosk_cli("verify").returncode == 0


@pytest.mark.parametrize("args, words", [
    (("--amount", "0,50", "--method", "cash"), ("1.00",)),  # under the 1 € minimum
    (("--amount", "5", "--method", "none"), ("cash or card",)),
    (("--amount", "5", "--method", "cash", "--role", "eat"), ("--role",)),
    (("--amount", "-5", "--method", "cash"), ()),
    (("--amount", "cinq", "--method", "cash"), ()),
    (("--amount", "5", "--method", "cash", "--at", "2099-01-01T12:00"), ("future",)),
])
def test_a_bad_membership_is_refused_in_one_line_and_writes_nothing(
        data_dir: Path, run_kiosk_cli, args, words) -> None:
    taking_memberships(data_dir)
    run_kiosk_cli("record", "--role", "eat", "--amount", "13", "--method", "cash")
    files = ledger_bytes(data_dir)
    assert_one_line_refusal(run_kiosk_cli("record", "--membership", *args), *words)
    assert ledger_bytes(data_dir) == files


def test_record_without_role_or_membership_is_refused(data_dir: Path, run_kiosk_cli) -> None:
    assert_one_line_refusal(run_kiosk_cli("record", "--amount", "5", "--method", "cash"),
                            "--role")


def test_numbers_have_no_gap_and_no_repeat_with_writers_at_once(tmp_path: Path) -> None:
    ledgers = [Ledger(tmp_path / "ledger") for _ in range(4)]  # as tablets at the door
    numbers: list[str] = []

    def join(ledger: Ledger) -> None:
        for _ in range(5):
            numbers.append(record_membership(ledger, 500, "cash").value.number)

    threads = [threading.Thread(target=join, args=(ledger,)) for ledger in ledgers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    year = datetime.now(PARIS).year
    assert sorted(numbers) == [membership_number(year, n) for n in range(1, 21)]


def test_a_new_year_starts_again_at_one_and_a_void_never_frees_a_number(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger")
    at = datetime(2025, 12, 31, 19, 0, tzinfo=PARIS)
    first = record_membership(ledger, 500, "cash", at)
    ledger.void(first.seq, "typed twice")
    second = record_membership(ledger, 500, "cash", at.replace(minute=30))
    # Still open on the 1st at 00:30, the service is the 31st's: so is its membership's year.
    late = record_membership(ledger, 500, "cash", datetime(2026, 1, 1, 0, 30, tzinfo=PARIS))
    close_service(ledger, {"500": 2}, 0, at=datetime(2026, 1, 1, 0, 45, tzinfo=PARIS))
    third = record_membership(ledger, 500, "card", datetime(2026, 1, 3, 12, 0, tzinfo=PARIS))
    assert [e.value.number for e in (first, second, late, third)] == [
        "A-2025-0001", "A-2025-0002", "A-2025-0003", "A-2026-0001"]
    assert [m.number for m in memberships_of(ledger.entries())] == [
        "A-2025-0002", "A-2025-0003", "A-2026-0001"]
    figures = membership_figures(ledger.entries())
    assert (figures.count, figures.cash, figures.card, figures.average) == (3, 1000, 500, 500)


def test_a_membership_entry_holds_no_name_and_names_no_visit(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger")
    ledger.append(Visit("eat", 1300, "cash"))
    entry = record_membership(ledger, 1000, "card")
    assert [f.name for f in fields(Membership)] == ["amount", "method", "number"]
    stored = json.loads((tmp_path / "ledger" / f"{entry.day}.json").read_text())
    data = next(d["data"] for d in stored["_default"].values() if d["kind"] == "membership")
    assert data == {"amount": 1000, "method": "card", "number": entry.value.number}


def test_memberships_of_gives_the_books_what_they_credit(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger")
    ledger.append(Visit("eat", 1300, "cash"))
    entry = record_membership(ledger, 1500, "card")
    (line,) = memberships_of(ledger.entries())
    assert (line.number, line.amount, line.method, line.day, line.service, line.seq) == (
        entry.value.number, 1500, "card", entry.day, 1, entry.seq)


@pytest.mark.parametrize("text, where", [
    ("[membership]\nminimum = 5\nsuggested = 2\n", "membership.suggested"),
    ("[membership]\npresets = [0, 5]\n", "membership.presets"),
    ("[membership]\nminimum = -1\n", "membership.minimum"),
    ("[membership]\nenabled = \"yes\"\n", "membership.enabled"),
    ("[membership]\nsuggested = 5000\n", "membership.suggested"),  # above the 1000 € ceiling
    ("[membership]\nminimum = \"un euro\"\n", "membership.minimum"),
])
def test_impossible_membership_settings_name_the_key_and_line(tmp_path: Path, text, where):
    (tmp_path / "kiosk.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(tmp_path)
    assert where in str(refused.value) and "kiosk.toml:" in str(refused.value)


def test_membership_settings_read_amounts_as_people_write_them(tmp_path: Path) -> None:
    (tmp_path / "kiosk.toml").write_text(
        '[membership]\nenabled = true\nminimum = "2,50"\nsuggested = 15\npresets = [5, 15]\n'
        'explanation = { fr = "Pour voter en AG.", en = "To vote at the AGM." }\n',
        encoding="utf-8")
    settings = load_config(tmp_path).membership
    assert (settings.enabled, settings.minimum, settings.suggested, settings.presets) == (
        True, 250, 1500, (500, 1500))
    assert settings.explanation["en"] == "To vote at the AGM."


SLIP = MembershipSlip(
    cantine_name="Petite Cantine", issued_at="21/11/2026 12:30", number="A-2026-0042",
    amount=1000, amount_text="10,00 €", method_text="Payé par carte",
    title="Bulletin d'adhésion", number_label="Adhésion n°", date_label="Date",
    amount_label="Montant", name_label="Nom :", note="À remettre au bureau.",
    thanks="Merci !")


def test_the_slip_prints_the_number_and_a_line_for_the_name(tmp_path: Path) -> None:
    settings = PrinterSettings(connection="file", width=42)
    data = job_bytes(print_membership_slip, settings, SLIP)
    text = data.decode("cp858", errors="replace")
    assert "A-2026-0042" in text and "Bulletin d'adhésion" in text
    assert "Nom : " + "_" * 36 in text  # the name is written by hand, never known to the kiosk
    assert "\x1dV" in text or "\x1bi" in text or "\x1bm" in text  # the paper is cut
    # A slip waits in the queue as plain values, and prints the same from there.
    assert lay_out(json.loads(json.dumps(membership_slip_job(SLIP, 0.0))), settings) == data


def test_record_membership_is_refused_while_memberships_are_off(data_dir: Path,
                                                                run_kiosk_cli) -> None:
    """Finding L8: with `[membership] enabled` false, `kiosk record --membership` wrote one."""
    data_dir.mkdir()
    (data_dir / "kiosk.toml").write_text("[membership]\nenabled = false\n")
    assert_one_line_refusal(run_kiosk_cli("record", "--membership", "--amount", "5",
                                          "--method", "cash"), "enabled")
    assert not (data_dir / "ledger").exists() or ledger_bytes(data_dir) == {}


@pytest.mark.parametrize("method", ["cash", "card"])
def test_a_membership_of_zero_is_paid_with_none_as_a_visit_is(data_dir: Path, run_kiosk_cli,
                                                               method) -> None:
    """Finding L8: with minimum = 0, `--amount 0 --method card` was accepted (and written as
    none); a visit refuses it."""
    taking_memberships(data_dir, "minimum = 0\n")
    for refused in (run_kiosk_cli("record", "--membership", "--amount", "0", "--method", method),
                    run_kiosk_cli("record", "--role", "eat", "--amount", "0", "--method", method)):
        assert_one_line_refusal(refused, "none")
    assert not (data_dir / "ledger").exists() or ledger_bytes(data_dir) == {}
    zero = run_kiosk_cli("record", "--membership", "--amount", "0", "--method", "none")
    assert zero.returncode == 0, zero.stderr


def test_the_register_matches_the_books_by_number_voided_ones_marked(tmp_path, capsys):
    """Three memberships and a meal, the second membership voided, then the closing: the
    memberships' export lists each number (the voided one marked, out of the totals), the Z
    counts the voided one and names the numbers; no number sits next to a meal amount in any
    export."""
    clock = [datetime(2026, 3, 10, 12, tzinfo=PARIS)]
    ledger = Ledger(tmp_path / "ledger", clock=lambda: clock[0])
    ledger.append(Visit("eat", 1300, "cash"), clock[0])
    numbers = [record_membership(ledger, amount, method, clock[0])
               for amount, method in ((500, "cash"), (1000, "card"), (2000, "cash"))]
    ledger.void(numbers[1].seq, "saisie en double")
    closing = close_service(ledger, {"2000": 1, "1000": 1, "500": 1, "200": 1, "100": 1}, 0,
                            "", at=clock[0])
    from kiosk.books.zreport import z_report

    rows = dict(z_report(closing, "Les Lilas", str).rows)
    assert rows["Adhésions"] == "2" and rows["Adhésions annulées"] == "1"
    assert "  numéros A-2026-0001, A-2026-0003" in rows
    assert "  annulées : A-2026-0002" in rows
    period = ["--from", "2026-03-10", "--to", "2026-03-10"]
    assert main(["--data-dir", str(tmp_path), "export", *period, "--per", "membership"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "date,number,amount,method,voided",
        "2026-03-10,A-2026-0001,5.00,cash,no",
        "2026-03-10,A-2026-0002,10.00,card,yes",
        "2026-03-10,A-2026-0003,20.00,cash,no",
    ]
    assert main(["--data-dir", str(tmp_path), "export", *period, "--per", "membership",
                 "--format", "json"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert (totals["number"], totals["amount"], totals["voided"]) == (2, 25.0, 1)
    for options in ([], ["--per", "visit"], ["--format", "json"], ["--journal", "cash"],
                    ["--journal", "card"], ["--format", "paheko"]):
        assert main(["--data-dir", str(tmp_path), "export", *period, *options]) == 0
        assert "A-2026" not in capsys.readouterr().out, options


def test_a_membership_refused_a_void_is_named_by_its_number(tmp_path, capsys):
    """Voiding a membership of a closed service (or one voided already) names the membership
    as its slip and the register do (A-2026-0002), in the volunteer's language: not "visit 3"."""
    clock = [datetime(2026, 3, 10, 12, tzinfo=PARIS)]
    ledger = Ledger(tmp_path / "ledger", clock=lambda: clock[0])
    ledger.append(Visit("eat", 1300, "cash"), clock[0])
    first, second = (record_membership(ledger, 500, "cash", clock[0]) for _ in range(2))
    ledger.void(first.seq, "saisie en double")
    with pytest.raises(UnknownVisit) as voided:
        ledger.void(first.seq, "encore")
    close_service(ledger, {"1000": 1, "500": 1, "200": 1, "100": 1}, 0, "", at=clock[0])
    assert main(["--data-dir", str(tmp_path), "void", str(second.seq), "--reason", "x"]) != 0
    err = capsys.readouterr().err
    assert "membership A-2026-0002 belongs to a closed service" in err and "visit" not in err
    with pytest.raises(ServiceClosed) as closed:
        ledger.void(second.seq, "trop tard")
    french, english = words_for("fr"), words_for("en")
    assert french.refusal(closed.value).startswith(
        "L'adhésion A-2026-0002 appartient à un service clôturé (le 2026-03-10, service 1)")
    assert english.refusal(voided.value) == (
        "Membership A-2026-0001 is already voided: nothing was written.")


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_the_memberships_file_shares_only_the_date_with_the_visits_file(tmp_path, capsys, fmt):
    """Finding N3: the two files shared date and service, so in a service of one meal and one
    member, whoever holds both (and the register) had the member's meal amount. The memberships'
    file has no service and no time, and its rows go by number: only the date is shared."""
    clock = [datetime(2026, 3, 10, 12, tzinfo=PARIS)]
    ledger = Ledger(tmp_path / "ledger", clock=lambda: clock[0])
    for hour, amount, counted in ((12, 1300, {"1000": 1, "500": 1, "200": 1, "100": 1}),
                                  (19, 700, {"1000": 1, "200": 1})):
        clock[0] = datetime(2026, 3, 10, hour, tzinfo=PARIS)  # a meal and a member a service
        ledger.append(Visit("eat", amount, "cash"), clock[0])
        record_membership(ledger, 500, "cash", clock[0])
        close_service(ledger, counted, 0, "", at=clock[0])
    period = ["--from", "2026-03-10", "--to", "2026-03-10"]
    target = tmp_path / f"out.{fmt}"

    def columns(per: str) -> list[str]:
        assert main(["--data-dir", str(tmp_path), "export", *period, "--per", per,
                     "--format", fmt, "-o", str(target), "--force"]) == 0, capsys.readouterr().err
        if fmt == "csv":
            return target.read_text(encoding="utf-8").splitlines()[0].split(",")
        if fmt == "json":
            return json.loads(target.read_text(encoding="utf-8"))["columns"]
        from openpyxl import load_workbook

        return [cell.value for cell in load_workbook(target).worksheets[0][1]]

    members, visits = columns("membership"), columns("visit")
    assert len(members) == 5 and len(visits) == 9, (members, visits)
    shared = set(members) & set(visits) - {"amount", "method", "voided", "montant", "moyen",
                                           "annulé", "Montant", "Moyen", "Annulé"}
    assert shared in ({"date"}, {"Date"}), shared
    assert not {"service", "Service", "time", "Heure"} & set(members)
