"""The network of actors over a window: a networkx graph whose nodes are
actors (with their institution memberships at the date, from the knowledge
base) and whose edges carry cooperation, conflict and the ids of the events
behind them.

    >>> from geopol.network import network, write
    >>> with Store("geopol.db") as store:
    ...     graph = network(store, kb, at="2022")
    ...     write(graph, "graphml", open("ca-2022.graphml", "w"))

Nodes and edges come from ``relations(by="all")`` over the window, so the
same ``Scope`` decides what counts (self-loops are left out by default).
Every attribute is a string or a number, so GraphML and GEXF can hold it:
lists (event ids, memberships) are space-separated strings.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date
from typing import Any, TextIO

import networkx as nx

from geopol.relations import DEFAULT_SCOPE, RelationCell, Scope, connection, relations, rows
from geopol.store.query import day_bounds

FORMATS = ("graphml", "gexf", "json")
NETWORK_SCOPE = replace(DEFAULT_SCOPE, self_dyads=False)
# A membership status -> the node attribute listing the orgs a state holds it in.
STATUS_ATTRIBUTES = {"member": "member_of", "observer": "observer_of", "partner": "partner_of",
                     "suspended": "suspended_from", "frozen": "frozen_in"}


def window(at: Any = None, since: Any = None, until: Any = None) -> tuple[str | None, str | None]:
    """The first and last day of ``at`` (a day, ``YYYY-MM`` or ``YYYY``) or of
    ``since``..``until``. Raises ValueError on a bad date, or on ``at``
    given with ``since``/``until``."""
    if at is not None:
        if since is not None or until is not None:
            raise ValueError("give either at or since/until, not both")
        return day_bounds(at), day_bounds(at, end=True)
    return day_bounds(since), day_bounds(until, end=True)


def network(store: Any, kb: Any = None, at: Any = None, since: Any = None, until: Any = None,
            min_events: int = 1, directed: bool = True, scope: Scope = NETWORK_SCOPE) -> nx.Graph:
    """The actors' network over the window (all time if none is given).

    Edges with fewer than ``min_events`` events are left out, and so are the
    nodes left without edges. Memberships are read from ``kb`` (loaded if
    None) at the window's last day, or today when the window is open-ended.
    """
    first, last = window(at, since, until)
    cells = [c for c in relations(store, by="all", since=first, until=last, directed=directed, scope=scope)
             if c.events >= min_events]
    graph = nx.DiGraph() if directed else nx.Graph()
    when = date.fromisoformat(last) if last else date.today()
    graph.graph.update(since=first or "", until=last or "", memberships_at=when.isoformat(),
                       min_events=min_events, directed=int(directed))
    for cell in cells:
        graph.add_edge(cell.source, cell.target, **edge_attributes(cell))
    _add_node_attributes(graph, connection(store), _kb(kb), when)
    return graph


def edge_attributes(cell: RelationCell) -> dict[str, Any]:
    """A relation cell as edge attributes; ``weight`` is the number of events."""
    return {"weight": cell.events, "events": cell.events, "reports": cell.reports,
            "cooperation": cell.cooperation, "conflict": cell.conflict, "index": cell.index,
            "intensity_sum": cell.intensity_sum, "intensity_mean": cell.intensity_mean,
            "types": " ".join(f"{k}:{v}" for k, v in cell.by_type.items()), "event_ids": " ".join(cell.event_ids)}


def _kb(kb: Any) -> Any:
    if kb is not None:
        return kb
    from geopol.kb import load

    return load()


def _add_node_attributes(graph: nx.Graph, conn: sqlite3.Connection, kb: Any, when: date) -> None:
    sectors = _sectors(conn, list(graph.nodes))
    for node in graph.nodes:
        graph.nodes[node].update(node_attributes(node, kb, when), sectors=" ".join(sectors.get(node, [])))


def node_attributes(key: str, kb: Any, when: date) -> dict[str, Any]:
    """What the knowledge base says of actor ``key`` at ``when``: its kind
    and name, the organisations it belongs to (states) or its members (orgs)."""
    org, state = kb.org(key), kb.state(key)
    if org is not None:
        return {"kind": "organisation", "name": org.name, "members": " ".join(org.members_at(when)),
                "observers": " ".join(org.members_at(when, ("observer",)))}
    attrs = {"kind": "country" if state is not None else "other", "name": state.name if state else key}
    if state is not None:
        attrs.update(memberships(kb, key, when))
    return attrs


def memberships(kb: Any, country: str, when: date) -> dict[str, str]:
    """The organisations ``country`` holds each status in at ``when``, as
    node attributes (``member_of``, ``observer_of``, ...)."""
    held: dict[str, list[str]] = {attr: [] for attr in STATUS_ATTRIBUTES.values()}
    for ent in kb.entities.values():
        if ent.kind != "org" or not ent.members:
            continue
        for status, attr in STATUS_ATTRIBUTES.items():
            if country in ent.members_at(when, (status,)):
                held[attr].append(ent.org or ent.id)
    return {attr: " ".join(sorted(orgs)) for attr, orgs in held.items()}


def _sectors(conn: sqlite3.Connection, keys: list[str]) -> dict[str, list[str]]:
    """The sectors each actor key appears with on events."""
    if not keys:
        return {}
    key = "upper(coalesce(nullif(org, ''), nullif(country, ''), name))"
    sql = (f"SELECT {key} AS k, sector FROM event_actors WHERE sector IS NOT NULL "
           f"AND {key} IN ({', '.join('?' * len(keys))}) GROUP BY k, sector")
    out: dict[str, list[str]] = {}
    for row in rows(conn, sql, keys):
        out.setdefault(row["k"], []).append(row["sector"])
    return out


def write(graph: nx.Graph, format: str, out: TextIO) -> None:
    """Write ``graph`` as GraphML, GEXF or node-link JSON, all through networkx."""
    if format == "graphml":
        out.writelines(line + "\n" for line in nx.generate_graphml(graph))
    elif format == "gexf":
        out.writelines(line + "\n" for line in nx.generate_gexf(graph))
    elif format == "json":
        json.dump(nx.node_link_data(graph, edges="edges"), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
