"""The Wikidata dump importer: records, dates, ids, bad lines, compression, CLI."""
from __future__ import annotations

import bz2
import gzip
import json
import lzma
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from geopol.errors import Problem
from geopol.kb import load
from geopol.kb.load import check_record, default_files
from geopol.kb.wikidata import import_dump, slug, wikidata_date

DUMP = Path(__file__).parent / "data" / "wikidata" / "dump.json"
MALFORMED_LINE = 14


def _split(items: list[Any]) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    records = {r["id"]: r for r in items if not isinstance(r, Problem)}
    return records, [p for p in items if isinstance(p, Problem)]


@pytest.fixture(scope="module")
def imported() -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    return _split(list(import_dump(DUMP)))


@pytest.fixture(scope="module")
def records(imported) -> dict[str, dict[str, Any]]:
    return imported[0]


def _human(qid: str, label: str, *positions: str) -> dict[str, Any]:
    """A minimal human item holding ``positions`` (undated)."""
    def snak(prop: str, q: str) -> dict[str, Any]:
        return {"mainsnak": {"snaktype": "value", "property": prop,
                             "datavalue": {"value": {"entity-type": "item", "id": q}, "type": "wikibase-entityid"}},
                "rank": "normal"}
    return {"type": "item", "id": qid, "labels": {"en": {"language": "en", "value": label}},
            "claims": {"P31": [snak("P31", "Q5")], "P39": [snak("P39", p) for p in positions]}}


def _write_dump(path: Path, lines: list[str]) -> Path:
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    return path


# the records ---------------------------------------------------------------------
def test_wikidata_records_pass_check_record(records):
    assert records and all(check_record(r) == [] for r in records.values())


@pytest.mark.parametrize("expected", [{
    "country/KAZ", "country/RUS", "country/UZB", "person/kassym-jomart-tokayev", "person/nursultan-nazarbayev",
    "person/dariga-nazarbayeva", "org/CSTO", "org/amnesty-international", "org/IMU"}])
def test_wikidata_imports_only_recognised_entities(records, expected):
    assert set(records) == expected


@pytest.mark.parametrize("rid,key,value", [
    ("country/KAZ", "name", "Kazakhstan"),
    ("country/KAZ", "iso2", "KZ"),
    ("country/KAZ", "iso3", "KAZ"),
    ("country/KAZ", "country", "KAZ"),
    ("country/KAZ", "capital", "Astana"),
    ("country/KAZ", "metonyms", ["Astana"]),
    ("country/KAZ", "demonyms", ["Kazakh", "Kazakhstani"]),
    ("country/KAZ", "aliases", ["Republic of Kazakhstan", "Kazakstan", "Qazaqstan"]),
    ("country/KAZ", "wikidata", "Q232"),
    ("country/KAZ", "source", "wikidata:Q232"),
    ("country/RUS", "capital", None),
    ("country/RUS", "metonyms", None),
    ("country/UZB", "demonyms", ["Uzbek"]),
])
def test_wikidata_state_fields(records, rid, key, value):
    assert records[rid].get(key) == value


@pytest.mark.parametrize("rid,title,office,country,start,end", [
    ("person/kassym-jomart-tokayev", "President of Kazakhstan", "head_of_state", "KAZ", "2019-03-20", None),
    ("person/kassym-jomart-tokayev", "Prime Minister of Kazakhstan", "head_of_government", "KAZ", "1999-10-01", "2002-01-28"),
    ("person/kassym-jomart-tokayev", "Chairman of the Senate of Kazakhstan", "official", "KAZ", "2013-10-16", "2019-03-19"),
    ("person/kassym-jomart-tokayev", None, "official", None, "2011-03", "2013"),  # position not in the dump
    ("person/nursultan-nazarbayev", "President of Kazakhstan", "head_of_state", "KAZ", "1990-04-24", "2019-03-20"),
    ("person/dariga-nazarbayeva", None, "official", None, None, None),  # decade-precision start left out
])
def test_wikidata_person_roles(records, rid, title, office, country, start, end):
    roles = [(r.get("title"), r["office"], r["country"], r["start"], r["end"]) for r in records[rid]["roles"]]
    assert (title, office, country, start, end) in roles


