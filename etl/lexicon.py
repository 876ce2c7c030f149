"""Cue words, aliases and fixed facts the extractors use: all data, named and commented.

Nothing here runs logic beyond building lookup sets; the extractors import these names.
Facts from the public record name their source.
"""
from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------

# Common short names and spellings that pycountry lacks (ISO 3166 gives official forms).
COUNTRY_ALIASES: dict[str, str] = {
    "US": "USA", "U.S.": "USA", "U.S.A.": "USA", "USA": "USA", "America": "USA",
    "United States": "USA", "United States of America": "USA", "the States": "USA",
    "UK": "GBR", "U.K.": "GBR", "Britain": "GBR", "Great Britain": "GBR", "United Kingdom": "GBR",
    "England": "GBR", "Scotland": "GBR", "Wales": "GBR",
    "Russia": "RUS", "Russian Federation": "RUS",
    "Moldova": "MDA", "Republic of Moldova": "MDA",
    "Czech Republic": "CZE", "Czechia": "CZE",
    "Slovakia": "SVK", "Slovak Republic": "SVK",
    "Turkey": "TUR", "Türkiye": "TUR", "Turkiye": "TUR",
    "Syria": "SYR", "Iran": "IRN", "Laos": "LAO", "Vietnam": "VNM", "Viet Nam": "VNM",
    "South Korea": "KOR", "North Korea": "PRK", "Bolivia": "BOL", "Venezuela": "VEN",
    "Tanzania": "TZA", "Taiwan": "TWN", "Palestine": "PSE", "Gaza": "PSE", "West Bank": "PSE",
    "Kosovo": "XKX", "Vatican": "VAT", "Holy See": "VAT",
    "DR Congo": "COD", "DRC": "COD", "D.R. Congo": "COD", "Democratic Republic of Congo": "COD",
    "Democratic Republic of the Congo": "COD", "Congo-Kinshasa": "COD",
    # Plain "Congo" in refugee reporting almost always means the DRC.
    "Congo": "COD", "Republic of Congo": "COG", "Republic of the Congo": "COG", "Congo-Brazzaville": "COG",
    "Ivory Coast": "CIV", "Cote d'Ivoire": "CIV", "Côte d'Ivoire": "CIV",
    "Burma": "MMR", "Myanmar": "MMR", "Holland": "NLD", "Netherlands": "NLD",
    "Macedonia": "MKD", "North Macedonia": "MKD", "Swaziland": "SWZ", "Eswatini": "SWZ",
    "East Timor": "TLS", "Timor-Leste": "TLS", "Cape Verde": "CPV", "Cabo Verde": "CPV",
    "Micronesia": "FSM", "Brunei": "BRN", "Bosnia": "BIH", "Bosnia-Herzegovina": "BIH",
    "Bosnia and Herzegovina": "BIH", "UAE": "ARE", "U.A.E.": "ARE", "Emirates": "ARE",
    "Saudi": "SAU", "Kyrgyzstan": "KGZ", "St Lucia": "LCA", "St. Lucia": "LCA",
    "Gambia": "GMB", "The Gambia": "GMB", "Bahamas": "BHS", "Sao Tome": "STP",
}

# US states (Georgia aside, see AMBIGUOUS_NAMES): places in the USA, kind "region".
US_STATES = [
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "Florida", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana",
    "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana",
    "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "North Carolina", "North Dakota",
    "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
    "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "West Virginia", "Wisconsin", "Wyoming",
]

# Disputed and breakaway regions -> the country they belong to de jure, kind "region".
# Sources: UN General Assembly resolutions 62/243 (2008, Nagorno-Karabakh, with UN Security
# Council resolutions 822/853/874/884 of 1993), 68/262 (2014, Crimea), ES-11/4 (2022,
# Donetsk, Luhansk, Kherson, Zaporizhzhia oblasts) and the yearly resolutions on displaced
# persons "from Abkhazia, Georgia" (62/249, 2008) "and the Tskhinvali region/South
# Ossetia, Georgia" (from 63/307, 2009); Security Council resolutions 541 (1983, Northern
# Cyprus) and 497 (1981, Golan Heights); Transnistria is recognised by no UN member state
# (OSCE: "the Transdniestrian region of the Republic of Moldova"). Regions claimed by two
# states (Kashmir) have no single de jure country and are left out; Western Sahara has its
# own ISO code.
DISPUTED_REGIONS: dict[str, str] = {
    "Nagorno-Karabakh": "AZE", "Nagorno Karabakh": "AZE", "Karabakh": "AZE", "Artsakh": "AZE",
    "Abkhazia": "GEO", "South Ossetia": "GEO", "Tskhinvali": "GEO",
    "Transnistria": "MDA", "Transdniestria": "MDA", "Pridnestrovie": "MDA",
    "Crimea": "UKR", "Donbas": "UKR", "Donbass": "UKR",
    "Northern Cyprus": "CYP", "Golan Heights": "SYR",
}

