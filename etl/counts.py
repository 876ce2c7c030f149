"""Refugee figures: a number of people whose sentence says they fled, crossed, arrived,
were registered or displaced, with origin, destination, qualifier and the date it refers to.

Roles of countries come from the words around them: "from/fled/fleeing X" is an origin,
"to/into/in X" or "X has taken in" a destination, "Ukrainian refugees" an origin by
demonym. Each number only looks at the stretch of its sentence between its neighbours,
so "1.5 million to Poland and 300,000 to Moldova" gives each figure its own country.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from . import lexicon as lx
from .dates import DateMention
from .numbers import Number
from .places import Place

_WORD = re.compile(r"[A-Za-z][\w'’-]*")
# Words that may sit between a figure and its people noun: "780,000 Ukrainian refugees".
_FILLER = {"more", "new", "other", "ukrainian", "registered", "recorded", "of", "them",
           "additional", "extra", "further", "internally", "forcibly", "newly", "vulnerable",
           "mostly", "mainly", "million", "thousand", "estimated", "displaced", "stateless",
           "fleeing", "young", "elderly", "unaccompanied", "or", "so", "plus", "-"}
_ORIGIN_BEFORE = re.compile(
    r"(?:\bfrom|\bfled|\bflee|\bflees|\bfleeing|\bleft|\bleaving|\bescaping|\bescaped|\bout of|"
    r"\bwar in|\bfighting in|\bconflict in|\bviolence in|\bcrisis in|\binvasion of|\battack on|"
    r"\bwar-torn|\bdisplaced (?:inside|within|in)|\bwithin|\binside)\s+(?:the\s+)?$", re.I)
_DEST_BEFORE = re.compile(
    r"(?:\bto|\binto|\bin|\breached|\breach|\bentered|\benter|\bentering|\bfor|\btowards|"
    r"\bbound for|\bneighbou?ring|\barrived in|\barriving in|\bcrossed into|\bsheltering in|"
    r"\bby|\bacross)\s+(?:the\s+)?(?:neighbou?ring\s+)?$", re.I)
_HOST_AFTER = re.compile(
    r"^(?:['’]s)?\s*(?:alone\s+)?(?:has|have|had|now)?\s*(?:already\s+|so far\s+|now\s+)?"
    r"(?:taken in|took in|received|receives|registered|registers|recorded|records|hosts|hosted|"
    r"is hosting|was hosting|welcomed|granted|accepted|sheltered|is sheltering|counted|reported|"
    r"issued|absorbed|admitted)\b", re.I)
_ADJACENT_HOST = re.compile(
    r"^[\s,:;–—-]*(?:(?:has|had|have|with|hosts|hosting|took in|received|registered|recorded|"
    r"reported|counts|counted)\b)?[\s,:–—-]*(?:(?:about|around|over|some|nearly|almost|more than|"
    r"at least|roughly|approximately|an estimated|close to|up to|fewer than|less than)\s+)?$", re.I)
_PEOPLE_SUBJECT = re.compile(
    r"\b(?:refugees|people|arrivals|crossings|displaced|IDPs|asylum[- ]seekers|migrants|"
    r"number of \w+|total|tally|figure|count|toll of (?:refugees|displaced))\b", re.I)
_OR_MORE = re.compile(r"^\s*(?:or|and) (?:more|above)\b", re.I)
_DATE_INTRO = re.compile(r"(?:\bas of|\bby|\buntil|\bon|\bthrough|\bup to|\bas at)\s*$", re.I)
_SINCE = re.compile(r"\b(?:since|from)\s*$", re.I)


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    surface: str
    count: int
    qualifier: str
    low: int
    high: int
    origin_iso3: str
    destination_iso3: str
    population: str
    kind: str
    period_start: dt.date | None
    as_of: dt.date | None
    as_of_source: str


def qualifier_before(text: str, start: int) -> tuple[str, int]:
    """(qualifier code, start offset of the phrase) for words right before a number."""
    window = text[max(0, start - 30):start].lower()
    for phrase, code in lx.QUALIFIERS:
        m = re.search(rf"\b{re.escape(phrase)}\s*$", window)
        if m:
            return code, start - (len(window) - m.start())
    words = window.split()
    if words and words[-1] in lx.VERB_QUALIFIERS:
        return lx.VERB_QUALIFIERS[words[-1]], start
    return "exact", start


def _people_after(text: str, end: int, limit: int, places_by_start: dict[int, Place]) -> tuple[bool, bool, str]:
    """(is people, is not-people, origin by demonym) from the words following a number."""
    origin = ""
    for i, m in enumerate(_WORD.finditer(text, end, min(limit, end + 60))):
        word = m.group().lower().rstrip("'’")
        place = places_by_start.get(m.start())
        if place is not None and place.kind == "demonym":
            origin = place.iso3
            if word.endswith("s") or word in ("chinese", "sudanese", "congolese", "lebanese", "rohingya",
                                              "burmese", "vietnamese", "japanese", "senegalese", "swiss", "thai"):
                return True, False, origin  # "780,000 Ukrainians"
            continue  # "780,000 Ukrainian refugees"
        if word in lx.PEOPLE_NOUNS or word.startswith("asylum"):
            return True, False, origin
        if word in lx.NON_FIGURE_NOUNS:
            return False, True, origin
        if word not in _FILLER or i > 4:
            return False, False, origin
    return False, False, origin


def extract_figures(text: str, sentences: list[tuple[int, int]], numbers: dict[int, list[Number]],
                    places: dict[int, list[Place]], dates: dict[int, list[DateMention]],
                    published: dt.date | None) -> list[Figure]:
    """Refugee figures in the article. The per-sentence inputs are keyed by sentence index."""
    roles: dict[int, list] = {}

    def roles_of(i: int) -> list[tuple[Place, str]]:
        if i not in roles:
            roles[i] = _roles(text, places.get(i, []))
        return roles[i]

    article_origins: Counter | None = None
    figures: list[Figure] = []
    for si, (s0, s1) in enumerate(sentences):
        nums = numbers.get(si, [])
        if not nums or not lx.MOVEMENT_CUES.search(text, s0, s1):
            continue
        sentence_places = places.get(si, [])
        by_start = {p.start: p for p in sentence_places}
        for k, n in enumerate(nums):
            if n.is_percent or (n.is_year and not _people_after(text, n.end, s1, by_start)[0]):
                continue
            if lx.CURRENCY_BEFORE.search(text, max(s0, n.start - 5), n.start) or \
                    lx.NON_FIGURE_BEFORE.search(text, max(s0, n.start - 25), n.start):
                continue
            region0 = nums[k - 1].end if k else s0
            region1 = nums[k + 1].start if k + 1 < len(nums) else s1
            is_people, not_people, demonym_origin = _people_after(text, n.end, region1, by_start)
            if not_people:
                continue
            if not is_people and not _subject_before(text, region0, n.start):
                continue
            qualifier, q_start = qualifier_before(text, n.start)
            if qualifier == "exact" and _OR_MORE.match(text, n.end, s1):
                qualifier = "at_least"
            origin, destination = _pick_countries(text, n, roles_of(si), region0, region1, demonym_origin)
            if not origin:
                sentence_origins = [p.iso3 for p, r in roles_of(si) if r == "origin"]
                if sentence_origins:
                    origin = sentence_origins[0]
                else:  # the article's main origin: "2 million have now left the country"
                    if article_origins is None:
                        article_origins = Counter(p.iso3 for i in range(len(sentences))
                                                  for p, r in roles_of(i) if r == "origin")
                    origin = article_origins.most_common(1)[0][0] if article_origins else ""
            population = _population(text, s0, s1)
            if population == "internally_displaced":
                destination = ""
            if destination == origin:
                destination = ""
            kind, period_start, as_of, as_of_source = _when(text, s0, s1, n, dates.get(si, []), origin, published)
            span_start = min(q_start, n.start)
            figures.append(Figure(span_start, n.end, text[span_start:n.end], n.value, qualifier,
                                  n.low, n.high, origin, destination, population, kind, period_start, as_of,
                                  as_of_source))
    return _dedupe(figures)


def _subject_before(text: str, region0: int, start: int) -> bool:
    """'The number of refugees has passed 2 million', 'Poland has taken in 1.5 million'."""
    before = text[region0:start]
    return bool(_PEOPLE_SUBJECT.search(before) or re.search(
        r"\b(?:taken in|took in|received|hosts|hosting|registered|welcomed|sheltering)\b", before, re.I))


def _roles(text: str, places: list[Place]) -> list[tuple[Place, str]]:
    """Each place with the role its neighbours give it: origin, destination or ''."""
    out = []
    for p in places:
        if p.kind == "capital_as_government":
            out.append((p, ""))
            continue
        before = text[max(0, p.start - 40):p.start]
        if p.kind == "demonym":
            role = "origin" if re.match(r"\s+(?:refugees|nationals|citizens|asylum|people|children|women|"
                                         r"families|civilians|arrivals|evacuees|migrants)", text[p.end:p.end + 20]) \
                or p.surface.endswith("s") else ""
        elif _ORIGIN_BEFORE.search(before):
            role = "origin"
        elif _HOST_AFTER.match(text, p.end, p.end + 60) or _DEST_BEFORE.search(before):
            role = "destination"
        else:
            role = ""
        out.append((p, role))
    return out


def _pick_countries(text, n: Number, roles, region0: int, region1: int, demonym_origin: str) -> tuple[str, str]:
    origin = demonym_origin
    destination = ""
    best_after = best_before = None
    for p, role in roles:
        if role == "origin" and not origin and region0 <= p.start < region1:
            origin = p.iso3
        if p.kind == "demonym" or p.kind == "capital_as_government":
            continue
        if p.end <= n.start and p.start >= region0:
            if _ADJACENT_HOST.match(text[p.end:n.start]) and role != "origin":
                best_before = p  # "Romania 450,000", "Poland has taken in 1.5 million"
            elif role == "destination" and _HOST_AFTER.match(text, p.end, p.end + 60):
                best_before = best_before or p
        elif p.start >= n.end and p.start < region1 and role == "destination" and best_after is None:
            best_after = p  # "780,000 ... have fled to Poland"
    chosen = best_after or best_before
    if chosen is not None:
        destination = chosen.iso3
    return origin, destination


def _population(text: str, s0: int, s1: int) -> str:
    sentence = text[s0:s1]
    for pattern, name in lx.POPULATION_CUES:
        if pattern.search(sentence):
            return name
    return "refugees"


def _when(text, s0, s1, n: Number, dates: list[DateMention], origin: str, published):
    """(kind, period_start, as_of, as_of_source) for a figure."""
    period_start = None
    as_of = None
    for d in dates:
        if d.date is None or d.granularity not in ("day", "month"):
            continue
        if _SINCE.search(text, max(s0, d.start - 8), d.start):
            period_start = d.date
        elif as_of is None and d.granularity == "day" and (published is None or d.date <= published):
            as_of = d.date
    if period_start is None and lx.SINCE_CRISIS.search(text, s0, s1):
        start = lx.CRISIS_STARTS.get(origin)
        if start and (published is None or dt.date.fromisoformat(start) <= published):
            period_start = dt.date.fromisoformat(start)
    flow = bool(lx.FLOW_CUES.search(text, s0, s1))
    kind = "flow" if flow else "cumulative"
    source = "stated"
    if as_of is None:
        as_of, source = published, ("published" if published else "")
    if flow and period_start is None:
        period_start = as_of
    return kind, period_start, as_of, source


def _dedupe(figures: list[Figure]) -> list[Figure]:
    """The same figure repeated in one article (headline, bullet, body) counts once."""
    seen = set()
    out = []
    for f in figures:
        key = (f.count, f.origin_iso3, f.destination_iso3, f.population, f.as_of)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
