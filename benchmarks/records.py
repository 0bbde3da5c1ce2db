"""Clusters, corrections and exports at scale, on a synthetic store.

    python benchmarks/records.py [--events 100000] [--db FILE] [--runs 3]

The store holds ``--events`` events of the benchmarks' shared synthetic
store (``synthetic.py``: rows generated to look like coded news, written
through the real write path): occurrences between 60 countries and 6
organisations (Zipf-skewed, so a few dyads are big blocks), each reported
one to six times by different documents within three days, with reworded
sentences that share some words; 10 events a document, dates over
2000-2024, 3% undated. Then it prints the
median time of: clustering every event from scratch; the incremental pass
after one new document; listing the most reported occurrences; correcting
an event's type, and its target (which looks the code up in the knowledge
base, loaded by the first call);
re-coding a corrected document; each export format for one actor's events
and for all of them; and the events DataFrame.
"""
from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # noqa: E402
from geopol.export import FORMATS, events_frame, export  # noqa: E402
from geopol.store import Store  # noqa: E402
from geopol.types import DocResult  # noqa: E402
from synthetic import PER_DOC, documents  # noqa: E402

SEED = 13


def build(path: Path, events: int, seed: int = SEED) -> list[DocResult]:
    """The shared synthetic store (``synthetic.py``) of ``events`` events; its documents."""
    results = list(documents(random.Random(seed), events))
    synthetic.write(path, results)
    return results


CPU: list[float] = []  # the CPU ms of the last ``timed`` call, for ``line``


def timed(fn, runs: int) -> tuple[float, object]:
    """Median wall-clock ms of ``fn()`` over ``runs`` runs (its median CPU ms
    goes to ``CPU``), and its last value."""
    times, cpu, value = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        value = fn()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    CPU[:] = [statistics.median(cpu)]
    return statistics.median(times), value


def line(name: str, ms: float, what: str = "") -> None:
    print(f"{name:>40}: {ms:9.1f} ms wall {CPU[0]:9.1f} ms CPU  {what}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="build the store here instead of a temporary file")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "records.db"
        started = time.perf_counter()
        results = build(db, args.events)
        print(f"built {db.name}: {args.events} synthetic events in {len(results)} documents, "
              f"{time.perf_counter() - started:.1f} s")
        with Store(db) as store:
            ms, done = timed(lambda: store.cluster(rebuild=True), args.runs)
            line("cluster every event (rebuild)", ms, f"{done.blocks} blocks, {done.clusters} clusters holding "
                 f"{done.clustered_events} events")
            occurrences = store.conn.execute("SELECT count(DISTINCT COALESCE(cluster_id, id)) FROM events").fetchone()[0]
            print(f"{'occurrences':>40}: {occurrences} for {args.events} events")
            extra = iter(documents(random.Random(99), PER_DOC * args.runs, prefix="new"))

            def one_more() -> object:
                store.write(next(extra))
                return store.cluster()
            ms, done = timed(one_more, args.runs)
            line("write 1 document + incremental pass", ms, f"{done.blocks} blocks, {done.events} events re-clustered")
            ms, rows = timed(lambda: store.clusters(limit=20), args.runs)
            line("most reported occurrences (top 20)", ms, f"{len(rows)} rows, top has {rows[0]['reports']} reports")
            target = results[0].events[0]
            ms, _ = timed(lambda: store.correct(target.id, type="AID", note="benchmark"), 1)
            line("correct an event's type", ms)
            others = iter(e.id for r in results[1:] for e in r.events[:1])
            ms, _ = timed(lambda: store.correct(next(others), target="KAZ", note="benchmark"), args.runs)
            line("correct an event's target (KB lookup)", ms, "median; the first call loads the KB")
            ms, _ = timed(lambda: store.write(results[0], recode=True), args.runs)
            kind = store.conn.execute("SELECT type FROM events WHERE id = ?", (target.id,)).fetchone()[0]
            line("re-code a corrected document", ms, f"the event coded {target.type} is {kind} again")
            for actor, label in (("KGZ", "one actor (KGZ)"), (None, "all events")):
                for fmt in FORMATS:
                    ms, n = timed(lambda: export(store, fmt, io.BytesIO(), actor=actor), 1)
                    line(f"export {fmt}, {label}", ms, f"{n} events")
            ms, frame = timed(lambda: events_frame(store, actor="KGZ"), args.runs)
            line("events DataFrame, one actor (KGZ)", ms, f"{len(frame)} rows")
    print("machine: 2 cores shared with other jobs (wall time includes waiting for a core); medians, noisy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
