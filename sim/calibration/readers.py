"""The file formats of a transaction log: CSV in any common encoding, Excel ``.xlsx`` and Parquet.

Each reader returns the asked columns as text (Excel numbers and Parquet values keep their
type) plus a ``line`` column numbering rows as the user sees them. CSV encodings are found
in this order: a byte-order mark (UTF-8, UTF-16 LE/BE), strict UTF-8, then a detector that
knows the CJK encodings (charset-normalizer); ``encoding`` overrides all of that.
Every value echoed in a message is cut to :data:`ECHO` characters.
"""

from __future__ import annotations

import codecs
import sys
from datetime import date, datetime, time
from pathlib import Path

import charset_normalizer
import numpy as np
import pandas as pd

from sim.calibration import CalibrationError

__all__ = ["ECHO", "EXCEL", "PARQUET", "clip", "detect_encoding", "header", "read_columns", "unit_of"]

ECHO = 40  # characters of a value shown in a message
CHUNK_ROWS = 250_000
SAMPLE = 1 << 20  # bytes the detector looks at
EXCEL = (".xlsx", ".xlsm")
PARQUET = (".parquet", ".pq")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: detector names -> the codec read with (GB18030 is a superset of GBK and GB2312)
WIDER = {"gbk": "gb18030", "gb2312": "gb18030", "big5": "big5hkscs"}
HEADER_SHOWN = 20  # column names listed when one is missing


def clip(value, n: int = ECHO) -> str:
    """``value`` as text of at most ``n`` characters (an ellipsis marks the cut)."""
    text = str(value)
    return text if len(text) <= n else text[: n - 1] + "…"


def unit_of(path: Path) -> str:
    """How a row is named in messages: ``row`` for Excel and Parquet, ``line`` for CSV."""
    return "row" if path.suffix.lower() in EXCEL + PARQUET else "line"


# ---------------------------------------------------------------- CSV encodings
def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise CalibrationError(f"--encoding {clip(name)!r}: unknown encoding; use e.g. utf-8, gb18030, big5, "
                               "utf-16, cp1252") from None


def _first_non_utf8(path: Path) -> int | None:
    """Offset of the first byte that is not UTF-8, or None if the whole file is."""
    dec = codecs.getincrementaldecoder("utf-8")("strict")
    done = 0
    with open(path, "rb") as fh:
        while block := fh.read(SAMPLE):
            try:
                dec.decode(block)
            except UnicodeDecodeError as exc:
                return done + exc.start  # within a character split over blocks: near enough
            done += len(block)
    try:
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return max(done - 4, 0)
    return None


def detect_encoding(path: Path, encoding: str | None = None) -> str:
    """The codec to read ``path`` with (see the module docstring).

    The detector reads about a megabyte from the line where the first non-UTF-8 byte is.
    """
    if encoding:
        return _codec(encoding)
    with open(path, "rb") as fh:
        head = fh.read(8)
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    bad = _first_non_utf8(path)
    if bad is None:
        return "utf-8"
    with open(path, "rb") as fh:
        fh.seek(max(bad - 4096, 0))
        window = fh.read(SAMPLE)
    start = window.find(b"\n", 0, 4096) + 1 if bad > 4096 else 0
    best = charset_normalizer.from_bytes(window[start:]).best()
    if best is None or best.encoding in ("ascii", "utf_8"):
        raise CalibrationError(f"{path}: not text in an encoding that could be recognised; save the export as "
                               "UTF-8 CSV or give --encoding (e.g. gb18030, big5, utf-16)")
    return WIDER.get(best.encoding, best.encoding)


def _decode_error(path: Path, enc: str) -> CalibrationError:
    return CalibrationError(f"{path}: not readable as {enc} text; give the file's encoding with --encoding "
                            "(e.g. utf-8, gb18030, big5, utf-16) or save the export as UTF-8 CSV")


def _check_sep(sep: str) -> str:
    sep = "\t" if sep in ("\\t", "tab", "TAB") else sep
    if len(sep) != 1 or sep in "\"\r\n" or sep.isalnum():
        raise CalibrationError(f"--sep {clip(sep)!r}: give one separator character, e.g. ',' ';' '|' or '\\t' (tab)")
    return sep


def _progress(total: int, desc: str, show: bool, unit: str = "B"):
    from tqdm.auto import tqdm  # tqdm.auto picks the notebook bar: loaded when a bar is asked for

    return tqdm(total=total, desc=desc, unit=unit, unit_scale=True, disable=not show, file=sys.stderr, leave=False)


def _csv_header(path: Path, sep: str, enc: str) -> list[str]:
    try:
        with open(path, encoding=enc, errors="strict", newline="") as fh:
            return list(pd.read_csv(fh, sep=sep, nrows=0, dtype=str).columns)
    except pd.errors.EmptyDataError:
        raise CalibrationError(f"{path}: the file is empty (expected a header line naming the columns)") from None
    except UnicodeError:
        raise _decode_error(path, enc) from None
    except (pd.errors.ParserError, ValueError, OverflowError) as exc:
        raise CalibrationError(f"{path}: not a readable CSV file: {clip(exc, 120)}") from None


