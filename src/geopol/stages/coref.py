"""Pronouns and definite descriptions ("he", "it", "the organisation", "the
bloc", "the ministry"): each resolves to the most recent compatible actor
before it in the document. Part of the actors stage."""
from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from geopol.kb import KnowledgeBase
from geopol.stages.actors import ActorSpan, token_map

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
GROUP_PRONOUNS = {"it", "its"}
PLURAL_PRONOUNS = {"they", "them", "their"}
IGO_NOUNS = {"organisation", "organization", "bloc", "alliance", "union", "grouping", "pact", "body", "council",
             "forum", "commission"}
ORG_NOUNS = {"group", "movement", "party", "coalition"}
BODY_NOUNS = {"ministry", "committee", "service", "agency", "court", "parliament", "legislature", "directorate"}
STATE_NOUNS = {"government", "country", "republic", "kingdom", "state", "emirate"}


class Coref:
    """Adds anaphoric actor spans to the named ones."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def resolve(self, doc: Doc, spans: list[ActorSpan]) -> list[ActorSpan]:
        """``spans`` plus one span per pronoun or definite description that
        has an antecedent, and the pairs named as "the two countries" or
        "both sides"; sorted by position."""
        return self._with_pairs(doc, self.anaphors(doc, spans), set(token_map(spans)))

    def anaphors(self, doc: Doc, spans: list[ActorSpan]) -> list[ActorSpan]:
        """``spans`` plus one span per pronoun or definite description that
        has an antecedent; sorted by position.

        The antecedent is, for the first test that any earlier span passes,
        the latest such span (by start; in ``spans`` order on a tie). Each
        test remembers its best span so far and looks only at spans that
        became eligible since, so the cost is linear in the document."""
        covered = set(token_map(spans))
        known = sorted(spans, key=lambda s: s.start)
        added: list[ActorSpan] = []
        waiting = deque(sorted(range(len(known)), key=lambda i: known[i].end))  # by end
        eligible: list[tuple[tuple[int, int], ActorSpan]] = []  # ((start, -order), span), growing
        memo: dict[object, _Best] = {}
        for tok in doc:
            while waiting and known[waiting[0]].end <= tok.i:
                i = waiting.popleft()
                _admit(eligible, known[i], i)
            if added and added[-1].start == tok.i - 1:  # the anaphor found at the previous token
                _admit(eligible, added[-1], len(known) + len(added) - 1)
            if tok.i in covered:
                continue
            tests = self._compatible(tok)
            found = next((b.span for test in tests if (b := _best(memo, test, eligible)).span is not None), None)
            if found is not None and _clause_subject(tok, found):
                found = _other_than(tok, tests, eligible)  # "Putin received him": not Putin
            if found is not None:
                added.append(self._anaphor(tok, found))
        return sorted(known + added, key=lambda s: s.start)

    def _with_pairs(self, doc: Doc, resolved: list[ActorSpan], covered: set[int]) -> list[ActorSpan]:
        generic = {i for s in resolved if s.how == "role" for i in range(s.start, s.end)}
        pairs = self._pairs(doc, resolved, covered - generic)
        if not pairs:
            return resolved
        taken = {p.start for p in pairs}  # "the two governments" replaces the generic "governments"
        kept = [s for s in resolved if not (s.how == "role" and taken & set(range(s.start, s.end)))]
        return sorted(kept + pairs, key=lambda s: s.start)

    def _pairs(self, doc: Doc, spans: list[ActorSpan], covered: set[int]) -> list[ActorSpan]:
        """"the two governments", "both sides", "the two leaders", "the two
        agreed": the last two distinct states (or people) named before. One
        span goes on the numeral, one on the noun (or on "the"), so that the
        phrase names both."""
        out: list[ActorSpan] = []
        starts = [s.start for s in spans]
        for tok in doc:
            slots, kind = _pair_slots(tok)
            if not slots or any(t.i in covered for t in slots):
                continue
            end = bisect_left(starts, tok.i)
            before = spans[max(0, end - PAIR_LOOKBACK):end]
            picked: dict[str, ActorSpan] = {}
            speaker = _own_subject(tok)  # "Washington urged restraint on both sides": not Washington
            for span in reversed(before):
                if speaker is not None and _covers(span, speaker):
                    continue
                key = self._pair_key(span, kind)
                if key is not None and key not in picked and span.end <= tok.i:
                    picked[key] = span
                    if len(picked) == 2:
                        break
            if len(picked) == 2:
                first, second = reversed(list(picked.values()))
                phrase = " ".join(t.text for t in doc[slots[0].i:slots[-1].i + 1])
                for slot, ante in zip(slots, (first, second)):
                    out.append(replace(self._as_pair_member(ante, kind), start=slot.i, end=slot.i + 1, root=slot.i,
                                       place=False, how="pair", confidence=min(ante.confidence, 0.6),
                                       reason=f"{phrase!r} refers back to {first.name} and {second.name}"))
        return out

    def _pair_key(self, span: ActorSpan, kind: str) -> str | None:
        if span.place:
            return None
        person = span.entity_id if self._is_person(span, None) and span.entity_id else None
        if kind == "person":
            return person
        if span.country and not span.org:
            return span.country
        return self._person_country(person) if person else None  # a person's country is filled later, by date

    def _person_country(self, entity_id: str) -> str | None:
        """The one country a known person has served, if just one."""
        ent = self.kb.entities.get(entity_id)
        countries = {role.country for role in ent.roles if role.country} if ent is not None else set()
        if not countries and ent is not None:
            countries = {ent.country} - {None}
        return next(iter(countries)) if len(countries) == 1 else None

    def _as_pair_member(self, span: ActorSpan, kind: str) -> ActorSpan:
        """For "the two countries", the state itself, not the person who
        stood for it."""
        return (self._as_state(span, span.country) if kind == "state" else None) or span

    def _as_state(self, span: ActorSpan, country: str | None) -> ActorSpan | None:
        """``span`` standing for the state ``country`` (None if the knowledge base has no such state)."""
        state = self.kb.state(country) if country else None
        if state is None:
            return None
        return replace(span, name=state.name, entity_id=state.id, country=country, office=None, org=None,
                       sector="GOV")

    def _compatible(self, tok: Token) -> list[Callable[[ActorSpan], bool]]:
        """What antecedents ``tok`` accepts, best kind first; none if it is
        no anaphor."""
        word = tok.lower_
        if tok.pos_ == "PRON" or (word in PERSON_PRONOUNS and tok.tag_ == "PRP$"):
            if word in PERSON_PRONOUNS:
                return [lambda s: self._is_person(s, PERSON_PRONOUNS[word])]
            if word in GROUP_PRONOUNS:
                return [lambda s: not self._is_person(s, None) and (s.country or s.org) is not None]
            if word in PLURAL_PRONOUNS:  # "Afghan rebel leaders said they would meet..."
                return [lambda s: s.how in ("role", "demonym") or self.kb.entities.get(s.entity_id or "") is None
                        and not self._is_person(s, None) and (s.country or s.org) is not None]
            return []
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in ANAPHOR_NOUNS:
            return []  # most words: decided before their children are read
        if (owner := _owning_pronoun(tok)) is not None:  # "his country", "their government"
            return self._compatible(owner)
        if not _definite(tok):
            return []
        if tok.tag_ == "NNS" or any(c.dep_ == "poss" for c in tok.children):
            return []  # "the self-proclaimed people's republics": no one state named before
        lemma = tok.lemma_.lower()
        if lemma in IGO_NOUNS:
            return [lambda s: self._is_org(s) and s.sector in (None, "IGO") and self._org_type(s) == "IGO", self._is_org]
        if lemma in ORG_NOUNS:
            return [self._is_org]
        if lemma in BODY_NOUNS:
            return [lambda s: lemma in s.name.lower(), lambda s: self._kind(s) == "body"]
        if lemma in STATE_NOUNS:
            return [self._is_state]
        return []

    def _org_type(self, span: ActorSpan) -> str | None:
        ent = self.kb.entities.get(span.entity_id or "")
        return ent.org_type if ent is not None else None

    def _kind(self, span: ActorSpan) -> str | None:
        ent = self.kb.entities.get(span.entity_id or "")
        return ent.kind if ent is not None else None

    def _is_person(self, span: ActorSpan, gender: str | None) -> bool:
        ent = self.kb.entities.get(span.entity_id or "")
        if ent is not None and ent.kind == "person":
            return gender is None or ent.gender in (None, gender)
        return span.how in ("title", "fuzzy", "surname", "person") or (span.how == "anaphor" and span.office is not None)

    def _is_org(self, span: ActorSpan) -> bool:
        return self._kind(span) == "org" or (span.org is not None and span.office is None)

    def _is_state(self, span: ActorSpan) -> bool:
        return self._kind(span) in ("state", "territory") or (span.how in ("metonym", "name") and span.country
                                                               is not None and span.entity_id is not None
                                                               and span.entity_id.startswith("country/"))

    def _anaphor(self, tok: Token, antecedent: ActorSpan) -> ActorSpan:
        how = "person" if antecedent.how in ("title", "fuzzy", "surname", "person") else antecedent.how
        span = replace(antecedent, start=tok.i, end=tok.i + 1, root=tok.i, place=False, how=how,
                       confidence=min(antecedent.confidence, 0.7),
                       reason=f"{tok.text!r} refers back to {antecedent.name}")
        owner = _owning_pronoun(tok)
        if owner is None:
            return span
        state = self._as_state(span, antecedent.country or self._person_country(antecedent.entity_id or ""))
        if state is None:
            return span
        return replace(state, how="anaphor", reason=f"{owner.text} {tok.text!r}: the country of {antecedent.name}")


@dataclass
class _Best:
    """One test's latest passing span among the first ``seen`` eligible ones."""

    seen: int = 0
    rank: tuple[int, int] = (-1, 0)
    span: ActorSpan | None = None


