"""Fast search for word-list patterns ("arrived|visited|travelled|...").

Python's `re` tries a big alternation at every character of the text, which costs about
as much as the rest of an article's extraction. A `WordPattern` first finds the literal
words a match must start with using `str.find` (a fast byte search), and runs the full
pattern only at those places. The results equal `pattern.finditer`: every match starts
with one of the prefixes, so trying them in text order finds the same leftmost,
non-overlapping matches.

The prefixes are read from the pattern itself (its parse tree), so the word lists in
`lexicon` stay the one place to edit.
"""
from __future__ import annotations

import operator
import re
import re._constants as C
import re._parser as parser
from collections.abc import Callable, Iterator
from functools import lru_cache

_MAX_PREFIXES = 400


class NoPrefix(ValueError):
    """A pattern that can start without a literal word (e.g. with \\w+)."""


def literal_prefixes(pattern: re.Pattern) -> tuple[str, ...]:
    """The literal starts every match of `pattern` begins with (lower case under re.I)."""
    prefixes, _ = _prefixes(list(parser.parse(pattern.pattern, pattern.flags)), leading=True)
    if not prefixes or "" in prefixes:
        raise NoPrefix(f"no literal start in {pattern.pattern[:60]!r}")
    if pattern.flags & re.I:
        prefixes = {p.lower() for p in prefixes}
    # A prefix that extends a shorter one is found by the shorter one's search.
    short = sorted(prefixes, key=len)
    kept: list[str] = []
    for p in short:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return tuple(sorted(kept))


def _prefixes(items: list, leading: bool) -> tuple[set[str], bool]:
    """(prefixes, complete): complete when the items were literal to their end."""
    out = {""}
    for op, av in items:
        if op is C.AT and leading and out == {""}:
            continue  # a leading \b or ^ adds no characters
        if op is C.LITERAL:
            out = {p + chr(av) for p in out}
            continue
        if op is C.SUBPATTERN:
            sub, complete = _prefixes(list(av[3]), leading and out == {""})
        elif op is C.MAX_REPEAT and av[0] == 0 and av[1] == 1:  # an optional part ("\(?reporting")
            sub, complete = _prefixes(list(av[2]), False)
            sub = sub | {""}
        elif op is C.BRANCH:
            sub, complete = set(), True
            for branch in av[1]:
                s, c = _prefixes(list(branch), leading and out == {""})
                sub |= s
                complete = complete and c
        else:
            return out, False
        if len(out) * len(sub) > _MAX_PREFIXES:
            return out, False
        out = {p + s for p in out for s in sub}
        if not complete:
            return out, False
    return out, True


def _starts_with_boundary(items: list) -> bool:
    """Whether every match begins at a word boundary (a leading \\b on every branch)."""
    if not items:
        return False
    op, av = items[0]
    if op is C.AT:
        return av is C.AT_BOUNDARY
    if op is C.SUBPATTERN:
        return _starts_with_boundary(list(av[3]))
    if op is C.BRANCH:
        return all(_starts_with_boundary(list(b)) for b in av[1])
    return False


_BOUNDARY = "\x00"  # stands for a \b in the strings `_expand` spells out
_MAX_SPELLINGS = 5000


def first_words(pattern: re.Pattern) -> frozenset[str] | None:
    """The whole words (lower case) a match of a word-list pattern can begin with: "held talks|
    hold talks|visit(?:ed|s)?\\b" gives {"held", "hold", "visit", "visited", "visits"}. None when
    they cannot be listed: an open repeat (\\w+) before the first word ends, a first word that
    need not end at a word boundary ("visit" without \\b would also match in "visitors"), or
    letters outside ASCII."""
    try:
        spellings = _expand(list(parser.parse(pattern.pattern, pattern.flags)))
    except NoPrefix:
        return None
    words = set()
    for spelling in spellings:
        spelling = spelling.lstrip(_BOUNDARY)
        word, space, _ = spelling.partition(" ")
        if not space:  # the match ends with its first word: only whole if a \b closes it
            if not word.endswith(_BOUNDARY):
                return None
            word = word.rstrip(_BOUNDARY)
        if not (word.isascii() and word.isalpha()):  # (whole_words splits at other characters)
            return None
        words.add(word.lower() if pattern.flags & re.I else word)
    return frozenset(words)


