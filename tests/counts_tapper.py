"""A guest who taps survey answers in a loop, for the counts' durability test; volunteers close
the service now and then.

After `SurveyCounts.add` returns it writes "tap" on stdout in one `os.write`: a tap the kiosk
would have moved on from. After a closing, "closed".

    python tests/counts_tapper.py serve LEDGER_FOLDER
        for each line read on stdin, fork a tapper that taps until it is killed, and answer
        "child PID" (see tests/ledger_recorder.py for why forking).
"""

import os
import random
import sys
import traceback
from pathlib import Path

from kiosk.books.closing import close_service
from kiosk.ledger.answers import SurveyCounts
from kiosk.ledger.book import Ledger

K = 5


def tap(folder: Path, seed: int) -> None:
    """Tap answers (and close a service one time in four) until killed."""
    ledger = Ledger(folder)  # a fresh instance, as a restarted kiosk has: nothing cached
    survey = SurveyCounts(ledger, K)
    rng = random.Random(seed)
    while True:
        if rng.random() < 1 / 4:
            close_service(ledger, {}, 0, k=K)
            os.write(1, b"closed\n")
        else:
            survey.add("welcome", rng.choice(("very", "rather", "little")))
            os.write(1, b"tap\n")


def serve(folder: Path) -> None:
    """Fork one tapper per line on stdin; report its pid; wait for it to be killed."""
    children = 0
    while sys.stdin.readline():
        children += 1
        pid = os.fork()
        if pid == 0:
            try:
                tap(folder, seed=children)
            except BaseException:  # a tapper must not return into this loop: say why, then die
                traceback.print_exc()
            os._exit(1)
        os.write(1, f"child {pid}\n".encode())
        os.waitpid(pid, 0)


if __name__ == "__main__":
    serve(Path(sys.argv[2]))
