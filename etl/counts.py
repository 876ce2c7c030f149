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
from functools import lru_cache

from . import lexicon as lx
from . import scan
from .dates import DateMention
from .numbers import Number
from .places import Place

_WORD = re.compile(r"[A-Za-z][\w'’-]*")
# Words that may sit between a figure and its people noun: "780,000 Ukrainian refugees".
_FILLER = {"more", "new", "other", "registered", "recorded", "of", "them", "additional", "extra",
           "further", "internally", "forcibly", "newly", "vulnerable", "mostly", "mainly", "estimated",
           "displaced", "stateless", "fleeing", "young", "elderly", "unaccompanied", "or", "so", "plus",
           "ethnic", "undocumented", "documented", "foreign", "desperate", "exhausted", "traumatised",
           "traumatized", "war-weary", "first-time", "officially", "formally"}
_REGION_ADJ = r"(?:(?:north|south|east|west|central|north-east|north-west|south-east|south-west|northern|southern|eastern|western|neighbou?ring)(?:ern)?\s+)?"
_ORIGIN_BEFORE = re.compile(
    r"(?:\bfrom|\bfled|\bflee|\bflees|\bfleeing|\bleft|\bleaving|\bescaping|\bescaped|\bout of|"
    r"\bwar in|\bfighting in|\bconflict in|\bviolence in|\bcrisis in|\binvasion of|\battack on|"
    r"\bcrackdown in|\bpersecution in|"
    r"\bwar-torn|\bdisplaced (?:inside|within|in)|\bwithin|\binside|"
    r"\bfrom (?:the |crowded |refugee )?(?:camps?|settlements?) (?:in|near))\s+(?:the\s+)?" + _REGION_ADJ + "$", re.I)
# "from X", "from camps in X": the place people set out from in the movement described.
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:(?:the |crowded |refugee )?(?:camps?|settlements?) (?:in|near)\s+)?(?:the\s+)?"
                          + _REGION_ADJ + "$", re.I)
_MOVED = re.compile(r"\b(?:arriv\w+|cross\w*|came|come|sail\w*|travell?\w*|walked|landed|brought|flown|flew|"
                    r"transferred|relocated|entered|entering)\b", re.I)
_DEST_LEAD = (r"(?:\bto|\binto|\bin|\breached|\breach|\bentered|\benter|\bentering|\bfor|\btowards|"
              r"\bbound for|\bneighbou?ring|\barrived in|\barriving in|\bcrossed into|\bsheltering in|"
              r"\bacross|\bat)\s+(?:the\s+)?")
_DEST_BEFORE = re.compile(_DEST_LEAD + _REGION_ADJ + "$", re.I)
# The same before a frame: "reached the Italian island of Lampedusa", "in the border town of Adré"
# (tried only when the words before the place end in " of ").
_FRAMED_DEST_BEFORE = re.compile(
    rf"(?:{_DEST_LEAD}|\bon\s+(?:the\s+)?)(?:[\w-]+\s+){{0,2}}(?:{'|'.join(lx.PLACE_FRAMES)})\s+of\s+$", re.I)
# Verbs that make their subject the destination: "Poland has taken in", "Colombia is hosting".
HOST_VERB = (r"(?:taken in|took in|takes in|received|receives|receiving|registered|registers|recorded|records|"
             r"hosts|hosted|hosting|welcomed|welcomes|granted|grants|given|gives|accepted|accepts|shelters|"
             r"sheltered|sheltering|counted|counts|issued|absorbed|admitted|admits|resettled|has|had|have|"
             r"houses|housed|housing|is home to|opened (?:its|their) (?:doors|borders|homes) to|"
             # "remains the world's largest refugee-hosting country, with"
             r"(?:is|remains|was|became) (?:the )?(?:\w+['’]s )?(?:\w+[- ])?"
             r"(?:refugee[- ])?host(?:ing)?(?: country| nation)?,? with)")
_HOST_AFTER = re.compile(
    r"(?:['’]s)?(?:,[^,]{0,60},)?\s*(?:(?:alone|itself)\s+)?(?:,?\s*which\s+)?(?:says it\s+)?(?:has|have|had|is|are|was|now)?\s*"
    r"(?:already\s+|so far\s+|now\s+|still\s+|also\s+)?" + HOST_VERB + r"\b", re.I)
_ADJACENT_HOST = re.compile(
    r"^[\s,:;–—-]*(?:(?:has|had|have|with|hosts|hosting|took in|received|registered|recorded|"
    r"reported|counts|counted)\s+)*[\s,:–—-]*(?:(?:about|around|over|some|nearly|almost|more than|"
    r"at least|roughly|approximately|an estimated|close to|up to|fewer than|less than|just over|just under)\s+)?$", re.I)
# "The number of refugees has passed 2 million": a people noun, then a verb, then the figure.
_SUBJECT_THEN_VERB = re.compile(
    r"\b(?:refugees|people|arrivals|crossings|displaced|IDPs|asylum[- ]seekers|migrants|returnees|exodus|"
    r"number|total|tally|figure|count)\b[^.;:]{0,50}?\b(?:has|have|had|is|are|was|were|stood|stands|"
    r"reached|rose|risen|climbed|passed|surpassed|exceeded|topped|hit|grew|grown|jumped|increased|"
    r"to|at|of|by|now)\b[^.;:]{0,25}$", re.I)
# A long subject: "the number of Ukrainians who have sought refuge in Poland since the invasion topped 1.6 million".
_NUMBER_OF_REACHED = re.compile(
    r"\b(?:number|total) of\b[^.;:]{0,130}?\b(?:topped|reached|rose to|risen to|passed|surpassed|exceeded|hit|"
    r"stood at|stands at|climbed to|grew to|increased to)\s+(?:(?:about|around|over|some|nearly|almost|more than|"
    r"at least|roughly|an estimated|close to)\s+)?$", re.I)
# "Colombia is hosting almost 2.5 million"; "Poland has received the most refugees, over 1.5 million"
# (Searched on the lower-cased text, scan.Caseless: the word list under re.I costs ~17 us a search.)
_HOST_BEFORE_NUMBER = scan.fast(re.compile(
    HOST_VERB + r"(?:\s+\w+){0,4}(?:,\s*(?:over|more than|about|around|some|nearly|"
    r"almost|roughly|at least|an estimated|close to|upwards of))?\s*$", re.I))
# Where people stay on: "in the country", "in Poland", "there", "with host families".
_HOST_PLACE = (r"(?:(?:in|inside|at)\s+(?:the\s+|this\s+|that\s+|its\s+)?(?:country|countries|nation|camps?|"
               r"region|city|(?-i:[A-Z]))|here\b|there\b|abroad\b|with\s+(?:host|relatives|famil))")
# After a figure with no noun: "3.2 million have gone to Poland", a bullet's
# "4.8 million – registered for protection", "325,000 are still living in the country",
# "5.5 million are refugees in neighbouring countries".
_MOVEMENT_AFTER = re.compile(
    r"\s*(?:[–—-]+\s*|:\s*)?(?:more\s+|others?\s+)?(?:of them\s+|people\s+)?(?:have|has|had|were|are|is)?\s*"
    r"(?:now\s+|already\s+|since\s+|so far\s+|also\s+|still\s+)?"
    r"(?:been\s+)?(?:fled|fleeing|gone|left|crossed|arrived|entered|returned|come|moved|sought|"
    # "registered for/as/in ...", not "registered voters"
    r"registered(?=\s+(?:for|as|in|with|at|so far|since|by|under|this|last|on)\b|\s*[,.;]|\s*$)|"
    r"displaced|applied|found refuge|settled|made it|refugees|"
    # staying on in a host, not "remain jobless" or "remain in hospital"
    r"(?:remain(?:s|ed)?|living|staying|sheltering|live|stay)(?=\s+" + _HOST_PLACE + r"))\b"
    r"|\s*(?:[–—-]+\s*)?(?:into|to)\s+[A-Z]", re.I)
