"""The trigger lexicon (data/triggers.jsonl) and the PLOVER/CAMEO tables.

See docs/triggers.md for the file format. Users extend the lexicon with
their own JSONL files; a later entry with the same phrase and part of
speech replaces the earlier one.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from geopol.errors import KnowledgeBaseError
from geopol.types import EVENT_TYPES

TRIGGER_FILE = Path(__file__).parent / "data" / "triggers.jsonl"

# Prepositions, by what the parse and the actors stage ask of them.
# The object of a locative preposition is where something is or happens,
# never who acts: "a rally in Lagos" is no Ricardo Lagos, "talks in Brussels"
# are not the EU's, "flights via Termez".
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout", "via", "through",
                            "within", "around"})
# The object of a belonging preposition says whose an unnamed actor is: where
# they are or come from, or what they are part of ("demonstrators in
# Baghdad", "rebels from Afghanistan", "the army of Kyrgyzstan").
BELONGING_PREPS = frozenset({"in", "at", "inside", "throughout", "across", "from", "of"})

# PLOVER type -> (CAMEO root, quad class, intensity). The quad classes follow
# the CAMEO/ICEWS four-way scheme; intensity is the Goldstein (1992) value of
# the CAMEO root (scheme named in QUAD_SCHEME / INTENSITY_SCHEME).
QUAD_SCHEME = "CAMEO quad class"
INTENSITY_SCHEME = "Goldstein scale of the CAMEO root"
TYPE_TABLE: dict[str, tuple[str, str, float]] = {
    "AGREE": ("03", "verbal cooperation", 4.0),
    "CONSULT": ("04", "verbal cooperation", 1.0),
    "SUPPORT": ("05", "verbal cooperation", 3.5),
    "CONCEDE": ("08", "material cooperation", 5.0),
    "COOPERATE": ("06", "material cooperation", 6.0),
    "AID": ("07", "material cooperation", 7.0),
    "RETREAT": ("08", "material cooperation", 5.0),
    "REQUEST": ("02", "verbal cooperation", 3.0),
    "ACCUSE": ("11", "verbal conflict", -2.0),
    "REJECT": ("12", "verbal conflict", -4.0),
    "THREATEN": ("13", "verbal conflict", -6.0),
    "PROTEST": ("14", "material conflict", -6.5),
    "SANCTION": ("16", "material conflict", -4.0),
    "MOBILIZE": ("15", "material conflict", -7.2),
    "COERCE": ("17", "material conflict", -7.0),
    "ASSAULT": ("18", "material conflict", -9.0),
}
COOPERATIVE = {t for t, (_, q, _) in TYPE_TABLE.items() if "cooperation" in q}


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a head lemma plus the dependent lemmas it needs."""

    head: str
    rest: tuple[str, ...]
    pos: str
    type: str
    cameo: str
    code: str | None = None
    mode: str | None = None
    context: str | None = None
    target: tuple[str, ...] = ("dobj",)
    intent: bool = False
    symmetric: bool = False
    reverse: bool = False  # "received weapons *from* X": the target slot holds the source
    needs_object: bool = False  # "released *the mayor*" (not "released a statement"): an actor acted upon

    @property
    def phrase(self) -> str:
        return " ".join((self.head,) + self.rest)


def _trigger(rec: dict, where: str) -> Trigger:
    words = str(rec.get("phrase", "")).lower().split()
    if not words or rec.get("type") not in EVENT_TYPES or rec.get("pos") not in ("VERB", "NOUN"):
        raise KnowledgeBaseError("E202", path=where.rsplit(":", 1)[0], line=where.rsplit(":", 1)[1],
                                 detail="a trigger needs a phrase, a pos (VERB or NOUN) and one of the 16 PLOVER types")
    return Trigger(words[0], tuple(words[1:]), rec["pos"], rec["type"],
                   str(rec.get("cameo") or TYPE_TABLE[rec["type"]][0]), rec.get("code"),
                   rec.get("mode"), rec.get("context"), tuple(rec.get("target") or ("dobj",)),
                   bool(rec.get("intent")), bool(rec.get("symmetric")), bool(rec.get("reverse")),
                   bool(rec.get("needs_object")))


class Lexicon:
    """Triggers by head lemma and part of speech, longest phrases first."""

    def __init__(self, triggers: Iterable[Trigger] = ()) -> None:
        self._by_key: dict[tuple[str, str, tuple[str, ...]], Trigger] = {}
        for trig in triggers:
            self._by_key[(trig.head, trig.pos, trig.rest)] = trig
        self._index()

    def _index(self) -> None:
        self.by_head: dict[tuple[str, str], list[Trigger]] = {}
        for trig in self._by_key.values():
            self.by_head.setdefault((trig.head, trig.pos), []).append(trig)
            if trig.pos == "NOUN" and trig.rest:  # "hunger strike": the head noun comes last
                last = replace(trig, head=trig.rest[-1], rest=(trig.head,) + trig.rest[:-1])
                self.by_head.setdefault((last.head, last.pos), []).append(last)
        for trigs in self.by_head.values():
            trigs.sort(key=lambda t: -len(t.rest))

    def get(self, lemma: str, pos: str) -> list[Trigger]:
        return self.by_head.get((lemma, pos), [])

    def __len__(self) -> int:
        return len(self._by_key)

    @classmethod
    def load(cls, paths: Iterable[Path] = (TRIGGER_FILE,)) -> "Lexicon":
        triggers = []
        for path in paths:
            with Path(path).open(encoding="utf-8") as fh:
                for lineno, line in enumerate(fh, 1):
                    if line.strip():
                        triggers.append(_parse_line(line, f"{path}:{lineno}"))
        return cls(triggers)


def _parse_line(line: str, where: str) -> Trigger:
    try:
        return _trigger(json.loads(line), where)
    except json.JSONDecodeError as exc:
        path, lineno = where.rsplit(":", 1)
        raise KnowledgeBaseError("E201", path=path, line=lineno, detail=exc.msg) from exc
