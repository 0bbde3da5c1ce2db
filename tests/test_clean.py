"""Stage 2, clean: boilerplate is dropped with its reason, offsets map back."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from geopol.stages.clean import clean
from geopol.stages.ingest import read_inputs
from geopol.types import CleanText, Document

BODY = "Kazakh President Kassym-Jomart Tokayev asked the CSTO for troops on Wednesday."
SAMPLES = Path(__file__).resolve().parents[1] / "src" / "geopol" / "data" / "samples"


def _doc(text: str) -> Document:
    return Document(doc_id="t", text=text)


def _reasons(text: str) -> dict[str, str]:
    doc = _doc(text)
    return {doc.text[d.start:d.end]: d.reason for d in clean(doc).discarded}


def _assert_maps_back(doc: Document, cleaned: CleanText) -> None:
    """Every clean character comes from ``doc.text`` at ``to_original(i)``,
    except an unwrapped newline (now a space) and an added separator newline."""
    covered = {seg.clean_start + k: seg.orig_start + k for seg in cleaned.segments for k in range(seg.length)}
    for i, char in enumerate(cleaned.text):
        pos = cleaned.to_original(i)
        if i in covered:
            assert pos == covered[i]
            assert doc.text[pos] == char or (char == " " and doc.text[pos] == "\n"), i
        else:
            assert char == "\n" and 0 < pos <= len(doc.text), i


@pytest.mark.parametrize("line,reason", [
    ("Home | News | World | Opinion", "navigation"),
    ("Home • Central Asia • Russia", "navigation"),
    ("Support our journalism", "appeal"),
    ("Donate now", "appeal"),
    ("Subscribe to our newsletter", "appeal"),
    ("Share this article", "appeal"),
    ("Follow us on Telegram", "appeal"),
    ("We use cookies to improve your experience.", "cookie banner"),
    ("Accept all", "cookie banner"),
    ("© 2024 Steppe Wire", "copyright"),
    ("Steppe Wire. All rights reserved.", "copyright"),
    ("Source: Wikipedia: Andijan massacre", "source line"),
    ("*Source: Wikipedia: Rogun Dam*", "source line"),
    ("By John Smith", "byline"),
    ("By Aigerim Toleukhanova and Peter Leonard, Reuters", "byline"),
    ("ALMATY (Reuters) -", "dateline"),
    ("January 6, 2022", "dateline"),
    ("Published: 6 January 2022 10:32 GMT", "dateline"),
])
def test_clean_boilerplate_line_discarded_with_reason(line, reason):
    text = f"Headline\n\n{BODY}\n\n{line}\n\nThe request was granted within hours, officials said.\n"
    doc = _doc(text)
    cleaned = clean(doc)
    assert _reasons(text) == {line: reason}
    assert line not in cleaned.text and BODY in cleaned.text
    _assert_maps_back(doc, cleaned)


@pytest.mark.parametrize("line,kind", [
    ("Read more: Who are the Akramiya?", "related articles"),
    ("Related: SCO summit calls for base timetable", "related articles"),
    ("See also", "related articles"),
    ("Photo: Crowds outside the government building in Bishkek.", "caption"),
    ("(Photo by Vyacheslav Oseledko/AFP)", "caption"),
    ("Image: Reuters", "caption"),
    ("File photo", "caption"),
])
def test_clean_caption_and_related_kept_as_uncoded_zones(line, kind):
    """Captions and related-article lines name actors but report nothing:
    they stay in the text (their actors are found) as zones, never coded."""
    text = f"Headline\n\n{BODY}\n\n{line}\n\nThe request was granted within hours, officials said.\n"
    doc = _doc(text)
    cleaned = clean(doc)
    assert _reasons(text) == {}
    assert line in cleaned.text
    assert [(text[z.start:z.end], z.kind) for z in cleaned.zones if z.kind != "heading"] == [(line, kind)]
    _assert_maps_back(doc, cleaned)


@pytest.mark.parametrize("line", [
    "By the afternoon police had largely withdrawn from the square.",
    "Donations from abroad were frozen, the central bank said.",
    "Sources close to the talks said no deal was reached.",
    "Photographers were kept away from the building.",
    "Kazakhstan | Russia",
])
def test_clean_news_lines_kept(line):
    text = f"Headline\n\n{BODY}\n\n{line}\n"
    assert _reasons(text) == {}


@pytest.mark.parametrize("caption", ["Photo: Burned houses in Kok-Tash. (Photo: handout)"])
def test_clean_repeated_caption_dropped_each_time(caption):
    text = f"Headline\n\n{BODY}\n\n{caption}\n\nMore news followed on Thursday.\n\n{caption}\n"
    doc = _doc(text)
    cleaned = clean(doc)
    reasons = [d.reason for d in cleaned.discarded]
    assert reasons == ["repeated line"]
    assert cleaned.discarded[0].start == text.rindex(caption)
    assert cleaned.text.count("Kok-Tash") == 1
    assert [(z.start, z.kind) for z in cleaned.zones if z.kind == "caption"] == [(text.index(caption), "caption")]


@pytest.mark.parametrize("line", ["Crowds gathered outside the government building in Bishkek."])
def test_clean_repeated_line_second_copy_dropped(line):
    text = f"Headline\n\n{line}\n\n{BODY}\n\n{line}\n"
    cleaned = clean(_doc(text))
    assert [(d.start, d.reason) for d in cleaned.discarded] == [(text.rindex(line), "repeated line")]
    assert cleaned.text.count(line) == 1


@pytest.mark.parametrize("sentence", ["Tokayev asked the CSTO for help restoring order."])
def test_clean_repeated_sentence_inside_paragraph_dropped(sentence):
    text = f"Headline\n\n{sentence} Troops arrived on Thursday.\n\nHe said: calm returned. {sentence} It was late.\n"
    doc = _doc(text)
    cleaned = clean(doc)
    assert [d.reason for d in cleaned.discarded] == ["repeated line"]
    assert cleaned.text.count(sentence) == 1 and "It was late." in cleaned.text
    _assert_maps_back(doc, cleaned)


@pytest.mark.parametrize("heading,items", [
    ("Related articles", ["SCO summit calls for base timetable", "Andijan: what we know", "- Refugees face uncertain future"]),
])
def test_clean_related_list_after_heading_kept_as_zones(heading, items):
    text = f"Headline\n\n{BODY}\n\n{heading}\n" + "\n".join(items) + "\n\nLater paragraph with news, said officials.\n"
    zones = {text[z.start:z.end]: z.kind for z in clean(_doc(text)).zones if z.kind != "heading"}
    assert _reasons(text) == {}
    assert zones == {heading: "related articles", **{item: "related articles" for item in items}}


@pytest.mark.parametrize("text,expected", [
    ("Headline without stop\nBody starts here. It goes on\nover a wrapped line.\n",
     "Headline without stop\n\nBody starts here. It goes on over a wrapped line.\n"),
    ("Headline\n\nThe minister said the talks\nwould resume in March.\nA new sentence.\n",
     "Headline\n\nThe minister said the talks would resume in March.\nA new sentence.\n"),
    ("an unwrapped first line\nthat continues.\n", "an unwrapped first line that continues.\n"),
    ("# Markdown title\nBody.\n", "Markdown title\n\nBody.\n"),
])
def test_clean_title_separated_and_wrapped_lines_joined(text, expected):
    doc = _doc(text)
    cleaned = clean(doc)
    assert cleaned.text == expected
    _assert_maps_back(doc, cleaned)


@pytest.mark.parametrize("title", ["Title line"])
def test_clean_added_newline_maps_to_title_end(title):
    doc = _doc(f"{title}\nBody sentence.")
    cleaned = clean(doc)
    assert cleaned.text.startswith(title + "\n\nBody")
    assert cleaned.to_original(len(title) + 1) == len(title) + 1
    assert cleaned.to_original(cleaned.text.index("Body")) == doc.text.index("Body")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_clean_mapping_property_random_documents(seed):
    rng = random.Random(seed)
    pool = [BODY, "Home | News | World", "Share this article", "Photo: A crowd. (Photo: pool)", "",
            "the talks went on", "Source: wire", "By Jane Doe", "© 2020 Wire", "Officials said the border was shut.",
            "Read more: Why it matters", "He said. (AP Photo/Someone) Then left.", "  ", "## Sub heading"]
    text = "\n".join(rng.choice(pool) for _ in range(200))
    doc = _doc(text)
    cleaned = clean(doc)
    _assert_maps_back(doc, cleaned)
    kept = [(d.start, d.end) for d in cleaned.discarded]
    assert all(0 <= s < e <= len(text) for s, e in kept)


@pytest.mark.parametrize("path", sorted(p.name for p in SAMPLES.iterdir()))
def test_clean_sample_corpus_maps_back(path):
    for doc in read_inputs([str(SAMPLES / path)]):
        cleaned = clean(doc)
        _assert_maps_back(doc, cleaned)
        for noise in ("Share this article", "Subscribe to our newsletter", "Source: "):
            assert noise not in cleaned.text
        for line in (ln for ln in doc.text.splitlines() if ln.startswith("Read more:")):
            assert any(z.kind == "related articles" and doc.text[z.start:z.end] == line for z in cleaned.zones)
        assert all(seg.length > 0 for seg in cleaned.segments)


@pytest.mark.parametrize("page", ["""<html><head><title>Tokayev asks CSTO for help</title>
<meta name="date" content="2022-01-06"></head><body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
<nav><p>Home | News | World | Opinion</p></nav>
<article><h1>Tokayev asks CSTO for help</h1>
<p>Kazakh President Kassym-Jomart Tokayev asked the Collective Security Treaty Organization on Wednesday to
send troops to help restore order after days of unrest across the country.</p>
<p>Photo: Protesters in Almaty. (Photo by Staff/Wire)</p>
<p>The bloc's current chair, Armenian Prime Minister Nikol Pashinyan, said the alliance had agreed to send
peacekeeping forces for a limited period, according to a statement.</p>
<p>Related articles</p><ul><li>Fuel prices spark protests</li><li>Who is Tokayev?</li></ul>
<p>Support our journalism: independent reporting depends on readers like you. Donate today.</p>
<p>Source: Wikipedia: 2022 Kazakh unrest</p></article>
<footer><p>© 2022 Steppe Wire. All rights reserved.</p></footer></body></html>"""])
def test_clean_html_page_boilerplate_absent(tmp_path, page):
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = next(d for d in read_inputs([str(path)]) if isinstance(d, Document))
    cleaned = clean(doc)
    assert "Tokayev asked the Collective Security Treaty Organization" in cleaned.text
    assert "Nikol Pashinyan" in cleaned.text
    for noise in ("cookies", "Accept all", "Home |", "Support our journalism", "Donate", "Source:",
                  "All rights reserved"):
        assert noise not in cleaned.text, noise
    zoned = " ".join(doc.text[z.start:z.end] for z in cleaned.zones if z.kind in ("caption", "related articles"))
    for furniture in ("Related articles", "Fuel prices", "Who is Tokayev", "Photo: Protesters"):
        assert furniture in zoned, furniture
    _assert_maps_back(doc, cleaned)


# --- whole pages: furniture, headings, comments, post dates ----------------------------

@pytest.mark.parametrize("line,reason", [
    ("Analysis | 14 March 2019", "dateline"),
    ("World | 3 May 2021, 18:05", "dateline"),
    ("Steppe Weekly 2 June 2015 | Issue 22", "dateline"),
    ("Home > Briefings > Water and power", "navigation"),
    ("Share: Telegram · X · Email", "appeal"),
    ("Support this blog: it runs on readers' gifts.", "appeal"),
    ("No ads here. If this helps you, please consider a small monthly donation. [Donate]", "appeal"),
    ("(Reporting by our correspondents in Osh; editing by the night desk)", "byline"),
    ("By Timur Aliev, staff writer", "byline"),
    ("Comments (12)", "comments"),
    ("7 Comments", "comments"),
    ("Comments (2) | Share: Email", "comments"),
    ("Leave a reply", "comments"),
    ("The views expressed are the panellists' own.", "disclaimer"),
    ("About this blog", "sidebar"),
    ("Blog Archive 2019 (12): May (3)", "sidebar"),
    ("Topics: Kyrgyzstan, borders", "sidebar"),
    ("Advertisement", "navigation"),
    ("4 min read", "navigation"),
    ("Follow Steppe Wire on Telegram for more", "appeal"),
    ("Get our morning newsletter in your inbox - sign up here", "appeal"),
    ("Our reporter in Osh contributed to this report.", "byline"),
    ("Updated 3 hours ago", "dateline"),
])
def test_clean_page_furniture_discarded(line, reason):
    text = f"Headline\n\n{BODY}\n\n{line}\n\nThe request was granted within hours, officials said.\n"
    assert _reasons(text) == {line: reason}


@pytest.mark.parametrize("line,kind", [
    ("Image caption, Border guards at the crossing on Monday", "caption"),
    ("Image source, Getty Images", "caption"),
    ("Reuters", "caption"),
    ("[Photo] Border guards at the crossing on Monday. Photo: archive", "caption"),
    ("[Photo: Police outside the court in Osh.]", "caption"),
])
def test_clean_bracket_captions_are_zones(line, kind):
    text = f"Headline\n\n{BODY}\n\n{line}\n\nThe request was granted within hours, officials said.\n"
    zones = [(text[z.start:z.end], z.kind) for z in clean(_doc(text)).zones if z.kind != "heading"]
    assert zones == [(line, kind)]


@pytest.mark.parametrize("heading,items", [
    ("Read also:", ["— Talks on the border resume in Osh", "— Who runs the water commission?"]),
    ("Further reading", ["- A short history of the enclave"]),
])
def test_clean_read_also_list_kept_as_zones(heading, items):
    text = f"Headline\n\n{BODY}\n\n{heading}\n" + "\n".join(items) + "\n\nShare | Print | Email\n"
    zones = {text[z.start:z.end]: z.kind for z in clean(_doc(text)).zones if z.kind != "heading"}
    assert zones == {heading: "related articles", **{item: "related articles" for item in items}}


PAGE = """Valley Notes
Home | Archive | About

