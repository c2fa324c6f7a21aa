"""Helpers for driving a real `kiosk serve` from tests and benchmarks.

`served_kiosk` starts the command as a guest's browser would meet it (a subprocess on a free port).
`KioskPage` drives one browser tab through Playwright and Debian's Chromium: it reads the screen
from xterm.js's own buffer (the page draws on a canvas, so there is no text in the DOM; the
kiosk's page hands its terminal out as `window.__kioskTerminal`) and clicks with the mouse, or
taps with a finger, at the cell where a button's label is drawn.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
ARTEFACTS = REPO / "artefacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CARD_LINK = "https://pay.example.org/cantine?amount={amount}"
KIOSK_TOML = """
[payment.card]
link = "{link}"

[printer]
connection = "file"
path = {receipts}

[kiosk]
idle_timeout = 600
guard_ms = {guard_ms}
max_sessions = {max_sessions}
"""

# Each row as [text, x] per drawn cell: a wide character (an emoji in a survey answer) takes two
# columns but one character, so a column cannot be found from a position in the row's text.
SCREEN_CELLS = """() => {
  const terminal = window.__kioskTerminal;
  if (!terminal) { return null; }
  const buffer = terminal.buffer.active, rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y), cells = [];
    for (let x = 0; x < terminal.cols; x++) {
      const cell = line.getCell(x);
      if (cell.getWidth() > 0) { cells.push([cell.getChars() || ' ', x]); }
    }
    rows.push(cells);
  }
  return rows;
}"""
GEOMETRY = """() => {
  const terminal = window.__kioskTerminal;
  const box = terminal.element.querySelector('.xterm-screen').getBoundingClientRect();
  return {x: box.x, y: box.y, width: box.width, height: box.height,
          cols: terminal.cols, rows: terminal.rows, font: terminal.options.fontSize};
}"""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_test_config(data_dir: Path, guard_ms: int = 0, max_sessions: int = 4) -> Path:
    """A kiosk.toml with a card link, a printer writing to `receipts.bin` (so the kiosk asks
    whether the guest wants a receipt) and an idle timeout long enough for a slow browser.

    The input guard is off unless asked for: these tests click as soon as a text appears, far
    sooner than a person; test_browser_hands.py drives the real guard.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "kiosk.toml"
    receipts = json.dumps(str(data_dir / "receipts.bin"))  # a JSON string is a TOML string
    path.write_text(KIOSK_TOML.format(link=CARD_LINK, receipts=receipts, guard_ms=guard_ms,
                                     max_sessions=max_sessions),
                    encoding="utf-8")
    return path


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 15.0) -> None:
    """Return once something accepts connections on 127.0.0.1:port; fail if `process` died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kiosk serve exited with {process.returncode}: "
                               f"{process.stderr.read() if process.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"kiosk serve did not listen on {port} within {timeout} s")


@contextmanager
def served_kiosk(data_dir: Path, *extra: str, port: int | None = None):
    """A real `kiosk serve` subprocess on a free port; yields (process, port); stopped after."""
    port = port or free_port()
    command = [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "serve",
               "--port", str(port), *extra]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, cwd=REPO, start_new_session=True)
    try:
        wait_for_port(port, process)
        yield process, port
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the server (it ends its app processes), then make sure its group is gone."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    try:
        os.killpg(process.pid, signal.SIGKILL)  # only our own session: app processes left over
    except ProcessLookupError:
        pass
    if process.stderr:
        process.stderr.close()


def children(pid: int) -> list[int]:
    """Every process below `pid` (the app processes textual-serve started, through their shell)."""
    found, parents = [], {pid}
    changed = True
    while changed:
        changed = False
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) in found:
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent in parents:
                found.append(int(entry.name))
                parents.add(int(entry.name))
                changed = True
    return found


def kiosk_processes(server_pid: int) -> list[int]:
    """The `kiosk run` processes serving browser tabs under this server."""
    result = []
    for pid in children(server_pid):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"kiosk" in argv and b"run" in argv and b"-c" not in argv:
            result.append(pid)
    return result


def rss_kib(pid: int) -> int:
    """Resident memory of a process, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise ValueError(f"no VmRSS for {pid}")


def launch_chromium(playwright):
    """Debian's Chromium, headless, with nothing phoning home. Never a downloaded browser."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def browser_tab(chromium, port: int, name: str = "", *, size: tuple[int, int] = (1024, 600),
                touch: bool = False) -> "KioskPage":
    """A new tab of `size` pixels on the kiosk served on `port`, not opened yet; `touch`: a
    touch screen, driven by a finger. Its screenshots go under artefacts/browser/`name`/."""
    width, height = size
    fingers = {"has_touch": True, "is_mobile": True} if touch else {}
    context = chromium.new_context(viewport={"width": width, "height": height}, **fingers)
    return KioskPage(context.new_page(), port, ARTEFACTS / name if name else None)


def stored(data_dir: Path, kind: str = "visit") -> list:
    """The values of the entries of `kind` in the data dir's ledger, read back from disk."""
    from kiosk.ledger.book import Ledger

    return [e.value for e in Ledger(data_dir / "ledger").entries() if e.kind == kind]


