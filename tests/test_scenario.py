"""Scenario files: defaults, ``extends:`` merging, clear errors before anything runs, frozen values."""

from __future__ import annotations

import pydantic
import pytest

import sim
from sim.scenario import ScenarioError, load_scenario, scenario_from_dict
from sim.strategies import BUILTINS


def _error(path, **kw) -> str:
    """Load ``path`` expecting a ScenarioError; return its message."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, **kw)
    return str(info.value)


# ---------------------------------------------------------------- defaults
def test_three_line_yaml_runs_with_defaults(write_yaml):
    """A three-line scenario file fills everything else from defaults and runs."""
    p = write_yaml("tiny.yaml", """
        name: tiny
        horizon_months: 2
        accounts: {count: 150}
    """)
    assert len(p.read_text().splitlines()) == 3
    sc = load_scenario(p)
    assert (sc.name, sc.horizon_months, sc.accounts.count) == ("tiny", 2, 150)
    assert sc.reps == sim.Scenario().reps
    res = sim.run(sc, "routine_care", seed=3)
    assert res.weeks == sc.horizon_weeks == 9
    assert len(res.events["t"]) > 0


def test_name_defaults_to_file_stem(write_yaml):
    """A file without ``name:`` is named after the file."""
    p = write_yaml("north_region.yaml", "horizon_months: 3\n")
    assert load_scenario(p).name == "north_region"


def test_overrides_deep_merge_into_file(write_yaml):
    """``overrides=`` replace single nested keys and keep their siblings."""
    p = write_yaml("base.yaml", "accounts: {count: 200, intermediary_share: 0.5}\n")
    sc = load_scenario(p, overrides={"accounts": {"count": 120}})
    assert (sc.accounts.count, sc.accounts.intermediary_share) == (120, 0.5)


# ---------------------------------------------------------------- extends
def test_extends_deep_merges_parent(write_yaml):
    """A child file overrides single nested keys of its parent and keeps the rest."""
    write_yaml("parent.yaml", """
        horizon_months: 5
        accounts: {count: 200, intermediary_share: 0.5}
        reps: {count: 2, weekly_budget: 300}
    """)
    child = write_yaml("child.yaml", """
        extends: parent.yaml
        accounts: {count: 150}
        reps: {weekly_budget: 100}
    """)
    sc = load_scenario(child)
    assert sc.horizon_months == 5
    assert (sc.accounts.count, sc.accounts.intermediary_share) == (150, 0.5)
    assert (sc.reps.count, sc.reps.weekly_budget) == (2, 100)


def test_extends_chain_of_three(write_yaml):
    """``extends:`` is transitive: a grandchild sees its grandparent's keys."""
    write_yaml("a.yaml", "horizon_months: 4\nreps: {count: 2}\n")
    write_yaml("b.yaml", "extends: a.yaml\nreps: {hourly_cost: 30}\n")
    c = write_yaml("c.yaml", "extends: b.yaml\naccounts: {count: 90}\n")
    sc = load_scenario(c)
    assert (sc.horizon_months, sc.reps.count, sc.reps.hourly_cost, sc.accounts.count) == (4, 2, 30, 90)


def test_extends_a_scenario_by_name(write_yaml):
    """``extends: workshop`` finds the file in ``scenarios/``."""
    p = write_yaml("mine.yaml", "extends: workshop\nhorizon_months: 3\n")
    base = load_scenario("workshop")
    sc = load_scenario(p)
    assert sc.horizon_months == 3
    assert sc.description == base.description
    assert sc.accounts == base.accounts


def test_child_without_name_is_named_after_its_file(write_yaml):
    """A child file without ``name:`` takes its own file name, not its parent's."""
    p = write_yaml("mine.yaml", "extends: workshop\nhorizon_months: 3\n")
    assert load_scenario(p).name == "mine"


def test_extends_cycle_is_rejected(write_yaml):
    """Two files extending each other fail with a message naming the cycle."""
    write_yaml("ping.yaml", "extends: pong.yaml\n")
    pong = write_yaml("pong.yaml", "extends: ping.yaml\n")
    msg = _error(pong)
    assert "cycle" in msg
    assert "ping.yaml" in msg and "pong.yaml" in msg


def test_extends_self_is_rejected(write_yaml):
    """A file extending itself is a cycle too."""
    p = write_yaml("me.yaml", "extends: me.yaml\n")
    assert "cycle" in _error(p)


def test_extends_missing_parent_names_it(write_yaml):
    """A parent that does not exist is named in the error."""
    p = write_yaml("orphan.yaml", "extends: no_such_parent.yaml\n")
    msg = _error(p)
    assert "orphan.yaml" in msg and "no_such_parent.yaml" in msg and "extends" in msg


