"""Choosing the volunteers' PIN on the keypad, when none is set yet (a fresh data dir).

The PIN prompt hands each typed PIN here while no PIN is stored: typed twice, checked (4 to 8
digits, both the same), then its scrypt hash is saved into kiosk.toml by
`kiosk.settings.pin_store` in a worker thread, and the prompt's guard starts checking against it.
"""

from functools import partial

from textual.widgets import Static

from kiosk.errors import DiskProblem, KioskError
from kiosk.settings.pin import hash_pin, valid_new_pin
from kiosk.settings.pin_store import save_pin_hash
from screens.volunteers.base import problem_words


def choose_words(app, key: str, **values: object) -> str:
    """The sentence `choose_pin.<key>` in the app's current language."""
    return app.words(f"choose_pin.{key}", **values)


def choose_step(prompt, pin: str) -> None:
    """One PIN typed while none is set: remember it, or compare it with the first and save."""
    message = prompt.query_one("#pin-message", Static)
    first = getattr(prompt, "first_pin", None)
    if first is None:
        if not valid_new_pin(pin):
            message.update(choose_words(prompt.app, "invalid"))
            return
        prompt.first_pin = pin
        message.update(choose_words(prompt.app, "again"))
        return
    prompt.first_pin = None
    if pin != first:
        message.update(choose_words(prompt.app, "differ"))
        return
    message.update(choose_words(prompt.app, "saving"))
    prompt.query_one("#pin-keypad").disabled = True
    prompt.run_worker(partial(save, prompt, pin), thread=True, exclusive=True,
                      exit_on_error=False)


def save(prompt, pin: str) -> None:
    """Hash and save the PIN (scrypt and an fsync: off the UI thread), then tell the prompt."""
    data_dir = prompt.app.ledger.folder.parent
    try:
        stored = hash_pin(pin)
        save_pin_hash(data_dir, stored)
    except OSError as error:  # a full or read-only disk: said in the screen's language
        prompt.app.call_from_thread(failed, prompt, problem_words(prompt.app, DiskProblem(error)))
        return
    except KioskError as error:
        prompt.app.call_from_thread(failed, prompt, problem_words(prompt.app, error))
        return
    prompt.app.call_from_thread(saved, prompt, stored)


def saved(prompt, stored: str) -> None:
    """The PIN is on disk: from now on the prompt checks against it; this volunteer goes in."""
    prompt.guard.stored = stored
    prompt.post_message(prompt.Checked(True))


def failed(prompt, error: str) -> None:
    prompt.query_one("#pin-keypad").disabled = False
    prompt.query_one("#pin-message", Static).update(choose_words(prompt.app, "failed",
                                                                 error=error))
