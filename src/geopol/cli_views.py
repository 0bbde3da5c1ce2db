"""Command line for the views of the store: ``geopol relations``,
``geopol network``, ``geopol institution``. Thin: each command turns its
flags into a call of ``geopol.relations``, ``geopol.network`` or
``geopol.institutions`` and prints the records it gets back."""
from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from typing import Any, TextIO

from geopol import api
from geopol.errors import message
from geopol.relations import DEFAULT_SCOPE, PERIODS, RelationCell, Scope, evidence, relations
from geopol.store.query import day_bounds


def scope_flags(p: argparse.ArgumentParser, self_dyads: bool = True) -> None:
    """Flags that bring back what a view leaves out by default."""
    p.add_argument("--negated", action="store_true", help="count negated events too")
    p.add_argument("--hedged", action="store_true", help="count hedged events too")
    p.add_argument("--one-sided", action="store_true", help="count events whose text names no target too")
    p.add_argument("--low-confidence", action="store_true",
                   help=f"count events below --min-confidence too (default {DEFAULT_SCOPE.min_confidence})")
    p.add_argument("--min-confidence", type=float, default=DEFAULT_SCOPE.min_confidence)
    if self_dyads:
        p.add_argument("--no-self", action="store_true", help="leave out domestic pairs (KAZ -> KAZ)")
    else:
        p.add_argument("--self-loops", action="store_true", help="keep domestic pairs (KAZ -> KAZ) as self-loops")
    p.add_argument("--reports", action="store_true", help="count every report, not one per occurrence")


def scope_of(args: argparse.Namespace) -> Scope:
    self_dyads = args.self_loops if hasattr(args, "self_loops") else not args.no_self
    return Scope(negated=args.negated, hedged=args.hedged, one_sided=args.one_sided,
                 low_confidence=args.low_confidence, min_confidence=args.min_confidence,
                 self_dyads=self_dyads, reports=args.reports)


def period_date(value: str) -> str:
    """A date flag: YYYY-MM-DD, or YYYY / YYYY-MM for a whole year or month."""
    try:
        day_bounds(value)
    except ValueError:
        raise argparse.ArgumentTypeError(message("E302", value=value)) from None
    return value


def _actor_name(value: str) -> str:
    from geopol.cli import actor_name

    return actor_name(value)


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("relations", help="dyads over time: counts, intensity and a cooperation-conflict index")
    p.add_argument("--db", help="SQLite file (default $GEOPOL_DB or ./geopol.db)")
    p.add_argument("--actor", type=_actor_name, help="keep dyads this actor (country code, org acronym or name) is on")
    p.add_argument("--dyad", nargs=2, type=_actor_name, metavar=("A", "B"), help="keep the pair A, B (both directions)")
    p.add_argument("--by", choices=PERIODS, default="year")
    p.add_argument("--since", type=period_date)
    p.add_argument("--until", type=period_date)
    p.add_argument("--undirected", action="store_true", help="merge A -> B and B -> A")
    p.add_argument("--evidence", action="store_true", help="print the sentence of every event in a cell")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    scope_flags(p)

    p = sub.add_parser("network", help="the actors' network over a window, as GraphML, GEXF or JSON")
    p.add_argument("--db", help="SQLite file (default $GEOPOL_DB or ./geopol.db)")
    p.add_argument("--at", type=period_date, help="one day, month (YYYY-MM) or year (YYYY)")
    p.add_argument("--since", type=period_date)
    p.add_argument("--until", type=period_date)
    p.add_argument("--min-events", type=int, default=1, help="leave out edges with fewer events")
    p.add_argument("--undirected", action="store_true", help="one edge per pair")
    p.add_argument("--format", choices=("graphml", "gexf", "json"), default="graphml")
    p.add_argument("--out", help="file to write (default: standard output)")
    scope_flags(p, self_dyads=False)

    p = sub.add_parser("institution", help="an organisation's or format's membership timeline, agreements and events")
    p.add_argument("org", help="acronym (CSTO), name, or an agreement or format (C5+1)")
    p.add_argument("--db", help="SQLite file (default $GEOPOL_DB or ./geopol.db)")
    p.add_argument("--since", type=period_date)
    p.add_argument("--until", type=period_date)
    p.add_argument("--format", choices=("table", "json"), default="table")
    scope_flags(p)


