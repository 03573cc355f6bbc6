"""The decision a comparison supports: which strategy, how sure, and how much it gains.

From the paired replications of a :class:`sim.experiment.Comparison` (common random numbers), for
one metric (default: profit; customer equity alongside):

- the **leader**: the strategy with the highest mean;
- the **probability that each strategy is the best**, by the Bayesian bootstrap (Rubin 1981): the
  replications are the paired units, so a posterior draw gives every replication a Dirichlet(1, …, 1)
  weight, the *same* weight for every strategy, and the strategy with the highest weighted mean wins
  that draw (ties share it). Sharing the weights keeps the pairing that common random numbers buy
  (the luck the strategies share cancels), it needs no normality, and it is seeded by the
  comparison's seed, so it is the same every time;
- the **expected gain** over the *current* strategy with its paired 95% t-interval (the ``paired``
  table's interval), and a verdict that says "switch" only to a strategy whose interval is above 0
  (the one with the highest mean among those), "keep" when the current one is clearly ahead of every
  other, and otherwise that no strategy is clearly better (or distinguishable at all);
- with replications over parameter draws (:mod:`sim.draws`), how often each strategy ranks first
  across draws and whether the recommendation changes.

Pure functions, no printing; :func:`verdict` gives the plain-language answer in English or Chinese.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.experiment import Comparison, ExperimentError, paired_differences
from sim.tables import format_interval, strategy_label
from sim.vocab import label

__all__ = ["DECISION_METRICS", "Decision", "MetricDecision", "decide", "probability_best", "verdict"]

METRIC = "profit_total"
ALSO = ("customer_equity",)
#: the metrics a decision can be made on (more is better)
DECISION_METRICS = ("profit_total", "customer_equity", "revenue", "retention", "active_accounts")
POSTERIOR_DRAWS = 4000
#: mixed into the comparison's seed for the posterior draws
DECISION_STREAM = 0xDEC1DE
METHOD = ("Bayesian bootstrap over the paired replications (Dirichlet(1,...,1) weights shared by every "
          f"strategy, {POSTERIOR_DRAWS} draws, seeded by the comparison's seed); gain: paired 95% t-interval")


@dataclass
class MetricDecision:
    """The answer for one metric: leader, probability best, and the rival's gain over the current."""

    metric: str
    current: str
    leader: str
    rival: str | None  # the choice when switching, else the leader, or the runner-up when the current one leads
    means: dict[str, float]
    p_best: dict[str, float]
    gain: float
    low: float
    high: float
    gains: pd.DataFrame = field(repr=False)  # every strategy minus current: strategy, diff, low, high, n

    def _clear(self, side: str) -> list[str]:
        col, sign = ("low", 1) if side == "better" else ("high", -1)
        return [r.strategy for r in self.gains.itertuples() if sign * getattr(r, col) > 0]

    @property
    def better(self) -> list[str]:
        """Strategies whose paired interval of the difference from the current one is above 0."""
        return self._clear("better")

    @property
    def worse(self) -> list[str]:
        """Strategies whose paired interval is below 0."""
        return self._clear("worse")

    @property
    def switch(self) -> bool:
        """Some strategy is clearly better than the current one."""
        return bool(self.better)

    @property
    def outcome(self) -> str:
        """'switch'; 'keep' (the current one is clearly ahead of every other); 'none' (no strategy is clearly
        better; 'same' when none is distinguishable at all)."""
        if self.switch:
            return "switch"
        others = len(self.means) - 1
        return "keep" if len(self.worse) == others else "same" if not self.worse else "none"

    @property
    def choice(self) -> str:
        """The strategy to run: the clearly better one with the highest mean, else the current one."""
        return max(self.better, key=lambda s: self.means[s]) if self.switch else self.current

    def as_dict(self) -> dict:
        return {"metric": self.metric, "current": self.current, "leader": self.leader, "rival": self.rival,
                "choice": self.choice, "outcome": self.outcome,
                "clearly_better": self.better, "clearly_worse": self.worse,
                "gain": _num(self.gain), "gain_low": _num(self.low),
                "gain_high": _num(self.high), "means": {k: _num(v) for k, v in self.means.items()},
                "probability_best": self.p_best,
                "gains": [{"strategy": r.strategy, "diff": _num(r.diff), "low": _num(r.low), "high": _num(r.high)}
                          for r in self.gains.itertuples()]}


