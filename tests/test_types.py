"""Records as dicts: the same dicts ``dataclasses.asdict`` makes."""
from __future__ import annotations

from dataclasses import asdict

import pytest

from geopol.types import Actor, Discarded, DocResult, Document


@pytest.mark.parametrize("actor", [Actor("state/KAZ", "Kazakhstan", "KAZ", None, "GOV", "Q232"), Actor(None, "rebels")])
def test_types_actor_to_dict_is_asdict(actor):
    assert actor.to_dict() == asdict(actor)
    assert list(actor.to_dict()) == list(asdict(actor))


@pytest.mark.parametrize("discarded", [[Discarded(0, 12, "boilerplate"), Discarded(40, 52, "caption")]])
def test_types_discarded_to_dict_is_asdict(discarded):
    result = DocResult(Document(doc_id="d", text="x" * 60), discarded=discarded)
    assert result.to_dict()["discarded"] == [asdict(d) for d in discarded]
