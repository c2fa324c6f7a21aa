"""The domain does not know Textual: importing it, or running a script command, leaves it out.

Each check runs in a fresh interpreter, since this test process may well have imported Textual.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

IMPORT_EVERYTHING_BUT_THE_APP = """
import importlib, json, pkgutil, sys
import kiosk, printer
names = []
for package in (kiosk, printer):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if module.name != "screens.app" and not module.name.endswith("__main__"):
            importlib.import_module(module.name)
            names.append(module.name)
print(json.dumps({"imported": names, "textual": sorted(m for m in sys.modules
                                                      if m.split(".")[0] == "textual")}))
"""

RUN_A_COMMAND = """
import json, sys
from kiosk.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "textual": sorted(m for m in sys.modules
                                                      if m.split(".")[0] == "textual")}))
"""


def fresh_python(code: str, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                            cwd=PROJECT, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_the_domain_and_the_printer_import_without_textual() -> None:
    found = fresh_python(IMPORT_EVERYTHING_BUT_THE_APP)
    assert {"kiosk.ledger.book", "kiosk.settings.config", "kiosk.cli",
            "printer.receipt"} <= set(found["imported"])
    assert found["textual"] == []


@pytest.mark.parametrize("command", [
    ("record", "--role", "eat", "--amount", "13", "--method", "cash"),
    ("void", "1", "--reason", "erreur"),
    ("verify",),
])
def test_script_commands_do_not_import_textual(data_dir: Path, command: tuple[str, ...]) -> None:
    fresh_python(RUN_A_COMMAND, "--data-dir", str(data_dir), "record", "--role", "eat",
                 "--amount", "5", "--method", "cash")
    found = fresh_python(RUN_A_COMMAND, "--data-dir", str(data_dir), *command)
    assert found == {"status": 0, "textual": []}
