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

from .scan import literal_prefixes, lowered
from .lexicon import BOILERPLATE_LINE, BOILERPLATE_TAIL, BOILERPLATE_WORD, LINK_LIST_HEADING

# Spaces that should behave like a plain space (no-break, thin, narrow no-break, ...).
# With _CONTROL and the line breaks, these are all of str.split's white space but " " and "\n".
_ODD_SPACES = re.compile(r"[\u00a0\u2007\u2009\u202f\u2000-\u2006\u2008\u200a\t\f\v\x85\u1680\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MULTI_SPACE = re.compile(r" {2,}")
# Every character `normalize` edits after NFC, as one class (re merges the alternatives):
# most texts have none, and one search for them costs less than the edits.
_TO_NORMALIZE = re.compile("|".join(p.pattern for p in (_ODD_SPACES, _ZERO_WIDTH, _CONTROL)) + "|[\r\u2028\u2029]")

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space (not a line
# break: lines are split apart anyway) and a capital, digit or opening quote; abbreviations
# below don't end one.
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*[^\S\n]+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")
# The same for a text with no "!" or "?": it starts with a literal, which re finds ~10x faster
# than a character class.
_PERIOD_END = re.compile(r"\.[.!?]*[\"'”’)\]]*[^\S\n]+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Maj|Rep|Sen|Gov|St|Mt|Jr|Sr|No|vs|etc|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est|Inc|Ltd|Co|Corp|Ave|"
    r"Pres|Sec|Min|Amb|Adm|Fr|Rev)|\b[A-Z]|(?:[A-Z]\.)+[A-Z])\.$")


def normalize(text: str) -> str:
    """Unicode NFC, one kind of space, no control or zero-width characters, \\n line ends."""
    text = unicodedata.normalize("NFC", text)
    if not _needs_normalizing(text):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _ODD_SPACES.sub(" ", text)


# Printable ASCII and the line feed: none of them is edited.
_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b"\n"


def _needs_normalizing(text: str) -> bool:
    """_TO_NORMALIZE.search(text), looked for only among the characters that are not plain
    ASCII: dropping those from the UTF-8 bytes is several times faster than the search."""
    try:
        rest = text.encode("utf-8").translate(None, _PLAIN_BYTES)
    except UnicodeEncodeError:  # a lone surrogate
        return _TO_NORMALIZE.search(text) is not None
    return bool(rest) and _TO_NORMALIZE.search(rest.decode("utf-8")) is not None


def clean_text(text: str) -> str:
    """Normalized text with boilerplate lines removed and blank lines squeezed."""
    text = normalize(text)
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    # Inline boilerplate is rare: find where it could start in the whole text once, then edit
    # only those lines (an edit of a line without it changes nothing).
    hits = [m.start() for m in _INLINE_STARTS.finditer(text)]
    lines = []
    line_end = -1
    in_links = False  # inside a list of links under a "Related Articles" heading
    for line in text.split("\n"):
        line_start, line_end = line_end + 1, line_end + 1 + len(line)
        line = line.strip()
        if not line:
            in_links = False
            continue
        if _may_be_boilerplate(line) and BOILERPLATE_LINE.match(line):
            in_links = in_links or bool(LINK_LIST_HEADING.match(line))
            continue
        if in_links and _LINK_LINE.match(line):
            continue  # "Italy's Meloni signs migrant deal with Albania": another story's headline
        in_links = False
        first_hit = bisect.bisect_left(hits, line_start)
        if first_hit < len(hits) and hits[first_hit] < line_end:
            line = BOILERPLATE_TAIL.sub("", BOILERPLATE_WORD.sub("", line)).strip()
            if not line:
                continue
        lines.append(line)
    return "\n".join(lines)


# How a boilerplate line can begin (lines are stripped, so the pattern's leading \s* matches
# nothing): most lines are told apart by their first three letters, without the whole pattern.
_LINE_STARTS = literal_prefixes(re.compile(BOILERPLATE_LINE.pattern.removeprefix(r"^\s*"), BOILERPLATE_LINE.flags))
_LINE_HEADS = frozenset(p[:3] for p in _LINE_STARTS if len(p) >= 3)
_SHORT_STARTS = tuple(p for p in _LINE_STARTS if len(p) < 3)


def _may_be_boilerplate(line: str) -> bool:
    head = line[:3]
    if not head.isascii():  # re.I also folds some letters outside ASCII to ASCII ones ("ſ")
        return True
    head = head.lower()
    return head in _LINE_HEADS or head.startswith(_SHORT_STARTS)


# A headline in a list of links: a bullet, or a short line with no sentence end.
_LINK_LINE = re.compile(r"[•·*–-]\s|.{1,110}(?<![.!?\"”’')])$")


def _starts_of(*patterns: re.Pattern) -> re.Pattern:
    """One pattern for the literal words any match of `patterns` begins with: re finds the
    first of a list of words in one pass, several times faster than a str.find per word."""
    words = sorted({w for p in patterns for w in literal_prefixes(p)}, key=len, reverse=True)
    fold = any(p.flags & re.I for p in patterns)
    return re.compile("|".join(map(re.escape, words)), re.I if fold else 0)


# Where BOILERPLATE_WORD or BOILERPLATE_TAIL could apply (the tail without its leading
# spaces, so that its words can be searched for directly).
_INLINE_STARTS = _starts_of(BOILERPLATE_WORD, re.compile(BOILERPLATE_TAIL.pattern.removeprefix(r"\s+"), re.M))


def article_id(clean: str) -> str:
    """Stable id from the cleaned text, case and spacing folded, so re-runs skip it."""
    return article_id_and_words(clean)[0]


def article_id_and_words(clean: str) -> tuple[str, int]:
    """`article_id` and `count_words` from one split (lower-casing keeps every whitespace
    character whitespace and every other character not, so the words are as many)."""
    words = clean.lower().split()
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:16], len(words)


def cleaned_id_and_words(clean: str) -> tuple[str, int]:
    """`article_id_and_words` for `clean_text`'s output, without splitting it into words: its
    only white space is single spaces within lines and line breaks between them."""
    if "  " in clean:  # boilerplate taken from inside a line can leave two spaces
        return article_id_and_words(clean)
    # scan.lowered equals clean.lower() wherever it gives a copy, and makes it about twice as
    # fast from the UTF-8 bytes (and the extractors may find it still cached).
    folded = (lowered(clean) or clean.lower()).replace("\n", " ")
    n_words = folded.count(" ") + 1 if folded else 0
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16], n_words


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) over `text`; each line is at least one sentence."""
    # One search over the whole text, not one per line: a sentence end's space stops at a
    # line break (see _SENTENCE_END), so no match spans two lines.
    ends = (_SENTENCE_END if "?" in text or "!" in text else _PERIOD_END).finditer(text)
    m = next(ends, None)
    spans: list[tuple[int, int]] = []
    line_start = 0
    n = len(text)
    while line_start <= n:
        line_end = text.find("\n", line_start)
        if line_end == -1:
            line_end = n
        start = line_start
        while m is not None and m.start() < line_end:
            ms = m.start()
            # "U.S. Secretary" or "Mr. Blinken" is not a sentence end.
            word = text[max(text.rfind(" ", line_start, ms) + 1, line_start):ms + 1]  # no space in it
            group = m.group()
            if text[ms] == "." and _ABBREVIATIONS.search(word) and group.count(".") == 1 \
                    and not (ms > line_start and text[ms - 1].isdigit()):
                m = next(ends, None)
                continue
            spans.append((start, m.end() - len(group) + len(group.rstrip())))
            start = m.end()
            m = next(ends, None)
        rest = text[start:line_end]
        if rest.strip():  # the line's last sentence (or a line of one)
            spans.append((start, start + len(rest.rstrip())))
        line_start = line_end + 1
    return spans


def count_words(text: str) -> int:
    return len(text.split())
