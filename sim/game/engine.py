"""The turn-based role-play game: a trainee plays one rep, a month at a time.

The game runs the ordinary SimPy world (``build_world``) under a :class:`GameStrategy`:
the played rep's weekly plan comes from the month's decisions (checked and spread over
the weeks by :func:`sim.game.decisions.plan_month`); the other reps, if any, follow a
built-in strategy. ``play(decisions)`` runs the world to the end of the month
(``world.run(until=...)``) and returns a :class:`MonthReport`: the news of the month,
KPIs, the book's tier and stage mix. Everything is decisions in, state out — no browser
needed. A game is a pure function of (scenario, seed, decisions): saved as JSON
(:meth:`Game.save`), it is replayed exactly by :meth:`Game.load`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from sim.events import contacts, money
from sim.game.decisions import (
    GROUPS, MonthPlan, DecisionError, account_id, contact_costs, group_members, month_weeks, normalise_decisions,
    plan_month,
)
from sim.game.news import month_news
from sim.game.score import Score, builtin_scores, reference_margin, score_events
from sim.io import write_atomic
from sim.model.world import WEEKS_PER_MONTH, build_world
from sim.results import run_result
from sim.scenario import Scenario, load_scenario, scenario_from_dict, scenario_hash, with_months
from sim.strategies import resolve_strategy
from sim.strategies.base import BookView, Plan, Strategy
from sim.vocab import CUSTOMER, FUNCTIONS, LOST, SEGMENTS, STAGES, TIERS

__all__ = ["Game", "GameStrategy", "MonthReport", "GAME_FORMAT"]

GAME_FORMAT = "crm-dojo-game"
GAME_VERSION = 1


class GameStrategy(Strategy):
    """The played rep follows the month's decisions; the other reps follow a built-in ``others``."""

    name = "game"
    label = "Role-play (your decisions)"

    def __init__(self, others: Strategy, rep: int = 0) -> None:
        self.others = others
        self.rep = int(rep)
        self.price_cut = others.price_cut
        self.indulge = others.indulge
        self.remedies: tuple[str, ...] = ()
        self._weeks: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def load_month(self, plan: MonthPlan) -> None:
        """Take a checked month plan: its contacts by week and its remedies."""
        for w in plan.weeks:
            m = plan.week == w
            self._weeks[w] = (plan.account[m], plan.function[m], plan.priority[m])
        self.remedies = tuple(plan.decisions.get("remedies", ()))

    def plan(self, view: BookView) -> Plan:
        base = self.others.plan(view)
        keep = view.rep[base.account] != self.rep
        acc, fn, prio = self._weeks.pop(view.week, (np.zeros(0, np.int32), np.zeros(0, np.int8), np.zeros(0)))
        return Plan(account=np.concatenate([base.account[keep], acc]).astype(np.int32),
                    function=np.concatenate([base.function[keep], fn]).astype(np.int8),
                    priority=np.concatenate([base.priority[keep], prio]))


@dataclass
class MonthReport:
    """What happened in one month: the decisions played, news, KPIs and mixes."""

    month: int               # 0-based month just played
    decisions: dict
    contacts_planned: int
    warnings: list[str]
    news: list[dict]
    kpis: dict
    tier_mix: dict
    stage_mix: dict

    def to_dict(self) -> dict:
        return {"month": self.month, "decisions": self.decisions, "contacts_planned": self.contacts_planned,
                "warnings": self.warnings, "news": self.news, "kpis": self.kpis, "tier_mix": self.tier_mix,
                "stage_mix": self.stage_mix}


def _check_format(data, source: str) -> None:
    """A game file of this format, of a version this CRM Dojo reads; else a ValueError naming ``source``."""
    if not isinstance(data, dict) or data.get("format") != GAME_FORMAT:
        raise ValueError(f"{source}: not a CRM Dojo game file (format {GAME_FORMAT!r} expected)")
    if int(data.get("version", 0)) > GAME_VERSION:
        raise ValueError(f"{source}: game file version {data.get('version')} is newer than this CRM Dojo "
                         f"reads ({GAME_VERSION})")


