"""Receipts, Z reports and the test slip, laid onto any python-escpos printer.

Each layout is a pure function of plain values: the same calls go to python-escpos's `Dummy`
(whose bytes are what the printer receives, see `job_bytes`) and to the text preview
(`printer.preview`). A layout only uses `hw`, `charcode`, `set`, `textln`, `qr` and `cut`, so
anything offering those can stand in for a printer.
"""

import textwrap
import unicodedata
from collections.abc import Callable, Sequence

from printer.library import CodePages, Dummy, Encoder
from printer.receipt import MembershipSlip, Receipt, ZReport
from printer.settings import PrinterSettings

# Labels printed on a receipt, in the receipt's language; the values come already worded.
WORDS = {
    "fr": {
        "number": "Reçu n°",
        "date": "Date",
        "covers": "Personnes",
        "amount": "Contribution",
        "duplicate": "DUPLICATA",
    },
    "en": {
        "number": "Receipt no.",
        "date": "Date",
        "covers": "People",
        "amount": "Contribution",
        "duplicate": "COPY",
    },
}

# What a French reader accepts in place of a character the code page lacks. CP858 has every
# accented letter but not the ligature œ; babel puts narrow no-break spaces in French numbers.
STAND_INS = {
    "œ": "oe",
    "Œ": "OE",
    "Ÿ": "Y",
    "\u202f": " ",
    "\u2009": " ",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
    "…": "...",
}

# Every French accented letter and the euro sign, as the test slip prints them.
FRENCH_LOWER = "é è ê à â ç ù û ô î ï œ"
FRENCH_UPPER = "É À Ç"
TEST_QR_CONTENT = "https://example.org/petite-cantine/test"

# Dots per QR module: 6 dots (0.75 mm at 203 dpi) scan well from a phone held over the slip.
QR_SIZE = 6


def print_receipt(printer, receipt: Receipt, settings: PrinterSettings) -> None:
    """Lay one guest's receipt onto `printer` and cut the paper.

    No payment QR code: the receipt is printed once the guest has paid, and a code to pay with
    would invite them to pay twice.
    """
    words = WORDS.get(receipt.language, WORDS["en"])
    sheet = _Sheet(printer, settings)
    sheet.begin()
    sheet.association(
        receipt.cantine_name, receipt.legal_name, receipt.cantine_address, receipt.legal_ids
    )
    if receipt.duplicate:
        sheet.heading(words["duplicate"], centred=True)
    sheet.row(words["number"], receipt.number)
    sheet.row(words["date"], receipt.issued_at)
    sheet.rule()
    sheet.left(receipt.role_text)
    sheet.row(words["covers"], str(receipt.covers))
    sheet.row(words["amount"], receipt.amount_text, bold=True)
    sheet.left(receipt.method_text)
    sheet.rule()
    sheet.centred(receipt.thanks)
    sheet.centred(receipt.footer)
    sheet.centred(receipt.notice)
    sheet.end()


def print_membership_slip(printer, slip: MembershipSlip, settings: PrinterSettings) -> None:
    """Lay a membership slip onto `printer` and cut: the association, the number in large
    letters, the amount, then a line for the member's name, which the kiosk never knows."""
    sheet = _Sheet(printer, settings)
    sheet.begin()
    sheet.association(slip.cantine_name, slip.legal_name, slip.cantine_address, slip.legal_ids)
    sheet.heading(slip.title, centred=True)
    sheet.title(slip.number)
    sheet.row(slip.number_label, slip.number)
    sheet.row(slip.date_label, slip.issued_at)
    sheet.row(slip.amount_label, slip.amount_text, bold=True)
    sheet.left(slip.method_text)
    sheet.rule()
    sheet.blank()
    label = slip.name_label
    sheet.left(label + " " + "_" * max(4, settings.width - len(label) - 1))
    sheet.blank()
    sheet.left("_" * settings.width)
    sheet.blank()
    sheet.left(slip.note)
    sheet.centred(slip.thanks)
    sheet.end()


