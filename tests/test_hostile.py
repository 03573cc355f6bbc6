"""Hostile scenario files (tests/hostile/): each fails fast with one short, clear message that leaks nothing."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.io import safe_name
from sim.scenario import ScenarioError, load_scenario, scenario_from_dict
from sim.scenario_yaml import MAX_BYTES

HOSTILE = Path(__file__).resolve().parent / "hostile"
ROOT = HOSTILE.parent.parent

EXPECTED = {  # file -> fragment of its message
    "alias_bomb.yaml": "aliases (*name) expand to more than",
    "bool_count.yaml": "accounts.count: bad value True: must be a whole number",
    "bool_key.yaml": "key 'yes' is read as true/false",
    "custom_tag.yaml": "tag '!secret' is not allowed",
    "deep_mapping.yaml": "nested more than 30 levels deep",
    "deep_nesting.yaml": "nested more than 30 levels deep",
    "dup_key.yaml": "duplicate key reps.count",
    "extends_secrets_txt.yaml": "'secrets.txt' is not a scenario file",
    "extends_secrets_yaml.yaml": "has a key that is not a scenario key (under the top level; not shown",
    "huge_string.yaml": "description_x: unknown key (did you mean description?)",
    "huge_value.yaml": "reps.hourly_cost: bad value 1e+308: Input should be less than or equal to",
    "inf_param.yaml": "params.value_weight: numbers must be finite",
    "inf_value.yaml": "reps.hourly_cost: bad value inf: Input should be a finite number",
    "long_int.yaml": "a number has too many digits",
    "nan_value.yaml": "market.churn_scale: bad value nan: Input should be a finite number",
    "not_utf8.yaml": "(byte 9): not UTF-8 text",
    "nul_char.yaml": "character #x0000 is not allowed",
    "python_tag.yaml": "tag '!!python/object/apply:",
    "recursive_alias.yaml": "an alias refers to itself",
    "set_tag.yaml": "tag '!!set' is not allowed",
    "shadow_builtin.yaml": "custom_strategies.value_based: a built-in strategy has this name",
    "unknown_strategy.yaml": "strategies: unknown strategy 'nonexistent'",
}
VALID = {"dates.yaml", "traversal_name.yaml", "secrets.yaml"}  # load; their danger is elsewhere


def test_every_corpus_file_has_an_expectation():
    """A file added to tests/hostile/ without an expected message fails here."""
    assert {p.name for p in HOSTILE.glob("*.yaml")} == set(EXPECTED) | VALID


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_fails_fast_with_one_short_line(name):
    """One line naming the file and the problem, within a second, repeating at most 60 characters of a value."""
    t0 = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(HOSTILE / name)
    msg = str(info.value)
    assert time.perf_counter() - t0 < 2
    assert EXPECTED[name] in msg
    lines = msg.replace(str(HOSTILE / name), name).splitlines()  # the checkout's path is not the message's length
    assert name in msg and len(lines) <= 2 and all(len(line) < 400 for line in lines)
    assert "SECRET" not in msg and "A" * 61 not in msg


def test_oversized_file_is_refused_unread(tmp_path):
    """A file over the size limit is refused by its size."""
    big = tmp_path / "big.yaml"
    big.write_text("description: '" + "A" * MAX_BYTES + "'\n")
    with pytest.raises(ScenarioError, match="refused: larger than 1000 kB"):
        load_scenario(big)


def test_dates_stay_text():
    """An unquoted date is text (YAML would make it a date object)."""
    assert load_scenario(HOSTILE / "dates.yaml").name == "2024-01-01"


@pytest.mark.parametrize(("name", "safe"), [
    ("../../escaped-routine_care", "_.._escaped-routine_care"), ("..", "unnamed"), ("a/b\\c", "a_b_c"),
    ("課程-value_based", "課程-value_based"), (".hidden", "hidden"), ("con", "_con"), ("", "unnamed"),
])
def test_safe_name_is_one_plain_file_name(name, safe):
    """Separators and leading dots go; letters of any script stay."""
    assert safe_name(name) == safe


def _tree(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*")}


def test_cli_validate_corpus_and_run_traversal_name_stay_inside(tmp_path):
    """validate on the whole corpus: exit 2, one line per bad file, nothing leaked; run of a scenario named
    ``../../escaped`` writes only under out/; nothing else changes in the folder or in scenarios/."""
    work = tmp_path / "work"
    work.mkdir()
    before, scenarios = _tree(tmp_path), _tree(ROOT / "scenarios")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    files = [str(HOSTILE / n) for n in sorted(EXPECTED)]
    proc = subprocess.run([sys.executable, "-m", "sim", "validate", *files], capture_output=True, text=True,
                          cwd=work, env=env, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "SECRET" not in proc.stderr
    assert len(proc.stderr.splitlines()) == len(files) + 1  # extends_secrets_yaml names both of its keys
    proc = subprocess.run([sys.executable, "-m", "sim", "run", str(HOSTILE / "traversal_name.yaml"), "-r", "1",
                           "-q"], capture_output=True, text=True, cwd=work, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    after = _tree(tmp_path)
    new = sorted(set(after) - set(before))
    assert new and all(p.startswith("work/out") for p in new), new
    assert (work / "out" / "_.._escaped-routine_care" / "manifest.json").is_file()
    assert {k: after[k] for k in before} == before and _tree(ROOT / "scenarios") == scenarios


def test_python_api_input_too_deep_or_too_long_is_one_line():
    """From Python (a JSON store, a notebook): 5,000-deep mappings and 5,000-digit numbers get a short message."""
    deep = inner = {}
    for _ in range(5000):
        inner["a"] = {}
        inner = inner["a"]
    for raw in ({"junk": deep}, {"reps": deep}, {"custom_strategies": {"m": {"params": deep}}}, {"seed": 10**5000}):
        with pytest.raises(ScenarioError) as info:
            scenario_from_dict(raw)
        assert len(str(info.value).splitlines()) == 1 and len(str(info.value)) < 400


def test_a_missing_item_does_not_repeat_its_list_from_another_file(tmp_path):
    """A list that is one item short names the missing item, not the list (which may be another file's)."""
    (tmp_path / "base.yaml").write_text("relationship:\n  tier_thresholds: [SECRET-do-not-print, 5]\n")
    (tmp_path / "mine.yaml").write_text("extends: base.yaml\nname: mine\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "mine.yaml")
    msg = str(info.value)
    assert "relationship.tier_thresholds.2" in msg and "SECRET" not in msg
