"""The routes. Each view is written once and served twice: as JSON under
``/api`` (in the OpenAPI schema) and as an HTML page rendering the same data.

Request values are validated here (a bad one is a 400 naming the parameter)
and reach SQL only as bound parameters.
"""
from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from geopol.serve import actors as kbview
from geopol.serve import queries
from geopol.serve.errors import ApiError
from geopol.store.query import EventFilter, day_bounds, fts_query

DESCRIPTION = """The JSON API of geopol's web workbench. Every page of the workbench
(`/events`) has its JSON twin here (`/api/events`), taking the same parameters.
Every error has one shape: `{"error": {"status", "title", "message", "parameter"}}`.
Writes need the server's token in an `Authorization: Bearer TOKEN` header."""

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
FILTER_KEYS = ("actor", "type", "since", "until")
SORT_PATTERN = r"^-?(" + "|".join(queries.SORTS) + r")$"

# The pages in the header: (label, path, whether the filters carry over to it).
NAV = [("Overview", "/", True), ("Events", "/events", True), ("Relations", "/relations", True),
       ("Network", "/network", True), ("Institutions", "/institutions", False), ("Clusters", "/clusters", False),
       ("Corrections", "/corrections", False), ("Exports", "/exports", True), ("Actors", "/actors", False),
       ("Search", "/search", False)]

api = APIRouter(prefix="/api")
pages = APIRouter(include_in_schema=False)


def twin(page_path: str, api_path: str, template: str, **route: Any) -> Callable:
    """Serve ``view`` as JSON at ``/api{api_path}`` and as ``template`` at ``page_path``."""
    def register(view: Callable) -> Callable:
        api.get(api_path, **route)(view)

        @functools.wraps(view)
        def page(*args: Any, **kwargs: Any) -> HTMLResponse:
            request: Request = kwargs["request"]
            context = {"data": view(*args, **kwargs), **page_context(request, "/api" + api_path)}
            return templates().TemplateResponse(request, template, context)

        pages.get(page_path, response_class=HTMLResponse)(page)
        return view
    return register


def templates() -> Any:
    from geopol.serve.app import templates as loaded

    return loaded


def page_context(request: Request, api_path: str) -> dict[str, Any]:
    """What every page's template gets: the filters to carry across pages and its JSON twin's URL."""
    params = request.query_params
    filters = {k: params[k] for k in FILTER_KEYS if params.get(k)}
    path = request.url.path
    twin_path = "/api" + (path if path != "/" else "/overview")
    query = str(request.url.query)
    return {"filters": filters, "carry": urlencode(filters), "api": twin_path + ("?" + query if query else ""),
            "path": path, "params": dict(params)}


# parameters -----------------------------------------------------------------
def conn(request: Request) -> sqlite3.Connection:
    """This thread's connection to the store (a view calls it in its own
    thread: sqlite3 connections stay in the thread that opened them)."""
    return request.app.state.stores.conn()


def cached(request: Request, key: Any, compute: Callable[[], Any]) -> Any:
    """An aggregate view's result, computed once per version of the store."""
    return request.app.state.stores.cached(key, compute)


def kb(request: Request) -> Any:
    return request.app.state.stores.kb()




def day(name: str, value: str | None, end: bool = False) -> str | None:
    """A date parameter as an ISO day; ``YYYY`` and ``YYYY-MM`` widen to the period."""
    if value is None or value == "":
        return None
    try:
        return day_bounds(value, end)
    except ValueError:
        raise ApiError(400, f"{name}: {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD", name) from None


