"""Widgets of the role-play game: the decisions grid, news, KPIs, mixes, and "next month".

``GameUI(Game("dealer_phone", months=6))`` plays alone (``Next month`` runs the world);
:class:`sim.ui.tournament.TeamPage` reuses the same view with a ``Submit`` button that
sends the decisions to the tournament store instead. All game logic lives in
:mod:`sim.game`; this module only shows it and turns widget values into decisions.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

from sim.game import GROUPS, REMEDIES, DecisionError, Game
from sim.game.decisions import GROUP_HELP, normalise_decisions
from sim.game.score import score_formula
from sim.vocab import FUNCTIONS, get_language, label

__all__ = ["DecisionGrid", "GameUI", "GameView", "gtext"]

TEXT = {
    "en": {
        "month": "Month {m} of {n}", "hours": "hours for contacts: {h:g}", "budget": "gift & expense budget: {b:,.0f}",
        "target": "accounts", "next": "Next month ▶", "submit": "Submit decisions", "check_ok": "✔ {summary}",
        "check_bad": "✘ cannot play these decisions:", "warn": "⚠ ", "news": "News of month {m}",
        "no_news": "Nothing to report yet: make your decisions and press the button.",
        "kpis": "Your book", "tiers": "Customers by tier", "stages": "Accounts by stage",
        "remedies": "A consulting visit to a dealer offers:", "campus_channel": "campus channel (300/month)",
        "shared_engineers": "shared installation engineers (400/month)", "add_account": "add a row for account",
        "add": "Add", "save": "Save game", "saved": "Saved to {path}", "over": "The game is over.",
        "score": "Score", "compare": "Your score next to the built-in strategies on the same world",
        "profit": "profit", "revenue": "revenue", "retention": "retention", "customers": "customers",
        "tier_index": "tier index", "contacts": "contacts", "answered": "answered", "accounts_table": "Your accounts",
        "reset": "Default plan", "clear": "Clear",
    },
    "zh": {
        "month": "第 {m} 月，共 {n} 月", "hours": "可用聯絡時間：{h:g} 小時", "budget": "禮品與費用預算：{b:,.0f}",
        "target": "客戶", "next": "下個月 ▶", "submit": "提交決策", "check_ok": "✔ {summary}",
        "check_bad": "✘ 這些決策無法執行：", "warn": "⚠ ", "news": "第 {m} 月動態",
        "no_news": "暫無消息：做好決策後按下按鈕。",
        "kpis": "你的客戶群", "tiers": "各關係層級的客戶", "stages": "各階段的客戶",
        "remedies": "拜訪代理商做顧問諮詢時提供：", "campus_channel": "校園渠道（每月 300）",
        "shared_engineers": "共享安裝工程師（每月 400）", "add_account": "為客戶新增一行",
        "add": "新增", "save": "保存遊戲", "saved": "已保存到 {path}", "over": "遊戲結束。",
        "score": "得分", "compare": "你的得分與內置策略（同一個世界）的比較",
        "profit": "利潤", "revenue": "收入", "retention": "留存率", "customers": "客戶數",
        "tier_index": "關係指數", "contacts": "聯絡次數", "answered": "有回應", "accounts_table": "你的客戶",
        "reset": "默認計劃", "clear": "清空",
    },
}


def gtext(key: str, **kw) -> str:
    t = TEXT.get(get_language(), TEXT["en"]).get(key) or TEXT["en"].get(key, key)
    return t.format(**kw) if kw else t


class DecisionGrid:
    """Rows of targets (account groups, single accounts) × columns of functions, in hours."""

    def __init__(self, on_change=None) -> None:
        self.on_change = on_change
        self.rows: dict[str, dict[str, widgets.FloatText]] = {}
        self.remedy_boxes = {r: widgets.Checkbox(value=False, indent=False, description=gtext(r)) for r in REMEDIES}
        for cb in self.remedy_boxes.values():
            cb.observe(lambda _: self._changed(), names="value")
        self.account_pick = widgets.Dropdown(options=[], layout=widgets.Layout(width="110px"))
        self.add_button = widgets.Button(description=gtext("add"), layout=widgets.Layout(width="70px"))
        self.add_button.on_click(lambda _: self.add_row(self.account_pick.value))
        self.table = widgets.GridBox(layout=widgets.Layout(grid_gap="2px 4px"))
        self.table.add_class("crm-game-grid")
        self.remedy_label = widgets.HTML()
        self.widget = widgets.VBox([
            self.table, widgets.HBox([widgets.HTML(gtext("add_account")), self.account_pick, self.add_button]),
            self.remedy_label, widgets.HBox(list(self.remedy_boxes.values()))])
        self._quiet = False

    def _changed(self) -> None:
        if not self._quiet and self.on_change is not None:
            self.on_change()

    def _cell(self, value: float = 0.0) -> widgets.FloatText:
        w = widgets.FloatText(value=value, step=1.0, layout=widgets.Layout(width="78px"))
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
        head = [widgets.HTML(f"<b>{html.escape(gtext('target'))}</b>")]
        head += [widgets.HTML(f"<b>{html.escape(label(f))}</b>") for f in FUNCTIONS]
        cells = list(head)
        counts = getattr(self, "_counts", {})
        for target, per in self.rows.items():
            name = label(target) if target in GROUPS else target
            n = f" ({counts[target]})" if target in counts else ""
            tip = GROUP_HELP.get(target, "")
            cells.append(widgets.HTML(f'<span title="{html.escape(tip)}">{html.escape(name)}{n}</span>'))
            cells += [per[f] for f in FUNCTIONS]
        self.table.children = cells
        self.table.layout.grid_template_columns = "170px " + " ".join(["82px"] * len(FUNCTIONS))
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
    icon = {"alert": "⚠️", "good": "✅", "info": "ℹ️"}
    items = "".join(f"<li class='crm-news-{n['level']}'>{icon.get(n['level'], '')} {html.escape(n['text'])}</li>"
                    for n in news)
    return f"<b>{html.escape(gtext('news', m=month + 1))}</b><ul class='crm-game-news'>{items}</ul>"


def _kpi_html(k: dict) -> str:
    pairs = [("profit", f"{k.get('profit', 0):,.0f}"), ("revenue", f"{k.get('revenue', 0):,.0f}"),
             ("retention", f"{k.get('retention', 1):.0%}"), ("customers", str(k.get("customers", ""))),
             ("tier_index", f"{k.get('tier_index', 0):.2f}"), ("score", f"{k.get('score', 0):.1f}")]
    cells = "".join(f"<td><div style='color:#666;font-size:.8em'>{html.escape(gtext(n))}</div>"
                    f"<div style='font-size:1.2em'>{v}</div></td>" for n, v in pairs)
    return f"<b>{html.escape(gtext('kpis'))}</b><table class='crm-game-kpis'><tr>{cells}</tr></table>"


class GameView:
    """The shared view of a game: header, decisions grid with live check, news, KPIs and mixes.

    ``action`` is called with the decisions when the button is pressed (play or submit)."""

    def __init__(self, game: Game, action, button_text: str) -> None:
        self.game = game
        self.action = action
        self.header = widgets.HTML()
        self.check_out = widgets.HTML()
        self.check_out.add_class("crm-game-check")
        self.grid = DecisionGrid(on_change=self.recheck)
        self.button = widgets.Button(description=button_text, button_style="primary",
                                     layout=widgets.Layout(width="200px"))
        self.button.add_class("crm-game-go")
        self.button.on_click(lambda _: self.go())
        self.default_button = widgets.Button(description=gtext("reset"))
        self.default_button.on_click(lambda _: self.fill(self.game.default_decisions()))
        self.clear_button = widgets.Button(description=gtext("clear"))
        self.clear_button.on_click(lambda _: self.grid.clear())
        self.answer = widgets.HTML()
        self.answer.add_class("crm-game-answer")
        self.news = widgets.HTML(_news_html(None, []))
        self.kpis = widgets.HTML()
        self.mix = widgets.HTML()
        self.accounts = widgets.Output(layout=widgets.Layout(max_height="260px", overflow="auto"))
        acc_box = widgets.Accordion(children=[self.accounts])
        acc_box.set_title(0, gtext("accounts_table"))
        self.widget = widgets.VBox([
            self.header, self.kpis, self.news, self.grid.widget, self.check_out,
            widgets.HBox([self.button, self.default_button, self.clear_button]), self.answer,
            self.mix, acc_box])
        self.widget.add_class("crm-game")
        self.refresh(fill_with=game.default_decisions() if not game.finished else None)

    def fill(self, decisions: dict | None) -> None:
        self.grid.setup(self.game, decisions)
        self.recheck()

    def refresh(self, fill_with: dict | None = None, report=None) -> None:
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
        if report is None and g.reports:
            report = g.reports[-1]
        if report is not None:
            self.news.value = _news_html(report.month, report.news)
        self.accounts.clear_output()
        with self.accounts:
            from IPython.display import display

            display(g.accounts())
        if not g.finished:
            self.fill(fill_with)

    def recheck(self) -> None:
        if self.game.finished:
            self.check_out.value = ""
            return
        plan = self.game.check(self.grid.decisions())
        if plan.ok:
            parts = [f"<span style='color:#2a7a2a'>{html.escape(gtext('check_ok', summary=plan.summary()))}</span>"]
        else:
            parts = [f"<span style='color:#b00'>{html.escape(gtext('check_bad'))}</span><ul>"
                     + "".join(f"<li>{html.escape(e)}</li>" for e in plan.errors) + "</ul>"]
        parts += [f"<div style='color:#a60'>{html.escape(gtext('warn') + w)}</div>" for w in plan.warnings]
        self.check_out.value = "".join(parts)

    def go(self) -> None:
        self.action(self.grid.decisions())


class GameUI:
    """Play a game alone: ``GameUI(Game("dealer_phone", months=6)).widget``; ``Next month`` runs the world."""

    def __init__(self, game: Game | None = None, save_path: str | Path = "out/my_game.json") -> None:
        self.game = game or Game()
        self.save_path = Path(save_path)
        self.view = GameView(self.game, self.play, gtext("next"))
        self.save_button = widgets.Button(description=gtext("save"), icon="save")
        self.save_button.on_click(lambda _: self.save())
        self.saved = widgets.HTML()
        self.final = widgets.Output()
        self.widget = widgets.VBox([self.view.widget, widgets.HBox([self.save_button, self.saved]), self.final])

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
        self.final.clear_output()
        with self.final:
            from IPython.display import HTML, display

            table = self.game.compare()
            display(HTML(f"<h3>{html.escape(gtext('score'))}: {self.game.score().score:.1f}</h3>"
                         f"<p>{html.escape(score_formula())}</p><b>{html.escape(gtext('compare'))}</b>"))
            display(table[["player", "kind", "score", "profit", "retention", "tier_index", "customers"]].round(2))

    def save(self) -> Path:
        path = self.game.save(self.save_path)
        self.saved.value = html.escape(gtext("saved", path=path))
        return path

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


