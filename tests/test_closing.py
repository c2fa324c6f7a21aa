"""Closing a service: the cash box adds up, Z numbers follow each other, closed means closed."""

import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.books.closing import ClosingRefused, build_closing, close_service
from kiosk.books.tally import tally
from kiosk.books.zreport import for_printer, write_z_report, z_report
from kiosk.ledger.book import Ledger, ServiceClosed
from kiosk.ledger.entries import CashMovement, Entry, SurveyAnswer, Visit, Void
from kiosk.settings.money import format_amount

PARIS = ZoneInfo("Europe/Paris")
START = datetime(2026, 11, 2, 11, 0, tzinfo=PARIS)

visits = st.builds(
    lambda role, amount, method, covers: Visit(role, amount, method if amount else "none", covers),
    st.sampled_from(["eat", "cook", "both"]), st.integers(0, 10_000),
    st.sampled_from(["cash", "card"]), st.integers(1, 6))
movements = st.builds(CashMovement, st.sampled_from(["float", "in", "out"]),
                      st.integers(1, 20_000), st.just("change for the bakery"))
answers = st.builds(SurveyAnswer, st.just("welcome"), st.sampled_from(["very", "rather"]))
steps = st.lists(st.one_of(visits, movements, answers, st.integers(0, 40)), max_size=40)


def as_entries(values) -> list[Entry]:
    """Values as a service's entries; an integer voids an earlier, not yet voided visit."""
    entries: list[Entry] = []
    for value in values:
        if isinstance(value, int):
            open_visits = [e.seq for e in entries if e.kind == "visit"
                           and not any(v.kind == "void" and v.value.visit == e.seq
                                       for v in entries)]
            if not open_visits:
                continue
            value = Void(open_visits[value % len(open_visits)], "wrong amount typed")
        kind = {Visit: "visit", Void: "void", CashMovement: "cash", SurveyAnswer: "answer"}
        entries.append(Entry(len(entries) + 1, "2026-11-02T12:00:00+01:00", kind[type(value)],
                             1, "2026-11-02", value, "", ""))
    return entries


@given(steps)
def test_expected_cash_is_float_plus_cash_contributions_plus_movements(values):
    entries = as_entries(values)
    voided = {e.value.visit for e in entries if e.kind == "void"}
    cash_given = sum(e.value.amount for e in entries if e.kind == "visit"
                     and e.value.method == "cash" and e.seq not in voided)
    moves = [e.value for e in entries if e.kind == "cash"]
    floats = sum(m.amount for m in moves if m.kind == "float")
    put_in = sum(m.amount for m in moves if m.kind == "in")
    taken_out = sum(m.amount for m in moves if m.kind == "out")
    figures = tally(entries)
    assert figures.expected_cash == floats + cash_given + put_in - taken_out
    if figures.expected_cash < 0:
        return  # more taken out than there was: no count can match, the closing must explain
    # Counting exactly what is expected closes without any explanation.
    closing = build_closing(entries, None, {"1": figures.expected_cash}, figures.card, "")
    assert closing.cash_difference == 0 and closing.card_difference == 0
    if figures.expected_cash != 1:
        with pytest.raises(ClosingRefused):
            build_closing(entries, None, {"1": 1}, figures.card, "")


service_plans = st.lists(st.lists(st.integers(0, 5_000), max_size=3), min_size=1, max_size=4)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(service_plans, st.integers(1, 2))
def test_z_numbers_follow_each_other_and_the_grand_total_sums_every_closing(plan, per_day):
    with tempfile.TemporaryDirectory() as folder:
        now = [START]
        ledger = Ledger(Path(folder) / "ledger", clock=lambda: now[0])
        closings = []
        for number, amounts in enumerate(plan):
            if number and number % per_day == 0:
                now[0] = now[0].replace(hour=11) + timedelta(days=1)  # next service day
            for amount in amounts:
                now[0] += timedelta(minutes=5)
                ledger.append(Visit("eat", amount, "card" if amount else "none"), now[0])
            now[0] += timedelta(minutes=30)
            closings.append(close_service(ledger, {}, sum(amounts)).value)
        assert [c.z for c in closings] == list(range(1, len(plan) + 1))
        running = 0
        for closing, amounts in zip(closings, plan, strict=False):
            running += sum(amounts)
            assert closing.totals["total"] == sum(amounts)
            assert closing.grand_total == running
        assert ledger.latest("closing").value.grand_total == sum(map(sum, plan))


