"""KnowledgeBase.near (one edit from a known name) is an index lookup that
gives what a scan of every name of the same first letter and length gives."""
from __future__ import annotations

import pytest

from geopol.kb import KnowledgeBase, fold
from geopol.kb.base import one_edit
from geopol.kb.records import Entity


def scanned(kb: KnowledgeBase, text: str, how: str = "name", kinds=("person",)):
    """The reference: every name of the first letter and a length within one, tested."""
    key = fold(text)
    if len(key) < 7:
        return []
    return [cand for other in kb._bucket(key[0], len(key)) for cand in kb._names.get(other, [])
            if cand.how == how and kb.entities[cand.entity_id].kind in kinds and one_edit(key, other)]


def edits(word: str) -> list[str]:
    """Variants of ``word``: each letter dropped, doubled, changed, swapped with the next."""
    out = []
    for i in range(len(word)):
        out += [word[:i] + word[i + 1:], word[:i] + word[i] + word[i:], word[:i] + "x" + word[i + 1:]]
        if i + 1 < len(word):
            out.append(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    return out


@pytest.mark.parametrize("how", ["name", "surname"])
def test_kb_near_gives_what_the_scan_gives(kb, how):
    people = [e for e in kb.entities.values() if e.kind == "person"]
    words = [e.name for e in people[::7]] if how == "name" else [s for e in people[::7] for s in e.surnames]
    queries = [v for w in words for v in edits(w)] + words + ["Tokayevv", "Nazarbaev", "Kassym-Jomart Tokaev"]
    found = 0
    for text in queries:
        expected = scanned(kb, text, how)
        assert kb.near(text, how=how) == expected, text
        found += bool(expected)
    assert found > len(queries) // 4  # the variants do find people


@pytest.mark.parametrize("kinds", [("person",), ("org", "body")])
def test_kb_near_other_kinds_and_a_name_added_later(kb, kinds):
    small = KnowledgeBase(list(kb.entities.values())[:400])
    probe = [e.name for e in small.entities.values() if e.kind in kinds and len(fold(e.name)) >= 7][:20]
    for text in [v for p in probe for v in edits(p)[:12]]:
        assert small.near(text, kinds=kinds) == scanned(small, text, kinds=kinds)
    assert small.near("Zhanybek Omurkanovv", kinds=kinds) == []
    small.add(Entity(id="test-zo", kind=kinds[0], name="Zhanybek Omurkanov", source="test"))
    assert [c.entity_id for c in small.near("Zhanybek Omurkanovv", kinds=kinds)] == ["test-zo"]
