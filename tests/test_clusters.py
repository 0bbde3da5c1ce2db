"""One event per occurrence: blocks, reports, windows, the canonical event,
and clusters kept right when documents are re-coded."""
from __future__ import annotations

from datetime import date

import pytest

from geopol import clusters
from geopol.store import Store
from records_data import A1, KGZ, TJK, clash_corpus, doc, event


def build(path, results) -> Store:
    store = Store(path)
    for result in results:
        store.write(result)
    store.cluster()
    return store


def occurrences(store: Store) -> list[list[str]]:
    rows = store.conn.execute("SELECT COALESCE(cluster_id, id) AS occ, id FROM events ORDER BY occ, id")
    out: dict[str, list[str]] = {}
    for occ, eid in rows:
        out.setdefault(occ, []).append(eid)
    return sorted(out.values())


@pytest.fixture
def store(tmp_path):
    with build(tmp_path / "geopol.db", clash_corpus()) as opened:
        yield opened


def test_clusters_four_articles_of_one_clash_are_one_occurrence(store):
    [found] = store.clusters()
    assert (found["id"], found["events"], found["reports"], found["documents"]) == ("a3-0-ASSAULT", 6, 5, 4)
    assert (found["first_date"], found["last_date"]) == ("2021-04-29", "2021-05-01")
    assert sorted(e["doc_id"] for e in found["evidence"]) == ["a1", "a2", "a2", "a2", "a3", "a4"]
    assert all(e["sentence"] for e in found["evidence"])
    assert len(occurrences(store)) == 5
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 10


def test_clusters_events_name_their_canonical_event(store):
    rows = {e["id"]: e["cluster_id"] for e in store.events()}
    assert rows["a1-0-ASSAULT"] == rows["a4-0-COERCE"] == rows["a3-0-ASSAULT"] == "a3-0-ASSAULT"
    assert rows["a5-0-ASSAULT"] is None  # the other direction
    assert rows["a6-0-ASSAULT"] is None  # twelve days later


@pytest.mark.parametrize("min_reports, expected", [(2, 1), (5, 1), (6, 0)])
def test_clusters_min_reports(store, min_reports, expected):
    assert len(store.clusters(min_reports=min_reports)) == expected


def test_clusters_repeated_sentence_is_one_report():
    rows = [clusters.EventRow("x", "d", None, "Kyrgyz guards fired.", 0, "fired", 0.5),
            clusters.EventRow("y", "d", None, "Kyrgyz  guards FIRED", 21, "fired", 0.5)]
    [one] = clusters.cluster_block(rows)
    assert (len(one.reports), len(one.events)) == (1, 2)


@pytest.mark.parametrize("sentence, trigger, joins", [
    ("Kyrgyz border guards shot at Tajik border guards near Vorukh.", "shot", True),  # words overlap
    ("Bishkek fired back.", "fired", True),  # same trigger
    ("Shooting broke out at dawn.", "shooting", False),  # neither
])
def test_clusters_need_overlapping_evidence(sentence, trigger, joins):
    day = date(2021, 4, 29)
    first = clusters.EventRow("a", "d1", day, A1, 0, "fired", 0.5)
    other = clusters.EventRow("b", "d2", day, sentence, 0, trigger, 0.5)
    assert len(clusters.cluster_block([first, other])) == (1 if joins else 2)


@pytest.mark.parametrize("gap, joins", [(0, True), (3, True), (4, False)])
def test_clusters_window_counts_from_the_first_report(gap, joins):
    day = date(2021, 4, 29)
    rows = [clusters.EventRow("a", "d1", day, A1, 0, "fired", 0.5),
            clusters.EventRow("b", "d2", date.fromordinal(day.toordinal() + gap), A1, 0, "fired", 0.5)]
    assert len(clusters.cluster_block(rows)) == (1 if joins else 2)


def test_clusters_undated_reports_stay_alone():
    rows = [clusters.EventRow("a", "d1", None, A1, 0, "fired", 0.5),
            clusters.EventRow("b", "d2", None, A1, 0, "fired", 0.5)]
    assert len(clusters.cluster_block(rows)) == 2


@pytest.mark.parametrize("kind, other, same", [("ASSAULT", "COERCE", True), ("CONCEDE", "RETREAT", True),
                                               ("ASSAULT", "ACCUSE", False)])
def test_clusters_block_key_is_dyad_and_family(kind, other, same):
    assert (clusters.block_key(kind, ["KGZ"], ["TJK"]) == clusters.block_key(other, ["KGZ"], ["TJK"])) is same
    assert clusters.block_key(kind, ["KGZ"], ["TJK"]) != clusters.block_key(kind, ["TJK"], ["KGZ"])


def test_clusters_do_not_depend_on_ingest_order(tmp_path, store):
    with build(tmp_path / "reversed.db", list(reversed(clash_corpus()))) as other:
        assert occurrences(other) == occurrences(store)
        assert other.clusters() == store.clusters()


def test_clusters_follow_a_recoded_document(store):
    """a3 (the canonical report) is re-coded without its event: the cluster
    loses it and gets a new canonical event; re-clustering from scratch agrees."""
    A3b = "Dushanbe said nothing more."
    store.write(doc("a3", A3b, date(2021, 5, 1), []))
    assert store.cluster().blocks == 1
    [found] = store.clusters()
    assert (found["id"], found["events"], found["reports"]) == ("a1-0-ASSAULT", 5, 4)
    incremental = occurrences(store)
    store.cluster(rebuild=True)
    assert occurrences(store) == incremental


def test_clusters_a_new_report_joins_on_update(store):
    text = "Kyrgyz border guards fired mortars on Tajik border guards near Vorukh."
    late = event("a8", text, text, "ASSAULT", KGZ, TJK, date(2021, 4, 30), "fired", 0.95)
    store.write(doc("a8", text, date(2021, 4, 30), [late]))
    summary = store.cluster()
    assert (summary.blocks, summary.clusters) == (1, 1)
    [found] = store.clusters()
    assert (found["id"], found["reports"], found["documents"]) == ("a8-0-ASSAULT", 6, 5)
