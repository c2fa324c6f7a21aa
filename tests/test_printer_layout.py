"""The paper, byte for byte: receipts, the test slip and the Z report on python-escpos's Dummy."""

import subprocess
import sys
from dataclasses import replace

import pytest
from babel.numbers import format_currency
from escpos.constants import (
    CODEPAGE_CHANGE,
    ESC,
    GS,
    HW_INIT,
    PAPER_FULL_CUT,
    TXT_NORMAL,
    TXT_STYLE,
)
from escpos.printer import Dummy

from printer.layout import print_membership_slip, print_receipt, print_test_slip, print_z_report
from printer.preview import preview_receipt, preview_test_slip, preview_z_report
from printer.receipt import MembershipSlip, Receipt, ZReport
from printer.settings import PrinterSettings

# The ESC/POS sequences a receipt is made of, named as the layout uses them.
SELECT_CP858 = CODEPAGE_CHANGE + bytes([19])  # ESC t 19: CP858 in the default (Epson) profile
BOLD_ON, BOLD_OFF = TXT_STYLE["bold"][True], TXT_STYLE["bold"][False]
CENTRE, LEFT = TXT_STYLE["align"]["center"], TXT_STYLE["align"]["left"]
TITLE_ON = TXT_NORMAL + TXT_STYLE["size"]["2h"] + BOLD_ON + CENTRE
TITLE_OFF = TXT_NORMAL + TXT_STYLE["size"]["normal"] + BOLD_OFF + LEFT
FEED_AND_CUT = ESC + b"d\x06" + PAPER_FULL_CUT
RULE = b"-" * 42 + b"\n"
EURO = b"\xd5"  # the euro sign in CP858
NO_BREAK_SPACE = b"\xff"  # babel's space between amount and currency, in CP858


def line(text: str) -> bytes:
    """One printed line, encoded as CP858 by Python's own codec (the oracle for python-escpos)."""
    return text.encode("cp858") + b"\n"


def qr_native(content: str, size: int = 6) -> bytes:
    """GS ( k: model 2, module size, error correction L, store the data, print it."""
    data = content.encode("ascii")
    return (
        GS + b"(k\x04\x00" + b"1A2\x00"
        + GS + b"(k\x03\x00" + b"1C" + bytes([size])
        + GS + b"(k\x03\x00" + b"1E0"
        + GS + b"(k" + (len(data) + 3).to_bytes(2, "little") + b"1P0" + data
        + GS + b"(k\x03\x00" + b"1Q0"
    )  # fmt: skip


def paper(settings: PrinterSettings) -> Dummy:
    return Dummy(profile=settings.profile)


CASH = Receipt(
    cantine_name="Petite Cantine Belleville",
    cantine_address="12 rue des Envierges, 75020 Paris",
    issued_at="21/11/2026 12:34",
    number="2026-11-21-0042",
    role="both",
    role_text="Je cuisine et je mange",
    covers=2,
    amount=2600,
    amount_text=format_currency(26, "EUR", locale="fr_FR"),
    method="cash",
    method_text="Payé en espèces",
    thanks="Merci et à bientôt !",
)
CARD = Receipt(
    cantine_name="Petite Cantine Belleville",
    cantine_address="",
    issued_at="21/11/2026 12:40",
    number="2026-11-21-0043",
    role="eat",
    role_text="I eat",
    covers=1,
    amount=1300,
    amount_text="€13.00",
    method="card",
    method_text="Paid by card",
    thanks="Thank you, see you soon!",
    language="en",
)
# As an association's receipt reads once [cantine] names it.
ASSOCIATION = replace(
    CASH,
    legal_name="Association Les Amis de la Cantine",
    legal_ids="RNA W751234567 · SIREN 123 456 782",
    footer="Adhésion libre : demandez à l'accueil",
    notice="Ce reçu ne constitue pas un reçu fiscal.",
)
# The association's header on its receipts and membership slips: the name, the legal name,
# the address and the legal ids, then a rule.
ASSOCIATION_HEADER = (
    TITLE_ON + line("Petite Cantine Belleville") + TITLE_OFF
    + CENTRE + line("Association Les Amis de la Cantine") + LEFT
    + CENTRE + line("12 rue des Envierges, 75020 Paris") + LEFT
    + CENTRE + line("RNA W751234567 · SIREN 123 456 782") + LEFT
    + RULE
)  # fmt: skip