def qr_codes_seen(kiosk: "KioskPage") -> list[str]:
    """What a phone would read from the QR codes the browser shows: decoded from its pixels."""
    import io

    import zxingcpp
    from PIL import Image

    picture = Image.open(io.BytesIO(kiosk.page.screenshot()))
    return [found.text for found in zxingcpp.read_barcodes(picture)]


class KioskPage:
    """One browser tab on the served kiosk, driven by reading the screen and clicking on it."""

    def __init__(self, page, port: int, shots: Path | None = None):
        self.page = page
        self.port = port
        self.shots = shots
        self.step = 0
        self.elsewhere: list[str] = []  # what the page asked of anyone but the kiosk: nothing
        page.route("**/*", self._only_the_kiosk)

    def _only_the_kiosk(self, route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).port != self.port:
            self.elsewhere.append(url)
            route.abort()
        else:
            route.continue_()

    def open(self) -> None:
        """Load the page; the terminal connects and a kiosk process starts for this tab."""
        self.page.goto(f"http://127.0.0.1:{self.port}/")
        self.page.wait_for_function("() => window.__kioskTerminal !== undefined")

    def cells(self) -> list[tuple[str, list[int]]]:
        """Each row drawn, as its text and the column of each of the text's characters."""
        from playwright.sync_api import Error

        rows = []
        try:
            drawn = self.page.evaluate(SCREEN_CELLS) or []
        except Error:  # the page is reloading itself (back on its own after a restart)
            drawn = []
        for cells in drawn:
            text, columns = "", []
            for chars, column in cells:
                text += chars
                columns += [column] * len(chars)
            rows.append((text, columns))
        return rows

    def screen(self) -> list[str]:
        """The rows of text the kiosk has drawn, as the browser holds them."""
        return [text.rstrip() for text, _ in self.cells()]

    def text(self) -> str:
        """The whole screen as one text."""
        return "\n".join(self.screen())

    def wait_for(self, *texts: str, timeout: float = 15.0) -> str:
        """Wait until one of `texts` is on screen; return the one found."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.text()
            for text in texts:
                if text in screen:
                    return text
            time.sleep(0.05)
        raise AssertionError(f"none of {texts!r} appeared; the screen shows:\n{self.text()}")

    def where(self, text: str) -> tuple[int, int] | None:
        """The cell (column, row) in the middle of the last place `text` is drawn, or None.

        The last place: a button's label comes below the sentence that may quote it.
        """
        for row, (line, columns) in reversed(list(enumerate(self.cells()))):
            start = line.find(text)
            if start >= 0:
                return columns[start + len(text) // 2], row
        return None

    def click(self, *texts: str, timeout: float = 15.0) -> str:
        """Click with the mouse where the first of `texts` to appear is drawn; return it."""
        found, where = self.found(texts, timeout)
        self.page.mouse.click(*where)
        return found

    def wait_until(self, seen, timeout: float = 15.0) -> None:
        """Wait until `seen(screen's text)` holds."""
        deadline = time.monotonic() + timeout
        while not seen(self.text()):
            assert time.monotonic() < deadline, f"not seen; the screen shows:\n{self.text()}"
            time.sleep(0.05)

    def tap(self, *texts: str, timeout: float = 15.0) -> str:
        """Tap with a finger where the first of `texts` to appear is drawn; return it."""
        found, where = self.found(texts, timeout)
        self.page.touchscreen.tap(*where)
        return found

    def found(self, texts: tuple[str, ...], timeout: float) -> tuple[str, tuple[float, float]]:
        """The first of `texts` on screen and where it is drawn. Read again when the screen was
        being redrawn between the two looks (a step laid out anew as it is shown)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.wait_for(*texts, timeout=max(0.1, deadline - time.monotonic()))
            cell = self.where(found)
            if cell is not None:
                return found, self.pixels(cell)
            time.sleep(0.05)

    def geometry(self) -> dict:
        """The terminal's box on the page (pixels), its columns and rows, and its font size."""
        return self.page.evaluate(GEOMETRY)

    def point(self, text: str) -> tuple[float, float]:
        """The page coordinates (pixels) of the middle of `text` as drawn."""
        return self.pixels(self.where(text))

    def pixels(self, cell: tuple[int, int]) -> tuple[float, float]:
        """The page coordinates (pixels) of the middle of a cell (column, row)."""
        column, row = cell
        grid = self.page.evaluate(GEOMETRY)
        cell_width, cell_height = grid["width"] / grid["cols"], grid["height"] / grid["rows"]
        return grid["x"] + (column + 0.5) * cell_width, grid["y"] + (row + 0.5) * cell_height

    def shot(self, name: str) -> None:
        """Keep a screenshot of this step as a test artefact."""
        if self.shots is None:
            return
        self.shots.mkdir(parents=True, exist_ok=True)
        self.step += 1
        self.page.screenshot(path=str(self.shots / f"{self.step:02d}-{name}.png"))