@pytest.mark.parametrize("rid,count", [("person/nursultan-nazarbayev", 2), ("person/kassym-jomart-tokayev", 4)])
def test_wikidata_role_ended_at_unknown_date_is_dropped(records, rid, count):
    assert len(records[rid]["roles"]) == count


@pytest.mark.parametrize("rid,surnames,gender,country", [
    ("person/kassym-jomart-tokayev", ["Tokayev"], "m", "KAZ"),      # last word of the label
    ("person/nursultan-nazarbayev", ["Nazarbayev"], "m", "KAZ"),    # P734 family name in the dump
    ("person/dariga-nazarbayeva", ["Nazarbayeva"], "f", "KAZ"),
])
def test_wikidata_person_names(records, rid, surnames, gender, country):
    rec = records[rid]
    assert (rec["surnames"], rec["gender"], rec["country"]) == (surnames, gender, country)


@pytest.mark.parametrize("value,expected", [
    ({"time": "+2019-03-20T00:00:00Z", "precision": 11}, "2019-03-20"),
    ({"time": "+2019-03-00T00:00:00Z", "precision": 10}, "2019-03"),
    ({"time": "+2019-00-00T00:00:00Z", "precision": 9}, "2019"),
    ({"time": "+2010-00-00T00:00:00Z", "precision": 8}, None),
    ({"time": "+1900-00-00T00:00:00Z", "precision": 7}, None),
    ({"time": "-0044-03-15T00:00:00Z", "precision": 11}, None),
    ({"time": "+2019-02-30T00:00:00Z", "precision": 11}, None),
    ({"time": "2019-03-20", "precision": 11}, None),
    (None, None),
])
def test_wikidata_date_precision(value, expected):
    assert wikidata_date(value) == expected


@pytest.mark.parametrize("rid,acronyms,org_type,country", [
    ("org/CSTO", ["CSTO"], "IGO", None),
    ("org/IMU", ["IMU"], "REB", "UZB"),
    ("org/amnesty-international", [], "NGO", None),  # its P17 (UK) is not in the dump
])
def test_wikidata_org_acronym_and_type(records, rid, acronyms, org_type, country):
    rec = records[rid]
    assert (rec["acronyms"], rec["org"] or None, rec["org_type"], rec["sector"], rec["country"]) == \
        (acronyms, (acronyms or [None])[0], org_type, org_type, country)


@pytest.mark.parametrize("member", [
    ("KAZ", "1992-05-15", None), ("RUS", "1992-05-15", None),
    ("UZB", "1992-05-15", "1999-04-02"), ("UZB", "2006-08-16", "2012-12-19"),
])
def test_wikidata_org_members(records, member):
    members = records["org/CSTO"]["members"]
    assert len(members) == 4 and all(m["status"] == "member" for m in members)
    assert member in [(m["country"], m["start"], m["end"]) for m in members]


# bad input -------------------------------------------------------------------------
def test_wikidata_malformed_line_reported_and_rest_imported(imported):
    records, problems = imported
    assert [(p.code, p.path, p.line) for p in problems] == [("E201", str(DUMP), MALFORMED_LINE)]
    assert f"dump.json:{MALFORMED_LINE}:" in problems[0].text
    assert "org/CSTO" in records and "person/dariga-nazarbayeva" in records


@pytest.mark.parametrize("bad,code", [
    ('{"type":"item","id":"Q7","claims":{"P39":[}', "E201"),  # complete-looking but not JSON
    ('{"type":"item","id":"Q7","labels":{"en":{"value":"X Y"}},"claims":{"P31":[{"mainsnak":{"snaktype":"value",'
     '"datavalue":{"value":{"id":"Q5"}}}}],"P39":[{"mainsnak":42}]}}', "E202"),  # not an entity's shape
    ('["P39"]', "E201"),  # JSON, but not an object
    ('{"type":"item","id":"Q7"', "E201"),  # truncated
])
def test_wikidata_bad_lines_name_file_and_line(tmp_path, bad, code):
    good = json.dumps(_human("Q1", "Ali Khan", "Q2"))
    path = _write_dump(tmp_path / "bad.json", [good, bad, good.replace('"Q1"', '"Q3"').replace("Ali", "Aziz")])
    records, problems = _split(list(import_dump(path)))
    assert [(p.code, p.line) for p in problems] == [(code, 3)]
    assert set(records) == {"person/ali-khan", "person/aziz-khan"}


