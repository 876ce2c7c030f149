"""The sidebar's filters as data: a FilterState, how it cuts each table, and its URL form.

Pure functions on DataFrames; nothing here imports Streamlit.

How a FilterState cuts the tables (an empty selection means "no filter"):
- refugee_counts: destination_iso3 in countries (or origin_iso3 too, with match_visitor),
  as_of in the date range, population in populations, article's source in sources.
- visits: host_iso3 in countries (or visitor_iso3 too, with match_visitor), date in the
  range, status in statuses, article's source in sources.
- mentions: iso3 in countries; article passes the source filter and was published in range.
- dates: date in range; article passes the source filter.
- articles: source in sources and published in range; with countries chosen, only
  articles behind at least one kept figure, visit or mention.
- rejects: never filtered.
With a date bound set, rows without a date are left out (their date cannot be in range);
with no bound they stay. ISO dates compare correctly as text, so no parsing is needed.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

POPULATIONS = ("refugees", "internally_displaced", "returnees", "border_crossings")
STATUSES = ("completed", "planned")
SCALES = ("linear", "log")

# URL query parameter names (short, stable: they end up in bookmarks).
P_COUNTRIES, P_MATCH_VISITOR, P_FROM, P_TO = "country", "visitor", "from", "to"
P_POPULATION, P_STATUS, P_SOURCE, P_SCALE = "population", "status", "source", "scale"
QUERY_KEYS = (P_COUNTRIES, P_MATCH_VISITOR, P_FROM, P_TO, P_POPULATION, P_STATUS, P_SOURCE, P_SCALE)

ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class FilterState:
    countries: tuple[str, ...] = ()
    match_visitor: bool = False
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    populations: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    scale: str = "linear"

    def is_default(self) -> bool:
        return self == FilterState()


@dataclass
class Options:
    """What the sidebar offers, read from the data."""
    countries: list[str] = field(default_factory=list)   # ISO3 codes present in figures or visits
    sources: list[str] = field(default_factory=list)
    date_min: dt.date | None = None
    date_max: dt.date | None = None


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def options_for(tables: Mapping[str, pd.DataFrame], index: "FilterIndex | None" = None) -> Options:
    if index is not None:   # the distinct values are the coded columns' uniques
        codes = set()
        for table, col in (("refugee_counts", "destination_iso3"), ("refugee_counts", "origin_iso3"),
                           ("visits", "host_iso3"), ("visits", "visitor_iso3")):
            codes.update(index.col(table, col).uniques)
        days = []
        for table, col in (("refugee_counts", "as_of"), ("visits", "date")):
            present = [d for d in index.col(table, col).uniques if isinstance(d, str) and d]
            days += [min(present), max(present)] if present else []
        parsed = [p for p in (parse_date(d) for d in days) if p]
        return Options(
            countries=sorted(c for c in codes if isinstance(c, str) and c),
            sources=sorted(s for s in index.col("articles", "source").uniques if isinstance(s, str) and s),
            date_min=min(parsed) if parsed else None, date_max=max(parsed) if parsed else None)
    counts, visits, articles = tables["refugee_counts"], tables["visits"], tables["articles"]
    codes = set()
    for s in (counts["destination_iso3"], counts["origin_iso3"], visits["host_iso3"], visits["visitor_iso3"]):
        codes.update(s.unique())
    days = [d for s in (counts["as_of"], visits["date"]) if len(s) for d in (s[s != ""].min(), s[s != ""].max())
            if isinstance(d, str) and d]
    parsed = [p for p in (parse_date(d) for d in days) if p]
    return Options(
        countries=sorted(c for c in codes if isinstance(c, str) and c),
        sources=sorted(s for s in articles["source"].unique() if isinstance(s, str) and s),
        date_min=min(parsed) if parsed else None,
        date_max=max(parsed) if parsed else None,
    )


def parse_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def date_mask(s: pd.Series, date_from: dt.date | None, date_to: dt.date | None) -> pd.Series:
    """True where the ISO date text lies in [date_from, date_to]; everything when unbounded."""
    if date_from is None and date_to is None:
        return pd.Series(True, index=s.index)
    mask = s != ""
    if date_from is not None:
        mask &= s >= date_from.isoformat()
    if date_to is not None:
        mask &= s <= date_to.isoformat()
    return mask


def isin(s: pd.Series, values: Iterable[str]) -> pd.Series:
    """`s.isin(values)`, but through Arrow for text columns: pandas 3 walks a large value
    list in Python, which costs a quarter second on a million rows."""
    if s.dtype != "str":
        return s.isin(list(values))
    if isinstance(values, (pd.Series, pd.Index, np.ndarray, pd.api.extensions.ExtensionArray)):
        value_set = pc.unique(pa.array(values, from_pandas=True).cast(pa.large_string()))
    else:
        value_set = pa.array(list(dict.fromkeys(values)), type=pa.large_string())
    arr = pa.array(s, from_pandas=True)
    hit = pc.is_in(arr.cast(pa.large_string()), value_set=value_set, skip_nulls=True)
    return pd.Series(hit.to_numpy(zero_copy_only=False), index=s.index)


def _country_mask(df: pd.DataFrame, primary: str, secondary: str, state: FilterState) -> pd.Series:
    if not state.countries:
        return pd.Series(True, index=df.index)
    mask = isin(df[primary], state.countries)
    if state.match_visitor:
        mask |= isin(df[secondary], state.countries)
    return mask


def source_article_ids(articles: pd.DataFrame, sources: tuple[str, ...]) -> pd.Series | None:
    """Ids of articles from the chosen sources, or None when no source filter is set."""
    if not sources:
        return None
    return articles.loc[isin(articles["source"], sources), "article_id"]


def counts_mask(counts: pd.DataFrame, state: FilterState, article_ids: pd.Series | None = None) -> pd.Series:
    mask = _country_mask(counts, "destination_iso3", "origin_iso3", state)
    mask &= date_mask(counts["as_of"], state.date_from, state.date_to)
    if state.populations:
        mask &= isin(counts["population"], state.populations)
    if article_ids is not None:
        mask &= isin(counts["article_id"], article_ids)
    return mask


def visits_mask(visits: pd.DataFrame, state: FilterState, article_ids: pd.Series | None = None) -> pd.Series:
    mask = _country_mask(visits, "host_iso3", "visitor_iso3", state)
    mask &= date_mask(visits["date"], state.date_from, state.date_to)
    if state.statuses:
        mask &= isin(visits["status"], state.statuses)
    if article_ids is not None:
        mask &= isin(visits["article_id"], article_ids)
    return mask


def filter_counts(counts: pd.DataFrame, state: FilterState, article_ids: pd.Series | None = None) -> pd.DataFrame:
    return counts[counts_mask(counts, state, article_ids)]


def filter_visits(visits: pd.DataFrame, state: FilterState, article_ids: pd.Series | None = None) -> pd.DataFrame:
    return visits[visits_mask(visits, state, article_ids)]


# --- the same masks from integer codes ------------------------------------------------------

@dataclass
class Coded:
    """A text column as integer codes into its sorted distinct values (built once per dataset).

    Sorted values keep text order, so `isin` is a table lookup and a date range is a code
    range: a few milliseconds on a million rows instead of string comparisons."""
    codes: np.ndarray     # int32, -1 for a missing value
    uniques: pd.Index     # sorted distinct values

    @classmethod
    def of(cls, s: pd.Series) -> "Coded":
        codes, uniques = pd.factorize(s, sort=True)
        return cls(codes.astype(np.int32, copy=False), pd.Index(uniques))

    def lookup(self, values: Iterable[str]) -> np.ndarray:
        """Bool per code (plus a trailing False for -1): is the value among `values`?"""
        lut = np.zeros(len(self.uniques) + 1, dtype=bool)
        pos = self.uniques.get_indexer(list(dict.fromkeys(values)))
        lut[pos[pos >= 0]] = True
        return lut

    def isin(self, values: Iterable[str]) -> np.ndarray:
        return self.lookup(values)[self.codes]

    def in_range(self, date_from: dt.date | None, date_to: dt.date | None) -> np.ndarray:
        """Like `date_mask`: ISO text in [date_from, date_to], '' left out once a bound is set."""
        if date_from is None and date_to is None:
            return np.ones(len(self.codes), dtype=bool)
        lo = 0 if date_from is None else int(self.uniques.searchsorted(date_from.isoformat(), "left"))
        hi = len(self.uniques) if date_to is None else int(self.uniques.searchsorted(date_to.isoformat(), "right"))
        if len(self.uniques) and self.uniques[0] == "":
            lo = max(lo, 1)
        return (self.codes >= lo) & (self.codes < hi)


ARTICLE_TABLES = ("articles", "refugee_counts", "visits", "mentions", "dates")
CODED_COLUMNS = {
    "refugee_counts": ("destination_iso3", "origin_iso3", "as_of", "population"),
    "visits": ("host_iso3", "visitor_iso3", "date", "status"),
    "articles": ("published", "source"),
    "mentions": ("iso3",),
    "dates": ("date",),
}


@dataclass
class FilterIndex:
    """Every column the filters read, coded once per dataset (see `Coded`). Article ids share
    one code space over all tables (`article_ids`, sorted), so joins on them are lookups."""
    columns: dict[str, dict[str, Coded]]
    article_ids: pd.Index                 # sorted distinct article ids of every table
    article_codes: dict[str, np.ndarray]  # per table: its rows' codes into article_ids

    @classmethod
    def build(cls, tables: Mapping[str, pd.DataFrame]) -> "FilterIndex":
        columns = {name: {c: Coded.of(tables[name][c]) for c in cols} for name, cols in CODED_COLUMNS.items()}
        factorized = {name: pd.factorize(tables[name]["article_id"]) for name in ARTICLE_TABLES}
        ids = set()
        for _, uniques in factorized.values():
            ids.update(uniques.tolist())
        article_ids = pd.Index(sorted(ids), dtype="str")
        codes = {}
        for name, (c, uniques) in factorized.items():
            remap = np.append(article_ids.get_indexer(uniques), -1).astype(np.int32)
            codes[name] = remap[c]
        return cls(columns, article_ids, codes)

    def col(self, table: str, column: str) -> Coded:
        return self.columns[table][column]

    def article_lookup(self, table: str, rows: np.ndarray) -> np.ndarray:
        """Bool per article code (plus a trailing False): cited by `table`'s rows where `rows`."""
        lut = np.zeros(len(self.article_ids) + 1, dtype=bool)
        lut[self.article_codes[table][rows]] = True
        lut[-1] = False
        return lut


