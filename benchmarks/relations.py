"""Time the views of the store (relations, network, institution chronology,
knowledge-base proposals) on a store of SYNTHETIC events.

    python benchmarks/relations.py [--events 100000] [--db FILE] [--repeat 5]

The store is built from generated rows (documents, sentences, events and
their actors written straight through the schema, no spaCy): random dyads
among Central Asian states, Russia, China, the United States and three
organisations, 2000-2024, with the mix of types, flags and confidences set
below. Every query is run ``--repeat`` times; the median wall and CPU
times are printed with the rows it returned. The target is under one
second each. The proposals scan runs on the same store, where one event in
seven is a "suspended its participation" sentence: far more candidates
than articles hold.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from geopol.institutions import chronology
from geopol.kb import load
from geopol.network import network, write
from geopol.proposals import raise_proposals
from geopol.relations import Scope, evidence, relations
from geopol.store import Store
from geopol.store.schema import transaction

STATES = ["KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS", "CHN", "USA", "AFG", "ARM"]
ORGS = ["CSTO", "SCO", "EAEU"]
TYPES = [("CONSULT", "04", "verbal cooperation", 1.0), ("AGREE", "05", "verbal cooperation", 4.0),
         ("SUPPORT", "03", "verbal cooperation", 3.5), ("AID", "07", "material cooperation", 7.0),
         ("COOPERATE", "06", "material cooperation", 6.0), ("ACCUSE", "11", "verbal conflict", -2.0),
         ("REJECT", "12", "verbal conflict", -4.0), ("THREATEN", "13", "verbal conflict", -6.0),
         ("SANCTION", "16", "material conflict", -4.0), ("ASSAULT", "18", "material conflict", -10.0)]
PHRASES = ["held talks with", "signed an agreement with", "accused", "sent aid to", "threatened",
           "suspended its participation in", "met leaders of"]
EVENTS_PER_DOC = 10


def build(path: Path, n_events: int, seed: int = 13) -> float:
    """Write ``n_events`` synthetic events into a new store; return the seconds it took."""
    rng = random.Random(seed)
    started = time.perf_counter()
    with Store(path) as store, transaction(store.conn) as conn:
        for first in range(0, n_events, EVENTS_PER_DOC):
            _write_doc(conn, rng, first // EVENTS_PER_DOC, min(EVENTS_PER_DOC, n_events - first))
    return time.perf_counter() - started


def _write_doc(conn, rng: random.Random, doc_no: int, n: int) -> None:
    doc_id = f"synthetic-{doc_no:06d}"
    day = date(2000, 1, 1) + timedelta(days=rng.randrange(25 * 365))
    sentences, events, actors = [], [], []
    offset = 0
    for i in range(n):
        source, target = rng.sample(STATES + ORGS, 2) if rng.random() < 0.9 else (rng.choice(STATES),) * 2
        text = f"{source} {rng.choice(PHRASES)} {target} on day {i}."
        start, end = offset, offset + len(text)
        offset = end + 1
        sentences.append((doc_id, start, end, text))
        kind, cameo, quad, intensity = rng.choice(TYPES)
        eid = f"ev:{doc_no:06d}-{i}"
        when = (day - timedelta(days=rng.randrange(5))).isoformat() if rng.random() < 0.97 else None
        events.append((eid, doc_id, kind, cameo, quad, intensity, when, int(rng.random() < 0.05),
                       int(rng.random() < 0.05), text, start, end, "t", round(rng.uniform(0.5, 0.85), 3)))
        actors += [_actor(eid, "source", source), _actor(eid, "target", target)]
    text = " ".join(s[3] for s in sentences)
    conn.execute("INSERT INTO documents (doc_id, content_hash, title, date, text, ingested_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)", (doc_id, f"h{doc_no}", doc_id, day.isoformat(), text, "now"))
    conn.executemany('INSERT INTO sentences (doc_id, start, "end", text) VALUES (?, ?, ?, ?)', sentences)
    conn.executemany('INSERT INTO events (id, doc_id, type, cameo, quad_class, intensity, date, negated, hedged, '
                     'sentence, start, "end", "trigger", confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                     events)
    conn.executemany("INSERT INTO event_actors (event_id, role, position, name, country, org, sector) "
                     "VALUES (?, ?, 0, ?, ?, ?, ?)", actors)


def _actor(eid: str, role: str, key: str) -> tuple:
    if key in ORGS:
        return eid, role, key, None, key, "IGO"
    return eid, role, key, key, None, "GOV"


def timed(label: str, repeat: int, call) -> tuple[str, float, float, int]:
    """Median wall and CPU seconds of ``repeat`` calls, and the rows of the last."""
    walls, cpus, size = [], [], 0
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
        size = _size(result)
    return label, statistics.median(walls), statistics.median(cpus), size


def _size(result) -> int:
    if hasattr(result, "number_of_edges"):
        return result.number_of_edges()
    if hasattr(result, "items") and not isinstance(result, dict):
        return len(result.items)
    return len(result)


def queries(store: Store, kb) -> list[tuple[str, object]]:
    everything = Scope(negated=True, hedged=True, one_sided=True, low_confidence=True)
    biggest = max(relations(store, by="all"), key=lambda c: c.events)
    return [
        ("relations, every dyad by year", lambda: relations(store, by="year")),
        ("relations --actor KAZ --by month", lambda: relations(store, actor="KAZ", by="month")),
        ("relations --dyad UZB TJK --undirected --by quarter",
         lambda: relations(store, dyad=("UZB", "TJK"), by="quarter", directed=False)),
        ("relations, every dyad by year, all flags on", lambda: relations(store, by="year", scope=everything)),
        ("relations --since 2015 --until 2019 --by month",
         lambda: relations(store, since="2015", until="2019", by="month")),
        (f"evidence of the largest cell ({biggest.events} events)", lambda: evidence(store, biggest.event_ids)),
        ("network --at 2022", lambda: network(store, kb, at="2022")),
        ("network, all time, undirected", lambda: network(store, kb, directed=False)),
        ("network --at 2022 written as GraphML", lambda: _graphml(network(store, kb, at="2022"))),
        ("institution CSTO (all time)", lambda: chronology(store, kb, "CSTO")),
        ("institution CSTO --since 2010 --until 2012", lambda: chronology(store, kb, "CSTO", since="2010", until="2012")),
        ("institution C5+1", lambda: chronology(store, kb, "C5+1")),
        ("kb proposals (scan; 1 event in 7 is a membership phrase)", lambda: raise_proposals(store, kb)),
    ]


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in __import__("os").getloadavg())
    except OSError:
        return "unknown"


def _graphml(graph):
    import io

    write(graph, "graphml", io.StringIO())
    return graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="store to build (default: a temporary file)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "relations-bench.db"
        if path.exists():
            path.unlink()
        seconds = build(path, args.events)
        print(f"built a store of {args.events:,} SYNTHETIC events (generated rows, not coded articles) "
              f"in {seconds:.1f} s: {path}")
        kb = load()
        with Store(path) as store:
            print(f"\n{'query':<55} {'wall s':>7} {'cpu s':>7} {'rows':>7}  (medians of {args.repeat} runs)")
            over = 0
            for label, call in queries(store, kb):
                name, wall, cpu, size = timed(label, args.repeat, call)
                over += wall >= 1.0
                print(f"{name:<55} {wall:>7.3f} {cpu:>7.3f} {size:>7}{'  OVER 1 s' if wall >= 1.0 else ''}",
                      flush=True)
        print(f"\n{over} of the queries took a second or more (median wall time). Wall time includes waiting "
              f"for a shared CPU; cpu is this process's own time (load average now {_load()}).")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
