"""etl.scan: the fast word-pattern search finds exactly what re's finditer finds."""
import re

import pytest
from hypothesis import example, given, settings, strategies as st

from etl import lexicon as lx
from etl import scan
from etl.dates import _YEAR_START
from etl.visits import _VISIT_VERBS

def _word_patterns() -> dict[str, scan.WordPattern]:
    out = {}
    for name, p in vars(lx).items():
        if isinstance(p, re.Pattern):
            try:
                out[name] = scan.WordPattern(p)
            except scan.NoPrefix:
                pass
    out["visit verbs"] = _VISIT_VERBS
    out["years"] = _YEAR_START
    return out


WORD_PATTERNS = _word_patterns()
# Words the patterns look for, mixed with look-alikes and odd characters.
PIECES = ["arrived", "visited", "Visiting", "travelled", "flew", "go", "government", "ago", "met",
          "metres", "is in", "was in", "will be in", "talks", "UN", "U.N.", "United Nations", "NATO",
          "fled", "crossed", "registered", "He", "She", "The minister", "ADVERTISEMENT", "2022-03-05",
          "1999-12-31", "20221-01-01", "due to visit", "made a surprise visit", "İstanbul", "ǅ",
          " ", " ", ", ", ". ", "\n", "-", "'s", "’", "x", "é", "_", "9", "re-", "-and", "island", "crisis",
          "Is", "ſ", "K"]


def test_every_lexicon_word_list_is_covered():
    assert {"MOVEMENT_CUES", "ORGANISATIONS", "visit verbs"} <= set(WORD_PATTERNS)


@st.composite
def text_and_span(draw, pieces: list[str], max_size: int):
    """A text made of `pieces` and a span (start, end) inside it."""
    text = "".join(draw(st.lists(st.sampled_from(pieces), max_size=max_size)))
    start = draw(st.integers(0, len(text)))
    return text, start, draw(st.integers(start, len(text)))


@settings(max_examples=300, deadline=None)
@given(text_and_span(PIECES, 40))
def test_same_matches_as_finditer(case):
    text, start, end = case
    for name, wp in WORD_PATTERNS.items():
        expected = [m.span() for m in wp.pattern.finditer(text, start, end)]
        assert [m.span() for m in wp.finditer(text, start, end)] == expected, name


@pytest.mark.parametrize("pattern, prefixes", [
    (r"\b(?:arriv(?:ed|es)|visit)\b", ("arrive", "visit")),           # up to the first class [ds]
    (r"\b(?:fl(?:ew|y)|meet|meeting)\b", ("flew", "fly", "meet")),   # "meeting" is found by "meet"
    (r"(?:19|20)\d\d", ("19", "20")),                                  # stops at the first class
    (r"\(?reporting by", ("(reporting by", "reporting by")),          # an optional part, or not
])
def test_prefixes_are_read_from_the_pattern(pattern, prefixes):
    assert scan.literal_prefixes(re.compile(pattern, re.I)) == prefixes


@pytest.mark.parametrize("pattern", [r"\w+ fled", r"(?:\d+|many) people", r"a*b"])
def test_a_pattern_that_can_start_anywhere_is_refused(pattern):
    with pytest.raises(scan.NoPrefix):
        scan.WordPattern(re.compile(pattern))


@pytest.mark.parametrize("pattern, words", [
    (r"\b(?:held talks|visit(?:ed|s)?|fl(?:ew|y))\b", {"held", "visit", "visited", "visits", "flew", "fly"}),
    (r"\b(?:made a (?:surprise )?visit|met)\b", {"made", "met"}),
    (r"\bvisit", None),               # also inside "visitors": not a whole word
    (r"\b(?:escap\w+|fled)\b", None),  # open-ended
    (r"\b(?:mid-march|fled)\b", None),  # whole_words splits at the hyphen
])
def test_first_words_are_spelled_out_from_the_pattern(pattern, words):
    assert scan.first_words(re.compile(pattern, re.I)) == words


