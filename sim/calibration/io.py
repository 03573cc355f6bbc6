"""Read a transaction log (one row per purchase) from CSV, Excel or Parquet and check every row.

Problems are reported together, one line each, naming the column, how many rows have it and
the first few by their place in the file: ``line N`` for CSV (the header is line 1) and
``row N`` for Excel (the sheet's row number) and Parquet (the first data row is row 1); a hint
on how to fix it follows on its own line. Values shown are cut to 40 characters. Parsing is
vectorised, so a million rows take seconds. File formats and encodings: :mod:`sim.calibration.readers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration import CalibrationError
from sim.calibration.readers import clip, read_columns, unit_of

__all__ = ["AMOUNT_FORMATS", "DATE_RANGE", "DUPLICATES", "Transactions", "check_date_format", "parse_amounts", "parse_dates",
           "read_transactions"]

#: what to do with duplicate rows (same customer, date, amount and segment)
DUPLICATES = ("error", "drop", "keep")
SHOWN = 3  # offending rows listed per problem
#: the earliest and latest purchase date accepted (and never after today)
DATE_RANGE = (pd.Timestamp("1900-01-01"), pd.Timestamp("2100-12-31"))
#: how amounts are written: plain 1234.50; thousands 1,234.50; european 1.234,50 (the last two may carry a currency)
AMOUNT_FORMATS = ("plain", "thousands", "european")
_CURRENCY = r"(?:NT\$|US\$|HK\$|RMB|CNY|TWD|NTD|USD|EUR|GBP|JPY|元|圓|[¥￥$€£])"
_NUMBER = {"thousands": r"\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+",
           "european": r"\d{1,3}(?:[. \u00a0\u202f']\d{3})+(?:,\d*)?|\d+(?:,\d*)?|,\d+"}
_GROUP = {"thousands": r",", "european": r"[. \u00a0\u202f']"}
AMOUNT_HINT = {
    "plain": "Amounts must be plain numbers like 1234.50; for '1,234.50' or '$1,234.50' add --amount-format "
             "thousands, for '1.234,50' or '1.234,50 €' add --amount-format european",
    "thousands": "With --amount-format thousands amounts look like 1,234.50 or NT$1,234 (a currency sign may come "
                 "before or after)",
    "european": "With --amount-format european amounts look like 1.234,50 or 1.234,50 € (a currency sign may come "
                "before or after)",
}
#: strftime directives a --date-format may use
_DIRECTIVES = set("aAwdbBmyYHIpMSfzZjUWcxXGuV")


@dataclass
class Transactions:
    """A checked transaction log: columns customer, date, amount, line (and segment if asked)."""

    frame: pd.DataFrame
    source: str
    rows_read: int
    duplicates: int
    duplicates_handling: str
    unit: str = "line"  # how a row is named in messages: 'line' (CSV) or 'row' (Excel, Parquet)

    @property
    def has_segment(self) -> bool:
        return "segment" in self.frame.columns


# ---------------------------------------------------------------- checking
def _show(value) -> str:
    return repr(clip(value)) if isinstance(value, str) else "missing" if pd.isna(value) else clip(value)


def _where(df: pd.DataFrame, bad: np.ndarray, values: pd.Series, unit: str) -> str:
    idx = np.flatnonzero(bad)[:SHOWN]
    shown = ", ".join(f"{unit} {df['line'].iat[i]} ({_show(values.iat[i])})" for i in idx)
    return shown + (", …" if bad.sum() > SHOWN else "")


def _problem(df, bad, raw, column: str, what: str, unit: str, hint: str = "") -> str | None:
    n = int(bad.sum())
    if not n:
        return None
    rows = "row" if n == 1 else "rows"
    return (f"{n} {rows} with {what} in column {clip(column)!r}: {_where(df, bad, raw, unit)}"
            + (f"\n    {hint}" if hint else ""))


def _text(values: pd.Series) -> pd.Series:
    """Values as stripped text, missing ones as ''."""
    return values.fillna("").astype(str).str.strip()


def check_date_format(fmt: str) -> None:
    """Raise :class:`CalibrationError` unless ``fmt`` is made of strftime directives."""
    codes = re.findall(r"%(.?)", fmt.replace("%%", ""))
    bad = [c for c in codes if c not in _DIRECTIVES]
    if not codes or bad:
        what = f"'%{bad[0]}' is not a date code" if bad and bad[0] else "it has no date code"
        raise CalibrationError(f"--date-format {clip(fmt)!r}: {what}; write it with codes like %d/%m/%Y or "
                               "%Y-%m-%d %H:%M (%d day, %m month, %Y year, %b month name)")


def _to_datetime(text: pd.Series, fmt: str) -> pd.Series:
    try:
        return pd.to_datetime(text, format=fmt, errors="coerce")
    except (ValueError, TypeError):  # several UTC offsets in one column
        try:
            return pd.to_datetime(text, format=fmt, errors="coerce", utc=True)
        except (ValueError, TypeError) as exc:
            raise CalibrationError(f"--date-format {clip(fmt)!r} cannot be used: {clip(exc, 80)}") from None


def parse_dates(raw: pd.Series, date_format: str | None) -> tuple[pd.Series, str]:
    """Dates (day resolution, no time zone, at least microsecond range) and the format used; unreadable ones are NaT.

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
            guess = pd.tseries.api.guess_datetime_format(first.iat[0]) if len(first) and len(first.iat[0]) < 64 else None
            iso = guess is None or guess.startswith("%Y-%m-%d")
            fmt = "ISO8601" if iso else guess
        else:
            check_date_format(fmt)
        out = _to_datetime(text, fmt)
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)  # the local calendar day of the purchase
    return out.dt.normalize(), fmt


