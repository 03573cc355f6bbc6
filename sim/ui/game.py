"""Widgets of the role-play game: the decisions grid, news, KPIs, mixes, and "next month".

``GameUI(Game("dealer_phone", months=6))`` plays alone (``Next month`` runs the world);
:class:`sim.ui.tournament.TeamPage` reuses the same view with a ``Submit`` button that
sends the decisions to the tournament store instead. All game logic lives in
:mod:`sim.game`; this module only shows it and turns widget values into decisions.
"""

from __future__ import annotations

import base64
import html
import math
import secrets
from pathlib import Path

import ipywidgets as widgets

from sim.game import GROUPS, REMEDIES, DecisionError, Game
from sim.game.decisions import normalise_decisions
from sim.paths import output_dir
from sim.ui.game_text import (ACCOUNT_COLUMNS, COMPARE_COLUMNS, TEXT, gtext, plan_summary, score_formula_text,
                              target_help, target_label)
from sim.ui.icons import icon
from sim.ui.lang import on_language_change
from sim.words import text
from sim.vocab import FUNCTIONS, get_language, label

__all__ = ["DecisionGrid", "GAMES_DIR", "GameUI", "GameView", "TEXT", "gtext"]

#: where "Save game" writes: the project's ``out/games`` (ignored by git), one file per page
GAMES_DIR = output_dir().resolve() / "games"
#: the width of the grid's first column and of each function's column, in px (fits 1024 px with room)
TARGET_WIDTH, CELL_WIDTH = 180, 104
_HEAD = "font-weight:bold;white-space:normal;overflow-wrap:anywhere;line-height:1.25;padding-bottom:2px"


class DecisionGrid:
    """Rows of targets (account groups, single accounts) × columns of functions, in hours."""

    def __init__(self, on_change=None) -> None:
        self.on_change = on_change
        self.rows: dict[str, dict[str, widgets.FloatText]] = {}
        self._counts: dict[str, int] = {}
        self.remedy_boxes = {r: widgets.Checkbox(value=False, indent=False, description=gtext(r),
                                                 layout=widgets.Layout(width="auto"))
                             for r in REMEDIES}
        for cb in self.remedy_boxes.values():
            cb.observe(lambda _: self._changed(), names="value")
        self.account_pick = widgets.Dropdown(options=[], layout=widgets.Layout(width="110px"))
        self.add_label = widgets.HTML()
        self.add_button = widgets.Button(layout=widgets.Layout(width="80px"))
        self.add_button.on_click(lambda _: self.add_row(self.account_pick.value))
        self.table = widgets.GridBox(layout=widgets.Layout(grid_gap="4px 6px", align_items="flex-end"))
        self.table.add_class("crm-game-grid")
        self.remedy_label = widgets.HTML()
        self.widget = widgets.VBox([
            self.table, widgets.HBox([self.add_label, self.account_pick, self.add_button]),
            self.remedy_label, widgets.HBox(list(self.remedy_boxes.values()))])
        self._quiet = False

    def _changed(self) -> None:
        if not self._quiet and self.on_change is not None:
            self.on_change()

    def _cell(self, value: float = 0.0) -> widgets.FloatText:
        w = widgets.FloatText(value=value, step=1.0, layout=widgets.Layout(width=f"{CELL_WIDTH}px"))
        w.observe(lambda _: self._changed(), names="value")
        return w

    def add_row(self, target: str | None, values: dict | None = None) -> None:
        if not target:
            return
        if target not in self.rows:
            self.rows[target] = {f: self._cell() for f in FUNCTIONS}
        for f, v in (values or {}).items():
            if f in self.rows[target]:
                self.rows[target][f].value = float(v)
        self._layout()

    def setup(self, game: Game, decisions: dict | None) -> None:
        """Rows for the groups that have accounts now (and the accounts named in ``decisions``)."""
        self._quiet = True
        try:
            counts = game.groups()
            self.rows = {}
            for g in GROUPS:
                if counts.get(g) and g not in ("all",):
                    self.rows[g] = {f: self._cell() for f in FUNCTIONS}
            self._counts = counts
            self.account_pick.options = list(game.accounts()["account"])
            dec = decisions or {"hours": {}}
            for target, per in dec.get("hours", {}).items():
                self.add_row(target, per)
            for r, cb in self.remedy_boxes.items():
                cb.value = r in dec.get("remedies", [])
            self._layout()
        finally:
            self._quiet = False

    def _layout(self) -> None:
        """The header row (one cell per column), a row per target, and every label in the current language."""
        head = [widgets.HTML(f"<div style='{_HEAD}'>{html.escape(t)}</div>")
                for t in (gtext("target"), *(label(f) for f in FUNCTIONS))]
        for h in head:
            h.add_class("crm-game-head")
        cells = list(head)
        for target, per in self.rows.items():
            n = f" ({self._counts[target]})" if target in self._counts else ""
            cells.append(widgets.HTML(f'<span title="{html.escape(target_help(target))}">'
                                      f"{html.escape(target_label(target))}{n}</span>"))
            cells += [per[f] for f in FUNCTIONS]
        self.table.children = cells
        self.table.layout.grid_template_columns = f"{TARGET_WIDTH}px repeat({len(FUNCTIONS)}, {CELL_WIDTH}px)"
        self.relabel()

    def relabel(self) -> None:
        """The words around the grid in the current language (the cells keep their values)."""
        self.add_label.value = html.escape(gtext("add_account"))
        self.add_button.description = gtext("add")
        self.remedy_label.value = f"<i>{html.escape(gtext('remedies'))}</i>"
        for r, cb in self.remedy_boxes.items():
            cb.description = gtext(r)

    def decisions(self) -> dict:
        hours = {}
        for target, per in self.rows.items():
            cell = {f: w.value for f, w in per.items() if w.value}
            if cell:
                hours[target] = cell
        return {"hours": hours, "remedies": [r for r, cb in self.remedy_boxes.items() if cb.value]}

    def clear(self) -> None:
        self._quiet = True
        try:
            for per in self.rows.values():
                for w in per.values():
                    w.value = 0.0
        finally:
            self._quiet = False
        self._changed()


