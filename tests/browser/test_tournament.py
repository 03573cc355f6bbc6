"""Two teams in two browsers join a tournament and play a round; the facilitator's page shows both, shows
the address teams open with its QR code, broadcasts a message every team page shows, and after the last
round every page says the tournament is over.

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
    # a server of one notebook cannot tell where the team page is: the setting says
    facilitator_url = voila(NOTEBOOKS / "11_tournament_facilitator.ipynb", env=dict(env, CRM_DOJO_TEAM_URL=team_url))
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
        address = fac.locator(".crm-fac-team-url a")
        assert address.get_attribute("href") == _with_query(team_url, session=t.code)
        assert fac.locator(".crm-fac-qr svg").count() == 1
        fac.locator(".crm-fac-broadcast input").fill("Round 2 in five minutes")
        fac.locator(".crm-fac-send").click()
        fac.screenshot(path=str(ARTIFACTS / "tournament_facilitator.png"), full_page=True)
        # the teams' pages follow by polling the store: round closed, their leaderboard shows both
        for name, page in teams.items():
            page.locator(".crm-team-status", has_text="closed").wait_for(timeout=TIMEOUT)
            page.locator(".crm-team-leaderboard", has_text="after round 1").wait_for(timeout=TIMEOUT)
            page.locator(".crm-team-broadcast", has_text="Round 2 in five minutes").wait_for(timeout=TIMEOUT)
        teams["Tigers"].screenshot(path=str(ARTIFACTS / "tournament_team.png"), full_page=True)
        assert {r["team"] for r in store.leaderboard(t.code) if r["score"] is not None} == {"Tigers", "Lions"}
        # the last round: nobody submits; every page says it is over and how each team played it
        fac.locator(".crm-fac-next").click()
        fac.locator(".crm-fac-round", has_text="Round 2 of 2 is open").wait_for(timeout=TIMEOUT)
        fac.locator(".crm-fac-close").click()
        fac.locator(".crm-fac-message", has_text="last round").wait_for(timeout=TIMEOUT)
        # the message and the round line are two widgets, updated one after the other: wait for both
        fac.locator(".crm-fac-round", has_text="over after 2 rounds").wait_for(timeout=TIMEOUT)
        for page in teams.values():
            page.locator(".crm-team-status", has_text="over after 2 rounds").wait_for(timeout=TIMEOUT)
            board = page.locator(".crm-team-leaderboard", has_text="after round 2")
            board.wait_for(timeout=TIMEOUT)
            assert "kept the decisions of the round before" in board.inner_text()
            assert "not submitted yet" not in board.inner_text()
    except Exception:
        for name, page in teams.items():
            page.screenshot(path=str(ARTIFACTS / f"tournament_failed_{name}.png"), full_page=True)
        raise
    finally:
        for ctx in contexts:
            ctx.close()