def test_visit_verbs_are_searched_by_their_first_words():
    assert _VISIT_VERBS.first_words is not None and {"arrived", "talks", "is", "made"} <= _VISIT_VERBS.first_words


def test_word_sets_fold_case_and_split_on_punctuation():
    assert scan.ascii_words("The Vice-President's trip, 2022.") >= {"the", "vice-president", "s", "trip", "2022"}
    assert scan.letter_prefixes("mid-March 5th, Saturday") >= {"mid", "mar", "sat"}
    assert "mar" not in scan.letter_prefixes("summary and remarks")  # only where a word starts


# --- Other shortcuts that must give the answers of the plain pattern. ---

DATE_PIECES = ["on Monday", "in 2022", "by the end of 2021", "2015-16", "since 2014", "2,022", "1999.5", "last Friday", "5 March 2022", "March 5", "mid-March 2022", "the end of May 2023",
               "2022-03-05", "yesterday", "since February", "in May", "May 2022", "Saturday night", "31 February",
               "by Sunday", "a week ago", "Xmay 2022", "the", "on the night of", "and", "12", ",", " ", " ", ". ",
               "Sept. 5", "5th of March", "earlier this month", "later this week", "two weeks ago", "During",
               "from April", "Until", "today", "Beginning of June 2023", "mid", "throughout", "at ",
               "At the end of 2022", "the first half of", "later on Sunday", "One"]


def _date_at_by_finditer(text, pos, lo, hi):
    """What find_dates_by_sentence did before date_at: scan the whole window."""
    from etl.dates import DATE
    for m in DATE.finditer(text, lo, hi):
        if m.end() <= pos:
            continue
        if m.start() > pos:
            return None
        return m
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=14), st.data())
def test_date_at_equals_scanning_the_window(pieces, data):
    from etl.dates import date_at
    text = "".join(pieces)
    pos = data.draw(st.integers(0, len(text)))
    lo = data.draw(st.integers(max(0, pos - 25), pos))
    hi = data.draw(st.integers(pos, min(len(text), pos + 40)))
    got, want = date_at(text, pos, lo, hi), _date_at_by_finditer(text, pos, lo, hi)
    assert (got and got.span()) == (want and want.span())


NUMBER_PIECES = ["780,000", "780 000", "1.5", "3.2m", "12k", "2bn", "between 3,000 and 5,000", "3 to 4",
                 "2014-2022", "a hundred", "one", "twenty-two", "half a", "12%", "US$5", "v2", " million",
                 " thousand", "billion", " and a half", "between", " and ", "two", "a", " ", ", ", ". ", "-",
                 "$", "a quarter of a", "seventeen", " hundred", "To", "–", "x", "é", "1,5", "2,25", " mln"]


@settings(max_examples=500, deadline=None)
@given(text_and_span(NUMBER_PIECES, 16))
def test_number_and_range_scans_equal_the_plain_patterns(case):
    from etl import numbers
    text, start, end = case
    assert [m.span() for m in numbers.number_matches(text, start, end)] == \
        [m.span() for m in numbers.NUMBER.finditer(text, start, end)]
    assert [m.span() for m in numbers.range_matches(text, start, end)] == \
        [m.span() for m in numbers.RANGE.finditer(text, start, end)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AUSBéÀÉzsaxΩß.'’ -1_", max_size=30))
def test_capitalized_tokens_equal_the_plain_pattern(text):
    from etl.places import CAP_TOKEN
    plain = re.compile(r"(?:[A-Z]\.){2,}|[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’](?![sS]\b)[^\W\d_]+)*")
    assert [m.span() for m in CAP_TOKEN.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("pattern, bounded", [
    (r"\b(?:fled|crossed)\b", True), (r"\bfled|crossed", False), (r"(?:\bfoo|\bbar)z", True), (r"flee", False)])
def test_a_word_start_is_required_only_when_every_branch_starts_with_one(pattern, bounded):
    wp = scan.WordPattern(re.compile(pattern))
    assert wp.word_start is bounded
    text = "outcrossed, xfled and fled"
    assert [m.span() for m in wp.finditer(text)] == [m.span() for m in wp.pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NUMBER_PIECES + ["Hundreds", "Thousands fled. ", "He left", ".\n", "! "]),
                max_size=20))
