"""Exercises: solution notebooks pass their checks, blank workbooks fail with feedback, workbooks stay in
sync with the solutions, wrong types get friendly messages, variants are per trainee, both languages.

The 16 notebooks run in one kernel (started once for this module, reset before each notebook).
"""

from __future__ import annotations

import copy

import nbformat
import pytest

import sim
from sim.exercises import EXERCISES, build, exercise_module, variant
from sim.exercises.feedback import Feedback

SOLUTIONS = build.solution_paths()
NAMES = [p.name for p in SOLUTIONS]


@pytest.fixture(scope="module")
def kernel():
    """One Python kernel from this venv, shared by every notebook of the module."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    yield km
    kc.stop_channels()
    km.shutdown_kernel(now=True)


@pytest.fixture(autouse=True)
def english():
    sim.set_language("en")
    yield
    sim.set_language("en")


def execute(nb, km):
    """Run ``nb`` in the shared kernel after a reset; return the text of every output."""
    from nbclient import NotebookClient

    nb = copy.deepcopy(nb)
    reset = nbformat.v4.new_code_cell("%reset -f\nimport sim\nsim.set_language('en')")
    nb.cells.insert(0, reset)
    NotebookClient(nb, km=km, timeout=120, resources={"metadata": {"path": str(build.EXERCISE_DIR)}}).execute()
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            texts.append(out.get("text", "") + data.get("text/plain", ""))
    return texts


def check_output(texts: list[str]) -> str:
    """The output of the check cell (the one with the exercise's verdict)."""
    found = [t for t in texts if "— Passed" in t or "— Not yet" in t]
    assert found, "no check output in the notebook"
    return found[-1]


@pytest.mark.parametrize("name", NAMES)
def test_solution_notebook_passes(name, kernel):
    """Each solution notebook runs and its check passes."""
    out = check_output(execute(nbformat.read(build.SOLUTION_DIR / name, as_version=4), kernel))
    assert "— Passed" in out and "✗" not in out, out


@pytest.mark.parametrize("name", NAMES)
def test_blank_workbook_fails_with_feedback(name, kernel):
    """Each trainee workbook runs and its check fails, saying the answer is missing."""
    out = check_output(execute(nbformat.read(build.EXERCISE_DIR / name, as_version=4), kernel))
    assert "— Not yet" in out and "no answer yet" in out, out


def test_workbooks_in_sync_with_solutions():
    """Regenerating the workbooks from the solutions gives the committed files."""
    assert build.build(check=True) == []


def test_every_exercise_has_a_solution():
    """Each exercise module has a solution notebook with a tagged solution cell."""
    assert len(SOLUTIONS) == len(EXERCISES) >= 8
    for path in SOLUTIONS:
        nb = nbformat.read(path, as_version=4)
        assert any("solution" in c.metadata.get("tags", []) for c in nb.cells), path.name


def test_workbook_blanks_solution_cells():
    """A workbook keeps no solution source and sets the answer variables to None."""
    nb = build.workbook(nbformat.read(build.SOLUTION_DIR / "01_delivered_value.ipynb", as_version=4))
    cell = next(c for c in nb.cells if "answer" in c.metadata.get("tags", []))
    assert cell.source.startswith(build.STUB) and "ours = None" in cell.source and "def delivered" not in cell.source


def test_cli_build_check(capsys):
    """`python -m sim exercises build --check` exits 0 when the workbooks are up to date."""
    from sim.cli import main

    assert main(["exercises", "build", "--check"]) == 0
    assert "8 of 8 workbooks up to date" in capsys.readouterr().out


@pytest.mark.parametrize("number", list(EXERCISES))
def test_none_answers_get_friendly_feedback(number):
    """Every check turns None answers into feedback, not an exception."""
    mod = exercise_module(number)
    fb = mod.check(mod.variant("Wang Li"))
    assert isinstance(fb, Feedback) and not fb.passed and "no answer yet" in fb.text()


@pytest.mark.parametrize("number, answers, message", [
    (1, ("28", 19, "ours", 0), "not text"),
    (1, ([1], 19, "ours", 0), "should be a number"),
    (2, ("A1: 3 care",), "should be a dict"),
    (2, ({"A1": {"gifts": 2}},), "unknown function"),
    (3, ("own_quota", {"dealer_function": "consulting"}), "missing 'remedies'"),
    (4, ({"favours": 0.5, "lend_a_hand": 0.5},), "missing 'share_success'"),
    (5, (3, "four"), "should be a number"),
    (6, (0.8, 50, {"colour": 1}), "unknown key"),
    (7, ("value_based",), "is a built-in"),
    (8, (["value_based"], "tier_ladder"), "should be a dict"),
])
def test_wrong_types_get_friendly_messages(number, answers, message):
    """A wrong type (text for a number, a list for a dict, a missing key) gets a message in plain words."""
    mod = exercise_module(number)
    fb = mod.check(mod.variant("Wang Li"), *answers)
    assert not fb.passed and message in fb.text(), fb.text()


def test_class_instead_of_object_is_explained():
    """Passing a Strategy class rather than an object says how to fix it."""
    from sim.exercises import ex07_own_strategy as ex

    class Mine(sim.Strategy):
        name = "mine"

    assert "give an object: Mine()" in ex.check(ex.variant("Wang Li"), Mine).text()


def test_wrong_answer_explains_why():
    """A wrong delivered value names the slip in the course's terms."""
    from sim.exercises import ex01_delivered_value as ex

    v = ex.variant("Wang Li")
    value = sum(v.ours[k] for k in ex.VALUES)
    assert "total value only" in ex.check(v, value, 0, "ours", 0).text()


@pytest.mark.parametrize("number", list(EXERCISES))
def test_variant_stable_for_one_trainee(number):
    """The same name (any case or spacing) gives the same seed and numbers."""
    a, b = variant("Wang Li", number), variant("  wang   LI ", number)
    assert a.seed == b.seed and repr(a).splitlines()[1:] == repr(b).splitlines()[1:]


@pytest.mark.parametrize("number", list(EXERCISES))
def test_variants_differ_between_trainees(number):
    """Neighbours get different numbers."""
    shown = {tuple(repr(variant(who, number)).splitlines()[1:]) for who in ("Wang Li", "Chen Mei", "Li Na", "T-042")}
    assert len(shown) >= 2


def test_variant_seed_is_a_stable_hash():
    """The seed comes from SHA-256 of the name, the same in every session."""
    from sim.exercises import variant_seed

    assert variant_seed("Wang Li", 1) == variant_seed("wang li", 1) != variant_seed("Wang Li", 2)
    assert variant_seed("Wang Li", 1) == 744887438387121688


def test_empty_name_is_a_clear_error():
    """An empty trainee name says what to write."""
    from sim.exercises import AnswerError

    with pytest.raises(AnswerError, match="empty"):
        variant("  ", 1)


def test_feedback_in_chinese():
    """With sim.set_language('zh') the feedback and hints are in Chinese."""
    from sim.exercises import ex01_delivered_value as ex

    sim.set_language("zh")
    text = ex.check(ex.variant("Wang Li"), None, None, None, None).text()
    assert "還沒有完成" in text and "還沒有答案" in text
    assert "提示" in str(ex.hint(1))


def test_feedback_in_english_and_html():
    """Feedback renders as English text and as HTML for Jupyter."""
    from sim.exercises import ex01_delivered_value as ex

    fb = ex.check(ex.variant("Wang Li"), None, None, None, None)
    assert "Not yet" in fb.text() and "<div" in fb._repr_html_()


def test_hints_three_and_forgiving():
    """Each exercise has up to three hints; a bad hint number gives the nearest one."""
    for number in EXERCISES:
        mod = exercise_module(number)
        assert 1 <= len(mod.HINTS) <= 3
        assert mod.hint(99).n == len(mod.HINTS) and mod.hint("x").n == 1
