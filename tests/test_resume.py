"""Re-running ingest: stored documents are not parsed again; a document is
its source (a file, or a file's record id), and a new version replaces it."""
from __future__ import annotations

import json

from geopol import api
from geopol.store import Store

TEXTS = ["Kazakhstan asked the CSTO to send troops.", "Russia accused Ukraine of shelling the border.",
         "Tajikistan closed its border with Kyrgyzstan.", "China agreed to lend Kyrgyzstan money."]


def _corpus(tmp_path, texts=TEXTS):
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"2022-01-0{i + 1}-n{i}.txt").write_text(f"Story {i}\n\n{text}\n", encoding="utf-8")
    return folder


def test_resume_parses_only_what_is_not_stored(tmp_path, pipeline, monkeypatch):
    folder = _corpus(tmp_path)
    db = tmp_path / "g.db"
    first = api.ingest([str(folder / "2022-01-01-n0.txt")], db, pipeline=pipeline)
    assert (first.parsed, first.skipped, first.written) == (1, 0, 1)
    ran = []
    real = pipeline.run
    monkeypatch.setattr(pipeline, "run", lambda docs: real(d for d in docs if ran.append(d.doc_id) or True))
    again = api.ingest([str(folder)], db, pipeline=pipeline)
    assert (again.parsed, again.skipped, again.written) == (3, 1, 3)
    assert len(ran) == 3
    with Store(db) as store:
        assert store.stats()["documents"] == 4


def test_resume_an_edited_file_replaces_its_old_version(tmp_path, pipeline):
    folder = _corpus(tmp_path)
    db = tmp_path / "g.db"
    api.ingest([str(folder)], db, pipeline=pipeline)
    path = folder / "2022-01-01-n0.txt"
    path.write_text("Story 0\n\nKazakhstan thanked the CSTO for its troops.\n", encoding="utf-8")
    report = api.ingest([str(folder)], db, pipeline=pipeline)
    assert (report.parsed, report.written) == (1, 1)
    with Store(db) as store:
        assert store.stats()["documents"] == len(TEXTS)
        texts = [e["sentence"] for e in store.events()]
    assert not any("asked the CSTO" in t for t in texts)


def test_resume_same_id_in_two_jsonl_files_is_not_overwritten(tmp_path, pipeline):
    db = tmp_path / "g.db"
    for name, text in (("a.jsonl", TEXTS[0]), ("b.jsonl", TEXTS[1])):
        (tmp_path / name).write_text(json.dumps({"id": "story-1", "text": text, "date": "2022-01-07"}) + "\n")
    report = api.ingest([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")], db, pipeline=pipeline)
    assert report.written == 1 and len(report.failed) == 1
    assert "b.jsonl:1" in report.failed[0] and "'story-1'" in report.failed[0] and "a.jsonl" in report.failed[0]
    with Store(db) as store:
        assert store.document("story-1")["text"] == TEXTS[0]
    # the same file's record, edited, does replace it
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "story-1", "text": TEXTS[2], "date": "2022-01-07"}) + "\n")
    report = api.ingest([str(tmp_path / "a.jsonl")], db, pipeline=pipeline)
    assert report.written == 1 and not report.failed
    with Store(db) as store:
        assert store.document("story-1")["text"] == TEXTS[2]