def parse_amounts(raw: pd.Series, fmt: str = "plain") -> pd.Series:
    """Amounts as floats (NaN where unreadable or not finite), read as ``fmt`` (see :data:`AMOUNT_FORMATS`).

    Numbers stored as numbers (Excel, Parquet) are taken as they are whatever ``fmt``.
    """
    if fmt not in AMOUNT_FORMATS:
        raise CalibrationError(f"--amount-format must be one of {', '.join(AMOUNT_FORMATS)}, got {clip(fmt)!r}")
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        out = raw.astype(float)
    else:
        stored = raw.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)) if raw.dtype == object else None
        text = _text(raw)
        out = pd.to_numeric(text, errors="coerce") if fmt == "plain" else _formatted(text, fmt)
        if stored is not None and stored.any():
            out = out.where(~stored, pd.to_numeric(raw.where(stored), errors="coerce"))
        out = out.astype(float)
    return out.where(np.isfinite(out))


def _formatted(text: pd.Series, fmt: str) -> pd.Series:
    """'1,234.50', '-NT$1,234', '1.234,50 €' … as numbers (NaN if not of the format)."""
    t = text.str.replace(rf"^{_CURRENCY}\s*|\s*{_CURRENCY}$", "", regex=True)
    neg = t.str.startswith("-")
    t = t.str.removeprefix("-").str.replace(rf"^{_CURRENCY}\s*", "", regex=True)
    ok = t.str.fullmatch(_NUMBER[fmt])
    t = t.where(ok.fillna(False), "").str.replace(_GROUP[fmt], "", regex=True)
    if fmt == "european":
        t = t.str.replace(",", ".", regex=False)
    value = pd.to_numeric(t.where(t != ""), errors="coerce")
    return value.where(~neg, -value)


def _date_problems(df, dates, raw, column, unit, fmt, stored, blank) -> tuple[pd.Series, list]:
    """Dates outside :data:`DATE_RANGE` or after today, as problems; the usable dates (ns)."""
    low, high = DATE_RANGE
    today = pd.Timestamp.today().normalize()
    outside = ((dates < low) | (dates > high)).to_numpy()
    future = ((dates > today) & (dates <= high)).to_numpy()
    hint = "" if stored else (f"Expected dates like {'YYYY-MM-DD' if fmt == 'ISO8601' else clip(fmt)}; "
                              "give --date-format (e.g. '%d/%m/%Y') if the file uses another")
    problems = [
        _problem(df, dates.isna().to_numpy() & ~blank, raw, column, "no date" if stored else "a date that cannot be read",
                 unit, hint),
        _problem(df, outside, raw, column, f"a date outside {low.year}–{high.year}", unit,
                 "Check the date column (or --date-format: '%y' is a two-digit year, '%Y' four digits)"),
        _problem(df, future, raw, column, f"a date in the future (after {today:%Y-%m-%d})", unit,
                 "Check the date column and --date-format (day and month swapped?)"),
    ]
    usable = dates.where(~(outside | future)).astype("datetime64[ns]")
    return usable, problems