# ---------------------------------------------------------------- errors
def test_unknown_top_level_key_lists_allowed_keys(write_yaml):
    """A misspelt top-level key is named, with the keys allowed there."""
    p = write_yaml("typo.yaml", "acounts: {count: 10}\n")
    msg = _error(p)
    assert "typo.yaml" in msg and "acounts" in msg and "unknown key" in msg
    assert "accounts" in msg.split("allowed")[-1] and "horizon_months" in msg


def test_unknown_nested_key_names_path_and_allowed_keys(write_yaml):
    """A misspelt nested key is named by its full path, with its siblings allowed there."""
    p = write_yaml("typo.yaml", "reps: {hours: 30}\n")
    msg = _error(p)
    assert "typo.yaml" in msg and "reps.hours" in msg
    assert "hours_per_week" in msg.split("allowed")[-1]


@pytest.mark.parametrize(
    ("text", "path", "allowed"),
    [
        ("contacts:\n  care: {hours: 1, money: 5, rapport: 3, hourz: 2}\n", "contacts.care.hourz", "hours"),
        ("products:\n  - {name: a, price: 10, margin: 0.2, colour: red}\n", "products.0.colour", "margin"),
        ("custom_strategies:\n  mine: {extend: value_based}\n", "custom_strategies.mine.extend", "extends"),
    ],
    ids=["dict-of-models", "list-of-models", "custom-strategy"],
)
def test_unknown_key_inside_collections_lists_allowed_keys(write_yaml, text, path, allowed):
    """Unknown keys inside a mapping or list of records also list the keys allowed there."""
    p = write_yaml("typo.yaml", text)
    msg = _error(p)
    assert path in msg
    assert allowed in [k.strip() for k in msg.split("allowed here:")[-1].split(",")]


def test_wrong_type_names_file_path_value_and_type(write_yaml):
    """A value of the wrong type is named with its path and the expected type."""
    p = write_yaml("types.yaml", "reps: {count: many}\n")
    msg = _error(p)
    assert "types.yaml" in msg and "reps.count" in msg and "'many'" in msg and "integer" in msg


def test_out_of_range_names_the_limit(write_yaml):
    """An out-of-range value is named with its path and the allowed bound."""
    p = write_yaml("range.yaml", "reps: {selling_share: 1.5}\n")
    msg = _error(p)
    assert "range.yaml" in msg and "reps.selling_share" in msg and "1.5" in msg
    assert "less than or equal to 1" in msg


def test_cross_field_rule_names_the_fields(write_yaml):
    """More dealers than accounts is rejected, naming both counts."""
    p = write_yaml("dealers.yaml", "accounts: {count: 5}\ndealers: {count: 9}\n")
    msg = _error(p)
    assert "dealers.count" in msg and "accounts.count" in msg and "9" in msg


def test_one_error_gives_one_line(write_yaml):
    """A file with one mistake gives a one-line message, not a pydantic dump."""
    p = write_yaml("one.yaml", "horizon_months: 0\n")
    msg = _error(p)
    assert len(msg.splitlines()) == 1
    assert "horizon_months" in msg and "greater than or equal to 1" in msg


