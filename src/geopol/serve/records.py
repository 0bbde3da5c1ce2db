"""Exports as downloads, and analyst corrections (writes need the token).

Registered on the routers of ``geopol.serve.views`` like every other view.
"""
from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from geopol.serve import security
from geopol.serve.errors import ApiError
from geopol.serve.views import Filter, api, conn, twin
from geopol.store import query

DOWNLOADS = {  # format -> (file suffix, media type, what it is)
    "plover-json": ("jsonl", "application/x-ndjson", "PLOVER JSON, one event a line, with the PLOVER field names"),
    "cameo-tsv": ("tsv", "text/tab-separated-values", "CAMEO TSV in the 26 Phoenix columns"),
    "csv": ("csv", "text/csv", "one row per event"),
    "parquet": ("parquet", "application/vnd.apache.parquet", "typed columns (needs the export extra)"),
    "graphml": ("graphml", "application/graphml+xml", "actors and one edge per event (networkx)"),
}


def _filters(where: Any) -> dict[str, Any]:
    return {k: v for k, v in (("actor", where.actor), ("type", where.type), ("since", where.since),
                              ("until", where.until)) if v}


@twin("/exports", "/exports", "exports.html", summary="The export formats, each a download of the filtered events")
def exports(request: Request, where: Filter) -> dict[str, Any]:
    query = str(request.url.query)
    return {"filters": _filters(where), "formats": [
        {"format": fmt, "suffix": suffix, "media_type": media, "what": what,
         "url": f"/api/export?format={fmt}" + (f"&{query}" if query else "")}
        for fmt, (suffix, media, what) in DOWNLOADS.items()]}


@api.get("/export", summary="Download the events matching the filters in one export format",
         response_class=Response, responses={200: {"content": {m: {} for _, m, _ in DOWNLOADS.values()}}})
def export(request: Request, where: Filter,
           format: str = Query(..., description="one of " + ", ".join(DOWNLOADS))) -> Response:
    from geopol.errors import GeopolError
    from geopol.export import export as write

    if format not in DOWNLOADS:
        raise ApiError(400, f"format: {format!r} is not an export format; use one of {', '.join(DOWNLOADS)}",
                       "format")
    suffix, media, _ = DOWNLOADS[format]
    out = io.BytesIO()
    try:
        count = write(request.app.state.stores.store(), format, out, **_filters(where))
    except GeopolError as exc:  # a missing extra (parquet) is the server's lack, not the request's
        raise ApiError(501, str(exc), "format") from None
    return Response(out.getvalue(), media_type=media, headers={
        "Content-Disposition": f'attachment; filename="geopol-events.{suffix}"', "X-Geopol-Events": str(count)})


# corrections ---------------------------------------------------------------------------
class CorrectionIn(BaseModel):
    """An analyst's correction of one event; fields left out stay as coded."""

    type: str | None = Field(None, description="the PLOVER type it really is", max_length=20)
    source: str | None = Field(None, description="actor codes, '+'-joined: KAZ, CSTO, KGZ+TJK", max_length=200)
    target: str | None = Field(None, description="actor codes, '+'-joined", max_length=200)
    date: str | None = Field(None, description="YYYY-MM-DD", max_length=10)
    reject: bool = Field(False, description="this is not an event: it leaves the store's counts")
    note: str = Field(..., min_length=1, max_length=2000, description="why: what the sentence really says")


def writer(request: Request) -> None:
    """Writes need the server's token in an ``Authorization: Bearer`` header."""
    token = request.app.state.token
    given = security.bearer(request.headers.get("authorization"))
    if not token:
        raise ApiError(403, "this server takes no writes: start it with geopol serve --token TOKEN")
    if not given:
        raise ApiError(401, "writing needs the server's token (geopol serve prints it at start): send "
                            "Authorization: Bearer TOKEN", headers={"WWW-Authenticate": "Bearer"})
    if not security.same(given, token):
        raise ApiError(403, "that is not this server's token")


@api.post("/events/{event_id}/corrections", status_code=201, dependencies=[Depends(writer)],
          summary="Correct or reject one event (needs the token); kept with when and why, keyed to the evidence")
def correct(request: Request, event_id: Annotated[str, Path(max_length=200)], change: CorrectionIn) -> dict[str, Any]:
    from geopol.errors import GeopolError

    stores = request.app.state.stores
    try:
        made = stores.store().correct(event_id, type=change.type or None, source=change.source or None,
                                      target=change.target or None, date=change.date or None,
                                      reject=change.reject, note=change.note)
    except GeopolError as exc:
        status = 404 if exc.code == "E602" else 400
        raise ApiError(status, str(exc), "event_id" if status == 404 else None) from None
    stores.wrote()
    found = query.events_by_id(conn(request), [made["event_id"]]) if made.get("event_id") else []
    return {"correction": made, "event_id": made.get("event_id"), "event": found[0] if found else None}


@twin("/corrections", "/corrections", "corrections.html", summary="Every analyst correction, oldest first")
def corrections(request: Request) -> dict[str, Any]:
    from geopol.corrections import list_corrections

    rows = list_corrections(conn(request))
    return {"total": len(rows), "corrections": rows}
