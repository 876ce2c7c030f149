"""Clean an article's text and split it into sentences.

`clean_text` normalizes Unicode and whitespace and drops scraped page furniture
("Also Read: ...", "ADVERTISEMENT"); every offset in the output tables points into its
result. `split_sentences` returns sentence spans over that cleaned text.
"""
from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata

from .scan import WordPattern
from .lexicon import BOILERPLATE_LINE, BOILERPLATE_TAIL, BOILERPLATE_WORD

# Spaces that should behave like a plain space (no-break, thin, narrow no-break, ...).
_ODD_SPACES = re.compile(r"[\u00a0\u2007\u2009\u202f\u2000-\u2006\u2008\u200a\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MULTI_SPACE = re.compile(r" {2,}")

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital,
# digit or opening quote; abbreviations below don't end one.
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Maj|Rep|Sen|Gov|St|Mt|Jr|Sr|No|vs|etc|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est|Inc|Ltd|Co|Corp|Ave|"
    r"Pres|Sec|Min|Amb|Adm|Fr|Rev)|\b[A-Z]|(?:[A-Z]\.)+[A-Z])\.$")


def normalize(text: str) -> str:
    """Unicode NFC, one kind of space, no control or zero-width characters, \\n line ends."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _ODD_SPACES.sub(" ", text)


def clean_text(text: str) -> str:
    """Normalized text with boilerplate lines removed and blank lines squeezed."""
    text = normalize(text)
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    # Inline boilerplate is rare: find it in the whole text once, then edit only its lines.
    hits = sorted(m.start() for pattern in (_INLINE_WORDS, _INLINE_TAIL) for m in pattern.finditer(text))
    lines = []
    line_end = -1
    for line in text.split("\n"):
        line_start, line_end = line_end + 1, line_end + 1 + len(line)
        line = line.strip()
        if not line or BOILERPLATE_LINE.match(line):
            continue
        first_hit = bisect.bisect_left(hits, line_start)
        if first_hit < len(hits) and hits[first_hit] < line_end:
            line = BOILERPLATE_TAIL.sub("", BOILERPLATE_WORD.sub("", line)).strip()
            if not line:
                continue
        lines.append(line)
    return "\n".join(lines)


# Where BOILERPLATE_WORD or BOILERPLATE_TAIL could apply (the tail without its leading
# spaces, so that its words can be searched for directly).
_INLINE_WORDS = WordPattern(BOILERPLATE_WORD)
_INLINE_TAIL = WordPattern(re.compile(BOILERPLATE_TAIL.pattern.removeprefix(r"\s+"), re.M))


def article_id(clean: str) -> str:
    """Stable id from the cleaned text, case and spacing folded, so re-runs skip it."""
    key = " ".join(clean.lower().split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) over `text`; each line is at least one sentence."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        start = 0
        for m in _SENTENCE_END.finditer(line):
            # "U.S. Secretary" or "Mr. Blinken" is not a sentence end.
            word = line[line.rfind(" ", 0, m.start()) + 1:m.start() + 1]  # the abbreviation has no space
            if line[m.start()] == "." and _ABBREVIATIONS.search(word) \
                    and m.group().count(".") == 1 and not line[m.start() - 1: m.start()].isdigit():
                continue
            end = m.end() - len(m.group()) + len(m.group().rstrip())
            spans.append((line_start + start, line_start + end))
            start = m.end()
        if start < len(line):
            spans.append((line_start + start, line_start + len(line.rstrip())))
    return spans


def count_words(text: str) -> int:
    return len(text.split())