@dataclass
class Decision:
    """:func:`decide`'s answer: the headline metric, the others, and the robustness to parameter draws."""

    metric: str
    current: str
    strategies: list[str]
    replications: int
    seed: int
    by_metric: dict[str, MetricDecision]
    draws: MetricDecision | None = None  # the headline metric over parameter draws
    first_share: dict[str, float] | None = None  # share of draws where each strategy ranks first
    draw_values: list[dict[str, float]] | None = None

    @property
    def headline(self) -> MetricDecision:
        return self.by_metric[self.metric]

    @property
    def changes(self) -> bool | None:
        """Whether the recommendation over parameter draws differs (None without draws)."""
        return None if self.draws is None else self.draws.choice != self.headline.choice

    def as_dict(self, scenario=None) -> dict:
        """Everything, JSON-ready (``scenario``: for the labels of its custom strategies in the verdicts)."""
        out = {"metric": self.metric, "current": self.current, "recommended": self.headline.choice,
               "strategies": self.strategies, "replications": self.replications, "seed": self.seed,
               "method": METHOD, "metrics": {m: d.as_dict() for m, d in self.by_metric.items()},
               "verdict": {lang: verdict(self, lang, scenario) for lang in ("en", "zh")}}
        if self.draws is not None:
            out["parameter_draws"] = {"draws": len(self.draw_values or []), "first_share": self.first_share,
                                      "recommendation_changes": self.changes, **self.draws.as_dict(),
                                      "values": self.draw_values}
        return out


def _num(x) -> float | None:
    return float(x) if x is not None and np.isfinite(x) else None


# ---------------------------------------------------------------- statistics
def _values(runs: pd.DataFrame, metric: str, strategies: Sequence[str]) -> np.ndarray:
    """Replications × strategies matrix of ``metric`` (replications missing any strategy dropped)."""
    df = runs[runs["metric"] == metric]
    if df.empty:
        raise ExperimentError(f"metric {metric!r} is not in the comparison")
    wide = df.pivot(index="replication", columns="strategy", values="value")[list(strategies)]
    return wide.dropna().to_numpy(dtype=float)


def _winners(means: np.ndarray) -> np.ndarray:
    """Rows of ``means`` -> each column's share of first place (ties within 1e-9 share it)."""
    top = means.max(axis=1, keepdims=True)
    tol = 1e-9 * max(1.0, float(np.nanmax(np.abs(means))) if means.size else 1.0)
    best = means >= top - tol
    return (best / best.sum(axis=1, keepdims=True)).mean(axis=0)


def probability_best(values: np.ndarray, seed: int, draws: int = POSTERIOR_DRAWS) -> np.ndarray:
    """Posterior probability that each column has the highest mean (Bayesian bootstrap, paired rows)."""
    n = values.shape[0]
    if n == 0:
        return np.full(values.shape[1], np.nan)
    rng = np.random.default_rng([DECISION_STREAM, int(seed)])
    weights = rng.dirichlet(np.ones(n), size=draws)
    return _winners(weights @ values)


def first_place_share(values: np.ndarray) -> np.ndarray:
    """Share of rows (replications, e.g. parameter draws) in which each column ranks first."""
    return _winners(values)


def _metric_decision(comp: Comparison, metric: str, current: str) -> MetricDecision:
    names = list(comp.strategies)
    v = _values(comp.runs, metric, names)
    means = dict(zip(names, v.mean(axis=0).tolist()))
    leader = max(names, key=lambda s: (means[s], s == current))  # a tie keeps the current one
    p = dict(zip(names, probability_best(v, comp.seed).round(4).tolist()))
    gains = paired_differences(comp.runs[comp.runs["metric"] == metric], current, names)
    gains = gains[["strategy", "diff", "low", "high", "n"]].reset_index(drop=True)
    d = MetricDecision(metric, current, leader, None, means, p, np.nan, np.nan, np.nan, gains)
    others = [s for s in names if s != current]
    d.rival = d.choice if d.switch else leader if leader != current else max(others, key=means.get, default=None)
    row = gains[gains["strategy"] == d.rival]
    if not row.empty:
        d.gain, d.low, d.high = (float(x) for x in row[["diff", "low", "high"]].iloc[0])
    return d


def _decision_metrics(metric: str, also: Sequence[str]) -> list[str]:
    """``metric``, then the others of ``also``; each must be one where more is better."""
    metrics = [metric, *[m for m in also if m != metric]]
    bad = [m for m in metrics if m not in DECISION_METRICS]
    if bad:
        raise ExperimentError(f"cannot decide on {bad[0]!r}: choose one of {', '.join(DECISION_METRICS)} "
                              "(where more is better)")
    return metrics


