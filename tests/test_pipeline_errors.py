"""One bad document never costs the batch: any stage's failure, spaCy's
included, is that document's error with the stage named."""
from __future__ import annotations

import datetime as dt

import pytest

from geopol.stages.coref import Coref
from geopol.stages.parse import KBRuler, split_lines
from geopol.types import Document

GOOD = ("Kazakhstan asked the CSTO to send troops after protests in Almaty.",
        "Russia accused Ukraine of shelling the border town.")


def _docs(middle: str) -> list[Document]:
    when = dt.date(2022, 1, 7)
    texts = [GOOD[0], middle, GOOD[1]]
    return [Document(doc_id=f"d{i}", text=t, path=f"d{i}.txt", date=when) for i, t in enumerate(texts)]


def _events(result) -> list[tuple]:
    return [(e.type, e.start, e.end) for e in result.events]


@pytest.mark.parametrize("length", [1_000_001])
def test_pipeline_line_over_spacy_max_length_is_parsed_in_pieces(pipeline, length):
    """spaCy raises E088 for a text over a million characters; such a line
    is cut into pieces, so the document and its batch-mates are coded."""
    results = list(pipeline.run(_docs("x" * length)))
    assert [r.doc.doc_id for r in results] == ["d0", "d1", "d2"]
    assert all(r.ok for r in results), [r.error for r in results]
    assert _events(results[0]) and _events(results[2])


def test_pipeline_spacy_failure_costs_only_that_document(pipeline, monkeypatch):
    real = KBRuler.__call__

    def poisoned(self, doc):
        if "POISON" in doc.text:
            raise ValueError("cannot read this")
        return real(self, doc)

    alone = [list(pipeline.run([d]))[0] for d in _docs("fine")]
    monkeypatch.setattr(KBRuler, "__call__", poisoned)
    results = list(pipeline.run(_docs("POISON pill.") * 3))
    assert [r.doc.doc_id for r in results] == ["d0", "d1", "d2"] * 3
    bad = [r for r in results if r.doc.doc_id == "d1"]
    assert all("stage 'parse'" in r.error and "cannot read this" in r.error for r in bad)
    good = [r for r in results if r.doc.doc_id != "d1"]
    assert all(r.ok for r in good)
    assert [_events(r) for r in good] == [_events(alone[0]), _events(alone[2])] * 3


@pytest.mark.parametrize("stage, target", [("coref", (Coref, "resolve"))])
def test_pipeline_failure_names_the_stage(pipeline, monkeypatch, stage, target):
    def broken(self, *args):
        raise RuntimeError("boom")

    monkeypatch.setattr(*target, broken)
    results = list(pipeline.run(_docs("Tajikistan closed the border.")))
    assert len(results) == 3
    assert all(f"stage {stage!r}" in r.error and "boom" in r.error for r in results)


@pytest.mark.parametrize("text", ["word " * 3000, "a" * 12001 + "\nOne. Two.\n", "Short one.\n"])
def test_parse_split_lines_bounds_pieces_and_keeps_the_text(text):
    pieces = split_lines(text, 5000)
    assert "".join(pieces) == text
    assert all(len(p) <= 5000 for p in pieces)


@pytest.mark.parametrize("limit", [1500])
def test_pipeline_long_document_in_parts_keeps_offsets(pipeline, limit):
    from geopol.parts import bounds, run_in_parts

    story = "\n\n".join(GOOD) + "\n\n"
    doc = Document(doc_id="long", text=story * 40, path="long.txt", date=dt.date(2022, 1, 7))
    spans = bounds(doc.text, limit)
    assert len(spans) > 3 and all(e - s <= limit for s, e in spans) and "".join(doc.text[s:e] for s, e in spans) == doc.text
    [result] = list(run_in_parts([doc], pipeline._run, limit))
    assert result.ok and result.doc is doc
    assert all(doc.text[e.start:e.end] == e.sentence for e in result.events)
    assert all(doc.text[m.start:m.end] == m.text for m in result.mentions)
    assert len({e.id for e in result.events}) == len(result.events)
    assert {s // limit for s, _ in spans} <= {e.start // limit for e in result.events}
