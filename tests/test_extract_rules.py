"""The extraction rules of issue 2 as tables of cases, each with a pinned publication date.

Every sentence here was written for these tests. Unless a case says otherwise, articles are
published on Wednesday 9 March 2022 (`PUB`), so "on Saturday" in the past is 5 March and
"will travel on Monday" is 14 March.
"""
from __future__ import annotations

import datetime as dt

import pytest

from etl import extract_article
from etl.numbers import find_numbers, parse_number

PUB = dt.date(2022, 3, 9)  # a Wednesday


def extract(text: str, published: dt.date | None = PUB) -> dict:
    return extract_article(text, published)


# --- numbers -------------------------------------------------------------------------------

@pytest.mark.parametrize("surface, value", [
    ("780,000", 780_000),
    ("1.5 million", 1_500_000),
    ("two million", 2_000_000),
    ("Two million", 2_000_000),
    ("half a million", 500_000),
    ("780 000", 780_000),
    ("3.2m", 3_200_000),
    ("a quarter of a million", 250_000),
    ("12,345,678", 12_345_678),
    ("2.5bn", 2_500_000_000),
    ("twenty-five thousand", 25_000),
    ("one hundred and twenty", 120),
    ("45", 45),
    ("1,5 million", 1_500_000),  # a decimal comma, before a scale word only
    ("2,25 mln", 2_250_000),
])
def test_parse_number(surface, value):
    assert parse_number(surface) == value


def test_a_decimal_comma_counts_only_before_a_scale_word():
    found = [(n.surface, n.value) for n in find_numbers("Some 1,5 million fled; 1,500 more and 1,500 million euros.")]
    assert found == [("1,5 million", 1_500_000), ("1,500", 1_500), ("1,500 million", 1_500_000_000)]


@pytest.mark.parametrize("surface", ["", "refugees", "n/a", "tens"])
def test_parse_number_rejects_non_numbers(surface):
    assert parse_number(surface) is None


# --- qualifiers ------------------------------------------------------------------------------

@pytest.mark.parametrize("words, qualifier", [
    ("", "exact"),
    ("More than ", "more_than"),
    ("Over ", "more_than"),
    ("At least ", "at_least"),
    ("About ", "about"),
    ("Around ", "about"),
    ("Some ", "about"),
    ("Nearly ", "nearly"),
    ("Almost ", "nearly"),
    ("Up to ", "up_to"),
    ("Fewer than ", "fewer_than"),
])
def test_qualifier(words, qualifier):
    text = f"{words}300,000 Ukrainians have arrived in Hungary, officials said."
    (row,) = extract(text)["refugee_counts"]
    assert (row["count"], row["qualifier"]) == (300_000, qualifier)
    assert row["surface"] == f"{words}300,000" if words else row["surface"] == "300,000"


def test_range_gives_low_and_high():
    (row,) = extract("Between 40,000 and 50,000 Ukrainians have fled to Slovakia.")["refugee_counts"]
    assert (row["low"], row["high"], row["count"]) == (40_000, 50_000, 50_000)
    assert row["destination_iso3"] == "SVK"


# --- refugee figures -----------------------------------------------------------------------

FIGURE_FIELDS = ("count", "origin_iso3", "destination_iso3", "population")


@pytest.mark.parametrize("text, expected", [
    ("More than 2.5 million Ukrainians have fled the country since the invasion.",
     (2_500_000, "UKR", "", "refugees")),
    ("About 1.5 million people have crossed from Ukraine into Poland.",
     (1_500_000, "UKR", "POL", "border_crossings")),
    ("Some 6.5 million people are internally displaced inside Ukraine, the agency said.",
     (6_500_000, "UKR", "", "internally_displaced")),
    ("Moldova has taken in 100,000 refugees from Ukraine.",
     (100_000, "UKR", "MDA", "refugees")),
    ("A million Ukrainians have fled to Poland.",
     (1_000_000, "UKR", "POL", "refugees")),
    ("Two million people have now fled Ukraine, the UN said.",
     (2_000_000, "UKR", "", "refugees")),
    ("A quarter of a million Ukrainians have sought refuge in Moldova.",
     (250_000, "UKR", "MDA", "refugees")),
    ("Half a million Ukrainians have registered for temporary protection in Germany.",
     (500_000, "UKR", "DEU", "refugees")),
    ("Nearly 100,000 refugees have returned to Ukraine.",
     (100_000, "", "UKR", "returnees")),
    ("Two million people have now left Ukraine, the UN said.", (2_000_000, "UKR", "", "refugees")),
])
def test_refugee_figure(text, expected):
    rows = extract(text)["refugee_counts"]
    assert [tuple(r[f] for f in FIGURE_FIELDS) for r in rows] == [expected]


def test_two_figures_in_one_sentence():
    rows = extract("Some 3.2m Ukrainians have fled abroad, and 780 000 of them reached Poland.")["refugee_counts"]
    assert [(r["surface"], r["count"], r["destination_iso3"]) for r in rows] == [
        ("Some 3.2m", 3_200_000, ""), ("780 000", 780_000, "POL")]
    assert {r["origin_iso3"] for r in rows} == {"UKR"}


@pytest.mark.parametrize("text, expected", [
    ("Some 300,000 Ukrainians have crossed into Romania, about half a million into Poland.",
     [(300_000, "UKR", "ROU"), (500_000, "UKR", "POL")]),
])
def test_elliptical_figures_share_the_origin(text, expected):
    rows = extract(text)["refugee_counts"]
    assert [(r["count"], r["origin_iso3"], r["destination_iso3"]) for r in rows] == expected


@pytest.mark.parametrize("text", [
    "Russia has massed 150,000 troops near the border.",
    "The Pentagon said 3,000 US troops arrived in Poland.",
    "The EU pledged $500 million to help refugees in Poland.",
    "Poland has received $2 billion in EU funds for refugees.",
    "At least 1,000 civilians have been killed in Ukraine.",
    "Germany sent 14 tanks to Ukraine in 2022.",
    "Refugees make up 5% of Poland's population, up from 2% in 2021.",
    "Unemployment among Ukrainians in Poland is 40 percent.",
    "Refugees arriving in 2022 were given identity numbers, officials said.",
    # vague amounts state no integer
    "Millions have fled Ukraine since the invasion.",
    "Greece deported migrants last year and plans to hire 1,200 more border guards.",
    "Thousands of Ukrainians have fled to Poland.",
    "Myanmar agreed to a pilot project to repatriate about 1,100 Rohingya from Bangladesh.",  # a plan
    "The reception centre, built for 400 people, took in new arrivals from Libya.",  # a capacity
    # a movement that may yet happen
    "As many as 1.5 million more Sudanese could flee to Chad, aid groups warned.",
    "Officials expect as many as 80,000 arrivals in Lampedusa this summer.",
    "About 30,000 Haitians are expected to cross into the Dominican Republic.",
])
def test_not_a_refugee_figure(text):
    assert extract(text)["refugee_counts"] == []


def test_deaths_next_to_a_figure_are_not_counted():
    rows = extract("About 600 people have been killed and 1.5 million have fled Ukraine.")["refugee_counts"]
    assert [(r["count"], r["origin_iso3"]) for r in rows] == [(1_500_000, "UKR")]


@pytest.mark.parametrize("text, kind, period_start, as_of, as_of_source", [
    ("More than 2 million Ukrainians have fled to neighbouring countries since the invasion.",
     "cumulative", "2022-02-24", "2022-03-09", "published"),
    ("More than 2 million Ukrainians have fled to neighbouring countries since the war began.",
     "cumulative", "2022-02-24", "2022-03-09", "published"),
    ("The agency said on Saturday that 2,000 people had arrived in Moldova.",
     "cumulative", "", "2022-03-05", "stated"),
    ("Polish border guards said 120,000 people crossed from Ukraine in the past 24 hours.",  # the day before, too
     "flow", "2022-03-08", "2022-03-09", "published"),
    ("About 9,000 people fled into Chad over the past three days.", "flow", "2022-03-06", "2022-03-09", "published"),
    ("Some 40,000 people crossed into Poland over the weekend.", "flow", "2022-03-05", "2022-03-06", "stated"),
    ("Some 2,500 people arrived in Niger in the past week alone.", "flow", "2022-03-02", "2022-03-09", "published"),
    ("Some 30,000 Ukrainians crossed into Moldova on Tuesday alone.",
     "flow", "2022-03-08", "2022-03-08", "stated"),
    ("Moldova alone has taken in 100,000 Ukrainians.",  # "alone" after a place is not a day's flow
     "cumulative", "", "2022-03-09", "published"),
    # a flow cue of another clause is not this figure's
    ("Nearly 900,000 Somalis live in Kenya's camps, and more arrive every week.",
     "cumulative", "", "2022-03-09", "published"),
    ("Some 120,000 people crossed from Ukraine into Poland on Tuesday.",  # one stated day: a flow
     "flow", "2022-03-08", "2022-03-08", "stated"),
    ("On Tuesday, some 90,000 people crossed from Ukraine into Hungary.",  # the day may lead the clause
     "flow", "2022-03-08", "2022-03-08", "stated"),
    ("On Tuesday, the agency said 2,000 people had arrived in Moldova.",  # but a report's day is no flow
     "cumulative", "", "2022-03-08", "stated"),
])
def test_figure_period(text, kind, period_start, as_of, as_of_source):
    (row,) = extract(text)["refugee_counts"]
    assert (row["kind"], row["period_start"], row["as_of"], row["as_of_source"]) == (
        kind, period_start, as_of, as_of_source)


