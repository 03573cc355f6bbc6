"""The role-play game's decisions: format, validation and the month's contact plan.

A month's decisions are a small JSON-able mapping::

    {
      "hours": {                      # target -> contact function -> hours this month
        "key":     {"care": 8, "consulting": 12},
        "dealers": {"consulting": 12},
        "A7":      {"service": 4}
      },
      "remedies": ["campus_channel"]  # optional: what a consulting visit offers a dealer
    }

A *target* is one of the played rep's accounts (``"A7"``, ``"7"`` or ``7``) or an account
group (:data:`GROUPS`: ``key``, ``strategic``, ``profit``, ``non_profit`` customers,
``dealers``, ``pipeline``, ``dormant``, ``lost``, ``crisis``, ``customers``, ``all``).
A *function* is one of :data:`sim.vocab.FUNCTIONS`. Hours buy contacts: a contact of a
function takes that function's hours (plus travel for a visit, see :func:`contact_costs`),
so 12 h of consulting (3 h + 1 h travel) are 3 consulting visits. A group's contacts go
to its most overdue accounts first (longest since the last contact, then the most
valuable), one contact per account per week at most, spread over the month's weeks.

The gift and expense budget is spent by the contacts themselves (a care visit brings a
40 gift, a consulting visit costs 60, … — the scenario's ``contacts``): allocating care
visits is allocating the gift budget. The month's hours and money may not exceed the
rep's (hours and budget per week × planning weeks in the month). A ``remedy`` is the
company's help with a dealer's sell-through, started by a consulting visit and charged
per dealer and month (``dealers.campus_channel`` / ``shared_engineers``).

:func:`plan_month` checks decisions against the book as the player sees it and returns a
:class:`MonthPlan` with every error and warning spelled out; a plan with errors cannot be
played (:class:`DecisionError`).
"""

from __future__ import annotations

import math
import re
import reprlib
from dataclasses import dataclass, field

import numpy as np

from sim.game.schedule import account_id, schedule_contacts
from sim.units import WEEKS_PER_MONTH as WPM
from sim.vocab import (
    CUSTOMER, DORMANT, FUNCTIONS, KEY, LOST, NON_PROFIT, OPPORTUNITY, PROFIT, PROSPECT, SEGMENTS, STRATEGIC,
    TARGET, LABELS,
)

__all__ = ["DecisionError", "GROUPS", "MonthPlan", "REMEDIES", "account_id", "contact_costs", "month_weeks",
           "normalise_decisions", "plan_month"]

PLAN_OFFSET = 0.05  # the sales force plans at week + 0.05 (sim.model.reps)

#: account groups a decision can target, in display order
GROUPS = ("key", "strategic", "profit", "non_profit", "dealers", "pipeline", "dormant", "lost", "crisis",
          "customers", "all")
GROUP_HELP = {
    "key": "key-account customers", "strategic": "strategic customers", "profit": "profitable customers",
    "non_profit": "unprofitable customers", "dealers": "dealers (customers or dormant)",
    "pipeline": "prospects, targets and opportunities", "dormant": "dormant accounts (public pool)",
    "lost": "lost accounts (win-back)", "crisis": "accounts in a crisis or with a quality problem",
    "customers": "every customer", "all": "every account that is not lost",
}
REMEDIES = ("campus_channel", "shared_engineers")