# Names that are countries but also something else; resolved by context in places.py.
# Georgia: also a US state. Jordan, Chad: also first names. Niger: handled by word bounds.
AMBIGUOUS_NAMES = {"Georgia", "Jordan", "Chad"}

# Words near "Georgia" that mean the US state.
US_STATE_CONTEXT = re.compile(
    r"\b(?:Atlanta|Savannah|Augusta|governor|Gov\.|senator|Senate|state of|U\.?S\.? state|"
    r"county|Republican|Democrat|GOP|Peach State|Alabama|Arizona|Florida|Nevada|Texas|Michigan|"
    r"Pennsylvania|Wisconsin|North Carolina|South Carolina|Tennessee|Ohio|Virginia|swing states?|"
    # "settled in Georgia, state officials said": a country has no state officials.
    r"state officials)\b", re.I)
# Words that make a nearby "Georgia" the country, whatever US words are also near.
GEORGIA_COUNTRY_CONTEXT = re.compile(
    r"\b(?:Tbilisi|Batumi|Kutaisi|Georgian|Georgians|Abkhazia|South Ossetia|Caucasus|Kobakhidze|"
    r"Zourabichvili|Garibashvili)\b")

# Demonyms and adjectives (singular, plural) -> country. Only forms that are not
# ambiguous in news English; "Dutch", "Swiss" etc. have no separate plural.
DEMONYMS: dict[str, str] = {}
_DEMONYM_TABLE = """
AFG Afghan Afghans Afghani
ALB Albanian Albanians
DZA Algerian Algerians
ARG Argentine Argentinian Argentinians Argentines
ARM Armenian Armenians
AUS Australian Australians
AUT Austrian Austrians
AZE Azerbaijani Azerbaijanis Azeri Azeris
BGD Bangladeshi Bangladeshis
BLR Belarusian Belarusians Belarussian
BEL Belgian Belgians
BIH Bosnian Bosnians
BRA Brazilian Brazilians
BGR Bulgarian Bulgarians
BDI Burundian Burundians
KHM Cambodian Cambodians
CMR Cameroonian Cameroonians
CAN Canadian Canadians
CAF Centrafrican
TCD Chadian Chadians
CHL Chilean Chileans
CHN Chinese
COL Colombian Colombians
COD Congolese
HRV Croatian Croatians Croat Croats
CUB Cuban Cubans
CYP Cypriot Cypriots
CZE Czech Czechs
DNK Danish Dane Danes
EGY Egyptian Egyptians
ERI Eritrean Eritreans
EST Estonian Estonians
ETH Ethiopian Ethiopians
FIN Finnish Finn Finns
FRA French Frenchman Frenchwoman
GEO Georgians
DEU German Germans
GHA Ghanaian Ghanaians
GRC Greek Greeks
GTM Guatemalan Guatemalans
HTI Haitian Haitians
HND Honduran Hondurans
HUN Hungarian Hungarians
ISL Icelandic Icelanders
IND Indian Indians
IDN Indonesian Indonesians
IRN Iranian Iranians
IRQ Iraqi Iraqis
IRL Irish
ISR Israeli Israelis
ITA Italian Italians
JPN Japanese
JOR Jordanian Jordanians
KAZ Kazakh Kazakhs Kazakhstani
KEN Kenyan Kenyans
XKX Kosovar Kosovars
KWT Kuwaiti Kuwaitis
KGZ Kyrgyz
LVA Latvian Latvians
LBN Lebanese
LBY Libyan Libyans
LTU Lithuanian Lithuanians
LUX Luxembourgish
MKD Macedonian Macedonians
MYS Malaysian Malaysians
MLI Malian Malians
MEX Mexican Mexicans
MDA Moldovan Moldovans
MNG Mongolian Mongolians
MNE Montenegrin Montenegrins
MAR Moroccan Moroccans
MMR Burmese Myanmarese Rohingya
NPL Nepali Nepalese
NLD Dutch
NZL Zealander Zealanders
NIC Nicaraguan Nicaraguans
NER Nigerien Nigeriens
NGA Nigerian Nigerians
PRK
NOR Norwegian Norwegians
PAK Pakistani Pakistanis
PSE Palestinian Palestinians
PAN Panamanian Panamanians
PER Peruvian Peruvians
PHL Filipino Filipinos Philippine
POL Polish Pole Poles
PRT Portuguese
QAT Qatari Qataris
ROU Romanian Romanians
RUS Russian Russians
RWA Rwandan Rwandans
SAU Saudis
SEN Senegalese
SRB Serbian Serbians Serb Serbs
SVK Slovak Slovaks Slovakian
SVN Slovenian Slovenians Slovene Slovenes
SOM Somali Somalis Somalian
ZAF
KOR
SSD
ESP Spanish Spaniard Spaniards
LKA Sri Lankan Lankans
SDN Sudanese
SWE Swedish Swede Swedes
CHE Swiss
SYR Syrian Syrians
TWN Taiwanese
TJK Tajik Tajiks
TZA Tanzanian Tanzanians
THA Thai
TUN Tunisian Tunisians
TUR Turkish Turk Turks
TKM Turkmen
UGA Ugandan Ugandans
UKR Ukrainian Ukrainians
ARE Emirati Emiratis
GBR British Briton Britons
USA American Americans
URY Uruguayan Uruguayans
UZB Uzbek Uzbeks
VEN Venezuelan Venezuelans
VNM Vietnamese
YEM Yemeni Yemenis
ZMB Zambian Zambians
ZWE Zimbabwean Zimbabweans
"""
for _line in _DEMONYM_TABLE.strip().splitlines():
    _iso, *_forms = _line.split()
    for _f in _forms:
        DEMONYMS[_f] = _iso
