"""The Dask engine on a LocalCluster of two worker processes: the same events
as one process, each document once after a re-run, a lost worker or a
killed run, bad records as error rows, and the dataset into the store.

One cluster serves the module (each worker loads spaCy once); the test that
kills a worker runs last.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from distributed import Client, get_task_stream

from geopol import api, cli
from geopol.api import SAMPLES
from geopol.engine import parquet
from geopol.engine.cluster import local_cluster, slurm_cluster
from geopol.engine.dask_engine import extract
from geopol.store import Store

ROOT = Path(__file__).resolve().parents[1]
SMALL = dict(chunk_mb=0.002, files_per_part=3)  # many small partitions: both workers get some


@pytest.fixture(scope="module")
def client():
    with local_cluster(2) as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def single(pipeline):
    """The single-process run over the sample corpus, by document id."""
    return {r.doc.doc_id: r.to_dict() for r in pipeline.extract([str(SAMPLES)])}


@pytest.fixture(scope="module")
def dataset(client, tmp_path_factory):
    out = tmp_path_factory.mktemp("dask") / "out"
    with get_task_stream(client) as stream:
        report = extract(client, [str(SAMPLES)], out, **SMALL)
    return out, report, {task["worker"] for task in stream.data}


def _documents(out: Path) -> list[str]:
    return [r.doc.doc_id for r in parquet.read_results(out)]


def _files(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*.parquet")}


def test_engine_dask_two_workers_find_exactly_the_single_process_events(dataset, single):
    out, report, workers = dataset
    assert len(workers) == 2, "both worker processes coded partitions"
    assert report.parts > 2 and report.skipped == 0 and not report.failed
    results = {r.doc.doc_id: r.to_dict() for r in parquet.read_results(out)}
    assert results == single
    events = sorted(e["id"] for r in results.values() for e in r["events"])
    assert events == sorted(e["id"] for r in single.values() for e in r["events"]) and events


def test_engine_dask_dataset_is_hive_partitioned_by_month(dataset):
    out, _, _ = dataset
    months = {p.name for p in (out / "events").iterdir()}
    assert "month=2022-01" in months and all(m.startswith("month=") for m in months)
    rows = duckdb.sql(f"SELECT DISTINCT month, date FROM read_parquet('{out}/documents/*/*.parquet', "
                      "hive_partitioning = true)").fetchall()
    assert rows and all(date.startswith(month) for month, date in rows)


def test_engine_dask_rerun_skips_finished_and_replaces_unfinished_partitions(client, dataset, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(dataset[0], out)
    before = _files(out)
    again = extract(client, [str(SAMPLES)], out, **SMALL)
    assert again.skipped == again.parts and again.documents == 0 and _files(out) == before
    unmarked = sorted((out / parquet.MARKERS).iterdir())[:3]
    for marker in unmarked:  # as if these were written but not marked done
        marker.unlink()
    again = extract(client, [str(SAMPLES)], out, **SMALL)
    assert again.skipped == again.parts - 3 and again.documents > 0
    assert set(_files(out)) == set(before)
    assert sorted(_documents(out)) == sorted(_documents(dataset[0]))


def test_engine_dask_killed_run_reruns_to_each_document_once(client, dataset, single, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(dataset[0], out)
    markers = sorted((out / parquet.MARKERS).iterdir())
    for marker in markers[::4]:  # killed before these were written: no files, no marker
        key = marker.stem
        for path in out.glob(f"*/month=*/part-{key}.parquet"):
            path.unlink()
        marker.unlink()
    markers[1].unlink()  # killed after writing, before marking it done
    stale = next((out / "documents").iterdir()) / f".part-{markers[1].stem}.parquet.tmp-dead"
    stale.write_bytes(b"half a file")
    again = extract(client, [str(SAMPLES)], out, **SMALL)
    assert again.skipped == len(markers) - len(markers[::4]) - 1
    documents = _documents(out)
    assert sorted(documents) == sorted(single) and not stale.exists()


@pytest.fixture(scope="module")
def bad(client, tmp_path_factory):
    """Good and bad records through the CLI, on the cluster passed by its
    scheduler's address: (dataset, exit code, stderr)."""
    corpus = tmp_path_factory.mktemp("bad") / "in"
    corpus.mkdir()
    (corpus / "2022-01-07-good.txt").write_text("Kazakhstan asks the CSTO for help\n\nKazakhstan asked the CSTO "
                                                 "for help on Wednesday.\n")
    (corpus / "empty.txt").write_text("")
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02" * 200)
    lines = [json.dumps({"id": "j1", "date": "2022-03-01", "text": "Russia warned Ukraine on Tuesday."}),
             "{not json", json.dumps({"id": "j3", "title": "no text"}),
             json.dumps({"id": "j4", "date": "2022-03-02", "text": "China hosted Iran's president."})]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n")
    out = corpus.parent / "out"
    err = corpus.parent / "stderr"
    with err.open("w") as stream, contextlib.redirect_stderr(stream):
        code = cli.main(["extract", "--engine", "dask", "--scheduler", client.scheduler.address, str(corpus),
                         "--out", str(out)])
    return out, code, err.read_text()


