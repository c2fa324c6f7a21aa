"""`kiosk tally [--date D]`: each service's running totals, read from the ledger, changing
nothing."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.books.closing import close_service
from kiosk.cli import main
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import CashMovement, Visit

PARIS = ZoneInfo("Europe/Paris")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 20, hour, minute, tzinfo=PARIS)


def fill(data_dir):
    now = [at(12, 7)]
    ledger = Ledger(data_dir / "ledger", clock=lambda: now[0])
    ledger.append(CashMovement("float", 5000), at(11))
    ledger.append(Visit("eat", 1300, "cash"), at(12))
    wrong = ledger.append(Visit("eat", 9900, "cash"), at(12, 5))
    ledger.void(wrong.seq, "typed 99 instead of 9")
    now[0] = at(20)
    ledger.append(Visit("both", 2000, "card", covers=2), at(12, 10))
    close_service(ledger, {"5000": 1, "1000": 1, "100": 3}, 2000, at=at(14))
    ledger.append(Visit("cook", 0, "none"), at(19))
    return ledger


def test_tally_prints_each_service_of_the_day_in_the_cantines_language_without_the_void(
        tmp_path, capsys):
    fill(tmp_path)
    files_before = {p: p.read_bytes() for p in (tmp_path / "ledger").glob("*.json")}
    assert main(["--data-dir", str(tmp_path), "tally", "--date", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    first, second = out.split("service 2")
    assert "service 1 (clôturé, Z 1)" in first
    assert first.split("Passages")[1].split("\n")[0].strip() == "2"
    assert "Passages annulés" in first
    assert "33,00" in first  # 13 + 20, the 99 voided
    assert "63,00" in first  # expected cash: float 50 + 13
    assert "(ouvert)" in second.splitlines()[0]
    assert "Cuisinent seulement" in second and "0,00" in second
    after = {p: p.read_bytes() for p in (tmp_path / "ledger").glob("*.json")}
    assert after == files_before


def test_a_bad_date_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "tally", "--date", "21/11/2026"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "21/11/2026" in err
    assert not (tmp_path / "ledger").exists()


def test_a_day_without_entries_says_so_and_creates_nothing(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "tally", "--date", "2026-11-19"]) == 0
    assert "aucune entrée" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_tally_speaks_another_language_when_asked(tmp_path, capsys):
    fill(tmp_path)
    assert main(["--data-dir", str(tmp_path), "tally", "--date", "2026-11-20",
                 "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "service 1 (closed, Z 1)" in out and "Voided visits" in out and "€33.00" in out
    assert "Passages" not in out


def test_an_unknown_language_is_one_line_and_exit_2(tmp_path, capsys):
    fill(tmp_path)
    assert main(["--data-dir", str(tmp_path), "tally", "--language", "xx"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "xx" in err


def test_a_closed_service_shows_what_its_z_shows(tmp_path, capsys):
    ledger = Ledger(tmp_path / "ledger", clock=lambda: at(14, 30))
    ledger.append(CashMovement("float", 5000), at(11))
    ledger.append(Visit("eat", 1300, "cash"), at(12))
    ledger.append(Visit("eat", 2000, "card"), at(12, 5))
    close_service(ledger, {"5000": 1, "1000": 1}, 2500, "2 € de monnaie rendus en trop; "
                  "5 € de carte d'un convive parti", at=at(14))
    assert main(["--data-dir", str(tmp_path), "tally", "--date", "2026-11-20"]) == 0
    lines = capsys.readouterr().out.replace("\u202f", " ").replace("\xa0", " ").splitlines()

    def row(label: str) -> str:
        [value] = [line.strip()[len(label):].strip() for line in lines
                   if re.split(r"\s{2,}", line.strip())[0] == label]
        return value

    assert row("Espèces attendues") == "63,00 €"
    assert row("Numéro Z") == "1"
    assert row("Espèces comptées") == "60,00 €"
    assert row("Écart espèces") == "-3,00 €"
    assert row("Annoncé par le prestataire") == "25,00 €"
    assert row("Écart carte") == "+5,00 €"
    assert any("2 € de monnaie rendus en trop" in line for line in lines)


def test_the_average_names_the_covers_it_is_taken_over(tmp_path, capsys):
    ledger = Ledger(tmp_path / "ledger", clock=lambda: at(12, 7))
    ledger.append(Visit("eat", 1300, "cash"), at(12))
    ledger.append(Visit("both", 2000, "card", covers=2), at(12, 5))
    ledger.append(Visit("cook", 500, "cash"), at(12, 6))  # a cook who gave anyway
    assert main(["--data-dir", str(tmp_path), "tally", "--date", "2026-11-20"]) == 0
    lines = capsys.readouterr().out.replace("\u202f", " ").replace("\xa0", " ").splitlines()

    def row(label: str) -> str:
        [value] = [line.strip()[len(label):].strip() for line in lines
                   if re.split(r"\s{2,}", line.strip())[0] == label]
        return value

    assert row("Couverts qui mangent") == "3"  # of 4 covers: the cook gives apart
    assert row("Couverts") == "4"
    # 33 € from the 3 covers that eat: 11 € each, which a reader can check from the rows
    assert row("Moyenne par couvert") == "11,00 €"  # on the row under them
    assert lines.index(next(line for line in lines if "Moyenne par couvert" in line)) == (
        lines.index(next(line for line in lines if "Couverts qui mangent" in line)) + 1)


def only_cooks(data_dir, clock):
    """A service where only cooks came (one gave 5 €): nobody ate, so no average per cover."""
    ledger = Ledger(data_dir / "ledger", clock=clock)
    ledger.append(Visit("cook", 0, "none"), clock())
    ledger.append(Visit("cook", 500, "cash"), clock())


def test_a_day_where_only_cooks_came_has_no_average_rather_than_zero(tmp_path, capsys):
    only_cooks(tmp_path, lambda: at(12))
    assert main(["--data-dir", str(tmp_path), "tally", "--date", "2026-11-20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    shown = {re.split(r"\s{2,}", line.strip())[0]: re.split(r"\s{2,}", line.strip())[-1]
             for line in lines if line.strip()}
    assert shown["Moyenne par couvert"] == "—" and shown["Médiane par couvert"] == "—"
    assert shown["Couverts qui mangent"] == "0"
    assert "5,00" in shown["Espèces"]  # a cook's money is still counted


def test_the_volunteers_tally_shows_no_average_on_a_day_where_only_cooks_came(tmp_path):
    from volunteers_support import FixedClock, drive, open_in_area

    from kiosk.settings.pin import hash_pin
    from kiosk.settings.pin_store import save_pin_hash
    from screens.app import make_app

    save_pin_hash(tmp_path, hash_pin("2468"))
    clock = FixedClock()
    only_cooks(tmp_path, clock)

    @drive
    async def scenario():
        app = make_app(tmp_path, clock=clock)
        async with app.run_test(size=(110, 44)) as pilot:
            await open_in_area(pilot, "2468", "t")
            table = app.screen.query_one("#figures")
            rows = {str(table.get_row_at(i)[0]).strip(): str(table.get_row_at(i)[1])
                    for i in range(table.row_count)}
            assert rows["Moyenne par couvert"] == "—" and rows["Médiane par couvert"] == "—"

    scenario()