def event_filter(
    actor: Annotated[str | None, Query(description="country code, organisation acronym, actor id or name, "
                                                   "on either side (as `geopol events --actor`)", max_length=200)] = None,
    type: Annotated[str | None, Query(description="PLOVER event type: " + ", ".join(TYPES))] = None,
    since: Annotated[str | None, Query(description="first day, inclusive: YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="last day, inclusive: YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    negated: Annotated[bool, Query(description="include events the text denies")] = True,
) -> EventFilter:
    """The filters of ``geopol events``."""
    if type and type.upper() not in TYPES:
        raise ApiError(400, f"type: {type!r} is not a PLOVER type; use one of {', '.join(TYPES)}", "type")
    return EventFilter(actor or None, type.upper() if type else None, day("since", since),
                       day("until", until, end=True), negated)


Filter = Annotated[EventFilter, Depends(event_filter)]
Page = Annotated[int, Query(ge=1, le=1_000_000, description="page number, from 1")]


# overview ---------------------------------------------------------------------
@twin("/", "/overview", "overview.html", summary="Counts, events over time by quad class, the most active dyads")
def overview(request: Request, where: Filter,
             by: Annotated[str, Query(pattern="^(year|month)$", description="period of the time series")] = "year",
             dyads: Annotated[int, Query(ge=1, le=100, description="how many dyads")] = 10) -> dict[str, Any]:
    return cached(request, ("overview", where, by, dyads), lambda: queries.overview(conn(request), where, by, dyads))


# events -------------------------------------------------------------------------
@twin("/events", "/events", "events.html", summary="Events by the filters of `geopol events`, paginated and sorted")
def events(request: Request, where: Filter,
           quad: Annotated[str | None, Query(description="quad class: " + ", ".join(queries.QUADS))] = None,
           ids: Annotated[str | None, Query(description="only these event ids, comma-separated", max_length=200_000)] = None,
           sort: Annotated[str, Query(pattern=SORT_PATTERN, description="date, confidence, type, intensity or "
                                                                         "doc; a leading - sorts descending")] = "date",
           page: Page = 1,
           per_page: Annotated[int, Query(ge=1, le=queries.MAX_PER_PAGE)] = 50,
           limit: Annotated[int | None, Query(ge=1, le=queries.MAX_PER_PAGE, description="as `geopol events "
                                                                                       "--limit` (a page's size)")] = None,
           offset: Annotated[int | None, Query(ge=0, description="as `geopol events --offset` (instead of page)")] = None,
           ) -> dict[str, Any]:
    if limit is not None:
        per_page = limit
    if quad and quad not in queries.QUADS:
        raise ApiError(400, f"quad: {quad!r} is not a quad class; use one of {', '.join(queries.QUADS)}", "quad")
    id_list = tuple(i for i in (ids or "").split(",") if i.strip())
    q = queries.EventQuery(where, quad, id_list, sort, page, per_page, offset)
    db = conn(request)
    total = cached(request, ("count", where, quad, id_list), lambda: queries.count_events(db, q))
    result = queries.list_events(db, q, total)
    result["filters"] = {"actor": where.actor, "type": where.type, "since": where.since, "until": where.until,
                         "negated": where.include_negated, "quad": quad}
    return result


@twin("/events/{event_id}", "/events/{event_id}", "event.html",
      summary="One event: its evidence sentence in the document, actors with reasons, confidence")
def event(request: Request, event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    found = queries.event_detail(conn(request), event_id)
    if found is None:
        raise ApiError(404, f"no event {event_id!r} in this store", "event_id")
    return found


# search -------------------------------------------------------------------------
@twin("/search", "/search", "search.html", summary="Full-text search over the stored sentences")
def search(request: Request,
           q: Annotated[str | None, Query(max_length=500, description="words, all of which must appear; "
                                                                     "a trailing * matches a prefix")] = None,
           page: Page = 1, per_page: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    if q is None or not q.strip():
        return {"q": q or "", "page": page, "per_page": per_page, "more": False, "hits": []}
    if not fts_query(q):
        raise ApiError(400, f"q: {q!r} holds no word to search for", "q")
    return queries.search(conn(request), q, page, per_page)


# actors -------------------------------------------------------------------------
@twin("/actors", "/actors", "actors.html", summary="The knowledge base: states, organisations, bodies, people")
def actors(request: Request,
           q: Annotated[str | None, Query(max_length=200, description="part of a name, alias or id")] = None,
           kind: Annotated[str | None, Query(description="one of " + ", ".join(kbview.KINDS))] = None,
           page: Page = 1, per_page: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    if kind and kind not in kbview.KINDS:
        raise ApiError(400, f"kind: {kind!r} is not a kind; use one of {', '.join(kbview.KINDS)}", "kind")
    entities = cached(request, ("kb-index",), lambda: kbview.index(kb(request)))
    return kbview.find(entities, q, kind or None, page, per_page)


@twin("/actors/{actor_id:path}", "/actors/{actor_id:path}", "actor.html",
      summary="One knowledge-base entity with its dated roles and memberships")
def actor(request: Request, actor_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    base = kb(request)
    ent = base.entities.get(actor_id) or base.org(actor_id) or base.state(actor_id)
    if ent is None:
        raise ApiError(404, f"no actor {actor_id!r} in the knowledge base; search /actors?q=...", "actor_id")
    out = kbview.detail(base, ent)
    out["events"] = queries.actor_event_count(conn(request), out["key"])
    return out


# template helpers ---------------------------------------------------------------
def highlight(text: str, words: str) -> Markup:
    """``text`` escaped, with each search word (prefix ``*`` honoured) in <mark>."""
    terms = [w.rstrip("*").strip('"') for w in (words or "").split()]
    terms = [t for t in terms if any(c.isalnum() for c in t)]
    if not terms:
        return Markup(escape(text))
    pattern = re.compile("|".join(rf"\b{re.escape(t)}\w*" for t in sorted(terms, key=len, reverse=True)), re.I)
    out, last = [], 0
    for m in pattern.finditer(text):
        out += [escape(text[last:m.start()]), Markup("<mark>"), escape(m.group()), Markup("</mark>")]
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def actor_label(actors: list[dict[str, Any]]) -> str:
    """``KAZ+RUS``: each actor's organisation, country or name."""
    return "+".join(a.get("org") or a.get("country") or a.get("name") or "?" for a in actors) or "-"


def with_params(params: dict[str, Any], **changes: Any) -> str:
    """The current query string with ``changes`` (None removes a key)."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})
