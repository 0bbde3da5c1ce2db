"""The dates stage: phrases found, resolved against the publication date, and
the phrase chosen for an event. Expected values are worked out by hand;
2022-01-07 is a Friday, 2022-01-03 a Monday, 2022-10-15 a Saturday."""
from __future__ import annotations

from datetime import date

import pytest

from geopol.stages.dates import DatePhrase, event_date, find_date_phrases, resolve
from geopol.types import EventDate

FRI = date(2022, 1, 7)
MON = date(2022, 1, 3)
JUL = date(2022, 7, 20)
OCT = date(2022, 10, 15)
NOV = date(2022, 11, 20)


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def check(phrase: str, published: date | None, expected: str | None, precision: str) -> None:
    value = d(expected) if expected else None
    assert resolve(phrase, published) == EventDate(value, precision, phrase)


@pytest.mark.parametrize("phrase,published,expected", [
    ("on Thursday", FRI, "2022-01-06"),          # the day before
    ("Thursday", FRI, "2022-01-06"),
    ("last Thursday", FRI, "2022-01-06"),
    ("on Friday", FRI, "2022-01-07"),            # same weekday, bare: the publication day
    ("Friday", FRI, "2022-01-07"),
    ("last Friday", FRI, "2021-12-31"),          # same weekday, "last": a week earlier
    ("on Saturday", FRI, "2022-01-01"),          # across the year boundary
    ("on Sunday", FRI, "2022-01-02"),
    ("on Monday", FRI, "2022-01-03"),
    ("next Monday", FRI, "2022-01-10"),
    ("next Friday", FRI, "2022-01-14"),
    ("Thursday night", FRI, "2022-01-06"),
    ("late on Wednesday", FRI, "2022-01-05"),
    ("early Tuesday", FRI, "2022-01-04"),
    ("this Tuesday", FRI, "2022-01-04"),
    ("on Sunday", MON, "2022-01-02"),            # across the week boundary
    ("on Friday", MON, "2021-12-31"),
    ("Monday", MON, "2022-01-03"),
    ("last Monday", MON, "2021-12-27"),
    ("next Sunday", MON, "2022-01-09"),
    ("on Saturday", OCT, "2022-10-15"),
    ("on Sunday", OCT, "2022-10-09"),
])
def test_dates_weekdays(phrase, published, expected):
    check(phrase, published, expected, "day")


@pytest.mark.parametrize("phrase,published,expected", [
    ("on March 3", FRI, "2022-03-03"),           # within two months ahead: this year
    ("March 7", FRI, "2022-03-07"),              # exactly two months ahead: still this year
    ("March 8", FRI, "2021-03-08"),              # beyond: last year
    ("3 March", FRI, "2022-03-03"),
    ("Mar. 3", FRI, "2022-03-03"),
    ("on the 3rd of March", FRI, "2022-03-03"),
    ("March 3rd", FRI, "2022-03-03"),
    ("December 28", FRI, "2021-12-28"),          # rollover into the previous year
    ("Dec. 28", FRI, "2021-12-28"),
    ("28 December", FRI, "2021-12-28"),
    ("January 20", FRI, "2022-01-20"),
    ("July 4th", FRI, "2021-07-04"),
    ("February 29", FRI, "2020-02-29"),          # the most recent year that has one
    ("January 5", NOV, "2022-01-05"),            # the publication year, not next January
    ("December 24", NOV, "2022-12-24"),
    ("March 3, 2014", FRI, "2014-03-03"),
    ("3 March 2014", FRI, "2014-03-03"),
    ("on March 3 2014", FRI, "2014-03-03"),
    ("Sept. 11, 2001", FRI, "2001-09-11"),
    ("Thursday, March 3, 2016", FRI, "2016-03-03"),
    ("on Thursday 3 March 2016", FRI, "2016-03-03"),
    ("on February 29, 2016", FRI, "2016-02-29"),
    ("the 3rd of March, 1917", FRI, "1917-03-03"),
    ("March 3, 2014", None, "2014-03-03"),       # absolute dates need no publication date
])
def test_dates_day_month(phrase, published, expected):
    check(phrase, published, expected, "day")


