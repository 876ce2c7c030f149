"""People an article introduces as officials: "US Secretary of State Antony Blinken",
"Olaf Scholz, the German chancellor", "the Emir of Qatar, Sheikh Tamim ...", or a name the
officials table knows (a distinctive surname alone will do: "Zelensky flew to ..."); and
where each of them is named again, in full or by surname.
"""
from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon as lx
from . import scan
from .places import Place, fold, gazetteer

# Letters of Latin names beyond ASCII: "Janša", "Kaczyński", "Čaputová", "Nausėda".
_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper() and c.isalpha())
_LOWER = "a-z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.islower() and c.isalpha())
_NAME_PART = rf"(?:(?:al-|el-)?[{_UPPER}][{_LOWER}'’]+(?:-[{_UPPER}][{_LOWER}'’]+)?|[A-Z]\.)"  # "al-Sisi"
_PARTICLE = r"(?:von der|von|van der|van|de la|de|da|dos|del|bin|al|le|di)"
NAME = rf"{_NAME_PART}(?: (?:{_PARTICLE} )?{_NAME_PART}){{1,3}}"


@dataclass
class Person:
    name: str
    title: str
    iso3: str
    is_org: bool = False



def find_people(text: str, places: list[Place]) -> dict[str, Person]:
    """People the article introduces with a role, keyed by full name."""
    people: dict[str, Person] = {}
    for surname in _surnames_in(text):
        names = [name for name in _OFFICIALS_BY_SURNAME[surname] if name in text]
        if not names and surname in _surnames_alone():
            names = _OFFICIALS_BY_SURNAME[surname][:1]  # "Biden flew to Warsaw": the first listed
        for name in names:
            iso3, title = lx.KNOWN_OFFICIALS[name]
            people[name] = Person(name, title, iso3, iso3 == "")
    lowered = scan.lowered(text) or text.lower()
    place_at = {p.start: p for p in places}
    place_starts = place_at.keys()
    present = _TITLE_FIRST_WORDS & scan.ascii_words(text)
    for title, first in _TITLES_BY_LENGTH:
        if first not in present:
            continue  # cheap test before searching the text for the whole title
        positions = _find_all(lowered, title)
        for pos in positions:  # "Secretary of State Antony Blinken", "the Emir of Qatar, Sheikh Tamim ..."
            after = title_end = pos + len(title)
            of = _OF_BEFORE_COUNTRY.match(text, after)
            country = place_at.get(of.end()) if of else None
            if of is not None and country is not None and country.kind == "name":
                after = country.end
                if of.group("prep").lower() != "of":
                    country = None  # "Special Representative for Afghanistan": the portfolio, not theirs
            else:
                country = None
                portfolio = _PORTFOLIO.match(text, of.end()) if of is not None else None
                if portfolio is not None:  # "Commissioner for Crisis Management Janez Lenarcic"
                    after = title_end = portfolio.end()
            m = _NAME_AFTER.match(text, after)
            if m and m.group(1).split(" ", 1)[0] in lx.TITLES:  # "the Emir of Qatar, Sheikh Tamim ..."
                m = _NAME_AFTER.match(text, m.start(1) + len(m.group(1).split(" ", 1)[0]))
            if m:
                name = _trim_name(m.group(1), place_starts, m.start(1))
                if name:
                    iso3, is_org = (country.iso3, False) if country else \
                        _country_before(text[max(0, pos - 50):pos], places, pos)
                    _add(people, name, text[pos:title_end], iso3, is_org)
        for pos in positions:  # "Olaf Scholz, the German chancellor"
            m = _name_before(text, pos)
            if m:
                name = _trim_name(m.group("name"), place_starts, m.start("name"))
                if name:
                    iso3, is_org = _country_in(text, m.start("pre"), pos, places)
                    _add(people, name, text[pos:pos + len(title)], iso3, is_org)
    return people


_CAPWORD = re.compile(rf"[{_UPPER}][\w'’-]+")
# (lower-case title, its first word), longest first; case is read back from the text.
_TITLES_BY_LENGTH = sorted({(t.lower(), t.lower().split()[0]) for t in lx.TITLES}, key=lambda t: -len(t[0]))
_TITLE_FIRST_WORDS = {first for _, first in _TITLES_BY_LENGTH}
_OFFICIALS_BY_SURNAME: dict[str, list[str]] = {}
for _name in lx.KNOWN_OFFICIALS:
    _OFFICIALS_BY_SURNAME.setdefault(_name.rsplit(" ", 1)[-1], []).append(_name)
