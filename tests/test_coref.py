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
    assert coref.resolve(doc, list(spans)) == _reference(coref, doc, list(spans))


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
