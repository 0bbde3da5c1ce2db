"""Did it happen? Negation, hedges, intentions, conditions, attribution (``_modality``); the
writer's forecasts and advice, background nouns and biographies, which are no event; whether a
trigger is governed by another one."""
from __future__ import annotations

from spacy.tokens import Span, Token

from geopol.stages.events.record import RawEvent
from geopol.stages.events.syntax import CLAUSE_DEPS
from geopol.stages.events.words import (
    ACQUITTALS, ANALYSTS, BELIEF_SENSES, CLAIM_VERBS, FORECAST_WORDS, FUTURE_AUX, HEDGE_WORDS, INTENT_ADJS,
    INTENT_VERBS, NEGATIONS, OPINION_VERBS, PLAN_WORDS, PRESCRIPTIVE, SPEECH_VERBS, TIME_NOUNS, UNREALISED,
    WRITER,
)
from geopol.stages.lexicon import Trigger


def _background(tok: Token, trig: Trigger) -> bool:
    """A noun trigger that names an event only as background: what someone
    prevented, faces or enjoys; a state one is under ("under investigation",
    "under the pact"); the stretch of time of another ("a week of unrest").
    The object of another event ("the suppression of unrest") is already
    ``_governor``'s."""
    if trig.pos != "NOUN":
        return False
    head = tok.head
    if tok.dep_ in ("dobj", "obj") and head.lemma_.lower() in UNREALISED:
        return True  # "police prevented the demonstration", "watched the fighting", "described the attack as"
    if tok.lemma_.lower() in BELIEF_SENSES and any(
            c.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
            for c in tok.children):
        return True  # "Karimov's conviction that the threat comes from...": a belief, not a verdict
    if tok.dep_ != "pobj":
        return False
    if head.lower_ in ("under", "as"):
        return True
    holder = head.head
    if head.lower_ == "of" and holder.lemma_.lower() in ACQUITTALS:
        return True  # "a court cleared him of all charges": what he was cleared of
    return head.lower_ == "of" and holder.lemma_.lower() in TIME_NOUNS


def _biography(tok: Token) -> bool:
    """"Juma Namangani, a former Soviet paratrooper who fought alongside the
    opposition": a relative clause in an apposition that describes someone
    is their background, not news (the regional guidelines code none)."""
    return tok.dep_ == "relcl" and tok.head.dep_ == "appos" and tok.tag_ in ("VBD", "VBN") \
        and any(c.lower_ == "who" for c in tok.children)


def _governed_type(tok: Token, matches: list[tuple[Token, Trigger]]) -> str | None:
    """The event type of the trigger in ``tok``'s to-clause ("agreed *to
    resign*": RETREAT), if any."""
    clause = {c.i for c in tok.children if c.dep_ == "xcomp"}
    return next((trig.type for other, trig in matches if other.i in clause), None)


def _own_clause(tok: Token, governor: int) -> bool:
    """The trigger heads a clause of its own, with its own named subject,
    below the governing one ("suggested that ..., and *officials urged*")."""
    for verb in [tok, *tok.ancestors]:
        if verb.i == governor:
            return False
        if verb.dep_ == "ccomp" and any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON" for c in verb.children):
            return True
        if verb.dep_ not in ("conj", "ccomp"):
            return False
    return False


def _governor(tok: Token, trigger_tokens: set[int], sent: Span) -> int | None:
    """The trigger whose complement ``tok`` is in, if any (its token index)."""
    child = tok
    for anc in tok.ancestors:
        if anc.i < sent.start or anc.i >= sent.end or child.dep_ not in CLAUSE_DEPS or _own_sentence(child):
            return None
        if anc.i in trigger_tokens:
            return anc.i
        child = anc
    return None


TIME_MARKS = {"after", "before"}  # "after Georgian forces attacked"


def _own_sentence(clause: Token) -> bool:
    """"declared a state of emergency; a day later security officers
    detained Atambayev": an adverbial clause with a named subject of its own
    and no subordinator (if, after, because) is a sentence of its own that
    the parser hung on the first."""
    return clause.dep_ == "advcl" and not any(c.dep_ == "mark" and c.lower_ not in TIME_MARKS
                                              for c in clause.children) and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN") for c in clause.children)


def _forecast(tok: Token) -> bool:
    """The writer's opinion or forecast, or a question: no event (the
    regional guidelines; PLOVER codes what was done or said by an actor).
    A plan being prepared ("the army prepared to resume shelling") is none
    either."""
    if _question(tok.sent):
        return True
    if any(c.lower_ in FORECAST_WORDS and c.dep_ == "advmod" for c in tok.children):
        return True
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for v in [tok, *_governing_verbs(tok)] for c in v.children
           if v.dep_ in ("csubj", "csubjpass", "advcl", "ccomp") or v is tok and tok.dep_ in ("csubj", "csubjpass")):
        return True  # "Whether he can deliver it ... is the question"
    for verb in _governing_verbs(tok):
        lemma = verb.lemma_.lower()
        if lemma in FORECAST_WORDS or lemma == "prepare" and verb.pos_ == "VERB" and verb.tag_ != "VBN":
            return True
        if lemma in ("expect", "due") and (verb.tag_ == "VBN" or verb.pos_ == "ADJ"):
            return True  # "Moscow is expected to press", "Atambayev is due to pay a visit"
        if lemma in SPEECH_VERBS | {"argue", "predict"} and _analysts_say(verb):
            return True
        if lemma in OPINION_VERBS and verb.pos_ == "VERB":
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None and verb.dep_ == "ROOT" or subj is not None and subj.lower_ in WRITER:
                return True
    return False


