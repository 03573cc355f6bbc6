"""``python -m sim calibrate`` and ``python -m sim backtest``: bring your own CRM export.

Bad input (a missing column, an unreadable date, a negative amount, duplicates) gets one
message naming the rows and columns on stderr and exit code 2, never a traceback. A poor
fit (a warning in the fit report) exits 3 and writes only the report, unless
``--accept-poor-fit``. ``-o`` never overwrites the input or a built-in scenario.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path

from sim.calibration import CalibrationError
from sim.calibration.io import AMOUNT_FORMATS, read_transactions
from sim.cli_options import int_in, sub
from sim.io import write_atomic, write_manifest, write_table
from sim.scenario import MAX_SEED, SCENARIO_DIR, ScenarioError, load_scenario

__all__ = ["CALIBRATED_MARK", "POOR_FIT", "clv_path", "guard_output", "register", "report_path"]

POOR_FIT = 3  # exit code of calibrate when the fit report has a warning (unless --accept-poor-fit)
CALIBRATED_MARK = "# Calibrated by"  # the first line of every file calibrate writes

COLUMNS_HELP = """
The file has one row per purchase (CSV with a header line in any common encoding, an Excel .xlsx
sheet, or Parquet); name its columns with --customer, --date and --amount (and --segment if it
has one). Dates like 2024-03-31 (or give --date-format); amounts like 1234.50 (or give
--amount-format). See docs/calibration.md."""


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
    return read_transactions(args.file, args.customer, args.date, args.amount, args.segment, args.date_format,
                             args.duplicates, args.sep, progress=not args.quiet, encoding=args.encoding,
                             sheet=args.sheet, amount_format=args.amount_format)


def report_path(out: Path) -> Path:
    """Where ``calibrate -o OUT`` writes the fit report: beside it, ``OUT``'s stem + ``.fit.html``."""
    return out.with_name(f"{out.stem}.fit.html")


def clv_path(out: Path) -> Path:
    """Where ``calibrate -o OUT`` writes spend and CLV per customer: beside it, ``OUT``'s stem + ``.clv.csv``."""
    return out.with_name(f"{out.stem}.clv.csv")


def _is_builtin(target: Path) -> bool:
    """A file under scenarios/ that ``calibrate`` did not write (the project's own, or the user's by hand)."""
    if SCENARIO_DIR.resolve() not in target.parents or not target.exists():
        return False
    try:
        with open(target, encoding="utf-8", errors="replace") as fh:
            return not fh.readline().startswith(CALIBRATED_MARK)
    except OSError:
        return True


def guard_output(out: Path, source: Path, extra: tuple[Path, ...] = ()) -> None:
    """Refuse an ``-o`` that is the input, a built-in scenario, a folder or not a .yaml file.

    Symlinks and relative paths are resolved, and a hard link to the input is the input.
    """
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise CalibrationError(f"-o {out}: the scenario file must end in .yaml (e.g. scenarios/my_book.yaml)")
    for path in (out, report_path(out), clv_path(out), *extra):
        target = path.resolve()
        if path.is_dir():
            raise CalibrationError(f"-o {out}: {path} is a folder; give a file name such as my_book.yaml")
        if source.exists() and (target == source.resolve() or path.exists() and os.path.samefile(path, source)):
            raise CalibrationError(f"-o {out}: that would overwrite the input file {source}; choose another name")
        if _is_builtin(target):
            raise CalibrationError(f"-o {out}: {path.name} is a scenario that ships with the project (not written by "
                                   "calibrate); choose another name, e.g. scenarios/my_book.yaml")


def _write_validated(text: str, out: Path):
    """Write the scenario to a temp file beside ``out``, load it as others will, then move it into place."""
    loaded = []
    write_atomic(out, text, check=lambda tmp: loaded.append(load_scenario(tmp)))
    return loaded[0]


