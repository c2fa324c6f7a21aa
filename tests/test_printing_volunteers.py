"""The volunteers and the printer, on the real app with the real print service and the stand-in
printer: the tally says what the printer needs, reprints the last receipt a guest asked for and
prints on request a receipt that waited too long; the closing list reprints a Z report."""

import time

from guest_support import TO_THANKS, fixed_clock, pilot_test, settle, text_of
from test_printer_service import Clock
from test_printing_app import (
    PIN,
    TIMEOUT,
    assert_is_the_receipt,
    kiosk,
    number_on,
    paper_from,
)

from kiosk.books.closing import close_service
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit

pytest_plugins = ["printer_standin"]

FAST_RETRY = (0.05, 0.2)
DUPLICATA = b"DUPLICATA\n"


async def open_the_tally(pilot) -> str:
    """F2, the PIN, the running tally: the printer's panel as it reads."""
    await pilot.press("f2")
    await pilot.pause()
    await pilot.press(*PIN, "enter")
    await settle(pilot)
    await pilot.press("t")
    await wait_for_the_panel(pilot)
    return text_of(pilot.app, "#printer-state")


async def wait_for_the_panel(pilot, timeout: float = 5.0) -> None:
    """The printer's panel is filled by a worker: wait until it says something."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        shown = text_of(pilot.app, "#printer-state")
        if shown and "en cours" not in shown:
            return


async def press_and_wait(pilot, button: str) -> str:
    await pilot.click(button)
    await pilot.pause()
    await wait_for_the_panel(pilot)
    return text_of(pilot.app, "#printer-state")


@pilot_test
async def test_reprint_gives_the_last_receipt_a_guest_asked_for_not_the_last_visit(
        tmp_path, standin_printer):
    app = kiosk(tmp_path, standin_printer.settings(timeout=TIMEOUT), retry_every=FAST_RETRY)
    async with app.run_test(size=(110, 44)) as pilot:
        await pilot.press(*TO_THANKS, "r")  # the first guest takes a receipt
        [first] = paper_from(standin_printer, 1)
        await pilot.press("enter")
        app.ledger.append(Visit("eat", 500, "cash"))  # the next one (entered by hand) does not
        await open_the_tally(pilot)
        said = await press_and_wait(pilot, "#reprint")
        [_, copy] = paper_from(standin_printer, 2)
    assert said.startswith("Réimpression du reçu n° 2026-000001 (21/11/2026 12:30) : imprimé.")
    assert number_on(first) == number_on(copy) == "2026-000001"
    assert DUPLICATA in copy and DUPLICATA not in first
    assert_is_the_receipt(copy)


@pilot_test
async def test_a_receipt_that_waited_too_long_is_listed_and_printed_on_request(
        tmp_path, standin_printer):
    clock = Clock()
    settings = standin_printer.settings(timeout=TIMEOUT)
    app = kiosk(tmp_path, settings, retry_every=FAST_RETRY, clock=clock)
    standin_printer.become("refusing")
    async with app.run_test(size=(110, 44)) as pilot:
        await pilot.press(*TO_THANKS, "r")
        await settle(pilot)
        await pilot.pause(0.5)
        clock.now += 11 * 60  # the printer is back after the guest has gone
        standin_printer.become("healthy")
        deadline = time.monotonic() + 5
        while not app.printer.state().unprinted and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert standin_printer.paper == b""  # not printed to whoever stands there now
        panel = await open_the_tally(pilot)
        assert "1 reçu a trop attendu l'imprimante : imprimez-le si son convive le demande." in (
            panel)
        listed = app.screen.query_one("#unprinted")
        assert app.screen.query_one("#unprinted-row").display and listed.option_count == 1
        listed_text = str(listed.get_option_at_index(0).prompt)
        assert listed_text.startswith("n° 2026-000001 · 21/11/2026 12:30")
        said = await press_and_wait(pilot, "#print-unprinted")
        [printed] = paper_from(standin_printer, 1)
        await settle(pilot)
        assert not app.screen.query_one("#unprinted-row").display
    assert said.startswith("Reçu n° 2026-000001 : imprimé.")
    assert number_on(printed) == "2026-000001" and DUPLICATA not in printed


@pilot_test
async def test_the_panel_says_the_paper_runs_low_and_what_was_set_aside(tmp_path,
                                                                         standin_printer):
    queue = tmp_path / "print-queue"
    queue.mkdir()
    (queue / f"{time.time_ns():020d}-older.json").write_text('{"kind": "receipt"}',
                                                               encoding="utf-8")
    standin_printer.become("near_end")
    app = kiosk(tmp_path, standin_printer.settings(timeout=TIMEOUT), retry_every=FAST_RETRY)
    async with app.run_test(size=(110, 44)) as pilot:
        await pilot.press(*TO_THANKS, "r")
        [printed] = paper_from(standin_printer, 1)
        await settle(pilot)
        panel = await open_the_tally(pilot)
    assert number_on(printed) == "2026-000001"
    assert panel.splitlines() == [
        "Imprimante : en ordre · 0 en attente dans la file",
        "Le rouleau de papier est bientôt fini.",
        "1 travail illisible mis de côté dans print-queue/damaged/.",
    ]


@pilot_test
async def test_a_z_report_is_reprinted_from_the_closing_list(tmp_path, standin_printer):
    ledger = Ledger(tmp_path / "ledger", "Europe/Paris", clock=fixed_clock)
    ledger.append(Visit("eat", 1300, "cash"))
    close_service(ledger, {"1000": 1, "200": 1, "100": 1}, 0)
    app = kiosk(tmp_path, standin_printer.settings(timeout=TIMEOUT), retry_every=FAST_RETRY)
    async with app.run_test(size=(110, 44)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        await pilot.click("#z-reports")
        await settle(pilot)
        listed = app.screen.query_one("#closings")
        assert str(listed.get_option_at_index(0).prompt).startswith(
            "Z 1 · 2026-11-21 · service 1 · 13,00")
        await pilot.click("#reprint-z")
        [z] = paper_from(standin_printer, 1)
        await settle(pilot)
        assert text_of(app, "#status") == "Imprimante : imprimé"
    assert DUPLICATA in z and b"Petite Cantine du March\x82 - Z 1" in z
