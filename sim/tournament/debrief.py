"""The debrief pack of a tournament: one self-contained, offline HTML page for the class.

Leaderboard (teams and the built-in strategies played on the same world), each team's
profit against retention, and the tier and stage flows of each team's book month by
month, next to the built-ins. Every number is recomputed from the store's decisions by
replaying the games (the event log is the source of truth); the page reuses the
comparison report's machinery (inline vega JavaScript, one theme), so it opens without a
network.
"""

from __future__ import annotations

import html
from pathlib import Path

import altair as alt
import pandas as pd

from sim import viz
from sim.game.score import score_formula
from sim.io import write_atomic
from sim.model.world import build_world
from sim.report import html_page, meta_line, sections, version_stamp
from sim.results import RunResult, monthly_panel, run_result
from sim.scenario import scenario_hash
from sim.tables import strategy_label
from sim.tournament.service import Tournament
from sim.tournament.store import Store
from sim.units import WEEKS_PER_MONTH
from sim.viz import theme
from sim.vocab import label

__all__ = ["debrief_data", "render_debrief", "write_debrief"]

TITLE = {"en": "CRM Dojo — tournament debrief", "zh": "CRM Dojo — 比賽講評"}
TEXT = {
    "en": {"leaderboard": "Leaderboard", "scatter": "Profit and retention", "stages": "Accounts by lifecycle stage",
           "tiers": "Customers by relationship tier", "team": "team", "kind": "kind", "built-in": "built-in strategy",
           "score_note": "Score: {formula}. Reference: the margin the starting customers bring at their base rate "
                         "in the same months (the same number for every team). Built-in strategies played the "
                         "same world (same scenario and seed); every team's book is rep {rep}'s.",
           "session": "session", "rounds": "rounds played", "teams": "teams"},
    "zh": {"leaderboard": "排行榜", "scatter": "利潤與留存", "stages": "各生命週期階段的客戶數",
           "tiers": "各關係層級的客戶數", "team": "隊伍", "kind": "類型", "built-in": "內建策略",
           "score_note": "得分：{formula}。參考值：起始客戶在同樣月份按基本購買率帶來的毛利（每隊相同）。"
                         "內建策略在同一個世界（相同情境與種子）中執行；每隊管理的是業務員 {rep} 的客戶。",
           "session": "場次", "rounds": "已完成回合", "teams": "隊伍數"},
}
COLUMNS = ("rank", "team", "kind", "score", "profit", "retention", "tier_index", "revenue", "customers")


def rep_panel(res: RunResult, rep: int, months: int) -> pd.DataFrame:
    """Like :func:`sim.monthly_panel`, for one rep's accounts and months 0..``months``."""
    return monthly_panel(res, months, rep)


def debrief_data(store: Store, code: str, strategies=None) -> dict:
    """Everything the page shows: session, leaderboard rows, and a panel per team and built-in."""
    t = Tournament(store, code)
    s = t.session()
    board = t.leaderboard(builtins=True, strategies=strategies)
    sc = store.scenario(code)
    panels = _team_panels(t, s, {r["team"] for r in board if r["kind"] == "built-in"})
    if s["closed_rounds"]:
        panels += _builtin_panels(sc, s, list(strategies) if strategies is not None else list(sc.strategies))
    return {"session": s, "scenario": sc, "board": board,
            "panel": pd.concat(panels, ignore_index=True) if panels else pd.DataFrame()}


def _team_panels(t: Tournament, s: dict, builtin_names: set[str]) -> list[pd.DataFrame]:
    """The played rep's panel of each team's game (a team named like a built-in gets " (team)")."""
    panels = []
    for team in t.store.teams(t.code):
        name = team["name"] if team["name"] not in builtin_names else f"{team['name']} (team)"
        panels.append(rep_panel(run_result(t.game(team["id"]).world), s["rep"], s["closed_rounds"]).assign(strategy=name))
    return panels


def _builtin_panels(sc, s: dict, strategies: list[str]) -> list[pd.DataFrame]:
    """The played rep's panel under each built-in, same world, over the closed rounds."""
    months, panels = s["closed_rounds"], []
    for name in strategies:
        w = build_world(sc, name, s["seed"]).run(until=months * WEEKS_PER_MONTH)
        panels.append(rep_panel(run_result(w), s["rep"], months).assign(strategy=name))
    return panels


