"""Country names and label points, read from the shipped GeoJSON (dashboard/geo/)."""
from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd
import pycountry

GEOJSON_PATH = Path(__file__).resolve().parent / "geo" / "countries.geojson"
ALL_COUNTRIES = "All countries"   # label for figures with no destination (totals)


@functools.lru_cache(maxsize=1)
def geojson() -> dict:
    """The country shapes, each feature's id its ISO3 code (read once per process)."""
    return json.loads(GEOJSON_PATH.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def country_table() -> pd.DataFrame:
    """iso3, name, lon, lat for every country in the GeoJSON, indexed by iso3."""
    rows = [f["properties"] for f in geojson()["features"]]
    return pd.DataFrame(rows, columns=["iso3", "name", "lon", "lat"]).set_index("iso3", drop=False)


@functools.lru_cache(maxsize=512)
def country_name(iso3: str) -> str:
    """A readable name for an ISO3 code; the code itself when unknown, ALL_COUNTRIES for ''."""
    if not iso3:
        return ALL_COUNTRIES
    table = country_table()
    if iso3 in table.index:
        return str(table.at[iso3, "name"])
    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, "common_name", None) or getattr(country, "name", None) or iso3


def label(iso3: str) -> str:
    """'Poland (POL)', for pickers where the code helps."""
    return f"{country_name(iso3)} ({iso3})" if iso3 else ALL_COUNTRIES
