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
  day") count from the publication date when nothing else anchors them:
  "two days later" is published + 2. "ten years ago today" is that very
  day. Days and weeks give precision "day" (a week is 7 days), months
  "month", years "year".
- The told time (``Timeline``, one per document): the point in time the
  text last told of, the main-clause phrase of the latest sentence that
  has one ("On 14 November", "in 1999"; not a bound such as "since 2014"
  or "from the next day", nor "next week"). "two days later", "the next
  day", "the same day", "that year", "in December of that year" count from
  it (from an earlier phrase of the same sentence first: "in 1999 and in
  the same year"). A sentence whose event has no date phrase of its own
  inherits it when the event is told in the past tense ("On 3 February he
  announced the closure. The announcement came with a loan."): a told day
  for the rest of the document, a told month or year for the rest of its
  paragraph, a told time after publication (a plan) never. Events in the
  present, present perfect or future ("has since ratified", "will accept")
  keep the publication date. A day or month without a year, in a
  paragraph telling day by day of an earlier year ("On 14 September 2001
  ... On 24 September"), takes the year nearest that told day.
- Page dates: each post of a blog page (any text under its own date line)
  is dated against that line's date instead of the publication date.
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
- Choosing the phrase for an event: a phrase inside a relative clause
  ", which ..." or a parenthesis that the trigger is outside of never dates
  it, nor does one opening a later clause with a new time ("attended the
  funeral, and on Tuesday flew home": Tuesday is the flight's). Phrases in
  the trigger's clause come first (not across a ';'), then phrases that date
  the sentence rather than modify a noun ("the March 3 agreement",
  "Thursday's vote" come last), then the nearest to the trigger. Without
  a trigger, the earliest phrase in the main clause wins. A phrase before
  a conjunction ("but", "then", "yet") dates the verb before it: "signed
  it in May 1992 but declined to extend it in 1999" dates the refusal 1999.
  A phrase after a noun's participle ("the referendum held in Crimea on
  March 16") dates that noun, and is not the time the text tells of.
- Holidays (``data/holidays.toml``, data the user can extend): "on Victory
  Day", "on the eve of Nowruz" are their day-month, read like a day-month
  without a year; "on Independence Day" is the day of the story's country
  (the country the pipeline passes to ``Timeline``), and nothing without one.
- Without a publication date, relative phrases keep their text and
  precision but have value ``None``; absolute ones still resolve.
"""
from __future__ import annotations

import calendar
import functools
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from geopol.types import EventDate

__all__ = ["DatePhrase", "Timeline", "Told", "event_date", "find_date_phrases", "resolve"]


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
    "ago": -1, "earlier": -1, "later": 1, "next": 1, "following": 1, "followed": 1, "previous": -1,
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
    if m["today"] and published is not None:  # "ten years ago today": that very day
        return EventDate(_same_day(published, n, m["unit"]), "day", m[0])
    return _relative(m, published, n)


def _same_day(published: date, n: int, unit: str) -> date:
    """The publication day ``n`` days, weeks, months or years away."""
    unit = _unit(unit)
    if unit in ("day", "week"):
        return published + timedelta(days=n * (7 if unit == "week" else 1))
    return _add_months(published, n * (12 if unit == "year" else 1))


def _build_same(m: re.Match[str], anchor: date | None) -> EventDate:
    """"the same day", "that year", "in December of that year": the told time's."""
    unit = _unit(m["unit"])
    if anchor is None:
        return EventDate(None, "month" if m["month"] else _PRECISION[unit], m[0])
    if m["month"]:
        return EventDate(date(anchor.year, _MONTHS[m["month"].lower()], 1), "month", m[0])
    if unit == "month":
        return EventDate(anchor.replace(day=1), "month", m[0])
    if unit == "year":
        return EventDate(date(anchor.year, 1, 1), "year", m[0])
    return EventDate(anchor, "day", m[0])


def _build_into(m: re.Match[str], published: date | None) -> EventDate:
    return _relative(m, published, -_count(m["n"]))


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
    "counted": ("ago", "later", "earlier"), "sequence": ("next", "following", "followed", "previous", "preceding"),
    "unit": ("week", "month", "year"), "weekday": ("day",),
    "month": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
    "holiday": ("day", "nowruz", "navruz", "nauryz"),
    "same": ("same day", "same week", "same month", "same year", "that day", "that week", "that month",
             "that year"),
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
          rf"(?P<dir>{_words('ago later earlier')})\b(?P<today>\s+{_words('today')}\b)?", _build_counted),
    _rule("into", "unit",  # "eight months into the invasion": the invasion began eight months before
          rf"\b(?P<n>{_NUMBER})\s+(?P<unit>{_words('days? weeks? months? years?')})\s+(?P<dir>{_words('into')})\b",
          _build_into),
    _rule("same", "same",
          rf"\b(?:{_words('later earlier')}\s+)?(?:{_PREP}\s+)?(?:(?P<month>{_MONTH_FULL})\s+{_words('of')}\s+)?"
          rf"(?:{_words('the')}\s+{_words('same')}|{_words('that')}(?:\s+{_words('same')})?)\s+"
          rf"(?P<unit>{_words('day week month year')})\b", _build_same),
    _rule("sequence", "sequence",
          rf"\b{_words('the')}\s+(?P<dir>{_words('next following previous preceding')})\s+"
          rf"(?P<unit>{_words('day week month year')})\b", _build_sequence),
    _rule("sequence", "sequence",  # "in the months that followed": the told time's next month
          rf"\b{_words('the')}\s+(?P<unit>{_words('days weeks months years')})\s+{_words('that')}\s+"
          rf"(?P<dir>{_words('followed')})\b", _build_sequence),
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

HOLIDAY_FILE = Path(__file__).parent / "data" / "holidays.toml"


@functools.lru_cache(maxsize=1)
def _holiday_data() -> dict:
    return tomllib.loads(HOLIDAY_FILE.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def _holidays(country: str | None) -> _Rule | None:
    """The holidays a text set in ``country`` can name, as one rule read like
    a day-month without a year ("on Independence Day" in a Kazakh story is
    16 December). The file is read once, the rule built once per country."""
    data = _holiday_data()
    days = {name.lower(): md for name, md in data.get("fixed", {}).items()}
    if country is not None and country in data.get("independence_day", {}):
        days["independence day"] = data["independence_day"][country]
    if not days:
        return None
    names = "|".join(re.escape(name) for name in sorted(days, key=len, reverse=True))

    def build(m: re.Match[str], published: date | None) -> EventDate | None:
        month, day = (int(part) for part in days[m["holiday"].lower()].split("-"))
        if m["year"]:
            value = _valid_day(int(m["year"]), month, day)
        else:
            value = _day_without_year(month, day, published) if published else None
        if value is not None and m["eve"]:
            value -= timedelta(days=1)
        return EventDate(value, "day", m[0])

    return _rule("month_day", "holiday", rf"(?i:\b(?:{_PREP}\s+)?(?P<eve>the\s+eve\s+of\s+)?(?P<holiday>{names})\b(?:,?\s+(?:in\s+)?(?P<year>(?:1[89]|20)\d\d)\b)?)", build)


INTO_REACH = 40  # characters from "N months into" to the event it dates
_SIDE_CLAUSE = re.compile(r",\s+(?:which|who|whom|whose|where)\b[^,;]*|(?<=[a-z])\s+(?:who|whom|whose)\b[^,;]*|\([^()]*\)")
_DETERMINER_BEFORE = re.compile(rf"(?<![\w'’]){_words('the a an its their his her this that')}\s+$")  # not Xi'an
_NEW_TIME_BEFORE = re.compile(rf"[,;]\s*{_words('and but while whereas')}\s+(?:{_words('then')}\s+)?$")
_NOT_A_POINT = re.compile(rf"(?:{_words('since until till by before after from through throughout')}"
                          rf"|(?:{_words('early late')}\s+)?{_words('next')})\b")
_NOT_A_POINT_BEFORE = re.compile(rf"\b{_words('since until till by before after from through throughout')}\s+$")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
# "called the referendum held in Crimea on March 16 invalid": the time of a noun's participle phrase,
# not of the sentence (a passive "was held on March 16" has its auxiliary)
_REDUCED_RELATIVE_BEFORE = re.compile(
    r"\b(?!(?:was|were|been|being|be|is|are|had|has|have)\s)[a-z]+\s+"
    r"(?:held|signed|adopted|agreed|reached|concluded|staged|announced|founded)\s+"
    r"(?:(?:in|at)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+)?$")


# --- finding -------------------------------------------------------------------

def _candidates(text: str, country: str | None = None) -> list[_Found]:
    found = []
    cues = _cues(text)
    holidays = _holidays(country) if "holiday" in cues else None
    for rule in _RULES + ((holidays,) if holidays is not None else ()):
        if rule.cue not in cues:
            continue
        for m in rule.pattern.finditer(text):
            if rule.build(m, None) is not None:
                found.append(_Found(DatePhrase(m.start(), m.end(), m[0]), rule, m))
    return found


def _find(text: str, country: str | None = None) -> list[_Found]:
    """Non-overlapping matches, the longest winning at each start."""
    chosen: list[_Found] = []
    end = 0
    for f in sorted(_candidates(text, country), key=lambda f: (f.phrase.start, -f.phrase.end)):
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

@dataclass(frozen=True)
class _Layout:
    """A sentence's date phrases and its clauses: ``sides`` are relative
    clauses and parentheses, ``breaks`` where a clause that opens with a new
    time (", and on Tuesday ...") starts."""

    text: str
    found: list[_Found]
    sides: list[tuple[int, int]]
    breaks: list[int]


def _layout(sentence: str, country: str | None = None) -> _Layout:
    found = _find(sentence, country)
    if not found:
        return _Layout(sentence, [], [], [])
    sides = [m.span() for m in _SIDE_CLAUSE.finditer(sentence)]
    breaks = [f.phrase.start for f in found if _NEW_TIME_BEFORE.search(sentence[:f.phrase.start])]
    return _Layout(sentence, found, sides, breaks)


def _clause(offset: int, layout: _Layout) -> tuple[int, int]:
    """Which clause ``offset`` is in: (segment, side-clause index or -1); a
    ';' or a clause opening with a new time starts a segment."""
    side = next((i for i, (s, e) in enumerate(layout.sides) if s <= offset < e), -1)
    segment = layout.text.count(";", 0, offset) + sum(b <= offset for b in layout.breaks)
    return segment, side


def _usable(layout: _Layout, found: _Found, trigger_offset: int | None) -> bool:
    """A phrase can date the trigger unless it sits in a relative clause or
    parenthesis the trigger is outside of, or after a new-time clause opening
    that follows the trigger ("attended the funeral, and on Tuesday flew")."""
    start = found.phrase.start
    if found.rule.name == "into":  # dates only the event it is "into", the next few words
        return trigger_offset is not None and 0 <= trigger_offset - found.phrase.end <= INTO_REACH \
            and not any(c in layout.text[found.phrase.end:trigger_offset] for c in ",;")
    home = _clause(trigger_offset, layout) if trigger_offset is not None else (0, -1)
    side = _clause(start, layout)[1]
    if side != -1 and side != home[1]:
        return False
    return trigger_offset is None or not any(trigger_offset < b <= start for b in layout.breaks)


def _modifies_noun(sentence: str, phrase: DatePhrase) -> bool:
    """"the March 3 agreement", "Thursday's vote": a date on a noun."""
    return bool(_DETERMINER_BEFORE.search(sentence, 0, phrase.start)
                or _POSSESSIVE_AFTER.match(sentence, phrase.end))


def _distance(phrase: DatePhrase, offset: int) -> int:
    if offset < phrase.start:
        return phrase.start - offset
    return max(offset - phrase.end, 0)


def _rank(layout: _Layout, found: _Found, trigger_offset: int | None) -> tuple[bool, bool, bool, int]:
    phrase = found.phrase
    if trigger_offset is None:
        home, distance = (0, -1), phrase.start
    else:
        home, distance = _clause(trigger_offset, layout), _distance(phrase, trigger_offset)
    elsewhere = _clause(phrase.start, layout) != home
    crossed = trigger_offset is not None and phrase.end <= trigger_offset and bool(
        _CONJOINED_VERB.search(layout.text, phrase.end, trigger_offset))
    return elsewhere, crossed, _modifies_noun(layout.text, phrase), distance


# "signed it in May 1992 but declined to extend it in 1999": a time before a
# conjunction dates the verb before it; the conjoined verb takes its own, if it has one.
_CONJOINED_VERB = re.compile(r"\b(?:but|and then|then|yet|only to)\b")


def _choose(layout: _Layout, trigger_offset: int | None) -> _Found | None:
    usable = [f for f in layout.found if _usable(layout, f, trigger_offset)]
    return min(usable, key=lambda f: _rank(layout, f, trigger_offset)) if usable else None


@dataclass(frozen=True)
class Told:
    """The time the text last told of: what "two days later" counts from,
    what a sentence without a date of its own inherits. ``written_year``:
    the year was written ("On 14 September 2001"), so a later "on 24
    September" in the same paragraph is in that year too."""

    value: date
    precision: str
    text: str
    written_year: bool = False
    paragraph: int = 0


def _build(found: _Found, published: date | None, told: Told | None, paragraph: int,
           layout: _Layout | None = None) -> EventDate | None:
    if _counts_from_event(found):
        told = _told_before(found, published, told, paragraph, layout) or told
        if told is not None:
            return found.rule.build(found.match, told.value)
    value = found.rule.build(found.match, published)
    if value is not None and value.value is not None and _in_told_year(found, published, told, paragraph):
        return _nearest_year(value, told.value)  # type: ignore[union-attr]
    if value is not None and value.value is not None and (year := _year_written_before(found, layout)) is not None:
        return _in_year(value, year)
    return value


def _year_written_before(found: _Found, layout: _Layout | None) -> int | None:
    """"in the first half of 1997, and in May the two leaders signed": a
    day or month without a year takes the year written earlier in the same
    sentence, not the publication's."""
    if layout is None or not _yearless(found):
        return None
    years = [f for f in layout.found if f.phrase.end <= found.phrase.start and f.match.groupdict().get("year")
             and _is_point(layout, f) and _usable(layout, f, found.phrase.start)]  # not "who led it from 2011"
    return int(years[-1].match["year"]) if years else None


def _yearless(found: _Found) -> bool:
    """A day or a month written without a year or a relative word ("on 24 September", "in May")."""
    groups = found.match.groupdict()
    return found.rule.name in ("month_day", "day_month", "month") and not groups.get("year") and not groups.get("rel")


def _in_year(value: EventDate, year: int) -> EventDate:
    day = value.value
    moved = _valid_day(year, day.month, day.day) if day is not None else None
    return EventDate(moved, value.precision, value.text) if moved is not None else value


def _told_before(found: _Found, published: date | None, told: Told | None, paragraph: int,
                 layout: _Layout | None) -> Told | None:
    """The point in time told earlier in the same sentence, for "in 1999
    and in the same year", "on 14 November ..., and on the same day"."""
    before = [f for f in (layout.found if layout else []) if f.phrase.end <= found.phrase.start and _is_point(layout, f)]
    if not before:
        return None
    value = _build(before[-1], published, told, paragraph, layout)
    if value is None or value.value is None:
        return None
    return Told(value.value, value.precision, value.text or "", paragraph=paragraph)


def _is_point(layout: _Layout, found: _Found) -> bool:
    """A phrase that names a point in time ("on Monday", "in 1999"), not a
    bound ("since 2014", "from the next day") or a future plan ("next week")."""
    return not (_NOT_A_POINT.match(found.phrase.text) or _NOT_A_POINT_BEFORE.search(layout.text[:found.phrase.start]))


def _in_told_year(found: _Found, published: date | None, told: Told | None, paragraph: int) -> bool:
    """A day or month without a year, in a paragraph telling of an earlier
    year day by day: the year is the narrative's, not the publication's."""
    return (told is not None and published is not None and told.written_year and told.precision == "day"
            and told.paragraph == paragraph and told.value.year != published.year and _yearless(found))


def _nearest_year(value: EventDate, anchor: date) -> EventDate:
    """``value``'s day and month in the year that puts it nearest ``anchor``."""
    day = value.value
    options = [_valid_day(year, day.month, day.day) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]
    best = min((o for o in options if o is not None), key=lambda o: abs((o - anchor).days))
    return EventDate(best, value.precision, value.text)


def event_date(sentence: str, published: date | None, trigger_offset: int | None = None,
               anchor: date | None = None) -> EventDate:
    """The date of the event whose trigger starts at ``trigger_offset`` in
    ``sentence``; the publication date (text ``None``) if no phrase dates it.
    ``anchor`` is the time the document last told of: phrases that count
    from another event ("two days later", "the same day") count from it
    rather than from the publication date."""
    told = Told(anchor, "day", "") if anchor is not None else None
    return _SentenceDates(_layout(sentence), published, told, 0).event(trigger_offset)


def _counts_from_event(found: _Found) -> bool:
    """"two days later", "the next day", "that year": relative to a told event, not to now."""
    if found.rule.name == "same":
        return True
    direction = (found.match.groupdict().get("dir") or "").lower()
    return found.rule.name in ("counted", "sequence") and direction in ("later", "earlier", "next", "following",
                                                                          "followed", "previous", "preceding")


class _SentenceDates:
    """The dates of one sentence's events, given the time told before it."""

    def __init__(self, layout: _Layout, published: date | None, told: Told | None, paragraph: int,
                 inherit: bool = False) -> None:
        self.layout, self.published, self.told, self.paragraph = layout, published, told, paragraph
        self.inherit = inherit

    def event(self, trigger_offset: int | None, narrative: bool = True) -> EventDate:
        """The date of the event at ``trigger_offset``: its own phrase, else
        (when inheriting, and the event is told in the past tense, as the
        ``narrative`` flag says) the told time, else the publication date.
        "He has since resigned" and "Moscow will accept" are dated by
        their own time of telling, not by the last date told."""
        found = _choose(self.layout, trigger_offset)
        value = _build(found, self.published, self.told, self.paragraph, self.layout) if found is not None else None
        if value is not None:
            return value
        if self.inherit and narrative and self._may_inherit():
            return EventDate(self.told.value, self.told.precision, self.told.text)
        return EventDate(self.published, "day", None)

    def _may_inherit(self) -> bool:
        """A told time dates the rest of its paragraph; a told day (the news
        of one day: "on Monday") also later paragraphs. A planned time (after
        publication) dates nothing that has happened."""
        told = self.told
        if told is None or (self.published is not None and told.value > self.published):
            return False
        return told.paragraph == self.paragraph or told.precision == "day"

    def told_after(self) -> Told | None:
        """The time this sentence tells of (its main clause's point in time),
        or ``None`` if it names none."""
        points = [f for f in self.layout.found if _usable(self.layout, f, None) and _is_point(self.layout, f)
                  and not _REDUCED_RELATIVE_BEFORE.search(self.layout.text, 0, f.phrase.start)]
        if not points:
            return None
        best = min(points, key=lambda f: _rank(self.layout, f, None))
        value = _build(best, self.published, self.told, self.paragraph, self.layout)
        if value is None or value.value is None:
            return None
        written = bool(best.match.groupdict().get("year")) or (
            self.told is not None and self.told.written_year and value.value.year == self.told.value.year)
        return Told(value.value, value.precision, value.text or best.phrase.text, written, self.paragraph)


class Timeline:
    """Dates a document's events sentence by sentence, in text order.

    ``page_dates`` are ``(offset, date)`` pairs: the date lines of a page
    (each post of a blog page under its own date); text after one is dated
    against it instead of ``published``, and the told time starts afresh.
    A sentence without a date phrase of its own inherits the time the
    paragraph last told of ("On 3 February he announced ... The announcement
    came alongside ..."); at a paragraph's start it is the publication date.
    """

    def __init__(self, published: date | None, page_dates: Sequence[tuple[int, date]] = (),
                 country: str | None = None) -> None:
        self.published = published
        self.country = country  # whose holidays the text names ("on Independence Day")
        self._pages = sorted(page_dates)
        self._next_page = 0
        self._told: Told | None = None

    def sentence(self, text: str, start: int, paragraph: int) -> _SentenceDates:
        """The dates for the sentence ``text`` at offset ``start`` (in the
        text the page dates refer to), in paragraph number ``paragraph``."""
        self._turn_page(start)
        now = _SentenceDates(_layout(text, self.country), self.published, self._told, paragraph, inherit=True)
        self._told = now.told_after() or self._told
        return now

    def aside(self, text: str, start: int) -> _SentenceDates:
        """The dates for a headline at ``start``: its own phrases, else the
        page's date; the told time neither dates it nor moves."""
        self._turn_page(start)
        return _SentenceDates(_layout(text, self.country), self.published, None, -1)

    def _turn_page(self, start: int) -> None:
        while self._next_page < len(self._pages) and self._pages[self._next_page][0] <= start:
            self.published = self._pages[self._next_page][1]
            self._next_page += 1
            self._told = None
