"""Coreference: the antecedent rule, and a cost linear in the document."""
from __future__ import annotations

import datetime as dt

import pytest

from geopol.api import SAMPLES
from geopol.stages.actors import token_map
from geopol.stages.coref import Coref, _clause_subject


def _reference(coref: Coref, doc, spans):
    """The rule as first written: for each token, all earlier non-place spans
    latest first, and the first that the first passing test accepts, never
    the subject of the verb an object pronoun belongs to ("Putin received
    him")."""
    covered = set(token_map(spans))
    known = sorted(spans, key=lambda s: s.start)
    added = []
    for tok in doc:
        if tok.i in covered:
            continue
        tests = coref._compatible(tok)
        before = sorted((s for s in known + added if s.end <= tok.i and not s.place),
                        key=lambda s: s.start, reverse=True)
        found = next((s for test in tests for s in before if test(s) and not _clause_subject(tok, s)), None)
        if found is not None:
            added.append(coref._anaphor(tok, found))
    return sorted(known + added, key=lambda s: s.start)


def _parsed(nlp, resolver, text: str, when: dt.date):
    doc = nlp(text)
    return doc, resolver.find(doc, when)


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_coref_same_antecedents_as_the_rule(kb, nlp, resolver, sample):
    doc, spans = _parsed(nlp, resolver, (SAMPLES / sample).read_text(encoding="utf-8"), dt.date(2015, 1, 1))
    coref = Coref(kb)
    assert coref.anaphors(doc, list(spans)) == _reference(coref, doc, list(spans))


@pytest.mark.parametrize("repeats", [200])
def test_coref_tests_each_span_a_bounded_number_of_times(kb, nlp, resolver, monkeypatch, repeats):
    """'She' with no woman before it looked at every earlier span again for
    each pronoun (quadratic); now each span is tested once per kind of test."""
    doc, spans = _parsed(nlp, resolver, "Russia and China met. She left. " * repeats, dt.date(2015, 1, 1))
    coref = Coref(kb)
    calls = []
    real = Coref._is_person
    monkeypatch.setattr(Coref, "_is_person", lambda self, s, g: calls.append(1) or real(self, s, g))
    coref.resolve(doc, list(spans))
    assert len(spans) >= 2 * repeats
    assert len(calls) <= 3 * len(doc), (len(calls), len(doc), len(spans))


@pytest.mark.parametrize("text,date,pair", [
    # "the two X" / "both X" name the last two distinct states (or people) named before
    ("Kyrgyzstan and Tajikistan clashed again. A ceasefire agreed by the two governments held.", "2021-05-01",
     ["KGZ", "TJK"]),
    ("Kazakhstan and Uzbekistan signed a treaty. Both sides said talks would go on.", "2019-05-01", ["KAZ", "UZB"]),
    ("Rahmon phoned Putin on March 23, and the two agreed to step up cooperation.", "2024-03-25", ["RUS", "TJK"]),
])
def test_coref_a_pair_names_the_last_two(nlp, resolver, kb, text, date, pair):
    when = dt.date.fromisoformat(date)
    doc, spans = _parsed(nlp, resolver, text, when)
    resolved = resolver.with_countries(Coref(kb).resolve(doc, list(spans)), when)
    members = [s for s in resolved if s.how == "pair"]
    assert sorted(s.country for s in members) == pair, [(s.name, s.country) for s in resolved]


def test_coref_no_pair_without_two_named_before(nlp, resolver, kb):
    doc, spans = _parsed(nlp, resolver, "Kazakhstan protested. Both sides said talks would go on.", dt.date(2019, 5, 1))
    assert not [s for s in Coref(kb).resolve(doc, list(spans)) if s.how == "pair"]


def test_coref_a_pair_leaves_out_who_acts_on_it(nlp, resolver, kb):
    when = dt.date(2021, 5, 1)
    doc, spans = _parsed(nlp, resolver, "Uzbek and Tajik troops clashed at the border. Washington urged restraint on "
                         "both sides.", when)
    members = [s for s in resolver.with_countries(Coref(kb).resolve(doc, list(spans)), when) if s.how == "pair"]
    assert sorted(s.country for s in members) == ["TJK", "UZB"], [(s.name, s.country) for s in members]


@pytest.mark.parametrize("text,phrase", [
    # a plural or owned description names no one state before it
    ("Kazakhstan will not recognise the self-proclaimed people's republics of Luhansk and Donetsk.", "republics"),
    ("Kazakhstan said the republics of Central Asia would cooperate.", "republics"),
])
def test_coref_plural_or_owned_descriptions_are_no_anaphors(nlp, resolver, kb, text, phrase):
    doc, spans = _parsed(nlp, resolver, text, dt.date(2022, 6, 17))
    added = [s for s in Coref(kb).resolve(doc, list(spans)) if doc[s.root].text == phrase]
    assert not added, [(s.name, s.reason) for s in added]