def decide(comp: Comparison, metric: str = METRIC, current: str | None = None, also: Sequence[str] = ALSO,
           draws: Comparison | None = None, draw_values: list[dict] | None = None) -> Decision:
    """The decision ``comp`` supports on ``metric`` (and ``also``), against ``current`` (default: baseline).

    ``draws``: the same comparison over parameter draws (:func:`sim.draws.compare_draws`), with the
    draw of each replication in ``draw_values``.
    """
    current = comp.baseline if current is None else current
    if current not in comp.strategies:
        raise ExperimentError(f"current strategy {current!r} is not among the strategies compared: "
                              f"{', '.join(comp.strategies)}")
    by_metric = {m: _metric_decision(comp, m, current) for m in _decision_metrics(metric, also)}
    out = Decision(metric, current, list(comp.strategies), comp.replications, comp.seed, by_metric)
    if draws is not None:
        out.draws = _metric_decision(draws, metric, current)
        share = first_place_share(_values(draws.runs, metric, draws.strategies))
        out.first_share = dict(zip(draws.strategies, share.round(4).tolist()))
        out.draw_values = draw_values
    return out


# ---------------------------------------------------------------- words
TEXT = {
    "en": {
        "switch": "Recommended: {rival}. Expected {metric} gain over the current {current}: {gain} "
                  "(paired 95% interval). Probability it is the best of the {n}: {pr}.{note}",
        "note": " {leader} has a higher mean but is not clearly better than {current}: {lgain}.",
        "keep": "Keep the current {current}: it is ahead on {metric}; the best of the others, {rival}, "
                "differs by {gain} (paired 95% interval). Probability {current} is the best of the {n}: {pc}.",
        "same": "No strategy is distinguishable from the current one ({current}) on {metric}: {rival} "
                "differs by {gain}, an interval that covers 0 (probability best: {current} {pc}, {rival} {pr}). "
                "Keep {current}, or run more replications.",
        "none": "No strategy is clearly better than the current one ({current}) on {metric}: {rival} "
                "differs by {gain}, an interval that covers 0 (probability best: {current} {pc}, {rival} {pr}). "
                "Keep {current}, or run more replications.",
        "decision": "Decision", "current": "current", "p_best": "probability of being the best",
        "head": "Decision — {metric}, current: {current}:",
        "mean_of": "mean {metric}", "gain_over": "{metric} − {current} (paired)",
        "first_share": "ranked first in {k} parameter draws",
        "chart": "Each strategy minus the current one ({current}), {metric}: paired mean and 95% interval",
        "method": "How sure: the probability of being the best is a Bayesian bootstrap over the {n} paired "
                  "replications (every strategy met the same customers and luck in each); the gain is the paired "
                  "difference with its 95% interval. They describe the simulation's uncertainty given this "
                  "scenario{draws}, not whether the model fits your business.",
        "method_draws": " and the uncertainty of its parameters (each draw: one replication on parameters drawn "
                        "within their standard errors: {keys})",
        "alone": "Only {current} was run: nothing to compare it with.",
        "draws": "Over {k} parameter draws, first place went to {shares}; the recommendation {change}.",
        "holds": "holds ({choice})",
        "changes": "changes to {choice}",
    },
    "zh": {
        "switch": "建議採用：{rival}。相對目前的{current}，{metric}的預期增益為 {gain}（配對 95% 信賴區間）；"
                  "它在 {n} 個策略中最佳的機率為 {pr}。{note}",
        "note": "{leader}的平均值更高，但並不明顯優於{current}：{lgain}。",
        "keep": "維持目前的{current}：它的{metric}領先；其餘策略中最好的{rival}差異為 {gain}（配對 95% 信賴區間）。"
                "{current}在 {n} 個策略中最佳的機率為 {pc}。",
        "same": "在{metric}上，沒有策略能與目前的{current}區分開：{rival}的差異為 {gain}，區間包含 0"
                "（最佳的機率：{current} {pc}，{rival} {pr}）。維持{current}，或執行更多重複。",
        "none": "在{metric}上，沒有策略明顯優於目前的{current}：{rival}的差異為 {gain}，區間包含 0"
                "（最佳的機率：{current} {pc}，{rival} {pr}）。維持{current}，或執行更多重複。",
        "decision": "決策", "current": "目前策略", "p_best": "最佳的機率",
        "head": "決策 — {metric}，目前策略：{current}：",
        "mean_of": "{metric}平均值", "gain_over": "{metric}：減去{current}（配對）",
        "first_share": "{k} 次參數抽樣中排名第一",
        "chart": "各策略減去目前策略（{current}）的{metric}：配對平均值與 95% 信賴區間",
        "method": "把握有多大：最佳的機率來自對 {n} 次配對重複的貝氏拔靴法（每次重複中各策略面對相同的客戶與運氣）；"
                  "增益是配對差異及其 95% 信賴區間。它們描述的是在此情境{draws}下模擬的不確定性，"
                  "而不是模型是否符合您的業務。",
        "method_draws": "及其參數不確定性（每次抽樣：在標準誤範圍內抽取參數後執行一次重複：{keys}）",
        "alone": "只執行了{current}：沒有可比較的策略。",
        "draws": "在 {k} 次參數抽樣中，排名第一的比例為：{shares}；建議{change}。",
        "holds": "不變（{choice}）",
        "changes": "改為{choice}",
    },
}


