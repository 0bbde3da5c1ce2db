"""Analyst corrections that survive re-coding.

    >>> with Store("geopol.db") as store:
    ...     store.correct("ev:1f0c...", type="COERCE", note="a raid, not an attack")
    ...     store.correct("ev:77aa...", reject=True, note="the sentence is a forecast")

A correction is stored with when and why, and keyed to the evidence, not to
the event id (which a newer coder may change): the document's content hash,
the sentence offsets, the trigger word, and the type and actors coded then.
Whenever a document is written (``Store.write``, so every ingest and every
re-code), the corrections for its text are applied again to the event that
now sits on that evidence: same offsets and trigger first, else the same
trigger anywhere in the same sentence, preferring the type and actors the
correction was made against. A correction that finds no event is kept and
listed as unapplied (``event_id`` NULL) until one appears.

Applying a correction edits the event row in place (type, CAMEO root, quad
class and intensity follow the type; actors; date) and sets
``events.correction_id``; a rejection deletes the event row, so counts,
relations and exports leave it out. Either way the event as coded is kept in
``corrections.original``, and the event's cluster block is marked for
re-clustering.
"""
from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from geopol import clusters
from geopol.errors import RecordsError
from geopol.types import EVENT_TYPES


@dataclass(frozen=True)
class Change:
    """What an analyst says about one event; None leaves a field as coded."""

    type: str | None = None
    source: str | None = None  # actor codes, '+'-joined: 'KAZ', 'CSTO', 'KGZ+TJK'
    target: str | None = None
    date: str | None = None  # ISO day
    reject: bool = False
    note: str = ""

    def check(self) -> Change:
        """This change with the type upper-cased; RecordsError if unusable."""
        if not self.reject and not any((self.type, self.source, self.target, self.date)):
            raise RecordsError("E603")
        kind = self.type.upper() if self.type else None
        if kind is not None and kind not in EVENT_TYPES:
            raise RecordsError("E604", value=self.type, what="a PLOVER event type", choices=", ".join(EVENT_TYPES))
        if self.date is not None:
            try:
                date.fromisoformat(self.date)
            except ValueError:
                raise RecordsError("E604", value=self.date, what="a date", choices="YYYY-MM-DD") from None
        return Change(kind, self.source, self.target, self.date, self.reject, self.note)


# making one -----------------------------------------------------------------------
def correct(conn: sqlite3.Connection, event_id: str, change: Change, at: str, path: str = "") -> dict[str, Any]:
    """Record ``change`` against the evidence of ``event_id`` and apply it.

    A second correction of an already corrected event updates the first
    (fields it names replace the earlier ones). Runs in the caller's
    transaction; returns the correction as ``list_corrections`` shows it.
    """
    change = change.check()
    event = _event(conn, event_id)
    if event is None:
        raise RecordsError("E602", event_id=event_id, path=path)
    if event["correction_id"] is not None:
        correction_id = _amend(conn, event["correction_id"], change, at)
    else:
        correction_id = _insert(conn, event, change, at)
    _apply(conn, _correction(conn, correction_id), event)
    clusters.update(conn)
    return next(c for c in list_corrections(conn) if c["id"] == correction_id)


