"""The course's cases as experiments: controls, variants, extra metrics and teaching-point checks.

A :class:`Case` says which knobs a trainee may turn, how their values become the *variants* to
compare — each a (scenario, strategy) pair — and which claims the simulation must show for the
teaching point to hold. :meth:`Case.run` runs every variant on the same replication seeds
(:func:`run_variants`) and :func:`check` runs a case's checks and says, with paired 95%
intervals, whether the teaching point shows. The parts: :mod:`sim.ui.case_runs` (runner),
:mod:`sim.ui.claims` (claims and verdicts), :mod:`sim.ui.case_defs` (the cases themselves).

Pure logic: no widget or chart library is imported here (charts: :mod:`sim.viz.cases`,
widgets: :mod:`sim.ui.dashboard`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

import sim
from sim.case_measures import SHARES
from sim.report import write_report
from sim.ui.case_defs import CASES
from sim.ui.case_runs import EXTRAS, REPLICATIONS, Case, CaseResult, run_variants
from sim.ui.claims import Check, Claim, Verdict, evaluate

__all__ = ["CASES", "Case", "CaseResult", "Check", "Claim", "EXTRAS", "REPLICATIONS", "SHARES", "Verdict", "check",
           "evaluate", "export_report", "get_case", "lab_sweep", "run_variants"]


def get_case(key: str) -> Case:
    """The case named ``key`` (a notebook's name without ``.ipynb``, e.g. '03_dealer_phone')."""
    key = key.removesuffix(".ipynb")
    if key not in CASES:
        raise KeyError(f"no case {key!r}; the cases are: {', '.join(CASES)}")
    return CASES[key]


def check(case: "Case | str", replications: int | None = None, overrides: Mapping | None = None) -> Verdict:
    """Run ``case``'s checks and say, claim by claim with 95% intervals, whether they hold;
    ``overrides`` (scenario keys) change every variant's world, e.g. to test what breaks a claim."""
    case = get_case(case) if isinstance(case, str) else case
    rows, results = [], []
    for chk in case.checks:
        res = case.run(chk.values, replications or chk.replications, overrides=overrides)
        results.append(res)
        rows += [evaluate(c, res.comparison) for c in chk.claims]
    return Verdict(case.key, pd.DataFrame(rows), results)


def lab_sweep(values: Mapping | None = None, key: str = "reps.count", points=(3, 5, 8),
              replications: int | None = None, workers: int | None = 1):
    """A small sweep for the strategy lab: the lab's scenario and strategies at each value of ``key``,
    with the lab's replications (``values["replications"]``) unless ``replications`` is given."""
    v = CASES["08_strategy_lab"].validate(values)
    reps = v["replications"] if replications is None else replications
    return sim.sweep(v["scenario"], {key: list(points)}, list(v["strategies"]), replications=reps, workers=workers)


#: where dashboards write reports: the project's ``out/reports`` (ignored by git)
REPORT_DIR = Path(__file__).resolve().parent.parent.parent / "out" / "reports"


def export_report(result: CaseResult, path=None, lang: str | None = None) -> Path:
    """Write the comparison of ``result`` as the offline HTML report (:func:`sim.report.write_report`);
    ``path`` defaults to ``out/reports/<case>-<time>-<process>.html`` in the project."""
    if path is None:
        path = REPORT_DIR / f"{result.case.key}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.html"
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return write_report(result.comparison, result.results, path, lang or sim.get_language())

