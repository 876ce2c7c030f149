"""Diplomatic visits: an official with a role travels to, arrives in or meets in a place
abroad. Tense decides status (planned / completed); one trip mentioned several times in
an article is one row.

Steps: (1) find the people the article introduces with a title or that the officials
table knows (`etl.people`); (2) in each sentence, pair a travel or meeting verb with its
subject (a person, a surname already introduced, or "he"/"she") and the place it governs,
add the people travelling with them ("joined by", "visited X with A and B", a host's
guest), and date it from its own clause or a nearby one ("and then", "on the same day");
a trip named by a noun or a bare verb takes its tense from the trip or the modal before
it; (3) merge the mentions of one trip: a row per (visitor, country, city, day), except
that one stay in one city over a couple of days is one row, dated by its first day, and
an undated stop named in a later sentence joins the dated trip.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from . import lexicon as lx
from . import scan
from .dates import DateMention, is_future
from .people import Person, find_people, person_mentions
from .places import Place

_CLAUSE_END = re.compile(r"[;:!?]|,\s+(?:while|but|where|who|which|as|and then|before|after)\b|\.\s")
_CLAUSE_END_OR_COMMA = re.compile(r",|" + _CLAUSE_END.pattern)
# "eastern Chad", "the south-west of Ukraine": a part of the country is still the country.
_PART_OF = r"(?:(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central)\s+)?"
_PLACE_FRAME = re.compile(
    r"^\s*(?:(?:on|back|onward|onwards|straight|directly|then|later|next|first|again)\s+)?"
    r"(?:(?:to|in|at|into|for|toward|towards|via|across)\s+)?(?:the\s+)?"
    r"(?:(?:\w+\s+){0,2}(?:city|capital|town|port|region|village|border city|resort|province)\s+of\s+)?"
    + _PART_OF + "$", re.I)
_LOCATIVE = re.compile(r"(?:\bin|\bat|\bnear)\s+(?:the\s+)?"
                       r"(?:(?:\w+\s+){0,2}(?:city|capital|town|port|resort|province|region)\s+(?:of\s+)?)?"
                       + _PART_OF + "$", re.I)
# Between two places one verb governs: "Poland and Moldova", "Poland on Saturday and then to Moldova".
_JOINER = re.compile(r"^\s*(?:(?:on|by|in|early|late)\s+[\w ]{3,25}?\s*)?"
                     r"(?:,\s*(?:and\s+)?|and\s+|then\s+|before\s+(?:heading\s+)?(?:on\s+)?to\s+|"
                     r",?\s*and then\s+(?:on\s+)?(?:to\s+)?|,?\s*then\s+(?:on\s+)?to\s+)$", re.I)
_PARTICIPLE = re.compile(r"(?:\b(?:after|before|following|upon|on|since|while)\s+\w*\s*$|^\w+ing\b)", re.I)
_MEETING_VERB = re.compile(r"^(?:met|meet|meets|meeting|meetings|held talks|hold talks|holds talks|talks|summit)$", re.I)
# "She was accompanied by X": X shares her trip; found with the verbs, in the same pass.
_COMPANION_VERB = re.compile(r"\b(?:accompanied|joined) by\b", re.I)
_VISIT_VERBS = scan.WordPattern(re.compile(
    lx.TRAVEL_VERBS.pattern + "|" + lx.PRESENCE_VERBS.pattern + "|" + _COMPANION_VERB.pattern, re.I))
# Between two people named as joint subjects: ", French President ", " and Italian Prime Minister ".
_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(?:[\w.'’-]+\s+){0,5}")
_PRESENT_TENSE = re.compile(r"(?:travels|heads|flies|goes|arrives|visits|lands|tours|meets|holds talks)", re.I)
_THERE = re.compile(r"\s+(?:\w+\s+){0,4}?there\b")
_AND_THEN = re.compile(r"(?:\band|,\s+then)\s+(?:(?:then|later|afterwards|also|next)\s+)?"
                       r"(?:(?:will|would|is due to|is expected to|plans to|is set to|is scheduled to)\s+)?"
                       r"(?:(?:then|later|also)\s+)?$")
_PRONOUN_NEAR = re.compile(r"\b(?:he|she)\s+(?:\w+\s+){0,8}$")
# A pronoun after a short lead-in: "On Friday he will go to", "In Warsaw, she met", "It will be his".
_LEAD_PRONOUN = re.compile(r"(?:(?:On|Later|Earlier|Then|Afterwards|Next|From there|There|In|At|It|This|That)\b"
                           r"[^,.;:\"“”]{0,30}?,?\s+)?(?P<pron>[Hh]e|[Ss]he|[Hh]is|[Hh]er)\b")
_TRIP_NOUN = re.compile(r"(?:visits?|trips?|journey|tour)", re.I)
_DETERMINER_BEFORE = re.compile(r"\b(?:his|her|their|its|the|a|an|this|that)\s+(?:[\w-]+\s+){0,3}$", re.I)
_POSSESSIVE_BEFORE = re.compile(r"\b(?:his|her)\s+(?:[\w-]+\s+){0,3}$", re.I)  # "his surprise visit to"
# The verb has a subject of its own after the person: "thanked the troops, many of whom arrived".
_OTHER_SUBJECT = re.compile(r"\b(?:whom|who|which)\s+(?:\w+\s+)?$")
_CLOSED_RELATIVE = re.compile(r",\s*(?:who|which)\b[^;:.!?]{0,120},\s+(?:[a-z]+\s+){0,4}")
_RELATIVE_CLAUSE = re.compile(r",\s*(?:who|which)\s+(?:\w+\s+){0,2}")
# A gap that makes the person an object, not the subject: "met Zelensky, then travelled".
_OBJECT_GAP = re.compile(r"\b(?:said|says|told|according to)\b", re.I)
_OBJECT_BEFORE = re.compile(r"\b(?:with|met|meet|meeting|meets|told|tells|called|hosted|host|hosts|"
                            r"welcomed|invited|thanked|urged|visit by|by)\s+(?:(?:[A-Z][\w'’.-]*|the|of|and)\s+){0,5}$")
# A verb in its bare form ("and then travel to", "will meet ... and visit") is never past:
# it takes its tense from a modal earlier in the sentence.
_BASE_FORM = re.compile(r"(?:arrive|visit|travel|fly|land|go|head|tour|meet|hold talks|come to|return to|"
                        r"stop in|journey)", re.I)
_COORDINATED = re.compile(r"(?:\band|\bor|,\s*then)\s+(?:(?:then|later|also|afterwards|next)\s+)?$", re.I)
# A verb governed by "before"/"after" ("before talks in Warsaw", "after attending a summit in
# Brussels") happens on the same trip as the main verb, so it shares a planned tense.
_BEFORE_AFTER = re.compile(r"\b(?P<lead>\w+\s+)?(?:before|after)\s+(?:\w+ing\s+)?(?:(?:an?|the|his|her|their)\s+)?"
                           r"(?:[\w-]+\s+){0,3}$", re.I)
_DISTANT_LEAD = re.compile(r"(?:days?|weeks?|months?|hours?|years?|shortly|soon|just|only|long|right)\s+$", re.I)
# Present tense with today's date is happening now, not scheduled: "meets Zelensky in Kyiv today".
_TODAY = re.compile(r"(?:today|tonight|this morning)$", re.I)
# Cue words searched for across a clause or a sentence: on the lower-cased text (scan.Caseless).
_MEETING_CUES = scan.fast(lx.MEETING_CUES)
_PURPOSE_CUE = scan.fast(lx.PURPOSE_CUE)
_COMPANION_CUE = scan.fast(re.compile(
    r"\b(?:joined by|accompanied by|together with|along with|joint visit with|alongside)\b", re.I))


_COMMA_BEFORE_SUBJECT = re.compile(r",\s*(?:[A-Z]\w+\s+){0,4}$")
_PERFECT_BEFORE = re.compile(r"\b(?:has|have|had)\s+$")


@dataclass
class Visit:
    start: int
    end: int
    sentence: tuple[int, int]
    visitor: str
    visitor_title: str
    visitor_iso3: str
    host_iso3: str
    city: str
    latitude: float | None
    longitude: float | None
    date: dt.date | None
    date_text: str
    status: str
    met_with: list[str] = field(default_factory=list)
    purpose: str = ""
    month: dt.date | None = None  # first of the month, for trips dated only by month (not output)
    tenseless: bool = False  # named by a noun ("his visit to Belgrade") with no tense of its own (not output)


def extract_visits(text: str, sentences: list[tuple[int, int]], places: dict[int, list[Place]],
                   dates: dict[int, list[DateMention]], published: dt.date | None) -> list[Visit]:
    all_places = [p for i in sorted(places) for p in places[i]]
    people = find_people(text, all_places)
    if not people:
        return []
    by_surname: dict[str, Person] = {}
    for person in people.values():
        parts = person.name.split()
        by_surname.setdefault(parts[-1], person)
        if parts[-1][:3] in ("al-", "el-"):
            by_surname.setdefault(parts[-1][3:], person)  # "Abdel Fattah al-Sisi" is "Sisi" on second mention
        if person.iso3 in lx.FAMILY_NAME_FIRST and len(parts) == 2:
            by_surname.setdefault(parts[0], person)  # "Wang Yi" is "Wang" on second mention
    all_mentions = person_mentions(text, people, by_surname)
    mention_starts = [m[0] for m in all_mentions]
    # Verbs never span sentences (words and spaces only), so one pass finds them all.
    verbs = list(_VISIT_VERBS.finditer(text))
    verb_starts = [v.start() for v in verbs]
    visits: list[Visit] = []
    last_subject: Person | None = None
    last_trip: dict[str, list[Visit]] = {}  # visitor -> the rows of the latest sentence that gave them any
    for si, (s0, s1) in enumerate(sentences):
        sentence_places = places.get(si, [])
        mentions = all_mentions[bisect.bisect_left(mention_starts, s0):bisect.bisect_left(mention_starts, s1)]
        if not mentions and last_subject is None:
            continue
        v0, v1 = bisect.bisect_left(verb_starts, s0), bisect.bisect_left(verb_starts, s1)
        if not mentions and (v0 == v1 or not (lx.PRONOUNS.match(text, s0) or _LEAD_PRONOUN.match(text, s0))):
            continue
        # With no place a verb could point at (nor a "there": _place_for_there), skip the
        # verbs; the subject bookkeeping at the end still runs.
        can_host = any(p.kind not in ("demonym", "capital_as_government") for p in sentence_places) \
            or text.find("there", s0, s1) != -1 or text.startswith("There ", s0) \
            or text.find(" capital", s0, s1) != -1 or _THE_TOWN.search(text, s0, s1) is not None
        purpose = None
        planned_before = False  # a planned trip named earlier in this sentence
        same_day: DateMention | None = None
        same_day_known = False  # looked up at most once per sentence
        sentence_verbs = verbs[v0:v1]
        if not can_host:  # only "accompanied by" can still add visitors, to an earlier trip
            sentence_verbs = [v for v in sentence_verbs if v.group().endswith(" by") or v.group() in _ARRIVALS]
        companions = None  # the sentence's "joined by ..." people, looked up once
        sentence_rows: dict[str, list[Visit]] = {}
        for verb in sentence_verbs:
            # The place first: most verbs have none, and that is cheaper to find than a subject.
            word = verb.group()
            companion_verb = word.endswith(" by")  # "accompanied by", "joined by": no other verb ends so
            locative_only = companion_verb or bool(_MEETING_VERB.match(word) or lx.PRESENCE_VERBS.fullmatch(word))
            limit = _clause_limit(text, verb, s1, locative_only)
            hosts = _governed_places(text, verb, limit, sentence_places, locative_only=locative_only) \
                or _place_before_where(text, s0, verb, sentence_places, mentions) \
                or _place_for_there(text, s0, verb, limit, sentence_places, places.get(si - 1, [])) \
                or (_leading_place(text, s0, verb, sentence_places) if locative_only else []) \
                or _place_for_capital(text, si, verb, limit, places) \
                or _place_for_town(text, si, verb, limit, places)
            arrival = not hosts and word in _ARRIVALS
            if not hosts and not companion_verb and not arrival:
                continue
            if word.lower().startswith("come") and _CLOSEST.search(text, max(s0, verb.start() - 30), verb.start()):
                continue  # "the closest he has come to the war in Ukraine"
            if hosts and (text.find("vide", verb.end(), limit) != -1 or text.find("virtual", verb.end(), limit) != -1):
                remote = _REMOTE.search(text, verb.end(), limit)
                if remote and not any(verb.end() <= v.start() < remote.start() for v in sentence_verbs):
                    continue  # "addressed lawmakers in Washington by video link": not there
            if hosts and (_negated(text, max(s0, verb.start() - 30), verb.start())
                          or _CALLED_OFF.search(text, max(s0, verb.start() - 30), min(limit, verb.end() + 40))):
                continue  # "has no plans to visit Kyiv", "would not travel", "postponed his visit"
            subjects = _subjects(text, s0, verb, mentions, last_subject)
            if not subjects:
                continue
            if arrival:
                # "Von der Leyen had arrived on Thursday": a day of the stay named before
                when = _date_for(text, s0, dates.get(si, []), verb, limit, sentence_verbs, sentence_places, mentions)
                if when is not None and not text.startswith((" home", " back"), verb.end()):
                    for row in last_trip.get(subjects[0].name, []):
                        day = when.for_tense(row.status == "planned")
                        if day and row.date and day != row.date and abs((day - row.date).days) <= _STAY_DAYS:
                            visits.append(replace(row, date=day, date_text=when.surface, met_with=list(row.met_with),
                                                  sentence=(s0, s1), month=day.replace(day=1)))
                continue
            if not hosts:
                # "She was accompanied by X and by Y": they share her latest trip.
                for person in _companions(text, verb.start(), s1, mentions):
                    for row in last_trip.get(subjects[0].name, []) if person not in subjects else ():
                        if row.host_iso3 != person.iso3:
                            visits.append(replace(row, visitor=person.name, visitor_title=person.title,
                                                  visitor_iso3=person.iso3, met_with=list(row.met_with)))
                continue
            if purpose is None:
                purpose = _purpose(text, s0, s1)
            if companions is None:
                companions = _companions(text, s0, s1, mentions)
            subjects += [p for p in companions if p not in subjects]
            if not locative_only:
                # "visited Tunis on Sunday with Ursula von der Leyen and Mark Rutte": they travel too
                # (but "for talks with Joe Biden" names whom they met).
                for m in mentions:
                    if verb.end() <= m[0] < limit and m[2] not in subjects:
                        w = _WITH_BEFORE_PERSON.search(text, max(verb.end(), m[0] - 90), m[0])
                        if w and not _MEETING_BEFORE_WITH.search(text, verb.end(), w.start()):
                            subjects.append(m[2])
            met_at_home = _MEETING_VERB.match(word) and all(p.iso3 == hosts[0].iso3 for p in subjects)
            if _HOSTING.fullmatch(word) or met_at_home:
                # "Scholz will host Macron in Berlin", "Biden met Macron in Washington" (met at
                # home): the guest, the one met, makes the trip.
                subjects += [m[2] for m in mentions if verb.end() <= m[0] < hosts[0].start
                             and _GUEST_GAP.fullmatch(text, verb.end(), m[0]) and m[2] not in subjects]
            linked = _link(text, s0, verb)
            when = _date_for(text, s0, dates.get(si, []), verb, limit, sentence_verbs, sentence_places, mentions,
                             linked) \
                or _date_before_where(text, s0, verb, hosts, dates.get(si, []))
            if when is None and (_AND_THEN.search(text, max(s0, verb.start() - 25), verb.start()) or (
                    locative_only and _BEFORE_LINK.search(text, max(s0, verb.start() - 30), verb.start()))):
                # "visited Bucha on Friday and then travelled to Kyiv", "... on Monday before holding
                # talks in Damascus": the day of the step before (not "before travelling to": maybe later)
                when = next((d for d in reversed(dates.get(si, [])) if d.end <= verb.start()
                             and d.granularity == "day" and d.date is not None), None)
            if when is None:  # "On the same day, X was in Kyiv" (looked up once per sentence)
                if not same_day_known:
                    same_day, same_day_known = _same_day(text, s0, s1, si, dates), True
                when = same_day
            status = _status(text, s0, verb, when, planned_before, linked)
            past_dated = when is None and _past_dated(text, verb, limit, dates.get(si, []), published)
            if past_dated:
                status = "completed"  # "after his trip to Warsaw in March last year"
            planned_before = planned_before or status == "planned"
            first_when = when
            # "His visit to Belgrade falls on ...": a noun names the trip; its tense is the trip's.
            tenseless = status == "completed" and not past_dated and bool(_TRIP_NOUN.fullmatch(word)) \
                and bool(_DETERMINER_BEFORE.search(text, max(s0, verb.start() - 40), verb.start())) \
                and not lx.PAST_MARKERS.search(text, max(s0, verb.start() - 40), verb.end() + 40)
            for person in subjects:
                when = first_when
                day = when.for_tense(status == "planned") if when else None
                for k, place in enumerate(hosts):
                    if place.iso3 == person.iso3:
                        continue  # at home: not a visit
                    if len(hosts) > 1:  # each leg of a tour keeps its own day, if it has one
                        leg_end = hosts[k + 1].start if k + 1 < len(hosts) else limit
                        own = [d for d in dates.get(si, []) if place.end <= d.start < leg_end
                               and d.granularity == "day" and d.date is not None]
                        when = own[0] if own else (first_when if k == 0 else None)
                        day = when.for_tense(status == "planned") if when else None
                    visits.append(Visit(
                        start=place.start, end=place.end, sentence=(s0, s1), visitor=person.name,
                        visitor_title=person.title, visitor_iso3=person.iso3, host_iso3=place.iso3,
                        city=place.name if place.kind == "city" else "",
                        latitude=place.latitude if place.kind == "city" else None,
                        longitude=place.longitude if place.kind == "city" else None,
                        date=day, date_text=when.surface if when and day else "",
                        status=status, met_with=_met_with(text, verb.start(), limit, mentions, subjects),
                        purpose=purpose,
                        month=day.replace(day=1) if day else _month_for(text, hosts, limit, dates.get(si, []), status),
                        tenseless=tenseless))
                    sentence_rows.setdefault(person.name, []).append(visits[-1])
            last_subject = subjects[0]
        last_trip.update(sentence_rows)
        if mentions and (last_subject is None or not any(m[2] is last_subject for m in mentions)) \
                and not lx.PRONOUNS.match(text, s0):  # "She said ... Biden's request": still she
            # "He" in the next sentence is most likely the one this sentence starts with.
            last_subject = mentions[0][2] if mentions[0][0] - s0 < 60 else last_subject
    return _merge(visits)


def _subjects(text: str, s0: int, verb: re.Match, mentions: list[tuple[int, int, Person]],
              last_subject: Person | None) -> list[Person]:
    """The people travelling: the nearest named before the verb in its clause with any
    joined to them ("Scholz, Macron and Draghi arrived"), or the subject after a leading
    participle ('After meeting ... in Brussels, Blinken ...'), or 'he'/'she'."""
    # People right after "with", "met", "told" are objects: "talks with Putin, days after meeting ..."
    before = [m for m in mentions if m[1] <= verb.start()
              and not _OBJECT_BEFORE.search(text, max(s0, m[0] - 40), m[0])]
    if before:
        start, end, person = before[-1]
        gap = text[end:verb.start()]
        # ", who ...": the verb right after; ", who ..., is due to visit": the verb after the clause
        relative = _RELATIVE_CLAUSE.fullmatch(gap) or _CLOSED_RELATIVE.fullmatch(gap)
        if relative or (not _CLAUSE_END.search(gap) and len(gap) < 120 and not lx.MEETING_CUES.search(gap)
                        and not (_OBJECT_GAP.search(gap) and not (verb.group().endswith("conference") and len(gap) < 25))
                        and not _OTHER_SUBJECT.search(gap)):  # "X told a news conference in Y": X is there
            people = [person]
            for prev_start, prev_end, prev in reversed(before[:-1]):
                if _COORDINATION.fullmatch(text[prev_end:start]) and prev not in people:
                    people.insert(0, prev)
                    start = prev_start
                else:
                    break
            return people
    if before and before[0][0] - s0 < 60 and _AND_THEN.search(text, max(s0, verb.start() - 25), verb.start()):
        # "X visited Bucha on Friday, where ..., and then travelled to Kyiv": the sentence's subject.
        return [before[0][2]]
    if before and _PRONOUN_NEAR.search(text, max(s0, verb.start() - 60), verb.start()):
        # "..., as he became the most senior official to visit Chisinau": he is the subject.
        return [before[0][2]]
    clause_head = text[s0:verb.start()]
    if _PARTICIPLE.search(clause_head) or _PARTICIPLE.match(verb.group()):
        if before and before[0][0] - s0 < 60 and _PARTICIPLE.search(clause_head):
            return [before[0][2]]  # "Orbán visited Moscow ..., days after meeting Zelensky in Kyiv"
        after = [m for m in mentions if m[0] >= verb.end()]
        for start, end, person in after:
            # the subject follows the participle clause's comma: ", Blinken visited"
            if _COMMA_BEFORE_SUBJECT.search(text[verb.end():start]):
                return [person]
    if last_subject is not None and lx.PRONOUNS.match(text[s0:verb.start()].lstrip("-–• ")):
        return [last_subject]
    trip_noun = _TRIP_NOUN.fullmatch(verb.group())
    if trip_noun and _POSSESSIVE_BEFORE.search(text, max(s0, verb.start() - 40), verb.start()):
        # "..., a day after his surprise visit to Kyiv": the sentence's subject
        if before and before[0][0] - s0 < 60:
            return [before[0][2]]
        if not before and last_subject is not None:
            return [last_subject]
    lead = _LEAD_PRONOUN.match(text, s0, verb.start())
    if lead and last_subject is not None and not before and (trip_noun or lead.group("pron").lower() in ("he", "she")):
        return [last_subject]  # "On Friday he will go to Rzeszow"
    return []


def _place_before_where(text, s0, verb, places, mentions) -> list[Place]:
    """'a stop in Rzeszow on Saturday, where Blinken met Polish leaders'."""
    where = text.rfind(", where ", s0, verb.start())
    if where == -1:
        return []
    candidates = [p for p in places if p.end <= where and p.kind not in ("demonym", "capital_as_government")]
    if candidates and where - candidates[-1].end < 30:
        return [candidates[-1]]
    return []


def _leading_place(text, s0, verb, places) -> list[Place]:
    """'In Antalya, meanwhile, Lavrov and Kuleba met': a place that opens the sentence."""
    if not text.startswith("In ", s0):
        return []
    for p in places:
        if p.end > verb.start():
            break
        if p.kind in ("demonym", "capital_as_government"):
            continue
        if _PLACE_FRAME.match(text[s0 + 3:p.start]) and text.startswith(",", p.end) \
                and not _OBJECT_GAP.search(text, p.end, verb.start()):  # "In Brussels, X said he would meet"
            return [p]
        break
    return []


# A trip denied or called off is no visit.
_NEGATORS = {"not", "never", "declined", "refused", "unable"}


def _negated(text, lo, hi) -> bool:
    """'not', 'never', "won't", 'no plans to', 'declined to' in the three words before the verb."""
    window = text[lo:hi].lower()
    if "no" not in window and "n't" not in window and "n’t" not in window and "never" not in window \
            and "declined" not in window and "refused" not in window and "unable" not in window:
        return False
    words = window.split()[-3:]
    for i, w in enumerate(words):
        if w in _NEGATORS or w.endswith(("n't", "n’t")) or (w == "no" and i + 1 < len(words)
                                                             and words[i + 1].startswith("plan")):
            return True
    return False


_CALLED_OFF = scan.fast(re.compile(r"\b(?:cancel(?:l?ed|s|ling)?|postpon(?:ed|es|ing)|called off|calls off|"
                                   r"scrapped|shelved|ruled out|rules out|put off)\b", re.I))
_REMOTE = scan.fast(re.compile(r"\b(?:by|via|over) (?:a )?video|\bvideo ?(?:link|call|conference)|\bvirtually\b",
                               re.I))
_CLOSEST = scan.fast(re.compile(r"\b(?:closest|nearest|as close|as near)\b[^,.;]{0,25}$", re.I))
_BEFORE_LINK = re.compile(r"\bbefore\s+(?:\w+ing\s+)?(?:(?:an?|the|his|her|their)\s+)?$", re.I)
_SAME_DAY = re.compile(r"\b(?:the same day|that (?:same )?day|(?:earlier|later) (?:in|on) the (?:day|morning|afternoon|evening)|"
                       r"(?:earlier|later) that (?:day|morning|afternoon|evening))\b", re.I)


def _date_before_where(text, s0, verb, hosts, dates) -> DateMention | None:
    """'a stop in Rzeszow on Saturday, where Blinken met ...': the day between the place and 'where'."""
    where = text.rfind(", where ", s0, verb.start())
    if where == -1 or hosts[0].end > where:
        return None
    for d in dates:
        if hosts[0].end <= d.start and d.end <= where and d.granularity == "day" and d.date is not None:
            return d
    return None


def _same_day(text, s0, s1, si, dates) -> DateMention | None:
    """'On the same day ...', 'later in the morning': the last day named before this sentence."""
    if text.find(" day", s0, s1) == -1 and text.find("morning", s0, s1) == -1 \
            and text.find("afternoon", s0, s1) == -1 and text.find("evening", s0, s1) == -1:
        return None
    m = _SAME_DAY.search(text, s0, s1)
    if not m:
        return None
    for i in range(si - 1, -1, -1):
        days = [d for d in dates.get(i, ()) if d.granularity == "day" and d.date is not None]
        if days:
            return replace(days[-1], start=m.start(), end=m.end(), surface=m.group())
    return None


_THE_CAPITAL = re.compile(r"\s+(?:[\w'’-]+\s+){0,4}?(?:in|to|at|into)\s+the\s+(?:(?P<dem>[A-Z][\w-]+)\s+)?capital\b")


def _place_for_capital(text, si, verb, limit, places) -> list[Place]:
    """'joined them in the capital', 'eleven hours in the Chinese capital': the capital named
    last in this sentence or the two before (of the country of the demonym, if one is given)."""
    if text.find(" capital", verb.end(), limit) == -1:
        return []
    m = _THE_CAPITAL.match(text, verb.end(), limit)
    if not m:
        return []
    here = [p for p in places.get(si, ()) if p.start < verb.start()]
    demonym = next((p for p in places.get(si, ()) if m.start("dem") == p.start and p.kind == "demonym"), None) \
        if m.group("dem") else None
    for earlier in (here, places.get(si - 1, ()), places.get(si - 2, ())):
        for p in reversed(earlier):
            if p.kind == "city" and lx.CAPITALS_AS_GOVERNMENT.get(p.name or p.surface) == p.iso3 \
                    and (demonym is None or demonym.iso3 == p.iso3):
                return [p]
    return [demonym] if demonym else []


_TOWN_NOUN = r"the (?:(?P<dem>[A-Z][\w-]+) )?(?:island|town|city|village|port)\b"
_THE_TOWN = re.compile(r"\b" + _TOWN_NOUN)
# (not "the town of Bucha": that names a town, and it is no earlier one)
_TO_THE_TOWN = re.compile(r"\s+(?:[\w'’-]+\s+){0,3}?(?:(?:in|to|at|into|on|onto)\s+)?" + _TOWN_NOUN + r"(?!\s+of\b)")


def _place_for_town(text, si, verb, limit, places) -> list[Place]:
    """'visited the island', 'arrived in the town': the town or city named last before the verb,
    in this sentence or the two before (in the country of the adjective, if one is given)."""
    m = _TO_THE_TOWN.match(text, verb.end(), limit)
    if not m:
        return []
    demonym = next((p for p in places.get(si, ()) if m.start("dem") == p.start and p.kind == "demonym"), None) \
        if m.group("dem") else None
    here = [p for p in places.get(si, ()) if p.end <= verb.start()]
    for earlier in (here, places.get(si - 1, ()), places.get(si - 2, ())):
        for p in reversed(earlier):
            if p.kind == "city" and (demonym is None or demonym.iso3 == p.iso3):
                return [p]
    return []


def _place_for_there(text, s0, verb, limit, places, previous_places) -> list[Place]:
    """'met Zelensky there', 'There he held talks': the place named last before it, in this
    sentence or the one before."""
    m = _THERE.match(text, verb.end(), limit)
    if not m and not (text.startswith("There ", s0) and verb.start() - s0 < 40 and not _CLAUSE_END_OR_COMMA.search(
            text, s0, verb.start())):
        return []
    earlier = [p for p in places if p.end <= verb.start()] or previous_places
    for p in reversed(earlier):
        if p.kind not in ("demonym", "capital_as_government"):
            return [p]
    return []


def _companions(text, after: int, s1: int, mentions) -> list[Person]:
    """People 'joined by', 'accompanied by' or on 'a joint visit with' the visitor."""
    cue = _COMPANION_CUE.search(text, after, s1)
    if not cue:
        return []
    stop = _CLAUSE_END.search(text, cue.end(), s1)
    limit = stop.start() if stop else s1
    return [m[2] for m in mentions if cue.end() <= m[0] < limit]


def _clause_limit(text, verb, s1, is_meeting: bool) -> int:
    """Where the verb's clause ends; a meeting's place sits before the next comma."""
    clause_end = (_CLAUSE_END_OR_COMMA if is_meeting else _CLAUSE_END).search(text, verb.end(), s1)
    return clause_end.start() if clause_end else s1


def _governed_places(text, verb, limit, places: list[Place], locative_only: bool) -> list[Place]:
    """Places the verb points at: 'arrived in the Polish city of Rzeszow', 'visited Poland
    and Moldova'; for meetings only a locative 'in Brussels'."""
    out: list[Place] = []
    cursor = verb.end()
    for p in places:
        if p.start < verb.end() or p.start >= limit or p.kind in ("capital_as_government",):
            continue
        gap = text[cursor:p.start]
        if p.kind == "demonym":
            continue  # "the Polish city of Rzeszow": the city decides
        if out and _JOINER.match(gap):
            out.append(p)
        elif not out and locative_only and _LOCATIVE.search(gap) and len(gap) < 100:
            out.append(p)
        elif not out and not locative_only and (_PLACE_FRAME.match(gap) or (
                _LOCATIVE.search(gap) and len(gap) < 60
                # "On the day of his visit, a missile hit a market in X": a noun's place lies before any comma
                and not ("," in gap and _TRIP_NOUN.fullmatch(verb.group())))):
            out.append(p)
        elif out:
            break
        cursor = p.end
    # A city and its country named together ("Rzeszow, Poland"): one host.
    merged: list[Place] = []
    for p in out:
        if merged and merged[-1].iso3 == p.iso3 and not (p.kind == merged[-1].kind == "city"):
            if p.kind == "city":
                merged[-1] = p
            continue
        merged.append(p)
    return merged


