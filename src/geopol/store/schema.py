"""The store's schema as named migrations, and the transaction they run in.

Each migration is a name and a tuple of SQL statements. ``migrate`` runs the
ones not yet recorded in the ``migrations`` table, each in its own
transaction, so a later change is one more entry (``"002_relations"``, ...)
appended to ``MIGRATIONS``; never edit one that has shipped.

Column names ``end`` and ``trigger`` are SQL keywords: quote them (``"end"``).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

Migration = tuple[str, tuple[str, ...]]

CREATE_MIGRATIONS = """
CREATE TABLE IF NOT EXISTS migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
)"""

_DOCUMENTS = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    path TEXT,
    title TEXT,
    date TEXT,
    url TEXT,
    source TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
)"""

# ``id`` is the rowid the full-text index points at; an explicit INTEGER
# PRIMARY KEY keeps it stable across VACUUM, which a bare rowid is not.
_SENTENCES = """
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (doc_id, start)
)"""

_SENTENCES_FTS = """
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
)"""

# External-content FTS5 stays consistent only through these triggers; they
# also fire for rows removed by ON DELETE CASCADE.
_SENTENCES_TRIGGERS = (
    """CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER sentences_au AFTER UPDATE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
    END""",
)

_EVENTS = """
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    mode TEXT,
    context TEXT,
    cameo TEXT NOT NULL,
    quad_class TEXT NOT NULL,
    intensity REAL NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_text TEXT,
    location TEXT,
    negated INTEGER NOT NULL DEFAULT 0,
    hedged INTEGER NOT NULL DEFAULT 0,
    attribution TEXT,
    sentence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    confidence REAL NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
)"""

# Actor columns are NOCASE so the case-insensitive actor filter uses the indexes.
_EVENT_ACTORS = """
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('source', 'target')),
    position INTEGER NOT NULL,
    actor_id TEXT COLLATE NOCASE,
    name TEXT NOT NULL COLLATE NOCASE,
    country TEXT COLLATE NOCASE,
    org TEXT COLLATE NOCASE,
    sector TEXT,
    wikidata TEXT,
    PRIMARY KEY (event_id, role, position)
)"""

_MENTIONS = """
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    actor_id TEXT,
    name TEXT NOT NULL,
    country TEXT,
    org TEXT,
    sector TEXT,
    wikidata TEXT,
    confidence REAL NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    place INTEGER NOT NULL DEFAULT 0
)"""

_DISCARDED = """
CREATE TABLE discarded (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    reason TEXT NOT NULL
)"""

# Missing parts of the key are '' (doc_id, path) and 0 (line: JSONL lines
# count from 1), so the primary key can dedupe them; NULLs never collide.
_ERRORS = """
CREATE TABLE errors (
    doc_id TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT '',
    line INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (doc_id, path, line)
)"""

_INDEXES = (
    "CREATE INDEX events_date ON events(date, doc_id, start)",
    "CREATE INDEX events_type ON events(type, date)",
    "CREATE INDEX events_doc ON events(doc_id)",
    "CREATE INDEX event_actors_country ON event_actors(country)",
    "CREATE INDEX event_actors_org ON event_actors(org)",
    "CREATE INDEX event_actors_actor_id ON event_actors(actor_id)",
    "CREATE INDEX event_actors_name ON event_actors(name)",
    "CREATE INDEX mentions_doc ON mentions(doc_id, start)",
    "CREATE INDEX discarded_doc ON discarded(doc_id, start)",
)

# One event per occurrence (geopol.clusters): an event whose ``cluster_id``
# is NULL is its own occurrence; otherwise ``cluster_id`` is the id of the
# cluster's canonical event (the canonical event carries its own id), so
# ``COALESCE(cluster_id, id)`` names the occurrence. ``clusters`` holds one
# row per cluster of two or more reports. No foreign key: re-coding a
# document deletes its events and the next clustering pass rebuilds these.
_CLUSTERS = """
CREATE TABLE clusters (
    id TEXT PRIMARY KEY,
    events INTEGER NOT NULL,
    reports INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    first_date TEXT,
    last_date TEXT
)"""

