"""Code that runs in the child processes of tests/test_tournament_store.py (spawned, so importable).

``submit_as_new_team`` loads only the store module (stdlib + sqlite3) by its path, so each of
the 30 writer processes starts in a fraction of a second; ``continue_after_restart`` is a
whole new kernel: it imports ``sim`` and carries on from what the database holds.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

STORE_PY = Path(__file__).resolve().parent.parent / "sim" / "tournament" / "store.py"


def _store_module():
    name = "crm_dojo_store_alone"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, STORE_PY)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


def decisions_of(i: int) -> dict:
    """Distinct decisions for writer ``i``."""
    return {"hours": {"dealers": {"consulting": 4 * (1 + i % 6)}, "profit": {"care": 2 * (i % 5)}},
            "remedies": ["campus_channel"] if i % 2 else [], "note": f"writer {i}"}


def submit_as_new_team(args) -> dict:
    """Join as team ``i``, submit its decisions, then the same again (a double click)."""
    db, code, i = args
    st = _store_module().Store(db, timeout=60)
    team_id, token = st.join(code, f"team {i:02d}")
    first = st.submit(code, token, decisions_of(i))
    again = st.submit(code, token, decisions_of(i))
    return {"i": i, "team_id": team_id, "token": token, "first": first.status, "again": again.status}


def continue_after_restart(args) -> dict:
    """A fresh process: read the leaderboard, open the next round, let a team submit for it."""
    db, code, key, token = args
    from sim.tournament import Store, TeamClient, Tournament

    st = Store(db)
    t = Tournament(st, code, key)
    board = [(r["team"], r["score"]) for r in t.leaderboard()]
    opened = t.next_round()
    team = TeamClient(st, code, token)
    receipt = team.submit(team.game.default_decisions())
    return {"board": board, "opened": opened["opened"], "status": receipt.status, "round": receipt.round,
            "month": team.game.month}
