"""Read a transaction log (one row per purchase) from CSV or Parquet and check every row.

Problems are reported together, each naming the column, how many rows have it and the
first few by their place in the file: ``line N`` for CSV (the header is line 1) and
``row N`` for Parquet (the first data row is row 1). Parsing is vectorised, so a million
rows take seconds.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration import CalibrationError

__all__ = ["DUPLICATES", "Transactions", "read_transactions"]

#: what to do with duplicate rows (same customer, date, amount and segment)
DUPLICATES = ("error", "drop", "keep")
CHUNK_ROWS = 250_000
SHOWN = 5  # offending rows listed per problem


@dataclass
class Transactions:
    """A checked transaction log: columns customer, date, amount, line (and segment if asked)."""

    frame: pd.DataFrame
    source: str
    rows_read: int
    duplicates: int
    duplicates_handling: str
    unit: str = "line"  # how a row is named in messages: 'line' (CSV) or 'row' (Parquet)

    @property
    def has_segment(self) -> bool:
        return "segment" in self.frame.columns


# ---------------------------------------------------------------- reading
def _progress(total: int, desc: str, show: bool, unit: str = "B"):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, unit_scale=True, disable=not show, file=sys.stderr, leave=False)


def _csv_header(path: Path, sep: str) -> list[str]:
    try:
        return list(pd.read_csv(path, sep=sep, nrows=0, encoding="utf-8-sig").columns)
    except pd.errors.EmptyDataError:
        raise CalibrationError(f"{path}: the file is empty (expected a header line naming the columns)") from None
    except UnicodeDecodeError:
        raise CalibrationError(f"{path}: not UTF-8 text; save the export as UTF-8 CSV") from None


def _read_csv(path: Path, columns: list[str], sep: str, progress: bool) -> pd.DataFrame:
    chunks = []
    with open(path, "rb") as fh, _progress(path.stat().st_size, f"reading {path.name}", progress) as bar:
        reader = pd.read_csv(fh, sep=sep, usecols=columns, dtype=str, keep_default_na=False,
                             skip_blank_lines=False, encoding="utf-8-sig", chunksize=CHUNK_ROWS)
        try:
            for chunk in reader:
                chunks.append(chunk)
                bar.update(fh.tell() - bar.n)
        except UnicodeDecodeError:
            raise CalibrationError(f"{path}: not UTF-8 text; save the export as UTF-8 CSV") from None
        except pd.errors.ParserError as exc:
            raise CalibrationError(f"{path}: not a readable CSV file: {exc}") from None
    df = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame(columns=columns, dtype=str)
    return df.fillna("")  # blank lines read as missing values


def _parquet_header(path: Path) -> list[str]:
    import pyarrow.parquet as pq

    try:
        return list(pq.read_schema(path).names)
    except Exception as exc:  # pyarrow raises several types for a broken file
        raise CalibrationError(f"{path}: not a readable Parquet file: {exc}") from None


def _read_parquet(path: Path, columns: list[str], progress: bool) -> pd.DataFrame:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    parts = []
    with _progress(pf.metadata.num_rows, f"reading {path.name}", progress, unit="rows") as bar:
        for batch in pf.iter_batches(batch_size=CHUNK_ROWS, columns=columns):
            parts.append(batch.to_pandas())
            bar.update(batch.num_rows)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


# ---------------------------------------------------------------- checking
def _show(value) -> str:
    return repr(value) if isinstance(value, str) else "missing" if pd.isna(value) else str(value)


def _where(df: pd.DataFrame, bad: np.ndarray, values: pd.Series, unit: str) -> str:
    idx = np.flatnonzero(bad)[:SHOWN]
    shown = ", ".join(f"{unit} {df['line'].iat[i]} ({_show(values.iat[i])})" for i in idx)
    return shown + (", …" if bad.sum() > SHOWN else "")


def _problem(df, bad, raw, column: str, what: str, unit: str, hint: str = "") -> str | None:
    n = int(bad.sum())
    if not n:
        return None
    rows = "row" if n == 1 else "rows"
    return f"{n} {rows} with {what} in column {column!r}: {_where(df, bad, raw, unit)}" + (f". {hint}" if hint else "")


def _text(values: pd.Series) -> pd.Series:
    """Values as stripped text, missing ones as ''."""
    return values.fillna("").astype(str).str.strip()


def parse_dates(raw: pd.Series, date_format: str | None) -> tuple[pd.Series, str]:
    """Dates (day resolution, no time zone) and the format used; unreadable ones are NaT.

    Without ``date_format``: ISO 8601 if the first date is ISO, else the one format pandas
    guesses from the first date (month first when ambiguous: give ``date_format`` for day first).
    """
    if pd.api.types.is_datetime64_any_dtype(raw):
        out, fmt = raw, "(stored as dates)"
    else:
        text = _text(raw)
        fmt = date_format
        if fmt is None:
            first = text[text != ""].head(1)
            guess = pd.tseries.api.guess_datetime_format(first.iat[0]) if len(first) else None
            iso = guess is None or guess.startswith("%Y-%m-%d")
            fmt = "ISO8601" if iso else guess
        try:
            out = pd.to_datetime(text, format=fmt, errors="coerce")
        except (ValueError, TypeError):  # several UTC offsets in one column
            out = pd.to_datetime(text, format=fmt, errors="coerce", utc=True)
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)  # the local calendar day of the purchase
    return out.dt.normalize().astype("datetime64[ns]"), fmt


def _check(df: pd.DataFrame, names: dict[str, str], date_format: str | None, unit: str) -> tuple[pd.DataFrame, list[str]]:
    """Parsed columns and the list of problems found (empty if every row is usable)."""
    cust_raw = _text(df[names["customer"]])
    date_raw = df[names["date"]]
    amount_raw = df[names["amount"]]
    dates, fmt = parse_dates(date_raw, date_format)
    amounts = pd.to_numeric(_text(amount_raw) if amount_raw.dtype == object else amount_raw, errors="coerce")
    amounts = amounts.astype(float).where(np.isfinite(amounts.astype(float)))
    blank = (cust_raw == "") & (_text(date_raw) == "") & (_text(amount_raw) == "")
    stored = pd.api.types.is_datetime64_any_dtype(date_raw)
    date_hint = "" if stored else (f"Expected dates like {'YYYY-MM-DD' if fmt == 'ISO8601' else fmt}; "
                                   "give --date-format (e.g. '%d/%m/%Y') if the file uses another")
    problems = [
        _problem(df, (cust_raw == "").to_numpy() & ~blank.to_numpy(), cust_raw, names["customer"], "no customer id", unit),
        _problem(df, dates.isna().to_numpy() & ~blank.to_numpy(), date_raw, names["date"],
                 "no date" if stored else "a date that cannot be read", unit, date_hint),
        _problem(df, amounts.isna().to_numpy() & ~blank.to_numpy(), amount_raw, names["amount"],
                 "an amount that is not a number", unit,
                 "Amounts must be plain numbers like 1234.50 (no currency sign or thousands separator)"),
        _problem(df, (amounts < 0).to_numpy(), amount_raw, names["amount"], "a negative amount", unit,
                 "Remove refunds and returns, or net them into the purchase they undo"),
    ]
    out = pd.DataFrame({"customer": cust_raw, "date": dates, "amount": amounts.astype(float), "line": df["line"]})
    if "segment" in names:
        out["segment"] = _text(df[names["segment"]])
    return out[~blank.to_numpy()], [p for p in problems if p]


def _duplicates(df: pd.DataFrame, how: str, source: str, unit: str) -> tuple[pd.DataFrame, int]:
    keys = [c for c in ("customer", "date", "amount", "segment") if c in df.columns]
    dup = df.duplicated(keys, keep="first").to_numpy()
    n = int(dup.sum())
    if n and how == "error":
        first = df.groupby(keys, sort=False)["line"].transform("min").to_numpy()
        idx = np.flatnonzero(dup)[:SHOWN]
        pairs = ", ".join(f"{unit} {df['line'].iat[i]} repeats {unit} {first[i]}" for i in idx)
        raise CalibrationError(
            f"{source}: {n} duplicate row{'s' if n > 1 else ''} (same {', '.join(keys)}): {pairs}"
            f"{', …' if n > SHOWN else ''}. If they are double exports, rerun with --duplicates drop; "
            "if they are real repeat purchases, rerun with --duplicates keep")
    return (df[~dup] if how == "drop" else df), n


def read_transactions(path: str | Path, customer: str, date: str, amount: str, segment: str | None = None,
                      date_format: str | None = None, duplicates: str = "error", sep: str = ",",
                      progress: bool = False) -> Transactions:
    """Read and check a transaction log; raise :class:`CalibrationError` naming every bad row.

    ``customer``, ``date``, ``amount`` (and ``segment``) are column names in the file.
    ``duplicates``: ``error`` (default: stop and say which rows), ``drop`` or ``keep``.
    """
    path = Path(path)
    if duplicates not in DUPLICATES:
        raise CalibrationError(f"--duplicates must be one of {', '.join(DUPLICATES)}, got {duplicates!r}")
    if not path.is_file():
        raise CalibrationError(f"{path}: file not found")
    parquet = path.suffix.lower() in (".parquet", ".pq")
    found = _parquet_header(path) if parquet else _csv_header(path, sep)
    names = {"customer": customer, "date": date, "amount": amount} | ({"segment": segment} if segment else {})
    missing = [f"{c!r} (--{k})" for k, c in names.items() if c not in found]
    if missing:
        hint = " (the file seems to use ';' between values: add --sep ';')" if len(found) == 1 and ";" in found[0] else ""
        raise CalibrationError(f"{path}: column{'s' if len(missing) > 1 else ''} {', '.join(missing)} not found; "
                               f"the file has: {', '.join(map(repr, found))}{hint}")
    columns = list(dict.fromkeys(names.values()))
    df = _read_parquet(path, columns, progress) if parquet else _read_csv(path, columns, sep, progress)
    unit = "row" if parquet else "line"
    df["line"] = np.arange(len(df), dtype=np.int64) + (1 if parquet else 2)
    checked, problems = _check(df, names, date_format, unit)
    if problems:
        raise CalibrationError(f"{path}: " + "\n  ".join(["cannot use this file:", *problems]))
    if checked.empty:
        raise CalibrationError(f"{path}: no transactions (the file has a header but no rows)")
    checked, n_dup = _duplicates(checked, duplicates, str(path), unit)
    return Transactions(checked.reset_index(drop=True), str(path), len(df), n_dup, duplicates, unit)
