"""The tally screen's bridge to the printer: the print service is asked in words, off the UI
thread, and answers in one block of text for the printer's panel."""

from kiosk.settings.printer_words import printer_request as ask
from kiosk.settings.printer_words import unprinted_in_words


def printer_request(app, what: str, words=None, unprinted: str = "") -> str:
    """Ask the app's printer for `what` (state, retry, reprint, unprinted); words back.

    `words` should be read on the UI thread (the app's language may change meanwhile).
    """
    return ask(app.printer, what, words or app.words, unprinted)


def unprinted_receipts(app, words=None) -> list[tuple[str, str]]:
    """The receipts that waited too long for the printer: (name to print it by, how it reads)."""
    state = app.printer.state()
    words = words or app.words
    return [(receipt.name, unprinted_in_words(words, receipt))
            for receipt in getattr(state, "unprinted", ())]