# A figure compared with an earlier one: "up from 7.7 million in mid-April".
_EARLIER_FIGURE = re.compile(r"\b(?:up|down|rising|falling|increasing|compared|compares) (?:from|with|to)\s+"
                             r"(?:\w+\s+){0,2}$", re.I)
# Between two figures: "has risen to 2.5 million from (about) 1.8 million".
_FROM_PREVIOUS = re.compile(r"\s+from\s+(?:\w+\s+){0,2}", re.I)
# ("deported" is not harm: people deported home are returnees.)
_HARM_AFTER = re.compile(r"[^.;]{0,30}?\b(?:killed|died|dead|wounded|injured|kidnapped|detained|arrested|"
                         r"executed|missing|drowned)\b", re.I)
# A movement that may yet happen: "3 million more could flee", "up to 50,000 are expected to arrive".
_PROJECTED_AFTER = re.compile(
    r"[^.;,]{0,35}?\b(?:could|may|might|would|will|is expected to|are expected to|are likely to|is likely to|"
    r"are projected to|is projected to|are set to|risk)\s+(?:\w+\s+)?(?:flee|leave|cross|arrive|come|"
    r"be (?:displaced|forced|uprooted)|need|seek|head)\b", re.I)
# "the country", "its territory": the host named elsewhere in the sentence or the dateline.
_ANAPHOR = re.compile(r"\b(?:the|this|its|our) (?:country|territory|nation)\b|\b(?:here|there)\b", re.I)
_ANAPHOR_SUBJECT = re.compile(r"\b(?:the|this) (?:country|nation|region|province|capital|city)\s+(?:\w+\s+){0,4}$",
                              re.I)
# Arriving implies a destination even when the sentence does not name it.
_ARRIVAL = scan.fast(re.compile(r"\b(?:arriv\w+|live|living|staying|sheltering|settled|registered)\b", re.I))
# "WARSAW, March 8 (Wire) - ...", "TER APEL, Netherlands - ...": where the story was filed.
_DATELINE = re.compile(r"^[A-Z][A-Z'’. -]{2,40}(?:,[^\n–—-]{0,40})?\s+[-–—]\s")
_OF_THEM = re.compile(r"\s+of (?:them|those|these|whom)\b", re.I)
_INCLUDING = re.compile(r"\b(?:including|of whom|of them|among them)\s+(?:\w+\s+){0,2}$", re.I)
# Words after a demonym that make it a government or officials, not people on the move.
_NOT_PEOPLE_AFTER_DEMONYM = re.compile(r"\s+(?:(?-i:[A-Z])|officials|authorities|government|leaders?|troops|forces|"
                                       r"soldiers|police|border guards?|ministry|army|side|counterparts?)", re.I)
_OR_MORE = re.compile(r"\s*(?:or|and) (?:more|above)\b", re.I)
_SINCE = re.compile(r"\b(?:since|from)\s*$", re.I)
# The date of the event a period starts with: "since fighting broke out on April 15",
# "since Putin announced a mobilisation on Sept. 21" (no comma or new clause in between).
_SINCE_CLAUSE = re.compile(r"\bsince\s(?:(?!\b(?:and|but|said|says|told|while)\b)[^,;:]){0,80}$", re.I)
_CROSSING = scan.fast(re.compile(r"\b(?:cross(?:ed|ing|ings)?|entered|entering|entries|entry)\b", re.I))
# Plural demonyms that take no -s ("780,000 Sudanese").
_INVARIANT_DEMONYMS = {"chinese", "sudanese", "congolese", "lebanese", "rohingya", "burmese", "vietnamese",
                       "japanese", "senegalese", "swiss", "thai", "south sudanese", "kyrgyz", "dutch",
                       "irish", "british", "french", "nepalese", "portuguese"}


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
    world: bool = False  # a total over every country of the world (flagged: no one crisis's figure)


_QUALIFIER_CODES = dict(lx.QUALIFIERS)
_QUALIFIER_BEFORE = re.compile(
    r"\b(" + "|".join(re.escape(p) for p, _ in sorted(lx.QUALIFIERS, key=lambda q: -len(q[0]))) + r")\s*$")


def qualifier_before(text: str, start: int) -> tuple[str, int]:
    """(qualifier code, start offset of the phrase) for words right before a number."""
    window = text[max(0, start - 30):start].lower()
    m = _QUALIFIER_BEFORE.search(window)
    if m:
        return _QUALIFIER_CODES[m.group(1)], start - (len(window) - m.start())
    words = window.split()
    if words and words[-1] in lx.VERB_QUALIFIERS:
        return lx.VERB_QUALIFIERS[words[-1]], start
    return "exact", start


_STAFF_MODIFIERS = {"border", "aid", "security", "medical", "health", "coast", "police", "relief", "rescue"}


def _people_after(text: str, end: int, limit: int, places_by_start: dict[int, Place]) -> tuple[bool, bool, str]:
    """(is people, is not-people, origin by demonym) from the words following a number."""
    origin = ""
    inside = end  # the end of a multi-word demonym being read ("South Sudanese")
    for i, m in enumerate(_WORD.finditer(text, end, min(limit, end + 60))):
        if m.start() < inside:
            continue
        word = m.group()
        low = word.lower().rstrip("'’")
        place = places_by_start.get(m.start())
        if place is not None and place.kind == "demonym":
            origin, inside = place.iso3, place.end
            low = place.surface.lower()
            if low.endswith("s") or low in _INVARIANT_DEMONYMS:
                return True, False, origin  # "780,000 Ukrainians", "4,000 South Sudanese"
            continue  # "780,000 Ukrainian refugees"
        if (low in lx.PEOPLE_NOUNS or low.startswith("asylum")) and not word[0].isupper():
            return True, False, origin  # lower case: "1951 Refugee Convention" is a name
        if low in lx.NON_FIGURE_NOUNS:
            return False, True, origin
        if low in _STAFF_MODIFIERS and i < 3:
            continue  # "1,500 more border guards", "200 aid workers": the noun after decides
        if low not in _FILLER or i > 4:
            return False, False, origin
    return False, False, origin


def _roles_of(cache: dict[int, list[tuple[Place, str]]], text: str, places: dict[int, list[Place]],
              i: int) -> list[tuple[Place, str]]:
    found = cache.get(i)
    if found is None:
        found = cache[i] = _roles(text, places.get(i, []))
    return found


def _moves(cache: dict[int, bool], text: str, sentences: list[tuple[int, int]], i: int) -> bool:
    found = cache.get(i)
    if found is None:
        found = cache[i] = _sentence_has(lx.MOVEMENT_CUES, text, *sentences[i])
    return found


