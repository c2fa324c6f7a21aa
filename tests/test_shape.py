"""What a valid day file is: every entry shaped as its kind says and its hash right. Tried with
every single bit of a real day file flipped, and with entry kinds the ledger does not know yet."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.books.closing import close_service
from kiosk.ledger import entries, shape
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import SurveyAnswer, Visit
from kiosk.ledger.rawday import parse_vouching
from kiosk.ledger.storage import UnreadableLedgerFile

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def day_file(data_dir: Path) -> Path:
    ledger = Ledger(data_dir / "ledger")
    noon = datetime(2026, 11, 20, 12, 0, tzinfo=PARIS)
    visit = ledger.append(Visit("both", 2650, "card", 2), noon)
    ledger.append(SurveyAnswer("welcome", "très"), noon)
    ledger.void(visit.seq, "saisi deux fois « oups »")
    close_service(ledger, {"200": 1}, 0, "écart", at=noon.replace(hour=14))
    return ledger.folder / "2026-11-20.json"


def test_the_kiosks_own_file_is_vouched_for_entry_by_entry(day_file: Path) -> None:
    data, vouched = parse_vouching(day_file.read_bytes())
    assert len(vouched) == len(data["_default"]) == 4


def test_a_flipped_bit_in_every_byte_of_a_day_file_is_damage(day_file: Path) -> None:
    """Every byte gets a flip (a different bit from byte to byte, all eight in turn)."""
    original = day_file.read_bytes()
    reader = Ledger(day_file.parent, read_only=True)
    assert len(reader.documents_at(day_file)) == 4
    missed = []
    for position in range(len(original)):
        for bit in (position % 8, (position * 5 + 3) % 8):
            flipped = bytearray(original)
            flipped[position] ^= 1 << bit
            day_file.write_bytes(bytes(flipped))
            try:
                reader.documents_at(day_file)
            except UnreadableLedgerFile:
                continue
            missed.append((position, bit, original[max(0, position - 20):position + 20]))
    assert not missed, f"{len(missed)} flips read as intact, e.g. {missed[:3]}"


def test_a_kind_added_to_the_entries_is_checked_by_its_own_fields(monkeypatch) -> None:
    """A new kind (as another branch adds) needs no list here: its dataclass is the schema."""

    @dataclass(frozen=True)
    class Tip:
        amount: int
        method: str
        note: str = ""

    monkeypatch.setitem(entries.KINDS, "tip", Tip)
    shape.payload_fields.cache_clear()
    shape._plain_types.cache_clear()
    try:
        assert shape.payload_problem("tip", {"amount": 200, "method": "cash"}) == ""
        assert "no 'method'" in shape.payload_problem("tip", {"amount": 200})
        assert "'amount' is str" in shape.payload_problem("tip", {"amount": "2", "method": "x"})
        assert "unknown field" in shape.payload_problem("tip", {"amount": 2, "method": "x",
                                                               "who": "Ada"})
    finally:
        shape.payload_fields.cache_clear()
        shape._plain_types.cache_clear()
