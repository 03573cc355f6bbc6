"""``calibrate`` protects its inputs and built-ins, writes only on success, and reports the fit.

The fit report: Gamma-Gamma recovers known parameters, CLV and its interval hang together,
a parameter at a search bound is a warning in the page and exit code 3 unless --accept-poor-fit.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from sim.calibration import CalibrationError, bgnbd, fitpage, gammagamma, simfit
from sim.calibration import cli as calcli
from sim.calibration.fit import ASSUMED_MARGIN, calibrate
from sim.calibration.io import read_transactions
from sim.calibration.report import draws_for, fit_report, fit_warnings, holdout_by_frequency
from sim.calibration.simdata import example_log
from sim.cli import main
from sim.scenario import SCENARIO_DIR

MARKET = {"purchases_per_year": 12.0, "rate_spread": 0.5, "churn_scale": 1.0}
COLS = ["--customer", "customer", "--date", "date", "--amount", "amount", "--pilot-accounts", "100", "-q"]


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """Half a year of a 300-account simulated book as a CSV export."""
    log, _ = example_log(300, 26, MARKET, seed=5)
    path = tmp_path_factory.mktemp("cli") / "export.csv"
    log.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def cal(export):
    return calibrate(read_transactions(export, "customer", "date", "amount"), pilot_accounts=100, seed=3)


@pytest.fixture(scope="module")
def rep(cal):
    return fit_report(cal, seed=1, draws=60)


def calibrate_cli(export, out, *extra) -> int:
    return main(["calibrate", str(export), *COLS, "-o", str(out), *extra])


# ---------------------------------------------------------------- -o protections
def test_output_equal_to_the_input_is_refused_and_the_input_kept(tmp_path, capsys):
    """-o naming the input (directly, relatively, through a symlink or a hard link) exits 2 and leaves the input."""
    data = tmp_path / "sales.yaml"  # an input with a scenario's suffix
    data.write_text("client,day,total\nA,2024-01-01,5\nA,2024-02-01,6\n")
    before = data.read_bytes()
    (tmp_path / "link.yaml").symlink_to(data)
    (tmp_path / "hard.yaml").hardlink_to(data)
    for out in (data, tmp_path / "." / "sales.yaml", tmp_path / "link.yaml", tmp_path / "hard.yaml"):
        code = main(["calibrate", str(data), "--customer", "client", "--date", "day", "--amount", "total", "-q",
                     "-o", str(out)])
        assert code == 2 and "would overwrite the input file" in capsys.readouterr().err
    assert data.read_bytes() == before


def test_builtin_scenarios_are_never_overwritten(tmp_path, monkeypatch, export, capsys):
    """A scenario in scenarios/ that calibrate did not write is refused, also through a symlink; nothing changes."""
    shipped = tmp_path / "scenarios"
    shipped.mkdir()
    course = shipped / "course.yaml"
    course.write_bytes((SCENARIO_DIR / "course.yaml").read_bytes())
    monkeypatch.setattr(calcli, "SCENARIO_DIR", shipped)
    (tmp_path / "mine.yaml").symlink_to(course)
    for out in (course, tmp_path / "mine.yaml"):
        assert calibrate_cli(export, out) == 2
        assert "ships with the project" in capsys.readouterr().err
    assert course.read_bytes() == (SCENARIO_DIR / "course.yaml").read_bytes()
    assert sorted(p.name for p in shipped.iterdir()) == ["course.yaml"]


def test_the_real_builtins_are_guarded():
    """Every file shipped under scenarios/ is refused as -o (the check runs before anything is read)."""
    for path in SCENARIO_DIR.rglob("*.yaml"):
        with pytest.raises(CalibrationError, match="ships with the project"):
            calcli.guard_output(path, path.parent / "sales.csv")


def test_a_file_calibrate_wrote_in_scenarios_may_be_recalibrated(tmp_path, monkeypatch):
    """Recalibrating over one's own calibrated file in scenarios/ is allowed; a non-.yaml -o is not."""
    monkeypatch.setattr(calcli, "SCENARIO_DIR", tmp_path)
    mine = tmp_path / "my_book.yaml"
    mine.write_text(f"{calcli.CALIBRATED_MARK} `python -m sim calibrate` ...\nextends: workshop\n")
    calcli.guard_output(mine, tmp_path / "sales.csv")
    with pytest.raises(CalibrationError, match="must end in .yaml"):
        calcli.guard_output(tmp_path / "out.csv", tmp_path / "sales.csv")