def test_a_world_total_is_kept_but_flagged():
    (row,) = extract("The number of people forcibly displaced worldwide has passed 100 million.")["refugee_counts"]
    assert (row["origin_iso3"], row["destination_iso3"]) == ("", "") and "world total" in row["flag"]


def test_figure_without_publication_date_has_no_as_of():
    (row,) = extract("Some 5,000 refugees arrived in Slovakia on Saturday.", None)["refugee_counts"]
    assert (row["as_of"], row["as_of_source"]) == ("", "")


# --- countries -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Polish officials said Ukrainians arriving in Rzeszów were given SIM cards.",
     {("Polish", "POL", "demonym"), ("Ukrainians", "UKR", "demonym"), ("Rzeszów", "POL", "city")}),
    ("The convoy reached Rzeszow before dawn.", {("Rzeszow", "POL", "city")}),
    ("Shelling continued near Kyiv on Tuesday.", {("Kyiv", "UKR", "city")}),
    ("Shelling continued near Kiev on Tuesday.", {("Kiev", "UKR", "city")}),
    ("Washington said it would send more aid.", {("Washington", "USA", "capital_as_government")}),
    ("Moscow denied the claim.", {("Moscow", "RUS", "capital_as_government")}),
    ("NATO and the EU met in Brussels while the UN appealed for calm.", {("Brussels", "BEL", "city")}),
    ("The Czech Republic said it had issued visas; Czechia plans more.",
     {("Czech Republic", "CZE", "name"), ("Czechia", "CZE", "name")}),
    ("The United Kingdom said Britain would help.", {("United Kingdom", "GBR", "name"), ("Britain", "GBR", "name")}),
    ("Turkish and Hungarian officials met Moldovan counterparts.",
     {("Turkish", "TUR", "demonym"), ("Hungarian", "HUN", "demonym"), ("Moldovan", "MDA", "demonym")}),
    ("Georgia, which fought a war with Russia in 2008, applied to join the EU.",
     {("Georgia", "GEO", "name"), ("Russia", "RUS", "name")}),
    ("Jordan hosts many Syrian refugees.", {("Jordan", "JOR", "name"), ("Syrian", "SYR", "demonym")}),
    ("Refugees from Sudan have crossed into Chad.", {("Sudan", "SDN", "name"), ("Chad", "TCD", "name")}),
    # a city whose name holds a possessive
    ("Aid workers in Cox's Bazar said the monsoon had flooded the camps.", {("Cox's Bazar", "BGD", "city")}),
    # a small town where the words frame it as a place
    ("Volunteers met the trains in Przemyśl.", {("Przemyśl", "POL", "city")}),
    ("The minister visited Adre, a town of tents.", {("Adre", "TCD", "city")}),
    ("They walked to the border town of Adré.", {("Adré", "TCD", "city")}),
    ("Families reached Goris, Armenia, by bus.", {("Goris", "ARM", "city"), ("Armenia", "ARM", "name")}),
    # Georgia is the one its nearest cue points to
    ("Atlanta, Georgia, sent aid; Georgia's parliament in Tbilisi thanked it.",
     {("Atlanta", "USA", "city"), ("Georgia", "GEO", "name"), ("Tbilisi", "GEO", "city")}),
    # a big city keeps its country next to a small namesake in a country the text names
    ("US and Russian diplomats met in Geneva.", {("US", "USA", "name"), ("Russian", "RUS", "demonym"),
                                                 ("Geneva", "CHE", "city")}),
])
def test_country_mentions(text, expected):
    got = {(m["surface"], m["iso3"], m["kind"]) for m in extract(text)["mentions"]}
    assert got == expected


@pytest.mark.parametrize("text, not_meant", [
    ("NATO and the EU met while the UN appealed for calm.", None),
    ("Georgia's governor signed the bill in Atlanta on Monday.", "GEO"),
    ("Jordan Bardella criticised the plan in Paris.", "JOR"),
    ("Chad Smith, a volunteer from Ohio, drove the minibus to the border.", "TCD"),
    ("Voters in Georgia, Arizona and Nevada went to the polls.", "GEO"),
    # a small town's name that is not framed as a place is a word or a name
    ("Goris said the talks would resume.", "ARM"),
    ("Mr Sale met officials.", "MAR"),
])
def test_not_a_country(text, not_meant):
    iso3s = {m["iso3"] for m in extract(text)["mentions"]}
    if not_meant is None:
        assert iso3s == set()
    else:
        assert not_meant not in iso3s


# --- dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, date, published", [
    ("The agency said on Saturday that the camp was full.", "on Saturday", "2022-03-05", PUB),
    ("The agency said on Wednesday that the camp was full.", "on Wednesday", "2022-03-09", PUB),  # same day
    ("Antony Blinken will travel to Moldova on Monday.", "on Monday", "2022-03-14", PUB),
    ("Some 5,000 refugees arrived in Slovakia yesterday.", "yesterday", "2022-03-08", PUB),
    ("The minister will arrive tomorrow.", "tomorrow", "2022-03-10", PUB),
    ("Some 5,000 refugees arrived in Slovakia last week.", "last week", "2022-02-28", PUB),
    ("Some 5,000 refugees arrived earlier this month.", "earlier this month", "2022-03-01", PUB),
    ("They crossed the border last month.", "last month", "2022-02-01", PUB),
    ("The minister visited Warsaw on 20 December.", "20 December", "2021-12-20", PUB),
    ("Officials said on March 5 that the camp was full.", "March 5", "2022-03-05", PUB),
    ("On 24 February 2022, the invasion began.", "24 February 2022", "2022-02-24", PUB),
    # leap days and year ends
    ("It happened yesterday.", "yesterday", "2024-02-29", dt.date(2024, 3, 1)),
    ("They arrived on Thursday.", "on Thursday", "2024-02-29", dt.date(2024, 3, 1)),
    ("They left last month.", "last month", "2022-12-01", dt.date(2023, 1, 2)),
    ("They left on Saturday.", "on Saturday", "2022-12-31", dt.date(2023, 1, 2)),
    ("They left last year.", "last year", "2022-01-01", dt.date(2023, 1, 2)),
    ("She will travel to Kyiv on Monday.", "on Monday", "2023-01-02", dt.date(2022, 12, 31)),
    # no publication date: relative dates stay empty
    ("They arrived on Saturday.", "on Saturday", "", None),
    ("They arrived yesterday.", "yesterday", "", None),
    # each date takes the tense of its own clause; a stated year is kept, however old
    ("Kamala Harris flew to Warsaw on Wednesday and will travel to Bucharest on Friday.",
     "on Wednesday", "2022-03-09", PUB),
    ("Scholz plans to visit Kyiv, officials said on Monday.", "on Monday", "2022-03-07", PUB),
    ("Border guards counted 10,000 arrivals on 5 March 1850.", "5 March 1850", "1850-03-05", PUB),
    # a day and month with no year and no tense lie ahead up to two months; "since" looks back
    ("The conference takes place on 20 April in Geneva.", "20 April", "2022-04-20", PUB),
    ("Prices have risen since April.", "since April", "2021-04-01", PUB),
])
def test_date_resolution(text, surface, date, published):
    got = {r["surface"]: r["date"] for r in extract(text, published)["dates"]}
    assert got.get(surface, "(not found)") == date, got


@pytest.mark.parametrize("text, surface, date", [
    ("Arrivals in Greece fell in 2019.", "in 2019", "2019-01-01"),
    ("By the end of 2021 the camps were full.", "By the end of 2021", "2021-01-01"),
    ("The programme has run since 2014.", "since 2014", "2014-01-01"),
    ("Arrivals fell in the second half of 2019.", "the second half of 2019", "2019-07-01"),  # a half-year
    ("Numbers have risen since Jan. 3, officials said.", "since Jan. 3", "(not found)"),  # a day, not January
    ("Numbers have risen since Jan. 3, officials said.", "Jan. 3", "2022-01-03"),
])
def test_years_and_months_after_a_preposition(text, surface, date):
    got = {r["surface"]: r["date"] for r in extract(text)["dates"]}
    assert got.get(surface, "(not found)") == date, got


@pytest.mark.parametrize("text", [
    "The 2015-16 winter was harsh.",   # a span of years
    "Rents rose in 2.5 percent of towns.",
    "Some 2022 people registered.",    # no preposition: a count, not a year
])
def test_numbers_that_are_not_years(text):
    assert [r for r in extract(text)["dates"] if r["granularity"] == "year"] == []


def test_weekday_before_a_stated_day_gives_way_to_it():
    got = [(r["surface"], r["date"]) for r in extract("The envoy arrived on Friday, March 4.")["dates"]]
    assert got == [("March 4", "2022-03-04")]


def test_granularity_and_relative_flag():
    rows = {r["surface"]: r for r in extract("On 24 February 2022 the war began; last week and earlier this "
                                             "month more people arrived, and they came yesterday.")["dates"]}
    assert (rows["24 February 2022"]["granularity"], rows["24 February 2022"]["relative"]) == ("day", False)
    assert (rows["last week"]["granularity"], rows["last week"]["relative"]) == ("week", True)
    assert (rows["earlier this month"]["granularity"], rows["earlier this month"]["relative"]) == ("month", True)
    assert (rows["yesterday"]["granularity"], rows["yesterday"]["relative"]) == ("day", True)


