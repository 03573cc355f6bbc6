"""The case runner: variants compared on the same replication seeds, with the cases' extra metrics.

:func:`run_variants` runs each (scenario, strategy) variant on the same replication seeds (common
random numbers, as :func:`sim.compare` does); a :class:`Case` says which knobs a trainee may turn
(:class:`~sim.ui.controls_spec.Control`), how their values become the variants, and which claims
(:mod:`sim.ui.claims`) must hold; :meth:`Case.run` gives a :class:`CaseResult`.
Pure logic: no widget or chart library is imported here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

import sim
from sim.cache import cached
from sim.case_measures import dealer_answer_rate, opportunities, stage_moves
from sim.experiment import Comparison, ExperimentError, Task, paired_differences, run_tasks, summarise, tidy_runs
from sim.facts_measures import tier_mix, whale, win_back_rate
from sim.results import RunResult, rep_people
from sim.scenario import Scenario, deep_merge, scenario_from_dict
from sim.ui.claims import Check
from sim.ui.controls_spec import Control, ControlError, check_value
from sim.words import fmt
from sim.vocab import PROSPECT, TARGET

__all__ = ["Case", "CaseResult", "EXTRAS", "REPLICATIONS", "Variants", "run_variants"]

Variants = dict[str, tuple[Scenario, str]]

#: the replications control every case has (dashboards stay quick with a few)
REPLICATIONS = dict(low=2, high=12)


# ---------------------------------------------------------------- extra metrics (of one run)
def _tiers(res: RunResult) -> tuple[float, float, float]:
    if "tier_mix" not in res.meta:
        res.meta["tier_mix"] = tier_mix(res)
    return res.meta["tier_mix"]


def _whale(res: RunResult) -> tuple[float, float]:
    if "whale" not in res.meta:
        res.meta["whale"] = whale(res)
    return res.meta["whale"]


#: name -> f(run, its summary row) for metrics beyond :data:`sim.METRICS`
EXTRAS: dict[str, Callable[[RunResult, dict], float]] = {
    "lifetime_value": lambda res, row: row["profit_total"] + row["customer_equity"],
    "dealer_answer_rate": lambda res, row: dealer_answer_rate(res),
    "acquaintances_per_100": lambda res, row: _tiers(res)[0],
    "friends_per_100": lambda res, row: _tiers(res)[1],
    "confidants_per_100": lambda res, row: _tiers(res)[2],
    "win_back_rate": lambda res, row: win_back_rate(res),
    "top20_share": lambda res, row: _whale(res)[0],
    "total_share": lambda res, row: _whale(res)[1],
    "opportunities": lambda res, row: opportunities(res),
    "qualified": lambda res, row: stage_moves(res, PROSPECT, TARGET),
    "rep_satisfaction": lambda res, row: float(rep_people(res)["satisfaction"].mean()),
}
def run_variants(variants: Mapping[str, tuple[Scenario, str]], replications: int, seed: int | None = None,
                 extras: tuple[str, ...] = (), baseline: str | None = None, workers: int | None = 1) -> Comparison:
    """Run each (scenario, strategy) variant on the same replication seeds and compare them.

    Like :func:`sim.compare` (same seeds, same tables: ``runs``, ``summary``, ``paired``,
    ``results`` of replication 0), but the variants may differ in their scenario too, and
    each run also gets the ``extras`` metrics (names in :data:`EXTRAS`). ``workers``: as in
    :func:`sim.compare` (1: in this process; 2+: the session's pool of worker processes).
    With ``$CRM_DOJO_CACHE`` set, each setting is computed once for every kernel (:mod:`sim.cache`).
    """
    inputs = (dict(variants), replications, seed, tuple(extras), baseline)
    return cached("variants", inputs, lambda: _run_variants(variants, replications, seed, extras, baseline, workers))


def _run_variants(variants, replications, seed, extras, baseline, workers) -> Comparison:
    t0 = time.perf_counter()
    names = list(variants)
    if not names:
        raise ExperimentError("no variants to run")
    first = variants[names[0]][0]
    seed = first.seed if seed is None else seed
    unknown = [m for m in extras if m not in EXTRAS]
    if unknown:
        raise ExperimentError(f"unknown extra metric {unknown[0]!r}; known: {', '.join(EXTRAS)}")
    # variant v's replications are tasks at grid point v: each variant's replications run as lanes of one world
    tasks = [Task(variants[name][1], i, sim.replication_seed(seed, i), point=v)
             for i in range(replications) for v, name in enumerate(names)]
    outs = run_tasks([variants[name][0] for name in names], tasks, progress=False,
                     keep=lambda t: bool(extras) or t.replication == 0, workers=workers, whole_groups=True)
    rows, results = [], {}
    for task, out in zip(tasks, outs):
        name = names[task.point]
        row = {**out.row, "strategy": name}
        row.update({m: float(EXTRAS[m](out.result, row)) for m in extras})
        rows.append(row)
        if task.replication == 0:
            results[name] = out.result
    runs = tidy_runs(pd.DataFrame(rows))
    base = names[0] if baseline is None else baseline
    return Comparison(scenario=first, strategies=names, baseline=base, seed=seed, replications=replications,
                      runs=runs, summary=summarise(runs, names), paired=paired_differences(runs, base, names),
                      results=results, elapsed=time.perf_counter() - t0)



@dataclass
class CaseResult:
    """One run of a case: the control values, the variants' scenarios and the comparison."""

    case: "Case"
    values: dict
    scenarios: dict[str, Scenario]
    comparison: Comparison

    @property
    def results(self) -> dict[str, RunResult]:
        """The full run of replication 0 of each variant."""
        return self.comparison.results


@dataclass(frozen=True)
class Case:
    """A course case: controls, how their values become variants, the metrics to show, the checks."""

    key: str
    title: Mapping[str, str]
    point: Mapping[str, str]
    controls: tuple[Control, ...]
    variants: Callable[[dict], Variants]
    metrics: tuple[str, ...]
    extras: tuple[str, ...] = ()
    replications: int = 3
    checks: tuple[Check, ...] = ()

    @property
    def all_controls(self) -> tuple[Control, ...]:
        """The case's controls plus the number of replications."""
        reps = Control("replications", "int", self.replications, step=1, label="replications", **REPLICATIONS)
        return (*self.controls, reps)

    def control(self, name: str) -> Control:
        for c in self.all_controls:
            if c.name == name:
                return c
        raise ControlError(fmt("unknown_control", name=name, names=", ".join(c.name for c in self.all_controls)))

    def defaults(self) -> dict:
        return {c.name: c.default for c in self.all_controls}

    def validate(self, values: Mapping | None = None) -> dict:
        """All control values, defaults filled in, each checked (:class:`ControlError` if not allowed)."""
        out = self.defaults()
        for name, value in (values or {}).items():
            out[name] = check_value(self.control(name), value)
        return out

    def run(self, values: Mapping | None = None, replications: int | None = None,
            workers: int | None = 1, overrides: Mapping | None = None) -> CaseResult:
        """Run the variants at ``values`` (validated first: bad input fails before anything runs);
        ``workers`` as in :func:`run_variants`; ``overrides`` (scenario keys) change every variant's world."""
        v = self.validate(values)
        reps = v["replications"] if replications is None else replications
        variants = self.variants(v)
        if overrides:
            variants = {k: (_overridden(sc, overrides), s) for k, (sc, s) in variants.items()}
        comp = run_variants(variants, reps, extras=self.extras, workers=workers)
        return CaseResult(self, v, {k: sc for k, (sc, _) in variants.items()}, comp)


def _overridden(scenario: Scenario, overrides: Mapping) -> Scenario:
    """``scenario`` with ``overrides`` merged in (validated like a scenario file)."""
    return scenario_from_dict(deep_merge(scenario.model_dump(), dict(overrides)), f"{scenario.name} (overridden)")