def test_nothing_is_written_when_the_input_is_bad(tmp_path):
    """A bad file: exit 2, neither the scenario nor its report exists afterwards, no temp file left."""
    bad = tmp_path / "bad.csv"
    bad.write_text("customer,date,amount\nA,2024-01-01,-5\n")
    assert calibrate_cli(bad, tmp_path / "out" / "book.yaml") == 2
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# ---------------------------------------------------------------- poor fits
def test_a_search_limit_hit_warns_exits_3_and_writes_only_the_report(export, tmp_path, monkeypatch, capsys):
    """With purchases_per_year capped below the data's rate the search stops at the limit: exit 3, the report
    says so, the scenario is not written; --accept-poor-fit writes it (exit 0)."""
    monkeypatch.setitem(simfit.LIMITS, "purchases_per_year", (0.05, 2.0))
    out = tmp_path / "book.yaml"
    assert calibrate_cli(export, out) == calcli.POOR_FIT
    err = capsys.readouterr().err
    assert "market.purchases_per_year = 2 stopped at its search limit" in err and "--accept-poor-fit" in err
    assert not out.exists() and not calcli.clv_path(out).exists()
    assert "stopped at its search limit" in calcli.report_path(out).read_text()
    assert calibrate_cli(export, out, "--accept-poor-fit") == 0
    assert out.exists() and "purchases_per_year: 2.0" in out.read_text()
    clv = pd.read_csv(calcli.clv_path(out))
    assert list(clv.columns[:2]) == ["customer", "x"] and clv["clv"].gt(0).all()


def test_a_bgnbd_parameter_at_its_bound_is_a_warning(cal, rep):
    """A BG/NBD parameter at e^12 gives a bound warning in English and Chinese; the clean fit gives none."""
    assert rep.warnings == [] and not rep.poor
    m = cal.model
    stuck = dataclasses.replace(cal, model=bgnbd.BGNBD(m.r, m.alpha, m.a, math.exp(bgnbd.LOG_BOUND), m.cov_log))
    (en, zh), = [w for w in fit_warnings(stuck, rep.spend) if "bound" in w[0]]
    assert "BG/NBD: b reached the search bound" in en and "邊界" in zh


def test_a_pilot_refit_far_from_the_data_is_a_warning(cal, rep):
    """A last pilot refit whose mean rate is twice the data's is named, with the allowed difference."""
    last = cal.match.steps[-1]
    far = dataclasses.replace(last, fitted=dataclasses.replace(last.fitted, mean_rate=2 * cal.model.mean_rate()[0]))
    bad = dataclasses.replace(cal, match=dataclasses.replace(cal.match, steps=[*cal.match.steps[:-1], far]))
    msgs = [en for en, _ in fit_warnings(bad, rep.spend)]
    assert len(msgs) == 1 and msgs[0].startswith("pilot refit disagrees with the data: mean purchase rate per week")


# ---------------------------------------------------------------- Gamma-Gamma and CLV
def test_gamma_gamma_recovers_known_parameters():
    """p, q, γ of simulated spend come back within 3 standard errors, and the fit beats the truth's likelihood."""
    true = gammagamma.GammaGamma(6.25, 3.74, 15.44)  # lifetimes' CDNOW estimates
    rng = np.random.default_rng(7)
    x = 1 + rng.poisson(2.5, 4000)
    m = gammagamma.simulate(true, x, rng)
    got = gammagamma.fit(x, m)
    for name in gammagamma.NAMES:
        assert abs(getattr(got, name) - getattr(true, name)) < 3 * got.se[name], name
    assert got.mean_spend == pytest.approx(true.mean_spend, rel=0.05)
    loglik_true = gammagamma._terms(true.theta[:, None], x, m).sum()
    assert got.loglik >= loglik_true - 1e-6