# --- visits ----------------------------------------------------------------------------------

VISIT_FIELDS = ("visitor", "visitor_iso3", "host_iso3", "city", "date", "status")


@pytest.mark.parametrize("text, expected", [
    ("Antony Blinken will travel to Moldova on Monday.",
     [("Antony Blinken", "USA", "MDA", "", "2022-03-14", "planned")]),
    ("US Secretary of State Antony Blinken visited Chisinau on Sunday and met President Maia Sandu.",
     [("Antony Blinken", "USA", "MDA", "Chisinau", "2022-03-06", "completed")]),
    ("French President Emmanuel Macron is due to visit Kyiv next week.",
     [("Emmanuel Macron", "FRA", "UKR", "Kyiv", "", "planned")]),  # a week is not a day: no date invented
    ("President Joe Biden arrived in Rzeszów on Friday.",
     [("Joe Biden", "USA", "POL", "Rzeszów", "2022-03-04", "completed")]),
    ("Ukraine's foreign minister Dmytro Kuleba travelled to Warsaw on Friday.",
     [("Dmytro Kuleba", "UKR", "POL", "Warsaw", "2022-03-04", "completed")]),
    ("UN Secretary-General Antonio Guterres visited Moldova on Sunday.",
     [("Antonio Guterres", "", "MDA", "", "2022-03-06", "completed")]),  # UN officials represent no country
    ("Ursula von der Leyen visited Kyiv on Friday.",
     [("Ursula von der Leyen", "", "UKR", "Kyiv", "2022-03-04", "completed")]),
    ("Kamala Harris flew to Warsaw on Wednesday and will travel to Bucharest on Friday.",
     [("Kamala Harris", "USA", "POL", "Warsaw", "2022-03-09", "completed"),
      ("Kamala Harris", "USA", "ROU", "Bucharest", "2022-03-11", "planned")]),
    ("Antony Blinken will travel to Poland and Moldova next week.",
     [("Antony Blinken", "USA", "POL", "", "", "planned"), ("Antony Blinken", "USA", "MDA", "", "", "planned")]),
    # one visit mentioned three times is one row
    ("German Chancellor Olaf Scholz arrived in Kyiv on Tuesday. Scholz met President Volodymyr Zelensky in Kyiv. "
     "During his visit to Kyiv, Scholz toured the suburbs.",
     [("Olaf Scholz", "DEU", "UKR", "Kyiv", "2022-03-08", "completed")]),
    ("Antony Blinken visited Chisinau on Sunday. Blinken met President Maia Sandu in Chisinau. "
     "In Chisinau, Blinken also met refugees.",
     [("Antony Blinken", "USA", "MDA", "Chisinau", "2022-03-06", "completed")]),
    # each leg of a tour is a visit with its own day
    ("Antony Blinken travelled to Poland on Saturday and then to Moldova on Sunday.",
     [("Antony Blinken", "USA", "POL", "", "2022-03-05", "completed"),
      ("Antony Blinken", "USA", "MDA", "", "2022-03-06", "completed")]),
])
def test_visits(text, expected):
    rows = extract(text)["visits"]
    assert [tuple(r[f] for f in VISIT_FIELDS) for r in rows] == expected
    for r in rows:
        assert (r["latitude"] is not None) == bool(r["city"])


def test_visit_met_with_and_title():
    (row,) = extract("US Secretary of State Antony Blinken visited Chisinau on Sunday and met President "
                     "Maia Sandu.")["visits"]
    assert (row["visitor_title"], row["met_with"]) == ("Secretary of State", "Maia Sandu")
    assert row["date_text"] == "on Sunday"
    assert 46 < row["latitude"] < 48 and 28 < row["longitude"] < 30  # Chisinau


@pytest.mark.parametrize("text, visitor", [
    ("Polish President Andrzej Duda met refugees in Warsaw on Friday.", None),
    ("German Chancellor Olaf Scholz spoke to reporters in Berlin on Tuesday.", None),
    ("Moldovan President Maia Sandu visited a refugee centre in Chisinau on Sunday.", None),
    ("Antony Blinken said Russia must withdraw its forces from Ukraine.", None),
    ("Antony Blinken met Ukrainian Foreign Minister Dmytro Kuleba in Washington on Friday.", "Antony Blinken"),
    ("Joe Biden met Chancellor Olaf Scholz at the White House on Monday.", "Joe Biden"),
])
def test_no_visit(text, visitor):
    rows = extract(text)["visits"]
    if visitor is None:
        assert rows == []
    else:  # an official at home is no visitor
        assert visitor not in {r["visitor"] for r in rows}


# --- refugee figures: wording rules (issue 2) --------------------------------------------------

COUNT_KEY = ("count", "origin_iso3", "destination_iso3", "population")


def figures(text: str, published: dt.date | None = PUB) -> list[tuple]:
    return [tuple(r[f] for f in COUNT_KEY) for r in extract(text, published)["refugee_counts"]]


@pytest.mark.parametrize("text, expected", [
    # a plural demonym before a verb names the people: the article's origin
    ("Thousands of Eritreans have fled across the border in recent weeks. Some 12,000 people arrived "
     "in camps in Ethiopia by Friday.", [(12_000, "ERI", "ETH", "refugees")]),
    # "the Belgian asylum agency" is an institution, not asylum seekers from Belgium
    ("BRUSSELS - Some 900 asylum seekers queued outside the country's main registration office as the "
     "Belgian asylum agency ran out of beds.", [(900, "", "BEL", "refugees")]),
    ("Border officials said about 4,000 people were entering Armenia from Georgia each day.",
     [(4_000, "GEO", "ARM", "border_crossings")]),
    ("Around 14,000 Eritreans have come to Italy under a humanitarian corridor scheme.",
     [(14_000, "ERI", "ITA", "refugees")]),
    # people deported home are returnees, not casualties
    ("Some 20,000 Haitians returned or were deported to Haiti from the Dominican Republic this year.",
     [(20_000, "DOM", "HTI", "returnees")]),
    # going home is a return: from where they flew, to the demonym's country
    ("About 600 Malians flew home from Niamey on chartered planes on Tuesday.", [(600, "NER", "MLI", "returnees")]),
    # "state officials" make Georgia the US state
    ("About 40,000 Afghans have arrived in the United States since August, and some 2,000 of them have "
     "settled in Georgia, state officials said.", [(40_000, "AFG", "USA", "refugees"), (2_000, "AFG", "USA", "refugees")]),
    # asylum claims and resettlement admissions count every nationality: no origin from elsewhere
    ("More than 300,000 Ukrainians have fled to Poland. Separately, about 25,000 people applied for asylum "
     "in Poland in 2021, officials said.", [(300_000, "UKR", "POL", "refugees"), (25_000, "", "POL", "refugees")]),
    ("Some 9,000 Eritreans have fled to Sudan this month. Canada admitted 47,000 refugees last year.",
     [(9_000, "ERI", "SDN", "refugees"), (47_000, "", "CAN", "refugees")]),
    # returnees: several countries left give no origin
    ("Almost 500,000 Somalis returned to Somalia from Kenya and Ethiopia last year.",
     [(500_000, "", "SOM", "returnees")]),
    # the country that reports people going home is the one they leave
    ("Turkey said 9,000 Syrians had gone home through the Cilvegozu gate this month.",
     [(9_000, "TUR", "SYR", "returnees")]),
    # returning with no country named: back to the country the story's people fled ...
    ("Some 2 million people remain internally displaced inside Iraq. About 400,000 people have returned to "
     "their home districts this year.", [(2_000_000, "IRQ", "", "internally_displaced"), (400_000, "", "IRQ", "returnees")]),
    # ... or, when their home is named, from the country the story's people fled
    ("Heavy fighting in Sudan has forced 60,000 people to flee. Some 20,000 people, mostly Chadian returnees, "
     "have crossed into Chad.", [(60_000, "SDN", "", "refugees"), (20_000, "SDN", "TCD", "returnees")]),
    # a world total takes no origin from the story; a stated one stands
    ("Some 300,000 people have fled Sudan into Chad. Around the world, a record 110 million people "
     "have now fled their homes.", [(300_000, "SDN", "TCD", "refugees"), (110_000_000, "", "", "refugees")]),
    ("Turkey hosts more refugees than any country in the world, with 3.6 million Syrians having fled there.",
     [(3_600_000, "SYR", "TUR", "refugees")]),
    # "although" ends the figure's clause: the list's country, not the one people moved on to
    ("Since the fighting began, Germany has taken in about 700,000 refugees from Ukraine, Austria about 80,000 "
     "and Switzerland about 60,000, although many have moved on to France.",
     [(700_000, "UKR", "DEU", "refugees"), (80_000, "UKR", "AUT", "refugees"), (60_000, "UKR", "CHE", "refugees")]),
    # driven from their homes inside the country: displaced, not refugees
    ("Fighting in Sudan has forced about 50,000 people from their homes inside the country, the UN said.",
     [(50_000, "SDN", "", "internally_displaced")]),
    # "fled the country" in a story about something else: the country the war is in
    ("Zelensky met the Pope in Rome on Saturday. He described the destruction caused by the war in Ukraine. "
     "The UN says more than 6 million people have fled the country.", [(6_000_000, "UKR", "", "refugees")]),
    # "... and Turkey has taken in some 2.5 million of them": the host named before the share
    ("Nearly 4 million people have fled Syria, and Turkey has taken in some 2.5 million of them.",
     [(4_000_000, "SYR", "", "refugees"), (2_500_000, "SYR", "TUR", "refugees")]),
    # "Austria itself has registered": the host
    ("Austria itself has registered more than 90,000 people who fled Ukraine, the interior ministry said.",
     [(90_000, "UKR", "AUT", "refugees")]),
    # "who have fled the country at 3 million" is a total, not the host named before
    ("Moldova has taken in more than 100,000 people from Ukraine, and the UN puts the total who have fled the "
     "country at more than 3 million.", [(100_000, "UKR", "MDA", "refugees"), (3_000_000, "UKR", "", "refugees")]),
    # "the capital" as the host: the city named before it
    ("City officials in Vienna said this week that the capital was hosting about 70,000 refugees.",
     [(70_000, "", "AUT", "refugees")]),
    # displaced "inside the country" (not a host named "the country"), and the rest "fleeing into
    # neighbouring countries": a total, not the country of the dateline
    ("NAIROBI (Reuters) - Clashes in Somalia have displaced about 300,000 people inside the country and sent "
     "another 40,000 fleeing into neighbouring countries, the UN said.",
     [(300_000, "SOM", "", "internally_displaced"), (40_000, "SOM", "", "refugees")]),
    # the people fled a crackdown in one country; the country that hosts them is the subject
    ("Malaysia hosts some 100,000 Rohingya refugees, most of whom fled a crackdown in Myanmar.",
     [(100_000, "MMR", "MYS", "refugees")]),
    # a figure spread over several hosts has none of them as its destination
    ("UNHCR says 6.8 million Syrians are refugees, mostly in Turkey, Lebanon and Jordan.",
     [(6_800_000, "SYR", "", "refugees")]),
    ("Kenya, Uganda and Ethiopia have between them taken in about 900,000 South Sudanese.",
     [(900_000, "SSD", "", "refugees")]),
    # an official's "from Ankara" is no war: the origin comes from "the war in Ukraine"
    ("Guterres arrived in Moscow from Ankara on Tuesday. He spoke of the war in Ukraine. The UN counts more than "
     "5 million refugees.", [(5_000_000, "UKR", "", "refugees")]),
])
def test_figure_wording(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    "The government has threatened to expel 50,000 Syrians who crossed without papers.",  # a threat
    # pledges of places, not people who have come
    "Canada said on Monday it would welcome up to 40,000 Afghans fleeing Taliban rule.",
    "Spain agreed to take in 5,000 migrants rescued in the Mediterranean.",
    # a bare number that arrives with no country, no one displaced and no figure before it
    "About 45,000 arrived at the stadium for the concert, the organisers said.",
])
def test_not_a_figure_wording(text):
    assert figures(text) == []


