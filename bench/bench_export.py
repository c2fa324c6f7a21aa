"""Exporting a year: `kiosk export` against a bare process that only json-loads every ledger file.

The history is `kiosk demo --days 250 --per-day 120`, generated once into a temporary folder.
Since issue 15 the export checks every day before counting it: a day file whose bytes a writer
sealed as intact (the index) costs one SHA-256 of the file; without the index, every entry's hash
is checked one by one, about one more reading of the files (the last row, shown without a
target: it measures that slower case).
"""

import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench.common import PYTHON, ROOT, Row, median, process_ms

DAYS, PER_DAY, REPEAT = 250, 120, 5
BARE = ("import json, pathlib, sys\n"
        "for path in sorted(pathlib.Path(sys.argv[1]).glob('*.json')):\n"
        "    json.loads(path.read_bytes())\n")


def run() -> list[Row]:
    """The export's wall-clock time, with the bare json-load as its baseline."""
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        data = Path(folder)
        kiosk = [PYTHON, "-m", "kiosk", "--data-dir", str(data)]
        process_ms([*kiosk, "demo", "--days", str(DAYS), "--per-day", str(PER_DAY)], repeat=1,
                   cwd=ROOT)
        # Bytecode as an installed kiosk has it (pip compiles on install); without it, each run
        # would also compile our modules from source when PYTHONDONTWRITEBYTECODE is set.
        process_ms([PYTHON, "-m", "compileall", "-q", "kiosk", "printer"], repeat=1, cwd=ROOT)
        last = date.today()
        period = ["--from", (last - timedelta(days=DAYS + 1)).isoformat(), "--to", last.isoformat()]
        bare = median(process_ms([PYTHON, "-c", BARE, str(data / "ledger")], REPEAT, cwd=ROOT))
        rows = []
        for label, options in (("CSV per day", []), ("XLSX per day", ["--format", "xlsx"]),
                               ("CSV per visit", ["--per", "visit"]),
                               ("cash journal", ["--journal", "cash"]),
                               ("Paheko entries", ["--format", "paheko"]),
                               ("FEC entries", ["--format", "fec"]),
                               ("CSV per day, no index", ["unsealed"])):
            if options == ["unsealed"]:
                # Without the index's seals every entry's hash is checked one by one, as for a
                # ledger no writer has looked at since it was copied in.
                (data / "ledger" / ".index.json").unlink()
                options = []
            output = ["-o", str(data / "out.xlsx"), "--force"] if "xlsx" in options else []
            took = median(process_ms([*kiosk, "export", *period, *options, *output], REPEAT,
                                     cwd=ROOT))
            figure = f"a year ({DAYS} d x {PER_DAY} visits), {label}"
            if label.endswith("no index"):  # a measure of the slow case, not a promise
                rows.append(Row("export", figure, took, "ms", bare))
            else:
                rows.append(Row("export", figure, took, "ms", bare,
                                "within 3x of json-loading the files", took <= 3 * bare))
        return rows