@pytest.mark.parametrize("phrase,published,expected", [
    ("May 3-5", JUL, "2022-05-03"),
    ("3-5 May", JUL, "2022-05-03"),
    ("3-5 May 2014", FRI, "2014-05-03"),
    ("May 3–5, 2014", FRI, "2014-05-03"),        # en dash
    ("on May 3-5", FRI, "2021-05-03"),
])
def test_dates_ranges(phrase, published, expected):
    check(phrase, published, expected, "day")


@pytest.mark.parametrize("text,phrases", [
    ("Talks ran May 3-5 in Geneva.", [DatePhrase(10, 17, "May 3-5")]),
    ("The summit on 3-5 May 2014 failed.", [DatePhrase(11, 26, "on 3-5 May 2014")]),
])
def test_dates_range_phrase_covers_range(text, phrases):
    assert find_date_phrases(text) == phrases


@pytest.mark.parametrize("phrase,published,expected", [
    ("in March", FRI, "2021-03-01"),             # not after the publication month
    ("in January", FRI, "2022-01-01"),
    ("in December", FRI, "2021-12-01"),
    ("last March", FRI, "2021-03-01"),
    ("last January", FRI, "2021-01-01"),         # strictly before the publication month
    ("next March", FRI, "2022-03-01"),
    ("next January", FRI, "2023-01-01"),
    ("this March", FRI, "2022-03-01"),
    ("in late March", FRI, "2021-03-01"),
    ("mid-March", FRI, "2021-03-01"),
    ("early March", FRI, "2021-03-01"),
    ("by the end of March", FRI, "2021-03-01"),
    ("in March", JUL, "2022-03-01"),
    ("in July", JUL, "2022-07-01"),
    ("in August", JUL, "2021-08-01"),
    ("last July", JUL, "2021-07-01"),
    ("in March 2014", FRI, "2014-03-01"),
    ("March 2014", FRI, "2014-03-01"),
    ("in March of 2014", FRI, "2014-03-01"),
    ("in late March 2014", FRI, "2014-03-01"),
    ("by the end of May 2014", FRI, "2014-05-01"),
    ("in March 2014", None, "2014-03-01"),
])
def test_dates_months(phrase, published, expected):
    check(phrase, published, expected, "month")


@pytest.mark.parametrize("phrase,published,expected,precision", [
    ("today", FRI, "2022-01-07", "day"),
    ("Today", FRI, "2022-01-07", "day"),
    ("tonight", FRI, "2022-01-07", "day"),
    ("this morning", FRI, "2022-01-07", "day"),
    ("earlier today", FRI, "2022-01-07", "day"),
    ("yesterday", FRI, "2022-01-06", "day"),
    ("yesterday morning", FRI, "2022-01-06", "day"),
    ("last night", FRI, "2022-01-06", "day"),
    ("the day before yesterday", FRI, "2022-01-05", "day"),
    ("tomorrow", FRI, "2022-01-08", "day"),
    ("yesterday", date(2022, 1, 1), "2021-12-31", "day"),
    ("three days ago", FRI, "2022-01-04", "day"),
    ("10 days ago", FRI, "2021-12-28", "day"),
    ("a week ago", FRI, "2021-12-31", "day"),
    ("two weeks ago", FRI, "2021-12-24", "day"),
    ("two days later", FRI, "2022-01-09", "day"),      # no anchor in one sentence: from publication
    ("a day earlier", FRI, "2022-01-06", "day"),
    ("the next day", FRI, "2022-01-08", "day"),
    ("the following day", FRI, "2022-01-08", "day"),
    ("the previous day", FRI, "2022-01-06", "day"),
    ("the following week", FRI, "2022-01-14", "day"),
    ("two months ago", FRI, "2021-11-01", "month"),
    ("a year ago", FRI, "2021-01-01", "year"),
    ("last week", FRI, "2021-12-27", "day"),           # Monday of the previous week
    ("last week", MON, "2021-12-27", "day"),
    ("this week", FRI, "2022-01-03", "day"),
    ("earlier this week", FRI, "2022-01-03", "day"),
    ("next week", FRI, "2022-01-10", "day"),
    ("earlier this month", FRI, "2022-01-01", "month"),
    ("this month", OCT, "2022-10-01", "month"),
    ("last month", FRI, "2021-12-01", "month"),
    ("next month", FRI, "2022-02-01", "month"),
    ("last year", FRI, "2021-01-01", "year"),
    ("late last year", FRI, "2021-01-01", "year"),
    ("this year", FRI, "2022-01-01", "year"),
    ("earlier this year", OCT, "2022-01-01", "year"),
    ("next year", FRI, "2023-01-01", "year"),
])
def test_dates_relative(phrase, published, expected, precision):
    check(phrase, published, expected, precision)