def test_asylum_granted_to_some_of_them_has_no_origin():
    rows = extract("Some 8,000 migrants crossed from Belarus into Latvia this year, and fewer than 200 of them "
                   "have been granted asylum.")["refugee_counts"]
    assert [(r["count"], r["origin_iso3"], r["destination_iso3"]) for r in rows] == [(8_000, "BLR", "LVA"), (200, "", "LVA")]
    assert [r["population"] for r in rows] == ["border_crossings", "refugees"]  # now asylum seekers


def test_by_the_same_date_takes_the_date_before():
    rows = extract("As of 30 January, 1.2 million people were internally displaced inside Somalia. By the same "
                   "date, 250,000 had returned to their homes.")["refugee_counts"]
    assert [(r["count"], r["as_of"], r["as_of_source"]) for r in rows] == [
        (1_200_000, "2022-01-30", "stated"), (250_000, "2022-01-30", "stated")]


# --- refugee figures: robustness rules (general English news phrasing) ------------------------

@pytest.mark.parametrize("text, expected", [
    # people who stay on: "N remain in / are still living in" the host
    ("Slovakia has given shelter to about 120,000 people who fled Ukraine, and some 40,000 remain in the country.",
     [(120_000, "UKR", "SVK", "refugees"), (40_000, "UKR", "SVK", "refugees")]),
    ("About 60,000 Afghans arrived in Iran this spring. Roughly 25,000 are still living there, aid groups said.",
     [(60_000, "AFG", "IRN", "refugees"), (25_000, "AFG", "IRN", "refugees")]),
    # bullet lines: "N – verb ..."
    ("Nearly 2 million people have fled Sudan since April.\n• 600,000 – registered as refugees in Chad\n"
     "• 450,000 – crossed into Egypt",
     [(2_000_000, "SDN", "", "refugees"), (600_000, "SDN", "TCD", "refugees"), (450_000, "SDN", "EGY", "border_crossings")]),
    # "N are refugees", and each figure's own clause decides whether it is internally displaced
    ("Some 3 million Afghans are displaced inside the country and about 2.6 million are refugees abroad, the agency said.",
     [(3_000_000, "AFG", "", "internally_displaced"), (2_600_000, "AFG", "", "refugees")]),
    ("By the end of 2021, 8 million people were refugees and 12 million were internally displaced in their own countries.",
     [(8_000_000, "", "", "refugees"), (12_000_000, "", "", "internally_displaced")]),
    # "N of its citizens": the country "its" stands for
    ("Eritrea's exiled opposition says about 500,000 of its citizens have fled abroad in two decades.",
     [(500_000, "ERI", "", "refugees")]),
    # displaced with no border crossed: internally displaced, in the country the clause names
    ("About 20,000 Syrians have crossed into Turkey this year. Floods in Libya displaced around 40,000 people "
     "last month, officials said.",
     [(20_000, "SYR", "TUR", "border_crossings"), (40_000, "LBY", "", "internally_displaced")]),
    ("Some 9,000 Malians have fled to Mauritania. Inside Burkina Faso, roughly 2 million people have been displaced, "
     "aid groups say.",
     [(9_000, "MLI", "MRT", "refugees"), (2_000_000, "BFA", "", "internally_displaced")]),
    # displaced people who crossed a border stay refugees
    ("Some 50,000 people displaced by the fighting have arrived in Chad from Sudan.",
     [(50_000, "SDN", "TCD", "refugees")]),
    # a host's total across nationalities has no origin of its own
    ("Some 5,000 Somalis crossed into Kenya last week. Kenya now hosts more than 700,000 refugees, including "
     "roughly 300,000 Somalis.",
     [(5_000, "SOM", "KEN", "border_crossings"), (700_000, "", "KEN", "refugees"), (300_000, "SOM", "KEN", "refugees")]),
    ("Some 4,000 South Sudanese arrived in Uganda in May. Uganda shelters about 1.5 million refugees, most of them "
     "from South Sudan and Congo.",
     [(4_000, "SSD", "UGA", "refugees"), (1_500_000, "", "UGA", "refugees")]),
    # several countries left, named together: no one origin; a host after "and" stays the host
    ("Some 40,000 people have fled from Syria and Iraq to Turkey this year.", [(40_000, "", "TUR", "refugees")]),
    ("About 7,000 migrants have arrived in Italy from Libya, Tunisia or Egypt this month.", [(7_000, "", "ITA", "refugees")]),
    ("More than 2 million people have fled Ukraine and Poland has taken in most of them.",
     [(2_000_000, "UKR", "POL", "refugees")]),
    # breakaway regions belong to their de jure country
    ("Some 2,500 people have fled Abkhazia for Russia this year.", [(2_500, "GEO", "RUS", "refugees")]),
    # the country people left in this movement, not their nationality
    ("About 400 Rohingya arrived in Malaysia by boat from camps in Bangladesh last month.",
     [(400, "BGD", "MYS", "refugees")]),
    ("Around 900 Afghans crossed into Iran from Pakistan this week.", [(900, "PAK", "IRN", "border_crossings")]),
    # a sub-national total keeps the host named before
    ("On Sunday 9,000 people crossed from Ukraine into Slovakia at the Vysne Nemecke post. Altogether the region has recorded "
     "about 150,000 arrivals from Ukraine.",
     [(9_000, "UKR", "SVK", "border_crossings"), (150_000, "UKR", "SVK", "refugees")]),
    # "ethnic X" names a people, not the country they left
    ("About 20,000 ethnic Hungarians have fled Ukraine for Hungary. By Sunday, 12,000 people had crossed into "
     "Hungary, officials said.",
     [(20_000, "UKR", "HUN", "refugees"), (12_000, "UKR", "HUN", "border_crossings")]),
    # host families are not an origin
    ("Romania has taken in 90,000 people fleeing Ukraine, and about 30,000 of them are still there, most of them "
     "living with Romanian families.",
     [(90_000, "UKR", "ROU", "refugees"), (30_000, "UKR", "ROU", "refugees")]),
])
def test_figure_robustness(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the host as the subject of "has received the most, about N" or "is the largest host, with N"
    ("Lebanon has received the largest share, about 800,000.", [(800_000, "", "LBN", "refugees")]),
    ("Chad remains the region's biggest refugee-hosting country, with some 1.1 million Sudanese.",
     [(1_100_000, "SDN", "TCD", "refugees")]),
    # "X's exodus" names the country left; "most of them in A, B and C" no single host
    ("Myanmar's exodus now tops 1.3 million people, most of whom shelter in Bangladesh, Thailand and India.",
     [(1_300_000, "MMR", "", "refugees")]),
    # a host's verb does not reach a later figure with a verb of its own; "across the EU" is every host
    ("France, which has registered about 100,000 people from Ukraine, is a smaller host, while the agency "
     "counts more than 5 million refugees from Ukraine across Europe.",
     [(100_000, "UKR", "FRA", "refugees"), (5_000_000, "UKR", "", "refugees")]),
    ("Some 4 million Ukrainians have registered for temporary protection across the EU.",
     [(4_000_000, "UKR", "", "refugees")]),
    # people "fleeing the fighting" fled the country the article names most, when no rule names one
    ("The Sudanese border post stayed open. Sudan's army shelled the city again overnight. Chad has now received "
     "more than 400,000 people fleeing the fighting.", [(400_000, "SDN", "TCD", "refugees")]),
    # deportations and expulsions are returns: from the country that sends them back
    ("Iran has deported about 450,000 Afghans since January.", [(450_000, "IRN", "AFG", "returnees")]),
    ("Some 25,000 Haitians were expelled from the Dominican Republic in 2021.", [(25_000, "DOM", "HTI", "returnees")]),
    ("Tunisia said it had sent back 3,000 people this year.", [(3_000, "TUN", "", "returnees")]),
    # ... but a deportation named later in the sentence is not this figure's
    ("Lebanon says 1.5 million Syrians live there and has threatened to deport 300,000 of them.",
     [(1_500_000, "SYR", "LBN", "refugees")]),
    # a share of a total lives in the place named: the total has no one host
    ("About 60 percent of the 1.2 million Burundian refugees live in Tanzania.", [(1_200_000, "BDI", "", "refugees")]),
    ("Half of the 90,000 refugees in Moldova are children.", [(90_000, "", "MDA", "refugees")]),
    # "the number of <people> in X" counts people abroad; a year after a later figure dates that one
    ("The number of Syrians in Jordan has risen to 660,000 from 630,000 in 2019.",
     [(660_000, "SYR", "JOR", "refugees"), (630_000, "SYR", "JOR", "refugees")]),
    ("Some 12,000 Haitians made the journey to Chile in 2021.", [(12_000, "HTI", "CHL", "refugees")]),
    ("The exodus of Rohingya to Bangladesh peaked in 2017, when 700,000 crossed the border.",
     [(700_000, "MMR", "BGD", "border_crossings")]),
    # a long subject before the verb: "the number of ... who have sought refuge in X since ... topped N"
    ("The number of Sudanese who have sought refuge in Chad since the fighting began in the spring reached "
     "600,000 last week.", [(600_000, "SDN", "TCD", "refugees")]),
    # a world total has no origin, whatever war drove it; people "from X" keep theirs
    ("The number of people forcibly displaced worldwide rose to 103 million, driven by the war in Ukraine.",
     [(103_000_000, "", "", "refugees")]),
    ("Some 6 million refugees from Syria are recorded worldwide.", [(6_000_000, "SYR", "", "refugees")]),
    ("Inside Yemen, some 4.5 million people are displaced, one of the highest totals in the world.",
     [(4_500_000, "YEM", "", "internally_displaced")]),
    # the forcibly displaced of the world are not all displaced inside their country
    ("The number of people forcibly displaced by violence passed 90 million.", [(90_000_000, "", "", "refugees")]),
])
def test_figure_hosts_and_totals_in_other_words(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text, as_of, period_start", [
    # a date inside a "since ..." clause starts the period; it is not the day of the figure
    ("Since clashes began on 2 March, about 18,000 people have fled into Niger, the agency said.",
     "2022-03-09", "2022-03-02"),
    ("About 18,000 people have crossed into Niger since the army seized the capital on 1 March, officials said.",
     "2022-03-09", "2022-03-01"),
])
def test_since_clause_date_starts_the_period(text, as_of, period_start):
    (row,) = extract(text)["refugee_counts"]
    assert (row["as_of"], row["period_start"]) == (as_of, period_start)


