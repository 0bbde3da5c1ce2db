"""The knowledge base in memory: entities by id, names to candidates,
office holders and memberships at a date."""
from __future__ import annotations

import os
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from geopol.errors import KnowledgeBaseError, Problem, raise_problem
from geopol.kb.load import default_files, merge, read_file
from geopol.kb.records import Agreement, Entity, Role, parse_date



@dataclass(frozen=True)
class Candidate:
    """One entity a name may refer to, and how."""

    entity_id: str
    how: str


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key for a name (memoised:
    every entity of every document is looked up by it, and names repeat)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("`", "'").replace("\u2010", "-").replace("\u2013", "-")
    text = text.lower().replace(".", "")
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.replace("-", " ").split())


def one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one substitution,
    insertion, deletion or transposition of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:]


def _variants(name: str, how: str) -> list[str]:
    name = name.strip()
    if how == "acronym":
        return [name]
    if name.lower().startswith("the "):
        name = name[4:]
    out = [name]
    if "-" in name:
        out.append(name.replace("-", " "))
    if "'" in name or "\u2019" in name:
        out.append(name.replace("'", "\u2019") if "'" in name else name.replace("\u2019", "'"))
    return out


class KnowledgeBase:
    """Entities plus the indexes the resolver needs."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self.entities: dict[str, Entity] = {}
        self.agreements: dict[str, Agreement] = {}  # treaties, declarations, formats: not actors
        self.problems: list[Problem] = []
        self._names: dict[str, list[Candidate]] = defaultdict(list)
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)  # (first letter, length) -> names
        self._acronyms: dict[str, list[Candidate]] = defaultdict(list)
        self._phrases: dict[str, str] = {}
        self._by_country: dict[str, str] = {}
        self._by_org: dict[str, str] = {}
        self._last_names: dict[str, list[str]] = defaultdict(list)  # folded last word of a person's name -> ids
        self._with_article: set[str] = set()  # folded names the records write with "the" ("the Kremlin")
        self._offices = self._bodies = None  # built on first use (holders, bodies)
        self._near: dict[tuple, _NearIndex] = {}  # (kinds, how) -> spelling index, built on first use
        for ent in entities:
            self.add(ent)

    # building -------------------------------------------------------------
    def add(self, ent: Entity | Agreement) -> None:
        """Add an entity or agreement, or extend the one with the same id."""
        if isinstance(ent, Agreement):
            self._add_agreement(ent)
            return
        if ent.id in self.entities:
            merge(self.entities[ent.id], ent)
            ent = self.entities[ent.id]
        else:
            self.entities[ent.id] = ent
        self._index(ent)
        self._offices = self._bodies = None  # a merge may change roles and countries: rebuilt when next asked
        self._near = {}

    def _add_agreement(self, agreement: Agreement) -> None:
        """A later record of the same id extends its lists and overrides its set fields."""
        base = self.agreements.setdefault(agreement.id, agreement)
        if base is agreement:
            return
        for key in ("aliases", "parties", "milestones"):
            getattr(base, key).extend(x for x in getattr(agreement, key) if x not in getattr(base, key))
        for key in ("name", "type", "institution", "subject", "signed", "place", "in_force", "ended", "follows"):
            if getattr(agreement, key):
                setattr(base, key, getattr(agreement, key))

    def agreement(self, name: str) -> Agreement | None:
        """The agreement or format with this id, name or alias (ignoring case and accents)."""
        if name in self.agreements:
            return self.agreements[name]
        key = fold(name)
        return next((a for a in self.agreements.values() if key in {fold(n) for n in a.names}), None)

    def agreements_of(self, org: str) -> list[Agreement]:
        """The agreements that belong to organisation ``org`` (its acronym), by date signed."""
        found = [a for a in self.agreements.values() if a.institution == org]
        return sorted(found, key=lambda a: (a.signed or parse_date("1900"), a.id))

    def _index(self, ent: Entity) -> None:
        for how, names in self._names_of(ent):
            table = self._acronyms if how == "acronym" else self._names
            for name in names:
                key = name if how == "acronym" else fold(name)
                cand = Candidate(ent.id, how)
                if key and how != "acronym" and key not in self._names:
                    self._buckets[(key[0], len(key))].append(key)
                if key and cand not in table[key]:
                    table[key].append(cand)
                for variant in _variants(name, how):
                    self._phrases.setdefault(variant, how)
                if name.lower().startswith("the "):
                    self._with_article.add(key)
        if ent.kind == "person":
            for name in [ent.name, *ent.aliases]:
                last = fold(name.split()[-1]) if name.split() else ""
                if last and ent.id not in self._last_names[last]:
                    self._last_names[last].append(ent.id)
        if ent.kind in ("state", "territory") and ent.country:
            self._by_country.setdefault(ent.country, ent.id)
        if ent.kind == "org" and ent.org:
            self._by_org.setdefault(ent.org, ent.id)

    @staticmethod
    def _names_of(ent: Entity) -> Iterator[tuple[str, list[str]]]:
        yield "name", [ent.name, *ent.aliases]
        yield "acronym", ent.acronyms
        yield "demonym", ent.demonyms
        yield "metonym", ent.metonyms
        yield "surname", ent.surnames

    # lookups ----------------------------------------------------------------
    def candidates(self, text: str) -> list[Candidate]:
        """Entities the exact string may name (acronyms case-sensitively)."""
        return list(self._acronyms.get(text.strip(), [])) + list(self._names.get(fold(text), []))

    def takes_article(self, text: str) -> bool:
        """Whether a record writes this name with its article ("the Kremlin",
        "the Taliban"), so the article belongs to the mention."""
        return fold(text) in self._with_article

    def by_last_name(self, word: str) -> list[Entity]:
        """People whose name (or an alias) ends in ``word``, also those whose
        surname is left out of ``surnames`` because relatives share it."""
        return [self.entities[i] for i in self._last_names.get(fold(word), [])]

    def near(self, text: str, kinds: tuple[str, ...] = ("person",), how: str = "name") -> list[Candidate]:
        """Entities whose name (or surname, with ``how="surname"``) is one
        edit (a letter wrong, missing, extra or swapped) from ``text``; only
        for names of 7 letters or more, where one edit rarely makes another
        real name."""
        key = fold(text)
        if len(key) < 7:
            return []
        index = self._near.get((kinds, how))
        if index is None:
            index = self._near[(kinds, how)] = _NearIndex(self, kinds, how)
        return [cand for other in index.near(key) for cand in self._names[other]
                if cand.how == how and self.entities[cand.entity_id].kind in kinds]

    def _bucket(self, first: str, length: int) -> list[str]:
        """Names (folded) of that first letter and a length within one, in
        the order ``near`` reports them."""
        return [n for d in (-1, 0, 1) for n in self._buckets.get((first, length + d), [])]

    def names(self) -> Iterator[tuple[str, str]]:
        """(phrase, how) pairs to match in text, as written in the records
        plus spelling variants ("Kassym Jomart" for "Kassym-Jomart")."""
        return iter(self._phrases.items())

    def state(self, iso3: str | None) -> Entity | None:
        return self.entities.get(self._by_country.get(iso3 or "", ""))

    def country_at(self, iso3: str | None, when: date | None) -> str | None:
        """The state ``iso3``'s places and people belonged to at ``when``:
        Juba was in Sudan before South Sudan's independence (``independent``
        and ``part_of`` on the state's record)."""
        for _ in range(5):  # a short chain of successions at most
            state = self.state(iso3)
            if when is None or state is None or not state.independent or when >= parse_date(state.independent):
                return iso3
            iso3 = state.part_of
        return iso3

    def org(self, acronym: str | None) -> Entity | None:
        return self.entities.get(self._by_org.get(acronym or "", ""))

    def coded_org(self, acronym: str | None) -> str | None:
        """The organisation ``acronym`` is coded as: an organ's parent (its
        ``part_of``: the UN General Assembly acts for the UN), else itself."""
        for _ in range(5):  # organ of an organ at most, in practice
            ent = self.org(acronym)
            if ent is None or not ent.part_of:
                return acronym
            acronym = ent.part_of
        return acronym

    def holders(self, office: str, when: date | None, country: str | None = None,
                org: str | None = None) -> list[tuple[Entity, Role]]:
        """People holding ``office`` of ``country`` or ``org`` at ``when``, in
        knowledge-base order; one dictionary lookup, then the few roles of
        that office there are checked for the date."""
        offices = self._office_index()
        key = (office, "country", country) if country is not None else \
            (office, "org", org) if org is not None else (office,)
        return [(ent, role) for ent, role in offices.get(key, [])
                if role.span.covers(when) and (org is None or role.org == org)]

    def _office_index(self) -> dict[tuple, list[tuple[Entity, Role]]]:
        """(office,), (office, "country", iso3) and (office, "org", acronym)
        -> every (person, role) of that office, in entity and role order."""
        if self._offices is None:
            self._offices = offices = defaultdict(list)
            for ent in self.people():
                for role in ent.roles:
                    held = (ent, role)
                    offices[(role.office,)].append(held)
                    offices[(role.office, "country", role.country)].append(held)
                    offices[(role.office, "org", role.org)].append(held)
        return self._offices

    def bodies(self, country: str | None) -> list[Entity]:
        """The national bodies (ministries, councils, services) of a country."""
        if self._bodies is None:
            self._bodies = defaultdict(list)
            for ent in self.entities.values():
                if ent.kind == "body":
                    self._bodies[ent.country or ""].append(ent)
        return self._bodies.get(country or "", [])

    def people(self) -> Iterator[Entity]:
        return (e for e in self.entities.values() if e.kind == "person")

    def members(self, org: str, when: date | None) -> list[str]:
        ent = self.org(org) or self.entities.get(org)
        return ent.members_at(when) if ent else []

    def find(self, name: str) -> list[Entity]:
        """Entities whose id, name, alias, acronym or surname is ``name``."""
        if name in self.entities:
            return [self.entities[name]]
        seen: dict[str, Entity] = {}
        for cand in self.candidates(name) + list(self._acronyms.get(name.upper(), [])):
            seen.setdefault(cand.entity_id, self.entities[cand.entity_id])
        return list(seen.values())