# Multi-word demonyms.
DEMONYMS.update({
    "South African": "ZAF", "South Africans": "ZAF", "South Korean": "KOR", "South Koreans": "KOR",
    "North Korean": "PRK", "North Koreans": "PRK", "South Sudanese": "SSD",
    "New Zealand": "NZL", "Saudi Arabian": "SAU", "Sri Lankans": "LKA",
})

# Capitals often used as shorthand for their government ("Washington said").
CAPITALS_AS_GOVERNMENT: dict[str, str] = {
    "Washington": "USA", "Moscow": "RUS", "Kyiv": "UKR", "Kiev": "UKR", "Beijing": "CHN",
    "London": "GBR", "Paris": "FRA", "Berlin": "DEU", "Warsaw": "POL", "Ankara": "TUR",
    "Tehran": "IRN", "Tokyo": "JPN", "Rome": "ITA", "Madrid": "ESP", "Ottawa": "CAN",
    "Canberra": "AUS", "Delhi": "IND", "New Delhi": "IND", "Damascus": "SYR", "Budapest": "HUN",
    "Bucharest": "ROU", "Chisinau": "MDA", "Minsk": "BLR", "Pyongyang": "PRK", "Seoul": "KOR",
    "Riyadh": "SAU", "Cairo": "EGY", "Islamabad": "PAK", "Kabul": "AFG", "Baghdad": "IRQ",
    "Khartoum": "SDN", "Caracas": "VEN", "Bogota": "COL", "Tbilisi": "GEO", "Jerusalem": "ISR",
    "Prague": "CZE", "Bratislava": "SVK", "Vilnius": "LTU", "Riga": "LVA", "Tallinn": "EST",
    # Seats of government named for the government itself.
    "White House": "USA", "Kremlin": "RUS", "Downing Street": "GBR", "Elysee": "FRA", "Élysée": "FRA",
    "Zhongnanhai": "CHN",
}
# A capital is the government when followed by a verb of speech/policy or a possessive.
GOVERNMENT_VERBS = re.compile(
    r"(?:\s+(?:said|says|say|wants|warned|warns|insists|insisted|"
    r"accused|accuses|denied|denies|announced|announces|pledged|pledges|urged|urges|"
    r"believes|claims|claimed|responded|rejected|demanded|sent|sends|"
    r"imposed|condemned|backed|supports|supported)\b)")

# Capitalized words that are city names in the gazetteer but ordinary English or names.
CITY_STOPWORDS = {
    "Of", "Nice", "Mobile", "Reading", "Bath", "Split", "Police", "Best", "Gold", "Union",
    "Victoria", "Florence", "Lincoln", "Jackson", "Marshall", "Hamilton", "Wilson", "Franklin",
    "Columbia", "Independence", "Concord", "Mercedes", "Santa", "March", "May", "June",
    "August", "Temple", "Paradise", "Hope", "Aurora", "Irving", "Garland", "Chandler", "Troy",
    "Georgetown", "Kingston", "Salem", "Albany", "Orange", "Richmond", "Buffalo", "Deal",
    "Worth", "Page", "Sale", "Said", "Bar", "Hit", "Goes", "Van", "Man", "Price", "Bet", "Nord",
    "Sur", "Male", "Dire", "Gap", "Ocean", "Salt", "Mary", "Charlotte",
    "Sterling",
    "Same", "Tours",
    "Nancy", "Laval", "Marion", "Tyler", "Lafayette",
    # towns named like ordinary words or institutions, which "in"/"at the" would frame as places
    "University", "Airport", "Central", "Federal", "Summit", "Mission", "Alliance", "Bank", "Time",
    "Date", "Say", "Can", "Most", "Much", "Than", "Along", "Young", "Rich", "Pace", "Tank", "Buy",
    "Hire", "Begun", "Borne", "Come", "To", "Meridian", "Liberty", "Opportunity", "Enterprise",
    "Eden", "Zion", "Republic", "Commonwealth", "Green", "Golden", "White House", "West End",
    "Old City", "New City", "East Village", "West Village", "Times Square", "The Peak", "City One",
    "Port Area", "The Crossings", "University City", "New Territory",
}