def extract_figures(text: str, sentences: list[tuple[int, int]], numbers: dict[int, list[Number]],
                    places: dict[int, list[Place]], dates: dict[int, list[DateMention]],
                    published: dt.date | None) -> list[Figure]:
    """Refugee figures in the article. The per-sentence inputs are keyed by sentence index."""
    # Per-sentence answers asked for again and again (not closures: compiled, their shared
    # environment would form a reference cycle that only the garbage collector frees).
    roles: dict[int, list[tuple[Place, str]]] = {}
    movement: dict[int, bool] = {}

    article_origin: str | None = None
    figures: list[Figure] = []
    for si, (s0, s1) in enumerate(sentences):
        sentence_dates = dates.get(si, [])
        # Numbers that can never be figures (dates, money, percentages, populations) are
        # dropped first, so they do not cut the sentence into stretches.
        nums = [n for n in numbers.get(si, []) if not any(d.start <= n.start < d.end for d in sentence_dates)
                and not _never_a_figure(text, s0, n)]
        if not nums:
            continue
        # A sentence with no movement word may still say how many of the people counted
        # before stay on: "About 80,000 remain in the country." Only such figures are read.
        staying_only = not _moves(movement, text, sentences, si)
        if staying_only and not figures:
            continue
        by_start = {p.start: p for p in places.get(si, [])}
        sentence_figures: list[Figure] = []
        for k, n in enumerate(nums):
            region0 = nums[k - 1].end if k else s0
            region1 = nums[k + 1].start if k + 1 < len(nums) else s1
            if staying_only and not _STAYING_AFTER.match(text, n.end, region1):
                continue
            found = _figure_at(text, s0, s1, n, region0, region1, by_start, _roles_of(roles, text, places, si),
                               sentence_figures, story_has_figures=bool(figures))
            if found is None:
                continue
            qualifier, q_start, origin, destination, population = found
            previous = sentence_figures or figures
            # "forced from their homes worldwide has topped 100 million": every origin, so none
            # is borrowed from the story (a stated one, "3.6 million Syrians", still stands).
            worldwide = origin in ("", NO_ORIGIN) and _world_total(text, region0, n, region1)
            if worldwide:
                origin = NO_ORIGIN
            if origin == NO_ORIGIN:
                origin = ""  # several origins, or a country's intake of all nationalities
            elif not origin and k + 1 < len(nums) and _INCLUDING.search(text, n.end, nums[k + 1].start) \
                    and _people_after(text, nums[k + 1].end, nums[k + 2].start if k + 2 < len(nums) else s1,
                                      by_start)[2]:
                origin = ""  # "hosts 1.6 million refugees, including 500,000 Congolese": of every nationality
            elif not origin:
                # The country the story's people fled: that of the figure just before when this
                # one names no people ("Lebanon shelters about 1.5 million"), else the article's.
                if previous and not _people_after(text, n.end, region1, by_start)[0]:
                    fled, returning = previous[-1].origin_iso3, previous[-1].population == "returnees"
                else:
                    if article_origin is None:
                        article_origin = _main_origin([
                            r for i, (a, b) in enumerate(sentences) if places.get(i)
                            # cheap tests first
                            and _moves(movement, text, sentences, i) and _sentence_has(_PEOPLE_MOVING, text, a, b)
                            and any(role == "origin" for _, role in _roles_of(roles, text, places, i))
                            # "returned from Pakistan": the host they leave, not where the story's people fled
                            and _sentence_population(text, a, b) != "returnees" for r in _roles_of(roles, text, places, i)])
                        # "... have fled the country" in a story about something else: the country
                        # the article places the war or the fleeing in, wherever it says so.
                        article_origin = article_origin or _main_origin(
                            [(p, "origin") for i in range(len(sentences)) for p in places.get(i, [])
                             if p.kind in ("name", "city") and _WAR_BEFORE.search(text, max(0, p.start - 30), p.start)])
                    fled, returning = article_origin, False
                    if not fled and _FLEEING_WAR.search(text, n.end, region1):
                        # "2 million people fleeing the war": the war the article is about, the
                        # country it names most (besides the host).
                        fled = _most_named(places, exclude=destination)
                if population == "returnees" and not returning and not destination:
                    destination = fled  # "4.6 million had returned home": back to the country they fled
                elif fled != destination:
                    origin = fled  # "45,000 South Sudanese returnees": back from the story's country
            no_destination = destination == NO_DESTINATION
            if no_destination:
                destination = ""
            near = min(region1, n.end + 50)
            # "In total the region has registered 1 million": a total of one host named before,
            # not one across countries.
            if not destination and not worldwide and not no_destination and population != "internally_displaced" and (
                    _anaphor_subject(text, region0, n.start) or not _is_total(text, region0, n, region1) and (
                    _destination_anaphor(text, n.end, region1)
                    or _CROSSING.search(text, n.end, near) or _ARRIVAL.search(text, n.end, near)
                    or population == "returnees")):
                earlier = [_roles_of(roles, text, places, j) for j in range(si - 1, max(-1, si - 4), -1)]
                destination = _context_country(text, _roles_of(roles, text, places, si), origin, earlier, n.end)
            if population == "internally_displaced":
                destination = ""
            if destination == origin:
                destination = ""
            kind, period_start, as_of, as_of_source = _when(text, s0, s1, n, sentence_dates, origin, published,
                                                            (region0, region1))
            if as_of_source != "stated" and previous and _SAME_DATE.search(text, s0, s1):
                as_of, as_of_source = previous[-1].as_of, previous[-1].as_of_source  # "By the same date"
            same = _SAME_PERIOD.search(text, n.end, region1) if sentence_figures else None
            if same is not None and sentence_figures[-1].kind == "flow" and sentence_figures[-1].period_start:
                # "41,000 arrived in the first eight months of 2023, up from 12,700 in the same period
                # last year": the earlier figure's stretch, a year (or to the year named) back
                kind, period_start, as_of, as_of_source = _same_period(sentence_figures[-1], same)
            span_start = min(q_start, n.start)
            figure = Figure(span_start, n.end, text[span_start:n.end], n.value, qualifier, n.low, n.high,
                            origin, destination, population, kind, period_start, as_of, as_of_source,
                            world=worldwide and not origin and not destination)
            sentence_figures.append(figure)
        figures += sentence_figures
    return _dedupe(figures)


_SAME_PERIOD = re.compile(r"\b(?:in|over|during|for) the same (?:period|months?|weeks?|time) (?:of |in )?"
                          r"(?:(?P<back>last year|the previous year|a year (?:earlier|ago|before))|(?P<year>(?:19|20)\d\d))",
                          re.I)


def _same_period(later: Figure, m: re.Match) -> tuple[str, dt.date | None, dt.date | None, str]:
    """(kind, period_start, as_of, as_of_source) of the stretch `later` covers, moved back a year
    or to the year `m` names."""
    assert later.period_start is not None and later.as_of is not None
    years = 1 if m.group("back") else later.as_of.year - int(m.group("year"))

    def back(d: dt.date) -> dt.date:  # a month's last day stays its last day (28 or 29 February)
        first = dt.date(d.year - years, d.month, 1)
        return _period_end(first, "month") if d == _period_end(d.replace(day=1), "month") else first.replace(day=d.day)
    return "flow", back(later.period_start), back(later.as_of), "stated"


# Between a leading day and its figure: "On Tuesday, some 90,000 ..."
_LEADING_DAY_GAP = re.compile(r"[ ,]*(?:(?:some|about|around|nearly|almost|more than|over|roughly|at least|"
                              r"an estimated|another|a further|up to)\s+)?")
# A country as the place of a war (not "arrived from Ankara"): "the war in Ukraine".
_WAR_BEFORE = re.compile(r"\b(?:war|fighting|conflict|violence|crisis|destruction|invasion|attacks?|bombing|shelling)"
                         r"\s+(?:in|of|on|against|across)\s+(?:the\s+)?$", re.I)
_WORLDWIDE = re.compile(r"\b(?:worldwide|world-wide|around the world|across the world|globally|"
                        r"in the world|the world over)\b", re.I)
# Words that put a sentence's bare numbers ("45,000 arrived") among people forced to move.
_DISPLACEMENT_WORD = re.compile(
    r"\b(?:refugees?|fled|flee\w*|displace\w*|asylum|migrants?|evacu\w+|exodus|returnees?|deport\w*|"
    r"repatriat\w+|resettle\w*|uprooted|escap\w+|border|crossings?|crossed|humanitarian|UNHCR|IOM)\b", re.I)
