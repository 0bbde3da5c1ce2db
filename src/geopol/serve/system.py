"""The views of the regional system: relations over time, networks,
institutions, clusters of reports. Registered on the routers of
``geopol.serve.views`` like every other view (a page and its JSON twin)."""
from __future__ import annotations

import sqlite3
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request

from geopol.serve import queries
from geopol.serve.errors import ApiError
from geopol.serve.views import Page, cached, conn, day, kb, twin


# relations and networks ---------------------------------------------------------------
def scope(
    negated: Annotated[bool, Query(description="count negated events too")] = False,
    hedged: Annotated[bool, Query(description="count hedged events too")] = False,
    one_sided: Annotated[bool, Query(description="count events whose text names no target too")] = False,
    low_confidence: Annotated[bool, Query(description="count events below min_confidence too")] = False,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.5,
    reports: Annotated[bool, Query(description="count every report, not one per occurrence")] = False,
) -> Any:
    """What the relation views count (``geopol relations``' scope flags)."""
    from geopol.relations import Scope

    return Scope(negated=negated, hedged=hedged, one_sided=one_sided, low_confidence=low_confidence,
                 min_confidence=min_confidence, reports=reports)


Scoped = Annotated[Any, Depends(scope)]
Actor = Annotated[str | None, Query(max_length=200, description="country code, organisation acronym or name")]


@twin("/relations", "/relations", "relations.html",
      summary="Dyads over time: cooperation and conflict per period, with the events behind every cell")
def relations(request: Request, what: Scoped,
              a: Actor = None, b: Actor = None, actor: Actor = None,
              by: Annotated[str, Query(pattern="^(month|quarter|year|all)$")] = "year",
              since: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
              until: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
              undirected: Annotated[bool, Query(description="merge A -> B and B -> A")] = False,
              dyads: Annotated[int, Query(ge=1, le=500, description="how many dyads to list")] = 30) -> dict[str, Any]:
    if bool(a) != bool(b):
        raise ApiError(400, "a and b: give both actors of the dyad, or neither", "b" if a else "a")
    first, last = day("since", since), day("until", until, end=True)
    key = ("relations", what, a, b, actor, by, first, last, undirected, dyads)
    return cached(request, key, lambda: relation_view(conn(request), what, a, b, actor, by, first, last,
                                                      undirected, dyads))


def relation_view(db: sqlite3.Connection, what: Any, a: str | None, b: str | None, actor: str | None, by: str,
                  first: str | None, last: str | None, undirected: bool, dyads: int) -> dict[str, Any]:
    from geopol.relations import relations as cells_of

    out: dict[str, Any] = {"a": a.upper() if a else None, "b": b.upper() if b else None, "actor": actor, "by": by,
                           "since": first, "until": last, "undirected": undirected, "scope": what.__dict__}
    if a and b:
        cells = cells_of(db, dyad=(a, b), by=by, since=first, until=last, directed=not undirected, scope=what)
        out["cells"] = [c.to_dict() for c in cells]
        pair = cells if undirected else cells_of(db, dyad=(a, b), by=by, since=first, until=last, directed=False,
                                                  scope=what)
        out["periods"] = queries.relation_series([c.to_dict() for c in pair], by)
    else:
        ranked = cells_of(db, actor=actor, by="all", since=first, until=last, directed=False, scope=what)
        ranked = [c for c in ranked if c.source != c.target]
        ranked.sort(key=lambda c: (-c.events, c.source, c.target))
        out["dyads"] = [{k: v for k, v in c.to_dict().items() if k != "event_ids"} for c in ranked[:dyads]]
    return out


@twin("/network", "/network", "network.html",
      summary="The actors' network over a period: nodes with their institution memberships, edges with their events")
