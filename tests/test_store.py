"""The SQLite store: idempotent writes, atomic replacement, filters, search,
dyads, migrations and unusable files. Records are built by hand, no spaCy."""
from __future__ import annotations

import hashlib
import sqlite3
from datetime import date

import pytest

from geopol.store import MIGRATIONS, Store, StoreError, content_hash
from geopol.store import schema as store_schema
from geopol.store import write as store_write
from geopol.types import Actor, Discarded, DocResult, Document, Event, EventDate, Mention

KAZ = Actor("kaz-gov", "Kazakhstan", country="KAZ", sector="GOV", wikidata="Q232")
TOKAYEV = Actor("tokayev", "Kassym-Jomart Tokayev", country="KAZ", sector="GOV")
CSTO = Actor("csto", "Collective Security Treaty Organization", org="CSTO", sector="IGO")
RUS_CSTO = Actor("rus-mil", "Russian paratroopers", country="RUS", org="CSTO", sector="MIL")
KGZ = Actor("kgz-mil", "Kyrgyz border guards", country="KGZ", sector="MIL")
TJK = Actor("tjk-mil", "Tajik border guards", country="TJK", sector="MIL")

TEXT = ("Tokayev asked the CSTO-led force for help. "
        "CSTO troops deployed near Almaty airport. "
        "Kyrgyz guards fired on Tajik guards. "
        "Kyrgyz guards did not attack Tajik guards again.")
QUAD = {"REQUEST": ("02", "verbal cooperation", 3.0), "COOPERATE": ("06", "material cooperation", 6.0),
        "ASSAULT": ("18", "material conflict", -9.0), "ACCUSE": ("11", "verbal conflict", -2.0)}


def span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    return [span(text, s.strip() + ".") for s in text.split(".") if s.strip()]


def event(eid: str, kind: str, source: list[Actor], target: list[Actor], day: date | None,
          text: str = TEXT, sentence: str | None = None, negated: bool = False) -> Event:
    start, end = span(text, sentence) if sentence else (0, 10)
    cameo, quad, intensity = QUAD[kind]
    when = EventDate(day, "day", day.isoformat() if day else None) if day else None
    return Event(id=eid, type=kind, cameo=cameo, quad_class=quad, intensity=intensity, source=source,
                 target=target, sentence=text[start:end], start=start, end=end, trigger="t", date=when,
                 negated=negated, confidence=0.81234, reason="built by hand")


def result(doc_id: str = "doc1", text: str = TEXT, events: list[Event] | None = None) -> DocResult:
    return DocResult(
        Document(doc_id=doc_id, text=text, path=f"{doc_id}.txt", title=f"Title {doc_id}",
                 date=date(2022, 1, 7)),
        mentions=[Mention(text[:7], 0, 7, TOKAYEV, reason="name")],
        events=events if events is not None else [],
        discarded=[Discarded(0, 0, "boilerplate")],
        sentences=sentence_spans(text),
    )


def corpus() -> list[DocResult]:
    """Two documents, five events across 2021-2022, one negated, one undated."""
    one = result("doc1", events=[
        event("e1", "REQUEST", [TOKAYEV], [CSTO], date(2022, 1, 5),
              sentence="Tokayev asked the CSTO-led force for help."),
        event("e2", "COOPERATE", [RUS_CSTO], [KAZ], date(2022, 1, 6),
              sentence="CSTO troops deployed near Almaty airport."),
        event("e3", "ASSAULT", [KGZ], [TJK], date(2021, 4, 29), sentence="Kyrgyz guards fired on Tajik guards."),
        event("e4", "ASSAULT", [KGZ], [TJK], date(2021, 4, 30),
              sentence="Kyrgyz guards did not attack Tajik guards again.", negated=True),
    ])
    other = "Tajik officials accused Kyrgyz guards of provocation."
    two = result("doc2", text=other, events=[event("e5", "ACCUSE", [TJK], [KGZ], None, text=other, sentence=other)])
    return [one, two]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "geopol.db") as opened:
        for res in corpus():
            opened.write(res)
        yield opened


