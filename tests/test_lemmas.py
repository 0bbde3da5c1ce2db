"""The remembering lemmatizer (geopol.stages.lemmas) gives every token the
lemma spaCy's own lemmatizer gives it."""
from __future__ import annotations

import pytest
from spacy.lang.en.lemmatizer import EnglishLemmatizer

from geopol.stages.lemmas import _Remembered

BEFORE_LEMMATIZER = ["tok2vec", "tagger", "parser", "attribute_ruler"]

SENTENCES = [
    "Kazakhstan's presidents said on Tuesday that the talks in Astana had been ended by the ministers.",
    "  Two   spaces\n\nand a new line: 3.5 km, $40, U.S.-led, e-mail, 'quoted' (brackets) - dash",
    "He ai n't here; there are two of them. Is there? Were there any better, worse, worst ones?",
    "",
]


@pytest.fixture(scope="module")
def parsed(nlp):
    """Parse texts up to the lemmatizer, twice over (one copy for each lemmatizer)."""
    def run(texts):
        with nlp.select_pipes(enable=BEFORE_LEMMATIZER):
            return list(nlp.pipe(texts)), list(nlp.pipe(texts))
    return run


def _lemmas(docs):
    return [[t.lemma_ for t in doc] for doc in docs]


@pytest.mark.parametrize("texts", [SENTENCES, "samples"])
def test_lemmas_remembered_as_spacy_lemmatizes(nlp, parsed, texts):
    if texts == "samples":
        from geopol.api import SAMPLES
        from geopol.stages.ingest import read_inputs
        from geopol.types import Document

        texts = [d.text for d in read_inputs([str(SAMPLES)]) if isinstance(d, Document)]
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, _Remembered)
    ours, theirs = parsed(texts)
    ours = [lemmatizer(doc) for doc in ours]
    theirs = [EnglishLemmatizer.__call__(lemmatizer, doc) for doc in theirs]
    assert _lemmas(ours) == _lemmas(theirs)
    assert sum(t.lemma_ != t.lower_ for doc in ours for t in doc) > 3  # "said", "talks", "ended", ...
