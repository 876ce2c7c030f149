"""CSV and ZIP downloads of the filtered tables.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return, which
some strip first) as a formula; such text cells get a leading single quote (OWASP's
advice for CSV injection). Numbers stay numbers, and every other cell round-trips
through pandas unchanged.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping

import pandas as pd

from etl.schema import TABLES, columns, data_dictionary_markdown

FORMULA_START = re.compile(r"^[=+\-@\t\r]")
DICTIONARY_NAME = "DATA_DICTIONARY.md"


def neutralize(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with a single quote."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def neutralize_frame(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every risky text cell neutralized (column-wise, fast on large tables)."""
    out = {}
    for name, s in df.items():
        if s.dtype == "str" or s.dtype == object:
            text = s.astype("str") if s.dtype == object else s
            risky = text.str.match(FORMULA_START.pattern, na=False)
            if risky.any():
                s = s.where(~risky, "'" + text)
        out[name] = s
    return pd.DataFrame(out, index=df.index)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV, header first, no index, formula cells neutralized."""
    return neutralize_frame(df).to_csv(index=False, lineterminator="\n").encode("utf-8")


def table_file_name(table: str, filtered: bool = True) -> str:
    return f"{table}{'_filtered' if filtered else ''}.csv"


def zip_bytes(tables: Mapping[str, pd.DataFrame], note: str = "") -> bytes:
    """Every table as CSV plus DATA_DICTIONARY.md (the schema's documentation)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in TABLES:
            df = tables[name] if name in tables else pd.DataFrame(columns=columns(name))
            zf.writestr(f"{name}.csv", to_csv_bytes(df))
        header = "# Data dictionary\n\n"
        if note:
            header += note.strip() + "\n\n"
        header += ("Text cells starting with =, +, -, @, tab or carriage return carry a leading "
                   "single quote so spreadsheets do not run them as formulas.\n\n")
        zf.writestr(DICTIONARY_NAME, header + data_dictionary_markdown())
    return buf.getvalue()
