"""What a receipt printer says about itself: ESC/POS real-time status (DLE EOT n), decoded.

An Epson answers each `DLE EOT n` with one byte as soon as it reads the question, even in the
middle of a job, and most clones do the same. Bits 1 and 4 of every answer are set and bits 0 and
7 clear, which tells an answer from stray bytes.
"""

from dataclasses import dataclass

# DLE EOT 1, printer status: bit 3 set when offline.
PRINTER = b"\x10\x04\x01"
# DLE EOT 2, why it is offline: bit 2 cover open, bit 5 stopped by paper end, bit 6 an error.
OFFLINE_CAUSE = b"\x10\x04\x02"
# DLE EOT 4, roll paper sensor: bits 2-3 near its end, bits 5-6 at its end.
PAPER = b"\x10\x04\x04"
QUERIES = (PRINTER, OFFLINE_CAUSE, PAPER)

OFFLINE = 0x08
COVER_OPEN = 0x04
STOPPED_BY_PAPER_END = 0x20
ERROR = 0x40
NEAR_END = 0x0C
PAPER_END = 0x60


def is_answer(byte: int) -> bool:
    """Whether `byte` has the fixed bits of a DLE EOT answer (bits 1 and 4 set, 0 and 7 clear)."""
    return byte & 0x93 == 0x12


@dataclass(frozen=True)
class PrinterStatus:
    """One round of questions: what stops the printer, if anything, and whether paper runs low.

    `problem` is "" when the printer can print, else one of "cover_open", "paper_out", "error",
    "offline" (offline for a reason it did not give).
    """

    problem: str = ""
    paper_low: bool = False

    @property
    def ready(self) -> bool:
        """True when nothing stops the printer."""
        return not self.problem


def read_status(ask) -> PrinterStatus:
    """Ask the printer how it is, through `ask(query) -> answer byte`.

    Two questions when all is well (online? paper?), a third to learn why it is offline.
    """
    if ask(PRINTER) & OFFLINE:
        cause = ask(OFFLINE_CAUSE)
        paper = ask(PAPER)
        return PrinterStatus(_offline_problem(cause, paper), bool(paper & NEAR_END))
    paper = ask(PAPER)
    if paper & PAPER_END:
        # Some printers stay online with an empty roll (and would keep the job for later).
        return PrinterStatus("paper_out")
    return PrinterStatus("", bool(paper & NEAR_END))


def _offline_problem(cause: int, paper: int) -> str:
    if cause & COVER_OPEN:
        return "cover_open"
    if cause & STOPPED_BY_PAPER_END or paper & PAPER_END:
        return "paper_out"
    if cause & ERROR:
        return "error"
    return "offline"