_PEOPLE_NOUN_AFTER = re.compile(r"\s+(?:people|refugees|migrants|persons)\b")


_NON_FIGURE_BEFORE = scan.fast(lx.NON_FIGURE_BEFORE)


def _never_a_figure(text: str, s0: int, n: Number) -> bool:
    """Percentages, money, populations of countries, plans and bare years."""
    if n.is_percent or (n.is_year and not _PEOPLE_NOUN_AFTER.match(text, n.end, n.end + 20)):
        return True
    return bool(lx.CURRENCY_BEFORE.search(text, max(s0, n.start - 5), n.start)
                or _NON_FIGURE_BEFORE.search(text, max(s0, n.start - 40), n.start))


def _figure_at(text, s0, s1, n: Number, region0, region1, by_start, roles, earlier: list[Figure],
               story_has_figures: bool = False):
    """(qualifier, qualifier start, origin, destination, population) if `n` is a refugee figure."""
    is_people, not_people, demonym_origin = _people_after(text, n.end, region1, by_start)
    if _OF_THEM.match(text, n.end, region1):
        is_people = True  # "1,100 of them have settled in Texas"
    elif not demonym_origin and _OF_ITS.match(text, n.end, region1):
        is_people = True  # "6.3 million of its citizens": the country named before the figure
        demonym_origin = next((p.iso3 for p, _ in reversed(roles) if p.end <= n.start and p.start >= s0
                               and p.kind != "demonym"), "")
    if not is_people and text.rfind(":", max(s0, n.start - 30), n.start) != -1 \
            and _LABEL_BEFORE.search(text, max(s0, n.start - 90), n.start):
        is_people = True  # "Internally displaced within Ukraine: 5.9 million": a fact box's label
    if not_people or _HARM_AFTER.match(text, n.end, min(s1, n.end + 60)) \
            or _PROJECTED_AFTER.match(text, n.end, min(region1, n.end + 60)):
        return None
    before = text[max(region0, n.start - 90):n.start]
    host_before = _host_subject(text, n, roles, s0)
    comparison = earlier and (_EARLIER_FIGURE.search(before) or _INCLUDING.search(before)
                              or _OF_THEM.match(text, n.end, region1)
                              or _FROM_PREVIOUS.fullmatch(text, region0, n.start))  # "2.5 million from 1.8 million"
    if not is_people and not (
            _MOVEMENT_AFTER.match(text, n.end, region1) or _SUBJECT_THEN_VERB.search(before)
            or _NUMBER_OF_REACHED.search(text, max(region0, n.start - 160), n.start)
            or host_before is not None or comparison or _adjacent_place(text, n, roles, region0) is not None):
        return None
    if not is_people and n.value < 100 and not comparison:
        return None  # "Henderson, 44": small bare numbers are ages, counts of things
    if not is_people and not (earlier or story_has_figures or roles) and not _DISPLACEMENT_WORD.search(text, s0, s1):
        return None  # "45,000 arrived at the stadium": no country, no one displaced, no figure before
    qualifier, q_start = qualifier_before(text, n.start)
    if qualifier == "exact" and _OR_MORE.match(text, n.end, s1):
        qualifier = "at_least"
    population = _population(text, region0, n, region1)
    intake = _INTAKE.search(text, region0, region1)
    if comparison:  # "up from 7.7 million", "including about 500,000 Congolese", "590,000 to Chad"
        prev = earlier[-1]
        own_origin, own_destination = _pick_countries(text, n, roles, n.start, region1, demonym_origin, None)
        # "... have fled Ukraine, and Poland has taken in some 2.2 million of them": the host before it
        host = host_before.iso3 if host_before is not None else ""
        # "... and the agency puts the total at 2.3 million": across all hosts, not the one before
        inherited = "" if _is_total(text, region0, n, region1) else prev.destination_iso3
        # "191,000 crossed ..., of whom 4,000 applied for asylum": some of the same people, now
        # asylum seekers (whose nationality the country crossed from does not tell)
        subset = bool(_INCLUDING.search(before) or _OF_THEM.match(text, n.end, region1))
        return (qualifier, q_start, own_origin or (NO_ORIGIN if intake else prev.origin_iso3),
                own_destination or host or inherited, "refugees" if subset and intake else prev.population)
    origin, destination = _pick_countries(text, n, roles, region0, region1, demonym_origin, host_before)
    if not demonym_origin and _world_total(text, region0, n, region1):
        # "forcibly displaced worldwide rose to 110 million, driven by the war in Sudan": every
        # country (but "6 million refugees from Ukraine are recorded worldwide" keeps its origin)
        stated = any(p.iso3 == origin and _FROM_JUST_BEFORE.search(text, max(region0, p.start - 12), p.start)
                     for p, _ in roles)
        origin, destination = (origin if stated else NO_ORIGIN), NO_DESTINATION
    if destination and _SHARE_OF_BEFORE.search(text, max(region0, n.start - 30), n.start):
        # "40 percent of the 2.6 million Afghan refugees live in Iran": Iran is the share's host
        place = next((p for p, _ in roles if p.iso3 == destination and p.start >= n.end), None)
        if place is not None and _STAY_VERB.search(text, n.end, place.start):
            destination = NO_DESTINATION
    if origin and not demonym_origin and _several_origins(text, n, roles, region0, region1):
        origin = NO_ORIGIN  # "from Syria and Iraq", "most of them from the Central African Republic and Congo"
    if population == "refugees" and _DISPLACED.search(text, region0, region1) \
            and not _sentence_has(_LEFT_THE_COUNTRY, text, s0, s1):
        population = "internally_displaced"  # "Inside Congo, 6.9 million people are displaced"
    if population == "internally_displaced" and not origin:
        origin = _displaced_in(roles, region0, region1)
    if origin and origin == destination and demonym_origin == origin:
        # "ethnic Armenians have fled ... for Armenia": the stated destination stands.
        origin = next((p.iso3 for p, r in roles if r == "origin" and p.iso3 != destination), "")
    if population == "returnees" and host_before is not None and _SENDING_BACK.search(text, host_before.end, n.start):
        # "Pakistan has deported 500,000 Afghans": the subject is the country they leave
        # (their home, if no nationality is given, is unknown: not one taken from context)
        origin, destination = host_before.iso3, (demonym_origin if demonym_origin not in ("", host_before.iso3)
                                                 else NO_DESTINATION)
    elif population == "returnees":
        origin, destination = _returnee_countries(text, n, roles, region0, region1, demonym_origin, origin, destination)
        if not destination and _EXPULSION.search(text, region0, min(region1, n.end + 40)):
            destination = NO_DESTINATION  # "it had expelled 600 people": their homes are not said
    elif not origin and intake:
        origin = NO_ORIGIN  # "230,000 people applied for asylum in Germany": every nationality
    return qualifier, q_start, origin, destination, population


_SHARE_OF_BEFORE = re.compile(r"\b(?:percent|per cent|%|half|a third|a quarter|two-thirds|three-quarters|most|"
                              r"the majority|many|one in \w+)\s+of\s+(?:the\s+|these\s+|those\s+)?$", re.I)
_STAY_VERB = re.compile(r"\b(?:live|lives|living|are|were|stay\w*|settled|remain\w*|reside\w*|went|have gone)\b",
                        re.I)


def _world_total(text: str, region0: int, n: Number, region1: int) -> bool:
    """'worldwide', 'around the world' with the figure (but "one of the highest totals in the
    world" compares; it counts no one)."""
    world = _WORLDWIDE.search(text, region0, min(region1, n.end + 45))
    return world is not None and not _SUPERLATIVE_BEFORE.search(text, max(region0, world.start() - 40), world.start())