def test_engine_dask_bad_records_come_back_as_error_rows(bad):
    out, code, err = bad
    assert code == 1
    errors = {(Path(r["path"]).name, r["line"], r["code"]): r["message"] for r in parquet.read_errors(out)}
    assert set(errors) == {("empty.txt", None, "E001"), ("blob.txt", None, "E002"), ("feed.jsonl", 2, "E006"),
                           ("feed.jsonl", 3, "E007")}
    assert "feed.jsonl:2: not valid JSON" in errors[("feed.jsonl", 2, "E006")]
    assert all(message in err for message in errors.values())
    documents = _documents(out)
    assert len(documents) == 3 and {"j1", "j4"} < set(documents)


def test_engine_dask_a_failed_partition_is_reported_and_retried_by_a_rerun(client, tmp_path):
    files = sorted(str(p) for p in SAMPLES.glob("*.txt"))[:2]
    out = tmp_path / "out"
    out.mkdir()
    (out / "events").write_text("in the way")  # no partition can write its events
    report = extract(client, files, out, files_per_part=1)
    assert len(report.failed) == 2 and all("[E404]" in m and "Run the same command again" in m for m in report.failed)
    assert {Path(f).name for f in files} == {Path(m.split(": ")[0].removeprefix("[E404] ")).name for m in report.failed}
    (out / "events").unlink()
    again = extract(client, files, out, files_per_part=1)
    assert not again.failed and again.skipped == 0 and len(_documents(out)) == 2


@pytest.fixture(scope="module")
def stores(dataset, pipeline, tmp_path_factory):
    """The sample corpus stored directly, and through the dataset."""
    folder = tmp_path_factory.mktemp("stores")
    direct, loaded = folder / "direct.db", folder / "loaded.db"
    api.ingest([str(SAMPLES)], direct, pipeline=pipeline)
    assert cli.main(["ingest", "--from-parquet", str(dataset[0]), "--db", str(loaded)]) == 0
    return direct, loaded


def test_engine_dask_dataset_ingests_into_the_same_store(dataset, stores, capsys):
    with Store(stores[0]) as direct, Store(stores[1]) as loaded:
        assert loaded.events() == direct.events() and loaded.stats() == direct.stats()
    capsys.readouterr()
    assert cli.main(["ingest", "--from-parquet", str(dataset[0]), "--db", str(stores[1])]) == 0
    assert " 0 documents written" in capsys.readouterr().err


def _doc_queries(out: Path) -> list[str]:
    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    return [q.replace("'dataset/", f"'{out}/") for q in re.findall(r"```sql\n(.*?)```", text, re.S)]


