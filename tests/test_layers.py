"""The house's layers (issue 15): modules stay under 400 lines and functions short, no import circle
runs through sim/ (imports inside functions counted), a function imports only an allowed lazy
dependency, and the core does not import its presentation."""

from __future__ import annotations

import ast
import statistics
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


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle of ``graph`` as a path that returns to its start, or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(m: str, path: list[str]) -> list[str]:
        state[m] = 1
        for t in sorted(graph.get(m, ())):
            if state.get(t) == 1:
                return path[path.index(t):] + [t]
            if t not in state and (found := visit(t, path + [t])):
                return found
        state[m] = 2
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return []


def test_no_import_circle_anywhere():
    """No module of sim/ reaches itself again through its imports, those inside functions included."""
    graph = _import_graph()
    assert len(graph) > 100 and graph["sim.experiment"] >= {"sim.parallel", "sim.scenario"}
    assert _cycle(graph) == [], " -> ".join(_cycle(graph))


def test_the_circle_check_finds_a_circle():
    """The check above does report a circle, as the path that closes it."""
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


#: (module, imported top-level package) -> why that import is made inside a function
LAZY_IMPORTS = {
    ("sim.calibration.bgnbd", "scipy"): "heavy: SciPy only when a model is fitted",
    ("sim.stats", "scipy"): "heavy: keeps SciPy out of import sim",
    ("sim.calibration.readers", "openpyxl"): "optional reader: Excel files only",
    ("sim.calibration.readers", "pyarrow"): "optional reader: Parquet files only",
    ("sim.io", "pyarrow"): "optional writer: Parquet files only",
    ("sim.parallel.dask_backend", "dask"): "optional heavy: Dask only with a cluster",
    ("sim.parallel.dask_backend", "distributed"): "optional heavy: Dask only with a cluster",
    ("sim.cli.tasks", "distributed"): "optional heavy: Dask only with --scheduler/--dask",
    ("sim.viz.html", "vl_convert"): "heavy (a JavaScript engine), optional for a page",
    ("sim.viz.html", "altair"): "altair's vl-convert version check, with vl_convert",
    ("sim.viz.offline", "vl_convert"): "heavy (a JavaScript engine): the first drawing",
    ("sim.viz.offline", "IPython"): "optional: nothing to display into outside IPython",
    ("sim.parallel.tasks", "tqdm"): "tqdm.auto loads ipywidgets in a Jupyter kernel",
    ("sim.facts", "tqdm"): "tqdm.auto loads ipywidgets in a Jupyter kernel",
    ("sim.calibration.simfit", "tqdm"): "tqdm.auto loads ipywidgets in a Jupyter kernel",
    ("sim.calibration.backtest", "tqdm"): "tqdm.auto loads ipywidgets in a Jupyter kernel",
    ("sim.calibration.readers", "tqdm"): "tqdm.auto loads ipywidgets in a Jupyter kernel",
    ("sim.exercises.build", "nbformat"): "heavy (jsonschema): python -m sim imports this module",
    # a subcommand's own modules (SciPy, altair), loaded when it runs, not with every python -m sim
    ("sim.calibration.cli", "sim"): "CLI subcommand",
    ("sim.tournament.cli", "sim"): "CLI subcommand",
    # the tournament store loads without sim (stdlib and sqlite3: tests/tournament_worker.py)
    ("sim.tournament.store", "sim"): "a store without sim",
    ("sim.tournament.queries", "sim"): "a store without sim",
}


def _function_imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, top-level package, commented) of every import inside a function of ``path``; an import
    is commented when it, or a line of the comments and imports right above it, has a comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    found = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found |= {(node.lineno, p) for node in ast.walk(fn) if isinstance(node, (ast.Import, ast.ImportFrom))
                      for p in (["sim"] if getattr(node, "level", 0) else _imported(node))}
    return [(n, p, _commented(lines, n)) for n, p in sorted(found)]


def _commented(lines: list[str], lineno: int) -> bool:
    i = lineno - 1
    while i >= 0 and "#" not in lines[i] and lines[i].strip().startswith(("import ", "from ")):
        i -= 1
    return i >= 0 and "#" in lines[i] and lines[i].strip().startswith(("import ", "from ", "#"))


def test_function_level_imports_are_only_the_allowed_lazy_ones():
    """An import inside a function is an allowed (module, package) pair, each with a comment saying why;
    everything else (sim's own modules, the standard library) is imported at the module's top."""
    found = {}
    for path in SIM.rglob("*.py"):
        for line, package, commented in _function_imports(path):
            found[(_module(path), package)] = found.get((_module(path), package), []) + [(line, commented)]
    outside = {k: [n for n, _ in v] for k, v in found.items() if k not in LAZY_IMPORTS}
    silent = {k: [n for n, c in v if not c] for k, v in found.items() if not all(c for _, c in v)}
    assert outside == {} and silent == {}
    assert set(LAZY_IMPORTS) <= set(found), "an allowed lazy import that is gone: drop it from LAZY_IMPORTS"


def test_the_lazy_import_check_reads_comments(tmp_path):
    """A function-level import is found with its package, and counts as commented only with a comment."""
    f = tmp_path / "m.py"
    f.write_text("def f():\n    # why\n    import os\n    from . import x\n\n\ndef g():\n    import json\n")
    assert _function_imports(f) == [(3, "os", True), (4, "sim", True), (8, "json", False)]


def _body_lengths() -> list[int]:
    """Lines of every function body in sim/ (from its first statement after the docstring to its end)."""
    lengths = []
    for path in SIM.rglob("*.py"):
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                body = fn.body[1:] if ast.get_docstring(fn, clean=False) is not None else fn.body
                lengths.append(body[-1].end_lineno - body[0].lineno + 1 if body else 0)
    return lengths


def test_functions_are_short():
    """Function bodies in sim/ have a median of at most 5 lines and a 90th percentile of at most 18."""
    lengths = _body_lengths()
    assert len(lengths) > 1000
    assert statistics.median(lengths) <= 5
    assert statistics.quantiles(lengths, n=10)[-1] <= 18
