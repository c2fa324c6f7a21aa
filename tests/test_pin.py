"""The volunteers' PIN is stored as a salted scrypt hash in kiosk.toml, never in clear."""

import subprocess
import sys
import tomllib

import pytest

from kiosk.settings.config import load_config
from kiosk.settings.pin import verify_pin
from kiosk.settings.pin_store import PinNotSaved, save_pin, with_pin_hash

HAND_WRITTEN = """\
# Our cantine, rue des Lilas
[cantine]
name = "Cantine des Lilas"  # as on the door

[kiosk]
# back to welcome after a minute and a half
idle_timeout = 90
pin_hash = "old"

[printer]
connection = "none"
"""


def set_pin(data_dir, typed: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "set-pin"],
                          input=typed, capture_output=True, text=True, timeout=60)


def test_set_pin_from_stdin_stores_a_hash_that_is_not_the_pin(tmp_path):
    done = set_pin(tmp_path, "482913\n482913\n")
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "kiosk.toml").read_text()
    assert "482913" not in text
    stored = load_config(tmp_path).kiosk.pin_hash
    assert stored.startswith("scrypt$")
    assert verify_pin("482913", stored)
    assert not verify_pin("482914", stored)
    assert not verify_pin("", stored)


def test_two_hashes_of_one_pin_differ_by_their_salt(tmp_path):
    save_pin(tmp_path, "1234")
    first = load_config(tmp_path).kiosk.pin_hash
    save_pin(tmp_path, "1234")
    second = load_config(tmp_path).kiosk.pin_hash
    assert first != second
    assert verify_pin("1234", first) and verify_pin("1234", second)


@pytest.mark.parametrize("typed, why", [
    ("1234\n1243\n", "differ"),
    ("12\n12\n", "4 to 8 digits"),
    ("123456789\n123456789\n", "4 to 8 digits"),
    ("12ab\n12ab\n", "4 to 8 digits"),
    ("1234\n", "twice"),
])
def test_set_pin_refuses_and_writes_nothing(tmp_path, typed, why):
    (tmp_path / "kiosk.toml").write_text(HAND_WRITTEN)
    done = set_pin(tmp_path, typed)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert why in done.stderr
    assert (tmp_path / "kiosk.toml").read_text() == HAND_WRITTEN


def test_saving_keeps_the_rest_of_a_hand_written_file(tmp_path):
    (tmp_path / "kiosk.toml").write_text(HAND_WRITTEN)
    save_pin(tmp_path, "5555")
    text = (tmp_path / "kiosk.toml").read_text()
    changed = [(a, b) for a, b in zip(HAND_WRITTEN.splitlines(), text.splitlines(), strict=False)
               if a != b]
    assert len(text.splitlines()) == len(HAND_WRITTEN.splitlines())
    assert [a for a, _ in changed] == ['pin_hash = "old"']
    config = load_config(tmp_path)
    assert config.cantine.name == "Cantine des Lilas"
    assert verify_pin("5555", config.kiosk.pin_hash)


def test_a_kiosk_section_without_pin_gets_one_and_a_missing_section_is_added():
    with_section = with_pin_hash("[kiosk]\nidle_timeout = 60\n\n[printer]\n", "scrypt$x")
    assert tomllib.loads(with_section)["kiosk"] == {"idle_timeout": 60, "pin_hash": "scrypt$x"}
    without = with_pin_hash('[cantine]\nname = "A"', "scrypt$y")
    assert tomllib.loads(without) == {"cantine": {"name": "A"}, "kiosk": {"pin_hash": "scrypt$y"}}
    assert tomllib.loads(with_pin_hash("", "scrypt$z")) == {"kiosk": {"pin_hash": "scrypt$z"}}


def test_an_unreadable_kiosk_toml_is_left_alone(tmp_path):
    (tmp_path / "kiosk.toml").write_text("[kiosk\nbroken")
    with pytest.raises(PinNotSaved):
        save_pin(tmp_path, "1234")
    assert (tmp_path / "kiosk.toml").read_text() == "[kiosk\nbroken"
