"""The served kiosk in headless Chromium: opening the page to a usable welcome screen, a tap on
"Commencer" to the next screen drawn in the browser, and the memory of the kiosk process each
browser tab costs. The baseline is the minimal Textual app of bench_guest served the same way
(the kiosk's own server, another command per tab). With `pi`, each server and every app process
it starts run within the bench's CPU limit (`bench.limit`); the browser does not.

"Interactive" means the welcome screen's Commencer button is drawn in the browser's terminal:
the tab's app process is running and answering. Each sample is a fresh tab (a new browser
context), so each one starts a new app process, as a tablet reconnecting at the door does.
"""

import shlex
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench.common import PYTHON, ROOT, Row, median, p95
from bench.limit import add

sys.path.insert(0, str(ROOT / "tests"))

TABS = 6
TARGET_MS = 3000.0
# The minimal app's server: the kiosk's own, with the minimal app as each tab's command.
MINIMAL_SERVER = """
import sys
from kiosk.settings.config import Config
from screens.serve import make_server
make_server(sys.argv[1], "127.0.0.1", int(sys.argv[2]), Config()).serve()
"""


@contextmanager
def served_minimal():
    """The minimal Textual app served as the kiosk is; yields (process, port)."""
    from serve_support import free_port, stop, wait_for_port

    port = free_port()
    command = shlex.join([PYTHON, "-m", "bench.bench_guest", "minimal-app"])
    process = subprocess.Popen([PYTHON, "-c", MINIMAL_SERVER, command, str(port)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        wait_for_port(port, process)
        yield process, port
    finally:
        stop(process)


def app_processes(server_pid: int) -> list[int]:
    """The app processes (kiosk or minimal) serving tabs under this server."""
    from serve_support import children

    found = []
    for pid in children(server_pid):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"-c" not in argv and (b"run" in argv or b"minimal-app" in argv):
            found.append(pid)
    return found


def tabs(browser, server_pid: int, port: int, after_tap: str) -> tuple[list, list, list]:
    """Open TABS fresh tabs: page opened -> welcome, tap -> next screen (ms), memory (MB)."""
    from serve_support import browser_tab, rss_kib

    times, taps, memory = [], [], []
    add(server_pid)  # its app processes, started later, are limited with it
    for _ in range(TABS):
        page = browser_tab(browser, port)
        start = time.perf_counter()
        page.open()
        page.wait_for("Commencer", timeout=60)
        times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        page.click("Commencer")
        page.wait_for(after_tap, timeout=60)
        taps.append((time.perf_counter() - start) * 1000)
        [process] = app_processes(server_pid)
        memory.append(rss_kib(process) / 1024)
        page.page.context.close()
        wait_until_gone(server_pid)
    return times, taps, memory


def run(pi: bool = False) -> list[Row]:
    from playwright.sync_api import sync_playwright
    from serve_support import launch_chromium, served_kiosk, write_test_config

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        data_dir = Path(folder) / "data"
        write_test_config(data_dir)
        browser = launch_chromium(playwright)
        with served_kiosk(data_dir) as (server, port):
            times, taps, memory = tabs(browser, server.pid, port, "Combien")
        with served_minimal() as (server, port):
            bare_times, bare_taps, bare_memory = tabs(browser, server.pid, port, "Suite")
        browser.close()
    area = "serve-pi" if pi else "serve"
    return [
        Row(area, f"page opened -> welcome interactive, median of {TABS} tabs",
            median(times), "ms", median(bare_times), f"< {TARGET_MS:.0f} ms",
            median(times) < TARGET_MS),
        Row(area, f"page opened -> welcome interactive, p95 of {TABS} tabs", p95(times), "ms",
            p95(bare_times)),
        # Seen from the browser: the click, the websocket both ways, xterm.js drawing the frame.
        # The kiosk's first tap in a fresh tab comes before it has prepared for guests: it waits
        # for the day on the welcome screen (Babel), then the first step is built for it.
        Row(area, f"tap 'Commencer' -> next screen in the browser, median of {TABS}",
            median(taps), "ms", median(bare_taps)),
        Row(area, "RSS of one served app process (welcome screen)", median(memory), "MB",
            median(bare_memory)),
    ]


def wait_until_gone(server_pid: int, timeout: float = 10.0) -> None:
    """Let the closed tab's app process end before the next sample, so samples do not overlap."""
    deadline = time.monotonic() + timeout
    while app_processes(server_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
