"""The knowledge base: format checks, lookups, office holders, memberships."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from geopol.kb import load
from geopol.kb.load import check_record


@pytest.mark.parametrize("record,fragment", [
    ({"id": "x", "kind": "state", "name": "X"}, "missing required field 'source'"),
    ({"id": "x", "kind": "planet", "name": "X", "source": "s"}, "kind 'planet'"),
    ({"id": "x", "kind": "org", "name": "X", "source": "s", "sector": "XYZ"}, "sector 'XYZ'"),
    ({"id": "x", "kind": "person", "name": "X", "source": "s", "roles": [{"office": "king"}]}, "office 'king'"),
    ({"id": "x", "kind": "person", "name": "X", "source": "s", "roles": [{"office": "minister", "start": "May 2001"}]}, "start 'May 2001'"),
    ({"id": "x", "kind": "org", "name": "X", "source": "s", "members": [{"country": "KAZ", "status": "friend"}]}, "status 'friend'"),
    ({"id": "x", "kind": "body", "name": "X", "source": "s", "country": "Kazakhstan"}, "alpha-3"),
    ({"id": "x", "kind": "state", "name": "X", "source": "s", "independent": "2011-07-09"}, "must be given together"),
    ({"id": "x", "kind": "state", "name": "X", "source": "s", "independent": "July 2011", "part_of": "SDN"},
     "independent 'July 2011'"),
])
def test_kb_check_record_names_the_problem(record, fragment):
    assert any(fragment in e for e in check_record(record))


@pytest.mark.parametrize("lines", [2])
def test_kb_bad_lines_reported_with_file_and_line(tmp_path, lines):
    path = tmp_path / "mine.jsonl"
    good = {"id": "org/TEST", "kind": "org", "name": "Test Org", "acronyms": ["TSTO"], "source": "test"}
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "y", "kind": "org"}) + "\n")
    kb = load([path])
    assert "org/TEST" in kb.entities
    assert [(p.path, p.line) for p in kb.problems] == [(str(path), 2), (str(path), 3)]
    assert all("mine.jsonl" in p.text for p in kb.problems)


def test_kb_shipped_files_have_no_problems(kb):
    assert kb.problems == []


@pytest.mark.parametrize("name,entity_id", [
    ("Kazakhstan", "country/KAZ"), ("Kirghizia", "country/KGZ"), ("Turkmenia", "country/TKM"),
    ("Burma", "country/MMR"), ("Swaziland", "country/SWZ"), ("the Kremlin", "country/RUS"),
    ("Akorda", "country/KAZ"), ("CSTO", "org/CSTO"), ("Shanghai Cooperation Organisation", "org/SCO"),
])
def test_kb_find_resolves_names(kb, name, entity_id):
    assert entity_id in [e.id for e in kb.find(name)]


@pytest.mark.parametrize("iso3,when,expected", [
    ("SSD", "1988-05-01", "SDN"),  # Juba before South Sudan's independence
    ("SSD", "2011-07-09", "SSD"),
    ("ERI", "1990-01-01", "ETH"),
    ("KAZ", "1990-01-01", "KAZ"),  # no succession recorded: unchanged
    ("SSD", None, "SSD"),
])
def test_kb_country_at_follows_independence(kb, iso3, when, expected):
    assert kb.country_at(iso3, dt.date.fromisoformat(when) if when else None) == expected


@pytest.mark.parametrize("org,when,present,absent", [
    ("CSTO", "2000-01-01", ["KAZ", "RUS"], ["UZB"]),
    ("CSTO", "2008-01-01", ["UZB"], []),
    ("CSTO", "2013-01-01", ["KAZ"], ["UZB"]),
    ("SCO", "2016-01-01", ["KAZ", "CHN"], ["IND", "PAK"]),
    ("SCO", "2018-01-01", ["IND", "PAK"], ["IRN"]),
    ("SCO", "2024-01-01", ["IRN"], ["BLR"]),
    ("SCO", "2025-01-01", ["BLR"], []),
])
def test_kb_members_follow_the_timeline(kb, org, when, present, absent):
    members = kb.members(org, dt.date.fromisoformat(when))
    assert set(present) <= set(members)
    assert not set(absent) & set(members)


def test_kb_user_file_extends_an_entity(tmp_path):
    from geopol.kb.load import default_files

    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "country/KAZ", "kind": "state", "name": "Kazakhstan",
                                 "aliases": ["Qazaqstan Respublikasy"], "source": "test"}) + "\n")
    kb = load(default_files() + [extra])
    assert [e.id for e in kb.find("Qazaqstan Respublikasy")] == ["country/KAZ"]
    assert kb.entities["country/KAZ"].capital  # the shipped fields survive the extension


@pytest.mark.parametrize("bad", ['{"id": "y"}'])
def test_kb_strict_load_raises_with_file_and_line(tmp_path, bad):
    from geopol.errors import KnowledgeBaseError

    path = tmp_path / "strict.jsonl"
    path.write_text(bad + "\n")
    with pytest.raises(KnowledgeBaseError, match=r"strict\.jsonl:1"):
        load([path], strict=True)


@pytest.mark.parametrize("late,misspelt", [("Zhanybek Abdyrakhmanov", "Zhanybek Abdyrakhmanow")])
def test_kb_near_sees_entities_added_after_first_lookup(late, misspelt):
    from geopol.kb import KnowledgeBase
    from geopol.kb.records import Entity

    kb = KnowledgeBase()
    assert kb.near(misspelt) == []
    kb.add(Entity(id="person/test", kind="person", name=late, source="test"))
    assert [c.entity_id for c in kb.near(misspelt)] == ["person/test"]


@pytest.mark.parametrize("record,fragment", [
    ({"id": "x", "kind": "org", "name": "X", "source": "s", "org": "XA", "part_of": "XA"}, "another organisation"),
    ({"id": "x", "kind": "org", "name": "X", "source": "s", "org": "XA", "part_of": "UN", "independent": "1990"},
     "'independent' is for states"),
])
def test_kb_check_record_part_of_an_organisation(record, fragment):
    assert any(fragment in e for e in check_record(record))


@pytest.mark.parametrize("acronym,coded", [("UNGA", "UN"), ("OHCHR", "UN"), ("UNHCR", "UNHCR"), ("UN", "UN"),
                                           ("XYZ", "XYZ"), (None, None)])
def test_kb_coded_org_follows_part_of(kb, acronym, coded):
    assert kb.coded_org(acronym) == coded


@pytest.mark.parametrize("organ", [{"id": "org/TSTA", "kind": "org", "name": "Test Assembly", "org": "TSTA",
                                    "part_of": "TSTO", "org_type": "IGO", "sector": "IGO", "source": "test"}])
def test_kb_user_organ_is_coded_as_its_organisation(tmp_path, organ):
    """A user's own organ record needs no code: its actor is its parent's."""
    from geopol.stages.actors import ActorSpan, Resolver

    path = tmp_path / "mine.jsonl"
    parent = {"id": "org/TSTO", "kind": "org", "name": "Test Org", "org": "TSTO", "source": "test"}
    path.write_text(json.dumps(parent) + "\n" + json.dumps(organ) + "\n")
    kb = load([path])
    assert not kb.problems
    actor = Resolver(kb, role_nouns={}).actor(ActorSpan(0, 1, 0, "Test Assembly", entity_id="org/TSTA"), None)
    assert (actor.id, actor.org) == ("org/TSTA", "TSTO")
