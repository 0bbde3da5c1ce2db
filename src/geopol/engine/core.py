"""The engine-agnostic core: a batch of input records in, result rows out.

An engine (a local process pool, Dask, a cluster's job array) ships batches
of ``Record``s to worker processes and calls ``code_batch`` there:

    rows = code_batch([Record("a.txt"), Record("b.jsonl", line=7, data=b'{"text": ...}')])
    rows.documents, rows.events, rows.event_actors, rows.mentions, rows.errors

Each worker process loads one ``Pipeline`` the first time it is asked
(``worker_pipeline``) and reuses it for every later batch, so the spaCy
model and the knowledge base load once per process, not once per batch.

Nothing one record holds can fail the batch: an unreadable input (the
reader's ``Problem``), a document a stage failed on (the pipeline's own
E102 result), or a record whose reading raised comes back as a row of
``errors`` with its catalogue message, and the other records are coded.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from typing import TYPE_CHECKING

from geopol.config import Settings
from geopol.engine.rows import Rows
from geopol.errors import Problem, message
from geopol.stages.ingest import read_record
from geopol.types import DocResult, Document

if TYPE_CHECKING:  # spaCy loads in the workers only, never in a driver that only plans
    from geopol.pipeline import Pipeline

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Record:
    """One raw input: the file at ``path`` (``data`` None: the worker reads
    it), or line ``line`` of the JSONL file ``path`` with its bytes."""

    path: str
    line: int | None = None
    data: bytes | None = None


def worker_pipeline(settings: Settings | None = None) -> Pipeline:
    """This process's pipeline for ``settings``: loaded on first call, then reused."""
    return _pipeline(settings or Settings())


@functools.lru_cache(maxsize=4)
def _pipeline(settings: Settings) -> Pipeline:
    from geopol.pipeline import Pipeline

    log.info("loading the pipeline in this worker process")
    hold_freed_heap()  # a worker codes batch after batch
    return Pipeline(settings=settings)


# Freed heap memory the C library keeps for the next batch instead of handing it back to the system,
# and the size from which a block is mapped on its own (glibc's largest; every array of a batch is smaller).
HELD_HEAP_BYTES = 512 * 1024 * 1024
OWN_MAP_BYTES = 32 * 1024 * 1024
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters


def hold_freed_heap() -> None:
    """Keep freed memory for reuse in a process that parses batch after batch.

    When a batch is done its Docs and arrays (100-250 MB) are freed at
    once, and glibc's malloc, whose trimming threshold is at most 64 MB by
    default, returns them to the system; the next batch takes them back
    page by page. That churn was five times the page faults of one long
    stream and about a tenth of a parsing process's CPU time (system time
    for the faults, zeroing the pages). Raising the threshold keeps the
    memory, which the next batch needs anyway: the peak is the same. Fixing
    it stops glibc from raising its mapping threshold as it goes, so that is
    set too, to where glibc would take it, or every batch array over 128 KB
    would be mapped and unmapped on its own. A C library without
    ``mallopt`` is left as it is."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        if not (libc.mallopt(M_MMAP_THRESHOLD, OWN_MAP_BYTES) and libc.mallopt(M_TRIM_THRESHOLD, HELD_HEAP_BYTES)):
            log.debug("mallopt refused a threshold")
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl without it)
        log.debug("no mallopt: freed memory goes back to the system after each batch")


def code_batch(records: Iterable[Record], settings: Settings | None = None,
               default_date: date | None = None) -> Rows:
    """Read and code ``records``; every record ends as rows or error rows."""
    settings = settings or Settings()
    rows = Rows()
    documents = []
    for record in records:
        for item in read(record, settings, default_date):
            if isinstance(item, Problem):
                rows.add_problem(item)
            else:
                documents.append(item)
    for result in code_documents(documents, settings):
        rows.add_result(result)
    return rows


def read(record: Record, settings: Settings, default_date: date | None = None) -> list[Document | Problem]:
    """The documents and problems of one record; a reader crash is a problem too."""
    try:
        return list(read_record(record.path, record.line, record.data, default_date, settings.max_mb))
    except Exception as exc:  # one record never stops the batch
        log.debug("reading %s failed", record.path, exc_info=exc)
        where = f"{record.path}:{record.line}" if record.line is not None else record.path
        return [Problem.of("E009", path=where, detail=f"{type(exc).__name__}: {exc}", line=record.line)]


def code_documents(documents: Iterable[Document], settings: Settings | None = None) -> list[DocResult]:
    """One result per document, in order, from this process's pipeline.

    The pipeline records a stage's failure on that document's result; if the
    batch itself breaks, each document is coded alone so only the one that
    breaks it fails."""
    pipeline = worker_pipeline(settings)
    docs = list(documents)
    try:
        return list(pipeline.run(docs))
    except Exception as exc:
        log.debug("a batch of %d documents failed; coding them one by one", len(docs), exc_info=exc)
        return [_one(pipeline, doc) for doc in docs]


def _one(pipeline: Pipeline, doc: Document) -> DocResult:
    try:
        return next(iter(pipeline.run([doc])))
    except Exception as exc:
        text = message("E102", doc=doc.path or doc.doc_id, stage="pipeline", detail=f"{type(exc).__name__}: {exc}")
        return DocResult(doc, error=text)


__all__ = ["Record", "code_batch", "code_documents", "read", "worker_pipeline"]