def _question(sent: Span, quotes: str = '"”\'') -> bool:
    """The sentence ends with a question mark (before any closing ``quotes``).
    Only its last tokens are read: the first tail that is more than space
    and quotes decides, as the whole text would."""
    for k in range(1, len(sent) + 1):
        if tail := sent[-k:].text.rstrip().rstrip(quotes):
            return tail.endswith("?")
    return False


def _analysts_say(verb: Token) -> bool:
    """"Several analysts argue that Moscow will accept ...": commentators'
    forecasts are no event."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lemma_.lower() not in ANALYSTS:
        return False
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    return clause is not None and any(a.dep_ == "aux" and a.lower_ in FUTURE_AUX | {"may", "might", "could"}
                                      for a in clause.children)


def _prescriptive(tok: Token) -> bool:
    """"Leaders should meet more often", "Tashkent ought to recognise":
    advice, not an event."""
    if any(c.dep_ == "aux" and c.lower_ in PRESCRIPTIVE for c in tok.children):
        return True
    return tok.dep_ == "xcomp" and tok.head.lower_ in PRESCRIPTIVE


def _modality(event: RawEvent) -> None:
    """Set negated, hedged, intent and attribution from the trigger's clause."""
    tok = event.token
    chain = [tok] + list(tok.ancestors)[:3]
    governing = [tok] + list(_governing_verbs(tok))
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    # a verb the trigger's clause hangs on from after it ("mocked X's elections, whose outcome, he
    # suggested, is never in doubt", a misparse) negates nothing of it
    framing = [v for v in governing if v.i <= tok.i or v is tok]
    event.negated = any(c.dep_ == "neg" or c.lower_ in NEGATIONS and c.dep_ in ("neg", "det", "advmod")
                        for v in framing + objects for c in v.children) \
        or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for s in subjects for c in s.children) \
        or tok.dep_ == "pobj" and tok.head.lower_ == "without"  # "the talks ended without agreement"
    sentence = tok.sent
    event.hedged = any(t.lower_ in HEDGE_WORDS for t in sentence) or _question(sentence, quotes="") \
        or _conditional(governing, own_condition=event.trigger.type != "THREATEN") \
        or any(v.lemma_.lower() in PLAN_WORDS | CLAIM_VERBS for v in governing[1:])
    headline_future = tok.dep_ == "ROOT" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    event.intent = headline_future or any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for v in governing for c in v.children) \
        or any(v.lemma_.lower() in INTENT_VERBS | INTENT_ADJS for v in governing[1:])
    event.attribution = _attribution(chain)
    if event.negated:
        event.reasons.append("negated")
    if event.hedged:
        event.reasons.append("hedged")


def _conditional(governing: list[Token], own_condition: bool = True) -> bool:
    """Inside an if/unless clause, or (``own_condition``) with one of its
    own; a threat's own condition ("...unless Kyrgyzstan pays") is what
    makes it a threat, not a hedge."""
    for verb in governing:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
            return True
        if own_condition and any(_condition(c) for c in verb.children):
            return True
    return False


def _condition(clause: Token) -> bool:
    """An if/unless clause."""
    return clause.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in clause.children)


def _governing_verbs(tok: Token):
    """Verbs and adjectives whose complement the trigger is ("plans to visit",
    "is ready to send"), nearest first."""
    while tok.dep_ in ("xcomp", "acomp", "ccomp", "pcomp", "dobj", "pobj", "prep") and tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX", "ADJ"):
            yield tok
        if tok.lemma_.lower() in SPEECH_VERBS:
            return


def _attribution(chain: list[Token]) -> str | None:
    """"..., TASS reported": the subject of the speech verb above the trigger,
    or of one hanging off it (the parser's reading of a trailing source)."""
    according = _according_to(chain[0])
    if according is not None:
        return according
    trailing = [c for c in chain[0].children if c.dep_ in ("ccomp", "parataxis", "advcl") and c.i > chain[0].i]
    for verb in chain[1:] + trailing:
        if verb.lemma_.lower() in SPEECH_VERBS and verb.pos_ == "VERB":
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return " ".join(t.text for t in subj.subtree)
    return None


def _unless(tok: Token) -> bool:
    """An "unless" clause hangs on the trigger or a verb governing it."""
    for verb in [tok, *tok.ancestors]:
        if any(c.dep_ == "advcl" and any(g.lower_ == "unless" for g in c.children) for c in verb.children):
            return True
    return False


def _according_to(tok: Token) -> str | None:
    """"..., according to Xinhua": the object of "according to" in the sentence."""
    for t in tok.sent:
        if t.lower_ == "according":
            for to in t.children:
                obj = next((g for g in to.children if g.dep_ == "pobj"), None)
                if to.lower_ == "to" and obj is not None:
                    return " ".join(x.text for x in obj.subtree)
    return None