def test_number_hint_picks_the_sentences_the_one_pass_alternation_picks(pieces):
    import bisect
    from etl.clean import split_sentences
    from etl.extract import _number_sentences
    text = "".join(pieces)
    sentences = split_sentences(text)
    starts = [s0 for s0, _ in sentences]
    plain = {bisect.bisect_right(starts, m.start()) - 1
             for m in re.finditer(r"\d+|illion|thousand|hundred", text)} if sentences else set()
    assert _number_sentences(text, sentences) == plain


def _caseless_patterns() -> dict[str, scan.Caseless]:
    """Every case-insensitive pattern of the extractors that Caseless can fold."""
    from etl import counts, dates, visits
    out = {}
    for module in (lx, counts, dates, visits):
        for name, p in vars(module).items():
            if isinstance(p, scan.Caseless):  # made so by the module itself
                out[f"{module.__name__}.{name}"] = p
            elif isinstance(p, re.Pattern) and p.flags & re.I:
                try:
                    out[f"{module.__name__}.{name}"] = scan.Caseless(p)
                except scan.NotCaseless:
                    pass
    return out


CASELESS = _caseless_patterns()
CASE_PIECES = PIECES + ["FLED", "Fled", "Come to", "came to", " Germany", " power", "WILL", "Will travel",
                        "next week", "I", "ı", "ſ", "K", "sınce", "Since February", "SINCE the invasion",
                        "taken in", "TAKEN IN", "’ll", "'LL", "Has Received", "hosts", "is home to, over",
                        "remains the world's largest refugee-hosting country, with"]


def test_most_extractor_patterns_can_be_folded():
    assert {"etl.lexicon.MOVEMENT_CUES", "etl.lexicon.FUTURE_MARKERS", "etl.lexicon.NON_FIGURE_BEFORE",
            "etl.counts._HOST_BEFORE_NUMBER"} <= set(CASELESS)


@settings(max_examples=300, deadline=None)
@given(text_and_span(CASE_PIECES, 30))
def test_caseless_search_equals_the_case_insensitive_pattern(case):
    text, start, end = case
    for name, c in CASELESS.items():
        expected = [(m.span(), m.groups()) for m in c.pattern.finditer(text, start, end)]
        assert [(m.span(), m.groups()) for m in c.finditer(text, start, end)] == expected, name


@pytest.mark.parametrize("pattern", [r"fled", r"(?!(?-i:[A-Z]))x"])
def test_caseless_refuses_what_it_cannot_fold(pattern):
    with pytest.raises(scan.NotCaseless):
        scan.Caseless(re.compile(pattern, re.I if pattern != "fled" else 0))


@settings(max_examples=300, deadline=None)
@given(text_and_span(CASE_PIECES + DATE_PIECES, 30))
def test_caseless_match_equals_the_case_insensitive_match(case):
    text, start, end = case
    for name, c in CASELESS.items():
        for pos in range(start, end + 1, 3):
            want = c.pattern.match(text, pos, end)
            got = c.match(text, pos, end)
            assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), name


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES + ["decided", "Marching", "Monday nightly", "Mays", "weeks",
                                               " years", "Sept.", "May.", "\n", "He said "]), max_size=16))
def test_dates_found_from_trigger_words_are_those_found_from_every_word(pieces):
    """The trigger words (whole month, weekday and relative words) miss no date: trying the
    date pattern at every word start finds the same dates."""
    import datetime as dt
    from unittest import mock
    from etl import dates
    from etl.clean import split_sentences
    text = "".join(pieces)
    sentences = split_sentences(text)
    published = dt.date(2022, 3, 5)
    words = re.compile(r"\w+")

    def every_word(t, a, b):
        return [m.start() for m in words.finditer(t, a, b)]
    want = dates.find_dates_by_sentence(text, published, sentences)
    with mock.patch.object(dates, "_trigger_positions", every_word):
        assert dates.find_dates_by_sentence(text, published, sentences) == want


