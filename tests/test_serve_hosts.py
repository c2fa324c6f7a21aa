"""`kiosk serve` on the network answers only to its own names (no DNS rebinding).

A foreign web page a phone on the cantine's Wi-Fi opens could point its own name at the kiosk's
address: the browser then sends that name in Host and, for a websocket, in Origin too, and the
kiosk would take it for its own page. These tests forge both, as such a page would.
"""

import asyncio
import socket

import aiohttp
from serve_support import kiosk_processes, served_kiosk, write_test_config

OWN_NAME = "borne.cantine.lan"


def status_for(port: int, host: str | None) -> int:
    """The HTTP status `kiosk serve` answers a GET / whose Host header is `host` (none: None)."""
    request = "GET / HTTP/1.1\r\n" + (f"Host: {host}\r\n" if host is not None else "") + \
        "Connection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as door:
        door.sendall(request.encode("latin-1"))
        answer = b""
        while chunk := door.recv(4096):
            answer += chunk
    return int(answer.split(b" ", 2)[1])


async def websocket_answer(port: int, host: str, origin: str) -> int | str:
    """What the kiosk answers a websocket with these Host and Origin: a status, or "open"."""
    async with aiohttp.ClientSession() as client:
        try:
            async with client.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24",
                                         headers={"Host": host, "Origin": origin}) as tab:
                await tab.receive(timeout=15)
                return "open"
        except aiohttp.WSServerHandshakeError as error:
            return error.status


def test_on_the_network_only_the_kiosks_own_names_are_served(tmp_path):
    write_test_config(tmp_path)
    with (tmp_path / "kiosk.toml").open("a", encoding="utf-8") as config:
        config.write(f'serve_names = ["{OWN_NAME}"]\n')  # [kiosk] is the file's last table
    machine = socket.gethostname()
    with served_kiosk(tmp_path, "--host", "0.0.0.0") as (server, port):
        for host in (f"127.0.0.1:{port}", f"192.168.1.20:{port}", f"[::1]:{port}",
                     f"localhost:{port}", f"{machine}:{port}", f"{machine}.local:{port}",
                     f"{OWN_NAME}:{port}", f"{OWN_NAME.upper()}:{port}"):
            assert status_for(port, host) == 200, host
        for host in (f"evil.example:{port}", "evil.example", f"{OWN_NAME}.evil.example:{port}",
                     f"evil-{machine}:{port}", "", None, f"{machine}@evil.example:{port}"):
            assert status_for(port, host) in (400, 421), host
        for host in (f"evil.example:{port}", f"cantine.evil.example:{port}"):
            answer = asyncio.run(websocket_answer(port, host, f"http://{host}"))
            assert answer == 421, (host, answer)
        assert kiosk_processes(server.pid) == []  # nothing started for them
        own = f"{OWN_NAME}:{port}"
        assert asyncio.run(websocket_answer(port, own, f"http://{own}")) == "open"
