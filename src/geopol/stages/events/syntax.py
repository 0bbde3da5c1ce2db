"""Parse-tree helpers the coder's rules share: noun phrases and the actors in them, prepositional and
object dependents, passives."""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from geopol.stages.actors import ActorSpan
from geopol.stages.events.words import ACTOR_PREPS, MEETINGS, TOPIC_PREPS


SKIP_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj", "npadvmod"}
CLAUSE_DEPS = {"ccomp", "xcomp", "dobj", "pobj", "prep", "acomp", "pcomp", "oprd", "attr", "nsubj", "nsubjpass", "advcl"}


def _passive_subject(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ == "nsubjpass"), None)


def _headline_verb(tok: Token) -> bool:
    """"Kazakhstan expels Russian diplomat": a headline verb the tagger read as
    a noun still has a subject."""
    return tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children)


def _has_parts(tok: Token, rest: tuple[str, ...]) -> bool:
    """Every extra lemma of the phrase is a dependent (or a dependent's
    dependent) of the trigger head, to its right."""
    return _parts_of(tok)(rest)


def _parts_of(tok: Token) -> Callable[[tuple[str, ...]], bool]:
    """``_has_parts`` for one trigger head and any number of phrases: the
    words near it are gathered once, for the first phrase that has more
    words (a head such as "call" heads many)."""
    near: tuple[set[str], set[str]] | None = None

    def has_parts(rest: tuple[str, ...]) -> bool:
        nonlocal near
        if not rest:
            return True
        if near is None:
            near = _near_words(tok)
        lemmas, particles = near
        return all(word in particles if word in PHRASE_PARTICLES else word in lemmas for word in rest)
    return has_parts


def _near_words(tok: Token) -> tuple[set[str], set[str]]:
    """The lemmas and words near ``tok``, and the particles and prepositions among them."""
    near = [c for c in tok.children if c.i > tok.i or tok.pos_ in ("NOUN", "PROPN") or c.dep_ == "nsubjpass"]
    near += [g for c in near for g in c.children]
    # "20 tonnes of aid", "$18 million in aid"
    near += [g for c in near if c.dep_ == "prep" and c.lower_ in ("of", "in") for g in c.children]
    lemmas = {t.lemma_.lower() for t in near} | {t.lower_ for t in near}
    particles = {t.lower_ for t in near if t.dep_ in ("prep", "prt", "agent", "dative", "advmod")
                 or t.dep_ == "aux" and t.head.dep_ == "xcomp" and t.head.head.i == tok.i}
    # a particle or preposition of the phrase ("welcome to", "offered to mediate"), not the "to" of
    # another clause ("welcomed the statement as proof of a wish for a settlement to be reached")
    return lemmas, particles


PHRASE_PARTICLES = {"to", "for", "with", "in", "on", "at", "from", "against", "into", "off", "up", "out", "down",
                    "over", "away", "back"}


def _within(tok: Token, depth: int) -> list[Token]:
    """``tok`` and its dependents down to ``depth`` levels."""
    found, level = [tok], [tok]
    for _ in range(depth):
        level = [c for t in level for c in t.children]
        found += level
    return found


def _is_org(span: ActorSpan) -> bool:
    return (bool(span.org) or span.sector in ("IGO", "NGO")) and not span.place


def _np_actors(head: Token, by_token: dict[int, ActorSpan], places: bool = False) -> list[ActorSpan]:
    """The actors named in the noun phrase under ``head`` (places only if asked)."""
    for appositions in (False, True):  # "Kenzo Oshima, the UN coordinator": the apposition names him
        out: list[ActorSpan] = []
        for tok in _np_tokens(head, appositions):
            span = by_token.get(tok.i)
            if span is not None and span not in out and (places or not span.place):
                out.append(span)
        if out:
            return _outermost(out)
    return []


def _outermost(spans: list[ActorSpan]) -> list[ActorSpan]:
    """"President Islam Karimov's government" is one actor, not also its
    owner named inside it: a span within another of the phrase is dropped."""
    return [s for s in spans if not any(o is not s and o.start <= s.start and s.end <= o.end
                                        and (o.start, o.end) != (s.start, s.end) for o in spans)]


def _np_tokens(head: Token, appositions: bool = False) -> list[Token]:
    """The tokens of the noun phrase under ``head``, with coordinated
    phrases but without clauses and most prepositional attachments."""
    out, stack = [], [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for c in tok.children:
            if c.dep_ in SKIP_DEPS or (c.dep_ == "appos" and not appositions and c.ent_iob_ == "O"):
                continue  # "The US, Russia and China met": a list the parser read as appositions
            if c.dep_ == "poss" and c.pos_ == "PRON":
                continue  # "closed its border": the owner is not the target
            if c.dep_ == "prep" and c.lower_ not in ACTOR_PREPS and tok is not head:
                continue
            if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS and tok.lemma_.lower() in MEETINGS:
                continue  # "attended a conference on Afghanistan": what was discussed, not with whom
            stack.append(c)
    return out


def _prep_child(tok: Token, preps: set[str]) -> Token | None:
    """The object of a preposition (or agent) child of ``tok``."""
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and (c.lower_ in preps or c.dep_ in preps):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _acted_upon(trigger: Token, span: ActorSpan) -> bool:
    """The actor is the trigger's object phrase itself ("released the mayor
    of Nablus", "two Kyrgyz citizens were released"), not a phrase hanging
    off it ("released a statement *on Russia*")."""
    if _reduced_relative(trigger):
        return True
    tok = trigger.doc[span.root]
    while tok.i != trigger.i and tok.head.i != tok.i:
        if tok.dep_ == "prep" and tok.lower_ != "of":
            return False
        tok = tok.head
    return tok.i == trigger.i


def _reduced_relative(tok: Token) -> bool:
    """"soldiers *killed* in Ukraine", "the journalist *detained* on Monday":
    a past participle modifying a noun, which is the act's patient."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN")


def _purpose(clause: Token) -> bool:
    """"went on hunger strike *to demand* the president's resignation"."""
    return clause.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _up_to_object(verb: Token) -> Token | None:
    """"kidnapped up to 16 Russian advisers": the parser hangs the object
    under "up to" (a particle and a preposition)."""
    for prt in verb.children:
        if prt.dep_ == "prt" and prt.lower_ == "up":
            for to in prt.children:
                if to.lower_ == "to":
                    return next((g for g in to.children if g.dep_ == "pobj"), None)
    return None


def _object(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