def _coded_country_mask(index: FilterIndex, table: str, primary: str, secondary: str,
                        state: FilterState) -> np.ndarray:
    n = len(index.article_codes[table])
    if not state.countries:
        return np.ones(n, dtype=bool)
    mask = index.col(table, primary).isin(state.countries)
    if state.match_visitor:
        mask |= index.col(table, secondary).isin(state.countries)
    return mask


def coded_masks(index: FilterIndex, state: FilterState) -> dict[str, np.ndarray]:
    """`filter_masks` from a FilterIndex: the same rows, in milliseconds."""
    ac = index.article_codes
    src_ok = None   # per article code: from a chosen source
    if state.sources:
        src_ok = index.article_lookup("articles", index.col("articles", "source").isin(state.sources))

    c_mask = _coded_country_mask(index, "refugee_counts", "destination_iso3", "origin_iso3", state)
    c_mask &= index.col("refugee_counts", "as_of").in_range(state.date_from, state.date_to)
    if state.populations:
        c_mask &= index.col("refugee_counts", "population").isin(state.populations)
    if src_ok is not None:
        c_mask &= src_ok[ac["refugee_counts"]]

    v_mask = _coded_country_mask(index, "visits", "host_iso3", "visitor_iso3", state)
    v_mask &= index.col("visits", "date").in_range(state.date_from, state.date_to)
    if state.statuses:
        v_mask &= index.col("visits", "status").isin(state.statuses)
    if src_ok is not None:
        v_mask &= src_ok[ac["visits"]]

    art_mask = index.col("articles", "published").in_range(state.date_from, state.date_to)
    if src_ok is not None:
        art_mask &= index.col("articles", "source").isin(state.sources)

    m_mask = np.ones(len(ac["mentions"]), dtype=bool)
    if src_ok is not None or state.date_from or state.date_to:
        m_mask &= index.article_lookup("articles", art_mask)[ac["mentions"]]
    if state.countries:
        m_mask &= index.col("mentions", "iso3").isin(state.countries)

    d_mask = index.col("dates", "date").in_range(state.date_from, state.date_to)
    if src_ok is not None:
        d_mask &= src_ok[ac["dates"]]

    if state.countries:
        linked = (index.article_lookup("refugee_counts", c_mask) | index.article_lookup("visits", v_mask)
                  | index.article_lookup("mentions", m_mask))
        art_mask &= linked[ac["articles"]]
    return {"articles": art_mask, "refugee_counts": c_mask, "visits": v_mask, "mentions": m_mask,
            "dates": d_mask, "rejects": None}


