"""Events stage: code PLOVER events from triggers and the dependency parse.

For each sentence, ``Coder.code_sentence`` finds trigger words (verbs and
nouns from the lexicon, with the dependents their phrase needs), takes the
source from the subject (or the agent of a passive, the possessor of a
noun, the subject of the verb that governs a control complement) and the
target from the dependents the trigger names, reads the modality (negation,
hedges, intent, attribution) and returns ``RawEvent`` records. The pipeline
turns them into ``Event`` records with dates and offsets.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from geopol.stages.actors import ActorSpan
from geopol.stages.lexicon import COOPERATIVE, Lexicon, Trigger

SPEECH_VERBS = {"say", "tell", "announce", "report", "state", "add", "claim", "declare", "confirm",
                "quote", "insist", "note", "write", "according"}
HEDGE_WORDS = {"may", "might", "could", "reportedly", "allegedly", "possibly", "perhaps", "apparently",
               "likely", "unlikely", "purportedly", "supposedly", "rumored", "rumoured"}
INTENT_VERBS = {"plan", "intend", "want", "hope", "seek", "aim", "expect", "prepare", "consider",
                "decide", "promise", "pledge", "vow", "offer", "agree", "threaten", "propose", "wish"}
INTENT_ADJS = {"ready", "willing", "prepared", "eager", "set", "due", "poised", "keen", "determined"}
FUTURE_AUX = {"will", "shall", "'ll", "wo", "would"}
PRESCRIPTIVE = {"should", "must", "ought"}
# Governing words that make the action a plan, readiness or someone's forecast, not a fact.
PLAN_WORDS = {"plan", "intend", "ready", "willing", "prepared", "prepare", "expect", "predict", "forecast",
              "anticipate", "hope", "consider", "mull", "weigh", "seek", "want", "aim", "poised", "likely"}
NEGATIONS = {"not", "n't", "never", "no"}
SKIP_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj", "npadvmod"}
PURPOSE_TYPES = {"PROTEST", "ASSAULT", "COERCE"}  # aimed at whom their purpose clause names
JOINT_TYPES = {"CONSULT", "AGREE", "COOPERATE"}
SETTLING_TYPES = {"AGREE", "SUPPORT", "REJECT"}  # "the treaty signed by", "a ceasefire agreed by", "the plan rejected by"
DOMESTIC_TYPES = {"PROTEST", "RETREAT", "CONCEDE", "COERCE", "MOBILIZE"}
HOST_VERBS = {"receive", "greet", "host", "welcome"}
MOTION_TRIGGERS = {"visit", "arrive", "travel", "fly", "go", "come", "tour", "trip", "journey", "stopover", "head",
                   "attend"}
# Acts of a state's authorities, whoever the text leaves unnamed (``_Roles.authorities``).
STATE_MODES = {"arrest", "deport", "troops", "police"}
LEGAL_CHARGES = {"charge", "convict", "indict", "prosecute"}
NON_STATE_SEIZURES = {"capture", "seize", "abduct", "kidnap"}
# Where a target is looked for after the trigger's own slots, in order.
DEFAULT_SLOTS = ("dobj", "dative", "prep:with", "prep:to", "prep:against", "prep:on", "prep:at", "prep:from",
                 "prep:of", "prep:for", "prep:over", "prep:into", "prep:outside", "prep:near")
# Causes of death that are nobody's attack.
ACCIDENTS = {"crash", "accident", "collision", "earthquake", "flood", "flooding", "avalanche", "landslide", "mudslide",
             "storm", "fire", "blaze", "stampede", "collapse", "disaster", "illness", "disease", "heatwave", "drowning"}
# Where a target acted upon is found, for triggers that need one (``needs_object``).
OBJECT_SLOTS = {"the trigger's dobj", "passive subject", "reduced relative"}
# Meetings, whose "on"/"about" phrase is their topic.
MEETINGS = {"summit", "meeting", "conference", "talk", "negotiation", "session", "forum", "consultation"}
TOPIC_PREPS = {"on", "about", "regarding", "concerning"}
ACTOR_PREPS = {"of", "from", "between", "among", "by"}
NOUN_SOURCE_PREPS = {"by", "from", "between", "among"}
CLAUSE_DEPS = {"ccomp", "xcomp", "dobj", "pobj", "prep", "acomp", "pcomp", "oprd", "attr", "nsubj", "nsubjpass", "advcl"}


@dataclass
class RawEvent:
    """An event found in one sentence, before dating and offsets."""

    trigger: Trigger
    token: Token
    source: list[ActorSpan]
    target: list[ActorSpan]
    type: str
    negated: bool = False
    hedged: bool = False
    intent: bool = False
    attribution: str | None = None
    location: ActorSpan | None = None
    target_from: str = "none"
    reasons: list[str] = field(default_factory=list)
    confidence: float = 0.5


class Coder:
    """Finds events in parsed sentences."""

    def __init__(self, lexicon: Lexicon, one_sided: bool = False) -> None:
        self.lexicon = lexicon
        self.one_sided = one_sided  # keep events with no target

    def code_sentence(self, sent: Span, by_token: dict[int, ActorSpan], home: str | None = None) -> list[RawEvent]:
        """Events in ``sent``; ``by_token`` maps each token of the document to
        its actor span (``token_map``; pronouns already resolved); ``home`` is
        the document's country, the target of acts that name none."""
        matches = [(tok, trig) for tok in sent if (trig := self._match(tok)) is not None]
        matches += _refusals(sent, {tok.i for tok, _ in matches})
        matches += _wishes(sent, {tok.i for tok, _ in matches})
        matches += _exits(sent, {tok.i for tok, _ in matches}, by_token)
        matches += _verdicts(sent, {tok.i for tok, _ in matches})
        matches += _dismay(sent, {tok.i for tok, _ in matches})
        matches += _gatherings(sent, {tok.i for tok, _ in matches}, by_token)
        trigger_tokens = {tok.i for tok, _ in matches}
        commands = _commands(sent, matches, trigger_tokens)
        events, governed = [], []
        for tok, trig in matches + _demands(sent, trigger_tokens) + _claims(sent, trigger_tokens, matches):
            if _prescriptive(tok) or _background(tok, trig) or _forecast(tok) or _biography(tok) \
                    or tok.i in commands.values():
                continue
            if tok.i in commands:  # "ordered the army to deploy": the order is the deployment, by whoever gave it
                if (event := self._commanded(tok, trig, sent.doc[commands[tok.i]], by_token, home)) is not None:
                    events.append(event)
            elif (governor := _governor(tok, trigger_tokens, sent)) is not None:
                governed.append((tok, trig, governor))
            elif (event := self._event(tok, trig, by_token, _governed_type(tok, matches), home)) is not None:
                events.append(event)
        coded = {e.token.i for e in events}
        for tok, trig, governor in governed:  # "suggested that ..., and officials urged Dushanbe to act"
            if governor in coded or not _own_clause(tok, governor):
                continue
            if (event := self._event(tok, trig, by_token, home=home)) is not None:
                event.reasons.append("the governing trigger is no event: coded on its own")
                events.append(event)
        events += [self._report(event, speech, speaker) for event, speech, speaker in _victim_reports(events, by_token)]
        if len(events) > 1:  # several readings of one sentence: each less sure
            for event in events:
                event.confidence = round(event.confidence - 0.06, 3)
        return events

    # trigger matching --------------------------------------------------------
    def _match(self, tok: Token) -> Trigger | None:
        pos = "VERB" if tok.pos_ in ("VERB", "AUX", "ADJ") or _headline_verb(tok) else \
            "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
        if pos is None:
            return None
        lemma = tok.lemma_.lower()
        if pos == "VERB" and _deployment(tok):
            return DEPLOYMENT
        if lemma in ASSERTION_VERBS and (clause := next((c for c in tok.children if c.dep_ == "ccomp"), None)) is not None:
            return _assertion(clause)
        for trig in self.lexicon.get(lemma, pos) or self.lexicon.get(tok.lower_, pos):
            if _has_parts(tok, trig.rest):
                return PEACEKEEPING if _peacekeepers_arrive(tok, trig) else trig
        return None

    # building ------------------------------------------------------------------
    def _event(self, tok: Token, trig: Trigger, by_token: dict[int, ActorSpan],
               governed: str | None = None, home: str | None = None,
               source: list[ActorSpan] | None = None) -> RawEvent | None:
        finder = _Roles(tok, trig, by_token)
        source = source or finder.source() or finder.unidentified_source() or finder.authorities(home)
        if trig.reverse:  # "Georgian protesters received weapons from the government"
            giver, slot = finder.target()
            source, target, found_in = giver, source, f"subject (reversed phrase; source from {slot})"
        elif source:
            target, found_in = finder.target()
            if found_in in SELF_CLAUSES and _same(target, source):
                target, found_in = [], "none"  # "Astana insists it has imposed no restrictions": it is Astana
        elif (visit := finder.received_visitor()) is not None:
            source, target, found_in = visit[0], visit[1], "host place"
        if not source:
            return None  # who acted is the one thing an event record cannot lack
        if trig.needs_object and (found_in not in OBJECT_SLOTS or not any(_acted_upon(tok, t) for t in target)):
            return None  # "released a statement on Russia": nobody was released
        if _joint(trig, source) and target and all(t.place for t in target):
            target = []  # "Rahmonov and Nuri met at Khos-Deh": where they met is no party to it
        if target and not _joint(trig, source) and _same_entity(target, source):
            target, found_in = [], "none"  # "Putin received him" with "him" read as Putin: a misread name
        if not target and (target := finder.implied_target(source, governed)):
            found_in = "implied"
            if trig.type in ABROAD_TYPES and home is not None and all(s.country != home for s in source if s.country):
                target = _story_target(tok, trig, source, home, ABROAD_TYPES) or target  # "the Uzbek contingent withdrew"
        if not target and (_joint(trig, source) or _travel(trig) and _several(source) and home is not None
                           and any(s.country == home for s in source)):
            target, found_in = list(source), "joint"  # "Russia and China met": each side is the other's target
        if not target and (target := _story_target(tok, trig, source, home)):
            found_in = "document"
        if not target and not self.one_sided:
            return None  # one-sided: on the gold sets 5 in 100 of these matched a gold event
        event = RawEvent(trig, tok, source, target, trig.type, target_from=found_in,
                         reasons=[f"trigger {trig.phrase!r} ({trig.pos.lower()}); source by {source[0].how}; "
                                  f"target from {found_in}"])
        _modality(event)
        _retype_by_target(event)
        _retype_intent(event)
        event.location = finder.place()
        event.confidence = _confidence(event)
        return event

    def _commanded(self, tok: Token, trig: Trigger, order: Token, by_token: dict[int, ActorSpan],
                   home: str | None) -> RawEvent | None:
        """The act someone ordered, with the one who gave the order as its source."""
        giver = _Roles(order, ORDER, by_token).source()
        if not giver:
            return None
        event = self._event(tok, trig, by_token, home=home, source=giver)
        if event is not None:
            event.reasons.append(f"ordered ({order.text!r}): the one who gave the order acted")
        return event

    def _report(self, attack: RawEvent, speech: Token, speaker: list[ActorSpan]) -> RawEvent:
        """The victim's accusation of ``attack``'s source; the attack itself
        now rests on the victim's word, so it is hedged."""
        attack.hedged = True
        attack.reasons.append("reported by its victim: hedged")
        event = RawEvent(VICTIM_REPORT, speech, speaker, list(attack.source), "ACCUSE", target_from="reported attacker",
                         reasons=[f"victim's report of {attack.type} ({attack.token.text!r}); source by "
                                  f"{speaker[0].how}; target the reported attacker"])
        _modality(event)
        event.confidence = _confidence(event)
        return event


