"""The house's layers (issue 15): modules stay under 400 lines, the CLI imports at top level and
without circles, and the core does not import its presentation."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parent.parent / "sim"
CLI_FILES = sorted((SIM / "cli").glob("*.py")) + [SIM / "cli_options.py"]
#: the one import a CLI function may make: an optional heavy dependency
OPTIONAL = {"distributed"}


def _fresh(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=SIM.parent)


def test_no_module_over_400_lines():
    """Every module in sim/ has at most 400 lines."""
    long = {str(p.relative_to(SIM)): n for p in SIM.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def _imported(node) -> set[str]:
    """The top-level packages an import statement loads."""
    names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
    return {n.split(".")[0] for n in names}


@pytest.mark.parametrize("path", CLI_FILES, ids=lambda p: p.name)
def test_cli_imports_at_top_level(path):
    """No function in the CLI imports anything but an optional heavy dependency."""
    functions = [fn for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))]
    inner = [f"{path.name}:{node.lineno}" for fn in functions for node in ast.walk(fn)
             if isinstance(node, (ast.Import, ast.ImportFrom)) and not _imported(node) <= OPTIONAL]
    assert inner == []


def _module(path: Path) -> str:
    parts = path.relative_to(SIM.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(node, name: str, package: bool, modules) -> set[str]:
    """The modules one import statement names (``from a import b``: ``a.b`` when it is a module)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names}
    base = name.split(".") if package else name.split(".")[:-1]
    where = ".".join([*base[:len(base) - node.level + 1], node.module or ""] if node.level else [node.module])
    where = where.rstrip(".")
    return {f"{where}.{a.name}" if f"{where}.{a.name}" in modules else where for a in node.names}


def _import_graph() -> dict[str, set[str]]:
    """Module -> the sim modules it imports anywhere (in functions too), and their parent packages
    that do not hold the importer (those Python has set up before it)."""
    paths = {_module(p): p for p in SIM.rglob("*.py")}
    graph = {}
    for name, path in paths.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                targets |= _targets(node, name, path.name == "__init__.py", paths)
        parents = {".".join(t.split(".")[:i]) for t in targets for i in range(1, t.count(".") + 1)}
        implicit = {m for m in parents - targets if not name.startswith(m + ".")}
        graph[name] = {m for m in targets | implicit if m in paths and m != name}
    return graph


def test_no_import_circle_through_the_cli():
    """No module of the command line reaches itself again through its imports
    (the old circle: sim.cli <-> sim.calibration.cli, sim.tournament.cli)."""
    graph = _import_graph()
    cli = [m for m in graph if m.startswith(("sim.cli", "sim.cli_options")) or m.endswith(".cli")]
    assert len(cli) >= 8
    circles = []
    for start in cli:
        seen, todo = set(), list(graph[start])
        while todo:
            m = todo.pop()
            if m not in seen:
                seen.add(m)
                todo.extend(graph.get(m, ()))
        circles += [start] if start in seen else []
    assert circles == []


def test_core_does_not_import_presentation():
    """Importing the experiments (and the statistics) loads neither the table formatters nor the CLI."""
    done = _fresh("import sys, sim.experiment, sim.stats\n"
                  "print(sorted(m for m in sys.modules if m in ('sim.tables', 'sim.cli', 'sim.cli_options')))")
    assert done.returncode == 0 and done.stdout.strip() == "[]"
