"""The course's numbers (``python -m sim facts``): every row holds, and the measures are sound."""

from __future__ import annotations

import json

import numpy as np
import pytest

import sim
from sim import cli
from sim.facts import FactRow, dormancy_idle_weeks, facts_table, mean_interval, ratio_interval, run_facts


@pytest.fixture(scope="module")
def rows() -> list[FactRow]:
    return run_facts(progress=False)


def test_every_course_number_holds(rows):
    """Each required row of the course's table falls in the course's range on the default scenarios."""
    failing = [f"{r.claim}: {r.value:.1f} not in {r.range_low}-{r.range_high} ({r.measure})"
               for r in rows if not r.holds and not r.examined]
    assert not failing, "\n".join(failing)


def test_table_has_a_row_per_claim(rows):
    """Every claim of course.md's table is measured (tiers give three rows, 20/80/30 two, the pool two)."""
    assert len(rows) == 11
    assert {r.source.split()[1] for r in rows} == {"000", "003"}
    assert len({r.key for r in rows}) == 11


def test_examined_claims_report_what_it_takes(rows):
    """HBR's "5% more satisfaction doubles profit" and 20/80 against total profit are examined, with evidence:
    the satisfaction row says the satisfaction reached, the 20/80 row the share of potential profit beside it."""
    by = {r.key: r for r in rows}
    assert {r.key for r in rows if r.examined} == {"satisfaction", "top20"}
    assert "satisfaction goes" in by["satisfaction"].measure and "(5% more)" in by["satisfaction"].measure
    assert by["satisfaction"].low > 0  # more satisfaction does earn more here, only not double
    assert by["top20"].value > 100 and "% of potential profit" in by["top20"].measure


def test_intervals_bracket_their_means(rows):
    """Each simulated figure lies inside its own 95% interval."""
    assert all(r.low <= r.value <= r.high for r in rows)


def test_table_names_every_claim_and_verdict(rows):
    """The printed table shows each claim, its interval and whether it holds."""
    text = facts_table(rows)
    assert all(r.claim in text for r in rows)
    assert "9 of 9 rows hold; 2 claims examined, not required." in text


def test_strict_row_needs_its_whole_interval_in_range():
    """A strict row fails when its mean is in range but its interval is not."""
    row = FactRow("c", "s", "m", value=5.0, low=-1.0, high=11.0, range_low=0.0, range_high=100.0, strict=True)
    assert not row.holds
    assert FactRow("c", "s", "m", 5.0, -1.0, 11.0, 0.0, 100.0).holds


def test_mean_interval_is_a_t_interval():
    """Mean and 95% t-interval of a small sample (checked against the textbook value)."""
    m, lo, hi = mean_interval([1.0, 2.0, 3.0, 4.0])
    assert m == 2.5
    assert hi - m == pytest.approx(3.182446 * np.std([1, 2, 3, 4], ddof=1) / 2, rel=1e-5)
    assert m - lo == pytest.approx(hi - m)


def test_ratio_interval_of_a_constant_ratio_is_tight():
    """Paired replications with the same ratio give that ratio and a zero-width interval."""
    base = np.array([1.0, 2.0, 5.0, 7.0])
    r, lo, hi = ratio_interval(1.4 * base, base)
    assert r == pytest.approx(1.4) and lo == pytest.approx(1.4) and hi == pytest.approx(1.4)


def test_dormancy_follows_the_three_month_rule():
    """Every move into the public pool comes 13-14 weeks after the account's last purchase."""
    sc = sim.scenario_from_dict({"accounts": {"count": 400}, "reps": {"count": 4}, "dealers": {"count": 2},
                                 "horizon_months": 12})
    idle = dormancy_idle_weeks(sim.run(sc, "no_care", 3))
    idle = idle[~np.isnan(idle)]
    assert idle.size > 10
    assert ((idle >= 13.0) & (idle < 14.0)).all()


def test_cli_facts_exits_1_when_a_row_fails(monkeypatch, capsys):
    """``python -m sim facts`` prints the table and exits 1 if any row does not hold."""
    bad = [FactRow("a claim", "seed 000", "a measure", 1.0, 0.5, 1.5, 2.0, 3.0, "x")]
    monkeypatch.setattr("sim.facts.run_facts", lambda replications=None, progress=True, scenario=None: bad)
    assert cli.main(["facts", "--quiet"]) == 1
    assert "a claim" in capsys.readouterr().out


def test_cli_facts_examined_rows_do_not_fail_it(monkeypatch, tmp_path, capsys):
    """An examined claim that does not hold is shown but leaves the exit code 0; --json saves every row."""
    rows = [FactRow("ok", "seed 000", "m", 2.5, 2.2, 2.8, 2.0, 3.0, "x", key="ok"),
            FactRow("quoted", "seed 000", "m", 1.0, 0.5, 1.5, 2.0, 3.0, "x", key="q", examined=True)]
    monkeypatch.setattr("sim.facts.run_facts", lambda replications=None, progress=True, scenario=None: rows)
    out = tmp_path / "f" / "facts.json"
    assert cli.main(["facts", "--quiet", "--json", str(out)]) == 0
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["key"], r["holds"], r["examined"], r["low"]) for r in saved] == [("ok", True, False, 2.2),
                                                                                  ("q", False, True, 0.5)]
    assert "NO (examined)" in capsys.readouterr().out


def test_cli_facts_on_a_scenario_file(tmp_path, capsys):
    """``--scenario FILE`` measures the rows on that business; a bad file is one line and exit 2."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("accounts: {count: -3}\n", encoding="utf-8")
    assert cli.main(["facts", "--quiet", "--scenario", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "accounts.count" in err and len(err.strip().splitlines()) == 1
