"""The facilitator's tournament page: open a session, show teams where to join (address and QR code),
run the rounds (close, next, advance, pause, timer, extend), message every team, export the debrief."""

from __future__ import annotations

import html
import math
from pathlib import Path

import ipywidgets as widgets

from sim.paths import output_dir
from sim.scenario import SCENARIO_DIR
from sim.tournament import Store, Tournament, TournamentError
from sim.tournament.control import seconds_left
from sim.tournament.debrief import write_debrief
from sim.ui.lang import language_toggle, on_language_change
from sim.ui.tournament_common import (
    Poller, download_link, error_html, leaderboard_html, link_html, page_url, qr_svg, query_params, round_text,
    secret_in_query, status_text, team_url,
)
from sim.ui.tournament_text import ttext
from sim.vocab import get_language

__all__ = ["FacilitatorPage"]


def _button(key: str, css: str, action, style: str = "") -> widgets.Button:
    b = widgets.Button(description=ttext(key), button_style=style, layout=widgets.Layout(width="auto"))
    b.add_class(css)
    b.on_click(lambda _: action())
    b.text_key = key
    return b


class FacilitatorPage:
    """The facilitator's page: open a session (or reopen one: ``?session=..``, then paste the key), see who
    has submitted, run the rounds, watch the leaderboard, export the debrief."""

    def __init__(self, store: Store | None = None, code: str | None = None, key: str | None = None,
                 poll_seconds: float = 1.5, base_url: str = "", debrief_dir: str | Path | None = None) -> None:
        q = query_params()
        self.store = store or Store()
        self.base_url = base_url
        self.debrief_dir = Path(debrief_dir) if debrief_dir is not None else output_dir()  # out/ of the project
        self.t: Tournament | None = None
        names = sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))
        self.scenario_box = widgets.Dropdown(options=names, value="dealer_phone" if "dealer_phone" in names else names[0])
        self.rounds_box = widgets.BoundedIntText(value=6, min=1, max=36)
        self.seed_box = widgets.BoundedIntText(value=1, min=0, max=2**31 - 1)
        self.create_button = _button("create", "crm-fac-create", self.create, "primary")
        self.create_box = widgets.VBox([self.scenario_box, self.rounds_box, self.seed_box, self.create_button])
        self.header, self.address, self.message, self.status, self.board = (widgets.HTML() for _ in range(5))
        for w, css in ((self.header, "crm-fac-header"), (self.address, "crm-fac-address"),
                       (self.message, "crm-fac-message"), (self.status, "crm-fac-status"),
                       (self.board, "crm-fac-leaderboard")):
            w.add_class(css)
        self.close_button = _button("close", "crm-fac-close", self.close_round, "warning")
        self.next_button = _button("next", "crm-fac-next", self.next_round, "success")
        self.advance_button = _button("advance", "crm-fac-advance", self.advance)
        self.pause_button = _button("pause", "crm-fac-pause", self.toggle_pause)
        self.refresh_button = _button("refresh", "crm-fac-refresh", self.refresh)
        self.debrief_button = _button("debrief", "crm-fac-debrief", self.debrief)
        self.timer_box = widgets.BoundedIntText(value=10, min=1, max=240, layout=widgets.Layout(width="190px"))
        self.timer_button = _button("start_timer", "crm-fac-timer", self.start_timer)
        self.minutes_button = _button("plus_minutes", "crm-fac-plus-minutes", lambda: self.extend(minutes=5))
        self.round_button = _button("plus_round", "crm-fac-plus-round", lambda: self.extend(rounds=1))
        self.text_box = widgets.Text(placeholder="…", layout=widgets.Layout(width="420px"))
        self.text_box.add_class("crm-fac-broadcast")
        self.send_button = _button("send", "crm-fac-send", self.broadcast)
        self.builtins_box = widgets.Checkbox(value=False, indent=False)
        self.builtins_box.observe(lambda _: self.refresh(), names="value")
        self.key_box = widgets.Password()
        self.key_box.add_class("crm-fac-key")
        self.open_button = _button("open", "crm-fac-open", lambda: self._open(self.t.code if self.t else "",
                                                                              self.key_box.value))
        self.key_row = widgets.HBox([self.key_box, self.open_button])
        self.actions = [self.close_button, self.next_button, self.advance_button, self.pause_button,
                        self.timer_button, self.minutes_button, self.round_button, self.send_button]
        self.controls = widgets.VBox([
            self.header, self.address, self.key_row, self.status,
            widgets.HBox([self.close_button, self.next_button, self.advance_button, self.pause_button]),
            widgets.HBox([self.timer_box, self.timer_button, self.minutes_button, self.round_button]),
            widgets.HBox([self.text_box, self.send_button]),
            widgets.HBox([self.refresh_button, self.debrief_button]), self.builtins_box, self.message, self.board])
        self.controls.layout.display = "none"
        self.widget = widgets.VBox([language_toggle(), self.create_box, self.controls])
        self.widget.add_class("crm-facilitator-page")
        self.relabel()
        on_language_change(self.relabel)
        self.poller = Poller(self.refresh, poll_seconds)
        code = code or q.get("session", "")[:32]
        if code:
            self._open(code, key)
        if secret_in_query(q):  # the key is never read from the address (server logs, Referer)
            self.message.value = error_html(ttext("secret_in_link"))

    def relabel(self, lang: str | None = None) -> None:
        """Every label in the current language, then the page again."""
        for w in self.actions + [self.create_button, self.refresh_button, self.debrief_button, self.open_button]:
            w.description = ttext(w.text_key)
        for w, key in ((self.scenario_box, "scenario"), (self.rounds_box, "rounds"), (self.seed_box, "seed"),
                       (self.timer_box, "timer"), (self.text_box, "message_box"), (self.builtins_box, "builtins"),
                       (self.key_box, "fac_key")):
            w.description = ttext(key)
        self.timer_box.style.description_width = "initial"
        self.refresh()

    def create(self) -> None:
        try:
            t = Tournament.create(self.store, self.scenario_box.value, int(self.rounds_box.value),
                                  int(self.seed_box.value))
        except Exception as exc:  # a bad scenario file: say so on the page
            self.message.value = error_html(exc)
            return
        self._open(t.code, t.key)

    def _open(self, code: str, key: str | None) -> None:
        try:
            self.store.session(code)
            if key:
                self.store.check_key(code, key)
        except TournamentError as exc:
            self.message.value = error_html(exc)
            self.controls.layout.display = None
            return
        self.t = Tournament(self.store, code, key)
        self.create_box.layout.display = "none"
        self.controls.layout.display = None
        self.key_row.layout.display = "none" if key else None
        self.key_box.value = ""
        self.refresh()
        self.message.value = self._key_html(code, key) if key else ""  # once: this page may be on the projector
        self.poller.start()

    def _do(self, action, done=None) -> None:
        """Run a facilitator action; its error, or ``done(result)``, becomes the message line."""
        try:
            out = action()
        except TournamentError as exc:
            self.message.value = error_html(exc)
            return
        self.message.value = done(out) if done else ""
        self.refresh()

    def _closed_text(self, out: dict) -> str:
        filled = ", ".join(f"{k}: {status_text({'source': v}, False)}" for k, v in out["filled"].items())
        parts = [ttext("closed_msg", r=out["round"])] + ([ttext("filled_msg", filled=filled)] if filled else [])
        return html.escape(" ".join(parts + ([ttext("over_msg")] if out["finished"] else [])))

    def close_round(self) -> None:
        self._do(lambda: self.t.close_round(), self._closed_text)

    def _opened_text(self, out: dict) -> str:
        if out["opened"]:
            words = ttext("opened_msg", r=out["round"])
        else:
            words = ttext("still_open", r=out["round"]) if self.t.session()["round_open"] else ttext("over_msg")
        closed = self._closed_text(out["closed"]) + " " if out.get("closed") else ""
        return closed + html.escape(words)

    def next_round(self) -> None:
        self._do(lambda: self.t.next_round(), self._opened_text)

    def advance(self) -> None:
        self._do(lambda: self.t.advance(), self._opened_text)

    def toggle_pause(self) -> None:
        self._do(lambda: self.t.pause(not self.t.session()["paused"]))

    def start_timer(self) -> None:
        self._do(lambda: self.t.set_timer(int(self.timer_box.value)))

    def extend(self, minutes: float = 0, rounds: int = 0) -> None:
        self._do(lambda: self.t.extend(minutes, rounds), lambda s: html.escape(ttext(
            "extended", n=s["rounds"], t=_left(s) or ttext("no_timer"))))

    def broadcast(self) -> None:
        self._do(lambda: self.t.broadcast(self.text_box.value),
                 lambda s: html.escape(ttext("sent" if s["broadcast"] else "cleared")))

    def _address_html(self, code: str) -> str:
        url = team_url(code)
        if not url:
            return f"<p>{html.escape(ttext('no_team_url'))}</p>"
        return (f"<div style='display:flex;gap:24px;align-items:center'><div class='crm-fac-qr'>{qr_svg(url)}</div>"
                f"<div><p>{html.escape(ttext('teams_open'))}</p><p class='crm-fac-team-url' style='font-size:1.3em'>"
                f"{link_html(url)}</p></div></div>")

    def refresh(self) -> None:
        if self.t is None:
            return
        s = self.t.session()
        self.header.value = (f"<h2>{html.escape(ttext('facilitator', code=s['code'], scenario=s['scenario_name'], n=s['rounds']))}</h2>"
                             f"<p style='font-size:1.4em'>{ttext('join_at', code=html.escape(s['code']))}</p>")
        self.address.value = self._address_html(s["code"])
        rows = "".join(f"<tr class='crm-fac-team'><td>{html.escape(r['team'])}</td>"
                       f"<td>{html.escape(status_text(r, s['round_open']))}</td></tr>" for r in self.t.status())
        left = _left(s)
        timer = f" · {html.escape(left)}" if left else ""
        self.status.value = (f"<b class='crm-fac-round'>{html.escape(round_text(s))}</b>{timer}"
                             f"<table class='crm-fac-teams'><tr><th>{html.escape(ttext('teams'))}</th>"
                             f"<th>{html.escape(ttext('status'))}</th></tr>{rows}</table>")
        self.pause_button.text_key = "resume" if s["paused"] else "pause"
        self.pause_button.description = ttext(self.pause_button.text_key)
        for b in self.actions:
            b.disabled = self.t.key is None
        if self.t.key is not None:
            self.close_button.disabled = self.pause_button.disabled = not s["round_open"]
            self.timer_button.disabled = self.minutes_button.disabled = not s["round_open"]
            self.next_button.disabled = s["round_open"] or s["finished"]
            self.advance_button.disabled = s["round"] >= s["rounds"]
        board = self.t.leaderboard(builtins=self.builtins_box.value)
        self.board.value = leaderboard_html(board, s["closed_rounds"], s["round_open"])

    def _key_html(self, code: str, key: str) -> str:
        link = page_url(code) or f"{self.base_url}?session={code}"  # never the key: addresses are logged
        shown = link_html(link) if link.startswith("http") else f"<code>{html.escape(link)}</code>"
        return f"<span class='crm-fac-key-note'>{ttext('key_note', link=shown, secret=html.escape(key))}</span>"

    def debrief(self) -> None:
        name = f"debrief-{self.t.code}.html"
        try:
            path = write_debrief(self.store, self.t.code, self.debrief_dir / name, get_language())
            data = Path(path).read_bytes()
        except (OSError, TournamentError) as exc:
            self.message.value = error_html(exc)
            return
        shown = f"{self.debrief_dir.name}/{name}"  # where it is, without the server's full path
        self.message.value = (f"<span class='crm-debrief-done'>{html.escape(ttext('debrief_done', path=shown))}</span> "
                              + download_link(data, name, f"{ttext('download')} {name}"))

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _left(s: dict) -> str:
    """The round timer as words ('' without one)."""
    sec = seconds_left(s)
    if sec is None:
        return ""
    return ttext("minutes_left", m=math.ceil(sec / 60)) if sec > 0 else ttext("time_up")
