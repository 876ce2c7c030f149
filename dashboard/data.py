"""Load the ETL's tables from a folder (Parquet, else CSV) or a DuckDB file.

Every table comes back with exactly the columns of `etl.schema.TABLES`, in that order,
with one dtype per schema type: text and ISO dates as strings ("" when missing), ints as
nullable Int64, floats as float64, bools as boolean. A missing table becomes an empty
frame and is named in `Dataset.problems`, so the app can say what is missing instead of
failing. Nothing here touches Streamlit; `app.py` wraps `load_dataset` in a cache keyed
by `fingerprint(path)`, so a filter change never rereads files but new files do.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.schema import TABLES, columns

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "data" / "processed"
DATA_ENV = "REFUGEE_DASHBOARD_DATA"   # used when no --data is given (tests set it)
DUCKDB_NAME = "refugees.duckdb"
DUCKDB_SUFFIXES = (".duckdb", ".db")

# Schema dtype -> pandas dtype.
PANDAS_DTYPES = {"str": "str", "date": "str", "int": "Int64", "float": "float64", "bool": "boolean"}


class DataNotFound(Exception):
    """The path holds no tables; the message says what to run."""


@dataclass
class Dataset:
    tables: dict[str, pd.DataFrame]
    source: Path
    problems: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return all(len(df) == 0 for name, df in self.tables.items() if name != "rejects")


def resolve_data_path(argv: list[str], environ: dict | None = None) -> Path:
    """`--data DIR` from the script's arguments, else $REFUGEE_DASHBOARD_DATA, else data/processed."""
    environ = os.environ if environ is None else environ
    for i, arg in enumerate(argv):
        if arg == "--data" and i + 1 < len(argv):
            return Path(argv[i + 1]).expanduser()
        if arg.startswith("--data="):
            return Path(arg.split("=", 1)[1]).expanduser()
    if environ.get(DATA_ENV):
        return Path(environ[DATA_ENV]).expanduser()
    return DEFAULT_DATA


def table_folder(path: Path) -> Path:
    """The folder that holds (or will hold) the tables: the path itself or a DuckDB file's parent."""
    return path.parent if path.suffix in DUCKDB_SUFFIXES else path


def fingerprint(path: Path) -> tuple:
    """Names, sizes and modification times of the files a load would read (cheap; a cache key)."""
    path = Path(path)
    if path.is_file():
        st = path.stat()
        return ((path.name, st.st_size, st.st_mtime_ns),)
    if not path.is_dir():
        return ()
    out = []
    for name in TABLES:
        for suffix in (".parquet", ".csv"):
            f = path / f"{name}{suffix}"
            if f.is_file():
                st = f.stat()
                out.append((f.name, st.st_size, st.st_mtime_ns))
    return tuple(out)


def empty_table(name: str) -> pd.DataFrame:
    return conform(name, pd.DataFrame({c: [] for c in columns(name)}))


def conform(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Give `df` exactly the schema's columns and dtypes (missing ones added empty)."""
    out = {}
    for col in TABLES[name]:
        s = df[col.name] if col.name in df.columns else pd.Series([None] * len(df), index=df.index)
        if col.dtype in ("str", "date"):
            s = s.astype("str").where(s.notna(), "") if s.dtype != "str" else s.fillna("")
            s = _one_chunk(s)
        elif col.dtype == "int":
            s = pd.to_numeric(s, errors="coerce").round().astype("Int64")
        elif col.dtype == "float":
            s = pd.to_numeric(s, errors="coerce").astype("float64")
        elif col.dtype == "bool":
            s = s.map(lambda v: v if isinstance(v, bool) else {"true": True, "false": False}.get(str(v).strip().lower())).astype("boolean")
        out[col.name] = s
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


def _one_chunk(s: pd.Series) -> pd.Series:
    """A text column in one Arrow chunk: Parquet gives one per row group, and taking rows from
    a chunked column costs a concatenation of all its chunks each time (20x slower)."""
    chunked = getattr(s.array, "_pa_array", None)
    if chunked is None or getattr(chunked, "num_chunks", 1) <= 1:
        return s
    return pd.Series(pd.array(chunked.combine_chunks(), dtype=s.dtype), index=s.index, name=s.name)


def _read_folder(folder: Path, problems: list[str]) -> dict[str, pd.DataFrame]:
    tables = {}
    for name in TABLES:
        parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
        try:
            if parquet.is_file():
                df = pd.read_parquet(parquet)
            elif csv.is_file():
                df = pd.read_csv(csv, dtype=str, keep_default_na=False)
            else:
                problems.append(f"Table `{name}` is missing from {folder} (no {name}.parquet or {name}.csv).")
                tables[name] = empty_table(name)
                continue
        except Exception as exc:  # a damaged file must not take the app down
            problems.append(f"Table `{name}` could not be read ({type(exc).__name__}: {exc}).")
            tables[name] = empty_table(name)
            continue
        missing = [c for c in columns(name) if c not in df.columns]
        if missing:
            problems.append(f"Table `{name}` lacks columns {', '.join(missing)}; they are shown empty.")
        tables[name] = conform(name, df)
    return tables


def _read_duckdb(path: Path, problems: list[str]) -> dict[str, pd.DataFrame]:
    import duckdb

    try:
        con = duckdb.connect(str(path), read_only=True)
    except Exception as exc:
        raise DataNotFound(f"{path} is not a readable DuckDB file ({type(exc).__name__}: {exc}).") from exc
    try:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        tables = {}
        for name in TABLES:
            if name not in present:
                problems.append(f"Table `{name}` is missing from {path.name}.")
                tables[name] = empty_table(name)
                continue
            df = con.execute(f'SELECT * FROM "{name}"').df()
            missing = [c for c in columns(name) if c not in df.columns]
            if missing:
                problems.append(f"Table `{name}` lacks columns {', '.join(missing)}; they are shown empty.")
            tables[name] = conform(name, df)
        return tables
    finally:
        con.close()


def load_dataset(path: Path) -> Dataset:
    """Read every table at `path` (folder or DuckDB file). Raises DataNotFound with advice."""
    path = Path(path)
    problems: list[str] = []
    if path.is_file() and path.suffix in DUCKDB_SUFFIXES:
        tables = _read_duckdb(path, problems)
    elif path.is_dir():
        if not fingerprint(path):
            if (path / DUCKDB_NAME).is_file():
                return load_dataset(path / DUCKDB_NAME)
            raise DataNotFound(
                f"No tables in {path}. Build them with `python -m etl run data/sample --out {path}` "
                f"(or `make run`), or add articles below."
            )
        tables = _read_folder(path, problems)
    else:
        raise DataNotFound(
            f"{path} does not exist. Build the tables with `python -m etl run data/sample --out {path}` "
            f"(or `make run`), or start the app with `-- --data DIR` pointing at a table folder or a .duckdb file."
        )
    return Dataset(tables=tables, source=path, problems=problems)


def dataset_from_tables(tables: dict[str, pd.DataFrame], source: Path | str = "<memory>") -> Dataset:
    """A Dataset from in-memory frames (tests, the benchmark), conformed like a load."""
    problems = []
    out = {}
    for name in TABLES:
        if name in tables:
            out[name] = conform(name, tables[name])
        else:
            problems.append(f"Table `{name}` is missing.")
            out[name] = empty_table(name)
    return Dataset(tables=out, source=Path(source), problems=problems)
