"""Textual's private names this kiosk relies on, each with why and the upstream issue it works
around. Nothing else in the project imports a private Textual module.

- `textual._styles_cache.StylesCache.get_inner_outer` is wrapped in `functools.lru_cache(1024)`
  on a method, so the cache keeps the last 1,024 widgets' render caches alive after their screens
  are gone: some 20,000 objects per guest for the collector to walk
  (https://github.com/Textualize/textual/issues/6665). The kiosk clears it when a guest leaves.
  `tests/test_compat.py` fails when an upgrade removes the class, or fixes the leak (no cache
  left to clear): then delete `forget_render_caches` and its one caller.
- `App._register` mounts a screen's widgets (composes them and matches them with the CSS) without
  showing it, as Textual does for a screen pushed the first time: the kiosk builds the steps of a
  visit while the welcome screen waits (`build_offstage`). Textual's public way, `push_screen`,
  would show each one.
- `events.ScreenResume.refresh_styles`: Textual re-applies every CSS rule to every widget of a
  screen each time it is switched to (about half of a reused step's time on show). A step screen
  shown again has the styles it had (a widget whose classes change updates itself), so it sets
  the event's flag off before `Screen._on_screen_resume` reads it: Textual calls a message's
  handlers from the most derived class first (`MessagePump._get_dispatch_methods`).
- `App._display` is where the app hands a finished frame to the terminal: `make bench` times a
  tap to the frame that answers it there (`time_each_frame`), so Pilot's own waiting is not
  counted. Textual has no public hook for "a frame was drawn".
"""

from collections.abc import Callable

from textual._styles_cache import StylesCache

PINNED_FOR = "textual 8.2"


def forget_render_caches() -> None:
    """Let the render caches of widgets that are gone be collected (textual#6665)."""
    cache_clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()


def build_offstage(app, screen) -> None:
    """Compose and mount `screen` (an installed screen) without showing it."""
    if not screen.is_running:
        app._register(app, screen)


def keep_styles(resumed) -> None:
    """A screen shown again keeps its widgets' styles (`resumed`: its ScreenResume event)."""
    resumed.refresh_styles = False


def time_each_frame(app, seen: Callable[[object], None]) -> None:
    """Call `seen(screen)` each time `app` hands a frame to its driver (bench only)."""
    display = app._display

    def timed_display(screen, renderable):
        if renderable is not None:
            seen(screen)
        display(screen, renderable)

    app._display = timed_display


def render_cache_kind() -> type:
    """The class whose live instances measure the leak (tests count them)."""
    return StylesCache


def leaky_cache_present() -> bool:
    """Whether this Textual still caches render caches on a method (textual#6665 unfixed)."""
    return callable(getattr(StylesCache.get_inner_outer, "cache_clear", None))