def test_a_cash_receipt_is_exactly_these_bytes():
    """Accents and € in CP858, the amount as babel words it, bold amount, cut at the end."""
    settings = PrinterSettings()
    printer = paper(settings)
    print_receipt(printer, CASH, settings)
    assert printer.output == (
        HW_INIT + SELECT_CP858
        + TITLE_ON + line("Petite Cantine Belleville") + TITLE_OFF
        + CENTRE + line("12 rue des Envierges, 75020 Paris") + LEFT
        + RULE
        + line("Reçu n°                    2026-11-21-0042")
        + line("Date                      21/11/2026 12:34")
        + RULE
        + line("Je cuisine et je mange")
        + line("Personnes                                2")
        + BOLD_ON + b"Contribution                       26,00" + NO_BREAK_SPACE + EURO + b"\n"
        + BOLD_OFF
        + line("Payé en espèces")
        + RULE
        + CENTRE + line("Merci et à bientôt !") + LEFT
        + FEED_AND_CUT
    )  # fmt: skip
    assert b"Re\x87u" in printer.output  # ç is 0x87 in CP858
    assert b"?" not in printer.output  # no character fell back to "?"


@pytest.mark.parametrize("qr", ["native", "image"])
def test_a_card_receipt_says_paid_by_card_and_carries_no_code_to_pay_again(qr):
    settings = PrinterSettings(qr=qr)
    printer = paper(settings)
    print_receipt(printer, CARD, settings)
    assert printer.output == (
        HW_INIT + SELECT_CP858
        + TITLE_ON + line("Petite Cantine Belleville") + TITLE_OFF
        + RULE
        + line("Receipt no.                2026-11-21-0043")
        + line("Date                      21/11/2026 12:40")
        + RULE
        + line("I eat")
        + line("People                                   1")
        + BOLD_ON + line("Contribution                        €13.00") + BOLD_OFF
        + line("Paid by card")
        + RULE
        + CENTRE + line("Thank you, see you soon!") + LEFT
        + FEED_AND_CUT
    )  # fmt: skip
    assert GS + b"(k" not in printer.output and GS + b"v0" not in printer.output


def test_an_association_receipt_names_it_and_says_it_is_not_a_tax_receipt():
    settings = PrinterSettings()
    printer = paper(settings)
    print_receipt(printer, ASSOCIATION, settings)
    assert printer.output.startswith(HW_INIT + SELECT_CP858 + ASSOCIATION_HEADER)
    assert printer.output.endswith(
        CENTRE + line("Merci et à bientôt !") + LEFT
        + CENTRE + line("Adhésion libre : demandez à l'accueil") + LEFT
        + CENTRE + line("Ce reçu ne constitue pas un reçu fiscal.") + LEFT
        + FEED_AND_CUT)  # fmt: skip


def test_a_membership_slip_names_the_association_as_its_receipt_does():
    """The slip a member takes home carries the same header as a receipt: the name, the legal
    name, the address and the legal ids, then the rule; the slip's own title comes after."""
    settings = PrinterSettings()
    printer = paper(settings)
    slip = MembershipSlip(
        cantine_name=ASSOCIATION.cantine_name, cantine_address=ASSOCIATION.cantine_address,
        legal_name=ASSOCIATION.legal_name, legal_ids=ASSOCIATION.legal_ids,
        issued_at="21/11/2026 12:30", number="A-2026-0042", amount=1000, amount_text="10,00 €",
        method_text="Payé par carte", title="Bulletin d'adhésion", number_label="Adhésion n°",
        date_label="Date", amount_label="Montant", name_label="Nom :", note="", thanks="")
    print_membership_slip(printer, slip, settings)
    assert printer.output.startswith(
        HW_INIT + SELECT_CP858 + ASSOCIATION_HEADER
        + BOLD_ON + CENTRE + line("Bulletin d'adhésion") + BOLD_OFF + LEFT)  # fmt: skip