class DecisionError(ValueError):
    """Decisions that cannot be played; ``messages`` lists every problem."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


def contact_costs(scenario) -> tuple[np.ndarray, np.ndarray]:
    """Hours (travel included for visits) and money of one contact of each function (as the model uses)."""
    c = [getattr(scenario.contacts, f) for f in FUNCTIONS]
    travel = scenario.reps.travel_hours
    hours = np.array([x.hours + (travel if x.visit else 0.0) for x in c])
    money = np.array([x.money for x in c])
    return hours, money


def month_weeks(month: int, horizon_weeks: int) -> list[int]:
    """The weeks whose plan is made in ``month`` (0-based): plan time ``w + 0.05`` falls in the month."""
    lo, hi = month * WPM, (month + 1) * WPM
    return [w for w in range(max(0, math.floor(lo) - 1), math.ceil(hi) + 1)
            if lo <= w + PLAN_OFFSET < hi and w < horizon_weeks]


# ---------------------------------------------------------------- parsing
_FUNCTION_ALIASES: dict[str, int] = {}
for _lang in LABELS.values():
    for _i, _f in enumerate(FUNCTIONS):
        _FUNCTION_ALIASES[_f] = _i
        _FUNCTION_ALIASES[_lang[_f].lower()] = _i
_FUNCTION_ALIASES.update({"push": FUNCTIONS.index("transaction"), "transaction push": FUNCTIONS.index("transaction"),
                          "info": FUNCTIONS.index("information")})


def _shown(value) -> str:
    """A value in a message: cut short, never a whole payload (or a 400-digit number)."""
    try:
        return reprlib.repr(value)
    except (ValueError, RecursionError):  # an int over Python's 4300-digit repr limit
        return f"a {type(value).__name__}"


_ACCOUNT = re.compile(r"^\s*[Aa]?\s*(\d+)\s*$")


def normalise_decisions(decisions) -> dict:
    """Decisions in the canonical form ``{"hours": {target: {function: hours}}, "remedies": [...]}``.

    Also accepts a list of rows ``[{"target": .., "function": .., "hours": ..}, ...]`` (as
    ``hours``) and ``None`` (no contacts). Shape errors raise :class:`DecisionError`; values
    are checked by :func:`plan_month`.
    """
    if decisions is None:
        return {"hours": {}, "remedies": []}
    if isinstance(decisions, list):
        decisions = {"hours": decisions}
    if not isinstance(decisions, dict):
        raise DecisionError([f"decisions must be a mapping like {{'hours': {{'key': {{'care': 8}}}}}}, "
                             f"got {type(decisions).__name__}"])
    unknown = sorted(set(decisions) - {"hours", "remedies", "note"})
    if unknown:
        raise DecisionError([f"unknown key(s) in decisions: {', '.join(map(str, unknown))}; "
                             "allowed: hours, remedies, note"])
    hours = decisions.get("hours") or {}
    rows: dict[str, dict[str, object]] = {}
    problems = []
    if isinstance(hours, list):
        for k, row in enumerate(hours):
            if not isinstance(row, dict) or not {"target", "function", "hours"} <= set(row):
                problems.append(f"row {k + 1}: a row needs target, function and hours, got {_shown(row)}")
                continue
            cell = rows.setdefault(str(row["target"]).strip(), {})
            fn = str(row["function"]).strip()
            prev = cell.get(fn, 0)
            cell[fn] = _add(prev, row["hours"])
    elif isinstance(hours, dict):
        for target, per_fn in hours.items():
            if not isinstance(per_fn, dict):
                problems.append(f"{target}: give hours per function, e.g. {{'care': 4}}, got {_shown(per_fn)}")
                continue
            rows[str(target).strip()] = {str(f).strip(): h for f, h in per_fn.items()}
    else:
        problems.append(f"hours must be a mapping target -> function -> hours, got {type(hours).__name__}")
    remedies = decisions.get("remedies") or []
    if isinstance(remedies, str):
        remedies = [remedies]
    if not isinstance(remedies, (list, tuple)):
        problems.append(f"remedies must be a list (of {', '.join(REMEDIES)}), got {_shown(remedies)}")
        remedies = []
    for r in remedies:
        if r not in REMEDIES:
            problems.append(f"unknown remedy {_shown(r)}; allowed: {', '.join(REMEDIES)}")
    if problems:
        raise DecisionError(problems)
    out = {"hours": rows, "remedies": sorted(set(remedies), key=REMEDIES.index)}
    if decisions.get("note"):
        out["note"] = str(decisions["note"])[:500]
    return out


def _add(a, b):
    try:
        return float(a) + float(b)
    except (TypeError, ValueError, OverflowError):
        return b  # keeps the bad value for plan_month to report


def _hours_value(v) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, str):
        try:
            v = float(v.strip()[:64] or 0)
        except ValueError:
            return None
    if not isinstance(v, (int, float, np.integer, np.floating)):
        return None
    try:
        v = float(v)
    except OverflowError:  # an int beyond any float (10**400)
        return None
    return v if math.isfinite(v) else None


# ---------------------------------------------------------------- the plan
@dataclass
class PlanLine:
    """One target × function of the decisions and what it buys."""

    target: str
    function: str
    hours: float
    accounts: int = 0
    contacts: int = 0
    hours_used: float = 0.0
    money: float = 0.0


@dataclass
class MonthPlan:
    """Checked decisions for one month: the contacts, week by week, and every message."""

    month: int
    decisions: dict
    weeks: list[int]
    hours_available: float
    budget: float
    lines: list[PlanLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    account: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    function: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    week: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    priority: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def hours_planned(self) -> float:
        return float(sum(ln.hours for ln in self.lines))

    @property
    def hours_used(self) -> float:
        return float(sum(ln.hours_used for ln in self.lines))

    @property
    def money(self) -> float:
        return float(sum(ln.money for ln in self.lines))

    @property
    def contacts(self) -> int:
        return int(self.account.size)

    def raise_if_invalid(self) -> "MonthPlan":
        if self.errors:
            raise DecisionError(self.errors)
        return self

    def summary(self) -> str:
        """One line: hours and money planned against what is available."""
        return (f"month {self.month + 1}: {self.contacts} contacts, {self.hours_planned:g} of "
                f"{self.hours_available:g} h, money {self.money:,.0f} of {self.budget:,.0f}")


def group_members(view, rep: int, group: str) -> np.ndarray:
    """Indices of the played rep's accounts in ``group`` (see :data:`GROUPS`)."""
    st = np.asarray(view.stage)
    mine = (np.asarray(view.rep) == rep) & (st >= 0)
    dealer = np.asarray(view.is_dealer)
    seg = np.asarray(view.segment)
    cust = st == CUSTOMER
    seg_code = {"key": KEY, "strategic": STRATEGIC, "profit": PROFIT, "non_profit": NON_PROFIT}
    if group in seg_code:
        m = cust & ~dealer & (seg == seg_code[group])
    elif group == "dealers":
        m = dealer & ((st == CUSTOMER) | (st == DORMANT))
    elif group == "pipeline":
        m = (st == PROSPECT) | (st == TARGET) | (st == OPPORTUNITY)
    elif group == "dormant":
        m = (st == DORMANT) & ~dealer
    elif group == "lost":
        m = st == LOST
    elif group == "crisis":
        m = (np.asarray(view.in_crisis) | np.asarray(view.quality_problem)) & ((st == CUSTOMER) | (st == DORMANT))
    elif group == "customers":
        m = cust
    elif group == "all":
        m = st != LOST
    else:  # pragma: no cover - callers check the name
        raise KeyError(group)
    return np.flatnonzero(mine & m)


