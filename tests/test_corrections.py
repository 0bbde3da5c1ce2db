"""Analyst corrections: kept with when and why, keyed to the evidence, shown
on the events, and applied again when the documents are re-coded by a
coder that gives the events other ids (or finds nothing there)."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from geopol import api
from geopol.errors import RecordsError
from geopol.export import records
from geopol.store import Store
from geopol.types import DocResult
from records_data import A1, A5, KGZ, TJK, clash_corpus, doc, event

S1 = "Kyrgyz border guards fired on Tajik border guards near Vorukh on Thursday"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "geopol.db") as opened:
        for result in clash_corpus():
            opened.write(result)
        opened.cluster()
        yield opened


def newer_coder(result: DocResult, prefix: str = "v2-") -> DocResult:
    """The same document as a newer coder codes it: new ids, new confidences."""
    events = [dataclasses.replace(e, id=prefix + e.id, confidence=e.confidence / 2) for e in result.events]
    return dataclasses.replace(result, events=events)


def by_id(store: Store) -> dict[str, dict]:
    return {e["id"]: e for e in store.events()}


def test_corrections_edit_the_event_and_say_so(store):
    done = store.correct("a1-0-ASSAULT", type="coerce", target="CSTO", note="a raid on a post, not a battle")
    e = by_id(store)["a1-0-ASSAULT"]
    assert (e["type"], e["cameo"], e["intensity"], e["correction_id"]) == ("COERCE", "17", -7.0, done["id"])
    assert [(a["org"], a["sector"], a["wikidata"]) for a in e["target"]] == [("CSTO", "IGO", "Q318693")]
    assert [a["country"] for a in e["source"]] == ["KGZ"]  # not named, not changed
    [listed] = store.corrections()
    assert (listed["coded_type"], listed["coded_target"], listed["note"]) == ("ASSAULT", "TJK", done["note"])
    assert (listed["trigger"], listed["start"], listed["end"]) == ("fired", 0, len(S1))
    assert listed["original"]["type"] == "ASSAULT" and listed["at"]
    assert [r for r in records(store) if r["id"] == "a1-0-ASSAULT"][0]["correction"]["note"] == done["note"]


def test_corrections_survive_recoding_with_new_ids(store):
    store.correct("a1-0-ASSAULT", type="COERCE", date="2021-04-28", note="date from the ministry")
    a1 = clash_corpus()[0]
    assert store.write(a1) is False  # unchanged text: skipped without --recode
    assert store.write(newer_coder(a1), recode=True) is True
    events = by_id(store)
    assert "a1-0-ASSAULT" not in events
    e = events["v2-a1-0-ASSAULT"]
    assert (e["type"], e["date"], e["confidence"]) == ("COERCE", "2021-04-28", 0.35)
    assert e["correction_id"] == store.corrections()[0]["id"]
    assert store.corrections()[0]["event_id"] == "v2-a1-0-ASSAULT"


def test_corrections_reject_leaves_the_event_out_after_recoding(store):
    store.correct("a5-0-ASSAULT", reject=True, note="the wire reversed the sides")
    assert "a5-0-ASSAULT" not in by_id(store)
    a5 = clash_corpus()[4]
    store.write(newer_coder(a5), recode=True)
    assert not [e for e in store.events() if e["doc_id"] == "a5"]
    assert store.corrections()[0]["applied"] is True


def test_corrections_prefer_the_event_coded_then(store):
    """Two events share the trigger's sentence: the correction follows the
    one with the type it was made against, wherever the coder puts it."""
    store.correct("a1-0-ASSAULT", target="KAZ", note="n")
    a1 = clash_corpus()[0]
    other = dataclasses.replace(a1.events[0], id="x-request", type="REQUEST", cameo="02",
                                quad_class="verbal cooperation", intensity=3.0)
    store.write(dataclasses.replace(a1, events=[other, *newer_coder(a1).events]), recode=True)
    events = by_id(store)
    assert [a["country"] for a in events["v2-a1-0-ASSAULT"]["target"]] == ["KAZ"]
    assert [a["country"] for a in events["x-request"]["target"]] == ["TJK"]


def test_corrections_wait_when_the_evidence_is_gone(store):
    store.correct("a1-0-ASSAULT", type="COERCE")
    a1 = clash_corpus()[0]
    store.write(dataclasses.replace(a1, events=[]), recode=True)
    [c] = store.corrections()
    assert (c["applied"], c["event_id"]) == (False, None)
    store.write(newer_coder(a1, "v3-"), recode=True)  # a later coder finds it again
    assert by_id(store)["v3-a1-0-ASSAULT"]["type"] == "COERCE"


def test_corrections_do_not_touch_an_edited_text(store):
    store.correct("a1-0-ASSAULT", type="COERCE")
    text = A1 + " More later."
    edited = doc("a1", text, date(2021, 4, 29), [event("a1", text, S1, "ASSAULT", KGZ, TJK, date(2021, 4, 29),
                                                       "fired")])
    store.write(edited)
    assert by_id(store)["a1-0-ASSAULT"]["type"] == "ASSAULT"
    assert store.corrections()[0]["applied"] is False


def test_corrections_move_the_event_between_clusters(store):
    assert store.clusters()[0]["events"] == 6
    store.correct("a4-0-COERCE", type="AGREE", note="the posts were handed over")
    assert store.clusters()[0]["events"] == 5
    assert by_id(store)["a4-0-COERCE"]["cluster_id"] is None


@pytest.mark.parametrize("kwargs, code", [({}, "E603"), ({"type": "FIGHT"}, "E604"), ({"date": "May 2021"}, "E604")])
def test_corrections_refuse_what_cannot_be_applied(store, kwargs, code):
    with pytest.raises(RecordsError) as err:
        store.correct("a1-0-ASSAULT", **kwargs)
    assert err.value.code == code
    assert store.corrections() == []


def test_corrections_unknown_event(store):
    with pytest.raises(RecordsError, match="no event 'nope'"):
        store.correct("nope", type="COERCE")


def test_corrections_survive_a_real_recode_with_another_coder(tmp_path, pipeline, one_sided_pipeline):
    """The real pipeline codes a sample article; the analyst corrects an
    event; a re-ingest with a coder whose settings differ (one-sided events
    on) and whose ids differ re-applies it."""
    db = tmp_path / "geopol.db"
    sample = str(api.SAMPLES / "2022-01-06-kazakhstan-csto-request.txt")
    api.ingest([sample], db, pipeline=pipeline)
    with Store(db) as store:
        first = next(e for e in store.events() if [a["org"] for a in e["source"]] == ["CSTO"])
        store.correct(first["id"], type="AID", note="a peacekeeping force sent is aid, not a promise")

    class Newer:
        def extract(self, *args, **kwargs):
            return (newer_coder(r, "new:") for r in one_sided_pipeline.extract(*args, **kwargs))

    report = api.ingest([sample], db, pipeline=Newer(), recode=True)
    assert report.written == 1
    with Store(db) as store:
        moved = by_id(store)["new:" + first["id"]]
        assert (moved["type"], moved["sentence"]) == ("AID", first["sentence"])
        assert first["id"] not in by_id(store)
        assert store.corrections()[0]["event_id"] == moved["id"]
