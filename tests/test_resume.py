"""Finished replications are saved as they finish; Ctrl-C keeps them and --resume runs the rest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim import experiment as ex
from sim.cli import main
from sim.store import ResumeError, TaskStore, check_resume

ROOT = Path(__file__).resolve().parent.parent
SMALL = {"accounts": {"count": 300}, "reps": {"count": 3}, "dealers": {"count": 3}, "horizon_months": 6,
         "replications": 2}
PAIR = ["no_care", "value_based"]


@pytest.fixture(scope="module")
def small():
    return sim.scenario_from_dict(SMALL)


@pytest.fixture
def tiny(tmp_path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(json.dumps({**SMALL, "name": "tiny", "strategies": PAIR}))
    return path


@pytest.fixture
def ctrl_c_reaches_children():
    """Children start with Ctrl-C at its default, as in a terminal, even when the tests were started
    with SIGINT ignored (a background job of a shell without job control): an ignored signal stays
    ignored across exec."""
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, old)


def cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sim", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_store_keeps_only_matching_rows(tmp_path):
    """A saved row comes back for the same task, scenario hash and seed only."""
    store, task = TaskStore(tmp_path), ex.Task("value_based", 3, 99)
    store.save(task, {"strategy": "value_based", "replication": 3, "seed": 99, "revenue": 1.5}, "h1")
    assert (tmp_path / "tasks" / "value_based-3.json").is_file() and store.count() == 1
    assert store.load(task, "h1")["revenue"] == 1.5
    assert store.load(task, "other") is None and store.load(ex.Task("value_based", 3, 98), "h1") is None


def test_compare_reuses_saved_rows(small, tmp_path, monkeypatch):
    """compare with a store runs only the tasks not saved, and its tables equal a fresh run's."""
    store = TaskStore(tmp_path)
    ex.compare(small, PAIR, replications=1, progress=False, store=store)
    ran = []
    real = ex._run_batch
    monkeypatch.setattr(ex, "_run_batch", lambda job: ran.extend(t.replication for t in job[2]) or real(job))
    resumed = ex.compare(small, PAIR, replications=2, progress=False, store=store)
    assert ran == [1, 1]
    fresh = ex.compare(small, PAIR, replications=2, progress=False)
    pd.testing.assert_frame_equal(resumed.runs, fresh.runs)


def test_resume_checks_manifest(tmp_path):
    """Resuming a folder of another seed fails naming the difference; an empty folder says so."""
    (tmp_path / "manifest.json").write_text(json.dumps({"command_name": "compare", "base_seed": 1}))
    with pytest.raises(ResumeError, match="base_seed 1, this one 2"):
        check_resume(tmp_path, {"command_name": "compare", "base_seed": 2})
    with pytest.raises(ResumeError, match="nothing to resume"):
        check_resume(tmp_path / "empty", {})


def test_cli_resume_other_scenario_exit_2(tiny, tmp_path, capsys):
    """--resume on a folder made from another scenario: exit 2 and a message naming the scenario hash."""
    out = tmp_path / "out"
    assert main(["compare", "workshop", "-r", "1", "--strategies", "no_care", "--out", str(out), "-q",
                 "--workers", "1", "--seed", "5", "--resume"]) == 2
    assert "nothing to resume" in capsys.readouterr().err
    (out / "manifest.json").parent.mkdir()
    (out / "manifest.json").write_text(json.dumps({"command_name": "compare", "scenario_hash": "x", "base_seed": 5}))
    assert main(["compare", str(tiny), "--out", str(out), "-q", "--seed", "5", "--resume"]) == 2
    assert "scenario_hash 'x'" in capsys.readouterr().err


def test_ctrl_c_then_resume_equals_uninterrupted(tiny, tmp_path, ctrl_c_reaches_children):
    """SIGINT: exit 130 with finished runs saved; --resume then gives the tables of an uninterrupted run."""
    part, full = tmp_path / "part", tmp_path / "full"
    args = ["compare", str(tiny), "-r", "12", "-q", "--workers", "2"]
    proc = cli(*args, "--out", str(part))
    deadline = time.monotonic() + 120
    while len(list((part / "tasks").glob("*.json"))) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    saved = len(list((part / "tasks").glob("*.json")))
    assert 3 <= saved < 24 and f"{saved} of 24 runs are saved" in err and "--resume" in err
    assert not (part / "runs.csv").exists()
    done = [cli(*args, "--out", str(part), "--resume"), cli(*args, "--out", str(full))]
    for p in done:
        assert p.wait(timeout=300) == 0, p.stderr.read()
        p.stdout.close(), p.stderr.close()
    for name in ("runs.csv", "summary.csv", "paired.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(part / name), pd.read_csv(full / name))
