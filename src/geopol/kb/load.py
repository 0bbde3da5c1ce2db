"""Read knowledge-base JSONL files into typed records, checking each line.

``check_record`` returns what is wrong with one record; ``read_file`` yields
entities and problems (with file and line) so ``geopol kb check`` and the
loader share one validator.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from geopol.errors import KnowledgeBaseError, Problem, raise_problem
from geopol.kb.records import (AGREEMENT_TYPES, KINDS, MEMBER_STATUSES, OFFICES, Agreement, Entity, Membership,
                                Milestone, Party, Role, Span, parse_date)
from geopol.types import SECTORS

DATA_DIR = Path(__file__).parent / "data"
LIST_FIELDS = ("aliases", "surnames", "demonyms", "metonyms", "acronyms")
SCALAR_FIELDS = ("capital", "country", "org", "org_type", "sector", "wikidata", "gender", "independent", "part_of")
ORG_TYPES = ("IGO", "NGO", "MED", "REB", "PTY", "BUS")


def default_files() -> list[Path]:
    """The knowledge-base files shipped with geopol, in load order."""
    order = ["states.jsonl", "orgs.jsonl", "bodies.jsonl", "people.jsonl"]
    found = {p.name: p for p in DATA_DIR.glob("*.jsonl")}
    return [found[n] for n in order if n in found] + sorted(p for n, p in found.items() if n not in order)


def _check_dates(item: dict[str, Any], where: str, keys: tuple[str, ...] = ("start", "end")) -> list[str]:
    errors = []
    for key in keys:
        try:
            parse_date(item.get(key))
        except (ValueError, TypeError):
            errors.append(f"{where}: {key} {item.get(key)!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return errors


def _check_role(role: Any, i: int) -> list[str]:
    if not isinstance(role, dict):
        return [f"roles[{i}] must be an object"]
    errors = _check_dates(role, f"roles[{i}]")
    if role.get("office") not in OFFICES:
        errors.append(f"roles[{i}]: office {role.get('office')!r} is not one of {', '.join(OFFICES)}")
    if role.get("sector") is not None and role["sector"] not in SECTORS:
        errors.append(f"roles[{i}]: sector {role['sector']!r} is not a PLOVER sector code")
    return errors


def _check_member(member: Any, i: int) -> list[str]:
    if not isinstance(member, dict) or not isinstance(member.get("country"), str):
        return [f"members[{i}] must be an object with a 'country'"]
    errors = _check_dates(member, f"members[{i}]")
    if member.get("status", "member") not in MEMBER_STATUSES:
        errors.append(f"members[{i}]: status {member.get('status')!r} is not one of {', '.join(MEMBER_STATUSES)}")
    return errors


def check_record(rec: Any) -> list[str]:
    """Everything wrong with one knowledge-base record (empty if valid)."""
    if not isinstance(rec, dict):
        return ["a record must be a JSON object"]
    if rec.get("kind") == "agreement":
        return check_agreement(rec)
    errors = [f"missing required field {k!r}" for k in ("id", "kind", "name", "source") if not rec.get(k)]
    if rec.get("kind") and rec["kind"] not in KINDS:
        errors.append(f"kind {rec['kind']!r} is not one of {', '.join(KINDS)}")
    for key in LIST_FIELDS:
        value = rec.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            errors.append(f"{key} must be a list of non-empty strings")
    if rec.get("sector") is not None and rec["sector"] not in SECTORS:
        errors.append(f"sector {rec['sector']!r} is not a PLOVER sector code")
    if rec.get("org_type") is not None and rec["org_type"] not in ORG_TYPES:
        errors.append(f"org_type {rec['org_type']!r} is not one of {', '.join(ORG_TYPES)}")
    country = rec.get("country")
    if country is not None and not _is_iso3(country):
        errors.append(f"country {country!r} must be an ISO 3166-1 alpha-3 code")
    errors += _check_succession(rec)
    errors += [e for i, r in enumerate(rec.get("roles") or []) for e in _check_role(r, i)]
    errors += [e for i, m in enumerate(rec.get("members") or []) for e in _check_member(m, i)]
    return errors


def _is_iso3(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 3 and value.isupper()


def _check_succession(rec: dict[str, Any]) -> list[str]:
    """A state's ``independent`` and ``part_of`` come together: the date it
    was formed and the state it was part of before. An organisation's
    ``part_of`` alone is the acronym of the organisation it is an organ of
    (the UN General Assembly's is "UN")."""
    independent, part_of = rec.get("independent"), rec.get("part_of")
    if independent is None and part_of is None:
        return []
    if rec.get("kind") == "org":
        if independent is not None:
            return ["'independent' is for states; an organisation's 'part_of' stands alone"]
        ok = isinstance(part_of, str) and part_of.strip() and part_of != rec.get("org")
        return [] if ok else [f"part_of {part_of!r} must be the acronym of another organisation"]
    if independent is None or part_of is None:
        return ["'independent' and 'part_of' must be given together"]
    errors = _check_dates(rec, "succession", ("independent",))
    if not _is_iso3(part_of):
        errors.append(f"part_of {part_of!r} must be an ISO 3166-1 alpha-3 code")
    return errors


AGREEMENT_DATES = ("signed", "in_force", "ended")


def check_agreement(rec: dict[str, Any]) -> list[str]:
    """Everything wrong with one agreement record (``kind: agreement``)."""
    errors = [f"missing required field {k!r}" for k in ("id", "name", "type", "source") if not rec.get(k)]
    if rec.get("type") and rec["type"] not in AGREEMENT_TYPES:
        errors.append(f"type {rec['type']!r} is not one of {', '.join(AGREEMENT_TYPES)}")
    aliases = rec.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(v, str) and v.strip() for v in aliases):
        errors.append("aliases must be a list of non-empty strings")
    errors += _check_dates(rec, "agreement", AGREEMENT_DATES)
    for i, party in enumerate(rec.get("parties") or []):
        if not isinstance(party, dict) or not _is_iso3(party.get("country")):
            errors.append(f"parties[{i}] must be an object with an ISO 3166-1 alpha-3 'country'")
        else:
            errors += _check_dates(party, f"parties[{i}]")
    for i, step in enumerate(rec.get("milestones") or []):
        if not isinstance(step, dict) or not step.get("date") or not step.get("what"):
            errors.append(f"milestones[{i}] must be an object with a 'date' and a 'what'")
        else:
            errors += _check_dates(step, f"milestones[{i}]", ("date",))
    if not (rec.get("parties") or rec.get("institution")):
        errors.append("an agreement needs 'parties' or an 'institution'")
    return errors