def test_a_year_after_a_later_figure_dates_that_one_not_this():
    rows = extract("The number of Syrians in Jordan has risen to 660,000 from 630,000 in 2019.")["refugee_counts"]
    # the earlier total is a figure of its own, a total as of the end of its year
    assert [(r["count"], r["kind"], r["as_of"]) for r in rows] == [
        (660_000, "cumulative", "2022-03-09"), (630_000, "cumulative", "2019-12-31")]


def test_an_earlier_total_in_a_month_is_no_flow():
    rows = extract("Some 6.5 million people are displaced inside Ukraine, up from 7.1 million in January.")
    assert [(r["count"], r["kind"], r["as_of"]) for r in rows["refugee_counts"]] == [
        (6_500_000, "cumulative", "2022-03-09"), (7_100_000, "cumulative", "2022-01-31")]


@pytest.mark.parametrize("text, kind, period_start, as_of", [
    # a month or year the movement happened in: that period's flow, as of its last day
    ("Some 12,000 migrants crossed from Morocco into Spain in 2021.", "flow", "2021-01-01", "2021-12-31"),
    ("In January alone, 40,000 people fled into Chad.", "flow", "2022-01-01", "2022-01-31"),
    ("About 8,000 Haitians fled to the Dominican Republic last month.", "flow", "2022-02-01", "2022-02-28"),
    # ... cut at the publication date while the period lasts
    ("Some 150,000 people crossed into Poland this month.", "flow", "2022-03-01", "2022-03-09"),
    # a total the period ends with
    ("By the end of 2021, 4.6 million Venezuelans had left their country.", "cumulative", "", "2021-12-31"),
    ("More than 20,000 migrants have reached Spain so far this year.", "cumulative", "2022-01-01", "2022-03-09"),
    ("Some 40,000 migrants crossed into Greece in the first half of 2021.", "flow", "2021-01-01", "2021-06-30"),
    ("Some 30,000 migrants crossed into Greece in the second half of 2021.", "flow", "2021-07-01", "2021-12-31"),
    ("About 3,000 migrants arrived in Greece in 24 hours on Monday.", "flow", "2022-03-07", "2022-03-07"),
    # a stretch of months from the start of a year
    ("Nearly 9,000 migrants landed in Italy in the first four months of 2021.", "flow",
     "2021-01-01", "2021-04-30"),
    ("During the third quarter of last year, 25,000 Afghans crossed into Iran.", "flow", "2021-07-01",
     "2021-09-30"),
    ("In the first two months of this year, 5,000 people fled into Kenya.", "flow", "2022-01-01", "2022-02-28"),
    ("Some 60,000 people crossed into Panama in the first six months of the year.", "flow", "2022-01-01",
     "2022-03-09"),
    ("The number of Syrian refugees in Jordan rose to 670,000 in 2021.", "cumulative", "", "2021-12-31"),
    # "since" opens the period, in any of its forms
    ("About 70,000 people have fled to Uganda since January.", "cumulative", "2022-01-01", "2022-03-09"),
    ("Some 9,000 Syrians have returned from Lebanon since Feb. 3.", "cumulative", "2022-02-03", "2022-03-09"),
    ("More than 6 million Syrians have fled abroad since 2011.", "cumulative", "2011-01-01", "2022-03-09"),
    ("Some 15,000 people have fled into Niger since the fighting began in January.", "cumulative", "2022-01-01",
     "2022-03-09"),
    # dates that belong to another event than the figure
    ("Uganda took in 60,000 refugees in 2021, the most since 2017.", "flow", "2021-01-01", "2021-12-31"),
    ("Before the border closed in January, 20,000 people crossed into Peru each week.", "flow", "2022-03-09",
     "2022-03-09"),
    ("More than 90,000 Russians who fled to Georgia last year remain there.", "cumulative", "", "2022-03-09"),
])
def test_figure_in_a_week_month_or_year(text, kind, period_start, as_of):
    (row,) = extract(text)["refugee_counts"]
    assert (row["kind"], row["period_start"], row["as_of"]) == (kind, period_start, as_of)


@pytest.mark.parametrize("text", [
    # ordinary news numbers near movement words
    "Spain received 1.2 million tourists in June, and the first cruise ships arrived in Malaga.",
    "Some 2 million registered voters stayed home as migrants arrived at the border.",
    "About 400,000 remain jobless after the factories relocated to Mexico.",
    "The club says 30,000 of its members remain loyal, even after the team moved to Leeds.",
    "Some 12,000 fans are still waiting outside the stadium as the team arrived.",
    "The league has 1.2 million registered players, and the new season arrived early.",
])
def test_not_a_figure_robustness(text):
    assert figures(text) == []


def test_staying_on_needs_a_host_place():
    assert figures("Some 300,000 refugees arrived in Poland. About 5,000 remain in hospital.") == [
        (300_000, "", "POL", "refugees")]


# --- visits: wording rules on real news (issue 3) ---------------------------------------------

def visit_rows(text: str, published: dt.date | None = PUB) -> list[tuple]:
    return [tuple(r[f] for f in VISIT_FIELDS) for r in extract(text, published)["visits"]]


