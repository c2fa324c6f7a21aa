"""Choosing the volunteers' first PIN on the keypad, after the one-time setup code was typed.

Nobody at the door can choose a PIN: the prompt comes here only once the setup code (printed by
`kiosk doctor`, written in the kiosk's log) was typed right. The PIN is typed twice, then saved by
the guard (`PinGuard.choose`) in a worker thread, which refuses if a PIN was set meanwhile (by
`kiosk set-pin`, or in another tab): then that PIN is asked for instead.
"""

from functools import partial

from textual.widgets import Static

from kiosk.errors import KioskError
from kiosk.settings.pin import valid_new_pin
from kiosk.settings.pin_guard import PinAlreadySet


def choose_words(app, key: str, **values: object) -> str:
    """The sentence `choose_pin.<key>` in the app's current language."""
    return app.words(f"choose_pin.{key}", **values)


def choose_step(prompt, pin: str) -> None:
    """One PIN typed while choosing: remember it, or compare it with the first and save."""
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
    from screens.volunteers.base import problem_words

    try:
        prompt.guard.choose(prompt.code, pin)
    except (OSError, KioskError) as error:
        said = choose_words(prompt.app, "failed", problem=problem_words(prompt.app, error))
        prompt.app.call_from_thread(prompt.pin_not_chosen, said,
                                    isinstance(error, PinAlreadySet))
        return
    prompt.app.call_from_thread(prompt.pin_chosen)
