#!/usr/bin/env python
"""CRM Dojo room benchmark: N trainees open a case at the same moment, then all move a control.

It serves the workshop exactly as ``make workshop`` does (``python -m sim.room``, on 127.0.0.1 and
``--port``; ``--server solara``, the default, or ``voila``; ``--cache`` the shared cache an earlier
start prepared, else a fresh one the start fills), opens ``--n`` pages in headless Chromium
(``/usr/bin/chromium``: tabs of one browser context, or ``--contexts`` a private profile each; at
CPU priority ``--browser-nice``, 0 by default, 19 to let the server come first, as it does when the
trainees' browsers run on their own devices; every request leaving 127.0.0.1 blocked and counted)
and prints:

- time to first chart: from the page's request to its chart in the browser (p50 / p95 / max), and
  how many pages got the "room is full" page instead (past ``--capacity``);
- redraw: every page moves the case's first slider at a random moment within 10 s (1 to 5 steps,
  so some share a setting); the time until its chart changed (p50 / p95 / max);
- the server's own part of both (light pages): from a request's arrival to its answer, as the
  server timed it (``/room/pages``) — what the laptop adds whoever's browser shows the page;
- the CPU time the server's process tree used while the pages opened and for the moves (on a
  host shared with other jobs the waits grow, this hardly does);
- memory of the server's whole process tree with every page open (RSS and PSS, from
  ``/proc/<pid>/smaps_rollup``; PSS counts shared pages once), and the pages it holds (Voila:
  kernel processes; Solara: its virtual kernels and light pages);
- after every page is left (as a tab closes: its beacon runs), what is still held at
  ``--linger`` seconds (pages or kernels, processes, memory);
- host stalls (``benchmarks/hostload.py``) at the start and at the end: figures taken while the
  host stalls are slow for the host's reasons.

Usage::

    .venv/bin/python benchmarks/room.py --n 60 --cache out/cache   # as make workshop, after its first start
    .venv/bin/python benchmarks/room.py --n 60 --contexts --browser-nice 19
    .venv/bin/python benchmarks/room.py --n 8 --server voila
    .venv/bin/python benchmarks/room.py --n 2 --capacity 1 --linger 10   # the tests' size
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if importlib.util.find_spec("sim") is None:
    sys.path.append(str(ROOT))

from browser_floor import floor, save_page  # noqa: E402  (benchmarks/browser_floor.py)
from hostload import host_stalls  # noqa: E402  (benchmarks/hostload.py)

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
CHART = ".crm-dojo-chart-output .crm-dojo-chart svg"
FULL = ".crm-dojo-room-full"
SLIDER = ".crm-dojo-dashboard input[type=range], .crm-dojo-dashboard .noUi-handle"  # a light page's, a widget's
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1")
MOVE_WINDOW_S = 10.0


def quantiles(xs: list[float]) -> str:
    """``p50 / p95 / max`` of ``xs`` in seconds (nearest rank), or a dash when empty."""
    if not xs:
        return "—"
    s = sorted(xs)
    p95 = s[min(len(s) - 1, max(0, -(-95 * len(s) // 100) - 1))]
    return f"p50 {statistics.median(s):6.1f} s   p95 {p95:6.1f} s   max {s[-1]:6.1f} s   (n={len(s)})"


# ------------------------------------------------------------------ the server and its processes
def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from ``/proc/*/stat``)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _json(port: int, path: str):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
            return json.load(r)
    except (OSError, ValueError):
        return None


def virtual_kernels(port: int) -> int:
    """The pages a Solara server holds: its virtual kernels (``/resourcez``) and its light pages
    (``/room/pages``); 0 if it does not answer."""
    kernels, light = _json(port, "/resourcez") or {}, _json(port, "/room/pages") or {}
    return int(kernels.get("kernels", {}).get("total", 0)) + int(light.get("pages", 0))


def server_answers(port: int) -> dict[str, list[float]]:
    """How long the server took to answer each light page and chart (its ``/room/pages``), seconds."""
    return (_json(port, "/room/pages") or {}).get("answers", {})


def memory(pid: int, port: int | None = None) -> dict:
    """Processes, kernels, RSS and PSS (MB) of ``pid``'s process tree; with ``port`` (a Solara server)
    its kernels are the virtual kernels it counts, else the ipykernel processes."""
    procs, kernels, rss, pss = 0, 0, 0, 0
    for p in tree(pid):
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            cmd = Path(f"/proc/{p}/cmdline").read_bytes()
        except OSError:
            continue
        fields = {ln.split(":")[0]: int(ln.split()[1]) for ln in rollup.splitlines()[1:] if ln.endswith("kB")}
        procs += 1
        kernels += b"ipykernel" in cmd
        rss += fields.get("Rss", 0)
        pss += fields.get("Pss", 0)
    if port is not None:
        kernels = virtual_kernels(port)
    return {"procs": procs, "kernels": kernels, "rss_mb": rss / 1024, "pss_mb": pss / 1024,
            "held": "kernels" if port is None else "pages held"}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by ``pid``'s process tree, in seconds."""
    ticks = 0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def solara_port(args) -> int | None:
    """The port to ask for virtual kernels: the server's when it is Solara's."""
    return args.port if args.server == "solara" else None


