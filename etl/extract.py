"""One article's text (and publication date) -> rows for every extracted table.

`extract_article` is pure: no I/O, no globals but the read-only gazetteer. It cleans the
text, splits sentences, finds places, numbers and dates once per sentence, and hands
those to the figure and visit extractors.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Any

from .clean import clean_text, split_sentences
from .counts import extract_figures
from .dates import find_dates_by_sentence
from .numbers import find_numbers
from .places import places_by_sentence, prefer_known_countries
from .plausibility import figure_flag, visit_flag
from .visits import extract_visits


# Cheap tests that let most sentences skip the full number pattern: a digit, or a scale
# word ("half a million"). A search for one character class per sentence plus str.find
# for the words is ~2.5x faster than one alternation over the whole text.
_DIGIT = re.compile(r"\d")
_SCALE_WORDS = ("illion", "thousand", "hundred")


def _iso(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def extract_clean(text: str, published: dt.date | None) -> dict[str, Any]:
    """Rows for already-cleaned text (offsets point into `text` itself)."""
    sentences = split_sentences(text)
    numbers: dict[int, list] = {}
    dates = find_dates_by_sentence(text, published, sentences)
    found = places_by_sentence(text, sentences)
    places = {i: found.get(i, []) for i in range(len(sentences))}
    if any(p.alternatives for ps in places.values() for p in ps):
        flat = prefer_known_countries([p for i in sorted(places) for p in places[i]])
        it = iter(flat)
        places = {i: [next(it) for _ in places[i]] for i in sorted(places)}
    hinted = _number_sentences(text, sentences)
    for i, (s0, s1) in enumerate(sentences):
        numbers[i] = find_numbers(text, s0, s1) if i in hinted else []

    # One string per sentence, shared by its rows (each row's own slice would be copied, and
    # converted to UTF-8 again when the rows are stored).
    sentence_texts: dict[int, str] = {}

    def evidence(i: int, start: int, end: int) -> dict:
        s0, s1 = sentences[i]
        sentence = sentence_texts.get(i)
        if sentence is None:
            sentence = sentence_texts[i] = text[s0:s1]
        return {"sentence": sentence, "sentence_start": s0, "sentence_end": s1, "start": start, "end": end}

    sentence_at = _sentence_locator(sentences)

    mentions = []
    for i in places:
        for p in places[i]:
            row = evidence(i, p.start, p.end)
            row["iso3"], row["surface"], row["kind"] = p.iso3, p.surface, p.kind
            mentions.append(row)
    date_rows = []
    for i in dates:
        for d in dates[i]:
            row = evidence(i, d.start, d.end)
            row["surface"], row["date"], row["granularity"], row["relative"] = \
                d.surface, _iso(d.date), d.granularity, d.relative
            date_rows.append(row)
    counts = []
    for f in extract_figures(text, sentences, numbers, places, dates, published):
        counts.append({
            **evidence(sentence_at(f.start), f.start, f.end), "surface": f.surface, "count": f.count,
            "qualifier": f.qualifier, "low": f.low, "high": f.high, "origin_iso3": f.origin_iso3,
            "destination_iso3": f.destination_iso3, "population": f.population, "kind": f.kind,
            "period_start": _iso(f.period_start), "as_of": _iso(f.as_of), "as_of_source": f.as_of_source,
            "flag": figure_flag(f, published),
        })
    visits = []
    for v in extract_visits(text, sentences, places, dates, published):
        visits.append({
            **evidence(sentence_at(v.sentence[0]), v.start, v.end), "visitor": v.visitor,
            "visitor_title": v.visitor_title, "visitor_iso3": v.visitor_iso3, "host_iso3": v.host_iso3,
            "city": v.city, "latitude": v.latitude, "longitude": v.longitude, "date": _iso(v.date),
            "date_text": v.date_text, "status": v.status, "met_with": "; ".join(v.met_with),
            "purpose": v.purpose, "flag": visit_flag(v, published),
        })
    # "_sentences" is the sentence count for the articles table, not a table of its own.
    return {"refugee_counts": counts, "visits": visits, "mentions": mentions, "dates": date_rows,
            "_sentences": len(sentences)}


def extract_article(text: str, published: dt.date | None = None) -> dict[str, Any]:
    """Clean raw article text and extract every table's rows from it.

    Returns {"text": cleaned text, "refugee_counts": [...], "visits": [...],
    "mentions": [...], "dates": [...]}; each row's start/end index the cleaned text.
    """
    clean = clean_text(text)
    rows = extract_clean(clean, published)
    rows.pop("_sentences", None)
    rows["text"] = clean
    return rows


def _number_sentences(text: str, sentences: list[tuple[int, int]]) -> set[int]:
    """Indices of the sentences that may hold a number."""
    starts = [s0 for s0, _ in sentences]
    hinted: set[int] = set()
    # One search per sentence that has a digit (and one more), each going on from the sentence
    # after the last found: the text is scanned once, not sentence by sentence.
    pos, end = (sentences[0][0], sentences[-1][1]) if sentences else (0, 0)
    while pos < end:
        m = _DIGIT.search(text, pos, end)
        if m is None:
            break
        i = bisect.bisect_right(starts, m.start()) - 1
        if m.start() < sentences[i][1]:  # (not in the white space between two sentences)
            hinted.add(i)
        if i + 1 == len(sentences):
            break
        pos = sentences[i + 1][0]
    if len(hinted) < len(sentences):
        for word in _SCALE_WORDS:
            j = text.find(word)
            while j != -1:
                hinted.add(bisect.bisect_right(starts, j) - 1)
                j = text.find(word, j + 1)
    return hinted


def _sentence_locator(sentences: list[tuple[int, int]]):
    """offset -> index of the sentence that contains it."""
    starts = [s for s, _ in sentences]

    def locate(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)
    return locate