# Analyst corrections (geopol.corrections), keyed to the evidence rather
# than the event id: the document's content hash, the sentence offsets and
# the trigger, plus the type and actors coded then. ``original`` is the
# event as coded (JSON); ``event_id`` the event it applies to now (NULL
# when re-coding left nothing to apply it to).
_CORRECTIONS = """
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    coded_type TEXT NOT NULL,
    coded_source TEXT NOT NULL DEFAULT '',
    coded_target TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL CHECK (action IN ('edit', 'reject')),
    type TEXT,
    source TEXT,
    target TEXT,
    date TEXT,
    note TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    original TEXT NOT NULL,
    event_id TEXT
)"""

_RECORDS = (
    "ALTER TABLE events ADD COLUMN cluster_id TEXT",
    "ALTER TABLE events ADD COLUMN correction_id INTEGER",
    "CREATE INDEX events_cluster ON events(cluster_id)",
    _CLUSTERS,
    _CORRECTIONS,
    "CREATE INDEX corrections_evidence ON corrections(content_hash, start)",
    "CREATE INDEX corrections_event ON corrections(event_id)",
)

# The clustering block of each event (geopol.clusters): NULL until keyed,
# which marks it for the next clustering pass. Deleting an event clears
# the key of one surviving event of its block in another document, so that
# block is re-clustered too.
_CLUSTER_KEYS = (
    "ALTER TABLE events ADD COLUMN cluster_key TEXT",
    "CREATE INDEX events_cluster_key ON events(cluster_key)",
    """CREATE TRIGGER events_cluster_ad AFTER DELETE ON events WHEN old.cluster_key IS NOT NULL BEGIN
        UPDATE events SET cluster_key = NULL WHERE id = (SELECT id FROM events
            WHERE cluster_key = old.cluster_key AND doc_id != old.doc_id LIMIT 1);
    END""",
)

# Indexes the queries walk (geopol.store.query): events in their listed
# order (undated last), by type in that order, dated events in date order;
# errors by path and line for the check on each write. They replace the
# 001 indexes on (date, doc_id, start) and (type, date), which could not
# serve the order. ``event_pairs`` is the dyad table's source: one row per
# (event, source key, target key), the key being an actor's org, else its
# country, else its name, with the event's negation, date and quad class;
# triggers keep it in step with ``event_actors`` and ``events`` whoever
# writes them, so the dyad query is one scan of its index.
_ACTOR_KEY = "coalesce(nullif({0}.org, ''), nullif({0}.country, ''), {0}.name)"
_PAIRS_OF = f"""
    SELECT e.id, {_ACTOR_KEY.format("s")}, {_ACTOR_KEY.format("t")}, e.negated, e.date, e.quad_class
    FROM events e
    JOIN event_actors s ON s.event_id = e.id AND s.role = 'source'
    JOIN event_actors t ON t.event_id = e.id AND t.role = 'target'"""
_EVENT_PAIRS = """
CREATE TABLE event_pairs (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    negated INTEGER NOT NULL,
    date TEXT,
    quad_class TEXT NOT NULL,
    PRIMARY KEY (event_id, source, target)
) WITHOUT ROWID"""
_PAIRS_INSERT = "INSERT OR IGNORE INTO event_pairs (event_id, source, target, negated, date, quad_class)"
_EVENT_PAIRS_TRIGGERS = (
    f"""CREATE TRIGGER event_pairs_actor_ai AFTER INSERT ON event_actors BEGIN
        {_PAIRS_INSERT} {_PAIRS_OF}
        WHERE e.id = new.event_id AND (s.rowid = new.rowid OR t.rowid = new.rowid);
    END""",
    f"""CREATE TRIGGER event_pairs_actor_ad AFTER DELETE ON event_actors BEGIN
        DELETE FROM event_pairs WHERE event_id = old.event_id;
        {_PAIRS_INSERT} {_PAIRS_OF} WHERE e.id = old.event_id;
    END""",
    f"""CREATE TRIGGER event_pairs_actor_au AFTER UPDATE ON event_actors BEGIN
        DELETE FROM event_pairs WHERE event_id IN (old.event_id, new.event_id);
        {_PAIRS_INSERT} {_PAIRS_OF} WHERE e.id IN (old.event_id, new.event_id);
    END""",
    """CREATE TRIGGER event_pairs_event_au AFTER UPDATE OF negated, date, quad_class ON events BEGIN
        UPDATE event_pairs SET negated = new.negated, date = new.date, quad_class = new.quad_class
        WHERE event_id = new.id;
    END""",
)
_QUERY_INDEXES = (
    "DROP INDEX events_date",
    "DROP INDEX events_type",
    "CREATE INDEX events_order ON events(date IS NULL, date, doc_id, start, id)",
    "CREATE INDEX events_dated ON events(date, doc_id, start, id)",
    "CREATE INDEX events_type_order ON events(type, date IS NULL, date, doc_id, start, id)",
    "CREATE INDEX errors_path ON errors(path, line)",
    _EVENT_PAIRS,
    *_EVENT_PAIRS_TRIGGERS,
    f"{_PAIRS_INSERT} {_PAIRS_OF}",
    "CREATE INDEX event_pairs_dyad ON event_pairs(source, target, negated, date, quad_class)",
)

