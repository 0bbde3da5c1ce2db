"""Time the views of the store (relations, network, institution chronology,
knowledge-base proposals) on a store of SYNTHETIC events.

    python benchmarks/relations.py [--events 100000] [--db FILE] [--repeat 5]

The store is the benchmarks' shared synthetic one (``synthetic.py``:
generated rows written through the real write path, no spaCy): dyads among
60 Zipf-drawn countries (Central Asia, Russia and China first) and six
organisations, 2000-2024, with its mix of types, flags and confidences.
Every query is run ``--repeat`` times; the median wall and CPU
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402
from geopol.institutions import chronology  # noqa: E402
from geopol.kb import load  # noqa: E402
from geopol.network import network, write  # noqa: E402
from geopol.proposals import raise_proposals  # noqa: E402
from geopol.relations import Scope, evidence, relations  # noqa: E402
from geopol.store import Store  # noqa: E402

SEED = 13
MEMBERSHIP_SHARE = 1 / 7  # far more membership sentences than articles hold: a hard case for the proposals scan


def build(path: Path, n_events: int, seed: int = SEED) -> float:
    """Write ``n_events`` events of the shared synthetic store (``synthetic.py``); return the seconds it took."""
    started = time.perf_counter()
    synthetic.write(path, synthetic.documents(random.Random(seed), n_events, membership=MEMBERSHIP_SHARE))
    return time.perf_counter() - started


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
