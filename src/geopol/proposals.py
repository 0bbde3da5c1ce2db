"""The knowledge base learns from the articles, with an analyst's approval.

A membership event in the store ("Uzbekistan suspended its participation in
the CSTO", "Belarus was admitted", "froze its participation", "rejoined") is
compared with the organisation's timeline in the knowledge base at the
event's date. Where the article adds to it (no record of that state) or
contradicts it (the knowledge base has another status then, and no change
to the article's within ``WINDOW_DAYS``), a proposal is stored with its
evidence; ``accept`` appends the membership record it proposes to a
knowledge-base file of the analyst's, ``reject`` keeps the refusal so the
same evidence is not proposed again.

    >>> raise_proposals(store, kb)        # new proposals from the stored events
    >>> for p in proposals(store): print(p.id, p.text)
    >>> accept(store, 3, "my-kb.jsonl")   # then GEOPOL_KB=my-kb.jsonl
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from geopol.kb.records import Entity
from geopol.relations import DEFAULT_SCOPE, Scope, connection, rows, scope_clauses
from geopol.store.schema import now, transaction

WINDOW_DAYS = 60  # a knowledge-base change this close to the article's date is the same change
# (change, status proposed, pattern over the sentence), first match wins.
PATTERNS = (
    ("suspended", "suspended", r"\bsuspen(d|ded|ds|ding|sion of) (its |their |her )?(membership|participation)"),
    ("frozen", "frozen", r"\bfr(oze|eeze|eezes|eezing|ozen) (its |their |her )?(membership|participation)"),
    ("rejoined", "member", r"\brejoin|\brestored as a (full )?member|\brestored (its|their) membership"),
    ("observer", "observer", r"\b(granted|given|received|obtained) observer status|\bbec(a|o)me an observer"),
    ("joined", "member", r"\b(was|were|been) admitted|\bbec(a|o)me a (full )?member|\bacce(ded|sion) to|"
                         r"\bjoin(ed|s)? (the |as a )"),
    ("left", "left", r"\bwithdr(ew|awn|aws|awing) from|\bquit (the|its)|\bleft the|\bleaves the|\bwithdrawal from"),
)


@dataclass(frozen=True)
class Proposal:
    """A change to an organisation's membership timeline, raised by an article."""

    id: int
    org: str
    country: str
    change: str  # "suspended", "frozen", "rejoined", "observer", "joined", "left"
    status: str  # the status the record proposes from ``date``
    date: str
    kind: str  # "adds" (no record of the state) or "contradicts"
    kb_says: str
    event_id: str | None
    doc_id: str
    start: int
    end: int
    sentence: str
    record: dict[str, Any]
    state: str  # "open", "accepted", "rejected"
    note: str = ""
    written_to: str | None = None

    @property
    def text(self) -> str:
        return f"{self.country} {self.change} ({self.org}) on {self.date}: {self.kind} the knowledge base ({self.kb_says})"

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "text": self.text}


class ProposalError(LookupError):
    """No such proposal, or it was decided already."""


GENERIC = ("organisation", "organization", "bloc", "alliance", "group", "union", "treaty")
REACH = 80  # characters after the verb phrase within which the organisation must be named


def find_membership_change(sentence: str, org: Entity) -> tuple[str, str] | None:
    """The (change, status) a sentence reports of ``org``, or None: the verb
    phrase must be followed, within REACH characters, by the organisation's
    name or acronym or a word for it ("the bloc"), so "withdrawing from
    Kazakhstan" is no departure from the CSTO."""
    low = sentence.lower()
    for change, status, pattern in PATTERNS:
        for match in re.finditer(pattern, low):
            if _names_org(sentence[match.end():match.end() + REACH], org):
                return change, status
    return None


def _names_org(text: str, org: Entity) -> bool:
    low = text.lower()
    return any(re.search(rf"\b{re.escape(a)}\b", text) for a in org.acronyms) or \
        any(n.lower() in low for n in [org.name, *org.aliases]) or \
        any(re.search(rf"\b{g}\b", low) for g in GENERIC)