def _link(text, s0, verb) -> re.Match | None:
    """'a day after', 'before', 'days after' governing the verb, if any (finds before the patterns)."""
    lo = max(s0, verb.start() - 90)
    if text.find(" day", lo, verb.start()) != -1:
        m = _DAYS_LINK.search(text, lo, verb.start())
        if m:
            return m
    lo = max(s0, verb.start() - 60)
    if text.find("after", lo, verb.start()) == -1 and text.find("before", lo, verb.start()) == -1:
        return None
    return _BEFORE_AFTER.search(text, lo, verb.start())


def _status(text, s0, verb, when: DateMention | None, planned_before: bool = False, linked=None) -> str:
    # "will travel to Poland after attending a summit in Brussels"; "flies to Rzeszow on Friday,
    # before talks in Warsaw": a stop governed by before/after shares the trip's tense
    # (but "days after meeting ..." looks back: the tense of the words before it is not its own).
    looks_back = bool(linked and (linked.re is _DAYS_LINK or (
        linked.group("lead") and _DISTANT_LEAD.match(linked.group("lead")))))
    if looks_back:
        s0 = linked.start()
    w0 = max(s0, verb.start() - 40)
    if lx.PAST_MARKERS.match(verb.group()) and not is_future(text, w0, verb.start()):
        return "completed"
    if is_future(text, w0, verb.end() + 10):
        return "planned"
    if text.endswith("to ", max(s0, verb.start() - 3), verb.start()) and is_future(text, s0, verb.start()):
        # "will travel to Beijing, becoming the first G7 leader to visit China": an infinitive
        # has no tense of its own
        return "planned"
    if (verb.group().lower().endswith("ing") or (_BASE_FORM.fullmatch(verb.group())
                                                 and _COORDINATED.search(text, s0, verb.start()))) \
            and is_future(text, s0, verb.start()):
        # "will travel to Moldova, before heading to Romania"; "will meet Duda in Warsaw
        # on Thursday and then travel to Bucharest"
        return "planned"
    if planned_before and linked and not looks_back:
        return "planned"
    # "He travels on to Ethiopia on Saturday": a present-tense trip with a day is scheduled;
    # "meets Zelensky in Kyiv today" is happening now.
    if _PRESENT_TENSE.fullmatch(verb.group()) and when is not None and when.relative \
            and not _TODAY.match(when.surface) and not _PERFECT_BEFORE.search(text[w0:verb.start()]):
        return "planned"
    return "completed"


