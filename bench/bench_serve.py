"""The served kiosk in headless Chromium: opening the page to a usable welcome screen, and the
memory of the kiosk process each browser tab costs.

"Interactive" means the welcome screen's Commencer button is drawn in the browser's terminal:
the tab's kiosk process is running and answering. Each sample is a fresh tab (a new browser
context), so each one starts a new kiosk process, as a tablet reconnecting at the door does.
"""

import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, Row, median, p95

sys.path.insert(0, str(ROOT / "tests"))

TABS = 6
TARGET_MS = 3000.0


def run() -> list[Row]:
    from playwright.sync_api import sync_playwright
    from serve_support import (
        KioskPage,
        kiosk_processes,
        launch_chromium,
        rss_kib,
        served_kiosk,
        write_test_config,
    )

    times, memory = [], []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        data_dir = Path(folder) / "data"
        write_test_config(data_dir)
        browser = launch_chromium(playwright)
        with served_kiosk(data_dir) as (server, port):
            for _ in range(TABS):
                context = browser.new_context(viewport={"width": 1024, "height": 600})
                kiosk = KioskPage(context.new_page(), port)
                start = time.perf_counter()
                kiosk.open()
                kiosk.wait_for("Commencer", timeout=30)
                times.append((time.perf_counter() - start) * 1000)
                [process] = kiosk_processes(server.pid)
                memory.append(rss_kib(process) / 1024)
                context.close()
                wait_until_gone(server.pid, kiosk_processes)
        browser.close()
    return [
        Row("serve", f"page opened -> welcome interactive, median of {TABS} tabs",
            median(times), "ms", target=f"< {TARGET_MS:.0f} ms", met=median(times) < TARGET_MS),
        Row("serve", f"page opened -> welcome interactive, p95 of {TABS} tabs", p95(times), "ms"),
        Row("serve", "RSS of one served kiosk process (welcome screen)", median(memory), "MB"),
    ]


def wait_until_gone(server_pid: int, kiosk_processes, timeout: float = 10.0) -> None:
    """Let the closed tab's kiosk process end before the next sample, so samples do not overlap."""
    deadline = time.monotonic() + timeout
    while kiosk_processes(server_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
