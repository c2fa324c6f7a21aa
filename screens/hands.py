"""Fingers and keys: the kiosk answers the hand that uses it.

- Key chips ("Entrée", "1", "F2") mean something to a keyboard and nothing to a finger. In a
  browser (`kiosk serve`, a touch screen) buttons show their words alone until a key is pressed,
  and hide the chips again at the next tap; the volunteers' footer of keys goes with them (the
  app's class `-fingers`), leaving its row to their keys for a finger. The terminal keeps them:
  its Pi may have no touch.
- A tap leaves the pointer where the finger was: Textual would then highlight whatever button of
  the next screen lies under that spot. Once a press is over, the pointer is taken off the screen
  (a move to nowhere), so nothing stays highlighted; a real mouse that moves shows it again.
- In a browser the page sizes the text for the screen on show: 80 columns for the volunteers'
  tables, fewer and bigger letters for a guest's steps on a portrait screen. The app tells the
  page through Textual's `open_url` with a `kiosk:` address, which the page keeps for itself
  (screens/web/kiosk.js opens no other address).
"""

from textual import events
from textual.app import App

from screens.base import KeyButton, keys_shown


def noticed(app: App, event: events.Event) -> None:
    """Adjust to the hand behind `event`, an input event the app received first."""
    if isinstance(event, events.Key):
        show_keys(app, True)
    elif isinstance(event, events.MouseDown) and app.is_web:
        show_keys(app, False)
    elif isinstance(event, events.MouseUp):
        app.call_after_refresh(lift_pointer, app)


def show_keys(app: App, shown: bool) -> None:
    """Show or hide the key chips on every button of every screen in the stack."""
    if keys_shown(app) == shown:
        return
    app.keys_shown = shown
    app.set_class(not shown, "-fingers")
    for screen in app.screen_stack:
        for button in screen.query(KeyButton):
            button.show_key(shown)


def lift_pointer(app: App) -> None:
    """Tell the app the pointer left the screen, as a finger does once lifted."""
    app.post_message(events.MouseMove(None, -1, -1, 0, 0, 0, False, False, False,
                                      screen_x=-1, screen_y=-1))


def tell_page_width(app: App, needs_columns: int) -> None:
    """Ask the browser's page for at least `needs_columns` columns (nothing in a terminal)."""
    if app.is_web and getattr(app, "page_columns", None) != needs_columns:
        app.page_columns = needs_columns
        app.open_url(f"kiosk:columns={needs_columns}", new_tab=False)