# Acts with no named target that are aimed at the story's country, measured
# by type on whole articles: reactions (accusations, rejections) whoever makes
# them; offers, requests and aid from abroad; force used at home ("police
# opened fire on the crowd"). Meetings, signings and cooperation with an
# unnamed partner are not: the partner is as often a third state.
STORY_SENTENCES = 4
UNNAMED_TARGETS = {"implied", "document"}  # where a target came from when the text names none
FOREIGN_STORY_TYPES = {"ACCUSE", "REJECT", "AID", "AGREE", "REQUEST"}
DOMESTIC_STORY_TYPES = {"ACCUSE", "REJECT", "ASSAULT"}
# Domestic by default, but done abroad by a foreign actor: aimed at the story's country ("the Uzbek contingent withdrew").
ABROAD_TYPES = {"RETREAT", "MOBILIZE"}


def tells_story(doc) -> bool:
    """Whether a document is long enough to have a country it is about: a
    lone sentence tells no story, and its most named country is as often the
    actor's own. The pipeline passes ``home`` to the coder only then."""
    return sum(1 for _ in doc.sents) >= STORY_SENTENCES


def _story_target(tok: Token, trig: Trigger, source: list[ActorSpan], home: str | None,
                  types: set[str] | None = None) -> list[ActorSpan]:
    """An act that names no target is aimed at the country the story is
    about: "Iran pledged to help build the dam" in a Tajik story, "police
    opened fire on the crowd" in a Kazakh one."""
    if home is None:
        return []
    domestic = any(s.country == home for s in source)
    travel = not domestic and _travel(trig)  # "foreign leaders attended the funeral": in the story's country
    if trig.type not in (types or (DOMESTIC_STORY_TYPES if domestic else FOREIGN_STORY_TYPES)) and not travel:
        return []
    return [ActorSpan(tok.i, tok.i, tok.i, f"{home} (the story's country)", country=home, sector=None,
                      confidence=0.4, how="document", reason=f"no target named: the document's country, {home}")]