_FROM_JUST_BEFORE = re.compile(r"\b(?:from|fled|fleeing|left|leaving)\s+(?:the\s+)?$", re.I)


def _several_origins(text: str, n: Number, roles, region0: int, region1: int) -> bool:
    """Several countries left, named together ('from Syria and Iraq', 'from Syria, Iraq or
    Yemen'), or a breakdown after the figure ('most of them from A and B')."""
    m = _MOSTLY_FROM.search(text, n.end, region1)
    if m:
        named = {p.iso3 for p, _ in roles if m.end() <= p.start < region1
                 and p.kind not in ("demonym", "capital_as_government")}
        return len(named) > 1
    prev = None
    for p, role in roles:
        if role == "origin" and region0 <= p.start < region1 and p.kind not in ("demonym", "capital_as_government"):
            if prev is not None and prev.iso3 != p.iso3 and (
                    _LIST_AND.fullmatch(text, prev.end, p.start) or _LIST_COMMA.fullmatch(text, prev.end, p.start)):
                return True
            prev = p
    return False


def _displaced_in(roles, region0: int, region1: int) -> str:
    """The country internally displaced people are in: one named in the figure's stretch,
    'inside/within X' first, then 'in X', then any other ('Floods covered a third of Pakistan')."""
    stretch = [(p, r) for p, r in roles if region0 <= p.start < region1
               and p.kind not in ("demonym", "capital_as_government")]
    for wanted in ("origin", "destination", ""):
        for p, r in stretch:
            if r == wanted:
                return p.iso3
    return ""


_SENDING_BACK = re.compile(r"\b(?:deport\w*|expel\w*|returned|repatriated|sent back|sent home|forced back)\b", re.I)


def _returnee_countries(text, n: Number, roles, region0, region1, demonym_origin, origin, destination):
    """(origin, destination) of returnees: from the host they leave back home. Home is the
    stated destination or their nationality; the host is the place they return from, else
    the country that reports them ("Jordan said 18,000 Syrians had crossed home")."""
    stretch = [(p, r) for p, r in roles if region0 <= p.start < region1 and p.kind != "capital_as_government"]
    home = destination or demonym_origin or next(
        (p.iso3 for p, r in stretch if p.kind == "demonym" and r == "origin"), "")
    left = [p for p, r in stretch if r == "origin" and p.kind != "demonym" and p.iso3 != home]
    if left:
        origin = NO_ORIGIN if _in_list(text, left[0], [p for p, _ in roles]) else left[0].iso3
    elif origin == home or not home:
        origin = next((p.iso3 for p, r in stretch if not r and p.end <= n.start and p.kind != "demonym"
                       and p.iso3 != home), "")
    return origin, home


# Between a figure and a place: the place belongs to an attribution, not the movement.
_ATTRIBUTION = re.compile(r"\b(?:according to|said|says|told|reported|announced|released|published)\b", re.I)
_CLAUSE_BREAK = scan.fast(re.compile(r"[;]|,\s+(?:and|but|while|whereas)\b|\band (?:the|that)\b|"
                                     r"\b(?:but|while|whereas|although|though)\b", re.I))
# Words that make a figure a running total even when a day is named.
_CUMULATIVE = re.compile(r"\b(?:since|so far|in total|total|to date|altogether|have|has|had|now|already)\b", re.I)
# A sentence about people on the move rather than an official's trip ("arrived from Ankara").
_PEOPLE_MOVING = re.compile(r"\b(?:refugees?|people|civilians|families|children|women|migrants|asylum|"
                            r"displaced|residents|exodus|[A-Z][a-z]+(?:ans|ians|ese|is))\b")
_LEAVING_BEFORE = re.compile(r"\b(?:fled|left|leaving|leave|flee|fleeing|escaped|escaping|out of|from)\s+$", re.I)
# A figure dated by the one before it: "By the same date, 4.6 million had returned".
_SAME_DATE = re.compile(r"\b(?:by|as of|on|at|until|up to) the same (?:date|day)\b", re.I)
# Returned as an origin when the figure has none of its own and must not take one from
# elsewhere in the article; extract_figures turns it into "".
NO_ORIGIN = "-"
# Returned as a destination when the figure has none of its own and must not take one from
# context either: spread over several hosts, a world total, deportees whose home is not said.
NO_DESTINATION = "*"
# A country's intake of every nationality: asylum claims, resettlement admissions.
_INTAKE = scan.fast(re.compile(r"\basylum\b|\badmitted\b|\badmissions?\b|\bresettle(?:d|ment)\b", re.I))
# "from Iran and Pakistan", "from Syria, Iraq or Yemen": countries named as a list.
_LIST_AND = re.compile(r",?\s+(?:and|or|as well as)\s+(?:from\s+)?(?:the\s+)?", re.I)
_LIST_COMMA = re.compile(r",\s+(?:from\s+)?(?:the\s+)?", re.I)
# Clause breaks inside a figure's stretch: ", and", "and", "but", "while", ";".
_POPULATION_BREAK = re.compile(r";|\b(?:and|but|while|whereas)\b", re.I)
# "Floods displaced 8 million people": displaced, and no sign that anyone left the country.
_DISPLACED = re.compile(r"\bdisplac(?:ed|ing|ement)\b", re.I)
_LEFT_THE_COUNTRY = re.compile(
    r"\b(?:fle[de]\w*|flight|cross\w*|arriv\w+|abroad|refugees?|asylum|into|outside|neighbou?ring|"
    r"other countries|refuge|host\w*|liv(?:e|es|ing)|shelter\w*|taken in|took in|received|registered|"
    r"return\w*|exodus|escap\w+|left|border|forcibly displaced)\b", re.I)
# A breakdown of a figure by origin: "most of them from", "mainly from".
_MOSTLY_FROM = re.compile(r"\b(?:(?:most|many|the majority|half|some|a third|two-thirds) of (?:them|whom)"
                          r"(?: (?:are|were|come|came))?|mostly|mainly|largely|primarily|chiefly|predominantly) "
                          r"from\b", re.I)
# "6.3 million of its citizens": people of the country "its" stands for.
_OF_ITS = re.compile(r"\s+of (?:its|their|the country['’]s) (?:own )?(?:citizens|nationals|people|population)\b", re.I)
# A figure of people staying on in a host: "About 80,000 remain in the country".
_STAYING_AFTER = re.compile(
    r"\s*(?:of them\s+)?(?:people\s+|refugees\s+)?(?:are\s+|were\s+|have\s+)?(?:still\s+)?"
    r"(?:(?:remain(?:s|ed)?|living|staying|sheltering|live|stay|stayed)\s+" + _HOST_PLACE + r"|(?<=still )(?:here|there)\b)",
    re.I)
_TOTAL_BEFORE = re.compile(r"\b(?:total|overall|altogether|in all|across (?:Europe|the region|the world|borders|"
                           r"the (?:EU|European Union|continent|bloc))|"
                           r"(?:into|to|in) (?:the |other )?neighbou?ring (?:states|countries|nations))\b", re.I)


def _in_list(text: str, p: Place, places: list[Place]) -> bool:
    """Whether `p` is one of several countries named together ('from Iran and Pakistan')."""
    def joined(a: Place, pattern) -> Place | None:
        return next((q for q in places if q.start > a.end and q.iso3 != a.iso3 and q.kind != "demonym"
                     and pattern.fullmatch(text, a.end, q.start)), None)
    if joined(p, _LIST_AND) or any(joined(q, _LIST_AND) is p for q in places if q.end <= p.start):
        return True
    nxt = joined(p, _LIST_COMMA)  # "Syria, Iraq and Yemen": a comma list must end in "and"
    return nxt is not None and joined(nxt, _LIST_AND) is not None


