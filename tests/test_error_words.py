"""Every refusal a volunteer can meet is said in their language: each error code raised in the
core has its sentence in every catalogue, and a French session walked through every error path
of the volunteers' area shows no English word (nor a printer's or a disk's own message).
"""

import ast
import errno
import os
import re
import shutil
import socket
import string
from pathlib import Path

from test_volunteers import PIN, SIZE, clock, kiosk, pin_dir  # noqa: F401 (fixtures)
from textual.widgets import Input, Static
from volunteers_support import drive, settle, type_pin, type_text

from kiosk.books.closing import close_service
from kiosk.errors import _DISK_WORDS, KioskError
from kiosk.guest import receipt_for
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit
from kiosk.settings.i18n import catalogues, words_for
from kiosk.settings.printer_words import PRINTER_PROBLEMS
from printer.service import make_print_service
from printer.settings import PrinterSettings

PROJECT = Path(__file__).resolve().parent.parent
# Words of the kiosk's English messages that French never writes.
ENGLISH = re.compile(
    r"\b(the|is|are|not|nothing|already|needs?|must|was|written|visit|voided|belongs|falls|"
    r"cash|taken|reason|printer|refuses|connection|amount|above|below|cannot|does|answer|"
    r"failed|error|count|differs|expected|empty|parse|whole|number|paid|card|later|than|now|"
    r"time|like|digits|covers|method|ledger|closed|directory|errno|traceback|warning)\b",
    re.IGNORECASE)
# Codes made outside a `raise X("...", "code")`: by prefix or by a table.
BUILT_CODES = {"unexpected", "printer_other", *(code for _, code in PRINTER_PROBLEMS)}
# kiosk.errors.DiskProblem: an OS error on a file, by its errno, with the file's path.
DISK_CODES = {code for code, _ in _DISK_WORDS.values()} | {"disk_error"}


