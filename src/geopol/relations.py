"""Relations over time: dyads by period, with a cooperation-conflict index
and the ids of the events behind every cell.

    >>> from geopol.relations import relations, Scope
    >>> with Store("geopol.db") as store:
    ...     for cell in relations(store, dyad=("UZB", "TJK"), by="year", directed=False):
    ...         print(cell.period, cell.source, cell.target, cell.events, cell.index, cell.event_ids)

An actor's key is its organisation acronym, else its country, else its name
(as in ``Store.dyads``); an event with several sources or targets counts
once for each pair. Undated events have no period and are left out.

What is counted is set by one ``Scope``: by default occurrences, not reports
(reports sharing an ``events.cluster_id`` are one occurrence, where the store
has that column), and neither negated, hedged, one-sided (no target named in
the text) nor low-confidence events. Domestic events with a named target
(police against protesters: KAZ -> KAZ) are kept as self-dyads; the network
leaves them out by default.

The index of a cell is ``(cooperation - conflict) / events``: +1 when every
occurrence is cooperation (verbal or material), -1 when every one is
conflict. ``intensity_sum`` and ``intensity_mean`` are over the Goldstein
values of the occurrences (one value per occurrence: its most confident report).
"""
from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from geopol.store.query import day_bounds

PERIODS = ("month", "quarter", "year", "all")
QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
COOPERATION = QUADS[:2]
CONFLICT = QUADS[2:]

# An actor's key on a dyad, over an event_actors row aliased {a}.
_KEY = "upper(coalesce(nullif({a}.org, ''), nullif({a}.country, ''), {a}.name))"
_PERIOD_SQL = {
    "year": "substr(date, 1, 4)",
    "month": "substr(date, 1, 7)",
    "quarter": "substr(date, 1, 4) || '-Q' || ((cast(substr(date, 6, 2) AS INTEGER) + 2) / 3)",
    "all": "'all'",
}


@dataclass(frozen=True)
class Scope:
    """Which events a view counts; each flag brings one kind back in.

    ``negated``, ``hedged``: events the text denies or only reports as
    possible. ``one_sided``: events whose text names no target (stored
    ``targetless``, or with no target at all); their stored target, if any,
    is the actor's own country. ``low_confidence``: events below
    ``min_confidence`` (0.6: below it the coder found neither a strong
    source nor a strong target, see ``stages/events/coder._confidence``). ``self_dyads``: pairs of an actor with itself
    (domestic events). ``reports``: count every report, not occurrences.
    """

    negated: bool = False
    hedged: bool = False
    one_sided: bool = False
    low_confidence: bool = False
    min_confidence: float = 0.6
    self_dyads: bool = True
    reports: bool = False


DEFAULT_SCOPE = Scope()


@dataclass(frozen=True)
class RelationCell:
    """One dyad in one period. In an undirected view ``source`` and
    ``target`` are the pair in alphabetical order."""

    source: str
    target: str
    period: str
    events: int  # occurrences (or reports, with Scope.reports)
    reports: int
    cooperation: int
    conflict: int
    by_quad: dict[str, int]
    by_type: dict[str, int]
    intensity_sum: float
    intensity_mean: float
    index: float
    event_ids: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "period": self.period, "events": self.events,
                "reports": self.reports, "cooperation": self.cooperation, "conflict": self.conflict,
                "by_quad": self.by_quad, "by_type": self.by_type, "intensity_sum": self.intensity_sum,
                "intensity_mean": self.intensity_mean, "index": self.index, "event_ids": list(self.event_ids)}


@dataclass(frozen=True)
class Evidence:
    """An event behind a cell, with its sentence and where it is."""

    event_id: str
    date: str | None
    type: str
    doc_id: str
    start: int
    end: int
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def connection(store: Any) -> sqlite3.Connection:
    """The sqlite3 connection of a ``Store``, or ``store`` itself if it is one."""
    conn = getattr(store, "conn", store)
    if not isinstance(conn, sqlite3.Connection):
        raise TypeError(f"expected a geopol Store or an sqlite3 connection, not {type(store).__name__}")
    return conn


def rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[sqlite3.Row]:
    """Run ``sql`` and return its rows as ``sqlite3.Row``, whatever the
    connection's own row factory."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchall()


def event_columns(conn: sqlite3.Connection) -> set[str]:
    """Column names of the events table (optional ones appear with migrations)."""
    return {row[1] for row in conn.execute("PRAGMA table_info(events)")}


def occurrence_sql(conn: sqlite3.Connection, scope: Scope = DEFAULT_SCOPE, alias: str = "e") -> str:
    """The SQL expression naming an event's occurrence: its cluster, or itself."""
    if scope.reports or "cluster_id" not in event_columns(conn):
        return f"{alias}.id"
    return f"coalesce({alias}.cluster_id, {alias}.id)"


def scope_clauses(conn: sqlite3.Connection, scope: Scope = DEFAULT_SCOPE, alias: str = "e") -> list[str]:
    """WHERE clauses on events row ``alias`` for what ``scope`` leaves out."""
    clauses = []
    if not scope.negated:
        clauses.append(f"{alias}.negated = 0")
    if not scope.hedged:
        clauses.append(f"{alias}.hedged = 0")
    if not scope.low_confidence:
        clauses.append(f"{alias}.confidence >= {float(scope.min_confidence)!r}")
    if not scope.one_sided and "targetless" in event_columns(conn):
        clauses.append(f"coalesce({alias}.targetless, 0) = 0")
    return clauses


