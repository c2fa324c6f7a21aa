"""The page stays a kiosk and comes back on its own: Chromium on a real `kiosk serve`.

A back gesture or a swipe from the edge leaves the kiosk where it was; a restart of the server
brings every tab back to the welcome screen by itself; a foreign page cannot drive the kiosk;
the tab after `max_sessions` is told to wait, in the cantine's language; double taps by a finger
act once.
"""

import asyncio
import signal
import time
import urllib.request

import aiohttp
import pytest
from serve_support import (
    KioskPage,
    browser_tab,
    kiosk_processes,
    served_kiosk,
    write_test_config,
)

from kiosk.ledger.answers import SurveyCounts
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

SIZE = (800, 480)  # the Pi Touch Display


def finger(chromium, port, name) -> KioskPage:
    """A tab on the Pi's touch screen, opened."""
    kiosk = browser_tab(chromium, port, name, size=SIZE, touch=True)
    kiosk.open()
    return kiosk


def swipe_from_left_edge(kiosk: KioskPage) -> None:
    """A finger sliding in from the screen's left edge, as the back gesture does."""
    session = kiosk.page.context.new_cdp_session(kiosk.page)
    points = [(1, 240), (60, 240), (200, 240), (400, 240)]
    kind = "touchStart"
    for x, y in points:
        session.send("Input.dispatchTouchEvent",
                     {"type": kind, "touchPoints": [{"x": x, "y": y}]})
        kind = "touchMove"
        time.sleep(0.03)
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_back_and_a_swipe_leave_the_kiosk_where_it_was(tmp_path, chromium):
    write_test_config(tmp_path)
    with served_kiosk(tmp_path) as (server, port):
        kiosk = finger(chromium, port, "page-back")
        kiosk.tap("Commencer")
        kiosk.tap("Manger")
        kiosk.wait_for("Votre contribution")
        address = kiosk.page.url
        kiosk.page.go_back(timeout=3000)
        swipe_from_left_edge(kiosk)
        kiosk.page.evaluate("() => history.back()")
        time.sleep(1.0)
        kiosk.shot("after-back")
        assert kiosk.page.url == address
        assert "Votre contribution" in kiosk.text()
        assert len(kiosk_processes(server.pid)) == 1  # the same kiosk process, no reload


def test_a_restart_brings_the_tab_back_to_welcome_by_itself(tmp_path, chromium):
    write_test_config(tmp_path)
    with served_kiosk(tmp_path) as (server, port):
        kiosk = finger(chromium, port, "page-restart")
        kiosk.tap("Commencer")
        kiosk.wait_for("Manger")
    notice = kiosk.page.locator("#notice")
    kiosk.page.wait_for_function("() => !document.getElementById('notice').hidden")
    assert notice.inner_text() == "Un instant…"  # in the cantine's language, no English button
    kiosk.shot("server-gone")
    with served_kiosk(tmp_path, port=port):
        started = time.monotonic()
        kiosk.page.wait_for_function("() => window.__kioskTerminal !== undefined", timeout=10000)
        kiosk.wait_for("Commencer", timeout=10 - (time.monotonic() - started))
        kiosk.shot("back")
        assert "Manger" not in kiosk.text()
        assert notice.is_hidden()
        assert "Restart" not in kiosk.page.content()


async def websocket_answer(port: int, origin: str | None) -> int | str:
    """What the kiosk answers a websocket opened with `origin`: an HTTP status, or "open"."""
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession() as client:
        try:
            async with client.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24",
                                         headers=headers) as socket:
                await socket.receive(timeout=15)
                return "open"
        except aiohttp.WSServerHandshakeError as error:
            return error.status