def fts_is_consistent(store: Store) -> bool:
    try:
        store.conn.execute("INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return False
    return True


def ids(rows: list[dict]) -> list[str]:
    return [row["id"] for row in rows]


@pytest.mark.parametrize("where", ["memory", "file"])
def test_store_write_twice_is_idempotent(tmp_path, where):
    path = ":memory:" if where == "memory" else tmp_path / "g.db"
    with Store(path) as store:
        first = [store.write(r) for r in corpus()]
        counts = store.stats()
        second = [store.write(r) for r in corpus()]
        assert first == [True, True] and second == [False, False]
        assert store.stats() == counts == {"documents": 2, "sentences": 5, "events": 5, "mentions": 2, "errors": 0}
        assert store.has("doc1", content_hash(TEXT)) and not store.has("doc1", content_hash("other"))


@pytest.mark.parametrize("text", ["", "Tokayev asked.", "Ünïcode — ☃"])
def test_store_content_hash_is_sha256_of_text(text):
    assert content_hash(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("new_text", ["Uzbekistan suspended its CSTO membership. Moscow regretted it."])
def test_store_changed_text_replaces_all_rows(store, new_text):
    changed = result("doc1", text=new_text, events=[
        event("e9", "ACCUSE", [KAZ], [CSTO], date(2012, 6, 28), text=new_text,
              sentence="Uzbekistan suspended its CSTO membership.")])
    changed.mentions.clear()
    assert store.write(changed) is True
    assert store.document("doc1")["text"] == new_text
    assert store.document("doc1")["content_hash"] == content_hash(new_text)
    assert ids(store.events()) == ["e9", "e5"]
    assert store.stats() == {"documents": 2, "sentences": 3, "events": 2, "mentions": 1, "errors": 0}
    assert store.conn.execute("SELECT count(*) FROM mentions WHERE doc_id = 'doc1'").fetchone()[0] == 0
    old_actors = store.conn.execute("SELECT count(*) FROM event_actors WHERE event_id IN ('e1','e2','e3','e4')")
    assert old_actors.fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM discarded WHERE doc_id = 'doc1'").fetchone()[0] == 1
    assert store.search("Almaty") == []
    assert [hit["doc_id"] for hit in store.search("suspended")] == ["doc1"]
    assert fts_is_consistent(store)


@pytest.mark.parametrize("failing_step", ["_insert_events", "_insert_mentions", "_insert_discarded", "_clear_errors"])
def test_store_interrupted_write_leaves_previous_state(store, monkeypatch, failing_step):
    before = (store.stats(), store.events(), store.document("doc1"))
    new_text = "Armenia froze its participation in the CSTO."
    new = [result("doc1", text=new_text, events=[event("e7", "ACCUSE", [KAZ], [CSTO], date(2024, 2, 23),
                                                        text=new_text, sentence=new_text)]),
           result("doc3", text=new_text)]
    real = getattr(store_write, failing_step)

    def crash(*args):
        real(*args)
        raise RuntimeError("power cut")

    monkeypatch.setattr(store_write, failing_step, crash)
    for res in new:
        with pytest.raises(RuntimeError):
            store.write(res)
    assert (store.stats(), store.events(), store.document("doc1")) == before
    assert store.document("doc3") is None and store.search("Armenia") == []
    assert not store.conn.in_transaction and fts_is_consistent(store)

    monkeypatch.setattr(store_write, failing_step, real)
    assert [store.write(res) for res in new] == [True, True]
    assert [store.write(res) for res in new] == [False, False]
    rows = store.conn.execute("SELECT doc_id, count(*) FROM documents GROUP BY doc_id").fetchall()
    assert sorted(map(tuple, rows)) == [("doc1", 1), ("doc2", 1), ("doc3", 1)]
    assert ids(store.events()) == ["e7", "e5"]


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ["e3", "e4", "e1", "e2", "e5"]),
    ({"actor": "kaz"}, ["e1", "e2"]),
    ({"actor": "CSTO"}, ["e1", "e2"]),
    ({"actor": "csto"}, ["e1", "e2"]),
    ({"actor": "rus"}, ["e2"]),
    ({"actor": "Kassym-Jomart Tokayev"}, ["e1"]),
    ({"actor": "TJK-MIL"}, ["e3", "e4", "e5"]),
    ({"actor": "nobody"}, []),
    ({"type": "assault"}, ["e3", "e4"]),
    ({"type": "ASSAULT", "include_negated": False}, ["e3"]),
    ({"include_negated": False}, ["e3", "e1", "e2", "e5"]),
    ({"since": "2022-01-06"}, ["e2"]),
    ({"since": date(2022, 1, 5), "until": "2022-01-05"}, ["e1"]),
    ({"until": "2021-04-29"}, ["e3"]),
    ({"since": "2021", "until": "2021"}, ["e3", "e4"]),
    ({"until": "2021-04"}, ["e3", "e4"]),
    ({"since": "2022-02"}, []),
    ({"actor": "KGZ", "since": "2021-04-30"}, ["e4"]),
    ({"limit": 2}, ["e3", "e4"]),
])
def test_store_events_filters(store, filters, expected):
    assert ids(store.events(**filters)) == expected


