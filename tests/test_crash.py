"""An ingest killed (SIGKILL) at several points of a corpus, then re-run:
each document is stored once, the rows are those of a clean run, and each
re-run parses only what was missing, as its summary reports."""
from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

ACTORS = ["Kazakhstan", "Russia", "China", "Kyrgyzstan", "Tajikistan", "Uzbekistan", "Turkmenistan", "Iran"]
VERBS = ["accused {b} of shelling the border", "asked {b} for help", "agreed to lend {b} money",
         "closed its border with {b}", "thanked {b} for its support", "criticised {b} over the dam"]
DOCUMENTS = 240
KILL_AFTER = (30, 110, 190)  # stored documents at which a run is killed
SUMMARY = re.compile(r"\(parsed (\d+), skipped (\d+) already stored\)")


def _corpus(folder) -> None:
    folder.mkdir()
    for i in range(DOCUMENTS):
        a, b = ACTORS[i % len(ACTORS)], ACTORS[(i // len(ACTORS) + i + 1) % len(ACTORS)]
        verb = VERBS[i % len(VERBS)].format(b=b)
        text = f"Report {i}\n\n{a} {verb} on Monday, officials said in note {i}.\n"
        (folder / f"2023-{i % 12 + 1:02d}-{i % 28 + 1:02d}-r{i:03d}.txt").write_text(text, encoding="utf-8")


def _ingest(folder, db) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    # one process, so that documents are stored as they are parsed and a kill lands near its point (with
    # worker processes parsing ahead, a quiet machine could store the last fifty before the kill arrived)
    return subprocess.Popen([sys.executable, "-m", "geopol.cli", "ingest", str(folder), "--db", str(db),
                             "--workers", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _stored(db) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def _kill_when(proc: subprocess.Popen, db, stored: int) -> None:
    deadline = time.monotonic() + 120
    while _stored(db) < stored and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _finish(proc: subprocess.Popen) -> tuple[int, int]:
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    parsed, skipped = SUMMARY.search(err).groups()
    return int(parsed), int(skipped)


def _rows(db) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {
            "documents": conn.execute("SELECT doc_id, content_hash, path FROM documents ORDER BY doc_id").fetchall(),
            "sentences": conn.execute('SELECT doc_id, start, "end", text FROM sentences ORDER BY 1, 2').fetchall(),
            "events": conn.execute('SELECT id, doc_id, type, start, "end", date, confidence FROM events '
                                   "ORDER BY id").fetchall(),
            "event_actors": conn.execute("SELECT event_id, role, position, actor_id, name FROM event_actors "
                                         "ORDER BY 1, 2, 3").fetchall(),
            "mentions": conn.execute('SELECT doc_id, start, "end", name FROM mentions ORDER BY 1, 2, 3, 4').fetchall(),
        }


@pytest.mark.parametrize("kill_after", [KILL_AFTER])
def test_crash_killed_ingest_resumes_to_a_clean_runs_rows(tmp_path, kill_after):
    folder = tmp_path / "corpus"
    _corpus(folder)
    clean_db, db = tmp_path / "clean.db", tmp_path / "killed.db"
    clean = _ingest(folder, clean_db)
    assert _finish(clean) == (DOCUMENTS, 0)
    for point in kill_after:
        _kill_when(_ingest(folder, db), db, point)
    before = _stored(db)
    assert kill_after[-1] <= before < DOCUMENTS
    parsed, skipped = _finish(_ingest(folder, db))
    assert (parsed, skipped) == (DOCUMENTS - before, before)
    rows, expected = _rows(db), _rows(clean_db)
    assert len(rows["documents"]) == len({r[0] for r in rows["documents"]}) == DOCUMENTS
    assert rows == expected
