"""Code that runs in the child processes of tests/test_tournament_store.py (spawned, so importable).

``submit_as_new_team`` loads only the store's modules (stdlib + sqlite3) from their folder, so each of
the 30 writer processes starts in a fraction of a second; ``continue_after_restart`` is a
whole new kernel: it imports ``sim`` and carries on from what the database holds. Run as a
script, it is one writer of the kill-and-restart test (:func:`submit_and_acknowledge`).
"""

from __future__ import annotations

import importlib
import os
import sys
import time
import types
from pathlib import Path

TOURNAMENT_DIR = Path(__file__).resolve().parent.parent / "sim" / "tournament"
ALONE = "crm_dojo_store_alone"


def _store_module():
    """``sim/tournament/store.py`` and the modules it imports (relatively), without ``sim``: a package
    object whose path is sim/tournament/, so its ``__init__`` (which imports the game) never runs."""
    if ALONE not in sys.modules:
        pkg = types.ModuleType(ALONE)
        pkg.__path__ = [str(TOURNAMENT_DIR)]
        sys.modules[ALONE] = pkg
    return importlib.import_module(f"{ALONE}.store")


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


def decision_k(i: int, k: int) -> dict:
    """Writer ``i``'s ``k``-th decisions (each one different, so each is a new revision)."""
    return {"hours": {"dealers": {"consulting": 4 * (1 + k % 6)}, "profit": {"care": i % 5}},
            "note": f"writer {i} decision {k}"}


def acked(path: Path) -> list[list[str]]:
    """The acknowledgements written so far (a torn last line, cut by the kill, is not one)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return [line.split() for line in text.split("\n")[:-1]]


def submit_and_acknowledge(db: str, code: str, token: str, i: int, ack: Path, n: int, pause: float) -> None:
    """Send decisions ``len(acked)..n-1`` (``pause`` s apart: a team thinking); write each receipt to
    ``ack`` (fsynced) once it came back. Killed at any point and started again, it carries on with
    the first unacknowledged one."""
    st = _store_module().Store(db, timeout=60)
    with open(ack, "a", encoding="utf-8") as f:
        for k in range(len(acked(ack)), n):
            time.sleep(pause)
            r = st.submit(code, token, decision_k(i, k))
            if not r.ok:
                raise SystemExit(f"writer {i}, decision {k}: {r.status}: {r.message}")
            f.write(f"{k} {r.status} {r.revision}\n")
            f.flush()
            os.fsync(f.fileno())


if __name__ == "__main__":  # python tests/tournament_worker.py DB CODE TOKEN I ACKFILE N PAUSE
    a = sys.argv[1:]
    submit_and_acknowledge(a[0], a[1], a[2], int(a[3]), Path(a[4]), int(a[5]), float(a[6]))