# Minimum population for a gazetteer city to count as a mention on its own; smaller
# towns collide with surnames and ordinary words too often.
MIN_CITY_POPULATION = 100_000
# Towns down to this size (border crossings, camps: Przemyśl, Adré, Goris) count only where
# the text frames them as a place: "in Przemyśl", "near Adré", "Goris, Armenia".
MINOR_CITY_POPULATION = 15_000
# Cities this size and up also get their Latin-script alternate names ("Kiev").
ALTNAME_CITY_POPULATION = 1_000_000

# Organisations, not countries: never map these to a country.
NOT_COUNTRIES = {"NATO", "EU", "European Union", "UN", "United Nations", "UNHCR", "IOM",
                 "UNICEF", "WHO", "OSCE", "G7", "G20", "ASEAN", "African Union", "OECD"}

# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "dozen": 12,
}
FRACTION_WORDS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
               "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000,
               "k": 1_000}

# Qualifier phrases immediately before a figure -> qualifier code. Longest first.
QUALIFIERS: list[tuple[str, str]] = [
    ("more than", "more_than"), ("over", "more_than"), ("upwards of", "more_than"),
    ("in excess of", "more_than"), ("above", "more_than"), ("exceeding", "more_than"),
    ("at least", "at_least"), ("a minimum of", "at_least"), ("no fewer than", "at_least"),
    ("no less than", "at_least"),
    ("about", "about"), ("around", "about"), ("some", "about"), ("roughly", "about"),
    ("approximately", "about"), ("an estimated", "about"), ("estimated", "about"),
    ("circa", "about"), ("an approximate", "about"), ("close on", "about"),
    ("nearly", "nearly"), ("almost", "nearly"), ("close to", "nearly"), ("just under", "nearly"),
    ("just shy of", "nearly"), ("approaching", "nearly"),
    ("up to", "up_to"), ("as many as", "up_to"),
    ("fewer than", "fewer_than"), ("less than", "fewer_than"), ("under", "fewer_than"),
    ("below", "fewer_than"),
]
# Verbs between a subject and a figure that imply a qualifier ("has passed 2 million").
VERB_QUALIFIERS = {
    "passed": "more_than", "surpassed": "more_than", "exceeded": "more_than",
    "topped": "more_than", "crossed": "more_than", "passes": "more_than", "exceeds": "more_than",
    "tops": "more_than", "neared": "nearly", "nears": "nearly", "approached": "nearly",
}

# ---------------------------------------------------------------------------
# Refugee figures
# ---------------------------------------------------------------------------

# Nouns for people that a figure can count ("780,000 Ukrainians", "2 million people").
PEOPLE_NOUNS = {
    "people", "persons", "person", "refugees", "refugee", "individuals", "civilians",
    "children", "women", "families", "migrants", "asylum-seekers", "asylum", "seekers",
    "displaced", "idps", "arrivals", "evacuees", "citizens", "nationals",
    "crossings", "returnees", "newcomers", "men", "minors", "kids", "ukrainians", "afghans",
    "syrians", "venezuelans", "sudanese", "rohingya", "encounters", "applicants", "claimants",
}
# Words of movement or protection that make a number a refugee figure.
MOVEMENT_CUES = re.compile(
    r"\b(?:fled|flee|flees|fleeing|flight|escap\w+|crossed|cross|crossing|crossings|"
    r"arriv\w+|entered|enter|entering|entries|registered|registration|displace\w*|refugees?|"
    r"asylum|sought|seek\w*|sheltered|sheltering|hosts?|hosting|hosted|taken in|took in|"
    r"received|receiving|welcomed|exodus|evacuated|uprooted|left the country|left their homes|"
    r"have left|had left|has left|leaving|temporary protection|returned|returnees|"
    r"gone back|went back|made it to|poured|streamed|headed|relocated|gone to|moved to|"
    r"applied|protection|settled|resettled|admitted|admits|encounters|shelters|houses|home to|"
    r"from their homes|forced out|driven out|(?:have|has|had)(?: now| already)? left|"
    r"repatriat\w+|(?:went|gone|flew|flown|headed|sailed) home|deport\w*|expelled|sent back|sent home|forced back|"
    # "the number of Venezuelans in Colombia has risen to 2.5 million": a count of people abroad
    r"number of (?:refugees|migrants|asylum[- ]seekers|displaced|(?-i:[A-Z])\w+(?:ans|ians|ese|is|is))|"
    r"made the (?:journey|crossing|trek|trip)|reached|reaching|landed|disembarked|came ashore|"
    # "have come to Germany", but not "came to power": a capitalized place follows.
    r"(?:come|came|coming) to(?= (?-i:[A-Z])))\b", re.I)
