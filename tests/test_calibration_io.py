"""Reading a CRM export: the promised errors name the row, the column and the fix."""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

from sim.calibration import CalibrationError
from sim.calibration.io import read_transactions
from sim.cli import main

GOOD = """\
client,day,total,tier
A,2024-01-03,120.50,gold
A,2024-02-10,80,gold
B,2024-01-05,300,silver
B,2024-03-01,310.25,silver
"""


@pytest.fixture
def csv(tmp_path):
    """Write a CSV text (dedented) and return its path."""
    def write(text: str, name: str = "sales.csv"):
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path
    return write


def read(path, **kw):
    return read_transactions(path, "client", "day", "total", **kw)


def test_reads_a_clean_file(csv):
    """A clean file gives one row per purchase with parsed dates and amounts."""
    tx = read(csv(GOOD), segment="tier")
    assert list(tx.frame.columns) == ["customer", "date", "amount", "line", "segment"]
    assert tx.frame["date"].dt.year.tolist() == [2024] * 4
    assert tx.frame["amount"].sum() == pytest.approx(810.75)


def test_missing_column_lists_the_columns_found(csv):
    """A column that is not there is named, with the option and the columns the file has."""
    want = r"'amount' \(--amount\) not found; the file has: 'client', 'day', 'total', 'tier'"
    with pytest.raises(CalibrationError, match=want):
        read_transactions(csv(GOOD), "client", "day", "amount")


def test_bad_date_names_the_line_and_column(csv):
    """An unreadable date is reported with its line in the file (header = line 1) and value."""
    with pytest.raises(CalibrationError, match=r"1 row with a date that cannot be read in column 'day': line 4 \('2024-13-45'\)"):
        read(csv(GOOD.replace("2024-01-05", "2024-13-45")))


def test_negative_amount_names_the_line(csv):
    """A negative amount (a refund) is reported with its line and the advice to remove or net it."""
    with pytest.raises(CalibrationError, match=r"(?s)negative amount in column 'total': line 3 \('-80'\).*refunds"):
        read(csv(GOOD.replace(",80,", ",-80,")))


def test_non_numeric_amount_names_the_line(csv):
    """An amount that is not a number is reported with its line and value."""
    with pytest.raises(CalibrationError, match=r"not a number in column 'total': line 5 \('\$310.25'\)"):
        read(csv(GOOD.replace("310.25", "$310.25")))


def test_missing_customer_id_names_the_line(csv):
    """A row without a customer id is reported."""
    with pytest.raises(CalibrationError, match=r"no customer id in column 'client': line 2"):
        read(csv(GOOD.replace("A,2024-01-03", ",2024-01-03")))


def test_all_problems_are_reported_at_once(csv):
    """A file with a bad date and a bad amount gets both in one message."""
    text = GOOD.replace("2024-01-05", "soon").replace("310.25", "n/a")
    with pytest.raises(CalibrationError) as err:
        read(csv(text))
    assert "line 4 ('soon')" in str(err.value) and "line 5 ('n/a')" in str(err.value)


def test_duplicates_stop_by_default_naming_lines_and_flags(csv):
    """Duplicate rows stop the import: count, which line repeats which, and the flags to choose."""
    want = r"2 duplicate rows .*line 6 repeats line 2, line 7 repeats line 2.*--duplicates drop.*--duplicates keep"
    with pytest.raises(CalibrationError, match=want):
        read(csv(GOOD + "A,2024-01-03,120.50,gold\nA,2024-01-03,120.5,gold\n"))


def test_duplicates_drop_keeps_one_of_each(csv):
    """With ``drop`` the repeats go and their number is recorded."""
    tx = read(csv(GOOD + "A,2024-01-03,120.50,gold\n"), duplicates="drop")
    assert (len(tx.frame), tx.duplicates) == (4, 1)


def test_duplicates_keep_keeps_them(csv):
    """With ``keep`` every row stays."""
    tx = read(csv(GOOD + "A,2024-01-03,120.50,gold\n"), duplicates="keep")
    assert (len(tx.frame), tx.duplicates) == (5, 1)


def test_day_first_dates_need_and_accept_a_format(csv):
    """Day-first dates read with ``date_format``; the dates come out right."""
    text = "client,day,total\nA,03/04/2024,10\nA,25/04/2024,12\n"
    tx = read(csv(text), date_format="%d/%m/%Y")
    assert tx.frame["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-04-03", "2024-04-25"]


def test_blank_lines_are_skipped_and_numbering_kept(csv):
    """A blank line is ignored and later lines keep their real line numbers."""
    with pytest.raises(CalibrationError, match="line 4"):
        read(csv("client,day,total\nA,2024-01-01,1\n\nA,2024-01-0x,2\n"))


def test_semicolon_files_get_a_hint(csv):
    """A file separated by ';' is pointed to --sep."""
    with pytest.raises(CalibrationError, match="--sep ';'"):
        read(csv(GOOD.replace(",", ";")))


def test_parquet_is_read_and_rows_are_numbered(tmp_path):
    """A Parquet file reads the same; its problems are named by row (first data row = 1)."""
    df = pd.DataFrame({"client": ["A", "B"], "day": ["2024-01-01", "bad"], "total": [1.0, 2.0]})
    df.to_parquet(tmp_path / "s.parquet")
    with pytest.raises(CalibrationError, match=r"row 2 \('bad'\)"):
        read(tmp_path / "s.parquet")


def test_cli_bad_input_exits_2_with_one_message(csv, tmp_path, capsys):
    """``calibrate`` on a bad file exits 2 with the message on stderr and writes nothing."""
    path = csv(GOOD.replace(",80,", ",-80,"))
    out = tmp_path / "book.yaml"
    code = main(["calibrate", str(path), "--customer", "client", "--date", "day", "--amount", "total", "-q", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "line 3" in err and "Traceback" not in err and not out.exists()
