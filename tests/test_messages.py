"""Messages about input (issue 11, case 7): each printed once, with the
JSONL line; a warning repeated through a file grouped into one line; wide
and BOM-marked text decoded; skipped file types counted; a bad $GEOPOL_KB
or --kb file an error naming it; a field of the wrong type named as such."""
from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys

import pytest

from geopol import cli, kb as kbmod
from geopol import errors
from geopol.errors import KnowledgeBaseError, Problem
from geopol.stages.ingest import read_inputs

ARTICLE = "Kazakhstan asks the CSTO for help\n\nPresident Tokayev asked the CSTO for help on Wednesday.\n"


def _read(*paths, **kwargs) -> tuple[list, list[Problem]]:
    items = list(read_inputs([str(p) for p in paths], **kwargs))
    return [i for i in items if not isinstance(i, Problem)], [i for i in items if isinstance(i, Problem)]


def _jsonl(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


# line numbers --------------------------------------------------------------------------
@pytest.mark.parametrize("records", [[{"id": "a", "text": "Astana spoke."}, {"id": "b", "text": "Moscow spoke."}]])
def test_messages_jsonl_record_warnings_carry_the_line(tmp_path, records):
    path = _jsonl(tmp_path / "feed.jsonl", records)
    docs, problems = _read(path)
    assert len(docs) == 2 and [p.code for p in problems] == ["E008", "E008"]
    assert [p.text.split(": ")[0].split("] ")[1] for p in problems] == [f"{path}:1", f"{path}:2"]
    assert [(p.path, p.line) for p in problems] == [(path, 1), (path, 2)]


@pytest.mark.parametrize("line", [b'{"id": "c", "text": "Caf\xe9 talks in Astana.", "date": "2022-01-01"}\n'])
def test_messages_jsonl_encoding_warning_carries_the_line(tmp_path, line):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Fine.", "date": "2022-01-01"}\n' + line)
    _, problems = _read(path)
    assert [p.code for p in problems] == ["E003"] and problems[0].text.startswith(f"[E003] {path}:2: ")


# grouping ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("count", "grouped"), [(3, False), (4, True), (300, True)])
def test_messages_summarize_groups_a_problem_repeated_through_a_file(count, grouped):
    problems = [Problem.of("E008", fatal=False, path=f"feed.jsonl:{n}") for n in range(1, count + 1)]
    problems = [Problem(p.code, p.text, "feed.jsonl", n, False) for n, p in enumerate(problems, 1)]
    other = Problem.of("E001", path="empty.txt")
    lines = errors.summarize([*problems, other])
    assert lines[-1] == other.text
    if not grouped:
        assert lines[:-1] == [p.text for p in problems]
        return
    assert len(lines) == 2
    more = f" and {count - 5} more" if count > 5 else ""
    assert lines[0].startswith("[E008] feed.jsonl: no publication date found")
    assert lines[0].endswith(f"[{count} times in this file: lines {', '.join(map(str, range(1, min(count, 5) + 1)))}{more}]")


@pytest.fixture
def cheap_pipeline(monkeypatch, pipeline):
    monkeypatch.setattr("geopol.pipeline.Pipeline", lambda settings=None: pipeline)
    return pipeline


@pytest.mark.parametrize("count", [300])
def test_messages_cli_300_undated_records_give_one_line(tmp_path, capsys, cheap_pipeline, count):
    path = _jsonl(tmp_path / "undated.jsonl", [{"id": f"r{i}", "text": f"Note {i}."} for i in range(count)])
    assert cli.main(["extract", path, "--workers", "1", "--format", "table"]) == 0
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1, err
    assert "[E008]" in err[0] and f"[{count} times in this file: lines 1, 2, 3, 4, 5 and {count - 5} more]" in err[0]


# encodings ------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_messages_text_with_a_byte_order_mark_is_decoded(tmp_path, encoding, suffix):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    path = tmp_path / f"2022-01-06-note{suffix}"
    path.write_bytes(bom + ARTICLE.replace("\n", "\r\n").encode(encoding))
    docs, problems = _read(path)
    assert problems == []
    assert docs[0].text == ARTICLE and docs[0].title == "Kazakhstan asks the CSTO for help"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_messages_jsonl_with_a_byte_order_mark_is_decoded(tmp_path, encoding):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "a", "text": "Astana spoke.", "date": "2022-01-01"}), "not json",
             json.dumps({"id": "b", "text": "Moscow spoke.", "date": "2022-01-02"})]
    path.write_bytes("\n".join(lines).encode(encoding))
    docs, problems = _read(path)
    assert [d.doc_id for d in docs] == ["a", "b"] and [d.text for d in docs] == ["Astana spoke.", "Moscow spoke."]
    assert [(p.code, p.line) for p in problems] == [("E006", 2)]


