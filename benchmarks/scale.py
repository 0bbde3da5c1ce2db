"""Scale-out: documents per second on one and two Dask workers, each worker's
peak memory, and what the engine costs per 1,000 documents.

    python benchmarks/scale.py [--docs 200] [--repeat 3] [--workers 1 2]

The corpus is the bundled sample articles repeated with a distinct first
line each time (nothing is cached), in date order as an archive is, written
to one JSONL file and cut into about 8 partitions per worker. Each worker count has its own LocalCluster,
started and warmed (every worker loads its pipeline) before any timing;
the runs then alternate (in-process, 1 worker, 2 workers, in-process, ...)
so a drift in the machine's speed touches each alike, and the medians are
printed. Timed: from submitting the partitions to the last one written.

- docs/s: documents coded per second of wall time; speedup: against 1 worker.
- peak MB per worker: each worker process's max RSS after all runs.
- CPU per document: the coding processes' user+sys time per document,
  which a shared machine disturbs far less than wall time; its inverse is
  the per-core rate of an unshared core.
- engine overhead per 1,000 documents, two ways: (a) measured in this
  process, the engine's own work besides the pipeline (reading the
  partition's records, turning results into rows, writing Parquet) plus
  the scheduler's round trip for the tasks; (b) by difference, the 1-worker
  run against the bare pipeline in this process over the same documents.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus(path: Path, count: int) -> int:
    """Write ``count`` documents to ``path`` (JSONL); returns the bytes written."""
    from geopol.api import SAMPLES
    from geopol.stages.ingest import read_inputs
    from geopol.types import Document

    docs = [d for d in read_inputs([str(SAMPLES)]) if isinstance(d, Document)]
    picked = sorted(((docs[i % len(docs)], i) for i in range(count)), key=lambda p: (str(p[0].date), p[1]))
    with path.open("w", encoding="utf-8") as out:
        for d, i in picked:  # in date order, as a feed or an archive is: a partition spans a month or two
            out.write(json.dumps({"id": f"{d.doc_id}-{i}", "date": d.date.isoformat() if d.date else None,
                                  "title": d.title, "text": f"Copy {i}.\n\n{d.text}"}) + "\n")
    return path.stat().st_size


def words(source: Path) -> int:
    with source.open(encoding="utf-8") as lines:
        return sum(len(json.loads(line)["text"].split()) for line in lines)


def warm(client) -> None:
    """Every worker loads its pipeline now, not inside a timed run."""
    from geopol.engine.core import worker_pipeline

    client.run(lambda: worker_pipeline() and None)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def workers_cpu(client) -> float:
    return sum(client.run(cpu_seconds).values())


def time_dask(client, source: Path, chunk_mb: float, out: Path) -> tuple[float, float, int]:
    """Wall seconds, the workers' CPU seconds, and documents coded."""
    from geopol.engine.dask_engine import extract

    shutil.rmtree(out, ignore_errors=True)
    cpu = workers_cpu(client)
    start = time.perf_counter()
    report = extract(client, [str(source)], out, chunk_mb=chunk_mb)
    return time.perf_counter() - start, workers_cpu(client) - cpu, report.documents


def time_in_process(source: Path) -> tuple[float, float, int]:
    """The bare pipeline over the same documents, read beforehand."""
    from geopol.engine.core import worker_pipeline
    from geopol.stages.ingest import read_inputs
    from geopol.types import Document

    docs = [d for d in read_inputs([str(source)]) if isinstance(d, Document)]
    pipeline = worker_pipeline()
    cpu = cpu_seconds()
    start = time.perf_counter()
    count = sum(1 for _ in pipeline.run(docs))
    return time.perf_counter() - start, cpu_seconds() - cpu, count


def engine_work(source: Path, chunk_mb: float, out: Path) -> tuple[float, int, int]:
    """Seconds of the engine's own work besides the pipeline, for every
    partition of ``source``: read records, make rows, write Parquet. The
    writes run once untimed first: a worker's first write imports pyarrow's
    writer and pandas, about 1.5 s once per process, not per document."""
    from geopol.config import Settings
    from geopol.engine import inputs, parquet
    from geopol.engine.core import code_documents, read
    from geopol.engine.rows import Rows

    settings, spent = Settings(), 0.0
    coded = []
    for part in inputs.plan([str(source)], chunk_mb):
        start = time.perf_counter()
        documents = [d for r in inputs.records(part) for d in read(r, settings)]
        spent += time.perf_counter() - start
        coded.append((part, code_documents(documents, settings)))
    for target in (out / "warm-up", out / "timed"):
        start = time.perf_counter()
        for part, results in coded:
            rows = Rows()
            for result in results:
                rows.add_result(result)
            parquet.write_part(target, part.key, part.fingerprint, rows)
        written = time.perf_counter() - start
    shutil.rmtree(out / "warm-up")
    return spent + written, sum(len(r) for _, r in coded), len(coded)


