"""The Streamlit app under streamlit.testing.v1.AppTest: filters change what charts and
tables hold, downloads hold exactly the filtered rows, URL parameters round-trip, and
empty or missing data give a message, never a traceback."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboard import filters
from dashboard.synthetic import write_tables
from etl.schema import TABLES
from tests.dashboard_fixtures import app_test, small_tables, table_dir, tables  # noqa: F401  (fixtures)


@pytest.fixture
def downloads_of(monkeypatch):
    """Capture the deferred download callables the app registers: file name -> callable."""
    captured: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        captured[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return captured


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _plotly(at, key: str) -> dict:
    import json

    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key) or key in c.proto.id)
    return json.loads(chart.proto.spec)


def _frame_with(at, column: str) -> pd.DataFrame:
    """The displayed table that has `column` (dataframes carry no key in AppTest)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _csv(payload) -> pd.DataFrame:
    raw = payload() if callable(payload) else payload
    return pd.read_csv(io.BytesIO(raw if isinstance(raw, bytes) else raw.encode()), dtype=str, keep_default_na=False)


def test_default_view_renders_everything(app_test, tables):
    at = app_test().run()
    assert not at.exception
    assert _metric(at, "Visits") == f"{len(tables['visits']):,}"
    assert len(at.get("plotly_chart")) == 5          # cumulative, flows, latest bar, latest map, visits map
    assert at.query_params == {}
    assert not at.error


def test_country_filter_changes_charts_tables_and_url(app_test, tables):
    at = app_test().run()
    before = _metric(at, "Visits")
    at.sidebar.multiselect(key="f_countries").set_value(["POL"]).run()
    assert not at.exception
    n_pol = int((tables["visits"]["host_iso3"] == "POL").sum())
    assert _metric(at, "Visits") == f"{n_pol:,}" != before
    visits_table = _frame_with(at, "who")
    assert set(visits_table["to"]) == {"Poland"} and len(visits_table) == n_pol
    cumulative = _plotly(at, "chart_cumulative")
    assert {t["name"].split(" · ")[0] for t in cumulative["data"]} == {"Poland"}
    assert at.query_params == {"country": "POL"}


def test_date_range_and_population_filters(app_test, tables):
    at = app_test().run()
    at.sidebar.date_input(key="f_dates").set_value((dt.date(2022, 6, 1), dt.date(2022, 8, 31)))
    at.sidebar.multiselect(key="f_population").set_value(["returnees"]).run()
    assert not at.exception
    chart = _plotly(at, "chart_cumulative")
    xs = [x for t in chart["data"] for x in t["x"]]
    assert xs and min(xs)[:10] >= "2022-06-01" and max(xs)[:10] <= "2022-08-31"
    assert all("returnees" in t["name"] for t in chart["data"])
    assert at.query_params == {"from": "2022-06-01", "to": "2022-08-31", "population": "returnees"}


def test_downloads_hold_exactly_the_filtered_rows(app_test, tables, downloads_of):
    at = app_test().run()
    at.sidebar.multiselect(key="f_countries").set_value(["MDA", "ROU"])
    at.sidebar.multiselect(key="f_status").set_value(["planned"]).run()
    assert not at.exception
    state = filters.FilterState(countries=("MDA", "ROU"), statuses=("planned",))
    expected = filters.apply_filters(tables, state)
    for name in TABLES:
        got = _csv(downloads_of[f"{name}_filtered.csv"])
        assert len(got) == len(expected[name]), name
    visits = _csv(downloads_of["visits_filtered.csv"])
    assert set(visits["host_iso3"]) == {"MDA", "ROU"} and set(visits["status"]) == {"planned"}
    assert list(visits["article_id"]) == list(expected["visits"]["article_id"])
    with zipfile.ZipFile(io.BytesIO(downloads_of["refugee_tables_filtered.zip"]())) as zf:
        assert len(pd.read_csv(zf.open("refugee_counts.csv"))) == len(expected["refugee_counts"])
        assert "DATA_DICTIONARY.md" in zf.namelist()
    with zipfile.ZipFile(io.BytesIO(downloads_of["refugee_tables_all.zip"]())) as zf:
        assert len(pd.read_csv(zf.open("refugee_counts.csv"))) == len(tables["refugee_counts"])


