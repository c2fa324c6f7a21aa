"""The served kiosk in headless Chromium: opening the page to a usable welcome screen, a tap on
"Commencer" to the next screen drawn in the browser, and the memory of the kiosk process each
browser tab costs. With `pi`, the server and every app process it starts run within the bench's
CPU limit (`bench.limit`); the browser does not.

"Interactive" means the welcome screen's Commencer button is drawn in the browser's terminal:
the tab's kiosk process is running and answering. Each sample is a fresh tab (a new browser
context), so each one starts a new kiosk process, as a tablet reconnecting at the door does.
"""

import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, Row, median, p95
from bench.limit import add

sys.path.insert(0, str(ROOT / "tests"))

TABS = 6
TARGET_MS = 3000.0


def run(pi: bool = False) -> list[Row]:
    from playwright.sync_api import sync_playwright
    from serve_support import (
        KioskPage,
        kiosk_processes,
        launch_chromium,
        rss_kib,
        served_kiosk,
        write_test_config,
    )

    times, taps, memory = [], [], []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        data_dir = Path(folder) / "data"
        write_test_config(data_dir)
        browser = launch_chromium(playwright)
        with served_kiosk(data_dir) as (server, port):
            add(server.pid)  # its app processes, started later, are limited with it
            for _ in range(TABS):
                context = browser.new_context(viewport={"width": 1024, "height": 600})
                kiosk = KioskPage(context.new_page(), port)
                start = time.perf_counter()
                kiosk.open()
                kiosk.wait_for("Commencer", timeout=30)
                times.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                kiosk.click("Commencer")
                kiosk.wait_for("Combien", timeout=30)
                taps.append((time.perf_counter() - start) * 1000)
                [process] = kiosk_processes(server.pid)
                memory.append(rss_kib(process) / 1024)
                context.close()
                wait_until_gone(server.pid, kiosk_processes)
        browser.close()
    area = "serve-pi" if pi else "serve"
    return [
        Row(area, f"page opened -> welcome interactive, median of {TABS} tabs",
            median(times), "ms", target=f"< {TARGET_MS:.0f} ms", met=median(times) < TARGET_MS),
        Row(area, f"page opened -> welcome interactive, p95 of {TABS} tabs", p95(times), "ms"),
        # Seen from the browser: the click, the websocket both ways, xterm.js drawing the frame.
        Row(area, f"tap 'Commencer' -> next screen in the browser, median of {TABS}",
            median(taps), "ms"),
        Row(area, "RSS of one served kiosk process (welcome screen)", median(memory), "MB"),
    ]


def wait_until_gone(server_pid: int, kiosk_processes, timeout: float = 10.0) -> None:
    """Let the closed tab's kiosk process end before the next sample, so samples do not overlap."""
    deadline = time.monotonic() + timeout
    while kiosk_processes(server_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
