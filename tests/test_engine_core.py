"""The engine-agnostic core: records in, rows out, one pipeline per process."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from geopol.api import SAMPLES
from geopol.config import Settings
from geopol.engine import core
from geopol.engine.core import Record, code_batch, worker_pipeline
from geopol.engine.rows import TABLES, COLUMNS, to_results
from geopol.stages.ingest import read_inputs
from geopol.types import Document

SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html"))[:4]


@pytest.fixture(scope="module")
def sample_rows():
    return code_batch([Record(str(p)) for p in SAMPLE_FILES])


@pytest.mark.parametrize("settings", [Settings(), Settings(one_sided=True)])
def test_engine_core_pipeline_is_loaded_once_per_process(settings):
    first = worker_pipeline(settings)
    assert worker_pipeline(settings) is first
    assert worker_pipeline(replace(settings, one_sided=not settings.one_sided)) is not first


@pytest.mark.parametrize("table", TABLES)
def test_engine_core_rows_have_the_declared_columns(sample_rows, table):
    rows = sample_rows.table(table) or code_batch([Record("/nonexistent.txt")]).table(table)
    assert rows
    assert all(list(row) == [name for name, _ in COLUMNS[table]] for row in rows)


def test_engine_core_codes_records_as_the_pipeline_does(sample_rows):
    docs = [d for d in read_inputs([str(p) for p in SAMPLE_FILES]) if isinstance(d, Document)]
    expected = list(worker_pipeline().run(docs))
    assert [r["doc_id"] for r in sample_rows.documents] == [r.doc.doc_id for r in expected]
    assert [e["id"] for e in sample_rows.events] == [e.id for r in expected for e in r.events]
    assert len(sample_rows.event_actors) == sum(len(e.source) + len(e.target) for r in expected for e in r.events)
    assert sample_rows.events, "the sample articles hold events"


def test_engine_core_rows_turn_back_into_the_same_results(sample_rows):
    docs = [d for d in read_inputs([str(p) for p in SAMPLE_FILES]) if isinstance(d, Document)]
    expected = list(worker_pipeline().run(docs))
    back = list(to_results(sample_rows.documents, sample_rows.events, sample_rows.event_actors,
                           sample_rows.mentions))
    assert [r.to_dict() for r in back] == [r.to_dict() for r in expected]
    assert [r.sentences for r in back] == [r.sentences for r in expected]
    assert [r.mentions for r in back] == [r.mentions for r in expected]


def test_engine_core_bad_records_become_error_rows(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    good = json.dumps({"id": "ok-1", "date": "2022-01-07",
                       "text": "Kazakhstan asked the CSTO for help on Wednesday."}).encode()
    records = [Record(str(tmp_path / "missing.txt")), Record(str(empty)), Record(str(binary)),
               Record("feed.jsonl", 3, b"{not json"), Record("feed.jsonl", 4, b'{"title": "no text"}'),
               Record("feed.jsonl", 5, good)]
    rows = code_batch(records)
    by_code = {(r["code"], r["line"]): r for r in rows.errors}
    assert set(by_code) == {("E010", None), ("E001", None), ("E002", None), ("E006", 3), ("E007", 4)}
    assert "feed.jsonl:3" in by_code[("E006", 3)]["message"]
    assert "missing.txt" in by_code[("E010", None)]["message"]
    assert all(r["fatal"] for r in rows.errors)
    assert [r["doc_id"] for r in rows.documents] == ["ok-1"]
    assert rows.events and rows.documents[0]["month"] == "2022-01"


def test_engine_core_a_document_that_breaks_the_batch_fails_alone(monkeypatch):
    pipeline = worker_pipeline()
    real_run = pipeline.run

    def run(documents):
        documents = list(documents)
        if any("BOOM" in d.text for d in documents):
            raise RuntimeError("the parser crashed")
        return real_run(documents)

    monkeypatch.setattr(pipeline, "run", run)
    docs = [Document("a", "Russia warned Ukraine."), Document("b", "BOOM."), Document("c", "China hosted Iran.")]
    results = core.code_documents(docs)
    assert [r.doc.doc_id for r in results] == ["a", "b", "c"]
    assert [r.ok for r in results] == [True, False, True]
    assert "[E102]" in results[1].error and "the parser crashed" in results[1].error
