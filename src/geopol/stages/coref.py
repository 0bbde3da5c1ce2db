"""Pronouns and definite descriptions ("he", "it", "the organisation", "the
bloc", "the ministry"): each resolves to the most recent compatible actor
before it in the document. Part of the actors stage."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc, Token

from geopol.kb import KnowledgeBase
from geopol.stages.actors import ActorSpan

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
GROUP_PRONOUNS = {"it", "its"}
ORG_NOUNS = {"organisation", "organization", "bloc", "alliance", "union", "grouping", "pact", "body", "council",
             "forum", "group", "movement", "party", "commission", "coalition"}
BODY_NOUNS = {"ministry", "committee", "service", "agency", "court", "parliament", "legislature", "directorate"}
STATE_NOUNS = {"government", "country", "republic", "kingdom", "state", "emirate"}


class Coref:
    """Adds anaphoric actor spans to the named ones."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def resolve(self, doc: Doc, spans: list[ActorSpan]) -> list[ActorSpan]:
        """``spans`` plus one span per pronoun or definite description that
        has an antecedent; sorted by position."""
        covered = {i for s in spans for i in range(s.start, s.end)}
        known = sorted(spans, key=lambda s: s.start)
        added: list[ActorSpan] = []
        for tok in doc:
            if tok.i in covered:
                continue
            test = self._compatible(tok)
            if test is None:
                continue
            before = [s for s in known + added if s.end <= tok.i and not s.place]
            found = next((s for s in sorted(before, key=lambda s: s.start, reverse=True) if test(s)), None)
            if found is not None:
                added.append(self._anaphor(tok, found))
        return sorted(known + added, key=lambda s: s.start)

    def _compatible(self, tok: Token) -> Callable[[ActorSpan], bool] | None:
        """What kind of antecedent ``tok`` needs, or None if it is no anaphor."""
        word = tok.lower_
        if tok.pos_ == "PRON" or (word in PERSON_PRONOUNS and tok.tag_ == "PRP$"):
            if word in PERSON_PRONOUNS:
                return lambda s: self._is_person(s, PERSON_PRONOUNS[word])
            if word in GROUP_PRONOUNS:
                return lambda s: not self._is_person(s, None) and (s.country or s.org) is not None
            return None
        if tok.pos_ != "NOUN" or not _definite(tok):
            return None
        lemma = tok.lemma_.lower()
        if lemma in ORG_NOUNS:
            return self._is_org
        if lemma in BODY_NOUNS:
            return lambda s: self._is_body(s, lemma)
        if lemma in STATE_NOUNS:
            return self._is_state
        return None

    def _kind(self, span: ActorSpan) -> str | None:
        ent = self.kb.entities.get(span.entity_id or "")
        return ent.kind if ent is not None else None

    def _is_person(self, span: ActorSpan, gender: str | None) -> bool:
        ent = self.kb.entities.get(span.entity_id or "")
        if ent is not None and ent.kind == "person":
            return gender is None or ent.gender in (None, gender)
        return span.how in ("title", "fuzzy", "surname", "person") or (span.how == "anaphor" and span.office is not None)

    def _is_org(self, span: ActorSpan) -> bool:
        return self._kind(span) == "org" or (span.org is not None and span.office is None)

    def _is_body(self, span: ActorSpan, noun: str) -> bool:
        return self._kind(span) == "body" or span.name.lower().endswith(noun)

    def _is_state(self, span: ActorSpan) -> bool:
        return self._kind(span) in ("state", "territory") or (span.how in ("metonym", "name") and span.country
                                                               is not None and span.entity_id is not None
                                                               and span.entity_id.startswith("country/"))

    @staticmethod
    def _anaphor(tok: Token, antecedent: ActorSpan) -> ActorSpan:
        how = "person" if antecedent.how in ("title", "fuzzy", "surname", "person") else antecedent.how
        return replace(antecedent, start=tok.i, end=tok.i + 1, root=tok.i, place=False, how=how,
                       confidence=min(antecedent.confidence, 0.7),
                       reason=f"{tok.text!r} refers back to {antecedent.name}")


def _definite(tok: Token) -> bool:
    """"the organisation", "the regional bloc", but not "a group" nor "the
    Islamist group Hizb ut-Tahrir" (a name follows) nor "the EU group"."""
    dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
    if not any(c.lower_ in ("the", "this", "that") for c in dets):
        return False
    return not any(c.dep_ in ("compound", "appos", "nmod") or c.ent_type_ for c in tok.children)