def fmt_memory(m: dict) -> str:
    return (f"{m['kernels']} {m['held']}, {m['procs']} processes, RSS {m['rss_mb']:,.0f} MB, "
            f"PSS {m['pss_mb']:,.0f} MB")


def serve(args, cache: str, log: Path) -> subprocess.Popen:
    """``python -m sim.room`` (what ``make workshop`` runs) on 127.0.0.1; returns once it answers."""
    cmd = [sys.executable, "-m", "sim.room", "--server", args.server, "--host", "127.0.0.1", "--port", str(args.port),
           "--capacity", str(args.capacity), "--cache", cache, "--cull", str(args.cull),
           *(["--no-prewarm"] if args.no_prewarm else []), *(["--no-cache"] if args.no_cache else []),
           *(["--drawers", str(args.drawers), "--pages", args.pages] if args.server == "solara" else [])]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}; its log: {log}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/", timeout=2)
            return proc
        except urllib.error.HTTPError:
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"the server did not answer within 600 s; its log: {log}")


def landing(port: int) -> str:
    """What the server's root lists: how many pages, and whether the facilitator's is kept apart."""
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60).read().decode()
    listed = page.count('class="crm-dojo-case"')
    trainees, _, trainer = page.rpartition('class="crm-dojo-trainer"')
    if "11_tournament_facilitator" not in page:
        return f"{listed} pages listed by title in English and 中文; no facilitator's page (Voila serves it)"
    apart = "11_tournament_facilitator" not in trainees and "11_tournament_facilitator" in trainer
    return (f"{listed} pages listed by title in English and 中文; the facilitator's "
            f"{'only in the trainer line' if apart else 'NOT kept apart'}")


def stop(proc: subprocess.Popen) -> None:
    """End the server's process group (it and its kernels)."""
    if proc.poll() is None:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()


