"""Refugee flows dashboard (Streamlit): widgets, caching and layout only.

Run:  streamlit run dashboard/app.py -- --data DIR   (DIR: table folder or .duckdb file;
default data/processed, or $REFUGEE_DASHBOARD_DATA). The logic lives in plain modules that
the tests call directly: data (loading), filters (FilterState, URL), charts, maps, views
(display tables), page (everything one filter state shows, from per-dataset preparations),
downloads (CSV/ZIP), uploads (adding articles). Caches (dashboard.cached): the tables and
their preparation per dataset, the page's contents per dataset and filter state (shared by
all sessions).
"""
from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import charts, data, downloads, filters, page, uploads  # noqa: E402
from dashboard.cached import clear_caches, load_dataset, page_data, prepare  # noqa: E402
from dashboard.countries import label as country_label  # noqa: E402

PLOT_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["sendDataToCloud"]}
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$])")

# Widget keys (session state) of the sidebar filters.
K_COUNTRIES, K_VISITOR, K_DATES, K_POP, K_STATUS, K_SOURCES, K_SCALE = (
    "f_countries", "f_visitor", "f_dates", "f_population", "f_status", "f_sources", "f_scale")


TIMINGS_ENV = "DASHBOARD_TIMINGS"   # set to 1 to record seconds per section (the benchmark does)


@contextlib.contextmanager
def timed(section: str):
    """Record how long a section took, in session state, when $DASHBOARD_TIMINGS is set."""
    if not os.environ.get(TIMINGS_ENV):
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        st.session_state.setdefault("_timings", {})[section] = time.perf_counter() - start


def md_escape(text: object) -> str:
    """Untrusted text (file names, titles) made inert for st.markdown-based elements."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


# --- sidebar ----------------------------------------------------------------------------

def init_filters_from_url(options: filters.Options) -> None:
    """On a session's first run, put the URL's filters into the widgets' state."""
    if st.session_state.get("_filters_ready"):
        return
    query = {k: st.query_params.get_all(k) for k in st.query_params}
    state, problems = filters.decode_query(query, options.countries, options.sources)
    state = filters.clamp_dates(state, options)
    st.session_state[K_COUNTRIES] = list(state.countries)
    st.session_state[K_VISITOR] = state.match_visitor
    if options.date_min and options.date_max:
        st.session_state[K_DATES] = (state.date_from or options.date_min, state.date_to or options.date_max)
    st.session_state[K_POP] = list(state.populations)
    st.session_state[K_STATUS] = list(state.statuses)
    st.session_state[K_SOURCES] = list(state.sources)
    st.session_state[K_SCALE] = state.scale
    st.session_state["_url_problems"] = problems
    st.session_state["_filters_ready"] = True


def sidebar(options: filters.Options) -> filters.FilterState:
    init_filters_from_url(options)
    sb = st.sidebar
    sb.header("Filters")
    for problem in st.session_state.get("_url_problems", []):
        sb.warning(f"Link: {md_escape(problem)} (ignored).")
    sb.multiselect("Countries", options.countries, key=K_COUNTRIES, format_func=country_label,
                   placeholder="All countries",
                   help="Destination of figures and host of visits.")
    sb.toggle("Also match origin / visitor's country", key=K_VISITOR,
              help="Also keep figures whose origin, and visits whose visitor, is a chosen country.")
    if options.date_min and options.date_max:
        sb.date_input("Date range", key=K_DATES, min_value=options.date_min, max_value=options.date_max,
                      format="YYYY-MM-DD",
                      help="Figures by the date they refer to, visits by their day. Undated rows "
                           "show only while the full range is selected.")
    sb.multiselect("Population", filters.POPULATIONS, key=K_POP, placeholder="All populations",
                   format_func=lambda p: charts.POPULATION_LABELS.get(p, p))
    sb.multiselect("Visit status", filters.STATUSES, key=K_STATUS, placeholder="Completed and planned")
    sb.multiselect("Source", options.sources, key=K_SOURCES, placeholder="All sources")

    dates = st.session_state.get(K_DATES) or ()
    date_from, date_to = (dates[0], dates[1]) if len(dates) == 2 else (None, None)
    state = filters.FilterState(
        countries=tuple(st.session_state[K_COUNTRIES]), match_visitor=bool(st.session_state[K_VISITOR]),
        date_from=date_from, date_to=date_to, populations=tuple(st.session_state[K_POP]),
        statuses=tuple(st.session_state[K_STATUS]), sources=tuple(st.session_state[K_SOURCES]),
        scale=st.session_state.get(K_SCALE, "linear"),
    )
    state = filters.clamp_dates(state, options)
    sync_url(state)
    if not state.is_default():
        sb.caption("The page address holds these filters: copy it to share this view.")
    return state


