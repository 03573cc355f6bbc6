"""Tournament pages: a team's page (join, decide, submit) and the facilitator's (rounds, leaderboard).

Both read the session from the page address when served by Voila (``?session=K7QF2M``) and
the database from ``$CRM_DOJO_DB``. Secrets never travel in the address (it reaches server
logs, browser history and Referer headers): a team that rejoins pastes its rejoin code, the
facilitator the key, into a password box, so they reach the kernel only over its websocket;
a ``token=`` or ``key=`` in the address is ignored with a warning. Both poll the store every
``poll_seconds`` (and on the Refresh button), so the leaderboard and the submission status follow what other kernels write.
Everything they show comes from the store (:mod:`sim.tournament`): reload a page or
restart the server and it shows the same.
"""

from __future__ import annotations

import asyncio
import html
import os
import threading
from urllib.parse import parse_qs

import ipywidgets as widgets

from sim.scenario import SCENARIO_DIR
from sim.tournament import Store, TeamClient, Tournament, TournamentError
from sim.tournament.payload import ABSOLUTE_MAX_HOURS
from sim.ui.game import GameView, gtext
from sim.ui.tournament_text import ttext
from sim.vocab import get_language

__all__ = ["FacilitatorPage", "TeamPage", "leaderboard_html", "query_params"]

def query_params() -> dict[str, str]:
    """The page's query parameters (Voila puts them in ``$QUERY_STRING`` for the kernel)."""
    q = parse_qs(os.environ.get("QUERY_STRING", ""))
    return {k: v[-1] for k, v in q.items() if v}


def secret_in_query(q: dict[str, str]) -> bool:
    """Whether the page address carries a token or key (refused: addresses reach logs and Referer headers)."""
    return any(q.get(k) for k in ("token", "key"))


def _error_html(text) -> str:
    return f"<span style='color:#b00'>{html.escape(str(text))}</span>"


def bound_cells(grid, max_hours: float = ABSOLUTE_MAX_HOURS) -> None:
    """Bound the grid's number boxes, now and any added later, to 0 … ``max_hours`` (the store's own
    bound): a slip like 2e8 stops at the box."""

    def cell(value: float = 0.0) -> widgets.BoundedFloatText:
        w = widgets.BoundedFloatText(value=min(max(float(value), 0.0), max_hours), min=0.0, max=max_hours, step=1.0,
                                     layout=widgets.Layout(width="78px"))
        w.observe(lambda _: grid._changed(), names="value")
        return w

    grid._cell = cell


