"""The two commands that draw: `kiosk run` (the terminal) and `kiosk serve` (a browser).

The command line is the core's (`kiosk.cli`), which names this module in `DRAWING_COMMANDS`: the
core never imports Textual, and `kiosk record` never pays for it.
"""

import gc


def register(commands) -> None:
    """Add `kiosk run` (also what a bare `kiosk` does) and `kiosk serve`."""
    parser = commands.add_parser("run", help="the kiosk in this terminal (the default)")
    parser.set_defaults(handler=run)
    parser = commands.add_parser("serve", help="the kiosk for a browser (textual-serve)")
    parser.add_argument("--host", help="address to listen on (default: [kiosk] serve_host, "
                                       "127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, help="port (default: [kiosk] serve_port, 8000)")
    parser.set_defaults(handler=serve)


def pause_collector() -> None:
    """Pause Python's garbage collector for the kiosk's start, before Textual is imported.

    Starting makes some 200,000 objects that live as long as the kiosk (Textual, the catalogues,
    the screens): the collector would walk them a hundred times before the welcome screen is
    drawn, a fifth of the start at a Pi's pace, to find next to nothing. The app sets them aside
    and resumes the collector once it has prepared for guests (`screens.visit`, `prepared`).
    """
    gc.disable()


def run(args) -> int:
    """Start the kiosk full screen in this terminal."""
    pause_collector()
    from screens.app import run_kiosk

    return run_kiosk(args.data_dir)


def serve(args) -> int:
    """Serve the kiosk to browsers, one kiosk process per tab."""
    from screens.serve import serve

    return serve(args)
