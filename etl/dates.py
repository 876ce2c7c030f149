"""Find date expressions and resolve them against the publication date.

Absolute ("5 March 2022", "March 5", "2022-03-05", "March 2022") and relative ("on
Saturday", "yesterday", "last week", "earlier this month") forms. Relative forms use the
sentence's tense: a past "on Saturday" is the latest Saturday on or before publication,
a future one ("will travel on Monday") the next one after it. With no publication date,
relative forms stay unresolved (date None) - never the processing date.

Hand-written rather than dateparser.search_dates: that runs ~17 articles/s here and
found no date in the seed article's "on Saturday".
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from . import scan
from .lexicon import FUTURE_MARKERS

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


def _numbered(branch: str, n: int) -> str:
    """A branch with its day, month and year groups numbered (d1, m1, y1, ...)."""
    return branch.replace("?P<day>", f"?P<d{n}>").replace("?P<month>", f"?P<m{n}>").replace("?P<year>", f"?P<y{n}>")


_MONTH_WORDS = frozenset(MONTHS)
_PERIOD_LEADS = {"in", "since", "by", "during", "until", "from"}
# The branches of DATE in order, each a named group so the resolver knows which form matched,
# with the words it can begin with (None: a digit).
_BRANCHES: list[tuple[frozenset[str] | None, str]] = [
    (None, r"(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b)"),
    (None, _numbered(rf"(?P<dmy>\b{_DAY} (?:of )?{_MONTH}(?:,? {_YEAR})?\b)", 1)),
    (_MONTH_WORDS, _numbered(rf"(?P<mdy>\b{_MONTH} {_DAY}\b(?:,? {_YEAR})?)", 2)),
    (_MONTH_WORDS | {"early", "mid", "late", "end", "the", "beginning"},
     _numbered(rf"(?P<my>\b(?:(?:early|mid|late|mid-|end of|the end of|beginning of) ?)?{_MONTH},? {_YEAR}\b)", 3)),
    (frozenset(WEEKDAYS) | {"last", "this", "next", "on", "late", "later", "early", "by"},
     rf"(?P<wd>\b(?:(?P<wrel>last|this|next|on|on the night of|late on|later on|early on|by) )?{_WEEKDAY}\b"
     r"(?:(?: night| morning| afternoon| evening))?)"),
    (frozenset({"the", "yesterday", "today", "tonight", "tomorrow", "last", "this", "earlier", "next", "later",
                "a", "one", "two", "three"}),
     r"(?P<rel>\b(?:the day before yesterday|yesterday|today|tonight|tomorrow|last night|this morning|"
     r"earlier (?:this|in the) (?:week|month|year)|(?:last|this|next|later this|earlier this) (?:week|month|year)|"
     r"(?:a|one|two|three) (?:days?|weeks?) ago)\b)"),
    (frozenset(_PERIOD_LEADS), _numbered(rf"(?P<bm>\b(?:in|since|by|during|until|from) {_MONTH}\b(?!\.? \d))", 4)),
    # A year on its own only after words that make it a time ("in 2022", "by the end of 2022"),
    # never a span of years ("2015-16") or a number with decimals.
    (frozenset(_PERIOD_LEADS | {"throughout", "at", "the", "end"}),
     r"(?P<yr>\b(?:in|since|by|during|until|throughout|from|(?:at |by )?the end of|end of|"
     r"(?:at |by )?the (?:start|beginning) of|the (?:first|second) half of) (?P<y5>(?:19|20)\d\d)\b(?![-–/]\d|[.,]\d))"),
]
DATE = re.compile("|".join(source for _, source in _BRANCHES), re.I)


def _branches_for(fits) -> scan.Caseless | re.Pattern:
    """DATE with only the branches that can begin with a given word, in their order: at one
    spot it matches what DATE matches (the first branch that fits), with less to try."""
    return scan.fast(re.compile("|".join(src for first, src in _BRANCHES if fits(first)), re.I))


_FOR_DIGIT = _branches_for(lambda first: first is None)
_FOR_WORD = {word: _branches_for(lambda first, word=word: first is not None and word in first)
             for word in set().union(*(first for first, _ in _BRANCHES if first is not None))}


# Not frozen: a frozen dataclass takes ~5x as long to build; treat it as immutable. The
# __init__ is written out: compiled, it is a native call (the dataclass one is plain Python).
@dataclass(slots=True, unsafe_hash=True, init=False)
class DateMention:
    start: int
    end: int
    surface: str
    date: dt.date | None
    granularity: str  # day, week, month, year
    relative: bool
    # The same words read in the past and in the future tense ("on Monday" in "arrived on
    # Monday" vs "will arrive on Monday"), for callers that know the tense better.
    past: dt.date | None = None
    future: dt.date | None = None

    def __init__(self, start: int, end: int, surface: str, date: dt.date | None, granularity: str,
                 relative: bool, past: dt.date | None = None, future: dt.date | None = None):
        self.start, self.end, self.surface, self.date = start, end, surface, date
        self.granularity, self.relative, self.past, self.future = granularity, relative, past, future

    def for_tense(self, future: bool) -> dt.date | None:
        return (self.future if future else self.past) or self.date


_FUTURE = scan.fast(FUTURE_MARKERS)


def is_future(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end] has a future marker. Pass the whole text and bounds rather than
    a slice: the lower-cased article is then reused, not made again for each clause."""
    return _FUTURE.search(text, start, len(text) if end is None else end) is not None


