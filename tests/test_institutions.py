"""Institutions: membership timelines from the knowledge base, agreements as
knowledge-base records, events linked to them, one chronology, and the
proposals an article that contradicts the knowledge base raises."""
from __future__ import annotations

import json
from datetime import date

import pytest

import viewstore
from geopol import proposals as props
from geopol.institutions import (UnknownInstitution, action_of, agreement_events, chronology, names_agreement,
                                 resolve, shadows_of, timeline)
from geopol.kb import load
from geopol.kb.load import check_record, default_files
from geopol.relations import Scope
from geopol.store import Store
from viewstore import CSTO, KGZ, UZB, Actor

KAZ = Actor("kaz", "Kazakhstan", country="KAZ", sector="GOV")
ARM = Actor("arm", "Armenia", country="ARM", sector="GOV")
TKM = Actor("tkm", "Turkmenistan", country="TKM", sector="GOV")
RUS_TROOPS = Actor("rus-csto", "CSTO troops", country="RUS", org="CSTO", sector="MIL")
UNGA = Actor("org/UNGA", "United Nations General Assembly", org="UN", sector="IGO")  # an organ, coded as the UN

EXTRA = [
    ("a01", "AGREE", [KAZ], [UZB], "2022-12-22", "Kazakhstan and Uzbekistan signed the Treaty on Allied Relations.", {}),
    ("a02", "AGREE", [KAZ], [UZB], "2022-12-23", "The two presidents signed it in Tashkent.", {}),
    ("a03", "AGREE", [KAZ], [UZB], "2023-05-01", "The two presidents signed trade deals.", {}),
    ("a04", "AGREE", [KAZ], [UZB], "2023-06-01", "Uzbekistan did not ratify the Treaty on Allied Relations.",
     {"negated": True}),
    ("a06", "AGREE", [UZB], [Actor("rus", "Russia", country="RUS", sector="GOV")], "2005-11-14",
     "Karimov and Putin signed a Treaty on Allied Relations in the Kremlin.", {}),
    ("a07", "AGREE", [TKM], [Actor("aze", "Azerbaijan", country="AZE", sector="GOV")], "2023-01-10",
     "Turkmenistan and Azerbaijan praised the Treaty on Allied Relations.", {}),
    ("a05", "REJECT", [UZB], [CSTO], "2009-06-14",
     "Uzbekistan declined to sign the agreement on the Collective Rapid Reaction Force.", {}),
    ("p01", "RETREAT", [ARM], [CSTO], "2024-02-20", "Armenia froze its participation in the CSTO.", {}),
    ("p02", "COOPERATE", [TKM], [CSTO], "2020-01-10", "Turkmenistan joined the CSTO as a full member.", {}),
    ("p03", "RETREAT", [RUS_TROOPS], [KAZ], "2022-01-13", "CSTO troops began withdrawing from Kazakhstan.", {}),
    ("g01", "REQUEST", [UNGA], [Actor("rus", "Russia", country="RUS", sector="GOV")], "2014-03-27",
     "The assembly called on Moscow to respect the vote.", {}),
]


@pytest.fixture
def store(tmp_path):
    opened = viewstore.build(tmp_path / "inst.db")
    for result in viewstore.results(EXTRA):
        opened.write(result)
    yield opened
    opened.close()


def changes(entries, country):
    return [(e.date.isoformat(), e.change) for e in entries if e.country == country]


@pytest.mark.parametrize("org, country, expected", [
    ("CSTO", "UZB", [("1992-05-15", "joined"), ("1999-04-02", "left"), ("2006-08-16", "rejoined"),
                     ("2012-12-19", "left")]),
    ("CSTO", "ARM", [("1992-05-15", "joined"), ("2024-02-22", "froze its participation")]),
    ("SCO", "IND", [("2005-01-01", "became an observer"), ("2017-06-09", "became a member")]),
    ("Collective Security Treaty Organization", "AZE", [("1993-01-01", "joined"), ("1999-04-02", "left")]),
    ("C5+1", "USA", [("2015-11-01", "joined")]),
])
def test_institutions_timeline_from_the_knowledge_base(kb, org, country, expected):
    assert changes(timeline(kb, org), country) == expected


def test_institutions_timeline_window(kb):
    assert {(e.country, e.change) for e in timeline(kb, "CSTO", since="2012", until="2013")} == {
        ("UZB", "left"), ("AFG", "became an observer"), ("SRB", "became an observer")}


def test_institutions_unknown_name_raises(kb):
    with pytest.raises(UnknownInstitution, match="no organisation"):
        resolve(kb, "Warsaw Pact of Central Asia")


