"""Typed records that flow between geopol's stages.

Every stage takes and returns these records; nothing passes nested dicts.
Offsets (``start``/``end``) always index ``Document.text``, the text as read
from the input (for HTML: the main text that extraction produced), so
``doc.text[start:end]`` is the evidence whatever cleaning removed.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

# PLOVER sector codes used for actors (PLOVER manual, actor attributes).
SECTORS = (
    "GOV", "MIL", "COP", "SPY", "LEG", "JUD", "OPP", "REB", "CVL", "MED",
    "NGO", "IGO", "REF", "BUS", "EDU", "REL", "HLH", "LAB", "CRM", "ELI",
    "PTY", "INS", "UAF", "SET", "AGR", "ENV", "MNC",
)

# The 16 PLOVER event types, with the CAMEO root they cross-walk to, the
# PLOVER quad class and a Goldstein-style intensity (CAMEO root scale).
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
    "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class Document:
    """One input document, before any processing."""

    doc_id: str
    text: str
    path: str | None = None
    title: str | None = None
    date: date | None = None
    url: str | None = None
    source: str | None = None
    line: int | None = None  # line of a JSONL record, for messages
    source_key: str | None = None  # what the text is a version of: the file, or the file and record id


@dataclass(frozen=True)
class Discarded:
    """A span of ``Document.text`` that cleaning removed, and why."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Segment:
    """A kept run of text: ``clean[clean_start:clean_start+length]`` equals
    ``text[orig_start:orig_start+length]`` up to whitespace folding."""

    clean_start: int
    orig_start: int
    length: int


@dataclass(frozen=True)
class Zone:
    """A kept span of ``Document.text`` that is not plain reporting: a
    ``heading`` (headline, standfirst, post title, section head or question),
    a ``caption`` or a ``related articles`` list (their actors are found, no
    event is coded from them) or a reader ``comment`` (coded, its events
    marked; ``label`` names the commenter)."""

    start: int
    end: int
    kind: str
    label: str | None = None


@dataclass
class CleanText:
    """Cleaned text plus the map back to the original offsets.

    ``zones`` mark kept spans that are headings or reader comments;
    ``page_dates`` are ``(offset, date)`` pairs, the date lines of the page
    (each post of a blog page has its own): text after one was published
    on that date."""

    text: str
    segments: list[Segment]
    discarded: list[Discarded] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    page_dates: list[tuple[int, date]] = field(default_factory=list)

    def to_original(self, offset: int) -> int:
        """Map an offset in the cleaned text back to ``Document.text``."""
        lo, hi = 0, len(self.segments) - 1
        if hi < 0:
            return offset
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.segments[mid].clean_start <= offset:
                lo = mid
            else:
                hi = mid - 1
        seg = self.segments[lo]
        return seg.orig_start + min(max(offset - seg.clean_start, 0), seg.length)


@dataclass(frozen=True)
class Actor:
    """An actor as coded on an event: who, of which country, in which role."""

    id: str | None
    name: str
    country: str | None = None  # ISO 3166-1 alpha-3
    org: str | None = None  # organisation acronym (CSTO, SCO, UN, ...)
    sector: str | None = None  # PLOVER sector code
    wikidata: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _flat(self)


@dataclass(frozen=True)
class Mention:
    """A span of text that refers to an actor."""

    text: str
    start: int
    end: int
    actor: Actor
    confidence: float = 1.0
    reason: str = ""
    place: bool = False  # the span names a place (a visit *to Dushanbe*)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end,
            "actor": self.actor.to_dict(), "confidence": round(self.confidence, 3),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class EventDate:
    """When an event happened, and how sure the text is of it."""

    value: date | None
    precision: str  # "day", "month" or "year"
    text: str | None  # the phrase the date came from, None if publication date


@dataclass
class Event:
    """One coded event with its evidence."""

    id: str
    type: str
    cameo: str
    quad_class: str
    intensity: float
    source: list[Actor]
    target: list[Actor]
    sentence: str
    start: int
    end: int
    trigger: str
    mode: str | None = None
    context: str | None = None
    date: EventDate | None = None
    location: str | None = None
    negated: bool = False
    hedged: bool = False
    attribution: str | None = None
    confidence: float = 0.5
    reason: str = ""
    targetless: bool = False  # the text names no target: the target is the actor's own or the story's country

    def to_dict(self) -> dict[str, Any]:
        d = self.date
        return {
            "id": self.id, "type": self.type, "mode": self.mode,
            "context": self.context, "cameo": self.cameo,
            "quad_class": self.quad_class, "intensity": self.intensity,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "date": d.value.isoformat() if d and d.value else None,
            "date_precision": d.precision if d else None,
            "date_text": d.text if d else None,
            "location": self.location, "negated": self.negated,
            "hedged": self.hedged, "targetless": self.targetless, "attribution": self.attribution,
            "sentence": self.sentence, "start": self.start, "end": self.end,
            "trigger": self.trigger, "confidence": round(self.confidence, 3),
            "reason": self.reason,
        }


@dataclass
class DocResult:
    """Everything geopol found in one document, or why it could not."""

    doc: Document
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    discarded: list[Discarded] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # spans in doc.text
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        doc = self.doc
        out: dict[str, Any] = {
            "doc_id": doc.doc_id, "path": doc.path, "title": doc.title,
            "date": doc.date.isoformat() if doc.date else None,
            "url": doc.url, "source": doc.source,
            "mentions": [m.to_dict() for m in self.mentions],
            "events": [e.to_dict() for e in self.events],
            "discarded": [_flat(x) for x in self.discarded],
        }
        if self.error:
            out["error"] = self.error
        return out


def _flat(record: Any) -> dict[str, Any]:
    """``dataclasses.asdict`` for a record whose fields are all plain values
    (strings, numbers, None): the same dict without asdict's deep copy,
    which was most of the time extract spent writing its output."""
    return {name: getattr(record, name) for name in _field_names(type(record))}


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))