def leaderboard_html(board: list[dict], round_no: int) -> str:
    """The leaderboard as an HTML table (teams, then built-ins if present)."""
    head = "".join(f"<th>{html.escape(ttext(c))}</th>" for c in ("rank", "team_col", "score", "profit", "retention",
                                                                 "tier_index", "status"))
    rows = []
    for r in board:
        team = r.get("team", "")
        builtin = r.get("kind") == "built-in"
        status = ttext("built-in") if builtin else ("✓" if r.get("submitted") else ttext("not_submitted"))
        cells = [r.get("rank") or "", team,
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


class _Poller:
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
        import time

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


class TeamPage:
    """A team's page: join (or rejoin with a token), then decide and submit each round."""

    def __init__(self, store: Store | None = None, code: str | None = None, token: str | None = None,
                 poll_seconds: float = 1.5, base_url: str = "") -> None:
        q = query_params()
        self.store = store or Store()
        self.base_url = base_url
        self.client: TeamClient | None = None
        self.view: GameView | None = None
        self.code_box = widgets.Text(value=(code or q.get("session", ""))[:32].upper(), description=ttext("session"),
                                     placeholder="K7QF2M")
        self.code_box.add_class("crm-join-code")
        self.name_box = widgets.Text(value=q.get("team", "")[:40], description=ttext("team"), placeholder="Tigers")
        self.name_box.add_class("crm-join-name")
        self.join_button = widgets.Button(description=ttext("join"), button_style="primary")
        self.join_button.add_class("crm-join-button")
        self.join_button.on_click(lambda _: self.join())
        self.message = widgets.HTML()
        self.message.add_class("crm-team-message")
        self.status = widgets.HTML()
        self.status.add_class("crm-team-status")
        self.board = widgets.HTML()
        self.board.add_class("crm-team-leaderboard")
        self.refresh_button = widgets.Button(description=ttext("refresh"), icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.token_box = widgets.Password(description=ttext("rejoin_code"))
        self.token_box.add_class("crm-rejoin-token")
        self.rejoin_button = widgets.Button(description=ttext("rejoin"))
        self.rejoin_button.add_class("crm-rejoin-button")
        self.rejoin_button.on_click(lambda _: self._connect(self.code_box.value, self.token_box.value))
        self.join_box = widgets.VBox([widgets.HTML(f"<h3>{html.escape(ttext('join_title'))}</h3>"),
                                      self.code_box, self.name_box, self.join_button,
                                      widgets.HTML(html.escape(ttext("or_rejoin"))),
                                      widgets.HBox([self.token_box, self.rejoin_button])])
        self.game_box = widgets.VBox([])
        self.widget = widgets.VBox([self.join_box, self.message, self.status, self.game_box,
                                    widgets.HBox([self.refresh_button]), self.board])
        self.widget.add_class("crm-team-page")
        self.poller = _Poller(self.refresh, poll_seconds)
        if secret_in_query(q):
            self.message.value = _error_html(ttext("secret_in_link"))
        if token and self.code_box.value:
            self._connect(self.code_box.value, token)

    def join(self) -> None:
        try:
            _, token = self.store.join(self.code_box.value, self.name_box.value)
        except TournamentError as exc:
            self.message.value = _error_html(exc)
            return
        self._connect(self.code_box.value, token)

    def _connect(self, code: str, token: str) -> None:
        try:
            self.client = TeamClient(self.store, code, token)
        except TournamentError as exc:
            self.message.value = _error_html(exc)
            return
        self.token_box.value = ""
        link = f"{self.base_url}?session={self.client.code}"  # never the token: addresses are logged
        self.message.value = ttext("joined", team=html.escape(self.client.name), code=self.client.code,
                                   link=html.escape(link), token=html.escape(token))
        self.join_box.layout.display = "none"
        self.view = GameView(self.client.game, self.submit, gtext("submit"))
        bound_cells(self.view.grid, self.client.session()["max_hours"])
        if not self.client.game.finished:
            self.view.fill(self.client.game.default_decisions())  # the boxes again, now bounded
        self.game_box.children = [self.view.widget]
        self.refresh()
        self.poller.start()

    def submit(self, decisions: dict) -> None:
        receipt = self.client.submit(decisions)
        colour = "#2a7a2a" if receipt.ok else "#b00"
        self.view.answer.value = (f"<span class='crm-receipt crm-receipt-{receipt.status}' style='color:{colour}'>"
                                  + html.escape(receipt.message).replace("\n", "<br>") + "</span>")
        self.refresh()

    def refresh(self) -> None:
        if self.client is None:
            return
        new = self.client.sync()
        s = self.client.session()
        if new and self.view is not None:
            self.view.answer.value = ""
            self.view.refresh(fill_with=self.client.game.history[-1] if not self.client.game.finished else None,
                              report=new[-1])
        mine = next((r for r in self.store.round_status(s["code"]) if r["team_id"] == self.client.team["id"]), {})
        if s["finished"]:
            text = ttext("finished", n=s["rounds"])
        elif s["round_open"]:
            state = (ttext("submitted", rev=mine.get("revision")) if mine.get("submitted")
                     else ttext("not_submitted"))
            text = ttext("round_open", r=s["round"], n=s["rounds"]) + " " + state
        else:
            text = ttext("round_closed", r=s["round"], n=s["rounds"])
        self.status.value = f"<b>{html.escape(text)}</b>"
        if self.view is not None:
            self.view.button.disabled = not s["round_open"] or self.client.game.finished
        self.board.value = leaderboard_html(self.client.leaderboard(), s["closed_rounds"])

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


class FacilitatorPage:
    """The facilitator's page: open a session (or reopen one: ``?session=..``, then paste the key), see who
    has submitted, close the round, open the next, watch the leaderboard, export the debrief."""

    def __init__(self, store: Store | None = None, code: str | None = None, key: str | None = None,
                 poll_seconds: float = 1.5, base_url: str = "", debrief_dir: str = "out") -> None:
        q = query_params()
        self.store = store or Store()
        self.base_url = base_url
        self.debrief_dir = debrief_dir
        self.t: Tournament | None = None
        names = sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))
        self.scenario_box = widgets.Dropdown(options=names, value="dealer_phone" if "dealer_phone" in names else names[0],
                                             description=ttext("scenario"))
        self.rounds_box = widgets.BoundedIntText(value=6, min=1, max=36, description=ttext("rounds"))
        self.seed_box = widgets.BoundedIntText(value=1, min=0, max=2**31 - 1, description=ttext("seed"))
        self.create_button = widgets.Button(description=ttext("create"), button_style="primary")
        self.create_button.on_click(lambda _: self.create())
        self.create_box = widgets.VBox([self.scenario_box, self.rounds_box, self.seed_box, self.create_button])
        self.header = widgets.HTML()
        self.header.add_class("crm-fac-header")
        self.message = widgets.HTML()
        self.message.add_class("crm-fac-message")
        self.status = widgets.HTML()
        self.status.add_class("crm-fac-status")
        self.close_button = widgets.Button(description=ttext("close"), button_style="warning")
        self.close_button.add_class("crm-fac-close")
        self.close_button.on_click(lambda _: self.close_round())
        self.next_button = widgets.Button(description=ttext("next"), button_style="success")
        self.next_button.add_class("crm-fac-next")
        self.next_button.on_click(lambda _: self.next_round())
        self.refresh_button = widgets.Button(description=ttext("refresh"), icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.builtins_box = widgets.Checkbox(value=False, description=ttext("builtins"), indent=False)
        self.builtins_box.observe(lambda _: self.refresh(), names="value")
        self.debrief_button = widgets.Button(description=ttext("debrief"), icon="download")
        self.debrief_button.on_click(lambda _: self.debrief())
        self.board = widgets.HTML()
        self.board.add_class("crm-fac-leaderboard")
        self.key_box = widgets.Password(description=ttext("fac_key"))
        self.key_box.add_class("crm-fac-key")
        self.open_button = widgets.Button(description=ttext("open"))
        self.open_button.add_class("crm-fac-open")
        self.open_button.on_click(lambda _: self._open(self.t.code if self.t else "", self.key_box.value))
        self.key_row = widgets.HBox([self.key_box, self.open_button])
        self.controls = widgets.VBox([
            self.header, self.key_row, self.status,
            widgets.HBox([self.close_button, self.next_button, self.refresh_button, self.debrief_button]),
            self.builtins_box, self.message, self.board])
        self.controls.layout.display = "none"
        self.widget = widgets.VBox([self.create_box, self.controls])
        self.widget.add_class("crm-facilitator-page")
        self.poller = _Poller(self.refresh, poll_seconds)
        code = code or q.get("session", "")[:32]
        if code:
            self._open(code, key)
        if secret_in_query(q):  # the key is never read from the address (server logs, Referer)
            self.message.value = _error_html(ttext("secret_in_link"))

    def create(self) -> None:
        try:
            t = Tournament.create(self.store, self.scenario_box.value, int(self.rounds_box.value),
                                  int(self.seed_box.value))
        except Exception as exc:  # a bad scenario file: say so on the page
            self.message.value = _error_html(exc)
            return
        self._open(t.code, t.key)

    def _open(self, code: str, key: str | None) -> None:
        try:
            self.store.session(code)
            if key:
                self.store.check_key(code, key)
        except TournamentError as exc:
            self.message.value = _error_html(exc)
            self.controls.layout.display = None
            return
        self.t = Tournament(self.store, code, key)
        self.create_box.layout.display = "none"
        self.controls.layout.display = None
        self.close_button.disabled = self.next_button.disabled = key is None
        self.key_row.layout.display = "none" if key else None
        self.key_box.value = ""
        link = f"{self.base_url}?session={self.t.code}"  # never the key: addresses are logged
        self.message.value = ttext("key_note", link=html.escape(link), secret=html.escape(key)) if key else ""
        self.refresh()
        self.poller.start()

    def close_round(self) -> None:
        try:
            out = self.t.close_round()
        except TournamentError as exc:
            self.message.value = _error_html(exc)
            return
        filled = ", ".join(f"{k}: {v}" for k, v in out["filled"].items())
        self.message.value = html.escape(f"round {out['round']} closed" + (f" (filled in — {filled})" if filled else ""))
        self.refresh()

    def next_round(self) -> None:
        try:
            out = self.t.next_round()
        except TournamentError as exc:
            self.message.value = _error_html(exc)
            return
        self.message.value = html.escape(out["message"])
        self.refresh()

    def refresh(self) -> None:
        if self.t is None:
            return
        s = self.t.session()
        self.header.value = (f"<h2>{html.escape(ttext('facilitator', code=s['code'], scenario=s['scenario_name'], n=s['rounds']))}</h2>"
                             f"<p style='font-size:1.4em'>{ttext('join_at', code=html.escape(s['code']))}</p>")
        rows = "".join(
            f"<tr class='crm-fac-team'><td>{html.escape(r['team'])}</td><td>"
            f"{html.escape(ttext('submitted', rev=r['revision']) if r['submitted'] else ttext('not_submitted'))}</td></tr>"
            for r in self.t.status())
        if s["finished"]:
            state = ttext("finished", n=s["rounds"])
        elif s["round_open"]:
            state = ttext("round_open", r=s["round"], n=s["rounds"])
        else:
            state = ttext("round_closed", r=s["round"], n=s["rounds"])
        self.status.value = (f"<b class='crm-fac-round'>{html.escape(state)}</b><table class='crm-fac-teams'>"
                             f"<tr><th>{html.escape(ttext('teams'))}</th><th>{html.escape(ttext('status'))}</th></tr>"
                             f"{rows}</table>")
        if self.t.key is not None:
            self.close_button.disabled = not s["round_open"]
            self.next_button.disabled = s["round_open"] or s["finished"]
        board = self.t.leaderboard(builtins=self.builtins_box.value)
        self.board.value = leaderboard_html(board, s["closed_rounds"])

    def debrief(self) -> None:
        from pathlib import Path

        from sim.tournament.debrief import write_debrief

        path = write_debrief(self.store, self.t.code, Path(self.debrief_dir) / f"debrief-{self.t.code}.html",
                             get_language())
        self.message.value = html.escape(ttext("debrief_done", path=path))

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
