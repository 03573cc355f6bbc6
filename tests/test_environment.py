"""The conda path (environment.yml) and the pip path (pyproject.toml) install the same things,
and CI runs the test command the README gives."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

#: conda-forge package name -> PyPI name, where they differ. Today every dependency has the
#: same name on both (conda-forge's ``pyyaml`` is PyPI's ``pyyaml``, ``simpy`` is ``simpy``);
#: add a pair here when one does not (e.g. ``pytables`` -> ``tables``).
CONDA_TO_PIP: dict[str, str] = {}
#: conda entries that are tooling, not project dependencies
CONDA_TOOLING = {"python", "pip"}

_REQ = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*?)\s*$")


def normalise(name: str) -> str:
    """PyPI-style name: lowercase, with ``_`` and ``.`` as ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse(req: str) -> tuple[str, str]:
    """('name', 'specifier') of a requirement like ``numpy>=2.0`` or ``numpy >=2.0`` (no spaces kept)."""
    m = _REQ.match(req.split(";")[0].split("#")[0])
    assert m, f"cannot parse requirement {req!r}"
    return normalise(m.group(1)), m.group(3).replace(" ", "")


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def pip_requirements() -> dict[str, str]:
    """Name -> specifier of the runtime dependencies plus the ``test`` extra."""
    proj = pyproject()["project"]
    reqs = proj["dependencies"] + proj["optional-dependencies"]["test"]
    return dict(parse(r) for r in reqs)


def conda_split() -> tuple[dict[str, str], list[str], list[str]]:
    """(name -> specifier of conda + pip packages, tooling entries, pip-section lines that are not packages)."""
    deps, tooling, other = {}, [], []
    for entry in environment()["dependencies"]:
        if isinstance(entry, dict):
            for line in entry["pip"]:
                if line.lstrip().startswith("-"):
                    other.append(line)
                else:
                    name, spec = parse(line)
                    deps[name] = spec
            continue
        # conda match specs: ``name=version`` pins, ``name>=floor`` floors
        name, spec = parse(entry.replace("=", "==", 1) if re.match(r"^[\w.-]+=[^=<>]", entry) else entry)
        if name in CONDA_TOOLING:
            tooling.append(entry)
            continue
        deps[CONDA_TO_PIP.get(name, name)] = spec
    return deps, tooling, other


def test_environment_is_named_and_uses_conda_forge():
    """environment.yml creates ``crm-dojo`` from conda-forge only."""
    env = environment()
    assert env["name"] == "crm-dojo"
    assert env["channels"] == ["conda-forge"]


def test_environment_python_matches_requires_python():
    """The conda Python is 3.11, the floor pyproject requires."""
    _, tooling, _ = conda_split()
    assert "python=3.11" in tooling
    assert pyproject()["project"]["requires-python"] == ">=3.11"


def test_same_packages_in_both():
    """environment.yml lists exactly the packages of pyproject's dependencies and test extra."""
    deps, _, _ = conda_split()
    assert sorted(deps) == sorted(pip_requirements())


def test_same_version_floors_in_both():
    """Every package has the same version specifier in both files."""
    deps, _, _ = conda_split()
    want = pip_requirements()
    assert {n: deps[n] for n in want if n in deps} == want


def test_every_dependency_has_a_floor():
    """Each dependency states a minimum version, so both paths agree on what is too old."""
    assert [n for n, spec in pip_requirements().items() if ">=" not in spec] == []


def test_environment_installs_the_project():
    """The pip section installs the project itself, editable, so ``import sim`` works."""
    _, tooling, other = conda_split()
    assert "pip" in tooling
    assert other == ["-e ."]


def test_normalise_maps_spellings_together():
    """Names compare lowercased with ``_`` and ``.`` as ``-`` (``PyYAML`` == ``pyyaml``)."""
    assert normalise("PyYAML") == normalise("pyyaml")
    assert normalise("typing_extensions") == "typing-extensions"
    assert parse("numpy >=2.0") == ("numpy", ">=2.0")


# ---------------------------------------------------------------- CI
def _readme_first_code_block() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    assert m, "README.md has no code block: its first one should give the install and test commands"
    commands = (ln.split("#", 1)[0].strip() for ln in m.group(1).splitlines())  # drop shell comments
    return [c for c in commands if c]


def _ci_commands() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def test_readme_gives_the_test_command():
    """The README's first code block contains ``make test``."""
    assert "make test" in _readme_first_code_block()


def test_ci_runs_the_readme_test_command():
    """``.ci/run`` runs the README's test command as one of its own commands."""
    readme = [c for c in _readme_first_code_block() if re.search(r"\bmake test\b|\bpytest\b", c)]
    assert readme, "no test command in the README's first code block"
    assert set(readme) <= set(_ci_commands())


def test_ci_fails_on_the_first_error():
    """``.ci/run`` uses ``set -euo pipefail`` so a failing step fails CI."""
    assert "set -euo pipefail" in _ci_commands()


# ---------------------------------------------------------------- the test command on two cores
def test_make_test_runs_files_in_parallel_each_whole_on_one_worker():
    """``make test`` runs pytest on up to two workers (pytest-xdist, a test dependency), and the
    pytest options hand out whole files: under ``--dist load`` a notebook's cells would be split
    between two kernels and a later cell would miss an earlier one's names."""
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^test:.*\n((?:\t.*\n)+)", make, flags=re.M)
    assert target and re.search(r"-m pytest -n auto --maxprocesses=2\b", target.group(1))
    assert "pytest-xdist" in pip_requirements()
    addopts = pyproject()["tool"]["pytest"]["ini_options"]["addopts"].split()
    assert "--dist" in addopts and addopts[addopts.index("--dist") + 1] == "loadfile"
