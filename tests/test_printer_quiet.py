"""python-escpos says nothing on the terminal: no logging set-up of its own, no prints. What it
has to say goes to the app's log, when the app keeps one. Each check runs in a fresh
interpreter, since this test process imported python-escpos long ago (and pytest configures
logging itself)."""

import json
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

# Everything that made python-escpos talk: importing it, a QR code sent as a picture with the
# default profile (its "media.width.pixel" print), a USB printer that is not there, a serial
# port that does not exist, a network printer that refuses; then a receipt through the service.
EXERCISE = """
import json, logging, sys, tempfile
kept = []
if sys.argv[1] == "with a log":
    class Keep(logging.Handler):
        def emit(self, record):
            kept.append(record.name)
    logging.getLogger().addHandler(Keep())
    logging.getLogger().setLevel(logging.DEBUG)
before = list(logging.getLogger().handlers)

from printer.layout import job_bytes, print_test_slip
from printer.service import PrintService
from printer.settings import PrinterSettings

job_bytes(print_test_slip, PrinterSettings(qr="image"))
for settings in (PrinterSettings(connection="usb", vendor_id=0xFFFF, product_id=0xFFFE,
                                 timeout=0.2),
                 PrinterSettings(connection="serial", device="/dev/ttyNOPE", timeout=0.2),
                 PrinterSettings(connection="network", host="127.0.0.1", port=9, timeout=0.2)):
    from printer.receipt import Receipt
    receipt = Receipt("C", "", "now", "1", "eat", "Repas", 1, 0, "selon vos moyens", "none", "",
                      "Merci")
    PrintService(settings, tempfile.mkdtemp()).print_receipt(receipt)
print(json.dumps({"root handlers unchanged": logging.getLogger().handlers == before,
                  "escpos records": sorted({n for n in kept if n.startswith("escpos")}),
                  "printer records": sorted({n for n in kept if n.startswith("printer")})}))
"""


def run(mode: str) -> tuple[dict, str, str]:
    result = subprocess.run([sys.executable, "-c", EXERCISE, mode], capture_output=True,
                            text=True, cwd=PROJECT, timeout=60)
    assert result.returncode == 0, result.stderr
    *said, last = result.stdout.splitlines()
    return json.loads(last), "\n".join(said), result.stderr


def test_python_escpos_prints_and_logs_nothing_to_the_terminal():
    found, stdout, stderr = run("no log")
    assert stdout == "" and stderr == ""
    assert found["root handlers unchanged"]  # no basicConfig() left behind


def test_what_python_escpos_says_goes_to_the_apps_log_under_its_own_name():
    found, stdout, stderr = run("with a log")
    assert stdout == "" and stderr == ""
    assert found["root handlers unchanged"]
    assert "escpos.escpos" in found["escpos records"]  # its print, now a log record
    assert "printer.service" in found["printer records"]  # the failed jobs