@_clean_errors
def cmd_calibrate(args) -> int:
    """Fit a scenario to a transaction log; write the fit report, and the scenario if the fit is good (or accepted)."""
    # lazy: SciPy and altair load with this command only, not with every ``python -m sim``
    from sim.calibration import fitpage
    from sim.calibration.fit import book_path, calibrate, scenario_text, write_book
    from sim.calibration.report import fit_report

    out = Path(args.output)
    guard_output(out, Path(args.file), extra=(book_path(out),))
    t0 = time.perf_counter()
    tx = _read(args)
    cal = calibrate(tx, args.calibration_end, name=out.stem, pilot_accounts=args.pilot_accounts, seed=args.seed,
                    progress=not args.quiet)
    rep = fit_report(cal, seed=cal.scenario.seed)
    page = fitpage.render(rep)
    print(f"{cal.customers:,} customers, {cal.transactions:,} transactions, {cal.start:%Y-%m-%d} to {cal.end:%Y-%m-%d} "
          f"({tx.rows_read:,} rows read, {time.perf_counter() - t0:.1f} s)")
    print(f"BG/NBD: r={cal.model.r:.3g} alpha={cal.model.alpha:.3g} a={cal.model.a:.3g} b={cal.model.b:.3g}")
    if rep.spend is not None:
        print(f"Gamma-Gamma spend: p={rep.spend.p:.3g} q={rep.spend.q:.3g} gamma={rep.spend.gamma:.3g}")
    for en, _zh in rep.warnings:
        print(f"warning: {en}", file=sys.stderr)
    if rep.poor and not args.accept_poor_fit:
        write_atomic(report_path(out), page)
        print(f"error: the fit is poor ({len(rep.warnings)} warning{'s' if len(rep.warnings) > 1 else ''}); "
              f"{out} was not written. Read {report_path(out)}, then rerun with --accept-poor-fit to write it anyway",
              file=sys.stderr)
        return POOR_FIT
    try:
        book = write_book(cal, book_path(out))
        sc = _write_validated(scenario_text(cal, book.name), out)  # the file as others will load it
    except ScenarioError as exc:
        book_path(out).unlink(missing_ok=True)
        raise CalibrationError(f"the calibrated scenario does not load: {exc}") from None
    write_atomic(report_path(out), page)
    write_table(rep.customers.reset_index(), clv_path(out))
    mk = sc.market
    print(f"scenario: purchases_per_year={mk.purchases_per_year:.3g} rate_spread={mk.rate_spread:.3g} "
          f"churn_scale={mk.churn_scale:.3g} basket price={sc.products[0].price:,.2f}; "
          f"{sc.accounts.count:,} accounts, {sc.reps.count} reps")
    print(f"Wrote {out} (extends workshop; where each number came from is at the top of the file), its twin book "
          f"{Path(sc.accounts.book).name} (one row per customer), the fit report {report_path(out)} and CLV per "
          f"customer {clv_path(out)}")
    return 0


@_clean_errors
def cmd_backtest(args) -> int:
    """Calibrate on the calibration period, forecast the holdout, compare with what happened."""
    # lazy: SciPy and altair load with this command only, not with every ``python -m sim``
    from sim.calibration import fitpage
    from sim.calibration.backtest import backtest
    from sim.calibration.fit import write_scenario
    from sim.calibration.page import format_table, write
    from sim.calibration.report import fit_report

    out = Path(args.out)
    files = ["backtest.csv", "backtest_weekly.csv", "backtest_customers.csv", "calibrated.yaml", "calibrated.book.csv",
             "backtest.html", "fit.html", "clv.csv"]
    source = Path(args.file).resolve()
    if any((out / f).resolve() == source for f in files + ["manifest.json"]):
        raise CalibrationError(f"--out {out}: the backtest would overwrite the input file {args.file}; choose another folder")
    t0 = time.perf_counter()
    tx = _read(args)
    bt = backtest(tx, args.calibration_end, args.holdout_end, args.replications, args.seed, args.pilot_accounts,
                  args.max_accounts, progress=not args.quiet)
    rep = fit_report(bt.calibration, bt.customers, seed=bt.calibration.scenario.seed)
    write_table(bt.table, out / "backtest.csv")
    write_table(bt.weekly, out / "backtest_weekly.csv")
    write_table(bt.customers, out / "backtest_customers.csv")
    write_scenario(bt.calibration, out / "calibrated.yaml")  # and its twin book, calibrated.book.csv
    write(bt, out / "backtest.html")
    fitpage.write(rep, out / "fit.html")
    write_table(rep.customers.reset_index(), out / "clv.csv")
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
    for en, _zh in rep.warnings:
        print(f"warning: {en} (see {out / 'fit.html'})", file=sys.stderr)
    print(f"Wrote {len(files) + 1} files to {out}/ — open {out / 'backtest.html'} and {out / 'fit.html'} in a browser.")
    return 0


