"""Is this a trigger? Frames the lexicon cannot list as phrases: refusals, wishes, exits, denials,
orders, verdicts, dismay, gatherings, deployments, demands and claims, each a small finder
that returns (token, trigger) pairs for a sentence."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from geopol.stages.actors import ActorSpan
from geopol.stages.events.happened import _prescriptive
from geopol.stages.events.syntax import _is_org, _np_actors, _object, _passive_subject, _within
from geopol.stages.events.words import (
    CENSURE_WORDS, CLAIM_VERBS, COMMAND_VERBS, CROWD_NOUNS, DEMAND_VERBS, DEPLOY_VERBS, DISMAY_WORDS,
    ENVOY_NOUNS, EXIT_VERBS, FINDING_VERBS, FORCE_NOUNS, GATHER_VERBS, MOTION_TRIGGERS, PEOPLE_NOUNS, REFUSAL_VERBS, VERDICT_VERBS,
    WISH_VERBS, WRONGDOING_PREDICATES, WRONGDOING_VERBS,
)
from geopol.stages.lexicon import Trigger


PEACEKEEPING = Trigger("arrive", (), "VERB", "AID", "07", "074", context="peacekeeping", target=("prep:in", "prep:to"))


def _peacekeepers_arrive(tok: Token, trig: Trigger) -> bool:
    """"NATO peacekeeping troops arrived in Bosnia": peacekeepers coming to a
    country is peacekeeping (AID 074), not a visit."""
    if trig.type != "CONSULT" or tok.lemma_.lower() not in MOTION_TRIGGERS:
        return False
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and any(t.lemma_.lower().startswith("peacekeep") for t in subj.subtree)


DEMAND = Trigger("say", (), "VERB", "REQUEST", "10", "100", target=("ccomp-subj",))
REFUSAL = Trigger("decline", (), "VERB", "REJECT", "12", "120", target=("dobj",))


def _refusals(tokens: Sequence[Token], trigger_tokens: set[int]) -> list[tuple[Token, Trigger]]:
    """"Turkmenistan declined to sign", "failed to reach agreement": not doing
    what was asked is a rejection (REJECT), whatever the action."""
    return [(tok, REFUSAL) for tok in tokens
            if tok.i not in trigger_tokens and tok.lemma_.lower() in REFUSAL_VERBS and tok.pos_ == "VERB"
            and any(c.dep_ == "xcomp" for c in tok.children)]


WISH = Trigger("want", (), "VERB", "REQUEST", "10", "100", target=("dobj", "ccomp-subj"))


def _wishes(tokens: Sequence[Token], trigger_tokens: set[int]) -> list[tuple[Token, Trigger]]:
    """"Kazakhstan wants Russia to withdraw its troops": wanting someone
    else to act is asking them to (REQUEST); the wanted act is governed."""
    found = []
    for tok in tokens:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in WISH_VERBS or tok.pos_ != "VERB":
            continue
        clauses = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
        to_clause = any(a.dep_ == "aux" and a.lower_ == "to" for c in clauses for a in c.children)
        someone = _object(tok) is not None or any(a.dep_ == "nsubj" for c in clauses for a in c.children)
        if to_clause and someone:
            found.append((tok, WISH))
    return found


EXIT = Trigger("leave", (), "VERB", "SANCTION", "16", "160", context="diplomatic", target=("dobj", "prep:from"))


FORCES_LEAVE = Trigger("leave", (), "VERB", "RETREAT", "08", "087", mode="withdraw", context="military",
                       target=("prep:from",))


def _exits(tokens: Sequence[Token], trigger_tokens: set[int], by_token: dict[int, ActorSpan]) -> list[tuple[Token, Trigger]]:
    """"Uzbekistan left the CSTO": leaving an organisation reduces relations
    with it (SANCTION, CAMEO 16); "the last US aircraft left the air base":
    forces leaving a place withdraw (RETREAT 087); leaving a room or a
    country is no event."""
    found = []
    for tok in tokens:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in EXIT_VERBS or tok.pos_ != "VERB":
            continue
        obj = _object(tok)  # the organisation itself ("left the CSTO"), not its people ("leaving 100 UN troops")
        if obj is None or obj.lemma_.lower() in PEOPLE_NOUNS or tok.tag_ == "VBG" and tok.dep_ == "advcl":
            continue
        if any(_is_org(s) for s in _np_actors(obj, by_token)):
            found.append((tok, EXIT))
        elif (subj := next((c for c in tok.children if c.dep_ == "nsubj"), None)) is not None \
                and subj.lemma_.lower() in FORCE_NOUNS:
            found.append((tok, FORCES_LEAVE))
    return found


DENIAL = Trigger("insist", (), "VERB", "REJECT", "01", "016", target=("ccomp-subj",))


def _assertion(clause: Token) -> Trigger | None:
    """"Astana insists it has imposed no restrictions": insisting that
    something did not happen is a denial (REJECT 016); insisting that it did
    is a claim, no request. ("Insisted that Moscow must ..." is a demand,
    found by ``_demands``.)"""
    negated = any(c.dep_ == "neg" or c.lower_ in ("no", "never") and c.dep_ in ("det", "neg", "advmod")
                  for c in [*clause.children, *(g for c in clause.children if c.dep_ in ("dobj", "attr")
                                                 for g in c.children)])
    return DENIAL if negated else None


ORDER = Trigger("order", (), "VERB", "REQUEST", "10", "100")
COMMANDED_TYPES = {"MOBILIZE", "COERCE", "RETREAT"}


def _commands(matches: list[tuple[Token, Trigger]]) -> dict[int, int]:
    """"ordered the army to deploy", "ordered reinforcements to the south",
    "ordered him detained": an order to deploy, arrest or withdraw is that
    act, done by whoever gave the order (the regional guidelines; CAMEO codes
    the ordered act). Maps the ordered trigger to the order's token."""
    found = {}
    for tok, trig in matches:
        if trig.type not in COMMANDED_TYPES:
            continue
        head = tok.head
        if head.i != tok.i and head.lemma_.lower() in COMMAND_VERBS and head.pos_ == "VERB" \
                and tok.dep_ in ("xcomp", "ccomp", "dobj", "oprd", "conj") \
                and _passive_subject(head) is None:  # "were ordered deported": by whom?
            found[tok.i] = head.i
    return found


