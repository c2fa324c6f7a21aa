"""The paper as text, for a terminal (`kiosk printer-test --preview`).

The preview runs the very layout functions that drive the printer, on a `TextPaper` that keeps
lines of text instead of bytes, so it shows the same words as the paper, with the same stand-ins
for characters the code page lacks.
"""

from collections.abc import Sequence

from printer.layout import print_receipt, print_test_slip, print_z_report
from printer.receipt import Receipt, ZReport
from printer.settings import PrinterSettings


class TextPaper:
    """A stand-in for a python-escpos printer that lays the job out as lines of text.

    Alignment is honoured within the paper's width; bold and double height have no text form.
    A QR code shows as the link it holds, and the cut as a line of scissors.
    """

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[str] = []
        self._align = "left"
        self._pending = ""

    def hw(self, operation: str) -> None:
        """Resetting the printer leaves no mark on the paper."""
        self._align = "left"

    def charcode(self, code: str) -> None:
        """The layout already replaced what the code page lacks: nothing to do here."""

    def set(self, align: str | None = None, **style: object) -> None:
        """Keep the alignment; the other styles have no text form."""
        if align is not None:
            self._align = align

    def text(self, txt: str) -> None:
        """Add text; each newline ends a line."""
        *complete, self._pending = (self._pending + txt).split("\n")
        for line in complete:
            self._add(line)

    def textln(self, txt: str = "") -> None:
        """Add a line of text."""
        self.text(f"{txt}\n")

    def qr(self, content: str, native: bool = False, size: int = 3, **options: object) -> None:
        """Show the QR code as the link it holds."""
        self._add(f"[QR: {content}]")

    def cut(self, mode: str = "FULL", feed: bool = True) -> None:
        """Show where the paper is cut."""
        if self._pending:
            self.text("\n")
        self.lines.append("✂" + "-" * (self.width - 1))

    def _add(self, line: str) -> None:
        if self._align == "center":
            line = line.center(self.width).rstrip()
        elif self._align == "right":
            line = line.rjust(self.width)
        self.lines.append(line)

    def __str__(self) -> str:
        return "\n".join(self.lines)


def preview_receipt(receipt: Receipt, settings: PrinterSettings) -> str:
    """The receipt as the paper would show it, as text."""
    paper = TextPaper(settings.width)
    print_receipt(paper, receipt, settings)
    return str(paper)


def preview_test_slip(settings: PrinterSettings) -> str:
    """The test slip as the paper would show it, as text."""
    paper = TextPaper(settings.width)
    print_test_slip(paper, settings)
    return str(paper)


def preview_z_report(report: ZReport | Sequence[str], settings: PrinterSettings) -> str:
    """The Z report as the paper would show it, as text."""
    paper = TextPaper(settings.width)
    print_z_report(paper, report, settings)
    return str(paper)
