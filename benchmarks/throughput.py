"""Throughput and peak memory: geopol extract end to end vs spaCy's nlp.pipe.

    python benchmarks/throughput.py [--copies 20] [--texts DIR_OR_JSONL]

All runs see the same texts (the bundled sample corpus, repeated
``--copies`` times with a distinct first line each time so nothing is
cached). Each mode runs in its own process so peak memory (max RSS) is
its own. Prints words/s, documents/s and peak MB for each, the ratio
extract/spaCy, and what the knowledge base costs (extract vs extract with
an empty knowledge base, "no-kb").
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = ("spacy", "extract", "no-kb")


def corpus(copies: int, source: Path | None) -> list[tuple[str, str]]:
    """(doc_id, text) pairs: the sample articles' texts, ``copies`` times."""
    from geopol.api import SAMPLES
    from geopol.stages.ingest import read_inputs
    from geopol.types import Document

    docs = [d for d in read_inputs([str(source or SAMPLES)]) if isinstance(d, Document)]
    return [(f"{d.doc_id}-{i}", f"Copy {i}.\n\n{d.text}") for i in range(copies) for d in docs]


def run_spacy(texts: list[str]) -> None:
    import spacy

    from geopol.stages.parse import MODEL

    nlp = spacy.load(MODEL)
    for _ in nlp.pipe(texts, batch_size=32):
        pass


def run_extract(items: list[tuple[str, str]], resolve: bool = True) -> None:
    """The whole pipeline; without ``resolve``, an empty knowledge base, so
    the actors stage has nothing to look up (its cost, by difference)."""
    from geopol import Pipeline
    from geopol.kb import KnowledgeBase
    from geopol.types import Document

    pipeline = Pipeline() if resolve else Pipeline(kb=KnowledgeBase())
    docs = (Document(doc_id=i, text=t) for i, t in items)
    for _ in pipeline.run(docs):
        pass


def measure(mode: str, copies: int, source: Path | None) -> dict:
    items = corpus(copies, source)
    words = sum(len(t.split()) for _, t in items)
    started = time.perf_counter()  # model loading is included: a user pays it too
    if mode == "spacy":
        run_spacy([t for _, t in items])
    else:
        run_extract(items, resolve=mode == "extract")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mode": mode, "docs": len(items), "words": words, "seconds": round(seconds, 2),
            "words_per_s": round(words / seconds), "docs_per_s": round(len(items) / seconds, 1),
            "peak_mb": round(peak_mb)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--texts", type=Path, help="a folder or JSONL file to use instead of the samples")
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.mode:
        print(json.dumps(measure(args.mode, args.copies, args.texts)))
        return 0
    results = {}
    for mode in MODES:
        cmd = [sys.executable, __file__, "--mode", mode, "--copies", str(args.copies)]
        if args.texts:
            cmd += ["--texts", str(args.texts)]
        results[mode] = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    for mode, r in results.items():
        print(f"{mode:>8}: {r['docs']} docs, {r['words']} words in {r['seconds']} s = "
              f"{r['words_per_s']} words/s, {r['docs_per_s']} docs/s, peak {r['peak_mb']} MB")
    ratio = results["extract"]["words_per_s"] / results["spacy"]["words_per_s"]
    print(f"   ratio: extract runs at {ratio:.2f} of spaCy's own words/s (target >= 0.50)")
    extra = results["extract"]["seconds"] / results["no-kb"]["seconds"] - 1
    print(f"   resolving against the knowledge base adds {extra:+.0%} to extract's time (target <= +15%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