# ------------------------------------------------------------------ the trainees
class Trainee:
    """One page in a browser context of its own; what it saw and how long it waited."""

    def __init__(self, index: int, context, url: str):
        self.index, self.context, self.url = index, context, url
        self.page = None
        self.first_chart: float | None = None
        self.full = False
        self.redraw: float | None = None
        self.error: str | None = None
        self.blocked: list[str] = []

    async def _route(self, route):
        if route.request.url.startswith(LOCAL):
            await route.continue_()
        else:
            self.blocked.append(route.request.url)
            await route.abort()

    async def open(self, timeout_ms: int) -> None:
        self.page = await self.context.new_page()
        await self.page.route("**/*", self._route)
        t0 = time.perf_counter()
        try:
            await self.page.goto(self.url, wait_until="commit", timeout=timeout_ms)
            found = await self.page.wait_for_selector(f"{CHART}, {FULL}", timeout=timeout_ms)
            self.full = await found.evaluate(f"e => !!e.closest('{FULL}')")
            if not self.full:
                self.first_chart = time.perf_counter() - t0
        except Exception as exc:  # a page that never showed its chart: reported, not raised
            self.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"

    async def chart(self) -> str:
        try:
            return await self.page.locator(CHART).first.evaluate("e => e.outerHTML")
        except Exception:  # the chart is being redrawn
            return ""

    async def move(self, delay: float, steps: int, timeout_s: float) -> None:
        """Wait ``delay`` s, press ArrowRight ``steps`` times on the first slider, time the new chart."""
        await asyncio.sleep(delay)
        before = await self.chart()
        handle = self.page.locator(SLIDER).first
        await handle.focus()
        t0 = time.perf_counter()
        for _ in range(steps):
            await self.page.keyboard.press("ArrowRight")
        while time.perf_counter() - t0 < timeout_s:
            now = await self.chart()
            if now and now != before:
                self.redraw = time.perf_counter() - t0
                return
            await asyncio.sleep(0.1)
        self.error = f"the chart did not change within {timeout_s:.0f} s of moving the slider"

    async def leave(self) -> None:
        """Leave the page as closing a tab does: its beforeunload sends Voila's shutdown beacon
        (headless Chromium's page.close(run_before_unload=True) drops the beacon)."""
        if self.page is not None:
            await self.page.goto("about:blank")


def renice_browsers(nice: int) -> int:
    """Lower the CPU priority of this benchmark's Chromium processes to ``nice`` (the ones they start
    later inherit it from the browser and its zygote); how many were changed."""
    changed = 0
    for p in tree(os.getpid())[1:]:
        try:
            if b"chrom" in Path(f"/proc/{p}/cmdline").read_bytes():
                os.setpriority(os.PRIO_PROCESS, p, nice)
                changed += 1
        except OSError:
            continue
    return changed


async def trainees_of(browser, args, url: str) -> list[Trainee]:
    """The ``--n`` trainees: tabs of one browser context, or (``--contexts``) each in a context of its own."""
    shared = None if args.contexts else await browser.new_context(viewport={"width": 1300, "height": 1000})
    return [Trainee(i, shared or await browser.new_context(viewport={"width": 1300, "height": 1000}), url)
            for i in range(args.n)]


async def room(args, url: str, server: subprocess.Popen) -> dict:
    """Open, move, measure, close, linger; the figures."""
    from playwright.async_api import async_playwright  # optional heavy dependency: only this benchmark

    rng = random.Random(args.seed)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        if args.browser_nice:
            renice_browsers(args.browser_nice)
        trainees = await trainees_of(browser, args, url)
        t0, cpu0 = time.perf_counter(), cpu_seconds(server.pid)
        await asyncio.gather(*(t.open(args.timeout * 1000) for t in trainees))
        t_open, cpu1 = time.perf_counter() - t0, cpu_seconds(server.pid)
        charted = [t for t in trainees if t.first_chart is not None]
        await asyncio.gather(*(t.move(rng.uniform(0, MOVE_WINDOW_S), rng.randint(1, 5), args.timeout)
                               for t in charted))
        cpu = {"open": cpu1 - cpu0, "moves": cpu_seconds(server.pid) - cpu1}
        open_mem = memory(server.pid, solara_port(args))
        answers = server_answers(args.port) if args.server == "solara" else {}
        await asyncio.gather(*(t.leave() for t in trainees))
        await asyncio.sleep(2.0)  # the beacons are on their way: a real browser stays open after a tab closes
        await browser.close()
    closed_at = time.perf_counter()
    samples = []
    while (elapsed := time.perf_counter() - closed_at) < args.linger:
        samples.append((elapsed, memory(server.pid, solara_port(args))))
        await asyncio.sleep(min(5.0, max(0.1, args.linger - elapsed)))
    samples.append((time.perf_counter() - closed_at, memory(server.pid, solara_port(args))))
    freed = next((s for s, m in samples if m["kernels"] == 0), None)
    return {"trainees": trainees, "t_open": t_open, "open_mem": open_mem, "after": samples[-1][1],
            "freed_s": freed, "cpu": cpu, "answers": answers}


