"""Pure-function tests of the dashboard modules: filters, URL encoding, charts, maps,
downloads, uploads, data loading, country shapes. No Streamlit runtime involved."""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as hs

from dashboard import charts, data, downloads, filters, maps, uploads
from dashboard.countries import GEOJSON_PATH, country_name
from etl.schema import TABLES, columns
from tests.dashboard_fixtures import FORMULA_SENTENCE, table_dir, tables  # noqa: F401  (fixtures)

FS = filters.FilterState


# --- country shapes ----------------------------------------------------------------------

def _shape(iso3: str):
    feature = next(f for f in json.loads(GEOJSON_PATH.read_text())["features"] if f["id"] == iso3)
    return shapely.geometry.shape(feature["geometry"])


@pytest.mark.parametrize("lon, lat, iso3", [
    (34.1, 44.95, "UKR"),    # Simferopol: Crimea drawn as Ukraine (UN position)
    (33.52, 44.6, "UKR"),    # Sevastopol
    (30.52, 50.45, "UKR"),   # Kyiv
    (37.62, 55.75, "RUS"),   # Moscow
    (21.01, 52.23, "POL"),   # Warsaw
    (21.17, 42.67, "XKX"),   # Pristina: Kosovo has a code although world-atlas gives it no id
])
def test_points_fall_in_the_right_country(lon, lat, iso3):
    assert _shape(iso3).contains(shapely.Point(lon, lat))


def test_crimea_is_not_in_russia():
    assert not _shape("RUS").contains(shapely.Point(34.1, 44.95))


def test_geojson_is_small_and_keyed_by_iso3():
    assert GEOJSON_PATH.stat().st_size < 1_500_000
    features = json.loads(GEOJSON_PATH.read_text())["features"]
    assert len(features) > 200
    assert all(len(f["id"]) == 3 and f["id"] == f["properties"]["iso3"] for f in features)
    assert (GEOJSON_PATH.parent / "README.md").read_text().count("world-atlas") >= 1


# --- filters ----------------------------------------------------------------------------

def test_no_filter_keeps_everything(tables):
    view = filters.apply_filters(tables, FS())
    assert {name: len(view[name]) for name in TABLES} == {name: len(df) for name, df in tables.items()}


def test_country_filter_cuts_figures_and_visits(tables):
    view = filters.apply_filters(tables, FS(countries=("POL",)))
    assert set(view["refugee_counts"]["destination_iso3"]) == {"POL"}
    assert set(view["visits"]["host_iso3"]) == {"POL"}
    assert set(view["mentions"]["iso3"]) == {"POL"}
    linked = set(view["refugee_counts"]["article_id"]) | set(view["visits"]["article_id"]) | set(view["mentions"]["article_id"])
    assert set(view["articles"]["article_id"]) <= linked
    assert len(view["rejects"]) == len(tables["rejects"])


def test_match_visitor_adds_visits_by_that_country(tables):
    plain = filters.apply_filters(tables, FS(countries=("DEU",)))["visits"]
    wide = filters.apply_filters(tables, FS(countries=("DEU",), match_visitor=True))["visits"]
    assert len(wide) > len(plain)
    assert ((wide["host_iso3"] == "DEU") | (wide["visitor_iso3"] == "DEU")).all()


def test_date_range_keeps_dated_rows_inside_it(tables):
    state = FS(date_from=dt.date(2022, 6, 1), date_to=dt.date(2022, 12, 31))
    view = filters.apply_filters(tables, state)
    for df, col in ((view["refugee_counts"], "as_of"), (view["visits"], "date"), (view["dates"], "date")):
        assert len(df) and df[col].between("2022-06-01", "2022-12-31").all()
    # rows without a date are left out once a bound is set, kept without one
    assert (tables["visits"]["date"] == "").any()
    assert (filters.apply_filters(tables, FS())["visits"]["date"] == "").any()


def test_population_status_and_source_filters(tables):
    view = filters.apply_filters(tables, FS(populations=("returnees",), statuses=("planned",), sources=("BBC",)))
    assert set(view["refugee_counts"]["population"]) == {"returnees"}
    assert set(view["visits"]["status"]) == {"planned"}
    bbc = set(tables["articles"].loc[tables["articles"]["source"] == "BBC", "article_id"])
    assert set(view["refugee_counts"]["article_id"]) <= bbc and set(view["visits"]["article_id"]) <= bbc