class Game:
    """One role-play game: ``Game("dealer_phone", seed=1, months=6)``, then ``play(decisions)`` per month.

    ``rep``: the rep the player plays (0); ``others``: the built-in the other reps follow.
    """

    def __init__(self, scenario: Scenario | str = "dealer_phone", seed: int | None = None, months: int | None = None,
                 rep: int = 0, others: str = "routine_care") -> None:
        sc = load_scenario(scenario) if isinstance(scenario, (str, Path)) else scenario
        self.scenario = with_months(sc, months)
        self.seed = int(self.scenario.seed if seed is None else seed)
        if not 0 <= rep < self.scenario.reps.count:
            raise ValueError(f"rep must be from 0 to {self.scenario.reps.count - 1}, got {rep}")
        self.rep = int(rep)
        self.others = others
        self.strategy = GameStrategy(resolve_strategy(others, self.scenario), self.rep)
        self.world = build_world(self.scenario, self.strategy, self.seed)
        self.month = 0
        self.history: list[dict] = []
        self.reports: list[MonthReport] = []
        self._log_pos = 0
        b = self.world.book
        self._initial_customers = np.flatnonzero((b.stage[: b.n] == CUSTOMER) & (b.rep[: b.n] == self.rep))
        self._ref_per_week = reference_margin(self.world, self.rep, 1.0)

    # ------------------------------------------------------------ info
    @property
    def months(self) -> int:
        return self.scenario.horizon_months

    @property
    def finished(self) -> bool:
        return self.month >= self.months

    @property
    def now(self) -> float:
        return self.world.now

    def view(self) -> BookView:
        """The book as the player sees it now (start of the coming month)."""
        return BookView(self.world, self.world.now)

    def hours_available(self) -> float:
        r = self.scenario.reps
        return r.hours_per_week * r.selling_share * len(month_weeks(self.month, self.world.weeks))

    def budget(self) -> float:
        return self.scenario.reps.weekly_budget * len(month_weeks(self.month, self.world.weeks))

    def _room(self, hours: float, money: float) -> float:
        """The share (at most 1) of ``hours`` and ``money`` that this month's hours and budget allow."""
        return min(1.0, self.hours_available() / max(hours, 1e-9), self.budget() / max(money, 1e-9))

    def contact_table(self) -> pd.DataFrame:
        """Hours (with travel) and money of one contact of each function."""
        h, m = contact_costs(self.scenario)
        return pd.DataFrame({"function": FUNCTIONS, "hours": h, "money": m})

    def accounts(self) -> pd.DataFrame:
        """The played rep's accounts now: id, segment, dealer, stage, tier, rapport, signals."""
        v = self.view()
        idx = np.flatnonzero((np.asarray(v.rep) == self.rep) & (np.asarray(v.stage) >= 0))
        return pd.DataFrame({
            "account": [account_id(i) for i in idx],
            "segment": [SEGMENTS[s] for s in v.segment[idx]],
            "dealer": v.is_dealer[idx],
            "stage": [STAGES[s] for s in v.stage[idx]],
            "tier": [TIERS[t] for t in v.tier[idx]],
            "rapport": np.round(v.rapport[idx], 1),
            "value_per_year": np.round(v.value_estimate[idx], 0),
            "weeks_since_contact": np.round(v.weeks_since_contact[idx], 1),
            "in_crisis": v.in_crisis[idx],
            "quality_problem": v.quality_problem[idx],
            "need": [FUNCTIONS[c] if c >= 0 else "" for c in v.company_need[idx]],
            "stock_cover_weeks": np.round(v.dealer_cover_weeks[idx], 1),
        })

    def groups(self) -> dict[str, int]:
        """Each account group and how many of the played rep's accounts it holds now."""
        v = self.view()
        return {g: int(group_members(v, self.rep, g).size) for g in GROUPS}

    # ------------------------------------------------------------ playing
    def check(self, decisions) -> MonthPlan:
        """Check decisions for the coming month without playing them (errors and warnings in the plan)."""
        if self.finished:
            plan = MonthPlan(self.month, {}, [], 0.0, 0.0)
            plan.errors.append(f"the game is over: all {self.months} months are played")
            return plan
        return plan_month(decisions, self.view(), self.rep, self.month, self.world.weeks)

    def default_decisions(self) -> dict:
        """A plain plan a team gets when it submits nothing: routine contacts spread over the book.

        Per account and month: care twice for key and strategic customers, once for profitable
        ones; service once for each dealer; information once for unprofitable customers;
        intelligence once for the pipeline — scaled down to fit the month's hours and budget.
        """
        g = self.groups()
        h_fn, m_fn = contact_costs(self.scenario)
        wish = [("key", "care", 2), ("strategic", "care", 2), ("profit", "care", 1), ("dealers", "service", 1),
                ("non_profit", "information", 1), ("pipeline", "intelligence", 1)]
        wish = [(t, f, g[t] * k) for t, f, k in wish if g.get(t)]
        hours = sum(n * h_fn[FUNCTIONS.index(f)] for _, f, n in wish)
        money = sum(n * m_fn[FUNCTIONS.index(f)] for _, f, n in wish)
        scale = self._room(hours, money)
        out: dict[str, dict[str, float]] = {}
        for t, f, n in wish:
            k = int(n * scale)
            if k:
                out.setdefault(t, {})[f] = float(k * h_fn[FUNCTIONS.index(f)])
        return {"hours": out, "remedies": []}

    def fit(self, decisions) -> dict:
        """``decisions`` scaled down (whole contacts) to fit this month's hours and budget — e.g. decisions
        carried over from a five-week month into a four-week one. Other errors are left for :meth:`check`."""
        dec = normalise_decisions(decisions)
        h_fn, m_fn = contact_costs(self.scenario)
        cells = [(t, f, FUNCTIONS.index(f) if f in FUNCTIONS else None) for t, per in dec["hours"].items() for f in per]
        try:
            hours = sum(float(dec["hours"][t][f]) for t, f, _ in cells)
            money = sum(int(float(dec["hours"][t][f]) // h_fn[k]) * m_fn[k] for t, f, k in cells if k is not None)
        except (TypeError, ValueError):
            return dec
        scale = self._room(hours, money)
        if scale >= 1.0:
            return dec
        for t, f, k in cells:
            if k is not None:
                n = int(float(dec["hours"][t][f]) * scale // h_fn[k])
                dec["hours"][t][f] = float(n * h_fn[k])
        return dec

    def play_lenient(self, decisions) -> MonthReport:
        """Play decisions that must not stop the game (a tournament round): the default plan for
        ``{"default": true}``; decisions that no longer fit are scaled to fit (:meth:`fit`); anything
        still invalid plays the default plan. Deterministic, so replays match."""
        if isinstance(decisions, dict) and decisions.get("default"):
            return self.play(self.default_decisions())
        try:
            return self.play(decisions)
        except DecisionError:
            pass
        try:
            return self.play(self.fit(decisions))
        except DecisionError:
            return self.play(self.default_decisions())

    def play(self, decisions=None) -> MonthReport:
        """Play the coming month with ``decisions`` (raises :class:`DecisionError` if they are invalid)."""
        if isinstance(decisions, dict) and decisions.get("default"):
            decisions = self.default_decisions()
        plan = self.check(decisions).raise_if_invalid()
        self.strategy.load_month(plan)
        start_pos = len(self.world.log)
        self.world.run(until=(self.month + 1) * WEEKS_PER_MONTH)
        self.history.append(plan.decisions)
        report = self._report(plan, start_pos)
        self.reports.append(report)
        self.month += 1
        return report

    def replay(self, decisions_per_month) -> "Game":
        """Play each month's decisions in turn (returns self)."""
        for d in decisions_per_month:
            self.play(d)
        return self

    # ------------------------------------------------------------ state
    def events(self, since: int = 0) -> dict[str, np.ndarray]:
        cols = self.world.log.columns()
        return {k: v[since:] for k, v in cols.items()} if since else cols

    def _mine(self, ev: dict[str, np.ndarray]) -> np.ndarray:
        acc = ev["account"]
        b = self.world.book
        rep_of = np.where(acc >= 0, b.rep[np.maximum(acc, 0)], -1)
        return (rep_of == self.rep) | (acc < 0)

    def _report(self, plan: MonthPlan, start_pos: int) -> MonthReport:
        ev = self.events(start_pos)
        mine = self._mine(ev)
        ev_m = {k: v[mine] for k, v in ev.items()}
        news = month_news(ev_m, self.world, self.rep)
        return MonthReport(month=self.month, decisions=plan.decisions, contacts_planned=plan.contacts,
                           warnings=list(plan.warnings), news=news, kpis=self.kpis(ev_m), tier_mix=self.tier_mix(),
                           stage_mix=self.stage_mix())

    def kpis(self, month_events: dict | None = None) -> dict:
        """Headline numbers of the played rep's book: totals so far, and this month's when given."""
        ev = self.events()
        mine = self._mine(ev)
        tot = {k: v[mine] for k, v in ev.items()}
        out = {"month": self.month + (1 if month_events is not None else 0), "week": round(self.world.now, 2)}
        out.update(_flows(tot))
        if month_events is not None:
            out.update({f"month_{k}": v for k, v in _flows(month_events).items()})
        b = self.world.book
        out["customers"] = int(((b.stage[:b.n] == CUSTOMER) & (b.rep[:b.n] == self.rep)).sum())
        out["retention"] = self._retention()
        sc = self.score()
        out.update(tier_index=sc.tier_index, score=sc.score)
        return out

    def _retention(self) -> float:
        ic = self._initial_customers
        if ic.size == 0:
            return 1.0
        return float((self.world.book.stage[ic] != LOST).mean())

    def tier_mix(self) -> dict[str, int]:
        """The played rep's current customers by relationship tier."""
        b = self.world.book
        n = b.n
        m = (b.rep[:n] == self.rep) & (b.stage[:n] == CUSTOMER)
        counts = np.bincount(b.tier[:n][m], minlength=len(TIERS))
        return {t: int(c) for t, c in zip(TIERS, counts)}

    def stage_mix(self) -> dict[str, int]:
        """The played rep's accounts by lifecycle stage."""
        b = self.world.book
        n = b.n
        st = b.stage[:n][(b.rep[:n] == self.rep) & (b.stage[:n] >= 0)]
        counts = np.bincount(st, minlength=len(STAGES))
        return {s: int(c) for s, c in zip(STAGES, counts)}

    def score(self) -> Score:
        """The score so far (see :mod:`sim.game.score` for the formula)."""
        return score_events(self.events(), self.world.book.rep, self.rep, self._initial_customers,
                            self._ref_per_week * max(self.world.now, 1e-9), self.world.now)

    def result(self):
        """The world's :class:`~sim.results.RunResult` so far (every rep's events)."""
        return run_result(self.world)

    def compare(self, strategies=None, team: str = "you") -> pd.DataFrame:
        """Your score next to the built-in strategies played on the same scenario and seed, up to now.

        Each built-in runs the whole world (``sim.run``-equivalent) and is scored on the played
        rep's book exactly like the game, cut at the same week.
        """
        rows = [{"player": team, "kind": "team", **self.score().as_dict()}]
        rows += builtin_scores(self.scenario, self.seed, self.rep, strategies, self.world.now)
        return pd.DataFrame(rows).sort_values("score", ascending=False, ignore_index=True)

    # ------------------------------------------------------------ files
    def to_dict(self) -> dict:
        return {
            "format": GAME_FORMAT, "version": GAME_VERSION,
            "scenario": {"name": self.scenario.name, "hash": scenario_hash(self.scenario),
                         "data": self.scenario.model_dump(mode="json")},
            "seed": self.seed, "rep": self.rep, "others": self.others, "months": self.months,
            "decisions": self.history,
            "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }

    def save(self, path: str | Path) -> Path:
        """Write the game (scenario, seed, decisions per month) as JSON, atomically."""
        return write_atomic(path, json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n")

    @classmethod
    def from_dict(cls, data: dict, source: str = "<game>") -> "Game":
        """Rebuild a game by replaying its decisions (same scenario and seed: the same world)."""
        _check_format(data, source)
        s = data["scenario"]
        sc = scenario_from_dict(s["data"], f"{source}: scenario") if s.get("data") else load_scenario(s["name"])
        if s.get("hash") and scenario_hash(sc) != s["hash"]:
            raise ValueError(f"{source}: scenario {s.get('name')!r} has hash {scenario_hash(sc)}, the game was "
                             f"played on {s['hash']}: it would not replay the same")
        game = cls(sc, seed=data["seed"], rep=data.get("rep", 0), others=data.get("others", "routine_care"))
        for k, d in enumerate(data.get("decisions", [])):
            try:
                game.play(d)
            except DecisionError as exc:
                raise ValueError(f"{source}: month {k + 1}: {exc}") from None
        return game

    @classmethod
    def load(cls, path: str | Path) -> "Game":
        path = Path(path)
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")), str(path))


def _flows(ev: dict[str, np.ndarray]) -> dict:
    m, c = money(ev), contacts(ev)
    return {
        "revenue": float(m.revenue.sum()), "gross_margin": float(m.margin.sum()), "care_cost": float(m.care.sum()),
        "acquisition_cost": float(m.acquisition.sum()), "profit": m.profit,
        "contacts": len(c), "answered": int((c.answered == 1).sum()), "hours": float(c.hours.sum()),
    }