def _read_csv(path: Path, columns: list[str], sep: str, enc: str, progress: bool) -> pd.DataFrame:
    chunks = []
    with open(path, "rb") as fh, _progress(path.stat().st_size, f"reading {path.name}", progress) as bar:
        try:
            reader = pd.read_csv(fh, sep=sep, usecols=columns, dtype=str, keep_default_na=False, encoding=enc,
                                 encoding_errors="strict", skip_blank_lines=False, chunksize=CHUNK_ROWS)
            for chunk in reader:
                chunks.append(chunk)
                bar.update(fh.tell() - bar.n)
        except UnicodeError:
            raise _decode_error(path, enc) from None
        except (pd.errors.ParserError, ValueError, OverflowError) as exc:
            raise CalibrationError(f"{path}: not a readable CSV file: {clip(exc, 120)}") from None
    df = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame(columns=columns, dtype=str)
    return df.fillna("")  # blank lines read as missing values


# ---------------------------------------------------------------- Excel
def _cell(v):
    """An Excel cell as the CSV reader would see it: dates as ISO text, numbers kept, empty as ''."""
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, (date, time)):
        return v.isoformat()
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)


def _sheet(path: Path, sheet: str | None):
    import openpyxl  # only for Excel files

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or mis-named file raises several types
        raise CalibrationError(f"{path}: not a readable Excel .xlsx file ({clip(type(exc).__name__)})") from None
    if sheet is None:
        return book, book.worksheets[0]
    if sheet not in book.sheetnames:
        names = ", ".join(repr(clip(n)) for n in book.sheetnames[:HEADER_SHOWN])
        raise CalibrationError(f"{path}: no sheet {clip(sheet)!r} (--sheet); the file has: {names}")
    return book, book[sheet]


def _excel_rows(path: Path, sheet: str | None):
    book, ws = _sheet(path, sheet)
    try:
        rows = ws.iter_rows(values_only=True)
        head = next(rows, None)
        if head is None:
            raise CalibrationError(f"{path}: the sheet {clip(ws.title)!r} is empty (expected a header row)")
        return ["" if h is None else str(h) for h in head], [tuple(map(_cell, r)) for r in rows]
    finally:
        book.close()


# ---------------------------------------------------------------- Parquet
def _parquet_header(path: Path) -> list[str]:
    import pyarrow.parquet as pq  # only for Parquet files

    try:
        return list(pq.read_schema(path).names)
    except Exception as exc:  # pyarrow raises several types for a broken file
        raise CalibrationError(f"{path}: not a readable Parquet file: {clip(exc, 120)}") from None


def _read_parquet(path: Path, columns: list[str], progress: bool) -> pd.DataFrame:
    import pyarrow.parquet as pq  # only for Parquet files

    pf = pq.ParquetFile(path)
    parts = []
    with _progress(pf.metadata.num_rows, f"reading {path.name}", progress, unit="rows") as bar:
        for batch in pf.iter_batches(batch_size=CHUNK_ROWS, columns=columns):
            parts.append(batch.to_pandas())
            bar.update(batch.num_rows)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


# ---------------------------------------------------------------- together
def _missing(path: Path, names: dict[str, str], found: list[str]) -> None:
    missing = [f"{clip(c)!r} (--{k})" for k, c in names.items() if c not in found]
    if not missing:
        return
    shown = ", ".join(repr(clip(c)) for c in found[:HEADER_SHOWN]) + (", …" if len(found) > HEADER_SHOWN else "")
    hint = " (the file seems to use ';' between values: add --sep ';')" if len(found) == 1 and ";" in found[0] else ""
    raise CalibrationError(f"{path}: column{'s' if len(missing) > 1 else ''} {', '.join(missing)} not found; "
                           f"the file has: {shown}{hint}")


def header(path: Path, sep: str = ",", encoding: str | None = None, sheet: str | None = None) -> list[str]:
    """The column names of ``path`` (any of the formats)."""
    suffix = path.suffix.lower()
    if suffix in PARQUET:
        return _parquet_header(path)
    if suffix in EXCEL:
        return _excel_rows(path, sheet)[0]
    if suffix == ".xls":
        raise CalibrationError(f"{path}: old Excel .xls files cannot be read; save the sheet as .xlsx or CSV")
    return _csv_header(path, _check_sep(sep), detect_encoding(path, encoding))


def read_columns(path: Path, names: dict[str, str], sep: str = ",", encoding: str | None = None,
                 sheet: str | None = None, progress: bool = False) -> pd.DataFrame:
    """The columns ``names`` (option -> column) of ``path``, and ``line``: the row's place in the file."""
    suffix = path.suffix.lower()
    columns = list(dict.fromkeys(names.values()))
    if sheet is not None and suffix not in EXCEL:
        raise CalibrationError(f"--sheet is for Excel files (.xlsx); {path.name} is not one")
    if encoding and suffix in EXCEL + PARQUET:
        raise CalibrationError(f"--encoding is for CSV files; {path.name} is {'Excel' if suffix in EXCEL else 'Parquet'}, "
                               "which says its own encoding")
    if suffix in EXCEL:
        found, rows = _excel_rows(path, sheet)
        _missing(path, names, found)
        width = len(found)
        frame = pd.DataFrame([(r + ("",) * width)[:width] for r in rows], columns=found, dtype=object)
        df = frame.loc[:, ~frame.columns.duplicated()][columns] if rows else pd.DataFrame(columns=columns, dtype=object)
        first = 2  # Excel's row number of the first data row
    else:
        _missing(path, names, header(path, sep, encoding, sheet))
        parquet = suffix in PARQUET
        df = (_read_parquet(path, columns, progress) if parquet else
              _read_csv(path, columns, _check_sep(sep), detect_encoding(path, encoding), progress))
        first = 1 if parquet else 2
    df = df.reset_index(drop=True)
    df["line"] = np.arange(len(df), dtype=np.int64) + first
    return df