# Words that every date expression contains; the full pattern only runs around them,
# which is ~10x faster than scanning whole texts with it.
_TRIGGERS = sorted({m for m in MONTHS if len(m) >= 3} | set(WEEKDAYS) | {
    "yesterday", "today", "tonight", "tomorrow", "week", "month", "year", "ago", "night", "morning"})
# ISO dates and years ("in 2022") start with a year: found by their digits, as they have no trigger word.
_YEAR_START = scan.WordPattern(re.compile(r"\b(?:19|20)\d\d\b"))
_PREFIX_REACH = 25  # longest prefix a date form takes before its trigger ("on the night of ")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _trigger_positions(text: str, start: int, end: int) -> list[int]:
    lowered, base, lo, hi = scan.lowered_span(text, start, end)
    found = []
    present = scan.whole_words(text)
    for word in _TRIGGERS:
        if word not in present:
            continue  # not a word of the text (a trigger counts only as a whole word)
        i = lowered.find(word, lo, hi)
        while i != -1:
            # A whole word: not "mar" in "summary" nor "dec" in "decided" (every date form
            # ends its trigger word at a word end; "Monday night" is found from "monday").
            j = i + len(word)
            if (i == lo or not lowered[i - 1].isalpha()) and (j == hi or not _is_word_char(lowered[j])):
                found.append(base + i)
            i = lowered.find(word, j, hi)
    # Day numbers are reached from the month word after them; ISO dates and years from their digits.
    found += [m.start() for m in _YEAR_START.finditer(text, start, end)]
    return sorted(set(found))


def find_dates_by_sentence(text: str, published: dt.date | None,
                           sentences: list[tuple[int, int]]) -> dict[int, list[DateMention]]:
    """Date expressions per sentence index; each sentence's own tense resolves weekdays."""
    out: dict[int, list[DateMention]] = {}
    if not sentences:
        return out
    positions = _trigger_positions(text, sentences[0][0], sentences[-1][1])
    si, covered = 0, 0
    for pos in positions:
        while si < len(sentences) and sentences[si][1] <= pos:
            si += 1
        if si == len(sentences):
            break
        s0, s1 = sentences[si]
        if pos < max(covered, s0):
            continue
        m = date_at(text, pos, max(s0, covered, pos - _PREFIX_REACH), min(s1, pos + 40))
        if m is not None:
            def sentence_future(m=m, s0=s0, s1=s1) -> bool:
                # The tense of the date's own clause: "flew on Wednesday and will travel on Friday".
                c0, c1 = _clause(text, s0, s1, m.start(), m.end())
                return is_future(text, c0, c1)
            groups = m.groupdict()  # the groups of the branches tried here: read with .get()
            resolved, past, fut = _resolve_in_tense(groups, published, sentence_future)
            covered = m.end()
            if resolved is not None:
                date, granularity, relative = resolved
                found = out.setdefault(si, [])
                mention = DateMention(m.start(), m.end(), m.group(), date, granularity, relative, past, fut)
                # "on Thursday 23 February 2023": the stated date wins over the weekday.
                # ("on Thursday, March 3": a day and month stated without a year win too.)
                stated = not mention.relative or bool(groups.get("dmy") or groups.get("mdy"))
                if found and found[-1].relative and stated and m.start() - found[-1].end <= 2 \
                        and found[-1].surface.split()[-1].lower() in WEEKDAYS:
                    found.pop()
                found.append(mention)
    return out


