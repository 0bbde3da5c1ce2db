"""The attribute ruler's indexed rules (geopol.stages.attributes) find
exactly the matches spaCy's Matcher finds, so the tags, parts of speech,
morphology and lemmas the coder reads are the same."""
from __future__ import annotations

import pytest
from spacy.pipeline.attributeruler import AttributeRuler

from geopol.stages.attributes import IndexedRules

BEFORE_RULER = ["tok2vec", "tagger", "parser"]  # what runs before the model's attribute ruler

# Sentences that meet every kind of rule the English model has: tags alone,
# words with a tag, a dependency, spaces, several tokens, regular expressions.
SENTENCES = [
    "Kazakhstan's president said on Tuesday that the talks in Astana had ended.",
    "There's a nothin' town, y'all, and we ain't gon na stay, got ta go. Let's go, c'm on!",
    "  Two   spaces\n\nand a new line: 3.5 km, $40, U.S.-led, e-mail, 'quoted' (brackets) - dash",
    "He ai n't here; there are two of them. Is there? Were there any?",
    "",
]


@pytest.fixture(scope="module")
def parsed(nlp):
    """Parse ``texts`` up to the attribute ruler."""
    def run(texts):
        with nlp.select_pipes(enable=BEFORE_RULER):
            return list(nlp.pipe(texts))
    return run


@pytest.mark.parametrize("text", SENTENCES)
def test_attributes_indexed_rules_match_as_spacy_does(nlp, parsed, text):
    ruler = nlp.get_pipe("attribute_ruler")
    doc, = parsed([text])
    assert IndexedRules(ruler)(doc) == AttributeRuler.match(ruler, doc)


@pytest.mark.parametrize("limit", [None])
def test_attributes_indexed_rules_match_on_the_samples(nlp, parsed, limit):
    from geopol.api import SAMPLES
    from geopol.stages.ingest import read_inputs
    from geopol.types import Document

    ruler = nlp.get_pipe("attribute_ruler")
    rules = IndexedRules(ruler)
    texts = [d.text for d in read_inputs([str(SAMPLES)]) if isinstance(d, Document)][:limit]
    docs = parsed(texts)
    assert sum(len(rules(d)) for d in docs) > sum(len(d) for d in docs)  # every token has its tag's rule
    assert [rules(d) for d in docs] == [AttributeRuler.match(ruler, d) for d in docs]


@pytest.mark.parametrize("pattern,attrs", [
    ([{"IS_TITLE": True}], {"MORPH": "Case=Nom"}),  # an attribute the index does not read
    ([{"LOWER": "talks"}, {"LOWER": "in", "OP": "?"}], {"POS": "VERB"}),  # an operator
    ([{"TAG": "NNP"}, {"LOWER": {"REGEX": "^s"}}], {"LEMMA": "x"}),  # two tokens, a regular expression
])
def test_attributes_rules_it_cannot_index_go_to_a_matcher(nlp, parsed, pattern, attrs):
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    ruler.add([pattern], attrs)
    doc, = parsed(["Kazakhstan said the talks in Astana, Shymkent and Almaty ended."])
    rules = IndexedRules(ruler)
    assert rules(doc) == AttributeRuler.match(ruler, doc)
    assert any(m[0] == 1 for m in rules(doc))


@pytest.mark.parametrize("text", SENTENCES[:3])
def test_attributes_the_pipeline_annotates_as_spacy_alone(nlp, text):
    import spacy

    from geopol.stages.parse import MODEL

    plain = spacy.load(MODEL, exclude=["ner"])
    ours = nlp(text)
    theirs = plain(text)
    assert [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in ours] == \
        [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in theirs]
