"""Institutions over time: an organisation's membership timeline from the
knowledge base, its agreements and formats, and the events by, to and about
it, in one chronology with evidence.

    >>> from geopol.institutions import chronology
    >>> with Store("geopol.db") as store:
    ...     chron = chronology(store, kb, "CSTO", since="2010", until="2012")
    ...     for item in chron.items:
    ...         print(item.date, item.kind, item.text, item.members)

``timeline`` reads only the knowledge base; ``chronology`` adds the store's
events, counted under the same ``Scope`` as relations (negated, hedged and
low-confidence events left out by default). Every event item carries the
organisation's members on its date, so "who was in the CSTO when it turned
down Kyrgyzstan's appeal" is one line. An agreement or format (C5+1, the
Consultative Meetings) is an institution too: its parties, milestones and
the events that name it.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from geopol.kb.records import Agreement, Entity, Membership
from geopol.relations import DEFAULT_SCOPE, Evidence, Scope, connection, event_columns, rows, scope_clauses
from geopol.store.query import day_bounds

# Status held before -> status held after (None: not in the organisation) -> the change.
_CHANGES = {
    (None, "member"): "joined", (None, "observer"): "became an observer", (None, "partner"): "became a partner",
    (None, "suspended"): "was suspended", (None, "frozen"): "froze its participation",
    ("observer", "member"): "became a member", ("partner", "member"): "became a member",
    ("partner", "observer"): "became an observer", ("member", "suspended"): "was suspended",
    ("member", "frozen"): "froze its participation", ("suspended", "member"): "resumed its membership",
    ("frozen", "member"): "resumed its participation", ("member", None): "left",
    ("observer", None): "ceased to be an observer", ("partner", None): "ceased to be a partner",
    ("suspended", None): "left", ("frozen", None): "left",
}
# Words in an event's sentence or trigger -> what the event did to an agreement.
AGREEMENT_ACTIONS = (
    ("ratified", r"\bratif"), ("invoked", r"\binvok|\barticle 4\b"), ("suspended", r"\bsuspend"),
    ("withdrew", r"\bwithdr[ae]w|\bpull(ed)? out\b|\bquit"), ("frozen", r"\bfr[eo]e?z"),
    ("denounced", r"\bdenounc"), ("extended", r"\bextend|\bprolong|\brenew"),
    ("joined", r"\bjoin|\bacce(de|ssion)"), ("signed", r"\bsign"),
    ("met", r"\bmeet|\bmet\b|\bsummit|\btalks\b|\bgather|\bconven"),
)


@dataclass(frozen=True)
class TimelineEntry:
    """One change of one state's standing in an organisation or agreement."""

    date: date
    country: str
    change: str  # "joined", "left", "was suspended", "froze its participation", ...
    before: str | None  # status held until then (None: not in it)
    after: str | None  # status held from then
    source: str | None

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "date": self.date.isoformat()}


@dataclass(frozen=True)
class ChronologyItem:
    """One dated line of a chronology: a membership change or agreement step
    from the knowledge base, or an event from the store with its evidence."""

    date: str
    kind: str  # "membership", "agreement", "milestone", "event"
    text: str
    source: str | None = None  # the knowledge base's citation
    role: str | None = None  # events: "by", "to" or "about" the institution; agreement events: the action
    evidence: Evidence | None = None
    members: tuple[str, ...] = ()  # events: the institution's members (or parties) on the date
    reports: tuple[str, ...] = ()  # events: the ids of the other reports of the same occurrence

    def to_dict(self) -> dict[str, Any]:
        out = {**self.__dict__, "members": list(self.members), "reports": list(self.reports)}
        out["evidence"] = self.evidence.to_dict() if self.evidence else None
        return out


