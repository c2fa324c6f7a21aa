"""Settings that would break the running kiosk stop its start, with one line naming the file,
the line and the real key; nothing of them is left to show itself at the door.

Each bad setting is tried through the real command, `kiosk --data-dir D run`, as a volunteer
would start the kiosk after editing kiosk.toml.
"""

import codecs
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.settings.checks import GUEST_KEYS, KIOSK_KEYS, iban_problem
from kiosk.settings.config import ConfigError, load_config
from kiosk.settings.pin import verify_pin
from kiosk.settings.pin_store import save_pin
from screens.app import LOCKED_KEYS

PROJECT = Path(__file__).resolve().parent.parent
LINK = "https://pay.example.org/cantine?amount={amount}"
LONG_LINK = "https://pay.example.org/" + "x" * 3000 + "?amount={amount}"
GOOD_IBAN = "FR76 3000 6000 0112 3456 7890 189"


def start(data_dir: Path, text: str, bom: bool = False) -> subprocess.CompletedProcess:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "kiosk.toml").write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode())
    return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "run"],
                          capture_output=True, text=True, timeout=60, cwd=PROJECT,
                          stdin=subprocess.DEVNULL)


# The bad settings the issue met at the door, each through the real `kiosk run`.
AT_THE_DOOR = [
    ("[kiosk]\nthanks_seconds = -5\n", 2, "kiosk.thanks_seconds", "from 1 to 120"),
    ("[kiosk]\nidle_timeout = nan\n", 2, "kiosk.idle_timeout", "not nan"),
    (f'[payment.card]\nlink = "{LONG_LINK}"\n', 2, "payment.card.link", "at most 300"),
    ('[payment.card]\nlink = "javascript:alert(1)//{amount}"\n', 2, "payment.card.link",
     "https://"),
    ('[payment.card]\nlink = "data:text/html,<b>{amount}</b>"\n', 2, "payment.card.link",
     "https://"),
    ('[payment.card]\nlink = "http://pay.example.org/?amount={amount}"\n', 2,
     "payment.card.link", "https://"),
    ('[kiosk]\nvolunteer_key = "1"\n', 2, "kiosk.volunteer_key", "the guest screens use"),
    ('[kiosk]\npin_hash = "garbage"\n', 2, "kiosk.pin_hash", "kiosk set-pin"),
    ('[cantine]\nlanguages = ["de"]\n', 2, "cantine.languages", "available: en, fr"),
    ("[contribution]\nsuggested = 0\n", 2, "contribution.suggested", "above 0"),
]
# More of the same kind, read by the same code (load_config) without starting a process each.
MORE = [
    ("[kiosk]\nthanks_seconds = 0\n", 2, "kiosk.thanks_seconds", "from 1 to 120"),
    ("[kiosk]\nidle_timeout = inf\n", 2, "kiosk.idle_timeout", "not inf"),
    ("[kiosk]\nidle_timeout = 1e12\n", 2, "kiosk.idle_timeout", "from 5 to 3600"),
    ("[kiosk]\nserve_port = 0\n", 2, "kiosk.serve_port", "from 1 to 65535"),
    ('[printer]\nconnection = "network"\nhost = "10.0.0.9"\ntimeout = nan\n', 4,
     "printer.timeout", "not nan"),
    ("[printer]\nport = 70000\n", 2, "printer.port", "from 1 to 65535"),
    ("[printer]\nwidth = 4000\n", 2, "printer.width", "from 16 to 80"),
    ('[payment.card]\nlink = "https:///?amount={amount}"\n', 2, "payment.card.link",
     "https://"),
    ('[payment.card]\nlink = "https://pay.example.org/?a={amount}\\nb"\n', 2,
     "payment.card.link", "control characters"),
    ('[payment.card]\nepc_name = "Cantine"\nepc_iban = "FR76 3000 6000 0112 3456 7890 188"\n',
     3, "payment.card.epc_iban", "check digits"),
    ('[payment.card]\nepc_name = "Cantine"\nepc_iban = "hello"\n', 3, "payment.card.epc_iban",
     "not an IBAN"),
    (f'[payment.card]\nepc_iban = "{GOOD_IBAN}"\nepc_bic = "BNP"\nepc_name = "C"\n', 3,
     "payment.card.epc_bic", "not a BIC"),
    # A key that is missing is named with the line of its section.
    (f'[payment.card]\nepc_iban = "{GOOD_IBAN}"\n', 1, "payment.card.epc_name",
     "name the transfer goes to"),
    ('[kiosk]\nvolunteer_key = "enter"\n', 2, "kiosk.volunteer_key", "the guest screens use"),
    ('[kiosk]\nvolunteer_key = "ctrl+q"\n', 2, "kiosk.volunteer_key", "keeps for itself"),
    ('[kiosk]\nvolunteer_key = "f3"\n', 2, "kiosk.volunteer_key", "keeps for itself"),
    ('[kiosk]\nvolunteer_key = "a"\n', 2, "kiosk.volunteer_key", "a function key"),
    ('[kiosk]\nvolunteer_key = ""\n', 2, "kiosk.volunteer_key", "a function key"),
    ('[kiosk]\npin_hash = "scrypt$16384$8$1$zz$00"\n', 2, "kiosk.pin_hash", "hexadecimal"),
    ('[kiosk]\npin_hash = "scrypt$1000000000$8$1$00$00"\n', 2, "kiosk.pin_hash", "cost"),
    ('[cantine]\nlanguages = ["fr", "en", "fr"]\n', 2, "cantine.languages", "twice"),
    ('[cantine]\nlanguages = []\n', 2, "cantine.languages", "available: en, fr"),
    ("[contribution]\n\nceiling = 10\n", 3, "contribution.ceiling", "above the ceiling"),
    ("[contribution]\npresets = [0, 5, 5, 13]\n", 2, "contribution.presets", "twice"),

]


