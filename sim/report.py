"""A single self-contained HTML report of a strategy comparison (works offline).

The vega, vega-lite and vega-embed JavaScript is embedded once, inline (from
``vl-convert-python``), and every chart spec carries its own data: the file needs
no network and no other file. It is written atomically.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path

import altair as alt
import pandas as pd

import sim
from sim import viz
from sim.decision import TEXT, Decision, decide, metric_name, metric_verdict, verdict
from sim.experiment import Comparison
from sim.io import write_atomic
from sim.results import METRICS, RunResult, churn_by_cause, monthly_panel, whale_curve
from sim.scenario import scenario_hash
from sim.tables import format_interval, format_value, interval_table, paired_table, strategy_label
from sim.viz.html import js_in_script, page_chart, vega_bundle
from sim.vocab import label

__all__ = ["CSS", "html_page", "render_report", "render_sweep_report", "write_report", "write_sweep_report"]


NOTE = {
    "en": (
        "Each strategy was run {n} times (replications) on the same {n} seeds, so every strategy "
        "met the same customers and the same shocks (common random numbers). A cell shows the mean "
        "over replications and its 95% confidence interval: the range in which the true mean of this "
        "model lies, given the replications run. More replications make it narrower. Differences "
        "from the baseline are paired replication by replication, which removes the luck the "
        "strategies share; a difference marked * has a 95% interval that excludes zero. The "
        "intervals describe the simulation's uncertainty, not whether the model fits your business."
    ),
    "zh": (
        "每個策略在同一組 {n} 個隨機種子上各執行 {n} 次（重複），因此所有策略面對相同的客戶和相同的衝擊"
        "（共同亂數）。表中每格為各次重複的平均值及其 95% 信賴區間：在已執行的重複次數下，模型真實平均值"
        "所在的範圍；重複越多，區間越窄。與基準的差異按每次重複配對計算，抵消各策略共同的運氣；"
        "標 * 的差異，其 95% 區間不含零。區間描述的是模擬本身的不確定性，而不是模型是否符合您的業務。"
    ),
}

CSS = """
body{font-family:"Noto Sans CJK TC","Noto Sans CJK SC","PingFang TC","Microsoft JhengHei",
"Microsoft YaHei","Helvetica Neue",Arial,sans-serif;margin:2em auto;max-width:1300px;padding:0 1em;color:#222}
h1{font-size:1.6em;margin-bottom:.2em} h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
.meta{color:#555;font-size:.9em} .meta code{background:#f4f4f4;padding:0 .3em}
table.results{border-collapse:collapse;font-size:.8em;margin:.5em 0}
table.results th,table.results td{border:1px solid #ddd;padding:.25em .45em;text-align:right;white-space:nowrap}
table.results th{background:#f7f7f7} table.results td:first-child,table.results th:first-child{text-align:left}
.code{color:#888;font-size:.85em;display:block} .ci{color:#666;font-size:.85em}
.scroll{overflow-x:auto} table.results th{white-space:normal;min-width:5em;vertical-align:bottom}
.decision{background:#eef5ee;border:2px solid #5a9a5a;border-radius:6px;padding:.6em 1.2em;margin:1em 0}
.decision.none{background:#f6f6ee;border-color:#aaa060} .decision h2{margin-top:.3em;border:0}
.verdict{font-size:1.2em;line-height:1.45;margin:.4em 0} .decision .also,.decision .method{font-size:.9em;color:#444}
.note{background:#f8f8f0;border-left:4px solid #cc9;padding:.6em 1em;
font-size:.9em;max-width:60em} .chart{margin:1em 0;max-width:100%}
.chart svg{max-width:100%;height:auto}
"""


def _cell(text) -> str:
    """``mean [low, high]`` on two lines, the interval smaller."""
    mean, sep, rest = str(text).partition(" [")
    return html.escape(mean) + (f'<br><span class="ci">[{html.escape(rest)}</span>' if sep else "")


def _table_html(table: pd.DataFrame, names: list[str], lang: str, sc) -> str:
    """A formatted table with strategy labels (and their code names) as the first column."""
    rows = []
    for name, cells in zip(names, table.itertuples(index=False)):
        first = f'{html.escape(strategy_label(name, lang, sc))} <span class="code">{html.escape(name)}</span>'
        rows.append("<tr><td>" + first + "</td>" + "".join(f"<td>{_cell(c)}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in [label("strategy", lang), *table.columns])
    return (f'<div class="scroll"><table class="results"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _by_strategy(results) -> dict[str, RunResult]:
    if isinstance(results, Mapping):
        return dict(results)
    return {r.strategy: r for r in (results or [])}


def _stacked(results: dict[str, RunResult], table) -> pd.DataFrame:
    return pd.concat([table(r).assign(strategy=s) for s, r in results.items()], ignore_index=True)


def _charts(comp: Comparison, results: dict[str, RunResult], lang: str, dec: Decision) -> list[tuple[str, object]]:
    """(section title, chart) pairs for the report: the paired differences from the current strategy first."""
    sc = comp.scenario
    metric_charts = [viz.comparison_chart(comp.summary, m, lang, sc) for m in METRICS]
    out = []
    if len(dec.headline.gains):  # the headline chart: it goes right after the decision
        current = strategy_label(dec.current, lang, sc)
        out.append((TEXT[lang]["chart"].format(current=current, metric=metric_name(dec.metric, lang)),
                    viz.gain_chart(dec.headline.gains, dec.metric, dec.current, lang, sc)))
    out.append((label("charts_metrics", lang), alt.concat(*metric_charts, columns=2)))
    return out + (_run_charts(results, lang, sc) if results else [])


def _run_charts(results: dict[str, RunResult], lang: str, sc) -> list[tuple[str, object]]:
    """(section title, chart) pairs of one replication per strategy: stages, tiers, churn, whale curve."""
    sub = f" {label('one_replication', lang)}"
    panel = _stacked(results, monthly_panel)
    return [
        (label("charts_stages", lang) + sub, viz.stage_area_chart(panel, lang, sc)),
        (label("charts_tiers", lang) + sub, viz.tier_mix_chart(panel, lang, sc)),
        (label("charts_churn", lang) + sub, viz.churn_cause_chart(_stacked(results, churn_by_cause), lang, sc)),
        (label("charts_whale", lang) + sub, viz.whale_curve_chart(_stacked(results, whale_curve), lang, sc)),
    ]


def sections(charts: list[tuple[str, object]], first: int = 0) -> list[str]:
    """A heading and the chart (numbered from ``first``) for each (title, chart)."""
    out = []
    for i, (title, chart) in enumerate(charts, first):
        out += [f"<h2>{html.escape(title)}</h2>", page_chart(chart, i)]
    return out


def _seeds_text(comp: Comparison) -> str:
    seeds = comp.seeds
    shown = ", ".join(str(s) for s in seeds[:5]) + (", …" if len(seeds) > 5 else "")
    return f"{comp.seed} → {shown}"


def _decision_table(dec: Decision, lang: str, sc) -> pd.DataFrame:
    """Per strategy: mean of the decision's metric, gain over the current one, probability best (and draws)."""
    t, d, m = TEXT[lang], dec.headline, dec.metric
    gains = {r.strategy: format_interval(m, r.diff, r.low, r.high, signed=True) for r in d.gains.itertuples()}
    name, current = metric_name(m, lang), strategy_label(dec.current, lang, sc)
    cols = {t["mean_of"].format(metric=name): [format_value(m, d.means[s]) for s in dec.strategies],
            t["gain_over"].format(metric=name, current=current): [gains.get(s, "–") for s in dec.strategies],
            t["p_best"]: [f"{d.p_best[s]:.0%}" for s in dec.strategies]}
    if dec.first_share is not None:
        cols[t["first_share"].format(k=len(dec.draw_values or []))] = [f"{dec.first_share[s]:.0%}"
                                                                       for s in dec.strategies]
    return pd.DataFrame(cols)


def _decision_html(dec: Decision, lang: str, sc) -> str:
    """The headline box: the verdict, the per-strategy table, the other metrics and how sure it is."""
    t, esc = TEXT[lang], html.escape
    keys = ", ".join(sc.uncertainty)
    draws = t["method_draws"].format(keys=keys) if dec.draws is not None else ""
    also = "".join(f'<p class="also">{esc(metric_name(m, lang, True))}: {esc(metric_verdict(d, lang, sc))}</p>'
                   for m, d in dec.by_metric.items() if m != dec.metric)
    return (f'<section class="decision {dec.headline.outcome}" id="decision">'
            f"<h2>{esc(t['decision'])} — {esc(metric_name(dec.metric, lang))}</h2>"
            f'<p class="verdict">{esc(verdict(dec, lang, sc))}</p>'
            + _table_html(_decision_table(dec, lang, sc), dec.strategies, lang, sc) + also
            + f'<p class="method">{esc(t["method"].format(n=dec.replications, draws=draws))}</p></section>')


def render_report(comp: Comparison, results: Mapping[str, RunResult] | Iterable[RunResult] | None = None,
                  lang: str = "en", decision: Decision | None = None) -> str:
    """The report as one HTML string (see :func:`write_report`); it opens with ``decision``
    (default: :func:`sim.decision.decide` on profit against the baseline)."""
    label("strategy", lang)  # validates lang
    dec = decide(comp) if decision is None else decision
    results = _by_strategy(results if results is not None else comp.results)
    sc, esc = comp.scenario, html.escape
    charts = _charts(comp, results, lang, dec)
    headline = int(len(dec.headline.gains) > 0)
    paired = comp.paired[comp.paired["strategy"] != comp.baseline]
    others = list(dict.fromkeys(paired["strategy"]))
    parts = [
        f"<h1>{esc(label('report_title', lang))}</h1>",
        _decision_html(dec, lang, sc),
        *sections(charts[:headline]),
        f"<p>{esc(sc.description)}</p>" if sc.description else "",
        meta_line(_report_meta(comp, dec, lang)),
        f"<h2>{esc(label('comparison_table', lang))}</h2>",
        _table_html(interval_table(comp.summary, METRICS, lang, comp.strategies), comp.strategies, lang, sc),
        f"<h2>{esc(label('paired_table', lang))}</h2>",
        _table_html(paired_table(paired, METRICS, lang), others, lang, sc) if others else "",
        f'<p class="note">{esc(NOTE.get(lang, NOTE["en"]).format(n=comp.replications))}</p>',
    ]
    parts += sections(charts[headline:], headline)
    return html_page(f"{label('report_title', lang)}: {sc.name}", parts, lang)


def _report_meta(comp: Comparison, dec: Decision, lang: str) -> list[tuple[str, str]]:
    """(label, HTML) pairs of the report's header line."""
    sc, esc = comp.scenario, html.escape
    return [
        (label("scenario", lang), f"{esc(sc.name)} <code>{scenario_hash(sc)}</code>"),
        (label("replications", lang), str(comp.replications)),
        (label("seeds", lang), esc(_seeds_text(comp))),
        (label("baseline", lang), esc(strategy_label(comp.baseline, lang, sc))),
        (TEXT[lang]["current"], esc(strategy_label(dec.current, lang, sc))),
        ("sim", version_stamp()),
    ]


def version_stamp() -> str:
    """This sim's version and the time now (UTC), for a page's header line."""
    return f"{sim.__version__} · {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC"


def meta_line(meta: list[tuple[str, str]]) -> str:
    """A page's header line from (label, HTML) pairs (labels are escaped here)."""
    return '<p class="meta">' + " · ".join(f"{html.escape(k)}: {v}" for k, v in meta) + "</p>"


def html_page(title: str, parts: list[str], lang: str) -> str:
    """A whole HTML page: ``title``, the vega JavaScript inline, then ``parts`` (HTML) in order."""
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-Hant" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n"
        f'<script type="text/javascript">\n{js_in_script(vega_bundle())}\n</script>\n</head>\n<body>\n'
        + "\n".join(p for p in parts if p) + "\n</body>\n</html>\n"
    )


def write_report(comparison: Comparison, results_of_one_replication_per_strategy=None,
                 path: str | Path = "report.html", lang: str = "en", decision: Decision | None = None) -> Path:
    """Write the comparison report as one self-contained, offline HTML file (atomically).

    ``results_of_one_replication_per_strategy``: a mapping strategy -> :class:`RunResult`
    (or a list of them) for the stage, tier, churn and whale charts; defaults to
    ``comparison.results`` (filled by ``compare(..., keep_first=True)``). ``decision``: the answer
    the report opens with (default: :func:`sim.decision.decide` of ``comparison``).
    """
    return write_atomic(path, render_report(comparison, results_of_one_replication_per_strategy, lang, decision))


# ---------------------------------------------------------------- sweeps
SWEEP_TITLE = {"en": "CRM Dojo — parameter sweep", "zh": "CRM Dojo — 參數掃描"}


def render_sweep_report(sw, metric: str = "profit_total", lang: str = "en") -> str:
    """A sweep as one offline HTML page: ``metric`` against each swept key path, and its table."""
    label("strategy", lang)  # validates lang
    sc, esc = sw.scenario, html.escape
    meta, table = _sweep_meta(sw, lang), _sweep_table(sw, metric, lang)
    parts = [f"<h1>{esc(SWEEP_TITLE.get(lang, SWEEP_TITLE['en']))}</h1>",
             f"<p>{esc(sc.description)}</p>" if sc.description else "",
             meta_line(meta)]
    for i, key in enumerate(sw.keys):
        parts += [f"<h2>{esc(label(metric, lang))} × {esc(key)}</h2>",
                  page_chart(viz.sweep_chart(sw.summary, metric, key, lang, sc), i)]
    parts += [f"<h2>{esc(label(metric, lang))}</h2>",
              '<div class="scroll">' + table.to_html(index=False, classes="results", border=0) + "</div>",
              f'<p class="note">{esc(NOTE.get(lang, NOTE["en"]).format(n=sw.replications))}</p>']
    return html_page(f"{SWEEP_TITLE.get(lang, SWEEP_TITLE['en'])}: {sc.name}", parts, lang)


def _sweep_meta(sw, lang: str) -> list[tuple[str, str]]:
    """(label, HTML) pairs of the sweep page's header line: scenario, grid, replications, seeds, version."""
    sc, esc = sw.scenario, html.escape
    grid = "; ".join(f"{k} = {', '.join(map(str, v))}" for k, v in sw.grid.items())
    return [(label("scenario", lang), f"{esc(sc.name)} <code>{scenario_hash(sc)}</code>"),
            ("grid", esc(grid)), (label("replications", lang), str(sw.replications)),
            (label("seeds", lang), f"{sw.seed} → {esc(', '.join(map(str, sw.seeds[:5])))}"
                                   + (", …" if sw.replications > 5 else "")),
            ("sim", version_stamp())]


def _sweep_table(sw, metric: str, lang: str) -> pd.DataFrame:
    """The sweep's ``metric`` per grid point and strategy, as intervals."""
    sc = sw.scenario
    rows = sw.summary[sw.summary["metric"] == metric]
    return rows[[*sw.keys]].assign(**{label("strategy", lang): [strategy_label(s, lang, sc) for s in rows["strategy"]],
                                      label(metric, lang): [format_interval(metric, r.mean, r.low, r.high)
                                                            for r in rows.itertuples()]})


def write_sweep_report(sw, path: str | Path = "sweep.html", metric: str = "profit_total", lang: str = "en") -> Path:
    """Write :func:`render_sweep_report` as one self-contained, offline HTML file (atomically)."""
    return write_atomic(path, render_sweep_report(sw, metric, lang))