@dataclass(frozen=True)
class Chronology:
    """An institution (organisation, agreement or format) and its chronology."""

    id: str
    name: str
    kind: str  # "organisation" or the agreement's type
    members: tuple[str, ...]  # members (or parties) on ``as_of``
    as_of: str  # the chronology's last day, or today
    agreements: tuple[str, ...]
    items: list[ChronologyItem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "members": list(self.members), "agreements": list(self.agreements),
                "items": [i.to_dict() for i in self.items]}


class UnknownInstitution(LookupError):
    """No organisation, agreement or format of that name in the knowledge base."""


# membership timeline ------------------------------------------------------------------
def timeline(kb: Any, org: str, since: Any = None, until: Any = None) -> list[TimelineEntry]:
    """The membership changes of organisation ``org`` (acronym, id or name),
    or of an agreement's parties, by date. Raises UnknownInstitution."""
    found = resolve(kb, org)
    spells = found.members if isinstance(found, Entity) else [
        Membership(p.country, p.span, "member", p.note) for p in found.parties]
    first, last = _bounds(since, until)
    entries = [e for country in sorted({m.country for m in spells})
               for e in _changes([m for m in spells if m.country == country])]
    return sorted((e for e in entries if _within(e.date, first, last)), key=lambda e: (e.date, e.country))


def _changes(spells: list[Membership]) -> list[TimelineEntry]:
    """One state's spells (status over a span) as the changes between them."""
    spells = sorted(spells, key=lambda m: m.span.start or date.min)
    out = []
    for i, spell in enumerate(spells):
        before = spells[i - 1] if i else None
        joined_from = before.status if before and _adjacent(before, spell) else None
        if spell.span.start:
            change = _CHANGES.get((joined_from, spell.status), f"became {spell.status}")
            if joined_from is None and before is not None and spell.status == "member":
                change = "rejoined"
            out.append(TimelineEntry(spell.span.start, spell.country, change, joined_from, spell.status, spell.source))
        after = spells[i + 1] if i + 1 < len(spells) else None
        if spell.span.end and not (after and _adjacent(spell, after)):
            out.append(TimelineEntry(spell.span.end, spell.country, _CHANGES[(spell.status, None)], spell.status,
                                     None, spell.source))
    return out


def _adjacent(first: Membership, second: Membership) -> bool:
    """True when ``second`` starts where ``first`` ends (a change of status)."""
    end, start = first.span.end, second.span.start
    return end is not None and start is not None and abs((start - end).days) <= 1


def resolve(kb: Any, name: str) -> Entity | Agreement:
    """The organisation (by acronym, id or name) or agreement/format (by id,
    name or alias) called ``name``. Raises UnknownInstitution."""
    org = kb.org(name) or kb.org(name.upper())
    if org is None:
        org = next((e for e in kb.find(name) if e.kind == "org"), None)
    found = org or kb.agreement(name)
    if found is None:
        raise UnknownInstitution(f"no organisation, agreement or format called {name!r} in the knowledge base; "
                                 "try an acronym (CSTO, SCO) or `geopol kb show NAME`")
    return found


# chronology -----------------------------------------------------------------------------
def chronology(store: Any, kb: Any, org: str, since: Any = None, until: Any = None,
               scope: Scope = DEFAULT_SCOPE) -> Chronology:
    """The membership timeline, agreements and events of ``org`` between
    ``since`` and ``until`` (dates; ``YYYY`` widens), by date. Raises
    UnknownInstitution, or ValueError on a bad date."""
    found = resolve(kb, org)
    first, last = _bounds(since, until)
    conn = connection(store)
    items = [_membership_item(e) for e in timeline(kb, org, first, last)]
    if isinstance(found, Entity):
        agreements = kb.agreements_of(found.org)
        items += [i for a in agreements for i in _agreement_items(a, first, last, with_parties=False)]
        items += _org_events(conn, kb, found, first, last, scope)
        items += [i for a in agreements for i in agreement_events(conn, a, first, last, scope, kb)]
        members = tuple(found.members_at(_on(last)))
        kind, name, ids = "organisation", found.name, tuple(a.id for a in agreements)
    else:
        items += _agreement_items(found, first, last, with_parties=True)
        items += agreement_events(conn, found, first, last, scope, kb)
        members, kind, name, ids = tuple(found.parties_at(_on(last))), found.type, found.name, ()
    items = _ordered(items) if scope.reports else _occurrences(conn, _ordered(items))
    return Chronology(found.id, name, kind, members, _on(last).isoformat(), ids, items)