@pytest.mark.parametrize("event_id", ["e1", "e2", "e5"])
def test_store_events_have_the_contract_fields(store, event_id):
    original = next(e for r in corpus() for e in r.events if e.id == event_id)
    row = next(r for r in store.events() if r["id"] == event_id)
    doc_id = row.pop("doc_id")
    assert (row.pop("cluster_id"), row.pop("correction_id")) == (None, None)
    assert row == original.to_dict()
    assert doc_id == ("doc2" if event_id == "e5" else "doc1")
    assert isinstance(row["cameo"], str) and isinstance(row["negated"], bool)


@pytest.mark.parametrize("bad", ["yesterday", "2022-13-01", "2022/01/05"])
def test_store_events_bad_date_raises_store_error(store, bad):
    with pytest.raises(StoreError) as err:
        store.events(since=bad)
    assert err.value.code == "E302" and repr(bad) in str(err.value)


@pytest.mark.parametrize(("words", "expected"), [
    ("Almaty", [("doc1", "CSTO troops deployed near Almaty airport.")]),
    ("csto-led", [("doc1", "Tokayev asked the CSTO-led force for help.")]),
    ("NEAR", [("doc1", "CSTO troops deployed near Almaty airport.")]),
    ("deploy*", [("doc1", "CSTO troops deployed near Almaty airport.")]),
    ('troops "Almaty', [("doc1", "CSTO troops deployed near Almaty airport.")]),
    ("provocation", [("doc2", "Tajik officials accused Kyrgyz guards of provocation.")]),
    ("Almaty provocation", []),
])
def test_store_search_finds_sentences(store, words, expected):
    assert [(hit["doc_id"], hit["sentence"]) for hit in store.search(words)] == expected


@pytest.mark.parametrize("words", [
    'CSTO-led "troops', '"', '""', "*", "NEAR(troops airport)", "troops NEAR/2 airport", "AND", "OR NOT",
    "-troops", "^troops", "text:troops", "(troops", "troops)", "{text}: x", "'; DROP TABLE events; --", "",
    "   ", "+", "troops AND", "Almaty*:",
])
def test_store_search_survives_hostile_input(store, words):
    hits = store.search(words)
    assert isinstance(hits, list)
    assert store.stats()["events"] == 5


@pytest.mark.parametrize("words", ["guards"])
def test_store_search_ranks_and_marks_snippets(store, words):
    hits = store.search(words, limit=2)
    assert len(hits) == 2
    assert all("[guards]" in hit["snippet"] for hit in hits)
    assert set(hits[0]) == {"doc_id", "title", "date", "start", "end", "sentence", "snippet"}
    doc = store.document(hits[0]["doc_id"])
    assert doc["text"][hits[0]["start"]:hits[0]["end"]] == hits[0]["sentence"]
    assert hits[0]["title"] == doc["title"] and hits[0]["date"] == "2022-01-07"


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({}, [("CSTO", "KAZ", 1, 1, 0), ("KAZ", "CSTO", 1, 1, 0), ("KGZ", "TJK", 1, 0, 1), ("TJK", "KGZ", 1, 0, 1)]),
    ({"limit": 1}, [("CSTO", "KAZ", 1, 1, 0)]),
    ({"since": "2021-01-01", "until": "2021-12-31"}, [("KGZ", "TJK", 1, 0, 1)]),
])
def test_store_dyads_count_directed_pairs(store, kwargs, expected):
    rows = store.dyads(**kwargs)
    assert [(r["source"], r["target"], r["events"], r["cooperation"], r["conflict"]) for r in rows] == expected


