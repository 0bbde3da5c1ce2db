"""Which type? The type a trigger takes from whom it is done to, and from a stated intention."""
from __future__ import annotations

from spacy.tokens import Token

from geopol.stages.actors import ActorSpan
from geopol.stages.events.happened import _unless
from geopol.stages.events.record import RawEvent
from geopol.stages.events.roles import _several, _travel
from geopol.stages.events.syntax import _is_org, _np_actors, _object, _passive_subject
from geopol.stages.events.words import EXERCISE_WORDS, EXPEL_WORDS, NON_STATE_SEIZURES, PERSON_NOUNS
from geopol.stages.lexicon import COOPERATIVE


VOICE_SECTORS = {"GOV", "IGO", "NGO"}  # who protests in words, not in the street
NON_STATE_SECTORS = {"OPP", "REB", "CVL", "CRM", "PTY", "INS"}  # who cannot arrest anyone


# Sectors of people a state may expel as people (COERCE), not as the arm of another state.
PEOPLE_SECTORS = {"CVL", "OPP", "REB", "CRM", "REL", "BUS", "MED", "EDU", "JRN", "LAB", "REF", "ETH"}


def _protest_in_words(tok: Token, source: list[ActorSpan]) -> bool:
    """"Tajikistan protested", "a human rights group protested": a state,
    a government or an organisation protests in words, not in the street."""
    return tok.lemma_.lower() == "protest" and tok.pos_ == "VERB" and all(
        s.sector in VOICE_SECTORS or s.how in ("name", "metonym", "acronym") and not s.sector for s in source)


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
    elif event.type == "PROTEST" and _protest_in_words(event.token, event.source):
        event.type = "ACCUSE"  # "Tajikistan protested", "a human rights group protested": a complaint (114)
    elif event.type == "COERCE" and event.token.lemma_.lower() in NON_STATE_SEIZURES and _seized_people(event) \
            and all(s.sector in NON_STATE_SECTORS for s in event.source):
        event.type = "ASSAULT"  # "Atambayev's supporters seized six officers": an abduction (CAMEO 181), not an arrest
    elif event.type == "ASSAULT" and event.target_from == "building" and all(s.how == "crowd" for s in event.source):
        event.type = "PROTEST"  # "the crowd had overrun the building": a violent protest (CAMEO 145), not war
    elif event.type == "CONSULT" and _travel(event.trigger) and all(s.sector == "BUS" for s in event.source):
        event.type = "COOPERATE"  # "Somon Air flew a technical flight to Tashkent": a link, not a visit (061)
    elif event.type == "MOBILIZE" and words & EXERCISE_WORDS and _jointly(event):
        event.type = "COOPERATE"
        if _several(event.source) and (event.target_from in ("implied", "place", "none")
                                       or event.target_from.endswith(("prep:near", "prep:in", "prep:at", "prep:along"))):
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
