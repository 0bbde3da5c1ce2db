"""Store queries at scale: a synthetic store of 100,000+ events, each query timed.

    python benchmarks/store.py [--events 100000] [--db FILE] [--runs 5]

The store is built through the real schema and write path
(``geopol.store.write``) from generated results: 10 events a document,
actors drawn from 60 countries and 6 organisations with a skewed (Zipf)
frequency, so a common filter (``KAZ``) and a rare one both occur, dates
over 2000-2024, 3% undated, 5% negated. Then it prints the median time of
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
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from geopol.store import Store  # noqa: E402
from geopol.store import write as store_write  # noqa: E402
from geopol.store.schema import now, transaction  # noqa: E402
from geopol.types import Actor, DocResult, Document, Event, EventDate  # noqa: E402

COUNTRIES = ["KAZ", "RUS", "CHN", "UZB", "KGZ", "TJK", "TKM", "AFG", "USA", "IND", "PAK", "IRN", "TUR", "MNG",
             "AZE", "ARM", "GEO", "UKR", "BLR", "DEU", "FRA", "GBR", "JPN", "KOR", "PRK", "ISR", "SYR", "IRQ",
             "SAU", "ARE", "QAT", "EGY", "LBY", "SDN", "ETH", "NGA", "ZAF", "BRA", "ARG", "MEX", "CAN", "AUS",
             "IDN", "MYS", "THA", "VNM", "PHL", "MMR", "BGD", "NPL", "LKA", "POL", "LTU", "LVA", "EST", "FIN",
             "SWE", "NOR", "ITA", "ESP"]
ORGS = ["CSTO", "SCO", "EAEU", "NATO", "UN", "EU"]
TYPES = {"AGREE": ("03", "verbal cooperation", 4.0), "CONSULT": ("04", "verbal cooperation", 1.0),
         "ACCUSE": ("11", "verbal conflict", -2.0), "ASSAULT": ("18", "material conflict", -9.0),
         "AID": ("07", "material cooperation", 7.0), "THREATEN": ("13", "verbal conflict", -4.4)}
SECTORS = ["GOV", "MIL", "COP", "LEG", "OPP", "CVL"]
SENTENCE = "The {s} government said on {d} that it would {v} {t} over the border and trade dispute."
PER_DOC = 10


def zipf_pick(rng: random.Random, items: list[str]) -> str:
    """Item i with weight 1/(i+1): the first few are common, the tail rare."""
    weights = [1 / (i + 1) for i in range(len(items))]
    return rng.choices(items, weights)[0]


def actor(rng: random.Random) -> Actor:
    if rng.random() < 0.12:
        org = rng.choice(ORGS)
        return Actor(f"org/{org.lower()}", org, org=org, sector="IGO")
    country = zipf_pick(rng, COUNTRIES)
    sector = rng.choice(SECTORS)
    return Actor(f"{country.lower()}-{sector.lower()}", f"{country} {sector}", country=country, sector=sector)


def synthetic_event(rng: random.Random, doc_id: str, i: int, text: str, day: date) -> Event:
    kind = rng.choice(list(TYPES))
    cameo, quad, intensity = TYPES[kind]
    when = None if rng.random() < 0.03 else EventDate(day + timedelta(days=rng.randint(-30, 0)), "day", None)
    sources = [actor(rng) for _ in range(1 if rng.random() < 0.9 else 2)]
    targets = [actor(rng) for _ in range(1 if rng.random() < 0.85 else 2)]
    start = (len(text) // PER_DOC) * i
    return Event(id=f"ev:{doc_id}:{i}", type=kind, cameo=cameo, quad_class=quad, intensity=intensity,
                 source=sources, target=targets, sentence=text[start:start + 80], start=start, end=start + 80,
                 trigger="said", date=when, negated=rng.random() < 0.05, confidence=rng.random(),
                 reason="synthetic")


def synthetic_result(rng: random.Random, n: int) -> DocResult:
    day = date(2000, 1, 1) + timedelta(days=rng.randint(0, 365 * 25))
    words = [SENTENCE.format(s=zipf_pick(rng, COUNTRIES), d=day, v=rng.choice(["sanction", "aid", "warn"]),
                             t=zipf_pick(rng, COUNTRIES)) for _ in range(PER_DOC)]
    text = " ".join(words)
    doc = Document(doc_id=f"synthetic-{n}", text=text, path=f"synthetic/{n}.txt", title=f"Synthetic {n}", date=day)
    step = len(text) // PER_DOC
    events = [synthetic_event(rng, doc.doc_id, i, text, day) for i in range(PER_DOC)]
    return DocResult(doc, events=events, sentences=[(i * step, i * step + step - 1) for i in range(PER_DOC)])


def build(path: Path, events: int, seed: int = 12) -> None:
    """A store of ``events`` synthetic events, written in one transaction."""
    rng = random.Random(seed)
    with Store(path) as store:
        at = now()
        with transaction(store.conn):
            for n in range(events // PER_DOC):
                res = synthetic_result(rng, n)
                store_write.write_document(store.conn, res, store_write.content_hash(res.doc.text), at)
        store.conn.execute("ANALYZE")


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
        "page, actor id kaz-gov": page(actor="kaz-gov"),
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
            results = iter([synthetic_result(rng, 10**9 + i) for i in range(runs)])
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