# Known officials' surnames that can stand as a capitalised word, by the longest of the
# words the text's word list (scan.whole_words) has where the surname stands ("Sánchez":
# "s", "nchez"), or by themselves where it has none (a name in another script); each
# with a search for it as a word of its own.
_SURNAMES_BY_WORD: dict[str, list[tuple[str, frozenset[str]]]] = {}
_OTHER_SURNAMES: list[str] = []
_AS_A_WORD: dict[str, re.Pattern] = {}
for _surname in _OFFICIALS_BY_SURNAME:
    if _CAPWORD.fullmatch(_surname):
        _words = scan.whole_words(_surname)
        if _words:
            _SURNAMES_BY_WORD.setdefault(max(sorted(_words), key=len), []).append((_surname, _words))
        else:
            _OTHER_SURNAMES.append(_surname)
        # The name first, so that re finds it as a literal; then no letter, digit or hyphen
        # next to it ("Biden's" and "Biden-led" are other words).
        _AS_A_WORD[_surname] = re.compile(rf"{re.escape(_surname)}(?<![\w'’-].{{{len(_surname)}}})(?![\w'’-])")


def _surnames_in(text: str) -> set[str]:
    """Known officials' surnames that stand in the text as words of their own (not "Biden's"):
    set lookups for most, instead of listing every capitalised word of the text."""
    words = scan.whole_words(text)
    candidates = [s for word in _SURNAMES_BY_WORD.keys() & words for s, need in _SURNAMES_BY_WORD[word]
                  if need <= words]
    candidates += [s for s in _OTHER_SURNAMES if s in text]
    return {s for s in candidates if _AS_A_WORD[s].search(text)}


# After a title, the name, maybe set off by a comma: "Japan's foreign minister, Yoko Kamikawa".
_NAME_AFTER = re.compile(rf",?\s+({NAME})")
_OF_BEFORE_COUNTRY = re.compile(r"\s+(?P<prep>of|for|to)\s+(?:the\s+)?", re.I)
_PORTFOLIO_WORD = "(?:" + "|".join(lx.PORTFOLIO_WORDS) + r")\b"
_PORTFOLIO = re.compile(rf"{_PORTFOLIO_WORD}(?:(?:\s+and\s+|\s*&\s*|,\s+|\s+){_PORTFOLIO_WORD})*")
_TITLE_LEAD = re.compile(r"\s+(?:the\s+|a\s+)?(?P<pre>(?:[\w.'’-]+\s+){0,3}?)")  # ", the German "
_NAME_BEFORE = re.compile(rf"(?P<name>{NAME}),{_TITLE_LEAD.pattern}$")


def _name_before(text: str, pos: int) -> re.Match | None:
    """_NAME_BEFORE.search(text, pos - 90, pos), searched only where it can match: its comma
    is the last one before `pos` (nothing after it has one), so the tail must fill the rest,
    and the name lies after the comma before that."""
    lo = max(0, pos - 90)
    comma = text.rfind(",", lo, pos)
    if comma == -1 or not _TITLE_LEAD.fullmatch(text, comma + 1, pos):
        return None
    return _NAME_BEFORE.search(text, max(lo, text.rfind(",", lo, comma) + 1), pos)


@lru_cache(maxsize=1)
def _surnames_alone() -> frozenset[str]:
    """Surnames of known officials that name them without a first name: not ambiguous, not
    a place, not a family-name-first name ("Wang Yi" ends with his given name)."""
    table, _ = gazetteer()
    return frozenset(
        surname for surname, names in _OFFICIALS_BY_SURNAME.items()
        if len(surname) >= 4 and surname not in lx.AMBIGUOUS_SURNAMES and fold(surname) not in table
        and lx.KNOWN_OFFICIALS[names[0]][0] not in lx.FAMILY_NAME_FIRST)