# Knowledge-base changes proposed by the articles (geopol.proposals): a
# membership event that adds to or contradicts the knowledge base, keyed to
# its evidence (content hash and offset) so re-coding raises it once.
# ``record`` is the knowledge-base line accepting it writes (JSON).
_KB_PROPOSALS = """
CREATE TABLE kb_proposals (
    id INTEGER PRIMARY KEY,
    org TEXT NOT NULL,
    country TEXT NOT NULL,
    change TEXT NOT NULL,
    status TEXT NOT NULL,
    date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('adds', 'contradicts')),
    kb_says TEXT NOT NULL,
    event_id TEXT,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    record TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'rejected')),
    raised_at TEXT NOT NULL,
    decided_at TEXT,
    note TEXT NOT NULL DEFAULT '',
    written_to TEXT,
    UNIQUE (org, country, change, content_hash, start)
)"""

MIGRATIONS: tuple[Migration, ...] = (
    ("001_initial", (
        _DOCUMENTS, _SENTENCES, _SENTENCES_FTS, *_SENTENCES_TRIGGERS, _EVENTS,
        _EVENT_ACTORS, _MENTIONS, _DISCARDED, _ERRORS, *_INDEXES,
    )),
    ("002_clusters_corrections", _RECORDS),
    ("003_cluster_keys", _CLUSTER_KEYS),
    ("004_query_indexes", _QUERY_INDEXES),
    ("005_kb_proposals", (_KB_PROPOSALS,)),
    # geopol serve sorts a page of events by these without sorting the table
    ("006_sort_indexes", ("CREATE INDEX IF NOT EXISTS events_confidence ON events(confidence)",
                          "CREATE INDEX IF NOT EXISTS events_intensity ON events(intensity)")),
    # the coder's flag for events whose text names no target (dyadic views leave them out)
    ("007_event_targetless", ("ALTER TABLE events ADD COLUMN targetless INTEGER NOT NULL DEFAULT 0",)),
    # a document's source (its file, or its file and record id): a new
    # version of the text replaces the old one
    ("008_document_sources", ("""CREATE TABLE document_sources (
        source_key TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE)""",
                              "CREATE INDEX document_sources_doc ON document_sources(doc_id)")),
)


def now() -> str:
    """The current UTC time as ISO 8601, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block as one write transaction: all of it or none of it.

    The connection must be in autocommit mode (``isolation_level=None``).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def applied(conn: sqlite3.Connection) -> set[str]:
    """Names of the migrations already run on this database."""
    return {row[0] for row in conn.execute("SELECT name FROM migrations")}


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Run the migrations this database lacks, in order; return their names."""
    conn.execute(CREATE_MIGRATIONS)
    done = applied(conn)
    return [name for name, statements in migrations
            if name not in done and _run(conn, name, statements)]


def _run(conn: sqlite3.Connection, name: str, statements: tuple[str, ...]) -> bool:
    """Run one migration in a transaction, unless another process just did."""
    with transaction(conn):
        if name in applied(conn):
            return False
        for statement in statements:
            conn.execute(statement)
        conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, now()))
    return True