def test_head_and_n_rows_agree_with_the_cut_table(tables):
    view = filters.apply_filters(tables, FS(countries=("POL", "DEU")))
    assert view.n_rows("refugee_counts") == len(view["refugee_counts"])
    pd.testing.assert_frame_equal(view.head("visits", 5), view["visits"].head(5))


codes = hs.lists(hs.sampled_from(["POL", "DEU", "UKR", "MDA", "ROU"]), unique=True, max_size=4)
days = hs.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
sources = hs.lists(hs.text(hs.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20), unique=True, max_size=3)


@settings(max_examples=200, deadline=None)
@given(countries=codes, mv=hs.booleans(), d1=hs.none() | days, d2=hs.none() | days,
       pops=hs.lists(hs.sampled_from(filters.POPULATIONS), unique=True),
       stats=hs.lists(hs.sampled_from(filters.STATUSES), unique=True), srcs=sources,
       scale=hs.sampled_from(filters.SCALES))
def test_url_round_trip(countries, mv, d1, d2, pops, stats, srcs, scale):
    if d1 and d2 and d1 > d2:
        d1, d2 = d2, d1
    state = FS(tuple(countries), mv, d1, d2, tuple(pops), tuple(stats), tuple(srcs), scale)
    decoded, problems = filters.decode_query(filters.encode_query(state))
    assert decoded == state and problems == []


def test_default_state_has_an_empty_query():
    assert filters.encode_query(FS()) == {}


@pytest.mark.parametrize("query, expected, n_problems", [
    ({"country": "pol,XXX1", "from": "2022-13-01"}, FS(countries=("POL",)), 2),
    ({"country": "POL", "population": "refugees,aliens"}, FS(countries=("POL",), populations=("refugees",)), 1),
    ({"from": "2023-01-01", "to": "2022-01-01"}, FS(date_from=dt.date(2022, 1, 1), date_to=dt.date(2023, 1, 1)), 0),
    ({"scale": "cubic", "visitor": "1"}, FS(match_visitor=True), 1),
    ({"country": ["POL", "DEU,POL"]}, FS(countries=("POL", "DEU")), 0),
])
def test_bad_query_values_are_dropped_and_reported(query, expected, n_problems):
    state, problems = filters.decode_query(query)
    assert state == expected and len(problems) == n_problems


def test_unknown_country_in_link_is_reported():
    state, problems = filters.decode_query({"country": "POL,FRA"}, known_countries=["POL"])
    assert state.countries == ("POL",) and problems == ["country 'FRA' is not in the data"]


# --- charts -----------------------------------------------------------------------------

def _figure_rows(rows: list[dict]) -> pd.DataFrame:
    base = {c: "" for c in columns("refugee_counts")}
    base.update({"count": 0, "low": 0, "high": 0, "start": 0, "end": 1, "sentence_start": 0, "sentence_end": 1,
                 "population": "refugees", "kind": "cumulative", "qualifier": "exact"})
    return data.conform("refugee_counts", pd.DataFrame([{**base, **r} for r in rows]))


ARTICLES = data.conform("articles", pd.DataFrame({
    "article_id": ["a1", "a2", "a3", "a4"], "title": ["T1", "T2", "<b>T3</b>", "T4"],
    "source": ["AP", "BBC", "DW", "AP"], "published": "2022-03-10"}))


def test_same_figure_same_day_is_one_point_with_every_source():
    counts = _figure_rows([
        {"article_id": "a1", "destination_iso3": "POL", "as_of": "2022-03-10", "count": 1_500_000, "surface": "1.5 million"},
        {"article_id": "a2", "destination_iso3": "POL", "as_of": "2022-03-10", "count": 1_500_000, "surface": "1,500,000"},
        {"article_id": "a3", "destination_iso3": "POL", "as_of": "2022-03-20", "count": 2_000_000, "surface": "two million"},
    ])
    sp = charts.series_points(charts.figure_table(counts, ARTICLES), "cumulative")
    assert list(sp.points["count"]) == [1_500_000, 2_000_000]
    first = sp.points.iloc[0]
    assert first["n_reports"] == 2 and first["sources"] == "AP, BBC"
    fig = charts.time_series_figure(sp, "cumulative", "log")
    assert fig.layout.yaxis.type == "log"
    hover = " ".join(fig.data[0].hovertext)
    assert "AP, BBC" in hover and "&lt;b&gt;T3&lt;/b&gt;" in hover and "<b>T3" not in hover