@pytest.mark.parametrize("text, expected", [
    # a bare verb after "and then" takes the modal of the clause before it
    ("German Chancellor Olaf Scholz will hold talks with President Maia Sandu in Chisinau on Monday "
     "and then fly to Bucharest on Tuesday.",
     [("Olaf Scholz", "DEU", "MDA", "Chisinau", "2022-03-14", "planned"),
      ("Olaf Scholz", "DEU", "ROU", "Bucharest", "2022-03-15", "planned")]),
    # "later on Wednesday", said on a Wednesday, is that same day
    ("Lithuanian Foreign Minister Gabrielius Landsbergis is expected in Warsaw later on Wednesday.",
     [("Gabrielius Landsbergis", "LTU", "POL", "Warsaw", "2022-03-09", "planned")]),
    # a stop governed by "after"/"before" belongs to the same planned trip
    ("Canadian Prime Minister Justin Trudeau will fly to Latvia on Thursday after attending a summit in Brussels.",
     [("Justin Trudeau", "CAN", "LVA", "", "2022-03-10", "planned"),
      ("Justin Trudeau", "CAN", "BEL", "Brussels", "", "planned")]),
    ("Spanish Prime Minister Pedro Sánchez flies to Warsaw on Friday, before talks in Vilnius on Saturday.",
     [("Pedro Sánchez", "ESP", "POL", "Warsaw", "2022-03-11", "planned"),
      ("Pedro Sánchez", "ESP", "LTU", "Vilnius", "2022-03-12", "planned")]),
    # present tense with "today" is happening now, not scheduled
    ("Dutch Prime Minister Mark Rutte meets President Volodymyr Zelensky in Kyiv today.",
     [("Mark Rutte", "NLD", "UKR", "Kyiv", "2022-03-09", "completed")]),
    # an infinitive takes the tense of its sentence: one planned trip, not a second, completed one
    ("Austrian Chancellor Karl Nehammer will fly to Tokyo next week, becoming the first Austrian leader to visit Japan "
     "in a decade.", [("Karl Nehammer", "AUT", "JPN", "Tokyo", "", "planned")]),
])
def test_visit_tense(text, expected):
    assert visit_rows(text) == expected


def test_days_after_a_past_meeting_is_not_planned():
    rows = visit_rows("Hungarian Prime Minister Viktor Orbán will visit Moscow on Friday, days after "
                      "meeting President Volodymyr Zelensky in Kyiv.")
    assert ("Viktor Orbán", "HUN", "UKR", "Kyiv", "", "completed") in rows


@pytest.mark.parametrize("text, expected", [
    # names with letters beyond Latin-1 (ł, ń, š, ė)
    ("Polish Foreign Minister Radosław Sikorski arrived in Kyiv on Tuesday.",
     [("Radosław Sikorski", "POL", "UKR", "Kyiv", "2022-03-08", "completed")]),
    # a companion named in a sentence of their own shares the latest trip
    ("Canadian Prime Minister Justin Trudeau flew to Vilnius on Monday. He was accompanied by Foreign Minister "
     "Mélanie Joly.",
     [("Justin Trudeau", "CAN", "LTU", "Vilnius", "2022-03-07", "completed"),
      ("Mélanie Joly", "CAN", "LTU", "Vilnius", "2022-03-07", "completed")]),
    # a companion set off by commas before the verb
    ("Italian Prime Minister Mario Draghi, joined by Spanish Prime Minister Pedro Sánchez, held talks in Warsaw "
     "on Tuesday.",
     [("Mario Draghi", "ITA", "POL", "Warsaw", "2022-03-08", "completed"),
      ("Pedro Sánchez", "ESP", "POL", "Warsaw", "2022-03-08", "completed")]),
    # two visitors who meet in a place named at the head of the sentence
    ("In Geneva, meanwhile, Russian Foreign Minister Sergei Lavrov and US Secretary of State Antony Blinken "
     "met on Friday.",
     [("Sergei Lavrov", "RUS", "CHE", "Geneva", "2022-03-04", "completed"),
      ("Antony Blinken", "USA", "CHE", "Geneva", "2022-03-04", "completed")]),
])
def test_visit_companions(text, expected):
    assert visit_rows(text) == expected


@pytest.mark.parametrize("text", [
    # the host at home, met in a place that opens the sentence
    "In Warsaw, President Andrzej Duda met refugees on Friday.",
    # a companion of someone at home stays out when no trip came before
    "German Chancellor Olaf Scholz was accompanied by Foreign Minister Annalena Baerbock.",
])
def test_no_companion_visit(text):
    assert visit_rows(text) == []


@pytest.mark.parametrize("text, expected", [
    # the next step of the same day: "and then", "before"
    ("Belgian Prime Minister Alexander De Croo visited a field hospital on Thursday and then travelled to Lviv.",
     [("Alexander De Croo", "BEL", "UKR", "Lviv", "2022-03-03", "completed")]),
    ("UN refugee chief Filippo Grandi visited a reception point on the far side of the border on Monday "
     "before holding talks in Amman.",
     [("Filippo Grandi", "", "JOR", "Amman", "2022-03-07", "completed")]),
    # the day sits between the place and "where"
    ("The trip followed a stop in Krakow on Saturday, where Secretary of State Antony Blinken met aid workers.",
     [("Antony Blinken", "USA", "POL", "Kraków", "2022-03-05", "completed")]),
    # "on the same day", "later in the morning": the day named before
    ("Canadian Prime Minister Justin Trudeau visited Kyiv on Sunday. On the same day, Spanish Prime Minister "
     "Pedro Sánchez was in Warsaw.",
     [("Justin Trudeau", "CAN", "UKR", "Kyiv", "2022-03-06", "completed"),
      ("Pedro Sánchez", "ESP", "POL", "Warsaw", "2022-03-06", "completed")]),
    ("German Chancellor Olaf Scholz arrived in Kyiv on Thursday. Romanian President Klaus Iohannis joined them "
     "in Kyiv later in the morning.",
     [("Olaf Scholz", "DEU", "UKR", "Kyiv", "2022-03-03", "completed"),
      ("Klaus Iohannis", "ROU", "UKR", "Kyiv", "2022-03-03", "completed")]),
])
def test_visit_date_from_nearby_clause(text, expected):
    assert visit_rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a pronoun after a lead-in ("On Tuesday he") carries the trip on, on its own day
    ("Finnish President Sauli Niinistö arrived in Tallinn on Monday. On Tuesday he will travel to Riga.",
     [("Sauli Niinistö", "FIN", "EST", "Tallinn", "2022-03-07", "completed"),
      ("Sauli Niinistö", "FIN", "LVA", "Riga", "2022-03-15", "planned")]),
    # a second city on another day of one trip is a row of its own
    ("President Joe Biden arrived in Rzeszów on Friday. On Saturday he travelled to Warsaw.",
     [("Joe Biden", "USA", "POL", "Rzeszów", "2022-03-04", "completed"),
      ("Joe Biden", "USA", "POL", "Warsaw", "2022-03-05", "completed")]),
    # "his visit": the sentence's subject; "a week after" leaves the main clause's day to it
    ("German Chancellor Olaf Scholz told reporters in Berlin on Tuesday that sanctions would stay, a week after "
     "his first visit to Kyiv.",
     [("Olaf Scholz", "DEU", "UKR", "Kyiv", "", "completed")]),
    # "a day after" counts back from the main clause's day
    ("Austrian Chancellor Karl Nehammer landed in Warsaw on Friday, a day after long talks with President "
     "Volodymyr Zelensky in Kyiv.",
     [("Karl Nehammer", "AUT", "POL", "Warsaw", "2022-03-04", "completed"),
      ("Karl Nehammer", "AUT", "UKR", "Kyiv", "2022-03-03", "completed")]),
    # an earlier trip dated in the past is completed and stays apart from the planned one
    ("US Secretary of State Antony Blinken will travel to Warsaw on Friday. It will be his second visit to "
     "Poland, after his trip to Krakow in June last year.",
     [("Antony Blinken", "USA", "POL", "Warsaw", "2022-03-11", "planned"),
      ("Antony Blinken", "USA", "POL", "Kraków", "", "completed")]),
    ("Dutch Prime Minister Mark Rutte arrived in Kyiv on Tuesday. He first went to Kyiv in January.",
     [("Mark Rutte", "NLD", "UKR", "Kyiv", "2022-03-08", "completed"),
      ("Mark Rutte", "NLD", "UKR", "Kyiv", "", "completed")]),
    # one stay in one city over a few days is one row, dated by its first day
    ("Chinese President Xi Jinping ends a three-day visit to Ankara today. Xi arrived in Ankara on Monday.",
     [("Xi Jinping", "CHN", "TUR", "Ankara", "2022-03-07", "completed")]),
    # a noun naming the trip takes the trip's tense
    ("Chinese President Xi Jinping will travel to Serbia next week. His visit to Belgrade falls on an anniversary.",
     [("Xi Jinping", "CHN", "SRB", "Belgrade", "", "planned")]),
    # a day after another stop is that stop's
    ("Vice President Kamala Harris came to Bucharest after talks in Warsaw on Thursday.",
     [("Kamala Harris", "USA", "ROU", "Bucharest", "", "completed"),
      ("Kamala Harris", "USA", "POL", "Warsaw", "2022-03-03", "completed")]),
])
def test_visit_trips_and_mentions(text, expected):
    assert visit_rows(text) == expected


