"""Reading the store: events by filter, full-text search, dyads, counts.

Every function takes an open connection whose ``row_factory`` is
``sqlite3.Row`` and returns plain dicts, ready for JSON.
"""
from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

SNIPPET_MARKS = ("[", "]")  # around each matched term in a search snippet
_CHUNK = 500  # bound variables per IN (...) list

_EVENT_KEYS = (
    "id", "type", "mode", "context", "cameo", "quad_class", "intensity", "source", "target", "date",
    "date_precision", "date_text", "location", "negated", "hedged", "targetless", "attribution", "sentence", "start",
    "end", "trigger", "confidence", "reason", "doc_id", "cluster_id", "correction_id",
)
# An event names the actor if any of its actor rows does; one index lookup
# per column (all NOCASE, so the match ignores case).
_ACTOR_COLUMNS = ("country", "org", "actor_id", "name")
# Undated events last; with a date filter every row is dated, and the plain
# order lets SQLite walk the date index from the bound.
_ORDER = "ORDER BY e.date IS NULL, e.date, e.doc_id, e.start, e.id"
_ORDER_DATED = "ORDER BY e.date, e.doc_id, e.start, e.id"
_FETCH = 500  # rows read (and their actors looked up) at a time while streaming


@dataclass(frozen=True)
class EventFilter:
    """Which events to return; ``since``/``until`` are ISO dates, inclusive."""

    actor: str | tuple[str, ...] | None = None  # several: an event naming any of them
    type: str | None = None
    since: str | None = None
    until: str | None = None
    include_negated: bool = True


def select_events(conn: sqlite3.Connection, where: EventFilter, limit: int | None = None,
                  offset: int = 0) -> list[dict[str, Any]]:
    """Events matching ``where``, by date (undated last), doc_id and offset."""
    return list(iter_events(conn, where, limit, offset))


def iter_events(conn: sqlite3.Connection, where: EventFilter, limit: int | None = None,
                offset: int = 0) -> Iterator[dict[str, Any]]:
    """``select_events`` as a stream: rows are read ``_FETCH`` at a time, so
    memory stays flat however many events match."""
    clause, params = _event_clause(where, _walk_in_order(conn, where, limit, offset))
    order = _ORDER_DATED if where.since or where.until else _ORDER
    sql = f"SELECT * FROM events e WHERE {clause} {order} LIMIT :limit OFFSET :offset"
    cursor = conn.execute(sql, {**params, "limit": -1 if limit is None else limit, "offset": offset})
    while rows := cursor.fetchmany(_FETCH):
        actors = _actors_of(conn, [row["id"] for row in rows])
        yield from (_event_dict(row, actors) for row in rows)


def _walk_in_order(conn: sqlite3.Connection, where: EventFilter, limit: int | None, offset: int) -> bool:
    """How to find a page of an actor's events. A common actor: walk the
    events in order and test each through ``event_actors``' key, which
    meets ``offset + limit`` of them after about ``(offset + limit) *
    events / hits`` rows. A rare one: collect its events from the actor
    indexes and sort those ``hits`` rows. Walking wins when ``hits`` is
    above the square root of ``(offset + limit) * events``; counting stops
    there, so deciding costs at most that many index entries."""
    if not where.actor or limit is None:
        return False
    total = conn.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0
    bound = math.isqrt((offset + limit) * total) + 1
    events, params = _actor_events(where.actor)
    sql = f"SELECT count(*) FROM ({events} LIMIT :bound)"
    return conn.execute(sql, {**params, "bound": bound}).fetchone()[0] >= bound


def _actor_params(actor: str | tuple[str, ...]) -> tuple[str, dict[str, str]]:
    codes = (actor,) if isinstance(actor, str) else tuple(actor)
    params = {f"actor{i}": code for i, code in enumerate(codes)}
    return ", ".join(f":{name}" for name in params), params


