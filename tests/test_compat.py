"""The one private thing of Textual the kiosk uses is still there, and still needed.

When an upgrade makes this fail, read screens/compat.py: it says what to do.
"""

import textual
from guest_support import pilot_test
from textual.app import App
from textual.widgets import Static

from screens.compat import PINNED_FOR, forget_render_caches, leaky_cache_present, render_cache_kind


def test_the_pinned_textual_still_has_the_leaky_cache_the_kiosk_clears() -> None:
    version = tuple(int(part) for part in textual.__version__.split(".")[:2])
    assert version == (8, 2), f"Textual {textual.__version__}: compat was written for {PINNED_FOR}"
    assert render_cache_kind().__name__ == "StylesCache"
    assert leaky_cache_present(), (
        "textual#6665 seems fixed (no lru_cache on StylesCache.get_inner_outer): "
        "remove screens/compat.py and its caller")


@pilot_test
async def test_clearing_lets_go_of_what_a_drawn_screen_left_in_the_cache() -> None:
    cached = render_cache_kind().get_inner_outer
    app = App()
    app.compose = lambda: [Static("Bonjour", classes="box")]
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
    assert cached.cache_info().currsize > 0
    forget_render_caches()
    assert cached.cache_info().currsize == 0