def test_institutions_chronology_events_carry_role_and_members_on_the_date(store, kb):
    chron = chronology(store, kb, "CSTO", since="2010", until="2012")
    events = {i.evidence.event_id: (i.role, i.members) for i in chron.items if i.kind == "event"}
    assert set(events) == {"e12", "e13", "e14"}
    role, members = events["e13"]  # the CSTO turned down the Kyrgyz appeal: who was in it then
    assert role == "by" and members == ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB")
    assert events["e12"][0] == "to"
    assert ("2012-12-19", "membership", "UZB left") in [(i.date, i.kind, i.text) for i in chron.items]
    assert chron.members == ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")  # on 2012-12-31
    assert [i.date for i in chron.items] == sorted(i.date for i in chron.items)


def test_institutions_chronology_shows_the_organisations_agreements(store, kb):
    chron = chronology(store, kb, "CSTO", since="2009", until="2009")
    assert "agreement/csto-collective-rapid-reaction-forces-2009" in chron.agreements
    texts = [i.text for i in chron.items]
    assert any(t.startswith("Agreement on the Collective Rapid Reaction Forces of the CSTO signed in Moscow")
               for t in texts)
    (declined,) = [i for i in chron.items if i.evidence and i.evidence.event_id == "a05"]
    assert "declined to sign" in declined.text  # merged: to CSTO, and the agreement it refused


def test_institutions_agreement_events_by_name_and_by_signing_date(store, kb):
    treaty = kb.agreement("Treaty on Allied Relations")
    linked = {i.evidence.event_id: i.role for i in agreement_events(store, treaty)}
    assert linked == {"a01": "signed", "a02": "signed"}  # a03 too late, a04 negated
    # a06 names another treaty of the same name, years before; a07 has no party on it


def test_institutions_chronology_of_an_agreement(store, kb):
    chron = chronology(store, kb, "agreement/kaz-uzb-treaty-allied-relations-2022")
    assert chron.kind == "treaty" and chron.members == ("KAZ", "UZB")
    assert [(i.date, i.kind) for i in chron.items][:3] == [
        ("2022-12-22", "membership"), ("2022-12-22", "membership"), ("2022-12-22", "agreement")]


@pytest.mark.parametrize("sentence, expected", [
    ("Leaders of the Collective Security Treaty Organization met in Moscow.", False),
    ("They marked 30 years since the signing of the collective security treaty.", True),
    ("The Tashkent Treaty was signed in 1992.", True),
])
def test_institutions_a_longer_name_does_not_name_the_treaty(kb, sentence, expected):
    treaty = kb.agreement("Collective Security Treaty")
    assert names_agreement(sentence, treaty, shadows_of(kb, treaty)) == expected


@pytest.mark.parametrize("type_, sentence, trigger, expected", [
    ("AGREE", "Moscow ratified the treaty.", "ratified", "ratified"),
    ("REQUEST", "Kazakhstan invoked Article 4 of the treaty.", "invoked", "invoked"),
    ("REJECT", "Uzbekistan declined to sign the pact.", "declined", "declined to sign"),
    ("CONSULT", "Leaders signed nothing but met.", "met", "met"),
    ("SUPPORT", "The treaty was praised.", "praised", "mentioned"),
])
def test_institutions_action_of_an_agreement_event(type_, sentence, trigger, expected):
    assert action_of(type_, sentence, trigger) == expected


def test_institutions_agreements_file_is_checked_and_loaded(kb):
    assert not [p for p in kb.problems if "agreements" in (p.path or "")]
    treaty = kb.agreement("Collective Security Treaty")
    assert treaty.signed == date(1992, 5, 15) and treaty.institution == "CSTO"
    assert "UZB" in treaty.parties_at(date(2010, 1, 1)) and "UZB" not in treaty.parties_at(date(2001, 1, 1))
    assert kb.agreement("Treaty on Allied Relations").follows == "agreement/kaz-uzb-declaration-allied-relations-2021"
    assert len(kb.agreement("Consultative Meeting of the Heads of State of Central Asia").milestones) >= 6
    assert "Collective Security Treaty" not in {e.name for e in kb.entities.values()}  # agreements are no actors


@pytest.mark.parametrize("record, problem", [
    ({"kind": "agreement", "id": "a", "name": "A", "type": "pact", "source": "s", "institution": "X"}, "type 'pact'"),
    ({"kind": "agreement", "id": "a", "name": "A", "type": "treaty", "source": "s"}, "needs 'parties'"),
    ({"kind": "agreement", "id": "a", "name": "A", "type": "treaty", "source": "s", "signed": "May 1992",
      "parties": [{"country": "KAZ"}]}, "signed 'May 1992'"),
    ({"kind": "agreement", "id": "a", "name": "A", "type": "treaty", "source": "s", "parties": [{"country": "kz"}]},
     "parties[0]"),
])
def test_institutions_bad_agreement_records_are_named(record, problem):
    assert any(problem in error for error in check_record(record))