# skipped types ----------------------------------------------------------------------
@pytest.mark.parametrize(("others", "said"), [
    (["a.pdf", "b.pdf", "sub/c.docx"], "skipped 3 files of unsupported types (.pdf x2, .docx x1)"),
    (["README"], "skipped 1 file of unsupported types ((no suffix) x1)"),
])
def test_messages_unsupported_files_in_a_directory_are_counted(tmp_path, capsys, cheap_pipeline, others, said):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "2022-01-06-a.txt").write_text(ARTICLE, encoding="utf-8")
    for name in [*others, ".hidden.pdf"]:
        (tmp_path / "in" / name).write_bytes(b"%PDF-1.4")
    docs, problems = _read(tmp_path / "in")
    assert len(docs) == 1 and [(p.code, p.fatal) for p in problems] == [("E013", False)]
    assert said in problems[0].text and str(tmp_path / "in") in problems[0].text
    assert cli.main(["extract", str(tmp_path / "in"), "--workers", "1"]) == 0  # a warning, not a failure
    assert capsys.readouterr().err.count(said) == 1


# the knowledge base ---------------------------------------------------------------
PERSON = {"id": "person/zorbek-testov", "kind": "person", "name": "Zorbek Testov", "source": "test",
          "country": "KAZ", "surnames": ["Testov"]}


@pytest.mark.parametrize(("content", "code"), [(None, "E203"), (b"this is not json\n", "E201"),
                                               (b"\xff\xfe\x00\xd8 not utf-8", "E204")])
def test_messages_bad_geopol_kb_is_an_error_naming_it(tmp_path, monkeypatch, capsys, content, code):
    path = tmp_path / "my-kb.jsonl"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv("GEOPOL_KB", str(path))
    with pytest.raises(KnowledgeBaseError) as err:
        kbmod.load()
    assert err.value.code == code and str(path) in str(err.value)
    text = tmp_path / "2022-01-06-a.txt"
    text.write_text(ARTICLE, encoding="utf-8")
    for command in (["extract", str(text)], ["kb", "show", "Tokayev"]):
        assert cli.main(command) == 2
        err_text = capsys.readouterr().err
        assert f"[{code}] {path}" in err_text and "Traceback" not in err_text


@pytest.mark.parametrize("where", ["after", "before"])
def test_messages_kb_option_adds_a_file(tmp_path, monkeypatch, capsys, where):
    monkeypatch.delenv("GEOPOL_KB", raising=False)
    path = _jsonl(tmp_path / "mine.jsonl", [PERSON])
    command = ["kb", "show", "Testov", "--kb", path] if where == "after" else ["--kb", path, "kb", "show", "Testov"]
    assert cli.main(command) == 0
    assert capsys.readouterr().out.startswith("person/zorbek-testov  Zorbek Testov")
    assert "GEOPOL_KB" not in os.environ  # added for the command only
    assert cli.main(["kb", "show", "Testov", "--kb", str(tmp_path / "typo.jsonl")]) == 2
    assert f"[E203] {tmp_path / 'typo.jsonl'}" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["Zorbek Testov met Russia's foreign minister in Astana on Monday."])
def test_messages_kb_option_reaches_the_coder(tmp_path, monkeypatch, capsys, text):
    monkeypatch.delenv("GEOPOL_KB", raising=False)
    path = _jsonl(tmp_path / "mine.jsonl", [PERSON])
    doc = tmp_path / "2022-01-06-a.txt"
    doc.write_text(f"Talks\n\n{text}\n", encoding="utf-8")
    assert cli.main(["extract", str(doc), "--kb", path, "--workers", "1"]) == 0
    mentions = json.loads(capsys.readouterr().out)["mentions"]
    assert "person/zorbek-testov" in {m["actor"]["id"] for m in mentions}


# field types --------------------------------------------------------------------------
@pytest.mark.parametrize(("record", "said"), [
    ({"id": "a", "text": 5}, "the 'text' field is a number (5), but it must be a string"),
    ({"id": "a", "text": ["Astana", "spoke"]}, "the 'text' field is a list, but it must be a string"),
    ({"id": "a", "html": {"body": "x"}}, "the 'html' field is an object, but it must be a string"),
])
def test_messages_wrong_type_of_text_is_named_not_called_missing(tmp_path, record, said):
    path = _jsonl(tmp_path / "feed.jsonl", [record])
    docs, problems = _read(path)
    assert docs == [] and [p.code for p in problems] == ["E014"]
    assert problems[0].text.startswith(f"[E014] {path}:1: {said}")


@pytest.mark.parametrize("record", [{"id": "a", "title": "no text at all"}])
def test_messages_missing_text_is_still_called_missing(tmp_path, record):
    _, problems = _read(_jsonl(tmp_path / "feed.jsonl", [record]))
    assert [p.code for p in problems] == ["E007"]


# each message once, in a real process (its logging configured as a user's is) -------------
@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_messages_each_printed_exactly_once(tmp_path, command):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "2022-01-06-good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "notes.pdf").write_bytes(b"%PDF")
    (folder / "feed.jsonl").write_text('{"id": "u", "text": "Undated note."}\nnot json\n{"id": "t", "text": 5}\n',
                                       encoding="utf-8")
    args = [sys.executable, "-m", "geopol.cli", command, str(folder), "--workers", "1"]
    args += ["--db", str(tmp_path / "s.db")] if command == "ingest" else []
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    for code in ("E001", "E002", "E006", "E008", "E013", "E014"):
        assert done.stderr.count(f"[{code}]") == 1, (code, done.stderr)
    assert "Traceback" not in done.stderr