def sync_url(state: filters.FilterState) -> None:
    wanted = filters.encode_query(state)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    as_lists = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != as_lists:
        st.query_params.from_dict(wanted)


# --- page sections ------------------------------------------------------------------------

def headline_section(h: charts.Headline) -> None:
    cols = st.columns(4)
    if h.total is not None:
        cols[0].metric("Latest refugee total", f"{h.total:,}", help=f"As of {h.total_date}: {h.total_label}.")
        cols[0].caption(f"as of {h.total_date} · {h.total_label}")
    else:
        cols[0].metric("Latest refugee total", "—", help="No cumulative refugee figure matches the filters.")
    cols[1].metric("Visits", f"{h.n_visits:,}")
    cols[1].caption(f"{h.n_planned:,} planned")
    cols[2].metric("Articles", f"{h.n_articles:,}")
    cols[2].caption(f"{h.n_figures:,} figures, {h.n_flagged:,} flagged")
    cols[3].metric("Sources", f"{h.n_sources:,}")
    if h.top_destinations:
        st.caption("Top destinations (latest figure): " + " · ".join(
            f"{md_escape(name)} {count:,} ({day})" for name, count, day in h.top_destinations))


def figures_section(pd_: page.PageData) -> None:
    st.radio("Scale", filters.SCALES, key=K_SCALE, horizontal=True, format_func=str.capitalize)
    part = pd_.figures
    for kind in page.KINDS:
        sp = part.series[kind]
        if kind not in part.charts:
            st.info(f"No {'cumulative' if kind == 'cumulative' else 'flow'} figures match these filters.")
            continue
        st.plotly_chart(part.charts[kind], key=f"chart_{kind}", config=PLOT_CONFIG)
        notes = []
        if sp.series_dropped:
            notes.append(f"{len(sp.series_dropped)} smaller series not drawn; choose countries to see them.")
        if sp.collapsed:
            period = "week" if (sp.points["period"] == "week").any() else "day"
            notes.append(f"Each {period} shows one figure (the most reported; hover tells how many others).")
        if notes:
            st.caption(" ".join(notes))
    left, right = st.columns(2)
    if "latest" not in part.charts:
        left.info("No latest figure per country matches these filters.")
    else:
        left.plotly_chart(part.charts["latest"], key="chart_latest", config=PLOT_CONFIG)
    right.plotly_chart(part.latest_map, key="map_latest", config=PLOT_CONFIG)
    flagged = part.flagged
    if len(flagged):
        with st.expander(f"{len(flagged):,} implausible figure(s) kept out of the charts"):
            st.dataframe(flagged, hide_index=True, column_config={"url": st.column_config.LinkColumn("link")})


def visits_section(pd_: page.PageData) -> None:
    n_visits = pd_.n_rows["visits"]
    if not n_visits:
        st.info("No visits match these filters.")
    left, right = st.columns([3, 2])
    left.plotly_chart(pd_.visits.visits_map, key="map_visits", config=PLOT_CONFIG)
    table = pd_.visits.visits_table
    right.dataframe(table, hide_index=True, height=480, key="visits_table",
                    column_config={"link": st.column_config.LinkColumn("link")})
    if n_visits > len(table):
        right.caption(f"Newest {len(table):,} of {n_visits:,} visits; download the CSV for all.")


def evidence_section(pd_: page.PageData) -> None:
    table = pd_.evidence
    if table.empty:
        st.info("No source sentences match these filters.")
        return
    st.dataframe(table, hide_index=True, key="evidence_table",
                 column_config={"link": st.column_config.LinkColumn("link")})
    total = pd_.n_rows["refugee_counts"] + pd_.n_rows["visits"]
    if total > len(table):
        st.caption(f"Newest {len(table):,} of {total:,} rows; the CSV downloads hold them all.")