def server_errors(log: Path, most: int = 8) -> list[str]:
    """The server log's error lines (a kernel that did not start, a cell that failed), at most ``most``."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    # "KeyboardInterrupt caught in kernel" is a kernel being shut down, not an error
    return [ln[:160] for ln in lines if any(w in ln for w in ("ERROR", "Timeout", "Error:", "refused"))
            and "KeyboardInterrupt caught" not in ln][-most:]


def report(args, r: dict, stalls: list[float], prewarm: str) -> None:
    ts = r["trainees"]
    blocked = sorted({u for t in ts for u in t.blocked})
    errors = [f"page {t.index}: {t.error}" for t in ts if t.error]
    print(f"Time to first chart ({args.n} pages at once): {quantiles([t.first_chart for t in ts if t.first_chart])}")
    print(f"Room full pages (capacity {args.capacity or 'none'}): {sum(t.full for t in ts)} of {args.n}")
    if "floor" in r:
        print(f"Chromium alone, the same page from a static file ({args.n} at once): {quantiles(r['floor'])}")
    print(f"Redraw after moving a slider (all within {MOVE_WINDOW_S:.0f} s): "
          f"{quantiles([t.redraw for t in ts if t.redraw is not None])}")
    if r["answers"].get("page"):
        print(f"The server's own part (request in to answer out, light pages): pages {quantiles(r['answers']['page'])}; "
              f"charts after a move {quantiles(r['answers'].get('chart', []))}")
    print(f"Server's process tree with every page open: {fmt_memory(r['open_mem'])}")
    print(f"Server's CPU time (its whole tree): {r['cpu']['open']:.1f} s while the pages opened, "
          f"{r['cpu']['moves']:.1f} s for the moves (what the host's stalls do not inflate much)")
    freed = f"{r['after']['held']} still held at {args.linger:.0f} s" if r["freed_s"] is None else \
        f"none held {r['freed_s']:.0f} s after"
    print(f"{args.linger:.0f} s after every page closed: {fmt_memory(r['after'])}; {freed}")
    print(f"Requests that left 127.0.0.1 (blocked): {len(blocked)}" + (f": {blocked[:5]}" if blocked else ""))
    print(f"Pages with a problem: {len(errors)}" + "".join(f"\n  {e}" for e in errors))
    print(f"Server log errors: {len(r['log_errors'])}" + "".join(f"\n  {e}" for e in r["log_errors"]))
    print(f"Server start: {prewarm}")
    print(f"Host stalls at the start and at the end: {stalls[0]:.0%}, {stalls[1]:.0%} of the time "
          "(figures are the room's own only near 0 %).")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=8, help="pages opened at the same moment (default 8)")
    p.add_argument("--server", choices=("solara", "voila"), default="solara",
                   help="what serves the room (python -m sim.room --server; default solara, as make workshop)")
    p.add_argument("--case", default="03_dealer_phone", help="the notebook they open (default 03_dealer_phone)")
    p.add_argument("--linger", type=float, default=60.0, help="seconds to watch after the pages close (default 60)")
    p.add_argument("--capacity", type=int, default=0, help="the room's capacity (default 0: no limit)")
    p.add_argument("--cull", type=int, default=60, help="the server's --cull (default 60 s)")
    p.add_argument("--port", type=int, default=8910, help="the server's port on 127.0.0.1 (default 8910)")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds a page may take (default 600)")
    p.add_argument("--seed", type=int, default=18, help="seed of the slider moves (default 18)")
    p.add_argument("--pages", choices=("light", "solara"), default="light",
                   help="Solara: the cases as light HTML pages (default, as make workshop) or as Solara's widget pages")
    p.add_argument("--drawers", type=int, default=0, help="Solara's chart-drawing worker processes (default 0: none)")
    p.add_argument("--contexts", action="store_true",
                   help="a browser context (a private profile) per trainee; default: tabs of one context. Each "
                        "context costs this machine's Chromium ≈ 0.45 s of CPU, which trainees' own devices pay")
    p.add_argument("--browser-nice", type=int, default=0, choices=range(0, 20), metavar="0-19",
                   help="the browsers' CPU priority (19, the lowest: the server first, as when the "
                        "trainees' browsers run on their own devices, but on a shared host other jobs then starve them; "
                        "default 0: the same as the server)")
    p.add_argument("--cache", type=Path, default=None,
                   help="the shared cache folder to serve from (as make workshop's out/cache, prepared by an earlier "
                        "start; default: a fresh one, so the start prepares everything)")
    p.add_argument("--no-prewarm", action="store_true", help="serve without computing the defaults first")
    p.add_argument("--no-cache", action="store_true", help="serve without the shared results cache")
    p.add_argument("--floor", action="store_true",
                   help="then time Chromium alone on the same page from a static file (no server work): the "
                        "browsers' own part of the first-chart time")
    p.add_argument("--tournament", type=int, default=0, metavar="N",
                   help="play a tournament with N bot teams instead (Voila; benchmarks/room_tournament.py)")
    p.add_argument("--rounds", type=int, default=3, help="the tournament's rounds (default 3)")
    args = p.parse_args(argv)
    if args.tournament:  # a script of its own: it imports this one's helpers, so importing it here would be a circle
        return subprocess.call([sys.executable, str(HERE / "room_tournament.py"), "--n", str(args.tournament),
                                "--rounds", str(args.rounds), "--port", str(args.port), "--timeout", str(args.timeout)])
    if args.n < 1 or args.linger < 0 or not (ROOT / "notebooks" / f"{args.case}.ipynb").exists():
        p.error("give --n >= 1, --linger >= 0 and --case naming a notebook in notebooks/ (e.g. 03_dealer_phone)")
    if not os.access(CHROMIUM, os.X_OK):
        p.error(f"{CHROMIUM} not found: run scripts/install_browser.sh")
    stalls = [host_stalls()]
    print(f"CRM Dojo room benchmark · {args.server}{' (' + args.pages + ' pages)' if args.server == 'solara' else ''} · "
          f"{args.n} pages of {args.case} ({'a browser context each' if args.contexts else 'tabs of one browser context'}, "
          f"browsers at nice {args.browser_nice}) · {os.cpu_count()} cores · host stalls now {stalls[0]:.0%}", flush=True)
    with tempfile.TemporaryDirectory(prefix="crm-room-") as scratch:
        log = Path(scratch) / "server.log"
        t0 = time.perf_counter()
        server, saved = serve(args, str(args.cache or Path(scratch) / "cache"), log), None
        try:
            base = memory(server.pid, solara_port(args))
            front = landing(args.port)
            start = (f"answered after {time.perf_counter() - t0:.1f} s, then {fmt_memory(base)} "
                     f"({'no cache' if args.no_cache else 'no prewarm' if args.no_prewarm else 'shared cache, defaults prewarmed'})")
            url = f"http://127.0.0.1:{args.port}/voila/render/{args.case}.ipynb"
            r = asyncio.run(room(args, url, server))
            saved = save_page(url, Path(scratch)) if args.floor else None
        finally:
            stop(server)
        if saved:  # the server stopped: Chromium alone, on the same page
            r["floor"] = floor(saved, args.n, CHART, CHROMIUM, LAUNCH_ARGS, args.contexts)
        r["log_errors"] = server_errors(log)
    stalls.append(host_stalls())
    print(f"Landing page: {front}")
    report(args, r, stalls, start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
