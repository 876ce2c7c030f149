"""The tables the page shows (visits, evidence, flagged figures), built from the filtered
view and the articles. Display only: downloads use the tables' own columns."""
from __future__ import annotations

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