def test_wikidata_missing_file_is_a_problem(tmp_path):
    items = list(import_dump(tmp_path / "nope.json.gz"))
    assert [(p.code, p.path) for p in items] == [("E010", str(tmp_path / "nope.json.gz"))]


@pytest.mark.parametrize("suffix,opener", [(".json.gz", gzip.open), (".json.bz2", bz2.open), (".json.xz", lzma.open)])
def test_wikidata_compressed_input(tmp_path, imported, suffix, opener):
    path = tmp_path / f"dump{suffix}"
    with opener(path, "wb") as fh:
        fh.write(DUMP.read_bytes())
    records, problems = _split(list(import_dump(path)))
    assert records == imported[0]
    assert [p.line for p in problems] == [MALFORMED_LINE]


def test_wikidata_corrupt_compressed_file_is_a_problem(tmp_path):
    path = tmp_path / "cut.json.gz"
    path.write_bytes(gzip.compress(DUMP.read_bytes())[:2000])
    items = list(import_dump(path))
    assert isinstance(items[-1], Problem) and items[-1].code == "E009"


# ids and names ---------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("Kassym-Jomart Tokayev", "kassym-jomart-tokayev"),
    ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
    ("İlham Əliyev", "ilham-aliyev"),
    ("Emomali Rahmon (politician)", "emomali-rahmon-politician"),
    ("毛泽东", ""),
])
def test_wikidata_slug(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize("people,expected", [
    ([("Q10", "Ali Khan"), ("Q11", "Ali Khan"), ("Q12", "Aziz Khan")],
     {"person/ali-khan-q10", "person/ali-khan-q11", "person/aziz-khan"}),
    ([("Q20", "毛泽东")], {"person/q20"}),
])
def test_wikidata_person_id_collisions_get_the_qid(tmp_path, people, expected):
    path = _write_dump(tmp_path / "people.json", [json.dumps(_human(q, name, "Q1")) for q, name in people])
    records, problems = _split(list(import_dump(path)))
    assert set(records) == expected and problems == []


@pytest.mark.parametrize("rid,key,value", [
    ("country/KAZ", "name", "Kazakhstan (ru)"),
    ("country/KAZ", "demonyms", ["казахстанец"]),
    ("org/CSTO", "acronyms", ["ОДКБ"]),
])
def test_wikidata_other_language(rid, key, value):
    by_wikidata = {r["wikidata"]: r for r in import_dump(DUMP, lang="ru") if not isinstance(r, Problem)}
    rec = by_wikidata[{"country/KAZ": "Q232", "org/CSTO": "Q318693"}[rid]]
    assert rec[key] == value and check_record(rec) == []


# the command line ------------------------------------------------------------------
def _geopol(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geopol.cli", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("keep_malformed,code", [(True, 1), (False, 0)])
def test_wikidata_cli_round_trip(tmp_path, keep_malformed, code):
    dump = DUMP
    if not keep_malformed:
        lines = DUMP.read_text(encoding="utf-8").splitlines(keepends=True)
        dump = tmp_path / "clean.json"
        dump.write_text("".join(lines[:MALFORMED_LINE - 1] + lines[MALFORMED_LINE:]), encoding="utf-8")
    out = tmp_path / "wikidata.jsonl"
    run = _geopol("kb", "import-wikidata", str(dump), "--out", str(out))
    assert run.returncode == code, run.stderr
    assert "9 records" in run.stderr and (f"dump.json:{MALFORMED_LINE}:" in run.stderr) == keep_malformed
    assert _geopol("kb", "check", str(out)).returncode == 0
    kb = load([*default_files(), out])
    assert kb.problems == []
    assert "person/kassym-jomart-tokayev" in [e.id for e in kb.find("Tokayev")]
    assert "person/dariga-nazarbayeva" in [e.id for e in kb.find("Dariga Nazarbayeva")]


def test_wikidata_cli_writes_stdout_by_default():
    run = _geopol("kb", "import-wikidata", str(DUMP))
    ids = [json.loads(line)["id"] for line in run.stdout.splitlines()]
    assert run.returncode == 1 and len(ids) == 9 and ids[0] == "country/KAZ"