def _bar_table(title: str, counts: dict[str, int]) -> str:
    total = max(sum(counts.values()), 1)
    rows = "".join(
        f"<tr><td>{html.escape(label(k))}</td><td style='text-align:right'>{v}</td>"
        f"<td><div style='background:#4c78a8;height:10px;width:{int(120 * v / total)}px'></div></td></tr>"
        for k, v in counts.items())
    return f"<b>{html.escape(title)}</b><table class='crm-game-mix'>{rows}</table>"


def _news_html(month: int | None, news: list[dict]) -> str:
    if month is None:
        return f"<i>{html.escape(gtext('no_news'))}</i>"
    lang = get_language()
    items = "".join(f"<li class='crm-news-{n['level']}' style='list-style:none'>{icon(n['level'])}"
                    f"{html.escape(n.get('texts', {}).get(lang, n['text']))}</li>" for n in news)
    return (f"<b>{html.escape(gtext('news', m=month + 1))}</b>"
            f"<ul class='crm-game-news' style='padding-left:4px'>{items}</ul>")


def _kpi_html(k: dict) -> str:
    pairs = [("profit", f"{k.get('profit', 0):,.0f}"), ("revenue", f"{k.get('revenue', 0):,.0f}"),
             ("retention", f"{k.get('retention', 1):.0%}"), ("customers", str(k.get("customers", ""))),
             ("tier_index", f"{k.get('tier_index', 0):.2f}"), ("score", f"{k.get('score', 0):.1f}")]
    cells = "".join(f"<td style='padding-right:18px'><div style='color:#666;font-size:.8em'>"
                    f"{html.escape(gtext(n))}</div><div style='font-size:1.2em'>{v}</div></td>" for n, v in pairs)
    return f"<b>{html.escape(gtext('kpis'))}</b><table class='crm-game-kpis'><tr>{cells}</tr></table>"