def _anaphor_subject(text: str, start: int, end: int) -> bool:
    """'the country has registered 1 million' - but not 'who have fled the country at 2.3 million'."""
    m = _ANAPHOR_SUBJECT.search(text, start, end)
    return m is not None and not _LEAVING_BEFORE.search(text, max(start, m.start() - 20), m.start()) \
        and not _PREPOSITION_BEFORE.search(text, max(start, m.start() - 12), m.start())


_PREPOSITION_BEFORE = re.compile(r"\b(?:inside|within|in|across|throughout|of|around)\s+$", re.I)


def _destination_anaphor(text: str, start: int, end: int) -> bool:
    """'entered the country', 'live there' - but not 'fled the country', which is the origin."""
    for m in _ANAPHOR.finditer(text, start, end):
        if not _LEAVING_BEFORE.search(text, max(start, m.start() - 20), m.start()):
            return True
    return False


def _is_total(text: str, region0: int, n: Number, region1: int) -> bool:
    """'the total who have fled ... at 2.3 million', 'in total', 'across Europe': all countries."""
    return bool(_TOTAL_BEFORE.search(text, max(region0, n.start - 80), min(region1, n.end + 60)))


def _context_country(text: str, roles, origin: str, earlier_roles: list, figure_end: int) -> str:
    """The country 'the country' refers to: another country in the sentence, else the
    dateline's, else the last one named in the sentences just before. A nationality after
    the figure names people ('including 500,000 Congolese', 'with Moldovan families')."""
    for p, role in roles:
        if p.iso3 != origin and role != "origin" and p.kind != "capital_as_government" \
                and not (p.kind == "demonym" and p.start >= figure_end
                         and not _NOT_PEOPLE_AFTER_DEMONYM.match(text, p.end, p.end + 25)):
            return p.iso3
    m = _DATELINE.match(text)
    if m:
        from .places import find_places
        for p in find_places(text, 0, m.end()):
            if p.iso3 != origin:
                return p.iso3
    for sentence_roles in earlier_roles:
        for p, role in reversed(sentence_roles):
            if p.iso3 != origin and role != "origin" and p.kind not in ("demonym", "capital_as_government"):
                return p.iso3
    return ""


def _host_subject(text: str, n: Number, roles: list[tuple[Place, str]], s0: int) -> Place | None:
    """'Colombia is hosting almost 2.5 million', 'Lebanon, which says it shelters about 1.5 million'."""
    m = _HOST_BEFORE_NUMBER.search(text, max(s0, n.start - 60), n.start)
    if not m:
        return None
    candidates = [p for p, role in roles if p.end <= m.start() and role != "origin"
                  and p.kind not in ("demonym", "capital_as_government")]
    for p in reversed(candidates):
        hm = _HOST_AFTER.match(text, p.end, m.end())
        if hm and hm.end() > m.start():  # its verb is the one before the figure, not an earlier one
            return p
    return None


def _adjacent_place(text, n: Number, roles, region0) -> Place | None:
    """'Romania 450,000', 'Hungary more than 580,000' in a list of countries and figures."""
    for p, role in reversed(roles):
        if p.end <= n.start and p.start >= region0 and p.kind not in ("demonym", "capital_as_government"):
            if role != "origin" and _ADJACENT_HOST.match(text[p.end:n.start]):
                return p
            return None
    return None


_FLEEING_WAR = re.compile(r"\b(?:fle\w*|escap\w+)\s+(?:the\s+)?(?:war|fighting|conflict|invasion|violence)\b", re.I)


def _most_named(places: dict[int, list[Place]], exclude: str) -> str:
    """The country an article names most often (by name or demonym: cities are where the
    officials go), if one leads."""
    counts = Counter(p.iso3 for ps in places.values() for p in ps
                     if p.iso3 and p.iso3 != exclude and p.kind in ("name", "demonym"))
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return ""
    return top[0][0]


def _main_origin(roles) -> str:
    """The article's one origin, when it has one: '2 million have now left the country'."""
    counts = Counter(p.iso3 for p, r in roles if r == "origin")
    if not counts:
        return ""
    (top, n), total = counts.most_common(1)[0], sum(counts.values())
    return top if n * 3 >= total * 2 else ""


_PEOPLE_AFTER_DEMONYM = re.compile(r"\s+(?:refugees|nationals|citizens|asylum[- ]seek|people|children|women|"
                                   r"families|civilians|arrivals|evacuees|migrants|men|returnees)")


# "staying with Polish families", "hosted by Moldovan households".
_HOSTS_AFTER_DEMONYM = re.compile(r"\s+(?:host\s+)?(?:famil(?:y|ies)|households?|hosts|communities|volunteers)\b", re.I)
_WITH_BEFORE = re.compile(r"\b(?:with|by|among|alongside)\s+$", re.I)


# "Venezuela's exodus", "Sudan's refugee exodus": the country people leave.
_EXODUS_AFTER = re.compile(r"['’]s\s+(?:\w+\s+)?exodus\b", re.I)


def _roles(text: str, places: list[Place]) -> list[tuple[Place, str]]:
    """Each place with the role its neighbours give it: origin, destination or ''."""
    out: list[tuple[Place, str]] = []
    for i, p in enumerate(places):
        if p.kind == "capital_as_government":
            out.append((p, ""))
            continue
        before = text[max(0, p.start - 40):p.start]
        if p.kind == "demonym":
            after = text[p.end:p.end + 25]
            if _HOSTS_AFTER_DEMONYM.match(after) and _WITH_BEFORE.search(before):
                role = ""  # "living with Moldovan families": the hosts, not the people who came
            elif before.lower().endswith("ethnic "):
                role = ""  # "ethnic Armenians have fled Nagorno-Karabakh": a people, not a country left
            elif _PEOPLE_AFTER_DEMONYM.match(after) or before.lower().endswith(("number of ", "total of ",
                                                                                 "exodus of ", "influx of ")):
                role = "origin"  # "Ukrainian refugees", "the number of Sudanese", "the exodus of Rohingya"
            elif p.surface.endswith("s") and not _NOT_PEOPLE_AFTER_DEMONYM.match(after):
                role = "origin"  # "780,000 Ukrainians have fled"
            else:
                role = ""
        elif _ORIGIN_BEFORE.search(before) or _EXODUS_AFTER.match(text, p.end, p.end + 30):
            role = "origin"
        elif _DEST_BEFORE.search(before) or _HOST_AFTER.match(text, p.end, p.end + 60) \
                or before.endswith(" of ") and _FRAMED_DEST_BEFORE.search(before):
            role = "destination"
        elif out and out[-1][1] == "origin" and out[-1][0].kind != "demonym" \
                and not text.startswith(("'s", "’s"), p.end) and (
                    _LIST_AND.fullmatch(text, out[-1][0].end, p.start)
                    # a comma list must go on to end in "and"/"or": "from Syria, Iraq or Yemen"
                    or i + 1 < len(places) and _LIST_COMMA.fullmatch(text, out[-1][0].end, p.start)
                    and _LIST_AND.fullmatch(text, p.end, places[i + 1].start)):
            role = "origin"  # "from Syria and Iraq": all are origins (not "Ukraine and Russia's army")
        else:
            role = ""
        out.append((p, role))
    return out


