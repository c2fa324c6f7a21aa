"""The kiosk ends with its terminal, like any terminal program.

When the terminal goes away (its tmux session killed, an ssh connection cut, the console's
terminal closed), nobody can see or touch the kiosk any more, and Textual's input thread would
read end-of-file from the dead terminal as fast as it can, most of a core, for ever. SIGHUP does
not always come: the kernel sends it only to the terminal's session leader, and a session leader
that waits for the kiosk to end (`make run`: make waits for its command) never passes it on.

So `kiosk run` watches its terminal itself: a thread sleeps in poll() on it until it hangs up,
and the app then ends through its event loop, as on SIGTERM or SIGHUP: between two events, never
in the middle of writing a visit (a visit the guest confirmed is on disk already). What Textual
draws on its way out goes to /dev/null: written to the dead terminal, it would kill Textual's
writer thread, and the writes queued behind it would block the loop. Should the loop not answer
all the same, the process ends after `GRACE`.
"""

import asyncio
import logging
import os
import select
import signal
import sys
import threading
import time

GRACE = 10.0  # seconds the app has to end once its terminal is gone; then the process ends
HUNG_UP = 128 + signal.SIGHUP  # the status of a program that SIGHUP ended
log = logging.getLogger("kiosk.app")


def end_with_terminal(app) -> None:
    """Make `app` end on SIGTERM, on SIGHUP and when its terminal hangs up.

    Call it from the app's event loop, in the main thread (signal handlers belong there).
    """
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, app.exit)
    stdin = sys.__stdin__
    terminal = stdin.fileno() if stdin is not None and stdin.isatty() else None

    def hung_up() -> None:
        if terminal is not None and gone(terminal):
            let_go()
        app.exit()

    loop.add_signal_handler(signal.SIGHUP, hung_up)
    if terminal is not None:
        threading.Thread(target=watch, args=(terminal, loop, app.exit), name="kiosk-hangup",
                         daemon=True).start()


def watch(fd: int, loop: asyncio.AbstractEventLoop, end) -> None:
    """Wait, without using the processor, until the terminal `fd` hangs up; then have the loop
    call `end`, and end the process after `GRACE` if it is still there."""
    poller = select.poll()
    poller.register(fd, 0)  # no event asked for: only a hangup or an error wakes poll()
    while not poller.poll():
        pass
    let_go()
    log.warning("the terminal has gone away: the kiosk ends")
    try:
        loop.call_soon_threadsafe(end)
    except RuntimeError:  # the loop is closed: the app is ending already
        return
    time.sleep(GRACE)
    log.error("the kiosk did not end within %.0f s of its terminal going away", GRACE)
    os._exit(HUNG_UP)


def gone(fd: int) -> bool:
    """Whether the terminal `fd` has hung up (a SIGHUP may come with the terminal still there)."""
    poller = select.poll()
    poller.register(fd, 0)
    return bool(poller.poll(0))


def let_go() -> None:
    """Send what is still written to the dead terminal to /dev/null instead."""
    with open(os.devnull, "wb") as nowhere:
        for output in (sys.__stdout__, sys.__stderr__):
            if output is not None:
                os.dup2(nowhere.fileno(), output.fileno())
