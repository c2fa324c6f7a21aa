"""The tally screen's bridge to the printer: which receipt is 'the last one', and the call."""

from kiosk.printer_status import printer_request as ask


def last_receipt(app):
    """The last receipt the guests' side printed, when it keeps one (else None)."""
    return getattr(app, "last_receipt", None)


def printer_request(app, what: str) -> str:
    """Ask the app's printer for `what` (state, retry, reprint); one line of words back."""
    return ask(app.printer, what, lambda: last_receipt(app))
