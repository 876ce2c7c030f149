"""The tables the page shows (visits, evidence, flagged figures), built from the filtered
view and the articles. Display only: downloads use the tables' own columns."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.countries import country_name

DISPLAY_ROWS = 300   # rows sent to the browser per table (each rerun resends them); downloads hold all


META_COLUMNS = ["title", "published", "source", "url"]


def articles_by_id(articles: pd.DataFrame) -> pd.DataFrame:
    """Title, date, source and link per article id (the index): made once per dataset, then
    every display table looks its articles up in it instead of merging with all articles."""
    meta = articles.drop_duplicates("article_id")[META_COLUMNS]
    # A plain object index: an Arrow-backed one is converted to numpy on every lookup.
    return meta.set_axis(pd.Index(articles["article_id"].drop_duplicates().to_numpy(dtype=object), dtype=object,
                                  name="article_id"))


def article_meta(articles: pd.DataFrame, article_ids: pd.Index) -> pd.DataFrame:
    """META_COLUMNS per position of `article_ids` (filters.FilterIndex.article_ids), plus a
    last all-missing row, which code -1 (an id no article has) picks."""
    meta = articles_by_id(articles).reindex(article_ids)
    return pd.concat([meta, pd.DataFrame({c: [None] for c in META_COLUMNS})], ignore_index=True)


def _with_articles(df: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """`df` with its articles' META_COLUMNS; `articles` is the table or `articles_by_id(...)`."""
    if articles.index.name == "article_id":
        meta = articles.reindex(df["article_id"].to_numpy())
        return pd.concat([df.reset_index(drop=True), meta[META_COLUMNS].reset_index(drop=True)], axis=1)
    meta = articles[["article_id", *META_COLUMNS]].drop_duplicates("article_id")
    return df.merge(meta, on="article_id", how="left")


def _name(codes: pd.Series) -> pd.Series:
    return codes.map(lambda c: country_name(c) if c else "")


def visits_table(visits: pd.DataFrame, articles: pd.DataFrame, limit: int = DISPLAY_ROWS) -> pd.DataFrame:
    """Who, title, from, to, city, date, status, met with, source: newest first."""
    v = visits.sort_values("date", ascending=False, kind="stable").head(limit)
    v = _with_articles(v, articles)
    return pd.DataFrame({
        "who": v["visitor"], "title": v["visitor_title"],
        "from": _name(v["visitor_iso3"]).where(v["visitor_iso3"] != "", "(international body)"),
        "to": _name(v["host_iso3"]), "city": v["city"], "date": v["date"], "status": v["status"],
        "met with": v["met_with"], "source": v["source"], "article": v["title"], "link": v["url"],
    })


def evidence_table(counts: pd.DataFrame, visits: pd.DataFrame, articles: pd.DataFrame,
                   limit: int = DISPLAY_ROWS) -> pd.DataFrame:
    """The sentences behind the filtered figures and visits, with article title, date and link."""
    c = counts.head(limit)
    v = visits.head(limit)
    rows = pd.concat([
        pd.DataFrame({"kind": "figure", "what": c["surface"], "country": _name(c["destination_iso3"]),
                      "date": c["as_of"], "sentence": c["sentence"], "note": c["flag"], "article_id": c["article_id"]}),
        pd.DataFrame({"kind": "visit", "what": v["visitor"], "country": _name(v["host_iso3"]),
                      "date": v["date"], "sentence": v["sentence"], "note": v["flag"], "article_id": v["article_id"]}),
    ], ignore_index=True)
    rows = _with_articles(rows, articles)
    rows = rows.sort_values("date", ascending=False, kind="stable").head(limit)
    return rows[["kind", "what", "country", "date", "sentence", "title", "published", "source", "url", "note"]].rename(
        columns={"title": "article", "url": "link", "note": "flag"})


# --- the same tables from row positions ----------------------------------------------------
# What the page shows for a filter state is at most DISPLAY_ROWS rows; these take just those
# rows' cells column by column (pandas' row selection and merges cost more than the rows).

def _cells(df: pd.DataFrame, column: str, rows):
    """The column's values at `rows`, in the column's own array type."""
    return df[column].array.take(np.asarray(rows, dtype=np.int64))


