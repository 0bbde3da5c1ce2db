"""Command line: thin commands over geopol's Python API.

Exit codes (the table in the README): 0 all went well, 1 some input or
document failed (the rest was processed), 2 bad usage or nothing could be
done, 3-6 the store cannot be used (``STORE_EXITS``), 130 interrupted.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import json
import logging
import math
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from geopol import api, cli_records, cli_views
from geopol import __version__
from geopol.config import Settings
from geopol.errors import GeopolError, Interrupted, Problem, message, summarize

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


def _period(value: str) -> str:
    """A year, a month or a day; the store widens it to the period."""
    from geopol.store.query import day_bounds

    try:
        day_bounds(value)
    except ValueError:
        raise argparse.ArgumentTypeError(message("E302", value=value)) from None
    return value.strip()


def _megabytes(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not (math.isfinite(number) and number > 0):
        raise argparse.ArgumentTypeError(f"{value!r} is not a size in MB; give a positive number such as 20")
    return number


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(message("E302", value=value)) from None


def actor_name(value: str) -> str:
    """An --actor value: a code, id or name, never empty (that would drop the filter)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty actor matches nothing; give a code (KAZ, CSTO), an id or a name, "
                                         "or leave --actor out")
    return value.strip()


def _actor_codes(name: str | None) -> tuple[str, ...] | None:
    """``name`` read through the knowledge base; how, on stderr, unless it is a code as stored."""
    if name is None:
        return None
    query = api.resolve_actor(name)
    if query.reading is not None:
        print(f"geopol: --actor {name!r} {query.reading}", file=sys.stderr)
    return query.codes


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 0 or more")
    return int(value)


# The store's faults, each its own exit code (README, "Exit codes"); other errors exit 2.
STORE_EXITS = {"E009": 3, "E301": 3, "E307": 3, "E309": 3, "E304": 4, "E306": 5, "E305": 6}
INTERRUPTED = 130  # as a shell reports a command stopped by SIGINT


def _exit_code(exc: GeopolError) -> int:
    from geopol.store import StoreError

    return STORE_EXITS.get(exc.code, 2) if isinstance(exc, StoreError) else 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="geopol", description="Evidence-linked political event data from news text.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details to stderr")
    parser.add_argument("--version", action="version", version=f"geopol {__version__}")
    _kb_flag(parser, "kb_first")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="code documents and print the results (writes nothing)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory or - for stdin")
    p.add_argument("--date", type=_date, help="publication date for inputs that carry none")
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    _settings_flags(p)
    _engine_flags(p)
    _kb_flag(p)
    p = sub.add_parser("ingest", help="code documents and store them")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--db", help="SQLite file (default $GEOPOL_DB or ./geopol.db)")
    p.add_argument("--from-parquet", metavar="DIR",
                   help="store the dataset that `extract --engine dask` wrote, instead of PATHs")
    p.add_argument("--date", type=_date)
    _kb_flag(p)
    p.add_argument("--recode", action="store_true",
                   help="code documents stored unchanged again (after upgrading geopol); corrections are kept")
    _settings_flags(p)
    p.add_argument("--workers", type=int, metavar="N", help=Settings.help()["workers"])
    p = sub.add_parser("events", help="list stored events")
    p.add_argument("--db")
    p.add_argument("--actor", type=actor_name, help="country code, organisation acronym, actor id, or a name the "
                                                    "knowledge base resolves (Tokayev, Astana)")
    p.add_argument("--type", type=str.upper, choices=TYPES)
    p.add_argument("--since", type=_period, help="YYYY, YYYY-MM or YYYY-MM-DD (from the period's first day)")
    p.add_argument("--until", type=_period, help="YYYY, YYYY-MM or YYYY-MM-DD (to the period's last day)")
    p.add_argument("--limit", type=_count, help="at most this many events")
    p.add_argument("--offset", type=_count, default=0, help="skip this many events first (with --limit: a page)")
    p.add_argument("--format", choices=("table", "csv", "jsonl"), default="table")
    _kb_flag(p)
    p = sub.add_parser("search", help="full-text search over stored sentences")
    p.add_argument("words")
    p.add_argument("--db")
    p.add_argument("--limit", type=int, default=20)
    p = sub.add_parser("demo", help="build a store from the bundled sample articles and show what is in it")
    p.add_argument("--db", help="where to build it (default: a fresh temporary file)")
    p.add_argument("--replace", action="store_true", help="with --db: delete that file first if it is there")
    _kb_flag(p)
    p = sub.add_parser("serve", help="serve the store as a web workbench with a JSON API (needs geopol[serve])")
    p.add_argument("--db", help="SQLite file (default $GEOPOL_DB or ./geopol.db)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; any other needs --token)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", help="token for writes, and for every request off loopback (default $GEOPOL_TOKEN, "
                                   "else a fresh one printed at start)")
    p.add_argument("--demo", action="store_true", help="serve a demo store built from the bundled sample articles")
    _kb_parser(sub)
    cli_views.add_parsers(sub)
    cli_records.add_parsers(sub)
    return parser