def test_flagged_and_flows_stay_out_of_cumulative_chart():
    counts = _figure_rows([
        {"article_id": "a1", "destination_iso3": "POL", "as_of": "2022-03-10", "count": 100},
        {"article_id": "a2", "destination_iso3": "POL", "as_of": "2022-03-11", "count": 10**12, "flag": "more than the world's population"},
        {"article_id": "a3", "destination_iso3": "POL", "as_of": "2022-03-12", "count": 50, "kind": "flow"},
        {"article_id": "a4", "destination_iso3": "POL", "as_of": "", "count": 70},
    ])
    figures = charts.figure_table(counts, ARTICLES)
    assert list(charts.series_points(figures, "cumulative").points["count"]) == [100]
    assert list(charts.series_points(figures, "flow").points["count"]) == [50]
    flagged = charts.flagged_figures(counts, ARTICLES)
    assert list(flagged["reason"]) == ["more than the world's population"]
    latest = charts.latest_per_country(figures)
    assert list(latest["count"]) == [100]


def test_many_points_are_thinned_but_series_kept(tables):
    big = charts.figure_table(tables["refugee_counts"], tables["articles"])
    sp = charts.series_points(big, "cumulative", max_series=3, max_points=20)
    assert sp.points["series"].nunique() == 3 and len(sp.series_dropped) > 0
    assert len(sp.points) <= 20 or (sp.points["period"] == "week").all()
    assert sp.collapsed and sp.points["others"].sum() > 0


def test_headline_prefers_the_all_country_total():
    counts = _figure_rows([
        {"article_id": "a1", "destination_iso3": "", "as_of": "2022-03-10", "count": 3_000_000},
        {"article_id": "a2", "destination_iso3": "POL", "as_of": "2022-03-11", "count": 1_800_000},
        {"article_id": "a3", "destination_iso3": "MDA", "as_of": "2022-03-09", "count": 300_000},
    ])
    figures = charts.figure_table(counts, ARTICLES)
    visits = data.empty_table("visits")
    latest = charts.latest_per_country(figures)
    h = charts.headline(figures, visits, ARTICLES, latest)
    assert (h.total, h.total_date, h.total_label) == (3_000_000, "2022-03-10", "all countries")
    assert [t[0] for t in h.top_destinations] == ["Poland", "Moldova"]
    without_total = charts.figure_table(counts.iloc[1:], ARTICLES)
    h2 = charts.headline(without_total, visits, ARTICLES, charts.latest_per_country(without_total))
    assert h2.total == 2_100_000 and "2 countries" in h2.total_label and h2.total_date == "2022-03-11"


def test_empty_inputs_give_empty_outputs():
    figures = charts.figure_table(data.empty_table("refugee_counts"), data.empty_table("articles"))
    assert charts.series_points(figures, "cumulative").points.empty
    assert charts.latest_per_country(figures).empty
    assert maps.visits_map(data.empty_table("visits")).data[0].type == "choroplethmap"


# --- maps -------------------------------------------------------------------------------

def test_maps_use_only_offline_maplibre_traces(tables):
    latest = charts.latest_per_country(charts.figure_table(tables["refugee_counts"], tables["articles"]))
    for fig in (maps.visits_map(tables["visits"]), maps.latest_figure_map(latest)):
        types = {t.type for t in fig.data}
        assert types <= {"choroplethmap", "scattermap"}
        assert fig.layout.map.style == "white-bg"
        base = fig.data[0]
        assert len(base.locations) == len(json.loads(GEOJSON_PATH.read_text())["features"])  # every country drawn
        assert "http" not in json.dumps(fig.to_plotly_json()["layout"])


def test_visits_map_tells_completed_from_planned(tables):
    fig = maps.visits_map(tables["visits"])
    by_name = {t.name: t for t in fig.data}
    done, planned = by_name["completed visit (city)"], by_name["planned visit (city)"]
    assert done.marker.color != planned.marker.color
    lines = [t for t in fig.data if t.type == "scattermap" and t.mode == "lines"]
    assert {t.legendgroup for t in lines} == {"completed", "planned"}
    # a line starts at the visitor's country: Germany's label point is an end of some segment
    deu = maps.country_table().loc["DEU"]
    assert any(deu["lon"] in t.lon for t in lines)


def test_maps_can_point_at_served_shapes(tables):
    fig = maps.visits_map(tables["visits"], shapes=maps.GEOJSON_URL)
    assert fig.data[0].geojson == maps.GEOJSON_URL and fig.data[1].geojson == maps.GEOJSON_URL
    assert (Path(maps.__file__).parent / "static" / "countries.geojson").is_file()


