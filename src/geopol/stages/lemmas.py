"""spaCy's rule lemmatizer with its answers remembered.

The English model's ``lemmatizer`` gives each token the lemma its rules
derive from the token's text, part of speech and morphology, token by
token in Python: about a twentieth of the parse. Its own cache keeps only
the answers that went through the suffix rules, not the commoner ones that
return early (a singular noun, a base-form verb). ``memo_lemmas(nlp)``
makes the loaded lemmatizer read those three columns of a whole ``Doc`` at
once, ask its own ``lemmatize`` once per distinct (text, part of speech,
morphology) and write the lemmas back in one array: the same lemmas (a
test compares them on the sample articles), as spaCy's cache
already assumes that key decides the answer.
"""
from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

MEMO_LIMIT = 100_000  # distinct (text, part of speech, morphology) remembered before the memo starts again


def memo_lemmas(nlp: Language, name: str = "lemmatizer") -> None:
    """Give ``nlp``'s rule lemmatizer (if it has one, of a class known here)
    the remembering ``__call__``."""
    if name not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe(name)
    remembering = _REMEMBERING.get(type(lemmatizer))
    if remembering is None or lemmatizer.mode != "rule":
        return
    lemmatizer.__class__ = remembering
    lemmatizer.remembered = {}


class _Remembered:
    """``Lemmatizer.__call__``, one ``lemmatize`` per distinct token key."""

    remembered: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        try:
            return self._lemmatized(doc)
        except Exception as exc:
            self.get_error_handler()(self.name, self, [doc], exc)

    def _lemmatized(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if len(self.remembered) > MEMO_LIMIT:
            self.remembered.clear()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        strings = self.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            found = self.remembered.get(key)
            if found is None:
                found = self.remembered[key] = strings.add(self.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1).astype(numpy.uint64))
        return doc


class RememberingLemmatizer(_Remembered, Lemmatizer):
    """spaCy's ``Lemmatizer``, remembering."""


class RememberingEnglishLemmatizer(_Remembered, EnglishLemmatizer):
    """spaCy's ``EnglishLemmatizer``, remembering."""


_REMEMBERING = {Lemmatizer: RememberingLemmatizer, EnglishLemmatizer: RememberingEnglishLemmatizer}
