"""What both tournament pages share: the page address, links and QR code, statuses, the leaderboard, polling.

Voila tells the kernel how the page was asked for (``SERVER_NAME``, ``SERVER_PORT``,
``SCRIPT_NAME``, ``QUERY_STRING``: voila/handler.py), so a page can show full addresses.
When the facilitator's browser used ``localhost``, teams on other machines cannot: the
address shown to the class uses this machine's network address instead.
``$CRM_DOJO_TEAM_URL`` overrides the team page's address (a server that serves one notebook).
"""

from __future__ import annotations

import asyncio
import base64
import html
import os
import socket
import threading
import time
from urllib.parse import parse_qs, urlencode

import ipywidgets as widgets
import segno

from sim.tournament.payload import ABSOLUTE_MAX_HOURS
from sim.ui.tournament_text import ttext

__all__ = ["Poller", "bound_cells", "download_link", "error_html", "lan_address", "leaderboard_html", "link_html",
           "page_url", "qr_svg", "query_params", "secret_in_query", "status_text", "team_url"]

TEAM_NOTEBOOK = "10_tournament_team.ipynb"
FACILITATOR_NOTEBOOK = "11_tournament_facilitator.ipynb"
ENV_TEAM_URL = "CRM_DOJO_TEAM_URL"
LOOPBACK = ("localhost", "127.0.0.1", "::1", "[::1]")
LINK_STYLE = "color:#0645ad;text-decoration:underline"


def query_params() -> dict[str, str]:
    """The page's query parameters (Voila puts them in ``$QUERY_STRING`` for the kernel)."""
    q = parse_qs(os.environ.get("QUERY_STRING", ""))
    return {k: v[-1] for k, v in q.items() if v}


def secret_in_query(q: dict[str, str]) -> bool:
    """Whether the page address carries a token or key (refused: addresses reach logs and Referer headers)."""
    return any(q.get(k) for k in ("token", "key"))


def error_html(text) -> str:
    return f"<span style='color:#b00'>{html.escape(str(text))}</span>"


def lan_address() -> str | None:
    """This machine's address on its network (a UDP socket is pointed at a private address; nothing is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            ip = s.getsockname()[0]
    except OSError:
        return None
    return None if ip.startswith("127.") or ip == "0.0.0.0" else ip


def _origin(env, for_others: bool) -> str:
    host, port = env.get("SERVER_NAME", ""), env.get("SERVER_PORT", "")
    if not host:
        return ""
    if for_others and host in LOOPBACK:
        host = lan_address() or host
    return f"http://{host}{':' + port if port else ''}"


def page_url(code: str, env=None) -> str:
    """This page's own address for session ``code`` (as the browser asked for it); '' outside Voila."""
    env = os.environ if env is None else env
    origin = _origin(env, for_others=False)
    return f"{origin}{env.get('SCRIPT_NAME', '/')}?{urlencode({'session': code})}" if origin else ""


def team_url(code: str, env=None) -> str:
    """The address teams open for session ``code`` ('' if this server cannot tell: set $CRM_DOJO_TEAM_URL)."""
    env = os.environ if env is None else env
    query = urlencode({"session": code})
    if env.get(ENV_TEAM_URL):
        base = env[ENV_TEAM_URL]
        return f"{base}{'&' if '?' in base else '?'}{query}"
    script, origin = env.get("SCRIPT_NAME", ""), _origin(env, for_others=True)
    if not origin or not script.endswith(FACILITATOR_NOTEBOOK):
        return ""
    return f"{origin}{script[:-len(FACILITATOR_NOTEBOOK)]}{TEAM_NOTEBOOK}?{query}"


def link_html(url: str) -> str:
    u = html.escape(url)
    return f"<a href='{u}' target='_blank' rel='noopener' style='{LINK_STYLE}'>{u}</a>"


