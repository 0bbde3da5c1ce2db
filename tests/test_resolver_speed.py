"""The resolver's shortcuts (issue 12) give what the plain lookups give:
the role-phrase filter drops no role, and a document's countries counted
once are that document's."""
from __future__ import annotations

import pytest

from geopol.stages.actors import Resolver


@pytest.mark.parametrize("article", ["the", "two"])
def test_resolver_every_role_phrase_is_found_at_its_last_word(nlp, resolver, article):
    missed = []
    for phrase, role in resolver.roles.items():
        doc = nlp(f"{article} {phrase}")
        found, start = resolver.role_of(doc[-1])
        if found is None or start > 1:
            missed.append(phrase)
    assert not missed


@pytest.mark.parametrize("word", ["said", "Tuesday", "talks"])
def test_resolver_a_word_that_ends_no_role_phrase_is_no_role(nlp, resolver, word):
    doc = nlp(f"The {word}")
    assert resolver.role_of(doc[-1]) == (None, 1)


@pytest.mark.parametrize("first,second", [
    ("Kazakhstan and Kazakh police in Almaty said Kazakhstan was calm.", "Kyrgyz officials in Bishkek met Kyrgyzstan's president."),
])
def test_resolver_home_is_the_country_of_the_document_asked(kb, nlp, first, second):
    shared = Resolver(kb)
    one, two = nlp(first), nlp(second)
    shared.find(one, None)
    shared.find(two, None)
    assert shared.home(one) == Resolver(kb).home(one) == "KAZ"
    assert shared.home(two) == Resolver(kb).home(two) == "KGZ"