def _scatter(board: list[dict], lang: str, sc):
    df = pd.DataFrame([r for r in board if r.get("score") is not None])
    if df.empty:
        return None
    t = TEXT.get(lang, TEXT["en"])
    df["name"] = [r.team if r.kind == "team" else strategy_label(r.team, lang, sc) for r in df.itertuples()]
    df["kind_label"] = [t["team"] if k == "team" else t["built-in"] for k in df["kind"]]
    names, colours = list(df["name"]), _colours(df)
    base = alt.Chart(df).encode(
        x=alt.X("retention:Q", title=label("retention", lang), axis=alt.Axis(format="%"), scale=alt.Scale(zero=False)),
        y=alt.Y("profit:Q", title=label("profit_total", lang), axis=alt.Axis(format="~s")),
        tooltip=[alt.Tooltip("name:N", title=t["team"]), alt.Tooltip("kind_label:N", title=t["kind"]),
                 alt.Tooltip("score:Q", format=".1f"), alt.Tooltip("profit:Q", format=",.0f"),
                 alt.Tooltip("retention:Q", format=".0%"), alt.Tooltip("tier_index:Q", format=".2f")])
    points = base.mark_point(filled=True, size=140).encode(
        color=alt.Color("name:N", title=None, scale=alt.Scale(domain=names, range=colours)),
        shape=alt.Shape("kind_label:N", title=t["kind"],
                        scale=alt.Scale(domain=[t["team"], t["built-in"]], range=["circle", "diamond"])))
    text = base.mark_text(align="left", dx=9, fontSize=11).encode(text="name:N")
    return (points + text).properties(width=theme.WIDTH + 120, height=theme.HEIGHT + 60)


def _colours(df: pd.DataFrame) -> list[str]:
    """A built-in's own colour; the teams' from the extra colours, in turn."""
    names, extra = list(df["name"]), theme.EXTRA_COLOURS
    return [theme.strategy_colour(n, names) if k == "built-in" else extra[i % len(extra)]
            for i, (n, k) in enumerate(zip(df["team"], df["kind"]))]


def _board_html(board: list[dict], lang: str, sc) -> str:
    t = TEXT.get(lang, TEXT["en"])
    head = "".join(f"<th>{html.escape(c if c not in ('team', 'kind') else t[c])}</th>" for c in COLUMNS)
    rows = []
    for r in board:
        cells = _board_cells(r, lang, sc, t)
        cls = ' class="builtin"' if r["kind"] != "team" else ""
        rows.append(f"<tr{cls}>" + "".join(f"<td>{html.escape(str(cells[c]))}</td>" for c in COLUMNS) + "</tr>")
    return (f'<div class="scroll"><table class="results" id="leaderboard"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _board_cells(r: dict, lang: str, sc, t: dict) -> dict:
    """One leaderboard row's cells as text (empty where a number is missing)."""
    def num(key: str, fmt: str) -> str:
        return "" if r.get(key) is None else format(r[key], fmt)

    return {"rank": r.get("rank") or "", "kind": t["team"] if r["kind"] == "team" else t["built-in"],
            "team": r["team"] if r["kind"] == "team" else strategy_label(r["team"], lang, sc),
            "score": num("score", ".1f"), "profit": num("profit", ",.0f"), "retention": num("retention", ".0%"),
            "tier_index": num("tier_index", ".2f"), "revenue": num("revenue", ",.0f"), "customers": num("customers", "")}


def render_debrief(store: Store, code: str, lang: str = "en", strategies=None) -> str:
    """The debrief page as one HTML string."""
    label("strategy", lang)  # validates lang
    d = debrief_data(store, code, strategies)
    s, sc, board, panel = d["session"], d["scenario"], d["board"], d["panel"]
    t, esc = TEXT.get(lang, TEXT["en"]), html.escape
    meta = [(t["session"], f"<code>{esc(s['code'])}</code>"),
            (label("scenario", lang), f"{esc(sc.name)} <code>{scenario_hash(sc)}</code>"),
            (label("seeds", lang), str(s["seed"])), (t["rounds"], f"{s['closed_rounds']} / {s['rounds']}"),
            (t["teams"], str(sum(1 for r in board if r["kind"] == "team"))), ("sim", version_stamp())]
    parts = [f"<h1>{esc(TITLE.get(lang, TITLE['en']))}</h1>",
             f"<p>{esc(sc.description)}</p>" if sc.description else "", meta_line(meta),
             f"<h2>{esc(t['leaderboard'])}</h2>", _board_html(board, lang, sc),
             f'<p class="note">{esc(t["score_note"].format(formula=score_formula(), rep=s["rep"]))}</p>',
             *sections(_debrief_charts(board, panel, lang, sc))]
    return html_page(f"{TITLE.get(lang, TITLE['en'])}: {s['code']}", parts, lang)


def _debrief_charts(board: list[dict], panel: pd.DataFrame, lang: str, sc) -> list[tuple[str, object]]:
    """(title, chart) pairs: profit against retention, then the stage and tier flows per team and built-in."""
    t, charts = TEXT.get(lang, TEXT["en"]), []
    scatter = _scatter(board, lang, sc)
    if scatter is not None:
        charts.append((t["scatter"], scatter))
    if not panel.empty:
        charts += [(t["stages"], viz.stage_area_chart(panel, lang, sc)), (t["tiers"], viz.tier_mix_chart(panel, lang, sc))]
    return charts


def write_debrief(store: Store, code: str, path: str | Path = "debrief.html", lang: str = "en",
                  strategies=None) -> Path:
    """Write the debrief page (atomically) and return its path."""
    return write_atomic(path, render_debrief(store, code, lang, strategies))