def _data_options(p, calibration_end_required: bool) -> None:
    p.add_argument("file", metavar="FILE", help="transaction log: .csv (with a header), .xlsx or .parquet")
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
    p.add_argument("--sep", default=",", metavar="C", help="CSV separator: one character, or '\\t' for tab (default ',')")
    p.add_argument("--encoding", metavar="ENC", help="CSV encoding, e.g. utf-8, gb18030, big5, utf-16 "
                   "(default: detected from a byte-order mark, UTF-8, or the text)")
    p.add_argument("--sheet", metavar="NAME", help="Excel sheet to read (default: the first)")
    p.add_argument("--amount-format", choices=AMOUNT_FORMATS, default="plain",
                   help="how amounts are written: plain 1234.50 (default); thousands 1,234.50; european 1.234,50 "
                        "(the last two may carry a currency sign or code: $ € £ ¥ ￥ NT$ RMB …)")
    p.add_argument("--pilot-accounts", type=int_in(100, 100_000, "--pilot-accounts"), default=2000, metavar="N",
                   help="size of the simulated book used to tune the scenario (default 2000)")


def register(subs) -> None:
    """Add ``calibrate`` and ``backtest`` to the ``python -m sim`` subcommands."""
    seed_opt = dict(type=int_in(0, MAX_SEED, "--seed"), metavar="N", help="base seed (default: the workshop's)")
    p = sub(subs, "calibrate", "Fit a scenario to your CRM's transaction log (purchase rates and dropout across "
             "customers, spend per purchase, segment mix) and write it as a scenario file." + COLUMNS_HELP,
             "  python -m sim calibrate sales.csv --customer client_id --date order_date --amount total "
             "-o scenarios/my_book.yaml\n"
             "  python -m sim calibrate sales.parquet --customer id --date day --amount eur --segment tier "
             "--calibration-end 2024-12-31 --duplicates drop -o my_book.yaml\n"
             "  python -m sim calibrate sales.xlsx --sheet 2024 --customer 客戶 --date 日期 --amount 金額 "
             "--amount-format thousands -o my_book.yaml"
             "\n\nexit codes: 0 written; 2 bad input or options; 3 poor fit (a parameter at a search bound, or "
             "the pilot refit disagrees with the data): only the fit report is written, rerun with --accept-poor-fit",
             cmd_calibrate, quiet=True)
    _data_options(p, False)
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="scenario file to write, e.g. scenarios/my_book.yaml (never the input or a built-in "
                        "scenario); the fit report goes beside it as <name>.fit.html, spend and CLV per customer "
                        "as <name>.clv.csv")
    p.add_argument("--accept-poor-fit", action="store_true",
                   help="write the scenario even when the fit report has a warning (otherwise exit code 3)")
    p.add_argument("--seed", **seed_opt)

    p = sub(subs, "backtest", "Calibrate on the data up to --calibration-end, forecast the holdout period "
             "with the simulation and with a classic BG/NBD model, and compare with what happened." + COLUMNS_HELP,
             "  python -m sim backtest sales.csv --customer client_id --date order_date --amount total "
             "--calibration-end 2024-06-30\n"
             "  python -m sim backtest sales.csv --customer id --date day --amount eur --calibration-end 2024-06-30 "
             "--holdout-end 2024-12-31 -r 20 --out out/backtest\n\n"
             "Writes backtest.csv, backtest_weekly.csv, backtest_customers.csv, calibrated.yaml, backtest.html, "
             "fit.html (the fit report), clv.csv (spend and CLV per customer) and manifest.json.", cmd_backtest, quiet=True)
    _data_options(p, True)
    p.add_argument("--holdout-end", metavar="DATE", help="last day of the holdout period (default: the last date)")
    p.add_argument("--replications", "-r", type=int_in(1, 1000, "--replications"), default=40, metavar="R",
                   help="simulation replications: each customer's forecast is its mean over them (default 40)")
    p.add_argument("--max-accounts", type=int_in(100, 1_000_000, "--max-accounts"), default=10_000, metavar="N",
                   help="accounts simulated side by side in one go (replications are batched; default 10000)")
    p.add_argument("--seed", **seed_opt)
    p.add_argument("--out", default="out/backtest", metavar="DIR", help="output folder (default: out/backtest/)")
