"""``geopol relations``, ``network``, ``institution`` and ``kb proposals``
end to end in subprocesses, on the hand-built store of tests/viewstore.py."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import networkx as nx
import pytest

import viewstore


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("views") / "views.db"
    viewstore.build(path).close()
    return path


def geopol(*args: str, cwd) -> subprocess.CompletedProcess:
    env = dict(os.environ, GEOPOL_DB=str(cwd / "missing.db"))
    return subprocess.run([sys.executable, "-m", "geopol.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


def test_cli_relations_table_with_evidence(db):
    proc = geopol("relations", "--db", str(db), "--dyad", "UZB", "TJK", "--undirected", "--evidence", cwd=db.parent)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[1].split()[:8] == ["2017", "TJK", "--", "UZB", "2", "1", "1", "+0.00"]
    assert '"Tajikistan accused Uzbekistan of closing the border."  [doc-e02' in proc.stdout


@pytest.mark.parametrize("flags, events_2018", [([], 2), (["--negated", "--hedged"], 4)])
def test_cli_relations_json_and_flags(db, flags, events_2018):
    proc = geopol("relations", "--db", str(db), "--dyad", "UZB", "TJK", "--format", "json", *flags, cwd=db.parent)
    rows = json.loads(proc.stdout)
    (cell,) = [r for r in rows if r["period"] == "2018"]
    assert cell["events"] == events_2018 and len(cell["event_ids"]) == events_2018


def test_cli_relations_csv_by_quarter_since_a_year(db):
    proc = geopol("relations", "--db", str(db), "--actor", "uzb", "--by", "quarter", "--since", "2018",
                  "--format", "csv", cwd=db.parent)
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [(r["period"], r["source"], r["target"], r["event_ids"]) for r in rows] == [
        ("2018-Q1", "UZB", "TJK", "e03 e04")]


@pytest.mark.parametrize("args", [["--since", "soon"], ["--by", "week"]])
def test_cli_relations_bad_flags_are_usage_errors(db, args):
    proc = geopol("relations", "--db", str(db), *args, cwd=db.parent)
    assert proc.returncode == 2 and proc.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_cli_network_writes_each_format(db, fmt):
    out = db.parent / f"net.{fmt}"
    proc = geopol("network", "--db", str(db), "--since", "2018", "--until", "2019", "--format", fmt,
                  "--out", str(out), cwd=db.parent)
    assert proc.returncode == 0, proc.stderr
    assert "4 actors, 3 edges" in proc.stderr
    if fmt == "graphml":
        graph = nx.read_graphml(out)
        assert graph.edges["UZB", "TJK"]["event_ids"] == "e03 e04"
        assert "SCO" in graph.nodes["UZB"]["member_of"].split()


def test_cli_network_at_with_since_is_usage_error(db):
    proc = geopol("network", "--db", str(db), "--at", "2018", "--since", "2017", cwd=db.parent)
    assert proc.returncode == 2 and "not both" in proc.stderr


def test_cli_institution_prints_timeline_and_events_with_evidence(db):
    proc = geopol("institution", "CSTO", "--db", str(db), "--since", "2010", "--until", "2012", cwd=db.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == ("Collective Security Treaty Organization (organisation); members on "
                                           "2012-12-31: ARM BLR KAZ KGZ RUS TJK")
    assert "2010-06-14  event       REJECT (by CSTO)" in proc.stdout
    assert '"The CSTO turned down the Kyrgyz appeal."  [doc-e13' in proc.stdout
    assert "members: ARM BLR KAZ KGZ RUS TJK UZB" in proc.stdout
    assert "2012-12-19  membership  UZB left" in proc.stdout


def test_cli_institution_json_and_unknown_name(db):
    proc = geopol("institution", "C5+1", "--db", str(db), "--format", "json", cwd=db.parent)
    assert json.loads(proc.stdout)["id"] == "agreement/c5-plus-1"
    proc = geopol("institution", "Nowhere Pact", "--db", str(db), cwd=db.parent)
    assert proc.returncode == 2 and "no organisation" in proc.stderr


def test_cli_kb_proposals_accept_reject(tmp_path):
    db = tmp_path / "p.db"
    viewstore.build(db).close()
    listed = geopol("kb", "proposals", "--db", str(db), cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("#1 [open] UZB suspended (CSTO) on 2012-06-28: contradicts the knowledge base")
    assert "1 new, 1 listed" in listed.stderr
    accepted = geopol("kb", "accept", "1", "--db", str(db), "--to", "mine.jsonl", cwd=tmp_path)
    assert accepted.returncode == 0 and "appended to mine.jsonl" in accepted.stdout
    assert geopol("kb", "check", "mine.jsonl", cwd=tmp_path).returncode == 0
    again = geopol("kb", "reject", "1", "--db", str(db), cwd=tmp_path)
    assert again.returncode == 2 and "accepted already" in again.stderr
    assert geopol("kb", "proposals", "--db", str(db), cwd=tmp_path).stdout == ""
