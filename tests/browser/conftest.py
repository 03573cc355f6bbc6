"""Browser fixtures: Debian's headless chromium driven by Playwright, and Voila servers on free ports.

The contract (other browser tests reuse it):

- ``browser`` (session): a Playwright ``Browser`` on ``/usr/bin/chromium``. A missing browser
  skips the test locally and FAILS it in CI (``CI=true``): install it with
  ``scripts/install_browser.sh`` (``make browser``; ``make test`` runs it first).
- ``voila``: a function ``serve(notebook_path, env=None) -> base URL`` that starts Voila on
  127.0.0.1 and a free port, waits until it serves, and kills every server it started at teardown.
- ``notebooks_url`` (module): the base URL of one such server of the whole ``notebooks/`` folder,
  shared by a module's page tests (one server start and stop instead of one per test).
- :data:`ARTIFACTS`: where screenshots go.
- offline (every test, automatically): every browser context a test opens — from ``browser``
  or from a browser of its own — blocks requests that leave 127.0.0.1, and the test FAILS at
  teardown if any page tried (``browserkit.guard_offline``; a room has no internet).
- the servers run as the room does (``sim.room.serve``): the ``crm-dojo`` template, which
  loads nothing from the internet, and the room's kernel manager and culling.

Jupyter's runtime, data and config directories are temporary, so tests neither read nor
leave the user's Jupyter files.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from browserkit import ARTIFACTS, guard_offline  # noqa: E402,F401  (ARTIFACTS: re-exported for the contract)
from simhelp import free_port  # noqa: F401  (re-exported: test_solara.py imports it from here)

from sim.room.serve import NOTEBOOKS, room_env, voila_argv

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVE_TIMEOUT = 180.0  # s until Voila answers HTTP; a ceiling, not a wait: this host is shared and stalls for long spells


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _missing(what: str):
    msg = f"{what}: run scripts/install_browser.sh (make browser)"
    if _in_ci():
        pytest.fail(f"browser tests cannot run in CI: {msg}")
    pytest.skip(msg)


@pytest.fixture(scope="session")
def playwright_instance():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    """Headless Debian chromium (never a downloaded browser)."""
    if not os.access(CHROMIUM, os.X_OK):
        _missing(f"{CHROMIUM} not found")
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
    yield b
    b.close()


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Every context a test opens blocks the internet; any attempt fails the test (at teardown)."""
    try:
        from playwright.sync_api import Browser  # optional: tests without a browser skip it
    except ImportError:
        yield []
        return
    attempts: list[str] = []
    new_context, new_page = Browser.new_context, Browser.new_page

    def guarded_context(self, *args, **kwargs):
        ctx = new_context(self, *args, **kwargs)
        guard_offline(ctx, attempts)
        return ctx

    def guarded_page(self, *args, **kwargs):
        page = new_page(self, *args, **kwargs)
        guard_offline(page.context, attempts)
        return page

    monkeypatch.setattr(Browser, "new_context", guarded_context)
    monkeypatch.setattr(Browser, "new_page", guarded_page)
    yield attempts
    if attempts:
        pytest.fail(f"a page tried to reach the internet ({len(attempts)} requests), e.g. "
                    f"{', '.join(sorted(set(attempts))[:3])}")


@pytest.fixture(scope="session")
def jupyter_dirs(tmp_path_factory) -> dict[str, str]:
    """Temporary JUPYTER_RUNTIME_DIR, JUPYTER_DATA_DIR and JUPYTER_CONFIG_DIR."""
    root = tmp_path_factory.mktemp("jupyter")
    dirs = {f"JUPYTER_{k}_DIR": str(root / k.lower()) for k in ("RUNTIME", "DATA", "CONFIG")}
    for d in dirs.values():
        Path(d).mkdir()
    return dirs


def _wait_served(url: str, proc: subprocess.Popen, log: Path, timeout: float = SERVE_TIMEOUT) -> None:
    """Until the server answers HTTP (any status: a 404 for a static path is an answer)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            urllib.request.urlopen(url + "voila/static/", timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"voila did not answer at {url} within {timeout:.0f} s:\n"
                       f"{log.read_text(errors='replace')[-3000:]}")


class Servers:
    """Voila servers on free ports (logs in ``logs``); :meth:`stop` kills every one it started."""

    def __init__(self, jupyter_dirs: dict[str, str], logs: Path) -> None:
        self.jupyter_dirs, self.logs, self.procs = jupyter_dirs, logs, []

    def serve(self, notebook_path, env: dict | None = None) -> str:
        """The base URL of a Voila server for that notebook (or directory), once it answers."""
        path = Path(notebook_path).resolve()
        port = free_port()
        full_env = {**os.environ, **self.jupyter_dirs, **room_env(workers=1, cache=None), "PYTHONUNBUFFERED": "1",
                    **(env or {})}
        log = self.logs / f"voila-{port}.log"
        cmd = [sys.executable, "-m", "voila", *voila_argv(path, "127.0.0.1", port, capacity=0, cull=600)]
        with open(log, "wb") as out:
            proc = subprocess.Popen(cmd, cwd=path.parent if path.is_file() else path, env=full_env, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        url = f"http://127.0.0.1:{port}/"
        _wait_served(url, proc, log)
        return url

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture
def voila(jupyter_dirs, tmp_path):
    """``serve(notebook_path, env=None) -> base URL`` of a Voila server for that notebook (or directory)."""
    servers = Servers(jupyter_dirs, tmp_path)
    yield servers.serve
    servers.stop()


@pytest.fixture(scope="module")
def notebooks_url(jupyter_dirs, tmp_path_factory) -> str:
    """The base URL of one Voila server of ``notebooks/`` for a module's tests (as the room serves
    them): a case is at ``URL + "voila/render/" + notebook``; each page load gets its own kernel."""
    servers = Servers(jupyter_dirs, tmp_path_factory.mktemp("voila"))
    yield servers.serve(NOTEBOOKS)
    servers.stop()
