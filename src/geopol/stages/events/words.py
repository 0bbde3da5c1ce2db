"""The word lists the coder's rules read, loaded from ``stages/data/coder_words.toml``
(data beside the trigger lexicon, so that a list is changed without touching a rule)."""
from __future__ import annotations

import tomllib
from pathlib import Path

WORDS_FILE = Path(__file__).parent.parent / "data" / "coder_words.toml"
_LISTS: dict[str, list[str]] = tomllib.loads(WORDS_FILE.read_text(encoding="utf-8"))


def _words(name: str) -> frozenset[str]:
    return frozenset(_LISTS[name])


SPEECH_VERBS = _words("speech_verbs")
HEDGE_WORDS = _words("hedge_words")
INTENT_VERBS = _words("intent_verbs")
INTENT_ADJS = _words("intent_adjs")
FUTURE_AUX = _words("future_aux")
PRESCRIPTIVE = _words("prescriptive")
PLAN_WORDS = _words("plan_words")
NEGATIONS = _words("negations")
HOST_VERBS = _words("host_verbs")
MOTION_TRIGGERS = _words("motion_triggers")
LEGAL_CHARGES = _words("legal_charges")
NON_STATE_SEIZURES = _words("non_state_seizures")
ACCIDENTS = _words("accidents")
MEETINGS = _words("meetings")
TOPIC_PREPS = _words("topic_preps")
ACTOR_PREPS = _words("actor_preps")
NOUN_SOURCE_PREPS = _words("noun_source_preps")
UNREALISED = _words("unrealised")
SUFFERED_NOUNS = _words("suffered_nouns")
BELIEF_SENSES = _words("belief_senses")
TIME_NOUNS = _words("time_nouns")
DEMAND_VERBS = SPEECH_VERBS | _words("demand_verbs")
REFUSAL_VERBS = _words("refusal_verbs")
WISH_VERBS = _words("wish_verbs")
EXIT_VERBS = _words("exit_verbs")
ENVOY_NOUNS = _words("envoy_nouns")
PEOPLE_NOUNS = _words("people_nouns")
ASSERTION_VERBS = _words("assertion_verbs")
COMMAND_VERBS = _words("command_verbs")
VERDICT_VERBS = _words("verdict_verbs")
CENSURE_WORDS = _words("censure_words")
DISMAY_WORDS = _words("dismay_words")
GATHER_VERBS = _words("gather_verbs")
CROWD_NOUNS = _words("crowd_nouns")
STATE_BUILDINGS = _words("state_buildings")
DOCUMENT_NOUNS = _words("document_nouns")
ISSUE_VERBS = _words("issue_verbs")
DEPLOY_VERBS = _words("deploy_verbs")
FORCE_NOUNS = _words("force_nouns")
PERSON_NOUNS = _words("person_nouns")
EXPEL_WORDS = _words("expel_words")
EXERCISE_WORDS = _words("exercise_words")
CLAIM_VERBS = _words("claim_verbs")
FINDING_VERBS = _words("finding_verbs")
WRONGDOING_VERBS = _words("wrongdoing_verbs")
WRONGDOING_PREDICATES = _words("wrongdoing_predicates")
OPINION_VERBS = _words("opinion_verbs")
WRITER = _words("writer")
FORECAST_WORDS = _words("forecast_words")
ANALYSTS = _words("analysts")
ACQUITTALS = _words("acquittals")
