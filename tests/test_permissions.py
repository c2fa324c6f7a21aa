"""The cantine's files are not readable by the machine's other users.

Checked on what the real commands leave on disk: the data dir, the ledger (0640 or tighter),
kiosk.toml after `kiosk set-pin` (0600), an export; and `kiosk doctor` names what is still open.
"""

import stat
from pathlib import Path

from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit

RECORD = ("record", "--role", "eat", "--amount", "13", "--method", "cash")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_fresh_data_dir_and_its_ledger_are_closed_to_other_users(data_dir, run_kiosk_cli):
    assert run_kiosk_cli(*RECORD).returncode == 0
    assert mode(data_dir) & 0o027 == 0
    ledger = data_dir / "ledger"
    for path in [ledger, *ledger.rglob("*")]:
        assert mode(path) & 0o027 == 0, f"{path} is {oct(mode(path))}"
    exported = data_dir / "days.csv"
    result = run_kiosk_cli("export", "--from", "2020-01-01", "--to", "2030-01-01", "-o", exported)
    assert result.returncode == 0 and mode(exported) & 0o027 == 0


def test_an_old_data_dir_open_to_all_is_closed_by_the_next_writer(data_dir, run_kiosk_cli):
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o777)
    assert run_kiosk_cli(*RECORD).returncode == 0
    assert mode(data_dir) == 0o750


def test_kiosk_toml_is_0600_after_set_pin_even_if_it_was_open(data_dir, run_kiosk_cli):
    data_dir.mkdir()
    settings = data_dir / "kiosk.toml"
    settings.write_text('[cantine]\nname = "La Cantine"\n', encoding="utf-8")
    settings.chmod(0o644)
    result = run_kiosk_cli("set-pin", input="2468\n2468\n")
    assert result.returncode == 0, result.stderr
    assert mode(settings) == 0o600 and "pin_hash" in settings.read_text()
    assert 'name = "La Cantine"' in settings.read_text()


def test_doctor_names_a_data_dir_others_can_read(data_dir, run_kiosk_cli):
    Ledger(data_dir / "ledger").append(Visit("eat", 1300, "cash"))
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    result = run_kiosk_cli("doctor")
    [problem] = [line for line in result.stdout.splitlines() if "privacy" in line]
    assert problem.startswith(f"PROBLEM privacy: other users can read {data_dir}")
    assert f"chmod -R o-rwx {data_dir}" in problem
    assert mode(data_dir) == 0o755  # the doctor reads and never repairs
    data_dir.chmod(0o750)
    result = run_kiosk_cli("doctor")
    assert "ok      privacy" in result.stdout
