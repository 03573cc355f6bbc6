"""The room served by one process (``make workshop``), in headless chromium with no internet.

Two trainees open the same case (a light page, ``sim.room.light``): one switches to 中文 and sees
every label in Chinese, the other stays in English (the language is per page); one moves a slider
with the keyboard and its chart and address follow. The role-play game (a Solara page) opens in the
same room. Screenshots at 1024 px go to ``out/test-artifacts/``; the offline guard (conftest) fails
the test on any request that leaves 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browserkit import ARTIFACTS, INTERACTION_MS, PAGE_LOAD_MS
from conftest import SERVE_TIMEOUT, free_port

from sim.cases import CASES  # the landing page lists every case and the role-play game

ROOT = Path(__file__).resolve().parents[2]
CASE = "03_dealer_phone"
CHART = ".crm-dojo-chart-output .crm-dojo-chart svg"
HEADING = ".crm-dojo-dashboard h3"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """``python -m sim.room --server solara`` on 127.0.0.1 and a free port; its base URL."""
    port, log = free_port(), tmp_path_factory.mktemp("solara") / "server.log"
    cmd = [sys.executable, "-m", "sim.room", "--server", "solara", "--host", "127.0.0.1", "--port", str(port),
           "--no-cache", "--capacity", "4"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + SERVE_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL) if proc.poll() is None else None
                raise RuntimeError(f"the room did not serve:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def test_two_trainees_each_in_their_own_language(browser, room):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    contexts = [browser.new_context(viewport={"width": 1024, "height": 900}) for _ in range(2)]
    try:
        zh, en = (ctx.new_page() for ctx in contexts)
        for page in (zh, en):
            page.goto(f"{room}voila/render/{CASE}.ipynb", timeout=PAGE_LOAD_MS)
            page.wait_for_selector(CHART, timeout=PAGE_LOAD_MS)
        assert en.locator(HEADING).inner_text() == zh.locator(HEADING).inner_text() == \
            "The dealer who switched off his phone"
        before = zh.locator(CHART).first.evaluate("e => e.outerHTML")
        zh.locator(".crm-dojo-language button", has_text="中文").click()
        zh.wait_for_function(f"document.querySelector('{HEADING}').innerText === '代理商關機'", timeout=INTERACTION_MS)
        zh.wait_for_function(f"(document.querySelector('{CHART}') || {{}}).outerHTML !== {before!r}",
                             timeout=INTERACTION_MS)
        assert "月" in zh.locator(CHART).first.evaluate("e => e.textContent")  # the chart's axes, in Chinese
        en.wait_for_timeout(1500)  # what a shared switch would have changed by now
        assert en.locator(HEADING).inner_text() == "The dealer who switched off his phone"
        assert "month" in en.locator(CHART).first.evaluate("e => e.textContent")
        chart = en.locator(CHART).first.evaluate("e => e.outerHTML")
        en.locator(".crm-dojo-push-units input[type=range]").focus()
        for _ in range(3):
            en.keyboard.press("ArrowRight")
        en.wait_for_function(f"document.querySelector('{CHART}').outerHTML !== {chart!r}", timeout=INTERACTION_MS)
        assert "push_units=150" in en.url and en.locator(".crm-dojo-push-units output").inner_text() == "150"
        assert zh.locator(".crm-dojo-push-units output").inner_text() == "120"  # the other trainee's did not move
        for lang, page in (("zh", zh), ("en", en)):
            page.screenshot(path=str(ARTIFACTS / f"solara-{CASE}-1024-{lang}.png"), full_page=True)
        landing = contexts[1].new_page()
        landing.goto(room)
        assert landing.locator(".crm-dojo-case").count() == len(CASES) + 1 and "代理商關機" in landing.content()
        landing.screenshot(path=str(ARTIFACTS / "solara-landing-1024.png"), full_page=True)
        game = contexts[1].new_page()  # a Solara page (widgets) in the same room
        game.goto(f"{room}voila/render/09_roleplay.ipynb", timeout=PAGE_LOAD_MS)
        game.wait_for_selector(".crm-game .crm-game-head", timeout=PAGE_LOAD_MS)
        assert game.locator(".crm-game-head").count() == 7
    finally:
        for ctx in contexts:
            ctx.close()