# proposals ---------------------------------------------------------------------------------
def test_proposals_an_article_contradicting_the_kb_raises_one(store, kb):
    raised = props.raise_proposals(store, kb)
    assert [(p.org, p.country, p.change, p.date, p.kind, p.event_id) for p in raised] == [
        ("CSTO", "UZB", "suspended", "2012-06-28", "contradicts", "e14"),
        ("CSTO", "TKM", "joined", "2020-01-10", "adds", "p02")]
    by_event = {p.event_id: p for p in raised}
    assert set(by_event) == {"e14", "p02"}  # Armenia's freeze is in the KB; troops leaving Kazakhstan is no exit
    uzb = by_event["e14"]
    assert (uzb.change, uzb.status, uzb.kind, uzb.kb_says) == ("suspended", "suspended", "contradicts",
                                                               "member 2006-08-16 .. 2012-12-19")
    assert uzb.sentence == "Uzbekistan suspended its membership in the CSTO."
    assert by_event["p02"].kind == "adds"
    assert props.raise_proposals(store, kb) == []  # the same evidence is not raised twice


def test_proposals_accept_writes_a_record_the_kb_then_applies(store, kb, tmp_path):
    (uzb,) = [p for p in props.raise_proposals(store, kb) if p.country == "UZB"]
    out = tmp_path / "mine.jsonl"
    done = props.accept(store, uzb.id, out, note="checked the CSTO secretariat's statement")
    assert (done.state, done.written_to, done.note) == ("accepted", str(out), "checked the CSTO secretariat's statement")
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert check_record(json.loads(line)) == []
    learned = load([*default_files(), out])
    csto = learned.org("CSTO")
    assert csto.status_at("UZB", date(2012, 7, 1)) == "suspended"
    assert "UZB" not in csto.members_at(date(2012, 7, 1)) and "UZB" in csto.members_at(date(2012, 6, 1))
    assert ("2012-06-28", "was suspended") in changes(timeline(learned, "CSTO"), "UZB")
    assert props.proposals(store) == [p for p in props.proposals(store) if p.country == "TKM"]


def test_proposals_reject_is_kept_and_decided_once(store, kb, tmp_path):
    (tkm,) = [p for p in props.raise_proposals(store, kb) if p.country == "TKM"]
    assert props.reject(store, tkm.id, note="no such accession").state == "rejected"
    with pytest.raises(props.ProposalError, match="rejected already"):
        props.accept(store, tkm.id, tmp_path / "x.jsonl")
    with pytest.raises(props.ProposalError, match="no proposal 999"):
        props.reject(store, 999)
    assert not (tmp_path / "x.jsonl").exists()
    assert props.raise_proposals(store, kb) == []


def test_proposals_survive_reopening_the_store(store, kb):
    raised = props.raise_proposals(store, kb)
    with Store(store.path) as again:
        assert [p.id for p in props.proposals(again)] == [p.id for p in raised]


def test_institutions_chronology_counts_occurrences_not_reports(store, kb):
    again = [("c01", "REJECT", [CSTO], [KGZ], "2010-06-15", "The bloc said no again to the Kyrgyz appeal.", {})]
    for result in viewstore.results(again):
        store.write(result)
    store.conn.execute("UPDATE events SET cluster_id = 'e13' WHERE id IN ('e13', 'c01')")
    items = [i for i in chronology(store, kb, "CSTO", since="2010", until="2010").items if i.kind == "event"]
    assert [(i.evidence.event_id, i.reports) for i in items] == [("e12", ()), ("e13", ("c01",))]
    reports = chronology(store, kb, "CSTO", since="2010", until="2010", scope=Scope(reports=True))
    assert [i.evidence.event_id for i in reports.items if i.kind == "event"] == ["e12", "e13", "c01"]


@pytest.mark.parametrize("name", ["UNGA", "UN"])
def test_institutions_an_organs_acts_are_its_own_and_its_organisations(store, kb, name):
    """The General Assembly's events carry org UN (its part_of): both
    chronologies list them as acts by the institution."""
    chron = chronology(store, kb, name, since="2014", until="2014")
    assert [(i.evidence.event_id, i.role) for i in chron.items if i.kind == "event"] == [("g01", "by")]
