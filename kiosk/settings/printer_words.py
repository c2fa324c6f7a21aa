"""The printer as the volunteers see it: its state and its problems in words, and what they ask of
it (reprint the last receipt, retry the queue, print a receipt that waited too long).

Takes any print service with the printer engineer's API (`state()`, `retry_queue()`,
`reprint_last()`, `last_receipt()`, `print_unprinted(name)`); blocking, so callers run it from a
worker thread. The sentences come from the catalogues (`printer.*`), in the language of the
`words` given: a problem with a code of the print service's has its own sentence, and one the
catalogues do not know yet is recognised from the printer's English (`forms.printer_*`), whose
exact words go to the log, never to a screen.
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


def status_in_words(words: Words, status: str) -> str:
    """A printer or print-job status ('ok', 'queued', 'no printer'...) in `words`' language."""
    for prefix in ("printer.status_", "printer.outcome_"):
        key = prefix + status.replace(" ", "_")
        if key in words.catalogue.texts:
            return words(key)
    return words("printer.status_unknown")  # a status this kiosk does not know yet


def problem_in_words(words: Words, code: str, values: dict, said: str) -> str:
    """A printer problem (`code` and `values` from the print service) in `words`' language; ""
    when there is none. Without a sentence for its code, the printer's English (`said`) is
    recognised and said in general terms, never shown as it is."""
    key = f"printer.problem_{code}"
    if code and key in words.catalogue.texts:
        try:
            return words(key, **values)
        except (KeyError, IndexError):  # a value the sentence needs is missing
            pass
    if not code and not said:
        return ""
    text = said.lower()
    found = next((name for part, name in PRINTER_PROBLEMS if part in text), "printer_other")
    return words(f"forms.{found}")


def outcome_in_words(words: Words, outcome: Any) -> str:
    """'Printer: printed' or 'Printer: queued (paper out)': what became of one print job."""
    status = status_in_words(words, outcome.status)
    error = _problem_of(words, outcome)
    if error:
        return words("printer.outcome_error", status=status, error=error)
    return words("printer.outcome", status=status)


def state_in_words(printer: Any, words: Words | None = None) -> str:
    """'Printer: ok · 0 waiting in the queue', or with its problem, then a line for each thing the
    volunteers should know: paper nearly out, jobs set aside, receipts that waited too long."""
    words = words or words_for("fr")
    state = printer.state()
    status, queued = status_in_words(words, state.status), getattr(state, "queued", 0)
    error = problem_in_words(words, getattr(state, "error_code", ""),
                             getattr(state, "error_values", {}), getattr(state, "last_error", ""))
    lines = [words("printer.state_error", status=status, error=error, queued=queued) if error
             else words("printer.state", status=status, queued=queued)]
    if getattr(state, "paper_low", False):
        lines.append(words("printer.paper_low"))
    if getattr(state, "damaged", 0):
        lines.append(words.count("printer.damaged", state.damaged))
    if getattr(state, "unprinted", ()):
        lines.append(words.count("printer.unprinted", len(state.unprinted)))
    return "\n".join(lines)


def unprinted_in_words(words: Words, receipt: Any) -> str:
    """One receipt that waited too long, as the volunteers' list shows it."""
    return words("printer.unprinted_item", number=receipt.number, issued_at=receipt.issued_at,
                 amount=receipt.amount_text)


def printer_request(printer: Any, what: str, words: Words | None = None,
                    unprinted: str = "") -> str:
    """Do `what` (state, retry, reprint, unprinted: print the receipt named `unprinted`) and say
    how it went, with the printer's state after it."""
    words = words or words_for("fr")
    if printer is None:
        return words("printer.none")
    if what == "retry":
        said = words.count("printer.retried", printer.retry_queue())
    elif what == "reprint":
        said = _reprint(printer, words)
    elif what == "unprinted":
        said = _print_unprinted(printer, words, unprinted)
    else:
        return state_in_words(printer, words)
    return f"{said} {state_in_words(printer, words)}"


def _reprint(printer: Any, words: Words) -> str:
    receipt = printer.last_receipt()
    outcome = printer.reprint_last() if receipt is not None else None
    if outcome is None:
        return words("printer.no_last_receipt")
    values = {"number": receipt.number, "issued_at": receipt.issued_at,
              "status": status_in_words(words, outcome.status)}
    error = _problem_of(words, outcome)
    if error:
        return words("printer.reprinted_error", error=error, **values)
    return words("printer.reprinted", **values)


def _print_unprinted(printer: Any, words: Words, name: str) -> str:
    waiting = {receipt.name: receipt for receipt in printer.state().unprinted}
    outcome = printer.print_unprinted(name)
    number = waiting[name].number if name in waiting else "?"
    status = status_in_words(words, outcome.status)
    error = _problem_of(words, outcome)
    if error:
        return words("printer.unprinted_error", number=number, status=status, error=error)
    return words("printer.unprinted_done", number=number, status=status)


def _problem_of(words: Words, outcome: Any) -> str:
    return problem_in_words(words, getattr(outcome, "code", ""), getattr(outcome, "values", {}),
                            getattr(outcome, "error", ""))
