"""Store queries at scale: a synthetic store of 100,000+ events, each query timed.

    python benchmarks/store.py [--events 100000] [--db FILE] [--runs 5]

The store is the benchmarks' shared synthetic one (``synthetic.py``: 10
events a document, written through the real write path; actors drawn from
60 countries and 6 organisations with a skewed (Zipf) frequency, so a
common filter (``KAZ``) and a rare one (``ESP``) both occur; dates over
2000-2024, 3% undated, 5% negated). Then it prints the median time of
each query over ``--runs`` runs: a page of 50 events for each single
filter, paging deep with ``offset``, the dyad table, a full-text search,
and every event streamed (rows counted, none kept) with the peak memory
of that streaming process. Targets (issue 12): a page < 50 ms, the dyad
table < 200 ms, all events streamed in < 300 MB.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # noqa: E402
from geopol.store import Store  # noqa: E402
from geopol.store.schema import now, transaction  # noqa: E402

SEED = 12


def build(path: Path, events: int, seed: int = SEED) -> None:
    """A store of ``events`` synthetic events (``synthetic.py``), written in one transaction."""
    synthetic.write(path, synthetic.documents(random.Random(seed), events))


def timed(fn, runs: int) -> tuple[float, object]:
    """Median milliseconds of ``fn()`` over ``runs`` runs, and its last value."""
    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), value


def queries(store: Store) -> dict[str, object]:
    page = lambda **kw: lambda: list(store.iter_events(limit=50, **kw))  # noqa: E731
    return {
        "page, no filter": page(),
        "page, actor KAZ (common)": page(actor="KAZ"),
        "page, actor ESP (rare)": page(actor="ESP"),
        "page, actor CSTO (org)": page(actor="CSTO"),
        "page, actor id country/KGZ": page(actor="country/KGZ"),
        "page, type ASSAULT": page(type="ASSAULT"),
        "page, since 2024-06-01": page(since="2024-06-01"),
        "page, until 2000-02-01": page(until="2000-02-01"),
        "page, actor KAZ, offset 5000": page(actor="KAZ", offset=5000),
        "dyad table (top 20)": lambda: store.dyads(limit=20),
        "search 'border'": lambda: store.search("border trade", limit=20),
    }


def write_with_errors(db: Path, errors: int, runs: int) -> float:
    """Median ms to write one new document into a copy of the store that
    also holds ``errors`` error rows (each write clears that document's)."""
    copy = db.with_name("errors-" + db.name)
    with Store(db) as store:
        store.conn.execute("VACUUM INTO ?", (str(copy),))
    rng = random.Random(7)
    try:
        with Store(copy) as store:
            with transaction(store.conn):
                store.conn.executemany("INSERT INTO errors (doc_id, path, line, message, at) VALUES (?, ?, ?, ?, ?)",
                                       ((f"bad-{i}", f"bad/{i}.jsonl", i, "E001", now()) for i in range(errors)))
            results = iter(list(synthetic.documents(rng, synthetic.PER_DOC * runs, prefix="written")))
            ms, _ = timed(lambda: store.write(next(results)), runs)
    finally:
        for path in copy.parent.glob(copy.name + "*"):
            path.unlink()
    return ms


def stream_all(db: Path) -> dict:
    """Every event streamed in a fresh process: count, seconds, peak MB."""
    started = time.perf_counter()
    with Store(db) as store:
        count = sum(1 for _ in store.iter_events())
    return {"count": count, "seconds": round(time.perf_counter() - started, 2),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="reuse (or build) this store instead of a temporary one")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stream", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stream:
        print(json.dumps(stream_all(args.stream)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "store.db"
        if not db.exists():
            started = time.perf_counter()
            build(db, args.events)
            print(f"built {db.name}: {args.events} events in {time.perf_counter() - started:.1f} s")
        with Store(db) as store:
            print(f"store: {store.stats()}")
            for name, fn in queries(store).items():
                ms, rows = timed(fn, args.runs)
                print(f"{name:>32}: {ms:8.1f} ms  ({len(rows)} rows)")
        for errors in (0, 100_000):
            ms = write_with_errors(db, errors, args.runs)
            print(f"{f'write a document, {errors} errors':>32}: {ms:8.1f} ms")
        out = subprocess.run([sys.executable, __file__, "--stream", str(db)], check=True, capture_output=True,
                             text=True).stdout
        r = json.loads(out)
        print(f"{'all events streamed':>32}: {r['seconds'] * 1000:8.1f} ms  ({r['count']} rows), "
              f"peak {r['peak_mb']} MB")
    print("targets: a page < 50 ms, the dyad table < 200 ms, all events streamed in < 300 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
