"""spaCy's attribute ruler with its rules looked up, not matched.

The English model's ``attribute_ruler`` maps each fine-grained tag (and a
few words with their tag) to a part of speech, morphology and lemma: 179
rules, nearly all about one token. spaCy runs them through its general
``Matcher``, which tries every rule at every token: about a tenth of the
whole parse. ``index_rules(nlp)`` gives the loaded ruler a ``match`` that
finds exactly the same matches (a test compares them on every line of the
gold sets): each token's tests (TAG, LOWER, ORTH, DEP, IS_SPACE, by value,
``IN``, ``NOT_IN`` or ``REGEX``) are worked out once per distinct token
and remembered, and only the rules its tag or word can meet are tried. A
rule of several tokens is tried where its first token's test holds. The
matches are sorted as spaCy sorts them and applied by spaCy's own
``set_annotations``; a rule this index cannot read (another attribute or
operator) is left to a ``Matcher`` of its own.
"""
from __future__ import annotations

import re

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

FIELDS = {"TAG": TAG, "LOWER": LOWER, "ORTH": ORTH, "DEP": DEP, "IS_SPACE": IS_SPACE}
FLAGS = {"IS_SPACE"}
MEMO_LIMIT = 50_000  # distinct tokens remembered (a few MB) before the memo starts again

Test = tuple[int, str, object]  # (column, "eq" | "in" | "not_in" | "regex", hash, hashes or pattern)


def index_rules(nlp: Language, name: str = "attribute_ruler") -> None:
    """Give ``nlp``'s attribute ruler (if it has one) the indexed ``match``."""
    if name in nlp.pipe_names:
        ruler = nlp.get_pipe(name)
        ruler.match = IndexedRules(ruler)


class IndexedRules:
    """``AttributeRuler.match`` for one ruler, its rules indexed."""

    def __init__(self, ruler) -> None:
        self.strings = ruler.vocab.strings
        self.rest = Matcher(ruler.vocab)
        patterns: list[tuple[int, int, list[list[tuple[str, str, object]]]]] = []
        for rule, spec in enumerate(ruler.patterns):
            match_id = self.strings.add(str(rule))
            for pattern in spec["patterns"]:
                tokens = [self._tests(token) for token in pattern]
                if pattern and all(t is not None for t in tokens):
                    patterns.append((rule, match_id, tokens))
                else:
                    self.rest.add(str(rule), [pattern])
        self.fields = sorted({f for _, _, tokens in patterns for tests in tokens for f, _, _ in tests})
        self.columns = [FIELDS[f] for f in self.fields]
        self.specs: list[list[Test]] = []  # each distinct token test, by id
        # Patterns under the tag (else the word) their first token requires, so
        # a new token is tried against the few rules its tag or word can meet.
        self.keyed: dict[tuple[int, int], list[tuple[int, int, list[int]]]] = {}
        self.general: list[tuple[int, int, list[int]]] = []
        for rule, match_id, tokens in patterns:
            ids = [self._spec_id([(self.fields.index(f), how, v) for f, how, v in tests]) for tests in tokens]
            first = self.specs[ids[0]]
            key = next(((c, v) for name in ("TAG", "LOWER") for c, how, v in first
                        if how == "eq" and self.fields[c] == name), None)
            (self.keyed.setdefault(key, []) if key else self.general).append((rule, match_id, ids))
        self.keys = sorted({c for c, _ in self.keyed})
        self.memo: dict[tuple, list[tuple[int, int, list[int]]]] = {}
        self.passes: dict[tuple, dict[int, bool]] = {}

    def _tests(self, token: dict) -> list[tuple[str, str, object]] | None:
        """(field, how, value) for a token pattern this index can test; None for any other."""
        tests = []
        for field, value in token.items():
            if field not in FIELDS:
                return None
            if field in FLAGS:
                if not isinstance(value, bool):
                    return None
                tests.append((field, "eq", int(value)))
            elif isinstance(value, str):
                tests.append((field, "eq", self.strings.add(value)))
            elif isinstance(value, dict) and len(value) == 1:
                (how, arg), = value.items()
                if how in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
                    tests.append((field, how.lower(), frozenset(self.strings.add(v) for v in arg)))
                elif how == "REGEX" and isinstance(arg, str):
                    tests.append((field, "regex", re.compile(arg)))
                else:
                    return None
            else:
                return None
        return tests

    def _spec_id(self, tests: list[Test]) -> int:
        if tests not in self.specs:
            self.specs.append(tests)
        return self.specs.index(tests)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(rule, match id, start, end) of every match, sorted: later rules
        are applied last, as ``AttributeRuler.match`` has it."""
        if len(self.memo) > MEMO_LIMIT:
            self.memo.clear()
            self.passes.clear()
        rows = list(map(tuple, doc.to_array(self.columns).reshape(len(doc), -1).tolist())) if len(doc) else []
        matches = []
        for i, row in enumerate(rows):
            tried = self.memo.get(row)
            if tried is None:
                tried = self.memo[row] = self._first(row)
            for rule, match_id, ids in tried:
                if len(ids) == 1:
                    matches.append((rule, match_id, i, i + 1))
                elif i + len(ids) <= len(rows) and all(self._passes(rows[i + j], s) for j, s in enumerate(ids) if j):
                    matches.append((rule, match_id, i, i + len(ids)))
        if len(self.rest):
            matches.extend((int(self.strings[m]), m, s, e) for m, s, e in self.rest(doc, allow_missing=True, as_spans=False))
        matches.sort()
        return matches

    def _first(self, row: tuple) -> list[tuple[int, int, list[int]]]:
        """The patterns whose first token's test ``row`` passes."""
        found = [p for c in self.keys for p in self.keyed.get((c, row[c]), ())] + self.general
        return [p for p in found if self._passes(row, p[2][0])]

    def _passes(self, row: tuple, spec: int) -> bool:
        known = self.passes.setdefault(row, {})
        if spec not in known:
            known[spec] = all(self._holds(row[c], how, v) for c, how, v in self.specs[spec])
        return known[spec]

    def _holds(self, value: int, how: str, arg) -> bool:
        if how == "eq":
            return value == arg
        if how == "in":
            return value in arg
        if how == "not_in":
            return value not in arg
        return arg.search(self.strings[value]) is not None
