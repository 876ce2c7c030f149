"""The EXPECTED.md parser and record mapping of `scripts/check_sample.py`, on snippets written here.

Deliberately no test of the score itself: the ETL changes, the parser should not."""
from __future__ import annotations

from scripts.check_sample import check_index, parse_expected, record_ordinals, same_attribute

SNIPPET = """\
# Expected

## Index

| # | file / record | format | published | source | words | counts | visits |
|---|---|---|---|---|---|---|---|
| 1 | `feed.jsonl#2` | jsonl | 2022-03-06 | Wire | 100 | 3 | 1 |
| 2 | `plain.txt` | txt | – | – | 90 | 0 | 0 |

## 1. `feed.jsonl#2`

*Poland counts arrivals* — published 2022-03-06

| surface | count | qualifier | origin | destination | as_of | population | note |
|---|---|---|---|---|---|---|---|
| More than 1,500,000 | 1500000 | more than | UKR | – (total) | 2022-03 | refugees | 'in March' |
| some 780 000 | 780 000 | about | ukr | POL | 2022-03-05 | Border_Crossings | NO HEADER is not a trap |
| up to 4 million | 4000000 | up to | UKR | – | 2022-03-06 | refugees | PROJECTION, not a count |

| visitor | visitor_iso3 | host | city | date | status | met_with | note |
|---|---|---|---|---|---|---|---|
| Ursula von der Leyen | – | POL | Rzeszów | – | Completed | Andrzej Duda; Mateusz Morawiecki | EU official |

## 2. `plain.txt`

*(no header: no title)* — published none in file

No refugee figures.

No visits.
"""


def test_parses_articles_labels_and_titles():
    arts = parse_expected(SNIPPET)
    assert [(a.number, a.file, a.record, a.title) for a in arts] == [
        (1, "feed.jsonl", 2, "Poland counts arrivals"),
        (2, "plain.txt", None, ""),
    ]
    assert arts[0].label == "feed.jsonl#2" and arts[1].label == "plain.txt"
    assert arts[1].refugee_counts == [] and arts[1].visits == []


def test_count_rows_are_normalised_to_schema_values():
    rows = parse_expected(SNIPPET)[0].refugee_counts
    assert rows[0] == {"surface": "More than 1,500,000", "count": 1500000, "qualifier": "more_than",
                       "origin_iso3": "UKR", "destination_iso3": "", "as_of": "2022-03",
                       "population": "refugees", "trap": ""}
    assert (rows[1]["count"], rows[1]["qualifier"], rows[1]["origin_iso3"], rows[1]["population"]) == (
        780000, "about", "UKR", "border_crossings")
    assert rows[1]["trap"] == ""  # upper-case words other than the three trap kinds are ignored
    assert (rows[2]["qualifier"], rows[2]["destination_iso3"], rows[2]["trap"]) == ("up_to", "", "PROJECTION")


def test_visit_rows_keep_city_spelling_and_empty_cells():
    (row,) = parse_expected(SNIPPET)[0].visits
    assert row == {"visitor": "Ursula von der Leyen", "visitor_iso3": "", "host_iso3": "POL", "city": "Rzeszów",
                   "date": "", "status": "completed", "met_with": ["Andrzej Duda", "Mateusz Morawiecki"]}


def test_index_counts_are_checked_against_the_tables():
    assert check_index(parse_expected(SNIPPET)) == []
    assert check_index(parse_expected(SNIPPET.replace("| 100 | 3 | 1 |", "| 100 | 2 | 1 |"))) == [
        "feed.jsonl#2: index says 2 counts, its table has 3 rows"]


def test_records_are_ranked_within_their_file_whatever_the_etl_numbers():
    # Line numbers (JSONL), CSV rows after a header, or 0-based positions all rank the same way.
    ordinals = record_ordinals(["in/a.csv#2", "in/a.csv#10", "in/a.csv#3", "in/b.json#0", "in/b.json#1", "in/c.txt"])
    assert ordinals == {"in/a.csv#2": ("a.csv", 1), "in/a.csv#3": ("a.csv", 2), "in/a.csv#10": ("a.csv", 3),
                        "in/b.json#0": ("b.json", 1), "in/b.json#1": ("b.json", 2), "in/c.txt": ("c.txt", None)}


def test_month_granularity_accepts_any_day_of_that_month():
    assert same_attribute("as_of", "2022-03", "2022-03-01")
    assert same_attribute("date", "2022-03", "2022-03-26")
    assert not same_attribute("date", "2022-03", "2022-04-01")
    assert not same_attribute("as_of", "2022-03", "")
    assert same_attribute("as_of", "", "")  # '–' in EXPECTED.md: the ETL should leave it empty
    assert same_attribute("qualifier", "more_than", "more_than")
