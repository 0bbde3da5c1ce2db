"""The local engine: the parse on several processes, results in input order,
bounded work in flight, small inputs in this process."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from geopol.config import Settings
from geopol.engine import local
from geopol.types import Document


def _samples(copies: int) -> list[Document]:
    from geopol.api import SAMPLES
    from geopol.stages.ingest import documents_of, read_inputs

    docs = list(documents_of(read_inputs([str(SAMPLES)]), None))
    return [Document(doc_id=f"{d.doc_id}#{i}", text=d.text, date=d.date, title=d.title)
            for i in range(copies) for d in docs]


class Counting:
    """An input stream that counts how many documents were taken from it."""

    def __init__(self, docs: list[Document]) -> None:
        self.docs, self.taken = docs, 0

    def __iter__(self) -> Iterator[Document]:
        for doc in self.docs:
            self.taken += 1
            yield doc


@pytest.mark.parametrize("workers", [2])
def test_local_engine_matches_one_process_in_input_order_with_bounded_work(pipeline, monkeypatch, workers):
    docs = _samples(3)
    monkeypatch.setattr(local, "SMALL_CHARS", 5_000)
    monkeypatch.setattr(local, "CHUNK_DOCS", 4)
    stream = Counting(docs)
    results = local.code_parallel(stream, Settings(), workers=workers)
    first = next(results)
    bound = (workers * local.IN_FLIGHT + 1) * local.CHUNK_DOCS
    assert stream.taken <= bound < len(docs), "documents are read ahead only a few chunks"
    rest = [first, *results]
    assert [r.doc.doc_id for r in rest] == [d.doc_id for d in docs]
    assert [r.to_dict() for r in rest] == [r.to_dict() for r in pipeline.run(docs)]


def test_local_engine_this_process_codes_while_the_pool_is_busy(monkeypatch):
    """With two workers one is this process: it codes chunks while the pool's
    are out, and the results still come in input order."""
    docs = _samples(2)
    monkeypatch.setattr(local, "SMALL_CHARS", 5_000)
    monkeypatch.setattr(local, "CHUNK_DOCS", 4)
    here: list[str] = []
    code_documents = local.code_documents

    def counting(chunk, settings):
        here.extend(d.doc_id for d in chunk)
        return code_documents(chunk, settings)

    monkeypatch.setattr(local, "code_documents", counting)  # in this process only: the pool's are spawned
    results = list(local.code_parallel(docs, Settings(), workers=2))
    assert [r.doc.doc_id for r in results] == [d.doc_id for d in docs] and all(r.ok for r in results)
    assert here and len(here) < len(docs), "both this process and the pool coded chunks"


def test_local_engine_codes_small_inputs_in_this_process(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a small input")

    monkeypatch.setattr(local, "_pooled", no_pool)
    docs = _samples(1)[:3]
    results = list(local.code_parallel(docs, Settings(), workers=2))
    assert [r.doc.doc_id for r in results] == [d.doc_id for d in docs] and all(r.ok for r in results)


@pytest.mark.parametrize(("workers", "expected"), [(3, 3), (1, 1), (0, None)])
def test_local_engine_worker_count_defaults_to_the_cores(workers, expected):
    import os

    assert local.worker_count(Settings(workers=workers)) == (expected or os.cpu_count())


def test_local_engine_ingest_on_workers_stores_what_one_process_stores(tmp_path, pipeline, monkeypatch):
    from geopol import api
    from geopol.store import Store

    monkeypatch.setattr(local, "SMALL_CHARS", 5_000)
    docs = _samples(1)[:12]
    folder = tmp_path / "in"
    folder.mkdir()
    for i, doc in enumerate(docs):
        (folder / f"{doc.date}-{i:02d}.txt").write_text(doc.text, encoding="utf-8")
    one = api.ingest([str(folder)], tmp_path / "one.db", pipeline=pipeline)
    monkeypatch.setattr(local, "_here", lambda *a: pytest.fail("coded in this process, not on the workers"))
    two = api.ingest([str(folder)], tmp_path / "two.db", settings=Settings(workers=2))
    assert two.written == one.written == len(docs) and two.parsed == len(docs)
    with Store(tmp_path / "one.db") as a, Store(tmp_path / "two.db") as b:
        assert [e["id"] for e in a.events()] == [e["id"] for e in b.events()] and a.events()
    monkeypatch.undo()  # the re-run has nothing left to parse
    again = api.ingest([str(folder)], tmp_path / "two.db", settings=Settings(workers=2))
    assert again.skipped == len(docs) and again.parsed == 0


def test_local_engine_heap_setting_is_skipped_without_glibc(monkeypatch, caplog):
    """A C library without mallopt (macOS, Windows) leaves memory as it is, quietly."""
    import ctypes
    import logging

    def no_libc(*args, **kwargs):
        raise OSError("no such library")

    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    from geopol.engine import core

    with caplog.at_level(logging.DEBUG, logger="geopol.engine.core"):
        core.hold_freed_heap()
    assert "no mallopt" in caplog.text
