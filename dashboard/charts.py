"""Refugee-figure summaries and charts: plain functions from DataFrames to DataFrames and
plotly figures. Nothing here imports Streamlit.

Rules the charts keep:
- Flagged figures (refugee_counts.flag non-empty) and undated ones never reach a chart;
  `flagged_figures` lists the flagged with their reason.
- Cumulative totals and flows are separate series in separate charts, never summed.
- Several reports of the same figure for the same country, population and day are one
  point that names every source; when a chart would hold more than MAX_POINTS points,
  each day keeps only its most-reported figure, then if still too many each week keeps its
  last day's (the hover says how many others there were).
- Figures are aggregated in DuckDB before plotting, so a million rows become at most
  MAX_SERIES x days points.
- Text from articles is HTML-escaped before it goes into plotly labels.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from dashboard.countries import country_name

MAX_SERIES = 8         # lines per chart when no country is chosen (largest latest figure first)
MAX_POINTS = 2_500     # above this a chart keeps one figure per series and day
MAX_SOURCES_SHOWN = 5  # sources named in a hover label
BAR_COUNTRIES = 25     # bars in the latest-figure chart
POPULATION_LABELS = {
    "refugees": "refugees", "internally_displaced": "internally displaced",
    "returnees": "returnees", "border_crossings": "border crossings",
}


def plain(text: object) -> str:
    """Text from an article, made safe for plotly's HTML-like labels."""
    return html.escape("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text), quote=False)


def _query(sql: str, params: dict | None = None, **frames: pd.DataFrame | pa.Table) -> pd.DataFrame:
    """Run `sql` in a throwaway DuckDB connection over the given frames (as Arrow tables)."""
    con = duckdb.connect()
    try:
        for name, df in frames.items():
            con.register(name, df if isinstance(df, pa.Table) else pa.Table.from_pandas(df, preserve_index=False))
        return con.execute(sql, params or {}).df()
    finally:
        con.close()


# Rows a chart may use: not flagged, dated, with a count.
_CHARTABLE = "flag = '' AND as_of <> '' AND count IS NOT NULL"
FIGURE_COLUMNS = ["article_id", "destination_iso3", "population", "kind", "as_of", "count", "surface", "qualifier", "flag"]


def figure_table(counts: pd.DataFrame, articles: pd.DataFrame) -> pa.Table:
    """The columns the charts read, with each figure's article source and title joined on.

    Built once per dataset (the app caches it); a filter then only needs
    `figure_table(...).filter(mask)`, which is much cheaper than masking the full frame.
    """
    meta = articles[["article_id", "source", "title"]].drop_duplicates("article_id")
    return pa.Table.from_pandas(
        counts[FIGURE_COLUMNS].merge(meta, on="article_id", how="left", sort=False), preserve_index=False)


Figures = "pd.DataFrame | pa.Table"   # a figure_table, or a frame with its columns


def chartable(counts: pd.DataFrame) -> pd.DataFrame:
    """Figures that may be charted: not flagged, dated, with a count."""
    return counts[(counts["flag"] == "") & (counts["as_of"] != "") & counts["count"].notna()]


def flagged_figures(counts: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Implausible figures with their reason and source, for the 'kept out of the charts' list."""
    flagged = counts[counts["flag"] != ""]
    cols = ["surface", "count", "destination_iso3", "population", "as_of", "flag", "sentence", "article_id"]
    if articles.index.name == "article_id":   # views.articles_by_id: a lookup, not a merge
        meta = articles.reindex(flagged["article_id"].to_numpy())[["title", "source", "url"]]
        out = pd.concat([flagged[cols].reset_index(drop=True), meta.reset_index(drop=True)], axis=1)
    else:
        out = flagged[cols].merge(articles[["article_id", "title", "source", "url"]], on="article_id", how="left")
    return out.rename(columns={"flag": "reason"})


def latest_per_country(figures: Figures, kind: str = "cumulative") -> pd.DataFrame:
    """For each destination (and population), its latest day's highest figure.

    Columns: destination_iso3, country, population, as_of, count, surface, qualifier,
    n_reports, sources, title. Totals across all countries have destination ''.
    """
    out = _query(f"""
        WITH c AS (SELECT * FROM figures WHERE {_CHARTABLE} AND kind = $kind),
        latest AS (
            SELECT destination_iso3, population, max(as_of) AS as_of FROM c GROUP BY ALL
        ), top AS (
            SELECT c.destination_iso3, c.population, c.as_of, max(c.count) AS count
            FROM c JOIN latest USING (destination_iso3, population, as_of) GROUP BY ALL
        )
        SELECT top.destination_iso3, top.population, top.as_of, top.count,
               first(c.surface ORDER BY c.article_id) AS surface,
               first(c.qualifier ORDER BY c.article_id) AS qualifier,
               count(*) AS n_reports,
               string_agg(DISTINCT c.source, ', ' ORDER BY c.source) AS sources,
               first(c.title ORDER BY c.article_id) AS title
        FROM top JOIN c USING (destination_iso3, population, as_of, count)
        GROUP BY ALL
        ORDER BY count DESC, destination_iso3, population
    """, {"kind": kind}, figures=figures)
    out.insert(1, "country", out["destination_iso3"].map(country_name))
    return out


def sources_text(sources: object, n_reports: int) -> str:
    """'3 reports: AP, BBC, DW' from a list of source names or a ', '-joined string."""
    if isinstance(sources, str):
        sources = sources.split(", ")
    names = [plain(s) for s in (list(sources) if sources is not None else []) if isinstance(s, str) and s]
    shown = ", ".join(names[:MAX_SOURCES_SHOWN])
    if len(names) > MAX_SOURCES_SHOWN:
        shown += f" and {len(names) - MAX_SOURCES_SHOWN} more"
    reports = f"{n_reports} report" + ("s" if n_reports != 1 else "")
    return f"{reports}: {shown}" if shown else reports


@dataclass
class SeriesPoints:
    points: pd.DataFrame                     # one row per plotted point
    series_dropped: list[str] = field(default_factory=list)  # series left out (beyond MAX_SERIES)
    collapsed: bool = False                  # True when days kept only their most-reported figure
    hover: np.ndarray | None = None          # per point: hover_text(...), when the maker had it


def series_points(figures: Figures, kind: str,
                  max_series: int = MAX_SERIES, max_points: int = MAX_POINTS) -> SeriesPoints:
    """Points for the over-time chart of `kind` ('cumulative' or 'flow').

    A series is a destination (or ALL_COUNTRIES) and population. Identical figures on the
    same day are merged into one point with their number of reports and sources.
    """
    empty = pd.DataFrame(columns=SERIES_COLUMNS)
    frames = {"figures": figures}
    rows_sql = f"SELECT * FROM figures WHERE {_CHARTABLE} AND kind = $kind"
    # Choose the series: the largest latest figures first.
    ranking = _query(f"""
        SELECT destination_iso3, population, first(count ORDER BY as_of DESC, count DESC) AS latest
        FROM ({rows_sql}) GROUP BY ALL ORDER BY latest DESC, destination_iso3, population
    """, {"kind": kind}, **frames)
    if ranking.empty:
        return SeriesPoints(empty)
    keep = ranking.head(max_series)[["destination_iso3", "population"]]
    dropped = [_series_name(r.destination_iso3, r.population) for r in ranking.iloc[max_series:].itertuples()]
    rows_sql = f"SELECT c.* FROM ({rows_sql}) c SEMI JOIN keep USING (destination_iso3, population)"
    grouped = _query(f"""
        SELECT c.destination_iso3, c.population, c.as_of, c.count, count(*) AS n_reports,
               first(c.surface ORDER BY c.article_id) AS surface,
               first(c.qualifier ORDER BY c.article_id) AS qualifier,
               first(c.title ORDER BY c.article_id) AS title,
               string_agg(DISTINCT c.source, ', ' ORDER BY c.source) AS sources
        FROM ({rows_sql}) c GROUP BY ALL
    """, {"kind": kind}, keep=keep, **frames)
    grouped, collapsed = _thin(grouped, max_points)
    return _finish(grouped, dropped, collapsed)


SERIES_COLUMNS = ["series", "destination_iso3", "population", "as_of", "count", "surface",
                  "qualifier", "n_reports", "sources", "title", "others", "period"]


def _thin(grouped: pd.DataFrame, max_points: int) -> tuple[pd.DataFrame, bool]:
    """Thin out: first one figure per series and day (the most reported), then, if still too
    many, one per series and week (the week's last day). `others` counts what was left out."""
    collapsed = len(grouped) > max_points
    grouped = grouped.assign(others=0, period="day")
    if collapsed:
        grouped = _keep_one(grouped, grouped["as_of"], ["n_reports", "count"])
    if len(grouped) > max_points:
        week = pd.to_datetime(grouped["as_of"]).dt.to_period("W").astype(str)
        grouped = _keep_one(grouped, week, ["as_of", "n_reports", "count"])
        grouped["period"] = "week"
    return grouped, collapsed


def _finish(grouped: pd.DataFrame, dropped: list[str], collapsed: bool) -> SeriesPoints:
    grouped = grouped.assign(series=[_series_name(d, p) for d, p in zip(grouped["destination_iso3"], grouped["population"])])
    grouped = grouped.sort_values(["series", "as_of", "count"], kind="stable").reset_index(drop=True)
    return SeriesPoints(grouped[SERIES_COLUMNS], dropped, collapsed)


def _keep_one(points: pd.DataFrame, bucket: pd.Series, order: list[str]) -> pd.DataFrame:
    """One point per series and bucket: the first by `order` (descending); adds the rest to `others`."""
    keys = ["destination_iso3", "population"]
    points = points.assign(_bucket=bucket.to_numpy())
    size = points.groupby(keys + ["_bucket"])["count"].transform("size")
    dropped_others = points.groupby(keys + ["_bucket"])["others"].transform("sum")
    points = points.assign(others=size - 1 + dropped_others)
    return (points.sort_values(order, ascending=False).drop_duplicates(keys + ["_bucket"], keep="first")
            .drop(columns="_bucket"))


def _keep_one_sorted(new_bucket: np.ndarray, keys: tuple[np.ndarray, ...], others: np.ndarray):
    """_keep_one for rows already grouped into contiguous buckets (`new_bucket` marks each
    bucket's first row): per bucket the row largest by `keys` (the first key primary);
    returns the picked rows, in bucket order, and their `others` (the rest of the bucket
    and what those had left out)."""
    bucket = np.cumsum(new_bucket) - 1
    order = np.lexsort(tuple(k for k in keys[::-1]) + (bucket,))   # by bucket, then keys ascending
    ends = np.flatnonzero(np.r_[bucket[order][1:] != bucket[order][:-1], True])
    pick = order[ends]
    size = np.bincount(bucket)
    return pick, (size - 1 + np.bincount(bucket, weights=others).astype(np.int64))


def _series_name(destination: str, population: str) -> str:
    return f"{country_name(destination)} · {POPULATION_LABELS.get(population, population)}"


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A go.Figure from plain trace and layout dicts, skipping plotly's check of every
    property on construction (ten times faster; a new filter state builds five figures).
    The dicts must be what validation would produce (titles as {"text": ...}); the tests
    check that each figure equals its validated copy."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _hover_sources(text: str, n: int) -> str:
    """`sources_text` of a ', '-joined string, escaping the joined text at once when no name
    is empty and there are few enough to show them all."""
    if text.count(", ") >= MAX_SOURCES_SHOWN or text.startswith(", ") or text.endswith(", ") or ", , " in text:
        return sources_text(text, n)
    reports = f"{n} report" + ("s" if n != 1 else "")
    return f"{reports}: {plain(text)}" if text else reports


def _text(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


def hover_text(series: str, count, surface: str, qualifier: str, as_of: str, sources: str, n_reports: int,
               title: str) -> str:
    """A chart point's hover label (without the note on thinned-out figures); `series`
    already escaped, the rest as in the points frame."""
    return (f"<b>{series}</b><br>{count:,} (“{plain(surface)}”, {qualifier.replace('_', ' ')})<br>{as_of}<br>"
            f"{_hover_sources(sources, n_reports)}<br>{plain(title)}")


def time_series_figure(sp: SeriesPoints, kind: str, scale: str = "linear") -> go.Figure:
    """Lines with markers, one per series; hover names figure, qualifier, date and sources."""
    traces = []
    pts_all = sp.points
    if len(pts_all):
        # One hover text per point from plain lists (pandas string methods cost more per
        # call than a few thousand points do); FigureIndex hands them over made.
        series = [_text(v) for v in pts_all["series"].tolist()]
        esc = {name: plain(name) for name in set(series)}
        if sp.hover is not None:
            base = sp.hover.tolist()
        else:
            def col(name: str) -> list[str]:
                return [_text(v) for v in pts_all[name].tolist()]

            base = [hover_text(esc[s], *rest) for s, *rest in zip(
                series, pts_all["count"].tolist(), col("surface"), col("qualifier"), pts_all["as_of"].tolist(),
                col("sources"), pts_all["n_reports"].astype("int64").tolist(), col("title"))]
        hover = np.array([
            b + f"<br>{k} other figure{'s' if k != 1 else ''} that {p}" if k else b
            for b, k, p in zip(base, pts_all["others"].astype(int).tolist(), pts_all["period"].tolist())], dtype=object)
        # Whole columns to numpy once, then a slice per series (slicing frames is slower).
        x_all = pd.to_datetime(pts_all["as_of"], format="%Y-%m-%d").to_numpy()
        y_all = pts_all["count"].to_numpy(dtype="float64")
        for name, idx in pts_all.groupby("series", sort=True).indices.items():
            traces.append({"hoverinfo": "text", "hovertext": hover[idx], "marker": {"size": 5}, "mode": "lines+markers",
                           "name": esc[name], "x": x_all[idx], "y": y_all[idx], "type": "scatter"})
    title = "Cumulative totals" if kind == "cumulative" else "Flows within a period"
    return figure(traces, {
        "title": {"text": title}, "height": 420, "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "legend": {"orientation": "h", "y": -0.15}, "hovermode": "closest",
        "yaxis": {"title": {"text": "people"}, "type": "log" if scale == "log" else "linear"},
        "xaxis": {"title": {}},
    })


def latest_bar_figure(latest: pd.DataFrame, population: str = "refugees") -> go.Figure:
    """Horizontal bars: the latest cumulative figure per destination country."""
    rows = latest[(latest["destination_iso3"] != "") & (latest["population"] == population)]
    rows = rows.sort_values("count", ascending=False).head(BAR_COUNTRIES).iloc[::-1]
    custom = [list(c) for c in zip(rows["as_of"], [sources_text(s, n) for s, n in zip(rows["sources"], rows["n_reports"])],
                                   rows["surface"].map(plain))]
    bar = {"customdata": custom, "marker": {"color": "#2c6fad"}, "orientation": "h",
           "hovertemplate": "<b>%{y}</b><br>%{x:,.0f} (“%{customdata[2]}”)<br>as of %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
           "x": rows["count"].to_numpy(dtype="float64"), "y": rows["country"].map(plain).to_numpy(dtype=object), "type": "bar"}
    return figure([bar], {
        "title": {"text": f"Latest figure per country ({POPULATION_LABELS.get(population, population)})"},
        "height": max(260, 28 * len(rows) + 80), "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "xaxis": {"title": {"text": "people"}}})


@dataclass
class Headline:
    total: int | None = None        # latest reported refugee total
    total_date: str = ""
    total_label: str = ""           # what the total covers
    top_destinations: list[tuple[str, int, str]] = field(default_factory=list)  # (name, count, date)
    n_figures: int = 0
    n_flagged: int = 0
    n_visits: int = 0
    n_planned: int = 0
    n_articles: int = 0
    n_sources: int = 0


def headline(figures: Figures, visits: pd.DataFrame, articles: pd.DataFrame, latest: pd.DataFrame) -> Headline:
    """Headline numbers for the filtered view: `figures` and `visits` already filtered,
    `latest` = latest_per_country(figures).

    The total is the latest figure for refugees across all countries when the view holds
    one; otherwise (e.g. with a country filter) the sum of each destination's latest
    figure, labelled as such, dated by the most recent of them.
    """
    n = _query("""
        WITH used AS (
            SELECT article_id, source FROM figures
            UNION ALL SELECT v.article_id, a.source FROM v LEFT JOIN a USING (article_id)
        )
        SELECT (SELECT count(*) FILTER (flag = '') FROM figures) AS n_figures,
               (SELECT count(*) FILTER (flag <> '') FROM figures) AS n_flagged,
               count(DISTINCT article_id) AS n_articles, count(DISTINCT source) AS n_sources
        FROM used
    """, figures=figures, v=visits[["article_id"]], a=articles[["article_id", "source"]]).iloc[0]
    return headline_from(latest, n_figures=int(n["n_figures"]), n_flagged=int(n["n_flagged"]),
                         n_articles=int(n["n_articles"]), n_sources=int(n["n_sources"]), n_visits=len(visits),
                         n_planned=int((visits["status"] == "planned").sum()))


def headline_from(latest: pd.DataFrame, **numbers: int) -> Headline:
    """A Headline from the view's counts (n_figures, n_flagged, n_visits, n_planned,
    n_articles, n_sources) and its latest_per_country table."""
    h = Headline(**numbers)
    # Plain arrays: the table is a few dozen rows, and each pandas selection costs more.
    dest = latest["destination_iso3"].to_numpy(dtype=object)
    refugees = latest["population"].to_numpy(dtype=object) == "refugees"
    overall = np.flatnonzero(refugees & (dest == ""))
    by_country = np.flatnonzero(refugees & (dest != ""))
    count = latest["count"].to_numpy(dtype="int64", na_value=0)
    as_of = latest["as_of"].to_numpy(dtype=object)
    if len(overall):
        h.total, h.total_date, h.total_label = int(count[overall[0]]), str(as_of[overall[0]]), "all countries"
    elif len(by_country):
        h.total = int(count[by_country].sum())
        h.total_date = str(max(as_of[by_country]))
        h.total_label = f"sum of the latest figure for {len(by_country)} countr{'y' if len(by_country) == 1 else 'ies'}"
    country = latest["country"].to_numpy(dtype=object)
    h.top_destinations = [(country[i], int(count[i]), str(as_of[i])) for i in by_country[:3]]
    return h


# --- the same summaries from a FigureIndex ---------------------------------------------------

def _sort_order(*keys: np.ndarray) -> np.ndarray:
    """np.lexsort(keys[::-1]) (the first key primary, ties in row order), faster: the keys
    ranked and packed into one int64 when they fit, then one stable argsort."""
    if not len(keys[0]):
        return np.zeros(0, dtype=np.int64)
    ranked, total = [], 1
    for k in keys:
        lo, hi = int(k.min()), int(k.max())
        if hi - lo < 1 << 20:            # codes: a small range, no ranking needed
            ranked.append((k.astype(np.int64) - lo, hi - lo + 1))
        else:
            uniques, inverse = np.unique(k, return_inverse=True)
            ranked.append((inverse.astype(np.int64), len(uniques)))
        total *= ranked[-1][1]
    if total >= 2**62:
        return np.lexsort(keys[::-1])
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    for inverse, size in ranked:
        packed = packed * size + inverse
    return np.argsort(packed, kind="stable")


RUN_TEXT = ("surface", "qualifier", "title", "sources")


class FigureIndex:
    """The chartable figures, coded and sorted once per dataset by kind, series (destination,
    population), day, count and article id. A filter is then a boolean mask over the table's
    rows, and each summary works on contiguous runs of the sorted rows:
    - a run of equal (kind, series, day, count) is one chart point: its length is the number
      of reports, its first row the figure of the smallest article id (whose surface,
      qualifier and title the point shows);
    - a series' last run is its latest day's highest figure.
    `latest` and `series_points` return what `latest_per_country` and `series_points` return
    for `figure_table(...).filter(mask)` (ties broken the same way, deterministically),
    without copying or re-aggregating a million rows per filter change.
    """

    def __init__(self, counts: pd.DataFrame, index, meta: pd.DataFrame):
        """`index`: filters.FilterIndex of the tables; `meta`: views.article_meta (one row per
        article code, plus a last, empty row for ids no article has)."""
        from dashboard.filters import Coded

        self.counts, self.meta = counts, meta
        cc = index.columns["refugee_counts"]
        self.dest, self.pop, self.day = cc["destination_iso3"], cc["population"], cc["as_of"]
        self.kinds = Coded.of(counts["kind"])
        self.flag_ok = (counts["flag"] == "").to_numpy(dtype=bool)
        values = counts["count"]
        empty_day = self.day.uniques.get_indexer([""])[0]
        chartable = self.flag_ok & values.notna().to_numpy(dtype=bool) & (self.day.codes >= 0) & (self.day.codes != empty_day)
        rows = np.flatnonzero(chartable)
        self.npop = max(len(self.pop.uniques), 1)
        art = index.article_codes["refugee_counts"][rows]
        count = values.to_numpy(dtype="int64", na_value=0)[rows]
        day = self.day.codes[rows]
        series = self.dest.codes[rows].astype(np.int64) * self.npop + self.pop.codes[rows]
        kind = self.kinds.codes[rows]
        order = _sort_order(kind, series, day, count, art)
        self.rows, self.art, self.count = rows[order], art[order], count[order]
        self.day_s, self.series, self.kind = day[order], series[order], kind[order]
        change = np.ones(len(order), dtype=bool)
        change[1:] = ((self.kind[1:] != self.kind[:-1]) | (self.series[1:] != self.series[:-1])
                      | (self.day_s[1:] != self.day_s[:-1]) | (self.count[1:] != self.count[:-1]))
        self.gid = np.cumsum(change) - 1
        src_codes, src_names = pd.factorize(meta["source"], sort=True)
        self.source_names = np.asarray(src_names, dtype=object)
        self.article_src = src_codes      # per article code (last: no article): source code, -1 none
        self.src = src_codes[self.art]   # article code -1 picks meta's empty last row: source -1
        self._weeks = None
        # What a point shows of a run that a filter keeps whole is the same in every view, so
        # it is made once, when first shown (other filter states mostly show the same runs).
        self.run_len = np.bincount(self.gid) if len(self.gid) else np.zeros(0, dtype=np.int64)
        self._cache = {c: np.empty(len(self.run_len), dtype=object) for c in (*RUN_TEXT, "hover")}
        self._known = {c: np.zeros(len(self.run_len), dtype=bool) for c in ("text", "hover")}

    def runs(self, mask: np.ndarray | None, kind: str):
        """What latest and series_points start from, to make once for both."""
        return self._runs(mask, kind)

    def _runs(self, mask: np.ndarray | None, kind: str):
        """Rows of `kind` kept by `mask` (positions in the sorted order) and their point runs."""
        k = self.kinds.uniques.get_indexer([kind])[0]
        lo, hi = (np.searchsorted(self.kind, k, "left"), np.searchsorted(self.kind, k, "right")) if k >= 0 else (0, 0)
        idx = np.arange(lo, hi) if mask is None else lo + np.flatnonzero(mask[self.rows[lo:hi]])
        g = self.gid[idx]
        starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]]) if len(idx) else np.zeros(0, dtype=np.int64)
        n = np.diff(np.append(starts, len(idx)))
        return idx, starts, n

    def _sources(self, idx: np.ndarray, starts: np.ndarray, n: np.ndarray) -> list[str]:
        """Per run: its distinct sources, sorted, joined with ', ' (like string_agg DISTINCT)."""
        if not len(starts):
            return []
        run = np.repeat(np.arange(len(starts)), n)
        offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        src = self.src[idx[np.repeat(starts, n) + offsets]]
        ok = src >= 0
        pairs = np.unique(run[ok] * (len(self.source_names) + 1) + src[ok])
        p_run, p_src = pairs // (len(self.source_names) + 1), pairs % (len(self.source_names) + 1)
        bounds = np.searchsorted(p_run, np.arange(len(starts) + 1))
        names = self.source_names[p_src]
        return [", ".join(names[bounds[i]:bounds[i + 1]]) for i in range(len(starts))]

    def _make_texts(self, idx, starts, n) -> dict[str, np.ndarray]:
        first = idx[starts]
        rows, art = self.rows[first], self.art[first]
        return {"surface": self.counts["surface"].array.take(rows).to_numpy(dtype=object),
                "qualifier": self.counts["qualifier"].array.take(rows).to_numpy(dtype=object),
                "sources": np.array(self._sources(idx, starts, n), dtype=object).reshape(-1),
                "title": self.meta["title"].array.take(np.where(art < 0, len(self.meta) - 1, art)).to_numpy(dtype=object)}

    def _cached(self, what: str, idx, starts, n, make) -> dict[str, np.ndarray]:
        """`make(positions)` for the runs at `starts` (a dict of arrays), from the cache for
        runs kept whole; fresh ones kept whole are stored. Threads may fill the same entry
        at once: they write the same values."""
        g = self.gid[idx[starts]]
        whole = n == self.run_len[g]
        known = self._known[what][g] & whole
        fresh = np.flatnonzero(~known)
        names = RUN_TEXT if what == "text" else ("hover",)
        out = {c: np.empty(len(starts), dtype=object) for c in names}
        if len(fresh):
            made = make(fresh)
            store = whole[fresh]
            for c in names:
                out[c][fresh] = made[c]
                self._cache[c][g[fresh[store]]] = made[c][store]
            self._known[what][g[fresh[store]]] = True
        hit = np.flatnonzero(known)
        for c in names:
            out[c][hit] = self._cache[c][g[hit]]
        return out

    def _texts(self, idx, starts, n) -> dict[str, np.ndarray]:
        """Per run: surface, qualifier and title of its first row, and its sources."""
        return self._cached("text", idx, starts, n, lambda f: self._make_texts(idx, starts[f], n[f]))

    def _points(self, idx, starts, n) -> pd.DataFrame:
        first = idx[starts]
        series = self.series[first]
        text = self._texts(idx, starts, n)
        return pd.DataFrame({
            "destination_iso3": np.asarray(self.dest.uniques)[series // self.npop],
            "population": np.asarray(self.pop.uniques)[series % self.npop],
            "as_of": np.asarray(self.day.uniques)[self.day_s[first]],
            "count": self.count[first],
            "surface": text["surface"], "qualifier": text["qualifier"],
            "n_reports": n.astype("int64"),
            "sources": text["sources"].tolist(), "title": text["title"],
        })

    def latest(self, mask: np.ndarray | None, kind: str = "cumulative", runs=None) -> pd.DataFrame:
        """latest_per_country of the rows `mask` keeps (`runs`: runs(mask, kind), when made)."""
        idx, starts, n = runs if runs is not None else self._runs(mask, kind)
        series = self.series[idx[starts]]
        last = np.flatnonzero(np.append(series[1:] != series[:-1], True)) if len(starts) else starts
        series, count = series[last], self.count[idx[starts[last]]]
        order = np.lexsort((series % self.npop, series // self.npop, -count))
        last = last[order]
        out = self._points(idx, starts[last], n[last])
        out.insert(1, "country", out["destination_iso3"].map(country_name))
        return out[["destination_iso3", "country", "population", "as_of", "count", "surface", "qualifier",
                    "n_reports", "sources", "title"]]

    def series_points(self, mask: np.ndarray | None, kind: str, max_series: int = MAX_SERIES,
                      max_points: int = MAX_POINTS, runs=None) -> SeriesPoints:
        """series_points of the rows `mask` keeps: the choice of series, thinning (_thin) and
        order (_finish) done on the run arrays; a frame only for the points kept."""
        idx, starts, n = runs if runs is not None else self._runs(mask, kind)
        if not len(starts):
            return SeriesPoints(pd.DataFrame(columns=SERIES_COLUMNS))
        series = self.series[idx[starts]]
        last = np.flatnonzero(np.append(series[1:] != series[:-1], True))
        ranked = last[np.lexsort((series[last], -self.count[idx[starts[last]]]))]
        keep = series[ranked[:max_series]]
        dropped = [_series_name(self.dest.uniques[s // self.npop], self.pop.uniques[s % self.npop])
                   for s in series[ranked[max_series:]]]
        runs = np.flatnonzero(np.isin(series, keep))
        # Runs are sorted by series, day and count, so each (series, day) and (series, week)
        # bucket is contiguous.
        first = idx[starts[runs]]
        ser, day, count, nrep = self.series[first], self.day_s[first], self.count[first], n[runs].astype(np.int64)
        others = np.zeros(len(runs), dtype=np.int64)
        collapsed = len(runs) > max_points
        period = "day"
        if collapsed:   # per series and day, the most reported figure (then the highest)
            pick, others = _keep_one_sorted(np.r_[True, (ser[1:] != ser[:-1]) | (day[1:] != day[:-1])],
                                            (nrep, count), others)
            runs, ser, day, count, nrep = runs[pick], ser[pick], day[pick], count[pick], nrep[pick]
        if len(runs) > max_points:   # per series and week, the week's last day
            week = self.week_of_day()[day]
            pick, others = _keep_one_sorted(np.r_[True, (ser[1:] != ser[:-1]) | (week[1:] != week[:-1])],
                                            (day,), others)
            runs, ser, day, count, nrep = runs[pick], ser[pick], day[pick], count[pick], nrep[pick]
            period = "week"
        # _finish's order: series name, then day and count (already so within a series).
        names = {s: _series_name(self.dest.uniques[s // self.npop], self.pop.uniques[s % self.npop]) for s in np.unique(ser).tolist()}
        by_name = sorted(names, key=lambda s: names[s])
        rank = np.zeros(max(names) + 1, dtype=np.int64)
        rank[by_name] = np.arange(len(by_name))
        order = np.argsort(rank[ser], kind="stable")
        runs, ser, day, count, nrep, others = runs[order], ser[order], day[order], count[order], nrep[order], others[order]
        text = self._texts(idx, starts[runs], n[runs])

        def hover(fresh: np.ndarray) -> dict[str, np.ndarray]:
            esc = {s: plain(name) for s, name in names.items()}
            return {"hover": np.array([hover_text(esc[s], c, _text(sf), _text(q), d, _text(src), k, _text(t)) for s, c, sf, q, d, src, k, t in zip(
                ser[fresh].tolist(), count[fresh].tolist(), text["surface"][fresh], text["qualifier"][fresh],
                np.asarray(self.day.uniques)[day[fresh]], text["sources"][fresh], nrep[fresh].tolist(),
                text["title"][fresh])], dtype=object).reshape(-1)}

        labels = self._cached("hover", idx, starts[runs], n[runs], hover)["hover"]
        points = pd.DataFrame({
            "series": [names[s] for s in ser.tolist()],
            "destination_iso3": np.asarray(self.dest.uniques)[ser // self.npop],
            "population": np.asarray(self.pop.uniques)[ser % self.npop],
            "as_of": np.asarray(self.day.uniques)[day],
            "count": count, "surface": text["surface"], "qualifier": text["qualifier"],
            "n_reports": nrep, "sources": text["sources"], "title": text["title"],
            "others": others, "period": period,
        })
        return SeriesPoints(points, dropped, collapsed, labels)

    def week_of_day(self) -> np.ndarray:
        """Per day code: its week (as _thin's to_period('W')), as an integer; made once."""
        if self._weeks is None:
            days = pd.to_datetime(pd.Series(np.asarray(self.day.uniques, dtype=object)), format="%Y-%m-%d", errors="coerce")
            self._weeks = days.dt.to_period("W").map(lambda p: p.ordinal if p == p else -1).to_numpy(dtype=np.int64)
        return self._weeks

    def numbers(self, mask: np.ndarray | None) -> dict[str, int]:
        """n_figures (not flagged) and n_flagged among the rows `mask` keeps."""
        ok = self.flag_ok if mask is None else self.flag_ok[mask]
        return {"n_figures": int(ok.sum()), "n_flagged": int(len(ok) - ok.sum())}
