"""Chromium's own cost of showing a room's page: the same page from a static file server, N tabs at once.

The room benchmark (``benchmarks/room.py --floor``) runs the trainees' browsers on the server's own
cores; this measures what those browsers alone cost for the page they were served: the page's HTML,
chart included, saved once and served by a static file server on 127.0.0.1 (no simulation, no room
server running), opened in ``n`` tabs at the same moment, timed to the same chart selector. What the
room's first-chart times add to this is the room's.

Any saved page too: ``.venv/bin/python benchmarks/browser_floor.py page.html --n 60 [--contexts]``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Chromium alone: N tabs open a saved page from a static file server.")
    p.add_argument("page", type=Path, help="an HTML file (e.g. a room page saved with curl)")
    p.add_argument("--n", type=int, default=60, help="tabs opened at the same moment (default 60)")
    p.add_argument("--selector", default="svg", help="what counts as shown (default: the first svg)")
    p.add_argument("--contexts", action="store_true", help="a browser context (private profile) per tab")
    args = p.parse_args(argv)
    if not args.page.is_file() or args.n < 1:
        p.error("give an HTML file and --n >= 1")
    chromium = "/usr/bin/chromium"
    times = sorted(floor(args.page.resolve(), args.n, args.selector, chromium, ["--headless", "--no-sandbox",
                                                                                 "--disable-gpu"], args.contexts))
    p95 = times[min(len(times) - 1, -(-95 * len(times) // 100) - 1)]
    print(f"{args.n} {'contexts' if args.contexts else 'tabs'} of {args.page.name}: p50 {statistics.median(times):.2f} s"
          f"   p95 {p95:.2f} s   max {times[-1]:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
