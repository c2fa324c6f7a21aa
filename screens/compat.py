"""Textual's private names this kiosk relies on, each with why and the upstream issue it works
around. Nothing else in the project imports a private Textual module.

- `textual._styles_cache.StylesCache.get_inner_outer` is wrapped in `functools.lru_cache(1024)`
  on a method, so the cache keeps the last 1,024 widgets' render caches alive after their screens
  are gone: some 20,000 objects per guest for the collector to walk
  (https://github.com/Textualize/textual/issues/6665). The kiosk clears it when a guest leaves.
  `tests/test_compat.py` fails when an upgrade removes the class, or fixes the leak (no cache
  left to clear): then delete this module and its one caller.
"""

from textual._styles_cache import StylesCache

PINNED_FOR = "textual 8.2"


def forget_render_caches() -> None:
    """Let the render caches of widgets that are gone be collected (textual#6665)."""
    cache_clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()


def render_cache_kind() -> type:
    """The class whose live instances measure the leak (tests count them)."""
    return StylesCache


def leaky_cache_present() -> bool:
    """Whether this Textual still caches render caches on a method (textual#6665 unfixed)."""
    return callable(getattr(StylesCache.get_inner_outer, "cache_clear", None))
