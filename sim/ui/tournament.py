"""Tournament pages: a team's page (join, decide, submit) and the facilitator's (rounds, leaderboard).

Both read the session from the page address when served by Voila (``?session=K7QF2M``) and
the database from ``$CRM_DOJO_DB``. Secrets never travel in the address (it reaches server
logs, browser history and Referer headers): a team that rejoins pastes its rejoin code, the
facilitator the key, into a password box, so they reach the kernel only over its websocket;
a ``token=`` or ``key=`` in the address is ignored with a warning. Both poll the store every
``poll_seconds`` (and on the Refresh button), so the leaderboard, the submission status, a
pause, the round timer and the facilitator's message follow what other kernels write.
Everything they show comes from the store (:mod:`sim.tournament`): reload a page or
restart the server and it shows the same. Each page has the English / 中文 toggle.
The facilitator's page is in :mod:`sim.ui.tournament_facilitator`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from sim.tournament import Store, TeamClient, TournamentError
from sim.ui.game import GameView, gtext
from sim.ui.lang import language_toggle, on_language_change
from sim.ui.tournament_common import (
    Poller, bound_cells, error_html, leaderboard_html, link_html, page_url, query_params, round_text,
    secret_in_query, status_text,
)
from sim.ui.tournament_facilitator import FacilitatorPage, _left
from sim.ui.tournament_text import ttext

__all__ = ["FacilitatorPage", "TeamPage", "leaderboard_html", "query_params"]


class TeamPage:
    """A team's page: join (or rejoin with a token), then decide and submit each round."""

    def __init__(self, store: Store | None = None, code: str | None = None, token: str | None = None,
                 poll_seconds: float = 1.5, base_url: str = "") -> None:
        q = query_params()
        self.store = store or Store()
        self.base_url = base_url
        self.client: TeamClient | None = None
        self.view: GameView | None = None
        self.code_box = widgets.Text(value=(code or q.get("session", ""))[:32].upper(), placeholder="K7QF2M")
        self.code_box.add_class("crm-join-code")
        self.name_box = widgets.Text(value=q.get("team", "")[:40], placeholder="Tigers")
        self.name_box.add_class("crm-join-name")
        self.join_button = widgets.Button(button_style="primary")
        self.join_button.add_class("crm-join-button")
        self.join_button.on_click(lambda _: self.join())
        self.message = widgets.HTML()
        self.message.add_class("crm-team-message")
        self.notice = widgets.HTML()
        self.notice.add_class("crm-team-broadcast")
        self.status = widgets.HTML()
        self.status.add_class("crm-team-status")
        self.board = widgets.HTML()
        self.board.add_class("crm-team-leaderboard")
        self.refresh_button = widgets.Button(icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.token_box = widgets.Password()
        self.token_box.add_class("crm-rejoin-token")
        self.rejoin_button = widgets.Button()
        self.rejoin_button.add_class("crm-rejoin-button")
        self.rejoin_button.on_click(lambda _: self._connect(self.code_box.value, self.token_box.value))
        self.join_title, self.or_rejoin = widgets.HTML(), widgets.HTML()
        self.join_box = widgets.VBox([self.join_title, self.code_box, self.name_box, self.join_button,
                                      self.or_rejoin, widgets.HBox([self.token_box, self.rejoin_button])])
        self.game_box = widgets.VBox([])
        self._joined = ""
        self.widget = widgets.VBox([language_toggle(), self.notice, self.join_box, self.message, self.status,
                                    self.game_box, widgets.HBox([self.refresh_button]), self.board])
        self.widget.add_class("crm-team-page")
        self.relabel()
        on_language_change(self.relabel)
        self.poller = Poller(self.refresh, poll_seconds)
        if secret_in_query(q):
            self.message.value = error_html(ttext("secret_in_link"))
        if token and self.code_box.value:
            self._connect(self.code_box.value, token)

    def relabel(self, lang: str | None = None) -> None:
        """Every label in the current language, then the page again (the game view relabels itself)."""
        for w, key in ((self.code_box, "session"), (self.name_box, "team"), (self.join_button, "join"),
                       (self.refresh_button, "refresh"), (self.token_box, "rejoin_code"),
                       (self.rejoin_button, "rejoin")):
            w.description = ttext(key)
        self.join_title.value = f"<h3>{html.escape(ttext('join_title'))}</h3>"
        self.or_rejoin.value = html.escape(ttext("or_rejoin"))
        if self.client is not None:
            self.message.value = self._joined_html()
        self.refresh()

    def _joined_html(self) -> str:
        code = self.client.code
        link = page_url(code) or f"{self.base_url}?session={code}"  # never the token: addresses are logged
        shown = link_html(link) if link.startswith("http") else f"<code>{html.escape(link)}</code>"
        return ttext("joined", team=html.escape(self.client.name), code=code, link=shown,
                     token=html.escape(self._joined))

    def join(self) -> None:
        try:
            _, token = self.store.join(self.code_box.value, self.name_box.value)
        except TournamentError as exc:
            self.message.value = error_html(exc)
            return
        self._connect(self.code_box.value, token)

    def _connect(self, code: str, token: str) -> None:
        try:
            self.client = TeamClient(self.store, code, token)
        except TournamentError as exc:
            self.message.value = error_html(exc)
            return
        self.token_box.value = ""
        self._joined = token
        self.message.value = self._joined_html()
        self.join_box.layout.display = "none"
        self.view = GameView(self.client.game, self.submit, lambda: gtext("submit"))  # follows the toggle
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
        if self.view is not None and self.view.game is not self.client.game:  # the game grew: rounds were added
            self.view.game = self.client.game
        if new and self.view is not None:
            self.view.answer.value = ""
            self.view.refresh(fill_with=self.client.game.history[-1] if not self.client.game.finished else None,
                              report=new[-1])
        mine = next((r for r in self.store.round_status(s["code"]) if r["team_id"] == self.client.team["id"]), {})
        words = [round_text(s), status_text(mine, s["round_open"]) if mine else "", _left(s)]
        self.status.value = f"<b>{html.escape(' · '.join(w for w in words if w))}</b>"
        self.notice.value = "" if not s["broadcast"] else (
            f"<div style='background:#fff3c4;border:1px solid #e0b000;padding:6px 10px;font-size:1.2em'>"
            f"<b>{html.escape(ttext('from_facilitator'))}</b> {html.escape(s['broadcast'])}</div>")
        if self.view is not None:
            self.view.button.disabled = not s["round_open"] or s["paused"] or self.client.game.finished
        self.board.value = leaderboard_html(self.client.leaderboard(), s["closed_rounds"], s["round_open"])

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