def _cell_text(column: str, value) -> str:
    """One table cell in the current language: vocabulary labels, yes/blank, rounded numbers."""
    if isinstance(value, bool):
        return gtext("yes") if value else gtext("no")
    if isinstance(value, float) and column == "retention":
        return f"{value:.0%}"
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:,.4g}" if abs(value) < 100 else f"{value:,.0f}"
    if column == "player":
        return gtext("team") if value == "you" else text(str(value))
    if column == "kind":
        return gtext(f"kind_{value}")
    return label(str(value)) if column in ("segment", "stage", "tier") else str(value)


def table_html(df, columns, css: str) -> str:
    """``df``'s ``columns`` as an HTML table with headings and values in the current language."""
    cols = [c for c in columns if c in df.columns]
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{html.escape(gtext(c))}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td style='padding:1px 8px'>{html.escape(_cell_text(c, row[c]))}</td>"
                                    for c in cols) + "</tr>" for row in df[cols].to_dict("records"))
    return f"<table class='{css}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class GameView:
    """The shared view of a game: header, decisions grid with live check, news, KPIs and mixes.

    ``action`` is called with the decisions when the button is pressed (play or submit);
    ``button_text`` is its label, or a function giving the label in the current language.
    Every word follows the language toggle (:func:`sim.ui.lang.on_language_change`)."""

    def __init__(self, game: Game, action, button_text) -> None:
        self.game = game
        self.action = action
        self.button_text = button_text
        self.report = None
        self.header = widgets.HTML()
        self.check_out = widgets.HTML()
        self.check_out.add_class("crm-game-check")
        self.grid = DecisionGrid(on_change=self.recheck)
        self.button = widgets.Button(button_style="primary", layout=widgets.Layout(width="200px"))
        self.button.add_class("crm-game-go")
        self.button.on_click(lambda _: self.go())
        self.default_button = widgets.Button()
        self.default_button.on_click(lambda _: self.fill(self.game.default_decisions()))
        self.clear_button = widgets.Button()
        self.clear_button.on_click(lambda _: self.grid.clear())
        self.answer = widgets.HTML()
        self.answer.add_class("crm-game-answer")
        self.news, self.kpis, self.mix = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.accounts = widgets.HTML(layout=widgets.Layout(max_height="260px", overflow="auto"))
        self.acc_box = widgets.Accordion(children=[self.accounts])
        self.widget = widgets.VBox([
            self.header, self.kpis, self.news, self.grid.widget, self.check_out,
            widgets.HBox([self.button, self.default_button, self.clear_button]), self.answer,
            self.mix, self.acc_box])
        self.widget.add_class("crm-game")
        on_language_change(self.relabel)
        self.refresh(fill_with=game.default_decisions() if not game.finished else None)

    def fill(self, decisions: dict | None) -> None:
        self.grid.setup(self.game, decisions)
        self.recheck()

    def refresh(self, fill_with: dict | None = None, report=None) -> None:
        """Show the game's state now (``report``: the month just played, else the last) and refill the grid."""
        self.report = report if report is not None else (self.game.reports[-1] if self.game.reports else None)
        self.show_state()
        if not self.game.finished:
            self.fill(fill_with)

    def show_state(self) -> None:
        """Header, KPIs, news, mixes and the accounts table in the current language."""
        g = self.game
        if g.finished:
            self.header.value = f"<h3>{html.escape(gtext('over'))}</h3>"
            self.button.disabled = True
        else:
            self.header.value = (f"<h3 class='crm-game-month'>{html.escape(gtext('month', m=g.month + 1, n=g.months))}</h3>"
                                 f"{html.escape(gtext('hours', h=g.hours_available()))} · "
                                 f"{html.escape(gtext('budget', b=g.budget()))}")
        self.kpis.value = _kpi_html(g.kpis())
        self.mix.value = (f"<div style='display:flex;gap:40px'><div>{_bar_table(gtext('tiers'), g.tier_mix())}</div>"
                          f"<div>{_bar_table(gtext('stages'), g.stage_mix())}</div></div>")
        r = self.report
        self.news.value = _news_html(None if r is None else r.month, [] if r is None else r.news)
        self.accounts.value = table_html(g.accounts(), ACCOUNT_COLUMNS, "crm-game-accounts")
        self.acc_box.set_title(0, gtext("accounts_table"))
        self.button.description = self.button_text() if callable(self.button_text) else self.button_text
        self.default_button.description = gtext("reset")
        self.clear_button.description = gtext("clear")

    def relabel(self, lang: str | None = None) -> None:
        """After a language switch: every word again, the grid's values kept."""
        self.show_state()
        self.grid._layout()
        self.recheck()

    def recheck(self) -> None:
        if self.game.finished:
            self.check_out.value = ""
            return
        plan = self.game.check(self.grid.decisions())
        if plan.ok:
            parts = [f"<span style='color:#2a7a2a'>{icon('good')}{html.escape(plan_summary(plan))}</span>"]
        else:
            parts = [f"<span style='color:#b00'>{icon('bad')}{html.escape(gtext('check_bad'))}</span><ul>"
                     + "".join(f"<li>{html.escape(e)}</li>" for e in plan.errors) + "</ul>"]
        parts += [f"<div style='color:#a60'>{icon('alert')}{html.escape(w)}</div>" for w in plan.warnings]
        self.check_out.value = "".join(parts)

    def go(self) -> None:
        self.action(self.grid.decisions())