def test_conditional_spend_is_the_weighted_average():
    """E[Z | x, m] = w · population mean + (1 − w) · m with w = (q − 1)/(px + q − 1)."""
    g = gammagamma.GammaGamma(2.0, 4.0, 30.0)
    x, m = np.array([1, 3, 10]), np.array([5.0, 20.0, 50.0])
    w = (g.q - 1) / (g.p * x + g.q - 1)
    assert gammagamma.conditional_spend(g, x, m) == pytest.approx(w * g.mean_spend + (1 - w) * m)


def test_clv_is_transactions_times_spend_times_margin_within_its_interval(rep):
    """CLV per customer = E[transactions] × E[spend] × margin; intervals ordered and around it."""
    c = rep.customers
    assert c["clv"].to_numpy() == pytest.approx(ASSUMED_MARGIN * c["transactions"] * c["spend"])
    assert (c["clv_low"] <= c["clv_high"]).all() and (c["clv_low"] < c["clv_high"]).mean() > 0.99
    inside = (c["clv_low"] <= c["clv"]) & (c["clv"] <= c["clv_high"])
    assert inside.mean() > 0.9


def test_period_transactions_and_alive_matrix(cal, rep):
    """Observed and model frequencies each add up to the customers; P(alive) falls with age since last purchase."""
    assert rep.period["observed"].sum() == cal.customers and rep.period["model"].sum() == pytest.approx(cal.customers)
    a = rep.alive[rep.alive["x"] == 2].sort_values("t_x")
    assert a["p_alive"].is_monotonic_increasing and a["p_alive"].iat[-1] > a["p_alive"].iat[0]


def test_holdout_by_frequency_groups_customers():
    """Mean holdout transactions by calibration repeat transactions, the last bin open-ended."""
    n = [1] * 10 + [2] * 10 + [30]  # calibration transactions: 0, 1 and 29 repeats
    df = pd.DataFrame({"calibration_transactions": n, "holdout_actual": [0, 2] * 5 + [1] * 10 + [9],
                       "holdout_bgnbd": 1.0, "holdout_simulation": 1.0})
    h = holdout_by_frequency(df)
    assert h["frequency"].tolist() == ["0", "1", "7+"] and h["actual"].tolist() == [1.0, 1.0, 9.0]
    assert h["customers"].tolist() == [10, 10, 1]


def test_report_page_is_bilingual_with_its_charts(cal, rep):
    """The page names the parameters with standard errors, in both languages, with two charts (three after a
    backtest) and the warning box when there are warnings."""
    page = fitpage.render(rep)
    assert "Fit report · 模型擬合報告" in page and "±" in page and page.count("vegaEmbed(") == 2
    assert "Probability alive · 仍活躍機率" in page and "<script src=" not in page
    customers = pd.DataFrame({"calibration_transactions": cal.summary["n"].to_numpy(), "holdout_actual": 1,
                              "holdout_bgnbd": 1.0, "holdout_simulation": 1.0})
    with_holdout = dataclasses.replace(rep, holdout=holdout_by_frequency(customers),
                                       warnings=[("a parameter reached a bound", "參數觸及邊界")])
    page = fitpage.render(with_holdout)
    assert page.count("vegaEmbed(") == 3 and 'class="warn"' in page and "參數觸及邊界" in page


def test_big_books_get_fewer_clv_draws():
    """The CLV sample stays bounded: 200 draws for a small book, fewer (at least 50) for a million customers."""
    assert draws_for(1_000) == 200 and draws_for(400_000) == 50 and draws_for(1_000_000) == 50
    assert draws_for(150_000) == 133


def test_no_standard_errors_is_a_warning_and_shows_as_a_dash(cal, rep):
    """A covariance that is not positive definite warns, and the page shows '(—)', never '± 0'."""
    m = cal.model
    flat = dataclasses.replace(cal, model=dataclasses.replace(m, cov_log=-np.eye(4)))
    assert [en for en, _ in fit_warnings(flat, rep.spend)] == [
        "BG/NBD: no standard errors (the likelihood is flat or degenerate): the data cannot tell the parameters"]
    page = fitpage.render(dataclasses.replace(rep, calibration=flat))
    assert f"{m.r:.4g} (—)" in page and f"{m.r:.4g} ± 0<" not in page
