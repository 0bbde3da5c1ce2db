"""One event per occurrence: reports of the same real event, clustered.

Several articles (or several sentences of one article) often report one
event. Counting each report as an event is the main complaint about GDELT;
geopol groups them instead, deterministically, in three steps:

1. **Block.** Each event gets a ``cluster_key``: its directed dyad (the
   sorted source keys, the sorted target keys; an actor's key is its org
   acronym, else its country, else its name) and its type family
   (``FAMILIES``). Only events with the same key can be one occurrence, so
   the work is per block, never over the whole store.
2. **Reports.** Within a block, events from the same document whose
   sentence reads the same (case, spacing and punctuation aside) are one
   report, whatever their dates: an article repeating its lead is one
   report.
3. **Occurrences.** Reports are taken in order of (date, document, offset);
   a report joins the earliest open cluster whose first report is at most
   ``WINDOW_DAYS`` before it and that shares evidence with it (the same
   trigger word, or content-word overlap of at least ``MIN_OVERLAP``),
   else it starts a cluster. Undated reports, and dates less precise than
   a day, stay alone.

A cluster of two or more events gets a row in ``clusters`` and each member's
``events.cluster_id`` is the id of the canonical event: the most confident
member (then the earliest, then by document and offset). An event alone
keeps ``cluster_id`` NULL, so ``COALESCE(cluster_id, id)`` names the
occurrence.

The store keeps this up to date incrementally: new events have a NULL
``cluster_key``; deleting an event (re-coding its document) clears the key
of one surviving event of its block, by trigger. ``update`` keys those
events and re-clusters only the blocks they belong to; ``rebuild`` does
every block. ``geopol ingest`` runs ``update`` at the end of each run and
``geopol cluster`` runs ``rebuild``.
"""
from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

WINDOW_DAYS = 3
MIN_OVERLAP = 0.2
_CHUNK = 500

# Types whose reports of one event are often coded differently: a border
# clash is ASSAULT in one article and COERCE in another.
FAMILIES = {"ASSAULT": "FORCE", "COERCE": "FORCE", "CONCEDE": "YIELD", "RETREAT": "YIELD"}

_WORD = re.compile(r"[^\W\d_]{4,}")
_STOP = frozenset("""that this with from have been were will would their there they them than then
    said says also after before about into over under against which while where when what whom
    other more most some such only very just being between during""".split())


@dataclass
class Report:
    """The events of one block that one sentence of one document reports."""

    doc_id: str
    text: str
    start: int
    day: date | None
    events: list[EventRow] = field(default_factory=list)

    @functools.cached_property
    def words(self) -> frozenset[str]:
        return _content_words(self.text)

    @property
    def triggers(self) -> frozenset[str]:
        return frozenset(e.trigger.lower() for e in self.events)


@dataclass(frozen=True)
class EventRow:
    """What clustering reads of one stored event."""

    id: str
    doc_id: str
    day: date | None
    sentence: str
    start: int
    trigger: str
    confidence: float


@dataclass
class Cluster:
    """One occurrence reported more than once."""

    reports: list[Report]

    @property
    def events(self) -> list[EventRow]:
        return [e for r in self.reports for e in r.events]

    @property
    def canonical(self) -> EventRow:
        return min(self.events, key=lambda e: (-e.confidence, e.day or date.max, e.doc_id, e.start, e.id))

    def days(self) -> list[date]:
        return sorted(r.day for r in self.reports if r.day is not None)


@dataclass(frozen=True)
class ClusterSummary:
    """What a clustering pass did."""

    blocks: int
    events: int
    clusters: int
    clustered_events: int


# keys -----------------------------------------------------------------------
def family(event_type: str) -> str:
    """The type family that reports of one occurrence share."""
    return FAMILIES.get(event_type, event_type)


def actor_key(org: str | None, country: str | None, name: str) -> str:
    return (org or country or name).upper()


