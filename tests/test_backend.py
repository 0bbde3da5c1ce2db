"""The matrix backend: chosen from blis's kernel for this CPU, forced by a
setting, and the coded output is the same either way."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from geopol.errors import ModelError
from geopol.stages import backend


@pytest.mark.parametrize(("arch", "chosen"), [("generic", "numpy"), ("", "numpy"), ("zen3", "blis"),
                                              ("skx", "blis")])
def test_backend_auto_takes_blis_only_where_it_has_a_kernel(monkeypatch, arch, chosen):
    monkeypatch.setattr(backend, "blis_architecture", lambda: arch)
    monkeypatch.delenv(backend.ENV, raising=False)
    assert backend.choose("auto") == backend.choose(None) == chosen


@pytest.mark.parametrize("forced", ["blis", "numpy", " NumPy "])
def test_backend_setting_and_env_force_either(monkeypatch, forced):
    monkeypatch.setattr(backend, "blis_architecture", lambda: "generic" if "blis" in forced else "zen3")
    assert backend.choose(forced) == forced.strip().lower()
    monkeypatch.setenv(backend.ENV, forced)
    assert backend.choose(None) == forced.strip().lower()
    assert backend.choose("auto") == ("numpy" if "blis" in forced else "blis")  # the setting beats the env


@pytest.mark.parametrize("bad", ["mkl", "gpu"])
def test_backend_unknown_name_is_a_clear_error(bad):
    with pytest.raises(ModelError, match="E103"):
        backend.choose(bad)


def test_backend_blis_reports_its_architecture():
    assert backend.blis_architecture()  # a name such as "generic" or "zen3"


# Codes the sample articles with one backend in a fresh process (thinc's
# backend is process-wide) and prints the results and the ops in use.
PROBE = """
import json, sys
from geopol.api import SAMPLES
from geopol.config import Settings
from geopol.pipeline import Pipeline
from geopol.stages.ingest import documents_of, read_inputs
pipeline = Pipeline(settings=Settings(backend=sys.argv[1]))
ops = pipeline.nlp.get_pipe("tok2vec").model.ops
docs = list(documents_of(read_inputs([str(SAMPLES)]), None))[:12]
print(json.dumps({"use_blis": ops.use_blis, "results": [r.to_dict() for r in pipeline.run(docs)]}))
"""


def test_backend_output_identical_with_blis_and_numpy():
    runs = {}
    for name in ("blis", "numpy"):
        env = {k: v for k, v in os.environ.items() if k != backend.ENV}
        proc = subprocess.run([sys.executable, "-c", PROBE, name], capture_output=True, text=True, env=env,
                              timeout=900)
        assert proc.returncode == 0, proc.stderr
        runs[name] = json.loads(proc.stdout)
    assert runs["blis"]["use_blis"] is True and runs["numpy"]["use_blis"] is False
    assert sum(len(r["events"]) for r in runs["blis"]["results"]) > 10
    assert runs["blis"]["results"] == runs["numpy"]["results"]


# The numpy backend in a fresh process: how many threads numpy's BLAS then has.
THREADS = """
import json
from geopol.stages import backend
from geopol.stages.parse import load_nlp  # noqa: F401 (numpy loaded, as in a worker)
backend.use("numpy")
from threadpoolctl import threadpool_info
print(json.dumps([i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]))
"""


@pytest.mark.parametrize("asked", [{}, {"OPENBLAS_NUM_THREADS": "2"}])
def test_backend_numpy_runs_blas_on_one_thread(asked):
    """One process per core, each with BLAS on every core, would spin threads
    against each other (it about doubled the parse's CPU time)."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")} | asked
    proc = subprocess.run([sys.executable, "-c", THREADS], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    threads = json.loads(proc.stdout)
    assert threads and set(threads) == {1}
