"""The light room pages (``sim.room.light``): settings in the address, the answers, bad input, the room's count.

Served in-process through Starlette's test client (no browser: ``tests/browser/test_solara.py`` opens
them in Chromium). Each test names the change that breaks it.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import parse_qs

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

import sim.vocab
from sim.room import livepages
from sim.room.ahead import Ahead
from sim.room.drawings import Drawings
from sim.room.light import LightRoom
from sim.room.livepages import LivePages
from sim.room.prepare import first_step_jobs
from sim.room.settings import MAX_QUERY, first_steps, light_keys, neighbours, query_of, values_from_query
from sim.room.solara_app import RoomGate
from sim.ui.cases import CASES
from sim.ui.controls_spec import ControlError

CASE = "03_dealer_phone"
DEALER = CASES[CASE]


@pytest.fixture(scope="module")
def light():
    return LightRoom(Drawings(), LivePages(60))


@pytest.fixture(scope="module")
def client(light, tmp_path_factory):
    gate = RoomGate(Starlette(), capacity=3, notebooks=tmp_path_factory.mktemp("nb"), light=light)
    with TestClient(gate) as c:
        yield c


# ------------------------------------------------------------------ settings in the address
@pytest.mark.parametrize("key", light_keys(CASES))
def test_every_setting_survives_the_address(key):
    """Values → query → values is the identity for the defaults and for each neighbour (breaks if a
    kind is written one way and read another, e.g. a bool as 'True', a float rounded)."""
    case = CASES[key]
    assert query_of(case, case.defaults()) == ""
    for _, values in neighbours(case, case.defaults(), reach=2)[:12]:
        q = query_of(case, values, "zh")
        assert values_from_query(case, parse_qs(q)) == case.validate(values)


@pytest.mark.parametrize("query, says", [
    ("push_units=999", r"Units per push: 999 is outside the allowed range 0 to 300"),
    ("push_units=nan", r"Units per push: .*not a number"),
    ("push_units=1e999", r"Units per push: .*not a number"),
    ("push_units=" + "9" * 500, r"Units per push: .*(outside|not a number)"),
    ("bogus=1", r"no control named 'bogus'; the controls are: push_units, downturn_depth"),
    ("campus_channel=maybe", r"Campus channel: 'maybe' must be on or off"),
])
def test_a_bad_setting_names_the_control_and_what_is_allowed(query, says):
    with pytest.raises(ControlError, match=says) as err:
        values_from_query(DEALER, parse_qs(query))
    assert len(str(err.value)) < 200 and "\n" not in str(err.value)  # one line; a long value is not echoed whole


def test_neighbours_come_nearest_first_and_are_all_allowed():
    """Two steps of the first control as near as one of the second, nothing out of range, floats on the
    step (breaks if the order ignores the distance or 0.4 + 0.05 is kept as 0.45000000000000007)."""
    defaults = DEALER.defaults()
    near = neighbours(DEALER, defaults, reach=5)
    distances = [d for d, _ in near]
    assert distances == sorted(distances)
    moved = [next(k for k in v if v[k] != defaults[k]) for _, v in near]
    assert moved[:6] == ["push_units"] * 4 + ["downturn_depth"] * 2
    assert [near[i][1]["push_units"] for i in range(4)] == [130, 110, 140, 100]
    for _, values in near:
        assert DEALER.validate(values) == values
    assert {v["downturn_depth"] for _, v in near} >= {0.45, 0.35, 0.15, 0.65}
    firsts = first_steps(DEALER, 5)
    assert firsts[0] == DEALER.defaults() and sorted(v["push_units"] for v in firsts[1:]) == \
        [70, 80, 90, 100, 110, 130, 140, 150, 160, 170]


def test_the_room_draws_each_cases_first_control_before_it_opens():
    """Every light case at its defaults and five steps either way of its first control, in both
    languages, defaults first (breaks if a language, a case or the defaults are left out)."""
    jobs = first_step_jobs(light_keys(CASES))
    assert {key for key, _, _ in jobs} == set(light_keys(CASES)) and "08_strategy_lab" not in {k for k, _, _ in jobs}
    dealer = [(values, lang) for key, values, lang in jobs if key == CASE]
    assert dealer[:2] == [(DEALER.defaults(), "en"), (DEALER.defaults(), "zh")] and len(dealer) == 22
    assert {lang for _, lang in dealer} == {"en", "zh"}


# ------------------------------------------------------------------ the pages and their answers
def test_the_page_is_one_light_response_in_either_language(client):
    """The whole page, its controls at the address's settings, in English or 中文, no widget framework and
    nothing from the internet (breaks if a label stays English, a value is not applied, a CDN is linked)."""
    en = client.get(f"/voila/render/{CASE}.ipynb")
    zh = client.get(f"/voila/render/{CASE}.ipynb?push_units=150&campus_channel=0&lang=zh")
    assert en.status_code == zh.status_code == 200
    assert "The dealer who switched off his phone" in en.text and "Units per push" in en.text
    assert "代理商關機" in zh.text and "教學要點" in zh.text and "Units per push" not in zh.text
    assert re.search(r'name="push_units"[^>]*value="150"', zh.text)
    assert re.search(r'name="campus_channel" value="1"\s*>', zh.text)  # unchecked
    for page in (en, zh):
        assert not re.search(r"(src|href)=\"https?://", page.text) and "require.js" not in page.text
        assert len(page.content) < 400_000


def test_a_moved_control_gets_its_chart_and_a_bad_one_a_line(client, light):
    """The chart follows the settings, and the room draws each setting once (breaks if the answer ignores
    a setting, or a second page's same move draws again)."""
    first = client.get(f"/room/chart/{CASE}?push_units=200&lang=en").json()
    again = client.get(f"/room/chart/{CASE}?push_units=200&lang=en").json()
    other = client.get(f"/room/chart/{CASE}?push_units=200&lang=zh").json()
    assert "<svg" in first["svg"] and first == again and other["svg"] != first["svg"]
    assert "replications × 3 variants" in first["status"] and "次重複" in other["status"]
    assert first["report"] == f"/room/report/{CASE}?push_units=200&lang=en"
    bad = client.get(f"/room/chart/{CASE}?push_units=-5&lang=zh")
    assert bad.status_code == 400 and "300" in bad.json()["error"] and "allowed" not in bad.json()["error"]
    assert client.get(f"/room/chart/{CASE}?lang=fr").json()["error"].endswith("must be one of en, zh")
    long = client.get(f"/room/chart/{CASE}?push_units={'1' * (MAX_QUERY + 10)}")
    assert long.status_code == 400 and f"at most {MAX_QUERY}" in long.json()["error"]
    assert client.get("/room/chart/no_such_case").status_code == 404
    assert len(light.timings["chart"]) >= 3


def test_the_report_downloads_and_writes_nothing(client, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = client.get(f"/room/report/{CASE}?push_units=200&lang=zh")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert "<html" in r.text.lower() and "策略比較" in r.text  # the report, in the page's language
    assert list(tmp_path.iterdir()) == []


def test_the_room_counts_light_pages_and_turns_the_newcomer_away(client, light):
    """Capacity 3: three pages open, the fourth gets the bilingual 503; a page that leaves frees its
    place (breaks if light pages are not counted, or the beacon does not let go)."""
    for page in list(light.pages.last):
        light.pages.left(page)
    pages = [client.get(f"/voila/render/{CASE}.ipynb") for _ in range(3)]
    assert all(p.status_code == 200 for p in pages) and client.get("/room/pages").json()["pages"] == 3
    full = client.get(f"/voila/render/{CASE}.ipynb")
    assert full.status_code == 503 and "教室已滿" in full.text
    page = re.search(r'data-page="([^"]+)"', pages[0].text).group(1)
    assert client.post(f"/room/alive/{page}").status_code == 204
    assert client.post(f"/room/left/{page}").status_code == 204
    assert client.post(f"/room/alive/{page}").status_code == 410
    assert client.get(f"/voila/render/{CASE}.ipynb").status_code == 200


def test_a_page_without_a_heartbeat_is_let_go(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(livepages.time, "monotonic", lambda: now[0])
    pages = LivePages(cull_s=60)
    a, b = pages.open(), pages.open()
    now[0] += 45
    assert pages.alive(a) and pages.count() == 2
    now[0] += 30  # b silent for 75 s, a for 30 s
    assert pages.count() == 1 and pages.alive(a) and not pages.alive(b)
    assert pages.beat_s == 20 and LivePages(cull_s=6).beat_s == 2


# ------------------------------------------------------------------ drawing ahead, one language per thread
def test_ahead_draws_the_nearest_of_the_newest_page_first():
    """Queued once; the other language of the same settings and one step of the first control first; a
    newer page's neighbours before an older page's at the same distance (breaks on FIFO order)."""
    ahead = Ahead(start=False)
    defaults = DEALER.defaults()
    assert ahead.want(CASE, defaults, "en") > 0 and ahead.want(CASE, defaults, "en") == 0
    moved = {**defaults, "push_units": 200}
    ahead.want(CASE, moved, "en")
    order = [ahead.next(timeout=0) for _ in range(4)]
    assert order[0] == (CASE, moved, "zh") or order[0][1]["push_units"] in (190, 210)
    assert all(values["push_units"] >= 190 for _, values, _ in order[:3])
    assert ahead.next(timeout=0) is not None


def test_the_language_is_per_thread_outside_pages():
    """The light pages' threads each keep their own language (breaks if one thread's 中文 is everyone's;
    importing ``sim.room.solara_app`` installed the per-page switch, as in the room's server)."""
    seen, both = {}, threading.Barrier(2)

    def speak(lang):
        sim.vocab.set_language(lang)
        both.wait()
        seen[lang] = sim.vocab.get_language()

    threads = [threading.Thread(target=speak, args=(lang,)) for lang in ("en", "zh")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"en": "en", "zh": "zh"}


def test_a_page_with_a_bad_setting_shows_the_defaults_and_why_in_its_language(client, light):
    """Breaks if a bad address fails the page, or loses the page's language for the message."""
    for page in list(light.pages.last):  # room for it (capacity 3)
        light.pages.left(page)
    page = client.get(f"/voila/render/{CASE}.ipynb?push_units=5000&lang=zh")
    assert page.status_code == 200 and "crm-dojo-error" in page.text and "無法執行" in page.text
    assert re.search(r'name="push_units"[^>]*value="120"', page.text) and "5000" in page.text


def test_the_trainer_sees_who_is_in_and_where(client, light):
    """The status page counts the open pages per case and says when the room is full (breaks if a
    page is not counted on its case, or a left page still is)."""
    for page in list(light.pages.last):
        light.pages.left(page)
    client.get(f"/voila/render/{CASE}.ipynb")
    client.get("/voila/render/00_tour.ipynb")
    status = client.get("/room/status").text
    assert "Pages open · 開啟的頁面: <b>2</b> of · 上限 3" in status
    dealer = re.search(r"03 · The dealer who switched off his phone · 代理商關機</td><td class=\"n\">(\d+)", status)
    assert dealer and dealer.group(1) == "1"
    client.get(f"/voila/render/{CASE}.ipynb")
    assert "the room is full" in client.get("/room/status").text
    assert 'href="/room/status"' in client.get("/").text