def pair_rows_sql(conn: sqlite3.Connection, scope: Scope, since: str | None, until: str | None) -> str:
    """A SELECT of the (event, source key, target key) rows in scope, with
    columns id, occ, date, type, quad_class, intensity, confidence, source,
    target; an event with two actors of one key gives the row twice, so
    aggregate with DISTINCT. Parameters :since and :until."""
    clauses = scope_clauses(conn, scope)
    clauses += [] if since is None else ["e.date >= :since"]
    clauses += [] if until is None else ["e.date <= :until"]
    join = "LEFT JOIN" if scope.one_sided else "JOIN"
    target = f"coalesce({_KEY.format(a='t')}, '')"
    self_pairs = "" if scope.self_dyads else f" AND {_KEY.format(a='s')} != {target}"
    where = " AND ".join(["e.date IS NOT NULL", *clauses])
    return f"""
        SELECT e.id, {occurrence_sql(conn, scope)} AS occ, e.date, e.type, e.quad_class,
            e.intensity, e.confidence, {_KEY.format(a='s')} AS source, {target} AS target
        FROM events e
        JOIN event_actors s ON s.event_id = e.id AND s.role = 'source'
        {join} event_actors t ON t.event_id = e.id AND t.role = 'target'
        WHERE {where}{self_pairs}"""


def relations(store: Any, actor: str | None = None, dyad: tuple[str, str] | None = None, by: str = "year",
              since: Any = None, until: Any = None, directed: bool = True,
              scope: Scope = DEFAULT_SCOPE) -> list[RelationCell]:
    """Dyads per period, by period then most events first.

    ``actor`` keeps the dyads it is on (either side); ``dyad`` keeps the
    pair (A, B) in both directions. ``by`` is ``month``, ``quarter``,
    ``year`` or ``all`` (one cell per dyad over the whole window, period ``"all"``); ``since``/``until`` are dates (``YYYY`` and ``YYYY-MM``
    widen to the period). Raises ValueError on a bad ``by`` or date.
    """
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    conn = connection(store)
    since_day, until_day = day_bounds(since), day_bounds(until, end=True)
    sql, params = _cells_sql(conn, scope, by, since_day, until_day, directed, actor, dyad)
    cells = [_cell(row, scope) for row in rows(conn, sql, params)]
    return sorted(cells, key=lambda c: (c.period, -c.events, c.source, c.target))


def _cells_sql(conn: sqlite3.Connection, scope: Scope, by: str, since: str | None, until: str | None,
               directed: bool, actor: str | None, dyad: tuple[str, str] | None) -> tuple[str, dict]:
    """One pass: per cell, its distinct occurrences (each with its type,
    quad class, intensity and confidence, packed in one string) and event
    ids; ``_cell`` keeps each occurrence's most confident report."""
    a, b = ("source", "target") if directed else ("min(source, target)", "max(source, target)")
    filters, params = _dyad_filter(actor, dyad)
    params.update(since=since, until=until)
    packed = " || char(31) || ".join(["occ", "type", "quad_class", "intensity", "confidence"])
    sql = f"""
        WITH pairs AS ({pair_rows_sql(conn, scope, since, until)})
        SELECT {a} AS a, {b} AS b, {_PERIOD_SQL[by]} AS period, group_concat(DISTINCT {packed}) AS occs,
            group_concat(DISTINCT id) AS ids
        FROM pairs WHERE {filters} GROUP BY 1, 2, 3"""
    return sql, params


def _dyad_filter(actor: str | None, dyad: tuple[str, str] | None) -> tuple[str, dict]:
    clauses, params = ["1"], {}
    if actor:
        clauses.append("(source = upper(:actor) OR target = upper(:actor))")
        params["actor"] = actor
    if dyad:
        clauses.append("((source = upper(:a) AND target = upper(:b)) OR (source = upper(:b) AND target = upper(:a)))")
        params.update(a=dyad[0], b=dyad[1])
    return " AND ".join(clauses), params


def _cell(row: sqlite3.Row, scope: Scope) -> RelationCell:
    ids = tuple(sorted(set(row["ids"].split(","))))
    best: dict[str, tuple[float, str, str, float]] = {}
    for packed in row["occs"].split(","):
        occ, kind, quad, intensity, confidence = packed.split("\x1f")
        if occ not in best or float(confidence) > best[occ][0]:
            best[occ] = (float(confidence), kind, quad, float(intensity))
    quads = Counter(q for _, _, q, _ in best.values())
    types = Counter(k for _, k, _, _ in best.values())
    occurrences = len(best)
    events = len(ids) if scope.reports else occurrences
    cooperation = sum(quads[q] for q in COOPERATION)
    conflict = sum(quads[q] for q in CONFLICT)
    total = sum(i for _, _, _, i in best.values())
    return RelationCell(
        source=row["a"], target=row["b"] or "-", period=row["period"], events=events, reports=len(ids),
        cooperation=cooperation, conflict=conflict, by_quad={q: quads[q] for q in QUADS if quads[q]},
        by_type=dict(sorted(types.items())), intensity_sum=round(total, 2),
        intensity_mean=round(total / occurrences, 2), index=round((cooperation - conflict) / occurrences, 3),
        event_ids=ids)


def evidence(store: Any, event_ids: Any) -> list[Evidence]:
    """The events ``event_ids`` with their sentences, by date then place in the text."""
    conn = connection(store)
    ids = list(dict.fromkeys(event_ids))
    out: list[Evidence] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        sql = (f'SELECT id, date, type, doc_id, start, "end", sentence FROM events '
               f"WHERE id IN ({', '.join('?' * len(chunk))})")
        out += [Evidence(r["id"], r["date"], r["type"], r["doc_id"], r["start"], r["end"], r["sentence"])
                for r in rows(conn, sql, chunk)]
    return sorted(out, key=lambda e: (e.date or "9999", e.doc_id, e.start, e.event_id))
