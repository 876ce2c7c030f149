"""The dashboard's Streamlit caches (app.py calls them): the tables and their preparation per
dataset, the page's contents per dataset and filter state, shared by all sessions.

A module of its own because Streamlit runs app.py anew on every rerun: decorating a
function with st.cache_resource reads and tokenizes its source (about half a millisecond
each), which here happens once per process instead of with every filter change.
"""
from __future__ import annotations

import gc
from pathlib import Path

import streamlit as st

from dashboard import data, filters, maps, page

# --- cached data: keyed by path and the files' sizes and times, so a filter change never
# rereads files, while new tables (an upload, a re-run of the ETL) are picked up.

@st.cache_resource(show_spinner="Loading tables…", max_entries=4)
def load_dataset(path: str, fingerprint: tuple) -> data.Dataset:
    return data.load_dataset(Path(path))


@st.cache_resource(show_spinner=False, max_entries=4)
def prepare(path: str, fingerprint: tuple) -> page.Prepared:
    """Per dataset, once: the sidebar's options and the coded, sorted columns (dashboard.page).

    Then gc.freeze(): Streamlit runs a full garbage collection after every script run
    (runner.postScriptGC), which walks every object alive; the modules, tables and
    preparations made so far live as long as the server, so the collector may skip them.
    Frozen objects are still freed when their last reference goes (a replaced dataset)."""
    prepared = page.prepare(load_dataset(path, fingerprint).tables)
    gc.collect()
    gc.freeze()
    return prepared


@st.cache_resource(show_spinner=False, max_entries=32)
def figure_part(path: str, fingerprint: tuple, state_key: str, static: bool,
                _state: filters.FilterState, _mask=None) -> page.FigurePart:
    return page.figure_part(load_dataset(path, fingerprint).tables, prepare(path, fingerprint), _state,
                            shapes=map_shapes(), mask=_mask)


@st.cache_resource(show_spinner=False, max_entries=32)
def visit_part(path: str, fingerprint: tuple, state_key: str, static: bool,
               _state: filters.FilterState, _mask=None) -> page.VisitPart:
    return page.visit_part(load_dataset(path, fingerprint).tables, prepare(path, fingerprint), _state,
                           shapes=map_shapes(), mask=_mask)


@st.cache_resource(show_spinner=False, max_entries=32)
def page_data(path: str, fingerprint: tuple, state_key: str, static: bool,
              _state: filters.FilterState) -> page.PageData:
    """Per dataset and filter state (`state_key` = repr(_state)): what the page shows, from a
    figures part and a visits part cached on their own (keyed by the filters each depends
    on; `_mask`: the rows they keep, the same as the whole state's). Shared by every
    session: a view someone already opened is served without work."""
    tables, prepared = load_dataset(path, fingerprint).tables, prepare(path, fingerprint)
    masks = filters.filter_masks(tables, _state, prepared.index)
    fs, vs = page.figure_state(_state), page.visit_state(_state)
    return page.compute(tables, prepared, _state, masks=masks,
                        figures=figure_part(path, fingerprint, repr(fs), static, fs, masks["refugee_counts"]),
                        visits=visit_part(path, fingerprint, repr(vs), static, vs, masks["visits"]))


def map_shapes() -> dict | str:
    """Country shapes for the maps: a URL when Streamlit serves dashboard/static/, else inline."""
    return maps.GEOJSON_URL if st.get_option("server.enableStaticServing") else maps.geojson()


def clear_caches() -> None:
    load_dataset.clear()
    prepare.clear()
    figure_part.clear()
    visit_part.clear()
    page_data.clear()