def add_kb_parsers(kb_sub: Any) -> None:
    """``geopol kb proposals | accept ID | reject ID``."""
    q = kb_sub.add_parser("proposals", help="knowledge-base changes the stored articles propose (raises new ones)")
    q.add_argument("--db", help="SQLite file (default $GEOPOL_DB or ./geopol.db)")
    q.add_argument("--all", action="store_true", help="list accepted and rejected ones too")
    q.add_argument("--format", choices=("table", "json"), default="table")
    q = kb_sub.add_parser("accept", help="write a proposed change to a knowledge-base file")
    q.add_argument("id", type=int)
    q.add_argument("--db", help="SQLite file (default $GEOPOL_DB or ./geopol.db)")
    q.add_argument("--to", default=None, help="knowledge-base file to append to (default: the first $GEOPOL_KB "
                                              "file, else ./geopol-kb.jsonl)")
    q.add_argument("--note", default="")
    q = kb_sub.add_parser("reject", help="refuse a proposed change; its evidence is not proposed again")
    q.add_argument("id", type=int)
    q.add_argument("--db", help="SQLite file (default $GEOPOL_DB or ./geopol.db)")
    q.add_argument("--note", default="")


def cmd_institution(args: argparse.Namespace) -> int:
    from geopol import kb as kbmod
    from geopol.institutions import UnknownInstitution, chronology

    kb = kbmod.load()
    with api.open_store(args.db) as store:
        try:
            chron = chronology(store, kb, args.org, since=args.since, until=args.until, scope=scope_of(args))
        except UnknownInstitution as exc:
            print(f"geopol: {exc}", file=sys.stderr)
            return 2
    if args.format == "json":
        json.dump(chron.to_dict(), sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    else:
        print_chronology(chron, sys.stdout, kb)
    return 0


def print_chronology(chron: Any, out: TextIO, kb: Any = None, evidence: bool = True) -> None:
    """The table view of a chronology: one line per item, events with their sentence."""
    out.write(f"{chron.name} ({chron.kind}); {'members' if chron.kind == 'organisation' else 'parties'} "
              f"on {chron.as_of}: {' '.join(chron.members) or '-'}\n")
    for agreement_id in chron.agreements:
        name = kb.agreements[agreement_id].name if kb is not None else agreement_id
        out.write(f"  agreement: {name}\n")
    for item in chron.items:
        more = f" ({len(item.reports) + 1} reports)" if item.reports else ""
        out.write(f"{item.date}  {item.kind:<10}  {item.text}{more}\n")
        if item.evidence is not None and evidence:
            e = item.evidence
            out.write(f"            \"{' '.join(e.sentence.split())}\"  [{e.doc_id} {e.start}:{e.end}]"
                      f"{'  members: ' + ' '.join(item.members) if item.members else ''}\n")


def cmd_kb_proposals(args: argparse.Namespace) -> int:
    from geopol import kb as kbmod
    from geopol import proposals as props

    with api.open_store(args.db) as store:
        new = props.raise_proposals(store, kbmod.load())
        found = props.proposals(store, state=None if args.all else "open")
    if args.format == "json":
        json.dump([p.to_dict() for p in found], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for p in found:
            sys.stdout.write(f"#{p.id} [{p.state}] {p.text}\n    \"{' '.join(p.sentence.split())}\"  "
                             f"[{p.doc_id} {p.start}:{p.end}]\n")
    print(f"{len(new)} new, {len(found)} listed", file=sys.stderr)
    return 0


def cmd_kb_decide(args: argparse.Namespace) -> int:
    import os

    from geopol import proposals as props

    with api.open_store(args.db) as store:
        try:
            if args.kb_command == "accept":
                env = [p for p in os.environ.get("GEOPOL_KB", "").split(os.pathsep) if p]
                target = args.to or (env[0] if env else "geopol-kb.jsonl")
                done = props.accept(store, args.id, target, args.note)
            else:
                done = props.reject(store, args.id, args.note)
        except props.ProposalError as exc:
            print(f"geopol: {exc}", file=sys.stderr)
            return 2
    print(f"#{done.id} {done.state}: {done.text}")
    if done.written_to:
        print(f"appended to {done.written_to}; load it with GEOPOL_KB={done.written_to} "
              f"and check it with `geopol kb check {done.written_to}`")
    return 0


DEMO_DYAD = ("KGZ", "TJK")
DEMO_INSTITUTION = ("CSTO", "2009", "2012")


def print_demo_views(store: Any, out: TextIO) -> None:
    """The demo's views: one dyad's relations by year and one institution's
    chronology, with evidence, and what the articles propose to the knowledge base."""
    from geopol import kb as kbmod
    from geopol import proposals as props
    from geopol.institutions import chronology

    kb = kbmod.load()
    a, b = DEMO_DYAD
    cells = relations(store, dyad=DEMO_DYAD, by="year", directed=False)
    out.write(f"\nRelations by year, {a} -- {b} (`geopol relations --dyad {a} {b} --undirected --evidence`)\n")
    print_relations(cells, out, {e.event_id: e for e in evidence(store, [i for c in cells for i in c.event_ids])},
                    arrow="--")
    org, since, until = DEMO_INSTITUTION
    out.write(f"\nThe {org}, {since}-{until} (`geopol institution {org} --since {since} --until {until}`)\n")
    print_chronology(chronology(store, kb, org, since=since, until=until), out, kb)
    out.write("\nWhere an article contradicts the knowledge base (`geopol kb proposals`)\n")
    props.raise_proposals(store, kb)
    for p in props.proposals(store):
        out.write(f"#{p.id} {p.text}\n    \"{' '.join(p.sentence.split())}\"  [{p.doc_id} {p.start}:{p.end}]\n")


KB_COMMANDS = {"proposals": cmd_kb_proposals, "accept": cmd_kb_decide, "reject": cmd_kb_decide}


def cmd_network(args: argparse.Namespace) -> int:
    from geopol.network import network, write  # networkx only for this command

    if args.at and (args.since or args.until):
        print("geopol: give --at or --since/--until, not both", file=sys.stderr)
        return 2
    with api.open_store(args.db) as store:
        graph = network(store, at=args.at, since=args.since, until=args.until, min_events=args.min_events,
                        directed=not args.undirected, scope=scope_of(args))
    with open(args.out, "w", encoding="utf-8") if args.out else contextlib.nullcontext(sys.stdout) as out:
        write(graph, args.format, out)
    print(f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} edges"
          + (f" written to {args.out}" if args.out else ""), file=sys.stderr)
    return 0


def dyad_key(name: str | None, flag: str = "--actor") -> str | None:
    """A relations actor (an organisation acronym or a country code) from a
    code or a name the knowledge base resolves, saying on stderr how a name
    was read; a person or a body has no dyads of its own (ValueError)."""
    if name is None:
        return None
    query = api.resolve_actor(name)
    keys = [code for code in query.codes if "/" not in code]  # entity ids (person/..., body/...) hold a slash
    if query.reading is None:
        return name
    if len(keys) != 1:
        raise ValueError(f"{flag} {name!r} {query.reading}; relations are between states and organisations, so "
                         "give one country code or acronym")
    print(f"geopol: {flag} {name!r} {query.reading}", file=sys.stderr)
    return keys[0]


def cmd_relations(args: argparse.Namespace) -> int:
    try:
        actor = dyad_key(args.actor)
        dyad = tuple(dyad_key(name, "--dyad") for name in args.dyad) if args.dyad else None
    except ValueError as exc:
        print(f"geopol: {exc}", file=sys.stderr)
        return 2
    with api.open_store(args.db) as store:
        rows = relations(store, actor=actor, dyad=dyad, by=args.by,
                         since=args.since, until=args.until, directed=not args.undirected, scope=scope_of(args))
        found = {e.event_id: e for e in evidence(store, [i for c in rows for i in c.event_ids])} \
            if args.evidence else {}
    if args.format == "json":
        json.dump([_with_evidence(c, found) for c in rows], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        _relations_csv(rows, sys.stdout)
    else:
        print_relations(rows, sys.stdout, found, arrow="--" if args.undirected else "->")
    return 0


def _with_evidence(cell: RelationCell, found: dict) -> dict:
    out = cell.to_dict()
    if found:
        out["evidence"] = [found[i].to_dict() for i in cell.event_ids]
    return out


def _relations_csv(rows: list[RelationCell], out: TextIO) -> None:
    fields = ["period", "source", "target", "events", "reports", "cooperation", "conflict", "index",
              "intensity_sum", "intensity_mean", "by_type", "event_ids"]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for c in rows:
        writer.writerow(dict(c.to_dict(), by_type=" ".join(f"{k}:{v}" for k, v in c.by_type.items()),
                             event_ids=" ".join(c.event_ids)))


def print_relations(rows: list[RelationCell], out: TextIO, found: dict | None = None, arrow: str = "->") -> None:
    """The table view of relation cells, each optionally followed by its evidence."""
    if not rows:
        out.write("(no events in scope)\n")
        return
    out.write(f"{'period':<8} {'dyad':<17} {'events':>6} {'coop':>5} {'confl':>5} {'index':>6} "
              f"{'intensity':>9}  types\n")
    for c in rows:
        dyad = f"{c.source} {arrow} {c.target}"
        types = " ".join(f"{k}:{v}" for k, v in c.by_type.items())
        out.write(f"{c.period:<8} {dyad:<17} {c.events:>6} {c.cooperation:>5} {c.conflict:>5} {c.index:>+6.2f} "
                  f"{c.intensity_sum:>+9.1f}  {types}\n")
        for event_id in c.event_ids if found else ():
            e = found[event_id]
            out.write(f"    {e.date}  {e.type:<9} \"{' '.join(e.sentence.split())}\"  [{e.doc_id} {e.start}:{e.end}]\n")


COMMANDS = {"relations": cmd_relations, "network": cmd_network, "institution": cmd_institution}
