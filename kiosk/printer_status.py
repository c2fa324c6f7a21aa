"""The printer as the volunteers see it: its state in words, reprint, retry the queue.

Takes any print service with the printer engineer's API (`state()`, `retry_queue()`,
`print_receipt(receipt)`); blocking, so callers run it from a worker thread.
"""

from typing import Any


def state_in_words(printer: Any) -> str:
    """'Printer: ok · 0 waiting' or 'Printer: failing (paper out) · 2 waiting'."""
    state = printer.state()
    words = f"Printer: {state.status}"
    if getattr(state, "last_error", ""):
        words += f" ({state.last_error})"
    return f"{words} · {getattr(state, 'queued', 0)} waiting in the queue"


def printer_request(printer: Any, what: str, receipt: Any = None) -> str:
    """Do `what` (state, retry, reprint `receipt`) and say how it went, in one line."""
    if printer is None:
        return "No printer is set up."
    if what == "retry":
        printed = printer.retry_queue()
        return f"{printed} printed from the queue. {state_in_words(printer)}"
    if what == "reprint":
        if receipt is None:
            return f"No receipt was printed in this service. {state_in_words(printer)}"
        outcome = printer.print_receipt(receipt)
        said = f"Reprint: {outcome.status}" + (f" ({outcome.error})" if outcome.error else "")
        return f"{said}. {state_in_words(printer)}"
    return state_in_words(printer)
