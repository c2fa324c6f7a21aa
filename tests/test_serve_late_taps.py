"""The server's side of a silent line (screens/serve_tabs.py): a tap that waited in a stalled
line for over a second is dropped, one that is merely a little slow is played, and a day of
clock drift between the tablet and the Pi changes neither."""

import asyncio
import json

import pytest

from screens import serve_tabs
from screens.serve_tabs import DEAD_MS, PING_MS, QUIET_MS, STALE_MS, Line


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


def tap(key: str, page_ms: float, quiet_ms: float = 20) -> str:
    """A tap made at `page_ms` on the page's clock, `quiet_ms` after the page last heard us."""
    return json.dumps(["stdin", key, page_ms, quiet_ms])


# The server's clock runs 1,000,000 ms ahead of the page's; the network takes 20 ms.
AHEAD = 1_000_000


def pings(until: int, every: int = PING_MS, network: int = 20) -> list:
    """The page's pings from its clock's 0 up to `until`, each delivered `network` ms later."""
    return [(AHEAD + t + network, ping(t)) for t in range(0, until, every)]


def test_a_tap_delivered_after_the_page_gave_up_is_dropped(monkeypatch):
    sent_at = 10_000
    messages = pings(sent_at)
    messages += [
        (AHEAD + sent_at + 20, tap("a", sent_at)),  # on time
        # Sent into a silent line 0.3 s later; the server answers again 8 s after that.
        (AHEAD + sent_at + 8300, tap("b", sent_at + 300)),
        # Sent just before the page's patience ran out, delivered as the page gives up.
        (AHEAD + sent_at + DEAD_MS, tap("c", sent_at + QUIET_MS)),
    ]
    taps, pongs = played(messages, monkeypatch)
    assert taps == ["a"]
    assert len(pongs) == sent_at // PING_MS and pongs[0] == ["pong", "k0"]


@pytest.mark.parametrize("stall_ms", [2000, 2500, 3500, 4500, 9500])
def test_a_tap_made_into_a_stall_is_not_played_after_it(stall_ms, monkeypatch):
    """The server stalls (a loaded Pi) just after answering a ping; the guest taps at once,
    1 s into the silence (the page has heard nothing for about as long: it sends the tap), and
    again at 3 s; the pings sent meanwhile wait with the taps and come in together after it."""
    start = 10_000
    messages = pings(start)  # the last one answered, and heard by the page, at start - 460
    heard = start - PING_MS + 40
    back = AHEAD + start + stall_ms  # every message sent during the stall arrives now
    sent = [(t, ping(t)) for t in range(start, start + stall_ms, PING_MS)]
    sent += [(start + t, tap(str(t), start + t, start + t - heard))
             for t in (0, 1000, 3000) if t < stall_ms]
    messages += [(back, text) for _, text in sorted(sent)]
    messages.append((back + 20, tap("after", start + stall_ms)))  # the screen is back: played
    taps, pongs = played(messages, monkeypatch)
    assert taps == ["after"]
    assert len(pongs) == (start + stall_ms + PING_MS - 1) // PING_MS


def test_a_tap_made_into_a_short_hiccup_is_played(monkeypatch):
    """Half a second of stall: the tap is played, hardly late, on the screen it was made on."""
    start = 10_000
    messages = pings(start)
    messages.append((AHEAD + start + 500, tap("a", start + 100, 560)))
    messages.append((AHEAD + start + 520, ping(start)))
    assert played(messages, monkeypatch)[0] == ["a"]


@pytest.mark.parametrize("late_ms", [50, 400, STALE_MS - 200])
def test_a_tap_slowed_down_by_a_busy_network_is_played(late_ms, monkeypatch):
    messages = pings(10_000)
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