@pytest.mark.parametrize("text, hosts", [
    ("President Joe Biden thanked the soldiers, many of whom arrived in Poland last month.", set()),  # they came
    ("President Joe Biden spoke in Rzeszów on Friday, the closest he has come to the war in Ukraine.", {"POL"}),
])
def test_not_the_visitor_or_not_a_trip(text, hosts):
    assert {r["host_iso3"] for r in extract(text)["visits"]} == hosts


@pytest.mark.parametrize("text, expected", [
    ("Austrian Chancellor Karl Nehammer was also in Lviv on Saturday.",
     [("Karl Nehammer", "AUT", "UKR", "Lviv", "2022-03-05", "completed")]),
    # agreeing or hosting somewhere abroad puts the official there
    ("Spanish Prime Minister Pedro Sánchez and President Xi Jinping agreed in Beijing on Friday to expand trade.",
     [("Pedro Sánchez", "ESP", "CHN", "Beijing", "2022-03-04", "completed")]),
    ("US Defense Secretary Lloyd Austin will host defence ministers at an air base in Germany on Tuesday.",
     [("Lloyd Austin", "USA", "DEU", "", "2022-03-15", "planned")]),
    # "near", "the Black Sea resort of"
    ("French President Emmanuel Macron visited troops at an air base near Constanța on Tuesday.",
     [("Emmanuel Macron", "FRA", "ROU", "Constanţa", "2022-03-08", "completed")]),
    ("Turkish President Recep Tayyip Erdoğan met President Vladimir Putin in the Black Sea resort of Sochi on Monday.",
     [("Recep Tayyip Erdoğan", "TUR", "RUS", "Sochi", "2022-03-07", "completed")]),
    # two cities of one country on one trip: a row per city
    ("German Chancellor Olaf Scholz travelled to Gdansk and Warsaw last month.",
     [("Olaf Scholz", "DEU", "POL", "Gdańsk", "", "completed"), ("Olaf Scholz", "DEU", "POL", "Warsaw", "", "completed")]),
    # a trip noun's place does not lie past a comma that starts another clause
    ("US Secretary of State Antony Blinken arrived in Kyiv on Wednesday. On the day of his visit, a missile struck "
     "a market in Kharkiv.",
     [("Antony Blinken", "USA", "UKR", "Kyiv", "2022-03-09", "completed")]),
])
def test_visit_indirect_wording(text, expected):
    assert visit_rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the verb after a closed relative clause is the named person's
    ("Kenyan President William Ruto, who took office last year, is due to visit Ethiopia next month.",
     [("William Ruto", "KEN", "ETH", "", "", "planned")]),
    # Arabic family names with "al-", named again without it
    ("Egyptian President Abdel Fattah al-Sisi hosted a summit in Cairo on Monday. Sisi plans to visit New Delhi "
     "later this year.",
     [("Abdel Fattah al-Sisi", "EGY", "IND", "New Delhi", "", "planned")]),
    # "There he ...": the place named last in the sentence before
    ("Dutch Prime Minister Mark Rutte arrived from Vilnius, where NATO leaders had gathered. There he held talks "
     "with President Gitanas Nausėda on Tuesday.",
     [("Mark Rutte", "NLD", "LTU", "Vilnius", "2022-03-08", "completed")]),
    # "The delegation" goes on with the visitor, whose sentence a possessive name does not take over
    ("House Speaker Nancy Pelosi met President Volodymyr Zelensky in Kyiv on Saturday. She said Congress would "
     "back President Joe Biden's request. The delegation will meet President Andrzej Duda in Warsaw on Monday.",
     [("Nancy Pelosi", "USA", "UKR", "Kyiv", "2022-03-05", "completed"),
      ("Nancy Pelosi", "USA", "POL", "Warsaw", "2022-03-14", "planned")]),
    ("Secretary of State Antony Blinken left Washington on Thursday. On Friday he will join NATO foreign "
     "ministers in Brussels.",
     [("Antony Blinken", "USA", "BEL", "Brussels", "2022-03-11", "planned")]),
    # by video is not there
    ("Ukrainian President Volodymyr Zelensky addressed lawmakers in Washington by video on Wednesday.", []),
])
def test_visit_subjects_and_references(text, expected):
    assert visit_rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a known official's own surname is enough, when nobody else is likely to carry it
    ("Scholz flew to Vilnius on Monday for talks on air defence.",
     [("Olaf Scholz", "DEU", "LTU", "Vilnius", "2022-03-07", "completed")]),
    ("Stoltenberg will travel to Ankara next week.", [("Jens Stoltenberg", "", "TUR", "Ankara", "", "planned")]),
    # ... but a common surname alone may be anyone, and a possessive is not the traveller
    ("Harris flew to Warsaw on Monday.", []),
    ("Austin arrived in Tokyo on Monday.", []),
    ("Putin's troops arrived in Kherson on Monday.", []),
    # a part of a country is still the country
    ("Filippo Grandi visited camps in eastern Chad on Sunday.", [("Filippo Grandi", "", "TCD", "", "2022-03-06",
                                                                 "completed")]),
    ("Antony Blinken travelled to southern Ukraine on Friday.", [("Antony Blinken", "USA", "UKR", "", "2022-03-04",
                                                                 "completed")]),
])
def test_visit_by_surname_and_to_part_of_a_country(text, expected):
    assert visit_rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a title set off from the name by a comma, or followed by "of <country>"
    ("Kenya's foreign minister, Musalia Mudavadi, arrived in Addis Ababa on Monday.",
     [("Musalia Mudavadi", "KEN", "ETH", "Addis Ababa", "2022-03-07", "completed")]),
    ("The Prime Minister of Nepal Pushpa Kamal Dahal flew to New Delhi on Monday.",
     [("Pushpa Kamal Dahal", "NPL", "IND", "New Delhi", "2022-03-07", "completed")]),
    ("The Emir of Kuwait, Sheikh Nawaf Al-Ahmad, visited Riyadh on Sunday.",
     [("Nawaf Al-Ahmad", "KWT", "SAU", "Riyadh", "2022-03-06", "completed")]),
    # a title that names a portfolio
    ("US Secretary of Homeland Security Alejandro Mayorkas visited Guatemala City on Monday.",
     [("Alejandro Mayorkas", "USA", "GTM", "Guatemala City", "2022-03-07", "completed")]),
    # a portfolio the title list does not hold, with or without commas around the name
    ("The EU Commissioner for Crisis Management, Janez Lenarcic, toured camps in eastern Chad on Saturday.",
     [("Janez Lenarcic", "", "TCD", "", "2022-03-05", "completed")]),
    ("Australia's Minister for Foreign Affairs and Trade Penny Wong flew to Port Moresby on Sunday.",
     [("Penny Wong", "AUS", "PNG", "Port Moresby", "2022-03-06", "completed")]),
])
def test_visitor_title_forms(text, expected):
    assert visit_rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the guest of a host makes the trip; a seat of government is in the capital
    ("Andrzej Duda will host Emmanuel Macron in Warsaw on Friday.",
     [("Emmanuel Macron", "FRA", "POL", "Warsaw", "2022-03-11", "planned")]),
    ("Joe Biden hosted Italian Prime Minister Mario Draghi at the White House on Tuesday.",
     [("Mario Draghi", "ITA", "USA", "Washington", "2022-03-08", "completed")]),
    # a day in another clause is not the trip's
    ("Olaf Scholz, who visited Kyiv, announced new aid on Monday.", [("Olaf Scholz", "DEU", "UKR", "Kyiv", "",
                                                                     "completed")]),
    ("Olaf Scholz visited Kyiv in June and announced new aid on Monday.",
     [("Olaf Scholz", "DEU", "UKR", "Kyiv", "", "completed")]),
])
def test_visit_guests_and_other_clauses(text, expected):
    assert visit_rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "visited X with A and B": they travel together; "after talks ... with C": C was met
    ("Olaf Scholz visited Chisinau on Sunday with Emmanuel Macron and Klaus Iohannis.",
     [("Olaf Scholz", "DEU", "MDA", "Chisinau", "2022-03-06", "completed"),
      ("Emmanuel Macron", "FRA", "MDA", "Chisinau", "2022-03-06", "completed"),
      ("Klaus Iohannis", "ROU", "MDA", "Chisinau", "2022-03-06", "completed")]),
    ("Kamala Harris flew to Bucharest after talks in Warsaw on Thursday with Polish President Andrzej Duda.",
     [("Kamala Harris", "USA", "ROU", "Bucharest", "", "completed"),
      ("Kamala Harris", "USA", "POL", "Warsaw", "2022-03-03", "completed")]),
])
def test_visit_companions_named_with_with(text, expected):
    assert visit_rows(text) == expected


def test_the_day_a_trip_was_announced_is_not_its_day():
    rows = visit_rows("Hungarian President Katalin Novak said on Monday that she would travel to Kyiv in May.")
    assert rows == [("Katalin Novak", "HUN", "UKR", "Kyiv", "", "planned")]


def test_a_since_month_after_the_trip_noun_is_not_the_trip_month():
    rows = visit_rows("Antony Blinken landed in Amman on Thursday, his fourth visit to Jordan since January.")
    assert rows == [("Antony Blinken", "USA", "JOR", "Amman", "2022-03-03", "completed")]