def _event(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    row = conn.execute("""SELECT e.*, d.content_hash FROM events e JOIN documents d ON d.doc_id = e.doc_id
                          WHERE e.id = ?""", (event_id,)).fetchone()
    if row is None:
        return None
    event = dict(row)
    for role in ("source", "target"):
        event[role] = [dict(a) for a in conn.execute(
            "SELECT actor_id AS id, name, country, org, sector, wikidata FROM event_actors "
            "WHERE event_id = ? AND role = ? ORDER BY position", (event_id, role))]
    return event


def _keys(actors: list[dict[str, Any]]) -> str:
    return "+".join(a.get("org") or a.get("country") or a.get("name") or "?" for a in actors)


def _insert(conn: sqlite3.Connection, event: dict[str, Any], change: Change, at: str) -> int:
    original = {k: v for k, v in event.items() if k not in ("content_hash", "cluster_key")}
    cur = conn.execute(
        """INSERT INTO corrections (content_hash, doc_id, start, "end", "trigger", coded_type, coded_source,
           coded_target, action, type, source, target, date, note, "at", original, event_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (event["content_hash"], event["doc_id"], event["start"], event["end"], event["trigger"], event["type"],
         _keys(event["source"]), _keys(event["target"]), "reject" if change.reject else "edit", change.type,
         change.source, change.target, change.date, change.note, at, json.dumps(original, ensure_ascii=False),
         event["id"]))
    return int(cur.lastrowid)


def _amend(conn: sqlite3.Connection, correction_id: int, change: Change, at: str) -> int:
    conn.execute(
        """UPDATE corrections SET action = ?, type = coalesce(?, type), source = coalesce(?, source),
           target = coalesce(?, target), date = coalesce(?, date), note = ?, "at" = ? WHERE id = ?""",
        ("reject" if change.reject else "edit", change.type, change.source, change.target, change.date,
         change.note, at, correction_id))
    return correction_id


def _correction(conn: sqlite3.Connection, correction_id: int) -> dict[str, Any]:
    return dict(conn.execute("SELECT * FROM corrections WHERE id = ?", (correction_id,)).fetchone())


# applying ---------------------------------------------------------------------------
def reapply(conn: sqlite3.Connection, digest: str, doc_id: str) -> int:
    """Apply again the corrections made on a document whose text has this
    content hash, after ``doc_id`` was (re)written with it; corrections made
    on an earlier text of ``doc_id`` no longer apply. Return how many found
    an event."""
    conn.execute("UPDATE corrections SET event_id = NULL WHERE doc_id = ? AND content_hash != ?", (doc_id, digest))
    applied = 0
    for correction in [dict(r) for r in conn.execute(
            "SELECT * FROM corrections WHERE content_hash = ? ORDER BY id", (digest,))]:
        event = _match(conn, correction)
        conn.execute("UPDATE corrections SET event_id = ? WHERE id = ?", (event and event["id"], correction["id"]))
        if event is not None:
            _apply(conn, correction, event)
            applied += 1
    return applied


def _match(conn: sqlite3.Connection, c: dict[str, Any]) -> dict[str, Any] | None:
    """The event now on the correction's evidence, or None."""
    rows = conn.execute(
        """SELECT e.id FROM events e JOIN documents d ON d.doc_id = e.doc_id
           WHERE d.content_hash = ? AND lower(e."trigger") = lower(?) AND e.start < ? AND e."end" > ?""",
        (c["content_hash"], c["trigger"], c["end"], c["start"])).fetchall()
    events = [e for e in (_event(conn, r[0]) for r in rows) if e is not None]
    if not events:
        return None
    return min(events, key=lambda e: (e["start"] != c["start"], e["type"] != c["coded_type"],
                                      _keys(e["source"]) != c["coded_source"],
                                      _keys(e["target"]) != c["coded_target"], abs(e["start"] - c["start"]), e["id"]))


def _apply(conn: sqlite3.Connection, c: dict[str, Any], event: dict[str, Any]) -> None:
    _mark_block(conn, event)
    if c["action"] == "reject":
        conn.execute("DELETE FROM events WHERE id = ?", (event["id"],))
        return
    sets: dict[str, Any] = {"correction_id": c["id"], "cluster_key": None}
    if c["type"]:
        cameo, quad, intensity = _type_codes()[c["type"]]
        sets.update(type=c["type"], cameo=cameo, quad_class=quad, intensity=intensity)
    if c["date"]:
        sets.update(date=c["date"], date_precision="day", date_text=None)
    assignments = ", ".join(f'"{k}" = ?' for k in sets)
    conn.execute(f"UPDATE events SET {assignments} WHERE id = ?", (*sets.values(), event["id"]))
    for role in ("source", "target"):
        if c[role]:
            _set_actors(conn, event["id"], role, c[role])


def _mark_block(conn: sqlite3.Connection, event: dict[str, Any]) -> None:
    """Have the next clustering pass redo the event's old block."""
    conn.execute("""UPDATE events SET cluster_key = NULL WHERE id = (SELECT id FROM events INDEXED BY
                    events_cluster_key WHERE cluster_key = ? AND id != ? LIMIT 1)""",
                 (event.get("cluster_key"), event["id"]))


def _set_actors(conn: sqlite3.Connection, event_id: str, role: str, codes: str) -> None:
    conn.execute("DELETE FROM event_actors WHERE event_id = ? AND role = ?", (event_id, role))
    rows = [(event_id, role, i, *actor_fields(code)) for i, code in enumerate(c for c in codes.split("+") if c)]
    conn.executemany("""INSERT INTO event_actors (event_id, role, position, actor_id, name, country, org, sector,
                        wikidata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)


def actor_fields(code: str) -> tuple[str | None, str, str | None, str | None, str | None, str | None]:
    """(id, name, country, org, sector, wikidata) for an actor code: a state
    (``KAZ``), an organisation (``CSTO``) or any name the knowledge base
    knows; anything else is kept as a bare name."""
    base = _knowledge_base()
    ent = base.entities.get(f"country/{code.upper()}") or next(iter(base.find(code)), None)
    if ent is None:
        country = code.upper() if len(code) == 3 and code.isalpha() else None
        return None, code, country, None, None, None
    country = code.upper() if ent.kind == "country" else ent.country
    return ent.id, ent.name, country, ent.org, ent.sector, ent.wikidata


@functools.lru_cache(maxsize=1)
def _knowledge_base() -> Any:
    from geopol import kb as kbmod

    return kbmod.load()


def _type_codes() -> dict[str, tuple[str, str, float]]:
    from geopol.stages.lexicon import TYPE_TABLE

    return TYPE_TABLE


# reading ----------------------------------------------------------------------------
def list_corrections(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every correction, oldest first, with the event as coded (``original``)
    and ``applied``: whether an event currently carries it."""
    rows = [dict(r) for r in conn.execute("SELECT * FROM corrections ORDER BY id")]
    for row in rows:
        row["original"] = json.loads(row["original"])
        row["applied"] = row["event_id"] is not None
    return rows