def _occurrences(conn: sqlite3.Connection, items: list[ChronologyItem]) -> list[ChronologyItem]:
    """One item per occurrence: reports of one event (``events.cluster_id``)
    fold into the first, which lists the others in ``reports``."""
    event_ids = [i.evidence.event_id for i in items if i.evidence]
    if "cluster_id" not in event_columns(conn) or not event_ids:
        return items
    occ: dict[str, str] = {}
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start:start + 500]
        sql = f"SELECT id, coalesce(cluster_id, id) AS occ FROM events WHERE id IN ({', '.join('?' * len(chunk))})"
        occ.update((r["id"], r["occ"]) for r in rows(conn, sql, chunk))
    first: dict[str, int] = {}
    out: list[ChronologyItem] = []
    for item in items:
        key = occ.get(item.evidence.event_id) if item.evidence else None
        if key is None or key not in first:
            first.setdefault(key or "", len(out))
            out.append(item)
        else:
            kept = out[first[key]]
            out[first[key]] = replace(kept, reports=(*kept.reports, item.evidence.event_id))
    return out


def _ordered(items: list[ChronologyItem]) -> list[ChronologyItem]:
    """By date; an event met twice (by the organisation, and naming one of
    its agreements) is one item saying both."""
    merged: dict[str, ChronologyItem] = {}
    out = []
    for item in items:
        key = item.evidence.event_id if item.evidence else None
        if key is None:
            out.append(item)
        elif key in merged:
            first = merged[key]
            merged[key] = replace(first, text=f"{first.text}; {item.text.split('(', 1)[-1].rstrip(')')}")
        else:
            merged[key] = item
    out += merged.values()
    return sorted(out, key=lambda i: (i.date, i.kind != "membership", i.kind == "event", i.text))


def _membership_item(entry: TimelineEntry) -> ChronologyItem:
    return ChronologyItem(entry.date.isoformat(), "membership", f"{entry.country} {entry.change}", entry.source)


def _agreement_items(agreement: Agreement, first: str | None, last: str | None,
                     with_parties: bool) -> list[ChronologyItem]:
    """An agreement's signature, entry into force, end and milestones."""
    items = []
    if agreement.signed:
        verb = "first met" if agreement.type == "format" else "signed"
        where = f" in {agreement.place}" if agreement.place else ""
        parties = f" by {', '.join(agreement.parties_at(agreement.signed))}" if agreement.parties else ""
        items.append((agreement.signed, "agreement", f"{agreement.name} {verb}{where}{parties}"))
    for when, what in ((agreement.in_force, "entered into force"), (agreement.ended, "ended")):
        if when and not any(m.date == when for m in agreement.milestones):
            items.append((when, "agreement", f"{agreement.name} {what}"))
    for step in agreement.milestones:
        where = f" ({step.place})" if step.place else ""
        name = "" if with_parties else f"{agreement.name}: "
        items.append((step.date, "milestone", f"{name}{step.what}{where}"))
    return [ChronologyItem(d.isoformat(), kind, text, agreement.source) for d, kind, text in items
            if _within(d, first, last)]


_EVENT_SELECT = 'SELECT e.id, e.date, e.type, e.doc_id, e.start, e."end", e.sentence, e."trigger"'


