"""Clusters, corrections and exports at scale, on a synthetic store.

    python benchmarks/records.py [--events 100000] [--db FILE] [--runs 3]

The store holds ``--events`` synthetic events (not coded from text: rows
generated to look like coded news), written through the real write path:
occurrences between 60 countries and 6 organisations (Zipf-skewed, so a few
dyads are big blocks), each reported one to six times by different
documents within three days, with reworded sentences that share some words;
10 events a document, dates over 2000-2024, 3% undated. Then it prints the
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
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from geopol.export import FORMATS, events_frame, export  # noqa: E402
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
         "AID": ("07", "material cooperation", 7.0), "COERCE": ("17", "material conflict", -7.0)}
VERBS = {"AGREE": "agreed with", "CONSULT": "met", "ACCUSE": "accused", "ASSAULT": "attacked", "AID": "sent aid to",
         "COERCE": "seized assets of"}
PLACES = ["Osh", "Khujand", "Termez", "Aktau", "Naryn", "Batken", "Kulob", "Nukus", "Shymkent", "Vorukh"]
FILLERS = ["officials said", "the ministry reported", "witnesses told reporters", "according to state media",
           "a spokesman confirmed", "local sources said"]
PER_DOC = 10


def zipf_pick(rng: random.Random, items: list[str]) -> str:
    return rng.choices(items, [1 / (i + 1) for i in range(len(items))])[0]


def party(rng: random.Random) -> Actor:
    if rng.random() < 0.1:
        org = rng.choice(ORGS)
        return Actor(f"org/{org}", org, org=org, sector="IGO")
    country = zipf_pick(rng, COUNTRIES)
    return Actor(f"country/{country}", country, country=country, sector="GOV")


def reports(rng: random.Random, events: int) -> list[tuple[Actor, Actor, str, date | None, str, str]]:
    """(source, target, type, date, sentence, trigger) for ``events`` reports of fewer occurrences."""
    out: list[tuple[Actor, Actor, str, date | None, str, str]] = []
    while len(out) < events:
        source, target, kind = party(rng), party(rng), rng.choice(list(TYPES))
        day = date(2000, 1, 1) + timedelta(days=rng.randint(0, 365 * 25))
        place = rng.choice(PLACES)
        for _ in range(min(1 + int(rng.expovariate(0.8)), 6)):
            when = None if rng.random() < 0.03 else day + timedelta(days=rng.randint(0, 2))
            sentence = (f"{source.name} {VERBS[kind]} {target.name} near {place} on {when or 'that day'}, "
                        f"{rng.choice(FILLERS)}.")
            out.append((source, target, kind, when, sentence, VERBS[kind].split()[0]))
    rng.shuffle(out)
    return out[:events]


def documents(rng: random.Random, events: int, prefix: str = "synthetic") -> list[DocResult]:
    rows = reports(rng, events)
    results = []
    for n in range(0, len(rows), PER_DOC):
        chunk = rows[n:n + PER_DOC]
        text = " ".join(r[4] for r in chunk)
        doc_id = f"{prefix}-{n // PER_DOC}"
        evs, spans, start = [], [], 0
        for i, (source, target, kind, when, sentence, trigger) in enumerate(chunk):
            cameo, quad, intensity = TYPES[kind]
            spans.append((start, start + len(sentence)))
            evs.append(Event(id=f"ev:{doc_id}:{i}", type=kind, cameo=cameo, quad_class=quad, intensity=intensity,
                             source=[source], target=[target], sentence=sentence, start=start,
                             end=start + len(sentence), trigger=trigger,
                             date=EventDate(when, "day", None) if when else None, confidence=rng.random(),
                             reason="synthetic"))
            start += len(sentence) + 1
        published = max((r[3] for r in chunk if r[3]), default=date(2020, 1, 1))
        results.append(DocResult(Document(doc_id, text, path=f"synthetic/{doc_id}.txt", title=doc_id,
                                          date=published, url=f"https://example.org/{doc_id}", source="Synthetic"),
                                 events=evs, sentences=spans))
    return results


def build(path: Path, events: int, seed: int = 13) -> list[DocResult]:
    results = documents(random.Random(seed), events)
    with Store(path) as store:
        at = now()
        with transaction(store.conn):
            for res in results:
                store_write.write_document(store.conn, res, store_write.content_hash(res.doc.text), at)
        store.conn.execute("ANALYZE")
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