def _urgency_order(view, idx: np.ndarray) -> np.ndarray:
    """``idx`` most overdue first (weeks since contact, then estimated value, then index)."""
    if idx.size == 0:
        return idx
    since = np.asarray(view.weeks_since_contact)[idx]
    value = np.asarray(view.value_estimate)[idx]
    return idx[np.lexsort((idx, -value, -since))]


def _resolve_target(target: str, view, rep: int) -> tuple[np.ndarray | None, str | None]:
    """(accounts, None) or (None, error message) for a target name."""
    key = target.strip()
    if key.lower() in GROUPS:
        return group_members(view, rep, key.lower()), None
    m = _ACCOUNT.match(key)
    mine = np.flatnonzero((np.asarray(view.rep) == rep) & (np.asarray(view.stage) >= 0))
    if not m:
        return None, (f"unknown account or group {_shown(target)}: name an account like {account_id(mine[0]) if mine.size else 'A0'} "
                      f"or a group: {', '.join(GROUPS)}")
    i = int(m.group(1))
    if i >= view.n or view.stage[i] < 0:
        shown = ", ".join(account_id(a) for a in mine[:6]) + (", …" if mine.size > 6 else "")
        return None, f"unknown account {_shown(target)}: your accounts are {shown} ({mine.size} in all)"
    if view.rep[i] != rep:
        return None, f"account {account_id(i)} is not in your book (another rep looks after it)"
    return np.array([i], dtype=np.int64), None


