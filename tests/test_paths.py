"""Paths through one place (sim.paths); a wheel of sim finds its scenarios outside the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import sim
from sim import paths
from sim.scenario import SCENARIO_DIR
from sim.tournament import Store

REPO = Path(__file__).resolve().parent.parent


def test_checkout_uses_the_repositorys_scenarios():
    assert SCENARIO_DIR == paths.SCENARIO_DIR == REPO / "scenarios"
    assert paths.builtin_scenario_dir(REPO / "sim") == REPO / "scenarios"


def test_without_the_packaged_link_the_checkout_folder_is_used(tmp_path):
    """Git on Windows without symlinks: sim/scenarios is a small text file; the repository folder serves."""
    (tmp_path / "sim").mkdir()
    (tmp_path / "sim" / "scenarios").write_text("../scenarios")
    assert paths.builtin_scenario_dir(tmp_path / "sim") == (tmp_path / "scenarios").resolve()


@pytest.mark.parametrize("folder, project", [("work", "."), ("notebooks", "..")])
def test_database_and_outputs_in_the_project_folder(tmp_path, monkeypatch, folder, project):
    """From notebooks/ (where Jupyter starts a notebook) the CLI's out/ is one folder up."""
    monkeypatch.delenv(paths.ENV_DB, raising=False)
    (tmp_path / folder).mkdir()
    monkeypatch.chdir(tmp_path / folder)
    assert paths.output_dir() == Path(project) / "out"
    assert paths.db_path() == Path(project) / "out" / "dojo.sqlite3"
    assert Store().path.resolve() == (tmp_path / folder / project / "out" / "dojo.sqlite3").resolve()
    monkeypatch.setenv(paths.ENV_DB, str(tmp_path / "env.sqlite3"))
    assert paths.db_path() == tmp_path / "env.sqlite3" and paths.db_path("mine.db") == Path("mine.db")


def _python(code_or_args: list[str], cwd: Path, site: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", paths.ENV_DB)}
    env["PYTHONPATH"] = str(site)
    return subprocess.run([sys.executable, *code_or_args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_wheel_of_sim_finds_its_scenarios_outside_the_repository(tmp_path):
    """Build the wheel from a copy of the sources, unpack it as an installer would, run it elsewhere."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    for folder in ("sim", "scenarios"):  # the checkout's layout: sim/scenarios links to scenarios/
        shutil.copytree(REPO / folder, src / folder, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w",
                            str(tmp_path / "dist")], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    zipfile.ZipFile(next((tmp_path / "dist").glob("crm_dojo-*.whl"))).extractall(site)
    assert (site / "sim" / "scenarios" / "workshop.yaml").is_file()
    code = ("import sim, sim.paths as p; sc = sim.load_scenario('workshop'); "
            "print(sim.__file__, p.SCENARIO_DIR, sc.name, p.db_path(), sep='|')")
    got = _python(["-c", code], elsewhere, site)
    assert got.returncode == 0, got.stderr[-2000:]
    file, scenarios, name, db = got.stdout.strip().split("|")
    assert Path(file).is_relative_to(site) and Path(scenarios) == (site / "sim" / "scenarios").resolve()
    assert name == sim.load_scenario("workshop").name and db == str(Path("out") / "dojo.sqlite3")
    listed = _python(["-m", "sim", "list"], elsewhere, site)
    assert listed.returncode == 0 and "workshop" in listed.stdout and "dealer_phone" in listed.stdout
    assert list(elsewhere.iterdir()) == []  # nothing written where it ran
