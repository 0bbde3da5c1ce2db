"""The knowledge base as the workbench shows it: entities with dated roles
and memberships, found by name."""
from __future__ import annotations

from typing import Any

from geopol.kb import Entity, KnowledgeBase, fold

KINDS = ("state", "territory", "org", "body", "person", "place")


def _iso(d: Any) -> str | None:
    return d.isoformat() if d else None


def summary(ent: Entity) -> dict[str, Any]:
    """An entity's identity, without its history."""
    return {"id": ent.id, "kind": ent.kind, "name": ent.name, "country": ent.country, "org": ent.org,
            "sector": ent.sector, "wikidata": ent.wikidata, "roles": len(ent.roles),
            "members": len(ent.members), "key": key(ent)}


def key(ent: Entity) -> str:
    """What ``geopol events --actor`` takes for this entity's events."""
    if ent.kind in ("state", "territory") and ent.country:
        return ent.country
    if ent.kind == "org" and ent.org:
        return ent.org
    return ent.id


def find(entities: list[tuple[Entity, tuple[str, ...]]], q: str | None, kind: str | None, page: int,
         per_page: int) -> dict[str, Any]:
    """Entities of ``index(kb)`` whose id, name or an alias contains ``q``
    (folded), of ``kind``; one page of them."""
    needle = fold(q) if q else ""
    found = [ent for ent, names in entities
             if (kind is None or ent.kind == kind) and (not needle or any(needle in n for n in names))]
    rows = found[(page - 1) * per_page:page * per_page]
    return {"q": q, "kind": kind, "total": len(found), "page": page, "per_page": per_page,
            "pages": max(1, -(-len(found) // per_page)), "actors": [summary(e) for e in rows]}


def index(kb: KnowledgeBase) -> list[tuple[Entity, tuple[str, ...]]]:
    """Each entity with its folded id, names and aliases, sorted by kind and name."""
    rows = [(ent, tuple(fold(n) for n in (ent.id, ent.name, *ent.aliases, *ent.acronyms, *ent.surnames,
                                             *ent.demonyms))) for ent in kb.entities.values()]
    rows.sort(key=lambda r: (KINDS.index(r[0].kind) if r[0].kind in KINDS else len(KINDS), r[1][1], r[0].id))
    return rows


def detail(kb: KnowledgeBase, ent: Entity) -> dict[str, Any]:
    """An entity with its names, dated roles, members (for an organisation)
    and, for a state, the organisations it belonged to and when."""
    out = summary(ent)
    out.update({
        "names": {"aliases": ent.aliases, "acronyms": ent.acronyms, "surnames": ent.surnames,
                  "demonyms": ent.demonyms, "metonyms": ent.metonyms},
        "roles": [{"title": r.title, "office": r.office, "start": _iso(r.span.start), "end": _iso(r.span.end),
                   "country": r.country, "org": r.org, "sector": r.sector} for r in _by_start(ent.roles)],
        "members": [{"country": m.country, "status": m.status, "start": _iso(m.span.start),
                     "end": _iso(m.span.end)} for m in _by_start(ent.members)],
        "memberships": _memberships(kb, ent.country) if ent.kind in ("state", "territory") else [],
        "source": ent.source, "origin": ent.origin,
    })
    return out


def _by_start(items: list) -> list:
    return sorted(items, key=lambda x: (_iso(x.span.start) or "", _iso(x.span.end) or "9999"))


def _memberships(kb: KnowledgeBase, country: str | None) -> list[dict[str, Any]]:
    rows = [{"org": org.org or org.id, "org_id": org.id, "name": org.name, "status": m.status,
             "start": _iso(m.span.start), "end": _iso(m.span.end)}
            for org in kb.entities.values() if org.kind == "org" for m in org.members if m.country == country]
    return sorted(rows, key=lambda r: (r["start"] or "", r["org"]))
