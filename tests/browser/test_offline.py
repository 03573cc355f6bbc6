"""The offline guard of tests/browser/conftest.py: it sees and blocks a request to the internet.

Every browser test fails at teardown when its ``offline`` list is not empty; this one empties it
after checking, so that it can pass.
"""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")

OUTSIDE = "http://192.0.2.1/font.woff2"  # TEST-NET-1: never a real host


def test_a_request_to_the_internet_is_seen_and_blocked(browser, offline):
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.set_content(f'<img src="{OUTSIDE}">')
        page.wait_for_timeout(500)
        assert offline == [OUTSIDE] and failed == [OUTSIDE]
    finally:
        ctx.close()
    offline.clear()  # checked: this test's own request must not fail it at teardown