# Context that makes a number something other than a refugee figure.
NON_FIGURE_NOUNS = {
    "guards", "officers", "policemen", "personnel", "staff", "agents", "workers", "volunteers",
    "troops", "soldiers", "tanks", "dollars", "euros", "pounds", "usd", "eur", "percent",
    "per", "years", "year", "months", "days", "hours", "km", "kilometres", "kilometers",
    "miles", "tonnes", "tons", "rounds", "missiles", "drones", "jets", "aircraft",
    "weapons", "killed", "dead", "deaths", "died", "casualties", "wounded", "injured",
    "votes", "seats", "beds", "calls", "doses", "meals", "vehicles", "trucks", "buses",
    "trains", "flights", "shells", "rockets", "artillery", "howitzers", "sanctions",
    "reservists", "fighters", "militants", "police", "officers", "staff", "volunteers",
    "inch", "inches", "times", "barrels", "vaccines", "homes", "houses", "buildings",
    "schools", "hospitals", "applications", "visas", "mines",
    # people counted in ordinary news who are not on the move
    "tourists", "visitors", "voters", "passengers", "spectators", "fans", "shoppers", "customers",
    "subscribers",
}
# A number right after these is a population or a price, not movement.
NON_FIGURE_BEFORE = re.compile(
    r"(?:population of|country of|nation of|city of|town of|budget of|worth|cost of|"
    r"costing|package of|aid of|pledged|priced at|salary of|age of|aged|rate of|"
    r"killed|killing|kills|death toll of|deaths of|limit of|cap of|ceiling of|quota of|"
    r"target of|capacity of|capacity for|room for|space for|places for|beds for|built for|designed for|"
    r"meant for|intended for|plans? (?:to|for)|expects?|expected|"
    r"forecasts?|projects?|projected|could reach|may reach|might reach|would reach|prepar\w+ for|"
    r"threat\w* to (?:\w+ )?|vow\w* to (?:\w+ )?|"  # "threatened to deport two million": a threat, not a movement
    # A pledge of places, not people who came: "would welcome up to 100,000", "agreed to take in".
    r"(?:will|would|shall|to|'ll|’ll) (?:welcome|take in|accept|resettle|admit|receive|relocate|host|"
    r"repatriate|return|deport|send back|expel))"
    r"\s*(?:(?:barely|about|around|some|nearly|almost|more than|over|roughly|just|up to|an estimated|"
    r"another|a further|only|just over|just under|as many as|as few as)\s+)?$", re.I)
CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₴]|US\$|USD|EUR|GBP|UAH|Rs\.?|CHF|zł)\s*$")

# Sending people back: returnees, but only where the words are near the figure ("has deported
# 500,000 Afghans"), not later in the sentence ("... and has threatened to deport two million").
EXPULSION_CUE = re.compile(r"\b(?:deport\w*|expel\w*|sent (?:back|home)|forced back)\b", re.I)

# Populations: which group a figure counts.
POPULATION_CUES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\binternally displaced|\bIDPs?\b|displaced (?:inside|within|internally)|"
                r"displaced in their own country|within (?:the country|its borders)|"
                # "driven from their homes inside the country"
                r"from their homes (?:inside|within|elsewhere in)|"
                # "displaced nearly 2.5 million people inside the country"
                r"displaced [\w ,.]{0,40}? inside (?:the country|its borders)", re.I),
     "internally_displaced"),
    (re.compile(r"\breturn(?:ed|ees?|ing)\b|gone back|went back|come back|came back|"
                # "crossed home", "flew home from Minsk": going home is a return.
                r"\b(?:went|gone|going|flew|flown|crossed|travell?ed|headed|sailed|walked|came) home\b", re.I), "returnees"),
    (re.compile(r"\b(?:border )?crossings\b", re.I), "border_crossings"),
]

# Flows: a figure within a stated period rather than a running total.
FLOW_CUES = re.compile(
    r"\b(?:in the (?:past|last) (?:24|48|72) hours|(?:in|within) (?:24|48|72) hours|(?:per|a|each|every) (?:day|week|month)|"
    # "alone" after a time ("in March alone", "on Monday alone"), not a place ("Chad alone has received")
    r"daily|weekly|in a single day|in one day|(?:days?|weeks?|months?|year|hours|weekend|yesterday|today|night|"
    r"morning|(?-i:[A-Z][a-z]+day)|(?-i:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)|(?:19|20)\d\d) alone|over the weekend|in the (?:past|last) (?:day|week|month)|"
    r"(?:in|over|during|within) the (?:past|last|previous) (?:\w+ )?(?:days|weeks|months)|"
    r"yesterday alone|in (?:just )?one week|overnight)\b", re.I)