def test_country_names():
    assert country_name("UKR") == "Ukraine" and country_name("") == "All countries" and country_name("ZZZ") == "ZZZ"


# --- downloads --------------------------------------------------------------------------

@pytest.mark.parametrize("cell, expected", [
    ("=1+2", "'=1+2"), ("+44 20", "'+44 20"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Poland", "Poland"), ("", ""), ("a=b", "a=b"), (-5, -5), (None, None),
])
def test_neutralize(cell, expected):
    assert downloads.neutralize(cell) == expected


def test_csv_holds_exact_rows_and_neutralizes(tables):
    view = filters.apply_filters(tables, FS(countries=("POL",)))
    df = view["refugee_counts"]
    back = pd.read_csv(io.BytesIO(downloads.to_csv_bytes(df)), dtype=str, keep_default_na=False)
    assert list(back.columns) == columns("refugee_counts") and len(back) == len(df)
    assert list(back["article_id"]) == list(df["article_id"])
    full = pd.read_csv(io.BytesIO(downloads.to_csv_bytes(tables["refugee_counts"])), dtype=str, keep_default_na=False)
    assert full.loc[0, "sentence"] == "'" + FORMULA_SENTENCE


@settings(max_examples=100, deadline=None)
@given(hs.lists(hs.text(hs.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=30), min_size=1, max_size=20))
def test_csv_round_trips_every_other_cell(cells):
    df = pd.DataFrame({"text": pd.Series(cells, dtype="str"), "n": range(len(cells))})
    back = pd.read_csv(io.BytesIO(downloads.to_csv_bytes(df)), dtype=str, keep_default_na=False)
    for original, got in zip(cells, back["text"]):
        assert got == (downloads.neutralize(original) if original else original)
    assert list(back["n"]) == [str(i) for i in range(len(cells))]


def test_zip_has_every_table_and_the_dictionary(tables):
    view = filters.apply_filters(tables, FS(countries=("MDA",)))
    with zipfile.ZipFile(io.BytesIO(downloads.zip_bytes(view, "Filters: country=MDA"))) as zf:
        assert set(zf.namelist()) == {f"{t}.csv" for t in TABLES} | {downloads.DICTIONARY_NAME}
        visits = pd.read_csv(zf.open("visits.csv"), dtype=str, keep_default_na=False)
        assert len(visits) == len(view["visits"]) and set(visits["host_iso3"]) <= {"MDA"}
        dictionary = zf.read(downloads.DICTIONARY_NAME).decode()
        assert "country=MDA" in dictionary and "`refugee_counts`" in dictionary


# --- uploads ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("../../x.txt", "x.txt"), ("..\\..\\evil.html", "evil.html"), ("/etc/passwd", "passwd"),
    (".hidden.json", "hidden.json"), ("a b<script>.txt", "a_b_script_.txt"), ("", "upload"),
    ("..", "upload"), ("Zürich news.md", "Zurich_news.md"), ("x" * 300 + ".txt", "x" * 96 + ".txt"),
])
def test_sanitize_filename(name, expected):
    assert uploads.sanitize_filename(name) == expected


def test_uploads_never_leave_the_folder(tmp_path):
    saved, problems = uploads.save_uploads(
        [("../../escape.txt", b"text"), ("ok.txt", b"text"), ("ok.txt", b"again"), ("virus.exe", b"MZ"),
         ("empty.html", b""), ("big.txt", b"x" * (uploads.MAX_UPLOAD_MB * 1024 * 1024 + 1))], tmp_path)
    assert [p.name for p in saved] == ["escape.txt", "ok.txt", "ok-1.txt"]
    assert all(p.parent == tmp_path / "uploads" for p in saved)
    assert not (tmp_path.parent / "escape.txt").exists()
    assert len(problems) == 3 and any(".exe" in p for p in problems)


def test_failed_etl_run_restores_the_tables(tmp_path, tables):
    data.Path  # noqa: B018
    from dashboard.synthetic import write_tables

    write_tables({"articles": tables["articles"]}, tmp_path, formats=("parquet", "csv"))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}

    def broken_pipeline(inputs, out_dir, **kwargs):
        (Path(out_dir) / "articles.csv").write_text("garbage")
        (Path(out_dir) / "visits.csv").write_text("half-written")
        raise RuntimeError("disk full")

    result = uploads.ingest([("new.txt", b"Title: x\n\nSome text.")], tmp_path, broken_pipeline)
    assert not result.ok and "unchanged" in result.message and "disk full" in result.message
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before


