"""Store and write the output tables.

Rows are appended in batches to staging files next to the outputs, so memory stays flat
however many articles pass through: this run's rows go to one Arrow IPC stream per table
(an append is little more than a write), the earlier runs' tables and the rejects to a
staging DuckDB database. `publish` then sorts each table into the DuckDB file and streams
it from there to CSV and Parquet (sorted, so the same input gives byte-identical files),
each file written to a temporary name first and renamed into place. Within DuckDB's memory
budget: a table too large to sort at once is sorted one range of article ids at a time,
and the CSV and Parquet writers take a bounded batch of rows at a time, so memory stays
flat however large the corpus. The DuckDB file is renamed last: it is the record of what
has been processed, so a run killed before that point is simply redone by the next one. (A kill inside the renames themselves, a window of
microseconds, can leave some files new and others old; each file is whole, and the next
run publishes the complete set.)
"""
from __future__ import annotations

import os
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv  # noqa: F401  (pa.csv)
import pyarrow.ipc  # noqa: F401  (pa.ipc)
import pyarrow.parquet as pq

from . import settings
from .schema import SORT_KEYS, TABLES

_ARROW = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.string(), "bool": pa.bool_()}
_SQL = {"str": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "date": "VARCHAR", "bool": "BOOLEAN"}


# LZ4 makes the staging files about a quarter of their raw size for almost no time. Without
# threads: Arrow's thread pool would hold on to tens of MB of memory for little gain here.
_STAGING_IPC = pa.ipc.IpcWriteOptions(compression="lz4", use_threads=False)
_STAGING_READ = pa.ipc.IpcReadOptions(use_threads=False)
# Strings quoted, numbers and empty values not: a person's spreadsheet reads '' and NULL apart.
_CSV_OPTIONS = pa.csv.WriteOptions(quoting_style="needed")


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(c.name, _ARROW[c.dtype]) for c in TABLES[table]])


