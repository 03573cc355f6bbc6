"""``python -m sim calibrate`` and ``python -m sim backtest``: bring your own CRM export.

Bad input (a missing column, an unreadable date, a negative amount, duplicates) gets one
message naming the rows and columns on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path

from sim.calibration import CalibrationError

__all__ = ["register"]

COLUMNS_HELP = """
The file has one row per purchase (CSV with a header line, or Parquet); name its columns with
--customer, --date and --amount (and --segment if it has one). Dates like 2024-03-31 (or give
--date-format). See docs/calibration.md."""


def _clean_errors(cmd):
    @functools.wraps(cmd)
    def run(args) -> int:
        try:
            return cmd(args)
        except CalibrationError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    return run


def _read(args):
    from sim.calibration.io import read_transactions

    return read_transactions(args.file, args.customer, args.date, args.amount, args.segment, args.date_format,
                             args.duplicates, args.sep, progress=not args.quiet)


@_clean_errors
def cmd_calibrate(args) -> int:
    """Fit a scenario to a transaction log and write it (validated, atomically)."""
    import sim
    from sim.calibration.fit import calibrate, write_scenario

    from sim.scenario import resolve_path

    out = Path(args.output)
    if out.resolve() == resolve_path("workshop").resolve():
        raise CalibrationError(f"{out}: that is the workshop scenario the calibrated one extends; choose another name")
    t0 = time.perf_counter()
    tx = _read(args)
    cal = calibrate(tx, args.calibration_end, name=out.stem, pilot_accounts=args.pilot_accounts, seed=args.seed,
                    progress=not args.quiet)
    write_scenario(cal, out)
    sc = sim.load_scenario(out)  # the file as others will load it
    mk = sc.market
    print(f"{cal.customers:,} customers, {cal.transactions:,} transactions, {cal.start:%Y-%m-%d} to {cal.end:%Y-%m-%d} "
          f"({tx.rows_read:,} rows read, {time.perf_counter() - t0:.1f} s)")
    print(f"BG/NBD: r={cal.model.r:.3g} alpha={cal.model.alpha:.3g} a={cal.model.a:.3g} b={cal.model.b:.3g}")
    print(f"scenario: purchases_per_year={mk.purchases_per_year:.3g} rate_spread={mk.rate_spread:.3g} "
          f"churn_scale={mk.churn_scale:.3g} basket price={sc.products[0].price:,.2f}; "
          f"{sc.accounts.count:,} accounts, {sc.reps.count} reps")
    print(f"Wrote {out} (extends workshop; where each number came from is at the top of the file) "
          f"and its twin book {Path(sc.accounts.book).name} (one row per customer)")
    return 0


@_clean_errors
def cmd_backtest(args) -> int:
    """Calibrate on the calibration period, forecast the holdout, compare with what happened."""
    from sim.calibration.backtest import backtest
    from sim.calibration.fit import write_scenario
    from sim.calibration.page import format_table, write
    from sim.io import write_manifest, write_table

    t0 = time.perf_counter()
    tx = _read(args)
    bt = backtest(tx, args.calibration_end, args.holdout_end, args.replications, args.seed, args.pilot_accounts,
                  args.max_accounts, progress=not args.quiet)
    out = Path(args.out)
    write_table(bt.table, out / "backtest.csv")
    write_table(bt.weekly, out / "backtest_weekly.csv")
    write_table(bt.customers, out / "backtest_customers.csv")
    write_scenario(bt.calibration, out / "calibrated.yaml")  # and its twin book, calibrated.book.csv
    write(bt, out / "backtest.html")
    files = ["backtest.csv", "backtest_weekly.csv", "backtest_customers.csv", "calibrated.yaml", "calibrated.book.csv",
             "backtest.html"]
    elapsed = time.perf_counter() - t0
    cal = bt.calibration
    write_manifest(out, cal.scenario, bt.seeds, ["routine_care"], files=files, extra={
        "command_name": "backtest", "data": cal.source, "calibration_start": f"{cal.start:%Y-%m-%d}",
        "calibration_end": f"{cal.end:%Y-%m-%d}", "holdout_end": f"{bt.holdout_end:%Y-%m-%d}",
        "holdout_weeks": round(bt.weeks, 2), "burn_in_weeks": bt.burn_in_weeks, "simulated_accounts": bt.sim_accounts,
        "replications": len(bt.seeds), "elapsed_seconds": round(elapsed, 2)})
    print(f"{Path(cal.source).name}: calibrated on {cal.start:%Y-%m-%d} to {cal.end:%Y-%m-%d} ({cal.customers:,} customers), "
          f"holdout to {bt.holdout_end:%Y-%m-%d} ({bt.weeks:.1f} weeks) · {len(bt.seeds)} replications · {elapsed:.1f} s", "")
    print(format_table(bt).to_string(index=False), "")
    print(f"Wrote {len(files) + 1} files to {out}/ — open {out / 'backtest.html'} in a browser.")
    return 0


def _data_options(p, calibration_end_required: bool, int_in) -> None:
    p.add_argument("file", metavar="FILE", help="transaction log: .csv (UTF-8, with a header) or .parquet")
    for name, what in (("customer", "customer id"), ("date", "purchase date"), ("amount", "amount spent")):
        p.add_argument(f"--{name}", required=True, metavar="COL", help=f"column with the {what}")
    p.add_argument("--segment", metavar="COL", help="column with your own segment labels (optional)")
    p.add_argument("--calibration-end", required=calibration_end_required, metavar="DATE",
                   help="last day of the calibration period" + ("" if calibration_end_required else " (default: the last date)"))
    p.add_argument("--duplicates", choices=("error", "drop", "keep"), default="error",
                   help="rows with the same customer, date, amount (and segment): stop and list them (default), "
                        "drop the repeats, or keep them")
    p.add_argument("--date-format", metavar="FMT",
                   help="e.g. '%%d/%%m/%%Y' (default: ISO dates, or the format of the first date)")
    p.add_argument("--sep", default=",", metavar="C", help="CSV separator (default ',')")
    p.add_argument("--pilot-accounts", type=int_in(100, 100_000, "--pilot-accounts"), default=2000, metavar="N",
                   help="size of the simulated book used to tune the scenario (default 2000)")


def register(subs) -> None:
    """Add ``calibrate`` and ``backtest`` to the ``python -m sim`` subcommands."""
    from sim.cli import MAX_SEED, _int_in, _sub

    seed_opt = dict(type=_int_in(0, MAX_SEED, "--seed"), metavar="N", help="base seed (default: the workshop's)")
    p = _sub(subs, "calibrate", "Fit a scenario to your CRM's transaction log (purchase rates and dropout across "
             "customers, spend per purchase, segment mix) and write it as a scenario file." + COLUMNS_HELP,
             "  python -m sim calibrate sales.csv --customer client_id --date order_date --amount total "
             "-o scenarios/my_book.yaml\n"
             "  python -m sim calibrate sales.parquet --customer id --date day --amount eur --segment tier "
             "--calibration-end 2024-12-31 --duplicates drop -o my_book.yaml",
             cmd_calibrate, quiet=True)
    _data_options(p, False, _int_in)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="scenario file to write, e.g. scenarios/my_book.yaml")
    p.add_argument("--seed", **seed_opt)

    p = _sub(subs, "backtest", "Calibrate on the data up to --calibration-end, forecast the holdout period "
             "with the simulation and with a classic BG/NBD model, and compare with what happened." + COLUMNS_HELP,
             "  python -m sim backtest sales.csv --customer client_id --date order_date --amount total "
             "--calibration-end 2024-06-30\n"
             "  python -m sim backtest sales.csv --customer id --date day --amount eur --calibration-end 2024-06-30 "
             "--holdout-end 2024-12-31 -r 20 --out out/backtest\n\n"
             "Writes backtest.csv, backtest_weekly.csv, backtest_customers.csv, calibrated.yaml, backtest.html "
             "and manifest.json.", cmd_backtest, quiet=True)
    _data_options(p, True, _int_in)
    p.add_argument("--holdout-end", metavar="DATE", help="last day of the holdout period (default: the last date)")
    p.add_argument("--replications", "-r", type=_int_in(1, 1000, "--replications"), default=40, metavar="R",
                   help="simulation replications: each customer's forecast is its mean over them (default 40)")
    p.add_argument("--max-accounts", type=_int_in(100, 1_000_000, "--max-accounts"), default=10_000, metavar="N",
                   help="accounts simulated side by side in one go (replications are batched; default 10000)")
    p.add_argument("--seed", **seed_opt)
    p.add_argument("--out", default="out/backtest", metavar="DIR", help="output folder (default: out/backtest/)")
