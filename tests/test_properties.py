"""Property-based tests (hypothesis) of the extraction entry point and its parsers.

Whatever the text and publication date, `etl.extract_article` returns rows whose offsets
point into the cleaned text it returns, and never raises.
"""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings, strategies as st

from etl import extract_article
from etl.clean import clean_text, split_sentences
from etl.ingest import decode, parse_date
from etl.numbers import parse_number

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TABLES = ("refugee_counts", "visits", "mentions", "dates")

# Words that steer text into the extractors' interesting paths.
WORDS = ["Ukrainians", "refugees", "fled", "crossed", "into", "Poland", "Moldova", "Kyiv", "Kiev", "Rzeszów",
         "Georgia", "Jordan", "Chad", "NATO", "Washington", "said", "visited", "will", "travel", "to", "met",
         "President", "Antony", "Blinken", "Secretary", "since", "the", "invasion", "on", "Saturday", "yesterday",
         "last", "week", "March", "5", "2022", "about", "more", "than", "million", "half", "a", "thousand",
         "1.5", "780,000", "780 000", "%", "$", "troops", "killed", ".", ",", "\n", "\"", "(", ")", "Mr.", "U.S."]

PUBLISHED_EDGES = [dt.date(2020, 2, 29), dt.date(2024, 2, 29), dt.date(2022, 12, 31), dt.date(2023, 1, 1),
                   dt.date(2022, 3, 1), dt.date(2022, 2, 28), dt.date(2021, 12, 31), dt.date(2000, 2, 29),
                   dt.date(1990, 1, 1), dt.date(2030, 12, 31)]
published_dates = st.one_of(st.none(), st.sampled_from(PUBLISHED_EDGES),
                            st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))

word_soup = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=80).map(" ".join)

digit_groups = st.one_of(
    st.from_regex(r"\A[1-9]\d{0,2}(,\d{3}){0,4}\Z"),
    st.from_regex(r"\A[1-9]\d{0,2}(\.\d{3}){0,4}\Z"),
    st.from_regex(r"\A[1-9]\d{0,2}( \d{3}){0,4}\Z"),
    st.from_regex(r"\A[1-9]\d{0,2}(\u00a0\d{3}){0,3}\Z"),
    st.from_regex(r"\A\d{1,12}([.,]\d{1,3})?\Z"),
    st.from_regex(r"\A\d{1,3}([.,]\d{1,2})? ?(m|bn|k|million|billion|thousand|mln)\Z"),
)
word_numbers = st.sampled_from([
    "two million", "half a million", "a quarter of a million", "three quarters of a million", "a million",
    "one hundred and twenty", "twenty-five thousand", "tens of thousands", "hundreds of thousands",
    "a dozen", "several million", "zero", "one and a half million", "1.5 million", "dozens",
])
numbers = st.one_of(digit_groups, word_numbers)
qualifiers = st.sampled_from(["", "about ", "more than ", "nearly ", "up to ", "at least ", "fewer than ",
                              "some ", "over ", "almost ", "between 10,000 and "])


def check_rows(result: dict) -> None:
    """Every row's offsets index the returned text, and its surface and sentence are there."""
    text = result["text"]
    assert isinstance(text, str)
    for table in TABLES:
        for row in result[table]:
            s0, s1, start, end = row["sentence_start"], row["sentence_end"], row["start"], row["end"]
            assert 0 <= s0 <= start < end <= s1 <= len(text), (table, row)
            assert text[s0:s1] == row["sentence"], (table, row)
            if "surface" in row:
                assert text[start:end] == row["surface"], (table, row)


@FAST
@given(st.text(max_size=600), published_dates)
@example("", None)
@example("\x00\ufeff\u200b\r\n\u2028", dt.date(2024, 2, 29))
@example("More than 1.2 million Ukrainians have fled to Poland since the invasion.", dt.date(2022, 3, 9))
def test_arbitrary_unicode_never_raises(text, published):
    check_rows(extract_article(text, published))


@FAST
@given(word_soup, published_dates)
def test_word_soup_rows_point_at_their_text(text, published):
    check_rows(extract_article(text, published))


@FEWER
@given(st.lists(st.sampled_from(WORDS[:40]), min_size=300, max_size=3000), published_dates)
def test_very_long_sentences(words, published):
    text = " ".join(w for w in words if w not in (".", "\n"))  # one sentence, thousands of words long
    result = extract_article(text, published)
    check_rows(result)
    assert len(split_sentences(result["text"])) >= 1


@FAST
@given(qualifiers, numbers, st.sampled_from(["Ukrainians", "refugees", "people", "troops", "dollars", "%"]),
       st.sampled_from(["have fled to Poland", "crossed into Moldova", "were killed", "arrived in Romania",
                        "were displaced inside Ukraine", "returned home"]), published_dates)
def test_numbers_of_every_shape(qualifier, number, noun, verb, published):
    text = f"{qualifier}{number} {noun} {verb} since the invasion, officials said on Monday."
    text = text[0].upper() + text[1:]
    result = extract_article(text, published)
    check_rows(result)
    for row in result["refugee_counts"]:
        assert isinstance(row["count"], int) and row["count"] >= 0
        assert row["low"] <= row["high"]


