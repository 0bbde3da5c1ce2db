"""The knowledge-base ruler's matcher keys (geopol.stages.parse.KBRuler):
made without the tokenizer where it would leave every word whole, and then
the same keys the tokenizer's tokens give."""
from __future__ import annotations

import pytest

TRICKY = ["U.S.", "Côte d'Ivoire", "al-Qaeda", "Kazakhstan's", "St. Petersburg", "two  spaces", "Ak Jol",
          "OSCE/ODIHR", "(Tajik)", "Islamic State", "G7", "e-mail", "9/11", "Pres.", "can't", "Kyrgyz–Tajik"]


def _tokenized(nlp, phrase: str, lower: bool) -> tuple[int, ...]:
    return tuple(t.lower if lower else t.orth for t in nlp.make_doc(phrase))


@pytest.mark.parametrize("lower", [True, False])
def test_parse_ruler_keys_are_the_tokenizers_for_tricky_names(nlp, lower):
    ruler = nlp.get_pipe("geopol_kb_ruler")
    assert [ruler.keyword(p, lower) for p in TRICKY] == [_tokenized(nlp, p, lower) for p in TRICKY]


@pytest.mark.parametrize("lower", [True, False])
def test_parse_ruler_keys_are_the_tokenizers_for_every_kb_name(nlp, kb, lower):
    ruler = nlp.get_pipe("geopol_kb_ruler")
    phrases = [phrase for phrase, _ in kb.names()]
    assert len(phrases) > 1000
    assert [ruler.keyword(p, lower) for p in phrases] == [_tokenized(nlp, p, lower) for p in phrases]


@pytest.mark.parametrize("text", ["Tokayev met officials of the OSCE in Astana and the U.S. envoy in Bishkek."])
def test_parse_ruler_marks_kb_names(nlp, text):
    doc = nlp(text)
    assert {"Tokayev", "OSCE", "Astana", "U.S.", "Bishkek"} <= {e.text for e in doc.ents}
