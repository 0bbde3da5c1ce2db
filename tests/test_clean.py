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
    ("Read more: Who are the Akramiya?", "related articles"),
    ("Related: SCO summit calls for base timetable", "related articles"),
    ("See also", "related articles"),
    ("Photo: Crowds outside the government building in Bishkek.", "caption"),
    ("(Photo by Vyacheslav Oseledko/AFP)", "caption"),
    ("Image: Reuters", "caption"),
    ("File photo", "caption"),
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
    assert reasons == ["caption", "repeated line"]
    assert cleaned.discarded[1].start == text.rindex(caption)
    assert "Kok-Tash" not in cleaned.text


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
def test_clean_related_list_after_heading_dropped(heading, items):
    text = f"Headline\n\n{BODY}\n\n{heading}\n" + "\n".join(items) + "\n\nLater paragraph with news, said officials.\n"
    reasons = _reasons(text)
    assert reasons == {heading: "related articles", **{item: "related articles" for item in items}}


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
        for noise in ("Share this article", "Subscribe to our newsletter", "Read more:", "Source: "):
            assert noise not in cleaned.text
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
    for noise in ("cookies", "Accept all", "Home |", "Related articles", "Fuel prices", "Who is Tokayev",
                  "Support our journalism", "Donate", "Photo", "Source:", "All rights reserved"):
        assert noise not in cleaned.text, noise
    _assert_maps_back(doc, cleaned)