def _admit(eligible: list[tuple[tuple[int, int], ActorSpan]], span: ActorSpan, order: int) -> None:
    """``span`` may now be an antecedent (places never are)."""
    if not span.place:
        eligible.append(((span.start, -order), span))


def _best(memo: dict[object, _Best], test: Callable[[ActorSpan], bool],
          eligible: list[tuple[tuple[int, int], ActorSpan]]) -> _Best:
    """``test``'s best span, brought up to date with the spans admitted since
    it last looked. Tests are pure functions of the span, so two made by the
    same code with the same captured values share their memory."""
    key = _test_key(test)
    best = memo.setdefault(key, _Best()) if key is not None else _Best()
    for rank, span in eligible[best.seen:]:
        if rank > best.rank and test(span):
            best.rank, best.span = rank, span
    best.seen = len(eligible)
    return best


def _test_key(test: Callable[[ActorSpan], bool]) -> object:
    """What makes ``test`` the test it is: its code and captured values (a
    bound method: its function and object); None if they are unhashable."""
    func = getattr(test, "__func__", test)
    owner = getattr(test, "__self__", None)
    cells = tuple(c.cell_contents for c in (getattr(func, "__closure__", None) or ()))
    try:
        key = (getattr(func, "__code__", func), id(owner), cells)
        hash(key)
    except TypeError:
        return None
    return key


