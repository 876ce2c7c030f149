"""The table store: rows become typed Arrow tables, this run's rows are staged in files and
published with the earlier runs' tables, and nothing of the staging is left behind."""
from __future__ import annotations

import pyarrow as pa
import pytest

from conftest import read_csv, read_duckdb, read_parquet
from etl.schema import TABLES
from etl.tables import Store, _normalize, _normalize_by_column, _normalize_fast, arrow_schema


def mention(article_id: str, start: int, **extra) -> dict:
    return {"article_id": article_id, "sentence": "Buses left Lviv for Poland.", "sentence_start": 0,
            "sentence_end": 27, "start": start, "end": start + 6, "iso3": "POL", "surface": "Poland",
            "kind": "name", **extra}


VISIT = {"article_id": "a1", "sentence": "Scholz visited Kyiv.", "sentence_start": 0, "sentence_end": 20,
         "start": 15, "end": 19, "visitor": "Olaf Scholz", "visitor_title": "Chancellor", "visitor_iso3": "DEU",
         "host_iso3": "UKR", "city": "Kyiv", "latitude": 50.45, "longitude": 30.52, "date": "2022-06-16",
         "date_text": "on Thursday", "status": "completed", "met_with": "", "purpose": "", "flag": ""}


# --- rows -> Arrow --------------------------------------------------------------------

@pytest.mark.parametrize("table, rows", [
    ("visits", [VISIT,
                # no city: no coordinates and no date; a column left out; a None text
                {**VISIT, "city": "", "latitude": None, "longitude": None, "date": "", "purpose": None,
                 "start": 0, "end": 6} | {"flag": None},
                {k: v for k, v in VISIT.items() if k != "met_with"}]),
    ("dates", [{"article_id": "a1", "sentence": "On Monday.", "sentence_start": 0, "sentence_end": 10,
                "start": 0, "end": 9, "surface": "On Monday", "date": "", "granularity": "day", "relative": True}]),
    ("mentions", [mention("a1", 20), mention("a2", 20, extra_key="ignored")]),
])
def test_the_one_pass_conversion_equals_the_column_by_column_one(table, rows):
    fast = _normalize_fast(table, rows, arrow_schema(table))
    assert fast.equals(_normalize_by_column(table, rows, arrow_schema(table)))
    assert fast.schema == arrow_schema(table)
    assert fast.column_names == [c.name for c in TABLES[table]]


def test_empty_dates_and_missing_values_become_null_or_empty_text():
    t = _normalize("visits", [{**VISIT, "date": "", "latitude": None, "purpose": None}]).to_pylist()[0]
    assert (t["date"], t["latitude"], t["purpose"]) == (None, None, "")


def test_values_of_another_type_are_still_stored():
    # A number where text is expected and '' where a number is: the one-pass conversion
    # refuses them, the column-by-column one turns them into text and null.
    rows = [{**VISIT, "visitor": 42, "latitude": "", "start": ""}, VISIT]
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        _normalize_fast("visits", rows, arrow_schema("visits"))
    first, second = _normalize("visits", rows).to_pylist()
    assert (first["visitor"], first["latitude"], first["start"]) == ("42", None, None)
    assert second == {c.name: VISIT[c.name] for c in TABLES["visits"]}


# --- staging and publishing -----------------------------------------------------------

def staging_files(out):
    return sorted(p.name for p in out.iterdir() if p.name.startswith((".staging-", ".tmp-")))


def test_rows_staged_in_files_are_published_sorted_with_the_earlier_runs_rows(tmp_path):
    store = Store(tmp_path)
    try:
        store.append("mentions", [mention("b", 40), mention("b", 5)])
        store.publish()
    finally:
        store.close()
    assert staging_files(tmp_path) == []

    store = Store(tmp_path)  # a second run: the first run's rows come from refugees.duckdb
    try:
        store.append("mentions", [mention("c", 1), mention("a", 9)])
        assert any(name.endswith(".arrow") for name in staging_files(tmp_path))
        assert store.counts()["mentions"] == 4
        store.publish()
        assert store.counts()["mentions"] == 4
    finally:
        store.close()
    assert staging_files(tmp_path) == []
    for read in (read_csv, read_parquet, read_duckdb):
        table = read(tmp_path, "mentions")
        assert list(zip(table.article_id, table.start.astype(int))) == [("a", 9), ("b", 5), ("b", 40), ("c", 1)]


