"""How time and memory grow with the input: one document of 10 KB, 100 KB,
1 MB and 10 MB, and 100, 1,000 and 5,000 small documents.

    python benchmarks/scaling.py [--cases 10KB,100KB,1MB,10MB,100,1000,5000]

Each case runs in a fresh process (``extract`` through the Python API, the
model loaded before the clock starts) and prints seconds, seconds per KB and
the process's peak resident memory. The text is made here from the bundled
sample articles, repeated and numbered so no two paragraphs are the same.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ("10KB", "100KB", "1MB", "10MB", "100", "1000", "5000")
KB = 1024


def _paragraphs() -> list[str]:
    samples = sorted((ROOT / "src" / "geopol" / "data" / "samples").glob("*.txt"))
    paras = []
    for path in samples:
        paras += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")[1:] if p.strip()]
    return paras


def _text(size: int) -> str:
    paras, out, n = _paragraphs(), [], 0
    while n < size:
        para = f"{paras[len(out) % len(paras)]} (Paragraph {len(out)}.)\n\n"
        out.append(para)
        n += len(para)
    return "".join(out)[:size]


def _inputs(case: str, folder: Path) -> tuple[list[str], int]:
    """Input paths for ``case`` and their total size in bytes."""
    if case.endswith("KB") or case.endswith("MB"):
        size = int(case[:-2]) * (KB if case.endswith("KB") else KB * KB)
        path = folder / "2022-01-07-one.txt"
        path.write_text("Scaling test\n\n" + _text(size), encoding="utf-8")
        return [str(path)], path.stat().st_size
    paras = _paragraphs()
    path = folder / "small.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(int(case)):
            out.write(json.dumps({"id": f"s{i}", "date": "2022-01-07",
                                  "text": f"{paras[i % len(paras)]} (Story {i}.)"}) + "\n")
    return [str(path)], path.stat().st_size


def run_case(case: str) -> dict:
    from geopol import Pipeline

    with tempfile.TemporaryDirectory() as tmp:
        paths, size = _inputs(case, Path(tmp))
        pipeline = Pipeline()
        started = time.perf_counter()
        results = list(pipeline.extract(paths))
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux -> MB
    return {"case": case, "documents": len(results), "failed": sum(not r.ok for r in results),
            "events": sum(len(r.events) for r in results), "kb": size / KB, "seconds": seconds,
            "ms_per_kb": 1000 * seconds / (size / KB), "peak_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_case(args.one)))
        return
    print(f"{'case':>6} {'docs':>5} {'events':>7} {'KB':>9} {'seconds':>8} {'ms/KB':>7} {'peak MB':>8}")
    for case in args.cases.split(","):
        out = subprocess.run([sys.executable, __file__, "--one", case], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['case']:>6} {r['documents']:>5} {r['events']:>7} {r['kb']:>9.0f} {r['seconds']:>8.1f} "
              f"{r['ms_per_kb']:>7.2f} {r['peak_mb']:>8.0f}", flush=True)


if __name__ == "__main__":
    main()