def _check(df: pd.DataFrame, names: dict[str, str], date_format: str | None, unit: str,
           amount_format: str = "plain") -> tuple[pd.DataFrame, list[str]]:
    """Parsed columns and the list of problems found (empty if every row is usable)."""
    cust_raw = _text(df[names["customer"]])
    date_raw = df[names["date"]]
    amount_raw = df[names["amount"]]
    dates, fmt = parse_dates(date_raw, date_format)
    amounts = parse_amounts(amount_raw, amount_format)
    blank = ((cust_raw == "") & (_text(date_raw) == "") & (_text(amount_raw) == "")).to_numpy()
    stored = pd.api.types.is_datetime64_any_dtype(date_raw)
    dates, date_problems = _date_problems(df, dates, date_raw, names["date"], unit, fmt, stored, blank)
    problems = [
        _problem(df, (cust_raw == "").to_numpy() & ~blank, cust_raw, names["customer"], "no customer id", unit),
        *date_problems, *_amount_problems(df, amounts, amount_raw, names["amount"], unit, amount_format, blank),
    ]
    out = pd.DataFrame({"customer": cust_raw, "date": dates, "amount": amounts.astype(float), "line": df["line"]})
    if "segment" in names:
        out["segment"] = _text(df[names["segment"]])
    return out[~blank], [p for p in problems if p]


def _amount_problems(df: pd.DataFrame, amounts: pd.Series, raw: pd.Series, column: str, unit: str,
                     amount_format: str, blank: np.ndarray) -> list:
    """The problems of the amount column: not a number, or negative."""
    return [_problem(df, amounts.isna().to_numpy() & ~blank, raw, column, "an amount that is not a number", unit,
                     AMOUNT_HINT[amount_format]),
            _problem(df, (amounts < 0).to_numpy(), raw, column, "a negative amount", unit,
                     "Remove refunds and returns, or net them into the purchase they undo")]


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


def _check_options(duplicates: str, amount_format: str, date_format: str | None) -> None:
    """The reading options are ones this reader knows; else a :class:`CalibrationError` naming the option."""
    if duplicates not in DUPLICATES:
        raise CalibrationError(f"--duplicates must be one of {', '.join(DUPLICATES)}, got {clip(duplicates)!r}")
    if amount_format not in AMOUNT_FORMATS:
        raise CalibrationError(f"--amount-format must be one of {', '.join(AMOUNT_FORMATS)}, got {clip(amount_format)!r}")
    if date_format is not None:
        check_date_format(date_format)


def read_transactions(path: str | Path, customer: str, date: str, amount: str, segment: str | None = None,
                      date_format: str | None = None, duplicates: str = "error", sep: str = ",",
                      progress: bool = False, encoding: str | None = None, sheet: str | None = None,
                      amount_format: str = "plain") -> Transactions:
    """Read and check a transaction log; raise :class:`CalibrationError` naming every bad row.

    ``customer``, ``date``, ``amount`` (and ``segment``) are column names in the file.
    ``duplicates``: ``error`` (default: stop and say which rows), ``drop`` or ``keep``.
    ``encoding`` (CSV; default: detected), ``sheet`` (Excel; default: the first) and
    ``amount_format`` (:data:`AMOUNT_FORMATS`) say how the file is written.
    """
    path = Path(path)
    _check_options(duplicates, amount_format, date_format)
    if not path.is_file():
        raise CalibrationError(f"{path}: file not found")
    names = {"customer": customer, "date": date, "amount": amount} | ({"segment": segment} if segment else {})
    df = read_columns(path, names, sep, encoding, sheet, progress)
    unit = unit_of(path)
    checked, problems = _check(df, names, date_format, unit, amount_format)
    if problems:
        raise CalibrationError(f"{path}: " + "\n  ".join(["cannot use this file:", *problems]))
    if checked.empty:
        raise CalibrationError(f"{path}: no transactions (the file has a header but no rows)")
    checked, n_dup = _duplicates(checked, duplicates, str(path), unit)
    return Transactions(checked.reset_index(drop=True), str(path), len(df), n_dup, duplicates, unit)