_PAST_WORDS = re.compile(r"\b(?:last|ago|yesterday|earlier)\b", re.I)


def _past_dated(text, verb, limit, dates, published) -> bool:
    """A date in the verb's clause that is plainly past: 'last year', '3 May 2021' before publication
    (not a possessive: 'to see the damage from last week's earthquakes')."""
    for d in dates:
        if verb.end() <= d.start < limit and not text.startswith(("'s", "’s"), d.end):
            if _PAST_WORDS.search(d.surface):
                return True
            if not d.relative and d.date is not None and published is not None and d.date < published \
                    and (d.granularity == "day" or d.date.year < published.year):
                return True
    return False


def _month_for(text, hosts, limit, dates, status) -> dt.date | None:
    """The month of an undated trip, right after its place ('went to Kyiv in April'), to keep
    it apart from other trips."""
    for d in dates:
        if hosts[-1].end <= d.start < limit and d.granularity == "month" and not text[hosts[-1].end:d.start].strip(" ,") \
                and not d.surface.lower().startswith(("since", "from", "until", "by")):
            return d.for_tense(status == "planned")  # ("his fifth visit to Israel since October": no month)
    return None


def _date_for(text, s0, dates: list[DateMention], verb, limit, sentence_verbs=(), places=(),
              mentions=(), link=None) -> DateMention | None:
    """The day in the verb's own clause: after the verb, or leading the sentence before it
    ('On Friday, Blinken held ...') when no other travel verb comes first."""
    days = [d for d in dates if d.granularity == "day" and d.date is not None]
    rel = _OPEN_RELATIVE.search(text, max(s0, verb.start() - 60), verb.start())
    if rel:  # "Sunak, who visited Kyiv, pledged aid on Monday": the day is not the visit's
        close = text.find(",", verb.end(), limit)
        limit = close if close != -1 else limit
    after = [d for d in days if verb.end() <= d.start < limit]
    if after:
        d = after[0]
        if any(verb.end() <= c.start < d.start and c.granularity != "day" for c in dates):
            return None  # "visited Kyiv in November and pledged aid on Monday": November's trip
        for other in sentence_verbs:
            if other.end() > d.start:
                break
            if verb.end() <= other.start() and any(
                    other.end() <= p.start < d.start and p.kind not in ("demonym", "capital_as_government")
                    for p in places):
                return None  # "came to Bucharest after talks in Warsaw on Thursday": Warsaw's day
        return d
    lo = s0
    shift = link if link is not None and link.re is _DAYS_LINK else None
    if link and any(s0 <= m[0] < link.start() for m in mentions):
        # "X landed in Kyiv on Tuesday, a day after talks in Moscow": the day before the link
        # is the main clause's; "a day after" counts back from it, other links leave it unknown.
        main = [d for d in days if d.end <= link.start()]
        if shift and main:
            n = _DAY_COUNT[shift.group("n").lower()] * (-1 if shift.group("dir").lower() == "after" else 1)
            step = dt.timedelta(days=n)
            d = main[-1]
            return replace(d, start=shift.start(), end=shift.end(), surface=f"{d.surface}, {shift.group('link')}",
                           date=d.date and d.date + step, past=d.past and d.past + step, future=d.future and d.future + step)
        lo = link.start()
    before = [d for d in days if lo <= d.start and d.end <= verb.start()
              and not lx.TRAVEL_VERBS.search(text, s0, d.start)
              # "said on Monday that he would travel": the day of the saying
              and not _SPEECH_BEFORE.search(text, max(s0, d.start - 15), d.start)]
    return before[-1] if before else None


