"""Stored events in the formats the field reads, and as pandas DataFrames.

    >>> from geopol.export import export, events_frame, relations_frame
    >>> with Store("geopol.db") as store:
    ...     export(store, "parquet", "events.parquet", actor="KGZ", since="2021")
    ...     df = events_frame(store, type="ASSAULT")
    ...     dyads = relations_frame(store, dyad=("UZB", "TJK"), by="year")

Formats (``FORMATS``), each written to a path or a binary stream:

- ``plover-json``: one JSON object per line with the field names of the
  PLOVER specification's "JSON Data Fields" chapter (``id``, ``date``,
  ``event``, ``mode``, ``context``, ``source``/``recipient`` actor objects
  with ``code``, ``sector``, ``actor_text``, ``identifier_id``, ``quad_code``,
  ``event_scale``, ``event_text``, ``text``, ``text_info``, ``cite_info``,
  ``link``, ``comment``) plus geopol's own fields (``cameo``, ``negated``,
  ``hedged``, ``confidence``, ``reports``, ``correction``).
- ``cameo-tsv``: tab-separated, no header, the 26 columns of the Phoenix
  data set (``PHOENIX_COLUMNS``), one row per source-target pair.
- ``csv`` and ``parquet``: one row per event with ``COLUMNS``; Parquet keeps
  the types (dates as dates, flags as booleans, offsets as integers) and
  adds each side's actors as a list of structs. Needs the ``export`` extra.
- ``graphml``: actors as nodes, one edge per event and source-target pair,
  carrying the event's id, type, date, evidence and occurrence (networkx).

Every format carries the occurrence (``link`` / ``occurrence``: the
canonical event of the event's cluster, see ``geopol.clusters``), how many
reports it has, and the analyst correction an event has, if any.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

from geopol.errors import RecordsError

FORMATS = ("plover-json", "cameo-tsv", "csv", "parquet", "graphml")
CODER = "geopol"
QUAD_CODES = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3, "material conflict": 4}
PHOENIX_COLUMNS = (
    "EventID", "Date", "Year", "Month", "Day", "SourceActorFull", "SourceActorEntity", "SourceActorRole",
    "SourceActorAttribute", "TargetActorFull", "TargetActorEntity", "TargetActorRole", "TargetActorAttribute",
    "EventCode", "EventRootCode", "PentaClass", "GoldsteinScore", "Issues", "Lat", "Lon", "LocationName",
    "StateName", "CountryCode", "SentenceID", "URLs", "NewsSources",
)
# (name, pyarrow type name) of the flat table, in order; see ``_arrow_schema``.
COLUMNS = (
    ("id", "string"), ("doc_id", "string"), ("date", "date"), ("date_precision", "string"),
    ("date_text", "string"), ("type", "string"), ("mode", "string"), ("context", "string"),
    ("cameo", "string"), ("quad_class", "string"), ("quad_code", "int8"), ("intensity", "float64"),
    ("source", "string"), ("source_name", "string"), ("target", "string"), ("target_name", "string"),
    ("location", "string"), ("negated", "bool"), ("hedged", "bool"), ("targetless", "bool"), ("attribution", "string"),
    ("confidence", "float64"), ("trigger", "string"), ("sentence", "string"), ("start", "int32"),
    ("end", "int32"), ("reason", "string"), ("occurrence", "string"), ("reports", "int32"),
    ("corrected", "bool"), ("correction", "string"), ("correction_note", "string"),
    ("url", "string"), ("title", "string"), ("publication", "string"), ("published", "date"),
)
_ACTOR_FIELDS = ("id", "name", "country", "org", "sector", "wikidata")
_CHUNK = 500

Out = str | Path | IO[bytes]


# the records ----------------------------------------------------------------------
def records(store: Any, **filters: Any) -> list[dict[str, Any]]:
    """``store.events(**filters)``, each with its document's citation
    (``url``, ``title``, ``publication``, ``published``), its occurrence and
    number of reports, and its correction (a dict, or None)."""
    rows = list(store.events(**filters))
    docs = _by_key(store.conn, "SELECT doc_id, url, title, source, date FROM documents WHERE doc_id IN ({})",
                   sorted({r["doc_id"] for r in rows}))
    reports = {k: v["reports"] for k, v in _by_key(
        store.conn, "SELECT id, reports FROM clusters WHERE id IN ({})",
        sorted({r["cluster_id"] for r in rows if r.get("cluster_id")})).items()}
    fixes = _by_key(store.conn, 'SELECT id, action, note, "at", type, source, target, date FROM corrections '
                    "WHERE id IN ({})", sorted({r["correction_id"] for r in rows if r.get("correction_id")}))
    for row in rows:
        doc = docs.get(row["doc_id"], {})
        row.update(url=doc.get("url"), title=doc.get("title"), publication=doc.get("source"),
                   published=doc.get("date"), occurrence=row.get("cluster_id") or row["id"],
                   reports=reports.get(row.get("cluster_id"), 1), correction=fixes.get(row.get("correction_id")))
    return rows


def _by_key(conn: Any, sql: str, keys: Sequence[Any]) -> dict[Any, dict[str, Any]]:
    """Rows of ``sql`` (whose first column is the key) for ``keys``, chunked."""
    out: dict[Any, dict[str, Any]] = {}
    for i in range(0, len(keys), _CHUNK):
        chunk = list(keys[i:i + _CHUNK])
        for row in conn.execute(sql.format(", ".join("?" * len(chunk))), chunk):
            out[row[0]] = dict(row)
    return out


def actor_key(actor: dict[str, Any]) -> str:
    """An actor's short code: organisation acronym, else country, else name."""
    return actor.get("org") or actor.get("country") or actor.get("name") or "?"


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """One record as a row of ``COLUMNS`` (dates as ``date``, None where absent)."""
    fix = row.get("correction")
    return {
        **{k: row.get(k) for k in ("id", "doc_id", "date_precision", "date_text", "type", "mode", "context",
                                   "cameo", "quad_class", "intensity", "location", "attribution", "confidence",
                                   "trigger", "sentence", "start", "end", "reason", "occurrence", "reports",
                                   "url", "title", "publication")},
        "date": _date(row.get("date")), "published": _date(row.get("published")),
        "quad_code": QUAD_CODES.get(row.get("quad_class") or ""),
        "source": "+".join(actor_key(a) for a in row["source"]), "source_name": "; ".join(a["name"] for a in row["source"]),
        "target": "+".join(actor_key(a) for a in row["target"]), "target_name": "; ".join(a["name"] for a in row["target"]),
        "negated": bool(row.get("negated")), "hedged": bool(row.get("hedged")),
        "targetless": bool(row.get("targetless")),
        "corrected": fix is not None, "correction": fix["action"] if fix else None,
        "correction_note": fix["note"] if fix else None,
    }


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# writing --------------------------------------------------------------------------
def export(store: Any, fmt: str, out: Out, **filters: Any) -> int:
    """Write the events matching ``filters`` (as ``Store.events`` takes them)
    to ``out`` (a path or a binary stream) in ``fmt``; return how many."""
    if fmt not in WRITERS:
        raise RecordsError("E604", value=fmt, what="an export format", choices=", ".join(FORMATS))
    rows = records(store, **filters)
    try:
        WRITERS[fmt](rows, out)
    except OSError as exc:
        raise RecordsError("E605", path=str(out), detail=exc.strerror or str(exc)) from exc
    return len(rows)