def raise_proposals(store: Any, kb: Any, scope: Scope = DEFAULT_SCOPE) -> list[Proposal]:
    """Compare the stored membership events with the knowledge base and store
    a proposal for each that adds to or contradicts it; return the new ones.
    Evidence already proposed (open, accepted or rejected) is not raised again."""
    conn = connection(store)
    orgs = [e for e in kb.entities.values() if e.kind == "org" and e.members and e.org]
    known = {tuple(r) for r in conn.execute(
        "SELECT org, country, change, content_hash, start FROM kb_proposals")}
    new = []
    for row in _candidate_events(conn, scope):
        actors = _actors(row["actors"])
        org = _org_of(row["sentence"], actors, orgs)
        found = find_membership_change(row["sentence"], org) if org else None
        country = _country_of(actors, org.org) if found else None
        key = (org.org, country, found[0], row["content_hash"], row["start"]) if country else None
        if key and key not in known:
            known.add(key)
            proposal = _judge(org, country, found, row)
            new += [proposal] if proposal is not None else []
    return [get(conn, i) for i in _insert(conn, new)]


# Words a membership sentence holds (full-text prefixes); PATTERNS then decide.
CANDIDATE_WORDS = ("member*", "particip*", "join*", "rejoin*", "admitted", "observer*", "withdr*", "quit", "left",
                   "leaves", "acce*", "suspen*", "froze*", "freez*", "restored")


def _candidate_events(conn: sqlite3.Connection, scope: Scope) -> list[sqlite3.Row]:
    """Events in scope whose sentence holds a membership word (found through the full-text index)."""
    where = " AND ".join(["e.date IS NOT NULL", *scope_clauses(conn, scope)])
    actors = """(SELECT group_concat(a.role || char(31) || a.position || char(31) || coalesce(a.country, '')
        || char(31) || coalesce(a.org, ''), char(30)) FROM event_actors a WHERE a.event_id = e.id)"""
    sql = f"""WITH hits AS MATERIALIZED (
            SELECT s.doc_id, s.start, s."end" FROM sentences_fts f JOIN sentences s ON s.id = f.rowid
            WHERE sentences_fts MATCH :words)
        SELECT e.id, e.date, e.date_precision, e.doc_id, e.start, e."end", e.sentence, d.content_hash,
            {actors} AS actors
        FROM hits h JOIN events e ON e.doc_id = h.doc_id AND e.start >= h.start AND e.start < h."end"
        JOIN documents d ON d.doc_id = e.doc_id WHERE {where}
        ORDER BY e.date, e.doc_id, e.start"""
    return rows(conn, sql, {"words": " OR ".join(CANDIDATE_WORDS)})


def _actors(packed: str | None) -> list[tuple[str, int, str, str]]:
    """An event's (role, position, country, org), sources first."""
    out = []
    for item in (packed or "").split("\x1e"):
        if item:
            role, position, country, org = item.split("\x1f")
            out.append((role, int(position), country, org))
    return sorted(out, key=lambda a: (a[0] == "target", a[1]))


def _org_of(sentence: str, actors: list[tuple[str, int, str, str]], orgs: list[Entity]) -> Entity | None:
    """The organisation of a membership event: an actor's, else one the sentence names."""
    on_event = {org for _, _, _, org in actors if org}
    for org in orgs:
        if org.org in on_event:
            return org
    low = sentence.lower()
    for org in orgs:
        if any(re.search(rf"\b{re.escape(a)}\b", sentence) for a in org.acronyms) or \
                any(n.lower() in low for n in [org.name, *org.aliases]):
            return org
    return None


def _country_of(actors: list[tuple[str, int, str, str]], org: str) -> str | None:
    """The state the event is about: its first state actor (sources first) not of the organisation."""
    return next((country for _, _, country, actor_org in actors if country and actor_org != org), None)


def _judge(org: Entity, country: str, found: tuple[str, str], row: sqlite3.Row) -> dict[str, Any] | None:
    """A proposal row if the article's change is not in the knowledge base, else None."""
    change, status = found
    when = date.fromisoformat(row["date"])
    now_status = org.status_at(country, when)
    if now_status == status or (status == "left" and (now_status is None or not _has(org, country))):
        return None
    if any(after == status and _same_time(d, when, row["date_precision"]) for d, after in _changes(org, country)):
        return None
    kind = "contradicts" if _has(org, country) else "adds"
    record = {"id": org.id, "kind": "org", "name": org.name, "source": org.source,
              "members": [{"country": country, "start": row["date"], "end": None, "status": status,
                           "source": f"geopol proposal from {row['doc_id']} {row['start']}:{row['end']}: "
                                     f"\"{' '.join(row['sentence'].split())}\""}]}
    return {"org": org.org, "country": country, "change": change, "status": status, "date": row["date"],
            "kind": kind, "kb_says": _kb_says(org, country, when), "event_id": row["id"], "doc_id": row["doc_id"],
            "content_hash": row["content_hash"], "start": row["start"], "end": row["end"],
            "sentence": row["sentence"], "record": json.dumps(record, ensure_ascii=False)}


