"""From a checked transaction log to a calibrated scenario file (``extends: workshop``).

Steps: baskets of the calibration period → per-customer frequency/recency → BG/NBD fit
(purchase-rate and dropout heterogeneity) → simulation search for the market values
(:mod:`sim.calibration.simfit`) → spend and segments (:mod:`sim.calibration.spend`) →
a scenario validated before it is written, with a comment block saying where each
number came from.
"""

from __future__ import annotations

import hashlib
import math
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from sim.calibration import CalibrationError, bgnbd, rfm, simfit
from sim.calibration.io import Transactions
from sim.calibration.simdata import BASE, STRUCTURE, base_scenario
from sim.calibration.twin import routine_norms, twin_table
from sim.calibration.spend import SpendProfile, spend_profile
from sim.io import write_atomic
from sim.scenario import Scenario, ScenarioError, deep_merge, scenario_from_dict
from sim.vocab import SEGMENTS

__all__ = ["ASSUMED_MARGIN", "BASE", "Calibration", "base_scenario", "calibrate", "parse_day", "scenario_text",
           "write_scenario"]

#: the data has revenue, not cost: the margin is the workshop's core product's
ASSUMED_MARGIN = 0.46
PILOT_WEEKS_MAX = 156
#: above this relative standard error the data cannot tell the dropout: churn_scale stays 1
MAX_DROPOUT_RSE = 0.5


@dataclass
class Calibration:
    """A fitted scenario and everything needed to say where its numbers came from."""

    name: str
    source: str
    start: pd.Timestamp
    end: pd.Timestamp
    weeks: float
    customers: int
    transactions: int
    rows_used: int
    rows_after_end: int
    tx: Transactions
    summary: pd.DataFrame  # per customer: n, x, t_x, T, first, last (weeks from start)
    model: bgnbd.BGNBD
    spend: SpendProfile
    match: simfit.SimMatch
    overrides: dict
    scenario: Scenario  # the market values alone (anonymous accounts, as the pilot)
    twin: pd.DataFrame = field(default=None, repr=False)  # per customer, as summary: the twin book's rows


    def standard_errors(self) -> dict[str, float]:
        """Standard errors of the fitted market values from the data's sampling error (delta method).

        The simulation search adds its own noise, about as much again with a pilot book as large
        as the data's.
        """
        return market_standard_errors(self.model, self.match)


def market_standard_errors(m: bgnbd.BGNBD, match: simfit.SimMatch) -> dict[str, float]:
    """See :meth:`Calibration.standard_errors`."""
    mk = match.market
    rate, rate_se = m.mean_rate()
    drop, drop_se = m.mean_dropout()
    return {"purchases_per_year": mk["purchases_per_year"] * rate_se / rate,
            "rate_spread": m.derived(lambda r, alpha, a, b: math.sqrt(math.log1p(1.0 / r)))[1],
            "churn_scale": mk["churn_scale"] * drop_se / drop if match.fit_churn else float("nan")}


#: how each fitted market value is drawn in the scenario's uncertainty: section (sim/uncertainty.py)
DRAWN = {"purchases_per_year": "lognormal", "rate_spread": "normal", "churn_scale": "lognormal"}


def parse_day(text, what: str) -> pd.Timestamp:
    """A day from the command line (e.g. 2024-06-30), or :class:`CalibrationError`."""
    try:
        return pd.Timestamp(text).normalize()
    except (ValueError, TypeError):
        raise CalibrationError(f"{what}: cannot read the date {text!r}; write it like 2024-06-30") from None


def _sig(v: float, digits: int = 4) -> float:
    return float(f"{v:.{digits}g}")