@contextmanager
def _text(out: Out, newline: str | None = None) -> Iterator[IO[str]]:
    """``out`` as a UTF-8 text stream; a caller's stream is left open."""
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
        return
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline=newline, write_through=True)
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


def write_plover_json(rows: Iterable[dict[str, Any]], out: Out) -> None:
    with _text(out) as handle:
        for row in rows:
            handle.write(json.dumps(plover(row), ensure_ascii=False) + "\n")


def plover(row: dict[str, Any]) -> dict[str, Any]:
    """One record as a PLOVER JSON event."""
    fix = row.get("correction")
    record = {
        "id": row["id"], "date": row.get("date"), "source": [_plover_actor(a) for a in row["source"]],
        "recipient": [_plover_actor(a) for a in row["target"]], "event": [row["type"]],
        "mode": row.get("mode"), "context": [c for c in (row.get("context") or "").split(",") if c] or None,
        "event_loc": {"name": row["location"]} if row.get("location") else None,
        "event_text": [row["trigger"]], "quad_code": QUAD_CODES.get(row.get("quad_class") or ""),
        "event_scale": row.get("intensity"), "link": row.get("occurrence"), "text": row["sentence"],
        "text_info": {"start": row["start"], "end": row["end"]},
        "cite_info": {"corpus": row["doc_id"], "url": row.get("url"), "title": row.get("title"),
                      "publication": row.get("publication"), "coder": CODER, "codebook": "PLOVER"},
        "coder": CODER, "comment": fix["note"] if fix else None,
        "cameo": row.get("cameo"), "date_precision": row.get("date_precision"), "negated": row.get("negated"),
        "hedged": row.get("hedged"), "attribution": row.get("attribution"), "confidence": row.get("confidence"),
        "reports": row.get("reports"), "correction": fix,
    }
    return {k: v for k, v in record.items() if v is not None}


