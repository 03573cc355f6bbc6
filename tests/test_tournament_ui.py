"""The tournament pages as widgets (no browser): the address teams open and its QR code, links without
secrets, the facilitator's controls reaching the team pages, the status after the last round, the
export's download link, and the language toggle relabelling every word."""

from __future__ import annotations

import base64
import re

import pytest

from sim.tournament import Store
from sim.ui import tournament_common as common
from sim.ui.game import gtext
from sim.ui.lang import switch_language
from sim.ui.tournament import FacilitatorPage, TeamPage
from sim.ui.tournament_text import TEXT

FAC_PATH = "/voila/render/notebooks/11_tournament_facilitator.ipynb"


@pytest.fixture
def voila_env(monkeypatch):
    """The variables Voila sets for a kernel (voila/handler.py), as for a browser on this machine."""
    for k, v in {"SERVER_NAME": "localhost", "SERVER_PORT": "9050", "SCRIPT_NAME": FAC_PATH,
                 "QUERY_STRING": ""}.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv(common.ENV_TEAM_URL, raising=False)
    monkeypatch.setattr(common, "lan_address", lambda: "192.168.1.20")


@pytest.fixture
def pages(tmp_path, voila_env):
    """A one-round session opened on the facilitator's page and two teams joined on theirs."""
    store = Store(tmp_path / "dojo.sqlite3")
    fac = FacilitatorPage(store, poll_seconds=0, debrief_dir=tmp_path / "out")
    fac.rounds_box.value = 1
    fac.create()
    teams = []
    for name in ("Tigers", "Lions"):
        page = TeamPage(store, code=fac.t.code, poll_seconds=0)
        page.name_box.value = name
        page.join()
        teams.append(page)
    yield fac, teams
    switch_language("en")


def _words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_team_address_is_full_with_this_machines_address(voila_env, monkeypatch):
    """Breaks if the address keeps 'localhost' (other machines cannot open it) or loses path or port."""
    assert common.team_url("K7QF2M") == \
        "http://192.168.1.20:9050/voila/render/notebooks/10_tournament_team.ipynb?session=K7QF2M"
    assert common.page_url("K7QF2M") == f"http://localhost:9050{FAC_PATH}?session=K7QF2M"  # as the browser asked
    monkeypatch.setenv("SCRIPT_NAME", "/")  # a server of one notebook cannot tell where the team page is
    assert common.team_url("K7QF2M") == ""
    monkeypatch.setenv(common.ENV_TEAM_URL, "http://10.0.0.5:8866/")
    assert common.team_url("K7QF2M") == "http://10.0.0.5:8866/?session=K7QF2M"
    monkeypatch.delenv("SERVER_NAME")
    monkeypatch.delenv(common.ENV_TEAM_URL)
    assert common.team_url("K7QF2M") == common.page_url("K7QF2M") == ""  # JupyterLab: no address to show


def test_facilitator_shows_the_team_address_as_link_and_qr_and_the_key_only_once(pages):
    """Breaks if the QR code is not of the team address, a link carries a secret, or the key stays on screen."""
    fac, teams = pages
    url = common.team_url(fac.t.code)
    assert f"href='{url}'" in fac.address.value and common.qr_svg(url) in fac.address.value
    assert common.qr_svg(url) != common.qr_svg(url + "X") and common.qr_svg(url).startswith("<svg")
    key = fac.t.key
    assert key in fac.message.value and f"href='http://localhost:9050{FAC_PATH}?session={fac.t.code}'" in \
        fac.message.value
    fac.refresh_button.click()
    fac.close_round()
    shown = [fac.header.value, fac.address.value, fac.status.value, fac.message.value, fac.board.value]
    assert not any(key in v for v in shown)  # the page may be on the projector
    token_links = re.findall(r"href='([^']*)'", teams[0].message.value)
    assert token_links == [f"http://localhost:9050{FAC_PATH}?session={fac.t.code}"]
    assert teams[0].client.token in teams[0].message.value  # shown to copy, not in the link


def test_pause_timer_and_broadcast_reach_the_team_page(pages):
    """Breaks if a team page misses the facilitator's message, pause or timer."""
    fac, (tigers, _) = pages
    fac.text_box.value = "Five minutes — 還有五分鐘"
    fac.send_button.click()
    fac.pause_button.click()
    fac.timer_box.value = 3
    fac.timer_button.click()
    tigers.refresh()
    assert "Five minutes — 還有五分鐘" in tigers.notice.value
    assert "paused" in tigers.status.value and "3 min left" in tigers.status.value
    assert tigers.view.button.disabled and fac.pause_button.description == "Resume"
    fac.pause_button.click()
    fac.text_box.value = ""
    fac.send_button.click()
    tigers.refresh()
    assert tigers.notice.value == "" and not tigers.view.button.disabled


def test_status_after_the_last_round_says_it_is_over_and_how_each_team_played(pages):
    """Breaks if, after the last round, a team that did not submit reads 'not submitted yet' anywhere."""
    fac, (tigers, lions) = pages
    tigers.view.go()
    fac.close_button.click()
    assert "last round" in fac.message.value and "Lions: played the default plan" in fac.message.value
    assert fac.next_button.disabled and fac.advance_button.disabled and fac.close_button.disabled
    lions.refresh()
    for page_html in (fac.status.value, fac.board.value, lions.status.value, lions.board.value):
        assert "not submitted yet" not in page_html
    assert "over after 1 rounds" in _words(lions.status.value) and "played the default plan" in lions.status.value
    assert "played the default plan" in _words(fac.board.value) and "over after 1 rounds" in fac.status.value


def test_export_writes_where_the_message_says_with_a_download_link(pages, tmp_path):
    """Breaks if the file is elsewhere, the message shows a server path, or the link's file differs."""
    fac, _ = pages
    fac.close_round()
    fac.debrief_button.click()
    name = f"debrief-{fac.t.code}.html"
    path = tmp_path / "out" / name
    assert path.is_file() and f"out/{name}" in fac.message.value and str(tmp_path) not in fac.message.value
    href = re.search(r"download='([^']+)' href='data:text/html;base64,([^']+)'", fac.message.value)
    assert href.group(1) == name and base64.b64decode(href.group(2)) == path.read_bytes()


def test_language_toggle_relabels_every_word_of_both_pages(pages):
    """Breaks if a button, box or status line keeps its English after the switch to 中文, or the other way."""
    fac, (tigers, _) = pages
    fac.text_box.value = "hi"
    fac.broadcast()
    switch_language("zh")
    zh = TEXT["zh"]
    assert [b.description for b in (fac.close_button, fac.next_button, fac.advance_button, fac.pause_button,
                                    fac.send_button, fac.debrief_button)] == \
        [zh[k] for k in ("close", "next", "advance", "pause", "send", "debrief")]
    assert fac.rounds_box.description == zh["rounds"] and tigers.join_button.description == zh["join"]
    assert zh["teams_open"] in fac.address.value and "第 1 回合" in fac.status.value
    assert "第 1 回合" in tigers.status.value and zh["from_facilitator"] in tigers.notice.value
    assert "後排行榜" in tigers.board.value and "重新加入碼" in tigers.message.value
    assert tigers.view.button.description == gtext("submit") == "提交決策"  # the game view's button too
    switch_language("en")
    assert fac.close_button.description == "Close round" and "Round 1 of 1" in tigers.status.value
