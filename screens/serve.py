"""The kiosk in a browser (`kiosk serve`), through textual-serve.

Every browser tab that opens the page gets its own `kiosk run` process on the same data dir; the
ledger's lock makes their writes safe. By default only this machine can connect (127.0.0.1): the
Pi's own screen shows Chromium pointed at it. Listening on the network is a decision the cantine
takes in kiosk.toml (`[kiosk] serve_host`) or with `--host`, and we say aloud what it means.
"""

import ipaddress
import re
import shlex
import sys
from pathlib import Path

from kiosk.errors import KioskError

LOOPBACK_NAMES = {"localhost", "ip6-localhost", "ip6-loopback"}
GOOGLE_FONTS = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>\s*", re.DOTALL)


def is_loopback(host: str) -> bool:
    """Whether `host` can only be reached from this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name we cannot judge: assume the network can reach it


def network_warning(host: str, port: int) -> str:
    """The sentence printed when the kiosk is reachable from the network."""
    return (f"warning: kiosk serve listens on {host}:{port}: anyone on that network can open the "
            "kiosk and record visits in this cantine's ledger (the volunteers' area still needs "
            "the PIN). Use it only on the cantine's own network.")


def app_command(data_dir: Path) -> str:
    """The shell command textual-serve runs for each browser tab: this kiosk, on this data dir."""
    return shlex.join([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir.resolve()), "run"])


def offline(page: str) -> str:
    """textual-serve's page without its Google Fonts link: the kiosk must not tell a third party
    each time a guest's tab opens, and at a door without internet the request only delays."""
    return GOOGLE_FONTS.sub("", page)


def make_server(command: str, host: str, port: int, title: str):
    """A textual-serve Server that tells each page where to connect and stops promptly.

    textual-serve writes its own host into the page's websocket URL; with `--host 0.0.0.0` a tablet
    would be told to connect to 0.0.0.0. We take the address from the request instead. And on
    SIGTERM (systemctl stop, an update) it would wait a minute for open tabs: we end their
    sessions at once, which asks each tab's kiosk process to quit.
    """
    import asyncio

    import aiohttp_jinja2
    import jinja2
    from textual_serve.server import Server

    class KioskServer(Server):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.sessions: set[asyncio.Task] = set()

        async def _make_app(self):
            app = await super()._make_app()
            page = (self.templates_path / "app_index.html").read_text(encoding="utf-8")
            aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"app_index.html": offline(page)}))
            return app

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request):
            # No await before the parent reads public_url, so no other request can interleave.
            self.public_url = f"{request.scheme}://{request.host}"
            return await Server.handle_index.__wrapped__(self, request)

        async def handle_websocket(self, request):
            session = asyncio.current_task()
            self.sessions.add(session)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(session)

        async def on_shutdown(self, app) -> None:
            ending = list(self.sessions)
            for session in ending:
                session.cancel()  # textual-serve then closes the socket and quits the app
            if ending:
                await asyncio.wait(ending, timeout=10)

    return KioskServer(command, host=host, port=port, title=title)


def serve(args) -> int:
    """Serve the kiosk to browsers until stopped."""
    from kiosk.logfile import journal_address, start_logging
    from kiosk.settings.config import load_config

    config = load_config(args.data_dir)  # a broken kiosk.toml refuses here, not in every tab
    start_logging(args.data_dir, journal_address())
    host = args.host or config.kiosk.serve_host
    port = args.port if args.port is not None else config.kiosk.serve_port
    if not 1 <= port <= 65535:
        raise KioskError(f"--port {port} is not a port number (1 to 65535)")
    if not is_loopback(host):
        print(network_warning(host, port), file=sys.stderr, flush=True)
    server = make_server(app_command(args.data_dir), host, port, config.cantine.name)
    try:
        server.serve()
    except OSError as error:
        raise KioskError(f"cannot listen on {host}:{port}: {error.strerror or error} "
                         "(is another kiosk serve running?)") from None
    return 0