def _find_all(haystack: str, needle: str) -> list[int]:
    out = []
    i = haystack.find(needle)
    while i != -1:
        before_ok = i == 0 or not haystack[i - 1].isalnum()
        after = i + len(needle)
        if before_ok and (after >= len(haystack) or not haystack[after].isalnum()):
            out.append(i)
        i = haystack.find(needle, i + 1)
    return out


def _add(people, name, title, iso3, is_org):
    known = people.get(name)
    if known is None:
        people[name] = Person(name, title, iso3, is_org)
    elif not known.iso3 and not known.is_org and (iso3 or is_org):
        people[name] = Person(name, known.title or title, iso3, is_org)


def _trim_name(name: str, place_starts: Container[int], start: int) -> str:
    """Drop trailing words that are places or titles: 'Joe Biden Warsaw' -> 'Joe Biden'."""
    words = name.split()
    offset = start
    keep = []
    for w in words:
        if offset in place_starts or w in lx.TITLES:
            break
        keep.append(w)
        offset += len(w) + 1
    if keep and keep[-1].endswith(("'s", "’s")):
        keep[-1] = keep[-1][:-2]  # "President Joe Biden's request"
    if len(keep) < 2 or keep[0] in ("The", "A", "An", "On", "In"):
        return ""
    return " ".join(keep)


_POSSESSIVE_GAP = re.compile(r"(?:['’]s)?\s*(?:(?:new|then|former|top|acting|deputy|foreign|senior)\s+)?", re.I)


def _country_before(pre: str, places: list[Place], title_start: int) -> tuple[str, bool]:
    """Country or organisation named right before a title: 'US', 'Poland's', 'UN'."""
    tail = pre[-30:]
    org = lx.ORGANISATIONS.search(tail)
    if org and not tail[org.end():].strip(" '’s").split():
        return "", True
    for p in reversed(places):  # in text order: stop once they are too far before
        if p.end > title_start:
            continue
        if title_start - p.end > 16:
            break
        between = pre[len(pre) - (title_start - p.end):] if title_start - p.end else ""
        if _POSSESSIVE_GAP.fullmatch(between):
            return p.iso3, False
    return "", False


def _country_in(text: str, s: int, e: int, places: list[Place]) -> tuple[str, bool]:
    chunk = text[s:e]
    if lx.ORGANISATIONS.search(chunk):
        return "", True
    for p in places:
        if s <= p.start < e:
            return p.iso3, False
    return "", False

def person_mentions(text, people, by_surname) -> list[tuple[int, int, Person]]:
    """Where each person is named, in full, by surname, or as "the <title>" when no one else
    in the article holds that title ("The Secretary-General will travel to Chad"), in text order."""
    found = []
    for name, person in people.items():
        found += [(i, i + len(name), person) for i in _find_all(text, name)]
    named = [(s, e) for s, e, _ in found]
    for surname, person in by_surname.items():
        for i in _find_all(text, surname):
            if not any(s <= i < e for s, e in named):
                found.append((i, i + len(surname), person))
    # "the <title>" and "the <country adjective> <title>" ("the French president"), when only
    # one person of the article fits
    holders: dict[str, list[Person]] = {}
    for person in people.values():
        title = person.title.lower()
        if len(title) < 5 or not title[0].isalpha():
            continue
        holders.setdefault(title, []).append(person)
        for adjective in _adjectives().get(person.iso3, ()):
            holders.setdefault(f"{adjective} {title}", []).append(person)
    lowered = scan.lowered(text) or text.lower()
    for title, persons in holders.items():
        if len(persons) != 1:
            continue
        for i in _find_all(lowered, "the " + title):
            end = i + 4 + len(title)
            if not _NAME_AFTER.match(text, end) and not any(s <= i < e for s, e in named):
                found.append((i, end, persons[0]))  # (not "the Secretary-General, António Guterres": named there)
    return sorted(found, key=lambda m: m[0])


@lru_cache(maxsize=1)
def _adjectives() -> dict[str, tuple[str, ...]]:
    """Country -> the lower-case adjectives naming it ("french"), from the demonym list (plural
    forms, which end in s, left out)."""
    out: dict[str, list[str]] = {}
    for form, iso3 in lx.DEMONYMS.items():
        if not form.endswith("s") and form[:1].isupper():
            out.setdefault(iso3, []).append(form.lower())
    return {iso3: tuple(forms) for iso3, forms in out.items()}