def _state_act(tok: Token, trig: Trigger) -> bool:
    """An act only a state's authorities perform: arrests, sentences,
    expulsions, legal charges, deployments."""
    if tok.lemma_.lower() in NON_STATE_SEIZURES:
        return False
    return trig.mode in STATE_MODES or (trig.type == "ACCUSE" and tok.lemma_.lower() in LEGAL_CHARGES)


def _agentless_passive(tok: Token) -> bool:
    """"were detained", "37 residents charged with organising", "were
    detained and sentenced": a passive (or reduced relative) whose agent the
    sentence does not give."""
    if _prep_child(tok, {"agent", "by"}) is not None:
        return False
    if any(c.dep_ == "nsubjpass" for c in tok.children) or _reduced_relative(tok):
        return True
    head = tok.head  # "were detained and sentenced": the second verb shares the passive
    return (tok.dep_ == "conj" and tok.tag_ == "VBN" and head.i != tok.i
            and any(c.dep_ == "nsubjpass" for c in head.children) and _prep_child(head, {"agent", "by"}) is None)


def _passive_subject(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ == "nsubjpass"), None)


SELF_CLAUSES = {"complement subject", "the trigger's ccomp-subj"}


def _same(target: list[ActorSpan], source: list[ActorSpan]) -> bool:
    """The target names the source again ("it", the same country)."""
    keys = {s.entity_id or s.org or s.country for s in source}
    return bool(target) and all((t.entity_id or t.org or t.country) in keys for t in target)


def _same_entity(target: list[ActorSpan], source: list[ActorSpan]) -> bool:
    """Every target is one of the sources' own known entities (a person, a state)."""
    ids = {s.entity_id for s in source if s.entity_id}
    return len(source) == 1 and bool(ids) and all(t.entity_id in ids for t in target)


def _joint(trig: Trigger, source: list[ActorSpan]) -> bool:
    """A joint act of several named parties ("Russia and China met"); going
    somewhere together ("Medvedev and Rahmon attended the funeral") is not
    meeting each other."""
    return _several(source) and (trig.symmetric or trig.type in JOINT_TYPES) and not _travel(trig)


def _travel(trig: Trigger) -> bool:
    return trig.type == "CONSULT" and bool({trig.head, *trig.rest} & MOTION_TRIGGERS)


def _several(source: list[ActorSpan]) -> bool:
    """More than one party ("Kazakhstan and Kyrgyzstan"), not two names of one."""
    return len({s.entity_id or s.org or s.country or s.name for s in source}) > 1


PEACEKEEPING = Trigger("arrive", (), "VERB", "AID", "07", "074", context="peacekeeping", target=("prep:in", "prep:to"))


def _peacekeepers_arrive(tok: Token, trig: Trigger) -> bool:
    """"NATO peacekeeping troops arrived in Bosnia": peacekeepers coming to a
    country is peacekeeping (AID 074), not a visit."""
    if trig.type != "CONSULT" or tok.lemma_.lower() not in MOTION_TRIGGERS:
        return False
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and any(t.lemma_.lower().startswith("peacekeep") for t in subj.subtree)


VICTIM_REPORT = Trigger("say", (), "VERB", "ACCUSE", "11", "112", mode="allege")


def _victim_reports(events: list[RawEvent], by_token: dict[int, ActorSpan]):
    """"Israel said a mortar bomb was fired at it from Gaza": a victim's
    statement that it was attacked or coerced accuses the attacker (CAMEO
    112, the PETR-2 coding). Yields (attack, speech verb, speaker)."""
    spoken = {e.token.i for e in events}
    for event in events:
        if event.type not in ("ASSAULT", "COERCE") or event.negated:
            continue
        speech = next((v for v in _governing_verbs(event.token) if v.lemma_.lower() in SPEECH_VERBS), None)
        if speech is None or speech.i in spoken or speech.i > event.token.i:
            continue  # "..., police said": a trailing attribution is the news source, not a statement
        subj = next((c for c in speech.children if c.dep_ == "nsubj"), None)
        speaker = _np_actors(subj, by_token) if subj is not None else []
        countries = {s.country for s in speaker if s.country}
        if countries & {t.country for t in event.target} and not countries & {s.country for s in event.source}:
            spoken.add(speech.i)
            yield event, speech, speaker


# Verbs whose object event did not (or not yet) take place: "police prevented
# the demonstration", "they face imprisonment", "the plan enjoys support".
UNREALISED = {"prevent", "cancel", "face", "enjoy", "oversee", "prepare", "avoid", "fear", "forestall", "risk",
              "thwart", "foil", "avert", "monitor", "observe", "discuss", "debate", "study", "consider",
              "watch", "witness", "describe", "stay", "investigate", "condemn", "denounce", "blame"}
# Nouns of what someone suffers: their owner is the victim ("the general's murder").
SUFFERED_NOUNS = {"murder", "killing", "assassination", "death", "arrest", "detention", "abduction", "kidnapping",
                  "torture", "execution", "release", "extradition", "deportation", "trial", "imprisonment",
                  "beating", "capture", "conviction", "sentencing", "expulsion", "prosecution", "persecution"}
BELIEF_SENSES = {"conviction", "judgment", "judgement"}  # nouns that are beliefs when a that-clause follows
TIME_NOUNS = {"day", "week", "month", "year", "decade", "night", "hour", "period", "time"}


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


def _headline_verb(tok: Token) -> bool:
    """"Kazakhstan expels Russian diplomat": a headline verb the tagger read as
    a noun still has a subject."""
    return tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children)


def _has_parts(tok: Token, rest: tuple[str, ...]) -> bool:
    """Every extra lemma of the phrase is a dependent (or a dependent's
    dependent) of the trigger head, to its right."""
    if not rest:
        return True
    near = [c for c in tok.children if c.i > tok.i or tok.pos_ in ("NOUN", "PROPN") or c.dep_ == "nsubjpass"]
    near += [g for c in near for g in c.children]
    near += [g for c in near if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]  # "20 tonnes of aid"
    lemmas = {t.lemma_.lower() for t in near} | {t.lower_ for t in near}
    return all(word in lemmas for word in rest)


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


def _own_sentence(clause: Token) -> bool:
    """"declared a state of emergency; a day later security officers
    detained Atambayev": an adverbial clause with a named subject of its own
    and no subordinator (if, after, because) is a sentence of its own that
    the parser hung on the first."""
    return clause.dep_ == "advcl" and not any(c.dep_ == "mark" for c in clause.children) and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN") for c in clause.children)