def _overrides(name: str, description: str, n: int, spend: SpendProfile, market: dict, base: dict,
               ses: dict | None = None) -> dict:
    per_rep = base["accounts"]["count"] / base["reps"]["count"]
    defaults = base["accounts"]["size"]
    size = {"sigma": _sig(min(spend.size_sigma, 3.0))}
    size |= {s: _sig(spend.size_medians.get(s, defaults[s])) for s in SEGMENTS}
    return {
        **_book_overrides(name, description, n, spend, size, round(n / per_rep)),
        "products": [{"name": "calibrated", "price": _sig(spend.price), "margin": ASSUMED_MARGIN, "share": 1.0}],
        "market": {**{k: _sig(v) for k, v in market.items()}, "basket_noise": _sig(spend.basket_noise)},
        "uncertainty": _uncertainty(ses or {}),
    }


def _book_overrides(name: str, description: str, n: int, spend: SpendProfile, size: dict, reps: int) -> dict:
    """The calibrated book's own keys: name, accounts (count, segment mix, sizes, structure), reps."""
    return {
        "extends": BASE,
        "name": name,
        "description": description,
        "accounts": {"count": int(n), "segments": {s: _sig(spend.mix[s]) for s in SEGMENTS}, "size": size,
                     **STRUCTURE["accounts"]},
        "reps": {"count": max(1, reps)},
        **{k: v for k, v in STRUCTURE.items() if k != "accounts"},
    }


def _uncertainty(ses: dict) -> dict:
    """The scenario's ``uncertainty`` block: a drawn market value per finite, non-zero standard error."""
    return {f"market.{k}": {"se": _sig(v), "dist": DRAWN[k]} for k, v in ses.items()
            if k in DRAWN and np.isfinite(v) and _sig(v) > 0}


def _validated(overrides: dict, base: dict) -> Scenario:
    raw = deep_merge(base, {k: v for k, v in overrides.items() if k != "extends"})
    return scenario_from_dict(raw, f"<calibrated {overrides['name']}>")


def calibrate(tx: Transactions, calibration_end=None, name: str = "calibrated", pilot_accounts: int = 2000,
              iterations: int = 4, seed: int | None = None, progress: bool = False) -> Calibration:
    """Fit a scenario to the transactions up to ``calibration_end`` (default: the last date)."""
    frame = tx.frame
    start = frame["date"].min()
    end = frame["date"].max() if calibration_end is None else parse_day(calibration_end, "--calibration-end")
    if end < start:
        raise CalibrationError(f"--calibration-end {end:%Y-%m-%d} is before the first transaction ({start:%Y-%m-%d})")
    used = frame[frame["date"] <= end]
    b = rfm.baskets(used)
    weeks = ((end - start).days + 1) / 7.0
    s = rfm.summarise(b["customer"].to_numpy(), rfm.to_weeks(b["date"], start), weeks)
    try:
        model = bgnbd.fit(s["x"], s["t_x"], s["T"])
        spend = spend_profile(b)
    except ValueError as exc:
        raise CalibrationError(f"{tx.source}: cannot calibrate from {start:%Y-%m-%d} to {end:%Y-%m-%d}: {exc} "
                               "(needs customers who bought on at least two different days)") from None
    base = base_scenario()
    seed = base["seed"] if seed is None else seed
    drop, drop_se = model.mean_dropout()
    match = simfit.match(base, simfit.Targets.of(model), min(weeks, PILOT_WEEKS_MAX), pilot_accounts,
                         iterations, seed, fit_churn=bool(drop_se <= MAX_DROPOUT_RSE * drop), progress=progress)
    desc = (f"Calibrated from {Path(tx.source).name}: {len(s):,} customers, {start:%Y-%m-%d} to {end:%Y-%m-%d} "
            "(see the comments at the top of the file).")
    over = _overrides(name, desc, len(s), spend, match.market, base, market_standard_errors(model, match))
    try:
        scenario = _validated(over, base)
    except ScenarioError as exc:
        raise CalibrationError(f"the calibrated scenario is not valid: {exc}") from None
    cal = Calibration(name, tx.source, start, end, weeks, len(s), len(b), len(used), len(frame) - len(used),
                      tx, s, model, spend, match, over, scenario, twin_table(s, model, b, spend))
    with tempfile.TemporaryDirectory() as tmp:
        norms = routine_norms(twin_scenario(cal, write_book(cal, Path(tmp) / "twin.book.csv")), seed)
    over["accounts"].update(norms)
    return cal


