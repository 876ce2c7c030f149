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
from collections.abc import Iterator
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


class WordPattern:
    """A compiled pattern searched only where one of its literal prefixes occurs."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.prefixes = literal_prefixes(pattern)
        self.fold = bool(pattern.flags & re.I)
        self.word_start = _starts_with_boundary(list(parser.parse(pattern.pattern, pattern.flags)))

    def starts(self, text: str, start: int = 0, end: int | None = None) -> list[int] | None:
        """Sorted positions in text[start:end] where a prefix occurs (None when lower-casing
        would move offsets, as for 'İ')."""
        end = len(text) if end is None else end
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


@lru_cache(maxsize=4)
def ascii_words(text: str) -> frozenset[str]:
    """The lower-case ASCII words of text (hyphenated kept whole), for cheap "is this word
    there at all" tests before a search. A byte table does this ~4x faster than a regex
    findall; cached because several extractors ask about the same article."""
    return frozenset(text.encode("utf-8", "ignore").translate(_TO_WORDS).decode("ascii").split())


_TO_LETTERS = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))


@lru_cache(maxsize=4)
def letter_prefixes(text: str, n: int = 3) -> frozenset[str]:
    """The first n letters of every run of ASCII letters in text, lower case: a word that
    starts with a given prefix can only be in text if its first n letters are here."""
    words = text.encode("utf-8", "ignore").translate(_TO_LETTERS).decode("ascii").split()
    return frozenset(map(operator.itemgetter(slice(0, n)), words))
