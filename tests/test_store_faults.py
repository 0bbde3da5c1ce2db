"""The store's faults end as one clear message and their own exit code, never
a traceback (issue 11, case 5): a read-only file, a full disk, a lock held
by another process, a schema this geopol does not know, and Ctrl-C. Nothing
already stored is lost or duplicated."""
from __future__ import annotations

import errno
import hashlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from geopol import api, cli
from geopol.store import MIGRATIONS

TEXT = "Report {i}\n\n{a} accused {b} of shelling the border on Monday, officials said in note {i}.\n"
PAIRS = [("Kazakhstan", "Russia"), ("Kyrgyzstan", "Tajikistan"), ("China", "Uzbekistan"), ("Iran", "Turkmenistan")]


def _corpus(folder, count: int, first: int = 0):
    folder.mkdir(exist_ok=True)
    for i in range(first, first + count):
        a, b = PAIRS[i % len(PAIRS)]
        (folder / f"2023-05-{i % 28 + 1:02d}-r{i:03d}.txt").write_text(TEXT.format(i=i, a=a, b=b), encoding="utf-8")
    return folder


@pytest.fixture
def cheap_pipeline(monkeypatch, pipeline):
    """The CLI codes with the session's pipeline instead of loading spaCy again."""
    monkeypatch.setattr("geopol.pipeline.Pipeline", lambda settings=None: pipeline)
    return pipeline


@pytest.fixture
def stored(tmp_path, pipeline):
    """A store holding two documents, and a folder of three more to ingest."""
    db = tmp_path / "store.db"
    api.ingest([str(_corpus(tmp_path / "old", 2))], db, pipeline=pipeline)
    return db, _corpus(tmp_path / "new", 3, first=10)


def _documents(db) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute("SELECT path FROM documents ORDER BY path")]


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_message(err: str, code: str, *words: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len([line for line in lines if f"[{code}]" in line]) == 1, err
    message = next(line for line in lines if f"[{code}]" in line)
    for word in words:
        assert word.lower() in message.lower(), message


@pytest.fixture
def read_only(stored):
    """The store made read-only: immutable for root (whom file modes do not stop), mode 0444 otherwise."""
    db = stored[0]
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
            pytest.skip("running as root where chattr +i is not allowed: a read-only file cannot be made")
        yield stored
        subprocess.run(["chattr", "-i", str(db)], check=True)
    else:
        db.chmod(0o444)
        yield stored
        db.chmod(0o644)


@pytest.mark.parametrize("command", ["ingest"])
def test_store_faults_read_only_store_refused_before_any_parsing(read_only, monkeypatch, capsys, command):
    db, folder = read_only
    before = _documents(db)

    def no_parsing(*args, **kwargs):
        raise AssertionError("the documents were coded before the store was found read-only")

    monkeypatch.setattr("geopol.api._coded", no_parsing)
    code = cli.main([command, str(folder), "--db", str(db), "--workers", "1"])
    _one_message(capsys.readouterr().err, "E304", str(db), "read-only")
    assert code == cli.STORE_EXITS["E304"] == 4
    assert _documents(db) == before
    assert cli.main(["events", "--db", str(db), "--format", "jsonl"]) == 0  # reading it still works
    assert capsys.readouterr().out.count('"type"') > 0


@pytest.mark.parametrize("fault", [
    sqlite3.OperationalError("database or disk is full"),
    OSError(errno.ENOSPC, "No space left on device"),
])
def test_store_faults_disk_full_stops_with_one_message_and_keeps_what_was_stored(stored, cheap_pipeline, monkeypatch,
                                                                                capsys, fault):
    db, folder = stored
    from geopol.store import write

    real, calls = write.write_document, []

    def fills_up(conn, result, digest, at):
        calls.append(result.doc.path)
        if len(calls) == 2:  # the disk fills up while the second new document is written
            raise fault
        real(conn, result, digest, at)

    monkeypatch.setattr(write, "write_document", fills_up)
    code = cli.main(["ingest", str(folder), "--db", str(db), "--workers", "1"])
    _one_message(capsys.readouterr().err, "E305", str(db), "disk is full", "run the same command again")
    assert code == cli.STORE_EXITS["E305"] == 6
    assert len(_documents(db)) == 3  # the two stored before, and the first new one; the second was rolled back
    monkeypatch.setattr(write, "write_document", real)
    assert cli.main(["ingest", str(folder), "--db", str(db), "--workers", "1"]) == 0
    assert "(parsed 2, skipped 1 already stored)" in capsys.readouterr().err
    paths = _documents(db)
    assert len(paths) == len(set(paths)) == 5


@pytest.fixture
def locked(stored):
    """Another process holding the store's write lock."""
    db = stored[0]
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "conn.execute('BEGIN IMMEDIATE')\nprint('locked', flush=True)\ntime.sleep(120)\n", str(db)],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    yield stored
    holder.kill()
    holder.wait()