class _NearIndex:
    """For ``near``: the folded names of one first letter and length that
    have a candidate of ``how`` and one of ``kinds``, under every string one
    deletion from them (and themselves). Two strings one edit apart (a letter
    wrong, missing, extra, or two neighbours swapped) share such a string, so
    a query looks up its own deletions instead of testing every name of its
    first letter and a length within one (a deletion neighbourhood, as
    SymSpell has it). Each bucket is indexed when a query first needs it:
    a document asks about few, and a large knowledge base has many."""

    def __init__(self, kb: KnowledgeBase, kinds: tuple[str, ...], how: str) -> None:
        self.kb, self.kinds, self.how = kb, kinds, how
        self.buckets: dict[tuple[str, int], dict[str, list[str]]] = {}
        self.rank: dict[str, int] = {}  # a name's place in its bucket

    def near(self, key: str) -> list[str]:
        """Names one edit from ``key`` with its first letter, in the order a
        scan of the buckets of lengths ``len(key)`` - 1, + 0, + 1 finds them."""
        parts = _deletions(key)
        hits = []
        for length in (len(key) - 1, len(key), len(key) + 1):
            index = self._bucket(key[0], length)
            found = {n for part in parts for n in index.get(part, ())}
            hits += sorted((n for n in found if one_edit(key, n)), key=self.rank.__getitem__)
        return hits

    def _bucket(self, first: str, length: int) -> dict[str, list[str]]:
        index = self.buckets.get((first, length))
        if index is None:
            index = self.buckets[(first, length)] = defaultdict(list)
            kb = self.kb
            for rank, name in enumerate(kb._buckets.get((first, length), ())):
                if any(c.how == self.how and kb.entities[c.entity_id].kind in self.kinds for c in kb._names[name]):
                    self.rank[name] = rank
                    for part in _deletions(name):
                        index[part].append(name)
        return index