# Start dates of crises that "since the invasion / since the war began" refer to.
# Source: public record (UN and press reporting of each date).
CRISIS_STARTS: dict[str, str] = {
    "UKR": "2022-02-24",  # Russia's full-scale invasion of Ukraine
    "SDN": "2023-04-15",  # fighting between the SAF and RSF began in Khartoum
    "AFG": "2021-08-15",  # Taliban take Kabul
    "SYR": "2011-03-15",  # start of the Syrian conflict
    "MMR": "2017-08-25",  # Rohingya exodus to Bangladesh began
}
SINCE_CRISIS = re.compile(
    r"\bsince (?:the (?:start|beginning|outbreak|onset) of )?(?:the |Russia['’]s )?"
    r"(?:full-scale )?(?:invasion|war|conflict|fighting|hostilities|crisis)"
    r"(?: (?:began|started|broke out|erupted))?\b", re.I)

# ---------------------------------------------------------------------------
# Visits
# ---------------------------------------------------------------------------

# Official titles, longest first when compiled. Lower-case variants are matched too.
TITLES = [
    "Secretary of State", "Secretary-General", "Secretary General", "Deputy Secretary of State",
    "Vice President", "Vice-President", "President", "Prime Minister", "Deputy Prime Minister",
    "Chancellor", "Foreign Minister", "Foreign Secretary", "Foreign Affairs Minister",
    "Minister of Foreign Affairs", "Defence Minister", "Defense Minister", "Defence Secretary",
    "Defense Secretary", "Secretary of Defense", "Interior Minister", "Home Secretary",
    "Minister", "Secretary", "King", "Queen", "Crown Prince", "Prince", "Pope", "Emir",
    "Sultan", "Sheikh", "Premier", "Taoiseach", "High Commissioner", "High Representative",
    "Commissioner", "Ambassador", "Envoy", "Special Envoy", "Special Representative", "Speaker", "Senator", "Governor",
    "First Lady", "Mayor", "Chief", "chief", "Director-General", "Director General",
    "State Councillor", "National Security Adviser", "Commission President",
    # portfolios named after the title ("Secretary of Homeland Security Alejandro Mayorkas")
    "Secretary of Homeland Security", "Homeland Security Secretary", "Secretary of the Treasury",
    "Assistant Secretary of State", "Under Secretary of State", "Deputy Foreign Minister",
    "Minister of the Interior", "Minister of Interior", "Minister of Defence", "Minister of Defense",
    "Immigration Minister", "Migration Minister", "Minister for Migration", "Minister of Migration",
    # Lower-case roles that precede or follow names in news copy.
    "top diplomat", "special envoy", "envoy", "refugee chief", "head", "interior minister",
    "foreign minister", "prime minister", "defence minister", "defense secretary", "president",
    "chancellor", "home secretary", "foreign secretary", "senator", "congressman", "congresswoman",
    "Senator", "Congressman", "Congresswoman", "Representative", "Administrator",
]

# Nouns that frame a place named after them: "the Italian island of Lampedusa", "the border town
# of Adré".
PLACE_FRAMES = ("island", "town", "city", "village", "port", "region", "province", "enclave", "district",
                "county", "crossing", "camp", "settlement")

# Words of a portfolio named after a title and before the name ("Commissioner for Crisis
# Management Janez Lenarcic", "Minister for Foreign Affairs Penny Wong"), joined by "and" or
# commas: skipped to reach the name, and kept in the title.
PORTFOLIO_WORDS = [
    "Affairs", "Foreign", "Home", "Internal", "Interior", "Crisis", "Management", "Defence", "Defense",
    "Justice", "Trade", "Health", "Development", "International", "Migration", "Immigration", "Refugees",
    "Humanitarian", "Aid", "Security", "Homeland", "Economy", "Economic", "Finance", "Energy", "Enlargement",
    "Neighbourhood", "Neighborhood", "Equality", "Environment", "Cooperation", "Partnerships", "Asylum",
    "Citizenship", "Integration", "Relations", "Policy", "Human", "Rights", "Commonwealth", "Labour", "Labor",
    "Social", "Education", "Culture", "Agriculture", "Transport", "Digital", "Climate", "Action", "Budget",
    "Administration", "Political", "Peacebuilding", "Peace", "Operations", "Emergency", "Relief",
    "Coordination", "Europe", "European", "Jobs", "Growth", "Investment", "Protection", "Border", "Borders",
    "Diaspora", "Overseas", "Africa", "Asia", "Pacific", "Middle", "East", "Americas", "Multilateral",
]

# Countries whose officials' names put the family name first ("Wang Yi" is "Wang").
FAMILY_NAME_FIRST = {"CHN", "TWN", "KOR", "PRK", "VNM", "KHM", "MNG"}
# Organisations whose officials represent no country.
ORGANISATIONS = re.compile(
    r"\b(?:UN|U\.N\.|United Nations|UNHCR|UNICEF|IOM|WFP|WHO|NATO|EU|E\.U\.|European Union|"
    r"European Commission|Commission|European Council|European Parliament|OSCE|IMF|World Bank|"
    r"Red Cross|ICRC|African Union|Council of Europe)\b")