def filter_masks(tables: Mapping[str, pd.DataFrame], state: FilterState,
                 index: FilterIndex | None = None) -> dict[str, np.ndarray]:
    """One boolean array per table: which rows `state` keeps (see the module docstring).
    With `index` (FilterIndex.build(tables), made once per dataset) the masks come from codes."""
    if index is not None:
        masks = coded_masks(index, state)
        masks["rejects"] = np.ones(len(tables["rejects"]), dtype=bool)
        return masks
    articles = tables["articles"]
    ids = source_article_ids(articles, state.sources)
    counts = tables["refugee_counts"]
    c_mask = counts_mask(counts, state, ids)
    visits = tables["visits"]
    v_mask = visits_mask(visits, state, ids)

    art_mask = date_mask(articles["published"], state.date_from, state.date_to)
    if ids is not None:
        art_mask &= isin(articles["source"], state.sources)

    mentions = tables["mentions"]
    m_mask = pd.Series(True, index=mentions.index)
    if ids is not None or state.date_from or state.date_to:
        m_mask &= isin(mentions["article_id"], articles.loc[art_mask, "article_id"])
    if state.countries:
        m_mask &= isin(mentions["iso3"], state.countries)

    dates = tables["dates"]
    d_mask = date_mask(dates["date"], state.date_from, state.date_to)
    if ids is not None:
        d_mask &= isin(dates["article_id"], ids)

    if state.countries:
        linked = pd.concat([counts.loc[c_mask, "article_id"], visits.loc[v_mask, "article_id"],
                            mentions.loc[m_mask, "article_id"]]).unique()
        art_mask &= isin(articles["article_id"], linked)
    masks = {"articles": art_mask, "refugee_counts": c_mask, "visits": v_mask, "mentions": m_mask,
             "dates": d_mask, "rejects": pd.Series(True, index=tables["rejects"].index)}
    return {name: m.to_numpy(dtype=bool) for name, m in masks.items()}


