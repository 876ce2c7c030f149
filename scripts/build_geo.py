"""Build dashboard/geo/countries.geojson from Natural Earth TopoJSON (world-atlas 2.0.2).

Usage:
    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_geo.py package/countries-50m.json [--out dashboard/geo/countries.geojson]

Steps, in order:
1. read the "countries" layer with geopandas (GDAL's TopoJSON driver);
2. give every feature an ISO 3166-1 alpha-3 code: numeric ids through pycountry, the few
   features without an id by name (NAMELESS_FEATURES);
3. move the Crimean peninsula from Russia to Ukraine (the UN General Assembly position,
   resolution 68/262), then check that Simferopol falls in Ukraine;
4. merge features that share a code, simplify, round coordinates and write GeoJSON with
   properties iso3, name, lon, lat (label point / line end point).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geopandas as gpd
import pycountry
import shapely
from shapely.geometry import mapping

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "dashboard" / "geo" / "countries.geojson"

# Features that carry no ISO numeric id in world-atlas, mapped by their name.
NAMELESS_FEATURES = {
    "Kosovo": "XKX",            # user-assigned code used by the EU, IMF and World Bank
    "Somaliland": "SOM",        # not recognised by the UN: part of Somalia
    "N. Cyprus": "CYP",         # not recognised by the UN: part of Cyprus
    "Siachen Glacier": "IND",   # administered by India
    "Indian Ocean Ter.": "AUS", # Christmas Island and Cocos (Keeling) Islands, Australian
}

# Display names shorter than pycountry's official ones are taken from Natural Earth; these
# override a few that read badly.
NAME_OVERRIDES = {"XKX": "Kosovo", "SOM": "Somalia", "CYP": "Cyprus", "IND": "India", "AUS": "Australia"}

# The Crimean peninsula south of the Perekop isthmus (lon/lat bounding box). In world-atlas
# it is a separate ring of Russia's multipolygon lying wholly inside this box.
CRIMEA_BOX = (32.4, 44.3, 36.7, 46.3)
SIMFEROPOL = (34.1, 44.95)

SIMPLIFY_TOLERANCE = 0.02   # degrees; keeps small island states visible
COORD_DECIMALS = 3          # about 100 m, far below what the map can show


def iso3_for(feature_id: object, name: str) -> str | None:
    if isinstance(feature_id, str) and feature_id:
        country = pycountry.countries.get(numeric=feature_id.zfill(3))
        if country is not None:
            return country.alpha_3
    return NAMELESS_FEATURES.get(name)


def move_crimea_to_ukraine(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Cut the Crimean rings out of Russia's geometry and union them into Ukraine's."""
    box = shapely.box(*CRIMEA_BOX)
    rus = gdf.index[gdf["iso3"] == "RUS"][0]
    ukr = gdf.index[gdf["iso3"] == "UKR"][0]
    parts = list(getattr(gdf.at[rus, "geometry"], "geoms", [gdf.at[rus, "geometry"]]))
    crimea = [p for p in parts if p.within(box)]
    if not crimea:
        # A source where Crimea is joined to Russia's mainland ring: cut by the box instead.
        crimea = [gdf.at[rus, "geometry"].intersection(box)]
        rest = gdf.at[rus, "geometry"].difference(box)
    else:
        rest = shapely.MultiPolygon([p for p in parts if not p.within(box)])
    gdf.at[rus, "geometry"] = rest
    gdf.at[ukr, "geometry"] = shapely.union_all([gdf.at[ukr, "geometry"], *crimea])
    return gdf


def _to_0_360(xy):
    xy = xy.copy()
    xy[:, 0] %= 360
    return xy


def label_point(geom) -> tuple[float, float]:
    """Centroid of the largest part (so France's point is in Europe), kept inside it."""
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda p: p.area)
    minx, _, maxx, _ = largest.bounds
    if maxx - minx > 180:
        # A ring cut at the antimeridian (Fiji, Russia's Chukotka): measure it on 0..360.
        largest = shapely.transform(largest, _to_0_360)
    point = largest.centroid
    if not largest.contains(point):
        point = largest.representative_point()
    lon = point.x - 360 if point.x > 180 else point.x
    return round(lon, 3), round(point.y, 3)


def build(topojson: Path) -> dict:
    gdf = gpd.read_file(topojson, layer="countries")
    gdf["iso3"] = [iso3_for(i, n) for i, n in zip(gdf["id"], gdf["name"])]
    unknown = gdf[gdf["iso3"].isna()]
    if len(unknown):
        raise SystemExit(f"features without an ISO3 code: {sorted(unknown['name'])}; add them to NAMELESS_FEATURES")
    gdf = gdf.set_geometry(gdf.geometry.make_valid())
    gdf = move_crimea_to_ukraine(gdf)
    # Several features can share a code (Somaliland joins Somalia): merge, keep the
    # name of the feature that already had the code.
    gdf["has_id"] = gdf["id"].notna()
    gdf = gdf.sort_values(["iso3", "has_id"], ascending=[True, False])
    merged = gdf.dissolve(by="iso3", aggfunc={"name": "first"}).reset_index()
    merged["geometry"] = merged.geometry.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
    merged["geometry"] = shapely.set_precision(merged.geometry.values, 10 ** -COORD_DECIMALS)
    merged = merged[~merged.geometry.is_empty]

    features = []
    for row in merged.itertuples():
        lon, lat = label_point(row.geometry)
        features.append({
            "type": "Feature",
            "id": row.iso3,
            "properties": {"iso3": row.iso3, "name": NAME_OVERRIDES.get(row.iso3, row.name), "lon": lon, "lat": lat},
            "geometry": mapping(row.geometry),
        })
    collection = {"type": "FeatureCollection", "features": features}
    check(collection)
    return collection


def check(collection: dict) -> None:
    """Fail loudly if the UN-position change did not take."""
    point = shapely.Point(*SIMFEROPOL)
    hits = [f["id"] for f in collection["features"] if shapely.geometry.shape(f["geometry"]).contains(point)]
    if hits != ["UKR"]:
        raise SystemExit(f"Simferopol falls in {hits}, expected ['UKR']")


def round_coords(obj):
    if isinstance(obj, float):
        return round(obj, COORD_DECIMALS)
    if isinstance(obj, (list, tuple)):
        return [round_coords(x) for x in obj]
    if isinstance(obj, dict):
        return {k: round_coords(v) for k, v in obj.items()}
    return obj


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="countries-50m.json (or -110m) from the world-atlas 2.0.2 npm package")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output GeoJSON (default {DEFAULT_OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    if not args.topojson.is_file():
        print(f"{args.topojson}: no such file. Get it with: npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz", file=sys.stderr)
        return 2
    collection = round_coords(build(args.topojson))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(collection['features'])} countries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