def print_test_slip(printer, settings: PrinterSettings) -> None:
    """Lay the test slip onto `printer`: every French accented letter, the euro sign, the
    settings that shape the paper, a ruler as wide as the configured width, a QR code, a cut."""
    sheet = _Sheet(printer, settings)
    sheet.begin()
    sheet.title("Test d'impression")
    sheet.centred("Printer test")
    sheet.rule()
    sheet.left(f"Minuscules : {FRENCH_LOWER}")
    sheet.left(f"Majuscules : {FRENCH_UPPER}")
    sheet.left("Euro : € 13,00 €")
    sheet.rule()
    sheet.row("Code page", settings.codepage)
    sheet.row("Profil", settings.profile)
    sheet.row("Largeur", f"{settings.width} colonnes")
    sheet.row("QR", settings.qr)
    # The last digit must sit on the paper's right edge; if it wraps, the width is too large.
    sheet.left(("1234567890" * (settings.width // 10 + 1))[: settings.width])
    sheet.qr(TEST_QR_CONTENT)
    sheet.end()


def print_z_report(printer, report: ZReport | Sequence[str], settings: PrinterSettings) -> None:
    """Lay a closing's Z report onto `printer` and cut the paper.

    `report` is a `ZReport`, or plain text lines that are printed as they are.
    """
    report = as_z_report(report)
    sheet = _Sheet(printer, settings)
    sheet.begin()
    sheet.title(report.title)
    for line in report.header:
        sheet.centred(line)
    if report.title or report.header:
        sheet.rule()
    for label, value in report.rows:
        if value:
            sheet.row(label, value)
        elif label:
            sheet.heading(label)
        else:
            sheet.blank()
    for line in report.lines:
        if line:
            sheet.left(line)
        else:
            sheet.blank()
    sheet.end()


def as_z_report(report: ZReport | Sequence[str]) -> ZReport:
    """The `ZReport` for plain text lines (no title, the lines as they are), or `report` itself."""
    if isinstance(report, ZReport):
        return report
    return ZReport(title="", lines=tuple(report))


def job_bytes(lay: Callable[..., None], settings: PrinterSettings, *values: object) -> bytes:
    """The bytes the printer receives for `lay(printer, *values, settings)`: the layout is laid
    onto python-escpos's `Dummy` with the printer's profile, before any connection is opened,
    so a job that cannot be laid out never leaves half a receipt on the paper."""
    paper = Dummy(profile=settings.profile)
    lay(paper, *values, settings)
    return paper.output


def printable(text: str, codepage: str) -> str:
    """`text` with each character the code page lacks replaced by a stand-in, or "?", and each
    control character by a space.

    Done before python-escpos sees the text so that the preview shows what the paper shows. A
    control character in a name or a footer (from the settings or a queued job) would reach the
    printer as a command: GS V cuts the paper mid-receipt, ESC @ resets it mid-job.
    """
    encoder = _encoder(codepage)
    name = CodePages.get_encoding_name(codepage)
    kept = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kept.append(" ")
        elif encoder.can_encode(name, char):
            kept.append(char)
        else:
            stand_in = STAND_INS.get(char, "?")
            kept.append(stand_in if all(encoder.can_encode(name, c) for c in stand_in) else "?")
    return "".join(kept)


_ENCODERS: dict[str, Encoder] = {}


def _encoder(codepage: str) -> Encoder:
    """python-escpos's own encoder for one code page (cached: it builds a character map)."""
    if codepage not in _ENCODERS:
        _ENCODERS[codepage] = Encoder({CodePages.get_encoding_name(codepage): 0})
    return _ENCODERS[codepage]


class _Sheet:
    """The few gestures every layout is made of, in the paper's width and code page."""

    def __init__(self, printer, settings: PrinterSettings) -> None:
        self.printer = printer
        self.width = settings.width
        self.codepage = settings.codepage
        self.qr_native = settings.qr == "native"

    def begin(self) -> None:
        """Reset the printer, then select the code page: ESC @ would undo an earlier ESC t."""
        self.printer.hw("INIT")
        self.printer.charcode(self.codepage)

    def end(self) -> None:
        """Feed the last lines past the cutter and cut."""
        self.printer.cut()

    def association(self, name: str, legal_name: str, address: str, legal_ids: str) -> None:
        """The association's header, the same on every slip a guest takes away: its name as the
        title, its legal name when it differs, its address and legal ids, then a rule."""
        self.title(name)
        if legal_name != name:
            self.centred(legal_name)
        self.centred(address)
        self.centred(legal_ids)
        self.rule()

    def title(self, text: str) -> None:
        """Centred, bold and double height; nothing at all for an empty title."""
        if not text:
            return
        self.printer.set(align="center", bold=True, double_height=True)
        self._lines(text)
        self.printer.set(align="left", bold=False, normal_textsize=True)

    def heading(self, text: str, centred: bool = False) -> None:
        """A bold line, at the left (a section of a report) or centred."""
        self.printer.set(align="center" if centred else None, bold=True)
        self._lines(text)
        self.printer.set(align="left" if centred else None, bold=False)

    def centred(self, text: str) -> None:
        """Centred lines; nothing at all for empty text."""
        if not text:
            return
        self.printer.set(align="center")
        self._lines(text)
        self.printer.set(align="left")

    def left(self, text: str) -> None:
        """Lines at the left; nothing at all for empty text."""
        if text:
            self._lines(text)

    def blank(self) -> None:
        """One empty line."""
        self.printer.textln("")

    def rule(self) -> None:
        """A dashed line across the paper."""
        self.printer.textln("-" * self.width)

    def row(self, label: str, value: str, bold: bool = False) -> None:
        """Label at the left, value at the right; the value goes under the label if both do not
        fit."""
        label, value = printable(label, self.codepage), printable(value, self.codepage)
        if bold:
            self.printer.set(bold=True)
        gap = self.width - len(label) - len(value)
        if gap >= 1:
            self.printer.textln(label + " " * gap + value)
        else:
            for line in self._wrap(label):
                self.printer.textln(line)
            for line in self._wrap(value):
                self.printer.textln(line.rjust(self.width))
        if bold:
            self.printer.set(bold=False)

    def qr(self, content: str) -> None:
        """A centred QR code, drawn by the printer (native) or sent as a picture (image)."""
        self.printer.set(align="center")
        self.printer.qr(content, native=self.qr_native, size=QR_SIZE)
        self.printer.set(align="left")

    def _lines(self, text: str) -> None:
        for line in self._wrap(printable(text, self.codepage)):
            self.printer.textln(line)

    def _wrap(self, text: str) -> list[str]:
        return textwrap.wrap(text, self.width) or [""]