def _org_events(conn: sqlite3.Connection, kb: Any, org: Entity, first: str | None, last: str | None,
                scope: Scope) -> list[ChronologyItem]:
    """Events with the organisation as source or target (also an organ,
    coded as its parent: the UN General Assembly's acts are the UN's and its
    own), and events whose sentence names it (by name or acronym: full-text
    search)."""
    where = _event_where(conn, scope, first, last)
    sql = f"""WITH hits AS MATERIALIZED (
            SELECT s.doc_id, s.start, s."end" FROM sentences_fts f JOIN sentences s ON s.id = f.rowid
            WHERE sentences_fts MATCH :names),
        ids AS MATERIALIZED (
            SELECT id, max(roles) AS roles FROM (
                SELECT a.event_id AS id, group_concat(DISTINCT a.role) AS roles FROM event_actors a
                WHERE a.org = :org OR a.actor_id = :id GROUP BY a.event_id
                UNION ALL SELECT e2.id, NULL FROM hits h JOIN events e2
                    ON e2.doc_id = h.doc_id AND e2.start >= h.start AND e2.start < h."end")
            GROUP BY id)
        {_EVENT_SELECT}, ids.roles
        FROM ids JOIN events e ON e.id = ids.id WHERE {where}"""
    params = {"org": org.org, "id": org.id, "names": _fts_any([org.name, *org.aliases, *org.acronyms]), "since": first,
              "until": last}
    out = []
    for row in rows(conn, sql, params):
        role = "by" if "source" in (row["roles"] or "") else "to" if row["roles"] else "about"
        ev = _evidence(row)
        out.append(ChronologyItem(row["date"], "event", f"{row['type']} ({role} {org.org})", role=role,
                                  evidence=ev, members=tuple(org.members_at(date.fromisoformat(row["date"])))))
    return out


NAMED_BEFORE_DAYS = 366  # an agreement is named in the news up to a year before it is signed


def agreement_events(store: Any, agreement: Agreement, since: Any = None, until: Any = None,
                     scope: Scope = DEFAULT_SCOPE, kb: Any = None) -> list[ChronologyItem]:
    """Events linked to ``agreement``: those whose sentence names it (by name
    or alias), and those that agree among its parties within three days of
    its signature and say "sign" (a sentence may say only "the treaty was signed"). Each
    item's ``role`` says what the event did: signed, ratified, invoked,
    suspended, withdrew, met, ..., or ``mentioned``. With ``kb``, longer
    names that contain the agreement's do not count (see ``shadows_of``),
    and the members of its institution count as parties ("Uzbekistan
    declined to sign")."""
    conn = connection(store)
    first, last = _bounds(since, until)
    shadows = shadows_of(kb, agreement) if kb is not None else ()
    org = kb.org(agreement.institution) if kb is not None and agreement.institution else None
    concerned = sorted({*agreement.ever_parties(), *(m.country for m in (org.members if org else []))})
    where = _event_where(conn, scope, first, last)
    names = " OR ".join(f"e.sentence LIKE :n{i}" for i in range(len(agreement.names)))
    params: dict[str, Any] = {f"n{i}": f"%{n}%" for i, n in enumerate(agreement.names)}
    params.update(since=first, until=last)
    signing = ""
    if agreement.signed and agreement.parties:
        signing = """ OR (e.quad_class IN ('verbal cooperation', 'material cooperation')
            AND (e.sentence LIKE '%sign%' OR e."trigger" LIKE '%sign%') AND e.date BETWEEN :s0 AND :s1
            AND EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND a.country IN ({})))""".format(
            ", ".join(f"'{c}'" for c in agreement.ever_parties()))
        params.update(s0=_shift(agreement.signed, -3), s1=_shift(agreement.signed, 3))
    named = f"({names})"
    if agreement.signed:  # a name read before the talks that led to it is another agreement's
        named = f"({names}) AND e.date >= :named_from"
        params["named_from"] = _shift(agreement.signed, -NAMED_BEFORE_DAYS)
    if concerned:  # ... and so is one no party (or member of its institution) is on
        named += f""" AND EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND a.country IN ({
            ", ".join(f"'{c}'" for c in concerned)}))"""
    sql = f"""{_EVENT_SELECT}, CASE WHEN {names} THEN 'name' ELSE 'signing' END AS linked_by
        FROM events e WHERE {where} AND (({named}){signing})"""
    out = []
    for row in rows(conn, sql, params):
        if row["linked_by"] == "name" and not names_agreement(row["sentence"], agreement, shadows):
            continue
        action = action_of(row["type"], row["sentence"], row["trigger"])
        members = tuple(agreement.parties_at(date.fromisoformat(row["date"])))
        out.append(ChronologyItem(row["date"], "event", f"{row['type']} ({action}: {agreement.name})",
                                  role=action, evidence=_evidence(row), members=members))
    return out