def raised_codes() -> dict[str, set[str]]:
    """Every error code raised in kiosk/, with the names of the values raised with it."""
    codes: dict[str, set[str]] = {code: set() for code in BUILT_CODES}
    codes.update({code: {"path"} for code in DISK_CODES})
    for path in (PROJECT / "kiosk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):  # a class's default code: `code = "..."`
                for item in node.body:
                    if (isinstance(item, ast.Assign) and [getattr(t, "id", "") for t in
                                                          item.targets] == ["code"]
                            and isinstance(item.value, ast.Constant) and item.value.value):
                        # ...with the values its own __init__ hands to KioskError's
                        codes.setdefault(item.value.value, set()).update(
                            keyword.arg for call in ast.walk(node) if isinstance(call, ast.Call)
                            and getattr(call.func, "attr", "") == "__init__"
                            for keyword in call.keywords if keyword.arg)
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            values = {keyword.arg for keyword in node.keywords if keyword.arg}
            if name == "MoneyProblem" and isinstance(node.args[0], ast.Constant):
                codes.setdefault(f"amount_{node.args[0].value}", set())
            elif (name.endswith(("Error", "Closed", "Visit", "Refused", "NotSaved", "Set"))
                  and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
                  and isinstance(node.args[1].value, str)):
                codes.setdefault(node.args[1].value, set()).update(values)
    codes["amount_above_ceiling"].add("ceiling_amount")
    codes["amount_below_minimum"].add("minimum_amount")  # kiosk.settings.membership
    return codes


def test_every_error_code_has_a_sentence_in_every_catalogue():
    codes = raised_codes()
    assert {"already_voided", "movement_reason", "ledger_unreadable", "amount_negative",
            "pin_already_set", "printer_refused"} <= set(codes)  # the walk found them
    for language, catalogue in catalogues().items():
        for code, values in codes.items():
            key = f"forms.{code}"
            assert key in catalogue.texts, f"{language}: no sentence for the error code {code}"
            wanted = {name for _, name, _, _ in string.Formatter().parse(catalogue.texts[key])
                      if name}
            assert wanted <= values, f"{language} {key} uses values the error never carries"


def test_an_error_without_a_code_or_sentence_is_said_in_general_terms():
    french = words_for("fr")
    assert french.refusal(KioskError("something new went wrong")) == french("forms.unexpected")
    assert french.refusal(ValueError("bad")) == french("forms.unexpected")
    assert french.refusal(OSError(28, "No space left on device")).startswith("Le disque est plein")
    assert french.refusal(KioskError("x", "amount_above_ceiling", ceiling_amount=100_000)) == (
        "C'est au-delà du maximum de 1\u202f000,00\u00a0€.")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once closed: refused


class Seen:
    """What the volunteer was shown at each error path."""

    def __init__(self, app):
        self.app = app
        self.said: dict[str, str] = {}

    def take(self, path: str, selector: str) -> str:
        text = str(self.app.screen.query_one(selector, Static).render())
        self.said[path] = text
        return text


async def visit_dialog(pilot, seen: Seen, path: str, *, amount="5", covers="1", at="") -> None:
    """The corrections' "add a visit" dialog, filled in and sent; refused unless `path` is
    empty."""
    await pilot.press("a")
    await pilot.pause()
    for field, text in (("#amount", amount), ("#covers", covers), ("#at", at)):
        seen.app.screen.query_one(field, Input).value = ""
        await pilot.click(field)
        await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()
    if path:
        seen.take(path, "#problem")
        await pilot.press("f3")  # cancel
        await pilot.pause()


async def corrections_paths(pilot, seen: Seen, data_dir: Path, clock) -> None:
    app = seen.app
    await pilot.press("c")
    await pilot.pause()
    for path, fields in (("covers", {"covers": "abc"}), ("covers_range", {"covers": "99"}),
                         ("amount_negative", {"amount": "-3"}),
                         ("amount_not_a_number", {"amount": "abc"}),
                         ("amount_decimals", {"amount": "13,555"}),
                         ("amount_above_ceiling", {"amount": "5000"}),
                         ("time", {"at": "25:99"}), ("later", {"at": "23:59"})):
        await visit_dialog(pilot, seen, path, **fields)
    # Another tablet voids the selected visit first, then closes the service.
    other = Ledger(data_dir / "ledger", clock=clock)
    [first] = [e for e in other.entries() if e.kind == "visit"][:1]
    other.void(first.seq, "typed twice")
    for path, between in (("already_voided", None),
                          ("visit_in_closed_service",
                           lambda: close_service(other, {"500": 10}, 0, "counted"))):
        if between:
            between()
        table = app.screen.query_one("#visits")
        table.pick(str(first.seq))
        await pilot.press("v")
        await pilot.pause()
        await type_text(pilot, "mistake")
        await pilot.press("enter")
        await pilot.pause()
        seen.take(path, "#status")
    # A failing SD card: the disk answers an input/output error, nothing is written.
    real_fsync = os.fsync

    def failing_fsync(descriptor):
        raise OSError(errno.EIO, "Input/output error")

    os.fsync = failing_fsync
    try:
        await visit_dialog(pilot, seen, "", amount="5")  # no error in the form itself
    finally:
        os.fsync = real_fsync
    seen.take("disk_error", "#status")
    await pilot.press("f3")
    await pilot.pause()


async def cash_paths(pilot, seen: Seen) -> None:
    await pilot.press("m")
    await pilot.pause()
    for path, typed in (("movement_zero", "0"), ("amount_not_a_number", "douze")):
        seen.app.screen.query_one("#amount", Input).value = ""
        await pilot.click("#amount")
        await type_text(pilot, typed)
        await pilot.press("enter")
        await pilot.pause()
        seen.take(f"cash {path}", "#status")
    await pilot.press("f3")
    await pilot.pause()


async def printer_paths(pilot, seen: Seen) -> None:
    await pilot.press("t")
    await settle(pilot)
    await pilot.click("#reprint")
    await settle(pilot)
    seen.take("printer_refused", "#printer-state")
    await pilot.press("f3")
    await pilot.pause()


async def manager_paths(pilot, seen: Seen, data_dir: Path) -> None:
    day_file = next((data_dir / "ledger").glob("2026-*.json"))
    kept = data_dir / "day.kept"
    shutil.copy(day_file, kept)
    day_file.write_text('{"_default": {"1": {"seq": ')  # truncated by a power cut
    await pilot.press("e")
    await settle(pilot)
    await settle(pilot)
    seen.take("ledger_unreadable", "#status")
    for first, last in (("21/11/2026", "2026-11-21"), ("2026-11-21", "2026-11-01")):
        for field, text in (("#first", first), ("#last", last)):
            seen.app.screen.query_one(field, Input).value = ""
            await pilot.click(field)
            await type_text(pilot, text)
        await pilot.press("enter")
        await pilot.pause()
        seen.take(f"manager {first} {last}", "#status")
    await pilot.click("#back")
    await pilot.pause()
    shutil.copy(kept, day_file)


@drive
async def test_a_french_session_meets_no_english_on_any_error_path(pin_dir, clock):
    port = closed_port()
    (pin_dir / "kiosk.toml").write_text(
        (pin_dir / "kiosk.toml").read_text()
        + f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = {port}\n'
          'timeout = 1.0\n')
    printer = make_print_service(PrinterSettings(connection="network", host="127.0.0.1",
                                                 port=port, timeout=1.0),
                                 pin_dir / "print-queue")
    app = kiosk(pin_dir, clock, printer)
    asked = app.ledger.append(Visit("eat", 1300, "cash"))
    # The guest asked for a receipt: the printer refused it, the volunteers will reprint it.
    printer.print_receipt(receipt_for(asked, app.config, app.words, "2026-000001"))
    clock.advance(2)
    app.ledger.append(Visit("cook", 500, "cash"))
    seen = Seen(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await type_pin(pilot, "1111")
        seen.take("pin wrong", "#pin-message")
        await open_area_after(pilot, seen)
        await cash_paths(pilot, seen)
        await printer_paths(pilot, seen)
        await corrections_paths(pilot, seen, pin_dir, clock)
        await manager_paths(pilot, seen, pin_dir)
        assert app.is_running
    said = seen.said
    french = catalogues()["fr"].texts
    expected = {"covers", "covers_range", "amount_negative", "amount_not_a_number",
                "amount_decimals", "time", "later", "already_voided", "visit_in_closed_service",
                "disk_error", "printer_refused"}
    for path in expected:  # each path ended in its own sentence, not a general one
        # The print service names its problems itself (printer.problem_*).
        template = french["printer.problem_refused" if path == "printer_refused"
                          else f"forms.{path}"]
        first_words = re.split(r"[{«]", template)[0].strip()
        assert first_words in said[path], (path, said[path])
    assert "au-delà du maximum de 1\u202f000,00\u00a0€" in said["amount_above_ceiling"]
    assert "Le jour 2026-11-21 est abîmé" in said["ledger_unreadable"]
    assert "n'est pas une date" in said["manager 21/11/2026 2026-11-21"]
    assert "est après le" in said["manager 2026-11-21 2026-11-01"]
    english = {path: text for path, text in said.items() if ENGLISH.search(text)}
    assert english == {}, english
    assert all(said.values()), said


async def open_area_after(pilot, seen: Seen) -> None:
    await type_pin(pilot, PIN)
    assert type(seen.app.screen).__name__ == "VolunteerArea"
