"""``benchmarks/room_tournament.py``'s judgement, without a browser: a leaderboard that disagrees with what was
submitted is a problem; ``benchmarks/room.py --tournament`` reaches it. (The tournament itself is played by
tests/browser/test_tournament.py.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "benchmarks"))

from room_tournament import CARRIED, address_ok, round_problems  # noqa: E402  (benchmarks/room_tournament.py)

BOTH = {"Bot01", "Bot02"}


def _result(shown, accepted=BOTH, results=BOTH) -> dict:
    return {"store": {1: {"accepted": set(accepted), "results": set(results)}}, "fac": SimpleNamespace(shown={1: shown})}


def test_a_leaderboard_that_agrees_is_no_problem():
    assert round_problems(1, _result([("Bot02", "✓"), ("Bot01", "✓")]), BOTH, BOTH) == []
    assert round_problems(1, _result([("Bot01", "✓"), ("Bot02", CARRIED)], accepted={"Bot01"}), {"Bot01"}, BOTH) == []


def test_a_leaderboard_that_disagrees_with_the_receipts_or_the_store_is_a_problem():
    cases = [
        (_result([("Bot01", "✓")]), BOTH),  # a row missing
        (_result([("Bot01", "✓"), ("Bot01", "✓"), ("Bot02", "✓")]), BOTH),  # a row twice
        (_result([("Bot01", "✓"), ("Bot02", CARRIED)]), BOTH),  # a submission shown as not made
        (_result([("Bot01", "✓"), ("Bot02", "✓")], accepted={"Bot01"}), BOTH),  # the store lost one
        (_result([("Bot01", "✓"), ("Bot02", "not submitted yet")], accepted={"Bot01"}), {"Bot01"}),  # wrong status
        (_result([("Bot01", "✓"), ("Bot02", "✓")], results={"Bot01"}), BOTH),  # a result missing
    ]
    for r, submitted in cases:
        assert len(round_problems(1, r, submitted, BOTH)) == 1, r["fac"].shown


def test_the_teams_address_must_be_this_servers_team_page_of_the_session():
    assert address_ok("http://10.0.0.5:9100/voila/render/10_tournament_team.ipynb?session=K7QF2M", 9100, "K7QF2M")
    assert not address_ok("http://10.0.0.5:9100/voila/render/10_tournament_team.ipynb?session=OTHER", 9100, "K7QF2M")
    assert not address_ok("http://10.0.0.5:9101/voila/render/10_tournament_team.ipynb?session=K7QF2M", 9100, "K7QF2M")
    assert not address_ok("10_tournament_team.ipynb?session=K7QF2M", 9100, "K7QF2M")


def test_room_py_tournament_dispatches_and_refuses_bad_sizes_in_one_line():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "room.py"), "--tournament", "2", "--rounds", "0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "--rounds R" in proc.stderr and "Traceback" not in proc.stderr
