"""Store queries at scale: paging, streaming, both ways of finding an
actor's events, the dyad table kept in step by triggers, and query plans
that use the indexes. Records are built by hand, no spaCy."""
from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import pytest

from geopol.store import MIGRATIONS, Store
from geopol.store import query as store_query
from geopol.store import write as store_write
from geopol.store.schema import migrate, now, transaction
from geopol.types import Actor, DocResult, Document, Event, EventDate

COUNTRIES = ["KAZ", "RUS", "CHN", "UZB", "KGZ", "TJK", "TKM", "AFG", "IND", "PAK", "IRN", "TUR"]
QUADS = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"]

# The dyad table as the store computed it before event_pairs: the reference.
REFERENCE_DYADS = """
    WITH pairs AS (
        SELECT DISTINCT e.id, e.quad_class,
            coalesce(nullif(s.org, ''), nullif(s.country, ''), s.name) AS source,
            coalesce(nullif(t.org, ''), nullif(t.country, ''), t.name) AS target
        FROM events e
        JOIN event_actors s ON s.event_id = e.id AND s.role = 'source'
        JOIN event_actors t ON t.event_id = e.id AND t.role = 'target'
        WHERE e.negated = 0)
    SELECT source, target, count(*) AS events,
        sum(quad_class IN ('verbal cooperation', 'material cooperation')) AS cooperation,
        sum(quad_class IN ('verbal conflict', 'material conflict')) AS conflict
    FROM pairs WHERE source != target GROUP BY source, target
    ORDER BY events DESC, source, target"""


def _actor(rng: random.Random) -> Actor:
    if rng.random() < 0.1:
        return Actor("org/csto", "CSTO", org="CSTO", sector="IGO")
    country = rng.choices(COUNTRIES, [1 / (i + 1) for i in range(len(COUNTRIES))])[0]
    return Actor(f"{country.lower()}-gov", f"{country} government", country=country, sector="GOV")


def _event(rng: random.Random, doc_id: str, i: int, day: date) -> Event:
    when = None if rng.random() < 0.1 else EventDate(day + timedelta(days=rng.randint(0, 9)), "day", None)
    return Event(id=f"{doc_id}-{i}", type=rng.choice(["ACCUSE", "AGREE"]), cameo="11",
                 quad_class=rng.choice(QUADS), intensity=-2.0,
                 source=[_actor(rng) for _ in range(rng.choice([1, 1, 2]))],
                 target=[_actor(rng) for _ in range(rng.choice([1, 1, 2]))],
                 sentence="Someone said something.", start=i, end=i + 5, trigger="said", date=when,
                 negated=rng.random() < 0.1, confidence=0.5)


def _results(n_docs: int, seed: int = 3) -> list[DocResult]:
    rng = random.Random(seed)
    out = []
    for n in range(n_docs):
        day = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000))
        doc = Document(doc_id=f"d{n:03d}", text=f"Document {n}. Someone said something.", date=day)
        out.append(DocResult(doc, events=[_event(rng, doc.doc_id, i, day) for i in range(6)],
                             sentences=[(0, 10)]))
    return out


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Iterator[Store]:
    """120 documents, 720 events, a skewed mix of actors."""
    with Store(tmp_path_factory.mktemp("q") / "big.db") as store:
        for res in _results(120):
            store.write(res)
        yield store


def _naive(store: Store, actor: str | None = None) -> list[dict]:
    """Every event, filtered in Python: what any query must agree with."""
    rows = store.events()
    if actor is None:
        return rows
    names = lambda a: {a[k].lower() for k in ("country", "org", "id", "name") if a[k]}  # noqa: E731
    return [r for r in rows if any(actor.lower() in names(a) for a in r["source"] + r["target"])]


def _dyads(store: Store) -> list[tuple]:
    return [(d["source"], d["target"], d["events"], d["cooperation"], d["conflict"]) for d in store.dyads(limit=-1)]


def _reference(store: Store) -> list[tuple]:
    return [tuple(row) for row in store.conn.execute(REFERENCE_DYADS)]


def test_store_events_listed_undated_last(big):
    rows = big.events()
    dated = [r["date"] for r in rows if r["date"]]
    assert dated == sorted(dated) and len(dated) < len(rows)
    assert all(r["date"] is None for r in rows[len(dated):])


@pytest.mark.parametrize(("limit", "offset"), [(50, 0), (50, 50), (7, 700), (50, 719), (0, 0)])
def test_store_events_pages_are_slices_of_the_whole(big, limit, offset):
    assert big.events(limit=limit, offset=offset) == big.events()[offset:offset + limit]


