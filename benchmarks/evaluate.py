"""Score geopol on the shared gold sets with the project's scorer.

    python benchmarks/evaluate.py [--shared DIR] [--set plover_gsr|petr2_gsr|regional] [--misses] [--keep DIR]

Turns each gold document into a geopol JSONL record, runs ``geopol extract``
(through the Python API, in one process), writes the predictions next to a
temporary copy and prints what ``shared/eval/score.py`` says, plus the
calibration of the confidence scores (share of correct events per bin).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = ("plover_gsr", "petr2_gsr", "regional")
GOLD_FILES = {"regional": "regional/regional_dev.jsonl"}  # the others are <name>.jsonl


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("geopol_gold_scorer", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_documents(gold_file: Path) -> list[dict]:
    """The gold set's documents as geopol JSONL records."""
    docs = []
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if "doc_text" in rec:
            docs.append({"id": rec["doc"], "text": rec["doc_text"], "date": rec.get("doc_date")})
    return docs


def predict(docs: list[dict], workdir: Path, pipeline=None) -> tuple[Path, float]:
    """Run geopol over ``docs``; returns the predictions file and seconds taken."""
    from geopol import Pipeline

    pipeline = pipeline or Pipeline()
    inputs = workdir / "docs.jsonl"
    inputs.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    out = workdir / "pred.jsonl"
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for result in pipeline.extract([str(inputs)]):
            fh.write(json.dumps(result.to_dict()) + "\n")
    return out, time.perf_counter() - started


def calibration(scorer, gold_file: Path, pred_file: Path, bins=(0.0, 0.5, 0.65, 0.8, 1.01)) -> list[tuple[str, int, float]]:
    """Share of predicted events that match a gold item, per confidence bin."""
    gold = scorer.load_jsonl(gold_file)
    texts = {g["doc"]: g["doc_text"] for g in gold if "doc_text" in g}
    items = [g for g in gold if "anchor" in g]
    rows = []
    preds = scorer.load_jsonl(pred_file)
    flat = [(p["doc_id"], e) for p in preds for e in p["events"] if not e.get("negated")]
    for lo, hi in zip(bins, bins[1:]):
        chosen = [(d, e) for d, e in flat if lo <= e["confidence"] < hi]
        right = sum(any(scorer.event_matches(g, e, texts[d].find(g["anchor"]) if g["anchor"] else -1)
                        for g in items if g["doc"] == d) for d, e in chosen)
        rows.append((f"[{lo:.2f}, {min(hi, 1.0):.2f})", len(chosen), right / len(chosen) if chosen else 0.0))
    return rows


def gold_path(shared: Path, name: str) -> Path:
    return shared / "gold" / GOLD_FILES.get(name, f"{name}.jsonl")


def by_genre(scorer, gold_file: Path, pred_file: Path, workdir: Path) -> dict[str, dict]:
    """The scorer's figures for each genre of a gold set whose documents
    name one (the regional set: analysis, wire, blog, survey, newspaper)."""
    lines = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    genre_of = {g["doc"]: g["genre"] for g in lines if "doc_text" in g and g.get("genre")}
    out = {}
    for genre in sorted(set(genre_of.values())):
        subset = workdir / f"gold_{genre}.jsonl"
        subset.write_text("".join(json.dumps(g) + "\n" for g in lines if genre_of.get(g["doc"]) == genre),
                          encoding="utf-8")
        out[genre] = scorer.score(str(subset), str(pred_file), str(workdir))
    return out


def evaluate(name: str, shared: Path = SHARED, pipeline=None, keep: Path | None = None) -> dict:
    """Scores of one gold set (the scorer's dict plus timing and calibration);
    with ``keep``, the predictions stay in ``keep/pred_<name>.jsonl``."""
    scorer = load_scorer(shared)
    gold_file = gold_path(shared, name)
    with tempfile.TemporaryDirectory() as tmp:
        pred, seconds = predict(gold_documents(gold_file), Path(tmp), pipeline)
        result = scorer.score(str(gold_file), str(pred), tmp)
        result["calibration"] = calibration(scorer, gold_file, pred)
        result["genres"] = by_genre(scorer, gold_file, pred, Path(tmp))
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"pred_{name}.jsonl").write_text(pred.read_text(encoding="utf-8"), encoding="utf-8")
    result["seconds"] = round(seconds, 2)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared/ folder (gold and eval)")
    parser.add_argument("--set", choices=SETS, action="append", help="gold set(s) to score (default: all)")
    parser.add_argument("--misses", action="store_true", help="list the missed gold events")
    parser.add_argument("--keep", type=Path, help="keep the predictions in this folder")
    args = parser.parse_args(argv)
    from geopol import Pipeline

    pipeline = Pipeline()
    for name in args.set or SETS:
        res = evaluate(name, args.shared, pipeline, args.keep)
        print(f"== {name}: F1 {res['f1']}  precision {res['precision']}  recall {res['recall_required']}  "
              f"(predicted {res['events_predicted']}, correct {res['events_correct']}, required {res['required']}; "
              f"{res['seconds']} s)")
        if res["mention_accuracy"] is not None:
            print(f"   dates {res['dates_correct']}  mentions {res['mentions_resolved']} ({res['mention_accuracy']})  "
                  f"sectors {res['sector_accuracy']}")
        for genre, g in res["genres"].items():
            print(f"   {genre:<10} F1 {g['f1']:.3f}  precision {g['precision']:.3f}  recall {g['recall_required']:.3f}  "
                  f"dates {g['dates_correct']}  mentions {g['mention_accuracy']}")
        for label, n, share in res["calibration"]:
            print(f"   confidence {label}: {n:4d} events, {share:.2f} correct")
        if args.misses:
            for miss in res["missed_required"]:
                print("   missed:", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