@settings(max_examples=8, deadline=None)
@given(st.lists(st.integers(1, 3_000), min_size=1, max_size=4), st.integers(0, 3))
def test_a_closed_service_takes_no_new_entry_and_no_void(amounts, pick):
    with tempfile.TemporaryDirectory() as folder:
        now = [START]
        ledger = Ledger(Path(folder) / "ledger", clock=lambda: now[0])
        seqs = []
        for amount in amounts:
            now[0] += timedelta(minutes=3)
            seqs.append(ledger.append(Visit("eat", amount, "cash")).seq)
        now[0] += timedelta(minutes=30)
        close_service(ledger, {"1": sum(amounts)}, 0)
        files = {p.name: p.read_bytes() for p in Path(folder, "ledger").glob("*.json")}
        with pytest.raises(ServiceClosed):
            ledger.void(seqs[pick % len(seqs)], "late correction")
        with pytest.raises(ServiceClosed):
            ledger.append(Visit("eat", 500, "cash"), START + timedelta(minutes=1))
        assert {p.name: p.read_bytes() for p in Path(folder, "ledger").glob("*.json")} == files
        now[0] += timedelta(minutes=1)
        assert ledger.append(Visit("eat", 500, "cash")).service == 2


def test_the_z_report_is_written_under_exports_with_its_figures(tmp_path):
    ledger = Ledger(tmp_path / "ledger", clock=lambda: START + timedelta(hours=3))
    ledger.append(CashMovement("float", 3000), START)
    ledger.append(Visit("both", 2600, "cash", covers=2), START + timedelta(minutes=20))
    entry = close_service(ledger, {"2000": 2, "1000": 1, "500": 1, "100": 1}, 0,
                          explanation="a guest gave 1 € more than typed")
    report = z_report(entry, "Cantine des Lilas", lambda c: format_amount(c, "fr_FR", "EUR"))
    path = write_z_report(report, tmp_path)
    assert path == tmp_path / "exports" / "Z-0001-2026-11-02.txt"
    text = path.read_text()
    rows = dict(report.rows)
    assert rows["Espèces attendues"].startswith("56,00")
    assert rows["Espèces comptées"].startswith("56,00")
    assert rows["Écart espèces"].startswith("0,00")
    assert "a guest gave 1 € more than typed" in text
    assert "Total général depuis le premier service" in text
    printed = for_printer(report)
    assert printed  # either the printer's ZReport or plain lines, never empty


def test_the_z_report_prints_through_the_print_service_to_a_file_printer(tmp_path):
    from printer.receipt import ZReport as PrintedZReport
    from printer.service import make_print_service
    from printer.settings import PrinterSettings

    ledger = Ledger(tmp_path / "ledger", clock=lambda: START + timedelta(hours=2))
    ledger.append(Visit("eat", 1300, "card"), START)
    entry = close_service(ledger, {}, 1300)
    report = z_report(entry, "Cantine des Lilas", lambda c: format_amount(c, "fr_FR", "EUR"))
    printed = for_printer(report)
    assert isinstance(printed, PrintedZReport) and printed.rows == report.rows
    paper = tmp_path / "printer.bin"
    paper.touch()
    service = make_print_service(PrinterSettings(connection="file", path=str(paper)),
                                 tmp_path / "print-queue")
    outcome = service.print_z_report(printed)
    assert outcome.printed, outcome.error
    assert b"Cantine des Lilas - Z 1" in paper.read_bytes()
