"""Grow the knowledge base from an offline Wikidata JSON dump.

One call::

    from geopol.kb.wikidata import import_dump
    for item in import_dump(Path("latest-all.json.gz")):
        ...  # a knowledge-base record (dict) or a Problem (file and line)

and one command::

    geopol kb import-wikidata latest-all.json.gz --out wikidata.jsonl [--lang en]
    geopol kb check wikidata.jsonl
    GEOPOL_KB=wikidata.jsonl geopol extract news/

The input is the standard dump (``latest-all.json[.gz|.bz2|.xz]``): one JSON
array with one entity per line, each line ending with ``,``. Compression is
recognised from the file's first bytes. The output records follow docs/kb.md:

* ``state`` for items whose P31 is a country, sovereign state, historical
  country or state and that have an ISO 3166-1 alpha-3 code (P298): id
  ``country/ISO3``, iso2 (P297), demonyms (P1549), capital (P36) and the
  capital as metonym when the capital item is in the dump;
* ``person`` for humans (P31 Q5) with a position held (P39): one role per
  statement, dated by its P580/P582 qualifiers; a position that a state in
  the dump names as its head of state (P1906) or head of government (P1313)
  becomes that office of that state, any other position ``official`` of the
  state in its P17 (or P1001);
* ``org`` for international, intergovernmental, nonprofit, political,
  non-governmental and terrorist organisations: id ``org/<short name>``
  (P1813) or ``org/<slug>``, members from the P463 "member of" statements of
  the states in the dump.

Dates keep the precision Wikidata gives (day, month or year); a coarser date
is left out, and a role or membership that *ended* at an unknown or coarse
date is dropped rather than shown as current.

How it reads, and what it holds in memory: three streaming passes.
Pass 1 parses only the lines that can matter (those mentioning P298, P39 or
an organisation class) and keeps the states (names, codes, capital, heads,
memberships), the ids of the people and organisations (to settle id
collisions) and the set of items they point to. Pass 2 parses only those
pointed-to items and keeps their label and country. Pass 3 emits the
records. The whole dump is never held: memory grows with the number of
states, positions, family names and office holders, not with the dump
(an estimate for the full Wikidata, not measured: a few hundred MB, mostly
the office holders' ids and the labels of positions and family names).
Lines that mention none of the markers are only decompressed and
substring-tested (about 35,000 short lines a second per pass on one core).
Every line is shape-checked in pass 3; a line that is not a complete
JSON object, or a relevant line that does not parse, yields a Problem with
its file and line number and the import goes on.
"""
from __future__ import annotations

import bz2
import gzip
import json
import lzma
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from geopol.errors import Problem
from geopol.kb.load import check_record
from geopol.kb.records import parse_date

__all__ = ["build_index", "entity_record", "import_dump", "slug", "wikidata_date"]

STATE_CLASSES = frozenset({"Q6256", "Q3624078", "Q3024240", "Q7275"})
HUMAN = "Q5"
# Organisation classes and their org_type/sector; the first match wins.
ORG_CLASSES = {"Q17127659": "REB", "Q484652": "IGO", "Q245065": "IGO", "Q7210356": "PTY",
               "Q79913": "NGO", "Q163740": "NGO"}
GENDERS = {"Q6581097": "m", "Q6581072": "f"}
HEAD_PROPERTIES = {"P1906": "head_of_state", "P1313": "head_of_government"}
# Wikidata time precision -> characters of the ISO date kept.
PRECISION_CHARS = {11: 10, 10: 7, 9: 4}
MARKERS = ('"P298"', '"P39"', *(f'"{q}"' for q in ORG_CLASSES))
HEAD_ID = re.compile(r'\A\{\s*(?:"type"\s*:\s*"\w+"\s*,\s*)?"id"\s*:\s*"([A-Z]\d+)"')
TIME = re.compile(r"\A\+(\d{4})-(\d\d)-(\d\d)T")
SAFE_ID = re.compile(r"[A-Za-z0-9&.\-]+")
# Latin letters NFKD does not split into a base letter and an accent.
FOLD_LETTERS = str.maketrans({"ə": "a", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d",
                              "ł": "l", "þ": "th", "ð": "d", "ħ": "h"})
MAGIC = ((b"\x1f\x8b", gzip.open), (b"BZh", bz2.open), (b"\xfd7zXZ\x00", lzma.open))


@dataclass
class State:
    """What pass 1 keeps of a state."""

    qid: str
    iso3: str
    iso2: str | None
    capital: str | None
    memberships: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class Index:
    """The small index the passes build: states, offices, labels, ids."""

    lang: str
    states: dict[str, State] = field(default_factory=dict)
    offices: dict[str, tuple[str, str]] = field(default_factory=dict)  # position -> (office, state)
    wanted: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)  # position -> state Q-id
    ids: Counter[str] = field(default_factory=Counter)