_HOSTING = re.compile(r"(?:will )?host(?:s|ed|ing)?", re.I)
# "with" and the titles and names of those it joins, up to the person.
_WITH_BEFORE_PERSON = re.compile(r"\bwith\s+(?:(?:the|and|von|der|van|de|da|du|di|le|la|bin|al|[A-Z][\w.'’-]*),?\s+){0,12}$")
# Between the verb and "with": the people after it are whom they met ("after talks in Warsaw ... with").
_MEETING_BEFORE_WITH = re.compile(r"\b(?:talks|meet\w*|met|discussions?|summit|negotiations|consultations|"
                                  r"dinner|lunch|breakfast|call|agreement|deal)\b", re.I)
# Between a hosting or meeting verb and its guest: a title at most ("hosted French President
# Emmanuel Macron", "held talks with his Indian counterpart Narendra Modi").
_GUEST_GAP = re.compile(r"\s+(?:with\s+)?(?:(?:the|his|her|[A-Z][\w.'’-]*)\s+){0,4}")
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|told \w+|announced|added|confirmed|stated|wrote)\s+$", re.I)
# The verb opens a relative clause: ", who visited Kyiv" (up to the comma that closes it).
_OPEN_RELATIVE = re.compile(r",\s*(?:who|which)\s+(?:\w+\s+){0,2}$")
# "a day after talks in Moscow": the day counted from the main clause's day.
_DAYS_LINK = re.compile(r"\b(?P<link>(?P<n>a|one|two|three|the)\s+days?\s+(?P<dir>after|before))\b[^,.;:]{0,70}$", re.I)
_DAY_COUNT = {"a": 1, "one": 1, "the": 1, "two": 2, "three": 3}