def _expand(items: list) -> set[str]:
    """Every string the parse tree matches, a \\b spelled as _BOUNDARY (NoPrefix if unbounded)."""
    out = {""}
    for op, av in items:
        if op is C.LITERAL:
            alternatives = {chr(av)}
        elif op is C.AT and av is C.AT_BOUNDARY:
            alternatives = {_BOUNDARY}
        elif op is C.SUBPATTERN:
            alternatives = _expand(list(av[3]))
        elif op is C.BRANCH:
            alternatives = set().union(*(_expand(list(b)) for b in av[1]))
        elif op is C.MAX_REPEAT and av[1] <= 3:
            once = _expand(list(av[2]))
            alternatives, power = set(), {""}
            for n in range(av[1] + 1):
                if n >= av[0]:
                    alternatives |= power
                power = {p + o for p in power for o in once}
        else:
            raise NoPrefix(f"cannot spell out {op}")
        out = {a + b for a in out for b in alternatives}
        if len(out) > _MAX_SPELLINGS:
            raise NoPrefix("too many spellings")
    return out


class WordPattern:
    """A compiled pattern searched only where one of its literal prefixes occurs."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.prefixes = literal_prefixes(pattern)
        self.fold = bool(pattern.flags & re.I)
        self.word_start = _starts_with_boundary(list(parser.parse(pattern.pattern, pattern.flags)))
        # With the whole first words listed, only those among the text's words are searched for.
        self.first_words = first_words(pattern) if self.word_start and self.fold else None

    def starts(self, text: str, start: int = 0, end: int | None = None) -> list[int] | None:
        """Sorted positions in text[start:end] where a prefix occurs (None when lower-casing
        would move offsets, as for 'İ')."""
        end = len(text) if end is None else end
        # (Unless the span ends inside an ASCII word: its last word is then cut short, and
        # the text's words do not list it.)
        if self.first_words is not None and (end == len(text) or not (text[end].isascii() and text[end].isalnum())):
            low = lowered(text)
            if low is not None:
                return self._word_starts(text, low, start, end)
        hay = text[start:end]
        if self.fold:
            hay = hay.lower()
            if len(hay) != end - start:
                return None
        found = []
        # Skip prefixes whose first three letters start no word of the text (a set lookup
        # instead of a search); only sound when matches start at a word boundary.
        present = letter_prefixes(text) if self.word_start and self.fold else None
        for p in self.prefixes:
            if present is not None and len(p) >= 3 and p[:3].isalpha() and p[:3] not in present:
                continue
            i = hay.find(p)
            while i != -1:
                # Inside a word a leading \b cannot hold: skip the match() call there. (At
                # the span's start match() itself looks at the character before.)
                if not self.word_start or i == 0 or not (hay[i - 1].isalnum() or hay[i - 1] == "_"):
                    found.append(start + i)
                i = hay.find(p, i + 1)
        found.sort()
        return found

    def _word_starts(self, text: str, low: str, start: int, end: int) -> list[int]:
        """`starts` by the first words that are words of the text (a set intersection), each
        searched for in the lower-cased text, instead of every prefix."""
        found = []
        assert self.first_words is not None
        for word in self.first_words.intersection(whole_words(text)):
            i = low.find(word, start, end)
            while i != -1:
                if i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_"):
                    found.append(i)
                i = low.find(word, i + 1, end)
        found.sort()
        return found

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
        """The matches of pattern.finditer(text, start, end), found faster."""
        end = len(text) if end is None else end
        starts = self.starts(text, start, end)
        if starts is None:
            yield from self.pattern.finditer(text, start, end)
            return
        covered = start
        for i in starts:
            if i < covered:
                continue
            m = self.pattern.match(text, i, end)  # \b and lookbehinds see the text before i
            if m:
                covered = max(m.end(), i + 1)
                yield m

    def search(self, text: str, start: int = 0, end: int | None = None) -> re.Match | None:
        return next(self.finditer(text, start, end), None)


# Byte table for `ascii_words`: letters to lower case, digits and '-' kept, the rest spaces.
_TO_WORDS = bytes(c + 32 if 65 <= c <= 90 else c if (97 <= c <= 122 or 48 <= c <= 57 or c == 45) else 32
                  for c in range(256))


def ascii_words(text: str) -> frozenset[str]:
    """The lower-case ASCII words of text (hyphenated kept whole), for cheap "is this word
    there at all" tests before a search. A byte table does this ~4x faster than a regex
    findall; cached because several extractors ask about the same article."""
    return _word_sets(text)[0]


def whole_words(text: str) -> frozenset[str]:
    """`ascii_words` plus each part of a hyphenated word ("mid-march": "mid", "march")."""
    return _word_sets(text)[1]


@lru_cache(maxsize=4)
def letter_prefixes(text: str) -> frozenset[str]:
    """The first three characters of every word of text and of every part of a hyphenated
    one, lower case: a match that starts at a word boundary with a given prefix of three
    letters can only be in text if that prefix is here."""
    return frozenset(map(operator.itemgetter(slice(0, 3)), whole_words(text)))


_AFTER_HYPHEN = re.compile(r"-([a-z0-9]+)")


@lru_cache(maxsize=4)
def _word_sets(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(ascii_words, whole_words) from one byte translation of the text."""
    flat = text.encode("utf-8", "ignore").translate(_TO_WORDS).decode("ascii")
    words = frozenset(flat.split())
    parts = words
    if "-" in flat:  # "mid-march": "march" starts at a word boundary too
        parts = words.union(_AFTER_HYPHEN.findall(flat), (w.partition("-")[0] for w in words if "-" in w))
    return words, parts