def _same_time(kb_date: date, when: date, precision: str | None) -> bool:
    """True if a knowledge-base change on ``kb_date`` may be the article's of
    ``when``: within WINDOW_DAYS, or in the year or month a vaguer date gives."""
    if precision == "year":
        return kb_date.year == when.year
    if precision == "month" and (kb_date.year, kb_date.month) == (when.year, when.month):
        return True
    return abs((kb_date - when).days) <= WINDOW_DAYS


def _has(org: Entity, country: str) -> bool:
    return any(m.country == country for m in org.members)


def _changes(org: Entity, country: str) -> list[tuple[date, str]]:
    """(date, status from then) for each start and end of the state's spells."""
    out = []
    for m in org.members:
        if m.country == country:
            out += [(m.span.start, m.status)] if m.span.start else []
            out += [(m.span.end, "left")] if m.span.end else []
    return out


def _kb_says(org: Entity, country: str, when: date) -> str:
    spells = [m for m in org.members if m.country == country and m.span.covers(when)]
    if not spells:
        return f"no record of {country} in {org.org} on {when}" if not _has(org, country) else \
            f"{country} not in {org.org} on {when}"
    return "; ".join(f"{m.status} {m.span.start or '?'} .. {m.span.end or 'open'}" for m in spells)


_COLUMNS = ("org", "country", "change", "status", "date", "kind", "kb_says", "event_id", "doc_id", "content_hash",
            "start", "end", "sentence", "record")


def _insert(conn: sqlite3.Connection, new: list[dict[str, Any]]) -> list[int]:
    """Store proposals in one transaction; the ids of those not proposed before."""
    names = ", ".join(f'"{c}"' for c in _COLUMNS)
    sql = (f"INSERT INTO kb_proposals ({names}, raised_at) VALUES ({', '.join('?' * len(_COLUMNS))}, ?) "
           "ON CONFLICT DO NOTHING")
    ids = []
    with transaction(conn):
        for proposal in new:
            cursor = conn.execute(sql, (*(proposal[c] for c in _COLUMNS), now()))
            ids += [cursor.lastrowid] if cursor.rowcount == 1 else []
    return ids


def proposals(store: Any, state: str | None = "open") -> list[Proposal]:
    """Stored proposals in ``state`` (None: all), by date."""
    conn = connection(store)
    where, params = ("WHERE state = ?", (state,)) if state else ("", ())
    return [_proposal(r) for r in rows(conn, f"SELECT * FROM kb_proposals {where} ORDER BY date, id", params)]


def _proposal(r: sqlite3.Row) -> Proposal:
    return Proposal(r["id"], r["org"], r["country"], r["change"], r["status"], r["date"], r["kind"], r["kb_says"],
                    r["event_id"], r["doc_id"], r["start"], r["end"], r["sentence"], json.loads(r["record"]),
                    r["state"], r["note"], r["written_to"])


def get(store: Any, proposal_id: int) -> Proposal:
    found = rows(connection(store), "SELECT * FROM kb_proposals WHERE id = ?", (proposal_id,))
    if not found:
        raise ProposalError(f"no proposal {proposal_id}; `geopol kb proposals` lists them")
    return _proposal(found[0])


def accept(store: Any, proposal_id: int, kb_file: str | Path, note: str = "") -> Proposal:
    """Append the proposal's membership record to ``kb_file`` (a knowledge-base
    JSONL file; load it with ``$GEOPOL_KB``) and mark it accepted."""
    proposal = _open(store, proposal_id)
    path = Path(kb_file)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(proposal.record, ensure_ascii=False) + "\n")
    return _decide(store, proposal_id, "accepted", note, str(path))


def reject(store: Any, proposal_id: int, note: str = "") -> Proposal:
    """Mark the proposal rejected; its evidence is not proposed again."""
    _open(store, proposal_id)
    return _decide(store, proposal_id, "rejected", note, None)


def _open(store: Any, proposal_id: int) -> Proposal:
    proposal = get(store, proposal_id)
    if proposal.state != "open":
        raise ProposalError(f"proposal {proposal_id} was {proposal.state} already")
    return proposal


def _decide(store: Any, proposal_id: int, state: str, note: str, written_to: str | None) -> Proposal:
    conn = connection(store)
    with transaction(conn):
        conn.execute("UPDATE kb_proposals SET state = ?, note = ?, decided_at = ?, written_to = ? WHERE id = ?",
                     (state, note, now(), written_to, proposal_id))
    return get(store, proposal_id)
