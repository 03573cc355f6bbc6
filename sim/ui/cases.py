"""The course's cases as experiments: controls, variants, extra metrics and teaching-point checks.

A :class:`Case` says which knobs a trainee may turn, how their values become the *variants* to
compare — each a (scenario, strategy) pair — and which claims the simulation must show for the
teaching point to hold. :meth:`Case.run` runs every variant on the same replication seeds
(:func:`run_variants`) and :func:`check` runs a case's checks and says, with paired 95%
intervals, whether the teaching point shows. The parts: :mod:`sim.ui.case_runs` (runner),
:mod:`sim.ui.claims` (claims and verdicts), :mod:`sim.cases` (the cases themselves, one folder each).

Pure logic: no widget or chart library is imported here (charts: :mod:`sim.cases.charts`,
widgets: :mod:`sim.ui.dashboard`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from sim.case_measures import SHARES
from sim.cases import CASES
from sim.cases.strategy_lab.sweep import lab_sweep
from sim.ui.case_runs import EXTRAS, REPLICATIONS, Case, CaseResult, run_variants
from sim.ui.claims import Check, Claim, Verdict, evaluate

__all__ = ["CASES", "Case", "CaseResult", "Check", "Claim", "EXTRAS", "REPLICATIONS", "SHARES", "Verdict", "check",
           "evaluate", "get_case", "lab_sweep", "run_variants"]


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