class NotCaseless(ValueError):
    """A pattern `Caseless` cannot fold (no re.I, or a construct it does not handle)."""


# Characters that re.I matches to an ASCII letter but str.lower() leaves alone (ı ~ i,
# ſ ~ s), and the other case-fold oddities of re's table; a text holding any of them is
# searched with the plain pattern.
_ODD_FOLDS = re.compile("[ıſµͅιϐϵϑϰϖϱςϕﬅﬆṡẛ]")


_ASCII_BYTES = bytes(range(128))


# A few articles' copies, not a chunk's: an article may be a million characters long.
@lru_cache(maxsize=8)
def lowered(text: str) -> str | None:
    """text.lower() when it keeps every offset and re.I folds nothing it misses (cached: the
    extractors share one lower-cased copy of the article)."""
    if not text.isascii():
        # str.lower() looks up every character of a text that is not all ASCII (a curly quote
        # is enough), twice the time of this: when no character outside ASCII changes case,
        # lower-casing the ASCII letters of its UTF-8 bytes gives the same text.
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            raw = b""
        others = raw.translate(None, _ASCII_BYTES).decode("utf-8") if raw else ""
        if others and others.lower() == others and not _ODD_FOLDS.search(others):
            return raw.lower().decode("utf-8")
    low = _str_lower(text)
    if len(low) != len(text) or (not text.isascii() and _ODD_FOLDS.search(text)):
        return None
    return low


# Python's own str.lower, called as a function: compiled, `text.lower()` becomes mypyc's,
# which lower-cases letter by letter ("ΑΣ" gives "ασ", where Python gives the final "ας").
_str_lower: Callable[[str], str] = str.lower


def lowered_span(text: str, start: int, end: int) -> tuple[str, int, int, int]:
    """(lower-cased text, offset to add, lo, hi): text[start:end] lower-cased is
    result[0][lo:hi], and a position i in it is base + i in `text`. The article's shared copy
    where lower-casing keeps offsets; else the span alone, lower-cased."""
    low = lowered(text)
    if low is None:
        return text[start:end].lower(), start, 0, end - start
    return low, 0, start, end


