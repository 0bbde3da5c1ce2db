"""Knowledge-base lookups by index agree with a scan of every entity."""
from __future__ import annotations

from datetime import date

import pytest

from geopol.kb import KnowledgeBase
from geopol.kb.records import Entity, Role, Span

DATES = [None, date(1995, 6, 1), date(2005, 3, 25), date(2016, 9, 3), date(2022, 1, 6)]


def _scan(kb: KnowledgeBase, office: str, when, country=None, org=None):
    return [(ent, role) for ent in kb.entities.values() if ent.kind == "person" for role in ent.roles_at(when)
            if role.office == office and (country is None or role.country == country)
            and (org is None or role.org == org)]


def test_kb_holders_match_a_scan_of_all_people(kb):
    keys = {(r.office, r.country, r.org) for e in kb.people() for r in e.roles}
    assert len(keys) > 100
    for office, country, org in sorted(keys, key=str):
        for when in DATES:
            for args in ((country, None), (None, org), (country, org), (None, None)):
                assert kb.holders(office, when, *args) == _scan(kb, office, when, *args)


def test_kb_bodies_by_country_match_a_scan(kb):
    countries = {e.country for e in kb.entities.values()}
    for country in countries:
        assert kb.bodies(country) == [e for e in kb.entities.values() if e.kind == "body" and e.country == country]
    assert kb.bodies("KAZ")


@pytest.mark.parametrize("later_office", ["head_of_state", "foreign_minister"])
def test_kb_indexes_follow_a_merged_record(later_office):
    """A later record of the same id adds roles and may move a body: the
    indexes built before it are rebuilt."""
    kb = KnowledgeBase([Entity("p", "person", "A Person", "s",
                               roles=[Role("President", "head_of_state", Span(None, None), country="KAZ")]),
                        Entity("b", "body", "Security Council", "s", country="KAZ")])
    assert len(kb.holders("head_of_state", None, "KAZ")) == 1 and kb.bodies("KAZ")
    kb.add(Entity("p", "person", "A Person", "s",
                  roles=[Role("Minister", later_office, Span(None, None), country="UZB")]))
    kb.add(Entity("b", "body", "Security Council", "s", country="UZB"))
    assert [r.country for _, r in kb.holders(later_office, None)] == (["KAZ", "UZB"] if later_office ==
                                                                      "head_of_state" else ["UZB"])
    assert kb.bodies("UZB") and not kb.bodies("KAZ")
