"""The tally screen's bridge to the printer: which receipt is 'the last one', and the call."""

from kiosk.books.service import current_service
from kiosk.settings.printer_words import printer_request as ask


def last_receipt(app):
    """The receipt of the open service's last visit that asked for one (else its last visit).

    Built on the UI thread, since it reads the app's config and language; None when the service
    has no visit yet.
    """
    from kiosk.guest import receipt_for

    service = current_service(app.ledger)
    visits = [e for e in service.visits if e.seq not in service.voided]
    wanted = [e for e in visits if e.value.receipt] or visits
    return receipt_for(wanted[-1], app.config, app.words) if wanted else None


def printer_request(app, what: str, receipt=None, words=None) -> str:
    """Ask the app's printer for `what` (state, retry, reprint); one line of words back.

    `words` should be read on the UI thread (the app's language may change meanwhile).
    """
    return ask(app.printer, what, receipt, words or app.words)