# Verbs of travel; the place follows after "to", "in", "at" or directly.
TRAVEL_VERBS = re.compile(
    r"\b(?:arriv(?:ed|es|ing|e)|visit(?:ed|s|ing)?|travel(?:l?ed|s|ling|ing)?|fl(?:ew|ies|y|ying)|"
    r"land(?:ed|s)|went|go(?:es|ing)?|head(?:ed|s|ing)?|trip|journey(?:ed)?|toured?|tour(?:ing|s)|"
    r"stop(?:ped)? in|met|meet(?:s|ing)?|meetings?|held talks|hold talks|holds talks|talks|"
    r"was in|is in|were in|will be in|came to|come to|comes to|returned to|summit|"
    r"(?:was|were) also in|"
    r"due (?:in|to visit)|expected in|made a (?:surprise |rare |first )?visit)\b", re.I)
# Verbs that put their subject in the place named after "in" ("signed a deal in Cairo").
PRESENCE_VERBS = re.compile(
    r"\b(?:signed|announced|attended|addressed|inaugurated|spoke|laid|unveiled|opened|toured|spent|"
    r"gave a (?:speech|press conference|news conference)|delivered|held a (?:news|press) conference|"
    r"attends|addresses|will attend|will sign|will address|joined (?:them|him|her|leaders)|"
    # "agreed in Beijing", "will host ministers at Ramstein Air Base in Germany"
    r"agreed|host|hosts|hosted|hosting|will host|join|joins|will join|"
    r"news conference|press conference)\b", re.I)  # "told a news conference in Rzeszow"
# Future markers that make a visit planned.
FUTURE_MARKERS = re.compile(
    r"\b(?:will|would|shall|is due|are due|is expected|are expected|is set to|are set to|"
    r"is scheduled|are scheduled|plans? to|planning to|is to|are to|intends to|"
    r"to travel|next week|next month|later this (?:week|month|year)|tomorrow|"
    r"is going to|are going to|upcoming)\b|['’]ll\b", re.I)
# Past/ongoing markers that override a planned reading within the same clause.
PAST_MARKERS = re.compile(r"\b(?:arrived|visited|met|held|travell?ed|flew|landed|went|toured|was in|were in|made a)\b", re.I)
PRONOUNS = re.compile(r"(?:He|She|The (?:secretary|minister|president|chancellor|premier|envoy|chief|leader|delegation))\b")
# Phrases that introduce the people met.
MEETING_CUES = re.compile(r"\b(?:meet(?:ing)?s? with|met(?: with)?|talks with|hosted by|welcomed by|"
                          r"held (?:a meeting|meetings|talks) with|hold (?:a meeting|meetings|talks) with|"
                          r"sat down with|alongside|together with)\b", re.I)
PURPOSE_CUE = re.compile(r"\b(?:to discuss|to (?:show|reaffirm|demonstrate|express|offer|pledge|"
                         r"coordinate|sign|hold talks on)|for talks on|aims? to|aimed at|in a show of)\b"
                         r"[^.;:!?]*", re.I)

# ---------------------------------------------------------------------------
# Boilerplate lines removed before extraction (scraped page furniture).
# ---------------------------------------------------------------------------
BOILERPLATE_LINE = re.compile(
    r"^\s*(?:also read\b.*|read (?:more|also)\b.*|related(?: articles| stories| news)?:?|"
    r"advertisement\w*|sponsored(?: content)?|share (?:this|on)\b.*|share:?|"
    r"subscribe\b.*|sign up\b.*|follow us\b.*|click here\b.*|recommended(?: for you)?:?|"
    r"more from\b.*|trending:?.*|watch:.*|listen:.*|photo:.*|image:.*|copyright\b.*|©.*|"
    r"all rights reserved.*|newsletter\b.*|comments?:?|tags?:.*|\(?reporting by\b.*|"
    r"editing by\b.*|you may also like\b.*|don['’]t miss\b.*|see also\b.*)\s*$", re.I)

# A boilerplate line that heads a list of links: the short lines after it, up to a blank
# line, are headlines of other stories ("Related Articles", then one title per line).
LINK_LIST_HEADING = re.compile(
    r"^\s*(?:related(?: articles| stories| news| coverage| content| posts)?|read more|read also|"
    r"recommended(?: for you| stories)?|you may also like|see also|also read|trending(?: now)?|"
    r"most read|most popular|more stories|top stories|latest news)\s*:?\s*$", re.I)

