"""On a Pi, the welcome screen is drawn before anything a guest does not need at once is imported.

`python -X importtime` writes each import to stderr as it happens; the kiosk, run in a fresh
interpreter, writes a line there too when its first frame is handed to the terminal. Whatever is
listed before that line was paid for before the guest saw anything. The kiosk is set up to tempt
every heavy import: a card payment link (qrcode), a receipt printer (python-escpos, which brings
Pillow, pyusb and pyserial), a French cantine (Babel's locale data for the day on screen).
"""

import json
import re
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# Imported later, by what needs them: the day's name, amounts, receipts, the QR code, exports,
# charts.
HEAVY = ("babel", "escpos", "PIL", "qrcode", "usb", "serial", "openpyxl", "plotext")
# What the welcome screen does not need either: the ledger (TinyDB, the chain), the books.
NOT_BEFORE_WELCOME = ("tinydb", "kiosk.ledger.book", "kiosk.ledger.entries", "kiosk.books")
FIRST_FRAME = "-- first frame --"

KIOSK_UNTIL_PREPARED = """
import sys, time
from pathlib import Path
from screens.app import make_app
from screens.compat import time_each_frame

FIRST_FRAME = sys.argv[2]
folder = Path(sys.argv[1])
(folder / "kiosk.toml").write_text(
    '[payment.card]\\nlink = "https://pay.example.org/c?amount={amount}"\\n'
    '[printer]\\nconnection = "network"\\nhost = "127.0.0.1"\\nport = 9\\n', encoding="utf-8")
app = make_app(folder)
drawn = []

def seen(screen):
    if not drawn:
        drawn.append(screen)
        print(FIRST_FRAME, file=sys.stderr, flush=True)

time_each_frame(app, seen)

def day_shown(app):
    found = app.screen.query("#day")
    return str(found.first().render()).strip() if found else ""

async def until_prepared_for_guests(pilot):
    deadline = time.monotonic() + 60
    while not (day_shown(pilot.app) and pilot.app.ready_for_guests):
        assert time.monotonic() < deadline, "the day never came, or the kiosk never got ready"
        await pilot.pause(0.05)
    print("day:", day_shown(pilot.app), file=sys.stderr, flush=True)
    pilot.app.exit()

app.run(headless=True, size=(80, 24), auto_pilot=until_prepared_for_guests)
"""


def imports_around_first_frame(folder: Path) -> tuple[list[str], list[str], str]:
    """The modules imported before the kiosk's first frame, those after, and stderr."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", KIOSK_UNTIL_PREPARED,
                             str(folder), FIRST_FRAME], capture_output=True, text=True, cwd=PROJECT,
                            timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    before, after, seen = [], [], False
    for line in result.stderr.splitlines():
        if line == FIRST_FRAME:
            seen = True
        elif line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":  # the header line
                (after if seen else before).append(name)
    assert seen, "the kiosk never drew a frame"
    return before, after, result.stderr


def heavy(names: list[str]) -> list[str]:
    return sorted({name for name in names if name.split(".")[0] in HEAVY})


def test_the_welcome_screen_is_drawn_before_any_heavy_import(tmp_path: Path) -> None:
    before, after, said = imports_around_first_frame(tmp_path)
    assert heavy(before) == [], "imported before the welcome screen was drawn"
    # Nor the ledger's modules and the books: the welcome screen writes nothing.
    assert [name for name in before if name.startswith(NOT_BEFORE_WELCOME)] == []
    # The probe sees imports on both sides: Babel comes right after, for the day on screen,
    # and the printer's library as the last piece of the kiosk's preparation for guests.
    assert "babel.dates" in after and "escpos" in {name.split(".")[0] for name in after}
    assert "kiosk.ledger.book" in after  # the survey's counts file, made right after the frame
    # ...and the day the guest would otherwise have missed is on screen, in the cantine's words.
    assert re.search(r"^day: (lun|mar|mercre|jeu|vendre|same|diman)di? \d+ \w+ \d{4}$", said,
                     re.MULTILINE), said[-500:]


CHOOSE_RUN = """
import json, sys
from kiosk.cli import build_parser
build_parser().parse_args(["--data-dir", sys.argv[1], "run"])
print(json.dumps(sorted(sys.modules)))
"""


def test_the_command_line_chooses_run_without_loading_the_ledger_or_the_books(
        tmp_path: Path) -> None:
    # Every command's module is loaded for the command line's help, `kiosk run` included, and
    # the served kiosk runs `kiosk run` for each browser tab that opens.
    result = subprocess.run([sys.executable, "-c", CHOOSE_RUN, str(tmp_path)],
                            capture_output=True, text=True, cwd=PROJECT, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.splitlines()[-1])
    assert "kiosk.commands.doctor" in loaded and "kiosk.commands.demo" in loaded
    assert [name for name in loaded if name.startswith(NOT_BEFORE_WELCOME)] == []


RUN_WITHOUT_THE_APP = """
import gc, json, sys, types
seen = {}

def run_kiosk(data_dir):  # stands for screens.app, where Textual would be imported
    seen.update(collector=gc.isenabled(),
                textual=sorted(m for m in sys.modules if m.split(".")[0] == "textual"))
    return 0

stub = types.ModuleType("screens.app")
stub.run_kiosk = run_kiosk
sys.modules["screens.app"] = stub
from kiosk.cli import main
main(["--data-dir", sys.argv[1], "run"])
print(json.dumps(seen))
"""


def test_kiosk_run_pauses_the_collector_before_textual_is_imported(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", RUN_WITHOUT_THE_APP, str(tmp_path / "data")],
                            capture_output=True, text=True, cwd=PROJECT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {"collector": False, "textual": []}