@pytest.mark.parametrize("phrase,published,expected", [
    ("last spring", FRI, "2021-03-01"),
    ("last summer", FRI, "2021-06-01"),
    ("last autumn", FRI, "2021-09-01"),
    ("last fall", FRI, "2021-09-01"),
    ("last winter", FRI, "2020-12-01"),          # we are in winter 2021/22: the one before
    ("in winter", FRI, "2021-12-01"),
    ("this winter", FRI, "2021-12-01"),
    ("in the spring", FRI, "2021-03-01"),
    ("next spring", FRI, "2022-03-01"),
    ("this autumn", OCT, "2022-09-01"),
    ("last fall", OCT, "2021-09-01"),            # in autumn: the previous one
    ("last summer", OCT, "2022-06-01"),          # summer is over: this year's
    ("in the summer", OCT, "2022-06-01"),
    ("next summer", OCT, "2023-06-01"),
    ("in late summer", OCT, "2022-06-01"),
    ("in the spring of 2014", FRI, "2014-03-01"),
    ("spring 2014", FRI, "2014-03-01"),
    ("in summer 2014", FRI, "2014-06-01"),
    ("in autumn 2015", FRI, "2015-09-01"),
    ("the fall of 2015", FRI, "2015-09-01"),
    ("the winter of 2014", FRI, "2014-01-01"),   # a named winter is dated in its named year
])
def test_dates_seasons(phrase, published, expected):
    check(phrase, published, expected, "month")


@pytest.mark.parametrize("phrase,published,expected", [
    ("in 1999", FRI, "1999-01-01"),
    ("In 1999", FRI, "1999-01-01"),
    ("since 2014", FRI, "2014-01-01"),
    ("during 2008", FRI, "2008-01-01"),
    ("until 2030", FRI, "2030-01-01"),
    ("by 2024", FRI, "2024-01-01"),
    ("in early 2014", FRI, "2014-01-01"),
    ("by the end of 2023", FRI, "2023-01-01"),
    ("in 1999", None, "1999-01-01"),
])
def test_dates_years(phrase, published, expected):
    check(phrase, published, expected, "year")


@pytest.mark.parametrize("phrase,expected", [
    ("2014-03-03", "2014-03-03"),
    ("on 2014-03-03", "2014-03-03"),
    ("03.03.2014", "2014-03-03"),
    ("3.4.2014", "2014-04-03"),                  # dotted: European day-first
    ("3/4/2014", "2014-03-04"),                  # slashed: US month-first ...
    ("13/3/2014", "2014-03-13"),                 # ... unless the first number cannot be a month
    ("12/31/2021", "2021-12-31"),
])
def test_dates_numeric(phrase, expected):
    check(phrase, FRI, expected, "day")