class Caseless:
    """A case-insensitive pattern searched as a case-sensitive one on the lower-cased text,
    each hit confirmed by the original pattern at that spot.

    Under re.I, re compares each branch of a word list letter by letter with case folding;
    on lower-case text the case-sensitive pattern rejects a branch at its first letter, which
    makes long word lists ~2.5x faster to search. The folded pattern matches wherever the
    original does (a `(?-i:...)` part is relaxed to case-insensitive), so confirming each hit
    with `pattern.match` there gives exactly `pattern.search`'s answer, groups included.
    """

    def __init__(self, pattern: re.Pattern):
        if not pattern.flags & re.I:
            raise NotCaseless(f"not case-insensitive: {pattern.pattern[:60]!r}")
        self.pattern = pattern
        tree = parser.parse(pattern.pattern, pattern.flags)
        tree.data = _fold(list(tree.data), negated=False)
        tree.state.flags &= ~re.I
        self.folded = re._compiler.compile(tree, pattern.flags & ~re.I)  # type: ignore[attr-defined]

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        endpos = len(text) if endpos is None else endpos
        low = lowered(text)
        if low is None:
            return self.pattern.search(text, pos, endpos)
        while True:
            hit = self.folded.search(low, pos, endpos)
            if hit is None:
                return None
            m = self.pattern.match(text, hit.start(), endpos)
            if m is not None:
                return m
            pos = hit.start() + 1

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        endpos = len(text) if endpos is None else endpos
        low = lowered(text)
        if low is not None and self.folded.match(low, pos, endpos) is None:
            return None  # where the folded pattern fails, the original fails too
        return self.pattern.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        endpos = len(text) if endpos is None else endpos
        while pos <= endpos:
            m = self.search(text, pos, endpos)
            if m is None:
                return
            yield m
            pos = m.end() if m.end() > m.start() else m.end() + 1


def _fold_char(code: int) -> int:
    low = chr(code).lower()
    if len(low) != 1:
        raise NotCaseless(f"{chr(code)!r} lower-cases to {len(low)} characters")
    return ord(low)


def _fold(items: list, negated: bool) -> list:
    """The parse tree for lower-case text. `negated`: inside a negative lookaround, where
    relaxing a case-sensitive part would make the pattern match less, not more."""
    out = []
    for op, av in items:
        if op is C.LITERAL or op is C.NOT_LITERAL:
            av = _fold_char(av)
        elif op is C.IN:
            av = _fold_set(av)
        elif op is C.SUBPATTERN:
            group, add, delete, sub = av
            if (add | delete) & re.I and negated:
                raise NotCaseless("a case switch inside a negative lookaround")
            av = (group, add & ~re.I, delete & ~re.I, _subtree(sub, negated))
        elif op is C.BRANCH:
            av = (av[0], [_subtree(b, negated) for b in av[1]])
        elif op is C.MAX_REPEAT or op is C.MIN_REPEAT:
            av = (av[0], av[1], _subtree(av[2], negated))
        elif op is C.ASSERT or op is C.ASSERT_NOT:
            av = (av[0], _subtree(av[1], negated or op is C.ASSERT_NOT))
        elif op not in (C.AT, C.ANY, C.GROUPREF):
            raise NotCaseless(f"unsupported {op}")
        out.append((op, av))
    return out


def _subtree(sub, negated: bool):
    sub.data = _fold(list(sub.data), negated)
    return sub


def _fold_set(items: list) -> list:
    """A character set plus the lower case of each of its members (of ranges up to 300 long)."""
    out = list(items)
    for op, av in items:
        if op is C.LITERAL:
            out.append((C.LITERAL, _fold_char(av)))
        elif op is C.RANGE:
            lo, hi = av
            cased = [c for c in range(lo, hi + 1) if chr(c).lower() != chr(c)] if hi - lo <= 300 else None
            if cased is None:
                raise NotCaseless("a long character range")
            out += [(C.LITERAL, _fold_char(c)) for c in cased]
        elif op not in (C.NEGATE, C.CATEGORY):
            raise NotCaseless(f"unsupported {op} in a character set")
    return out


_FAST: dict[re.Pattern, Caseless | re.Pattern] = {}


def fast(pattern: re.Pattern) -> Caseless | re.Pattern:
    """`Caseless(pattern)` where it applies, else the pattern itself (same search API); made
    once per pattern."""
    found = _FAST.get(pattern)
    if found is None:
        try:
            found = Caseless(pattern)
        except NotCaseless:
            found = pattern
        _FAST[pattern] = found
    return found
