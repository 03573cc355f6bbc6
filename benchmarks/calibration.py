"""How long does a big CRM export take? Import (and optionally calibrate) a generated transaction log.

    .venv/bin/python benchmarks/calibration.py                 # 1,000,000 rows: import only
    .venv/bin/python benchmarks/calibration.py --rows 200000 --calibrate

The file is generated here (50 purchases per customer on average over two years, amounts
lognormal), written to a temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.calibration.fit import calibrate  # noqa: E402
from sim.calibration.io import read_transactions  # noqa: E402


def generate(rows: int, seed: int = 1) -> pd.DataFrame:
    """A transaction log of ``rows`` rows: customer, date (ISO), amount, segment."""
    rng = np.random.default_rng(seed)
    customers = max(1, rows // 50)
    who = rng.integers(0, customers, rows)
    day = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 730, rows), unit="D")
    return pd.DataFrame({
        "customer": np.char.add("C", who.astype(str)),
        "date": day.strftime("%Y-%m-%d"),
        "amount": np.round(rng.lognormal(5.5, 0.8, rows), 2),
        "segment": np.array(["gold", "silver", "bronze", "basic"])[who % 4],
    })


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--calibrate", action="store_true", help="also calibrate a scenario from the file")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.csv"
        generate(args.rows).to_csv(path, index=False)
        size = path.stat().st_size / 1e6
        t0 = time.perf_counter()
        tx = read_transactions(path, "customer", "date", "amount", "segment", duplicates="keep")
        t_read = time.perf_counter() - t0
        print(f"import: {len(tx.frame):,} rows ({size:.0f} MB CSV) in {t_read:.2f} s "
              f"({len(tx.frame) / t_read / 1e6:.2f} M rows/s)")
        if args.calibrate:
            t0 = time.perf_counter()
            cal = calibrate(tx)
            print(f"calibrate: {cal.customers:,} customers, {cal.transactions:,} transactions "
                  f"in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