def _deletions(word: str) -> set[str]:
    """``word`` and every string one letter shorter."""
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def kb_paths(extra: Iterable[str | Path] = ()) -> list[Path]:
    """Shipped files, then ``$GEOPOL_KB`` (os.pathsep-separated), then ``extra``."""
    return default_files() + user_paths() + [Path(p) for p in extra]


def user_paths() -> list[Path]:
    """The files ``$GEOPOL_KB`` names (os.pathsep-separated)."""
    return [Path(p) for p in os.environ.get("GEOPOL_KB", "").split(os.pathsep) if p]


def load(paths: Iterable[str | Path] | None = None, strict: bool = False) -> KnowledgeBase:
    """Load the knowledge base; bad lines are kept in ``kb.problems``
    (or raised as KnowledgeBaseError with ``strict``). Without ``paths``,
    the files ``$GEOPOL_KB`` adds must be there and valid: the first
    problem in them is raised, never ignored."""
    kb = KnowledgeBase()
    added = set(user_paths()) if paths is None else set()
    for path in kb_paths() if paths is None else [Path(p) for p in paths]:
        for item in read_file(path):
            if isinstance(item, Problem):
                if strict or path in added:
                    raise_problem(KnowledgeBaseError, item)
                kb.problems.append(item)
            else:
                kb.add(item)
    kb._office_index()  # built once here, not in the first document that names a title
    return kb
