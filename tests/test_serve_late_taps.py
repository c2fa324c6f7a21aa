"""The server's side of a silent line (screens/serve_tabs.py): a tap that arrives after the page
gave up is dropped, one that is merely slow is played, and a day of clock drift between the
tablet and the Pi changes neither."""

import asyncio
import json

import pytest

from screens import serve_tabs
from screens.serve_tabs import DEAD_MS, QUIET_MS, Line


class Socket:
    """What the page sent, then the end of the line; pongs kept."""

    def __init__(self, messages):
        self.messages = messages
        self.sent = []

    def __aiter__(self):
        return self._read()

    async def _read(self):
        for clock, text in self.messages:
            serve_tabs_clock[0] = clock  # the moment this message reaches the server
            yield type("Message", (), {"type": serve_tabs.WSMsgType.TEXT, "data": text})()

    async def send_json(self, value):
        self.sent.append(value)


serve_tabs_clock = [0.0]


def played(messages, monkeypatch) -> tuple[list, list]:
    """The taps a line passes on to the kiosk process, and the pongs it answered."""
    monkeypatch.setattr(serve_tabs, "now_ms", lambda: serve_tabs_clock[0])

    async def read():
        socket = Socket(messages)
        line = Line(socket, 80, 24)
        await line.reader
        taps = []
        while (envelope := line.messages.get_nowait()) is not None:
            taps.append(envelope[1])
        return taps, socket.sent

    return asyncio.run(read())


def ping(page_ms: float) -> str:
    return json.dumps(["ping", f"k{page_ms}"])


def tap(key: str, page_ms: float) -> str:
    return json.dumps(["stdin", key, page_ms])


# The server's clock runs 1,000,000 ms ahead of the page's; the network takes 20 ms.
AHEAD = 1_000_000


def test_a_tap_delivered_after_the_page_gave_up_is_dropped(monkeypatch):
    sent_at = 10_000
    messages = [(AHEAD + t + 20, ping(t)) for t in range(0, sent_at, 1000)]
    messages += [
        (AHEAD + sent_at + 20, tap("a", sent_at)),  # on time
        # Sent into a silent line 0.3 s later; the server answers again 8 s after that.
        (AHEAD + sent_at + 8300, tap("b", sent_at + 300)),
        # Sent just before the page's patience ran out, delivered as the page gives up.
        (AHEAD + sent_at + DEAD_MS, tap("c", sent_at + QUIET_MS)),
    ]
    taps, pongs = played(messages, monkeypatch)
    assert taps == ["a"]
    assert len(pongs) == 10 and pongs[0] == ["pong", "k0"]


@pytest.mark.parametrize("late_ms", [50, 900, 2000])
def test_a_tap_slowed_down_by_a_busy_network_is_played(late_ms, monkeypatch):
    messages = [(AHEAD + t + 20, ping(t)) for t in range(0, 10_000, 1000)]
    messages.append((AHEAD + 10_000 + late_ms, tap("a", 10_000)))
    assert played(messages, monkeypatch)[0] == ["a"]


def test_a_tablet_clock_drifting_all_day_drops_no_tap(monkeypatch):
    """A tablet's clock 100 ppm slow: after 12 hours it is 4.3 s behind the Pi's."""
    messages = []
    for second in range(0, 12 * 3600, 1):
        page = second * 1000 * (1 - 100e-6)
        messages.append((AHEAD + second * 1000 + 20, ping(page)))
        if second % 600 == 0:
            messages.append((AHEAD + second * 1000 + 40, tap(str(second), page + 20)))
    taps, _ = played(messages, monkeypatch)
    assert len(taps) == 12 * 6


def test_no_stamp_or_no_ping_yet_is_played(monkeypatch):
    messages = [(AHEAD, json.dumps(["stdin", "a"])), (AHEAD + 99_000, tap("b", 0))]
    assert played(messages, monkeypatch)[0] == ["a", "b"]