def block_key(event_type: str, sources: Iterable[str], targets: Iterable[str]) -> str:
    """``SRC>TGT|FAMILY``, several actors on a side joined by ``+``."""
    return f"{'+'.join(sorted(set(sources)))}>{'+'.join(sorted(set(targets)))}|{family(event_type)}"


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def _same_sentence(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two word sets (0 when both are empty)."""
    return len(a & b) / len(a | b) if a or b else 0.0


# clustering (pure) ----------------------------------------------------------------
def reports_of(events: Iterable[EventRow]) -> list[Report]:
    """Group one block's events into reports, ordered by date, doc, offset."""
    by_sentence: dict[tuple[str, str], Report] = {}
    for e in sorted(events, key=lambda e: (e.doc_id, e.start, e.id)):
        key = (e.doc_id, _same_sentence(e.sentence))
        report = by_sentence.setdefault(key, Report(e.doc_id, e.sentence, e.start, e.day))
        report.events.append(e)
        if e.day is not None and (report.day is None or e.day < report.day):
            report.day = e.day
    return sorted(by_sentence.values(), key=lambda r: (r.day is None, r.day or date.min, r.doc_id, r.start))


def cluster_block(events: Iterable[EventRow], window: int = WINDOW_DAYS,
                  min_overlap: float = MIN_OVERLAP) -> list[Cluster]:
    """Partition one block's events into occurrences; singletons included."""
    clusters: list[Cluster] = []
    open_: list[Cluster] = []
    for report in reports_of(events):
        home = None if report.day is None else _home(open_, report, window, min_overlap)
        if home is None:
            home = Cluster([])
            clusters.append(home)
            if report.day is not None:
                open_.append(home)
        home.reports.append(report)
    return clusters


def _home(open_: list[Cluster], report: Report, window: int, min_overlap: float) -> Cluster | None:
    assert report.day is not None
    open_[:] = [c for c in open_ if (report.day - c.reports[0].day).days <= window]  # type: ignore[operator]
    return next((c for c in open_ if _shares_evidence(c, report, min_overlap)), None)


def _shares_evidence(cluster: Cluster, report: Report, min_overlap: float) -> bool:
    words = report.words
    return any(r.triggers & report.triggers or overlap(r.words, words) >= min_overlap for r in cluster.reports)


# the store --------------------------------------------------------------------------
def update(conn: sqlite3.Connection) -> ClusterSummary:
    """Key the events that have no ``cluster_key`` and re-cluster their blocks.

    Runs inside the caller's transaction.
    """
    keys = _key_new_events(conn)
    return _recluster(conn, sorted(keys))


def rebuild(conn: sqlite3.Connection) -> ClusterSummary:
    """Re-key every event and re-cluster every block."""
    conn.execute("UPDATE events SET cluster_key = NULL")
    conn.execute("UPDATE events SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
    conn.execute("DELETE FROM clusters")
    return update(conn)


def _key_new_events(conn: sqlite3.Connection) -> set[str]:
    sql = """SELECT e.id, e.type, a.role, a.org, a.country, a.name
             FROM events e LEFT JOIN event_actors a ON a.event_id = e.id
             WHERE e.cluster_key IS NULL ORDER BY e.id"""
    sides: dict[str, tuple[str, list[str], list[str]]] = {}
    for row in conn.execute(sql):
        kind, sources, targets = sides.setdefault(row[0], (row[1], [], []))
        if row[2] is not None:
            (sources if row[2] == "source" else targets).append(actor_key(row[3], row[4], row[5]))
    keyed = [(block_key(kind, s, t), eid) for eid, (kind, s, t) in sides.items()]
    conn.executemany("UPDATE events SET cluster_key = ? WHERE id = ?", keyed)
    return {key for key, _ in keyed}


def _recluster(conn: sqlite3.Connection, keys: Sequence[str]) -> ClusterSummary:
    events = clusters = clustered = 0
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i:i + _CHUNK]
        blocks = _load_blocks(conn, chunk)
        _clear(conn, chunk)
        found = [c for rows in blocks.values() for c in cluster_block(rows) if len(c.events) > 1]
        _save(conn, found)
        events += sum(len(rows) for rows in blocks.values())
        clusters += len(found)
        clustered += sum(len(c.events) for c in found)
    conn.execute("DELETE FROM clusters WHERE id NOT IN "
                 "(SELECT cluster_id FROM events WHERE cluster_id IS NOT NULL)")
    return ClusterSummary(len(keys), events, clusters, clustered)


def _load_blocks(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, list[EventRow]]:
    marks = ", ".join("?" * len(keys))
    sql = f"""SELECT cluster_key, id, doc_id, date, date_precision, sentence, start, "trigger", confidence
              FROM events INDEXED BY events_cluster_key WHERE cluster_key IN ({marks})"""
    blocks: dict[str, list[EventRow]] = {}
    for row in conn.execute(sql, list(keys)):
        day = _day(row[3]) if row[4] in (None, "day") else None
        blocks.setdefault(row[0], []).append(EventRow(row[1], row[2], day, row[5], row[6], row[7], row[8]))
    return blocks


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _clear(conn: sqlite3.Connection, keys: Sequence[str]) -> None:
    marks = ", ".join("?" * len(keys))
    conn.execute(f"""DELETE FROM clusters WHERE id IN (SELECT cluster_id FROM events INDEXED BY events_cluster_key
                     WHERE cluster_key IN ({marks}) AND cluster_id IS NOT NULL)""", list(keys))
    conn.execute(f"""UPDATE events SET cluster_id = NULL WHERE id IN (SELECT id FROM events INDEXED BY
                     events_cluster_key WHERE cluster_key IN ({marks}) AND cluster_id IS NOT NULL)""", list(keys))


def _save(conn: sqlite3.Connection, found: list[Cluster]) -> None:
    rows, members = [], []
    for c in found:
        canonical = c.canonical.id
        days = c.days()
        rows.append((canonical, len(c.events), len(c.reports), len({r.doc_id for r in c.reports}),
                     days[0].isoformat() if days else None, days[-1].isoformat() if days else None))
        members += [(canonical, e.id) for e in c.events]
    conn.executemany("INSERT INTO clusters (id, events, reports, documents, first_date, last_date) "
                     "VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.executemany("UPDATE events SET cluster_id = ? WHERE id = ?", members)


# reading ------------------------------------------------------------------------------
def list_clusters(conn: sqlite3.Connection, min_reports: int = 2, limit: int | None = None) -> list[dict]:
    """Clusters with their canonical event and every member's evidence."""
    # CROSS JOIN keeps clusters the outer loop: the planner would scan events
    sql = """SELECT c.*, e.type, e.cluster_key FROM clusters c CROSS JOIN events e ON e.id = c.id
             WHERE c.reports >= ? ORDER BY c.reports DESC, c.first_date, c.id LIMIT ?"""
    rows = [dict(r) for r in conn.execute(sql, (min_reports, -1 if limit is None else limit))]
    for row in rows:
        row["evidence"] = members(conn, row["id"])
    return rows


def members(conn: sqlite3.Connection, cluster_id: str) -> list[dict]:
    """The events of one cluster: id, document, date, offsets, sentence."""
    sql = """SELECT id, doc_id, date, start, "end", "trigger", sentence FROM events INDEXED BY events_cluster
             WHERE cluster_id = ? ORDER BY date IS NULL, date, doc_id, start, id"""
    return [dict(r) for r in conn.execute(sql, (cluster_id,))]