DEMAND = Trigger("say", (), "VERB", "REQUEST", "10", "100", target=("ccomp-subj",))
DEMAND_VERBS = SPEECH_VERBS | {"reiterate", "conclude", "stress", "remind", "demand", "declare", "announce",
                               "write", "argue", "warn"}


REFUSAL = Trigger("decline", (), "VERB", "REJECT", "12", "120", target=("dobj",))
REFUSAL_VERBS = {"decline", "fail"}


def _refusals(sent: Span, trigger_tokens: set[int]) -> list[tuple[Token, Trigger]]:
    """"Turkmenistan declined to sign", "failed to reach agreement": not doing
    what was asked is a rejection (REJECT), whatever the action."""
    return [(tok, REFUSAL) for tok in sent
            if tok.i not in trigger_tokens and tok.lemma_.lower() in REFUSAL_VERBS and tok.pos_ == "VERB"
            and any(c.dep_ == "xcomp" for c in tok.children)]


WISH = Trigger("want", (), "VERB", "REQUEST", "10", "100", target=("dobj", "ccomp-subj"))
WISH_VERBS = {"want", "wish", "need"}


def _wishes(sent: Span, trigger_tokens: set[int]) -> list[tuple[Token, Trigger]]:
    """"Kazakhstan wants Russia to withdraw its troops": wanting someone
    else to act is asking them to (REQUEST); the wanted act is governed."""
    found = []
    for tok in sent:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in WISH_VERBS or tok.pos_ != "VERB":
            continue
        clauses = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
        to_clause = any(a.dep_ == "aux" and a.lower_ == "to" for c in clauses for a in c.children)
        someone = _object(tok) is not None or any(a.dep_ == "nsubj" for c in clauses for a in c.children)
        if to_clause and someone:
            found.append((tok, WISH))
    return found


EXIT = Trigger("leave", (), "VERB", "SANCTION", "16", "160", context="diplomatic", target=("dobj", "prep:from"))
EXIT_VERBS = {"leave", "exit", "abandon"}
PEOPLE_NOUNS = {"troop", "troops", "soldier", "peacekeeper", "force", "forces", "personnel", "staff", "official",
                "member", "observer", "monitor", "delegation", "delegate", "envoy", "mission", "team"}


def _exits(sent: Span, trigger_tokens: set[int], by_token: dict[int, ActorSpan]) -> list[tuple[Token, Trigger]]:
    """"Uzbekistan left the CSTO": leaving an organisation reduces relations
    with it (SANCTION, CAMEO 16); leaving a room or a country is no event."""
    found = []
    for tok in sent:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in EXIT_VERBS or tok.pos_ != "VERB":
            continue
        obj = _object(tok)  # the organisation itself ("left the CSTO"), not its people ("leaving 100 UN troops")
        if obj is None or obj.lemma_.lower() in PEOPLE_NOUNS or tok.tag_ == "VBG" and tok.dep_ == "advcl":
            continue
        if any(_is_org(s) for s in _np_actors(obj, by_token)):
            found.append((tok, EXIT))
    return found


DENIAL = Trigger("insist", (), "VERB", "REJECT", "01", "016", target=("ccomp-subj",))
ASSERTION_VERBS = {"insist", "maintain"}


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
COMMAND_VERBS = {"order", "command", "instruct", "direct", "authorise", "authorize"}
COMMANDED_TYPES = {"MOBILIZE", "COERCE", "RETREAT"}


def _commands(sent: Span, matches: list[tuple[Token, Trigger]], trigger_tokens: set[int]) -> dict[int, int]:
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
                and not any(c.dep_ == "nsubjpass" for c in head.children):  # "were ordered deported": by whom?
            found[tok.i] = head.i
    return found


VERDICT = Trigger("call", (), "VERB", "ACCUSE", "11", "111", mode="disapprove", target=("dobj",))
VERDICT_VERBS = {"call", "brand", "describe", "label", "term", "denounce", "dismiss", "condemn", "declare", "deem"}
# What calling something an act of disapproval takes ("called the raid illegal").
CENSURE_WORDS = {"illegal", "unlawful", "unconstitutional", "illegitimate", "unacceptable", "provocative", "baseless",
                 "groundless", "unfounded", "absurd", "political", "politically", "false", "fabricated", "irresponsible",
                 "biased", "hostile", "aggressive", "provocation", "lie", "farce", "violation", "crime", "insult",
                 "interference", "slander", "propaganda", "invalid", "null", "void", "unjustified", "unfriendly"}


def _verdicts(sent: Span, trigger_tokens: set[int]) -> list[tuple[Token, Trigger]]:
    """"called the raid unconstitutional and illegal", "dismissed such
    statements as provocative": calling something unlawful or false is
    disapproval (ACCUSE 111), aimed at whoever the thing belongs to."""
    found = []
    for tok in sent:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in VERDICT_VERBS or tok.pos_ != "VERB":
            continue
        said = [g for c in tok.children if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp", "dobj", "prep")
                for g in _within(c, 3)]
        if any(g.lemma_.lower() in CENSURE_WORDS and g.pos_ in ("ADJ", "NOUN", "ADV") for g in said):
            found.append((tok, VERDICT))
    return found


def _within(tok: Token, depth: int) -> list[Token]:
    """``tok`` and its dependents down to ``depth`` levels."""
    found, level = [tok], [tok]
    for _ in range(depth):
        level = [c for t in level for c in t.children]
        found += level
    return found


DISMAY = Trigger("disappoint", (), "VERB", "ACCUSE", "11", "110", mode="disapprove",
                 target=("agent", "prep:by", "prep:with", "prep:over", "prep:about", "prep:at"))
DISMAY_WORDS = {"disappoint", "disappointed", "concern", "concerned", "alarm", "alarmed", "dismay", "dismayed",
                "trouble", "troubled", "outrage", "outraged", "worry", "worried", "indignant", "angry"}


def _dismay(sent: Span, trigger_tokens: set[int]) -> list[tuple[Token, Trigger]]:
    """"The US embassy said it was disappointed", "Moscow is deeply concerned
    by the arrests": an actor that says it is dismayed disapproves (ACCUSE
    110); the one who feels it is the source, passive or not."""
    found = []
    for tok in sent:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in DISMAY_WORDS and tok.lower_ not in DISMAY_WORDS:
            continue
        if tok.tag_ not in ("VBN", "JJ") or not any(c.dep_ in ("auxpass", "cop") or c.lemma_ == "be" for c in tok.children) \
                and not (tok.dep_ == "acomp" and tok.head.lemma_ in ("be", "remain")):
            continue
        found.append((tok, DISMAY))
    return found


GATHERING = Trigger("gather", (), "VERB", "PROTEST", "14", "141", mode="demo", target=("prep:against", "prep:outside"))
GATHER_VERBS = {"gather", "rally", "assemble", "converge", "march", "mass", "flock"}
CROWD_NOUNS = {"people", "protester", "demonstrator", "resident", "supporter", "crowd", "activist", "student",
               "worker", "villager", "citizen", "opponent", "woman", "mother", "relative", "striker", "youth",
               "thousand", "hundred", "dozen", "crowds", "protesters", "demonstrators", "residents", "supporters"}


