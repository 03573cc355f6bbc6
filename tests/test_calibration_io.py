"""Reading a CRM export: the promised errors name the row, the column and the fix."""

from __future__ import annotations

import codecs
import textwrap
from datetime import datetime

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# ---------------------------------------------------------------- exports as they come
CJK = "客戶,日期,金額,等級\n王小明,2024-01-03,120.50,金\n陳大文,2024-01-05,300,銀\n王小明,2024-02-10,80,金\n張三,2024-03-01,310.25,銀\n"
ENCODINGS = {  # name -> the bytes of CJK as such an export has them
    "utf-8": CJK.encode("utf-8"),
    "utf-8 with BOM": CJK.encode("utf-8-sig"),
    "GBK": CJK.encode("gbk"),
    "GB18030": CJK.encode("gb18030"),
    "Big5": CJK.encode("big5"),
    "UTF-16 LE with BOM": codecs.BOM_UTF16_LE + CJK.encode("utf-16-le"),
    "UTF-16 BE with BOM": codecs.BOM_UTF16_BE + CJK.encode("utf-16-be"),
}


def read_cjk(path, **kw):
    return read_transactions(path, "客戶", "日期", "金額", "等級", **kw)


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_every_encoding_reads_the_same_frame(tmp_path, encoding):
    """The same log saved in each encoding is detected and reads to the same frame as UTF-8."""
    want = read_cjk(write_bytes(tmp_path / "utf8.csv", ENCODINGS["utf-8"])).frame
    got = read_cjk(write_bytes(tmp_path / "export.csv", ENCODINGS[encoding])).frame
    pd.testing.assert_frame_equal(got, want)
    assert got["customer"].iat[0] == "王小明" and got["segment"].tolist() == ["金", "銀", "金", "銀"]


def write_bytes(path, data: bytes):
    path.write_bytes(data)
    return path


def test_encoding_option_overrides_detection(tmp_path):
    """--encoding reads a file the detector would not guess; a wrong one is refused in one line naming it."""
    path = write_bytes(tmp_path / "s.csv", CJK.encode("big5"))
    assert read_cjk(path, encoding="big5").frame["customer"].iat[1] == "陳大文"
    with pytest.raises(CalibrationError, match=r"not readable as utf-8 text; give the file's encoding with --encoding"):
        read_cjk(path, encoding="utf-8")
    with pytest.raises(CalibrationError, match=r"--encoding 'klingon': unknown encoding"):
        read_cjk(path, encoding="klingon")


def test_xlsx_sheet_is_read_with_dates_and_numbers(tmp_path):
    """An Excel sheet (chosen with ``sheet``) reads dates and numbers stored as such; rows keep Excel's numbers."""
    book = openpyxl.Workbook()
    book.active.title = "notes"
    ws = book.create_sheet("2024")
    ws.append(["client", "day", "total"])
    ws.append(["A", datetime(2024, 1, 3), 120.5])
    ws.append(["A", "2024-02-10", "1,080.00"])
    ws.append(["B", datetime(2024, 1, 5, 14, 30), 300])
    book.save(tmp_path / "s.xlsx")
    tx = read(tmp_path / "s.xlsx", sheet="2024", amount_format="thousands")
    assert tx.frame["amount"].tolist() == [120.5, 1080.0, 300.0]
    assert tx.frame["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-03", "2024-02-10", "2024-01-05"]
    with pytest.raises(CalibrationError, match=r"row 3 \('1,080.00'\)"):
        read(tmp_path / "s.xlsx", sheet="2024")
    with pytest.raises(CalibrationError, match=r"no sheet 'x' \(--sheet\); the file has: 'notes', '2024'"):
        read(tmp_path / "s.xlsx", sheet="x")
    with pytest.raises(CalibrationError, match=r"--encoding is for CSV files; s.xlsx is Excel"):
        read(tmp_path / "s.xlsx", encoding="gbk")


