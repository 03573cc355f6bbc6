"""Two bot teams play a two-round tournament through the room's team pages while the facilitator's page runs
(``benchmarks/room_tournament.py`` at its smallest size, served as ``make workshop SERVER=voila`` does).

What it shows: both teams join and submit; one reloads its page and rejoins with its rejoin code; the
facilitator's page (the session code in its address, the key typed into its password box: secrets never
travel in an address) shows the full address teams open and its QR code, lists both teams as submitted,
closes each round and shows both on the leaderboard; its broadcast message shows on every team page; after
the last round (one team did not submit: it kept the decisions of the round before) every page says the
tournament is over, and every leaderboard agrees with the receipts the pages got and with the store.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("playwright")

sys.path.append(str(Path(__file__).resolve().parents[2] / "benchmarks"))

from browserkit import PAGE_LOAD_MS  # noqa: E402
from conftest import free_port  # noqa: E402
from room_tournament import CARRIED, CHROMIUM, TEAM_PAGE, play  # noqa: E402  (benchmarks/room_tournament.py)


@pytest.fixture(scope="module")
def played():
    """The tournament, played once for the module (in a thread: its asyncio loop is its own, apart from any
    sync Playwright a browser fixture runs)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: run scripts/install_browser.sh (make browser)")
    port = free_port()
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(play, 2, 2, port, PAGE_LOAD_MS / 1000, 1).result(), port


def test_two_teams_play_two_rounds_and_every_leaderboard_agrees(played):
    r, port = played
    assert r["problems"] == []
    bots, fac = r["bots"], r["fac"]
    assert [b.name for b in bots] == ["Bot01", "Bot02"]
    assert all(b.join_s is not None for b in bots)
    assert [len(b.submit_s) for b in bots] == [2, 1]  # Bot02 skips the last round
    assert [b.rejoined for b in bots] == [True, None]  # Bot01 reloaded its page in round 2 and came back
    assert r["blocked"] == []
    # round 1: both submitted, both on the leaderboard with a tick; the store holds both
    assert sorted(fac.shown[1]) == [("Bot01", "✓"), ("Bot02", "✓")]
    assert r["store"][1] == {"accepted": {"Bot01", "Bot02"}, "results": {"Bot01", "Bot02"}}
    # round 2: the team that did not submit kept the decisions of the round before
    assert sorted(fac.shown[2]) == [("Bot01", "✓"), ("Bot02", CARRIED)]
    assert r["store"][2] == {"accepted": {"Bot01"}, "results": {"Bot01", "Bot02"}}
    for b in bots:
        assert sorted(b.final) == sorted(fac.shown[2])  # the team pages show the facilitator's leaderboard
        assert "not submitted yet" not in str(b.final)
        assert b.broadcast  # the facilitator's message shows on every team page


def test_the_facilitator_page_shows_the_teams_address_its_qr_code_and_the_end(played):
    r, port = played
    fac = r["fac"]
    assert fac.qr == 1
    host, _, tail = fac.address.partition(f":{port}/voila/render/")
    assert host.startswith("http://") and tail == f"{TEAM_PAGE}?session={r['code']}"
    assert fac.over  # "last round" in its message, "over after 2 rounds" in its round line
    assert len(fac.scores) == 2 and fac.scores == r["scores"]
    assert len(fac.close_s) == 2
