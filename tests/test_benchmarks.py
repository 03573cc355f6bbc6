"""The scripts in ``benchmarks/`` stay runnable: each runs at a small size in a fresh interpreter.

Speed is not asserted here (it lives in the benchmarks' own output); what is asserted is that each
script finishes, prints its figures and writes what it says it writes, and that the parallel
benchmark's serial, pool and Dask runs agree.
"""

from __future__ import annotations

import json
import os
import pstats
import re
import subprocess
import sys
from pathlib import Path

import pytest
from simhelp import assert_room_of_two_for_one, free_port

ROOT = Path(__file__).resolve().parent.parent


def bench(script: str, *args: str, timeout: float = 900) -> str:
    """Run ``benchmarks/SCRIPT ARGS``; its standard output (the test fails on a non-zero exit)."""
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{script} exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    return proc.stdout


def test_run_saves_its_figures(tmp_path):
    out = tmp_path / "bench.json"
    text = bench("run.py", "--quick", "--no-extra", "--sizes", "2k", "--json", str(out))
    assert "figures saved to" in text
    figures = json.loads(out.read_text())
    assert figures["t_bare_s"] > 0
    (case,) = figures["cases"]
    assert case["accounts"] == 2000 and case["events"] > 0 and case["wall_s"] > 0
    assert Path(case["sim_path"]).resolve() == ROOT / "sim"  # it measured this checkout


def test_parallel_backends_agree_and_every_bar_is_judged():
    text = bench("parallel.py", "--replications", "2", "--repeat", "1")  # one replication per worker
    assert "Identical tables from serial, processes and Dask: yes" in text
    assert re.search(r"Host stalls at the start and at the end: \d+%, \d+%", text)
    verdicts = re.findall(r"\((bar [<>]= [\d.]+)\)\s+(PASS|FAIL)", text)
    assert [bar for bar, _ in verdicts] == ["bar >= 1.8", "bar >= 1.6", "bar <= 0.3"]


def test_calibration_imports_a_generated_export():
    text = bench("calibration.py", "--rows", "20000")
    assert re.search(r"import: 20,000 rows", text)


def test_profile_run_saves_a_profile(tmp_path):
    out = tmp_path / "run.prof"
    text = bench("profile_run.py", "--accounts", "2k", "--top", "5", "--out", str(out))
    assert "Ordered by" in text
    stats = pstats.Stats(str(out))
    assert any(name == "step" and path.endswith("market.py") for path, _, name in stats.stats)


def test_room_serves_pages_measures_them_and_refuses_past_capacity():
    """Two pages at once against a room of one: one chart (moved and redrawn), one room-full page,
    nothing from the internet, every figure printed (speed is not asserted)."""
    if not os.access("/usr/bin/chromium", os.X_OK):
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("/usr/bin/chromium not found: run scripts/install_browser.sh")
        pytest.skip("/usr/bin/chromium not found: run scripts/install_browser.sh")
    # no prewarm: it would compute every case's defaults first (tests/test_room.py checks the prewarm)
    text = bench("room.py", "--server", "voila", "--n", "2", "--capacity", "1", "--linger", "3", "--port", str(free_port()),
                 "--no-prewarm")
    assert_room_of_two_for_one(text)
    assert re.search(r"every page open: 1 kernels, \d+ processes, RSS [\d,]+ MB, PSS [\d,]+ MB", text)
    assert re.search(r"3 s after every page closed: \d+ kernels", text)
    assert re.search(r"Landing page: 1\d pages listed .*facilitator.s only in the trainer line", text)
    assert re.search(r"Host stalls at the start and at the end: \d+%, \d+%", text)
