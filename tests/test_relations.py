"""Relations over time on a store built by hand (tests/viewstore.py): counts,
index, intensity and evidence ids per dyad and period, and what each scope
flag brings back."""
from __future__ import annotations

import pytest

import viewstore
from geopol.relations import Scope, evidence, relations


@pytest.fixture
def store(tmp_path):
    opened = viewstore.build(tmp_path / "rel.db")
    yield opened
    opened.close()


def cells(rows):
    return {(c.period, c.source, c.target): (c.events, c.cooperation, c.conflict, c.index, c.event_ids)
            for c in rows}


@pytest.mark.parametrize("directed, expected", [
    (True, {("2017", "UZB", "TJK"): (1, 1, 0, 1.0, ("e01",)),
            ("2017", "TJK", "UZB"): (1, 0, 1, -1.0, ("e02",)),
            ("2018", "UZB", "TJK"): (2, 2, 0, 1.0, ("e03", "e04"))}),
    (False, {("2017", "TJK", "UZB"): (2, 1, 1, 0.0, ("e01", "e02")),
             ("2018", "TJK", "UZB"): (2, 2, 0, 1.0, ("e03", "e04"))}),
])
def test_relations_dyad_by_year_leaves_out_negated_hedged_low_confidence_undated(store, directed, expected):
    assert cells(relations(store, dyad=("UZB", "TJK"), by="year", directed=directed)) == expected


def test_relations_intensity_and_types(store):
    (cell_2017,) = [c for c in relations(store, dyad=("tjk", "uzb"), directed=False) if c.period == "2017"]
    assert (cell_2017.intensity_sum, cell_2017.intensity_mean) == (-1.0, -0.5)
    assert cell_2017.by_type == {"ACCUSE": 1, "CONSULT": 1}
    assert cell_2017.by_quad == {"verbal cooperation": 1, "verbal conflict": 1}


@pytest.mark.parametrize("scope, added", [
    (Scope(negated=True), {"e05"}),
    (Scope(hedged=True), {"e06"}),
    (Scope(low_confidence=True), {"e07"}),
    (Scope(min_confidence=0.1), {"e07"}),
    (Scope(negated=True, hedged=True, low_confidence=True), {"e05", "e06", "e07"}),
])
def test_relations_scope_flags_bring_events_back(store, scope, added):
    def ids(rows):
        return {i for c in rows for i in c.event_ids}
    base = ids(relations(store, dyad=("UZB", "TJK")))
    assert ids(relations(store, dyad=("UZB", "TJK"), scope=scope)) - base == added


def test_relations_one_sided_events_only_with_the_flag(store):
    assert not [c for c in relations(store, actor="UZB") if c.target == "-"]
    (cell,) = [c for c in relations(store, actor="UZB", scope=Scope(one_sided=True)) if c.target == "-"]
    assert (cell.period, cell.events, cell.event_ids) == ("2018", 1, ("e11",))


def test_relations_targetless_column_is_honoured_when_present(store):
    viewstore.add_column(store, "targetless")
    store.conn.execute("UPDATE events SET targetless = 1 WHERE id = 'e09'")
    assert ("2019", "KGZ", "TJK") not in cells(relations(store))
    assert ("2019", "KGZ", "TJK") in cells(relations(store, scope=Scope(one_sided=True)))


def test_relations_self_dyads_kept_unless_scoped_out(store):
    assert cells(relations(store, actor="KAZ")) == {("2019", "KAZ", "KAZ"): (1, 0, 1, -1.0, ("e08",))}
    assert relations(store, actor="KAZ", scope=Scope(self_dyads=False)) == []


def test_relations_count_occurrences_when_clusters_exist(store):
    viewstore.add_column(store, "cluster_id")
    store.conn.execute("UPDATE events SET cluster_id = 'e03' WHERE id IN ('e03', 'e04')")
    (cell,) = [c for c in relations(store, dyad=("UZB", "TJK")) if c.period == "2018"]
    assert (cell.events, cell.reports, cell.event_ids, cell.intensity_sum) == (1, 2, ("e03", "e04"), 4.0)
    (reports,) = [c for c in relations(store, dyad=("UZB", "TJK"), scope=Scope(reports=True))
                  if c.period == "2018"]
    assert (reports.events, reports.reports) == (2, 2)


@pytest.mark.parametrize("by, since, until, expected", [
    ("quarter", None, None, {"2017-Q1", "2017-Q2", "2018-Q1"}),
    ("month", "2018", None, {"2018-03"}),
    ("year", None, "2017-12", {"2017"}),
    ("year", "2017-06-01", "2018-03-09", {"2017", "2018"}),
])
def test_relations_periods_and_date_bounds(store, by, since, until, expected):
    assert {c.period for c in relations(store, dyad=("UZB", "TJK"), by=by, since=since, until=until)} == expected


def test_relations_date_bounds_cut_inside_a_period(store):
    (cell,) = relations(store, dyad=("UZB", "TJK"), since="2018-03-10", until="2018-12-31")
    assert cell.event_ids == ("e04",)


@pytest.mark.parametrize("bad", [{"by": "week"}, {"since": "last year"}])
def test_relations_bad_arguments_raise_value_error(store, bad):
    with pytest.raises(ValueError):
        relations(store, **bad)


def test_relations_accepts_a_bare_connection(store):
    import sqlite3
    conn = sqlite3.connect(store.path)
    assert cells(relations(conn, dyad=("UZB", "TJK"))) == cells(relations(store, dyad=("UZB", "TJK")))
    conn.close()


def test_relations_evidence_gives_sentences_in_date_order(store):
    (cell,) = [c for c in relations(store, dyad=("UZB", "TJK"), directed=False) if c.period == "2017"]
    found = evidence(store, cell.event_ids)
    assert [(e.event_id, e.date, e.sentence) for e in found] == [
        ("e01", "2017-03-01", "Uzbek and Tajik ministers held talks in Dushanbe."),
        ("e02", "2017-06-01", "Tajikistan accused Uzbekistan of closing the border.")]
    doc = store.document(found[0].doc_id)
    assert doc["text"][found[0].start:found[0].end] == found[0].sentence
