"""Offline maps: MapLibre traces (go.Choroplethmap, go.Scattermap) on map_style
"white-bg" with the shipped country GeoJSON, so the page never asks a CDN or a tile
server for anything. Every map draws all countries as a light base layer first.

Plotly's geo traces (go.Choropleth, scatter_geo) fetch a topojson from cdn.plot.ly at
view time and draw nothing offline; do not use them here.
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from dashboard.charts import figure, plain
from dashboard.countries import country_name, country_table, geojson
from dashboard.filters import isin

# With server.enableStaticServing, Streamlit serves dashboard/static/ (a link to geo/) at
# app/static/: the browser then fetches the shapes once instead of with every map.
GEOJSON_URL = "app/static/countries.geojson"
MAP_STYLE = "white-bg"
BASE_FILL = "#e9ecef"
BASE_LINE = "#ffffff"
FIGURE_SCALE = "Blues"
VISIT_SCALE = "Purples"
STATUS_COLORS = {"completed": "#1b7f3b", "planned": "#e07b00"}   # green done, orange planned
STATUS_SYMBOL_NOTE = {"completed": "completed", "planned": "planned"}
MAP_HEIGHT = 480
WORLD_VIEW = {"center": {"lat": 35, "lon": 15}, "zoom": 0.6}
EUROPE_VIEW = {"center": {"lat": 50, "lon": 20}, "zoom": 2.2}


def subset_geojson(codes, shapes: dict | str | None = None) -> dict | str:
    """Only the features for `codes`: a data layer need not carry every country's shape again.
    With shapes given as a URL, the URL (the browser has the file already)."""
    if isinstance(shapes, str):
        return shapes
    wanted = set(codes)
    return {"type": "FeatureCollection", "features": [f for f in geojson()["features"] if f["id"] in wanted]}


def base_layer(shapes: dict | str | None = None) -> dict:
    """Every country in light grey, so the map reads as a map even with no data.
    `shapes`: the GeoJSON itself (default) or GEOJSON_URL when Streamlit serves it.
    A trace dict (see charts.figure); the same lists serve every map, nobody changes them."""
    locations, z, text = _base_columns()
    return {"colorscale": [[0, BASE_FILL], [1, BASE_FILL]], "geojson": shapes if shapes is not None else geojson(),
            "hovertemplate": "%{text}<extra></extra>", "locations": locations,
            "marker": {"line": {"color": BASE_LINE, "width": 0.5}}, "name": "countries", "showlegend": False,
            "showscale": False, "text": text, "z": z, "type": "choroplethmap"}


@functools.lru_cache(maxsize=1)
def _base_columns() -> tuple[list, list, list]:
    table = country_table()
    return table["iso3"].tolist(), [0] * len(table), table["name"].map(plain).tolist()


@functools.lru_cache(maxsize=None)
def _colorscale(name: str) -> list:
    """A named colorscale as the [position, colour] list validation would make of the name
    (looked up once: plotly's lookup inspects its colour modules every time)."""
    return get_colorscale(name)


def _map_figure(traces: list[dict], title: str, view: dict) -> go.Figure:
    return figure(traces, {
        "title": {"text": title}, "map": {"style": MAP_STYLE, **view}, "height": MAP_HEIGHT,
        "margin": {"l": 0, "r": 0, "t": 30, "b": 0},
        "legend": {"orientation": "h", "y": 0.01, "x": 0.01, "bgcolor": "rgba(255,255,255,0.8)"},
    })


def known_iso3(codes: pd.Series) -> pd.Series:
    """True for codes that have a shape in the GeoJSON (through Arrow: pandas' isin on text
    converts the value list element by element on every call)."""
    return isin(codes, country_table().index)


def latest_figure_map(latest: pd.DataFrame, population: str = "refugees", shapes: dict | str | None = None) -> go.Figure:
    """Choropleth of each destination's latest cumulative figure (from latest_per_country)."""
    rows = latest[(latest["population"] == population) & known_iso3(latest["destination_iso3"])]
    traces = [base_layer(shapes)]
    if len(rows):
        traces.append({
            "colorbar": {"thickness": 12, "title": {"text": "people"}}, "colorscale": _colorscale(FIGURE_SCALE),
            "customdata": [list(c) for c in zip(rows["country"].map(plain), rows["as_of"], rows["surface"].map(plain))],
            "geojson": subset_geojson(rows["destination_iso3"], shapes),
            "hovertemplate": "<b>%{customdata[0]}</b><br>%{z:,.0f} (“%{customdata[2]}”)<br>as of %{customdata[1]}<extra></extra>",
            "locations": rows["destination_iso3"].tolist(), "marker": {"line": {"color": "#ffffff", "width": 0.5}, "opacity": 0.9},
            "name": "latest figure", "showlegend": False, "z": rows["count"].astype("float64").tolist(), "type": "choroplethmap"})
    return _map_figure(traces, "Latest figure per country", EUROPE_VIEW)


def visit_summary(visits: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Visits aggregated for the map: per host, per city marker, per visitor->host line."""
    v = visits[known_iso3(visits["host_iso3"])]
    hosts = (v.assign(planned=(v["status"] == "planned").astype(int))
             .groupby("host_iso3").agg(visits=("status", "size"), planned=("planned", "sum")).reset_index())
    hosts["name"] = hosts["host_iso3"].map(country_name)

    has_city = v["latitude"].notna() & v["longitude"].notna()
    located = v.loc[has_city, CITY_KEYS + ["visitor"]]
    cities = located.groupby(CITY_KEYS).size().rename("visits").reset_index()
    # Up to five visitor names per marker, from the distinct (marker, visitor) pairs.
    names = (located.drop_duplicates().sort_values("visitor").groupby(CITY_KEYS)["visitor"]
             .agg(lambda s: ", ".join(s.head(5))).rename("visitors").reset_index())
    cities = cities.merge(names, on=CITY_KEYS, how="left")

    linked = v[known_iso3(v["visitor_iso3"])]
    lines = (linked.groupby(LINE_KEYS).size().rename("visits").reset_index())
    points = country_table()[["lon", "lat"]]
    lines = lines.join(points, on="visitor_iso3").rename(columns={"lon": "from_lon", "lat": "from_lat"})
    lines = lines.join(points, on="host_iso3").rename(columns={"lon": "to_lon", "lat": "to_lat"})
    return {"hosts": hosts, "cities": cities, "lines": lines}


CITY_KEYS = ["city", "host_iso3", "latitude", "longitude", "status"]
LINE_KEYS = ["visitor_iso3", "host_iso3", "status"]


class VisitIndex:
    """The visits grouped once per dataset as `visit_summary` groups them (hosts, city
    markers, visitor->host lines), each row coded with its group; `summary(mask)` is then
    a count per code instead of a pandas groupby of the kept rows. Same frames as
    `visit_summary(visits[mask])`."""

    def __init__(self, visits: pd.DataFrame):
        n = len(visits)
        known = known_iso3(visits["host_iso3"]).to_numpy(dtype=bool)
        self.planned = (visits["status"] == "planned").to_numpy(dtype=bool)
        v = visits[known]
        rows = np.flatnonzero(known)
        self.host = np.full(n, -1, dtype=np.int64)
        self.host[rows] = v.groupby("host_iso3").ngroup().to_numpy()
        self.hosts = v.groupby("host_iso3").size().index.to_series().reset_index(drop=True)

        has_city = (v["latitude"].notna() & v["longitude"].notna()).to_numpy(dtype=bool)
        located = v.loc[has_city, CITY_KEYS + ["visitor"]]
        self.city = np.full(n, -1, dtype=np.int64)
        self.city[rows[has_city]] = located.groupby(CITY_KEYS).ngroup().to_numpy()
        self.cities = located.groupby(CITY_KEYS).size().reset_index()[CITY_KEYS]
        # (marker, visitor) pairs, visitors ranked by name: sorted pair codes list each
        # marker's visitors alphabetically.
        rank, self.visitor_names = pd.factorize(located["visitor"], sort=True)
        self.n_visitors = max(len(self.visitor_names), 1)
        self.pair = np.full(n, -1, dtype=np.int64)
        self.pair[rows[has_city]] = self.city[rows[has_city]] * self.n_visitors + rank
        self.visitor_names = np.asarray(self.visitor_names, dtype=object)

        linked = known_iso3(v["visitor_iso3"]).to_numpy(dtype=bool)
        self.line = np.full(n, -1, dtype=np.int64)
        self.line[rows[linked]] = v[linked].groupby(LINE_KEYS).ngroup().to_numpy()
        points = country_table()[["lon", "lat"]]
        lines = v[linked].groupby(LINE_KEYS).size().reset_index()[LINE_KEYS]
        lines = lines.join(points, on="visitor_iso3").rename(columns={"lon": "from_lon", "lat": "from_lat"})
        self.lines = lines.join(points, on="host_iso3").rename(columns={"lon": "to_lon", "lat": "to_lat"})

    def summary(self, mask: np.ndarray) -> dict[str, pd.DataFrame]:
        def counts(codes: np.ndarray, size: int, weights=None) -> np.ndarray:
            kept = codes[mask]
            ok = kept >= 0
            return np.bincount(kept[ok], weights=None if weights is None else weights[mask][ok], minlength=size)

        n_host = counts(self.host, len(self.hosts))
        n_planned = counts(self.host, len(self.hosts), self.planned).astype(np.int64)
        h = np.flatnonzero(n_host)
        hosts = pd.DataFrame({"host_iso3": self.hosts.take(h).reset_index(drop=True), "visits": n_host[h],
                              "planned": n_planned[h]})
        hosts["name"] = hosts["host_iso3"].map(country_name)

        n_city = counts(self.city, len(self.cities))
        c = np.flatnonzero(n_city)
        pairs = np.unique(self.pair[mask & (self.pair >= 0)])
        marker, visitor = pairs // self.n_visitors, pairs % self.n_visitors
        lo, hi = np.searchsorted(marker, c, "left"), np.searchsorted(marker, c, "right")
        names = [", ".join(self.visitor_names[visitor[a:min(a + 5, b)]]) for a, b in zip(lo.tolist(), hi.tolist())]
        cities = self.cities.take(c).reset_index(drop=True).assign(visits=n_city[c], visitors=names)

        n_line = counts(self.line, len(self.lines))
        li = np.flatnonzero(n_line)
        lines = self.lines.take(li).reset_index(drop=True)
        lines.insert(3, "visits", n_line[li])
        return {"hosts": hosts, "cities": cities, "lines": lines}


def visits_map(visits: pd.DataFrame | None, shapes: dict | str | None = None,
               summary: dict[str, pd.DataFrame] | None = None) -> go.Figure:
    """Hosts shaded by number of visits, city markers and visitor->host lines; completed
    and planned visits in different colours (green / orange) and legend entries.
    `summary`: visit_summary(visits) when already made (VisitIndex.summary)."""
    summary = summary if summary is not None else visit_summary(visits)
    traces = [base_layer(shapes)]
    # Plain columns: a few hundred rows at most, where pandas' per-call cost would dominate.
    hosts, lines, cities = ({c: df[c].to_numpy() for c in df.columns}
                            for df in (summary["hosts"], summary["lines"], summary["cities"]))
    if len(hosts["host_iso3"]):
        traces.append({
            "colorbar": {"thickness": 12, "title": {"text": "visits"}}, "colorscale": _colorscale(VISIT_SCALE),
            "customdata": [[plain(a), b] for a, b in zip(hosts["name"].tolist(), hosts["planned"].tolist())],
            "geojson": subset_geojson(hosts["host_iso3"], shapes),
            "hovertemplate": "<b>%{customdata[0]}</b><br>%{z} visits (%{customdata[1]} planned)<extra></extra>",
            "locations": hosts["host_iso3"].tolist(), "marker": {"line": {"color": "#ffffff", "width": 0.5}, "opacity": 0.75},
            "name": "visits per host country", "showlegend": False, "z": hosts["visits"].tolist(), "type": "choroplethmap"})
    for status, color in STATUS_COLORS.items():
        pick = lines["status"] == status
        if pick.any():
            lon, lat = [], []
            for a, b, c, d in zip(lines["from_lon"][pick].tolist(), lines["to_lon"][pick].tolist(),
                                  lines["from_lat"][pick].tolist(), lines["to_lat"][pick].tolist()):
                lon += [a, b, None]
                lat += [c, d, None]
            traces.append({
                "hoverinfo": "skip", "lat": lat, "legendgroup": status,
                "line": {"color": color, "width": 1.5 if status == "completed" else 1}, "lon": lon, "mode": "lines",
                "name": f"{status} visit: visitor's country → host", "opacity": 0.8 if status == "completed" else 0.6,
                "type": "scattermap"})
        pick = cities["status"] == status
        if pick.any():
            n = cities["visits"][pick].astype(np.int64)
            traces.append({
                "customdata": [[plain(a), b, plain(c)] for a, b, c in zip(
                    cities["city"][pick].tolist(), n.tolist(), cities["visitors"][pick].tolist())],
                "hovertemplate": f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}} {status} visit(s)<br>%{{customdata[2]}}<extra></extra>",
                "lat": cities["latitude"][pick].tolist(), "legendgroup": status, "lon": cities["longitude"][pick].tolist(),
                "marker": {"color": color, "opacity": 0.9 if status == "completed" else 0.6,
                           "size": (6 + 3 * np.minimum(n, 10) ** 0.5 * 2).tolist()},
                "mode": "markers", "name": f"{status} visit (city)", "type": "scattermap"})
    return _map_figure(traces, "Diplomatic visits", EUROPE_VIEW)