_WORD = re.compile(r"\b\w+")


def date_at(text: str, pos: int, lo: int, hi: int) -> re.Match | None:
    """The first date that DATE.finditer(text, lo, hi) yields around `pos` (starting at or
    before it, ending after it). Every date starts a word, and only certain words, so the
    pattern is tried at those few word starts, not at every character of the window, and only
    with the branches that can begin with the word there."""
    resume = lo
    for w in _WORD.finditer(text, lo, hi):
        if w.start() > pos:
            break
        if w.start() < resume:
            continue
        word = w.group()
        pattern = _FOR_DIGIT if word[0].isdigit() else _FOR_WORD.get(word.lower())
        if pattern is None:
            continue
        m = pattern.match(text, w.start(), hi)
        if m is None:
            continue
        if m.end() > pos:
            return m
        resume = m.end()  # finditer goes on after a match that ends too early
    return None


_CLAUSE_BOUNDARY = re.compile(r"[,;:]|\s(?:and|but|while|whereas|that|after|before|then)\s")


def _clause(text: str, s0: int, s1: int, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: between the nearest boundaries on either side."""
    c0 = s0
    for b in _CLAUSE_BOUNDARY.finditer(text, s0, start):
        c0 = b.end()
    nxt = _CLAUSE_BOUNDARY.search(text, end, s1)
    return c0, (nxt.start() if nxt else s1)


# A day-month without a year and with no future marker is taken as last year's only when
# it lies this far after publication: "the summit takes place on 13 July", said in June, is
# this July (a past-tense date after publication cannot be right either way).
_AHEAD_DAYS = 60


def _year_for(month: int, day: int, published: dt.date | None, future, ahead: int = _AHEAD_DAYS) -> int | None:
    """Year of a day-month with no year: the nearest one in the direction of the tense
    (`ahead`: how far after publication a date with no future marker may still lie)."""
    if published is None:
        return None
    year = published.year
    if day > 28:  # monthrange is slow; only the month's last days can overflow it
        day = min(day, calendar.monthrange(year, month)[1])
    candidate = dt.date(year, month, day)
    if candidate < published - dt.timedelta(days=31) and future():
        return year + 1
    if candidate > published + dt.timedelta(days=ahead) and not future():
        return year - 1
    return year


_FAILED: tuple = (None, "day", False)  # "31 February": a day the calendar lacks


def _reading(groups: dict, published: dt.date | None, future) -> tuple | None:
    """`_resolve`, or _FAILED where the day does not exist."""
    try:
        return _resolve(groups, published, future)
    except ValueError:
        return _FAILED


def _resolve_in_tense(groups: dict, published: dt.date | None, sentence_future) -> tuple:
    """(resolved, past, future): `_resolve` in the sentence's tense (None, or _FAILED), and the
    date read in the past and in the future tense. `_resolve` asks the tense only for relative
    dates, so it is read both ways, and the sentence's tense asked only when they differ."""
    in_past = _reading(groups, published, _always_past)
    date: dt.date | None
    if in_past is not _FAILED and (in_past is None or not in_past[2] or groups.get("rel")):
        date = None if in_past is None else in_past[0]
        return in_past, date, date  # not relative, or the same in either tense ("yesterday")
    in_future = _reading(groups, published, _always_future)
    resolved = in_past if in_past == in_future else in_future if sentence_future() else in_past
    date = None if resolved is None else resolved[0]
    if resolved is None or not resolved[2] or date is None or in_past is None or in_future is None:
        return resolved, date, date
    # Where a reading fails, the resolved date stands in (for both, when the past one fails).
    past = date if in_past is _FAILED else in_past[0]
    fut = date if in_past is _FAILED or in_future is _FAILED else in_future[0]
    return resolved, past, fut


def _always_past() -> bool:
    return False


def _always_future() -> bool:
    return True


# (Compiled once here: re.search with a pattern string runs re's cache lookup in plain Python.)
_HALF = re.compile(r"(first|second) half", re.I)
_AGO = re.compile(r"(a|one|two|three) (day|week)s? ago")


def _resolve(g: dict, pub: dt.date | None, future):
    """(date, granularity, relative) from a DATE match's groupdict (of DATE or of the
    branches tried: which branch matched is read with .get); `future()` tells the tense,
    asked only when needed."""
    if g.get("iso"):
        return dt.date(int(g["iy"]), int(g["im"]), int(g["id"])), "day", False
    if g.get("dmy") or g.get("mdy"):
        day = int(g.get("d1") or g["d2"])
        month = MONTHS[(g.get("m1") or g["m2"]).lower().rstrip(".")]
        year = g.get("y1") or g.get("y2")
        if not 1 <= day <= 31:
            return None
        if year:
            return dt.date(int(year), month, day), "day", False
        y = _year_for(month, day, pub, future)
        return (dt.date(y, month, day) if y else None), "day", True
    if g.get("my"):
        return dt.date(int(g["y3"]), MONTHS[g["m3"].lower().rstrip(".")], 1), "month", False
    if g.get("yr"):
        half = _HALF.search(g["yr"])
        if half:  # "the second half of 2022": July to December
            return dt.date(int(g["y5"]), 7 if half.group(1).lower() == "second" else 1, 1), "half", False
        return dt.date(int(g["y5"]), 1, 1), "year", False
    if g.get("bm"):
        month = MONTHS[g["m4"].lower().rstrip(".")]
        # A month alone ("since July", "in July") with no future marker is this year's only
        # up to a week ahead: "since" looks back, and "in July" said in June is mostly past.
        y = _year_for(month, 1, pub, future, ahead=7)
        return (dt.date(y, month, 1) if y else None), "month", True
    if g.get("wd"):
        if pub is None:
            return None, "day", True
        target = WEEKDAYS[g["weekday"].lower()]
        rel = (g["wrel"] or "").lower()
        if rel == "next" or (rel != "last" and future()):
            delta = (target - pub.weekday()) % 7
            if delta == 0 and rel != "later on":  # "later on Sunday", said on a Sunday: that day
                delta = 7
            return pub + dt.timedelta(days=delta), "day", True
        delta = (pub.weekday() - target) % 7
        if rel == "last" and delta == 0:
            delta = 7
        return pub - dt.timedelta(days=delta), "day", True
    return _resolve_relative(g["rel"].lower(), pub)


def _resolve_relative(phrase: str, pub: dt.date | None):
    if pub is None:
        gran = "day" if phrase.endswith(("day", "night", "morning", "ago", "tomorrow")) else phrase.split()[-1]
        return None, gran if gran in ("day", "week", "month", "year") else "day", True
    days = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "today": 0,
            "tonight": 0, "this morning": 0, "tomorrow": 1}
    if phrase in days:
        return pub + dt.timedelta(days=days[phrase]), "day", True
    m = _AGO.fullmatch(phrase)
    if m:
        n = {"a": 1, "one": 1, "two": 2, "three": 3}[m.group(1)] * (7 if m.group(2) == "week" else 1)
        return pub - dt.timedelta(days=n), "day" if m.group(2) == "day" else "week", True
    unit = phrase.split()[-1]
    shift = -1 if phrase.startswith("last") else 1 if phrase.startswith("next") else 0
    if unit == "week":
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=shift)
        return monday, "week", True
    if unit == "month":
        month_index = pub.year * 12 + pub.month - 1 + shift
        return dt.date(month_index // 12, month_index % 12 + 1, 1), "month", True
    return dt.date(pub.year + shift, 1, 1), "year", True