PLACE_PIECES = ["Poland", "New York", "the U.S.", "U.S.", "Rzeszów", "Kyiv's", "Georgia", "Chad", "Washington",
                "The", "New", "Ukrainians", "Côte d’Ivoire", "NATO", "Mr.", "said", "in", " ", " ", ". ", "! ",
                ".\n", "\n", ", ", "’s", "Jordan", "Przemyśl", "of", "-", "9"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PLACE_PIECES), max_size=30))
def test_places_found_in_one_pass_equal_those_found_sentence_by_sentence(pieces):
    from etl.clean import split_sentences
    from etl.places import find_places, places_by_sentence
    text = "".join(pieces)
    sentences = split_sentences(text)
    one_pass = places_by_sentence(text, sentences)
    assert one_pass == \
        {i: ps for i, (s0, s1) in enumerate(sentences) if (ps := find_places(text, s0, s1))}


def plain_lowered(text: str) -> str | None:
    low = text.lower()
    if len(low) != len(text) or re.search("[ıſµͅιϐϵϑϰϖϱςϕﬅﬆṡẛ]", text):
        return None
    return low


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["Kyiv", "KYIV", " ", "\u201c", "\u2019", "é", "É", "Ł", "ł", "ΑΣ", "Σ b",
                                           "İ", "ı", "ſ", "ß", "\ud800", "Ж", "ж", "\u2014", "A"]),
                          st.text(max_size=4)), max_size=12).map("".join))
@example("Refugees in Łódź \u201cwaited\u201d")
@example("\u201cKYIV\u201d")
def test_lowered_copy_equals_str_lower(text):
    scan.lowered.cache_clear()
    assert scan.lowered(text) == plain_lowered(text)


NAME_PIECES = ["Olaf Scholz", "Annalena Baerbock", "Foreign Minister", "Mr. Blinken", "al-Sisi", "von der Leyen",
               ", ", ",", " ", "  ", "the ", "a ", "German ", "chancellor", "said", "x", "Kyiv", ".", "\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=16).map("".join), st.data())
def test_name_before_a_title_is_searched_only_where_it_can_match(text, data):
    from etl import people
    pos = data.draw(st.integers(0, len(text)))
    want = people._NAME_BEFORE.search(text, max(0, pos - 90), pos)
    got = people._name_before(text, pos)
    assert (got and (got.span(), got.groupdict())) == (want and (want.span(), want.groupdict()))


def test_a_capitalised_word_longer_than_the_name_window_is_read_cut_short():
    from etl.places import find_places
    long_word = "Ab" + "c" * 100
    text = f"{long_word} Poland, New {long_word} York, New York City and U.S. officials"
    assert [p.surface for p in find_places(text)] == ["Poland", "York", "New York City", "U.S."]


SURNAME_PIECES = ["Blinken", "Biden", "Orbán", "Erdoğan", "Guterres", "'s", "’s", "-led", "x", "2", "_", " ", ", ",
                  "(", ")", ".", "\n", "Antony ", "Mr ", "BLINKEN", "blinken", "al-"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SURNAME_PIECES), max_size=12).map("".join))
@example("Antony Blinken met Erdoğan; xBlinken, Biden's and Biden-led are other words")
def test_officials_are_found_by_surnames_that_stand_as_words(text):
    from etl import people
    word_char = re.compile(r"[\w'’-]")
    standing = {m.group() for m in people._CAPWORD.finditer(text)
                if m.start() == 0 or not word_char.match(text, m.start() - 1)}
    assert people._surnames_in(text) == people._OFFICIALS_BY_SURNAME.keys() & standing
