"""What the pages and the JSON API show, read from an open store.

Each function takes a ``sqlite3.Connection`` (rows as ``sqlite3.Row``) and
returns plain dicts and lists, ready for JSON and for the templates. Every
request value reaches SQL as a bound parameter; the only text put into SQL
is chosen from the fixed tables below (``SORTS``, ``PERIODS``).
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Any

from geopol.store import query
from geopol.store.query import EventFilter

QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
SORTS = {
    "date": "e.date IS NULL, e.date",
    "confidence": "e.confidence",
    "type": "e.type",
    "intensity": "e.intensity",
    "doc": "e.doc_id",
}
PERIODS = {
    "year": "substr(e.date, 1, 4)",
    "month": "substr(e.date, 1, 7)",
}
MAX_PER_PAGE = 500


@dataclass(frozen=True)
class EventQuery:
    """One page of events: the ``geopol events`` filters, a quad class, an
    explicit list of ids, the sort key (``-`` first for descending) and the page."""

    where: EventFilter = field(default_factory=EventFilter)
    quad: str | None = None
    ids: tuple[str, ...] = ()
    sort: str = "date"
    page: int = 1
    per_page: int = 50
    offset: int | None = None  # as ``geopol events --offset``; else from the page


def _condition(q: EventQuery) -> tuple[str, dict[str, Any]]:
    clause, params = query.event_where(q.where)
    if q.quad:
        clause += " AND e.quad_class = :quad"
        params["quad"] = q.quad
    if q.ids:
        clause += " AND e.id IN (SELECT value FROM json_each(:ids))"
        params["ids"] = json.dumps(list(q.ids))
    return clause, params


def _order(sort: str) -> str:
    key = sort.lstrip("-")
    direction = " DESC" if sort.startswith("-") else ""
    columns = ", ".join(f"{c.strip()}{direction}" for c in SORTS[key].split(","))
    return f"{columns}, e.doc_id, e.start, e.id"


def count_events(conn: sqlite3.Connection, q: EventQuery) -> int:
    """How many events match ``q``'s filters (whatever its page and sort)."""
    return _count(conn, *_condition(q))


