"""`kiosk serve`'s tabs at the protocol level: who gets a kiosk process, in what order, and how
fast the server lets go of them when it stops."""

import asyncio
import time

import aiohttp
from serve_support import kiosk_processes, served_kiosk, write_test_config


async def first_bytes(tab, timeout: float = 20) -> None:
    """Wait until the tab's kiosk process draws (binary frames); answer nothing else."""
    deadline = time.monotonic() + timeout
    while True:
        message = await tab.receive(timeout=max(0.1, deadline - time.monotonic()))
        if message.type == aiohttp.WSMsgType.BINARY:
            return
        assert message.type == aiohttp.WSMsgType.TEXT, message


async def drawn_within(tab, seconds: float) -> bool:
    """Whether the tab's kiosk process draws within `seconds`."""
    try:
        await first_bytes(tab, seconds)
        return True
    except TimeoutError:
        return False


def test_tabs_beyond_max_sessions_are_served_first_come_first_served(tmp_path):
    write_test_config(tmp_path, max_sessions=2)

    async def tabs(server, port):
        url = f"http://127.0.0.1:{port}/ws?width=80&height=24"
        origin = {"Origin": f"http://127.0.0.1:{port}"}
        async with aiohttp.ClientSession() as client:
            running = [await client.ws_connect(url, headers=origin) for _ in range(2)]
            for tab in running:
                await first_bytes(tab)
            waiting = []
            for _ in range(4):  # each one second after the one before
                waiting.append(await client.ws_connect(url, headers=origin))
                told = await waiting[-1].receive(timeout=10)
                assert told.type == aiohttp.WSMsgType.TEXT and "kiosk_wait" in told.data
                await asyncio.sleep(1)
            await waiting[1].close()  # the second in line leaves before its turn
            assert len(kiosk_processes(server.pid)) == 2
            order = []
            for _ in range(3):
                await running.pop(0).close()  # a screen closed: the next in line, alone, draws
                starts = [(n, asyncio.ensure_future(drawn_within(tab, 20)))
                          for n, tab in enumerate(waiting) if n not in order and n != 1]
                first = await asyncio.wait([task for _, task in starts],
                                           return_when=asyncio.FIRST_COMPLETED)
                assert first
                await asyncio.sleep(1.5)  # anyone else who would (wrongly) start too
                drew = [n for n, task in starts if task.done() and task.result()]
                for _, task in starts:
                    task.cancel()
                order += drew
                running.append(waiting[drew[-1]])
                assert len(kiosk_processes(server.pid)) <= 2
            for tab in running + waiting:
                await tab.close()
            return order

    with served_kiosk(tmp_path) as (server, port):
        order = asyncio.run(tabs(server, port))
    assert order == [0, 2, 3]
