"""The command line, end to end in subprocesses (as a user runs it)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLE = ("Kyrgyzstan accuses Tajikistan\n\n"
           "Kyrgyzstan on Thursday accused Tajikistan of shelling border villages, the foreign ministry said.\n")


def geopol(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, GEOPOL_DB=str(cwd / "env.db"))
    return subprocess.run([sys.executable, "-m", "geopol.cli", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture()
def corpus(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "2021-05-02-clash.txt").write_text(ARTICLE)
    return tmp_path


def test_cli_extract_prints_one_object_per_document(corpus):
    proc = geopol("extract", "in", cwd=corpus)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(lines) == 1 and lines[0]["date"] == "2021-05-02"
    assert any(e["type"] == "ACCUSE" for e in lines[0]["events"])
    assert not (corpus / "env.db").exists(), "extract must write nothing"


def test_cli_extract_reads_stdin(corpus):
    proc = geopol("extract", "--date", "2021-05-02", "-", cwd=corpus, stdin=ARTICLE)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["events"]


def test_cli_extract_bad_input_named_and_batch_goes_on(corpus):
    (corpus / "in" / "empty.txt").write_text("")
    (corpus / "in" / "docs.jsonl").write_text('{"id": "a", "text": "Russia condemned Ukraine."}\n{broken\n')
    proc = geopol("extract", "--date", "2022-02-01", "in", cwd=corpus)
    assert proc.returncode == 1
    assert "empty.txt" in proc.stderr and "docs.jsonl:2" in proc.stderr
    assert len(proc.stdout.splitlines()) == 2  # the article and record "a"


def test_cli_ingest_twice_changes_nothing(corpus):
    first = geopol("ingest", "--db", "x.db", "in", cwd=corpus)
    assert first.returncode == 0, first.stderr
    rows1 = geopol("events", "--db", "x.db", "--format", "jsonl", cwd=corpus).stdout
    second = geopol("ingest", "--db", "x.db", "in", cwd=corpus)
    assert "0 documents written, 1 unchanged" in second.stderr
    assert geopol("events", "--db", "x.db", "--format", "jsonl", cwd=corpus).stdout == rows1
    assert rows1.strip()


def test_cli_ingest_default_db_from_env(corpus):
    assert geopol("ingest", "in", cwd=corpus).returncode == 0
    assert (corpus / "env.db").exists()


@pytest.mark.parametrize("args,expect", [
    (["--actor", "KGZ"], "ACCUSE"),
    (["--type", "ACCUSE", "--since", "2021-01-01"], "ACCUSE"),
])
def test_cli_events_filters(corpus, args, expect):
    geopol("ingest", "--db", "x.db", "in", cwd=corpus)
    proc = geopol("events", "--db", "x.db", *args, cwd=corpus)
    assert proc.returncode == 0 and expect in proc.stdout


@pytest.mark.parametrize("args", [["--actor", "CHN"], ["--until", "2020-01-01"]])
def test_cli_events_filters_exclude(corpus, args):
    geopol("ingest", "--db", "x.db", "in", cwd=corpus)
    proc = geopol("events", "--db", "x.db", "--format", "jsonl", *args, cwd=corpus)
    assert proc.returncode == 0 and proc.stdout.strip() == ""


def test_cli_events_csv_has_header(corpus):
    geopol("ingest", "--db", "x.db", "in", cwd=corpus)
    proc = geopol("events", "--db", "x.db", "--format", "csv", cwd=corpus)
    assert proc.stdout.splitlines()[0].startswith("id,doc_id,date,type")


def test_cli_search_finds_sentence(corpus):
    geopol("ingest", "--db", "x.db", "in", cwd=corpus)
    proc = geopol("search", "--db", "x.db", "shelling", cwd=corpus)
    assert "shelling border villages" in proc.stdout


@pytest.mark.parametrize("value", ["2021-13-01", "yesterday"])
def test_cli_bad_date_is_usage_error(corpus, value):
    proc = geopol("extract", "--date", value, "in", cwd=corpus)
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr


def test_cli_demo_shows_counts_dyads_and_evidence(tmp_path):
    proc = geopol("demo", "--db", "demo.db", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "documents" in proc.stdout and "Most active dyads" in proc.stdout
    assert proc.stdout.count('"') >= 2  # evidence sentences are quoted
    relations_part = proc.stdout.split("Relations by year, KGZ -- TJK")[1].split("The CSTO, 2009-2012")[0]
    assert "KGZ -- TJK" in relations_part and '"' in relations_part  # cells with their evidence
    chronology_part = proc.stdout.split("The CSTO, 2009-2012")[1]
    assert "2012-12-19  membership  UZB left" in chronology_part and "event" in chronology_part
    assert "UZB suspended (CSTO)" in proc.stdout.split("contradicts the knowledge base (`geopol kb proposals`)")[-1]


@pytest.mark.parametrize("args,expect", [
    (["kb", "show", "Nazarbaev"], "person/nursultan-nazarbayev"),
    (["kb", "members", "CSTO", "--at", "2010-01-01"], "UZB"),
])
def test_cli_kb_commands(tmp_path, args, expect):
    proc = geopol(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert expect in proc.stdout


def test_cli_kb_check_reports_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "kind": "org", "name": "X", "source": "s"}\n{"id": "y"}\n')
    proc = geopol("kb", "check", str(bad), cwd=tmp_path)
    assert proc.returncode == 1 and "bad.jsonl:2" in proc.stdout


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_cli_every_setting_has_a_documented_flag(tmp_path, command):
    from geopol.config import Settings

    helptext = geopol(command, "--help", cwd=tmp_path).stdout
    for name in Settings.help():
        if name != "batch_size":  # an API tuning knob, not a CLI flag
            assert "--" + name.replace("_", "-") in helptext
