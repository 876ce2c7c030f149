"""Synthetic tables with the ETL's exact columns, for tests and the benchmark.

`make_tables(n_counts, n_visits, seed)` returns every table in `etl.schema.TABLES` as a
DataFrame. The numbers look like a refugee crisis (cumulative totals that grow, smaller
flows, some reports repeated by several outlets on the same day, a few implausible
figures flagged, some visits without a date or city) but nothing in them is real.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from etl.schema import TABLES, columns

START = dt.date(2022, 2, 24)
N_DAYS = 720

# destination -> (capital-ish city, lat, lon, scale of its cumulative refugee figure)
DESTINATIONS = {
    "POL": ("Warsaw", 52.23, 21.01, 1_600_000),
    "DEU": ("Berlin", 52.52, 13.40, 1_100_000),
    "CZE": ("Prague", 50.08, 14.44, 500_000),
    "ROU": ("Bucharest", 44.43, 26.10, 100_000),
    "MDA": ("Chisinau", 47.01, 28.86, 110_000),
    "HUN": ("Budapest", 47.50, 19.04, 35_000),
    "SVK": ("Bratislava", 48.15, 17.11, 110_000),
    "ITA": ("Rome", 41.90, 12.50, 170_000),
    "GBR": ("London", 51.51, -0.13, 200_000),
    "FRA": ("Paris", 48.86, 2.35, 120_000),
    "ESP": ("Madrid", 40.42, -3.70, 180_000),
    "TUR": ("Ankara", 39.93, 32.86, 95_000),
}
ORIGINS = ["UKR", "UKR", "UKR", "UKR", "SYR", "AFG"]
VISITORS = [
    ("Antony Blinken", "Secretary of State", "USA"),
    ("Olaf Scholz", "Chancellor", "DEU"),
    ("Emmanuel Macron", "President", "FRA"),
    ("Filippo Grandi", "UN High Commissioner for Refugees", ""),
    ("Ursula von der Leyen", "President of the European Commission", ""),
    ("Justin Trudeau", "Prime Minister", "CAN"),
    ("Fumio Kishida", "Prime Minister", "JPN"),
    ("Andrzej Duda", "President", "POL"),
]
HOSTS = {**{k: v[:3] for k, v in DESTINATIONS.items()}, "UKR": ("Kyiv", 50.45, 30.52)}
SOURCES = ["Reuters", "AP", "BBC", "UNHCR", "Kyiv Independent", "Notes from Poland", "DW", "Le Monde"]
QUALIFIER_WORDS = {"exact": "", "more_than": "more than ", "about": "about ", "nearly": "nearly ",
                   "at_least": "at least ", "up_to": "up to "}
QUALIFIERS = list(QUALIFIER_WORDS)
FLOW_POPULATIONS = ["refugees", "border_crossings"]


def _iso_days(rng: np.random.Generator, n: int) -> np.ndarray:
    days = rng.integers(0, N_DAYS, n)
    return (np.datetime64(START) + days.astype("timedelta64[D]")).astype(str), days


def make_tables(n_counts: int = 2_000, n_visits: int = 300, seed: int = 0, n_articles: int | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the schema, with `n_counts` figure rows and `n_visits` visits."""
    rng = np.random.default_rng(seed)
    n_articles = n_articles or max(20, min(50_000, (n_counts + n_visits) // 20))

    # --- articles
    art_ids = np.array([f"{i:016x}" for i in rng.choice(2**40, n_articles, replace=False)])
    published, _ = _iso_days(rng, n_articles)
    source = rng.choice(SOURCES, n_articles)
    articles = pd.DataFrame({
        "article_id": art_ids,
        "title": [f"Synthetic report {i} on displacement" for i in range(n_articles)],
        "published": published,
        "source": source,
        "url": [f"https://example.org/{s.lower().replace(' ', '-')}/{i}" for i, s in enumerate(source)],
        "input_path": [f"synthetic/{i}.html" for i in range(n_articles)],
        "n_words": rng.integers(150, 1500, n_articles),
        "n_sentences": rng.integers(8, 60, n_articles),
        "text": "Synthetic article text.",
    })

    # --- refugee_counts
    n = n_counts
    dests = np.array(list(DESTINATIONS))
    dest = rng.choice(dests, n)
    population = rng.choice(["refugees", "refugees", "refugees", "internally_displaced", "returnees", "border_crossings"], n)
    kind = np.where(rng.random(n) < 0.8, "cumulative", "flow")
    as_of, day = _iso_days(rng, n)
    scale = pd.Series(dest).map({k: v[3] for k, v in DESTINATIONS.items()}).to_numpy()
    growth = 1 - np.exp(-(day + 5) / 90)
    count = np.where(kind == "cumulative", scale * growth, scale * 0.02 * rng.random(n))
    count = (np.round(count / 1000) * 1000).astype(np.int64) + 1000
    total = rng.random(n) < 0.05  # totals across all countries
    dest = np.where(total | (population == "internally_displaced"), "", dest)
    count = np.where(total, count * 5, count)
    flag = np.where(rng.random(n) < 0.01, "count exceeds the destination's population", "")
    count = np.where(flag != "", count * 1000, count)
    qualifier = rng.choice(QUALIFIERS, n)
    ranged = rng.random(n) < 0.05
    low = np.where(ranged, (count * 0.8).astype(np.int64), count)
    words = pd.Series(qualifier).map(QUALIFIER_WORDS)
    surface = (words + pd.Series(count).map("{:,}".format)).to_numpy(dtype=str)
    sentence = np.char.add(np.char.add("Officials said ", surface), " people had fled.")
    art = rng.integers(0, n_articles, n)
    refugee_counts = pd.DataFrame({
        "article_id": art_ids[art],
        "sentence": sentence,
        "sentence_start": 0,
        "sentence_end": np.char.str_len(sentence),
        "start": 15,
        "end": 15 + np.char.str_len(surface),
        "surface": surface,
        "count": count,
        "qualifier": qualifier,
        "low": low,
        "high": count,
        "origin_iso3": np.where(population == "internally_displaced", "UKR", rng.choice(ORIGINS, n)),
        "destination_iso3": dest,
        "population": population,
        "kind": kind,
        "period_start": np.where(kind == "cumulative", "2022-02-24", ""),
        "as_of": as_of,
        "as_of_source": rng.choice(["stated", "published"], n),
        "flag": flag,
    })

    # --- visits
    m = n_visits
    who = rng.integers(0, len(VISITORS), m)
    hosts = np.array(list(HOSTS))
    host = rng.choice(hosts, m)
    with_city = rng.random(m) < 0.8
    city = np.where(with_city, pd.Series(host).map({k: v[0] for k, v in HOSTS.items()}).to_numpy(), "")
    lat = np.where(with_city, pd.Series(host).map({k: v[1] for k, v in HOSTS.items()}).to_numpy(), np.nan)
    lon = np.where(with_city, pd.Series(host).map({k: v[2] for k, v in HOSTS.items()}).to_numpy(), np.nan)
    vdate, _ = _iso_days(rng, m)
    vdate = np.where(rng.random(m) < 0.1, "", vdate)
    vsentence = np.array([f"{VISITORS[w][0]} visited {c or h}." for w, c, h in zip(who[:1000], city[:1000], host[:1000])], dtype=object)
    vsentence = np.resize(vsentence, m)
    varts = rng.integers(0, n_articles, m)
    visits = pd.DataFrame({
        "article_id": art_ids[varts],
        "sentence": vsentence,
        "sentence_start": 0,
        "sentence_end": np.char.str_len(vsentence.astype(str)),
        "start": 0,
        "end": 10,
        "visitor": np.array([v[0] for v in VISITORS])[who],
        "visitor_title": np.array([v[1] for v in VISITORS])[who],
        "visitor_iso3": np.array([v[2] for v in VISITORS])[who],
        "host_iso3": host,
        "city": city,
        "latitude": lat,
        "longitude": lon,
        "date": vdate,
        "date_text": np.where(vdate == "", "", "on Saturday"),
        "status": np.where(rng.random(m) < 0.8, "completed", "planned"),
        "met_with": np.where(rng.random(m) < 0.5, "the prime minister; refugees at a reception centre", ""),
        "purpose": np.where(rng.random(m) < 0.5, "to discuss aid for refugees", ""),
        "flag": "",
    })
    # Drop a visitor's trip to their own country (the ETL would not call that a visit).
    visits = visits[visits["visitor_iso3"] != visits["host_iso3"]].reset_index(drop=True)

    # --- mentions and dates: a few per article
    k = n_articles * 2
    marts = np.repeat(np.arange(n_articles), 2)
    miso = rng.choice(np.concatenate([hosts, ["USA", "SYR"]]), k)
    mentions = pd.DataFrame({
        "article_id": art_ids[marts], "sentence": "A country was named.", "sentence_start": 0, "sentence_end": 20,
        "start": 2, "end": 9, "iso3": miso, "surface": miso, "kind": "name",
    })
    ddays, _ = _iso_days(rng, k)
    dates = pd.DataFrame({
        "article_id": art_ids[marts], "sentence": "It happened on 5 March 2022.", "sentence_start": 0, "sentence_end": 28,
        "start": 15, "end": 27, "surface": "5 March 2022", "date": ddays, "granularity": "day", "relative": False,
    })
    rejects = pd.DataFrame({"input_path": ["synthetic/broken.html"], "record": ["<html>"], "reason": ["no article text found"]})

    tables = {"articles": articles, "refugee_counts": refugee_counts, "visits": visits,
              "mentions": mentions, "dates": dates, "rejects": rejects}
    return {name: tables[name][columns(name)] for name in TABLES}


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path, formats: tuple[str, ...] = ("parquet",)) -> Path:
    """Write tables the way `python -m etl run` lays them out (parquet, csv and/or duckdb)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        if "parquet" in formats:
            df.to_parquet(out_dir / f"{name}.parquet", index=False)
        if "csv" in formats:
            df.to_csv(out_dir / f"{name}.csv", index=False)
    if "duckdb" in formats:
        import duckdb

        con = duckdb.connect(str(out_dir / "refugees.duckdb"))
        for name, df in tables.items():
            con.register("frame", df)
            con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM frame')
            con.unregister("frame")
        con.close()
    return out_dir
