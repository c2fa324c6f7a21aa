"""The served kiosk in headless Chromium: opening the page to a usable welcome screen, and the
memory of the kiosk process each browser tab costs.

"Interactive" means the welcome screen's Commencer button is drawn in the browser's terminal:
the tab's kiosk process is running and answering. "A tap to the next screen" is a finger's tap on
Commencer (a touch screen, 800x480) until the next step's words are drawn in the browser.
Each sample is a fresh tab (a new browser context), so each one starts a new kiosk process, as
a tablet reconnecting at the door does.
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

    times, memory, taps = [], [], []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        data_dir = Path(folder) / "data"
        write_test_config(data_dir)
        browser = launch_chromium(playwright)
        with served_kiosk(data_dir) as (server, port):
            for _ in range(TABS):
                context = browser.new_context(viewport={"width": 800, "height": 480},
                                              has_touch=True, is_mobile=True)
                kiosk = KioskPage(context.new_page(), port)
                start = time.perf_counter()
                kiosk.open()
                kiosk.wait_for("Commencer", timeout=30)
                times.append((time.perf_counter() - start) * 1000)
                [process] = kiosk_processes(server.pid)
                memory.append(rss_kib(process) / 1024)
                time.sleep(0.5)  # past the input guard, as a guest's hand is
                point = kiosk.point("Commencer")
                start = time.perf_counter()
                kiosk.page.touchscreen.tap(*point)
                kiosk.wait_for("Manger", timeout=30)
                taps.append((time.perf_counter() - start) * 1000)
                context.close()
                wait_until_gone(server.pid, kiosk_processes)
        browser.close()
    return [
        Row("serve", f"page opened -> welcome interactive, median of {TABS} tabs",
            median(times), "ms", target=f"< {TARGET_MS:.0f} ms", met=median(times) < TARGET_MS),
        Row("serve", f"page opened -> welcome interactive, p95 of {TABS} tabs", p95(times), "ms"),
        Row("serve", f"tap in the browser -> next screen drawn, median of {TABS} tabs",
            median(taps), "ms"),
        Row("serve", f"tap in the browser -> next screen drawn, p95 of {TABS} tabs", p95(taps),
            "ms"),
        Row("serve", "RSS of one served kiosk process (welcome screen)", median(memory), "MB"),
    ]


def wait_until_gone(server_pid: int, kiosk_processes, timeout: float = 10.0) -> None:
    """Let the closed tab's kiosk process end before the next sample, so samples do not overlap."""
    deadline = time.monotonic() + timeout
    while kiosk_processes(server_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
