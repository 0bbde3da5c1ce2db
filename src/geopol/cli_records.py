"""Command line for the records of the store: ``geopol cluster``,
``geopol clusters``, ``geopol correct``, ``geopol corrections`` and
``geopol export``. Thin: each command calls ``Store`` or ``geopol.export``
and prints what it gets back."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from geopol import api
from geopol.errors import message
from geopol.export import FORMATS
from geopol.types import EVENT_TYPES


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(message("E302", value=value)) from None


def _actor_name(value: str) -> str:
    from geopol.cli import actor_name

    return actor_name(value)


def event_filters(p: argparse.ArgumentParser) -> None:
    """The filters of ``geopol events``, for commands that select events too."""
    p.add_argument("--db", help="SQLite file (default $GEOPOL_DB or ./geopol.db)")
    p.add_argument("--actor", type=_actor_name, help="country code, organisation acronym, actor id, or a name the "
                                                     "knowledge base resolves (Tokayev, Astana)")
    p.add_argument("--type", type=str.upper, choices=EVENT_TYPES)
    p.add_argument("--since", type=_date)
    p.add_argument("--until", type=_date)
    p.add_argument("--limit", type=int)


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("cluster", help="group reports of one occurrence (ingest does this for what it writes)")
    p.add_argument("--db")
    p.add_argument("--rebuild", action="store_true", help="re-cluster every event, not only new or changed ones")
    p = sub.add_parser("clusters", help="list occurrences reported more than once, with every report's evidence")
    p.add_argument("--db")
    p.add_argument("--min-reports", type=int, default=2)
    p.add_argument("--limit", type=int, default=20)
    p = sub.add_parser("correct", help="correct or reject one stored event; kept when the documents are re-coded")
    p.add_argument("event_id", metavar="EVENT_ID")
    p.add_argument("--db")
    p.add_argument("--type", type=str.upper, choices=EVENT_TYPES)
    p.add_argument("--source", help="actor code(s): KAZ, CSTO, KGZ+TJK")
    p.add_argument("--target", help="actor code(s)")
    p.add_argument("--date", type=_date)
    p.add_argument("--reject", action="store_true", help="the event is not an event: leave it out everywhere")
    p.add_argument("--note", default="", help="why (kept with the correction)")
    p = sub.add_parser("corrections", help="list analyst corrections")
    p.add_argument("--db")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p = sub.add_parser("export", help="write stored events as PLOVER JSON, CAMEO TSV, CSV, Parquet or GraphML")
    p.add_argument("out", metavar="OUT", help="file to write, or - for stdout")
    p.add_argument("--format", required=True, choices=FORMATS)
    event_filters(p)


def cmd_cluster(args: argparse.Namespace) -> int:
    db = args.db or api.default_db()
    with api.open_store(db) as store:
        done = store.cluster(rebuild=args.rebuild)
    print(f"{db}: {done.events} events in {done.blocks} blocks re-clustered; {done.clusters} occurrences "
          f"of two or more events hold {done.clustered_events} of them", file=sys.stderr)
    return 0


def cmd_clusters(args: argparse.Namespace) -> int:
    with api.open_store(args.db) as store:
        for c in store.clusters(min_reports=args.min_reports, limit=args.limit):
            dates = c["first_date"] if c["first_date"] == c["last_date"] else f"{c['first_date']}..{c['last_date']}"
            print(f"{c['id']}  {c['cluster_key']}  {dates}  {c['reports']} reports, {c['events']} events, "
                  f"{c['documents']} documents")
            for e in c["evidence"]:
                print(f"    {e['doc_id']} {e['start']}:{e['end']}  {' '.join(e['sentence'].split())[:110]}")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    with api.open_store(args.db) as store:
        done = store.correct(args.event_id, type=args.type, source=args.source, target=args.target,
                             date=args.date.isoformat() if args.date else None, reject=args.reject, note=args.note)
    print(_correction_line(done))
    return 0


def cmd_corrections(args: argparse.Namespace) -> int:
    with api.open_store(args.db) as store:
        rows = store.corrections()
    for c in rows:
        print(json.dumps(c, ensure_ascii=False) if args.format == "jsonl" else _correction_line(c))
    return 0


def _correction_line(c: dict[str, Any]) -> str:
    o = c["original"]
    was = f"{c['coded_source'] or '-'} {c['coded_type']} {c['coded_target'] or '-'} {o.get('date') or '----------'}"
    if c["action"] == "reject":
        now = "rejected"
    else:
        now = " ".join(f"{k}={c[k]}" for k in ("type", "source", "target", "date") if c[k])
    state = f"on {c['event_id']}" if c["applied"] else "no event on this evidence now"
    return (f"#{c['id']} {c['at']}  {was}  ->  {now}  ({state})\n"
            f"    note: {c['note'] or '-'}\n    evidence: {c['doc_id']} {c['start']}:{c['end']} "
            f"trigger {c['trigger']!r}: {' '.join(o.get('sentence', '').split())[:100]}")


def cmd_export(args: argparse.Namespace) -> int:
    from geopol.export import export

    db = args.db or api.default_db()
    from geopol.cli import _actor_codes

    filters = {"actor": _actor_codes(args.actor), "type": args.type, "since": args.since, "until": args.until, "limit": args.limit}
    with api.open_store(db) as store:
        target = sys.stdout.buffer if args.out == "-" else args.out
        written = export(store, args.format, target, **filters)
    print(f"{db}: {written} events written to {args.out} as {args.format}", file=sys.stderr)
    return 0


COMMANDS = {"cluster": cmd_cluster, "clusters": cmd_clusters, "correct": cmd_correct,
            "corrections": cmd_corrections, "export": cmd_export}
