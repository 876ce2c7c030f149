"""Find and parse numbers as written in news: "780,000", "780 000", "1.5 million",
"3.2m", "two million", "half a million", ranges ("between 3,000 and 5,000").

Hand-written rather than quantulum3 or a spaCy model: those run ~10 articles/s here
against a budget of 1,000/s, and they still need the same news-specific rules
(years, money, percentages) on top.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import scan
from .lexicon import FRACTION_WORDS, NUMBER_WORDS, SCALE_WORDS

_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_SMALL = rf"(?:{_TENS}(?:[- ]{_UNIT})?|{_TEENS}|{_UNIT}|a|an)"
_WORD_NUMBER = (
    rf"(?:(?:{_SMALL}(?: and a (?:half|quarter))?|half a|a half|a quarter of a|a third of a|three quarters of a)"
    rf"(?: hundred(?: and {_SMALL})?)?"
    r" (?:thousand|million|billion)(?: and a half)?)"
)
# A decimal comma only before a scale word ("1,5 million", as written in much of Europe);
# elsewhere a comma groups thousands.
_DECIMAL_COMMA = r",\d{1,2}(?=\s?(?:million|billion|mln|mn|bn)\b)"
_DIGITS = rf"(?:\d{{1,3}}{_DECIMAL_COMMA}|\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?: \d{{3}})+(?![\d,])|\d+)(?:\.\d+)?"
_SCALE = r"(?:\s?(?:million|billion|thousand|mln|mn|bn)\b|(?:m|k|bn)\b)"
NUMBER = re.compile(rf"(?<![\w.,]){_DIGITS}{_SCALE}?(?![\w%])|\b{_WORD_NUMBER}\b", re.I)
RANGE = re.compile(
    rf"(?:\bbetween (?P<a1>{_DIGITS}{_SCALE}?|{_WORD_NUMBER}) and (?P<b1>{_DIGITS}{_SCALE}?|{_WORD_NUMBER})"
    rf"|(?<![\w.,])(?P<a2>{_DIGITS}{_SCALE}?) ?(?:-|–|to) ?(?P<b2>{_DIGITS}{_SCALE}?)(?![\w%]))", re.I)
# Faster forms of the two patterns, which the tests check give the same matches:
# - a number in digits, written to start with \d (re scans for a leading character class
#   ~3x faster than it tries a lookbehind at every position); the lookbehind moves after it;
# - a number in words, tried only just before "thousand", "million" or "billion", which
#   every such number ends with (the word alternation costs ~5x the digit scan);
# - a range "3,000-5,000" / "3 to 4 million" (digits first); "between" ranges use RANGE.
_DIGITS_REST = rf"(?:\d{{0,2}}{_DECIMAL_COMMA}|\d{{0,2}}(?:,\d{{3}})+|\d{{0,2}}(?: \d{{3}})+(?![\d,])|\d*)(?:\.\d+)?"
_DIGIT_NUMBER = re.compile(rf"\d(?<![\w.,]\d){_DIGITS_REST}{_SCALE}?(?![\w%])", re.I)
_WORD_NUMBER_RE = re.compile(rf"\b{_WORD_NUMBER}\b", re.I)
_DASH_RANGE = re.compile(
    rf"(?P<a2>\d(?<![\w.,]\d){_DIGITS_REST}{_SCALE}?) ?(?:-|–|to) ?(?P<b2>{_DIGITS}{_SCALE}?)(?![\w%])", re.I)
_WORD_NUMBER_REACH = 70  # longest number in words before its scale word, with room to spare
_SCALE_WORDS = ("thousand", "million", "billion")
# The words a number in words can have just before its scale word: "two million", "twenty-two
# thousand", "half a million", "one and a half million", "a hundred thousand". A scale word
# after any other ("1.5 million", "$2 billion") ends no number in words: no search there.
_BEFORE_SCALE = frozenset(w for w, v in NUMBER_WORDS.items() if 0 < v < 100 and w != "dozen") | {
    "hundred", "half", "quarter"}
_TRAILING_LETTERS = re.compile(r"[^\W\d_]*\Z")  # the letters just before a position (always matches)
# Every dash range has a dash or "to" just before the digits of its second number.
_RANGE_LINK = re.compile(r"(?:-|–|[tT][oO]) ?\d")
_DIGITS_AND_SCALE = re.compile(rf"({_DIGITS})\s?(million|billion|thousand|mln|mn|bn|m|k)?")
_LEADING_DIGITS = re.compile(r"^[\d.,\s]+")
_COMMA_DECIMAL = re.compile(r"\d{1,3},\d{1,2}")
_ONLY_DIGITS = re.compile(r"[\d.,]+")
_PERCENT_AFTER = re.compile(r"\s?(?:%|per ?cent\b|percent\b|pct\b|percentage)", re.I)
_YEAR = re.compile(r"(?:1[89]|20|21)\d\d")


# Not frozen: a frozen dataclass takes ~5x as long to build; treat it as immutable. The
# __init__ is written out: compiled, it is a native call (the dataclass one is plain Python).
@dataclass(slots=True, unsafe_hash=True, init=False)
class Number:
    start: int
    end: int
    surface: str
    value: int
    low: int
    high: int
    is_year: bool = False
    is_percent: bool = False

    def __init__(self, start: int, end: int, surface: str, value: int, low: int, high: int,
                 is_year: bool = False, is_percent: bool = False):
        self.start, self.end, self.surface = start, end, surface
        self.value, self.low, self.high = value, low, high
        self.is_year, self.is_percent = is_year, is_percent


def parse_number(surface: str) -> int | None:
    """Integer value of one number as written; None if it is not one."""
    s = surface.strip().lower().replace("–", "-")
    m = _DIGITS_AND_SCALE.fullmatch(s)
    if m:
        digits = m.group(1)
        digits = digits.replace(",", ".") if _COMMA_DECIMAL.fullmatch(digits) and m.group(2) \
            else digits.replace(",", "").replace(" ", "")
        value = float(digits)
        if m.group(2):
            value *= SCALE_WORDS[m.group(2)]
        return int(round(value))
    return _parse_words(s)


_WORD_BREAK = re.compile(r"[\s-]+")


def _parse_words(s: str) -> int | None:
    words = _WORD_BREAK.split(s)
    total, current, seen = 0.0, 0.0, False
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("and", "of"):
            pass
        elif w in FRACTION_WORDS:
            # "half a million", "one and a half million", "a quarter of a million"
            if current and i >= 2 and words[i - 1] == "a" and words[i - 2] == "and":
                current += FRACTION_WORDS[w] - 1  # the "a" before it already added 1
            elif current == 1 and i >= 1 and words[i - 1] == "a":
                current = FRACTION_WORDS[w]
            elif current:
                current += FRACTION_WORDS[w]
            else:
                current = FRACTION_WORDS[w]
            seen = True
        elif w in NUMBER_WORDS:
            if w in ("a", "an") and i + 1 < len(words) and words[i + 1] in FRACTION_WORDS and current:
                current += 1  # undone by the fraction branch
            elif w in ("a", "an") and current and current < 1:
                pass  # "half a million": the "a" belongs to the fraction
            else:
                current += NUMBER_WORDS[w]
            seen = True
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in ("thousand", "million", "billion"):
            total += (current or 1) * SCALE_WORDS[w]
            current = 0.0
            seen = True
        else:
            return None
        i += 1
    return int(round(total + current)) if seen else None


def number_matches(text: str, start: int, end: int) -> list[re.Match]:
    """The matches of NUMBER.finditer(text, start, end), found faster (see _DIGIT_NUMBER)."""
    found = list(_DIGIT_NUMBER.finditer(text, start, end))
    lowered, base, lo, hi = scan.lowered_span(text, start, end)
    scales = []
    for scale in _SCALE_WORDS:
        i = lowered.find(scale, lo, hi)
        while i != -1:
            scales.append(base + i)
            i = lowered.find(scale, i + len(scale), hi)
    words: list[re.Match] = []
    last = start
    for q in sorted(scales):
        if not _may_end_words(text, start, q):
            continue
        for m in _WORD_NUMBER_RE.finditer(text, max(last, q - _WORD_NUMBER_REACH), min(end, q + 20)):
            if m.start() <= q < m.end():  # the number that ends with this scale word
                words.append(m)
                last = m.end()
                break
    if not words:
        return found
    # Merged as one alternation would find them: leftmost first, never overlapping.
    out, covered = [], start
    for m in sorted(found + words, key=lambda m: (m.start(), m.re is not _DIGIT_NUMBER)):
        if m.start() >= covered:
            out.append(m)
            covered = m.end()
    return out


def _may_end_words(text: str, start: int, q: int) -> bool:
    """Whether a number in words inside text[start:] can end with the scale word at q."""
    if q <= start or text[q - 1] != " ":
        return False  # the pattern puts one space before the scale word
    word = _TRAILING_LETTERS.search(text, max(start, q - 16), q - 1).group()  # type: ignore[union-attr]
    if not word.isascii():
        return True  # re.I folds some non-ASCII letters to ASCII ones: let the pattern decide
    return word.lower() in _BEFORE_SCALE


def range_matches(text: str, start: int, end: int) -> list[re.Match]:
    """The matches of RANGE.finditer(text, start, end), found faster."""
    lowered, _, lo, hi = scan.lowered_span(text, start, end)
    if lowered.find("between", lo, hi) != -1:
        return list(RANGE.finditer(text, start, end))
    if _RANGE_LINK.search(text, start, end) is None:
        return []
    return list(_DASH_RANGE.finditer(text, start, end))


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Numbers in text[start:end], ranges merged into one Number with low/high."""
    end = len(text) if end is None else end
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    for m in range_matches(text, start, end):
        g = m.groupdict()  # "between" ranges fill a1/b1, dash ranges a2/b2
        a, b = (g["a1"], g["b1"]) if g.get("a1") else (g["a2"], g["b2"])
        lo, hi = parse_number(a), parse_number(b)
        if lo is None or hi is None:
            continue
        # "3 to 4 million": the scale of the second applies to the first.
        scale = _LEADING_DIGITS.sub("", b).strip()
        if scale and _ONLY_DIGITS.fullmatch(a.strip()):
            lo = parse_number(f"{a.strip()} {scale}") or lo
        if _YEAR.fullmatch(a) and _YEAR.fullmatch(b):
            continue  # "2014-2022" is a span of years
        if lo > hi:
            continue
        found.append(Number(m.start(), m.end(), m.group(), hi, lo, hi))
        taken.append((m.start(), m.end()))
    for m in number_matches(text, start, end):
        if any(s <= m.start() < e for s, e in taken):
            continue
        value = parse_number(m.group())
        if value is None:
            continue
        surface = m.group()
        is_year = bool(_YEAR.fullmatch(surface))
        is_percent = bool(_PERCENT_AFTER.match(text, m.end(), min(end, m.end() + 12)))
        found.append(Number(m.start(), m.end(), surface, value, value, value, is_year, is_percent))
    found.sort(key=lambda n: n.start)
    return found