def qr_svg(url: str) -> str:
    """``url`` as a QR code, an inline SVG element."""
    return segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def download_link(data: bytes, filename: str, label: str) -> str:
    """A link that saves ``data`` as ``filename`` from the page itself (no file server needed)."""
    href = "data:text/html;base64," + base64.b64encode(data).decode("ascii")
    return (f"<a class='crm-download' download='{html.escape(filename)}' href='{href}' style='{LINK_STYLE}'>"
            f"{html.escape(label)}</a>")


def status_text(row: dict, round_open: bool) -> str:
    """A team's state in the current round: submitted, not yet, or (closed) how the round was played."""
    if row.get("submitted"):
        return ttext("submitted", rev=row.get("revision"))
    if round_open:
        return ttext("not_submitted")
    return ttext({"carried": "carried", "default": "default_plan", "late_join": "default_plan"}.get(
        row.get("source") or "", "no_decisions"))


def bound_cells(grid, max_hours: float = ABSOLUTE_MAX_HOURS) -> None:
    """Bound the grid's number boxes, now and any added later, to 0 … ``max_hours`` (the store's own
    bound): a slip like 2e8 stops at the box."""

    def cell(value: float = 0.0) -> widgets.BoundedFloatText:
        w = widgets.BoundedFloatText(value=min(max(float(value), 0.0), max_hours), min=0.0, max=max_hours, step=1.0,
                                     layout=widgets.Layout(width="78px"))
        w.observe(lambda _: grid._changed(), names="value")
        return w

    grid._cell = cell


def leaderboard_html(board: list[dict], round_no: int, round_open: bool = True) -> str:
    """The leaderboard as an HTML table (teams, then built-ins if present); ``round_open``: whether the
    status column is about a round still open (else it says how the round was played)."""
    head = "".join(f"<th>{html.escape(ttext(c))}</th>" for c in ("rank", "team_col", "score", "profit", "retention",
                                                                 "tier_index", "status"))
    rows = []
    for r in board:
        builtin = r.get("kind") == "built-in"
        status = ttext("built-in") if builtin else ("✓" if r.get("submitted") else status_text(r, round_open))
        cells = [r.get("rank") or "", r.get("team", ""),
                 "" if r.get("score") is None else f"{r['score']:.1f}",
                 "" if r.get("profit") is None else f"{r['profit']:,.0f}",
                 "" if r.get("retention") is None else f"{r['retention']:.0%}",
                 "" if r.get("tier_index") is None else f"{r['tier_index']:.2f}", status]
        style = " style='color:#777;font-style:italic'" if builtin else ""
        rows.append(f"<tr class='crm-lb-row'{style}>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells)
                    + "</tr>")
    return (f"<b>{html.escape(ttext('leaderboard', r=round_no))}</b>"
            f"<table class='crm-leaderboard' border='1' style='border-collapse:collapse'><thead><tr>{head}</tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>")


def round_text(s: dict) -> str:
    """Where session ``s`` stands, in one line."""
    if s["finished"]:
        return ttext("finished", n=s["rounds"])
    if not s["round_open"]:
        return ttext("round_closed", r=s["round"], n=s["rounds"])
    return ttext("round_paused" if s.get("paused") else "round_open", r=s["round"], n=s["rounds"])


class Poller:
    """Calls ``tick`` every ``seconds`` on the kernel's event loop (a daemon thread outside one)."""

    def __init__(self, tick, seconds: float) -> None:
        self.tick, self.seconds, self.running = tick, float(seconds), False

    def start(self) -> None:
        if self.running or self.seconds <= 0:
            return
        self.running = True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is not None:
            loop.create_task(self._run_async())
        else:
            threading.Thread(target=self._run_thread, daemon=True).start()

    async def _run_async(self) -> None:
        while self.running:
            await asyncio.sleep(self.seconds)
            self._safe_tick()

    def _run_thread(self) -> None:
        while self.running:
            time.sleep(self.seconds)
            self._safe_tick()

    def _safe_tick(self) -> None:
        try:
            self.tick()
        except Exception:  # a busy database or a closed page must not kill the loop
            pass

    def stop(self) -> None:
        self.running = False