def test_reading_the_store_between_appends_loses_no_row(tmp_path):
    store = Store(tmp_path)
    try:
        store.append("articles", [{"article_id": "x", "title": "", "published": "", "source": "", "url": "",
                                   "input_path": "a.txt", "n_words": 3, "n_sentences": 1, "text": "One two three"}])
        assert store.known_article_ids() == {"x"}
        store.append("articles", [{"article_id": "y", "title": "", "published": "2022-03-01", "source": "",
                                   "url": "", "input_path": "b.txt", "n_words": 1, "n_sentences": 1, "text": "Four"}])
        assert store.known_article_ids() == {"x", "y"}
        store.publish()
    finally:
        store.close()
    articles = read_duckdb(tmp_path, "articles")
    assert articles.article_id.tolist() == ["x", "y"]
    assert articles.published.tolist()[1] == "2022-03-01" and articles.published.isna().tolist()[0]


def test_a_table_larger_than_the_budget_is_published_in_id_ranges_in_the_same_order(tmp_path, monkeypatch):
    import hashlib
    from etl import settings
    ids = [hashlib.sha256(str(i).encode()).hexdigest()[:16] for i in range(300)]
    rows = [mention(a, s) for a in ids for s in (30, 3)]

    def publish(out, part_bytes):
        monkeypatch.setattr(settings, "PUBLISH_PART_BYTES", part_bytes)
        out.mkdir()
        store = Store(out)
        try:
            store.append("mentions", rows[: len(rows) // 2])
            store.publish()  # an earlier run's half, read back from refugees.duckdb ...
        finally:
            store.close()
        store = Store(out)
        try:
            store.append("mentions", rows[len(rows) // 2:])  # ... and this run's half
            store.publish()
        finally:
            store.close()

    publish(tmp_path / "whole", 10**9)
    publish(tmp_path / "ranges", 4_000)  # about a dozen ranges
    for name in ("mentions.csv", "articles.csv"):
        assert (tmp_path / "ranges" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    table = read_duckdb(tmp_path / "ranges", "mentions")
    assert list(zip(table.article_id, table.start)) == sorted((a, s) for a in ids for s in (30, 3))
    assert read_parquet(tmp_path / "ranges", "mentions").equals(read_parquet(tmp_path / "whole", "mentions"))


@pytest.mark.parametrize("size", [0, 10, 10**8, 10**11])
def test_id_ranges_cover_every_id_once(size):
    from etl.tables import _id_ranges
    ranges = _id_ranges(size)
    assert ranges[0][0] == "" and ranges[-1][1] is None
    assert all(hi == nxt for (_, hi), (nxt, _) in zip(ranges, ranges[1:]))  # adjacent, no gap
    assert all(lo < hi for lo, hi in ranges if hi is not None and lo)


def test_the_same_tables_give_the_same_files_whatever_runs_made_them(tmp_path, monkeypatch):
    """Parquet row groups are sized from the published table, not from what this run staged:
    publishing again with nothing new (a re-run) rewrites identical files."""
    import hashlib
    from etl import settings
    monkeypatch.setattr(settings, "PUBLISH_PART_BYTES", 4 * 1024 * 200)  # row groups of a few thousand rows
    ids = [hashlib.sha256(str(i).encode()).hexdigest()[:16] for i in range(3000)]
    store = Store(tmp_path)
    try:
        store.append("mentions", [mention(a, 3) for a in ids])
        store.publish()
    finally:
        store.close()
    first = (tmp_path / "mentions.parquet").read_bytes()
    import pyarrow.parquet as pq
    assert pq.ParquetFile(tmp_path / "mentions.parquet").metadata.num_row_groups > 1
    store = Store(tmp_path)  # nothing staged: every row comes from the earlier run's tables
    try:
        store.publish()
    finally:
        store.close()
    assert (tmp_path / "mentions.parquet").read_bytes() == first
