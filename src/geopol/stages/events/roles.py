"""Who acted, and who was acted upon: the source and target of one trigger (``_Roles``), and the
targets a text leaves implicit (the actor's own country, the story's country, each other in a
joint act)."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from geopol.stages.actors import ActorSpan
from geopol.stages.events.happened import _condition
from geopol.stages.events.syntax import (
    _headline_verb, _np_actors, _object, _passive_subject, _prep_child, _purpose, _reduced_relative,
    _up_to_object,
)
from geopol.stages.events.triggers import DEPLOYMENT, DISMAY, ENVOY
from geopol.stages.events.words import (
    ACCIDENTS, COMMAND_VERBS, CROWD_NOUNS, DOCUMENT_NOUNS, EXERCISE_WORDS, FORCE_NOUNS, HOST_VERBS, ISSUE_VERBS, LEGAL_CHARGES,
    MEETINGS, MOTION_TRIGGERS, NON_STATE_SEIZURES, NOUN_SOURCE_PREPS,
    SPEECH_VERBS, STATE_BUILDINGS, SUFFERED_NOUNS, TOPIC_PREPS,
)
from geopol.stages.lexicon import Trigger


MONTH_NAMES = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"}
PURPOSE_TYPES = {"PROTEST", "ASSAULT", "COERCE"}  # aimed at whom their purpose clause names
CROWD_TYPES = {"PROTEST", "ASSAULT", "COERCE"}  # what a crowd or armed men with no country do
JOINT_TYPES = {"CONSULT", "AGREE", "COOPERATE"}


# Verbs of a clash's onset ("fighting broke out"), and how many sentences back its sides may be named.
ONSET_VERBS = {"begin", "break", "erupt", "escalate", "flare", "resume", "spread", "start"}
SIDES_LOOKBACK = 3


SETTLING_TYPES = {"AGREE", "SUPPORT", "REJECT"}  # "the treaty signed by", "a ceasefire agreed by", "the plan rejected by"
# Domestic unless the text names someone else. A mobilisation is only when ordered ("ordered the army to
# deploy"): forces sent with no foe named face the one the text named before (``_facing``), and measured
# on the gold sets "its own government" was right for 1 in 7 of the rest.
DOMESTIC_TYPES = {"PROTEST", "RETREAT", "CONCEDE", "COERCE"}


# Acts of a state's authorities, whoever the text leaves unnamed (``_Roles.authorities``).
STATE_MODES = {"arrest", "deport", "troops", "police"}


# Where a target is looked for after the trigger's own slots, in order.
DEFAULT_SLOTS = ("dobj", "dative", "prep:with", "prep:to", "prep:against", "prep:on", "prep:at", "prep:from",
                 "prep:of", "prep:for", "prep:over", "prep:into", "prep:outside", "prep:near")


# Where a target acted upon is found, for triggers that need one (``needs_object``).
OBJECT_SLOTS = {"the trigger's dobj", "passive subject", "reduced relative"}


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


def _bare_participle(tok: Token) -> bool:
    """"hundreds wounded", "several hundred injured": a participle with no
    auxiliary of its own ("had overrun" has one)."""
    return tok.tag_ == "VBN" and not any(c.dep_ == "aux" for c in tok.children)


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
    if _passive_subject(tok) is not None or _reduced_relative(tok):
        return True
    head = tok.head  # "were detained and sentenced": the second verb shares the passive
    return (tok.dep_ == "conj" and tok.tag_ == "VBN" and head.i != tok.i
            and _passive_subject(head) is not None and _prep_child(head, {"agent", "by"}) is None)


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
            return self._subject_in_time_phrase()
        if subj.dep_ == "nsubjpass" and subj.head.i == self.tok.i:
            return self._agent()
        if (speakers := self._plural_speakers(subj)):
            return speakers
        listed = [c for c in subj.head.children if c.dep_ == "npadvmod" and c.i < subj.i and c.i in self.by_token]
        found = [self.by_token[c.i] for c in listed] + self._actors_at(subj)  # "Russia, China hold drills"
        return found or self._relative_antecedent(subj) or self._speaker_of_misattached_conj()

    def _relative_antecedent(self, subj: Token) -> list[ActorSpan]:
        """"heard with relief in Moscow, which sent its prime minister": a
        capital read as a place is the state when a relative clause makes it act."""
        span = self.by_token.get(subj.i)
        if self.tok.dep_ != "relcl" or subj.i != self.tok.head.i or span is None or span.how != "metonym":
            return []
        return [replace(span, place=False)]

    def _subject_in_time_phrase(self) -> list[ActorSpan]:
        """"In October Tashkent also agreed to join": the parser reads the
        month and the subject as one noun in the opening time phrase; a verb
        with no subject takes the actor that phrase ends with."""
        verb = self.tok
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ not in ("ROOT", "conj"):
            return []
        for c in verb.children:
            if c.dep_ != "prep" or c.i > verb.i or c.lower_ not in ("in", "on", "by"):
                continue
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.i in self.by_token and any(
                    g.dep_ in ("compound", "nummod") and (g.like_num or g.ent_type_ == "DATE" or g.text in MONTH_NAMES)
                    for g in obj.children):
                span = self.by_token[obj.i]
                return [replace(span, place=False)]
        return []

    def _speaker_of_misattached_conj(self) -> list[ActorSpan]:
        """"Rahmon told the gathering that terrorism required a joint response,
        and called for closer cooperation": the parser hangs the second verb
        on the reported clause, whose subject names no actor; the one who
        spoke did both."""
        tok = self.tok
        if tok.dep_ != "conj" or tok.head.dep_ != "ccomp" or tok.head.head.lemma_.lower() not in SPEECH_VERBS \
                or any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return []  # "..., and losing parties accused the authorities": a subject of its own
        speaker = next((c for c in tok.head.head.children if c.dep_ == "nsubj"), None)
        return self._actors_at(speaker) if speaker is not None else []

    def received_visitor(self) -> tuple[list[ActorSpan], list[ActorSpan]] | None:
        """"Karimov was received with full honours in Beijing": a visitor
        received where no host is named visits the place (visitor as source,
        as the regional guidelines and CAMEO 042 have it)."""
        if self.trig.mode != "visit" or self.tok.lemma_.lower() not in HOST_VERBS:
            return None
        subj = _passive_subject(self.tok)
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

    def crowd(self, home: str | None) -> list[ActorSpan]:
        """"Thousands of people gathered in the central square": a crowd the
        text gives no country is of the place named, else of the story's
        country (PLOVER's civilians, CVL)."""
        if self.trig.type not in CROWD_TYPES or self.trig.pos != "VERB" or _bare_participle(self.tok):
            return []  # "more than a hundred wounded": victims, no crowd acting
        subj = next((c for c in self.tok.children if c.dep_ == "nsubj"), None)
        if subj is None or not ({t.lemma_.lower() for t in subj.subtree} & CROWD_NOUNS):
            return []
        where = self.place()
        country = where.country if where is not None and where.country else home
        if country is None:
            return []
        return [ActorSpan(subj.i, subj.i + 1, subj.i, f"crowd in {where.name if where else country}", country=country,
                          sector="CVL", confidence=0.45, how="crowd",
                          reason=f"a crowd with no country named: of {'the place' if where else 'the story'}, {country}")]

    def building(self, home: str | None) -> list[ActorSpan]:
        """"stormed the city prison", "seized the regional administration
        building": force against a state building acts on the state where it
        stands (the place named, else the story's country)."""
        obj = _object(self.tok) if self.trig.type in CROWD_TYPES else None
        if obj is None or obj.lemma_.lower() not in STATE_BUILDINGS:
            return []
        where = self.place()
        country = where.country if where is not None and where.country else home
        if country is None:
            return []
        return [ActorSpan(obj.i, obj.i + 1, obj.i, f"government of {country}", country=country, sector="GOV",
                          confidence=0.45, how="building",
                          reason=f"a state building ({obj.text!r}): the state where it stands, {country}")]

    def authorities(self, home: str | None) -> list[ActorSpan]:
        """"Some 40 people were detained", "677 were jailed", "3,000 police
        officers were deployed": an arrest, a sentence, a charge, an expulsion
        or a deployment told in the passive with nobody named is the work of
        the authorities where it happened (the place named, else the story's
        country). Seizures and captures are not: militants take hostages too."""
        if self.trig.pos != "VERB" or not _state_act(self.tok, self.trig) or not _agentless_passive(self.tok):
            return []
        where, country, how = self.place(), None, "the story's country"
        forces = _passive_subject(self.tok)
        if self.trig.type == "MOBILIZE" and forces is not None:  # "Russian troops were deployed": their own state
            country = next((s.country for s in self._actors_at(forces) if s.country), None)
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
            # the subject nearest the verb: a dateline the parser also read as a subject comes first
            # ("NEW YORK, Sept 19 (CAW) - U.S. President Joe Biden met ...")
            subjects = sorted((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")),
                              key=lambda c: abs(verb.i - c.i))
            for c in subjects[:1]:
                return verb.head if c.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" else c  # "Russia, which annexed"
            if verb.dep_ == "relcl":
                return verb.head
            if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() not in DOCUMENT_NOUNS \
                    and verb.head.i in self.by_token:
                return verb.head  # "Lavrov, visiting Tashkent, said": Lavrov visits
            if verb.dep_ == "pcomp" and verb.head.lower_ == "by" and verb.head.head.pos_ in ("VERB", "AUX"):
                verb = verb.head.head  # "responded by accusing Dushanbe": who responded accused
                continue
            if verb.dep_ in ("xcomp", "conj", "advcl", "acl", "acomp") and verb.head.i != verb.i:
                if verb.dep_ == "xcomp" and _object(verb.head) is not None:
                    return _object(verb.head)  # "urged NATO to send"
                verb = verb.head
                continue
            if verb.lemma_.lower() in DOCUMENT_NOUNS and verb.dep_ in ("dobj", "nsubjpass") \
                    and verb.head.lemma_.lower() in ISSUE_VERBS:
                verb = verb.head  # "the CSTO issued a statement backing Russia": the issuer backs
                continue
            if verb.lemma_.lower() in DOCUMENT_NOUNS and verb.dep_ == "pobj" and verb.head.lower_ == "with" \
                    and verb.head.head.pos_ == "VERB":
                verb = verb.head.head  # "Kyiv answered with a note calling his remarks unacceptable"
                continue
            return None
        return None

    def _noun_source(self) -> list[ActorSpan]:
        tok = self.tok
        if (parties := self._between() or self._sides_before()):
            return parties  # "fighting broke out between Kyrgyz and Tajik border guards": both sides did it
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
            verb = tok.head.head
            subj = self._subject(verb)
            if subj is not None and subj.dep_ == "nsubjpass" and (agent := _prep_child(verb, {"agent", "by"})) is not None:
                return self._actors_at(agent)  # "was signed by the two chiefs at a meeting": the chiefs met
            return self._actors_at(subj) if subj is not None else []
        return []

    def _between(self) -> list[ActorSpan]:
        """The parties of a joint act named by a noun ("clashes between X and
        Y"), the "between" phrase on the noun or on the verb it is the subject
        of ("fighting broke out between X and Y")."""
        if not self.trig.symmetric:
            return []
        tok = self.tok
        holders = [tok] + ([tok.head] if tok.dep_ in ("nsubj", "nsubjpass") else [])
        for holder in holders:
            prep = _prep_child(holder, {"between"})
            if prep is not None and len(found := self._actors_at(prep)) > 1:
                return found  # "between strikers and police": two sides of one country too
        return []

    def _sides_before(self) -> list[ActorSpan]:
        """"The fighting began on Wednesday", "clashes erupted", "a truce was
        announced": a clash or a ceasefire that names no sides, in a story of
        two, is between the last two states (or armed groups) named before it
        (within ``SIDES_LOOKBACK`` sentences)."""
        tok = self.tok
        if not self.trig.symmetric or tok.dep_ not in ("nsubj", "nsubjpass") \
                or tok.head.lemma_.lower() not in ONSET_VERBS and self.trig.mode != "ceasefire":
            return []  # "a truce announced on Friday was broken": the truce is the two sides' too
        sides: dict[str, ActorSpan] = {}
        for i in range(tok.i - 1, _sentences_back(tok, SIDES_LOOKBACK) - 1, -1):
            span = self.by_token.get(i)
            key = (span.org or span.country) if span is not None and not span.place else None
            if key and key not in sides and (span.org is None or span.sector in ("REB", "OPP")):
                sides[key] = span  # states, or an armed opposition ("Rahmonov and Nuri's UTO")
                if len(sides) == 2:
                    return list(sides.values())
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
            if slot in self.trig.target or self._topic(slot) or self.trig is ENVOY and slot in ("dobj", "dative"):
                continue  # "sent Prime Minister Fradkov to the funeral": the envoy is no target
            for head in heads:
                if found := self._slot(head, slot):
                    return found, f"usual slot {slot}"
        subj = _passive_subject(self.tok)
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
        return _travel(self.trig) or self.trig.type == "CONSULT" and self.tok.lemma_.lower() in MOTION_TRIGGERS \
            or self.trig is DEPLOYMENT or self.trig is ENVOY

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
        ordered = self.trig.type == "MOBILIZE" and self.tok.head.lemma_.lower() in COMMAND_VERBS
        if self.trig.type not in DOMESTIC_TYPES and not ordered and (governed not in DOMESTIC_TYPES or len(source) > 1):
            return []  # "Kazakhstan and Kyrgyzstan agreed to reopen the border": each other's, jointly
        if country is None or _joint(self.trig, source):
            return []  # "Kyrgyz and Tajik forces agreed a truce": each other's, jointly
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
                let = next((g for g in c.children if g.dep_ in ("ccomp", "xcomp")), None)
                subj = next((g for g in let.children if g.dep_ == "nsubj"), None) if let is not None else None
                if subj is not None and (found := self._actors_at(subj)):
                    return found  # "agreed to let US aircraft use K2": whom it lets
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


CONTEXT_TYPES = {"ACCUSE", "REJECT"}
FACING_TYPES = {"MOBILIZE", "RETREAT", "COERCE", "ASSAULT"}  # forces sent or withdrawn face the foe the text named before


def _facing(tok: Token, trig: Trigger, source: list[ActorSpan], home: str | None = None) -> bool:
    """Acts whose target, when the text names none, is the other party the
    story named last, not the actor's own government: forces sent ("Bishkek
    sent police to the area") or withdrawn ("the Uzbek contingent
    withdrew"), and foreign forces' force that names no target ("Tajik
    forces had shelled villages" in a Kyrgyz story). Drills are joint."""
    if trig.type == "MOBILIZE":
        return not {trig.head, *trig.rest} & EXERCISE_WORDS
    if trig.type in ("COERCE", "ASSAULT"):  # foreign armed forces in a story: shelling or a raid, not an arrest
        return home is not None and any(s.sector == "MIL" and s.country != home for s in source)
    return trig.type == "RETREAT" and any(
        s.sector in ("MIL", "COP") or s.name.split()[-1].lower() in FORCE_NOUNS for s in source)


def _own_side(target: list[ActorSpan], source: list[ActorSpan]) -> bool:
    """No target, or only the source's own country ("sent police and border guards")."""
    countries = {s.country for s in source if s.country}
    return not target or all(t.country in countries and not t.org for t in target)


def _context_target(tok: Token, trig: Trigger, source: list[ActorSpan], by_token: dict[int, ActorSpan],
                    home: str | None, types: set[str] = CONTEXT_TYPES) -> list[ActorSpan]:
    """A reaction that names no target answers whoever acted last: "The EU
    imposed an embargo. Tashkent dismissed the decision." The nearest actor
    before the trigger, in its sentence or the one before, that is not the
    source's own side, no place and no one reacting alongside it ("The
    United States said ..., and the EU voiced concern"). A state's own legal
    acts stay at home ("the authorities prosecuted ...")."""
    if trig.type not in types or (_state_act(tok, trig) and any(s.country == home for s in source)):
        return []
    keys = {key for s in source for key in (s.entity_id, s.org, s.country) if key}
    first = _sentences_back(tok, 1)
    alongside = {c.i for verb in _clause_verbs(tok) for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")}
    seen = set()
    # "Tajikistan protested after Uzbek bombs fell": a protest's own clause names what it protests
    after = [t.i for t in tok.subtree if t.i > tok.i] if trig.type == "PROTEST" else []
    for i in after + list(range(tok.i - 1, first - 1, -1)):
        span = by_token.get(i)
        if span is None or id(span) in seen:
            continue
        seen.add(id(span))
        if span.place or not (span.country or span.org) or span.root in alongside:
            continue
        if span.entity_id in keys or span.org in keys or (span.country in keys and not span.org):
            continue  # the source's own side, or its owner named inside it ("the EU's foreign policy service")
        return [span]
    return []


def _sentences_back(tok: Token, n: int) -> int:
    """The first token of the sentence ``n`` sentences before ``tok``'s (or of the first)."""
    sent = tok.sent
    for _ in range(n):
        if sent.start == 0:
            break
        sent = tok.doc[sent.start - 1].sent
    return sent.start


def _clause_verbs(tok: Token) -> list[Token]:
    """The verbs conjoined with ``tok`` or with the verb it hangs from."""
    verbs = [tok, tok.head] if tok.dep_ in ("xcomp", "ccomp", "advcl") else [tok]
    return [c for v in verbs for c in v.conjuncts] + ([tok.head] if tok.head.i != tok.i else [])
