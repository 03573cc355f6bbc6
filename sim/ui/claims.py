"""A case's teaching point as claims: what the simulation must show, tested with paired 95% intervals.

A :class:`Claim` compares one variant's metric with a baseline's (paired difference over the same
replication seeds) or bounds its mean; a :class:`Check` runs claims at some control values;
:func:`evaluate` tests one claim on a :class:`~sim.experiment.Comparison` and a :class:`Verdict`
shows the rows in words and numbers a report would use ("3.41M [2.16M, 4.67M]", "+2.5 pp").
Pure logic: no widget or chart library is imported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.case_measures import SHARES
from sim.experiment import Comparison, paired_differences
from sim.facts_measures import ratio_interval
from sim.satisfaction_profit import DOUBLE
from sim.tables import format_interval, format_value
from sim.words import text

__all__ = ["NARROWER", "Check", "Claim", "Verdict", "evaluate", "format_claim"]

DIFFERENCES = ("higher", "lower", "same", "narrower")  # ops read on a paired difference
GAINS = ("doubles", "not_double")  # ops read on the paired % gain (ratio of means) over the baseline
#: 'narrower' holds when the paired 95% interval is at most this share of the unpaired (Welch) one
NARROWER = 0.5


def _unit(metric: str) -> str:
    """The metric name the project's formatters know, for a share: one they format as a percentage."""
    return "retention" if metric in SHARES else metric


@dataclass(frozen=True)
class Claim:
    """What the simulation must show: ``variant``'s ``metric`` is 'higher', 'lower' or 'same' as
    ``baseline``'s (paired 95% interval excludes zero / contains it), lies 'within' [low, high]
    (the whole 95% interval of its mean), or its paired interval is 'narrower': at most :data:`NARROWER` (half) as
    wide as the unpaired one; 'doubles' / 'not_double': the whole paired bootstrap 95% interval of its % gain over
    ``baseline`` is at +100% or more / below +100%."""

    variant: str
    metric: str
    op: str
    baseline: str | None = None
    low: float = -np.inf
    high: float = np.inf

    def describe(self, base: str, scenario=None) -> str:
        v, m = text(self.variant, scenario=scenario), text(self.metric)
        if self.op == "within":
            lo, hi = (format_value(_unit(self.metric), x) for x in (self.low, self.high))
            return f"{v}: {m} {text('within')} [{lo}, {hi}]"
        if self.op == "narrower":
            return f"{v} − {text(base, scenario=scenario)}, {m}: {text('narrower')}"
        rel = {"higher": "higher_than", "lower": "lower_than", "same": "same_as", "doubles": "doubles_over",
               "not_double": "not_double_over"}[self.op]
        return f"{v}: {m} {text(rel)} {text(base, scenario=scenario)}"


@dataclass(frozen=True)
class Check:
    """Claims to test at some control values (the rest default) with ``replications``."""

    values: Mapping = field(default_factory=dict)
    claims: tuple[Claim, ...] = ()
    replications: int = 6


def format_claim(row) -> str:
    """A claim row's figure as a report shows it: a signed difference or a mean, with its 95% interval."""
    if row["op"] in GAINS:
        return f"{row['estimate']:+.0f}% [{row['low']:+.0f}%, {row['high']:+.0f}%]"
    return format_interval(_unit(row["metric"]), row["estimate"], row["low"], row["high"],
                           signed=row["op"] in DIFFERENCES)


@dataclass
class Verdict:
    """The outcome of :func:`sim.ui.cases.check`: one row per claim, and whether all of them hold."""

    case: str
    table: pd.DataFrame
    results: list

    @property
    def holds(self) -> bool:
        return bool(self.table["holds"].all())

    @property
    def message(self) -> str:
        bad = self.table[~self.table["holds"]]
        if bad.empty:
            return f"{self.case}: every claim holds"
        lines = [f"{self.case}: {len(bad)} claim(s) not shown by the simulation:"]
        lines += [f"  {r['claim']}: {format_claim(r)}" for _, r in bad.iterrows()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.display_table().to_html(index=False)

    def display_table(self) -> pd.DataFrame:
        """The table with headings, figures and verdicts in the current language."""
        t = self.table
        return pd.DataFrame({
            text("claim"): t["claim"],
            text("estimate_95"): [format_claim(r) for _, r in t.iterrows()],
            text("verdict"): t["holds"].map(lambda h: text("holds") if h else text("not_shown")),
        })


def evaluate(claim: Claim, comp: Comparison) -> dict:
    """Test ``claim`` on ``comp``: its row (claim in words, estimate, 95% interval, whether it holds)."""
    base = claim.baseline or comp.baseline
    if claim.op == "within":
        r = comp.summary[(comp.summary["strategy"] == claim.variant) & (comp.summary["metric"] == claim.metric)]
        r = r.iloc[0]
        holds = bool(claim.low <= r["low"] and r["high"] <= claim.high)
        est, lo, hi = r["mean"], r["low"], r["high"]
    elif claim.op in GAINS:
        est, lo, hi = _gain(comp.runs, claim.variant, base, claim.metric)
        holds = bool(lo >= DOUBLE) if claim.op == "doubles" else bool(hi < DOUBLE)
    else:
        paired = comp.paired if base == comp.baseline else paired_differences(comp.runs, base, comp.strategies)
        r = paired[(paired["strategy"] == claim.variant) & (paired["metric"] == claim.metric)].iloc[0]
        est, lo, hi = r["diff"], r["low"], r["high"]
        if claim.op == "higher":
            holds = bool(lo > 0)
        elif claim.op == "lower":
            holds = bool(hi < 0)
        elif claim.op == "same":
            holds = bool(est == 0 or lo <= 0 <= hi)
        elif claim.op == "narrower":
            holds = bool((hi - lo) <= NARROWER * (r["welch_high"] - r["welch_low"]))
        else:
            raise ValueError(f"unknown claim op {claim.op!r}")
    return {"claim": claim.describe(base, comp.scenario), "variant": claim.variant, "metric": claim.metric,
            "op": claim.op, "baseline": base, "estimate": float(est), "low": float(lo), "high": float(hi),
            "holds": holds}


def _gain(runs: pd.DataFrame, variant: str, base: str, metric: str) -> tuple[float, float, float]:
    """% more ``metric`` in ``variant`` than in ``base`` (ratio of means over the same replications), with
    its paired bootstrap 95% interval."""
    wide = runs[runs["metric"] == metric].pivot(index="replication", columns="strategy", values="value")
    return tuple(100.0 * (x - 1.0) for x in ratio_interval(wide[variant], wide[base]))
