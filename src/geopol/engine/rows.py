"""Result rows: one ``DocResult`` as flat rows of five tables, and back.

The tables are those of the SQLite store, flattened so that any engine can
write them as columns (Parquet, CSV, a database):

- ``documents``: one row per coded document, its text, sentence spans and
  discarded spans (list columns);
- ``events``: one row per event; ``event_actors``: its sources and targets
  in order; ``mentions``: actor mentions;
- ``errors``: one row per input that could not be read or coded, with the
  catalogue message (``[E006] file.jsonl:3: not valid JSON ...``).

Every row carries ``month``, the document's publication month
(``YYYY-MM``, or ``undated``), to partition on. ``to_results`` turns the
rows of some documents back into ``DocResult``s, so a dataset written by one
engine can be stored through the store's normal write path.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geopol.errors import Problem
from geopol.store.write import content_hash
from geopol.types import Actor, Discarded, DocResult, Document, Event, EventDate, Mention

Row = dict[str, Any]
UNDATED = "undated"

_ACTOR = (("actor_id", "string"), ("name", "string"), ("country", "string"), ("org", "string"),
          ("sector", "string"), ("wikidata", "string"))

# Each table's columns and their types, for writers that need a schema.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("doc_id", "string"), ("content_hash", "string"), ("path", "string"), ("line", "int"),
        ("title", "string"), ("date", "string"), ("url", "string"), ("source", "string"),
        ("text", "string"), ("sentences", "spans"), ("discarded", "discarded"), ("month", "string")),
    "events": (
        ("id", "string"), ("doc_id", "string"), ("type", "string"), ("mode", "string"),
        ("context", "string"), ("cameo", "string"), ("quad_class", "string"), ("intensity", "float"),
        ("date", "string"), ("date_precision", "string"), ("date_text", "string"), ("location", "string"),
        ("negated", "bool"), ("hedged", "bool"), ("attribution", "string"), ("sentence", "string"),
        ("start", "int"), ("end", "int"), ("trigger", "string"), ("confidence", "float"),
        ("reason", "string"), ("targetless", "bool"), ("month", "string")),
    "event_actors": (
        ("event_id", "string"), ("doc_id", "string"), ("role", "string"), ("position", "int"),
        *_ACTOR, ("month", "string")),
    "mentions": (
        ("doc_id", "string"), ("start", "int"), ("end", "int"), ("text", "string"), *_ACTOR,
        ("confidence", "float"), ("reason", "string"), ("place", "bool"), ("month", "string")),
    "errors": (
        ("doc_id", "string"), ("path", "string"), ("line", "int"), ("code", "string"),
        ("message", "string"), ("fatal", "bool"), ("month", "string")),
}
TABLES = tuple(COLUMNS)
_CODE = re.compile(r"^\[(E\d{3})\]")


@dataclass
class Rows:
    """The rows of some documents, table by table."""

    documents: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    event_actors: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    errors: list[Row] = field(default_factory=list)

    def table(self, name: str) -> list[Row]:
        return getattr(self, name)

    def extend(self, other: Rows) -> None:
        for name in TABLES:
            self.table(name).extend(other.table(name))

    def add_result(self, result: DocResult) -> None:
        """A coded document's rows, or its error row if it failed."""
        if result.error is not None:
            self.errors.append(_error_row(result.doc, result.error, fatal=True))
            return
        month = month_of(result.doc.date)
        self.documents.append(_document_row(result, month))
        for event in result.events:
            self.events.append(_event_row(result.doc.doc_id, event, month))
            self.event_actors.extend(_actor_rows(result.doc.doc_id, event, month))
        self.mentions.extend(_mention_row(result.doc.doc_id, m, month) for m in result.mentions)

    def add_problem(self, problem: Problem) -> None:
        """An input problem: the record was not read (fatal) or read with a warning."""
        doc = Document(doc_id=problem_id(problem.path, problem.line), text="", path=problem.path,
                       line=problem.line)
        self.errors.append(_error_row(doc, problem.text, fatal=problem.fatal))

    def counts(self) -> dict[str, int]:
        return {name: len(self.table(name)) for name in TABLES}


def problem_id(path: str | None, line: int | None) -> str:
    """The id an unreadable input is kept under, as ``geopol ingest`` does."""
    return f"input:{path}:{line or 0}"


def is_input_error(row: Row) -> bool:
    """True for an error row of an input that was not (or not cleanly) read,
    False for a document the pipeline failed on."""
    return str(row["doc_id"]).startswith("input:")


def month_of(when: date | None) -> str:
    return when.strftime("%Y-%m") if when else UNDATED


# DocResult -> rows ------------------------------------------------------------------
def _document_row(result: DocResult, month: str) -> Row:
    doc = result.doc
    return {
        "doc_id": doc.doc_id, "content_hash": content_hash(doc.text), "path": doc.path, "line": doc.line,
        "title": doc.title, "date": _iso(doc.date), "url": doc.url, "source": doc.source, "text": doc.text,
        "sentences": [{"start": s, "end": e} for s, e in result.sentences],
        "discarded": [{"start": d.start, "end": d.end, "reason": d.reason} for d in result.discarded],
        "month": month,
    }


