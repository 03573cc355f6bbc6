"""The comparison report on a 1024-pixel projector: no horizontal scroll, in English and Chinese.

Opened as a file:// page in headless chromium; screenshots go to ARTIFACTS for a human to look at.
"""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")

import sim  # noqa: E402
from sim import experiment as ex  # noqa: E402
from sim.report import write_report  # noqa: E402

from browserkit import ARTIFACTS, PAGE_LOAD_MS  # noqa: E402

WIDTH = 1024
BOOK = {"name": "projector", "horizon_months": 6, "accounts": {"count": 300}, "reps": {"count": 3},
        "dealers": {"count": 3}, "custom_strategies": {"vb_copy": {"extends": "value_based",
                                                                   "label": "Value-based segmentation (copy)"}}}


@pytest.fixture(scope="module")
def comp():
    sc = sim.scenario_from_dict(BOOK)
    return ex.compare(sc, ["no_care", "routine_care", "value_based", "customer_manager", "vb_copy"],
                      replications=2, progress=False, keep_first=True)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_fits_a_1024_pixel_projector(browser, comp, tmp_path, lang):
    """Decision first, every table and chart inside 1024 px: the page never scrolls sideways."""
    path = write_report(comp, comp.results, tmp_path / f"report-{lang}.html", lang=lang)
    page = browser.new_page(viewport={"width": WIDTH, "height": 768})
    try:
        page.goto(path.resolve().as_uri(), timeout=PAGE_LOAD_MS)
        page.wait_for_function("[...document.querySelectorAll('.chart')].every(e => e.querySelector('svg.marks'))",
                               timeout=PAGE_LOAD_MS)
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
        wide = page.evaluate("[...document.querySelectorAll('.scroll, .chart')]"
                             ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.id || e.className)")
        assert wide == []
        top = page.evaluate("document.querySelector('section.decision').getBoundingClientRect().top")
        assert top < 200  # the answer is on the first screen
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"report-1024-{lang}.png"), full_page=True)
    finally:
        page.close()
