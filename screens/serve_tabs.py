"""Each browser tab's line to its kiosk process, in `kiosk serve`.

textual-serve reads a tab's websocket only while its kiosk process runs, and only to pass it on.
The kiosk needs more of the line:

- **A tab waits its turn.** At most `max_sessions` kiosk processes run at once; a tab beyond
  them keeps its socket open and is told to wait (the page says so), then gets the next free
  process, first come first served. Its taps while it waits mean nothing and are dropped.
- **The page knows the line is alive.** The page pings every half second; the answer comes
  from this process at once, whatever its kiosk process is doing. A page that hears nothing for
  a few seconds (the server stalled or frozen, the Wi-Fi gone while the connection looks open)
  says "Un instant…" over the screen, which comes back as it was once the line answers again;
  after ten seconds it gives the line up and starts afresh once the server answers
  (screens/web/kiosk.js).
- **A tap is acted on when it is made, or never.** Taps the page sent into a silent line are
  delivered when the line comes back, the screen they were made on long gone or the guest,
  who saw nothing happen, tapping again. The page stamps each tap with its own clock and how
  long it had heard nothing, and its pings tell how that clock lines up with ours: a tap that
  waited through a silence of over a second and a half is dropped, not played.
"""

import asyncio
import json
import logging
import time
from collections import deque

from aiohttp import WSMsgType

# The page's rhythm (screens/web/kiosk.js): a ping every PING_MS; taps held back once it has
# heard nothing for QUIET_MS, "Un instant…" after NOTICE_MS, the line given up after DEAD_MS.
# A tap also waits through a silence when the line stalls after it was made: from the last
# thing the page heard before the tap to the tap reaching us, a silence over STALE_MS (the
# page's patience) means a line that stalled under the guest's finger, whatever moment of
# the stall the tap was made at: the guest saw nothing happen and may have tapped again.
PING_MS = 500
QUIET_MS = 1500
NOTICE_MS = 3000
DEAD_MS = 10_000
STALE_MS = QUIET_MS
# The pings that line the page's clock up with ours, over twice DEAD_MS: those that waited
# through a silence come late together, and a clock drifts only over hours.
CLOCK_PINGS = 2 * DEAD_MS // PING_MS

log = logging.getLogger("kiosk.serve")


def now_ms() -> float:
    """This process's clock, in milliseconds (monotonic: a clock set right changes nothing)."""
    return time.monotonic() * 1000


class Line:
    """One tab's websocket, read by one task for its whole life: pings answered at once, stale
    taps dropped, the rest kept in order for the kiosk process."""

    def __init__(self, websocket, width: int, height: int):
        self.websocket = websocket
        self.size = (width, height)
        self.messages: asyncio.Queue = asyncio.Queue()
        self.gaps: deque[float] = deque(maxlen=CLOCK_PINGS)  # our clock minus the page's
        self.dropped = 0
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        """Read the tab until it closes; then put None for whoever waits on its messages."""
        try:
            async for message in self.websocket:
                if message.type == WSMsgType.TEXT:
                    await self.take(message.data)
        finally:
            self.messages.put_nowait(None)

    async def take(self, text: str) -> None:
        """One message from the page."""
        try:
            envelope = json.loads(text)
            kind = envelope[0]
        except (ValueError, TypeError, IndexError, KeyError):
            return  # not textual-serve's protocol: nothing a page of ours sends
        if kind == "ping":
            self.heard_ping(envelope[1])
            await self.websocket.send_json(["pong", envelope[1]])
            return
        if kind == "resize":
            self.size = (int(envelope[1]["width"]), int(envelope[1]["height"]))
        elif kind == "stdin" and self.stale(envelope):
            self.dropped += 1
            return
        self.messages.put_nowait(envelope)

    def heard_ping(self, stamp) -> None:
        """A ping of the kiosk's page ("k" and its clock in ms) lines its clock up with ours:
        the smallest gap seen lately is the one the network delayed least."""
        if isinstance(stamp, str) and stamp.startswith("k"):
            try:
                self.gaps.append(now_ms() - float(stamp[1:]))
            except ValueError:
                pass

    def stale(self, envelope: list) -> bool:
        """Whether a tap waited through too long a silence to be played (see STALE_MS): the
        page's silence when the tap was made (its fourth item) and the tap's lateness here."""
        if len(envelope) < 3 or not self.gaps or not isinstance(envelope[2], (int, float)):
            return False  # no stamp or no ping yet: nothing to judge by
        quiet = envelope[3] if len(envelope) > 3 and isinstance(envelope[3], (int, float)) else 0
        waited = now_ms() - envelope[2] - min(self.gaps) + max(0, quiet)
        if waited > STALE_MS:
            log.warning("dropped a tap made into %.1f s of silence", waited / 1000)
            return True
        return False

    def forget_waiting(self) -> bool:
        """Drop what the page sent while it waited its turn; False if the tab has gone."""
        while not self.messages.empty():
            if self.messages.get_nowait() is None:
                return False
        return not self.reader.done()

    async def relay(self, app_service) -> None:
        """Pass the page's messages to its kiosk process until the tab closes."""
        while (envelope := await self.messages.get()) is not None:
            kind = envelope[0]
            if kind == "stdin":
                await app_service.send_bytes(str(envelope[1]).encode("utf-8"))
            elif kind == "resize":
                await app_service.set_terminal_size(*self.size)
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()


async def take_turn(turns: asyncio.Semaphore, line: Line) -> bool:
    """Wait, first come first served, for one of the kiosk processes `turns` counts; False if
    the tab went away while it waited (then it holds no turn)."""
    if not turns.locked():
        await turns.acquire()  # a free turn, nobody waiting before us: no wait at all
        return True
    await line.websocket.send_json(["kiosk_wait", ""])
    turn = asyncio.ensure_future(turns.acquire())
    try:
        await asyncio.wait({turn, line.reader}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        holding = turn.done() and not turn.cancelled() and turn.exception() is None
        turn.cancel()
        if holding and (line.reader.done() or asyncio.current_task().cancelling()):
            turns.release()  # granted as the tab left, or as the server stops: pass it on
            holding = False
    return holding