def _gatherings(sent: Span, trigger_tokens: set[int], by_token: dict[int, ActorSpan]) -> list[tuple[Token, Trigger]]:
    """"Thousands of people gathered in the central square": a crowd
    gathering is a demonstration (PROTEST 141), aimed, unless the text says
    otherwise, at its own government."""
    found = []
    for tok in sent:
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
DEPLOY_VERBS = {"send", "fly", "dispatch", "airlift", "move", "rush", "transfer", "bring", "redeploy"}
FORCE_NOUNS = {"troop", "soldier", "paratrooper", "force", "police", "policeman", "guard", "fighter", "reinforcement",
               "unit", "contingent", "battalion", "brigade", "marine", "commando", "gendarme", "militia", "serviceman",
               "tank", "warship", "aircraft", "jet", "helicopter"}


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


def _is_org(span: ActorSpan) -> bool:
    return (bool(span.org) or span.sector in ("IGO", "NGO")) and not span.place


VOICE_SECTORS = {"GOV", "IGO", "NGO"}  # who protests in words, not in the street
NON_STATE_SECTORS = {"OPP", "REB", "CVL", "CRM", "PTY", "INS"}  # who cannot arrest anyone
PERSON_NOUNS = {"officer", "soldier", "policeman", "guard", "official", "hostage", "worker", "journalist", "citizen",
                "tourist", "geologist", "civilian", "man", "woman", "child", "people", "person", "serviceman",
                "employee", "diplomat", "engineer", "trooper", "resident", "villager", "passenger", "driver"}
EXPEL_WORDS = {"expel", "evict", "expulsion", "eviction", "oust"}
EXERCISE_WORDS = {"exercise", "drill", "game", "manoeuvre", "maneuver", "manoeuvres", "maneuvers"}
# Sectors of people a state may expel as people (COERCE), not as the arm of another state.
PEOPLE_SECTORS = {"CVL", "OPP", "REB", "CRM", "REL", "BUS", "MED", "EDU", "JRN", "LAB", "REF", "ETH"}


def _retype_by_target(event: RawEvent) -> None:
    """The type a trigger takes from whom it is done to, where PLOVER and the
    regional guidelines agree:
    - withdrawing from or quitting an organisation is SANCTION (CAMEO 16),
      not a military withdrawal or a resignation;
    - expelling another state's forces, diplomats or officials is SANCTION
      (CAMEO 166); expelling people stays COERCE;
    - an exercise held jointly is military cooperation (COOPERATE 062)."""
    words = {event.token.lemma_.lower(), event.trigger.head, *event.trigger.rest}
    before = event.type
    if event.type in ("RETREAT", "CONCEDE") and event.trigger.mode in ("withdraw", "resign") \
            and event.target and all(_is_org(t) for t in event.target):
        event.type = "SANCTION"
    elif event.type == "COERCE" and words & EXPEL_WORDS and _foreign_arm(event):
        event.type = "SANCTION"
    elif event.type == "PROTEST" and event.token.lemma_.lower() == "protest" and event.token.pos_ == "VERB" \
            and all(s.sector in VOICE_SECTORS or s.how in ("name", "metonym", "acronym") and not s.sector
                    or s.sector == "GOV" for s in event.source):
        event.type = "ACCUSE"  # "Tajikistan protested", "a human rights group protested": a complaint (114)
    elif event.type == "COERCE" and event.token.lemma_.lower() in NON_STATE_SEIZURES and _seized_people(event) \
            and all(s.sector in NON_STATE_SECTORS for s in event.source):
        event.type = "ASSAULT"  # "Atambayev's supporters seized six officers": an abduction (CAMEO 181), not an arrest
    elif event.type == "MOBILIZE" and words & EXERCISE_WORDS and _jointly(event):
        event.type = "COOPERATE"
        if _several(event.source) and event.target_from in ("implied", "place", "none"):
            event.target, event.target_from = list(event.source), "joint"
    if event.type != before:
        event.reasons.append(f"{before} -> {event.type} by whom it is done to")


def _seized_people(event: RawEvent) -> bool:
    """What was seized are people (officers, hostages, a named person), not
    a building or weapons."""
    obj = _object(event.token) or _passive_subject(event.token)
    if obj is None:
        return False
    return obj.lemma_.lower() in PERSON_NOUNS or obj.ent_type_ == "PERSON" or any(
        s.sector not in (None, "GOV") or s.entity_id for s in _np_actors(obj, {}))


def _foreign_arm(event: RawEvent) -> bool:
    """The targets are another state's agents (or an organisation), not people."""
    home = {s.country for s in event.source if s.country}
    return bool(event.target) and all(
        _is_org(t) or (t.country and t.country not in home and t.sector not in PEOPLE_SECTORS) for t in event.target)


def _jointly(event: RawEvent) -> bool:
    """"held joint exercises", "Russian and Uzbek troops held an exercise",
    "exercises with China"."""
    tok = event.token
    near = [tok, *tok.children, *(g for c in tok.children for g in c.children)]
    return _several(event.source) or any(t.lower_ in ("joint", "jointly") for t in near) \
        or event.target_from.endswith("prep:with")


def _demands(sent: Span, trigger_tokens: set[int]) -> list[tuple[Token, Trigger]]:
    """"Russia said Sudan must return the helicopter": a prescription voiced by
    an actor is a demand (REQUEST) on the subject of the prescription."""
    found = []
    for tok in sent:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in DEMAND_VERBS or tok.pos_ != "VERB":
            continue
        if any(c.dep_ == "ccomp" and _prescriptive(c) for c in tok.children):
            found.append((tok, DEMAND))
    return found


CLAIM = Trigger("claim", (), "VERB", "ACCUSE", "11", "112", mode="allege", target=("ccomp-subj",))
CLAIM_VERBS = {"claim", "allege", "charge", "assert"}
HOSTILE = {"ASSAULT", "COERCE", "THREATEN", "SANCTION", "MOBILIZE"}


def _claims(sent: Span, trigger_tokens: set[int], matches: list[tuple[Token, Trigger]]) -> list[tuple[Token, Trigger]]:
    """"The US claimed that ISIL had attacked Iraq": claiming that someone
    did something hostile is accusing them (CAMEO 112); the act itself is
    coded too, hedged as the claimant's word."""
    hostile = {tok.i for tok, trig in matches if trig.type in HOSTILE}
    found = []
    for tok in sent:
        if tok.i in trigger_tokens or tok.lemma_.lower() not in CLAIM_VERBS or tok.pos_ != "VERB":
            continue
        if any(c.dep_ == "ccomp" and any(t.i in hostile for t in c.subtree) for c in tok.children):
            found.append((tok, CLAIM))
    return found