@pytest.mark.parametrize("phrase", [
    "March", "May", "Thursdays", "February 30", "March 32", "2014-13-03", "31/31/2014", "1999",
    "the fall of Kabul", "the Russian proposal", "", "in 1,999", "May 5-3",
])
def test_dates_not_a_date(phrase):
    assert resolve(phrase, FRI) is None


@pytest.mark.parametrize("text", [
    "1999 people died in the clashes.",
    "The 2014 agreement still holds.",
    "The motion was carried by 2000 votes.",
    "Prices rose by 2014 percent.",
    "Fighting displaced families in 2000 homes.",
    "You may march on the capital.",
    "Jan Kubis met the envoy.",
    "After the fall of Kabul, the border closed.",
    "Uzbekistan rejected the Russian proposal.",
])
def test_dates_no_phrase(text):
    assert find_date_phrases(text) == []


@pytest.mark.parametrize("text", [
    "On Thursday, March 3, 2016 Russia said Ukraine attacked two days ago, in the spring of 2014.",
    "Kazakhstan, independent since 1991, protested last week and again yesterday evening.",
    "The vote of 03.03.2014 and talks on 2014-05-01 and in mid-March were followed by 3-5 May 2015.",
])
def test_dates_phrases_are_evidence(text):
    phrases = find_date_phrases(text)
    assert len(phrases) >= 3
    for p in phrases:
        assert text[p.start:p.end] == p.text
        assert resolve(p.text, FRI) is not None
    assert all(a.end <= b.start for a, b in zip(phrases, phrases[1:]))


@pytest.mark.parametrize("text,phrases", [
    ("On Thursday, Russia accused Ukraine.", ["On Thursday"]),
    ("Russia said Thursday it would attend the March 3 talks.", ["Thursday", "March 3"]),
    ("On Thursday, March 3, 2016 Russia voted.", ["On Thursday, March 3, 2016"]),
    ("In 1999, Uzbekistan left the treaty.", ["In 1999"]),
    ("Protests in March 2014 and in May spread.", ["in March 2014", "in May"]),
])
def test_dates_find_phrases(text, phrases):
    assert [p.text for p in find_date_phrases(text)] == phrases


@pytest.mark.parametrize("sentence,published", [
    ("Uzbekistan rejected the Russian proposal.", FRI),
    ("Kyrgyzstan accused Tajikistan of shelling border villages.", date(2021, 4, 30)),
])
def test_dates_fallback_to_publication(sentence, published):
    assert event_date(sentence, published, 0) == EventDate(published, "day", None)
    assert event_date(sentence, published) == EventDate(published, "day", None)


@pytest.mark.parametrize("sentence,expected", [
    ("Uzbekistan rejected the Russian proposal.", EventDate(None, "day", None)),
    ("Russia voted on March 3, 2014.", EventDate(d("2014-03-03"), "day", "on March 3, 2014")),
    ("In 1999, Uzbekistan left the treaty.", EventDate(d("1999-01-01"), "year", "In 1999")),
    ("Russia voted on Thursday.", EventDate(None, "day", "on Thursday")),   # evidence kept, no anchor
    ("Russia voted last month.", EventDate(None, "month", "last month")),
])
def test_dates_without_publication_date(sentence, expected):
    assert event_date(sentence, None) == expected


