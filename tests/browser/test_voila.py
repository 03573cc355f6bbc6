"""The case dashboards served by Voila, driven in headless chromium with no internet.

Each test serves one notebook, waits for its chart, moves a control the way a trainee
would (a slider by keyboard, a toggle by click) and checks that the chart was drawn
again differently. Requests to any host but the local server are blocked, so the charts
must draw offline. Screenshots before and after go to ``out/test-artifacts/``.
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


def _open(browser_page, voila, name: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = voila(NOTEBOOKS / name)
    page, blocked = _offline_page(browser_page)
    page.goto(url, timeout=PAGE_LOAD_MS, wait_until="commit")
    page.wait_for_selector(CHART, timeout=PAGE_LOAD_MS)
    page.wait_for_timeout(500)
    return page, blocked


def test_dealer_phone_slider_redraws_the_chart(browser_page, voila):
    """03: pressing ArrowRight on the push-size slider re-runs the case and redraws the chart offline."""
    page, blocked = _open(browser_page, voila, "03_dealer_phone.ipynb")
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


def test_tour_language_toggle_redraws_in_chinese(browser_page, voila):
    """00: clicking 中文 relabels the dashboard and redraws the chart with Chinese labels."""
    page, blocked = _open(browser_page, voila, "00_tour.ipynb")
    before = _chart_svg(page)
    assert not CJK.search(before), "the chart starts in English"
    page.screenshot(path=str(ARTIFACTS / "00_tour-before.png"))
    page.locator(".crm-dojo-dashboard .crm-dojo-language button", has_text="中文").first.click()
    after = _wait_changed(page, before)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "00_tour-after.png"))
    assert CJK.search(after), "the redrawn chart has Chinese labels"
    assert "策略" in page.locator(".crm-dojo-dashboard").first.inner_text()
    assert not any("vega" in u for u in blocked), f"the chart tried to load vega from the internet: {blocked}"


def test_tour_strategy_toggle_redraws(browser_page, voila):
    """00: choosing another strategy re-runs the comparison and redraws the chart."""
    page, _ = _open(browser_page, voila, "00_tour.ipynb")
    before = _chart_svg(page)
    page.locator(".crm-dojo-strategy select").first.select_option(label="Value-based segmentation")
    _wait_changed(page, before)
    page.screenshot(path=str(ARTIFACTS / "00_tour-strategy.png"))