@pytest.mark.parametrize("wait", [0.5])
def test_store_faults_lock_held_by_another_process_waits_then_names_the_file(locked, cheap_pipeline, monkeypatch,
                                                                            capsys, wait):
    db, folder = locked
    monkeypatch.setenv("GEOPOL_BUSY_TIMEOUT", str(wait))
    started = time.monotonic()
    code = cli.main(["ingest", str(folder), "--db", str(db), "--workers", "1"])
    waited = time.monotonic() - started
    _one_message(capsys.readouterr().err, "E306", str(db), "locked by another process", f"{wait:g} s")
    assert code == cli.STORE_EXITS["E306"] == 5
    assert waited >= wait
    assert cli.main(["events", "--db", str(db)]) == 0  # readers are not blocked by a writer (WAL)


@pytest.mark.parametrize(("migration", "words"), [
    ("999_from_a_newer_geopol", ("999_from_a_newer_geopol", MIGRATIONS[-1][0], "newer geopol")),
    ("005_somebody_elses", ("005_somebody_elses", MIGRATIONS[-1][0], "not geopol's")),
])
@pytest.mark.parametrize("command", [["events"], ["ingest", "{folder}", "--workers", "1"]])
def test_store_faults_unknown_schema_is_refused_and_never_written(stored, capsys, migration, words, command):
    db, folder = stored
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, '2030-01-01T00:00:00+00:00')", (migration,))
    conn.close()
    before = _digest(db)
    code = cli.main([part.format(folder=folder) for part in command] + ["--db", str(db)])
    _one_message(capsys.readouterr().err, "E307", str(db), *words)
    assert code == cli.STORE_EXITS["E307"] == 3
    assert _digest(db) == before


SUMMARY = re.compile(r"\(parsed (\d+), skipped (\d+) already stored\)")
WRITTEN = re.compile(r"(\d+) documents were written in this run")


@pytest.mark.parametrize(("documents", "stop_after"), [(80, 10)])
def test_store_faults_ctrl_c_stops_cleanly_with_a_summary(tmp_path, documents, stop_after):
    folder, db = _corpus(tmp_path / "corpus", documents), tmp_path / "store.db"
    command = [sys.executable, "-m", "geopol.cli", "ingest", str(folder), "--db", str(db), "--workers", "1"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    deadline = time.monotonic() + 120
    while (not db.exists() or len(_stored_paths(db)) < stop_after) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == cli.INTERRUPTED == 130, err
    _one_message(err, "E308", str(db), "interrupted", "run the same command again")
    stored = _stored_paths(db)
    assert stop_after <= len(stored) < documents
    assert int(WRITTEN.search(err).group(1)) == len(stored)
    assert SUMMARY.search(err)  # the run's usual summary line too
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert SUMMARY.search(rerun.stderr).groups() == (str(documents - len(stored)), str(len(stored)))
    paths = _stored_paths(db)
    assert len(paths) == len(set(paths)) == documents


def _stored_paths(db) -> list[str]:
    try:
        return _documents(db)
    except sqlite3.OperationalError:  # the schema is not there yet
        return []