@pytest.mark.parametrize("sentence,trigger,expected,text", [
    # background is dated in its own year, not the publication date
    ("In 1999, Uzbekistan left the treaty.", "left", "1999-01-01", "In 1999"),
    ("In 1999, Uzbekistan left the treaty, which it had joined in 1994.", "left", "1999-01-01", "In 1999"),
    # a relative clause dates its own verb only
    ("Uzbekistan, which joined the treaty in 1994, left it in 2012.", "left", "2012-01-01", "in 2012"),
    ("Uzbekistan, which joined the treaty in 1994, left it in 2012.", "joined", "1994-01-01", "in 1994"),
    ("Kazakhstan (independent since 1991) protested on Monday.", "protested", "2022-01-03", "on Monday"),
    # "N months into X" dates X only, counted back from publication
    ("Eight months into Russia's invasion of Ukraine, Kazakhstan has not endorsed the war.", "invasion",
     "2021-05-01", "Eight months into"),
    ("Eight months into Russia's invasion of Ukraine, Kazakhstan has not endorsed the war.", "endorsed",
     "2022-01-07", None),
    # ... but not a year that bounds a side clause ("who led it from 2011")
    ("Atambayev, who led Kyrgyzstan from 2011 to 2017, travelled to Moscow on July 24.", "travelled",
     "2021-07-24", "on July 24"),
    # a month without a year takes the year written before it in the sentence
    ("Protocols followed in the first half of 1997, and in May the two leaders signed a protocol.", "signed",
     "1997-05-01", "in May"),
    # so does one opened by "whose" or "who" after a noun, with no comma
    ("Ablyazov, the banker whose party was banned in 2018, rallied crowds on Monday.", "rallied", "2022-01-03",
     "on Monday"),
    # a conjoined verb ("but declined") takes its own time, not the one before the conjunction
    ("Uzbekistan signed the treaty in May 1992 but declined to extend it in 1999.", "declined", "1999-01-01",
     "in 1999"),
    ("Uzbekistan signed the treaty in May 1992 but declined to extend it in 1999.", "signed", "1992-05-01",
     "in May 1992"),
    ("Kyrgyzstan joined the union in August 2015 and then left.", "left", "2015-08-01", "in August 2015"),
    # ';' separates clauses even when the other phrase is nearer
    ("Tajikistan accused Kyrgyzstan on Monday; the clash began on Sunday.", "accused", "2022-01-03", "on Monday"),
    ("Tajikistan accused Kyrgyzstan on Monday; the clash began on Sunday.", "began", "2022-01-02", "on Sunday"),
    # nearest to the trigger
    ("On Thursday, Russia said Ukraine had attacked on Tuesday.", "attacked", "2022-01-04", "on Tuesday"),
    ("On Thursday, Russia said Ukraine had attacked on Tuesday.", "said", "2022-01-06", "On Thursday"),
    # a date that modifies a noun loses to one that dates the clause
    ("On Wednesday, Russia rejected the March 3 agreement.", "rejected", "2022-01-05", "On Wednesday"),
    ("Russia said Thursday's vote was rigged.", "said", "2022-01-06", "Thursday"),
    ("Officials said the army withdrew yesterday.", "withdrew", "2022-01-06", "yesterday"),
])
def test_dates_event_date_picks_phrase(sentence, trigger, expected, text):
    when = event_date(sentence, FRI, sentence.index(trigger))
    assert (when.value, when.text) == (d(expected), text)


@pytest.mark.parametrize("sentence,expected,text", [
    ("On Thursday, Russia said Ukraine had attacked on Tuesday.", "2022-01-06", "On Thursday"),
    ("Kazakhstan, which joined in 1995, protested on Monday.", "2022-01-03", "on Monday"),
])
def test_dates_event_date_without_trigger(sentence, expected, text):
    when = event_date(sentence, FRI)
    assert (when.value, when.text) == (d(expected), text)


# --- the told time: phrases that count from it, sentences that inherit it ---------

def timeline_dates(sentences, published=FRI, page_dates=(), narrative=True, country=None):
    """The date of each sentence's first word's event; a blank string
    starts a new paragraph."""
    from geopol.stages.dates import Timeline

    timeline, paragraph, out, start = Timeline(published, page_dates, country), 0, [], 0
    for sentence in sentences:
        if not sentence:
            paragraph += 1
            continue
        out.append(timeline.sentence(sentence, start, paragraph).event(0, narrative=narrative))
        start += len(sentence) + 1
    return out