def _pick_countries(text, n: Number, roles, region0: int, region1: int, demonym_origin: str,
                    host_before: Place | None) -> tuple[str, str]:
    origin = demonym_origin
    if origin:
        # "1,500 Rohingya have arrived in Indonesia from camps in Bangladesh": the country they
        # set out from in this movement, not their nationality.
        for p, role in roles:
            if role == "origin" and n.end <= p.start < region1 and p.iso3 != origin and p.kind != "demonym" \
                    and "," not in text[n.end:p.start] and _FROM_BEFORE.search(text, max(n.end, p.start - 45), p.start) \
                    and _MOVED.search(text, n.end, p.start):
                origin = p.iso3
                break
    best_after = None
    for p, role in roles:
        if role == "origin" and not origin and region0 <= p.start < region1:
            origin = p.iso3
        if p.kind in ("demonym", "capital_as_government"):
            continue
        if n.end <= p.start < region1 and role == "destination" and best_after is None \
                and not _ATTRIBUTION.search(text, n.end, p.start) and not _CLAUSE_BREAK.search(text, n.end, p.start):
            best_after = p  # "780,000 ... have fled to Poland"
    if best_after is None and not origin:
        # An origin named after the figure: "110,000 people who fled Ukraine".
        for p, role in roles:
            if n.end <= p.start < region1 and role == "origin":
                origin = p.iso3
                break
    if best_after is not None and _in_list(text, best_after, [p for p, r in roles if r != "origin"]):
        return origin, NO_DESTINATION  # "mostly in Turkey, Lebanon and Jordan": no one of them
    chosen = best_after or _adjacent_place(text, n, roles, region0) or host_before
    hosts = [p for p, r in roles if r != "origin"]
    if chosen is not None and chosen is host_before and _in_list(text, host_before, hosts):
        return origin, NO_DESTINATION  # "Romania, Moldova and Hungary have received 1.2 million"
    if chosen is None:
        # "Across the border in Slovakia, roughly 150,000 people had arrived": a destination
        # named earlier in the figure's own stretch of the sentence.
        before = [p for p, role in roles if role == "destination" and region0 <= p.start < n.start
                  and p.kind not in ("demonym", "capital_as_government")
                  and not _CLAUSE_BREAK.search(text, p.end, n.start)
                  and not _ATTRIBUTION.search(text, max(region0, p.start - 30), p.start)]  # "told reporters in Moscow"
        chosen = before[-1] if before else None
        if chosen is not None and _in_list(text, chosen, hosts):
            return origin, NO_DESTINATION  # "Kenya, Uganda and Ethiopia have between them taken in"
    return origin, (chosen.iso3 if chosen else "")


def _clause_start(text: str, region0: int, n: Number) -> int:
    """Where the figure's own clause begins: after the last ', and' / 'and' / ';' before it,
    so "8 million were refugees and 12 million were internally displaced" splits in two."""
    start = region0
    for m in _POPULATION_BREAK.finditer(text, max(region0, n.start - 120), n.start):
        start = m.end()
    return start


_POPULATION_CUES = [(scan.fast(p), name) for p, name in lx.POPULATION_CUES]
_EXPULSION = scan.fast(lx.EXPULSION_CUE)


def _population(text: str, region0: int, n: Number, region1: int) -> str:
    """The group the figure counts, from the cues in its own clause (its stretch of the
    sentence from the last clause break before it)."""
    start = _clause_start(text, region0, n)
    for pattern, name in _POPULATION_CUES:
        if pattern.search(text, start, region1):
            return name
    if _EXPULSION.search(text, start, min(region1, n.end + 40)):
        return "returnees"  # "Pakistan has deported 500,000 Afghans"
    # "1.2 million people have crossed into Poland": a count of crossings, not of refugees.
    if _CROSSING.search(text, n.end, min(region1, n.end + 80)):
        return "border_crossings"
    return "refugees"


def _sentence_has(pattern: re.Pattern, text: str, s0: int, s1: int) -> bool:
    """Whether a sentence has a cue; asked for each figure in it, so answered once. (Cached
    by the pattern's id: a compiled pattern's hash is taken over all its code each time,
    2 microseconds for a long word list.)"""
    key = id(pattern)
    if key not in _FAST_BY_ID:
        _FAST_BY_ID[key] = (pattern, scan.fast(pattern))  # the pattern is kept, so its id stays its own
    return _sentence_has_cached(key, text, s0, s1)


_FAST_BY_ID: dict[int, tuple[re.Pattern, scan.Caseless | re.Pattern]] = {}


@lru_cache(maxsize=256)
def _sentence_has_cached(pattern_id: int, text: str, s0: int, s1: int) -> bool:
    return _FAST_BY_ID[pattern_id][1].search(text, s0, s1) is not None


@lru_cache(maxsize=64)
def _sentence_population(text: str, s0: int, s1: int) -> str:
    for pattern, name in _POPULATION_CUES:
        if pattern.search(text, s0, s1):
            return name
    return ""


# Date words that open a period ("since April", "from 2015") or close one ("by the end of 2022").
_SINCE_DATE = re.compile(r"(?:since|from)\b", re.I)
_PERIOD_END = re.compile(r"(?:by|until|(?:at |by )?the end of|end of)\b", re.I)
_PERIOD_START = re.compile(r"(?:at |by )?the (?:start|beginning) of\b", re.I)
# A total that a period ends with, not a movement within it: "rose to 3 million in March",
# "stood at 6.2 million at the end of the year", "so far this year".
_STOCK = re.compile(r"\b(?:so far|to date|in total|altogether|already|reached|stood at|stands at|"
                    r"rose to|risen to|climbed to|grew to|topped|surpassed|exceeded|totall?ed|still|"
                    r"remain|remains|remained|now)\b", re.I)
_FLOW_CUES = scan.fast(lx.FLOW_CUES)
_LABEL_BEFORE = re.compile(r"\b(?:refugees?|displaced|IDPs?|migrants|asylum[- ]seekers|returnees|arrivals|"
                           r"crossings)\b[^:\n.;]{0,60}:\s*(?:(?:about|around|some|over|more than|nearly|almost)\s+)?$",
                           re.I)
_RELATIVE_OPENER = re.compile(r",\s*(?:where|which|who|whom|whose)\b")
_RUNNING_TOTAL = re.compile(r"\b(?:bringing|taking|raising|pushing|lifting|swelling) (?:the|its|their) "
                            r"(?:total|overall|number|tally|count|figure)\b[^.;]{0,120}?\bto\b", re.I)
_SUPERLATIVE_BEFORE = re.compile(r"\b(?:most|highest|lowest|largest|biggest|fewest|least|smallest|first time|"
                                 r"worst|record)\b[^,;.]{0,25}$", re.I)
# Between a figure and a later date: the date belongs to a clause of its own ("who fled ...
# last year", "since the war began in April", "before the border reopened in May").
_SUBORDINATE_BETWEEN = re.compile(r"\b(?:since|who|which|that|before|after|when|until|while)\b", re.I)
_SINCE_WORD = re.compile(r"\bsince\b", re.I)
# A sentence that opens with a subordinate clause: "Before the border reopened in September, ..."
_LEADING_CLAUSE = re.compile(r"(?:before|after|when|until|while|as|although|though|once|since)\b", re.I)


# "in the past week", "over the last three days", "in the past 24 hours": a flow's window.
_RECENT_PERIOD = re.compile(r"\b(?:in|over|during|within) the (?:past|last|previous) (?:(?P<n>\d+|\w+) )?"
                            r"(?P<unit>hours?|days?|weeks?|months?)\b", re.I)
_WEEKEND = re.compile(r"\b(?:over|during|at) the weekend\b", re.I)
_SMALL_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                  "nine": 9, "ten": 10, "a": 1}
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30}


def _period_end(first: dt.date, granularity: str) -> dt.date:
    """The last day of the week, month, half-year or year that starts on `first`."""
    if granularity == "week":
        return first + dt.timedelta(days=6)
    if granularity == "month":
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    if granularity == "half":
        return dt.date(first.year, first.month + 5, 30 if first.month == 1 else 31)
    return dt.date(first.year, 12, 31)