def test_ingest_reports_rejects_for_uploaded_files(tmp_path):
    class Summary:
        articles_read, duplicates, rows = 0, 0, {}
        rejects = [{"input_path": "", "record": "", "reason": "placeholder"}]

    def pipeline(inputs, out_dir, **kwargs):
        Summary.rejects = [{"input_path": str(inputs[0]), "record": "", "reason": "no article text found"}]
        return Summary

    result = uploads.ingest([("blank.html", b"<html></html>")], tmp_path, pipeline)
    assert not result.ok and result.problems == ["blank.html: no article text found"]


def test_ingest_with_the_real_pipeline(tmp_path):
    pipeline = pytest.importorskip("etl.pipeline", reason="etl.pipeline.run_pipeline not written yet")
    if not hasattr(pipeline, "run_pipeline"):
        pytest.skip("etl.pipeline has no run_pipeline yet")
    text = ("Title: Refugees reach Poland\nPublished: 2022-03-10\nSource: Test\n\n"
            "More than 1.5 million refugees have fled Ukraine to Poland, the UN refugee agency said on Thursday.\n")
    result = uploads.ingest([("../report.txt", text.encode())], tmp_path, pipeline.run_pipeline)
    assert result.ok, result.message
    ds = data.load_dataset(tmp_path)
    assert len(ds.tables["articles"]) == 1
    bad = uploads.ingest([("junk.html", b"\x00\x01\x02 binary")], tmp_path, pipeline.run_pipeline)
    assert not bad.ok
    assert len(data.load_dataset(tmp_path).tables["articles"]) == 1


# --- data loading -----------------------------------------------------------------------

def test_folder_csv_and_duckdb_loads_agree(table_dir, tables):
    from_parquet = data.load_dataset(table_dir)
    from_duckdb = data.load_dataset(table_dir / "refugees.duckdb")
    assert from_parquet.problems == [] and from_duckdb.problems == []
    for name in TABLES:
        pd.testing.assert_frame_equal(from_parquet.tables[name], from_duckdb.tables[name], check_dtype=False)
        assert list(from_parquet.tables[name].columns) == columns(name)


def test_csv_only_folder_loads(tmp_path, tables):
    from dashboard.synthetic import write_tables

    write_tables(tables, tmp_path, formats=("csv",))
    ds = data.load_dataset(tmp_path)
    assert len(ds.tables["refugee_counts"]) == len(tables["refugee_counts"]) and not ds.problems
    assert ds.tables["refugee_counts"]["count"].dtype == "Int64"


def test_missing_folder_and_missing_table_are_explained(tmp_path, tables):
    with pytest.raises(data.DataNotFound, match="etl run"):
        data.load_dataset(tmp_path / "nowhere")
    with pytest.raises(data.DataNotFound, match="No tables"):
        data.load_dataset(tmp_path)
    from dashboard.synthetic import write_tables

    write_tables({"articles": tables["articles"]}, tmp_path)
    ds = data.load_dataset(tmp_path)
    assert any("visits" in p for p in ds.problems) and ds.tables["visits"].empty
    assert list(ds.tables["visits"].columns) == columns("visits")


def test_data_path_resolution():
    assert data.resolve_data_path(["--data", "/x/y"], {}) == Path("/x/y")
    assert data.resolve_data_path(["--data=/z"], {}) == Path("/z")
    assert data.resolve_data_path([], {data.DATA_ENV: "/e"}) == Path("/e")
    assert data.resolve_data_path([], {}) == data.DEFAULT_DATA
    assert data.table_folder(Path("/d/refugees.duckdb")) == Path("/d")


# --- the fast path (dashboard.page): same answers as the plain functions ----------------------

FAST_STATES = [
    FS(), FS(countries=("POL",)), FS(countries=("POL", "DEU"), match_visitor=True),
    FS(date_from=dt.date(2022, 6, 1)), FS(date_to=dt.date(2023, 1, 31)),
    FS(countries=("MDA", "ROU"), date_from=dt.date(2022, 5, 1), date_to=dt.date(2023, 6, 1), statuses=("planned",)),
    FS(populations=("refugees", "returnees"), sources=("BBC", "AP")),
    FS(countries=("UKR",), match_visitor=True, sources=("Reuters",), date_from=dt.date(2022, 9, 1)),
    FS(countries=("TUR",), populations=("internally_displaced",)),   # nothing left
]


@pytest.fixture(scope="module")
def prepared(tables):
    from dashboard import page
    return page.prepare(tables)


