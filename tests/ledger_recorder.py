"""A recorder for the durability tests: appends visits in a loop and acknowledges each one.

After `Ledger.append` returns it writes "SEQ AMOUNT" on stdout in one `os.write` (so lines from
several processes never interleave, and nothing waits in a buffer): a line on stdout is a visit
the kiosk would have thanked the guest for.

    python tests/ledger_recorder.py record LEDGER_FOLDER COUNT SEED
        append COUNT visits, then exit.
    python tests/ledger_recorder.py serve LEDGER_FOLDER
        for each line read on stdin, fork a recorder that appends until it is killed, and answer
        "child PID". Forking from an interpreter that has already imported the kiosk makes a
        restart cost a millisecond, so hundreds of kill -9 fit in seconds. The next "child" line
        comes only after the previous recorder is dead, so all its lines come before it.
"""

import os
import random
import sys
import traceback
from pathlib import Path

from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit


def record(folder: Path, count: int | None, seed: int) -> None:
    """Append `count` visits (forever if None), acknowledging each on stdout once it is durable."""
    ledger = Ledger(folder)  # a fresh instance, as a restarted kiosk has: nothing cached
    rng = random.Random(seed)
    done = 0
    while count is None or done < count:
        amount = rng.randrange(1, 100_000)
        entry = ledger.append(Visit("eat", amount, "cash"))
        os.write(1, f"{entry.id} {amount}\n".encode())
        done += 1


def serve(folder: Path) -> None:
    """Fork one recorder per line on stdin; report its pid; wait for it to be killed."""
    children = 0
    while sys.stdin.readline():
        children += 1
        pid = os.fork()
        if pid == 0:
            try:
                record(folder, None, seed=children)
            except BaseException:  # a recorder must not return into this loop: say why, then die
                traceback.print_exc()
            os._exit(1)
        os.write(1, f"child {pid}\n".encode())
        os.waitpid(pid, 0)


if __name__ == "__main__":
    if sys.argv[1] == "record":
        record(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    else:
        serve(Path(sys.argv[2]))