def test_engine_dask_docs_duckdb_queries_agree_with_the_store(dataset, stores, bad):
    by_actor, dyads, by_month, errors = _doc_queries(dataset[0])
    with Store(stores[0]) as store:
        expected = [e["id"] for e in store.events(actor="KAZ", since="2022-01-01")]
        assert [row[0] for row in duckdb.sql(by_actor).fetchall()] == expected and expected
        assert [dict(zip(("source", "target", "events", "cooperation", "conflict"), row))
                for row in duckdb.sql(dyads).fetchall()] == store.dyads(limit=10)
        in_2022 = store.conn.execute("SELECT count(*) FROM events e JOIN documents d USING (doc_id) "
                                     "WHERE d.date BETWEEN '2022-01-01' AND '2022-12-31'").fetchone()[0]
    assert sum(row[2] for row in duckdb.sql(by_month).fetchall()) == in_2022 > 0
    listed = duckdb.sql(_doc_queries(bad[0])[3]).fetchall()
    assert [(Path(path).name, line, code) for path, line, code, _ in listed] == [
        ("blob.txt", None, "E002"), ("empty.txt", None, "E001"), ("feed.jsonl", 2, "E006"), ("feed.jsonl", 3, "E007")]


@pytest.mark.parametrize("argv", [["ingest", "--from-parquet", "nowhere"]])
def test_engine_dask_ingest_refuses_a_folder_that_is_no_dataset(argv, tmp_path, capsys):
    assert cli.main(argv + ["--db", str(tmp_path / "x.db")]) == 2
    assert "[E402]" in capsys.readouterr().err


@pytest.mark.parametrize("module", ["distributed", "pyarrow"])
def test_engine_dask_missing_extra_gives_an_install_hint(module, monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, module, None)
    code = cli.main(["extract", "--engine", "dask", "--out", str(tmp_path / "o"), str(SAMPLES)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "pip install 'geopol[dask]'" in err and module in err


def test_engine_dask_driver_does_not_load_spacy():
    """The driver only plans and collects: spaCy loads in the workers."""
    probe = ("import sys; from geopol.engine import cluster, dask_engine, parquet; "
             "print(sorted(m for m in ('spacy', 'thinc') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == "[]", proc.stderr


def test_engine_dask_slurm_job_script_runs_single_threaded_geopol_workers():
    cluster = slurm_cluster(cores=4, memory="6GB", walltime="02:00:00", queue="short", account="polsci",
                            job_script_prologue=["source /home/me/geopol/.venv/bin/activate"],
                            scheduler_options={"dashboard_address": ":0"})
    try:
        script = cluster.job_script()
    finally:
        cluster.close()
    for line in ("#SBATCH -p short", "#SBATCH -A polsci", "#SBATCH --cpus-per-task=4", "#SBATCH --mem=6G",
                 "#SBATCH -t 02:00:00", "source /home/me/geopol/.venv/bin/activate"):
        assert line in script
    assert "--nworkers 4" in script and "--nthreads 1" in script and "distributed.cli.dask_worker" in script


def test_engine_dask_slurm_settings_come_from_dask_config():
    import dask

    with dask.config.set({"jobqueue.slurm.queue": "long", "jobqueue.slurm.cores": 8}):
        cluster = slurm_cluster(scheduler_options={"dashboard_address": ":0"})
        try:
            script = cluster.job_script()
        finally:
            cluster.close()
    assert "#SBATCH -p long" in script and "--nworkers 8" in script and "#SBATCH --mem=8G" in script


def test_engine_dask_a_killed_worker_loses_no_document(client, single, tmp_path):
    out = tmp_path / "out"
    done = out / parquet.MARKERS
    result: dict = {}
    run = threading.Thread(target=lambda: result.update(
        report=extract(client, [str(SAMPLES)], out, chunk_mb=0.0005, files_per_part=2)))
    run.start()
    deadline = time.monotonic() + 120
    while not (done.is_dir() and len(list(done.iterdir())) >= 2) and time.monotonic() < deadline:
        time.sleep(0.02)
    pids = client.run(os.getpid)
    busy = [w for w, keys in client.processing().items() if keys] or list(pids)
    finished_at_kill = len(list(done.iterdir()))
    os.kill(pids[busy[0]], signal.SIGKILL)
    run.join(timeout=300)
    report = result["report"]
    assert finished_at_kill < report.parts, "the worker died mid-run"
    documents = _documents(out)
    assert sorted(documents) == sorted(single)
    assert report.documents == len(single)