# Officials often named without their country ("President Joe Biden"): name -> (country,
# title). Country "" for officials of international organisations. Public record, 2021-2024.
KNOWN_OFFICIALS: dict[str, tuple[str, str]] = {}
_OFFICIALS_TABLE = """
USA|President|Joe Biden
USA|Vice President|Kamala Harris
USA|Secretary of State|Antony Blinken
USA|Secretary of Defense|Lloyd Austin
USA|National Security Adviser|Jake Sullivan
USA|Ambassador to the UN|Linda Thomas-Greenfield
USA|First Lady|Jill Biden
USA|Speaker|Nancy Pelosi
USA|Treasury Secretary|Janet Yellen
GBR|Prime Minister|Boris Johnson
GBR|Prime Minister|Liz Truss
GBR|Prime Minister|Rishi Sunak
GBR|Foreign Secretary|James Cleverly
GBR|Defence Secretary|Ben Wallace
GBR|Foreign Secretary|David Cameron
FRA|President|Emmanuel Macron
FRA|Foreign Minister|Catherine Colonna
FRA|Foreign Minister|Jean-Yves Le Drian
DEU|Chancellor|Olaf Scholz
DEU|Foreign Minister|Annalena Baerbock
DEU|President|Frank-Walter Steinmeier
ITA|Prime Minister|Mario Draghi
ITA|Prime Minister|Giorgia Meloni
ESP|Prime Minister|Pedro Sanchez
ESP|Prime Minister|Pedro Sánchez
CAN|Prime Minister|Justin Trudeau
CAN|Foreign Minister|Melanie Joly
CAN|Foreign Minister|Mélanie Joly
JPN|Prime Minister|Fumio Kishida
IND|Prime Minister|Narendra Modi
IND|External Affairs Minister|Subrahmanyam Jaishankar
CHN|President|Xi Jinping
CHN|Foreign Minister|Wang Yi
CHN|Foreign Minister|Qin Gang
RUS|President|Vladimir Putin
RUS|Foreign Minister|Sergei Lavrov
UKR|President|Volodymyr Zelensky
UKR|President|Volodymyr Zelenskyy
UKR|Foreign Minister|Dmytro Kuleba
UKR|Prime Minister|Denys Shmyhal
POL|President|Andrzej Duda
POL|Prime Minister|Mateusz Morawiecki
POL|Foreign Minister|Zbigniew Rau
ROU|President|Klaus Iohannis
MDA|President|Maia Sandu
HUN|Prime Minister|Viktor Orban
HUN|Prime Minister|Viktor Orbán
SVK|President|Zuzana Caputova
SVK|President|Zuzana Čaputová
CZE|Prime Minister|Petr Fiala
TUR|President|Recep Tayyip Erdogan
TUR|President|Recep Tayyip Erdoğan
TUR|Foreign Minister|Mevlut Cavusoglu
TUR|Foreign Minister|Mevlüt Çavuşoğlu
ISR|Prime Minister|Naftali Bennett
ISR|Prime Minister|Benjamin Netanyahu
NLD|Prime Minister|Mark Rutte
BEL|Prime Minister|Alexander De Croo
IRL|Taoiseach|Micheal Martin
AUS|Prime Minister|Anthony Albanese
BRA|President|Luiz Inacio Lula da Silva
ZAF|President|Cyril Ramaphosa
|Secretary-General|Antonio Guterres
|Secretary-General|António Guterres
|High Commissioner for Refugees|Filippo Grandi
|European Commission President|Ursula von der Leyen
|European Council President|Charles Michel
|High Representative|Josep Borrell
|NATO Secretary General|Jens Stoltenberg
|IAEA Director General|Rafael Grossi
|Pope|Pope Francis
"""
for _line in _OFFICIALS_TABLE.strip().splitlines():
    _iso, _title, _name = _line.split("|")
    KNOWN_OFFICIALS[_name] = (_iso, _title)

# Surnames of KNOWN_OFFICIALS that alone may mean someone else (a common name or word, or
# a given name): such an official is recognised only by the full name. Other surnames of
# the table ("Zelensky flew to Washington") are enough on their own.
AMBIGUOUS_SURNAMES = {
    "Harris", "Austin", "Sullivan", "Johnson", "Wallace", "Cameron", "Martin", "Michel", "Francis",
    "Bennett", "Power", "Silva", "Sanchez", "Sánchez", "Albanese", "Truss", "Cleverly", "Gang",
}

# Page furniture that scrapers flatten into the end of a paragraph: the rest of the line
# from here on is a list of links or prompts, not the article.
BOILERPLATE_TAIL = re.compile(
    r"\s+(?:Related Articles|Related Stories|Related News|Also Read:|Read more:|Read also:|"
    r"More from [A-Z]|Recommended for you|You may also like|Subscribe to (?:our|the) newsletter|"
    r"Share on (?:Facebook|Twitter|X|WhatsApp|LinkedIn)|Share this (?:article|story|post)|"
    r"Sign up for)\b.*$")
# Words that stand alone in the middle of scraped text and mean nothing.
BOILERPLATE_WORD = re.compile(r"\b(?:ADVERTISEMENT|Advertisement|SPONSORED)\b\s*")
