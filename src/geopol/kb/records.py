"""Typed records of the knowledge base (see docs/kb.md for the file format)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

KINDS = ("state", "territory", "org", "body", "person", "place")
OFFICES = (
    "head_of_state", "head_of_government", "vice_president", "foreign_minister",
    "defence_minister", "interior_minister", "security_chief", "speaker",
    "secretary_general", "minister", "military_chief", "official", "opposition",
    "exile", "militant_leader", "party_leader", "journalist", "activist", "family",
)
MEMBER_STATUSES = ("member", "observer", "partner", "suspended", "frozen", "left")
# Where spells overlap, the first of these that covers a date says the state's
# status then: a suspension (or a later record that the state left) overrides
# a membership recorded as open, so an accepted correction needs no edit of
# the record it corrects.
STATUS_PRECEDENCE = ("left", "suspended", "frozen", "member", "partner", "observer")
AGREEMENT_TYPES = ("treaty", "agreement", "declaration", "charter", "convention", "format")


def parse_date(value: str | None, end: bool = False) -> date | None:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a partial end date is the
    last day it covers, a partial start date the first. Raises ValueError."""
    if value is None:
        return None
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
    if len(parts) == 2:
        if not end:
            return date(parts[0], parts[1], 1)
        nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(parts[0], parts[1], parts[2])


@dataclass(frozen=True)
class Span:
    """A validity interval; open ends are None."""

    start: date | None
    end: date | None

    def covers(self, when: date | None) -> bool:
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Role:
    title: str
    office: str
    span: Span
    country: str | None = None
    org: str | None = None
    sector: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Membership:
    country: str
    span: Span
    status: str = "member"
    source: str | None = None


@dataclass
class Entity:
    id: str
    kind: str
    name: str
    source: str
    aliases: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    capital: str | None = None
    country: str | None = None
    org: str | None = None
    org_type: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    gender: str | None = None
    independent: str | None = None  # states: the date it became one (ISO); before it, ...
    part_of: str | None = None  # ... its places and people code as this state's; orgs: the org it is an organ of
    roles: list[Role] = field(default_factory=list)
    members: list[Membership] = field(default_factory=list)
    origin: str = ""  # file:line the record came from

    def roles_at(self, when: date | None) -> list[Role]:
        """Roles valid at ``when`` (the current ones if ``when`` is None)."""
        return [r for r in self.roles if r.span.covers(when)]

    def status_at(self, country: str, when: date | None) -> str | None:
        """``country``'s status in this organisation at ``when`` (None: no
        record covers the date); overlapping spells resolve by STATUS_PRECEDENCE."""
        held = {m.status for m in self.members if m.country == country and m.span.covers(when)}
        return next((s for s in STATUS_PRECEDENCE if s in held), None)

    def members_at(self, when: date | None, statuses: tuple[str, ...] = ("member",)) -> list[str]:
        """States whose status at ``when`` is one of ``statuses``."""
        countries = {m.country for m in self.members if m.status in statuses and m.span.covers(when)}
        return sorted(c for c in countries if self.status_at(c, when) in statuses)


@dataclass(frozen=True)
class Party:
    """A state bound by an agreement (or taking part in a format) over a span:
    from signing or accession to withdrawal; a state that left and returned
    has two records."""

    country: str
    span: Span
    note: str | None = None


@dataclass(frozen=True)
class Milestone:
    """A dated step of an agreement or format: a meeting of a format, the
    entry into force, an extension, an invocation."""

    date: date
    what: str
    place: str | None = None
    source: str | None = None


@dataclass
class Agreement:
    """A treaty, declaration or recurring format binding states (``kind``
    ``agreement`` in a knowledge-base file; see docs/kb.md)."""

    id: str
    name: str
    type: str
    source: str
    aliases: list[str] = field(default_factory=list)
    institution: str | None = None  # the organisation's acronym, if it belongs to one
    subject: str | None = None  # "collective security", "border", ...
    signed: date | None = None
    place: str | None = None
    in_force: date | None = None
    ended: date | None = None
    follows: str | None = None  # the id of the agreement it builds on
    parties: list[Party] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    origin: str = ""

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def parties_at(self, when: date | None) -> list[str]:
        return sorted({p.country for p in self.parties if p.span.covers(when)})

    def ever_parties(self) -> list[str]:
        return sorted({p.country for p in self.parties})