class GameUI:
    """Play a game alone: ``GameUI(Game("dealer_phone", months=6)).widget``; ``Next month`` runs the world.

    ``Save game`` writes this page's own file, ``<save_dir>/<random id>.json`` (or ``save_path``),
    and offers it as a download; the page shows the file's name, never a server path."""

    def __init__(self, game: Game | None = None, save_path: str | Path | None = None,
                 save_dir: str | Path = GAMES_DIR) -> None:
        self.game = game or Game()
        self.save_path = Path(save_path) if save_path is not None else Path(save_dir) / f"{secrets.token_hex(6)}.json"
        self.view = GameView(self.game, self.play, lambda: gtext("next"))
        self.save_button = widgets.Button(icon="save")
        self.save_button.on_click(lambda _: self.save())
        self.saved = widgets.HTML()
        self.final = widgets.HTML()
        self.final.add_class("crm-game-final")
        self._compare = None
        self.widget = widgets.VBox([self.view.widget, widgets.HBox([self.save_button, self.saved]), self.final])
        on_language_change(self.relabel)
        self.relabel()

    def play(self, decisions: dict):
        try:
            report = self.game.play(decisions)
        except DecisionError as exc:
            self.view.answer.value = "<span style='color:#b00'>" + "<br>".join(map(html.escape, exc.messages)) + "</span>"
            return None
        self.view.answer.value = ""
        self.view.refresh(fill_with=normalise_decisions(decisions), report=report)
        if self.game.finished:
            self.show_final()
        return report

    def show_final(self) -> None:
        """The score, its formula and the comparison with the built-in strategies (computed once)."""
        if self._compare is None:
            self._compare = self.game.compare().round(2)
        self.final.value = (f"<h3>{html.escape(gtext('score'))}: {self.game.score().score:.1f}</h3>"
                            f"<p>{html.escape(score_formula_text())}</p><b>{html.escape(gtext('compare'))}</b>"
                            + table_html(self._compare, COMPARE_COLUMNS, "crm-game-compare"))

    def save(self) -> Path:
        """Write this page's game and show a download link with the file's name only."""
        path = self.game.save(self.save_path)
        self._saved = path
        self._show_saved()
        return path

    def _show_saved(self) -> None:
        path = getattr(self, "_saved", None)
        if path is None:
            self.saved.value = ""
            return
        data = base64.b64encode(path.read_bytes()).decode()
        self.saved.value = (f'<a class="crm-game-download" download="{html.escape(path.name)}" '
                            f'href="data:application/json;base64,{data}">'
                            f"{html.escape(gtext('saved', name=path.name))}</a>")

    def relabel(self, lang: str | None = None) -> None:
        self.save_button.description = gtext("save")
        self._show_saved()
        if self.game.finished:
            self.show_final()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
