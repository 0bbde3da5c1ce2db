"""Actor accuracy gate: who is who, and when.

The set is ``tests/data/actors/``: short texts dated by their file names and
``gold.jsonl``, one line per annotated mention. The annotation conventions
and the matching are in ``benchmarks/actors.py``; in short, a span is what
an analyst would mark, and a title without a name is marked *without* its
leading "the" ("Kazakh president", "CSTO secretary-general"), as are
metonyms and definite descriptions ("Kremlin", "organisation"). A gold
mention matches the predicted mention with the same span or the tightest
one containing it (else the longest one inside it that keeps its head
word); it is right when the actor's country and org (and, for
a person, the canonical name) agree. Floors: accuracy 0.95, sector 0.90.
"""
from __future__ import annotations

import json
from pathlib import Path

import actors  # benchmarks/actors.py, on sys.path through conftest.py

MIN_ACCURACY = 0.95
MIN_SECTOR_ACCURACY = 0.90
MIN_MENTIONS = 320
PEOPLE = Path(__file__).resolve().parents[1] / "src" / "geopol" / "kb" / "data" / "people.jsonl"


def test_actor_accuracy_gold_is_well_formed():
    dates, gold = actors.load_gold()
    assert len(gold) >= MIN_MENTIONS
    names = {json.loads(line)["name"] for line in PEOPLE.read_text(encoding="utf-8").splitlines() if line.strip()}
    problems = []
    for g in gold:
        text = (actors.DATA / g.doc).read_text(encoding="utf-8") if g.doc in dates else None
        if text is None:
            problems.append(f"{g.doc}: no doc_date line")
        elif actors.gold_span(text, g) is None:
            problems.append(f"{g.doc}: '{g.text}' occurrence {g.occurrence} is not in the text")
        if g.person and g.person not in names:
            problems.append(f"{g.doc}: person '{g.person}' is not in people.jsonl")
    for doc, date in dates.items():
        if not doc.startswith(date) or not (actors.DATA / doc).is_file():
            problems.append(f"{doc}: missing, or its name does not start with its date {date}")
    assert not problems, "\n".join(problems)


def test_actor_accuracy_gate(pipeline):
    outcomes = actors.run(actors.DATA, pipeline)
    s = actors.scores(outcomes)
    report = "\n".join(actors.misses(outcomes))
    assert s.accuracy >= MIN_ACCURACY and s.sector_accuracy >= MIN_SECTOR_ACCURACY, (
        f"accuracy {s.accuracy:.3f} ({s.right}/{s.mentions}, floor {MIN_ACCURACY}), "
        f"sector accuracy {s.sector_accuracy:.3f} ({s.sectors_right}/{s.sectors}, floor {MIN_SECTOR_ACCURACY}); "
        f"misses:\n{report}")