def task_round_trip(client, tasks: int) -> float:
    """Seconds per task the scheduler adds: no-op tasks, submitted and gathered."""
    start = time.perf_counter()
    client.gather(client.map(_noop, range(tasks), pure=False))
    return (time.perf_counter() - start) / tasks


def _noop(i: int) -> int:
    return i


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)

    from distributed import Client

    from geopol.engine.cluster import local_cluster

    logging.getLogger("distributed").setLevel(logging.ERROR)  # cluster start and stop

    tmp = Path(tempfile.mkdtemp(prefix="geopol-scale-"))
    try:
        source = tmp / "corpus.jsonl"
        size = corpus(source, args.docs)
        chunk_mb = size / (1024 * 1024) / (8 * max(args.workers))
        clusters = {w: local_cluster(w) for w in args.workers}
        clients = {w: Client(c) for w, c in clusters.items()}
        for client in clients.values():
            warm(client)
        rates: dict[str, list[float]] = {"in-process": []} | {f"{w} worker(s)": [] for w in args.workers}
        seconds: dict[str, list[float]] = {k: [] for k in rates}
        cpu: dict[str, list[float]] = {k: [] for k in rates}
        for _ in range(args.repeat):
            runs = [("in-process", lambda: time_in_process(source))]
            runs += [(f"{w} worker(s)", lambda w=w, c=c: time_dask(c, source, chunk_mb, tmp / f"out-{w}"))
                     for w, c in clients.items()]
            for mode, run in runs:
                elapsed, used, n = run()
                assert n == args.docs, f"{mode}: {n} documents coded of {args.docs}"
                rates[mode].append(n / elapsed)
                seconds[mode].append(elapsed)
                cpu[mode].append(used / n)
        worker_peaks = {w: sorted(client.run(peak_mb).values()) for w, client in clients.items()}
        spent, docs, parts = engine_work(source, chunk_mb, tmp / "out-engine")
        dataset_mb = sum(f.stat().st_size for f in (tmp / "out-engine").rglob("*") if f.is_file()) / 1024 / 1024
        round_trip = task_round_trip(clients[min(args.workers)], 200)
        report(args, rates, seconds, worker_peaks, spent, docs, parts, round_trip)
        for mode, values in cpu.items():
            per_doc = statistics.median(values)
            print(f"  CPU per document, {mode}: {per_doc * 1000:.0f} ms, so {1 / per_doc:.1f} docs per CPU-second")
        print(f"  dataset on disk: {dataset_mb / docs * 1000:.1f} MB per 1,000 documents "
              f"({size / docs / 1024:.1f} KB of JSONL input each, {words(source) / docs:.0f} words)")
        for client in clients.values():
            client.close()
        for cluster in clusters.values():
            cluster.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def report(args, rates, seconds, worker_peaks, spent, docs, parts, round_trip) -> None:
    print(f"geopol scale-out: {args.docs} documents, {args.repeat} alternating runs per mode, "
          f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f} at the end)")
    base = statistics.median(rates[f"{min(args.workers)} worker(s)"])
    for mode, values in rates.items():
        median = statistics.median(values)
        runs = ", ".join(f"{v:.1f}" for v in values)
        speedup = "" if mode == "in-process" else f"   speedup vs {min(args.workers)} worker {median / base:.2f}x"
        print(f"  {mode:<12} {median:6.1f} docs/s (runs: {runs}){speedup}")
    for w, peaks in worker_peaks.items():
        print(f"  peak memory per worker, {w} worker(s): " + ", ".join(f"{p:.0f} MB" for p in peaks))
    parts_per_1000 = parts / docs * 1000
    engine = spent / docs * 1000 + round_trip * parts_per_1000
    print(f"  engine overhead per 1,000 documents: {engine:.2f} s measured (reading, rows and Parquet "
          f"{spent / docs * 1000:.2f} s; scheduler {round_trip * 1000:.1f} ms per task x {parts_per_1000:.0f} tasks)")
    one = statistics.median(seconds[f"{min(args.workers)} worker(s)"])
    bare = statistics.median(seconds["in-process"])
    print(f"  by difference, {min(args.workers)} worker vs the bare pipeline in-process: "
          f"{(one - bare) / args.docs * 1000:.2f} s per 1,000 documents "
          f"({(one - bare) / bare * 100:+.0f}% of the pipeline's time)")


if __name__ == "__main__":
    sys.exit(main())