@pytest.mark.parametrize("sentence,trigger,expected,text", [
    ("Uzbekistan left the treaty in 1999 and in the same year joined GUUAM.", "joined", "1999-01-01",
     "in the same year"),
    ("On 14 November the two presidents signed a treaty, and on the same day the EU adopted sanctions.",
     "adopted", "2021-11-14", "on the same day"),
    ("That day the border closed; the talks had collapsed a day earlier.", "collapsed", "2022-01-06", "a day earlier"),
    ("Ten years ago today, in Moscow, the two sides signed the peace accord.", "signed", "2012-01-07",
     "Ten years ago today"),
    # a time in a relative clause, or opening a later clause, dates only its own clause
    ("The leaders met, which they last did on Monday.", "met", "2022-01-07", None),
    ("The envoys attended the funeral, and on Tuesday the president flew home.", "attended", "2022-01-07", None),
    ("The envoys attended the funeral, and on Tuesday the president flew home.", "flew", "2022-01-04", "on Tuesday"),
    ("Xi hosted the leaders in Xi'an in May, and Scholz will host them later this month.", "hosted",
     "2021-05-01", "in May"),  # "an" in "Xi'an" is no determiner
])
def test_dates_told_in_the_same_sentence(sentence, trigger, expected, text):
    when = event_date(sentence, FRI, sentence.index(trigger))
    assert (when.value, when.text) == (d(expected), text)


@pytest.mark.parametrize("sentences,expected", [
    # a sentence without a date inherits the paragraph's told time
    (["On Monday the minister announced the closure of the base.", "The announcement came with a loan."],
     ["2022-01-03", "2022-01-03"]),
    (["In March 2019 the president resigned.", "Protests followed in the capital."], ["2019-03-01", "2019-03-01"]),
    # a told month or year stays in its paragraph; a told day carries on
    (["In March 2019 the president resigned.", "", "Protests followed in the capital."], ["2019-03-01", "2022-01-07"]),
    (["On Monday troops shelled the villages.", "", "The ministry accused the army."], ["2022-01-03", "2022-01-03"]),
    # a planned time dates nothing that happened
    (["The vote is set for next month.", "Observers arrived."], ["2022-02-01", "2022-01-07"]),
    # a bound is no point in time: "from the next day" does not date what follows
    (["They agreed that from the next day trucks would pass first.", "The premier blamed importers."],
     ["2022-01-08", "2022-01-07"]),
    # counted phrases count from the told time, also across paragraphs
    (["On Monday the talks opened.", "", "Two days later the two sides signed a deal."],
     ["2022-01-03", "2022-01-05"]),
    (["The funeral was held on Sunday.", "The same day the border closed."], ["2022-01-02", "2022-01-02"]),
    (["The war ended at the end of 1996.", "In December of that year the leaders met."], ["1996-01-01", "1996-12-01"]),
    # "in the months that followed" is after the told time, not at it
    (["In December 1997 four policemen were killed.", "Hundreds were arrested in the months that followed."],
     ["1997-12-01", "1998-01-01"]),
    (["On Monday the talks opened.", "Dozens were detained in the days that followed."], ["2022-01-03", "2022-01-04"]),
])
def test_dates_timeline_told_time(sentences, expected):
    assert [w.value.isoformat() for w in timeline_dates(sentences)] == expected


@pytest.mark.parametrize("sentences,expected", [
    (["On Monday the minister announced the closure.", "The ministry has since confirmed it."],
     ["2022-01-03", "2022-01-07"]),
])
def test_dates_timeline_present_tense_not_inherited(sentences, expected):
    got = timeline_dates(sentences[:1]) + timeline_dates(sentences, narrative=False)[1:]
    assert [w.value.isoformat() for w in got] == expected


@pytest.mark.parametrize("sentences,expected", [
    # a paragraph told day by day in an earlier year keeps that year for a day without one
    (["On 14 September 2001 the minister ruled out bases.", "On 24 September the president overruled him."],
     ["2001-09-14", "2001-09-24"]),
    (["On 14 September 2001 the minister ruled out bases.", "", "On 24 September the president spoke."],
     ["2001-09-14", "2021-09-24"]),
    # a year-only background does not move a later day-month out of the publication's year
    (["In 1999 the party split.", "On 3 January the leader resigned."], ["1999-01-01", "2022-01-03"]),
])
def test_dates_timeline_narrative_year(sentences, expected):
    assert [w.value.isoformat() for w in timeline_dates(sentences)] == expected


