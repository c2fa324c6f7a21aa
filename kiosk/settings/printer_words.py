"""The printer as the volunteers see it: its state in words, reprint, retry the queue.

Takes any print service with the printer engineer's API (`state()`, `retry_queue()`,
`print_receipt(receipt)`); blocking, so callers run it from a worker thread. The sentences come
from the catalogues (`printer.*`, and `forms.printer_*` for what is wrong), in the language of the
`words` given: the printer's own English sentence is written to the log by the print service and
never shown.
"""

from typing import Any

from kiosk.settings.i18n import Words, words_for

# What the printer's English sentences say (printer/connection.py), and the code of ours that
# says it in the reader's language. The first match wins; no match is `printer_other`.
PRINTER_PROBLEMS = (
    ("refuses the connection", "printer_refused"),
    ("does not answer", "printer_silent"),
    ("out of paper", "printer_paper"),
    ("paper out", "printer_paper"),
    ("is offline", "printer_offline"),
    ("may not use", "printer_permission"),
    ("closed the connection", "printer_interrupted"),
    ("in the middle of the job", "printer_interrupted"),
    ("not plugged in", "printer_unreachable"),
    ("does not exist", "printer_unreachable"),
    ("is not ready", "printer_unreachable"),
    ("cannot be found", "printer_unreachable"),
    ("cannot be reached", "printer_unreachable"),
    ("profile", "printer_setup"),
    ("needs", "printer_setup"),
    ("no printer is set up", "printer_setup"),
)


def problem_in_words(words: Words, error: Any) -> str:
    """What is wrong with the printer, in `words`' language (`error`: its sentence or error).

    A printer error that carries a `code` of ours (kiosk.errors) is said by it; otherwise its
    English sentence is recognised, and a sentence never seen before is said in general terms.
    """
    code = getattr(error, "code", "")
    if code and f"forms.{code}" in words.catalogue.texts:
        return words.refusal(error)
    text = str(error).lower()
    found = next((code for part, code in PRINTER_PROBLEMS if part in text), "printer_other")
    return words(f"forms.{found}")


def status_in_words(words: Words, status: str) -> str:
    """A printer or print-job status ('ok', 'queued', 'no printer'...) in `words`' language."""
    for prefix in ("printer.status_", "printer.outcome_"):
        key = prefix + status.replace(" ", "_")
        if key in words.catalogue.texts:
            return words(key)
    return words("printer.status_unknown")  # a status this kiosk does not know yet


def outcome_in_words(words: Words, outcome: Any) -> str:
    """'Printer: printed' or 'Printer: queued (paper out)': what became of one print job."""
    status = status_in_words(words, outcome.status)
    if getattr(outcome, "error", ""):
        return words("printer.outcome_error", status=status,
                     error=problem_in_words(words, outcome.error))
    return words("printer.outcome", status=status)


def state_in_words(printer: Any, words: Words | None = None) -> str:
    """'Printer: ok · 0 waiting in the queue' or 'Printer: failing (paper out) · 2 waiting...'."""
    words = words or words_for("fr")
    state = printer.state()
    status, queued = status_in_words(words, state.status), getattr(state, "queued", 0)
    if getattr(state, "last_error", ""):
        return words("printer.state_error", status=status,
                     error=problem_in_words(words, state.last_error), queued=queued)
    return words("printer.state", status=status, queued=queued)


def printer_request(printer: Any, what: str, receipt: Any = None,
                    words: Words | None = None) -> str:
    """Do `what` (state, retry, reprint `receipt`) and say how it went, in one line."""
    words = words or words_for("fr")
    if printer is None:
        return words("printer.none")
    if what == "retry":
        said = words.count("printer.retried", printer.retry_queue())
    elif what == "reprint" and receipt is None:
        said = words("printer.no_receipt")
    elif what == "reprint":
        outcome = printer.print_receipt(receipt)
        status = status_in_words(words, outcome.status)
        said = (words("printer.reprint_error", status=status,
                      error=problem_in_words(words, outcome.error))
                if outcome.error else words("printer.reprint", status=status))
    else:
        return state_in_words(printer, words)
    return f"{said} {state_in_words(printer, words)}"
