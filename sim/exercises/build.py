"""Trainee workbooks from the solution notebooks (solutions are the source of truth).

``exercises/solutions/NN_name.ipynb`` holds the full notebook; its cells tagged ``solution`` are
the answers. :func:`workbook` blanks each of them to a ``# YOUR ANSWER HERE`` stub that sets the
answer variables later cells use to ``None`` (so the check still runs and says what is missing),
clears outputs, and keeps everything else. ``python -m sim exercises build`` writes
``exercises/NN_name.ipynb``; ``--check`` only reports workbooks that are out of date (exit 1).
"""

from __future__ import annotations

import ast
import copy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
EXERCISE_DIR = ROOT / "exercises"
SOLUTION_DIR = EXERCISE_DIR / "solutions"
TAG = "solution"
STUB = "# YOUR ANSWER HERE / 在這裡寫你的答案"

__all__ = ["build", "register", "solution_paths", "workbook", "workbook_text"]


def _assigned(source: str) -> list[str]:
    """Names a cell assigns at top level (in order)."""
    names: list[str] = []
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AnnAssign, ast.AugAssign)) else []
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name) and n.id not in names:
                    names.append(n.id)
    return names


def _used(sources: list[str]) -> set[str]:
    """Names read anywhere in ``sources``."""
    used: set[str] = set()
    for src in sources:
        try:
            tree = ast.parse(src)
        except SyntaxError:
            continue
        used |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return used


def _stub(source: str, later: list[str]) -> str:
    """The blank for a solution cell: the answer variables that later cells read, set to None."""
    keep = [n for n in _assigned(source) if n in _used(later)]
    return "\n".join([STUB, *(f"{n} = None" for n in keep)]) + "\n"


def workbook(solution):
    """The trainee workbook (a new notebook) for a solution notebook."""
    nb = copy.deepcopy(solution)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        tags = cell.get("metadata", {}).get("tags", [])
        if TAG in tags:
            later = [c.source for c in code[code.index(cell) + 1:]]
            cell.source = _stub(cell.source, later)
            cell.metadata["tags"] = [t for t in tags if t != TAG] + ["answer"]
    return nb


def solution_paths() -> list[Path]:
    return sorted(SOLUTION_DIR.glob("[0-9][0-9]_*.ipynb"))


def workbook_text(path: Path) -> str:
    """The workbook of solution ``path``, as the text of its .ipynb file."""
    import nbformat  # lazy: heavy (jsonschema, ~1 s), and python -m sim imports this module

    return nbformat.writes(workbook(nbformat.read(path, as_version=4))) + "\n"


def build(check: bool = False) -> list[Path]:
    """Write (or with ``check``, only compare) every workbook; return those that differed."""
    changed = []
    for path in solution_paths():
        out = EXERCISE_DIR / path.name
        text = workbook_text(path)
        if not out.is_file() or out.read_text(encoding="utf-8") != text:
            changed.append(out)
            if not check:
                out.write_text(text, encoding="utf-8")
    return changed


def _cmd_build(args) -> int:
    changed = build(check=args.check)
    n = len(solution_paths())
    if args.check:
        for p in changed:
            print(f"out of date: {p.relative_to(ROOT)} (run: python -m sim exercises build)", file=sys.stderr)
        print(f"{n - len(changed)} of {n} workbooks up to date")
        return 1 if changed else 0
    print(f"{len(changed)} of {n} workbooks written to {EXERCISE_DIR.relative_to(ROOT)}/")
    return 0


def register(subparsers) -> None:
    """Add ``exercises build [--check]`` to the ``python -m sim`` command line."""
    p = subparsers.add_parser("exercises", help="build the trainee workbooks from the solution notebooks",
                              description="Trainee workbooks: exercises/NN_name.ipynb, generated from "
                                          "exercises/solutions/ (cells tagged 'solution' are blanked).")
    sub = p.add_subparsers(dest="exercises_command", metavar="ACTION", required=True)
    b = sub.add_parser("build", help="write exercises/NN_name.ipynb from exercises/solutions/")
    b.add_argument("--check", action="store_true", help="write nothing; exit 1 if a workbook is out of date")
    b.set_defaults(func=_cmd_build)