def test_error_chain_is_hidden(write_yaml):
    """The ScenarioError does not drag a pydantic ValidationError traceback along."""
    p = write_yaml("one.yaml", "horizon_months: -3\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    assert info.value.__suppress_context__ and info.value.__cause__ is None


def test_malformed_yaml_names_the_line(write_yaml):
    """Broken YAML fails with the file and the line of the problem."""
    p = write_yaml("broken.yaml", """
        name: broken
        horizon_months: 3
        reps: count: 2
    """)
    msg = _error(p)
    assert "broken.yaml" in msg and "line 3" in msg and "YAML" in msg


def test_yaml_that_is_not_a_mapping_is_rejected(write_yaml):
    """A YAML list at the top is not a scenario."""
    p = write_yaml("list.yaml", "- a\n- b\n")
    assert "mapping" in _error(p)


def test_missing_file_is_named(tmp_path):
    """A path that does not exist is named, with the known scenarios."""
    msg = _error(tmp_path / "nowhere.yaml")
    assert "nowhere.yaml" in msg and "workshop" in msg


def test_unknown_custom_strategy_base_fails_at_load(write_yaml):
    """A custom strategy built on an unknown strategy fails when the file loads, not when it runs."""
    p = write_yaml("custom.yaml", """
        custom_strategies:
          mine: {extends: super_care}
    """)
    msg = _error(p)
    assert "custom.yaml" in msg and "custom_strategies.mine.extends" in msg and "super_care" in msg
    assert all(name in msg for name in BUILTINS)


def test_bad_custom_strategy_param_fails_at_load(write_yaml):
    """An out-of-range custom strategy parameter fails when the file loads, naming its path."""
    p = write_yaml("custom.yaml", """
        custom_strategies:
          mine:
            extends: value_based
            params: {value_weight: 9}
    """)
    msg = _error(p)
    assert "custom.yaml" in msg and "custom_strategies.mine.params.value_weight" in msg and "9" in msg
    assert "less than or equal to 3" in msg


def test_unknown_custom_strategy_param_lists_allowed(write_yaml):
    """An unknown custom strategy parameter fails at load and lists the parameters allowed."""
    p = write_yaml("custom.yaml", """
        custom_strategies:
          mine:
            extends: value_based
            params: {value_wieght: 1}
    """)
    msg = _error(p)
    assert "custom.yaml" in msg and "custom_strategies.mine.params.value_wieght" in msg
    assert "value_weight" in msg.split("allowed")[-1]


def test_unknown_strategy_name_at_run_lists_available(small):
    """Running an unknown strategy name fails with the names available."""
    with pytest.raises(ScenarioError) as info:
        sim.build_world(small, "be_nice", 1)
    assert "be_nice" in str(info.value) and "value_based" in str(info.value)


# ---------------------------------------------------------------- frozen
def test_scenario_fields_cannot_be_set(small):
    """Assigning to a scenario's field raises."""
    with pytest.raises(pydantic.ValidationError):
        small.horizon_months = 3  # type: ignore[misc]


def test_nested_scenario_fields_cannot_be_set(small):
    """Assigning to a nested section's field raises."""
    with pytest.raises(pydantic.ValidationError):
        small.reps.count = 30  # type: ignore[misc]


@pytest.mark.parametrize(
    "mutate",
    [
        lambda sc: sc.strategies.append("no_care"),
        lambda sc: sc.accounts.regions.append("mars"),
        lambda sc: sc.products.pop(),
        lambda sc: sc.contacts.pop("care"),
        lambda sc: sc.custom_strategies.update(x=None),
    ],
    ids=["strategies", "regions", "products", "contacts", "custom_strategies"],
)
def test_scenario_containers_cannot_be_mutated(mutate):
    """Lists and mappings inside a scenario are read-only too, so a shared scenario cannot drift."""
    sc = scenario_from_dict({"custom_strategies": {"mine": {"extends": "value_based"}}})
    before = sim.scenario_hash(sc)
    with pytest.raises((TypeError, AttributeError, pydantic.ValidationError)):
        mutate(sc)
    assert sim.scenario_hash(sc) == before


# ---------------------------------------------------------------- hostile input
SECRET = "SECRET-value"


@pytest.mark.parametrize("parent", [
    f"reps: {{count: {SECRET}}}\n",
    f"strategies: [{SECRET}]\n",
    f"custom_strategies:\n  mine: {{extends: value_based, params: {{value_weight: {SECRET}}}}}\n",
    f"custom_strategies:\n  mine: {{extends: {SECRET}}}\n",
], ids=["bad-value", "unknown-strategy", "bad-param", "unknown-base"])
def test_extended_file_values_are_never_echoed(write_yaml, parent):
    """A bad value in an extended file is located (key path and that file) but not repeated."""
    write_yaml("parent.yaml", parent)
    child = write_yaml("child.yaml", "extends: parent.yaml\nhorizon_months: 2\n")
    msg = _error(child)
    assert SECRET not in msg and "parent.yaml" in msg and len(msg.splitlines()) == 1


def test_own_bad_value_is_echoed_cut_short(write_yaml):
    """A value of the user's own file is repeated, at most 60 characters of it."""
    p = write_yaml("own.yaml", "reps: {count: " + "x" * 500 + "}\n")
    msg = _error(p)
    assert "reps.count: bad value 'xxxx" in msg and "x" * 60 not in msg


def test_extends_through_a_link_to_a_non_scenario_file_is_refused(write_yaml, tmp_path):
    """``extends:`` a .yaml link to some other file is refused before that file is read."""
    (tmp_path / "notes.txt").write_text(f"password: {SECRET}\n")
    (tmp_path / "innocent.yaml").symlink_to(tmp_path / "notes.txt")
    msg = _error(write_yaml("child.yaml", "extends: innocent.yaml\n"))
    assert "is not a scenario file" in msg and SECRET not in msg


def test_number_written_as_text_gets_a_hint(write_yaml):
    """YAML reads 1e6 as text: the message says how to write it."""
    msg = _error(write_yaml("e.yaml", "reps: {monthly_quota: 1e6}\n"))
    assert "reps.monthly_quota" in msg and "1.0e+6" in msg


@pytest.mark.parametrize("value", [{1, 2}, b"x", float("inf"), 1e300, object()])
def test_strategy_params_hold_plain_finite_values_only(value):
    """Sets (whose order differs per process), bytes, objects and huge or infinite numbers are refused in params."""
    with pytest.raises(ScenarioError, match="custom_strategies.mine.params"):
        scenario_from_dict({"custom_strategies": {"mine": {"extends": "value_based",
                                                           "params": {"value_weight": value}}}})

