"""Chromium's own cost of showing a room's page: the same page from a static file server, N tabs at once.

The room benchmark (``benchmarks/room.py --floor``) runs the trainees' browsers on the server's own
cores; this measures what those browsers alone cost for the page they were served: the page's HTML,
chart included, saved once and served by a static file server on 127.0.0.1 (no simulation, no room
server running), opened in ``n`` tabs at the same moment, timed to the same chart selector. What the
room's first-chart times add to this is the room's.
"""

from __future__ import annotations

import asyncio
import threading
import time
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["floor", "save_page"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # one line per request would bury the benchmark's output
        pass


def save_page(url: str, folder: Path) -> Path:
    """The page at ``url`` (as the room serves it) saved as ``folder/page.html``."""
    path = Path(folder) / "page.html"
    path.write_bytes(urllib.request.urlopen(url, timeout=600).read())
    return path


async def _open_all(url: str, n: int, selector: str, chromium: str, launch_args: list[str], contexts: bool) -> list[float]:
    from playwright.async_api import async_playwright  # optional heavy dependency: only the benchmarks

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=launch_args, headless=True)
        shared = None if contexts else await browser.new_context(viewport={"width": 1300, "height": 1000})
        pages = [await (shared or await browser.new_context(viewport={"width": 1300, "height": 1000})).new_page()
                 for _ in range(n)]

        async def one(page) -> float:
            t0 = time.perf_counter()
            await page.goto(url, wait_until="commit")
            await page.wait_for_selector(selector, timeout=600_000)
            return time.perf_counter() - t0

        times = await asyncio.gather(*(one(page) for page in pages))
        await browser.close()
    return list(times)


def floor(page: Path, n: int, selector: str, chromium: str, launch_args: list[str], contexts: bool = False) -> list[float]:
    """Seconds until ``selector`` showed in each of ``n`` tabs (or ``contexts``) opening ``page`` at once."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(page.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{page.name}"
        return asyncio.run(_open_all(url, n, selector, chromium, launch_args, contexts))
    finally:
        server.shutdown()