def _kb_flag(p: argparse.ArgumentParser, dest: str = "kb_files") -> None:
    p.add_argument("--kb", action="append", metavar="FILE", dest=dest,
                   help="a knowledge-base file (JSON lines, docs/kb.md) to load after the shipped ones and $GEOPOL_KB; "
                        "repeat for more")


@contextlib.contextmanager
def _knowledge_files(args: argparse.Namespace) -> Iterator[None]:
    """The --kb files added to $GEOPOL_KB for the command (and the worker
    processes it starts), each checked first: a file that is not there or
    not valid is an error naming it, not ignored."""
    from geopol.kb.base import user_paths
    from geopol.kb.load import check_files

    added = (args.kb_first or []) + (getattr(args, "kb_files", None) or [])
    before = os.environ.get("GEOPOL_KB")
    if added:
        os.environ["GEOPOL_KB"] = os.pathsep.join([p for p in (before or "").split(os.pathsep) if p] + added)
    try:
        if args.command in ("extract", "ingest", "demo", "serve"):  # the workers' loaders cannot say so
            check_files(user_paths())
        yield
    finally:
        if added and before is None:
            os.environ.pop("GEOPOL_KB", None)
        elif added:
            os.environ["GEOPOL_KB"] = before


def _settings_flags(p: argparse.ArgumentParser) -> None:
    """Flags for the pipeline settings, from their one declaration."""
    helps = Settings.help()
    p.add_argument("--one-sided", action="store_true", help=helps["one_sided"])
    p.add_argument("--max-mb", type=_megabytes, default=Settings.max_mb, help=helps["max_mb"])
    p.add_argument("--backend", choices=("auto", "blis", "numpy"), help=helps["backend"])


def _engine_flags(p: argparse.ArgumentParser) -> None:
    """Where `extract` runs: here, or on Dask (see docs/scale.md)."""
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this process, results on stdout; dask: a Dask cluster writing a Parquet dataset to --out")
    p.add_argument("--out", metavar="DIR", help="with --engine dask: the Parquet dataset to write (re-runs finish it)")
    p.add_argument("--chunk-mb", type=float, default=1.0, metavar="MB",
                   help="with --engine dask: JSONL bytes per partition (default 1; 100 files per partition)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N", help=Settings.help()["workers"] + "; with --engine dask: "
                                                                "Dask worker processes on this machine")
    where.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: a running scheduler, tcp://host:8786")
    where.add_argument("--slurm", type=int, metavar="JOBS", help="with --engine dask: submit JOBS SLURM jobs through "
                                                                 "dask-jobqueue (settings in ~/.config/dask/jobqueue.yaml)")


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(one_sided=args.one_sided, max_mb=args.max_mb, workers=args.workers or 0, backend=args.backend)


