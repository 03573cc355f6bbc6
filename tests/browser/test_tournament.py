"""Two teams in two browsers join a tournament and play a round; the facilitator's page shows both.

Served by Voila (the ``voila`` fixture of tests/browser/conftest.py), driven by headless
Chromium (the ``browser`` fixture). The database path reaches the kernels through
``$CRM_DOJO_DB``; the session code through the page address, the facilitator key through
its password box (secrets never travel in an address).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("playwright")

from sim.tournament import Store, Tournament  # noqa: E402

from browserkit import ARTIFACTS, INTERACTION_MS, PAGE_LOAD_MS  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
TIMEOUT = INTERACTION_MS


def _with_query(base_url: str, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{base_url}{'&' if '?' in base_url else '?'}{query}"


def test_two_teams_play_a_round_and_the_facilitator_sees_both(browser, voila, tmp_path):
    db = tmp_path / "dojo.sqlite3"
    store = Store(db)
    t = Tournament.create(store, "dealer_phone", rounds=2, seed=1)
    env = {"CRM_DOJO_DB": str(db)}
    team_url = voila(NOTEBOOKS / "10_tournament_team.ipynb", env=env)
    facilitator_url = voila(NOTEBOOKS / "11_tournament_facilitator.ipynb", env=env)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    teams = {}
    contexts = []
    try:
        for name in ("Tigers", "Lions"):
            ctx = browser.new_context()  # one browser profile per team: no shared cookies or storage
            contexts.append(ctx)
            page = ctx.new_page()
            page.goto(_with_query(team_url, session=t.code), timeout=PAGE_LOAD_MS, wait_until="commit")
            page.locator(".crm-join-name input").fill(name, timeout=PAGE_LOAD_MS)
            page.locator(".crm-join-button").click()
            page.locator(".crm-game-go").click(timeout=TIMEOUT)  # the default plan is filled in: submit it
            page.locator(".crm-receipt-accepted").wait_for(timeout=TIMEOUT)
            teams[name] = page
        assert [r["submitted"] for r in store.round_status(t.code)] == [True, True]

        ctx = browser.new_context()
        contexts.append(ctx)
        fac = ctx.new_page()
        fac.goto(_with_query(facilitator_url, session=t.code), timeout=PAGE_LOAD_MS, wait_until="commit")
        fac.locator(".crm-fac-key input").fill(t.key, timeout=PAGE_LOAD_MS)  # the key never goes in the address
        fac.locator(".crm-fac-open").click()
        teams_table = fac.locator(".crm-fac-teams")
        teams_table.wait_for(timeout=PAGE_LOAD_MS)
        for name in teams:
            assert "submitted" in teams_table.locator("tr", has_text=name).inner_text()
        fac.locator(".crm-fac-close").click()
        board = fac.locator(".crm-fac-leaderboard", has_text="after round 1")
        board.wait_for(timeout=TIMEOUT)
        rows = board.locator(".crm-lb-row")
        assert rows.count() == 2
        text = board.inner_text()
        assert "Tigers" in text and "Lions" in text
        fac.screenshot(path=str(ARTIFACTS / "tournament_facilitator.png"), full_page=True)
        # the teams' pages follow by polling the store: round closed, their leaderboard shows both
        for name, page in teams.items():
            page.locator(".crm-team-status", has_text="closed").wait_for(timeout=TIMEOUT)
            page.locator(".crm-team-leaderboard", has_text="after round 1").wait_for(timeout=TIMEOUT)
        teams["Tigers"].screenshot(path=str(ARTIFACTS / "tournament_team.png"), full_page=True)
        assert {r["team"] for r in store.leaderboard(t.code) if r["score"] is not None} == {"Tigers", "Lions"}
    except Exception:
        for name, page in teams.items():
            page.screenshot(path=str(ARTIFACTS / f"tournament_failed_{name}.png"), full_page=True)
        raise
    finally:
        for ctx in contexts:
            ctx.close()