def test_sheet_on_a_csv_is_refused(csv):
    """--sheet on a CSV file is a mistake worth saying, not ignoring."""
    with pytest.raises(CalibrationError, match=r"--sheet is for Excel files \(.xlsx\); sales.csv is not one"):
        read(csv(GOOD), sheet="2024")


@pytest.mark.parametrize("fmt, text, value", [
    ("thousands", '"1,234.50"', 1234.5), ("thousands", "$1234", 1234.0), ("thousands", '"NT$1,200"', 1200.0),
    ("thousands", "RMB 88.8", 88.8), ("thousands", "¥12", 12.0), ("thousands", "12 ￥", 12.0),
    ("thousands", '"£1,000,000"', 1e6), ("european", '"1.234,50"', 1234.5), ("european", '"1.234,50 €"', 1234.5),
    ("european", '"12,5"', 12.5), ("plain", "1234.50", 1234.5),
])
def test_amount_formats_read_with_their_option(csv, fmt, text, value):
    """Thousands separators and currency signs read with --amount-format, and only the format's own."""
    tx = read(csv(f"client,day,total\nA,2024-01-03,{text}\n"), amount_format=fmt)
    assert tx.frame["amount"].tolist() == [pytest.approx(value)]


@pytest.mark.parametrize("fmt, text", [("plain", '"1,234.50"'), ("plain", "$12"), ("thousands", '"1.234,50"'),
                                       ("european", '"1,234.50"'), ("thousands", '"12,34"')])
def test_amounts_not_of_the_format_name_row_column_and_option(csv, fmt, text):
    """An amount not of the chosen format is refused with its line and column, and the option is suggested."""
    with pytest.raises(CalibrationError) as err:
        read(csv(f"client,day,total\nA,2024-01-03,{text}\n"), amount_format=fmt)
    msg = str(err.value)
    assert "not a number in column 'total': line 2" in msg and "--amount-format" in msg


def test_negative_formatted_amounts_are_refunds(csv):
    """'-$5' under thousands is −5: refused as a negative amount, not as unreadable."""
    with pytest.raises(CalibrationError, match=r"negative amount in column 'total': line 2 \('-\$5'\)"):
        read(csv("client,day,total\nA,2024-01-03,-$5\n"), amount_format="thousands")


@pytest.mark.parametrize("day, what", [("1500-01-01", "outside 1900–2100"), ("2300-05-05", "outside 1900–2100"),
                                       ("1899-12-31", "outside 1900–2100"), ("2099-01-01", "in the future")])
def test_dates_out_of_bounds_are_refused_with_their_row(csv, day, what):
    """Dates before 1900, after 2100 or after today are named by line (no traceback)."""
    with pytest.raises(CalibrationError, match=rf"1 row with a date {what}.* in column 'day': line 3 \('{day}'\)"):
        read(csv(f"client,day,total\nA,2024-01-03,5\nA,{day},6\n"))


def test_bounds_apply_to_formatted_dates(csv):
    """A two-digit-year slip in a day-first file is caught (3/1/1500 with --date-format)."""
    with pytest.raises(CalibrationError, match=r"outside 1900–2100 in column 'day': line 2"):
        read(csv("client,day,total\nA,03/01/1500,5\n"), date_format="%d/%m/%Y")


def test_a_huge_field_is_never_echoed(csv):
    """A 5 MB value is cut to 40 characters in the message."""
    with pytest.raises(CalibrationError) as err:
        read(csv("client,day,total\nA,2024-01-03," + "9x" * 2_500_000 + "\n"))
    assert len(str(err.value)) < 600 and "line 2 ('" + "9x" * 19 + "9…')" in str(err.value)


def test_a_huge_header_is_never_echoed(csv):
    """A missing column lists the file's columns each cut to 40 characters."""
    with pytest.raises(CalibrationError) as err:
        read(csv("client,day," + "z" * 1_000_000 + "\n"))
    assert len(str(err.value)) < 400 and "'total' (--amount) not found" in str(err.value)


