"""sim.room: the capacity holds under a burst, the landing page lists the cases, bad options say why;
the one-process room (Solara) keeps each page's language its own, draws each chart once for a burst,
serves, redraws and refuses past its capacity."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from simhelp import assert_room_of_two_for_one, free_port
from solara.server import kernel_context
from tornado.web import HTTPError

import sim.ui.lang
import sim.vocab
from sim import cache
from sim.cases import CASES
from sim.room import kernels, perpage, prepare, serve
from sim.room.drawings import Drawings
from sim.room.landing import FACILITATOR, first_sentence, landing_entries
from sim.room.prepare import landing_data
from sim.ui import case_runs
from sim.ui.cases import get_case

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workshop" / "voila" / "templates" / serve.TEMPLATE


def _run(coro):
    """``asyncio.run`` in a thread of its own: in the whole suite the browser tests' session-wide
    Playwright (sync API) keeps an event loop running in the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_capacity_refuses_the_newcomer_of_a_burst(monkeypatch):
    """Three page loads at once with room for two: two kernels start, the third gets a 503."""
    started: list[str] = []

    async def slow_start(self, *args, kernel_id=None, **kwargs):
        await asyncio.sleep(0.05)  # a kernel takes a while: the burst arrives before any is registered
        started.append(f"k{len(started)}")
        return started[-1]

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", slow_start)
    monkeypatch.setattr(kernels.RoomKernelManager, "list_kernel_ids", lambda self: list(started))
    km = kernels.RoomKernelManager(capacity=2)

    async def burst():
        return await asyncio.gather(*(km.start_kernel() for _ in range(3)), return_exceptions=True)

    outcomes = _run(burst())
    refused = [o for o in outcomes if isinstance(o, HTTPError)]
    assert len(started) == 2 and len(refused) == 1 and refused[0].status_code == 503
    assert km.in_use() == 2  # the refused one left no count behind


def test_no_capacity_means_no_limit(monkeypatch):
    async def start(self, *args, kernel_id=None, **kwargs):
        return "k"

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", start)
    monkeypatch.setattr(kernels.RoomKernelManager, "list_kernel_ids", lambda self: ["a"] * 500)
    assert _run(kernels.RoomKernelManager().start_kernel()) == "k"


def test_landing_lists_the_cases_in_both_languages_not_the_facilitator():
    entries = landing_entries(ROOT / "notebooks")
    keys = [e["key"] for e in entries]
    assert keys[0] == "00_tour" and "03_dealer_phone" in keys and "09_roleplay" in keys
    assert FACILITATOR not in keys
    for e in entries:
        assert e["title"]["en"] and e["title"]["zh"] and e["point"]["en"] and e["point"]["zh"]
        assert ". " not in e["point"]["en"] and "。" not in e["point"]["zh"][:-1]  # one sentence


def test_first_sentence():
    assert first_sentence("One. Two.") == "One." and first_sentence("一。二。") == "一。"
    assert first_sentence("no stop") == "no stop"


def _render(name: str, **ns) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE)), autoescape=True)
    return env.get_template(name).render(base_url="/", **ns)


def test_the_landing_page_shows_titles_and_links_and_nothing_from_the_internet():
    page = _render("tree.html", **landing_data(ROOT / "notebooks"))
    assert "The dealer who switched off his phone" in page and "代理商關機" in page
    assert 'href="/voila/render/03_dealer_phone.ipynb"' in page
    before, trainer = page.rsplit("crm-dojo-trainer", 1)
    assert "11_tournament_facilitator" not in before and "11_tournament_facilitator.ipynb" in trainer
    assert "http" not in page.replace('http-equiv', '')


def test_the_room_full_page_is_bilingual_and_retries():
    page = _render("error.html", status_code=503, status_message="x", message="")
    assert "retry in a minute" in page and "教室已滿" in page and 'http-equiv="refresh" content="60"' in page
    other = _render("error.html", status_code=404, status_message="Not Found", message="")
    assert "404: Not Found" in other and "教室已滿" not in other


def test_the_notebook_page_drops_the_cdn_links():
    text = (TEMPLATE / "index.html.j2").read_text()
    assert "cdn.jsdelivr.net/npm" not in text.split("-#}", 1)[1] and "super.super()" in text


def test_voila_argv_is_what_the_room_runs():
    argv = serve.voila_argv(ROOT / "notebooks", "127.0.0.1", 8900, 40, 60)
    assert "--RoomKernelManager.capacity=40" in argv and "--MappingKernelManager.cull_idle_timeout=60" in argv
    assert f"--template={serve.TEMPLATE}" in argv and (ROOT / "workshop" / "voila" / "templates").is_dir()


@pytest.mark.parametrize("args, says", [(["--port", "0"], "--port 0"), (["--capacity", "-1"], "--capacity -1"),
                                        (["--notebooks", "nowhere"], "not a folder"),
                                        (["--workers", "2"], "Solara runs every page in its one process"),
                                        (["--drawers", "-1"], "--drawers -1")])
