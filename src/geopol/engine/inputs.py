"""Inputs in partitions: plan them on the driver, read them on a worker.

``plan(paths)`` lists the inputs without reading any document: whole files
(``.txt``, ``.md``, ``.html``) go in groups of ``files_per_part``; a
``.jsonl`` file is cut at line ends into byte ranges of about ``chunk_mb``
(the driver scans it once for line numbers and a digest of each range).
``records(part)`` is what a worker does with a partition: the ``Record``s
to hand to ``core.code_batch``, each JSONL line with its line number.

A part's ``key`` names where it is (its files, or its file and byte range)
and so names its output; its ``fingerprint`` says whether what is there
changed since a run that finished it.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from geopol.engine.core import Record
from geopol.errors import Problem
from geopol.stages.ingest import walk

MB = 1024 * 1024


@dataclass(frozen=True)
class Part:
    """Some whole files, or the bytes ``[offset, offset + length)`` of one
    JSONL file whose first line there is ``first_line``."""

    files: tuple[str, ...] = ()
    jsonl: str | None = None
    offset: int = 0
    length: int = 0
    first_line: int = 1
    fingerprint: str = ""

    @property
    def key(self) -> str:
        where = json.dumps([self.files, self.jsonl, self.offset, self.length])
        return hashlib.sha1(where.encode("utf-8")).hexdigest()[:16]


def plan(paths: Sequence[str], chunk_mb: float = 1.0, files_per_part: int = 100) -> list[Part]:
    """The partitions of ``paths`` (files or directories), in input order."""
    parts: list[Part] = []
    files: list[str] = []
    for path in _files(paths):
        if path.lower().endswith(".jsonl") and os.path.isfile(path):
            parts.extend(_jsonl_parts(path, max(int(chunk_mb * MB), 1)))
        else:
            files.append(path)
    for i in range(0, len(files), files_per_part):
        group = tuple(files[i:i + files_per_part])
        parts.append(Part(files=group, fingerprint=_stat_digest(group)))
    return parts


def records(part: Part, max_mb: float = 20.0) -> Iterator[Record]:
    """The records of one partition, read where this runs."""
    for path in part.files:
        yield Record(path)
    if part.jsonl is not None:
        yield from _lines(part, int(max_mb * MB))


# planning --------------------------------------------------------------------------
def _files(paths: Sequence[str]) -> Iterator[str]:
    """Each input file, as an absolute path; a directory is walked as the
    ingest stage walks it (``stages.ingest.walk``). A path that is not there,
    or a directory that cannot be read, is passed on for the worker's reader
    to report; the count of files of other types is not reported here."""
    seen: set[tuple[int, int]] = set()
    for path in paths:
        path = os.path.abspath(path)
        if not os.path.isdir(path):
            yield path
            continue
        for item in walk(path, seen):
            if not isinstance(item, Problem):
                yield item
            elif item.code == "E009" and item.path is not None:
                yield item.path


def _jsonl_parts(path: str, chunk_bytes: int) -> list[Part]:
    """Byte ranges of about ``chunk_bytes`` that end at a line end."""
    parts: list[Part] = []
    try:
        with open(path, "rb") as handle:
            start, first, lines, digest = 0, 1, 0, hashlib.sha1()
            while piece := handle.readline(MB):
                digest.update(piece)
                if not piece.endswith(b"\n"):
                    continue
                lines += 1
                if handle.tell() - start >= chunk_bytes:
                    parts.append(Part(jsonl=path, offset=start, length=handle.tell() - start, first_line=first,
                                      fingerprint=digest.hexdigest()))
                    start, first, digest = handle.tell(), lines + 1, hashlib.sha1()
            if handle.tell() > start:
                parts.append(Part(jsonl=path, offset=start, length=handle.tell() - start, first_line=first,
                                  fingerprint=digest.hexdigest()))
    except OSError:
        return [Part(files=(path,), fingerprint="unreadable")]
    return parts or [Part(files=(path,), fingerprint=_stat_digest((path,)))]  # empty: the reader says so


def _stat_digest(paths: Sequence[str]) -> str:
    """Size and modification time of each file: changed files, new digest."""
    stats = []
    for path in paths:
        try:
            info = os.stat(path)
            stats.append([path, info.st_size, info.st_mtime_ns])
        except OSError:
            stats.append([path, None, None])
    return hashlib.sha1(json.dumps(stats).encode("utf-8")).hexdigest()


# reading on the worker -------------------------------------------------------------
def _lines(part: Part, max_bytes: int) -> Iterator[Record]:
    """Each non-blank line of the range; a line over ``max_bytes`` is passed
    on cut at ``max_bytes + 1`` (the reader rejects it), never held whole."""
    if part.jsonl is None:
        return
    try:
        handle = open(part.jsonl, "rb")
    except OSError:
        yield Record(part.jsonl)  # the reader reports it
        return
    with handle:
        handle.seek(part.offset)
        end, number = part.offset + part.length, part.first_line
        while handle.tell() < end and (line := handle.readline(max_bytes + 1)):
            rest = line
            while rest and not rest.endswith(b"\n"):  # over the limit: skip to its end
                rest = handle.readline(MB)
            if line.strip():
                yield Record(part.jsonl, number, line)
            number += 1


__all__ = ["MB", "Part", "plan", "records"]