Talks resume on the water deal

The two sides met again on Monday, officials said. A deal is expected soon.

What comes next

Will the agreement hold?

Engineers began surveying the canal on Tuesday, and the work continues.
"""


@pytest.mark.parametrize("heading", ["Valley Notes", "Talks resume on the water deal", "What comes next",
                                     "Will the agreement hold?"])
def test_clean_headings_are_zones(heading):
    zones = {PAGE[z.start:z.end] for z in clean(_doc(PAGE)).zones if z.kind == "heading"}
    assert heading in zones
    assert not any("officials said" in z or "Engineers" in z for z in zones)


@pytest.mark.parametrize("text", [
    "One line without a stop",                                     # nothing follows: not a heading
    "Troops crossed the river\nat dawn and took the bridge.\n",  # a wrapped sentence
    "A short title\n\n1. On Monday the council voted. Most members agreed. What next?\n",  # facts in the question
])
def test_clean_prose_is_no_heading(text):
    cleaned = clean(_doc(text))
    assert not [z for z in cleaned.zones if z.kind == "heading" and "voted" in text[z.start:z.end]]
    if "\n" not in text.strip():
        assert cleaned.zones == []
    if "Troops" in text:
        assert [z for z in cleaned.zones if z.kind == "heading"] == []


BLOG = """Steppe Jottings
Home | Archive