@pytest.mark.parametrize("state", FAST_STATES, ids=range(len(FAST_STATES)))
def test_coded_masks_equal_plain_masks(tables, prepared, state):
    plain_masks = filters.filter_masks(tables, state)
    fast = filters.filter_masks(tables, state, prepared.index)
    assert {k: v.tolist() for k, v in plain_masks.items()} == {k: v.tolist() for k, v in fast.items()}
    assert filters.options_for(tables, prepared.index) == filters.options_for(tables)


@pytest.mark.parametrize("state", FAST_STATES, ids=range(len(FAST_STATES)))
def test_figure_index_equals_duckdb_summaries(tables, prepared, state):
    import pyarrow as pa

    mask = filters.filter_masks(tables, state, prepared.index)["refugee_counts"]
    figures = charts.figure_table(tables["refugee_counts"], tables["articles"]).filter(pa.array(mask))
    pd.testing.assert_frame_equal(charts.latest_per_country(figures).reset_index(drop=True),
                                  prepared.figures.latest(mask).reset_index(drop=True), check_dtype=False)
    for kind in ("cumulative", "flow"):
        for max_points, cols in ((10**6, charts.SERIES_COLUMNS), (40, ["series", "as_of", "others", "period"])):
            slow = charts.series_points(figures, kind, max_points=max_points)
            fast = prepared.figures.series_points(mask, kind, max_points=max_points)
            assert (slow.series_dropped, slow.collapsed) == (fast.series_dropped, fast.collapsed)
            pd.testing.assert_frame_equal(slow.points[cols].reset_index(drop=True),
                                          fast.points[cols].reset_index(drop=True), check_dtype=False)
            if max_points == 10**6:   # hover labels made (and kept) by the index, the same as from the points
                assert _spec(charts.time_series_figure(fast, kind)) == _spec(charts.time_series_figure(slow, kind))


def _spec(fig) -> dict:
    """What the browser gets for a figure (Streamlit sends plotly.io.to_json of fig.to_dict())."""
    import plotly.io as pio

    return json.loads(pio.to_json(fig.to_dict(), validate=False))


@pytest.mark.parametrize("state", FAST_STATES[:6], ids=range(6))
def test_page_compute_matches_the_plain_view(tables, prepared, state):
    from dashboard import page, views

    data_ = page.compute(tables, prepared, state, shapes=maps.GEOJSON_URL)
    view = filters.apply_filters(tables, state)
    figures = charts.figure_table(view["refugee_counts"], tables["articles"])
    latest = charts.latest_per_country(figures)
    assert data_.headline == charts.headline(figures, view["visits"], tables["articles"], latest)
    assert data_.n_rows == {name: len(view[name]) for name in TABLES}
    pd.testing.assert_frame_equal(data_.visits.visits_table, views.visits_table(view["visits"], tables["articles"]))
    pd.testing.assert_frame_equal(
        data_.evidence, views.evidence_table(view.head("refugee_counts", views.DISPLAY_ROWS),
                                             view.head("visits", views.DISPLAY_ROWS), tables["articles"]))
    flagged = charts.flagged_figures(view["refugee_counts"], tables["articles"]).head(views.DISPLAY_ROWS)
    pd.testing.assert_frame_equal(data_.figures.flagged, flagged.reset_index(drop=True))
    assert _spec(data_.visits.visits_map) == _spec(maps.visits_map(view["visits"], shapes=maps.GEOJSON_URL))


@pytest.mark.parametrize("state", [FS(), FS(countries=("POL", "DEU"), scale="log", statuses=("planned",))], ids=range(2))
def test_figures_built_from_dicts_are_what_validation_makes(tables, prepared, state):
    """charts.figure skips plotly's check of each property: every figure the page shows must
    pass that check and come out the same."""
    import plotly.graph_objects as go

    from dashboard import page

    data_ = page.compute(tables, prepared, state, shapes=maps.GEOJSON_URL)
    figures = [*data_.figures.charts.values(), data_.figures.latest_map, data_.visits.visits_map]
    assert len(figures) == 5
    for fig in figures:   # (validation drops empty objects such as an x axis title of {})
        assert _pruned(_spec(go.Figure(fig.to_dict()))) == _pruned(_spec(fig))


def _pruned(spec):
    if isinstance(spec, dict):
        kept = {k: _pruned(v) for k, v in spec.items()}
        return {k: v for k, v in kept.items() if v != {}}
    return [_pruned(v) for v in spec] if isinstance(spec, list) else spec