@pytest.mark.parametrize("text", [
    # a trip denied or called off
    "President Joe Biden has no plans to visit Kyiv, the White House said on Monday.",
    "French President Emmanuel Macron said on Monday he would not travel to Moscow.",
    "German Chancellor Olaf Scholz postponed his visit to Kyiv on Monday.",
    # the place that opens the sentence is where he spoke, not where he will meet
    "In Brussels, Polish President Andrzej Duda said he would meet Joe Biden.",
])
def test_no_visit_denied_or_elsewhere(text):
    assert visit_rows(text) == []


def test_cancelled_trip_is_not_the_earlier_one():
    assert visit_rows("German Chancellor Olaf Scholz arrived in Kyiv on Monday. His trip to Warsaw was cancelled.") == [
        ("Olaf Scholz", "DEU", "UKR", "Kyiv", "2022-03-07", "completed")]


def test_travel_before_another_leg_keeps_no_day():
    # "before travelling to" may be a later day; "before holding talks in" is the same day (tested above)
    assert visit_rows("Secretary of State Antony Blinken arrived in Warsaw on Thursday before travelling to Kyiv.") == [
        ("Antony Blinken", "USA", "POL", "Warsaw", "2022-03-03", "completed"),
        ("Antony Blinken", "USA", "UKR", "Kyiv", "", "completed")]


@pytest.mark.parametrize("text, expected", [
    # "the capital": the capital named last; "the Chinese capital": that country's
    ("Prime Minister Mario Draghi arrived in Kyiv on Thursday. Romanian President Klaus Iohannis, who travelled "
     "separately, joined them in the capital.",
     [("Mario Draghi", "ITA", "UKR", "Kyiv", "2022-03-03", "completed"),
      ("Klaus Iohannis", "ROU", "UKR", "Kyiv", "", "completed")]),
    ("German Chancellor Olaf Scholz spent only a few hours in the Chinese capital on Friday.",
     [("Olaf Scholz", "DEU", "CHN", "", "2022-03-04", "completed")]),
    ("German Chancellor Olaf Scholz returned to the capital on Friday.", []),  # his own, most likely
])
def test_visit_in_the_capital(text, expected):
    assert visit_rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # an arrival with no place is the first day of the stay named before
    ("European Commission President Ursula von der Leyen met President Volodymyr Zelensky in Kyiv on Friday. "
     "She had arrived on Thursday with her commissioners.",
     [("Ursula von der Leyen", "", "UKR", "Kyiv", "2022-03-03", "completed")]),
    ("European Commission President Ursula von der Leyen met President Volodymyr Zelensky in Kyiv on Friday. "
     "She arrived home on Saturday.",
     [("Ursula von der Leyen", "", "UKR", "Kyiv", "2022-03-04", "completed")]),
])
def test_arrival_without_a_place(text, expected):
    assert visit_rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a news conference puts its speaker in its place
    ("US Secretary of State Antony Blinken told a news conference in Tallinn on Monday that NATO would defend "
     "every ally.",
     [("Antony Blinken", "USA", "EST", "Tallinn", "2022-03-07", "completed")]),
    ("Russian drones struck Kyiv on Thursday evening, shortly after UN Secretary-General António Guterres "
     "finished a press conference with President Volodymyr Zelensky in the capital.",
     [("António Guterres", "", "UKR", "Kyiv", "2022-03-03", "completed")]),
])
def test_visit_news_conference(text, expected):
    assert visit_rows(text) == expected


def test_a_running_total_after_a_flow_is_a_total():
    rows = extract("Some 40,000 people fled Cabo Delgado in the past two weeks, the agency said, taking the "
                   "number of displaced in Mozambique to nearly 950,000.")["refugee_counts"]
    assert [(r["count"], r["kind"], r["period_start"]) for r in rows] == [
        (40_000, "flow", "2022-02-23"), (950_000, "cumulative", "")]


@pytest.mark.parametrize("text, surface, iso3", [
    ("Boats keep landing on the Greek island of Farmakonisi.", "Farmakonisi", "GRC"),
    ("Families waited at the Armenian border village of Kornidzor.", "Kornidzor", "ARM"),
])
def test_a_small_place_framed_by_a_country_adjective_is_a_mention_in_that_country(text, surface, iso3):
    mentions = {(m["surface"], m["iso3"], m["kind"]) for m in extract(text)["mentions"]}
    assert (surface, iso3, "city") in mentions


def test_a_visit_to_the_island_named_before_goes_there_but_the_town_of_x_names_its_own():
    text = ("About 2,000 migrants reached the Greek island of Farmakonisi on Monday. "
            "EU Commissioner Margaritis Schinas visited the island on Tuesday.")
    assert visit_rows(text) == [("Margaritis Schinas", "", "GRC", "Farmakonisi", "2022-03-08", "completed")]
    text = ("Emmanuel Macron flew to Warsaw on Monday. The French President toured the town of Zabki on Tuesday.")
    assert [row[2:4] for row in visit_rows(text)] == [("POL", "Warsaw")]


def test_a_small_town_after_visit_the_town_of_is_a_place():
    rows = visit_rows("UNHCR chief Filippo Grandi will visit the town of Adré on Friday.")
    assert [row[2:4] for row in rows] == [("TCD", "Adré")]


def test_the_date_of_a_main_clause_is_not_that_of_a_figure_in_its_relative_clause():
    (row,) = extract("On Monday the envoy toured Goma, where some 600,000 displaced people have "
                     "sought shelter.")["refugee_counts"]
    assert (row["kind"], row["as_of"], row["as_of_source"]) == ("cumulative", "2022-03-09", "published")


def test_the_title_alone_names_its_only_holder_in_the_article():
    text = ("British Foreign Secretary James Cleverly spoke in London on Friday. "
            "The Foreign Secretary will fly to Nairobi on Monday.")
    assert visit_rows(text) == [("James Cleverly", "GBR", "KEN", "Nairobi", "2022-03-14", "planned")]
    # a country adjective narrows the title: not the last subject, Scholz, but the French president
    text = ("German Chancellor Olaf Scholz hosted French President Emmanuel Macron in Berlin on Monday. "
            "Scholz then flew to Vilnius. The French president will travel to Kyiv on Friday.")
    assert [row for row in visit_rows(text) if row[3] == "Kyiv"] == [
        ("Emmanuel Macron", "FRA", "UKR", "Kyiv", "2022-03-11", "planned")]
    # with two presidents in the article, "the president" names neither of them by itself
    from etl.people import find_people, person_mentions
    from etl.places import find_places
    text = "President Joe Biden hosted President Andrzej Duda on Tuesday. The president spoke on Monday."
    mentions = person_mentions(text, find_people(text, find_places(text)), {})
    assert [text[s:e] for s, e, _ in mentions] == ["Joe Biden", "Andrzej Duda"]


@pytest.mark.parametrize("text, expected", [
    # met at home: the one met made the trip
    ("Prime Minister Fumio Kishida met Indian Prime Minister Narendra Modi in Tokyo on Monday.",
     [("Narendra Modi", "IND", "JPN", "Tokyo", "2022-03-07", "completed")]),
    ("President Andrzej Duda held talks with Kamala Harris in Warsaw on Thursday.",
     [("Kamala Harris", "USA", "POL", "Warsaw", "2022-03-03", "completed")]),
    # met abroad: only the subject's trip is known
    ("Antony Blinken met Sergei Lavrov in Geneva on Friday.",
     [("Antony Blinken", "USA", "CHE", "Geneva", "2022-03-04", "completed")]),
])
def test_a_meeting_at_home_is_the_guests_visit(text, expected):
    assert visit_rows(text) == expected


def test_a_fact_box_label_makes_its_number_a_figure_and_a_cited_month_dates_it():
    rows = extract("Key figures:\n• Refugees from Sudan in Chad: 570,000\n"
                   "• Internally displaced inside Sudan: 4.1 million (IOM, January 2022)\n"
                   "• Funding received: 27%\n• Death toll: 1,200")["refugee_counts"]
    assert [(r["count"], r["origin_iso3"], r["destination_iso3"], r["population"], r["kind"], r["as_of"])
            for r in rows] == [(570_000, "SDN", "TCD", "refugees", "cumulative", "2022-03-09"),
                               (4_100_000, "SDN", "", "internally_displaced", "cumulative", "2022-01-31")]


@pytest.mark.parametrize("text, second", [
    ("Some 30,000 people crossed into Panama in the first two months of 2022, against 4,000 in the same "
     "period last year.", (4_000, "flow", "2021-01-01", "2021-02-28")),
    ("About 9,000 migrants landed in Italy in January, up from 6,000 in the same month of 2020.",
     (6_000, "flow", "2020-01-01", "2020-01-31")),
    # the end of February stays the end of February, in a leap year too
    ("Some 8,000 migrants crossed into Spain in the first two months of 2021, against 5,000 in the same "
     "period of 2020.", (5_000, "flow", "2020-01-01", "2020-02-29")),
])
def test_the_same_period_of_another_year_moves_the_first_figures_stretch(text, second):
    rows = extract(text)["refugee_counts"]
    assert [(r["count"], r["kind"], r["period_start"], r["as_of"]) for r in rows][1] == second