def action_of(type: str, sentence: str, trigger: str = "") -> str:
    """What an event did to an agreement: a consultation met in it; else the
    first action its trigger, then its sentence, names ("declined to sign"
    for a rejection); else ``mentioned``."""
    if type == "CONSULT":
        return "met"
    for text in (trigger or "", sentence):
        low = text.lower()
        for action, pattern in AGREEMENT_ACTIONS:
            if re.search(pattern, low):
                return f"declined to {_BASE.get(action, action)}" if type == "REJECT" else action
    return "mentioned"


_BASE = {"signed": "sign", "ratified": "ratify", "joined": "join", "extended": "extend", "invoked": "invoke",
         "met": "meet", "suspended": "suspend", "withdrew": "withdraw", "frozen": "freeze", "denounced": "denounce"}


def names_agreement(sentence: str, agreement: Agreement, shadows: tuple[str, ...] = ()) -> bool:
    """True if ``sentence`` names ``agreement``, not counting a longer name
    that contains it (``shadows``: "Collective Security Treaty Organization"
    names the organisation, not the treaty)."""
    text = sentence
    for shadow in shadows:
        text = re.sub(re.escape(shadow), " ", text, flags=re.IGNORECASE)
    low = text.lower()
    return any(name.lower() in low for name in agreement.names)


def shadows_of(kb: Any, agreement: Agreement) -> tuple[str, ...]:
    """Names of knowledge-base entities that contain one of the agreement's names."""
    names = [n.lower() for n in agreement.names]
    found = {n for ent in kb.entities.values() if ent.kind in ("org", "body")
             for n in [ent.name, *ent.aliases] if any(a in n.lower() and a != n.lower() for a in names)}
    return tuple(sorted(found, key=len, reverse=True))


def _event_where(conn: sqlite3.Connection, scope: Scope, first: str | None, last: str | None) -> str:
    clauses = ["e.date IS NOT NULL", *scope_clauses(conn, scope)]
    clauses += [] if first is None else ["e.date >= :since"]
    clauses += [] if last is None else ["e.date <= :until"]
    return " AND ".join(clauses)


def _evidence(row: sqlite3.Row) -> Evidence:
    return Evidence(row["id"], row["date"], row["type"], row["doc_id"], row["start"], row["end"], row["sentence"])


def _fts_any(names: list[str]) -> str:
    """An FTS5 query matching any of ``names`` as a phrase."""
    phrases = ['"' + " ".join(re.findall(r"\w+", n)).replace('"', '') + '"' for n in names if re.search(r"\w", n)]
    return " OR ".join(dict.fromkeys(phrases))


def _shift(day: date, days: int) -> str:
    return date.fromordinal(day.toordinal() + days).isoformat()


def _bounds(since: Any, until: Any) -> tuple[str | None, str | None]:
    return day_bounds(since), day_bounds(until, end=True)


def _within(day: date, first: str | None, last: str | None) -> bool:
    iso = day.isoformat()
    return (first is None or iso >= first) and (last is None or iso <= last)


def _on(last: str | None) -> date:
    return date.fromisoformat(last) if last else date.today()
