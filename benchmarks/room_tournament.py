#!/usr/bin/env python
"""CRM Dojo room benchmark, the tournament: N bot teams play through the team pages while the facilitator's
page runs, and what the leaderboards show is counted against what was submitted.

It serves the room as ``make workshop SERVER=voila`` does (``python -m sim.room --server voila`` on
127.0.0.1, through ``room.serve``), with a fresh tournament database (``$CRM_DOJO_DB``) holding one
session of ``--rounds`` rounds. Each team is a headless Chromium context of its own (every request
leaving 127.0.0.1 blocked and counted): all open the team page and join at the same moment, then
submit the default plan every round; every third team (0, 3, …) reloads its page in the middle
round and rejoins with the rejoin code its page showed, then keeps playing. The facilitator's page
(the session code in its address, the key typed into its password box) opens as the teams join
and stays open all along: it closes each round once it lists every team as submitted, waits for
the leaderboard, advances, and after the last round broadcasts a message. Printed:

- time to join (the team page asked for, to its rejoin code shown), p50 / p95 / max;
- time for a submission to be accepted (Submit pressed, to the page's receipt), p50 / p95 / max;
- rejoins that worked, and the time from the reload to the game shown again;
- the facilitator's close → its leaderboard of that round shown, per round;
- rejoins that worked; leaderboard rows shown against the teams that submitted, per round (the
  facilitator's page, and the store's accepted submissions and results), then every team page's
  final leaderboard against the teams and the facilitator's scores against the store's;
- requests that left 127.0.0.1, the server's process tree memory (``room.memory``) with every page
  open, host stalls (``benchmarks/hostload.py``) at the start and at the end.

It exits 1 if a leaderboard disagrees with what was submitted, a page failed or a request left.

Usage::

    .venv/bin/python benchmarks/room.py --tournament 6 --rounds 3
    .venv/bin/python benchmarks/room_tournament.py --n 2 --rounds 2   # the tests' size
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from room import CHROMIUM, LAUNCH_ARGS, LOCAL, fmt_memory, memory, quantiles, serve, server_errors, stop  # noqa: I001  (first: it puts the project on sys.path)
from hostload import host_stalls  # benchmarks/hostload.py

from sim.tournament import Store, Tournament

TEAM_PAGE, FAC_PAGE = "10_tournament_team.ipynb", "11_tournament_facilitator.ipynb"
SCENARIO = "dealer_phone"
BROADCAST = "Debrief in five minutes"
REJOIN_EVERY = 3  # teams 0, 3, 6, … reload their page and rejoin
CARRIED = "kept the decisions of the round before"  # a leaderboard's status of a team that did not submit


async def rows_of(page, board: str) -> list[tuple[str, str]]:
    """(team, status) of each row of ``board`` (a leaderboard's CSS selector) on ``page``, in order."""
    cells = [await page.locator(f"{board} .crm-lb-row td:nth-child({c})").all_inner_texts() for c in (2, 7)]
    return [(a.strip(), b.strip()) for a, b in zip(*cells)]


async def guard(context, blocked: list[str]) -> None:
    """Let ``context`` reach 127.0.0.1 only; every other request is aborted and noted in ``blocked``."""
    async def route(r):
        if r.request.url.startswith(LOCAL):
            await r.continue_()
        else:
            blocked.append(r.request.url)
            await r.abort()
    await context.route("**/*", route)


class Bot:
    """One team in a browser context of its own: what it did, how long it waited, what it saw."""

    def __init__(self, index: int, context, url: str, timeout_ms: float):
        self.index, self.context, self.url, self.ms = index, context, url, timeout_ms
        self.name = f"Bot{index + 1:02d}"
        self.page, self.token, self.error = None, "", None
        self.join_s: float | None = None
        self.submit_s: list[float] = []
        self.rejoined: bool | None = None  # None: this team does not reload
        self.rejoin_s: float | None = None
        self.idle_last = False  # True: it does not submit in the last round (it keeps the round before's)
        self.final: list[tuple[str, str]] = []
        self.broadcast = False

    async def _token(self) -> str:
        """The rejoin code the page shows once the team is in (the message's last ``<code>``)."""
        code = self.page.locator(".crm-team-message code").last
        await code.wait_for(timeout=self.ms)
        return (await code.inner_text()).strip()

    async def join(self) -> None:
        self.page = await self.context.new_page()
        t0 = time.perf_counter()
        await self.page.goto(self.url, wait_until="commit", timeout=self.ms)
        await self.page.locator(".crm-join-name input").fill(self.name, timeout=self.ms)
        await self.page.locator(".crm-join-button").click(timeout=self.ms)
        self.token = await self._token()
        self.join_s = time.perf_counter() - t0

    async def rejoin(self, r: int) -> None:
        """Reload the page and come back with the rejoin code; the page must show the game so far."""
        self.rejoined, t0 = False, time.perf_counter()
        await self.page.reload(wait_until="commit", timeout=self.ms)
        await self.page.locator(".crm-rejoin-token input").fill(self.token, timeout=self.ms)
        await self.page.locator(".crm-rejoin-button").click(timeout=self.ms)
        await self.page.locator(".crm-team-message", has_text=self.name).wait_for(timeout=self.ms)
        await self.page.locator(".crm-team-leaderboard", has_text=f"after round {r - 1}").wait_for(timeout=self.ms)
        self.rejoined = await self._token() == self.token
        self.rejoin_s = time.perf_counter() - t0

    async def submit(self, r: int, rounds: int) -> None:
        """Wait for round ``r`` to open on the page, press Submit (the default plan), time the receipt."""
        await self.page.locator(".crm-team-status", has_text=f"Round {r} of {rounds} is open").wait_for(timeout=self.ms)
        go = self.page.locator(".crm-game-go:enabled")
        await go.wait_for(timeout=self.ms)
        t0 = time.perf_counter()
        await go.click(timeout=self.ms)
        await self.page.locator(".crm-receipt-accepted", has_text=f"round {r}:").wait_for(timeout=self.ms)
        self.submit_s.append(time.perf_counter() - t0)

    async def play(self, r: int, rounds: int) -> None:
        """Round ``r``: join first (round 1), reload and rejoin (the middle round, every third team), submit."""
        if self.error:
            return
        try:
            if r == 1:
                await self.join()
            elif r == rounds // 2 + 1 and self.index % REJOIN_EVERY == 0:
                await self.rejoin(r)
            if not (r == rounds and self.idle_last):
                await self.submit(r, rounds)
        except Exception as exc:  # a page that failed: reported, not raised
            self.error = f"round {r}: {type(exc).__name__}: {str(exc).splitlines()[0][:140]}"

    async def end(self, rounds: int) -> None:
        """The page after the last round: over, its leaderboard of the last round, the facilitator's message."""
        if self.error:
            return
        try:
            await self.page.locator(".crm-team-status", has_text=f"over after {rounds} rounds").wait_for(timeout=self.ms)
            board = ".crm-team-leaderboard"
            await self.page.locator(board, has_text=f"after round {rounds}").wait_for(timeout=self.ms)
            self.final = await rows_of(self.page, board)
            await self.page.locator(".crm-team-broadcast", has_text=BROADCAST).wait_for(timeout=self.ms)
            self.broadcast = True
        except Exception as exc:
            self.error = f"the end: {type(exc).__name__}: {str(exc).splitlines()[0][:140]}"


class Facilitator:
    """The facilitator's page: open the session with the key, close each round, advance, broadcast."""

    def __init__(self, context, url: str, t: Tournament, timeout_ms: float):
        self.context, self.url, self.t, self.ms = context, url, t, timeout_ms
        self.page = None
        self.close_s: list[float] = []
        self.shown: dict[int, list[tuple[str, str]]] = {}  # round → (team, status) of its leaderboard's rows
        self.address, self.qr, self.scores, self.over = "", 0, [], False

    async def open(self) -> None:
        self.page = await self.context.new_page()
        await self.page.goto(f"{self.url}?session={self.t.code}", wait_until="commit", timeout=self.ms)
        await self.page.locator(".crm-fac-key input").fill(self.t.key, timeout=self.ms)  # never in the address
        await self.page.locator(".crm-fac-open").click(timeout=self.ms)
        await self.page.locator(".crm-fac-teams").wait_for(timeout=self.ms)
        self.address = await self.page.locator(".crm-fac-team-url a").get_attribute("href", timeout=self.ms) or ""
        self.qr = await self.page.locator(".crm-fac-qr svg").count()

    async def run_round(self, r: int, rounds: int, teams: int) -> None:
        """Wait until the page lists ``teams`` teams as submitted, close, time the leaderboard, open the next."""
        p = self.page
        if teams:
            await p.locator(".crm-fac-team", has_text="✓ submitted").nth(teams - 1).wait_for(timeout=self.ms)
        t0 = time.perf_counter()
        await p.locator(".crm-fac-close:enabled").click(timeout=self.ms)
        board = ".crm-fac-leaderboard"
        await p.locator(board, has_text=f"after round {r}").wait_for(timeout=self.ms)
        self.close_s.append(time.perf_counter() - t0)
        self.shown[r] = await rows_of(p, board)
        if r < rounds:
            await p.locator(".crm-fac-next:enabled").click(timeout=self.ms)
            await p.locator(".crm-fac-round", has_text=f"Round {r + 1} of {rounds} is open").wait_for(timeout=self.ms)
            return
        await p.locator(".crm-fac-message", has_text="last round").wait_for(timeout=self.ms)
        await p.locator(".crm-fac-round", has_text=f"over after {rounds} rounds").wait_for(timeout=self.ms)
        self.over = True
        self.scores = [s.strip() for s in await p.locator(f"{board} .crm-lb-row td:nth-child(3)").all_inner_texts()]
        await p.locator(".crm-fac-broadcast input").fill(BROADCAST, timeout=self.ms)
        await p.locator(".crm-fac-send").click(timeout=self.ms)


async def tournament(n: int, rounds: int, base: str, t: Tournament, timeout_s: float, idle_last: int) -> dict:
    """Play the tournament in headless Chromium (the last ``idle_last`` teams skip the last round); the bots,
    the facilitator, the requests blocked."""
    from playwright.async_api import async_playwright  # optional heavy dependency: only the benchmarks

    blocked: list[str] = []
    ms = timeout_s * 1000
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        contexts = [await browser.new_context(viewport={"width": 1300, "height": 1000}) for _ in range(n + 1)]
        for c in contexts:
            await guard(c, blocked)
        fac = Facilitator(contexts[0], f"{base}/{FAC_PAGE}", t, ms)
        bots = [Bot(i, c, f"{base}/{TEAM_PAGE}?session={t.code}", ms) for i, c in enumerate(contexts[1:])]
        for b in bots[n - idle_last:]:
            b.idle_last = True
        failed = None
        try:
            for r in range(1, rounds + 1):  # the facilitator's page opens as the teams join
                await asyncio.gather(*(b.play(r, rounds) for b in bots), *([fac.open()] if r == 1 else []))
                await fac.run_round(r, rounds, sum(not b.error and not (r == rounds and b.idle_last) for b in bots))
            await asyncio.gather(*(b.end(rounds) for b in bots))
        except Exception as exc:  # the facilitator's page failed: reported, not raised
            failed = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
        await browser.close()
    return {"bots": bots, "fac": fac, "fac_error": failed, "blocked": blocked}


def store_rounds(store: Store, t: Tournament, rounds: int) -> dict[int, dict[str, set[str]]]:
    """Per round: the teams whose submission the store accepted, and those it holds a result for."""
    by_id = {x["id"]: x["name"] for x in store.teams(t.code)}
    log = store.submission_log(t.code, t.key)
    results = store.results(t.code)
    return {r: {"accepted": {by_id[x["team_id"]] for x in log if x["round"] == r and x["status"] == "accepted"},
                "results": {x["team"] for x in results if x["round"] == r}} for r in range(1, rounds + 1)}


def round_problems(k: int, r: dict, submitted: set[str], joined: set[str]) -> list[str]:
    """Round ``k``'s leaderboard on the facilitator's page against the receipts the pages got and the store:
    one row per team that joined, ✓ exactly for those that submitted, the others kept the round before's."""
    s, shown = r["store"][k], r["fac"].shown.get(k, [])
    names = [name for name, _ in shown]
    ticked = {name for name, status in shown if status == "✓"}
    others = {status for name, status in shown if name not in ticked}
    if len(names) == len(set(names)) and set(names) == joined == s["results"] and ticked == submitted \
            == s["accepted"] and others <= {CARRIED}:
        return []
    return [f"round {k}: the facilitator's leaderboard shows {shown}; the pages got receipts for {sorted(submitted)}; "
            f"the store accepted {sorted(s['accepted'])} and holds results for {sorted(s['results'])}"]


def problems(r: dict, rounds: int) -> list[str]:
    """What disagrees: a leaderboard against what was submitted, a page that failed, a request that left."""
    bots, fac, out = r["bots"], r["fac"], []
    names = {b.name for b in bots}
    out += [f"{b.name}: {b.error}" for b in bots if b.error]
    out += [f"the facilitator's page: {r['fac_error']}"] if r["fac_error"] else []
    out += [f"{len(r['blocked'])} requests left 127.0.0.1"] if r["blocked"] else []
    for k in range(1, rounds + 1):
        out += round_problems(k, r, {b.name for b in bots if len(b.submit_s) >= k},
                              {b.name for b in bots if b.join_s is not None})
    final = fac.shown.get(rounds, [])
    out += [f"{b.name}: its final leaderboard shows {b.final}, the facilitator's {final}"
            for b in bots if not b.error and (b.final != final or len(b.final) != len(names))]
    out += [f"{b.name}: rejoining did not work" for b in bots if b.rejoined is False]
    out += [f"{b.name}: the facilitator's message did not show" for b in bots if not b.error and not b.broadcast]
    if not r["fac_error"]:
        out += [] if fac.scores == r["scores"] else [f"final scores shown {fac.scores}, the store's {r['scores']}"]
        out += [] if fac.qr == 1 else ["the facilitator's page shows no QR code"]
        out += [] if fac.over else ["the facilitator's page does not say the tournament is over"]
        out += [] if r["address_ok"] else [f"the facilitator's page shows {fac.address!r} as the teams' address"]
    return out


def address_ok(shown: str, port: int, code: str) -> bool:
    """Whether the address the facilitator's page shows opens the team page of session ``code`` on this server
    (on this machine's network address, or 127.0.0.1 when it has none)."""
    head, _, tail = shown.partition(f":{port}/voila/render/")
    return head.startswith("http://") and tail == f"{TEAM_PAGE}?session={code}"


@contextlib.contextmanager
def env_var(name: str, value: str):
    """``$name`` set to ``value`` inside the block (the server started there inherits it), restored after."""
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def play(n: int, rounds: int, port: int, timeout_s: float = 300.0, idle_last: int = 0) -> dict:
    """Serve a room with a fresh tournament, play it with ``n`` bot teams for ``rounds`` rounds (the last
    ``idle_last`` of them skip the last round); the figures."""
    with tempfile.TemporaryDirectory(prefix="crm-tournament-") as scratch:
        db, log = Path(scratch) / "dojo.sqlite3", Path(scratch) / "server.log"
        store = Store(db)
        t = Tournament.create(store, SCENARIO, rounds=rounds, seed=1)
        opts = SimpleNamespace(server="voila", port=port, capacity=0, cull=60, no_prewarm=True, no_cache=False)
        t0 = time.perf_counter()
        with env_var("CRM_DOJO_DB", str(db)):
            server = serve(opts, str(Path(scratch) / "cache"), log)
        started = time.perf_counter() - t0
        try:
            r = asyncio.run(tournament(n, rounds, f"http://127.0.0.1:{port}/voila/render", t, timeout_s,
                                        min(idle_last, n)))
            r["memory"] = memory(server.pid)
        finally:
            stop(server)
        r.update(started=started, log_errors=server_errors(log), store=store_rounds(store, t, rounds),
                 scores=[f"{x['score']:.1f}" if x["score"] is not None else "" for x in store.leaderboard(t.code)],
                 address_ok=address_ok(r["fac"].address, port, t.code), code=t.code)
    r["problems"] = problems(r, rounds)
    return r


def report(n: int, rounds: int, r: dict, stalls: list[float]) -> None:
    bots, fac = r["bots"], r["fac"]
    print(f"Server answered after {r['started']:.1f} s")
    print(f"Time to join ({n} teams at once): {quantiles([b.join_s for b in bots if b.join_s is not None])}")
    print(f"Time for a submission to be accepted: {quantiles([s for b in bots for s in b.submit_s])}")
    print("Facilitator's close → leaderboard shown: " + ", ".join(
        f"round {k} {s:.1f} s" for k, s in enumerate(fac.close_s, 1)) + f"   ({quantiles(fac.close_s)})")
    tried = [b for b in bots if b.rejoined is not None]
    print(f"Rejoins after a reload that worked: {sum(bool(b.rejoined) for b in tried)} of {len(tried)}; "
          f"reload → back in the game {quantiles([b.rejoin_s for b in tried if b.rejoin_s is not None])}")
    for k in range(1, rounds + 1):
        ticks = sum(status == "✓" for _, status in fac.shown.get(k, []))
        print(f"Round {k}: leaderboard rows shown {len(fac.shown.get(k, []))} ({ticks} ✓), teams that submitted "
              f"{sum(len(b.submit_s) >= k for b in bots)}, the store accepted {len(r['store'][k]['accepted'])} "
              f"and holds {len(r['store'][k]['results'])} results")
    print(f"Team pages whose final leaderboard lists all {n} teams: {sum(len(b.final) == n for b in bots)} of {n}; "
          f"the facilitator's message shown on {sum(b.broadcast for b in bots)}")
    print(f"Requests that left 127.0.0.1 (blocked): {len(r['blocked'])}"
          + (f": {sorted(set(r['blocked']))[:5]}" if r["blocked"] else ""))
    if "memory" in r:
        print(f"Server's process tree with every page open: {fmt_memory(r['memory'])}")
    print(f"Server log errors: {len(r['log_errors'])}" + "".join(f"\n  {e}" for e in r["log_errors"]))
    print(f"Host stalls at the start and at the end: {stalls[0]:.0%}, {stalls[1]:.0%} of the time "
          "(figures are the room's own only near 0 %).")
    print(f"Problems: {len(r['problems'])}" + "".join(f"\n  {e}" for e in r["problems"]))


def run(n: int, rounds: int, port: int, timeout_s: float = 300.0, idle_last: int = 0) -> int:
    """Play, print the figures; 0 if every leaderboard agrees with what was submitted and no page failed, else 1."""
    if n < 1 or rounds < 1 or idle_last < 0:
        print(f"teams {n}, rounds {rounds}, idle teams {idle_last}: give at least 1 team (--tournament N, --n N), "
              "1 round (--rounds R) and 0 or more idle teams (--idle-last K)", file=sys.stderr)
        return 2
    if not os.access(CHROMIUM, os.X_OK):
        print(f"{CHROMIUM} not found: run scripts/install_browser.sh", file=sys.stderr)
        return 2
    stalls = [host_stalls()]
    print(f"CRM Dojo room benchmark · tournament · voila · {n} bot teams, {rounds} rounds, every "
          f"{REJOIN_EVERY}rd team rejoins in round {rounds // 2 + 1}, {idle_last} skip the last · "
          f"{os.cpu_count()} cores · "
          f"host stalls now {stalls[0]:.0%}", flush=True)
    r = play(n, rounds, port, timeout_s, idle_last)
    stalls.append(host_stalls())
    report(n, rounds, r, stalls)
    return 1 if r["problems"] else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=6, help="bot teams (default 6)")
    p.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    p.add_argument("--port", type=int, default=8910, help="the server's port on 127.0.0.1 (default 8910)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds a page may take for a step (default 300)")
    p.add_argument("--idle-last", type=int, default=0, metavar="K",
                   help="the last K teams do not submit in the last round: they keep the round before's (default 0)")
    args = p.parse_args(argv)
    return run(args.n, args.rounds, args.port, args.timeout, args.idle_last)


if __name__ == "__main__":
    sys.exit(main())
