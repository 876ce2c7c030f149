"""Find and parse numbers as written in news: "780,000", "780 000", "1.5 million",
"3.2m", "two million", "half a million", ranges ("between 3,000 and 5,000").

Hand-written rather than quantulum3 or a spaCy model: those run ~10 articles/s here
against a budget of 1,000/s, and they still need the same news-specific rules
(years, money, percentages) on top.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?![\d,])|\d+)(?:\.\d+)?"
_SCALE = r"(?:\s?(?:million|billion|thousand|mln|mn|bn)\b|(?:m|k|bn)\b)"
NUMBER = re.compile(rf"(?<![\w.,]){_DIGITS}{_SCALE}?(?![\w%])|\b{_WORD_NUMBER}\b", re.I)
RANGE = re.compile(
    rf"(?:\bbetween (?P<a1>{_DIGITS}{_SCALE}?|{_WORD_NUMBER}) and (?P<b1>{_DIGITS}{_SCALE}?|{_WORD_NUMBER})"
    rf"|(?<![\w.,])(?P<a2>{_DIGITS}{_SCALE}?) ?(?:-|–|to) ?(?P<b2>{_DIGITS}{_SCALE}?)(?![\w%]))", re.I)
# The same without number words, for text that has no "thousand", "million" or "billion"
# (every number word form needs one): word alternations cost ~4x the digit scan.
_NUMBER_DIGITS = re.compile(rf"(?<![\w.,]){_DIGITS}{_SCALE}?(?![\w%])", re.I)
_RANGE_DIGITS = re.compile(
    rf"(?:\bbetween (?P<a1>{_DIGITS}{_SCALE}?) and (?P<b1>{_DIGITS}{_SCALE}?)"
    rf"|(?<![\w.,])(?P<a2>{_DIGITS}{_SCALE}?) ?(?:-|–|to) ?(?P<b2>{_DIGITS}{_SCALE}?)(?![\w%]))", re.I)
_SCALE_WORDS = ("thousand", "million", "billion")
_DIGITS_AND_SCALE = re.compile(rf"({_DIGITS})\s?(million|billion|thousand|mln|mn|bn|m|k)?")
_LEADING_DIGITS = re.compile(r"^[\d.,\s]+")
_ONLY_DIGITS = re.compile(r"[\d.,]+")
_PERCENT_AFTER = re.compile(r"\s?(?:%|per ?cent\b|percent\b|pct\b|percentage)", re.I)
_YEAR = re.compile(r"(?:1[89]|20|21)\d\d")


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    surface: str
    value: int
    low: int
    high: int
    is_year: bool = False
    is_percent: bool = False


def parse_number(surface: str) -> int | None:
    """Integer value of one number as written; None if it is not one."""
    s = surface.strip().lower().replace("–", "-")
    m = _DIGITS_AND_SCALE.fullmatch(s)
    if m:
        digits = m.group(1).replace(",", "").replace(" ", "")
        value = float(digits)
        if m.group(2):
            value *= SCALE_WORDS[m.group(2)]
        return int(round(value))
    return _parse_words(s)


def _parse_words(s: str) -> int | None:
    words = re.split(r"[\s-]+", s)
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
            current = 0
            seen = True
        else:
            return None
        i += 1
    return int(round(total + current)) if seen else None


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Numbers in text[start:end], ranges merged into one Number with low/high."""
    end = len(text) if end is None else end
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    lowered = text[start:end].lower()
    words = any(w in lowered for w in _SCALE_WORDS)
    for m in (RANGE if words else _RANGE_DIGITS).finditer(text, start, end):
        a, b = (m.group("a1"), m.group("b1")) if m.group("a1") else (m.group("a2"), m.group("b2"))
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
    for m in (NUMBER if words else _NUMBER_DIGITS).finditer(text, start, end):
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
