"""Dates stage: find the date expressions in a sentence and resolve the
event's date against the article's publication date.

Three calls:

- ``find_date_phrases(text)`` lists the date expressions (``DatePhrase``,
  character offsets within ``text``; a leading preposition such as "on" or
  "in" is part of the phrase, so "on Thursday" and "in 1999" read as written).
- ``resolve(phrase, published)`` turns one phrase into an ``EventDate``;
  ``None`` means the phrase is not a date expression.
- ``event_date(sentence, published, trigger_offset)`` picks the phrase that
  dates the event at ``trigger_offset`` and resolves it; with no phrase the
  result is ``EventDate(published, "day", None)``, "the publication date".

Values always name the first day of the period: a month is its 1st, a year
its 1 January. Everything is plain regular expressions, compiled at import.

Decisions (each has a test in ``tests/test_dates.py``):

- Weekdays follow the news convention that a bare weekday is in the past.
  "Thursday" / "on Thursday" is the most recent Thursday on or before the
  publication date (the publication day itself if it is a Thursday);
  "last Thursday" is strictly before it (a week earlier on a Thursday);
  "next Thursday" is strictly after it. "this Thursday" reads as bare.
- "today", "tonight", "this morning" are the publication day; "yesterday"
  and "last night" the day before; "tomorrow" the day after.
- Counted offsets ("three days ago", "two days later", "a week earlier")
  and sequence words ("the next day", "the following week", "the previous
  day") have no anchor inside one sentence, so they count from the
  publication date: "two days later" is published + 2. A later stage can
  re-anchor them to the previous event. Days and weeks give precision
  "day" (a week is 7 days), months "month", years "year".
- "last/this/next week" is the Monday of that calendar week with precision
  "day": ``EventDate`` has no "week" precision, and the week's first day is
  consistent with month and year values naming their first day.
  "last/this/next month" and "... year" give month and year precision.
- A day and month without a year ("March 3", "3 March", "the 3rd of March")
  takes the publication year unless that lands more than two calendar
  months after the publication date; then it is the previous year. A range
  ("May 3-5", "3-5 May") resolves to its first day; the phrase covers it.
- A month without a year ("in March", "mid-March", "late March") is the
  most recent such month not after the publication month; "last March" is
  strictly before the publication month, "next March" strictly after, and
  "this March" is in the publication year. (So "on March 3" in a January
  article is this year, by the day rule, but "in March" last year.)
- Seasons have month precision and start in March (spring), June (summer),
  September (autumn, fall) and December (winter, which runs into the next
  year). "in (the) spring" / "this spring" is the most recent spring that
  has begun; "last spring" the one before the current season if we are in
  it, else that most recent one; "next spring" a year after the most recent
  one. With a year, "the winter of 2014" is January 2014 (most of that
  winter lies in the named year); other seasons start in their own year.
- Years: "in 1999", "since 2014", "by 2020"... (a preposition is required,
  and the year must be 1900-2099, not followed by a count noun such as
  "people" or "votes"). Explicit years inside full dates may be 1800-2099.
- Numeric dates: ISO "2014-03-03"; dotted "03.03.2014" is European
  day-first; slashed "3/4/2014" is US month-first unless the first number
  is above 12 ("13/3/2014" is 13 March).
- Choosing the phrase for an event: phrases in the trigger's clause come
  first (not across a ';', and not inside a relative clause ", which ..."
  or a parenthesis that the trigger is outside of), then phrases that date
  the sentence rather than modify a noun ("the March 3 agreement",
  "Thursday's vote" come last), then the nearest to the trigger. Without
  a trigger, the earliest phrase in the main clause wins.
- Without a publication date, relative phrases keep their text and
  precision but have value ``None``; absolute ones still resolve.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from geopol.types import EventDate

__all__ = ["DatePhrase", "event_date", "find_date_phrases", "resolve"]


@dataclass(frozen=True)
class DatePhrase:
    """A date expression: ``text[start:end]`` of the sentence it was found in."""

    start: int
    end: int
    text: str


Builder = Callable[[re.Match[str], date | None], EventDate | None]


@dataclass(frozen=True)
class _Rule:
    """A pattern, the function that turns its match into a date, and a cheap
    cue (a key of ``_CUES``) without which it cannot match."""

    name: str
    cue: str
    pattern: re.Pattern[str]
    build: Builder


@dataclass(frozen=True)
class _Found:
    phrase: DatePhrase
    rule: _Rule
    match: re.Match[str]


# --- vocabulary --------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_DAY_WORDS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
}
_DIRECTIONS = {
    "ago": -1, "earlier": -1, "later": 1, "next": 1, "following": 1, "previous": -1,
    "preceding": -1, "last": -1, "this": 0,
}
_PRECISION = {"day": "day", "week": "day", "month": "month", "year": "year"}
_FUTURE_MONTHS = 2  # a day-month more than this far ahead is last year's


def _words(spaced: str) -> str:
    """An alternation of words, each also matching with a capital first letter
    ("on in" -> ``(?:[Oo]n|[Ii]n)``); case-insensitive flags would make every
    pattern several times slower. Use ``\\s+`` inside multi-word entries."""
    return "(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in spaced.split()) + ")"


# Month and weekday names are matched capitalised only ("may" and "march"
# are also verbs); other words in either case of their first letter.
_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b))"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_SEASON = _words("spring summer autumn fall winter") + r"\b"
_NUMBER = rf"(?:{_words('an? one two three four five six seven eight nine ten eleven twelve')}|\d{{1,3}})"
_PREP = _words("on in since during until till by from of before after through throughout")
_OPT_PREP = rf"(?:{_PREP}\s+)?"
_REL = _words("last next this")
_MOD = _words("early mid late")
_PART_OF_DAY = rf"(?:\s+{_words('morning afternoon evening night')}\b)?"
_THE_END_OF = _words(r"the\s+(?:end|beginning|start|middle)\s+of")
_EDGE = rf"(?:{_MOD}|{_THE_END_OF})[\s-]+"
_DAY_WORD = _words(r"today tonight yesterday tomorrow the\s+day\s+before\s+yesterday last\s+night "
                   r"this\s+(?:morning|afternoon|evening)")
_COUNTED = (  # a number followed by one of these is a count, not a year
    r"\s*(?:%|" + _words(r"percent per\s+cent") + r"\b)|\s+" + _words(
        "people persons votes troops soldiers men women children refugees migrants dollars euros tons "
        "tonnes barrels km kilometres kilometers miles metres meters hectares houses homes cases deaths "
        "casualties civilians fighters militants prisoners") + r"\b"
)
_FULL_YEAR = rf"(?P<year>1[89]\d\d|20\d\d)\b(?![.,]\d|{_COUNTED})"
_BARE_YEAR = rf"(?P<year>19\d\d|20\d\d)\b(?![.,]\d|{_COUNTED})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_RANGE = r"(?:\s*[-–]\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
_OPT_WEEKDAY = rf"(?:{_WEEKDAY},?\s+)?"


# --- calendar arithmetic -----------------------------------------------------

def _add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of a short month."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _month_start(day: date, months: int = 0) -> date:
    return _add_months(day.replace(day=1), months)


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_without_year(month: int, day: int, published: date) -> date | None:
    """The publication year's day-month, or an earlier year's if that lies
    more than ``_FUTURE_MONTHS`` after publication (or does not exist, 29 Feb)."""
    limit = _add_months(published, _FUTURE_MONTHS)
    for year in range(published.year, published.year - 8, -1):
        value = _valid_day(year, month, day)
        if value is not None and value <= limit:
            return value
    return None


def _count(word: str) -> int:
    return _NUMBERS.get(word.lower()) or int(word)


def _unit(word: str) -> str:
    return word.lower().rstrip("s")


def _shift(published: date, n: int, unit: str) -> EventDate:
    """``published`` moved by ``n`` units, at the precision the unit allows."""
    unit = _unit(unit)
    if unit == "day":
        return EventDate(published + timedelta(days=n), "day", None)
    if unit == "week":
        return EventDate(published + timedelta(days=7 * n), "day", None)
    if unit == "month":
        return EventDate(_month_start(published, n), "month", None)
    return EventDate(date(published.year + n, 1, 1), "year", None)


def _calendar_unit(published: date, n: int, unit: str) -> EventDate:
    """The calendar week, month or year ``n`` units from the published one."""
    unit = unit.lower()
    if unit == "week":
        monday = published - timedelta(days=published.weekday())
        return EventDate(monday + timedelta(days=7 * n), "day", None)
    return _shift(published, n, unit)


def _with_text(value: EventDate, text: str) -> EventDate:
    return EventDate(value.value, value.precision, text)


# --- builders: one per rule, (match, published) -> EventDate | None ------------

def _build_day_word(m: re.Match[str], published: date | None) -> EventDate:
    offset = _DAY_WORDS[" ".join(m["word"].lower().split())]
    value = published + timedelta(days=offset) if published else None
    return EventDate(value, "day", m[0])


def _build_counted(m: re.Match[str], published: date | None) -> EventDate:
    n = _count(m["n"]) * _DIRECTIONS[m["dir"].lower()]
    return _relative(m, published, n)


def _build_sequence(m: re.Match[str], published: date | None) -> EventDate:
    return _relative(m, published, _DIRECTIONS[m["dir"].lower()])


def _relative(m: re.Match[str], published: date | None, n: int) -> EventDate:
    if published is None:
        return EventDate(None, _PRECISION[_unit(m["unit"])], m[0])
    return _with_text(_shift(published, n, m["unit"]), m[0])


def _build_calendar(m: re.Match[str], published: date | None) -> EventDate:
    n = _DIRECTIONS[m["rel"].lower()]
    if published is None:
        return EventDate(None, _PRECISION[_unit(m["unit"])], m[0])
    return _with_text(_calendar_unit(published, n, m["unit"]), m[0])


def _build_weekday(m: re.Match[str], published: date | None) -> EventDate:
    if published is None:
        return EventDate(None, "day", m[0])
    target = _WEEKDAYS[m["weekday"].lower()]
    back = (published.weekday() - target) % 7
    rel = (m["rel"] or "").lower()
    if rel == "next":
        return EventDate(published + timedelta(days=(target - published.weekday()) % 7 or 7), "day", m[0])
    if rel == "last":
        back = back or 7
    return EventDate(published - timedelta(days=back), "day", m[0])


def _build_day_month(m: re.Match[str], published: date | None) -> EventDate | None:
    month, day = _MONTHS[m["month"].lower().rstrip(".")], int(m["day"])
    if m["day2"] and not day < int(m["day2"]) <= 31:
        return None
    if m["year"]:
        value = _valid_day(int(m["year"]), month, day)
        return EventDate(value, "day", m[0]) if value else None
    if _valid_day(2000, month, day) is None:
        return None
    return EventDate(_day_without_year(month, day, published) if published else None, "day", m[0])


def _build_month(m: re.Match[str], published: date | None) -> EventDate:
    month = _MONTHS[m["month"].lower()]
    if published is None:
        return EventDate(None, "month", m[0])
    rel, year = (m["rel"] or "").lower(), published.year
    if rel == "next":
        year += month <= published.month
    elif rel == "last":
        year -= month >= published.month
    elif rel != "this":
        year -= month > published.month
    return EventDate(date(year, month, 1), "month", m[0])


def _build_month_year(m: re.Match[str], published: date | None) -> EventDate:
    return EventDate(date(int(m["year"]), _MONTHS[m["month"].lower()], 1), "month", m[0])


def _build_season(m: re.Match[str], published: date | None) -> EventDate:
    if published is None:
        return EventDate(None, "month", m[0])
    month = _SEASONS[m["season"].lower()]
    start = date(published.year - (month > published.month), month, 1)
    rel = (m["rel"] or m["rel2"] or "").lower()
    if rel == "next" or (rel == "last" and published < _add_months(start, 3)):
        start = start.replace(year=start.year + (1 if rel == "next" else -1))
    return EventDate(start, "month", m[0])


def _build_season_year(m: re.Match[str], published: date | None) -> EventDate:
    month = _SEASONS[m["season"].lower()]
    return EventDate(date(int(m["year"]), 1 if month == 12 else month, 1), "month", m[0])


def _build_year(m: re.Match[str], published: date | None) -> EventDate:
    return EventDate(date(int(m["year"]), 1, 1), "year", m[0])


def _build_numeric(m: re.Match[str], published: date | None) -> EventDate | None:
    if "first" in m.groupdict():
        first, second = int(m["first"]), int(m["second"])
        month, day = (second, first) if first > 12 else (first, second)
    else:
        month, day = int(m["month"]), int(m["day"])
    value = _valid_day(int(m["year"]), month, day)
    return EventDate(value, "day", m[0]) if value else None


# --- rules ---------------------------------------------------------------------

def _rule(name: str, cue: str, pattern: str, build: Builder) -> _Rule:
    return _Rule(name, cue, re.compile(pattern), build)


# A rule runs only if the lowercased sentence contains one of its cue
# substrings (``in`` is far cheaper than any regex), so a sentence with no
# date words costs a few microseconds.
_CUES = {
    "year": ("19", "20"), "day_word": ("today", "tonight", "yesterday", "tomorrow", "night", "morning",
                                       "afternoon", "evening"),
    "counted": ("ago", "later", "earlier"), "sequence": ("next", "following", "previous", "preceding"),
    "unit": ("week", "month", "year"), "weekday": ("day",),
    "month": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
}
_CUE_WORDS = tuple((word, kind) for kind, words in _CUES.items() for word in words)
_NUMERIC_CUE = re.compile(r"\d[-./]\d")


def _cues(text: str) -> set[str]:
    lowered = text.lower()
    found = {kind for word, kind in _CUE_WORDS if word in lowered}
    if _NUMERIC_CUE.search(text):
        found.add("numeric")
    return found


_RULES = (
    _rule("day_word", "day_word",
          rf"\b(?:{_words('earlier later')}\s+)?(?P<word>{_DAY_WORD})\b{_PART_OF_DAY}",
          _build_day_word),
    _rule("counted", "counted",
          rf"\b(?P<n>{_NUMBER})\s+(?P<unit>{_words('days? weeks? months? years?')})\s+"
          rf"(?P<dir>{_words('ago later earlier')})\b", _build_counted),
    _rule("sequence", "sequence",
          rf"\b{_words('the')}\s+(?P<dir>{_words('next following previous preceding')})\s+"
          rf"(?P<unit>{_words('day week month year')})\b", _build_sequence),
    _rule("calendar", "unit",  # not "the last year" (the past twelve months)
          rf"\b(?:{_words('early late earlier later')}\s+)?(?:{_words('in')}\s+)?(?<![Tt]he\s)(?P<rel>{_REL})\s+"
          rf"(?P<unit>{_words('week month year')})\b", _build_calendar),
    _rule("weekday", "weekday",
          rf"\b(?:{_words('early late')}\s+)?{_OPT_PREP}(?:(?P<rel>{_REL})\s+)?(?P<weekday>{_WEEKDAY}){_PART_OF_DAY}",
          _build_weekday),
    _rule("month_day", "month",
          rf"\b{_OPT_PREP}{_OPT_WEEKDAY}(?P<month>{_MONTH_ANY})\s*{_DAY}{_RANGE}\b(?:,?\s+{_FULL_YEAR})?(?!\d)",
          _build_day_month),
    _rule("day_month", "month",
          rf"\b{_OPT_PREP}{_OPT_WEEKDAY}(?:{_words('the')}\s+)?{_DAY}{_RANGE}(?:\s+{_words('of')})?\s+"
          rf"(?P<month>{_MONTH_ANY})(?:,?\s+{_FULL_YEAR})?(?!\d)", _build_day_month),
    _rule("month_year", "month",
          rf"\b{_OPT_PREP}(?:{_EDGE})?(?P<month>{_MONTH_FULL})(?:\s+{_words('of')})?,?\s+{_FULL_YEAR}",
          _build_month_year),
    _rule("month", "month",  # a bare month needs a preposition or modifier: "the March agreement" is not one
          rf"\b(?:(?P<rel>{_REL})\s+|{_PREP}\s+(?:{_EDGE})?|{_EDGE})(?P<month>{_MONTH_FULL})(?![\s,]*\d)",
          _build_month),
    _rule("season_year", "season",
          rf"\b{_OPT_PREP}(?:{_words('the')}\s+)?(?:{_MOD}[\s-]+)?(?P<season>{_SEASON})"
          rf"(?:\s+{_words('of')})?,?\s+{_FULL_YEAR}", _build_season_year),
    _rule("season", "season",  # not "the fall of Kabul"
          rf"\b(?:{_PREP}\s+(?:(?P<rel>{_REL})\s+|{_words('the')}\s+)?|(?P<rel2>{_REL})\s+)"
          rf"(?:{_MOD}[\s-]+)?(?P<season>{_SEASON})(?!\s+{_words('of')}\b|,?\s+\d)", _build_season),
    _rule("year", "year", rf"\b{_PREP}\s+(?:{_EDGE})?{_BARE_YEAR}", _build_year),
    _rule("iso", "numeric", rf"\b{_OPT_PREP}(?P<year>\d{{4}})-(?P<month>\d\d)-(?P<day>\d\d)\b(?![-\d])",
          _build_numeric),
    _rule("dotted", "numeric", rf"\b{_OPT_PREP}(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}})\b(?!\.\d)",
          _build_numeric),
    _rule("slashed", "numeric",
          rf"\b{_OPT_PREP}(?P<first>\d{{1,2}})/(?P<second>\d{{1,2}})/(?P<year>\d{{4}})\b(?!/)", _build_numeric),
)

_SIDE_CLAUSE = re.compile(r",\s+(?:which|who|whom|whose|where)\b[^,;]*|\([^()]*\)")
_DETERMINER_BEFORE = re.compile(rf"\b{_words('the a an its their his her this that')}\s+$")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")


# --- finding -------------------------------------------------------------------

def _candidates(text: str) -> list[_Found]:
    found = []
    cues = _cues(text)
    for rule in _RULES:
        if rule.cue not in cues:
            continue
        for m in rule.pattern.finditer(text):
            if rule.build(m, None) is not None:
                found.append(_Found(DatePhrase(m.start(), m.end(), m[0]), rule, m))
    return found


def _find(text: str) -> list[_Found]:
    """Non-overlapping matches, the longest winning at each start."""
    chosen: list[_Found] = []
    end = 0
    for f in sorted(_candidates(text), key=lambda f: (f.phrase.start, -f.phrase.end)):
        if f.phrase.start >= end:
            chosen.append(f)
            end = f.phrase.end
    return chosen


def find_date_phrases(text: str) -> list[DatePhrase]:
    """The date expressions in ``text``, in order, without overlaps."""
    return [f.phrase for f in _find(text)]


def resolve(phrase: str, published: date | None) -> EventDate | None:
    """``phrase`` as a date, resolved against ``published``; ``None`` if the
    whole phrase is not a date expression."""
    stripped = phrase.strip()
    for rule in _RULES:
        m = rule.pattern.fullmatch(stripped)
        if m is not None and (value := rule.build(m, published)) is not None:
            return value
    return None


# --- choosing the event's date -------------------------------------------------

def _clause(offset: int, sentence: str, sides: list[tuple[int, int]]) -> tuple[int, int]:
    """Which clause ``offset`` is in: (';'-segment, side-clause index or -1)."""
    side = next((i for i, (s, e) in enumerate(sides) if s <= offset < e), -1)
    return sentence.count(";", 0, offset), side


def _modifies_noun(sentence: str, phrase: DatePhrase) -> bool:
    """"the March 3 agreement", "Thursday's vote": a date on a noun."""
    return bool(_DETERMINER_BEFORE.search(sentence, 0, phrase.start)
                or _POSSESSIVE_AFTER.match(sentence, phrase.end))


def _distance(phrase: DatePhrase, offset: int) -> int:
    if offset < phrase.start:
        return phrase.start - offset
    return max(offset - phrase.end, 0)


def _rank(sentence: str, found: _Found, trigger_offset: int | None,
          sides: list[tuple[int, int]]) -> tuple[bool, bool, int]:
    phrase = found.phrase
    if trigger_offset is None:
        home, distance = (0, -1), phrase.start
    else:
        home, distance = _clause(trigger_offset, sentence, sides), _distance(phrase, trigger_offset)
    elsewhere = _clause(phrase.start, sentence, sides) != home
    return elsewhere, _modifies_noun(sentence, phrase), distance


def event_date(sentence: str, published: date | None, trigger_offset: int | None = None,
               anchor: date | None = None) -> EventDate:
    """The date of the event whose trigger starts at ``trigger_offset`` in
    ``sentence``; the publication date (text ``None``) if no phrase dates it.
    ``anchor`` is the date of the document's previous event: phrases that
    count from another event ("two days later", "the following week")
    count from it rather than from the publication date."""
    found = _find(sentence)
    if not found:
        return EventDate(published, "day", None)
    sides = [m.span() for m in _SIDE_CLAUSE.finditer(sentence)]
    best = min(found, key=lambda f: _rank(sentence, f, trigger_offset, sides))
    base = anchor if anchor is not None and _counts_from_event(best) else published
    return best.rule.build(best.match, base) or EventDate(published, "day", None)


def _counts_from_event(found: _Found) -> bool:
    """"two days later", "the next day": relative to a told event, not to now."""
    direction = (found.match.groupdict().get("dir") or "").lower()
    return found.rule.name in ("counted", "sequence") and direction in ("later", "earlier", "next", "following",
                                                                          "previous", "preceding")