def list_events(conn: sqlite3.Connection, q: EventQuery, total: int | None = None) -> dict[str, Any]:
    """The page of events ``q`` asks for, with the total (counted unless
    given) and the page count."""
    clause, params = _condition(q)
    total = _count(conn, clause, params) if total is None else total
    offset = (q.page - 1) * q.per_page if q.offset is None else q.offset
    if q.sort.lstrip("-") == "date":
        ids = _by_date(conn, clause, params, q.sort.startswith("-"), offset, q.per_page)
    else:
        sql = f"SELECT e.id FROM events e WHERE {clause} ORDER BY {_order(q.sort)} LIMIT :limit OFFSET :offset"
        ids = [row[0] for row in conn.execute(sql, {**params, "limit": q.per_page, "offset": offset})]
    pages = max(1, -(-total // q.per_page))
    return {"total": total, "page": q.page, "per_page": q.per_page, "pages": pages, "offset": offset,
            "sort": q.sort, "events": query.events_by_id(conn, ids)}


def _count(conn: sqlite3.Connection, clause: str, params: dict[str, Any]) -> int:
    return conn.execute(f"SELECT count(*) FROM events e WHERE {clause}", params).fetchone()[0]


def _by_date(conn: sqlite3.Connection, clause: str, params: dict[str, Any], desc: bool, offset: int,
             limit: int) -> list[str]:
    """One page by date, undated events last (as ``Store.events``), read in
    two parts so that the dated part walks the date index instead of sorting."""
    d = " DESC" if desc else ""
    dated = (f"SELECT e.id FROM events e WHERE {clause} AND e.date IS NOT NULL "
             f"ORDER BY e.date{d}, e.doc_id{d}, e.start{d}, e.id{d} LIMIT :limit OFFSET :offset")
    ids = [row[0] for row in conn.execute(dated, {**params, "limit": limit, "offset": offset})]
    if len(ids) == limit:
        return ids
    skip = 0 if ids else max(0, offset - _count(conn, clause + " AND e.date IS NOT NULL", params))
    undated = (f"SELECT e.id FROM events e WHERE {clause} AND e.date IS NULL "
               "ORDER BY e.doc_id, e.start, e.id LIMIT :limit OFFSET :offset")
    return ids + [row[0] for row in conn.execute(undated, {**params, "limit": limit - len(ids), "offset": skip})]


def overview(conn: sqlite3.Connection, where: EventFilter, by: str = "year", dyads: int = 10) -> dict[str, Any]:
    """Row counts, events per period by quad class, events by type, the most active dyads."""
    clause, params = query.event_where(where)
    sql = (f"SELECT {PERIODS[by]} AS period, e.quad_class AS quad, count(*) AS n FROM events e "
           f"WHERE {clause} AND e.date IS NOT NULL GROUP BY period, quad ORDER BY period")
    periods: dict[str, dict[str, Any]] = {}
    for row in conn.execute(sql, params):
        cell = periods.setdefault(row["period"], {"period": row["period"], **{k: 0 for k in QUADS}})
        cell[row["quad"]] = cell.get(row["quad"], 0) + row["n"]
    periods = _fill(periods, by)
    types = conn.execute(f"SELECT e.type, count(*) AS events FROM events e WHERE {clause} "
                         "GROUP BY e.type ORDER BY events DESC, e.type", params).fetchall()
    return {"counts": query.stats(conn), "by": by, "periods": list(periods.values()),
            "types": [dict(row) for row in types],
            "dyads": query.dyads(conn, dyads, where.since, where.until)}


def _fill(periods: dict[str, dict[str, Any]], by: str) -> dict[str, dict[str, Any]]:
    """Add the empty periods between the first and the last, so time reads evenly."""
    if not periods:
        return periods
    keys = sorted(periods)
    first, last = keys[0], keys[-1]
    if by == "year":
        every = [str(y) for y in range(int(first[:4]), int(last[:4]) + 1)]
    else:
        start, end = int(first[:4]) * 12 + int(first[5:7]) - 1, int(last[:4]) * 12 + int(last[5:7]) - 1
        every = [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(start, end + 1)]
    return {p: periods.get(p) or {"period": p, **{k: 0 for k in QUADS}} for p in every}


def event_detail(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    """One event with its document, the mentions in its sentence and, for
    each actor, the mention and reason it was resolved by; None if absent."""
    found = query.events_by_id(conn, [event_id])
    if not found:
        return None
    event = found[0]
    doc = query.document(conn, event["doc_id"]) or {}
    mentions = _mentions_in(conn, event["doc_id"], event["start"], event["end"])
    for role in ("source", "target"):
        event[role] = [dict(actor, evidence=_evidence_for(actor, mentions)) for actor in event[role]]
    document = {k: doc.get(k) for k in ("doc_id", "title", "date", "url", "source", "path", "text")}
    same = conn.execute("SELECT id, type FROM events WHERE doc_id = ? AND start = ? AND id != ? ORDER BY id",
                        (event["doc_id"], event["start"], event_id)).fetchall()
    fixes = conn.execute('SELECT id, action, type, source, target, date, note, "at" FROM corrections '
                         "WHERE event_id = ? ORDER BY id", (event_id,)).fetchall()
    return {"event": event, "document": document, "mentions": mentions,
            "same_sentence": [dict(row) for row in same], "corrections": [dict(row) for row in fixes]}


def _mentions_in(conn: sqlite3.Connection, doc_id: str, start: int, end: int) -> list[dict[str, Any]]:
    sql = ('SELECT start, "end", text, actor_id, name, country, org, sector, confidence, reason, place '
           'FROM mentions WHERE doc_id = ? AND start >= ? AND "end" <= ? ORDER BY start')
    return [dict(row, place=bool(row["place"])) for row in conn.execute(sql, (doc_id, start, end))]


def _evidence_for(actor: dict[str, Any], mentions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The most confident mention in the sentence that names ``actor``."""
    def names(m: dict[str, Any]) -> bool:
        if actor.get("id"):
            return m["actor_id"] == actor["id"]
        return m["name"].lower() == (actor.get("name") or "").lower() and m["country"] == actor.get("country")

    matches = [m for m in mentions if names(m)]
    return max(matches, key=lambda m: m["confidence"]) if matches else None


def search(conn: sqlite3.Connection, words: str, page: int = 1, per_page: int = 20) -> dict[str, Any]:
    """Sentences holding all ``words``, best first, each with the events coded from it."""
    hits = query.search(conn, words, limit=page * per_page + 1)
    more = len(hits) > page * per_page
    hits = hits[(page - 1) * per_page:page * per_page]
    for hit in hits:
        rows = conn.execute("SELECT id, type FROM events WHERE doc_id = ? AND start = ? ORDER BY id",
                            (hit["doc_id"], hit["start"])).fetchall()
        hit["events"] = [dict(row) for row in rows]
        hit.pop("snippet", None)
    return {"q": words, "page": page, "per_page": per_page, "more": more, "hits": hits}


def actor_event_count(conn: sqlite3.Connection, key: str) -> int:
    """How many stored events name ``key`` (as ``geopol events --actor``) on either side."""
    clause, params = query.event_where(EventFilter(actor=key))
    return conn.execute(f"SELECT count(*) FROM events e WHERE {clause}", params).fetchone()[0]


def relation_series(cells: list[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    """A pair's undirected cells per period, gaps filled, each period with
    the ids of its events: what the dyad chart draws."""
    periods: dict[str, dict[str, Any]] = {}
    for c in cells:
        p = periods.setdefault(c["period"], {"period": c["period"], "events": 0, "cooperation": 0, "conflict": 0,
                                             "event_ids": []})
        p["events"] += c["events"]
        p["cooperation"] += c["cooperation"]
        p["conflict"] += c["conflict"]
        p["event_ids"] += [i for i in c["event_ids"] if i not in p["event_ids"]]
    if by in ("year", "month") and periods:
        empty = {"events": 0, "cooperation": 0, "conflict": 0, "event_ids": []}
        periods = {k: periods.get(k) or {"period": k, **empty} for k in _fill(
            {k: {} for k in periods}, by)}
    for p in periods.values():
        p["index"] = round((p["cooperation"] - p["conflict"]) / p["events"], 3) if p["events"] else None
    return [periods[k] for k in sorted(periods)]


def network_view(conn: sqlite3.Connection, kb: Any, scope: Any, since: str | None, until: str | None,
                 min_events: int, directed: bool) -> dict[str, Any]:
    """``geopol.network.network`` as nodes and edges for the page (lists, not space-separated strings)."""
    from geopol.network import NETWORK_SCOPE, STATUS_ATTRIBUTES, network

    graph = network(conn, kb, since=since, until=until, min_events=min_events, directed=directed,
                    scope=replace(scope, self_dyads=NETWORK_SCOPE.self_dyads))
    nodes = []
    for key, attrs in graph.nodes(data=True):
        node = {"id": key, "name": attrs.get("name", key), "kind": attrs.get("kind", "other"),
                "events": sum(d["events"] for *_, d in graph.edges(key, data=True))
                + (sum(d["events"] for *_, d in graph.in_edges(key, data=True)) if directed else 0)}
        for attr in (*STATUS_ATTRIBUTES.values(), "members", "observers"):
            node[attr] = attrs.get(attr, "").split()
        nodes.append(node)
    edges = [{"source": s, "target": t, **{k: d[k] for k in ("events", "reports", "cooperation", "conflict",
                                                              "index", "intensity_mean")},
              "event_ids": d["event_ids"].split()} for s, t, d in graph.edges(data=True)]
    return {"since": since, "until": until, "memberships_at": graph.graph["memberships_at"],
            "directed": directed, "min_events": min_events, "nodes": nodes, "edges": edges}


def status_in(node: dict[str, Any], org: str) -> str:
    """A node's standing in ``org`` at the network's date: the org itself,
    member, observer, partner, suspended, frozen or none."""
    if node["id"] == org:
        return "itself"
    for status, attr in (("member", "member_of"), ("suspended", "suspended_from"), ("frozen", "frozen_in"),
                         ("observer", "observer_of"), ("partner", "partner_of")):
        if org in node.get(attr, []):
            return status
    return "organisation" if node["kind"] == "organisation" else "none"


def clusters(conn: sqlite3.Connection, min_reports: int, page: int, per_page: int) -> dict[str, Any]:
    """One page of ``geopol.clusters.list_clusters``, with the total."""
    from geopol.clusters import list_clusters

    total = conn.execute("SELECT count(*) FROM clusters WHERE reports >= ?", (min_reports,)).fetchone()[0]
    rows = list_clusters(conn, min_reports, limit=page * per_page)[(page - 1) * per_page:]
    canon = {e["id"]: e for e in query.events_by_id(conn, [r["id"] for r in rows])}
    for row in rows:
        row["event"] = canon.get(row["id"])
    return {"total": total, "page": page, "per_page": per_page, "pages": max(1, -(-total // per_page)),
            "min_reports": min_reports, "clusters": rows}


def cluster(conn: sqlite3.Connection, cluster_id: str) -> dict[str, Any] | None:
    """One cluster's row, its canonical event and every member event."""
    from geopol.clusters import members

    row = conn.execute("SELECT * FROM clusters WHERE id = ?", (cluster_id,)).fetchone()
    if row is None:
        return None
    ids = [m["id"] for m in members(conn, cluster_id)]
    events = query.events_by_id(conn, ids)
    return {"cluster": dict(row), "event": next((e for e in events if e["id"] == cluster_id), None),
            "events": events}


def org_event_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many events name each organisation (by acronym) on either side."""
    sql = "SELECT upper(org) AS org, count(DISTINCT event_id) AS n FROM event_actors WHERE org != '' GROUP BY 1"
    return {row["org"]: row["n"] for row in conn.execute(sql)}


def spells(found: Any, as_of: str) -> list[dict[str, Any]]:
    """The membership spells of an organisation (or an agreement's parties)
    for the timeline chart: country, status, start and end (open spells end
    at ``as_of``)."""
    raw = getattr(found, "members", None)
    if raw is None:
        raw = [(p.country, p.span, "party", getattr(p, "note", None)) for p in found.parties]
    else:
        raw = [(m.country, m.span, m.status, m.source) for m in raw]
    out = [{"country": country, "status": status, "source": source,
            "start": span.start.isoformat() if span.start else None,
            "end": span.end.isoformat() if span.end else None, "open": span.end is None}
           for country, span, status, source in raw]
    for spell in out:
        spell["end"] = spell["end"] or as_of
    return sorted(out, key=lambda s: (s["country"], s["start"] or ""))