@pytest.mark.parametrize("kw, want", [({"date_format": "%Q"}, r"--date-format '%Q': '%Q' is not a date code"),
                                      ({"date_format": "day"}, r"--date-format 'day': it has no date code"),
                                      ({"sep": ""}, r"--sep '': give one separator character"),
                                      ({"sep": ";;"}, r"--sep ';;': give one separator character")])
def test_bad_options_are_one_line(csv, kw, want):
    """A --date-format without valid codes or an empty/long --sep is one clear line."""
    with pytest.raises(CalibrationError, match=want) as err:
        read(csv(GOOD), **kw)
    assert "\n" not in str(err.value)


def test_tab_separator_is_accepted_as_written_on_a_command_line(csv):
    """--sep '\\t' (backslash t as typed) means a tab."""
    assert len(read(csv(GOOD.replace(",", "\t")), sep="\\t").frame) == 4


@pytest.mark.parametrize("option", [["--date-format", "%Q"], ["--sep", ""]])
def test_cli_bad_options_exit_2_in_one_line(csv, tmp_path, capsys, option):
    """The same options on the command line: exit 2, one line on stderr, nothing written."""
    out = tmp_path / "book.yaml"
    code = main(["calibrate", str(csv(GOOD)), "--customer", "client", "--date", "day", "--amount", "total", "-q",
                 "-o", str(out), *option])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith("error: --") and not out.exists()


# ---------------------------------------------------------------- any CSV: a frame or one clear message
FIELD = st.one_of(st.text(max_size=12), st.sampled_from(["2024-01-03", "1500-01-01", "2300-01-01", "03/04/2024",
                  "1,234.50", "-5", "$5", "nan", "inf", "1e400", '"', "\x00", "", "A"]), st.binary(max_size=8).map(
                  lambda b: b.decode("latin-1")))


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(FIELD, min_size=1, max_size=4), max_size=6),
       raw=st.binary(max_size=30), fmt=st.sampled_from(["plain", "thousands", "european"]))
def test_any_csv_gives_transactions_or_a_short_clear_message(tmp_path, rows, raw, fmt):
    """Random fields, dates, amounts and bytes: a valid Transactions, or a CalibrationError of short lines."""
    body = "\n".join(",".join(r) for r in rows)
    path = tmp_path / "fuzz.csv"
    path.write_bytes(b"client,day,total\n" + body.encode("utf-8", "surrogatepass") + b"\n" + raw)
    try:
        tx = read(path, amount_format=fmt, duplicates="keep")
    except CalibrationError as exc:
        lines = str(exc).splitlines()
        assert lines and all(len(ln) <= 300 for ln in lines) and len(lines) <= 12, str(exc)[:400]
        assert str(path) in lines[0] or lines[0].startswith("--")
        return
    f = tx.frame
    assert len(f) and (f["customer"] != "").all() and f["amount"].ge(0).all() and f["date"].notna().all()
    assert f["date"].between(pd.Timestamp("1900-01-01"), pd.Timestamp.today()).all()


def test_gbk_names_after_a_megabyte_of_ascii_are_detected(tmp_path):
    """The detector looks where the first non-UTF-8 byte is, not only at the file's start."""
    names = ["王小明", "陳大文", "張三", "李四", "黃美玲", "林志明"] * 10  # a few lines of text, as the detector needs
    rows = ["client,day,total"] + [f"ID{i},2024-01-01,{i}" for i in range(60_000)] + [f"{n},2024-01-02,5" for n in names]
    path = write_bytes(tmp_path / "late.csv", "\n".join(rows).encode("gbk"))
    assert path.stat().st_size > 1 << 20
    assert read(path, duplicates="keep").frame["customer"].iloc[-6:].tolist() == names[:6]


def test_binary_junk_is_one_clear_line(tmp_path):
    """Bytes that are no text get one line naming the file and the fix."""
    path = write_bytes(tmp_path / "junk.csv", bytes(range(256)) * 10)
    with pytest.raises(CalibrationError, match=r"junk.csv: not text in an encoding that could be recognised"):
        read(path)