def to_agreement(rec: dict[str, Any], origin: str) -> Agreement:
    """Build an Agreement from a record that passed ``check_agreement``."""
    parties = [Party(p["country"], _span(p), p.get("note")) for p in rec.get("parties") or []]
    milestones = [Milestone(parse_date(m["date"]), m["what"], m.get("place"), m.get("source"))
                  for m in rec.get("milestones") or []]
    dates = {k: parse_date(rec.get(k)) for k in AGREEMENT_DATES}
    return Agreement(id=rec["id"], name=rec["name"], type=rec["type"], source=rec["source"],
                     aliases=list(rec.get("aliases") or []), institution=rec.get("institution"),
                     subject=rec.get("subject"), place=rec.get("place"), follows=rec.get("follows"),
                     parties=parties, milestones=sorted(milestones, key=lambda m: m.date), origin=origin, **dates)


def _span(item: dict[str, Any]) -> Span:
    return Span(parse_date(item.get("start")), parse_date(item.get("end"), end=True))


def to_entity(rec: dict[str, Any], origin: str) -> Entity:
    """Build an Entity from a record that passed ``check_record``."""
    roles = [Role(r.get("title") or r["office"], r["office"], _span(r), r.get("country"),
                  r.get("org"), r.get("sector"), r.get("source")) for r in rec.get("roles") or []]
    members = [Membership(m["country"], _span(m), m.get("status", "member"), m.get("source"))
               for m in rec.get("members") or []]
    lists = {k: list(rec.get(k) or []) for k in LIST_FIELDS}
    scalars = {k: rec.get(k) for k in SCALAR_FIELDS}
    return Entity(id=rec["id"], kind=rec["kind"], name=rec["name"], source=rec["source"],
                  roles=roles, members=members, origin=origin, **lists, **scalars)


def check_files(paths: Iterable[Path]) -> None:
    """Raise KnowledgeBaseError, naming the file (and line), at the first
    problem of the files a user added: not there (E203), not readable as
    UTF-8 JSON lines (E204), a bad line (E201, E202)."""
    for path in paths:
        for item in read_file(path):
            if isinstance(item, Problem):
                raise_problem(KnowledgeBaseError, item)


def read_file(path: Path) -> Iterator[Entity | Agreement | Problem]:
    """Entities and agreements of one JSONL file, and a Problem (file and
    line) per bad line."""
    if not path.exists():
        yield Problem.of("E203", path=path)
        return
    try:
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if line.strip():
                    yield _read_line(path, lineno, line)
    except UnicodeDecodeError as exc:
        yield Problem.of("E204", path=path, detail=f"not UTF-8: {exc.reason} at byte {exc.start} of a line")
    except OSError as exc:  # a directory, or no permission
        yield Problem.of("E204", path=path, detail=exc.strerror or type(exc).__name__)


def _read_line(path: Path, lineno: int, line: str) -> Entity | Agreement | Problem:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return Problem.of("E201", path=path, line=lineno, detail=exc.msg)
    errors = check_record(rec)
    if errors:
        return Problem.of("E202", path=path, line=lineno, detail="; ".join(errors))
    if rec.get("kind") == "agreement":
        return to_agreement(rec, f"{path.name}:{lineno}")
    return to_entity(rec, f"{path.name}:{lineno}")


def merge(base: Entity, extra: Entity) -> None:
    """Extend ``base`` with a later record of the same id: lists are
    appended, set scalars override."""
    for key in LIST_FIELDS + ("roles", "members"):
        getattr(base, key).extend(x for x in getattr(extra, key) if x not in getattr(base, key))
    for key in SCALAR_FIELDS + ("name",):
        if getattr(extra, key):
            setattr(base, key, getattr(extra, key))
