"""Long documents in parts: a document over ``PART_CHARS`` characters is run
as consecutive parts cut at paragraph ends, and the parts' results are put
back together with their offsets shifted into the whole text.

So the cost of a document, in time and memory, grows with its length and
never with the square of it: coreference, dates and the parse work on one
part at a time. What a part cannot know is the text of the other parts (a
pronoun at the start of a part finds no antecedent in the part before).
"""
from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from geopol.types import DocResult, Document, Event

PART_CHARS = 100_000
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"\s+"))


@dataclass(frozen=True)
class _Part:
    """Where a part sits in its document."""

    whole: Document
    offset: int
    last: bool


def bounds(text: str, limit: int = PART_CHARS) -> list[tuple[int, int]]:
    """``text`` as consecutive (start, end) spans of at most ``limit``
    characters, each cut after a blank line, else a newline, else a space."""
    spans, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = limit
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window, limit // 2)]
            if ends:
                cut = ends[-1]
                break
        spans.append((start, start + cut))
        start += cut
    return spans + [(start, len(text))]


def run_in_parts(documents: Iterable[Document], run: Callable[[Iterable[Document]], Iterator[DocResult]],
                 limit: int = PART_CHARS) -> Iterator[DocResult]:
    """``run`` over ``documents`` with each long one split into parts; one
    result per document, in order."""
    parts: deque[_Part | None] = deque()  # None: a document run whole
    pieces: list[tuple[_Part, DocResult]] = []
    for result in run(_split(documents, parts, limit)):
        part = parts.popleft()
        if part is None:
            yield result
            continue
        pieces.append((part, result))
        if part.last:
            yield _joined(pieces)
            pieces = []


def _split(documents: Iterable[Document], parts: deque[_Part | None], limit: int) -> Iterator[Document]:
    for doc in documents:
        if len(doc.text) <= limit:
            parts.append(None)
            yield doc
            continue
        spans = bounds(doc.text, limit)
        for i, (start, end) in enumerate(spans):
            parts.append(_Part(doc, start, i == len(spans) - 1))
            yield replace(doc, doc_id=f"{doc.doc_id}#part{i}", text=doc.text[start:end])


def _joined(pieces: list[tuple[_Part, DocResult]]) -> DocResult:
    """The parts' results as one, offsets into the whole text, each event's
    id made again from the whole document's id; the first error, if any,
    is the document's."""
    whole = pieces[0][0].whole
    failed = next((r for _, r in pieces if not r.ok), None)
    if failed is not None:
        return DocResult(whole, error=failed.error.replace(failed.doc.doc_id, whole.doc_id))
    out = DocResult(whole)
    seen: set[tuple] = set()
    for part, result in pieces:
        shift = part.offset
        out.mentions += [replace(m, start=m.start + shift, end=m.end + shift) for m in result.mentions]
        out.discarded += [replace(d, start=d.start + shift, end=d.end + shift) for d in result.discarded]
        out.sentences += [(s + shift, e + shift) for s, e in result.sentences]
        for event in result.events:
            moved = _moved(event, shift, whole.doc_id)
            if moved.id not in seen:
                seen.add(moved.id)
                out.events.append(moved)
    return out


def _moved(event: Event, shift: int, doc_id: str) -> Event:
    from geopol.pipeline import _event_id  # the pipeline imports this module

    moved = replace(event, start=event.start + shift, end=event.end + shift)
    moved.id = _event_id(doc_id, moved)
    return moved


__all__ = ["PART_CHARS", "bounds", "run_in_parts"]