def _plover_actor(actor: dict[str, Any]) -> dict[str, Any]:
    out = {"code": actor.get("country") or actor.get("org") or "", "sector": actor.get("sector"),
           "actor_text": actor.get("name"), "identifier_id": actor.get("wikidata") or actor.get("id"),
           "identifier_text": actor.get("name"), "org": actor.get("org")}
    return {k: v for k, v in out.items() if v is not None}


def write_cameo_tsv(rows: Iterable[dict[str, Any]], out: Out) -> None:
    with _text(out, newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        for row in rows:
            writer.writerows(phoenix(row))


def phoenix(row: dict[str, Any]) -> list[list[str]]:
    """One record as Phoenix rows: one per (source, target) pair; a side with
    no actor is left blank. Several pairs get ids ``ID-1``, ``ID-2``, ..."""
    pairs = [(s, t) for s in row["source"] or [None] for t in row["target"] or [None]]
    day = (row.get("date") or "").replace("-", "")
    cameo = row.get("cameo") or ""
    out = []
    for n, (source, target) in enumerate(pairs, 1):
        out.append([
            row["id"] if len(pairs) == 1 else f"{row['id']}-{n}", day, day[:4], day[4:6], day[6:8],
            *_cameo_actor(source), *_cameo_actor(target), cameo, cameo[:2], str(_penta(cameo)),
            f"{row['intensity']:g}", row.get("context") or "", "", "", row.get("location") or "", "", "",
            f"{row['doc_id']}_{row['start']}", row.get("url") or "", row.get("publication") or "",
        ])
    return out


def _cameo_actor(actor: dict[str, Any] | None) -> list[str]:
    """Full code, entity, role, attribute: ``KGZMIL``, ``KGZ``, ``MIL``, ``''``;
    an organisation is ``IGOCSTO``, ``IGO``, ``''``, ``CSTO``, and a state's
    forces under one (Russian troops of the CSTO) keep the org as attribute."""
    if actor is None:
        return ["", "", "", ""]
    org = actor.get("org") or ""
    if not actor.get("country") and org:
        return ["IGO" + org, "IGO", "", org]
    entity = actor.get("country") or ""
    role = actor.get("sector") or ""
    return [entity + role, entity, role, org]


def _penta(cameo: str) -> int:
    """Phoenix's PentaClass: 0 statements and appeals, 1 verbal cooperation,
    2 material cooperation, 3 verbal conflict, 4 material conflict."""
    root = int(cameo[:2]) if cameo[:2].isdigit() else 0
    return 0 if root <= 2 else 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def write_csv(rows: Iterable[dict[str, Any]], out: Out) -> None:
    with _text(out, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[name for name, _ in COLUMNS], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(flat(row))


def write_parquet(rows: Iterable[dict[str, Any]], out: Out) -> None:
    _, parquet = _pyarrow()
    parquet.write_table(arrow_table(rows), out)


def arrow_table(rows: Iterable[dict[str, Any]]) -> Any:
    """The records as a typed pyarrow Table: ``COLUMNS`` plus ``source_actors``
    and ``target_actors`` (lists of structs with ``_ACTOR_FIELDS``)."""
    pa, _ = _pyarrow()
    data = [dict(flat(r), source_actors=_actors(r["source"]), target_actors=_actors(r["target"])) for r in rows]
    return pa.Table.from_pylist(data, schema=_arrow_schema(pa))


def _actors(actors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: a.get(k) for k in _ACTOR_FIELDS} for a in actors]


def _arrow_schema(pa: Any) -> Any:
    types = {"string": pa.string(), "date": pa.date32(), "int8": pa.int8(), "int32": pa.int32(),
             "float64": pa.float64(), "bool": pa.bool_()}
    actor = pa.list_(pa.struct([(k, pa.string()) for k in _ACTOR_FIELDS]))
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS]
                     + [("source_actors", actor), ("target_actors", actor)])