def test_control_characters_in_a_name_or_footer_never_reach_the_printer_as_commands():
    """A name typed with a control character (a paste, a hand-edited kiosk.toml, a job written
    elsewhere): GS V 0 would cut the paper mid-receipt, ESC @ reset the printer mid-job."""
    settings = PrinterSettings()
    printer = paper(settings)
    print_receipt(printer, replace(CASH, cantine_name="Cantine\x1dV\x00CUT",
                                   thanks="foot\x1b@er"), settings)
    assert printer.output.count(PAPER_FULL_CUT) == 1 and printer.output.endswith(FEED_AND_CUT)
    assert printer.output.count(HW_INIT) == 1 and printer.output.startswith(HW_INIT)
    assert line("Cantine V CUT") in printer.output and line("foot @er") in printer.output


def test_a_reprint_says_duplicata_above_the_number():
    settings = PrinterSettings()
    printer = paper(settings)
    print_receipt(printer, replace(CASH, duplicate=True), settings)
    assert (RULE + BOLD_ON + CENTRE + line("DUPLICATA") + BOLD_OFF + LEFT
            + line("Reçu n°                    2026-11-21-0042")) in printer.output


def test_an_image_qr_code_is_sent_as_a_raster_picture_for_printers_without_native_qr():
    settings = PrinterSettings(qr="image")
    printer = paper(settings)
    print_test_slip(printer, settings)
    assert GS + b"v0" in printer.output  # GS v 0: raster bit image
    assert GS + b"(k" not in printer.output
    assert printer.output.endswith(FEED_AND_CUT)


def test_the_test_slip_shows_every_french_accent_and_the_euro_sign():
    settings = PrinterSettings()
    printer = paper(settings)
    print_test_slip(printer, settings)
    output = printer.output
    assert output.startswith(HW_INIT + SELECT_CP858)
    # é è ê à â ç ù û ô î ï in CP858; it has no œ, printed "oe" as French allows.
    assert line("Minuscules : é è ê à â ç ù û ô î ï oe") in output
    assert b"\x82 \x8a \x88 \x85 \x83 \x87 \x97 \x96 \x93 \x8c \x8b oe\n" in output
    assert line("Majuscules : É À Ç") == b"Majuscules : \x90 \xb7 \x80\n"
    assert line("Majuscules : É À Ç") in output
    assert b"Euro : " + EURO + b" 13,00 " + EURO + b"\n" in output
    assert line("123456789012345678901234567890123456789012") in output
    assert CENTRE + qr_native("https://example.org/petite-cantine/test") + LEFT in output
    assert output.endswith(FEED_AND_CUT)


def test_a_code_page_with_the_ligature_prints_oe_as_one_letter():
    """CP1252 (ESC t 16 in the default profile) has œ (0x9C) and € (0x80)."""
    settings = PrinterSettings(codepage="CP1252")
    printer = paper(settings)
    print_test_slip(printer, settings)
    assert printer.output.startswith(HW_INIT + CODEPAGE_CHANGE + bytes([16]))
    assert "Minuscules : é è ê à â ç ù û ô î ï œ\n".encode("cp1252") in printer.output
    assert b"Euro : \x80 13,00 \x80\n" in printer.output


def test_the_profile_decides_which_slot_selects_the_code_page():
    """Star printers keep CP858 in slot 4, not Epson's 19."""
    settings = PrinterSettings(profile="TSP600")
    printer = paper(settings)
    print_receipt(printer, CASH, settings)
    assert printer.output.startswith(HW_INIT + CODEPAGE_CHANGE + bytes([4]))
    assert EURO in printer.output


def test_french_thousands_from_babel_print_with_a_plain_space():
    """babel separates French thousands with a narrow no-break space, which CP858 lacks."""
    settings = PrinterSettings()
    printer = paper(settings)
    big = format_currency(1234, "EUR", locale="fr_FR")
    print_receipt(printer, replace(CASH, amount_text=big), settings)
    assert b"1 234,00" + NO_BREAK_SPACE + EURO in printer.output
    assert b"?" not in printer.output


