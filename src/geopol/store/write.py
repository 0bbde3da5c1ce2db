"""Writing one ``DocResult``: its rows, replaced as a whole, or its error.

These functions run inside the caller's transaction and never commit.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from geopol.stages.ingest import text_id
from geopol.types import Actor, DocResult, Document, Event

Row = tuple[Any, ...]

_EVENT_COLUMNS = (
    "id", "doc_id", "type", "mode", "context", "cameo", "quad_class", "intensity", "date",
    "date_precision", "date_text", "location", "negated", "hedged", "attribution", "sentence",
    "start", "end", "trigger", "confidence", "reason", "targetless",
)
_ACTOR_COLUMNS = ("event_id", "role", "position", "actor_id", "name", "country", "org", "sector", "wikidata")
_MENTION_COLUMNS = (
    "doc_id", "start", "end", "text", "actor_id", "name", "country", "org", "sector", "wikidata",
    "confidence", "reason", "place",
)
_DOCUMENT_COLUMNS = ("doc_id", "content_hash", "path", "title", "date", "url", "source", "text", "ingested_at")


def content_hash(text: str) -> str:
    """The sha256 hex digest of a document's text, which says if it changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def insert_sql(table: str, columns: Sequence[str], upsert_key: str | None = None) -> str:
    """An INSERT for ``columns`` (all quoted); with ``upsert_key``, an upsert on it."""
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
    if upsert_key is None:
        return sql
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != upsert_key)
    return f'{sql} ON CONFLICT ("{upsert_key}") DO UPDATE SET {updates}'


def is_stored(conn: sqlite3.Connection, doc_id: str, digest: str) -> bool:
    """True if this exact document (same id, same text) is in the store."""
    sql = "SELECT 1 FROM documents WHERE doc_id = ? AND content_hash = ?"
    return conn.execute(sql, (doc_id, digest)).fetchone() is not None


def write_document(conn: sqlite3.Connection, result: DocResult, digest: str, at: str) -> None:
    """Replace everything stored for ``result.doc`` with ``result``."""
    doc = result.doc
    conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc.doc_id,))
    if doc.source_key is not None:  # an earlier version of the same source goes
        conn.execute("DELETE FROM documents WHERE doc_id = (SELECT doc_id FROM document_sources WHERE source_key = ?)",
                     (doc.source_key,))
    conn.execute(insert_sql("documents", _DOCUMENT_COLUMNS), _document_row(doc, digest, at))
    if doc.source_key is not None:
        conn.execute("INSERT INTO document_sources (source_key, doc_id) VALUES (?, ?)", (doc.source_key, doc.doc_id))
    _insert_sentences(conn, doc, result.sentences)
    _insert_events(conn, doc.doc_id, result.events)
    _insert_mentions(conn, result)
    _insert_discarded(conn, result)
    _clear_errors(conn, doc)


def clash(conn: sqlite3.Connection, doc: Document) -> str | None:
    """The other source already stored under ``doc``'s record id, if any (an
    id taken from the text's hash is the text, and cannot clash)."""
    if doc.source_key is None or doc.doc_id == text_id(doc.text):
        return None
    sql = "SELECT source_key FROM document_sources WHERE doc_id = ? AND source_key != ?"
    row = conn.execute(sql, (doc.doc_id, doc.source_key)).fetchone()
    return None if row is None else row[0]


def record_error(conn: sqlite3.Connection, result: DocResult, at: str) -> None:
    """Keep why a document failed, once per (doc_id, path, line)."""
    doc = result.doc
    sql = insert_sql("errors", ("doc_id", "path", "line", "message", "at"))
    sql += ' ON CONFLICT (doc_id, path, line) DO UPDATE SET message = excluded.message, "at" = excluded."at"'
    conn.execute(sql, (*_error_key(doc), result.error or "", at))


def _error_key(doc: Document) -> tuple[str, str, int]:
    return doc.doc_id or "", doc.path or "", doc.line or 0


# Two index lookups (the primary key, errors_path), not a scan of the table.
CLEAR_ERRORS = "DELETE FROM errors WHERE doc_id = ? OR (path = ? AND path != '' AND line = ?)"


def _clear_errors(conn: sqlite3.Connection, doc: Document) -> None:
    """A document that now reads cleanly drops the error an earlier run kept."""
    conn.execute(CLEAR_ERRORS, _error_key(doc))


def _document_row(doc: Document, digest: str, at: str) -> Row:
    date = doc.date.isoformat() if doc.date else None
    return (doc.doc_id, digest, doc.path, doc.title, date, doc.url, doc.source, doc.text, at)


def _insert_sentences(conn: sqlite3.Connection, doc: Document, spans: Iterable[tuple[int, int]]) -> None:
    rows = [(doc.doc_id, start, end, doc.text[start:end]) for start, end in spans]
    sql = insert_sql("sentences", ("doc_id", "start", "end", "text")) + " ON CONFLICT DO NOTHING"
    conn.executemany(sql, rows)


def _insert_events(conn: sqlite3.Connection, doc_id: str, events: Iterable[Event]) -> None:
    """Upsert each event on its id, then its actors in order."""
    event_sql = insert_sql("events", _EVENT_COLUMNS, upsert_key="id")
    actor_sql = insert_sql("event_actors", _ACTOR_COLUMNS)
    for event in events:
        conn.execute(event_sql, _event_row(doc_id, event))
        conn.execute("DELETE FROM event_actors WHERE event_id = ?", (event.id,))
        conn.executemany(actor_sql, _actor_rows(event))


def _event_row(doc_id: str, e: Event) -> Row:
    d = e.date
    date = d.value.isoformat() if d and d.value else None
    return (
        e.id, doc_id, e.type, e.mode, e.context, str(e.cameo), str(e.quad_class), float(e.intensity),
        date, d.precision if d else None, d.text if d else None, e.location, int(e.negated),
        int(e.hedged), e.attribution, e.sentence, e.start, e.end, e.trigger, float(e.confidence), e.reason,
        int(e.targetless),
    )


def _actor_rows(event: Event) -> list[Row]:
    return [(event.id, role, i, *_actor_fields(actor))
            for role, actors in (("source", event.source), ("target", event.target))
            for i, actor in enumerate(actors)]


def _actor_fields(a: Actor) -> Row:
    return a.id, a.name, a.country, a.org, a.sector, a.wikidata


def _insert_mentions(conn: sqlite3.Connection, result: DocResult) -> None:
    rows = [(result.doc.doc_id, m.start, m.end, m.text, *_actor_fields(m.actor), float(m.confidence),
             m.reason, int(m.place)) for m in result.mentions]
    conn.executemany(insert_sql("mentions", _MENTION_COLUMNS), rows)


def _insert_discarded(conn: sqlite3.Connection, result: DocResult) -> None:
    rows = [(result.doc.doc_id, d.start, d.end, d.reason) for d in result.discarded]
    conn.executemany(insert_sql("discarded", ("doc_id", "start", "end", "reason")), rows)