def _met_with(text, verb_start, limit, mentions, visitors) -> list[str]:
    cue = _MEETING_CUES.search(text, max(0, verb_start - 5), limit)
    if not cue:
        return []
    names = []
    for start, end, other in mentions:
        if cue.start() <= start < limit and other not in visitors and other.name not in names:
            names.append(other.name)
    return names


def _purpose(text, s0, s1) -> str:
    m = _PURPOSE_CUE.search(text, s0, s1)
    return m.group().strip(" ,\"”“")[:160] if m else ""


def _merge(visits: list[Visit]) -> list[Visit]:
    """One row per trip: same visitor and host, and either the same status with dates equal
    or one unknown (but not in different months), or one stay in one city over a few days
    ("arrived in Moscow on Monday" ... "wraps up a visit to Moscow today").
    (Updates the rows in place: they were made by this extraction, no one else holds them.)"""
    out: list[Visit] = []
    for v in visits:
        for kept in out:
            if (kept.visitor, kept.host_iso3) != (v.visitor, v.host_iso3):
                continue
            if kept.date and v.date and kept.date != v.date:
                first = kept if kept.date < v.date else v
                if not (kept.city and kept.city == v.city and abs((kept.date - v.date).days) <= _STAY_DAYS
                        and (kept.status == v.status or first.status == "completed")):
                    continue
                kept.date, kept.date_text, kept.status = first.date, first.date_text, first.status
            elif kept.status != v.status and not (kept.tenseless or v.tenseless):
                continue
            elif kept.month and v.month and kept.month != v.month:
                continue  # "first went to Kyiv in April" is not the trip of June
            elif kept.city and v.city and kept.city != v.city and not (kept.date and kept.date == v.date) \
                    and not (kept.date and not v.date and not v.month and v.sentence != kept.sentence):
                # "a trip to Rzeszow and Warsaw": a row per city unless one day holds both, or a
                # later sentence names a stop of the dated trip with no day of its own
                # ("arrived in Kyiv on Tuesday ... He laid flowers in Bucha").
                continue
            if not kept.city:
                kept.city, kept.latitude, kept.longitude = v.city, v.latitude, v.longitude
            if not kept.date:
                kept.date = v.date
            kept.month = kept.month or v.month
            if kept.tenseless and not v.tenseless:
                kept.status, kept.tenseless = v.status, False
            kept.date_text = kept.date_text or v.date_text
            kept.met_with = kept.met_with + [n for n in v.met_with if n not in kept.met_with]
            kept.purpose = kept.purpose or v.purpose
            break
        else:
            out.append(v)
    return out


_ARRIVALS = {"arrived", "arrives", "landed", "lands", "Arrived", "Landed"}
_STAY_DAYS = 2  # days apart that two dated mentions of one city can be one stay