@pytest.mark.parametrize(("text", "line", "key", "said"), AT_THE_DOOR)
def test_each_bad_setting_stops_the_start_with_one_line(tmp_path, text, line, key, said):
    result = start(tmp_path, text)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"kiosk: {tmp_path / 'kiosk.toml'}:{line}: {key}: "), \
        result.stderr
    assert said in result.stderr


@pytest.mark.parametrize(("text", "line", "key", "said"), MORE)
def test_each_impossible_setting_is_refused_naming_its_key_and_line(tmp_path, text, line, key,
                                                                    said):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "kiosk.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(tmp_path)
    message = str(refused.value)
    assert message.startswith(f"{tmp_path / 'kiosk.toml'}:{line}: {key}: "), message
    assert said in message and "\n" not in message


def test_a_bom_is_read_as_the_start_of_the_text_not_as_a_statement(tmp_path):
    text = '[cantine]\nname = "Chez Léa"\n[kiosk]\nthanks_seconds = -5\n'
    result = start(tmp_path, text, bom=True)
    assert "Invalid statement" not in result.stderr
    assert "kiosk.toml:4: kiosk.thanks_seconds" in result.stderr  # the real line, counted right
    (tmp_path / "kiosk.toml").write_bytes(codecs.BOM_UTF8
                                          + '[cantine]\nname = "Chez Léa"\n'.encode())
    assert load_config(tmp_path).cantine.name == "Chez Léa"
    save_pin(tmp_path, "2468")  # set-pin keeps the file as it was, its BOM included
    assert (tmp_path / "kiosk.toml").read_bytes().startswith(codecs.BOM_UTF8)
    assert verify_pin("2468", load_config(tmp_path).kiosk.pin_hash)


def test_good_card_settings_are_accepted(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "kiosk.toml").write_text(
        f'[payment.card]\nlink = "{LINK}"\nepc_iban = "{GOOD_IBAN}"\nepc_bic = "AGRIFRPP882"\n'
        'epc_name = "Petite Cantine"\n')
    card = load_config(tmp_path).card
    assert card.link == LINK and card.enabled
    assert iban_problem("BE71 0961 2345 6769") == ""
    assert iban_problem("DE89370400440532013000") == ""


def test_the_keys_kept_from_the_volunteers_are_every_key_a_guest_screen_answers_to():
    """Read from the screens themselves: a new key on a guest button must be added to GUEST_KEYS,
    or a cantine could make it the volunteers' key."""
    import ast

    found = set()
    for path in [*(PROJECT / "screens" / "guest").glob("*.py"), PROJECT / "screens" / "base.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(
                    node.func, "id", "")) in ("button", "KeyButton"):
                keys = node.args[1:2] + [k.value for k in node.keywords if k.arg == "also"]
                for key in keys:
                    for constant in ast.walk(key):
                        if isinstance(constant, ast.Constant) and isinstance(constant.value, str):
                            found.add(constant.value)
    assert found  # the walk found the guest buttons' keys
    assert found - {"⌫", ","} <= GUEST_KEYS  # "⌫" and "," are only labels of the keypad
    assert set(LOCKED_KEYS.split(",")) <= KIOSK_KEYS