def test_bad_options_say_why_in_one_line(args, says, monkeypatch, capsys):
    """``python -m sim.room`` (its ``main``, in this process) refuses a bad option with exit 2 and a reason."""
    def past_the_checks(*_, **__):
        raise AssertionError(f"{args}: the room started preparing instead of refusing")

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(serve, "prepare", past_the_checks)
    with pytest.raises(SystemExit) as stop:
        serve.main(args)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and says in err and "Traceback" not in err


def test_prepare_prewarms_each_listed_case_into_the_shared_cache(tmp_path, monkeypatch, capsys):
    """``python -m sim.room.prepare NOTEBOOKS --prewarm`` (how the room starts) runs each listed case
    at its defaults into the cache; that case's first run afterwards is read, not computed."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "03_dealer_phone.ipynb", notebooks)
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(tmp_path / "cache"))
    assert prepare.main([str(notebooks), "--prewarm"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["prewarmed"] == 1 and [e["key"] for e in data["crm_cases"]] == ["03_dealer_phone"]

    def must_not_run(*args, **kwargs):
        raise AssertionError("the case computed what the prewarm had stored")

    monkeypatch.setattr(case_runs, "_run_variants", must_not_run)
    case = get_case("03_dealer_phone")
    assert case.run(case.defaults(), workers=1).comparison is not None


# ------------------------------------------------------------------ the room in one process (Solara)
def test_the_language_is_per_page_in_one_process(monkeypatch):
    """Two Solara pages (virtual kernels) in one process: 中文 on one leaves the other in English,
    and only the switching page's dashboards are told; outside a page, one process-wide switch."""
    for module, name in ((sim.vocab, "_language"), (sim.ui.lang, "_callbacks"), (sim.ui.lang, "_toggles")):
        monkeypatch.setattr(module, name, getattr(module, name))  # restored after the test
    perpage.install()
    pages = {k: SimpleNamespace(user_dicts={}) for k in "ab"}
    told: dict[str, list] = {"a": [], "b": []}
    callbacks = {k: (lambda lang, k=k: told[k].append(lang)) for k in "ab"}  # held here: registered weakly

    def on(page):
        kernel_context.set_current_context(pages[page])

    try:
        for k in "ab":
            on(k)
            sim.ui.lang.on_language_change(callbacks[k])
        on("a")
        sim.ui.lang.switch_language("zh")
        assert sim.vocab.get_language() == "zh" and told == {"a": ["zh"], "b": []}
        on("b")
        assert sim.vocab.get_language() == "en"
    finally:
        kernel_context.set_current_context(None)
    assert sim.vocab.get_language() == "en"  # outside every page


def test_solara_room_serves_redraws_and_refuses_past_capacity():
    """The room as ``make workshop`` serves it (one Solara process): of two pages opened at once
    with room for one, one shows its chart and redraws it when its slider moves, the other gets the
    bilingual "room is full" page; no request leaves 127.0.0.1, the server logs no error and a left
    page's kernel is gone (the figures' speed is not asserted)."""
    if not os.access("/usr/bin/chromium", os.X_OK):
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("/usr/bin/chromium not found: run scripts/install_browser.sh")
        pytest.skip("/usr/bin/chromium not found: run scripts/install_browser.sh")
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "room.py"), "--server", "solara", "--n", "2",
                           "--capacity", "1", "--linger", "5", "--port", str(free_port()), "--no-prewarm", "--timeout", "300"],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    text = proc.stdout
    assert proc.returncode == 0, text[-2000:] + proc.stderr[-3000:]
    assert_room_of_two_for_one(text)
    assert re.search(r"every page open: 1 pages held, \d+ processes, RSS [\d,]+ MB", text)
    assert re.search(r"5 s after every page closed: 0 pages held", text)
    listed = len(CASES) + 1  # every case, and the role-play game (the tournament stays on Voila)
    assert re.search(rf"Landing page: {listed} pages listed by title in English and 中文", text)


def test_drawings_draw_each_chart_once_for_a_burst_and_drop_the_oldest():
    """Eight pages ask for one chart at once: it is drawn once, and all get it; past ``most``
    charts the least recently used goes."""
    drawings, drawn = Drawings(most=2), []

    def draw():
        drawn.append(1)
        time.sleep(0.2)  # a slow drawing: the others arrive while it is under way
        return "<svg/>"

    got: list[str] = []
    threads = [threading.Thread(target=lambda: got.append(drawings.get("a", draw))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == ["<svg/>"] * 8 and len(drawn) == 1
    drawings.get("b", lambda: "b")
    drawings.get("a", draw)  # "a" used again: "b" is now the least recently used
    drawings.get("c", lambda: "c")
    assert list(drawings.svgs) == ["a", "c"] and len(drawn) == 1
