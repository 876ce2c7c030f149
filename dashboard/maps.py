"""Offline maps: MapLibre traces (go.Choroplethmap, go.Scattermap) on map_style
"white-bg" with the shipped country GeoJSON, so the page never asks a CDN or a tile
server for anything. Every map draws all countries as a light base layer first.

Plotly's geo traces (go.Choropleth, scatter_geo) fetch a topojson from cdn.plot.ly at
view time and draw nothing offline; do not use them here.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import plain
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


def base_layer(shapes: dict | str | None = None) -> go.Choroplethmap:
    """Every country in light grey, so the map reads as a map even with no data.
    `shapes`: the GeoJSON itself (default) or GEOJSON_URL when Streamlit serves it."""
    table = country_table()
    return go.Choroplethmap(
        geojson=shapes if shapes is not None else geojson(), locations=table["iso3"].tolist(), z=[0] * len(table),
        colorscale=[[0, BASE_FILL], [1, BASE_FILL]], showscale=False,
        marker={"line": {"color": BASE_LINE, "width": 0.5}},
        text=table["name"].map(plain).tolist(), hovertemplate="%{text}<extra></extra>", name="countries",
        showlegend=False,
    )


def _layout(fig: go.Figure, view: dict) -> go.Figure:
    fig.update_layout(
        map={"style": MAP_STYLE, **view}, height=MAP_HEIGHT, margin={"l": 0, "r": 0, "t": 30, "b": 0},
        legend={"orientation": "h", "y": 0.01, "x": 0.01, "bgcolor": "rgba(255,255,255,0.8)"},
    )
    return fig


def known_iso3(codes: pd.Series) -> pd.Series:
    """True for codes that have a shape in the GeoJSON (through Arrow: pandas' isin on text
    converts the value list element by element on every call)."""
    return isin(codes, country_table().index)


def latest_figure_map(latest: pd.DataFrame, population: str = "refugees", shapes: dict | str | None = None) -> go.Figure:
    """Choropleth of each destination's latest cumulative figure (from latest_per_country)."""
    rows = latest[(latest["population"] == population) & known_iso3(latest["destination_iso3"])]
    fig = go.Figure()
    fig.add_trace(base_layer(shapes))
    if len(rows):
        fig.add_trace(go.Choroplethmap(
            geojson=subset_geojson(rows["destination_iso3"], shapes), locations=rows["destination_iso3"].tolist(), z=rows["count"].astype("float64").tolist(),
            colorscale=FIGURE_SCALE, marker={"line": {"color": "#ffffff", "width": 0.5}, "opacity": 0.9},
            colorbar={"title": {"text": "people"}, "thickness": 12},
            customdata=list(zip(rows["country"].map(plain), rows["as_of"], rows["surface"].map(plain))),
            hovertemplate="<b>%{customdata[0]}</b><br>%{z:,.0f} (“%{customdata[2]}”)<br>as of %{customdata[1]}<extra></extra>",
            name="latest figure", showlegend=False,
        ))
    fig.update_layout(title="Latest figure per country")
    return _layout(fig, EUROPE_VIEW)


def visit_summary(visits: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Visits aggregated for the map: per host, per city marker, per visitor->host line."""
    v = visits[known_iso3(visits["host_iso3"])]
    hosts = (v.assign(planned=(v["status"] == "planned").astype(int))
             .groupby("host_iso3").agg(visits=("status", "size"), planned=("planned", "sum")).reset_index())
    hosts["name"] = hosts["host_iso3"].map(country_name)

    has_city = v["latitude"].notna() & v["longitude"].notna()
    keys = ["city", "host_iso3", "latitude", "longitude", "status"]
    located = v.loc[has_city, keys + ["visitor"]]
    cities = located.groupby(keys).size().rename("visits").reset_index()
    # Up to five visitor names per marker, from the distinct (marker, visitor) pairs.
    names = (located.drop_duplicates().sort_values("visitor").groupby(keys)["visitor"]
             .agg(lambda s: ", ".join(s.head(5))).rename("visitors").reset_index())
    cities = cities.merge(names, on=keys, how="left")

    linked = v[known_iso3(v["visitor_iso3"])]
    lines = (linked.groupby(["visitor_iso3", "host_iso3", "status"]).size().rename("visits").reset_index())
    points = country_table()[["lon", "lat"]]
    lines = lines.join(points, on="visitor_iso3").rename(columns={"lon": "from_lon", "lat": "from_lat"})
    lines = lines.join(points, on="host_iso3").rename(columns={"lon": "to_lon", "lat": "to_lat"})
    return {"hosts": hosts, "cities": cities, "lines": lines}


def visits_map(visits: pd.DataFrame, shapes: dict | str | None = None) -> go.Figure:
    """Hosts shaded by number of visits, city markers and visitor->host lines; completed
    and planned visits in different colours (green / orange) and legend entries."""
    summary = visit_summary(visits)
    fig = go.Figure()
    fig.add_trace(base_layer(shapes))
    hosts = summary["hosts"]
    if len(hosts):
        fig.add_trace(go.Choroplethmap(
            geojson=subset_geojson(hosts["host_iso3"], shapes), locations=hosts["host_iso3"].tolist(), z=hosts["visits"].tolist(),
            colorscale=VISIT_SCALE, marker={"line": {"color": "#ffffff", "width": 0.5}, "opacity": 0.75},
            colorbar={"title": {"text": "visits"}, "thickness": 12},
            customdata=list(zip(hosts["name"].map(plain), hosts["planned"])),
            hovertemplate="<b>%{customdata[0]}</b><br>%{z} visits (%{customdata[1]} planned)<extra></extra>",
            name="visits per host country", showlegend=False,
        ))
    for status, color in STATUS_COLORS.items():
        lines = summary["lines"][summary["lines"]["status"] == status]
        if len(lines):
            lon, lat = [], []
            for r in lines.itertuples():
                lon += [r.from_lon, r.to_lon, None]
                lat += [r.from_lat, r.to_lat, None]
            fig.add_trace(go.Scattermap(
                lon=lon, lat=lat, mode="lines", line={"color": color, "width": 1.5 if status == "completed" else 1},
                opacity=0.8 if status == "completed" else 0.6, hoverinfo="skip",
                name=f"{status} visit: visitor's country → host", legendgroup=status,
            ))
        cities = summary["cities"][summary["cities"]["status"] == status]
        if len(cities):
            fig.add_trace(go.Scattermap(
                lon=cities["longitude"].tolist(), lat=cities["latitude"].tolist(), mode="markers",
                marker={"size": (6 + 3 * cities["visits"].clip(upper=10) ** 0.5 * 2).tolist(), "color": color,
                        "opacity": 0.9 if status == "completed" else 0.6},
                customdata=list(zip(cities["city"].map(plain), cities["visits"], cities["visitors"].map(plain))),
                hovertemplate=f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}} {status} visit(s)<br>%{{customdata[2]}}<extra></extra>",
                name=f"{status} visit (city)", legendgroup=status,
            ))
    fig.update_layout(title="Diplomatic visits")
    return _layout(fig, EUROPE_VIEW)
