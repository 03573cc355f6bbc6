"""The case dashboards served by Voila, driven in headless chromium with no internet.

Each test opens one notebook (one Voila server of notebooks/ serves the module's pages, as
the room does), waits for its chart, moves a control the way a trainee would (a slider by
keyboard, a toggle by click) and checks that the chart was drawn again differently. Requests
to any host but the local server are blocked, so the charts must draw offline. Screenshots
before and after go to ``out/test-artifacts/``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from browserkit import ARTIFACTS, PAGE_LOAD_MS

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CHART = ".crm-dojo-chart-output .crm-dojo-chart svg"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def browser_page(playwright_instance, browser):
    """A page in a browser of its own for one test, closed afterwards."""
    from conftest import CHROMIUM, LAUNCH_ARGS

    own = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
    page = own.new_page(viewport={"width": 1300, "height": 1100})
    yield page
    own.close()


def _offline_page(page):
    """Let ``page`` reach only 127.0.0.1 (the room has no internet); returns (page, blocked urls)."""
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return page, blocked


def _chart_svg(page) -> str:
    return page.locator(CHART).first.evaluate("e => e.outerHTML")


def _wait_changed(page, before: str, timeout: float = 90.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            now = _chart_svg(page)
        except Exception:  # the output is being redrawn: no chart for a moment
            now = before
        if now != before:
            return now
        page.wait_for_timeout(500)
    raise AssertionError("the chart did not change after moving the control")


def _page_url(notebooks_url: str, name: str) -> str:
    assert (NOTEBOOKS / name).is_file(), name
    return f"{notebooks_url}voila/render/{name}"


def _open(browser_page, notebooks_url, name: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page, blocked = _offline_page(browser_page)
    page.goto(_page_url(notebooks_url, name), timeout=PAGE_LOAD_MS, wait_until="commit")
    page.wait_for_selector(CHART, timeout=PAGE_LOAD_MS)
    page.wait_for_timeout(500)
    return page, blocked


def test_dealer_phone_slider_redraws_the_chart(browser_page, notebooks_url):
    """03: pressing ArrowRight on the push-size slider re-runs the case and redraws the chart offline."""
    page, blocked = _open(browser_page, notebooks_url, "03_dealer_phone.ipynb")
    before = _chart_svg(page)
    page.screenshot(path=str(ARTIFACTS / "03_dealer_phone-before.png"))
    handle = page.locator(".crm-dojo-push-units .noUi-handle").first
    handle.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    after = _wait_changed(page, before)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "03_dealer_phone-after.png"))
    assert "170" in page.locator(".crm-dojo-push-units").first.inner_text()
    assert after != before
    assert not any("vega" in u for u in blocked), f"the chart tried to load vega from the internet: {blocked}"


def test_tour_strategy_then_language_toggle_redraw(browser_page, notebooks_url):
    """00 (one page load for both toggles): choosing another strategy re-runs the comparison and
    redraws the chart; then clicking 中文 relabels the dashboard and redraws it with Chinese labels."""
    page, blocked = _open(browser_page, notebooks_url, "00_tour.ipynb")
    first = _chart_svg(page)
    assert not CJK.search(first), "the chart starts in English"
    page.screenshot(path=str(ARTIFACTS / "00_tour-before.png"))
    page.locator(".crm-dojo-strategy select").first.select_option(label="Value-based segmentation")
    _wait_changed(page, first)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "00_tour-strategy.png"))
    assert not CJK.search(_chart_svg(page)), "the strategy's chart is still in English"
    before = _chart_svg(page)  # settled: the language toggle is judged against this chart
    page.locator(".crm-dojo-dashboard .crm-dojo-language button", has_text="中文").first.click()
    after = _wait_changed(page, before)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "00_tour-after.png"))
    assert CJK.search(after), "the redrawn chart has Chinese labels"
    assert "策略" in page.locator(".crm-dojo-dashboard").first.inner_text()
    assert not any("vega" in u for u in blocked), f"the chart tried to load vega from the internet: {blocked}"


def _overflowing(page, selector: str) -> list[str]:
    """Texts of the elements under ``selector`` that are wider than their box (running into the next)."""
    return page.eval_on_selector_all(selector, "els => els.filter(e => e.scrollWidth > e.clientWidth + 1)"
                                               ".map(e => e.innerText)")


def test_roleplay_page_at_1024px_in_both_languages(browser_page, notebooks_url):
    """09 at 1024 px: each header fits its cell; after 中文 the game shows no English word;
    a month played shows news with SVG icons; Save game offers a download named by file only."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser_page.set_viewport_size({"width": 1024, "height": 1600})
    page, _ = _offline_page(browser_page)
    page.goto(_page_url(notebooks_url, "09_roleplay.ipynb"), timeout=PAGE_LOAD_MS, wait_until="commit")
    page.wait_for_selector(".crm-game .crm-game-head", timeout=PAGE_LOAD_MS)
    heads = page.locator(".crm-game-head")
    assert heads.count() == 7
    assert _overflowing(page, ".crm-game-head, .crm-game-head *") == [], "grid headers run together"
    assert page.locator(".crm-game").first.bounding_box()["width"] <= 1024
    page.locator(".crm-game-go").first.click()
    page.wait_for_selector(".crm-game-news .crm-icon", timeout=120_000)
    page.locator(".crm-dojo-language button", has_text="中文").first.click()
    page.wait_for_function("document.querySelector('.crm-game-month').innerText.includes('月')", timeout=120_000)
    page.locator("button", has_text="儲存遊戲").first.click()
    link = page.locator("a.crm-game-download")
    link.wait_for(timeout=120_000)
    page.screenshot(path=str(ARTIFACTS / "09_roleplay-zh.png"), full_page=True)
    shown = page.locator(".crm-game").first.inner_text()
    assert not re.findall(r"\b[A-Za-z]{3,}\b", shown), "English left on the role-play page after 中文"
    name = link.get_attribute("download")
    assert re.fullmatch(r"[0-9a-f]{12}\.json", name)
    assert "/" not in link.inner_text()
    saved = NOTEBOOKS.parent / "out" / "games" / name  # the page's own file: the test leaves nothing behind
    assert saved.is_file()
    saved.unlink()


def test_strategy_lab_shows_no_server_path(browser_page, notebooks_url):
    """08: the sweep under the dashboard draws; no server path shows on the page."""
    page, _ = _open(browser_page, notebooks_url, "08_strategy_lab.ipynb")
    page.wait_for_selector(".crm-dojo-sweep-output svg", timeout=PAGE_LOAD_MS)
    text = page.locator("body").inner_text()
    assert "out/reports" not in text and str(NOTEBOOKS.parent) not in text
