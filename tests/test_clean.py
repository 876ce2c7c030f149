"""Cleaning and keying an article: the shortcuts in `etl.clean` (a text with nothing to
normalize is left alone, only lines where boilerplate could start are edited, one split for
the id and the word count) give exactly what the plain definitions give."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from etl import clean
from etl.clean import (_CONTROL, _ODD_SPACES, _ZERO_WIDTH, article_id, article_id_and_words, clean_text,
                       count_words, normalize)

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plain_normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _ODD_SPACES.sub(" ", _CONTROL.sub(" ", _ZERO_WIDTH.sub("", text)))


def plain_clean_text(text: str) -> str:
    """clean_text without its shortcuts: every text normalized, every line's inline
    boilerplate looked for, every line matched against the boilerplate pattern."""
    with mock.patch.object(clean, "_needs_normalizing", lambda text: True), \
            mock.patch.object(clean, "_INLINE_STARTS", re.compile("^", re.M)), \
            mock.patch.object(clean, "_may_be_boilerplate", lambda line: True):
        return clean_text(text)


# Pieces that reach every branch: boilerplate (inline, at a line's end, whole lines), the
# characters normalize edits, other Unicode whitespace, and letters that change length
# when lower-cased.
INLINE = ["ADVERTISEMENT", "Advertisement", "SPONSORED", "Related Articles", "Related Stories", "Related News",
          "Also Read:", "Read more:", "Read also:", "More from Reuters", "Recommended for you", "You may also like",
          "Subscribe to our newsletter", "Subscribe to the newsletter", "Share on Facebook", "Share on Twitter",
          "Share on X", "Share on WhatsApp", "Share on LinkedIn", "Share this article", "Share this story",
          "Share this post", "Sign up for"]
PIECES = INLINE + [
    "advertisement", "Photo: AP", "©", "(Reporting by", "Don’t miss", "Tags: war", "ſhare this", "Comments",
    "TRENDING", "Refugees crossed into Poland.", "Kyiv", "said", "\n",
    "\r\n", "\r", " ", "  ", "\t", "\x0b", "\x0c", "\u00a0", "\u2000", "\u2009", "\u200a", "\u200b", "\u2060",
    "\ufeff", "\u00ad", "\x00", "\x1f", "\x7f", "\u2028", "\u2029", "\u202f", "\u3000", "\x85", "\u205f",
    "e\u0301", "İ", "ß", "Σ"]
texts = st.one_of(st.text(max_size=300),
                  st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=40).map(" ".join),
                  st.lists(st.sampled_from(PIECES), max_size=40).map("".join))


@FAST
@given(texts)
@example("Officials said so.\u00a0ADVERTISEMENT\nShare this story")
@example("Buses left Lviv. Related Stories\r\nADVERTISEMENT\n\n\u2028Also Read: More")
def test_clean_text_equals_the_plain_definition(text):
    assert normalize(text) == plain_normalize(text)
    assert clean_text(text) == plain_clean_text(text)


def test_every_character_normalize_edits_is_noticed():
    for c in map(chr, range(0x10000)):  # all that normalize edits are in the first plane
        if not 0xD800 <= ord(c) <= 0xDFFF:
            assert normalize(f"a{c}b") == plain_normalize(f"a{c}b"), hex(ord(c))


@pytest.mark.parametrize("words", INLINE)
def test_inline_boilerplate_is_removed_wherever_it_stands(words):
    text = f"Buses left Lviv. {words} Updates\nKyiv {words}\n{words} ADVERTISEMENT"
    assert clean_text(text) == plain_clean_text(text)


@FAST
@given(texts)
@example("buses  left\u3000LVIV.\n\x85İ")
@example("Buses left Lviv.\nKyiv station was full")
@example("AΣ b")
def test_id_and_word_count_come_from_one_split(text):
    for t in (text, clean_text(text)):
        key = " ".join(t.lower().split())
        assert article_id_and_words(t) == (hashlib.sha256(key.encode()).hexdigest()[:16], len(t.split()))
        assert article_id_and_words(t) == (article_id(t), count_words(t))


@FAST
@given(texts)
@example("Buses  left Lviv.\nADVERTISEMENT Kyiv\u3000station\x85was full")
@example("AΣ b\nİstanbul")
def test_cleaned_text_is_keyed_without_a_split(text):
    cleaned = clean_text(text)
    assert clean.cleaned_id_and_words(cleaned) == article_id_and_words(cleaned)


def plain_split_sentences(text: str) -> list[tuple[int, int]]:
    """The sentence rule read line by line with one pattern: a run of . ! ? (and closing
    quotes or brackets), white space, then a capital, digit or opening quote; an
    abbreviation's single full stop ends nothing."""
    end = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")
    spans, pos = [], 0
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        start = 0
        for m in end.finditer(line):
            word = line[line.rfind(" ", 0, m.start()) + 1:m.start() + 1]
            if line[m.start()] == "." and clean._ABBREVIATIONS.search(word) and m.group().count(".") == 1 \
                    and not line[m.start() - 1:m.start()].isdigit():
                continue
            spans.append((line_start + start, line_start + m.start() + len(m.group().rstrip())))
            start = m.end()
        if start < len(line):
            spans.append((line_start + start, line_start + len(line.rstrip())))
    return spans


SENTENCE_PIECES = ["Buses left Lviv", ". ", "! ", "? ", "?! ", "...", ".\n", "\n", "\n\n", " \n", "Mr. ", "U.S. ",
                   "Dr.", "No. 5", "in 2022. ", "3. ", "\u201cWe left.\u201d ", "(AP) ", "\u3000", "\x85", "\t",
                   "'", "\u2019", ")", "]", "Élan", "kyiv", " "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=30).map("".join))
@example("He said: \u201cGo!\u201d Then Mr. Smith left. 2 buses came.\nNew line")
def test_sentences_split_in_one_pass_as_line_by_line(text):
    assert clean.split_sentences(text) == plain_split_sentences(text)
