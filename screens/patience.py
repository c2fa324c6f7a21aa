"""Patience: when the kiosk goes back to the welcome screen by itself, and when it must not.

Idle resets protect the next guest's privacy, never at the cost of a paid visit or a volunteer's
unsaved work. Each screen says how patient the kiosk is with it (`PATIENCE`):

- "guest" (the default): back to welcome after `[kiosk] idle_timeout` without a touch;
- "own": the screen keeps its own time (the card QR code: a guest may be paying on a phone);
- "volunteer": after `[kiosk] volunteer_idle_timeout`, but never while a screen of the area holds
  something typed and not saved (`holds_unsaved_input()`), and only once every screen has kept
  what it can as a draft (`keep_draft()`: the closing's cash count).
"""

from typing import Any


def idle_tick(kiosk: Any) -> float:
    """How often the idle checks run for these `[kiosk]` settings: often enough for the shortest
    wait, at most once a second."""
    shortest = min(kiosk.idle_timeout, kiosk.card_wait, kiosk.volunteer_idle_timeout)
    return min(1.0, max(0.05, shortest / 4))


def time_to_reset(app: Any) -> bool:
    """Whether the app should go back to welcome now (drafts are kept first when it should)."""
    patience = getattr(app.screen, "PATIENCE", "guest")
    if patience == "own":
        return False
    if patience == "volunteer":
        return volunteers_gone(app)
    if app.idle_for() < app.config.kiosk.idle_timeout:
        return False
    at_rest = len(app.screen_stack) == 1 and app.language == app.languages[0]
    return not at_rest


def volunteers_gone(app: Any) -> bool:
    """The volunteers' screens waited their time and hold nothing unsaved: keep the drafts."""
    if app.idle_for() < app.config.kiosk.volunteer_idle_timeout:
        return False
    stack = app.screen_stack
    if any(getattr(screen, "holds_unsaved_input", lambda: False)() for screen in stack):
        return False
    for screen in stack:
        keep_draft = getattr(screen, "keep_draft", None)
        if keep_draft is not None:
            keep_draft()
    return True