FIRST_POST = "On Tuesday the council amended the constitution and voted."


@pytest.mark.parametrize("page_dates,expected", [
    # each post is dated by its own date line: "on Friday" is the Friday before the post
    (((0, date(2006, 12, 28)), (len(FIRST_POST) + 1, date(2006, 6, 26))), ["2006-12-26", "2006-06-23"]),
    ((), ["2022-01-04", "2022-01-07"]),
])
def test_dates_timeline_page_dates(page_dates, expected):
    first = FIRST_POST
    second = "On Friday the leaders agreed to restore its membership."
    assert [w.value.isoformat() for w in timeline_dates([first, "", second], page_dates=page_dates)] == expected


@pytest.mark.parametrize("second,expected", [
    ("Tajikistan blamed Kyrgyzstan for the clash.", "2022-01-03"),           # past: the told Monday
    ("Tajikistan has blamed Kyrgyzstan for the clash.", "2022-01-07"),       # present perfect: now
    ("Tajikistan said it was ready to accuse Kyrgyzstan at the UN.", "2022-01-03"),  # infinitive: its governor
])
def test_dates_pipeline_inherits_for_past_tense_only(code, second, expected):
    result = code(f"On Monday Kyrgyzstan accused Tajikistan of shelling border villages. {second}")
    later = [e for e in result.events if e.start > 0]
    assert later and {e.date.value.isoformat() for e in later} == {expected}


@pytest.mark.parametrize("post_date,expected", [("MONDAY, 26 JUNE 2006", "2006-06-23"),
                                                ("Posted 26 June 2006 by Aru", "2006-06-23")])
def test_dates_pipeline_post_dated_by_its_date_line(code, post_date, expected):
    text = (f"Steppe Jottings\n\nTHURSDAY, 28 DECEMBER 2006\n\nNew post\n\n"
            f"On Tuesday Turkmenistan accused Uzbekistan of smuggling gas.\n\n"
            f"{post_date}\n\nOld post\n\nOn Friday, Kazakhstan accused Russia of meddling in the vote.\n")
    events = code(text, "2006-12-28").events
    first = [e.date.value.isoformat() for e in events if e.start < text.index(post_date)]
    second = [e.date.value.isoformat() for e in events if e.start > text.index(post_date)]
    assert set(first) == {"2006-12-26"} and set(second) == {expected}


@pytest.mark.parametrize("sentences,country,expected", [
    # a holiday is its day, in the story's country for "Independence Day"
    (["The standoff ended in bloodshed on Independence Day.", "Police opened fire on the crowd."], "KAZ",
     ["2021-12-16", "2021-12-16"]),
    (["Protesters gathered on Independence Day."], "KGZ", ["2021-08-31"]),
    (["Protesters gathered on Independence Day."], None, ["2022-01-07"]),  # whose day, the text does not say
    (["The leaders met on the eve of Nowruz."], None, ["2021-03-20"]),
    (["Veterans marched on Victory Day in 2015."], None, ["2015-05-09"]),
])
def test_dates_holidays(sentences, country, expected):
    got = timeline_dates(sentences, country=country)
    assert [w.value.isoformat() for w in got] == expected


def test_dates_a_participle_phrase_tells_no_time():
    # "the referendum held on March 16" dates the referendum, not the time the text goes on telling of
    got = timeline_dates(["On March 27 the Assembly adopted a resolution.",
                          "It called the referendum held in Crimea on March 16 invalid.",
                          "Kazakhstan abstained."])
    assert [w.value.isoformat() for w in got] == ["2021-03-27", "2021-03-16", "2021-03-27"]
