"""Spreading a month's contacts over its weeks (the last step of :func:`sim.game.decisions.plan_month`)."""

from __future__ import annotations

import math

import numpy as np

from sim.vocab import FUNCTIONS

__all__ = ["account_id", "schedule_contacts"]


def account_id(i: int) -> str:
    """Display id of account ``i`` (``A7``)."""
    return f"A{int(i)}"



def schedule_contacts(plan, wanted, weeks, h_fn, m_fn, cap_h: float, cap_m: float) -> None:
    """Spread the contacts over the month's weeks: one per account per week, within each week's hours
    and money; a contact that fits nowhere is dropped with a warning."""
    left_h = {w: cap_h for w in weeks}
    left_m = {w: cap_m for w in weeks}
    busy: dict[int, set[int]] = {}
    acc, fn, wk, prio = [], [], [], []
    too_many: dict[int, int] = {}
    no_room = 0
    rank = 0
    for line_no, picks, fcode in wanted:
        line = plan.lines[line_no]
        for a in picks.tolist():
            used = busy.setdefault(a, set())
            free = [w for w in weeks if w not in used]
            if not free:
                too_many[a] = too_many.get(a, 0) + 1
                continue
            fits = [w for w in free if left_h[w] + 1e-9 >= h_fn[fcode] and left_m[w] + 1e-9 >= m_fn[fcode]]
            if not fits:
                no_room += 1
                continue
            w = max(fits, key=lambda x: (left_h[x], -x))
            left_h[w] -= h_fn[fcode]
            left_m[w] -= m_fn[fcode]
            used.add(w)
            acc.append(a)
            fn.append(fcode)
            wk.append(w)
            prio.append(1e6 - rank)
            rank += 1
            line.contacts += 1
            line.hours_used += float(h_fn[fcode])
            line.money += float(m_fn[fcode])
    for a, k in sorted(too_many.items()):
        plan.warnings.append(f"{account_id(a)} can take at most {len(weeks)} contacts this month (one a week): "
                             f"{k} more dropped")
    if no_room:
        plan.warnings.append(f"{no_room} contact(s) did not fit into any week's hours or money and were dropped")
    for ln in plan.lines:
        fcode = FUNCTIONS.index(ln.function)
        spare = ln.hours - math.floor(ln.hours / max(h_fn[fcode], 1e-9) + 1e-9) * h_fn[fcode]
        if ln.accounts and spare > 1e-9 and ln.hours >= h_fn[fcode]:
            plan.warnings.append(f"{ln.target} × {ln.function}: {ln.hours:g} h buys "
                                 f"{int(ln.hours // h_fn[fcode])} contact(s) of {h_fn[fcode]:g} h; "
                                 f"{spare:g} h left over")
    plan.account = np.asarray(acc, dtype=np.int32)
    plan.function = np.asarray(fn, dtype=np.int8)
    plan.week = np.asarray(wk, dtype=np.int64)
    plan.priority = np.asarray(prio, dtype=float)