def _kb_parser(sub: Any) -> None:
    p = sub.add_parser("kb", help="inspect the knowledge base")
    kb_sub = p.add_subparsers(dest="kb_command", required=True)
    q = kb_sub.add_parser("show", help="show the entities a name refers to")
    q.add_argument("name")
    _kb_flag(q)
    q = kb_sub.add_parser("members", help="members of an organisation at a date")
    q.add_argument("org")
    q.add_argument("--at", type=_date, default=None)
    _kb_flag(q)
    q = kb_sub.add_parser("check", help="validate knowledge-base files")
    q.add_argument("files", nargs="*", help="files to check (default: all loaded files)")
    q = kb_sub.add_parser("import-wikidata", help="convert an offline Wikidata JSON dump to knowledge-base records")
    q.add_argument("dump", type=Path, help="latest-all.json, .json.gz or .json.bz2")
    q.add_argument("--out", type=Path, help="JSONL file to write (default: stdout)")
    q.add_argument("--lang", default="en", help="language of names, aliases and demonyms (default: en)")
    cli_views.add_kb_parsers(kb_sub)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="geopol: %(message)s", stream=sys.stderr)
    try:
        with _knowledge_files(args):
            return COMMANDS[args.command](args)
    except GeopolError as exc:
        print(f"geopol: {exc}", file=sys.stderr)
        return INTERRUPTED if isinstance(exc, Interrupted) else _exit_code(exc)
    except KeyboardInterrupt:
        print("geopol: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        return 0


# commands -------------------------------------------------------------------
def cmd_extract(args: argparse.Namespace) -> int:
    if args.engine == "dask":
        return _extract_dask(args)
    if args.out or args.scheduler or args.slurm or args.chunk_mb != 1.0:
        print("geopol: --out, --scheduler, --slurm and --chunk-mb go with --engine dask", file=sys.stderr)
        return 2
    problems: list[Problem] = []
    failed = 0
    out = sys.stdout
    for result in _progress(api.extract(args.paths, args.date, problems=problems, settings=_settings(args))):
        failed += not result.ok
        if not result.ok:
            print(f"geopol: {result.error}", file=sys.stderr)
        if args.format == "jsonl":
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            _print_events_table((dict(e.to_dict(), doc_id=result.doc.doc_id) for e in result.events), out)
    _report_problems(problems)
    return 1 if failed or any(p.fatal for p in problems) else 0


def _extract_dask(args: argparse.Namespace) -> int:
    from geopol.engine import require_dask

    if not args.out:
        print("geopol: --engine dask writes a Parquet dataset: give --out DIR", file=sys.stderr)
        return 2
    if "-" in args.paths:
        raise GeopolError("E403")
    require_dask()
    from geopol.engine.cluster import connect
    from geopol.engine.dask_engine import extract

    if not args.verbose:  # Dask's own logging: cluster start and stop, retired workers
        logging.getLogger("distributed").setLevel(logging.ERROR)
    bar = _bar()
    on_part = None if bar is None else (lambda part: bar.update(part.counts["documents"] + len(part.failed)))
    with connect(workers=args.workers, scheduler=args.scheduler, slurm_jobs=args.slurm) as client:
        report = extract(client, args.paths, args.out, _settings(args), args.date, chunk_mb=args.chunk_mb,
                         on_part=on_part)
    if bar is not None:
        bar.close()
    for error in report.failed:
        print(f"geopol: {error}", file=sys.stderr)
    print(f"{args.out}: {report.documents} documents, {report.counts['events']} events, {len(report.failed)} "
          f"inputs failed, in {report.parts - report.skipped} partitions ({report.skipped} done before)", file=sys.stderr)
    return 1 if report.failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    db = args.db or api.default_db()
    if bool(args.paths) == bool(args.from_parquet):
        print("geopol: ingest takes PATH... or --from-parquet DIR (one of them)", file=sys.stderr)
        return 2
    try:
        if args.from_parquet:
            report = api.ingest_parquet(args.from_parquet, db, on_result=_ticker())
        else:
            report = api.ingest(args.paths, db, args.date, on_result=_ticker(), settings=_settings(args),
                                recode=args.recode)
    except Interrupted as stop:
        _ingest_summary(db, stop.report)
        raise
    return _ingest_summary(db, report)


def _ingest_summary(db: str, report: api.IngestReport) -> int:
    _report_problems(report.problems)
    for error in report.failed:
        print(f"geopol: {error}", file=sys.stderr)
    print(f"{db}: {report.written} documents written, {report.unchanged + report.skipped} unchanged, "
          f"{len(report.failed)} failed, {sum(p.fatal for p in report.problems)} inputs unreadable "
          f"(parsed {report.parsed}, skipped {report.skipped} already stored)", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_events(args: argparse.Namespace) -> int:
    with api.open_store(args.db) as store:
        rows = store.iter_events(actor=_actor_codes(args.actor), type=args.type, since=args.since, until=args.until,
                                 limit=args.limit, offset=args.offset)
        WRITERS[args.format](rows, sys.stdout)  # streamed: each row is written as it is read
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with api.open_store(args.db) as store:
        for hit in store.search(args.words, limit=args.limit):
            print(f"{hit['date'] or '----------'}  {hit['doc_id']}  {' '.join(hit['sentence'].split())}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "geopol-demo.db")
        if args.db and Path(db).exists():
            if not args.replace:
                print(f"geopol: {db} is already there; the demo builds a fresh store and will not delete it: pass "
                      "--replace to delete and rebuild it, or choose another --db", file=sys.stderr)
                return 2
            Path(db).unlink()
        report = api.demo(db, on_result=_ticker())
        with api.open_store(db) as store:
            _print_demo(store, db if args.db else None, sys.stdout)
    _report_problems(report.problems)
    return 0 if report.ok else 1


def cmd_serve(args: argparse.Namespace) -> int:
    from geopol import serve

    hint = serve.missing_extra()
    if hint:
        print(f"geopol: {hint}", file=sys.stderr)
        return 2
    from geopol.serve.security import check_bind

    token = args.token or os.environ.get("GEOPOL_TOKEN")
    check_bind(args.host, token)
    if args.demo:
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "geopol-demo.db")
            print("geopol: building the demo store from the bundled sample articles ...", file=sys.stderr)
            report = api.demo(db, on_result=_ticker())
            _report_problems(report.problems)
            return _serve(serve, db, args, token)
    db = args.db or api.default_db()
    if not Path(db).exists():
        print(f"geopol: {db}: no such store; build one with `geopol ingest --db {db} PATH` or `geopol demo --db {db}`, "
              "or try `geopol serve --demo`", file=sys.stderr)
        return 2
    return _serve(serve, db, args, token)


def _serve(serve: Any, db: str, args: argparse.Namespace, token: str | None) -> int:
    from geopol.serve.security import new_token

    token = token or new_token()
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"geopol: serving {db} at http://{host}:{args.port}/  (write token: {token}; Ctrl-C stops)", file=sys.stderr)
    serve.serve(db, host=args.host, port=args.port, token=token)
    return 0


def cmd_kb(args: argparse.Namespace) -> int:
    from geopol import kb as kbmod

    if args.kb_command == "import-wikidata":
        return _kb_import_wikidata(args)
    if args.kb_command in cli_views.KB_COMMANDS:
        return cli_views.KB_COMMANDS[args.kb_command](args)
    if args.kb_command == "check":
        kb = kbmod.load(args.files or kbmod.kb_paths())  # every problem listed, none raised
        for problem in kb.problems:
            print(problem.text)
        print(f"{len(kb.entities)} entities, {len(kb.agreements)} agreements, {len(kb.problems)} problems",
              file=sys.stderr)
        return 1 if kb.problems else 0
    kb = kbmod.load()
    if args.kb_command == "members":
        ents = kb.find(args.org)
        if not ents:
            print(f"geopol: no organisation called {args.org!r} in the knowledge base", file=sys.stderr)
            return 2
        when = args.at or date.today()
        print(f"{ents[0].name} at {when}: {', '.join(ents[0].members_at(when)) or '(no members recorded)'}")
        return 0
    ents = kb.find(args.name)
    for ent in ents:
        _print_entity(ent, sys.stdout)
    if not ents:
        print(f"geopol: {args.name!r} is not in the knowledge base", file=sys.stderr)
    return 0 if ents else 1


def _kb_import_wikidata(args: argparse.Namespace) -> int:
    from geopol.kb.wikidata import import_dump

    written = problems = 0
    with (args.out.open("w", encoding="utf-8") if args.out else contextlib.nullcontext(sys.stdout)) as out:
        for item in import_dump(args.dump, args.lang):
            if isinstance(item, Problem):
                problems += 1
                print(f"geopol: {item.text}", file=sys.stderr)
            else:
                written += 1
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{args.dump}: {written} records, {problems} problems", file=sys.stderr)
    return 1 if problems else 0


COMMANDS = {"extract": cmd_extract, "ingest": cmd_ingest, "events": cmd_events, "search": cmd_search,
            "demo": cmd_demo, "kb": cmd_kb, "serve": cmd_serve,
            **cli_views.COMMANDS, **cli_records.COMMANDS}


# output helpers -----------------------------------------------------------------
def _progress(results: Iterable) -> Iterable:
    """A progress bar on a terminal, nothing when piped."""
    if not sys.stderr.isatty():
        return results
    from tqdm import tqdm

    return tqdm(results, unit="doc", file=sys.stderr)


def _ticker():
    bar = _bar()
    return None if bar is None else (lambda _result: bar.update(1))


def _bar():
    """A documents counter on a terminal; None when stderr is not one."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit="doc", file=sys.stderr)


def _report_problems(problems: list[Problem]) -> None:
    for line in summarize(problems):  # each once; a problem repeated through a file, once with a count
        print(f"geopol: {line}", file=sys.stderr)


def _actors(actors: list[dict]) -> str:
    return "+".join(a.get("org") or a.get("country") or a.get("name") or "?" for a in actors) or "-"


def _print_events_table(rows: Iterable[dict], out: TextIO) -> None:
    for e in rows:
        flags = ("NOT " if e["negated"] else "") + ("~" if e["hedged"] else "")
        mark = "[corrected] " if e.get("correction_id") else ""
        out.write(f"{e['date'] or '----------'}  {_actors(e['source']):>10} {flags}{e['type']:<9} "
                  f"{_actors(e['target']):<10}  {mark}{' '.join(e['sentence'].split())[:110]}\n")


def _write_csv(rows: Iterable[dict], out: TextIO) -> None:
    fields = ["id", "doc_id", "date", "type", "cameo", "mode", "source", "target", "negated", "hedged",
              "attribution", "confidence", "trigger", "sentence", "cluster_id", "correction_id"]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for e in rows:
        writer.writerow(dict(e, source=_actors(e["source"]), target=_actors(e["target"])))


def _write_jsonl(rows: Iterable[dict], out: TextIO) -> None:
    for e in rows:
        out.write(json.dumps(e, ensure_ascii=False) + "\n")


WRITERS = {"table": _print_events_table, "csv": _write_csv, "jsonl": _write_jsonl}


def _print_entity(ent: Any, out: TextIO) -> None:
    out.write(f"{ent.id}  {ent.name}  ({ent.kind}; country {ent.country or '-'}; sector {ent.sector or '-'}; "
              f"wikidata {ent.wikidata or '-'})\n")
    names = ent.aliases + ent.surnames + ent.acronyms + ent.demonyms + ent.metonyms
    if names:
        out.write(f"  names: {', '.join(names)}\n")
    for role in ent.roles:
        out.write(f"  {role.span.start or '?'} .. {role.span.end or 'now'}  {role.title} [{role.office}, {role.sector or '-'}]\n")
    for m in ent.members:
        out.write(f"  {m.span.start or '?'} .. {m.span.end or 'now'}  {m.status}: {m.country}\n")
    out.write(f"  source: {ent.source}  ({ent.origin})\n")


def _print_demo(store: Any, db: str | None, out: TextIO) -> None:
    stats = store.stats()
    out.write("geopol demo: the bundled sample articles, coded\n\n")
    out.write(f"  documents {stats['documents']}   sentences {stats['sentences']}   events {stats['events']}   "
              f"actor mentions {stats['mentions']}   input errors {stats['errors']}\n\n")
    out.write("Most active dyads (source -> target: events, cooperation / conflict)\n")
    for d in store.dyads(limit=8):
        out.write(f"  {d['source']:>8} -> {d['target']:<8} {d['events']:3d}   {d['cooperation']} / {d['conflict']}\n")
    out.write("\nA few events with their evidence\n")
    rows = [e for e in store.events() if e["source"] and e["target"] and not e["negated"]]
    rows.sort(key=lambda e: -e["confidence"])
    for e in rows[:6]:
        out.write(f"  {e['date']}  {_actors(e['source'])} {e['type']} {_actors(e['target'])}  (confidence {e['confidence']:.2f})\n")
        out.write(f"      \"{' '.join(e['sentence'].split())}\"\n      [{e['doc_id']} {e['start']}:{e['end']}]\n")
    cli_views.print_demo_views(store, out)
    if db:
        out.write(f"\nThe store is {db}: try `geopol events --db {db} --actor KAZ` or `geopol search --db {db} CSTO`.\n")
    else:
        out.write("\nRun `geopol demo --db demo.db` to keep the store, then `geopol events --db demo.db --actor KAZ`.\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