def metric_name(metric: str, lang: str, capital: bool = False) -> str:
    """A metric's label without its explanation in brackets (``capital``: first letter upper case)."""
    name = label(metric, lang).split(" (")[0].split("（")[0]
    return name[:1].upper() + name[1:] if capital else name


def _pct(p: dict, s) -> str:
    return f"{p.get(s, float('nan')):.0%}"


def metric_verdict(d: MetricDecision, lang: str = "en", scenario=None) -> str:
    """One metric's answer in plain words."""
    t = TEXT[lang] if lang in TEXT else TEXT["en"]
    name = {s: strategy_label(s, lang, scenario) for s in d.means}
    words = {"leader": name[d.leader], "current": name[d.current], "rival": name.get(d.rival, ""),
             "metric": metric_name(d.metric, lang), "n": len(d.means),
             "gain": format_interval(d.metric, d.gain, d.low, d.high, signed=True),
             "p": _pct(d.p_best, d.leader), "pc": _pct(d.p_best, d.current), "pr": _pct(d.p_best, d.rival)}
    lead = d.gains[d.gains["strategy"] == d.leader]
    words["note"] = "" if d.leader in (d.rival, d.current) or lead.empty else t["note"].format(
        **words, lgain=format_interval(d.metric, *lead[["diff", "low", "high"]].iloc[0], signed=True))
    return t["alone" if d.rival is None else d.outcome].format(**words)


def verdict(dec: Decision, lang: str = "en", scenario=None) -> str:
    """The headline answer, and what parameter draws did to it, in ``lang`` ('en' or 'zh')."""
    label("strategy", lang)  # validates lang
    text = metric_verdict(dec.headline, lang, scenario)
    if dec.draws is None or dec.first_share is None:
        return text
    t = TEXT[lang]
    top = sorted(dec.first_share.items(), key=lambda kv: -kv[1])[:3]
    sep = "、" if lang == "zh" else ", "
    shares = sep.join(f"{strategy_label(s, lang, scenario)} {p:.0%}" for s, p in top if p > 0)
    change = t["changes" if dec.changes else "holds"].format(choice=strategy_label(dec.draws.choice, lang, scenario))
    draws = t["draws"].format(k=len(dec.draw_values or []), shares=shares, change=change)
    return text + ("" if lang == "zh" else " ") + draws


def summary_lines(dec: Decision, lang: str = "en", scenario=None, width: int = 100) -> list[str]:
    """The decision as a short block of text lines (the end of ``python -m sim compare``)."""
    t = TEXT[lang] if lang in TEXT else TEXT["en"]
    wrap = functools.partial(textwrap.wrap, width=width - 2, initial_indent="  ", subsequent_indent="  ")
    best = sorted(dec.headline.p_best.items(), key=lambda kv: -kv[1])
    lines = [t["head"].format(metric=metric_name(dec.metric, lang), current=dec.current),
             *wrap(verdict(dec, lang, scenario)),
             *wrap(t["p_best"] + ("：" if lang == "zh" else ": ") + ", ".join(f"{s} {p:.0%}" for s, p in best))]
    for m, d in dec.by_metric.items():
        if m != dec.metric:
            lines += wrap(f"{metric_name(m, lang, True)}: {metric_verdict(d, lang, scenario)}")
    return lines
