"""Score geopol's actor resolution on the actor test set.

    python benchmarks/actors.py [--misses] [--data DIR]

The set lives in ``tests/data/actors/``: short texts on Central Asia,
Russia, China, Afghanistan and the Caucasus (1991-2025) named
``YYYY-MM-DD-slug.txt`` (the date is the publication date, so titles
resolve to the office holder then), and ``gold.jsonl`` with one line per
document and one per annotated mention:

    {"doc": "F.txt", "doc_date": "YYYY-MM-DD"}
    {"doc": "F.txt", "text": "Tokayev", "country": "KAZ", "org": null,
     "sector": "GOV", "person": "Kassym-Jomart Tokayev", "occurrence": 1}

Conventions of the annotation:

- ``text`` is the span an analyst would mark, as it appears: the name for a
  named person ("Tokayev"), the title phrase *without* a leading "the" for
  a title without a name ("Kazakh president"), the whole phrase for a
  demonym and a role ("Uzbek border guards"), the word for a metonym
  ("Kremlin"), the head noun for a definite description ("organisation",
  "bloc", "ministry") and the pronoun itself ("he", "it").
- ``occurrence`` counts the whole-word, case-sensitive occurrences of
  ``text`` in the file (headline included), 1-based, so the gold span is
  exact even when the same string refers to different actors.
- ``country``/``org`` are what the mention stands for at the document's
  date: an organisation's acronym with ``country`` null (or its state for a
  national organisation: Memorial is RUS, the Taliban AFG); a person acting
  in an IGO office (the CSTO secretary-general) is the organisation.
- ``sector`` is a PLOVER code, or null when the text does not settle it (a
  place such as "a visit to Dushanbe", the dead, "security forces").
- ``person`` is the ``name`` of a record in ``people.jsonl``, or null for
  people the knowledge base does not know.

A gold mention is matched to the predicted mention whose span is the gold
span or contains it ("Kazakh president Tokayev" for "Tokayev"), the
tightest first, or else to the longest predicted mention inside the gold
span that ends where it ends, so keeps its head ("Supreme Court" for
"Russia's Supreme Court"; "Kazakh" for "Kazakh riot police" does not). It is right when the predicted actor has the gold country
and org and, when a person is given, the person's canonical name; its
sector is scored separately over the mentions whose gold gives one.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "actors"
GOLD_FILE = "gold.jsonl"


@dataclass(frozen=True)
class Gold:
    """One annotated mention and where it is in its document."""

    doc: str
    text: str
    country: str | None
    org: str | None
    sector: str | None
    person: str | None
    occurrence: int = 1

    def expected(self) -> str:
        who = self.org if self.country is None else (f"{self.country}/{self.org}" if self.org else self.country)
        return " ".join(str(x) for x in (who, self.sector, self.person and f"({self.person})") if x)


@dataclass(frozen=True)
class Outcome:
    """How geopol resolved one gold mention (``got`` is None when it found no mention)."""

    gold: Gold
    got: object | None  # the predicted Mention
    right: bool
    sector_right: bool | None  # None when the gold gives no sector

    def line(self) -> str:
        a = getattr(self.got, "actor", None)
        got = "no mention" if a is None else (
            f"'{self.got.text}' -> {a.country}/{a.org} {a.sector} ({a.name})")
        return f"{self.gold.doc}: '{self.gold.text}'#{self.gold.occurrence} expected {self.gold.expected()}, got {got}"


def load_gold(folder: Path = DATA) -> tuple[dict[str, str], list[Gold]]:
    """The documents' dates and the gold mentions of ``folder/gold.jsonl``."""
    dates, mentions = {}, []
    for line in (folder / GOLD_FILE).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if "doc_date" in rec:
            dates[rec["doc"]] = rec["doc_date"]
        else:
            mentions.append(Gold(rec["doc"], rec["text"], rec.get("country"), rec.get("org"),
                                 rec.get("sector"), rec.get("person"), rec.get("occurrence", 1)))
    return dates, mentions


def occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of ``needle`` as a whole word in ``text``."""
    return [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]


def gold_span(text: str, gold: Gold) -> tuple[int, int] | None:
    """The character span of ``gold`` in its document's text, or None if it is not there."""
    starts = occurrences(text, gold.text)
    if not 1 <= gold.occurrence <= len(starts):
        return None
    start = starts[gold.occurrence - 1]
    return start, start + len(gold.text)


def find_mention(mentions: Iterable, span: tuple[int, int]):
    """The predicted mention that is ``span`` or the tightest one containing it;
    failing that, the longest one inside ``span`` that ends with it, i.e. keeps
    its head ("Supreme Court" for "Russia's Supreme Court", but not "Kazakh"
    for "Kazakh riot police")."""
    mentions = list(mentions)
    covering = [m for m in mentions if m.start <= span[0] and span[1] <= m.end]
    if covering:
        return min(covering, key=lambda m: m.end - m.start)
    headed = [m for m in mentions if span[0] <= m.start and m.end == span[1]]
    return max(headed, key=lambda m: m.end - m.start, default=None)


def judge(gold: Gold, mention) -> Outcome:
    actor = getattr(mention, "actor", None)
    if actor is None:
        return Outcome(gold, mention, False, False if gold.sector else None)
    right = (actor.country, actor.org) == (gold.country, gold.org) and (
        gold.person is None or actor.name == gold.person)
    return Outcome(gold, mention, right, actor.sector == gold.sector if gold.sector else None)


def evaluate(results: Iterable, gold: list[Gold]) -> list[Outcome]:
    """One Outcome per gold mention, given the pipeline's DocResults for the folder."""
    by_doc = {Path(r.doc.path or r.doc.doc_id).name: r for r in results}
    outcomes = []
    for g in gold:
        result = by_doc.get(g.doc)
        span = gold_span(result.doc.text, g) if result is not None else None
        found = find_mention(result.mentions, span) if span else None
        outcomes.append(judge(g, found))
    return outcomes


@dataclass(frozen=True)
class Scores:
    accuracy: float
    sector_accuracy: float
    mentions: int
    right: int
    sectors: int
    sectors_right: int


def scores(outcomes: list[Outcome]) -> Scores:
    right = sum(o.right for o in outcomes)
    sectored = [o for o in outcomes if o.sector_right is not None]
    sec_right = sum(bool(o.sector_right) for o in sectored)
    return Scores(right / len(outcomes) if outcomes else 0.0,
                  sec_right / len(sectored) if sectored else 0.0,
                  len(outcomes), right, len(sectored), sec_right)


def misses(outcomes: list[Outcome]) -> Iterator[str]:
    """One line per gold mention resolved wrongly, or with the wrong sector."""
    for o in outcomes:
        if not o.right:
            yield o.line()
        elif o.sector_right is False:
            yield o.line() + " [sector]"


def run(folder: Path = DATA, pipeline=None) -> list[Outcome]:
    """Run geopol over the folder's texts and judge every gold mention."""
    from geopol import Pipeline

    pipeline = pipeline or Pipeline()
    _, gold = load_gold(folder)
    texts = [str(p) for p in sorted(folder.glob("*.txt"))]  # not gold.jsonl, which would read as documents
    return evaluate(list(pipeline.extract(texts)), gold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of texts and gold.jsonl")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    outcomes = run(args.data)
    s = scores(outcomes)
    print(f"mentions  {s.right}/{s.mentions}  accuracy {s.accuracy:.3f}")
    print(f"sectors   {s.sectors_right}/{s.sectors}  accuracy {s.sector_accuracy:.3f}")
    if args.misses:
        for line in misses(outcomes):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
