"""The kiosk in a browser (`kiosk serve`), through textual-serve.

Every browser tab that opens the page gets its own `kiosk run` process on the same data dir; the
ledger's lock makes their writes safe. By default only this machine can connect (127.0.0.1): the
Pi's own screen shows Chromium pointed at it. Listening on the network is a decision the cantine
takes in kiosk.toml (`[kiosk] serve_host`) or with `--host`, and we say aloud what it means.
"""

import ipaddress
import logging
import os
import shlex
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.errors import KioskError

LOOPBACK_NAMES = {"localhost", "ip6-localhost", "ip6-loopback"}


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


WEB = Path(__file__).resolve().parent / "web"
BUSY = 4429  # the websocket's close code when too many tabs wait already (the page retries)
WAITING = 16  # tabs that may wait their turn beyond max_sessions, their sockets open
CLOSING = 1.0  # seconds a closing socket waits for the page's answer (a dead tab gives none)
STOPPING = 0.6  # seconds a stopping server waits for its kiosk processes to end (see let_go)


def page_words(config) -> dict[str, str]:
    """The page's own sentences, in the cantine's first language (before any guest chose one)."""
    from kiosk.settings.i18n import words_for

    cantine = config.cantine
    words = words_for(cantine.languages[0], cantine.locale, cantine.currency)
    return {"language": words.language, "title": cantine.name,
            "reconnecting": words("page.reconnecting"), "busy": words("page.busy"),
            "refused": words("page.refused")}


def same_origin(origin: str | None, host: str | None, scheme: str = "http") -> bool:
    """Whether a websocket's Origin is the page's own address (the kiosk's page, not another
    site's script driving the kiosk from a visitor's browser): its host, port and scheme."""
    if not origin or not host:
        return False
    parts = urlsplit(origin)
    return parts.scheme == scheme and parts.netloc.lower() == host.lower()


def own_names(names: tuple[str, ...] = ()) -> set[str]:
    """The names this machine answers to on the network: localhost, its host name, name.local
    (mDNS) and the cantine's `[kiosk] serve_names`."""
    machine = socket.gethostname().lower()
    return LOOPBACK_NAMES | {machine, f"{machine}.local"} | {n.lower().rstrip(".") for n in names}


def host_allowed(host: str | None, listening_on: str, names: set[str] | None = None) -> bool:
    """Whether the Host a browser asked for may reach a kiosk listening on `listening_on`.

    A foreign site whose name was made to point at the kiosk's address (DNS rebinding) has its
    own name in Host: on loopback only a loopback name or address will do; on the network an IP
    address, or one of `names` (own_names()).
    """
    if not host:
        return False
    try:
        name = urlsplit(f"//{host}").hostname or ""
    except ValueError:  # "[::1", a port that is no number
        return False
    if is_loopback(listening_on):
        return is_loopback(name)
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return name.rstrip(".") in (own_names() if names is None else names)