FRIDAY, 9 MAY 2014

A quiet summit

The presidents met in Astana on Thursday.

Comments
Dana said...
The prime minister resigned the same evening.
9 May 2014 18:20
Yerlan wrote:
Not quite.
9 May 2014 19:02

Posted 2 March 2014 by Aru | Labels: borders

Border talks

The commission met on Friday.

Updated: 12 May 2014
"""


@pytest.mark.parametrize("text", [
    "Talks in Osh\n\nThe envoy spoke after the talks.\nThe minister said:\nWe will reopen the crossing on Monday.\n",
])
def test_clean_quotation_intro_is_no_comment(text):
    """Before any comments heading, "X said:" introduces a quotation."""
    cleaned = clean(_doc(text))
    assert not [z for z in cleaned.zones if z.kind == "comment"] and _reasons(text) == {}


@pytest.mark.parametrize("text", [BLOG])
def test_clean_comments_zoned_with_commenter(text):
    cleaned = clean(_doc(text))
    comments = [(text[z.start:z.end], z.label) for z in cleaned.zones if z.kind == "comment"]
    assert comments == [("The prime minister resigned the same evening.", "Dana"), ("Not quite.", "Yerlan")]
    assert {"Dana said...", "Yerlan wrote:", "Comments"} <= set(_reasons(text))


@pytest.mark.parametrize("text", [BLOG])
def test_clean_page_dates_from_post_date_lines(text):
    """Each post's date line, not comment time stamps or "Updated" lines."""
    cleaned = clean(_doc(text))
    assert [(text[o:o + 10], v.isoformat()) for o, v in cleaned.page_dates] == [
        ("FRIDAY, 9 ", "2014-05-09"), ("Posted 2 M", "2014-03-02")]


@pytest.mark.parametrize("headline", ["Kyrgyzstan accuses Tajikistan of shelling border villages",
                                      "Kyrgyzstan accuses Tajikistan of shelling: what we know"])
def test_clean_pipeline_headline_not_coded(code, headline):
    text = f"{headline}\n\nOn Thursday Kyrgyzstan accused Tajikistan of shelling border villages, officials said.\n"
    result = code(text)
    assert result.events and all(e.start > len(headline) for e in result.events)
    assert any(m.start < len(headline) for m in result.mentions)  # its actors are still found


@pytest.mark.parametrize("comment", ["Kazakhstan accused Russia of meddling in the vote."])
def test_clean_pipeline_comment_events_marked(code, comment):
    text = (f"Border notes\n\nOn Thursday Kyrgyzstan accused Tajikistan of shelling border villages.\n\n"
            f"Comments\nAsel said...\n{comment}\n")
    events = code(text).events
    marked = [e for e in events if e.start >= text.index(comment)]
    plain = [e for e in events if e.start < text.index("Comments")]
    assert marked and all(e.attribution == "reader comment (Asel)" for e in marked)
    assert plain and all(e.attribution != "reader comment (Asel)" for e in plain)
