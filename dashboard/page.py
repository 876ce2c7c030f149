"""Everything the page shows for one filter state, from preparations made once per dataset.

No Streamlit here: app.py caches `prepare` per dataset and `compute` per filter state (so
ten sessions looking at the same view compute it once), and only draws what `compute`
returns. On a million figure rows:
- `prepare` codes every filtered column as integers (filters.FilterIndex), sorts the
  chartable figures into runs (charts.FigureIndex), indexes articles by id and orders the
  visits newest first: about half a second, once;
- `compute` is then array work: masks from codes, chart points from runs (with the text a
  run shows made once, when first shown), the visits map from counts per coded marker,
  display tables from the cells of the first rows of the presorted order, and plotly
  figures from plain dicts (charts.figure). The answers are those of the plain functions
  (filters.filter_masks, charts.series_points, maps.visits_map, views.*, ...), which the
  tests check.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, filters, maps, views

KINDS = ("cumulative", "flow")


@dataclass
class Prepared:
    options: filters.Options
    index: filters.FilterIndex
    figures: charts.FigureIndex
    articles: pd.DataFrame        # views.articles_by_id
    visits_order: np.ndarray      # visit rows, newest first (stable, like visits_table's sort)
    planned: np.ndarray           # per visit: status == planned
    flagged: np.ndarray           # per figure: flagged as implausible
    visits_grouped: maps.VisitIndex   # visit rows coded by map marker, line and host


def prepare(tables: Mapping[str, pd.DataFrame]) -> Prepared:
    index = filters.FilterIndex.build(tables)
    visits = tables["visits"]
    return Prepared(
        options=filters.options_for(tables, index),
        index=index,
        figures=charts.FigureIndex(tables["refugee_counts"], index, views.article_meta(tables["articles"], index.article_ids)),
        articles=views.articles_by_id(tables["articles"]),
        visits_order=visits["date"].reset_index(drop=True).sort_values(ascending=False, kind="stable").index.to_numpy(),
        planned=(visits["status"] == "planned").to_numpy(dtype=bool),
        flagged=(tables["refugee_counts"]["flag"] != "").to_numpy(dtype=bool),
        visits_grouped=maps.VisitIndex(visits),
    )


def figure_state(state: filters.FilterState) -> filters.FilterState:
    """The part of `state` the figures depend on (visit status does not cut them)."""
    return replace(state, statuses=())


def visit_state(state: filters.FilterState) -> filters.FilterState:
    """The part of `state` the visits depend on (population and scale do not change them)."""
    return replace(state, populations=(), scale="linear")


@dataclass
class FigurePart:
    """What the figures of a state show; the same for every visit-status choice."""
    mask: np.ndarray
    latest: pd.DataFrame
    numbers: dict[str, int]
    series: dict[str, charts.SeriesPoints] = field(default_factory=dict)
    charts: dict[str, go.Figure] = field(default_factory=dict)   # per kind, and "latest" (bars)
    latest_map: go.Figure | None = None
    flagged: pd.DataFrame | None = None        # up to DISPLAY_ROWS


@dataclass
class VisitPart:
    """What the visits of a state show; the same for every population and scale."""
    mask: np.ndarray
    visits_map: go.Figure | None = None
    visits_table: pd.DataFrame | None = None   # newest DISPLAY_ROWS


def figure_part(tables: Mapping[str, pd.DataFrame], prep: Prepared, state: filters.FilterState,
                shapes: dict | str | None = None, limit: int = views.DISPLAY_ROWS,
                mask: np.ndarray | None = None) -> FigurePart:
    """`mask`: the figures `state` keeps, when already known (any state with the same
    figure_state keeps the same figures)."""
    fi = prep.figures
    if mask is None:
        mask = filters.filter_masks(tables, figure_state(state), prep.index)["refugee_counts"]
    runs = {kind: fi.runs(mask, kind) for kind in KINDS}
    latest = fi.latest(mask, runs=runs["cumulative"])
    out = FigurePart(mask=mask, latest=latest, numbers=fi.numbers(mask))
    for kind in KINDS:
        sp = fi.series_points(mask, kind, runs=runs[kind])
        out.series[kind] = sp
        if not sp.points.empty:
            out.charts[kind] = charts.time_series_figure(sp, kind, state.scale)
    if not latest[latest["destination_iso3"] != ""].empty:
        out.charts["latest"] = charts.latest_bar_figure(latest)
    out.latest_map = maps.latest_figure_map(latest, shapes=shapes)
    counts = tables["refugee_counts"]
    out.flagged = views.flagged_at(counts, np.flatnonzero(mask & prep.flagged)[:limit], prep.articles)
    return out


def visit_part(tables: Mapping[str, pd.DataFrame], prep: Prepared, state: filters.FilterState,
               shapes: dict | str | None = None, limit: int = views.DISPLAY_ROWS,
               mask: np.ndarray | None = None) -> VisitPart:
    """`mask`: the visits `state` keeps, when already known (as in figure_part)."""
    visits = tables["visits"]
    if mask is None:
        mask = filters.filter_masks(tables, visit_state(state), prep.index)["visits"]
    out = VisitPart(mask=mask)
    out.visits_map = maps.visits_map(None, shapes=shapes, summary=prep.visits_grouped.summary(mask))
    order = prep.visits_order
    out.visits_table = views.visits_table_at(visits, order[mask[order]][:limit], prep.articles)
    return out


@dataclass
class PageData:
    state: filters.FilterState
    masks: dict[str, np.ndarray]
    n_rows: dict[str, int]
    headline: charts.Headline
    figures: FigurePart
    visits: VisitPart
    evidence: pd.DataFrame       # newest of the first DISPLAY_ROWS figures and visits


def compute(tables: Mapping[str, pd.DataFrame], prep: Prepared, state: filters.FilterState,
            shapes: dict | str | None = None, limit: int = views.DISPLAY_ROWS,
            figures: FigurePart | None = None, visits: VisitPart | None = None,
            masks: dict[str, np.ndarray] | None = None) -> PageData:
    """What the page shows for `state`; `shapes` as maps take them (GeoJSON or its URL).
    `figures` / `visits`: the parts for this state when already made (app.py caches them
    separately, so changing only the visit status reuses the figures, and so on);
    `masks`: filters.filter_masks for `state`, when already made."""
    masks = masks if masks is not None else filters.filter_masks(tables, state, prep.index)
    figures = figures if figures is not None else figure_part(tables, prep, state, shapes, limit,
                                                              masks["refugee_counts"])
    visits = visits if visits is not None else visit_part(tables, prep, state, shapes, limit, masks["visits"])
    c_mask, v_mask = masks["refugee_counts"], masks["visits"]
    fi = prep.figures

    seen = prep.index.article_lookup("refugee_counts", c_mask) | prep.index.article_lookup("visits", v_mask)
    seen[-1] = False
    sources = fi.article_src[np.flatnonzero(seen)]
    headline = charts.headline_from(
        figures.latest, **figures.numbers, n_visits=int(v_mask.sum()), n_planned=int((v_mask & prep.planned).sum()),
        n_articles=int(seen.sum()), n_sources=len(np.unique(sources[sources >= 0])))

    counts, visit_rows = tables["refugee_counts"], tables["visits"]
    evidence = views.evidence_table_at(counts, np.flatnonzero(c_mask)[:limit], visit_rows,
                                       np.flatnonzero(v_mask)[:limit], prep.articles, limit)
    return PageData(state=state, masks=masks, n_rows={k: int(m.sum()) for k, m in masks.items()},
                    headline=headline, figures=figures, visits=visits, evidence=evidence)