def write_graphml(rows: Iterable[dict[str, Any]], out: Out) -> None:
    import networkx as nx

    nx.write_graphml(graph(rows), out)


def graph(rows: Iterable[dict[str, Any]]) -> Any:
    """A networkx MultiDiGraph: actors (by ``actor_key``) as nodes, one edge
    per event and source-target pair, keyed by the event id."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for row in rows:
        for source in row["source"]:
            for target in row["target"]:
                a, b = actor_key(source), actor_key(target)
                g.add_node(a, **_node(source))
                g.add_node(b, **_node(target))
                g.add_edge(a, b, key=row["id"], **_edge(row))
    return g


def _node(actor: dict[str, Any]) -> dict[str, Any]:
    kind = "organisation" if actor.get("org") else "country" if actor.get("country") else "actor"
    return _no_none({"label": actor.get("org") or actor.get("country") or actor.get("name"), "kind": kind,
                     "country": actor.get("country"), "org": actor.get("org")})


def _edge(row: dict[str, Any]) -> dict[str, Any]:
    fix = row.get("correction")
    return _no_none({
        "event": row["id"], "type": row["type"], "cameo": row.get("cameo"), "quad_class": row.get("quad_class"),
        "intensity": row.get("intensity"), "date": row.get("date"), "doc_id": row["doc_id"],
        "sentence": row["sentence"], "start": row["start"], "end": row["end"], "negated": bool(row.get("negated")),
        "confidence": row.get("confidence"), "occurrence": row.get("occurrence"), "reports": row.get("reports"),
        "corrected": fix is not None, "correction_note": fix["note"] if fix else None,
    })


def _no_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


WRITERS = {"plover-json": write_plover_json, "cameo-tsv": write_cameo_tsv, "csv": write_csv,
           "parquet": write_parquet, "graphml": write_graphml}


# DataFrames ----------------------------------------------------------------------
def events_frame(store: Any, **filters: Any) -> Any:
    """The events matching ``filters`` as a pandas DataFrame of ``COLUMNS``
    (plus the actor lists), typed as in the Parquet export; dates are
    ``datetime64``."""
    return arrow_table(records(store, **filters)).to_pandas(date_as_object=False)


def mentions_frame(store: Any, doc_id: str | None = None) -> Any:
    """Actor mentions (one row per span) with their document's date."""
    pd = _pandas()
    sql = ('SELECT m.doc_id, d.date AS published, m.start, m."end", m.text, m.actor_id, m.name, m.country, '
           "m.org, m.sector, m.wikidata, m.confidence, m.reason, m.place FROM mentions m "
           "JOIN documents d ON d.doc_id = m.doc_id" + (" WHERE m.doc_id = ?" if doc_id else "")
           + " ORDER BY m.doc_id, m.start")
    rows = [dict(r) for r in store.conn.execute(sql, (doc_id,) if doc_id else ())]
    frame = pd.DataFrame(rows, columns=["doc_id", "published", "start", "end", "text", "actor_id", "name",
                                        "country", "org", "sector", "wikidata", "confidence", "reason", "place"])
    frame["published"] = pd.to_datetime(frame["published"], errors="coerce")
    frame["place"] = frame["place"].astype(bool)
    return frame


def relations_frame(store: Any, **kwargs: Any) -> Any:
    """``geopol.relations.relations(store, **kwargs)`` as a DataFrame: one row
    per dyad and period, a column per quad class (``quad_...``) and event
    type (``type_...``, zero where none), and the cell's event ids."""
    from geopol.relations import relations

    pd = _pandas()
    rows = []
    for cell in relations(store, **kwargs):
        row = cell.to_dict()
        row.update({f"quad_{k.replace(' ', '_')}": v for k, v in row.pop("by_quad").items()})
        row.update({f"type_{k}": v for k, v in row.pop("by_type").items()})
        rows.append(row)
    out = pd.DataFrame(rows)
    counts = [c for c in out.columns if c.startswith(("quad_", "type_"))]
    out[counts] = out[counts].fillna(0).astype(int)
    return out


def frame(rows: Iterable[dict[str, Any]]) -> Any:
    """Any list of plain dicts (``Store.dyads``, relations cells) as a DataFrame."""
    return _pandas().DataFrame(list(rows))


# optional dependencies -----------------------------------------------------------
def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RecordsError("E601", feature="Parquet and DataFrames", extra="export") from None
    return pa, pq


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise RecordsError("E601", feature="DataFrames", extra="export") from None
    return pd