@pytest.mark.parametrize("repeat", [3])
def test_store_dyads_sum_events_per_pair_without_self_pairs(tmp_path, repeat):
    text = "Kyrgyz guards fired on Tajik guards."
    events = [event(f"a{i}", "ASSAULT", [KGZ], [TJK], date(2021, 4, 29), text=text, sentence=text)
              for i in range(repeat)]
    events.append(event("r1", "ACCUSE", [KGZ, KAZ], [TJK], date(2021, 4, 29), text=text, sentence=text))
    events.append(event("c1", "COOPERATE", [KGZ], [TJK], date(2021, 5, 1), text=text, sentence=text))
    events.append(event("self", "ACCUSE", [KGZ], [KGZ, TJK], date(2021, 5, 1), text=text, sentence=text))
    with Store(tmp_path / "d.db") as store:
        store.write(result("d", text=text, events=events))
        rows = {(r["source"], r["target"]): (r["events"], r["cooperation"], r["conflict"]) for r in store.dyads()}
    assert rows == {("KGZ", "TJK"): (repeat + 3, 1, repeat + 2), ("KAZ", "TJK"): (1, 0, 1)}


def test_store_migrations_run_once_and_not_on_reopen(tmp_path, monkeypatch):
    path = tmp_path / "geopol.db"
    Store(path).close()
    first = sqlite3.connect(path).execute("SELECT name, applied_at FROM migrations").fetchall()
    assert [name for name, _ in first] == [name for name, _ in MIGRATIONS]

    def refuse(*args):
        raise AssertionError("a migration ran again")

    monkeypatch.setattr(store_schema, "_run", refuse)
    with Store(path) as again:
        assert again.stats()["documents"] == 0
    assert sqlite3.connect(path).execute("SELECT name, applied_at FROM migrations").fetchall() == first


@pytest.mark.parametrize("extra", [("002_test", ("CREATE TABLE relations (a TEXT)",))])
def test_store_new_migration_runs_in_order_on_old_db(tmp_path, extra):
    path = tmp_path / "geopol.db"
    Store(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    assert store_schema.migrate(conn, (*MIGRATIONS, extra)) == ["002_test"]
    assert store_schema.migrate(conn, (*MIGRATIONS, extra)) == []
    names = [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY rowid")]
    assert names == [*(name for name, _ in MIGRATIONS), "002_test"]


@pytest.mark.parametrize("where", ["file"])
def test_store_opens_in_wal_with_foreign_keys(tmp_path, where):
    with Store(tmp_path / "w.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


@pytest.mark.parametrize("content", [b"This is a text file, not a database.\n" * 50, bytes(range(256)) * 20])
def test_store_non_sqlite_file_raises_store_error_naming_it(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StoreError) as err:
        Store(path)
    assert err.value.code == "E301"
    assert str(path) in str(err.value) and "--db" in str(err.value)
    assert path.read_bytes() == content


def test_store_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="other.db") as err:
        Store(path)
    assert err.value.code == "E301"
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    assert tables == [("customers",)]


def test_store_unopenable_path_raises_store_error(tmp_path):
    path = tmp_path / "missing-dir" / "geopol.db"
    with pytest.raises(StoreError, match="missing-dir") as err:
        Store(path)
    assert err.value.code == "E009"


@pytest.mark.parametrize(("path", "line"), [("feed.jsonl", 3), (None, None)])
def test_store_failed_results_go_to_errors_once(path, line):
    failed = DocResult(Document("bad", "", path=path, line=line), error="E102 stage failed")
    with Store(":memory:") as store:
        assert store.write(failed) is False
        assert store.write(DocResult(failed.doc, error="E102 failed again")) is False
        assert store.stats() == {"documents": 0, "sentences": 0, "events": 0, "mentions": 0, "errors": 1}
        assert store.conn.execute("SELECT message FROM errors").fetchone()[0] == "E102 failed again"
        assert store.document("bad") is None

        assert store.write(DocResult(Document("bad", "now fine", path=path, line=line))) is True
        assert store.stats()["errors"] == 0


@pytest.mark.parametrize("doc_id", ["doc1"])
def test_store_document_returns_fields_and_text(store, doc_id):
    doc = store.document(doc_id)
    assert doc["text"] == TEXT and doc["title"] == "Title doc1" and doc["date"] == "2022-01-07"
    assert doc["path"] == "doc1.txt" and doc["ingested_at"]
    assert store.document("absent") is None


def test_store_context_manager_closes(tmp_path):
    with Store(tmp_path / "c.db") as store:
        store.write(corpus()[0])
    with pytest.raises(sqlite3.ProgrammingError):
        store.stats()