@FAST
@given(numbers)
def test_parse_number_never_raises(surface):
    value = parse_number(surface)
    assert value is None or (isinstance(value, int) and value >= 0)


@FAST
@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_reads_grouped_digits(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n:,}".replace(",", " ")) == n
    assert parse_number(str(n)) == n


@FAST
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9),
       st.sampled_from([("million", 10**6), ("billion", 10**9)]))
def test_parse_number_reads_decimal_scales(whole, tenth, scale):
    word, factor = scale
    assert parse_number(f"{whole}.{tenth} {word}") == (whole * 10 + tenth) * factor // 10


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DATE_PHRASES = ["yesterday", "today", "tomorrow", "last week", "last month", "last year", "earlier this month",
                "this week", "next week", "on 29 February", "on 31 December", "on 1 January", "on February 28",
                "on 31 April", "in March", "since the invasion", "on 24 February 2022", "on 29 February 2023",
                "two weeks ago", "three days ago", "at the end of the month", "on New Year's Day"]


@FAST
@given(st.sampled_from(DATE_PHRASES + [f"on {d}" for d in WEEKDAYS]), published_dates,
       st.sampled_from(["Some 2,000 refugees arrived in Poland {}.", "Olaf Scholz will travel to Kyiv {}.",
                        "{} Antony Blinken visited Chisinau.", "UNHCR said {} that 1.5 million had fled."]))
def test_dates_at_month_and_year_ends_never_raise(phrase, published, template):
    text = template.format(phrase)
    result = extract_article(text[0].upper() + text[1:], published)
    check_rows(result)
    for row in result["dates"]:
        if row["date"]:
            dt.date.fromisoformat(row["date"])  # a real calendar day
        if row["relative"] and published is None:
            assert row["date"] == "", "a relative date without a publication date must stay empty"


@FAST
@given(published_dates.filter(lambda d: d is not None), st.integers(min_value=0, max_value=6))
def test_weekday_resolution(published, weekday):
    day = WEEKDAYS[weekday]
    past = extract_article(f"Some 2,000 refugees arrived in Poland on {day}, officials said.", published)
    (row,) = [r for r in past["dates"] if r["surface"] == f"on {day}"]
    d = dt.date.fromisoformat(row["date"])
    assert d.weekday() == weekday and 0 <= (published - d).days < 7  # latest on or before publication
    future = extract_article(f"Olaf Scholz will travel to Kyiv on {day}.", published)
    (row,) = [r for r in future["dates"] if r["surface"] == f"on {day}"]
    d = dt.date.fromisoformat(row["date"])
    assert d.weekday() == weekday and 0 < (d - published).days <= 7  # the next one


def _resolve_in_tense_by_definition(groups, published, future: bool):
    """Resolve in the given tense; for a relative date (not "yesterday"-like) also read it
    in each tense, the resolved date standing in where a reading fails."""
    from etl.dates import _resolve
    try:
        resolved = _resolve(groups, published, lambda: future)
    except ValueError:
        resolved = (None, "day", False)
    if resolved is None:
        return None, None, None
    date = past = fut = resolved[0]
    if resolved[2] and date is not None and not groups["rel"]:
        try:
            past = _resolve(groups, published, lambda: False)[0]
            fut = _resolve(groups, published, lambda: True)[0]
        except ValueError:
            pass
    return resolved, past, fut


@FAST
@given(st.sampled_from(DATE_PHRASES + [f"on {d}" for d in WEEKDAYS] + [
    "on 29 February", "29 February", "February 29", "on March 31", "in February", "since December",
    "2023-02-29", "on 30 February 2024", "by Friday", "next Monday", "last Sunday", "later on Sunday",
    "in 2022", "the second half of 2023", "March 2022", "on 5th June"]), published_dates, st.booleans())
def test_resolve_in_tense_asks_the_tense_only_when_it_matters(phrase, published, future):
    from etl.dates import DATE, _resolve_in_tense
    m = DATE.search(phrase)
    if m is None:
        return
    groups = m.groupdict()
    asked = []

    def tense() -> bool:
        asked.append(True)
        return future
    got = _resolve_in_tense(groups, published, tense)
    assert got == _resolve_in_tense_by_definition(groups, published, future)
    if asked:  # asked only where the two readings differ
        assert _resolve_in_tense_by_definition(groups, published, True) != \
            _resolve_in_tense_by_definition(groups, published, False)


@FAST
@given(published_dates.filter(lambda d: d is not None))
def test_yesterday_and_last_week(published):
    result = extract_article("Some 2,000 refugees arrived yesterday and 5,000 more came last week.", published)
    got = {r["surface"]: dt.date.fromisoformat(r["date"]) for r in result["dates"]}
    assert got["yesterday"] == published - dt.timedelta(days=1)
    monday = got["last week"]
    assert monday.weekday() == 0 and 7 <= (published - monday).days < 14


@FAST
@given(st.text(max_size=300))
def test_clean_text_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


@FAST
@given(st.binary(max_size=400))
def test_decode_never_raises(data):
    assert isinstance(decode(data), str)


@FAST
@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.none(), st.dates(),
                 st.datetimes()))
def test_parse_date_never_raises(value):
    d = parse_date(value)
    assert d is None or 1900 <= d.year <= 2100
