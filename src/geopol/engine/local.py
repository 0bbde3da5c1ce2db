"""The local engine: the parse on this machine's cores, results in input order.

    for result in code_parallel(documents, settings, workers=2): ...

Documents are coded in chunks (``CHUNK_DOCS`` documents or ``CHUNK_CHARS``
characters, whichever comes first) by ``workers`` processes: ``workers - 1``
in a process pool, and this one, which codes a chunk itself whenever the
pool has enough queued and the oldest of its chunks is not back yet. Each
process codes with its own pipeline (``geopol.engine.core``: loaded once per
process, a failing document becomes its error result). At most
``workers * IN_FLIGHT`` chunks are coded or queued and not yet yielded, so
memory stays bounded however long the input, and results are yielded in
input order as soon as each chunk's turn comes. Inputs too small to repay
starting a process (under ``SMALL_CHARS`` characters in all) are coded in
this process alone.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain

from datetime import date

from geopol.config import Settings
from geopol.engine.core import code_documents, worker_pipeline
from geopol.errors import Problem
from geopol.stages.ingest import documents_of, read_inputs
from geopol.types import DocResult, Document

CHUNK_DOCS = 16
CHUNK_CHARS = 60_000
IN_FLIGHT = 2
SMALL_CHARS = 40_000


def worker_count(settings: Settings) -> int:
    """``settings.workers``, or one per core when it is 0."""
    return settings.workers if settings.workers > 0 else (os.cpu_count() or 1)


def extract(paths: Iterable[str], default_date: date | None, problems: list[Problem] | None,
            settings: Settings, skip: Callable[[Document], bool] | None = None) -> Iterator[DocResult]:
    """``geopol.extract`` on this machine's cores: inputs are read here,
    parsed in the worker processes; input problems go to ``problems``;
    documents for which ``skip`` says True are not parsed (``ingest``
    resuming), as ``Pipeline.extract`` does."""
    inputs = read_inputs(list(paths), default_date, max_mb=settings.max_mb)
    documents = documents_of(inputs, problems)
    return code_parallel(documents if skip is None else (d for d in documents if not skip(d)), settings)


def code_parallel(documents: Iterable[Document], settings: Settings, workers: int | None = None) -> Iterator[DocResult]:
    """One result per document, in input order, coded on ``workers`` processes
    (default ``worker_count(settings)``); small inputs in this process."""
    workers = workers or worker_count(settings)
    stream = iter(documents)
    head = _head(stream, SMALL_CHARS)
    if sum(len(d.text) for d in head) < SMALL_CHARS:  # the whole input, and small
        yield from _here(head, settings)
    elif workers <= 1:
        yield from worker_pipeline(settings).run(chain(head, stream))
    else:
        yield from _pooled(chain(head, stream), settings, workers)


def _head(stream: Iterator[Document], chars: int) -> list[Document]:
    """Documents from ``stream`` until they hold ``chars`` characters."""
    head: list[Document] = []
    total = 0
    for doc in stream:
        head.append(doc)
        total += len(doc.text)
        if total >= chars:
            break
    return head


def _here(documents: list[Document], settings: Settings) -> Iterator[DocResult]:
    if documents:
        yield from code_documents(documents, settings)


def _pooled(documents: Iterable[Document], settings: Settings, workers: int) -> Iterator[DocResult]:
    """``workers`` processes code: ``workers - 1`` in the pool and this one,
    which codes a chunk itself whenever the oldest pool chunk is not back
    yet (so no process starts, imports spaCy and loads the pipeline only to
    wait, and half the results need no pickling). Chunks, theirs and ours,
    are yielded in input order; at most ``workers * IN_FLIGHT`` wait."""
    context = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited threads or locks
    helpers = workers - 1
    limit = workers * IN_FLIGHT
    chunks = _chunks(documents)
    with ProcessPoolExecutor(max_workers=helpers, mp_context=context, initializer=_start,
                             initargs=(settings,)) as pool:
        pending: deque[Future | list[DocResult]] = deque()
        for chunk in chunks:
            if sum(isinstance(p, Future) for p in pending) < helpers * IN_FLIGHT:
                pending.append(pool.submit(_code_chunk, chunk, settings))
            else:
                pending.append(code_documents(chunk, settings))  # the pool is busy: this process codes it
            while pending and (_ready(pending[0]) or len(pending) >= limit):
                yield from _result(pending.popleft())
        while pending:
            yield from _result(pending.popleft())


def _ready(item: Future | list[DocResult]) -> bool:
    return not isinstance(item, Future) or item.done()


def _result(item: Future | list[DocResult]) -> list[DocResult]:
    return item.result() if isinstance(item, Future) else item


def _chunks(documents: Iterable[Document]) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    chars = 0
    for doc in documents:
        chunk.append(doc)
        chars += len(doc.text)
        if len(chunk) >= CHUNK_DOCS or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _start(settings: Settings) -> None:
    """Load the worker's pipeline before its first chunk arrives, and freeze
    it out of the garbage collector's sight: it lives as long as the process,
    so collections need not walk its 150,000 objects, and the worker exits
    without tearing them down one by one (shutting the pool took a second)."""
    worker_pipeline(settings)
    gc.freeze()


def _code_chunk(documents: list[Document], settings: Settings) -> list[DocResult]:
    return code_documents(documents, settings)


__all__ = ["code_parallel", "extract", "worker_count"]
