"""The coder's record of one event, before the pipeline gives it dates and offsets."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from geopol.stages.actors import ActorSpan
from geopol.stages.lexicon import Trigger


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