# "in the first three months of the year", "during the first quarter of 2023": a stretch of
# months from the start of a year (the date patterns have no such form).
_FIRST_MONTHS = scan.fast(re.compile(
    r"\b(?:in|during|over|for|throughout) the (?:first (?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})"
    r" months|(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final|last) quarter) of "
    r"(?:(?P<year>(?:19|20)\d\d)|(?P<rel>the year|this year|last year))\b", re.I))
_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "final": 4, "last": 4}


def _first_months(text: str, r0: int, r1: int, published: dt.date | None) -> tuple[dt.date, dt.date, re.Match] | None:
    """(first day, last day, the words) of "the first N months" or a quarter of a year named in
    text[r0:r1]."""
    m = _FIRST_MONTHS.search(text, r0, r1)
    if m is None:
        return None
    if m.group("year"):
        year = int(m.group("year"))
    elif published is not None:
        year = published.year - (1 if m.group("rel").lower().startswith("last") else 0)
    else:
        return None
    if m.group("q"):
        quarter = _QUARTERS[m.group("q").lower()]
        first_month, months = 3 * quarter - 2, 3
    else:
        word = m.group("n").lower()
        first_month, months = 1, int(word) if word.isdigit() else _SMALL_NUMBERS.get(word, 0)
    if not 1 <= months <= 12 - first_month + 1:
        return None
    last = _period_end(dt.date(year, first_month + months - 1, 1), "month")
    return dt.date(year, first_month, 1), last, m


_ON_DAY = re.compile(r"on\b", re.I)


def _when(text, s0, s1, n: Number, dates: list[DateMention], origin: str, published, region=None):
    """(kind, period_start, as_of, as_of_source) for a figure. A week, month or year counts
    only inside the figure's `region` (its stretch of the sentence between other figures):
    "has risen to 2.5 million from 1.8 million in 2020" dates the 1.8 million."""
    r0, r1 = region or (s0, s1)
    period_start: dt.date | None = None
    as_of: dt.date | None = None
    day_of_movement = False
    period = None  # a week, month or year the figure falls in ("in March", "in 2022", "last week")
    since_clause = None  # "since the war began in April": the start of the period, said another way
    for d in dates:
        if d.date is None or _SUPERLATIVE_BEFORE.search(text, max(s0, d.start - 40), d.start):
            continue  # "the most since 2017" compares; it starts no period
        if d.end <= n.start and _RELATIVE_OPENER.search(text, d.end, n.start):
            continue  # "Earlier this week Grandi was in Juba, where 200,000 have returned": the visit's
        if _SINCE_DATE.match(d.surface) or _SINCE.search(text, max(s0, d.start - 8), d.start) \
                or _SINCE_CLAUSE.search(text, max(s0, d.start - 90), d.start):
            period_start = period_start or d.date  # "since April last year": the first one
        elif d.granularity in ("week", "month", "half", "year"):
            if not r0 <= d.start < r1:
                continue
            if d.start > n.end and _SUBORDINATE_BETWEEN.search(text, n.end, d.start):
                since_clause = since_clause or d  # the date of another event the sentence names
            elif not (d.end <= n.start and _LEADING_CLAUSE.match(text, s0, d.start)
                      and text.find(",", d.end, n.start) != -1) and period is None:
                period = d  # (not "Before the border reopened in September, 30,000 crossed ...")
        elif as_of is None and d.granularity == "day" and (published is None or d.date <= published
                                                           or not d.relative):
            # A stated date after publication is kept, and flagged by plausibility.
            as_of = d.date
            # "120,000 people crossed into Poland on Tuesday": the count of one day, a flow;
            # "... have crossed since February, the agency said on Tuesday" stays a total.
            # "On Tuesday, 120,000 people crossed": the day leading the figure's clause, too.
            leads = d.end <= n.start and _LEADING_DAY_GAP.fullmatch(text, d.end, n.start) is not None
            between = text[n.end:d.start]
            day_of_movement = ((d.start > n.end and not _ATTRIBUTION.search(between)) or leads) \
                and _ON_DAY.match(d.surface) is not None and not _sentence_has(_CUMULATIVE, text, s0, s1)
    if period_start is None and _sentence_has(lx.SINCE_CRISIS, text, s0, s1):
        start = lx.CRISIS_STARTS.get(origin)
        if start and (published is None or dt.date.fromisoformat(start) <= published):
            period_start = dt.date.fromisoformat(start)
    if period_start is None and since_clause is not None and _SINCE_WORD.search(text, n.end, since_clause.start):
        period_start = since_clause.date
    # A flow cue of the figure's own clause ("more arrive every month" after ", and" is another's).
    brk = _CLAUSE_BREAK.search(text, n.end, s1)
    flow = _FLOW_CUES.search(text, _clause_start(text, r0, n), brk.start() if brk else s1) is not None \
        or day_of_movement
    if flow and _RUNNING_TOTAL.search(text, r0, n.start):
        flow = False  # "..., bringing the number of displaced to 6.9 million": the total a flow adds up to
    stretch = _first_months(text, r0, r1, published) if as_of is None else None
    if stretch is not None and (period is None or stretch[2].start() <= period.start < stretch[2].end()) \
            and (published is None or stretch[0] <= published):
        # "In the first three months of the year, 12,000 crossed": that stretch's flow (the
        # year it names, "of last year", is no period of its own)
        period_start, as_of, _ = stretch
        period = None
        if published is not None and as_of > published:
            as_of = published
        flow = True
    if as_of is None and period is not None and period.date is not None \
            and (published is None or period.date <= published):
        # "2.5 million crossed in March": the month's flow, as of its last day (or of the
        # publication date while it lasts); "by the end of 2022, 108 million": a total then.
        as_of = period.date if _PERIOD_START.match(period.surface) else _period_end(period.date, period.granularity)
        if published is not None and as_of > published:
            as_of = published
        # "up from 7.7 million in April", "risen to 2.5 million from 1.8 million in 2020": the earlier total
        earlier = _EARLIER_FIGURE.search(text, max(r0, n.start - 60), n.start) or _FROM_PREVIOUS.fullmatch(
            text, r0, n.start)
        # "5.9 million (IOM, May 2023)": the month of the source's count, not of a movement
        cited = period.start > n.end and text.find("(", n.end, period.start) != -1 \
            and text.find(")", n.end, period.start) == -1
        if period_start is None and not (earlier or cited or _PERIOD_END.match(period.surface)
                                         or _sentence_has(_STOCK, text, s0, s1)):
            flow = True
            period_start = period_start or period.date
        elif period_start is None and period.relative and "this" in period.surface.lower():
            period_start = period.date  # "so far this year": a total since the year began
    kind = "flow" if flow else "cumulative"
    source = "stated"
    if as_of is None:
        as_of, source = published, ("published" if published else "")
    if flow and period_start is None and source == "published" and _WEEKEND.search(text, s0, s1):
        # "over the weekend": the Saturday and Sunday before publication
        as_of, source = as_of - dt.timedelta(days=(as_of.weekday() - 6) % 7), "stated"
        period_start = as_of - dt.timedelta(days=1)
    if flow and period_start is None:
        period_start = as_of
        recent = _RECENT_PERIOD.search(text, s0, s1) if as_of else None
        if recent:  # "in the past three days": the days before as_of
            word = recent.group("n")
            k = int(word) if word and word.isdigit() else _SMALL_NUMBERS.get((word or "one").lower())
            if k:
                period_start = as_of - dt.timedelta(days=k * _UNIT_DAYS[recent.group("unit").lower().rstrip("s")])
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