def plan_month(decisions, view, rep: int, month: int, horizon_weeks: int) -> MonthPlan:
    """Check ``decisions`` against the book as the player sees it (``view``: a :class:`BookView`)
    and turn them into this month's contacts, week by week. Never raises for bad values:
    they are listed in ``plan.errors`` (and ``plan.warnings`` for what is only wasteful)."""
    sc = view.scenario
    weeks = month_weeks(month, horizon_weeks)
    per_week_h = sc.reps.hours_per_week * sc.reps.selling_share
    plan = MonthPlan(month=month, decisions={}, weeks=weeks, hours_available=per_week_h * len(weeks),
                     budget=sc.reps.weekly_budget * len(weeks))
    try:
        dec = normalise_decisions(decisions)
    except DecisionError as exc:
        plan.errors += exc.messages
        return plan
    plan.decisions = dec
    if not weeks:
        plan.errors.append(f"month {month + 1} is beyond the end of the game")
        return plan
    h_fn, m_fn = contact_costs(sc)
    wanted: list[tuple[int, np.ndarray, int]] = []  # (line number, accounts, function) per contact round
    for target, per_fn in dec["hours"].items():
        accounts, err = _resolve_target(target, view, rep)
        if err:
            plan.errors.append(err)
            continue
        for fname, raw in per_fn.items():
            fcode = _FUNCTION_ALIASES.get(str(fname).lower())
            if fcode is None:
                plan.errors.append(f"{target}: unknown function {_shown(fname)}; use one of {', '.join(FUNCTIONS)}")
                continue
            hours = _hours_value(raw)
            if hours is None:
                plan.errors.append(f"{target} × {FUNCTIONS[fcode]}: hours must be a number, got {_shown(raw)}")
                continue
            if hours < 0:
                plan.errors.append(f"{target} × {FUNCTIONS[fcode]}: hours cannot be negative, got {hours:g}")
                continue
            if hours == 0:
                continue
            line = PlanLine(target=target, function=FUNCTIONS[fcode], hours=hours, accounts=int(accounts.size))
            plan.lines.append(line)
            if hours > plan.hours_available + 1e-9:  # over the month's hours on its own: reported below, nothing built
                continue
            n = int(math.floor(hours / max(h_fn[fcode], 1e-9) + 1e-9))
            if accounts.size == 0:
                plan.warnings.append(f"{target}: no accounts in this group now; its {hours:g} h of "
                                     f"{FUNCTIONS[fcode]} are not used")
                continue
            if n == 0:
                plan.warnings.append(f"{target} × {FUNCTIONS[fcode]}: {hours:g} h buys no contact "
                                     f"(one takes {h_fn[fcode]:g} h)")
                continue
            order = _urgency_order(view, accounts)
            picks = order[np.arange(n) % order.size]
            wanted.append((len(plan.lines) - 1, picks, fcode))
    planned = plan.hours_planned
    if planned > plan.hours_available + 1e-9:
        plan.errors.append(f"over the hours: you allocated {planned:g} h but the rep has "
                           f"{plan.hours_available:g} h for contacts this month "
                           f"({len(weeks)} weeks × {per_week_h:g} h)")
    money = sum(int(math.floor(min(ln.hours, plan.hours_available) / max(h_fn[FUNCTIONS.index(ln.function)], 1e-9)
                               + 1e-9))
                * m_fn[FUNCTIONS.index(ln.function)] for ln in plan.lines if ln.accounts)
    if money > plan.budget + 1e-9:
        plan.errors.append(f"over the budget: these contacts cost {money:,.0f} in gifts and expenses but the "
                           f"budget is {plan.budget:,.0f} this month ({len(weeks)} weeks × "
                           f"{sc.reps.weekly_budget:,.0f})")
    if plan.errors:
        return plan
    schedule_contacts(plan, wanted, weeks, h_fn, m_fn, per_week_h, sc.reps.weekly_budget)
    return plan


def describe_groups() -> str:
    return "\n".join(f"  {g:<11} {GROUP_HELP[g]}" for g in GROUPS)


SEGMENT_NAMES = SEGMENTS
