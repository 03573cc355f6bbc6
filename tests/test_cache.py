"""sim.cache: a setting is computed once for every process sharing the folder, and only when on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sim import cache
from sim.ui import case_runs as runs_module
from sim.ui import cases as cases_module
from sim.ui.cases import run_variants
from sim.ui.dashboard import Dashboard

ROOT = Path(__file__).resolve().parent.parent


def counting():
    calls = []

    def compute():
        calls.append(1)
        return {"answer": len(calls)}

    return calls, compute


def test_off_without_the_variable(monkeypatch):
    monkeypatch.delenv(cache.CACHE_VARIABLE, raising=False)
    calls, compute = counting()
    cache.cached("t", (1, 2), compute)
    cache.cached("t", (1, 2), compute)
    assert len(calls) == 2


def test_on_each_setting_is_computed_once(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(tmp_path))
    calls, compute = counting()
    first = cache.cached("t", {"a": 1, "b": [1.5, 2]}, compute)
    again = cache.cached("t", {"b": [1.5, 2], "a": 1}, compute)  # the same inputs, keys in another order
    other = cache.cached("t", {"a": 2, "b": [1.5, 2]}, compute)
    assert first == again == {"answer": 1} and other == {"answer": 2} and len(calls) == 2
    assert len(list((tmp_path / cache.code_version() / "t").glob("*.pkl"))) == 2 and not list(tmp_path.rglob(".tmp-*"))


def test_a_torn_entry_is_computed_afresh(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(tmp_path))
    calls, compute = counting()
    cache.cached("t", 7, compute)
    (entry,) = (tmp_path / cache.code_version() / "t").glob("*.pkl")
    entry.write_bytes(b"\x80\x05 torn")
    assert cache.cached("t", 7, compute) == {"answer": 2}


def test_prune_removes_what_earlier_code_left_and_nothing_else(monkeypatch, tmp_path):
    """Breaks if the current version's entries go, an older version's stay, or a folder that holds
    anything but entries (the trainer's own file) is touched."""
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(tmp_path))
    calls, compute = counting()
    cache.cached("t", 1, compute)
    old = tmp_path / "0123456789abcdef" / "variants"
    old.mkdir(parents=True)
    (old / "x.pkl").write_bytes(b"12345")
    legacy = tmp_path / "variants"  # the layout before versions had folders
    legacy.mkdir()
    (legacy / "y.pkl").write_bytes(b"123")
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("the trainer's")
    assert cache.prune() == (2, 8)
    assert not old.parent.exists() and not legacy.exists() and (mine / "keep.txt").exists()
    assert cache.cached("t", 1, compute) == {"answer": 1} and len(calls) == 1  # this version's entry is still there
    assert cache.prune() == (0, 0)


def test_int_and_float_inputs_are_different_settings():
    assert cache._key("t", 3) != cache._key("t", 3.0) and cache._key("t", (1, 2)) == cache._key("t", [1, 2])


def _key_in_fresh_process(seed: str) -> str:
    code = ("import sim; from sim.cache import _key\n"
            "sc = sim.load_scenario('workshop')\n"
            "print(_key('variants', ({'a': (sc, 'routine_care')}, 3, None, (), None)))")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                          env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
                          ).stdout.strip()


def test_keys_are_the_same_in_every_process():
    """Two kernels (different hash seeds) find each other's entries: a pickle-based key would not."""
    assert _key_in_fresh_process("1") == _key_in_fresh_process("2")


def test_run_variants_from_the_cache_equals_a_fresh_run(monkeypatch, tmp_path, small):
    variants = {"routine": (small, "routine_care"), "value": (small, "value_based")}
    monkeypatch.delenv(cache.CACHE_VARIABLE, raising=False)
    fresh = run_variants(variants, 2)
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(tmp_path))
    stored = run_variants(variants, 2)
    read = run_variants(variants, 2)
    assert len(list(tmp_path.rglob("*.pkl"))) == 1
    for comp in (stored, read):
        assert comp.runs.equals(fresh.runs) and comp.summary.equals(fresh.summary)


@pytest.mark.parametrize("bad", ["", "  "])
def test_a_blank_variable_is_off(monkeypatch, bad):
    monkeypatch.setenv(cache.CACHE_VARIABLE, bad)
    assert cache.cache_dir() is None



def test_a_dashboards_first_run_is_the_prewarmed_entry(monkeypatch, tmp_path):
    """The server prewarms ``case.run(case.defaults())``; a new dashboard's first run must find it
    (its controls' values give the same key), not compute again."""
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(tmp_path))
    monkeypatch.setenv("CRM_DOJO_WORKERS", "1")
    case = cases_module.get_case("03_dealer_phone")
    case.run(case.defaults(), workers=1)

    def must_not_run(*args, **kwargs):
        raise AssertionError("the dashboard computed what the prewarm had stored")

    monkeypatch.setattr(runs_module, "_run_variants", must_not_run)
    assert Dashboard("03_dealer_phone").result is not None