def _event_row(doc_id: str, e: Event, month: str) -> Row:
    d = e.date
    return {
        "id": e.id, "doc_id": doc_id, "type": e.type, "mode": e.mode, "context": e.context,
        "cameo": str(e.cameo), "quad_class": str(e.quad_class), "intensity": float(e.intensity),
        "date": _iso(d.value) if d else None, "date_precision": d.precision if d else None,
        "date_text": d.text if d else None, "location": e.location, "negated": e.negated,
        "hedged": e.hedged, "attribution": e.attribution, "sentence": e.sentence, "start": e.start,
        "end": e.end, "trigger": e.trigger, "confidence": float(e.confidence), "reason": e.reason,
        "targetless": e.targetless, "month": month,
    }


def _actor_fields(a: Actor) -> Row:
    return {"actor_id": a.id, "name": a.name, "country": a.country, "org": a.org, "sector": a.sector,
            "wikidata": a.wikidata}


def _actor_rows(doc_id: str, e: Event, month: str) -> list[Row]:
    return [{"event_id": e.id, "doc_id": doc_id, "role": role, "position": i, **_actor_fields(a), "month": month}
            for role, actors in (("source", e.source), ("target", e.target)) for i, a in enumerate(actors)]


def _mention_row(doc_id: str, m: Mention, month: str) -> Row:
    return {"doc_id": doc_id, "start": m.start, "end": m.end, "text": m.text, **_actor_fields(m.actor),
            "confidence": float(m.confidence), "reason": m.reason, "place": m.place, "month": month}


def _error_row(doc: Document, text: str, fatal: bool) -> Row:
    code = _CODE.match(text)
    return {"doc_id": doc.doc_id, "path": doc.path, "line": doc.line, "code": code.group(1) if code else None,
            "message": text, "fatal": fatal, "month": month_of(doc.date)}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# rows -> DocResult ------------------------------------------------------------------
def to_results(documents: Iterable[Row], events: Iterable[Row], event_actors: Iterable[Row],
               mentions: Iterable[Row]) -> Iterator[DocResult]:
    """The ``DocResult`` of each document row, with its events, actors and
    mentions in row order."""
    actors = _group(event_actors, "event_id")
    by_doc = _group(events, "doc_id")
    mentions_by_doc = _group(mentions, "doc_id")
    for row in documents:
        doc = _document(row)
        yield DocResult(
            doc, mentions=[_mention(m) for m in mentions_by_doc.get(doc.doc_id, [])],
            events=[_event(e, actors.get(e["id"], [])) for e in by_doc.get(doc.doc_id, [])],
            discarded=[Discarded(d["start"], d["end"], d["reason"]) for d in row["discarded"] or []],
            sentences=[(s["start"], s["end"]) for s in row["sentences"] or []])


def error_result(row: Row) -> DocResult:
    """An error row as the failed ``DocResult`` the store keeps in ``errors``."""
    doc = Document(doc_id=row["doc_id"], text="", path=row["path"], line=row["line"])
    return DocResult(doc, error=row["message"])


def _group(rows: Iterable[Row], key: str) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        out[row[key]].append(row)
    return out


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _document(row: Row) -> Document:
    return Document(doc_id=row["doc_id"], text=row["text"], path=row["path"], title=row["title"],
                    date=_day(row["date"]), url=row["url"], source=row["source"], line=row["line"])


def _actor(row: Row) -> Actor:
    return Actor(row["actor_id"], row["name"], row["country"], row["org"], row["sector"], row["wikidata"])


def _event(row: Row, actor_rows: list[Row]) -> Event:
    ordered = sorted(actor_rows, key=lambda a: (a["role"], a["position"]))
    when = EventDate(_day(row["date"]), row["date_precision"], row["date_text"]) if row["date_precision"] else None
    return Event(
        id=row["id"], type=row["type"], cameo=row["cameo"], quad_class=row["quad_class"],
        intensity=row["intensity"], source=[_actor(a) for a in ordered if a["role"] == "source"],
        target=[_actor(a) for a in ordered if a["role"] == "target"], sentence=row["sentence"],
        start=row["start"], end=row["end"], trigger=row["trigger"], mode=row["mode"], context=row["context"],
        date=when, location=row["location"], negated=row["negated"], hedged=row["hedged"],
        attribution=row["attribution"], confidence=row["confidence"], reason=row["reason"],
        targetless=bool(row.get("targetless")))


def _mention(row: Row) -> Mention:
    return Mention(row["text"], row["start"], row["end"], _actor(row), row["confidence"], row["reason"],
                   row["place"])


__all__ = ["COLUMNS", "TABLES", "UNDATED", "Row", "Rows", "error_result", "is_input_error", "month_of", "problem_id",
           "to_results"]