def test_only_the_kiosks_own_page_may_drive_it(tmp_path):
    write_test_config(tmp_path)
    with served_kiosk(tmp_path) as (server, port):
        for origin in ("http://evil.example", f"http://evil.example:{port}", "null", None,
                       f"http://127.0.0.1:{port + 1}", f"https://127.0.0.1:{port}",
                       f"ws://127.0.0.1:{port}"):
            assert asyncio.run(websocket_answer(port, origin)) == 403, origin
        assert kiosk_processes(server.pid) == []  # nothing started for them
        assert asyncio.run(websocket_answer(port, f"http://127.0.0.1:{port}")) == "open"
        # A foreign site whose name was pointed at 127.0.0.1 (DNS rebinding) is refused too.
        request = urllib.request.Request(f"http://127.0.0.1:{port}/",
                                         headers={"Host": f"evil.example:{port}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 421


def test_the_tab_after_max_sessions_is_asked_to_wait(tmp_path, chromium):
    write_test_config(tmp_path, max_sessions=4)
    with served_kiosk(tmp_path) as (server, port):
        tabs = [finger(chromium, port, f"page-sessions-{n}") for n in range(4)]
        for tab in tabs:
            tab.wait_for("Commencer")
        fifth = browser_tab(chromium, port, "page-sessions-5", size=SIZE, touch=True)
        fifth.page.goto(f"http://127.0.0.1:{port}/")
        fifth.page.wait_for_function("() => !document.getElementById('notice').hidden")
        assert "déjà ouverte" in fifth.page.locator("#notice").inner_text()
        fifth.shot("asked-to-wait")
        assert len(kiosk_processes(server.pid)) == 4
        tabs[0].page.context.close()  # one screen closed: the fifth, next in line, gets it
        fifth.wait_for("Commencer", timeout=20)
        fifth.shot("its-turn")
        assert fifth.page.locator("#notice").is_hidden()
        assert len(kiosk_processes(server.pid)) <= 4


def test_double_taps_by_a_finger_act_once(tmp_path, chromium):
    write_test_config(tmp_path, guard_ms=350)
    with served_kiosk(tmp_path) as (server, port):
        kiosk = finger(chromium, port, "page-double-taps")
        for text, gap, then in [("Commencer", 0.05, "Manger"),
                                ("Manger", 0.15, "Votre contribution"),
                                ("13,00", 0.3, "Comment donnez-vous"),
                                ("Par carte", 0.45, "J'ai payé"),
                                ("J'ai payé", 0.2, "Question 1 sur 3"),
                                ("Tout à fait", 0.1, "Question 2 sur 3")]:
            kiosk.wait_for(text)
            time.sleep(0.9)  # a hand at rest before a deliberate tap
            x, y = kiosk.point(text)
            kiosk.page.touchscreen.tap(x, y)
            time.sleep(gap)
            kiosk.page.touchscreen.tap(x, y)
            kiosk.wait_for(then)
            time.sleep(0.9)
            assert then in kiosk.text(), (text, kiosk.text())
    ledger = Ledger(tmp_path / "ledger")
    assert [entry.value for entry in ledger.entries()] == [Visit("eat", 1300, "card", 1)]
    assert SurveyCounts(ledger).open_counts() == {"welcome": {"very": 1}}


NOTICE_SHOWN = "() => !document.getElementById('notice').hidden"
NOTICE_GONE = "() => document.getElementById('notice').hidden"


def stall(server, seconds: float, taps: dict[float, tuple[float, float]], kiosk: KioskPage,
          until: str | None = None) -> float | None:
    """Stop the server (SIGSTOP: a loaded Pi's stall, a Wi-Fi black hole) for `seconds`, or
    until the page shows `until`; the finger taps `taps` {seconds into the silence: point}
    meanwhile. Returns when "Un instant…" showed, counted from the stall's start, or None."""
    server.send_signal(signal.SIGSTOP)
    frozen = time.monotonic()
    noticed = None
    try:
        for moment, point in sorted(taps.items()):
            kiosk.page.wait_for_timeout(max(0, 1000 * (moment - (time.monotonic() - frozen))))
            kiosk.page.touchscreen.tap(*point)
        while time.monotonic() - frozen < seconds:
            if noticed is None and kiosk.page.evaluate(NOTICE_SHOWN):
                noticed = time.monotonic() - frozen
                assert kiosk.page.locator("#notice").inner_text() == "Un instant…"
            if until and kiosk.page.evaluate(until):
                break
            time.sleep(0.1)
    finally:
        server.send_signal(signal.SIGCONT)
    return noticed


def test_a_stalled_server_keeps_the_visit_and_never_plays_a_tap_made_into_it(tmp_path, chromium):
    """A loaded Pi stalls for a few seconds now and then. Mid-visit, the server is stopped for
    3 s, then 4.5 s: each time the screen comes back where the guest left it (same kiosk
    process, notice gone), and the preset the guest tapped 1 s into the silence (and again
    later) is not played after. Stopped until the page gives the line up (10 s), it said "Un
    instant…" long before, then comes back on the welcome screen of a new kiosk process; the
    tap that confirms a cash contribution, made as the line went silent, records nothing."""
    write_test_config(tmp_path)
    with served_kiosk(tmp_path) as (server, port):
        kiosk = finger(chromium, port, "page-stalled")
        kiosk.tap("Commencer")
        kiosk.tap("Manger")
        kiosk.wait_for("Votre contribution")
        time.sleep(0.5)
        preset = kiosk.point("13,00")
        visit = kiosk_processes(server.pid)
        kiosk.page.evaluate("() => { window.__stillHere = true; }")  # gone if the page reloads
        for seconds, taps in [(3.0, {1.0: preset}), (4.5, {1.0: preset, 3.5: preset})]:
            noticed = stall(server, seconds, taps, kiosk)
            kiosk.page.wait_for_function(NOTICE_GONE, timeout=5000)
            time.sleep(1.5)  # time for a tap let through to be played: it must not be
            kiosk.shot(f"after-{seconds}s")
            assert "Votre contribution" in kiosk.text(), (seconds, kiosk.text())
            assert "Comment donnez-vous" not in kiosk.text(), seconds
            assert kiosk_processes(server.pid) == visit, seconds  # the same visit goes on
            assert kiosk.page.evaluate("window.__stillHere === true"), seconds
            if seconds > 4:
                assert noticed is not None and noticed < 4, noticed
        kiosk.tap("13,00")  # the line works as before
        kiosk.wait_for("En espèces")
        time.sleep(0.5)
        noticed = stall(server, 15, {0.0: kiosk.point("En espèces")}, kiosk,
                        until="() => document.body.classList.contains('-gone')")
        resumed = time.monotonic()
        kiosk.page.wait_for_function("() => window.__kioskTerminal !== undefined", timeout=15000)
        kiosk.wait_for("Commencer", timeout=15)
        back = time.monotonic() - resumed
        kiosk.shot("back")
        assert kiosk.page.evaluate(NOTICE_GONE)
        time.sleep(2)  # the old kiosk process has had every tap of the silence: it ends
        assert "Commencer" in kiosk.text()
        assert len(kiosk_processes(server.pid)) == 1 and kiosk_processes(server.pid) != visit
    assert list(Ledger(tmp_path / "ledger").entries()) == []
    assert noticed is not None and noticed < 4, noticed
    assert back < 15, back
