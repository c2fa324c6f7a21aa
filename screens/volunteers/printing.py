"""The tally screen's bridge to the printer: which receipt is 'the last one', and the call."""

from kiosk.books.service import current_service
from kiosk.settings.printer_words import printer_request as ask


def last_receipt(app):
    """The open service's last receipt, with its number; else a receipt for its last visit,
    which takes the next number.

    Built on the UI thread, since it reads the app's config and language; None when the service
    has no visit yet.
    """
    from kiosk.books.receipts import last_receipt_of
    from kiosk.guest import receipt_for

    service = current_service(app.ledger)
    found = last_receipt_of(list(service.entries))
    if found is not None:
        visit, number = found
        return receipt_for(visit, app.config, app.words, number=number)
    visits = [e for e in service.visits if e.seq not in service.voided]
    if not visits:
        return None
    return receipt_for(visits[-1], app.config, app.words, number=app.receipt_number(visits[-1]))


def printer_request(app, what: str, receipt=None, words=None) -> str:
    """Ask the app's printer for `what` (state, retry, reprint); one line of words back.

    `words` should be read on the UI thread (the app's language may change meanwhile).
    """
    return ask(app.printer, what, receipt, words or app.words)
