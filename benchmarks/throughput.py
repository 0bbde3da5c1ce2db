"""Throughput and peak memory: geopol extract end to end vs spaCy alone.

    python benchmarks/throughput.py [--copies 20] [--rounds 3] [--texts DIR_OR_JSONL] [--workers N]

All runs see the same texts (the bundled sample corpus, repeated
``--copies`` times with a distinct first line each time so nothing is
cached), and each is timed from outside as a whole, model loading
included (a user pays it too). In one run it prints words/s for:

- ``spacy``: spaCy alone as shipped: ``nlp.pipe`` in one process with
  thinc's default matrix library (blis);
- ``spacy-best``: the fastest configuration of the same model and
  components on this machine: the matrix library geopol chooses
  (``geopol.stages.backend``) in one process per core, each parsing its
  share of the texts;
- ``extract``: ``geopol extract`` end to end on a JSONL file of the texts
  (reading, cleaning, the parse on its processes, actors, events,
  dates, JSON out), with its default settings.

and the ratios extract/spacy (target >= 1.2) and extract/spacy-best
(target >= 0.8). The three modes run in turn, ``--rounds`` times (a round
is one run of each), and each figure is the median of the rounds, each
ratio the median of the rounds' own ratios: on a shared machine one run's
speed drifts by a tenth or more. It also prints the peak memory of the
largest process of each mode, the CPU seconds of each (all its processes)
and extract's CPU seconds over spacy-best's, which the other jobs of a
shared machine disturb far less than wall time.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = ("spacy", "spacy-best", "extract")


def corpus(copies: int, source: Path | None) -> list[tuple[str, str]]:
    """(doc_id, text) pairs: the sample articles' texts, ``copies`` times."""
    from geopol.api import SAMPLES
    from geopol.stages.ingest import read_inputs
    from geopol.types import Document

    docs = [d for d in read_inputs([str(source or SAMPLES)]) if isinstance(d, Document)]
    return [(f"{d.doc_id}-{i}", f"Copy {i}.\n\n{d.text}") for i in range(copies) for d in docs]


def spacy_worker(texts: list[str], backend: str | None) -> None:
    """Parse ``texts`` with the shipped model; ``backend`` None keeps thinc's default."""
    import spacy

    from geopol.stages.parse import MODEL

    if backend is not None:
        from geopol.stages import backend as matrix

        matrix.use(matrix.choose(backend))
    nlp = spacy.load(MODEL)
    for _ in nlp.pipe(texts, batch_size=32):
        pass


def run_mode(mode: str, items: list[tuple[str, str]], workers: int, tmp: Path) -> None:
    """Run one mode to completion, in child processes."""
    if mode == "spacy":
        _children([[t for _, t in items]], None, tmp)
    elif mode == "spacy-best":
        texts = [t for _, t in items]
        _children([texts[i::workers] for i in range(workers)], "auto", tmp)
    else:
        path = tmp / "texts.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for doc_id, text in items:
                out.write(json.dumps({"id": doc_id, "text": text, "date": "2024-01-01"}) + "\n")
        cmd = [sys.executable, "-m", "geopol.cli", "extract", "--workers", str(workers), str(path)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def _children(shares: list[list[str]], backend: str | None, tmp: Path) -> None:
    procs = []
    for i, share in enumerate(shares):
        path = tmp / f"share-{i}.json"
        path.write_text(json.dumps(share))
        cmd = [sys.executable, __file__, "--parse", str(path)] + ([] if backend is None else ["--backend", backend])
        procs.append(subprocess.Popen(cmd))
    for proc in procs:
        if proc.wait() != 0:
            raise SystemExit(f"a parsing process failed: {proc.args}")


def measure(mode: str, copies: int, source: Path | None, workers: int) -> dict:
    items = corpus(copies, source)
    words = sum(len(t.split()) for _, t in items)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        run_mode(mode, items, workers, Path(tmp))
        seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = children.ru_utime + children.ru_stime  # every process of the mode, each waited for
    return {"mode": mode, "docs": len(items), "words": words, "seconds": round(seconds, 2),
            "words_per_s": round(words / seconds), "cpu_s": round(cpu, 2), "words_per_cpu_s": round(words / cpu),
            "peak_mb": round(children.ru_maxrss / 1024)}


def _run(mode: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--mode", mode, "--copies", str(args.copies), "--workers", str(args.workers)]
    if args.texts:
        cmd += ["--texts", str(args.texts)]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def _ratio(round_: dict, a: str, b: str) -> float:
    return round_[a]["words_per_s"] / round_[b]["words_per_s"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--texts", type=Path, help="a folder or JSONL file to use instead of the samples")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: the cores)")
    parser.add_argument("--rounds", type=int, default=3, help="times each mode runs, the modes in turn (default 3)")
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--parse", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.parse:
        spacy_worker(json.loads(args.parse.read_text()), args.backend)
        return 0
    if args.mode:
        print(json.dumps(measure(args.mode, args.copies, args.texts, args.workers)))
        return 0
    from geopol.stages.backend import blis_architecture, choose

    print(f"{os.cpu_count()} cores; blis kernels: {blis_architecture() or 'unknown'}; geopol's backend: {choose()}; "
          f"{args.workers} processes for spacy-best and extract; {args.rounds} rounds")
    rounds = []
    for n in range(args.rounds):  # the modes in turn, round after round: a drift in the machine's speed hits all
        rounds.append({mode: _run(mode, args) for mode in MODES})
        print(f"  round {n + 1}: " + "; ".join(f"{m} {r['words_per_s']} words/s" for m, r in rounds[-1].items())
              + f"; extract / spacy-best {_ratio(rounds[-1], 'extract', 'spacy-best'):.2f}")
    for mode in MODES:
        runs = [r[mode] for r in rounds]
        wps = [r["words_per_s"] for r in runs]
        print(f"{mode:>10}: {runs[0]['docs']} docs, {runs[0]['words']} words; median {statistics.median(wps):.0f} words/s "
              f"(range {min(wps)}-{max(wps)}); median {statistics.median([r['cpu_s'] for r in runs]):.2f} CPU s = "
              f"{statistics.median([r['words_per_cpu_s'] for r in runs]):.0f} words per CPU-second; "
              f"peak {max(r['peak_mb'] for r in runs)} MB (largest process)")
    for a, b, target in (("extract", "spacy", 1.2), ("extract", "spacy-best", 0.8)):
        each = [_ratio(r, a, b) for r in rounds]
        print(f"     ratio: {a} / {b} = {statistics.median(each):.2f} median of the rounds (each: "
              f"{', '.join(f'{x:.2f}' for x in each)}; target >= {target})")
    cpu = [r["extract"]["cpu_s"] / r["spacy-best"]["cpu_s"] for r in rounds]
    print(f"       CPU: extract takes {statistics.median(cpu):.2f} times the CPU seconds of spacy-best (median of the rounds; "
          f"a shared machine disturbs wall time far more than CPU time); load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