VERDICT = Trigger("call", (), "VERB", "ACCUSE", "11", "111", mode="disapprove", target=("dobj",))


def _verdicts(tokens: Sequence[Token], trigger_tokens: set[int]) -> list[tuple[Token, Trigger]]:
    """"called the raid unconstitutional and illegal", "dismissed such
    statements as provocative": calling something unlawful or false is
    disapproval (ACCUSE 111), aimed at whoever the thing belongs to."""
    found = []
    for tok in tokens:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in VERDICT_VERBS or tok.pos_ != "VERB":
            continue
        said = [g for c in tok.children if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp", "dobj", "prep")
                for g in _within(c, 3)]
        if any(g.lemma_.lower() in CENSURE_WORDS and g.pos_ in ("ADJ", "NOUN", "ADV") for g in said):
            found.append((tok, VERDICT))
    return found


DISMAY = Trigger("disappoint", (), "VERB", "ACCUSE", "11", "110", mode="disapprove",
                 target=("agent", "prep:by", "prep:with", "prep:over", "prep:about", "prep:at"))


def _dismay(tokens: Sequence[Token], trigger_tokens: set[int]) -> list[tuple[Token, Trigger]]:
    """"The US embassy said it was disappointed", "Moscow is deeply concerned
    by the arrests": an actor that says it is dismayed disapproves (ACCUSE
    110); the one who feels it is the source, passive or not."""
    found = []
    for tok in tokens:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in DISMAY_WORDS and tok.lower_ not in DISMAY_WORDS:
            continue
        if tok.tag_ not in ("VBN", "JJ") or not any(c.dep_ in ("auxpass", "cop") or c.lemma_ == "be" for c in tok.children) \
                and not (tok.dep_ == "acomp" and tok.head.lemma_ in ("be", "remain")):
            continue
        found.append((tok, DISMAY))
    return found


GATHERING = Trigger("gather", (), "VERB", "PROTEST", "14", "141", mode="demo", target=("prep:against", "prep:outside"))


def _gatherings(tokens: Sequence[Token], trigger_tokens: set[int], by_token: dict[int, ActorSpan]) -> list[tuple[Token, Trigger]]:
    """"Thousands of people gathered in the central square": a crowd
    gathering is a demonstration (PROTEST 141), aimed, unless the text says
    otherwise, at its own government."""
    found = []
    for tok in tokens:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in GATHER_VERBS or tok.pos_ != "VERB":
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        words = {subj.lemma_.lower(), subj.lower_} | {g.lemma_.lower() for c in subj.children if c.dep_ == "prep"
                                                        for g in c.children}
        if words & CROWD_NOUNS:
            found.append((tok, GATHERING))
    return found


DEPLOYMENT = Trigger("send", (), "VERB", "MOBILIZE", "15", "154", mode="troops", context="military",
                     target=("prep:to", "prep:into", "prep:onto"))


def _deployment(tok: Token) -> bool:
    """"Russia flew 150 paratroopers to Kant", "Bishkek sent police and
    border guards to the area": moving armed men somewhere is mobilising
    them (MOBILIZE 154), not a visit."""
    if tok.lemma_.lower() not in DEPLOY_VERBS:
        return False
    obj = _object(tok)
    if obj is None:
        return False
    heads = [obj, *(c for c in obj.children if c.dep_ == "conj")]
    return any(h.lemma_.lower() in FORCE_NOUNS and h.lemma_.lower() != "aircraft" or
               h.lemma_.lower() in ("aircraft", "jet", "helicopter") and any(c.lemma_.lower() in ("military", "fighter", "combat")
                                                                              for c in h.children)
               for h in heads)


