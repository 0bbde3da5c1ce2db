"""The event coder on short sentences, one construction each."""
from __future__ import annotations

import pytest


def keys(actors):
    return sorted(a.org or a.country or a.name for a in actors)


def events(code, text, published="2022-01-07"):
    return [(e.type, keys(e.source), keys(e.target), e.negated, e.hedged) for e in code(text, published).events]


@pytest.mark.parametrize("text,expected", [
    # active voice
    ("Kyrgyzstan accused Tajikistan of shelling border villages.", ("ACCUSE", ["KGZ"], ["TJK"])),
    ("Uzbekistan rejected the Russian proposal.", ("REJECT", ["UZB"], ["RUS"])),
    ("Russia condemned the United States.", ("ACCUSE", ["RUS"], ["USA"])),
    # passive with agent
    ("Tajikistan was accused by Kyrgyzstan of provoking the clash.", ("ACCUSE", ["KGZ"], ["TJK"])),
    # coordination: compound actors stay one event; joint acts list each side as the other's target
    ("Tajikistan and Kyrgyzstan agreed to a ceasefire.", ("AGREE", ["KGZ", "TJK"], ["KGZ", "TJK"])),
    # control verb: the object of the request is the target
    ("Kazakhstan urged the CSTO to send peacekeepers.", ("REQUEST", ["KAZ"], ["CSTO"])),
    # nominal events
    ("Turkmenistan's refusal to join the bloc surprised Moscow.", ("REJECT", ["TKM"], [])),
])
def test_events_constructions(code, text, expected):
    found = [e[:3] for e in events(code, text)]
    assert expected in found, found


@pytest.mark.parametrize("text,negated,hedged", [
    ("Russia did not agree to the plan.", True, False),
    ("Uzbekistan might close the border with Tajikistan.", False, True),
    ("Kazakhstan reportedly expelled two Chinese diplomats.", False, True),
])
def test_events_modality_is_set_not_dropped(code, text, negated, hedged):
    found = events(code, text)
    assert found, "the event must be kept"
    assert (found[0][3], found[0][4]) == (negated, hedged)


@pytest.mark.parametrize("text", [
    "The region's leaders should meet more often.",
])
def test_events_prescriptions_are_not_events(code, text):
    assert events(code, text) == []


@pytest.mark.parametrize("text,attribution", [
    ("Kyrgyzstan accused Tajikistan of shelling villages, TASS reported.", "TASS"),
])
def test_events_attribution(code, text, attribution):
    result = code(text)
    assert result.events and result.events[0].attribution == attribution


@pytest.mark.parametrize("text,published,date,precision", [
    ("Russia accused Ukraine of shelling on Thursday.", "2022-01-07", "2022-01-06", "day"),
    ("In 1999, Uzbekistan rejected the treaty.", "2012-07-01", "1999-01-01", "year"),
    ("Russia accused Ukraine of shelling.", "2022-01-07", "2022-01-07", "day"),
])
def test_events_dates_resolved_against_publication(code, text, published, date, precision):
    result = code(text, published)
    assert result.events
    ev = result.events[0]
    assert (ev.date.value.isoformat(), ev.date.precision) == (date, precision)


@pytest.mark.parametrize("caption", ["Kazakh police detained protesters in Almaty."])
def test_events_repeated_sentence_coded_once(code, caption):
    text = f"Unrest in Kazakhstan\n\n{caption}\n\nThe protests spread.\n\n{caption}\n"
    result = code(text)
    assert len([e for e in result.events if e.type == "COERCE"]) == 1


def test_events_evidence_offsets_point_into_original_text(code):
    text = "Headline about Bishkek\n\nKyrgyzstan accused Tajikistan\nof shelling villages.\n"
    result = code(text)
    assert result.events
    for ev in result.events:
        assert text[ev.start:ev.end] == ev.sentence
        assert "accused" in ev.sentence


@pytest.mark.parametrize("text", ["Kazakhstan condemned the attack."])
def test_events_one_sided_only_on_request(pipeline, one_sided_pipeline, text):
    from geopol.types import Document

    doc = Document(doc_id="t", text=text)
    assert next(iter(pipeline.run([doc]))).events == []
    kept = next(iter(one_sided_pipeline.run([doc]))).events
    assert [(e.type, e.target) for e in kept] == [("ACCUSE", [])]
