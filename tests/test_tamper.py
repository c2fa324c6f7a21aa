"""A hand-edited ledger never passes for an intact one: `kiosk verify` exits 1 and names the
place."""

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.books.closing import close_service
from kiosk.ledger.book import INDEX_NAME, RECORD_NAME, Ledger, entry_hash
from kiosk.ledger.entries import SurveyAnswer, Visit

PARIS = ZoneInfo("Europe/Paris")
FIRST_DAY, SECOND_DAY = "2026-11-20", "2026-11-21"


@pytest.fixture
def ledger_folder(data_dir: Path) -> Path:
    """Two days: seqs 1-4 and the closing 5 on the 20th, 6-9 (still open) on the 21st."""
    ledger = Ledger(data_dir / "ledger")
    for day in (20, 21):
        noon = datetime(2026, 11, day, 12, 0, tzinfo=PARIS)
        for minute, value in enumerate([Visit("eat", 1300, "cash"), Visit("both", 2000, "card", 2),
                                        SurveyAnswer("welcome", "very"), Visit("cook", 0, "none")]):
            ledger.append(value, at=noon + timedelta(minutes=minute))
        if day == 20:
            close_service(ledger, {"1000": 1, "200": 1, "100": 1}, 2000, at=noon.replace(hour=15))
    return ledger.folder


def edit(path: Path, change: Callable[[dict[str, dict]], object]) -> None:
    """Change a day file's table of documents by hand, as someone with a text editor would."""
    data = json.loads(path.read_bytes())
    change(data["_default"])
    path.write_text(json.dumps(data))


def refused(run_kiosk_cli) -> str:
    result = run_kiosk_cli("verify")
    assert result.returncode == 1, result.stdout
    assert result.stderr.count("\n") == 1
    return result.stderr


def test_the_untouched_ledger_verifies(ledger_folder: Path, run_kiosk_cli) -> None:
    result = run_kiosk_cli("verify")
    assert result.returncode == 0 and "ok: 9 entries in 2 files" in result.stdout


def test_an_edited_amount_is_named(ledger_folder: Path, run_kiosk_cli) -> None:
    edit(ledger_folder / f"{FIRST_DAY}.json", lambda t: t["2"]["data"].update(amount=200))
    message = refused(run_kiosk_cli)
    assert f"{FIRST_DAY}.json: entry 2 was changed" in message


def test_an_edited_amount_with_its_hash_recomputed_breaks_the_chain(ledger_folder: Path,
                                                                   run_kiosk_cli) -> None:
    def forge(table: dict[str, dict]) -> None:
        table["2"]["data"]["amount"] = 200
        table["2"]["hash"] = entry_hash(table["2"])

    edit(ledger_folder / f"{FIRST_DAY}.json", forge)
    assert f"{FIRST_DAY}.json: entry 3 does not follow entry 2" in refused(run_kiosk_cli)


def test_a_deleted_entry_is_named(ledger_folder: Path, run_kiosk_cli) -> None:
    edit(ledger_folder / f"{FIRST_DAY}.json", lambda t: t.pop("3"))
    assert f"{FIRST_DAY}.json: entry 4: entry 3 is missing" in refused(run_kiosk_cli)


def test_deleting_the_last_entries_is_noticed(ledger_folder: Path, run_kiosk_cli) -> None:
    edit(ledger_folder / f"{SECOND_DAY}.json", lambda t: [t.pop("4"), t.pop("3")])
    message = refused(run_kiosk_cli)
    assert f"{SECOND_DAY}.json: the ledger ends at entry 7 but entry 9 was written" in message


def test_a_deleted_day_file_is_noticed(ledger_folder: Path, run_kiosk_cli) -> None:
    (ledger_folder / f"{FIRST_DAY}.json").unlink()
    assert "entries 1 to 5 are missing" in refused(run_kiosk_cli)


def test_an_emptied_file_is_named(ledger_folder: Path, run_kiosk_cli) -> None:
    (ledger_folder / f"{FIRST_DAY}.json").write_bytes(b"")
    assert f"{FIRST_DAY}.json is empty" in refused(run_kiosk_cli)


def test_a_truncated_file_is_named(ledger_folder: Path, run_kiosk_cli) -> None:
    path = ledger_folder / f"{SECOND_DAY}.json"
    path.write_bytes(path.read_bytes()[:-40])
    assert f"{SECOND_DAY}.json does not parse" in refused(run_kiosk_cli)


def test_a_reordered_pair_is_named(ledger_folder: Path, run_kiosk_cli) -> None:
    def swap(table: dict[str, dict]) -> None:
        table["2"], table["3"] = table["3"], table["2"]

    edit(ledger_folder / f"{SECOND_DAY}.json", swap)
    assert f"{SECOND_DAY}.json: entry 7 is stored after entry 8" in refused(run_kiosk_cli)


def test_swapped_entry_numbers_are_named(ledger_folder: Path, run_kiosk_cli) -> None:
    def renumber(table: dict[str, dict]) -> None:
        table["2"]["seq"], table["3"]["seq"] = 3, 2
        table["2"], table["3"] = table["3"], table["2"]  # stored in number order again

    edit(ledger_folder / f"{FIRST_DAY}.json", renumber)
    assert f"{FIRST_DAY}.json: entry 2 was changed" in refused(run_kiosk_cli)


def test_an_entry_moved_to_another_day_is_named(ledger_folder: Path, run_kiosk_cli) -> None:
    first, second = ledger_folder / f"{FIRST_DAY}.json", ledger_folder / f"{SECOND_DAY}.json"
    moved = json.loads(first.read_bytes())["_default"]["4"]
    edit(first, lambda t: t.pop("4"))
    edit(second, lambda t: t.update({"0": moved}))
    assert f"{SECOND_DAY}.json: entry 4 belongs to {FIRST_DAY}" in refused(run_kiosk_cli)


def test_an_emptied_day_is_not_silently_restarted(ledger_folder: Path, run_kiosk_cli) -> None:
    (ledger_folder / f"{SECOND_DAY}.json").write_bytes(b"")
    recorded = run_kiosk_cli("record", "--role", "eat", "--amount", "4", "--method", "cash",
                             "--at", f"{SECOND_DAY}T13:00")
    assert recorded.returncode == 0
    assert recorded.stdout.splitlines()[-1] == "10", "the lost entries' ids are not reused"
    assert "LEDGER DAMAGE" in recorded.stderr
    kept = list((ledger_folder / "damaged").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == b""
    for _ in range(2):  # and it keeps failing: the damage is not forgotten once written over
        message = refused(run_kiosk_cli)
        assert str(kept[0]) in message and "set aside" in message


def test_an_index_edited_to_hide_a_deletion_still_leaves_a_gap(ledger_folder: Path,
                                                              run_kiosk_cli) -> None:
    edit(ledger_folder / f"{SECOND_DAY}.json", lambda t: t.pop("2"))
    (ledger_folder / INDEX_NAME).unlink(missing_ok=True)
    (ledger_folder / RECORD_NAME).unlink()  # the head's record names the last entry too
    assert f"{SECOND_DAY}.json: entry 8: entry 7 is missing" in refused(run_kiosk_cli)
