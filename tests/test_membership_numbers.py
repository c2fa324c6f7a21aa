"""Membership numbers through a damaged or deleted day (issue 18, finding H1): five members hold
A-2026-0001 to 0005 on their slips and in the register; the day file that says so is set aside as
damaged, or deleted. The next member must never be given one of those numbers again, exactly as
entry ids and Z numbers carry on. Receipt numbers, kept the same way, must carry on too."""

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.books.receipts import ask_receipt
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit

PARIS = ZoneInfo("Europe/Paris")
YEAR = datetime.now(PARIS).year


def flip_an_amount(day_file: Path) -> None:
    """A flipped value that still parses: 500 cents become 501 in the first entry."""
    raw = day_file.read_bytes()
    assert b'"amount":500' in raw
    day_file.write_bytes(raw.replace(b'"amount":500', b'"amount":501', 1))


def lose_the_index_too(day_file: Path) -> None:
    """The day is damaged and the index that knew it is gone: only the record remembers."""
    flip_an_amount(day_file)
    (day_file.parent / ".index.json").unlink(missing_ok=True)


LOSSES = {"damaged": flip_an_amount, "deleted": Path.unlink,
          "damaged, index lost": lose_the_index_too}


@pytest.mark.parametrize("lose", LOSSES.values(), ids=LOSSES.keys())
def test_a_day_lost_never_makes_a_membership_number_given_twice(data_dir: Path, run_kiosk_cli,
                                                                 lose) -> None:
    data_dir.mkdir()
    (data_dir / "kiosk.toml").write_text("[membership]\nenabled = true\n")
    given = []
    for _ in range(5):
        result = run_kiosk_cli("record", "--membership", "--amount", "5", "--method", "cash")
        assert result.returncode == 0, result.stderr
        given.append(result.stdout.splitlines()[-2])
    assert given[-1] == f"A-{YEAR}-0005"
    [day_file] = (data_dir / "ledger").glob("????-??-??.json")
    lose(day_file)

    after = [run_kiosk_cli("record", "--membership", "--amount", "5", "--method", "cash")
             for _ in range(2)]
    assert all(r.returncode == 0 for r in after), after[0].stderr
    numbers = [r.stdout.splitlines()[-2] for r in after]
    ids = [r.stdout.splitlines()[-1] for r in after]
    assert numbers == [f"A-{YEAR}-0006", f"A-{YEAR}-0007"], "no member's number given again"
    assert ids == ["6", "7"], "no entry id given again"


def test_a_day_lost_never_makes_a_receipt_number_given_twice(data_dir: Path) -> None:
    folder = data_dir / "ledger"
    ledger = Ledger(folder)
    for _ in range(3):
        ask_receipt(ledger, ledger.append(Visit("eat", 500, "cash")))
    [day_file] = folder.glob("????-??-??.json")
    flip_an_amount(day_file)
    fresh = Ledger(folder)  # another process: it reads the witnesses again
    assert ask_receipt(fresh, fresh.append(Visit("eat", 700, "cash"))) == f"{YEAR}-000004"


def test_an_index_written_before_numbered_series_is_still_read(data_dir: Path,
                                                                run_kiosk_cli) -> None:
    """A kiosk updated in place: its index and record have no `numbers` yet; nothing breaks."""
    data_dir.mkdir()
    (data_dir / "kiosk.toml").write_text("[membership]\nenabled = true\n")
    assert run_kiosk_cli("record", "--membership", "--amount", "5", "--method", "cash"
                         ).returncode == 0
    record_path = data_dir / "ledger" / ".head"
    record = json.loads(record_path.read_bytes().strip(b"\0 \n"))
    record.pop("numbers")
    record_path.write_bytes(json.dumps(record).encode().ljust(1024))
    index_path = data_dir / "ledger" / ".index.json"
    if index_path.exists():
        index = json.loads(index_path.read_text())
        index.pop("numbers")
        for line in index["files"].values():
            line.pop("numbers")
        index_path.write_text(json.dumps(index))
    result = run_kiosk_cli("record", "--membership", "--amount", "5", "--method", "cash")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [f"A-{YEAR}-0002", "2"]
    assert run_kiosk_cli("verify").returncode == 0