def _normalize(table: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts) -> an Arrow table with exactly the schema's columns; '' dates become null."""
    schema = arrow_schema(table)
    try:
        return _normalize_fast(table, rows, schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a value of another type: column by column
        return _normalize_by_column(table, rows, schema)


def _normalize_fast(table: str, rows: list[dict], schema: pa.Schema) -> pa.Table:
    """The extractor's rows in one conversion in C (dicts to a struct array), which fails on
    any value that does not already have its column's type ('' in a number column)."""
    data = pa.array(rows, pa.struct(schema)).flatten()
    for i, c in enumerate(TABLES[table]):
        column = data[i]
        if c.dtype == "date":
            empty = pc.equal(column, "")
            if pc.any(empty).as_py():
                data[i] = pc.if_else(empty, pa.scalar(None, pa.string()), column)
        elif c.dtype == "str" and column.null_count:
            data[i] = column.fill_null("")
    return pa.Table.from_arrays(data, schema=schema)


def _normalize_by_column(table: str, rows: list[dict], schema: pa.Schema) -> pa.Table:
    data = {}
    for c, field in zip(TABLES[table], schema):
        values = [r.get(c.name) for r in rows]
        if c.dtype in ("date", "float", "int"):
            data[c.name] = pa.array([None if v == "" else v for v in values], field.type)
            continue
        if c.dtype != "str":
            data[c.name] = pa.array(values, field.type)
            continue
        try:  # the extractor's strings convert in C; anything else is turned to text first
            column = pa.array(values, field.type)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            column = pa.array(["" if v is None else str(v) for v in values], field.type)
        data[c.name] = column.fill_null("") if column.null_count else column
    return pa.table(data, schema=schema)


class Store:
    """This run's view of every table: a staging DuckDB database with the earlier runs' tables
    and the rejects, plus this run's new rows in Arrow IPC files (see the module docstring)."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.path = out_dir / f".staging-{os.getpid()}.duckdb"
        self.path.unlink(missing_ok=True)
        self._files: dict[str, list[Path]] = {t: [] for t in TABLES}   # complete IPC streams
        self._writers: dict[str, pa.ipc.RecordBatchStreamWriter] = {}  # the one being written
        self._staged_rows = dict.fromkeys(TABLES, 0)
        self._staged_bytes = dict.fromkeys(TABLES, 0)
        # A fixed budget keeps memory flat however large the tables grow (DuckDB spills to disk).
        # Text stored with zstd: on article-length strings DuckDB's default (dictionary + FSST)
        # takes about three times as long to write and makes a larger file.
        self.con = duckdb.connect(str(self.path), config={"memory_limit": settings.DUCKDB_MEMORY_LIMIT,
                                                          "force_compression": "zstd"})
        for table, cols in TABLES.items():
            columns = ", ".join(f'"{c.name}" {_SQL[c.dtype]}' for c in cols)
            self._sql(f'CREATE TABLE "{table}" ({columns})')
        self._load_previous()

    def _load_previous(self) -> None:
        previous = self.out_dir / settings.DUCKDB_NAME
        if not previous.exists():
            return
        self._sql(f"ATTACH '{_sql_path(previous)}' AS prev (READ_ONLY)")
        present = {r[0] for r in self._sql(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'prev'")}
        for table, cols in TABLES.items():
            if table not in present:
                continue
            have = {r[0] for r in self._sql(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'prev' AND table_name = ?",
                [table])}
            select = ", ".join(f'"{c.name}"' if c.name in have else f'NULL AS "{c.name}"' for c in cols)
            self._sql(f'INSERT INTO "{table}" SELECT {select} FROM prev."{table}"')
        self._sql("DETACH prev")

    def _sql(self, sql: str, params=None):
        """Run one statement to completion (DuckDB 2 wants results consumed)."""
        return self.con.execute(sql, params).fetchall() if params is not None else self.con.execute(sql).fetchall()

    def known_article_ids(self) -> set[str]:
        with self._with_staged("articles") as source:
            return {r[0] for r in self._sql(f"SELECT article_id FROM {source}")}

    def append(self, table: str, rows: list[dict]) -> None:
        if not rows:
            return
        batch = _normalize(table, rows)
        if table == "rejects":  # the same bad input read again is one reject, not two
            self.con.register("_batch", batch)
            self._sql('INSERT INTO "rejects" SELECT * FROM _batch EXCEPT SELECT * FROM "rejects"')
            self.con.unregister("_batch")
            return
        writer = self._writers.get(table)
        if writer is None:
            path = self.out_dir / f".staging-{os.getpid()}-{table}-{len(self._files[table])}.arrow"
            self._files[table].append(path)
            writer = self._writers[table] = pa.ipc.new_stream(str(path), batch.schema, options=_STAGING_IPC)
        writer.write_table(batch)
        self._staged_rows[table] += batch.num_rows
        self._staged_bytes[table] += batch.nbytes

    @contextmanager
    def _with_staged(self, table: str):
        """SQL for the table as this run sees it: the staging database's rows, then the staged
        files' (read once, in the order they were appended)."""
        writer = self._writers.pop(table, None)
        if writer is not None:  # a stream is complete once closed; the next append starts another
            writer.close()
        files = list(self._files[table])
        if not files:
            yield f'"{table}"'
            return
        self.con.register("_staged", pa.RecordBatchReader.from_batches(arrow_schema(table), _read_streams(files)))
        try:
            yield f'(SELECT * FROM "{table}" UNION ALL SELECT * FROM _staged)'
        finally:
            self.con.unregister("_staged")

    def replace_rejects(self, read: list[str], rows: list[dict]) -> None:
        """This run's rejects in place of the earlier ones for the inputs it read again, so a
        file that has been fixed loses its old reject ("name" or "name#line")."""
        if read:
            self.con.register("_read", pa.table({"path": pa.array(read, pa.string())}))
            self._sql("""DELETE FROM "rejects" WHERE regexp_replace(input_path, '#[0-9]+$', '')"""
                      ' IN (SELECT path FROM _read)')
            self.con.unregister("_read")
        self.append("rejects", rows)

    def counts(self) -> dict[str, int]:
        return {t: self._sql(f'SELECT count(*) FROM "{t}"')[0][0] + self._staged_rows[t] for t in TABLES}

    def publish(self) -> None:
        """Write CSV, Parquet and DuckDB outputs atomically (temp file + rename)."""
        # Memory Arrow's allocator kept from staging goes back to the system before DuckDB sorts
        # (peak RSS ~30 MB lower).
        pa.default_memory_pool().release_unused()
        final_db = self.out_dir / settings.DUCKDB_NAME
        tmp_db = self.out_dir / f".tmp-{os.getpid()}-{settings.DUCKDB_NAME}"
        tmp_db.unlink(missing_ok=True)
        self._sql(f"ATTACH '{_sql_path(tmp_db)}' AS out")
        renames: list[tuple[Path, Path]] = []
        for table in TABLES:
            order = ", ".join(f'"{k}"' for k in SORT_KEYS[table])
            parts = _id_ranges(self._size(table)) if SORT_KEYS[table][0] == "article_id" else [("", None)]
            if len(parts) == 1:
                # Rejects may repeat when the same bad file is read again: keep one of each.
                distinct = "DISTINCT " if table == "rejects" else ""
                with self._with_staged(table) as source:
                    self._sql(f'CREATE TABLE out."{table}" AS SELECT {distinct}* FROM {source} ORDER BY {order}')
            else:
                # DuckDB does not spill a sort of long strings to disk: a table larger than the
                # memory budget is sorted a range of article ids at a time, appended in order
                # (a table keeps its insertion order, so it reads back sorted).
                self._sql(f'CREATE TABLE out."{table}" AS SELECT * FROM "{table}" LIMIT 0')
                for lo, hi in parts:
                    below = "" if hi is None else f" AND article_id < '{hi}'"
                    with self._with_staged(table) as source:
                        self._sql(f'INSERT INTO out."{table}" SELECT * FROM {source} '
                                  f"WHERE article_id >= '{lo}'{below} ORDER BY {order}")
            renames += self._write_files(table, self._group_rows(table))
        self._sql("DETACH out")
        # Everything is on disk before the first rename, so the renames follow each other within
        # microseconds: the window in which old and new tables are mixed stays as small as it can.
        for tmp, _ in renames:
            _fsync(tmp)
        _fsync(tmp_db)
        for tmp, final in renames:
            os.replace(tmp, final)
        os.replace(tmp_db, final_db)  # the commit point: see the module docstring
        _fsync_dir(self.out_dir)

    def _write_files(self, table: str, group_rows: int) -> list[tuple[Path, Path]]:
        """The published table as CSV and Parquet (temporary names, and the final ones), both
        from one ordered scan: Arrow's writers take about a third of the time of DuckDB's COPY."""
        schema = arrow_schema(table)
        tmp_csv = self.out_dir / f".tmp-{os.getpid()}-{table}.csv"
        tmp_parquet = self.out_dir / f".tmp-{os.getpid()}-{table}.parquet"
        # One thread: with several, DuckDB buffers whole tables to keep the rows in order; with
        # one it streams them, a batch (a Parquet row group) at a time.
        self._sql("SET threads = 1")
        try:
            reader = self.con.sql(f'SELECT * FROM out."{table}"').to_arrow_reader(group_rows)
            with pa.csv.CSVWriter(str(tmp_csv), schema, write_options=_CSV_OPTIONS) as csv_out, \
                    pq.ParquetWriter(str(tmp_parquet), schema, compression="zstd",
                                     memory_pool=pa.system_memory_pool()) as parquet_out:
                for batch in reader:
                    batch = batch.cast(schema) if batch.schema != schema else batch
                    csv_out.write_batch(batch)
                    parquet_out.write_batch(batch, row_group_size=group_rows)
        finally:
            self._sql("RESET threads")
            pa.default_memory_pool().release_unused()  # before the next table's sort (~30 MB)
        return [(tmp_csv, self.out_dir / f"{table}.csv"), (tmp_parquet, self.out_dir / f"{table}.parquet")]

    def _group_rows(self, table: str) -> int:
        """Rows per Parquet row group (and per batch written): about a quarter of a part, as the
        writers hold one (and its CSV text) in memory beside what DuckDB keeps. Sized from the
        published table itself, so the same tables give the same files whatever runs made them."""
        width = " + ".join(f'coalesce(strlen("{c.name}"), 0)' if _SQL[c.dtype] == "VARCHAR" else "8"
                           for c in TABLES[table])
        average = self._sql(f'SELECT avg({width}) FROM out."{table}"')[0][0] or 1
        return max(1024, settings.PUBLISH_PART_BYTES // 4 // max(1, int(average)))

    def _size(self, table: str) -> int:
        """Approximate bytes of the table as this run sees it, to split its sort: the staged
        rows' Arrow size, and the earlier runs' rows at the same width (or a guess when none
        are staged)."""
        earlier = self._sql(f'SELECT count(*) FROM "{table}"')[0][0]
        staged, staged_bytes = self._staged_rows[table], self._staged_bytes[table]
        width = staged_bytes / staged if staged else _WIDTH_GUESS.get(table, 300)
        return int(staged_bytes + earlier * width)

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            for writer in self._writers.values():
                with suppress(OSError):  # its file is deleted next anyway
                    writer.close()
            self._writers.clear()
            self.path.unlink(missing_ok=True)
            Path(str(self.path) + ".wal").unlink(missing_ok=True)
            for files in self._files.values():
                for f in files:
                    f.unlink(missing_ok=True)


# Bytes per row of a table when none of this run's rows tell (articles carry their text).
_WIDTH_GUESS = {"articles": 3000}


def _id_ranges(size: int) -> list[tuple[str, str | None]]:
    """Ranges of article ids [lo, hi) that split a table of `size` bytes into parts of about
    settings.PUBLISH_PART_BYTES (ids are hex digests, so even ranges hold even shares)."""
    parts = min(4096, -(-size // settings.PUBLISH_PART_BYTES))
    if parts <= 1:
        return [("", None)]
    bounds = [format(i * 65536 // parts, "04x") for i in range(1, parts)]
    return list(zip([""] + bounds, bounds + [None]))


def _read_streams(files: list[Path]):
    # Read with malloc, which gives each batch's memory back once DuckDB has copied it; Arrow's
    # default allocator keeps it (peak RSS while publishing ~15 MB lower).
    pool = pa.system_memory_pool()
    for f in files:
        with pa.OSFile(str(f)) as source, pa.ipc.open_stream(source, options=_STAGING_READ, memory_pool=pool) as reader:
            yield from reader


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    try:
        _fsync(path)
    except OSError:
        pass  # some file systems do not allow fsync on a directory