@pytest.mark.parametrize("actor", ["KAZ", "kaz", "CSTO", "TUR", "tur-gov", "IRN government", "NOBODY"])
@pytest.mark.parametrize(("limit", "offset"), [(5, 0), (50, 10), (None, 0)])
def test_store_actor_filter_matches_every_event_naming_it(big, actor, limit, offset):
    expected = _naive(big, actor)
    end = None if limit is None else offset + limit
    assert big.events(actor=actor, limit=limit, offset=offset) == expected[offset:end]


@pytest.mark.parametrize(("actor", "walk"), [("KAZ", True), ("TUR", False), ("NOBODY", False)])
def test_store_common_actor_is_walked_in_order_rare_one_collected(big, actor, walk):
    """Both strategies are used on this store (and agree, above)."""
    assert store_query._walk_in_order(big.conn, store_query.EventFilter(actor=actor), 5, 0) is walk


def test_store_iter_events_streams_in_chunks(big, monkeypatch):
    monkeypatch.setattr(store_query, "_FETCH", 7)
    stream = big.iter_events(actor="KAZ")
    assert not isinstance(stream, list)
    assert list(stream) == _naive(big, "KAZ")


def test_store_dyads_equal_the_join_over_events_and_actors(big):
    assert _dyads(big) == _reference(big) and len(_dyads(big)) > 20


def test_store_dyad_pairs_follow_replacements_and_edits(tmp_path):
    results = _results(30, seed=5)
    with Store(tmp_path / "d.db") as store:
        for res in results:
            store.write(res)
        replaced = _results(30, seed=6)[4]
        store.write(DocResult(replace(results[4].doc, text="changed"), events=replaced.events, sentences=[(0, 7)]))
        store.conn.execute("UPDATE events SET negated = 1 - negated, quad_class = 'verbal conflict' "
                           "WHERE doc_id IN ('d001', 'd002')")
        store.conn.execute("UPDATE event_actors SET country = 'CHN', org = NULL WHERE event_id LIKE 'd003-%'")
        store.conn.execute("DELETE FROM event_actors WHERE event_id = 'd005-0' AND role = 'target'")
        store.conn.execute("DELETE FROM documents WHERE doc_id = 'd006'")
        assert _dyads(store) == _reference(store)
        assert store.conn.execute("SELECT count(*) FROM event_pairs WHERE event_id LIKE 'd006-%'").fetchone()[0] == 0


def test_store_migration_fills_event_pairs_from_existing_rows(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    # a store from before 004, with the columns today's writer fills (007 adds one to events)
    before = [m for m in MIGRATIONS if m[0] < "004" or m[0].startswith("007_")]
    migrate(conn, tuple(before))
    with transaction(conn):
        for res in _results(20, seed=8):
            store_write.write_document(conn, res, store_write.content_hash(res.doc.text), now())
    conn.close()
    with Store(path) as store:
        assert _dyads(store) == _reference(store) and _dyads(store)


def _plan(conn: sqlite3.Connection, sql: str, params: object = ()) -> list[str]:
    return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


def test_store_error_check_on_write_is_an_index_lookup(big):
    plan = _plan(big.conn, store_write.CLEAR_ERRORS, ("d", "p", 1))
    assert any("errors_path" in step for step in plan)
    assert not any(step.startswith("SCAN errors") for step in plan)


class _PlanSpy:
    """A connection that records the query plan of each statement it runs."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn, self.plans = conn, []

    def execute(self, sql: str, params: object = ()):
        self.plans.append((sql, _plan(self.conn, sql, params)))
        return self.conn.execute(sql, params)


@pytest.mark.parametrize(("where", "sorted_by_index"), [
    (store_query.EventFilter(), True), (store_query.EventFilter(type="ACCUSE"), True),
    (store_query.EventFilter(since="2020-01-01"), True), (store_query.EventFilter(until="2016-01-01"), True),
    (store_query.EventFilter(actor="KAZ"), True), (store_query.EventFilter(actor="TUR"), False),
])
def test_store_event_page_plans_use_indexes(big, where, sorted_by_index):
    """No full scan of events; the order comes from an index, except for a
    rare actor, whose few events are collected through the actor indexes
    and sorted."""
    spy = _PlanSpy(big.conn)
    list(store_query.iter_events(spy, where, limit=50))  # type: ignore[arg-type]
    plan = next(steps for sql, steps in spy.plans if sql.startswith("SELECT * FROM events"))
    assert "SCAN e" not in plan, plan
    assert any(step.startswith("USE TEMP B-TREE FOR ORDER BY") for step in plan) is not sorted_by_index, plan
    if where.actor and not sorted_by_index:
        assert any("event_actors_country" in step for step in plan), plan


def test_store_dyad_query_scans_the_pairs_index(big):
    spy = _PlanSpy(big.conn)
    store_query.dyads(spy, 10)  # type: ignore[arg-type]
    (_, plan), = spy.plans
    assert any("COVERING INDEX event_pairs_dyad" in step for step in plan), plan
