"""The printer as the volunteers see it: its state in words, reprint, retry the queue.

Takes any print service with the printer engineer's API (`state()`, `retry_queue()`,
`print_receipt(receipt)`); blocking, so callers run it from a worker thread. The sentences come
from the catalogues (`printer.*`), in the language of the `words` given.
"""

from typing import Any

from kiosk.settings.i18n import Words, words_for


def status_in_words(words: Words, status: str) -> str:
    """A printer or print-job status ('ok', 'queued', 'no printer'...) in `words`' language."""
    for prefix in ("printer.status_", "printer.outcome_"):
        key = prefix + status.replace(" ", "_")
        if key in words.catalogue.texts:
            return words(key)
    return status  # a status this kiosk does not know yet: shown as the printer says it


def outcome_in_words(words: Words, outcome: Any) -> str:
    """'Printer: printed' or 'Printer: queued (paper out)': what became of one print job."""
    status = status_in_words(words, outcome.status)
    if getattr(outcome, "error", ""):
        return words("printer.outcome_error", status=status, error=outcome.error)
    return words("printer.outcome", status=status)


def state_in_words(printer: Any, words: Words | None = None) -> str:
    """'Printer: ok · 0 waiting in the queue' or 'Printer: failing (paper out) · 2 waiting...'."""
    words = words or words_for("fr")
    state = printer.state()
    status, queued = status_in_words(words, state.status), getattr(state, "queued", 0)
    if getattr(state, "last_error", ""):
        return words("printer.state_error", status=status, error=state.last_error, queued=queued)
    return words("printer.state", status=status, queued=queued)


def printer_request(printer: Any, what: str, receipt: Any = None,
                    words: Words | None = None) -> str:
    """Do `what` (state, retry, reprint `receipt`) and say how it went, in one line."""
    words = words or words_for("fr")
    if printer is None:
        return words("printer.none")
    if what == "retry":
        said = words("printer.retried", printed=printer.retry_queue())
    elif what == "reprint" and receipt is None:
        said = words("printer.no_receipt")
    elif what == "reprint":
        outcome = printer.print_receipt(receipt)
        status = status_in_words(words, outcome.status)
        said = (words("printer.reprint_error", status=status, error=outcome.error)
                if outcome.error else words("printer.reprint", status=status))
    else:
        return state_in_words(printer, words)
    return f"{said} {state_in_words(printer, words)}"