def _actor_events(actor: str | tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """The ids of the events naming ``actor`` (or any of several), one index lookup per column and code."""
    names, params = _actor_params(actor)
    return " UNION ALL ".join(f"SELECT event_id FROM event_actors WHERE {column} IN ({names})"
                              for column in _ACTOR_COLUMNS), params


def _actor_row(actor: str | tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """The test that event ``e`` names ``actor``, through ``event_actors``' key."""
    names, params = _actor_params(actor)
    tests = " OR ".join(f"a.{column} IN ({names})" for column in _ACTOR_COLUMNS)
    return f"EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND ({tests}))", params


def _event_clause(where: EventFilter, walk: bool = False) -> tuple[str, dict[str, Any]]:
    clauses = ["1"]
    params: dict[str, Any] = {"type": where.type, "since": where.since, "until": where.until}
    if where.actor:
        if walk:
            test, names = _actor_row(where.actor)
        else:
            events, names = _actor_events(where.actor)
            test = f"e.id IN ({events})"
        clauses.append(test)
        params.update(names)
    if where.type:
        clauses.append("e.type = upper(:type)")
    clauses += _date_clauses(where.since, where.until)
    if not where.include_negated:
        clauses.append("e.negated = 0")
    return " AND ".join(clauses), params


def _date_clauses(since: str | None, until: str | None, column: str = "e.date") -> list[str]:
    return ([] if since is None else [f"{column} >= :since"]) + ([] if until is None else [f"{column} <= :until"])


def _actors_of(conn: sqlite3.Connection, event_ids: Sequence[str]) -> dict[tuple[str, str], list[dict]]:
    """The actors of each event, keyed by (event_id, role), in stored order."""
    out: dict[tuple[str, str], list[dict]] = {}
    for i in range(0, len(event_ids), _CHUNK):
        chunk = event_ids[i:i + _CHUNK]
        sql = (f"SELECT * FROM event_actors WHERE event_id IN ({', '.join('?' * len(chunk))}) "
               "ORDER BY event_id, role, position")
        for row in conn.execute(sql, chunk):
            out.setdefault((row["event_id"], row["role"]), []).append(_actor_dict(row))
    return out


def _actor_dict(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": row["actor_id"], "name": row["name"], "country": row["country"], "org": row["org"],
            "sector": row["sector"], "wikidata": row["wikidata"]}


def _event_dict(row: sqlite3.Row, actors: dict[tuple[str, str], list[dict]]) -> dict[str, Any]:
    """One events row in the shape of ``Event.to_dict()``, plus ``doc_id``."""
    values = dict(row)
    values["source"] = actors.get((row["id"], "source"), [])
    values["target"] = actors.get((row["id"], "target"), [])
    values["negated"] = bool(row["negated"])
    values["hedged"] = bool(row["hedged"])
    values["targetless"] = bool(row["targetless"])
    values["confidence"] = round(row["confidence"], 3)
    return {key: values[key] for key in _EVENT_KEYS}


def fts_query(words: str) -> str:
    """``words`` as an FTS5 query that cannot be a syntax error.

    Each whitespace-separated term becomes a quoted string, so operators
    (NEAR, AND, -, ^, :, parentheses, quotes) are plain text; terms are
    ANDed. A trailing ``*`` keeps its prefix meaning. Terms with no letter
    or digit are dropped: they hold no token and would match nothing.
    """
    return " ".join(_fts_term(w) for w in words.split() if any(c.isalnum() for c in w))


def _fts_term(word: str) -> str:
    prefix = word.endswith("*") and any(c.isalnum() for c in word.rstrip("*"))
    body = word.rstrip("*") if prefix else word
    quoted = '"' + body.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def search(conn: sqlite3.Connection, words: str, limit: int = 20) -> list[dict[str, Any]]:
    """Sentences matching all of ``words``, best first (bm25)."""
    query = fts_query(words)
    if not query:
        return []
    sql = """
        SELECT s.doc_id, d.title, d.date, s.start, s."end", s.text AS sentence,
               snippet(sentences_fts, 0, ?, ?, '…', 16) AS snippet
        FROM sentences_fts
        JOIN sentences s ON s.id = sentences_fts.rowid
        JOIN documents d ON d.doc_id = s.doc_id
        WHERE sentences_fts MATCH ?
        ORDER BY bm25(sentences_fts), s.doc_id, s.start
        LIMIT ?"""
    return [dict(row) for row in conn.execute(sql, (*SNIPPET_MARKS, query, limit))]


def dyads(conn: sqlite3.Connection, limit: int = 10, since: str | None = None,
          until: str | None = None) -> list[dict[str, Any]]:
    """The most active directed (source, target) pairs among non-negated events.

    An actor's key is its org acronym, else its country, else its name; an
    event with several sources or targets counts once for each pair. Pairs
    of an actor with itself (KGZ -> KGZ, domestic events) are left out.
    One scan of ``event_pairs``' index, in (source, target) order.
    """
    dates = "".join(f" AND {c}" for c in _date_clauses(since, until, column="date"))
    sql = f"""
        SELECT source, target, count(*) AS events,
            sum(quad_class IN ('verbal cooperation', 'material cooperation')) AS cooperation,
            sum(quad_class IN ('verbal conflict', 'material conflict')) AS conflict
        FROM event_pairs WHERE negated = 0 AND source != target{dates}
        GROUP BY source, target
        ORDER BY events DESC, source, target LIMIT :limit"""
    params = {"since": since, "until": until, "limit": limit}
    return [dict(row) for row in conn.execute(sql, params)]


def stats(conn: sqlite3.Connection) -> dict[str, int]:
    """How many rows each main table holds."""
    tables = ("documents", "sentences", "events", "mentions", "errors")
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def document(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """A stored document's fields, text included, or None."""
    row = conn.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    return None if row is None else dict(row)


def day_bounds(value: date | str | None, end: bool = False) -> str | None:
    """An ISO day for a date filter; ``YYYY`` and ``YYYY-MM`` widen to the
    period's first day, or its last day when ``end``. Raises ValueError."""
    if value is None or isinstance(value, date):
        return _as_day(value)
    text = value.strip()
    if len(text) in (4, 7):
        return _period_bound(text, end)
    return date.fromisoformat(text).isoformat()


def _as_day(value: date | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _period_bound(text: str, end: bool) -> str:
    first = date.fromisoformat(text + ("-01-01" if len(text) == 4 else "-01"))
    if not end:
        return first.isoformat()
    if len(text) == 4:
        return first.replace(month=12, day=31).isoformat()
    next_month = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
    return date.fromordinal(next_month.toordinal() - 1).isoformat()


def event_where(where: EventFilter) -> tuple[str, dict[str, Any]]:
    """The SQL condition over ``events e`` for ``where``, with its bound parameters."""
    return _event_clause(where)


def events_by_id(conn: sqlite3.Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The events with these ids as ``select_events`` gives them, in the
    order of ``ids``; unknown ids are skipped."""
    rows: dict[str, sqlite3.Row] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i:i + _CHUNK])
        sql = f"SELECT * FROM events WHERE id IN ({', '.join('?' * len(chunk))})"
        rows.update((row["id"], row) for row in conn.execute(sql, chunk))
    found = [rows[i] for i in dict.fromkeys(ids) if i in rows]
    actors = _actors_of(conn, [row["id"] for row in found])
    return [_event_dict(row, actors) for row in found]