def _demands(tokens: Sequence[Token], trigger_tokens: set[int]) -> list[tuple[Token, Trigger]]:
    """"Russia said Sudan must return the helicopter": a prescription voiced by
    an actor is a demand (REQUEST) on the subject of the prescription."""
    found = []
    for tok in tokens:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in DEMAND_VERBS or tok.pos_ != "VERB":
            continue
        if any(c.dep_ == "ccomp" and _prescriptive(c) for c in tok.children):
            found.append((tok, DEMAND))
    return found


CLAIM = Trigger("claim", (), "VERB", "ACCUSE", "11", "112", mode="allege", target=("ccomp-subj",))
HOSTILE = {"ASSAULT", "COERCE", "THREATEN", "SANCTION", "MOBILIZE"}


def _claims(tokens: Sequence[Token], trigger_tokens: set[int], matches: list[tuple[Token, Trigger]]) -> list[tuple[Token, Trigger]]:
    """"The US claimed that ISIL had attacked Iraq": claiming that someone
    did something hostile is accusing them (CAMEO 112); the act itself is
    coded too, hedged as the claimant's word."""
    hostile = {tok.i for tok, trig in matches if trig.type in HOSTILE}
    found = []
    for tok in tokens:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in CLAIM_VERBS or tok.pos_ != "VERB":
            continue
        if any(c.dep_ == "ccomp" and any(t.i in hostile for t in c.subtree) for c in tok.children):
            found.append((tok, CLAIM))
    return found


FINDING = Trigger("say", (), "VERB", "ACCUSE", "11", "112", mode="allege", target=("ccomp-subj",))


def _findings(tokens: Sequence[Token], trigger_tokens: set[int]) -> list[tuple[Token, Trigger]]:
    """"Prosecutors argued that Alga had radicalised the strikers", "Tokayev
    said the rallies had been illegal": stating that someone did wrong, or
    that an act was unlawful, accuses them (CAMEO 112), aimed at the one the
    clause names. Saying they did not is no accusation."""
    found = []
    for tok in tokens:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in FINDING_VERBS or tok.pos_ != "VERB":
            continue
        clauses = [c for c in tok.children if c.dep_ == "ccomp"]
        clauses += [g for c in clauses for g in c.conjuncts]
        if any(_wrongdoing(c) for c in clauses if c.i not in trigger_tokens):  # "say police have detained": coded
            found.append((tok, FINDING))
    return found


def _wrongdoing(clause: Token) -> bool:
    """The clause says someone did wrong: "had provoked the police", "had
    been illegal", "was responsible for the bloodshed", "has trafficked
    drugs" (the verb where the parser hangs it, outside side clauses); not
    negated."""
    if any(c.dep_ == "neg" for c in clause.children):
        return False
    if clause.lemma_.lower() == "be":
        return any(c.dep_ in ("acomp", "attr") and c.lemma_.lower() in WRONGDOING_PREDICATES for c in clause.children)
    return any(_wrong_verb(t) and not _aside(t, clause) for t in clause.subtree)


def _wrong_verb(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX", "ADJ"):
        return False
    return tok.lemma_.lower() in WRONGDOING_VERBS or any(  # "trafficked" read as an adjective
        len(verb) >= 5 and tok.lower_.startswith(verb) for verb in WRONGDOING_VERBS)


SIDE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "pcomp", "csubj"}


def _aside(tok: Token, clause: Token) -> bool:
    """``tok`` sits in a clause of its own below ``clause`` ("those who violate")."""
    while tok.i != clause.i:
        if tok.dep_ in SIDE_DEPS:
            return True
        tok = tok.head
    return False


ENVOY = Trigger("send", ("visit",), "VERB", "CONSULT", "04", "042", mode="visit", target=("prep:to",))


def _envoy(tok: Token) -> bool:
    """"Moscow sent Prime Minister Mikhail Fradkov to the funeral": sending
    an official somewhere is a visit by the sender (CONSULT 042), where the
    deployment of armed men is a mobilisation."""
    if tok.lemma_.lower() not in DEPLOY_VERBS or not any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children):
        return False
    obj = _object(tok)
    return obj is not None and any(t.lemma_.lower() in ENVOY_NOUNS for t in obj.subtree if t.i <= obj.i)


RELIEF = Trigger("fly", (), "VERB", "AID", "07", "073", context="humanitarian", target=("dobj",))
RELIEF_PEOPLE = {"refugee", "civilian", "evacuee", "people", "asylum-seeker", "migrant", "wounded"}


def _relief_moves(tokens: Sequence[Token], trigger_tokens: set[int], by_token: dict[int, ActorSpan]) -> list[tuple[Token, Trigger]]:
    """"UNHCR flew 439 Uzbeks who had fled Andijan to Romania": an
    international or aid organisation moving refugees or civilians is
    humanitarian aid to them (CAMEO 073), not a visit."""
    found = []
    for tok in tokens:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in DEPLOY_VERBS or tok.pos_ != "VERB":
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        obj = _object(tok)
        if subj is None or obj is None:
            continue
        movers = _np_actors(subj, by_token)
        people = obj.lemma_.lower() in RELIEF_PEOPLE or any(s.how == "demonym" for s in _np_actors(obj, by_token))
        if movers and all(_is_org(s) and not s.country for s in movers) and people:
            found.append((tok, RELIEF))
    return found
