"""Events stage: code PLOVER events from triggers and the dependency parse.

For each sentence, ``Coder.code_sentence`` finds trigger words (verbs and
nouns from the lexicon, with the dependents their phrase needs), takes the
source from the subject (or the agent of a passive, the possessor of a
noun, the subject of the verb that governs a control complement) and the
target from the dependents the trigger names, reads the modality (negation,
hedges, intent, attribution) and returns ``RawEvent`` records. The pipeline
turns them into ``Event`` records with dates and offsets.

The rules are grouped by the question each answers:

- ``triggers``: is this a trigger? (frames the lexicon cannot list as phrases)
- ``roles``: who acted, and who was acted upon?
- ``happened``: did it happen? (negation, hedges, intent, forecasts, background)
- ``retype``: which type, given whom it was done to?
- ``coder``: the sentence loop that puts them together, and the confidence;
- ``syntax`` (parse-tree helpers), ``record`` (``RawEvent``) and ``words``
  (the word lists, from ``stages/data/coder_words.toml``).

When it happened is the dates stage's question (``stages/dates.py``).
"""
from geopol.stages.events.coder import Coder
from geopol.stages.events.record import RawEvent
from geopol.stages.events.roles import UNNAMED_TARGETS, tells_story

__all__ = ["Coder", "RawEvent", "UNNAMED_TARGETS", "tells_story"]
