"""Latency of each workbench endpoint on a large synthetic store.

    python benchmarks/serve.py [--events 100000] [--requests 40] [--db FILE]

Builds (or reuses, with --db) the benchmarks' shared synthetic store
(``synthetic.py``): ``--events`` events over 2000-2024 between 60 countries
and six organisations, each with a source and a target, its sentence, a
document holding ten sentences, the sentences in the full-text index and
one actor mention per side, written through the real write path.
Synthetic rows, not coded articles: the point is the size.

Then serves it with uvicorn on 127.0.0.1 (a free port) and sends each
endpoint one first GET and then ``--requests`` sequential GETs with httpx
(``--cpu``: in-process through the ASGI test client, timing CPU, not wall),
and prints the first request's time and the p50 and p95 of the others in
milliseconds, against the target p95 < 150 ms. The overview, relations,
network and institution views are computed once per version of the store
and cached, so their first request is the one that pays: it is printed too.
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

SEED = 7


def build(path: Path, events: int, seed: int = SEED) -> None:
    """Write ``events`` events of the shared synthetic store (``synthetic.py``)."""
    import synthetic

    synthetic.write(path, synthetic.documents(random.Random(seed), events))


def endpoints(event_id: str) -> list[str]:
    """The GETs measured: every JSON endpoint, and the pages that render the most."""
    return [
        "/api/overview", "/api/overview?by=month&actor=KAZ",
        "/api/events", "/api/events?actor=KAZ&type=ACCUSE&since=2010&until=2015",
        "/api/events?sort=-confidence&page=200", "/api/events?quad=material%20conflict&per_page=500",
        f"/api/events/{event_id}", "/api/search?q=border%20dispute%20KAZ", "/api/search?q=shelled",
        "/api/actors?q=kaz", "/api/actors/country/KAZ",
        "/api/relations", "/api/relations?a=KAZ&b=UZB", "/api/relations?a=KAZ&b=UZB&by=month",
        "/api/network?at=2015", "/api/network", "/api/institutions", "/api/institutions/CSTO",
        "/api/clusters", "/api/exports", "/api/export?format=csv&actor=KAZ&type=AID&since=2020",
        "/", "/events?actor=UZB", f"/events/{event_id}", "/search?q=sanctions", "/relations?a=KAZ&b=UZB",
        "/network?at=2015", "/institutions/CSTO",
    ]


def serve(db: Path):
    import uvicorn

    from geopol.serve import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(db), token="bench"), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def measure(base: str, paths: list[str], requests: int) -> list[tuple[str, float, float, float]]:
    """(path, first request, p50, p95) in ms; the first request after the
    store changed is the one a cached aggregate view pays in full."""
    import httpx

    with httpx.Client(base_url=base, timeout=120) as client:
        client.get("/api/actors").raise_for_status()  # the knowledge base loads once per server
        return _timed(client, paths, requests, time.perf_counter, "ms")


def measure_cpu(db: Path, paths: list[str], requests: int) -> list[tuple[str, float, float, float]]:
    """As ``measure``, but in the server's own process through the ASGI test
    client, in CPU milliseconds (``time.process_time``): what each request
    costs this machine, whatever else shares its cores."""
    from fastapi.testclient import TestClient

    from geopol.serve import create_app

    client = TestClient(create_app(str(db), token="bench"))
    client.get("/api/actors").raise_for_status()
    return _timed(client, paths, requests, time.process_time, "CPU ms")


def _timed(client, paths: list[str], requests: int, clock, unit: str) -> list[tuple[str, float, float, float]]:
    """For each path: the first request's time, then the median and the 95th
    percentile of ``requests`` more, in milliseconds of ``clock``."""
    out = []
    for path in paths:
        t = clock()
        client.get(path).raise_for_status()
        first = (clock() - t) * 1000
        times = []
        for _ in range(requests):
            t = clock()
            client.get(path).raise_for_status()
            times.append((clock() - t) * 1000)
        times.sort()
        print(f"  {path}: first {first:.0f} {unit}", file=sys.stderr, flush=True)
        out.append((path, first, statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--db", type=Path, help="reuse (or build once into) this store")
    parser.add_argument("--cpu", action="store_true", help="CPU ms per request in-process, not wall ms over loopback")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "serve-bench.db"
        if not db.exists():
            t = time.perf_counter()
            build(db, args.events)
            print(f"built {db}: {args.events:,} synthetic events in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        from geopol.store import Store

        with Store(db) as store:
            counts = store.stats()
            event_id = store.conn.execute("SELECT id FROM events ORDER BY id LIMIT 1 OFFSET 5000").fetchone()[0]
        if args.cpu:
            rows = measure_cpu(db, endpoints(event_id), args.requests)
        else:
            server, base = serve(db)
            try:
                rows = measure(base, endpoints(event_id), args.requests)
            finally:
                server.should_exit = True
    print(f"store: {counts['events']:,} events, {counts['documents']:,} documents, {counts['sentences']:,} sentences "
          f"(synthetic); {args.requests} sequential requests per endpoint "
          f"{'in-process, CPU ms' if args.cpu else 'over loopback, wall ms'}; "
          f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'endpoint':<58} {'first':>9} {'p50':>8} {'p95':>8}")
    for path, first, p50, p95 in rows:
        print(f"{path:<58} {first:9.1f} {p50:8.1f} {p95:8.1f}{'' if p95 < 150 else '  over the 150 ms target'}")
    worst = max(rows, key=lambda r: r[3])
    print(f"worst p95: {worst[3]:.1f} ms ({worst[0]}); target p95 < 150 ms: {'met' if worst[3] < 150 else 'NOT met'}")
    slow = [r for r in rows if r[1] >= 150]
    print(f"first requests over 150 ms (aggregates computed once per store version, then cached): "
          f"{', '.join(f'{p} {f:.0f} ms' for p, f, *_ in slow) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