# Verbs of opinion: with the writer as subject ("I expect Moscow to push"),
# or none ("But expect Astana to insist"), what they govern is a forecast.
OPINION_VERBS = {"expect", "think", "believe", "guess", "suspect", "doubt", "suppose", "predict", "reckon", "bet",
                 "imagine", "assume", "wonder", "fear", "hope", "foresee", "anticipate"}
WRITER = {"i", "we", "my", "our", "one"}
FORECAST_WORDS = {"likely", "unlikely", "bound", "certain", "probably"}  # "is unlikely to heed", "would probably come"


def _forecast(tok: Token) -> bool:
    """The writer's opinion or forecast, or a question: no event (the
    regional guidelines; PLOVER codes what was done or said by an actor).
    A plan being prepared ("the army prepared to resume shelling") is none
    either."""
    sent = tok.sent
    if sent.text.rstrip().rstrip('"”\'').endswith("?"):
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


ANALYSTS = {"analyst", "observer", "expert", "commentator", "pundit", "scholar", "researcher", "critic"}


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


class _Roles:
    """Finds the source, target and place of one trigger."""

    def __init__(self, tok: Token, trig: Trigger, by_token: dict[int, ActorSpan]) -> None:
        self.tok, self.trig, self.by_token = tok, trig, by_token

    # source -------------------------------------------------------------------
    def source(self) -> list[ActorSpan]:
        if self.trig is DISMAY:  # "it was disappointed by the verdict": who feels it, in either voice
            subj = next((c for c in self.tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None and self.tok.dep_ == "acomp":
                subj = next((c for c in self.tok.head.children if c.dep_ == "nsubj"), None)
            return self._actors_at(subj) if subj is not None else []
        if self.trig.pos == "NOUN":
            return self._noun_source()
        if _reduced_relative(self.tok):  # "a journalist detained by the police": the agent, if named
            if not self._actors_at(self.tok.head) and self.trig.type not in SETTLING_TYPES:
                return []  # "property seized by the army", "a lunch hosted by...": no actor acted upon
            return self._agent()  # "a ceasefire agreed by the two governments": who agreed it
        subj = self._subject(self.tok)
        if subj is None:
            return []
        if subj.dep_ == "nsubjpass" and subj.head.i == self.tok.i:
            return self._agent()
        if (speakers := self._plural_speakers(subj)):
            return speakers
        listed = [c for c in subj.head.children if c.dep_ == "npadvmod" and c.i < subj.i and c.i in self.by_token]
        return [self.by_token[c.i] for c in listed] + self._actors_at(subj)  # "Russia, China hold drills"

    def received_visitor(self) -> tuple[list[ActorSpan], list[ActorSpan]] | None:
        """"Karimov was received with full honours in Beijing": a visitor
        received where no host is named visits the place (visitor as source,
        as the regional guidelines and CAMEO 042 have it)."""
        if self.trig.mode != "visit" or self.tok.lemma_.lower() not in HOST_VERBS:
            return None
        subj = next((c for c in self.tok.children if c.dep_ == "nsubjpass"), None)
        where = self.place()
        if subj is None or where is None or where.country is None or _prep_child(self.tok, {"agent", "by"}) is not None:
            return None
        visitor = self._actors_at(subj)
        return (visitor, [where]) if visitor and all(v.country != where.country for v in visitor) else None

    def _agent(self) -> list[ActorSpan]:
        """A passive's by-phrase, or the attacker named in its means."""
        agent = _prep_child(self.tok, {"agent", "by"})
        return self._actors_at(agent) if agent is not None else self._attack_noun_source()

    def _plural_speakers(self, subj: Token) -> list[ActorSpan]:
        """"Kyrgyzstan and Tajikistan said *they* would open the border":
        "they" after coordinated speakers is all of them (a pronoun
        resolves to one actor only)."""
        clause = subj.head
        if subj.lower_ not in ("they", "we") or clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SPEECH_VERBS:
            return []
        speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
        found = self._actors_at(speaker) if speaker is not None else []
        return found if len(found) > 1 else []

    def _attack_noun_source(self) -> list[ActorSpan]:
        """"were killed in Israeli tank shelling", "died in a US drone strike":
        an agentless passive whose means names the attacker."""
        means = _prep_child(self.tok, {"in", "during"})
        if means is None or means.pos_ != "NOUN":
            return []
        for c in means.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod") and (found := self._actors_at(c)):
                return found
        return []

    def unidentified_source(self) -> list[ActorSpan]:
        """"Three soldiers were killed by a roadside bomb near Samarra": an
        attack with no named attacker is coded to the country where it
        happened (the CAMEO convention for unidentified gunmen and bombers)."""
        if self.trig.type != "ASSAULT" or self.trig.pos != "VERB":
            return []
        if any(t.lemma_.lower() in ACCIDENTS for c in self.tok.children if c.dep_ in ("nsubj", "agent", "prep")
               for t in c.subtree):
            return []  # "killed in a helicopter crash": nobody attacked
        if self.tok.dep_ != "acl" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in self.tok.children):
            return []  # "the wounded", "the right to fire": no attack is told here
        where = self.place()
        if where is None or where.country is None:
            return []
        return [ActorSpan(where.start, where.end, where.root, f"unidentified attackers in {where.name}",
                          country=where.country, confidence=0.5, how="unidentified",
                          reason=f"attack with no named attacker: coded to the place, {where.name}")]

    def authorities(self, home: str | None) -> list[ActorSpan]:
        """"Some 40 people were detained", "677 were jailed", "3,000 police
        officers were deployed": an arrest, a sentence, a charge, an expulsion
        or a deployment told in the passive with nobody named is the work of
        the authorities where it happened (the place named, else the story's
        country). Seizures and captures are not: militants take hostages too."""
        if self.trig.pos != "VERB" or not _state_act(self.tok, self.trig) or not _agentless_passive(self.tok):
            return []
        where, country, how = self.place(), None, "the story's country"
        if self.trig.type == "MOBILIZE":  # "Russian troops were deployed": their own state sent them
            country = next((s.country for s in self._actors_at(_passive_subject(self.tok)) if s.country), None) \
                if _passive_subject(self.tok) is not None else None
            how = "the forces' country"
        if country is None and where is not None and where.country:
            country, how = where.country, f"the place, {where.name}"
        country = country or home
        if country is None:
            return []
        return [ActorSpan(self.tok.i, self.tok.i, self.tok.i, f"authorities of {country}", country=country,
                          sector="GOV", confidence=0.45, how="authorities",
                          reason=f"{self.trig.type.lower()} in the passive with no agent: the authorities of {how}")]

    def _subject(self, verb: Token) -> Token | None:
        for _ in range(6):
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                    return verb.head if c.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" else c  # "Russia, which annexed"
            if verb.dep_ == "relcl":
                return verb.head
            if verb.dep_ in ("xcomp", "conj", "advcl", "acl", "acomp") and verb.head.i != verb.i:
                if verb.dep_ == "xcomp" and _object(verb.head) is not None:
                    return _object(verb.head)  # "urged NATO to send"
                verb = verb.head
                continue
            return None
        return None

    def _noun_source(self) -> list[ActorSpan]:
        tok = self.tok
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < tok.i and not self._suffered(c):
                found = self._actors_at(c)
                if found:
                    return found
        prep = _prep_child(tok, NOUN_SOURCE_PREPS | {"agent"})
        if prep is not None:
            return self._actors_at(prep)
        if tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
            subj = self._subject(tok.head)
            return self._actors_at(subj) if subj is not None else []
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
            subj = self._subject(tok.head.head)
            return self._actors_at(subj) if subj is not None else []
        return []

    def _suffered(self, owner: Token) -> bool:
        """"the general's murder", "Kozlov's arrest": a person or group that
        owns a noun of something suffered is its victim, not its doer
        ("Russia's invasion" stays Russia's)."""
        if self.tok.lemma_.lower() not in SUFFERED_NOUNS or owner.dep_ != "poss":
            return False
        found = self._actors_at(owner)
        return bool(found) and all(not (s.entity_id or "").startswith(("country/", "org/")) and s.how not in
                                   ("metonym", "acronym") for s in found)

    # target -------------------------------------------------------------------
    def target(self) -> tuple[list[ActorSpan], str]:
        """The target and where it was found (for the reason and confidence)."""
        owner = next((c for c in self.tok.children if c.dep_ == "poss"), None) if self.trig.pos == "NOUN" else None
        if owner is not None and self._suffered(owner):
            return self._actors_at(owner), "victim"
        near = list(self.tok.children) + [g for c in self.tok.children for g in c.children]
        heads = [self.tok] + [c for c in near if c.lemma_.lower() in self.trig.rest]
        for slot in self.trig.target:
            for head in heads:
                if found := self._slot(head, slot):
                    return found, f"the trigger's {slot}"
        for slot in DEFAULT_SLOTS:
            if slot in self.trig.target or self._topic(slot):
                continue
            for head in heads:
                if found := self._slot(head, slot):
                    return found, f"usual slot {slot}"
        subj = next((c for c in self.tok.children if c.dep_ == "nsubjpass"), None)
        if subj is not None and self.trig is not DISMAY:
            return self._actors_at(subj), "passive subject"
        if _reduced_relative(self.tok) and (found := self._actors_at(self.tok.head)):
            return found, "reduced relative"  # "ten Russian soldiers killed in Ukraine"
        for how, finder in (("condition", self._condition_subject),
                            ("governed action", self._complement_target), ("complement subject", self._complement_subject),
                            ("verb's object", self._host_object), ("light verb", self._light_verb_target),
                            ("place", self._places), ("topic", self._meeting_topic)):
            if found := finder():
                return found, how
        return [], "none"

    def _topic(self, slot: str) -> bool:
        """"attend a summit in Geneva *on Iran*": going to a meeting, the
        meeting's topic is not whom one goes to (the place is)."""
        return slot[5:] in TOPIC_PREPS and self._motion() and self._meeting_object()

    def _meeting_topic(self) -> list[ActorSpan]:
        """"attend a summit on the unrest in Iran": with no place named, what
        the meeting is about stands for whom it concerns (PETR-2's reading)."""
        if not self._motion() or not self._meeting_object():
            return []
        for head in [self.tok] + [c for c in self.tok.children if c.dep_ == "dobj"]:
            topic = _prep_child(head, TOPIC_PREPS)
            if topic is not None and (found := self._actors_at(topic, places=True)):
                return found
        return []

    def _meeting_object(self) -> bool:
        words = {self.trig.head, *self.trig.rest} | {c.lemma_.lower() for c in self.tok.children if c.dep_ == "dobj"}
        return bool(words & MEETINGS)

    def _host_object(self) -> list[ActorSpan]:
        """"engaged Filipino peacekeepers *in a firefight*": a nominal trigger's
        target is the object of the verb it hangs from."""
        tok = self.tok
        if self.trig.pos != "NOUN" or tok.dep_ != "pobj" or tok.head.head.pos_ != "VERB":
            return []
        obj = _object(tok.head.head)
        return self._actors_at(obj) if obj is not None else []

    def _motion(self) -> bool:
        """A visit-like trigger, whose destination is its target ("paid a
        visit to Dushanbe")."""
        words = {self.tok.lemma_.lower(), self.trig.head, *self.trig.rest}
        return self.trig.type == "CONSULT" and bool(words & MOTION_TRIGGERS) or self.trig is DEPLOYMENT

    def _light_verb_target(self) -> list[ActorSpan]:
        """"will give Tanzania *a grant*": a nominal trigger that is the object
        of a verb takes that verb's indirect object or to-phrase."""
        tok = self.tok
        if self.trig.pos != "NOUN" or tok.dep_ != "dobj":
            return []
        for slot in ("dative", "prep:to", "prep:for", "prep:with", "prep:against", "prep:on"):
            found = self._slot(tok.head, slot)
            if found:
                return found
        return []

    def _places(self) -> list[ActorSpan]:
        """Last resort: where it happened ("a protest in Beijing", "threatened
        to resume attacks in Israel") stands for whom it was aimed at."""
        if self.trig.type == "CONSULT" and not self._motion():
            return []  # "met in Brussels": where they met is not whom they met
        verbs = [self.tok] + [c for c in self.tok.children if c.dep_ == "xcomp"]
        for verb in verbs:
            for tok in [verb] + [c for c in verb.children if c.dep_ == "dobj"]:
                found = self._place_under(tok)
                if found:
                    return found
        return []

    def _place_under(self, tok: Token, depth: int = 2) -> list[ActorSpan]:
        """A place in a prepositional phrase of ``tok``, or of its object
        ("fired shells at targets *in Jericho*")."""
        for c in tok.children:
            if c.dep_ == "prep" and not self._topic(f"prep:{c.lower_}"):
                found = [self.by_token[g.i] for g in c.children if g.i in self.by_token and self.by_token[g.i].place]
                if found:
                    return found[:1]
                if depth > 1:
                    for g in c.children:
                        if g.dep_ == "pobj" and g.i not in self.by_token and (found := self._place_under(g, depth - 1)):
                            return found
        return []

    def implied_target(self, source: list[ActorSpan], governed: str | None = None) -> list[ActorSpan]:
        """Events that are domestic unless the text names someone else: a
        protest is aimed at the protesters' own government; a resignation,
        a curfew lifted, martial law imposed, troops put on alert concern
        the actor's own country (the CAMEO convention). So does agreeing
        or refusing to do such a thing ("agreed to resign", ``governed``
        is the type of the complement's event)."""
        country = next((s.country for s in source if s.country), None)
        if self.trig.type not in DOMESTIC_TYPES and (governed not in DOMESTIC_TYPES or len(source) > 1):
            return []  # "Kazakhstan and Kyrgyzstan agreed to reopen the border": each other's, jointly
        if country is None:
            return []
        return [ActorSpan(self.tok.i, self.tok.i, self.tok.i, f"government of {country}", country=country,
                          sector="GOV", confidence=0.5, how="implied",
                          reason=f"{self.trig.type.lower()} with no named target: the actor's own country")]

    def _complement_target(self) -> list[ActorSpan]:
        """"threatened to break relations *with Russia*", "refused to meet
        *Jordan's king*": the target of the governed action; for protests and
        force, of the purpose ("opened fire to disperse *the demonstrators*")."""
        for c in self.tok.children:
            if (c.dep_ == "xcomp" or _purpose(c) and self.trig.type in PURPOSE_TYPES) and c.pos_ in ("VERB", "AUX"):
                for slot in ("dobj", "dative", "prep:with", "prep:to", "prep:against", "prep:on", "prep:from", "prep:of"):
                    found = self._slot(c, slot)
                    if not found:
                        obj = _object(c)
                        found = self._slot(obj, slot) if obj is not None and slot.startswith("prep:") else []
                    if found:
                        return found
        return []

    def _condition_subject(self) -> list[ActorSpan]:
        """"threatened to strike unless *Israel* rescinded...", "threatened to
        stop talks if *the United States* deploys...": a threat is aimed at
        whoever must meet its condition."""
        if self.trig.type != "THREATEN":
            return []
        verbs = [self.tok] + [c for c in self.tok.children if c.dep_ == "xcomp"]
        for clause in (c for verb in verbs for c in verb.children if _condition(c)):
            subj = next((g for g in clause.children if g.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and (found := self._actors_at(subj)):
                return found
        return []

    def _complement_subject(self) -> list[ActorSpan]:
        """"demanded that Pyongyang forsake...", "urged that Moscow...": the
        addressee is the subject of the complement clause."""
        if self.trig.type not in ("REQUEST", "ACCUSE", "THREATEN", "PROTEST", "REJECT"):
            return []
        for c in self.tok.children:
            if c.dep_ == "ccomp":
                subj = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None:
                    return self._actors_at(subj)
        return []

    def _slot(self, head: Token, slot: str) -> list[ActorSpan]:
        if slot == "ccomp-subj":
            return self._complement_subject()
        if slot.startswith("prep:"):
            prep = _prep_child(head, {slot[5:]})
            places = self._motion()
            return self._actors_at(prep, places=places) if prep is not None else []
        for c in head.children:
            if c.dep_ == slot or (slot == "dobj" and c.dep_ in ("dobj", "obj")) \
                    or (slot == "dobj" and c.dep_ == "npadvmod" and _headline_verb(head)):
                if c.tag_ in ("WDT", "WP") and head.dep_ == "relcl":
                    c = head.head  # "Tajikistan, which Kyrgyzstan accuses": the antecedent
                return self._actors_at(c)
        if slot == "dobj" and (counted := _up_to_object(head)) is not None:
            return self._actors_at(counted)
        return []

    def place(self) -> ActorSpan | None:
        for c in self.tok.subtree:
            span = self.by_token.get(c.i)
            if span is not None and span.place:
                return span
        return None

    # actors under a token ----------------------------------------------------------
    def _actors_at(self, head: Token, places: bool = False) -> list[ActorSpan]:
        return _np_actors(head, self.by_token, places)


def _np_actors(head: Token, by_token: dict[int, ActorSpan], places: bool = False) -> list[ActorSpan]:
    """The actors named in the noun phrase under ``head`` (places only if asked)."""
    for appositions in (False, True):  # "Kenzo Oshima, the UN coordinator": the apposition names him
        out: list[ActorSpan] = []
        for tok in _np_tokens(head, appositions):
            span = by_token.get(tok.i)
            if span is not None and span not in out and (places or not span.place):
                out.append(span)
        if out:
            return out
    return []


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


def _modality(event: RawEvent) -> None:
    """Set negated, hedged, intent and attribution from the trigger's clause."""
    tok = event.token
    chain = [tok] + list(tok.ancestors)[:3]
    governing = [tok] + list(_governing_verbs(tok))
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    event.negated = any(c.dep_ == "neg" or c.lower_ in NEGATIONS and c.dep_ in ("neg", "det", "advmod")
                        for v in governing + objects for c in v.children) \
        or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for s in subjects for c in s.children)
    sentence = tok.sent
    event.hedged = any(t.lower_ in HEDGE_WORDS for t in sentence) or sentence.text.rstrip().endswith("?") \
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


def _retype_intent(event: RawEvent) -> None:
    """CAMEO codes a stated intention as 03 (AGREE) or, for hostile acts,
    13 (THREATEN); a stated refusal to cooperate ("said it would not
    provide support", "will not accept refugees") as 12 (REJECT)."""
    if event.negated and event.intent and event.type in COOPERATIVE and not event.hedged:
        event.reasons.append(f"refusal: {event.type} negated -> REJECT")
        event.type, event.negated = "REJECT", False
        return
    if not event.intent or event.trigger.intent or event.type in ("AGREE", "THREATEN", "REQUEST", "REJECT"):
        return
    before = event.type
    hostile = before not in COOPERATIVE or _unless(event.token)  # "will withdraw ... unless": a threat
    event.type = "THREATEN" if hostile else "AGREE"
    event.reasons.append(f"stated intention: {before} -> {event.type}")


# Where an actor or target was found, by how often such events matched the
# gold sets (classes, not records): named actors and direct objects are
# reliable; demonyms, role nouns, places and fallbacks less so.
STRONG_SOURCES = {"name", "acronym", "person", "title", "metonym", "surname"}
STRONG_TARGETS = {"the trigger's dobj", "usual slot dobj", "joint", "complement subject",
                  "the trigger's ccomp-subj", "governed action", "light verb"}


def _confidence(event: RawEvent) -> float:
    """A score where above 0.8 means a named source, a direct target and a
    verb trigger, the class of events right about 8 times in 10."""
    score = 0.40
    score += 0.15 if event.source[0].how in STRONG_SOURCES else 0.08
    score += 0.15 if event.target_from in STRONG_TARGETS else (0.08 if event.target else 0.0)
    score += 0.07 if event.trigger.pos == "VERB" else 0.0
    score += 0.06  # alone in its sentence; lowered by the coder when not
    score -= 0.10 if event.hedged else 0.0
    return round(max(0.05, min(0.99, score)), 3)