# reading the dump --------------------------------------------------------------
def _open(path: Path) -> IO[str]:
    with path.open("rb") as fh:
        head = fh.read(6)
    opener = next((op for magic, op in MAGIC if head.startswith(magic)), open)
    return opener(path, "rt", encoding="utf-8", errors="replace")  # type: ignore[operator]


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, entity text) for each entity line of the dump."""
    with _open(path) as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.strip().rstrip(",")
            if line and line not in ("[", "]"):
                yield lineno, line


def _relevant(line: str) -> bool:
    return any(marker in line for marker in MARKERS)


def _parse(line: str) -> dict[str, Any] | None:
    try:
        ent = json.loads(line)
    except json.JSONDecodeError:
        return None
    return ent if isinstance(ent, dict) else None


# reading one entity ---------------------------------------------------------------
def _label(ent: dict[str, Any], lang: str) -> str | None:
    labels = ent.get("labels") or {}
    entry = labels.get(lang) or labels.get("mul")
    return entry["value"].strip() or None if entry else None


def _aliases(ent: dict[str, Any], lang: str, name: str) -> list[str]:
    values = [a["value"].strip() for a in (ent.get("aliases") or {}).get(lang, [])]
    return _unique(v for v in values if v and v != name)


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(values))


def _claims(ent: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    """The non-deprecated statements of ``prop``, preferred ones first."""
    claims = [c for c in (ent.get("claims") or {}).get(prop, []) if c.get("rank") != "deprecated"]
    return sorted(claims, key=lambda c: c.get("rank") != "preferred")


def _value(snak: dict[str, Any]) -> Any:
    return snak["datavalue"]["value"] if snak.get("snaktype") == "value" else None


def _item(claim: dict[str, Any]) -> str | None:
    value = _value(claim["mainsnak"])
    return value.get("id") or f"Q{value['numeric-id']}" if isinstance(value, dict) else None


def _items(ent: dict[str, Any], prop: str) -> list[str]:
    return _unique(q for q in (_item(c) for c in _claims(ent, prop)) if q)


def _string(ent: dict[str, Any], prop: str) -> str | None:
    values = [_value(c["mainsnak"]) for c in _claims(ent, prop)]
    return next((v.strip() for v in values if isinstance(v, str) and v.strip()), None)


def _texts(ent: dict[str, Any], prop: str, lang: str) -> list[str]:
    values = [_value(c["mainsnak"]) for c in _claims(ent, prop)]
    return _unique(v["text"].strip() for v in values
                   if isinstance(v, dict) and v.get("language") == lang and v["text"].strip())


def _classes(ent: dict[str, Any]) -> set[str]:
    return set(_items(ent, "P31"))


def wikidata_date(value: dict[str, Any] | None) -> str | None:
    """An ISO date at the precision Wikidata gives: day (11), month (10) or
    year (9); None for a coarser, BCE or unknown date."""
    if not isinstance(value, dict) or value.get("precision") not in PRECISION_CHARS:
        return None
    match = TIME.match(str(value.get("time", "")))
    if not match:
        return None
    text = "-".join(match.groups())[:PRECISION_CHARS[value["precision"]]]
    try:
        parse_date(text)
    except ValueError:
        return None
    return text


def _qualifier_date(claim: dict[str, Any], prop: str) -> tuple[bool, str | None]:
    """(whether the qualifier is present, its date if usable)."""
    snaks = (claim.get("qualifiers") or {}).get(prop) or []
    if not snaks:
        return False, None
    return True, wikidata_date(_value(snaks[0]))


def _span(claim: dict[str, Any]) -> dict[str, str | None] | None:
    """start/end of a statement; None if it ended at a date we cannot give."""
    _, start = _qualifier_date(claim, "P580")
    has_end, end = _qualifier_date(claim, "P582")
    if has_end and end is None:
        return None
    return {"start": start, "end": end}


def slug(text: str) -> str:
    """ASCII, lowercase, hyphen-separated form of a name."""
    text = unicodedata.normalize("NFKD", text.lower().translate(FOLD_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _acronym(ent: dict[str, Any], lang: str) -> str | None:
    """The first short name (P1813) in ``lang`` that is one word."""
    return next((t for t in _texts(ent, "P1813", lang) if 2 <= len(t) <= 15 and " " not in t), None)


def _org_type(classes: set[str]) -> str | None:
    return next((kind for q, kind in ORG_CLASSES.items() if q in classes), None)


def _base_id(ent: dict[str, Any], classes: set[str], lang: str) -> str | None:
    """The id a person or organisation gets unless it collides."""
    name = _label(ent, lang)
    if not name:
        return None
    if HUMAN in classes and _claims(ent, "P39"):
        return f"person/{slug(name) or ent['id'].lower()}"
    if _org_type(classes):
        acronym = _acronym(ent, lang) or ""
        return f"org/{acronym if SAFE_ID.fullmatch(acronym) else slug(name) or ent['id'].lower()}"
    return None


# pass 1: states, ids, pointers -----------------------------------------------------
def _index_state(ent: dict[str, Any], index: Index) -> None:
    iso3 = _string(ent, "P298")
    if not iso3 or not _label(ent, index.lang):
        return
    capitals = _items(ent, "P36")
    state = State(ent["id"], iso3, _string(ent, "P297"), capitals[0] if capitals else None)
    for claim in _claims(ent, "P463"):
        org, span = _item(claim), _span(claim)
        if org and span:
            state.memberships.append((org, span))
    index.states[ent["id"]] = state
    index.wanted.update(capitals[:1])
    for prop, office in HEAD_PROPERTIES.items():
        for position in _items(ent, prop):
            index.offices.setdefault(position, (office, ent["id"]))


def _index_entity(ent: dict[str, Any], index: Index) -> None:
    classes = _classes(ent)
    if classes & STATE_CLASSES:
        _index_state(ent, index)
    base = _base_id(ent, classes, index.lang)
    if base:
        index.ids[base] += 1
    if base and base.startswith("person/"):
        index.wanted.update(_items(ent, "P39") + _items(ent, "P734"))


def _pass_pointers(path: Path, index: Index) -> None:
    for _, line in _lines(path):
        ent = _parse(line) if _relevant(line) else None
        if ent and ent.get("type") == "item" and "id" in ent:
            try:
                _index_entity(ent, index)
            except (KeyError, TypeError, AttributeError, ValueError):
                continue  # reported with its line in the last pass


# pass 2: labels and countries of the items pointed to ----------------------------------
def _pass_labels(path: Path, index: Index) -> None:
    for _, line in _lines(path):
        head = HEAD_ID.match(line)
        if head and head.group(1) not in index.wanted:
            continue
        ent = _parse(line)
        if not ent or ent.get("id") not in index.wanted:
            continue
        try:
            _index_label(ent, index)
        except (KeyError, TypeError, AttributeError, ValueError):
            continue


def _index_label(ent: dict[str, Any], index: Index) -> None:
    label = _label(ent, index.lang)
    if label:
        index.labels[ent["id"]] = label
    place = next((q for prop in ("P17", "P1001") for q in _items(ent, prop) if q in index.states), None)
    if place:
        index.places[ent["id"]] = place


def build_index(path: Path, lang: str = "en") -> Index:
    """Passes 1 and 2: the small index the records are built from."""
    index = Index(lang)
    _pass_pointers(path, index)
    _pass_labels(path, index)
    return index


# pass 3: records ------------------------------------------------------------------
def _common(ent: dict[str, Any], rid: str, kind: str, name: str, lang: str) -> dict[str, Any]:
    return {"id": rid, "kind": kind, "name": name, "aliases": _aliases(ent, lang, name)}


def _final_id(base: str, qid: str, index: Index) -> str:
    return base if index.ids[base] <= 1 else f"{base}-{qid.lower() if base.startswith('person/') else qid}"


def _state_record(ent: dict[str, Any], index: Index) -> dict[str, Any] | None:
    state = index.states.get(ent["id"])
    if state is None:
        return None
    name = _label(ent, index.lang) or state.iso3
    rec = _common(ent, f"country/{state.iso3}", "state", name, index.lang)
    rec["demonyms"] = _texts(ent, "P1549", index.lang)
    capital = index.labels.get(state.capital or "")
    if capital:
        rec.update(metonyms=[capital], capital=capital)
    rec.update(iso2=state.iso2, iso3=state.iso3, country=state.iso3, sector="GOV")
    return rec


def _role(claim: dict[str, Any], index: Index, source: str) -> dict[str, Any] | None:
    position, span = _item(claim), _span(claim)
    if not position or span is None:
        return None
    office, state = index.offices.get(position, ("official", index.places.get(position)))
    country = index.states[state].iso3 if state in index.states else None
    role = {"title": index.labels.get(position), "office": office, "country": country, "org": None,
            "sector": "GOV" if country else None, **span, "source": source}
    return role if role["title"] else {k: v for k, v in role.items() if k != "title"}


def _state_of(ent: dict[str, Any], prop: str, index: Index) -> str | None:
    """ISO3 of the first state in the dump that ``prop`` points to."""
    return next((index.states[q].iso3 for q in _items(ent, prop) if q in index.states), None)


def _person_record(ent: dict[str, Any], base: str, index: Index) -> dict[str, Any]:
    name = _label(ent, index.lang) or ""
    source = f"wikidata:{ent['id']}"
    rec = _common(ent, _final_id(base, ent["id"], index), "person", name, index.lang)
    family = [index.labels[q] for q in _items(ent, "P734") if q in index.labels]
    rec["surnames"] = _unique(family) or name.split()[-1:]
    genders = [GENDERS[q] for q in _items(ent, "P21") if q in GENDERS]
    rec.update(country=_state_of(ent, "P27", index), gender=genders[0] if genders else None)
    rec["roles"] = [r for r in (_role(c, index, source) for c in _claims(ent, "P39")) if r]
    return rec


def _members(qid: str, index: Index) -> list[dict[str, Any]]:
    return [{"country": state.iso3, **span, "status": "member", "source": f"wikidata:{state.qid}"}
            for state in index.states.values() for org, span in state.memberships if org == qid]


def _org_record(ent: dict[str, Any], base: str, classes: set[str], index: Index) -> dict[str, Any]:
    name = _label(ent, index.lang) or ""
    kind = _org_type(classes)
    acronym = _acronym(ent, index.lang)
    rec = _common(ent, _final_id(base, ent["id"], index), "org", name, index.lang)
    rec.update(acronyms=[acronym] if acronym else [], org=acronym, org_type=kind, sector=kind)
    rec["country"] = None if kind == "IGO" else _state_of(ent, "P17", index)
    rec["members"] = _members(ent["id"], index)
    return rec


def entity_record(ent: dict[str, Any], index: Index) -> dict[str, Any] | None:
    """The knowledge-base record of one dump entity, or None if it is not
    a state, office holder or organisation geopol imports."""
    if ent.get("type") != "item":
        return None
    classes = _classes(ent)
    base = _base_id(ent, classes, index.lang)
    if classes & STATE_CLASSES and ent["id"] in index.states:
        rec = _state_record(ent, index)
    elif base and base.startswith("person/"):
        rec = _person_record(ent, base, index)
    elif base:
        rec = _org_record(ent, base, classes, index)
    else:
        return None
    if rec is None:
        return None
    rec.update(wikidata=ent["id"], source=f"wikidata:{ent['id']}")
    return rec


def _line_item(path: Path, lineno: int, line: str, index: Index) -> dict[str, Any] | Problem | None:
    if not (line.startswith("{") and line.endswith("}")):
        return Problem.of("E201", path=path, line=lineno, detail="not a complete JSON object; truncated line?")
    if not _relevant(line):
        return None
    try:
        ent = json.loads(line)
    except json.JSONDecodeError as exc:
        return Problem.of("E201", path=path, line=lineno, detail=exc.msg)
    return _checked(path, lineno, ent, index)


def _checked(path: Path, lineno: int, ent: Any, index: Index) -> dict[str, Any] | Problem | None:
    if not isinstance(ent, dict) or not isinstance(ent.get("id"), str):
        return Problem.of("E202", path=path, line=lineno, detail="not a Wikidata entity (no 'id'); line skipped")
    try:
        rec = entity_record(ent, index)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as exc:
        return Problem.of("E202", path=path, line=lineno,
                          detail=f"Wikidata entity {ent['id']} is malformed ({type(exc).__name__}: {exc}); line skipped")
    errors = check_record(rec) if rec is not None else []
    if errors:
        return Problem.of("E202", path=path, line=lineno, detail=f"{ent['id']}: " + "; ".join(errors))
    return rec


def _pass_records(path: Path, index: Index) -> Iterator[dict[str, Any] | Problem]:
    for lineno, line in _lines(path):
        item = _line_item(path, lineno, line, index)
        if item is not None:
            yield item


def import_dump(path: Path, lang: str = "en") -> Iterator[dict[str, Any] | Problem]:
    """Knowledge-base records (dicts that pass ``check_record``) for the
    states, office holders and organisations of a Wikidata JSON dump, and a
    Problem for each unreadable line; names are taken in ``lang``."""
    path = Path(path)
    if not path.is_file():
        yield Problem.of("E010", path=path)
        return
    try:
        index = build_index(path, lang)
        yield from _pass_records(path, index)
    except (OSError, EOFError, lzma.LZMAError) as exc:
        yield Problem.of("E009", path=path, detail=f"{type(exc).__name__}: {exc}")