def downloads_section(view: filters.FilteredView, tables, state: filters.FilterState) -> None:
    st.write("Each table in its filtered form. Cells that a spreadsheet would run as formulas "
             "(starting with =, +, -, @) get a leading single quote.")
    cols = st.columns(3)
    for i, name in enumerate(downloads.TABLES):
        cols[i % 3].download_button(
            f"{name} ({view.n_rows(name):,} rows)", data=lambda name=name: downloads.to_csv_bytes(view[name]),
            file_name=downloads.table_file_name(name), mime="text/csv", key=f"dl_{name}", on_click="ignore")
    note = "Filters: " + (", ".join(f"{k}={v}" for k, v in filters.encode_query(state).items()) or "none")
    left, right = st.columns(2)
    left.download_button("All filtered tables (ZIP, with data dictionary)",
                         data=lambda: downloads.zip_bytes(view, note), file_name="refugee_tables_filtered.zip",
                         mime="application/zip", key="dl_zip", on_click="ignore")
    right.download_button("Full dataset (ZIP, with data dictionary)",
                          data=lambda: downloads.zip_bytes(tables, "Full dataset, unfiltered."),
                          file_name="refugee_tables_all.zip", mime="application/zip", key="dl_zip_all",
                          on_click="ignore")


def upload_section(folder: Path) -> None:
    result = st.session_state.pop("_upload_result", None)
    if result is not None:
        (st.success if result.ok else st.error)(md_escape(result.message))
        for problem in result.problems:
            st.warning(md_escape(problem))
    run_pipeline = uploads.load_run_pipeline()
    if run_pipeline is None:
        st.info("Adding articles needs the ETL's `run_pipeline` (etl.pipeline), which this installation lacks.")
        return
    st.write(f"Files go through the same ETL and are added to the tables in `{md_escape(folder)}`. "
             f"Types: {', '.join('.' + t for t in uploads.UPLOAD_TYPES)}; up to {uploads.MAX_UPLOAD_MB} MB each.")
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader("Article files", type=uploads.UPLOAD_TYPES, accept_multiple_files=True,
                                 max_upload_size=uploads.MAX_UPLOAD_MB)
        submitted = st.form_submit_button("Add to the dataset")
    if submitted and files:
        with st.spinner("Running the ETL on the upload…"):
            result = uploads.ingest([(f.name, f.getvalue()) for f in files], folder, run_pipeline)
        clear_caches()
        st.session_state["_upload_result"] = result
        st.rerun()


# --- page ------------------------------------------------------------------------------------

def main() -> None:
    st.set_page_config(page_title="Refugee flows and diplomatic visits", layout="wide")
    st.title("Refugee flows and diplomatic visits")
    path = data.resolve_data_path(sys.argv[1:])
    folder = data.table_folder(path)
    try:
        with timed("load"):
            ds = load_dataset(str(path), data.fingerprint(path))
    except data.DataNotFound as exc:
        st.info(md_escape(exc))
        st.subheader("Add articles")
        upload_section(folder)
        return
    for problem in ds.problems:
        st.warning(md_escape(problem))
    with timed("prepare"):
        prepared = prepare(str(path), data.fingerprint(path))
    tables = ds.tables
    with timed("sidebar"):
        state = sidebar(prepared.options)
    with timed("compute"):
        pd_ = page_data(str(path), data.fingerprint(path), repr(state),
                        bool(st.get_option("server.enableStaticServing")), state)
    with timed("headline"):
        headline_section(pd_.headline)
    if ds.is_empty:
        st.info("The tables are empty: build them with `python -m etl run data/sample --out DIR`, "
                "or add articles in the last tab.")

    tab_fig, tab_vis, tab_ev, tab_dl, tab_up = st.tabs(
        ["Refugee figures", "Diplomatic visits", "Evidence", "Downloads", "Add articles"])
    with tab_fig, timed("figures tab"):
        figures_section(pd_)
    with tab_vis, timed("visits tab"):
        visits_section(pd_)
    with tab_ev, timed("evidence tab"):
        evidence_section(pd_)
    with tab_dl, timed("downloads tab"):
        # A view of its own per run: the cut tables a download makes are not kept in the cache.
        downloads_section(filters.FilteredView(tables, pd_.masks), tables, state)
    with tab_up, timed("upload tab"):
        upload_section(folder)

main()