def network(request: Request, what: Scoped,
            at: Annotated[str | None, Query(description="one day, YYYY-MM or YYYY")] = None,
            since: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
            until: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
            min_events: Annotated[int, Query(ge=1, le=100_000)] = 1,
            undirected: Annotated[bool, Query(description="one edge per pair")] = False,
            colour: Annotated[str, Query(max_length=40, description="the institution whose membership "
                                                                    "colours the nodes")] = "CSTO") -> dict[str, Any]:
    if at and (since or until):
        raise ApiError(400, "at: give either at or since/until, not both", "at")
    first = day("at", at) if at else day("since", since)
    last = day("at", at, end=True) if at else day("until", until, end=True)
    base = kb(request)
    if base.org(colour) is None:
        raise ApiError(400, f"colour: {colour!r} is not an organisation in the knowledge base", "colour")
    key = ("network", what, first, last, min_events, undirected)
    graph = cached(request, key, lambda: queries.network_view(conn(request), base, what, first, last,
                                                             min_events, not undirected))
    return {**graph, "colour": colour, "colour_name": base.org(colour).name, "scope": what.__dict__,
            "undirected": undirected,
            "nodes": [dict(n, status=queries.status_in(n, colour)) for n in graph["nodes"]]}


# clusters -----------------------------------------------------------------------------
@twin("/clusters", "/clusters", "clusters.html",
      summary="Occurrences reported more than once: the canonical event and every report's evidence")
def clusters(request: Request,
             min_reports: Annotated[int, Query(ge=1, le=100_000, description="at least this many reports")] = 2,
             page: Page = 1, per_page: Annotated[int, Query(ge=1, le=200)] = 25) -> dict[str, Any]:
    return queries.clusters(conn(request), min_reports, page, per_page)


@twin("/clusters/{cluster_id}", "/clusters/{cluster_id}", "cluster.html",
      summary="One occurrence: its canonical event and every report, with evidence")
def cluster(request: Request, cluster_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    found = queries.cluster(conn(request), cluster_id)
    if found is None:
        raise ApiError(404, f"no cluster {cluster_id!r} in this store: an event reported once is its own "
                            "occurrence and has none", "cluster_id")
    return found


# institutions -------------------------------------------------------------------------
@twin("/institutions", "/institutions", "institutions.html",
      summary="Organisations and agreements of the knowledge base, with their members today")
def institutions(request: Request) -> dict[str, Any]:
    base = kb(request)
    orgs = sorted((e for e in base.entities.values() if e.kind == "org" and e.members), key=lambda e: e.org or e.id)
    counts = cached(request, ("institution-counts",), lambda: queries.org_event_counts(conn(request)))
    rows = [{"id": o.org or o.id, "name": o.name, "members": o.members_at(None), "events": counts.get(
        (o.org or "").upper(), 0)} for o in orgs]
    agreements = [{"id": a.id, "name": a.name, "type": a.type, "parties": a.parties_at(None),
                   "signed": a.signed.isoformat() if a.signed else None}
                  for a in sorted(base.agreements.values(), key=lambda a: (a.signed.isoformat() if a.signed else "",
                                                                           a.name))]
    return {"organisations": rows, "agreements": agreements}


@twin("/institutions/{name:path}", "/institutions/{name:path}", "institution.html",
      summary="One institution: its membership timeline and its chronology of events, with evidence")
def institution(request: Request, what: Scoped, name: Annotated[str, Path(max_length=200)],
                since: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
                until: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
                page: Page = 1,
                per_page: Annotated[int, Query(ge=1, le=5000, description="chronology items per page")] = 250,
                ) -> dict[str, Any]:
    from geopol.institutions import UnknownInstitution, chronology, resolve

    base = kb(request)
    first, last = day("since", since), day("until", until, end=True)
    try:
        found = resolve(base, name)
    except UnknownInstitution as exc:
        raise ApiError(404, str(exc), "name") from None
    chron = cached(request, ("institution", found.id, first, last, what),
                   lambda: chronology(conn(request), base, name, first, last, what).to_dict())
    items = chron["items"]
    return {**chron, "items": items[(page - 1) * per_page:page * per_page], "total": len(items), "page": page,
            "per_page": per_page, "pages": max(1, -(-len(items) // per_page)),
            "spells": queries.spells(found, chron["as_of"]), "since": first, "until": last, "scope": what.__dict__}