def _meta_cells(articles: pd.DataFrame, ids) -> dict:
    """META_COLUMNS for each article id (missing where `articles_by_id` lacks the id)."""
    pos = articles.index.get_indexer(np.asarray(ids, dtype=object)) if len(ids) else np.zeros(0, dtype=np.int64)
    return {c: articles[c].array.take(pos, allow_fill=True) for c in META_COLUMNS}


def _names(codes, empty: str = ""):
    return _str([country_name(c) if c else empty for c in codes])


def _str(values):
    """Text cells as the str dtype the plain tables have (also when there are none)."""
    return pd.array(values, dtype="str")


def visits_table_at(visits: pd.DataFrame, rows: np.ndarray, articles: pd.DataFrame) -> pd.DataFrame:
    """visits_table(visits.iloc[rows], articles) for `rows` already newest first and at most
    DISPLAY_ROWS of them; `articles` = articles_by_id(...)."""
    meta = _meta_cells(articles, _cells(visits, "article_id", rows))
    return pd.DataFrame({
        "who": _cells(visits, "visitor", rows), "title": _cells(visits, "visitor_title", rows),
        "from": _names(_cells(visits, "visitor_iso3", rows), "(international body)"),
        "to": _names(_cells(visits, "host_iso3", rows)), "city": _cells(visits, "city", rows),
        "date": _cells(visits, "date", rows), "status": _cells(visits, "status", rows),
        "met with": _cells(visits, "met_with", rows), "source": meta["source"], "article": meta["title"],
        "link": meta["url"],
    })


def evidence_table_at(counts: pd.DataFrame, count_rows: np.ndarray, visits: pd.DataFrame, visit_rows: np.ndarray,
                      articles: pd.DataFrame, limit: int = DISPLAY_ROWS) -> pd.DataFrame:
    """evidence_table(counts.iloc[count_rows], visits.iloc[visit_rows], articles, limit),
    `articles` = articles_by_id(...): the newest `limit` rows are chosen first (a stable sort
    by date, descending, as there), then only their cells are read."""
    count_rows, visit_rows = np.asarray(count_rows)[:limit], np.asarray(visit_rows)[:limit]
    nc = len(count_rows)
    dates = np.concatenate([_cells(counts, "as_of", count_rows).to_numpy(dtype=object),
                            _cells(visits, "date", visit_rows).to_numpy(dtype=object)])
    if len(dates):
        _, rank = np.unique(dates.astype(str), return_inverse=True)
        keep = np.lexsort((np.arange(len(dates)), -rank.reshape(-1)))[:limit]
    else:
        keep = np.zeros(0, dtype=np.int64)
    fig, vis = keep[keep < nc], keep[keep >= nc] - nc
    is_fig = keep < nc

    def pick(count_col: str, visit_col: str) -> np.ndarray:
        out = np.empty(len(keep), dtype=object)
        out[is_fig] = _cells(counts, count_col, count_rows[fig]).to_numpy(dtype=object)
        out[~is_fig] = _cells(visits, visit_col, visit_rows[vis]).to_numpy(dtype=object)
        return _str(out)

    meta = _meta_cells(articles, pick("article_id", "article_id"))
    country = pick("destination_iso3", "host_iso3")
    return pd.DataFrame({
        "kind": _str(np.where(is_fig, "figure", "visit").astype(object)), "what": pick("surface", "visitor"),
        "country": _names(country), "date": _str(dates[keep]), "sentence": pick("sentence", "sentence"),
        "article": meta["title"], "published": meta["published"], "source": meta["source"], "link": meta["url"],
        "flag": pick("flag", "flag"),
    }, index=pd.Index(keep, dtype="int64"))


FLAGGED_COLUMNS = ["surface", "count", "destination_iso3", "population", "as_of", "flag", "sentence", "article_id"]


def flagged_at(counts: pd.DataFrame, rows: np.ndarray, articles: pd.DataFrame) -> pd.DataFrame:
    """charts.flagged_figures(counts.iloc[rows], articles) for flagged `rows`; `articles` =
    articles_by_id(...)."""
    out = {("reason" if c == "flag" else c): _cells(counts, c, rows) for c in FLAGGED_COLUMNS}
    meta = _meta_cells(articles, out["article_id"])
    return pd.DataFrame({**out, "title": meta["title"], "source": meta["source"], "url": meta["url"]})