class FilteredView(Mapping):
    """The filtered tables, cut only when first read (a million-row table costs a tenth of
    a second to copy, and most reruns need only a few of them)."""

    def __init__(self, tables: Mapping[str, pd.DataFrame], masks: Mapping[str, np.ndarray]):
        self.tables, self.masks, self._cut = tables, masks, {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._cut:
            mask = self.masks[name]
            df = self.tables[name]
            self._cut[name] = df if mask.all() else df.iloc[np.flatnonzero(mask)]
        return self._cut[name]

    def __iter__(self):
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def n_rows(self, name: str) -> int:
        return int(self.masks[name].sum())

    def head(self, name: str, n: int) -> pd.DataFrame:
        """The first `n` kept rows, without cutting the whole table."""
        return self.tables[name].iloc[np.flatnonzero(self.masks[name])[:n]]


def apply_filters(tables: Mapping[str, pd.DataFrame], state: FilterState,
                  index: FilterIndex | None = None) -> FilteredView:
    """Every table cut by `state` (see the module docstring for the rules)."""
    return FilteredView(tables, filter_masks(tables, state, index))


# --- URL query parameters -------------------------------------------------------------

def encode_query(state: FilterState) -> dict[str, str | list[str]]:
    """The query parameters for `state`; defaults are left out so plain URLs stay plain."""
    q: dict[str, str | list[str]] = {}
    if state.countries:
        q[P_COUNTRIES] = ",".join(state.countries)
    if state.match_visitor:
        q[P_MATCH_VISITOR] = "1"
    if state.date_from:
        q[P_FROM] = state.date_from.isoformat()
    if state.date_to:
        q[P_TO] = state.date_to.isoformat()
    if state.populations:
        q[P_POPULATION] = ",".join(state.populations)
    if state.statuses:
        q[P_STATUS] = ",".join(state.statuses)
    if state.sources:
        q[P_SOURCE] = list(state.sources)   # repeated key: names may hold commas
    if state.scale != "linear":
        q[P_SCALE] = state.scale
    return q


def _values(query: Mapping[str, object], key: str) -> list[str]:
    raw = query.get(key)
    if raw is None:
        return []
    return [str(v) for v in raw] if isinstance(raw, (list, tuple)) else [str(raw)]


def _split(query: Mapping[str, object], key: str) -> list[str]:
    return [part.strip() for v in _values(query, key) for part in v.split(",") if part.strip()]


def decode_query(query: Mapping[str, object], known_countries: Iterable[str] | None = None,
                 known_sources: Iterable[str] | None = None) -> tuple[FilterState, list[str]]:
    """A FilterState from query parameters, plus every problem found (bad values are dropped)."""
    problems: list[str] = []
    known_c = set(known_countries) if known_countries is not None else None
    known_s = set(known_sources) if known_sources is not None else None

    countries = []
    for code in _split(query, P_COUNTRIES):
        code = code.upper()
        if not ISO3.match(code) or (known_c is not None and code not in known_c):
            problems.append(f"country '{code}' is not in the data")
        else:
            countries.append(code)

    def pick(key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        kept = []
        for v in _split(query, key):
            if v in allowed:
                kept.append(v)
            else:
                problems.append(f"{key} '{v}' is not one of {', '.join(allowed)}")
        return _unique(kept)

    populations, statuses = pick(P_POPULATION, POPULATIONS), pick(P_STATUS, STATUSES)

    sources = []
    for s in _values(query, P_SOURCE):
        if known_s is not None and s not in known_s:
            problems.append(f"source '{s}' is not in the data")
        elif s:
            sources.append(s)

    dates = {}
    for key in (P_FROM, P_TO):
        vals = _values(query, key)
        if vals:
            d = parse_date(vals[-1]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", vals[-1]) else None
            if d is None:
                problems.append(f"{key} '{vals[-1]}' is not a date (YYYY-MM-DD)")
            dates[key] = d
    date_from, date_to = dates.get(P_FROM), dates.get(P_TO)
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from

    scale_vals = _values(query, P_SCALE)
    scale = scale_vals[-1] if scale_vals and scale_vals[-1] in SCALES else "linear"
    if scale_vals and scale_vals[-1] not in SCALES:
        problems.append(f"scale '{scale_vals[-1]}' is not one of {', '.join(SCALES)}")

    match_visitor = bool(_values(query, P_MATCH_VISITOR)) and _values(query, P_MATCH_VISITOR)[-1] in ("1", "true", "yes")
    state = FilterState(
        countries=_unique(countries), match_visitor=match_visitor, date_from=date_from, date_to=date_to,
        populations=populations, statuses=statuses, sources=_unique(sources), scale=scale,
    )
    return state, problems


def clamp_dates(state: FilterState, options: Options) -> FilterState:
    """Drop date bounds that are at or beyond the data's own bounds (they filter nothing but undated rows)."""
    date_from = state.date_from if state.date_from and options.date_min and state.date_from > options.date_min else None
    date_to = state.date_to if state.date_to and options.date_max and state.date_to < options.date_max else None
    return replace(state, date_from=date_from, date_to=date_to)
