"""No bare behavioural numbers in sim/model (issue 16.1): behaviour lives in the scenario.

Every numeric literal in ``sim/model/*.py`` must be structural (0, 1, -1, 2; a subscript such
as ``u[3]``) or listed in :data:`ALLOWLIST` with the reason it is not behaviour. A new answer
chance, boost, cap or window written as a number fails here: make it a scenario parameter
(sim/scenario.py, documented in docs/model.md) and read it from ``world.scenario``.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

MODEL = Path(__file__).resolve().parent.parent / "sim" / "model"
STRUCTURAL = {0, 1, -1, 2}

#: (module, where: the enclosing function or the module-level name, value) -> how many times
ALLOWLIST: dict[tuple[str, str, float], int] = {
    # "never": the time of a purchase, decision-maker change or handover that has not happened
    ("book.py", "__init__", 1e9): 1,
    ("book.py", "_lane_columns", 1e9): 2,
    # -sigma**2 / 2: the log-mean that keeps a lognormal's mean at 1 (mathematics, not a choice)
    ("book.py", "_lane_columns", 0.5): 2,
    # performance only: below this batch size tiers are found without a binary search
    ("book.py", "tiers_for", 1024): 1,
    # the five uniforms each contact draws (u[0]..u[4]): the shape of the contacts stream's draws
    ("contacts.py", "_uniforms", 5): 4,
    # when in the week each process ticks: fixes the order of events, not what they do
    ("dealers.py", "DEALER_OFFSET", 0.5): 1,
    ("market.py", "MARKET_OFFSET", 0.9): 1,
    ("reps.py", "PLAN_OFFSET", 0.05): 1,
    ("reps.py", "CONTACT_OFFSET", 0.4): 1,
    # numerical guards against a division by zero
    ("dealers.py", "cover_weeks", 1e-9): 1,
    ("dealers.py", "_week", 1e-6): 1,
    ("market.py", "_draw_cause", 1e-300): 1,
    ("market.py", "_twin_dropout", 1e-300): 1,
    # a week has seven days: a twin account buys one basket a day at most
    ("market.py", "MAX_PER_WEEK", 7): 1,
    # the seven uniforms the market clock draws each week (one per use below it)
    ("market.py", "step", 7): 1,
    # the golden ratio's fraction: shifts a uniform to a fresh-looking one (a low-discrepancy step)
    ("market.py", "GOLDEN", 0.6180339887498949): 1,
    # (u - 0.5) * 2: a uniform turned into one on [-1, 1]
    ("market.py", "record_purchases", 0.5): 1,
    # spawn keys of the extra random streams (identities, not behaviour)
    ("people.py", "PEOPLE_STREAM", 16): 1,
    ("people.py", "BUYING_CENTRE_STREAM", 17): 1,
    # validation: function codes run 0..5 (sim.vocab.FUNCTIONS); rep keys fit 16 bits
    ("reps.py", "check_plan", 5): 1,
    ("reps.py", "allocate", 65536): 1,
    # performance only: the shock batch size below which events are applied one by one
    ("shocks.py", "BATCH_MIN", 16): 1,
}


def literals(source: str, module: str) -> Counter:
    """Non-structural numeric literals of ``source``, counted by (module, where, value)."""
    found: Counter = Counter()

    def visit(node, where: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            where = node.name
        elif isinstance(node, ast.Assign) and where == "<module>":
            names = [e for t in node.targets for e in (t.elts if isinstance(t, ast.Tuple) else [t])]
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value] * len(names)
            for name, value in zip(names, values):
                visit(value, name.id if isinstance(name, ast.Name) else where)
            return
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            visit(node.value, where)  # u[3]: an index is structural
            return
        if isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value not in STRUCTURAL:
            found[(module, where, node.value)] += 1
        for child in ast.iter_child_nodes(node):
            visit(child, where)

    visit(ast.parse(source), "<module>")
    return found


def model_literals() -> Counter:
    found: Counter = Counter()
    for path in sorted(MODEL.glob("*.py")):
        found += literals(path.read_text(encoding="utf-8"), path.name)
    return found


def test_no_bare_behavioural_literal_in_sim_model():
    """Every literal beyond the allowlist fails, named by module, function and value."""
    found = model_literals()
    extra = {k: n for k, n in found.items() if n > ALLOWLIST.get(k, 0)}
    assert not extra, (
        "bare numbers in sim/model (make each a scenario parameter, or allowlist it with a reason): "
        + ", ".join(f"{m}:{w} {v!r} ×{n}" for (m, w, v), n in sorted(extra.items(), key=str)))


def test_allowlist_has_no_stale_entry():
    """An allowlisted literal that is gone leaves the list too, so the list stays an honest account."""
    found = model_literals()
    stale = {k: n for k, n in ALLOWLIST.items() if found.get(k, 0) < n}
    assert not stale, f"allowlist entries no longer in sim/model: {stale}"


@pytest.mark.parametrize("code, hit", [
    ("def f(u):\n    return u < 0.92\n", ("m.py", "f", 0.92)),
    ("P = 0.35\n", ("m.py", "P", 0.35)),
    ("A, B = 3.0, 4\n", ("m.py", "B", 4)),
    ("def f(x):\n    return np.minimum(x, 25.0)\n", ("m.py", "f", 25.0)),
    ("def f(x, y):\n    return x[y > 26.0]\n", ("m.py", "f", 26.0)),
])
def test_scanner_flags_a_behavioural_number(code, hit):
    """The scanner sees a literal in a comparison, a module constant, a tuple and a call."""
    assert literals(code, "m.py")[hit] == 1


def test_scanner_lets_structure_pass():
    """0, 1, -1, 2, indices, booleans and strings are structural."""
    code = "def f(u, c):\n    x = u[3] + c[4] * 2 - 1\n    return x if True else -1 + 0.0, 'a 0.5'\n"
    assert literals(code, "m.py") == Counter()