def test_a_long_name_wraps_at_the_paper_width_and_a_long_value_goes_under_its_label():
    settings = PrinterSettings(width=32)
    printer = paper(settings)
    long = replace(CASH, cantine_name="Petite Cantine du Quartier des Envierges")
    print_receipt(printer, long, settings)
    assert TITLE_ON + line("Petite Cantine du Quartier des") + line("Envierges") + TITLE_OFF in (
        printer.output
    )
    assert line("Payé en espèces") in printer.output
    assert max(len(text) for text in printer.output.split(b"\n") if b"\x1b" not in text) <= 32


def test_a_z_report_prints_its_title_rows_headings_and_lines():
    settings = PrinterSettings()
    printer = paper(settings)
    report = ZReport(
        title="Clôture Z n° 12",
        rows=(("Espèces", ""), ("Fond de caisse", "50,00 €"), ("", ""), ("Écart", "0,00 €")),
        lines=("Écart expliqué : aucun",),
    )
    print_z_report(printer, report, settings)
    assert printer.output == (
        HW_INIT + SELECT_CP858
        + TITLE_ON + line("Clôture Z n° 12") + TITLE_OFF
        + RULE
        + BOLD_ON + line("Espèces") + BOLD_OFF
        + line("Fond de caisse                     50,00 €")
        + line("")
        + line("Écart                               0,00 €")
        + line("Écart expliqué : aucun")
        + FEED_AND_CUT
    )  # fmt: skip


def test_a_z_report_names_the_association_under_its_title():
    settings = PrinterSettings()
    printer = paper(settings)
    report = ZReport(title="Petite Cantine - Z 12", rows=(("Total", "412,00 €"),),
                     header=("Association Les Amis", "RNA W751234567"))
    print_z_report(printer, report, settings)
    assert (TITLE_OFF + CENTRE + line("Association Les Amis") + LEFT
            + CENTRE + line("RNA W751234567") + LEFT + RULE) in printer.output


def test_a_z_report_given_as_plain_lines_prints_them_as_they_are():
    settings = PrinterSettings()
    printer = paper(settings)
    print_z_report(printer, ["Z n° 12", "Total : 412,00 €"], settings)
    assert printer.output == (
        HW_INIT + SELECT_CP858 + line("Z n° 12") + line("Total : 412,00 €") + FEED_AND_CUT
    )


@pytest.mark.parametrize("settings", [PrinterSettings(), PrinterSettings(width=32, qr="image")])
def test_the_preview_shows_the_same_words_as_the_paper(settings):
    preview = preview_receipt(CASH, settings)
    assert preview.splitlines()[0].strip() == "Petite Cantine Belleville"
    assert "Reçu n°" in preview and "Payé en espèces" in preview
    assert "26,00\u00a0€" in preview
    assert preview.splitlines()[-1].startswith("✂")
    assert all(len(text) <= settings.width for text in preview.splitlines())
    card = preview_receipt(CARD, settings)
    assert "Paid by card" in card and "[QR" not in card


def test_the_test_slip_preview_shows_what_cp858_can_print():
    preview = preview_test_slip(PrinterSettings())
    assert "Minuscules : é è ê à â ç ù û ô î ï oe" in preview
    assert "Majuscules : É À Ç" in preview
    assert "Euro : € 13,00 €" in preview
    assert "Test d'impression" in preview


def test_the_z_report_preview_lays_out_rows_in_two_columns():
    preview = preview_z_report(ZReport("Z", (("Cartes", "52,00 €"),)), PrinterSettings())
    assert "Cartes                             52,00 €" in preview.splitlines()


def test_the_printer_package_does_not_import_textual_or_tinydb():
    code = (
        "import sys, printer.layout, printer.preview, printer.connection, printer.service;"
        "print(sorted(m for m in ('textual', 'tinydb') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