# ---------------------------------------------------------------- the file
def _file_hash(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
    except OSError:
        return "?"


def _pm(value: float, se: float) -> str:
    return f"{value:.4g} ± {se:.2g}" if np.isfinite(se) else f"{value:.4g} (no standard error: a bound was hit)"


def _header(cal: Calibration) -> list[str]:
    m, tx, sp, mt = cal.model, cal.tx, cal.spend, cal.match
    se = m.se
    rate, rate_se = m.mean_rate()
    cv, cv_se = m.rate_cv()
    drop, drop_se = m.mean_dropout()
    sigma0 = math.sqrt(math.log1p(1.0 / m.r))
    mk, ses = mt.market, cal.standard_errors()
    last = mt.steps[-1].fitted if mt.steps else None
    dup = {"error": "none found", "drop": f"{tx.duplicates} dropped", "keep": f"{tx.duplicates} kept"}[tx.duplicates_handling]
    lines = [
        f"Calibrated by `python -m sim calibrate` on {date.today():%Y-%m-%d} from {Path(cal.source).name} "
        f"(sha256 {_file_hash(cal.source)}…).",
        f"Data: calibration period {cal.start:%Y-%m-%d} to {cal.end:%Y-%m-%d} ({cal.weeks:.1f} weeks); "
        f"{cal.customers:,} customers; {cal.transactions:,} transactions",
        "  (a customer's purchases on one day count as one transaction); "
        f"{cal.rows_used:,} rows used, {cal.rows_after_end:,} after the period ignored; duplicate rows: {dup}.",
        "",
        "BG/NBD fit (Fader, Hardie & Lee 2005), time in weeks, value ± standard error:",
        f"  purchase rate while alive ~ gamma(r, alpha): r = {_pm(m.r, se['r'])}, alpha = {_pm(m.alpha, se['alpha'])}",
        f"    mean {_pm(rate, rate_se)} per week ({rate * 52:.3g} per year), coefficient of variation {_pm(cv, cv_se)}",
        f"  dropout after a purchase ~ beta(a, b): a = {_pm(m.a, se['a'])}, b = {_pm(m.b, se['b'])}, "
        f"mean {_pm(drop, drop_se)}",
        f"  log-likelihood {m.loglik:.1f}",
        "",
        f"market.purchases_per_year = {mk['purchases_per_year']:.4g} (± {ses['purchases_per_year']:.2g}),",
        f"market.rate_spread = {mk['rate_spread']:.4g} (± {ses['rate_spread']:.2g}; "
        f"read directly: sqrt(log(1 + 1/r)) = {sigma0:.4g}),",
        f"market.churn_scale = {mk['churn_scale']:.4g} (± {ses['churn_scale']:.2g}):" if mt.fit_churn else
        f"market.churn_scale = 1: {BASE}'s churn kept, the data cannot tell the dropout (its standard error "
        f"is over {MAX_DROPOUT_RSE:.0%} of it; a longer period or more customers would).",
        f"  found by simulation so that a book of {mt.accounts:,} accounts ({mt.runs} runs) under "
        f"{simfit.STRATEGY} over {mt.weeks:.0f} weeks,",
        "  refitted by the same BG/NBD, has the data's mean rate, rate CV and mean dropout (sim/calibration/simfit.py).",
        "  ± is the data's sampling error only; the simulation search adds about as much again.",
    ]
    if last is not None:
        lines.append(f"  last pilot refit: mean rate {last.mean_rate:.4g}/week (data {rate:.4g}), CV {last.cv:.3g} "
                     f"(data {cv:.3g}), mean dropout {last.dropout:.3g} (data {drop:.3g}).")
    sizes = ", ".join(f"{s} {v:.3g}" for s, v in sp.size_medians.items())
    lines += [
        "",
        f"products: one product at the median basket, {sp.price:.2f}; margin {ASSUMED_MARGIN} is assumed (not in the data).",
        f"market.basket_noise = {sp.basket_noise:.3g}: sqrt(3) × within-customer s.d. of log basket.",
        f"accounts.size: medians per segment (customer's typical basket / price) {sizes}; "
        f"sigma {min(sp.size_sigma, 3.0):.3g}.",
        f"accounts.segments by {sp.method}: " + ", ".join(f"{s} {sp.mix[s]:.3g}" for s in SEGMENTS) + ".",
    ]
    if sp.labels:
        lines.append("  labels: " + ", ".join(f"{k!r} -> {v}" for k, v in sp.labels.items()) + ".")
    lines += [
        f"accounts.count = the customers; reps.count keeps {BASE}'s accounts per rep; no dealers.",
        f"Everything else is {BASE}'s. See docs/calibration.md.",
    ]
    return lines


def book_path(path: str | Path) -> Path:
    """Where the twin book of the scenario file ``path`` goes: beside it, ``<stem>.book.csv``."""
    p = Path(path)
    return p.with_name(f"{p.stem}.book.csv")


def _with_book(overrides: dict, book: str) -> dict:
    return {**overrides, "accounts": {**overrides["accounts"], "book": book}}


def scenario_text(cal: Calibration, book: str | None = None) -> str:
    """The scenario file: the comment block, then the YAML (``book``: the twin book's file name)."""
    head = "".join(f"# {ln}".rstrip() + "\n" for ln in _header(cal) + _twin_lines(book))
    over = cal.overrides if book is None else _with_book(cal.overrides, book)
    return head + yaml.dump(over, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    """Safe YAML; the weekly norms (lists of numbers) on a few lines each."""


_Dumper.add_representer(list, lambda d, v: d.represent_sequence(
    "tag:yaml.org,2002:seq", v, flow_style=bool(v) and all(isinstance(x, float) for x in v)))


def _twin_lines(book: str | None) -> list[str]:
    if book is None:
        return []
    return ["", f"accounts.book = {book}: the twin of the real book, one row per customer (its id kept): the",
            "  fitted BG/NBD's posterior at the calibration end (P(alive), rate gamma(r + x, alpha + T), dropout",
            "  beta(a, b + x)) and its shrunk typical basket; each replication draws from it (sim/calibration/twin.py)."]


def write_book(cal: Calibration, path: str | Path) -> Path:
    """Write the twin book (CSV) atomically."""
    return write_atomic(path, cal.twin.to_csv(index=False, float_format="%.6g"))


def twin_scenario(cal: Calibration, book: str | Path, overrides: dict | None = None) -> Scenario:
    """The calibrated scenario on the twin book written at ``book`` (validated; ``overrides`` merged)."""
    raw = deep_merge(base_scenario(), {k: v for k, v in _with_book(cal.overrides, str(book)).items() if k != "extends"})
    try:
        return scenario_from_dict(deep_merge(raw, overrides or {}), f"<calibrated {cal.name}>")
    except ScenarioError as exc:
        raise CalibrationError(f"the calibrated scenario is not valid: {exc}") from None


def write_scenario(cal: Calibration, path: str | Path) -> Path:
    """Write the twin book beside ``path`` and the scenario that refers to it (atomically, each validated)."""
    if book_path(path).resolve() == Path(cal.source).resolve():
        raise CalibrationError(f"{book_path(path)}: that is the input file; the twin book would overwrite it: "
                               "choose another scenario name")
    book = write_book(cal, book_path(path))
    twin_scenario(cal, book)
    return write_atomic(path, scenario_text(cal, book.name))