def make_server(command: str, host: str, port: int, config):
    """A textual-serve Server with the kiosk's own page, that only its own page may drive, with
    at most `max_sessions` kiosk processes, and that stops promptly.

    The page (screens/web/) is made for a touch screen: see kiosk.js. textual-serve writes its
    own host into the page's websocket URL; with `--host 0.0.0.0` a tablet would be told to
    connect to 0.0.0.0: we take the address from the request instead. Each tab's websocket is
    read here (screens/serve_tabs.py: its turn, its pings, its late taps). On SIGTERM
    (systemctl stop, an update) textual-serve would wait a minute for open tabs, then for each
    kiosk process: we close every tab at once and let the kiosk processes end by themselves.
    """
    import asyncio

    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    from screens.serve_tabs import Line, take_turn

    words = page_words(config)
    limit = config.kiosk.max_sessions
    names = own_names(config.kiosk.serve_names)
    log = logging.getLogger("kiosk.serve")

    class KioskServer(Server):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.sessions: set[asyncio.Task] = set()  # every tab's, running or waiting
            self.turns = asyncio.Semaphore(limit)  # kiosk processes, given out in order
            self.stopping = False
            self.leaving: list = []  # the kiosk processes asked to quit as the server stops

        async def _make_app(self):
            app = web.Application(middlewares=[self.only_known_hosts])
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(WEB))
            app.add_routes([
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/favicon.ico", self.handle_favicon),
                # No listing of either folder: only the files the page names.
                web.static("/static", self.statics_path, show_index=False, name="static"),
                web.static("/web", WEB, show_index=False, name="web"),
            ])
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        @web.middleware
        async def only_known_hosts(self, request, handler):
            if not host_allowed(request.host, self.host, names):
                log.warning("refused a request for host %r", request.host)
                raise web.HTTPMisdirectedRequest(text="kiosk: unknown host")
            return await handler(request)

        async def handle_favicon(self, request):
            return web.FileResponse(WEB / "favicon.svg",
                                    headers={"Content-Type": "image/svg+xml"})

        @aiohttp_jinja2.template("kiosk.html")
        async def handle_index(self, request):
            # No await before the parent reads public_url, so no other request can interleave.
            self.public_url = f"{request.scheme}://{request.host}"
            context = await Server.handle_index.__wrapped__(self, request)
            context["web_url"] = f"{self.public_url}/web/"
            return {**context, **words}

        async def handle_websocket(self, request):
            if not same_origin(request.headers.get("Origin"), request.host, request.scheme):
                log.warning("refused a websocket from origin %r", request.headers.get("Origin"))
                raise web.HTTPForbidden(text="kiosk: only the kiosk's own page may connect")
            socket = web.WebSocketResponse(heartbeat=15, timeout=CLOSING)
            await socket.prepare(request)
            if len(self.sessions) >= limit + WAITING:
                log.warning("refused a tab: %d tabs open or waiting", len(self.sessions))
                await socket.close(code=BUSY, message=b"busy")
                return socket
            session = asyncio.current_task()
            self.sessions.add(session)
            line = Line(socket, to_int(request.query.get("width", "80"), 80),
                        to_int(request.query.get("height", "24"), 24))
            try:
                if await take_turn(self.turns, line):
                    try:
                        await self.run_kiosk(line)
                    finally:
                        self.turns.release()
            except asyncio.CancelledError:
                pass  # the server stops: the tab is closed below, its page comes back on its own
            finally:
                self.sessions.discard(session)
                line.reader.cancel()
                await socket.close()
            return socket

        async def run_kiosk(self, line: Line) -> None:
            """This tab's own kiosk process, for as long as the tab stays."""
            socket = line.websocket
            service = AppService(self.command, write_bytes=socket.send_bytes,
                                 write_str=socket.send_str, close=socket.close,
                                 download_manager=self.download_manager, debug=self.debug)
            if not line.forget_waiting():
                return
            await service.start(*line.size)
            try:
                await line.relay(service)
            finally:
                await self.let_go(service)

        async def let_go(self, service) -> None:
            """Ask a tab's kiosk process to quit; wait for it, unless the server stops.

            Asked to quit, the kiosk ends between two events: a visit it showed as recorded
            is on disk already, one it is writing is finished first. Its tab is told at once
            (the kiosk's last word closes the socket). A server that stops waits STOPPING
            seconds at most, then leaves the kiosk processes to end by themselves rather than
            keep systemd or an update waiting (see serve()).
            """
            quitting = asyncio.ensure_future(service.stop())
            if not self.stopping:
                await asyncio.shield(quitting)
                return
            self.leaving.append(service)
            await asyncio.wait({quitting}, timeout=STOPPING)

        async def on_startup(self, app) -> None:
            log.info("serving %s on %s", self.command, self.public_url)

        async def on_shutdown(self, app) -> None:
            self.stopping = True
            ending = list(self.sessions)
            for session in ending:
                session.cancel()  # each tab closed, each kiosk process asked to quit
            if ending:
                await asyncio.wait(ending, timeout=STOPPING + CLOSING)

    return KioskServer(command, host=host, port=port, title=config.cantine.name)


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
    server = make_server(app_command(args.data_dir), host, port, config)
    try:
        server.serve()
    except OSError as error:
        raise KioskError(f"cannot listen on {host}:{port}: {error.strerror or error} "
                         "(is another kiosk serve running?)") from None
    if server.leaving:
        # Kiosk processes asked to quit may still be ending. Python's own exit would collect
        # their process objects (asyncio kills a child whose object it collects) and waits
        # for them besides: end here, and let them finish by themselves.
        logging.getLogger("kiosk.serve").info("stopped; %d kiosk processes end by themselves",
                                              len(server.leaving))
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    return 0