OBJECT_DEPS = {"dobj", "dative", "pobj", "iobj"}
OWN_STATE_NOUNS = {"country", "government", "nation", "homeland"}
ANAPHOR_NOUNS = IGO_NOUNS | ORG_NOUNS | BODY_NOUNS | STATE_NOUNS | OWN_STATE_NOUNS  # the nouns that can refer back


def _owning_pronoun(tok: Token) -> Token | None:
    """The possessive pronoun of "his country", "their government" (the
    country is its owner's), if ``tok`` is such a noun."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.lemma_.lower() not in OWN_STATE_NOUNS:
        return None
    return next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("his", "her", "their")), None)


# "the two countries", "both sides": nouns for a pair of states, and for a pair of people.
PAIR_STATE_NOUNS = {"side", "country", "government", "capital", "neighbour", "neighbor", "state", "republic",
                    "delegation", "nation", "party"}
PAIR_PERSON_NOUNS = {"man", "leader", "president", "minister", "premier", "counterpart"}
PAIR_LOOKBACK = 40  # spans back: a pair is named shortly before


def _own_subject(tok: Token) -> Token | None:
    """The subject of the verb a phrase belongs to (the one acting on the pair)."""
    verb = next((t for t in tok.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or tok.dep_ in ("nsubj", "nsubjpass") and tok.head is verb:
        return None
    if any(t.lower_ == "between" for t in tok.ancestors if t.i > verb.i or t is verb):
        return None  # "rejected talks between the two neighbours": the speaker is one of them
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _pair_slots(tok: Token) -> tuple[tuple[Token, ...], str]:
    """The tokens that carry "the two X" / "both X" (the numeral and the
    noun), and whether the pair are states or people; nothing otherwise."""
    if tok.lower_ not in ("two", "both"):
        return (), ""
    noun = tok.head
    if tok.dep_ in ("nummod", "det", "predet", "amod", "quantmod") and noun.pos_ == "NOUN" and noun.tag_ == "NNS":
        lemma = noun.lemma_.lower()
        if lemma in PAIR_STATE_NOUNS:
            return (tok, noun), "state"
        if lemma in PAIR_PERSON_NOUNS:
            return (tok, noun), "person"
        return (), ""
    the = next((c for c in tok.children if c.lower_ == "the"), None)
    if tok.lower_ == "two" and tok.dep_ in ("nsubj", "nsubjpass") and the is not None:
        return (the, tok), "state"  # "the two agreed"
    return (), ""


def _clause_subject(tok: Token, span: ActorSpan) -> bool:
    """``span`` is the subject of the verb whose object the pronoun ``tok``
    is: "Putin received him" cannot mean Putin received Putin (that would
    be "himself")."""
    if tok.dep_ not in OBJECT_DEPS:
        return False
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    return any(c.dep_ in ("nsubj", "nsubjpass") and (_covers(span, c) or c.i == span.root) for c in verb.children)


def _covers(span: ActorSpan, tok: Token) -> bool:
    """``tok`` is one of ``span``'s tokens (an anaphor's span is its one token)."""
    return span.start <= tok.i < max(span.end, span.start + 1)


def _other_than(tok: Token, tests: list[Callable[[ActorSpan], bool]],
                eligible: list[tuple[tuple[int, int], ActorSpan]]) -> ActorSpan | None:
    """The best antecedent that is not the subject of ``tok``'s own verb (a
    rare case: a linear look)."""
    for test in tests:
        passing = [(rank, span) for rank, span in eligible if not _clause_subject(tok, span) and test(span)]
        if passing:
            return max(passing, key=lambda pair: pair[0])[1]
    return None


def _definite(tok: Token) -> bool:
    """"the organisation", "the regional bloc", but not "a group" nor "the
    Islamist group Hizb ut-Tahrir" (a name follows) nor "the EU group"."""
    dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
    if not any(c.lower_ in ("the", "this", "that") for c in dets):
        return False
    return not any(c.dep_ in ("compound", "appos", "nmod") or c.ent_type_ for c in tok.children)