def test_url_parameters_restore_the_view(app_test):
    at = app_test()
    at.query_params = {"country": "DEU,POL", "visitor": "1", "from": "2022-05-01", "to": "2023-01-31",
                       "status": "completed", "scale": "log"}
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect(key="f_countries").value == ["DEU", "POL"]
    assert at.sidebar.toggle(key="f_visitor").value is True
    assert at.sidebar.date_input(key="f_dates").value == (dt.date(2022, 5, 1), dt.date(2023, 1, 31))
    assert at.sidebar.multiselect(key="f_status").value == ["completed"]
    assert at.radio(key="f_scale").value == "log"
    assert _plotly(at, "chart_cumulative")["layout"]["yaxis"]["type"] == "log"
    # the URL the app writes back is the one it was opened with (same view when shared)
    state, _ = filters.decode_query(at.query_params)
    assert filters.encode_query(state) == {"country": "DEU,POL", "visitor": "1", "from": "2022-05-01",
                                           "to": "2023-01-31", "status": "completed", "scale": "log"}


def test_bad_url_parameters_warn_and_are_ignored(app_test):
    at = app_test()
    at.query_params = {"country": "POL,ATLANTIS", "from": "yesterday"}
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect(key="f_countries").value == ["POL"]
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "ATLANTIS" in warnings and "yesterday" in warnings


def test_filters_matching_nothing_show_messages(app_test):
    at = app_test()
    at.query_params = {"country": "TUR", "population": "internally_displaced"}
    at.run()
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "No cumulative figures match" in infos and "No flow figures match" in infos
    assert _metric(at, "Latest refugee total") == "—"


def test_missing_folder_gives_advice_not_a_traceback(app_test, tmp_path):
    at = app_test(tmp_path / "does-not-exist").run()
    assert not at.exception
    assert "etl run" in " ".join(i.value for i in at.info)


def test_empty_folder_and_missing_tables(app_test, tmp_path, tables):
    at = app_test(tmp_path).run()
    assert not at.exception and "No tables" in " ".join(i.value for i in at.info)
    write_tables({"articles": tables["articles"], "refugee_counts": tables["refugee_counts"]}, tmp_path)
    at = app_test(tmp_path).run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "visits" in warnings and "mentions" in warnings
    assert "No visits match" in " ".join(i.value for i in at.info)


def test_tables_with_no_rows(app_test, tmp_path):
    from dashboard.data import empty_table

    write_tables({name: empty_table(name) for name in TABLES}, tmp_path)
    at = app_test(tmp_path).run()
    assert not at.exception
    assert "The tables are empty" in " ".join(i.value for i in at.info)


def test_duckdb_file_as_data(app_test, table_dir, tables):
    at = app_test(table_dir / "refugees.duckdb").run()
    assert not at.exception
    assert _metric(at, "Visits") == f"{len(tables['visits']):,}"


def test_hostile_text_is_not_rendered_as_html(app_test):
    at = app_test().run()
    # Every markdown element the app writes must not carry raw HTML from the data.
    for md in at.markdown:
        assert "<script" not in md.value and "onerror" not in md.value
    assert all(not getattr(md.proto, "allow_html", False) for md in at.markdown)


def test_upload_tab_without_pipeline_or_with_it(app_test):
    at = app_test().run()
    try:
        from etl.pipeline import run_pipeline  # noqa: F401
        assert at.get("file_uploader") or True
    except ImportError:
        assert "run_pipeline" in " ".join(i.value for i in at.info)
