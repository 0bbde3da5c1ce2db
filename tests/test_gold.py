"""Evaluation gate: F1 on the shared gold sets may only rise.

Floors are raised by hand when the coder improves; the digests make sure
nobody edits the yardstick silently. Scored with ../shared/eval/score.py.
"""
from __future__ import annotations

import hashlib

import pytest

FLOORS = {"plover_gsr": 0.72, "petr2_gsr": 0.66, "regional": 0.69}
DIGESTS = {
    "plover_gsr": "ec9dce115ea3311789be7f7980523b131b00445ebc0cc14c25fd3930bfecaca7",
    "petr2_gsr": "7e81069fe46e80490b1d7e7dde2a1f98c644e2d771eb30a43b1b60ae982f1ffc",
    "regional": "ec28b0ca3c5c4954829c8ee534a62512244764b1f4ec430766f2b6170b7e4580",
}
# Whole regional articles: actor mentions resolved, and dated gold events the coder matches dated right.
REGIONAL_FLOORS = {"mention_accuracy": 0.94, "dates": 0.93}  # measured: mentions 0.950 (395/416), dates 0.936 (235/251)


@pytest.mark.parametrize("name", sorted(DIGESTS))
def test_gold_digest_unchanged(shared_dir, name):
    from evaluate import gold_path

    data = gold_path(shared_dir, name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == DIGESTS[name], f"{name}.jsonl changed: review, then update DIGESTS"


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_gold_f1_at_least_floor(shared_dir, pipeline, name):
    from evaluate import evaluate

    result = evaluate(name, shared_dir, pipeline)
    assert result["f1"] >= FLOORS[name], f"{name}: F1 {result['f1']} fell below {FLOORS[name]}"


# Share of events with confidence >= 0.8 that match gold, per set and pooled.
# The issue asks 0.80 on the gold sets (pooled); PETR-2 alone has too few such
# events (11) to hold a floor of its own. These floors may only rise.
CALIBRATION_FLOORS = {"plover_gsr": 0.80, "pooled": 0.80}


def test_gold_confident_events_are_mostly_right(shared_dir, pipeline):
    from evaluate import evaluate

    right, total = 0, 0
    for name in ("petr2_gsr", "plover_gsr"):
        (_, n, share), = [row for row in evaluate(name, shared_dir, pipeline)["calibration"] if row[0].startswith("[0.80")]
        assert n > 0, f"{name}: no event reaches confidence 0.8"
        if name in CALIBRATION_FLOORS:
            assert share >= CALIBRATION_FLOORS[name], f"{name}: {share:.2f} of {n} confident events right"
        right, total = right + share * n, total + n
    assert right / total >= CALIBRATION_FLOORS["pooled"], f"pooled: {right / total:.2f} of {total} right"


def test_gold_regional_mentions_and_dates_at_least_floor(shared_dir, pipeline):
    from evaluate import evaluate

    result = evaluate("regional", shared_dir, pipeline)
    right, dated = (int(x) for x in result["dates_correct"].split("/"))
    assert result["mention_accuracy"] >= REGIONAL_FLOORS["mention_accuracy"], result["mentions_resolved"]
    assert dated and right / dated >= REGIONAL_FLOORS["dates"], result["dates_correct"]
