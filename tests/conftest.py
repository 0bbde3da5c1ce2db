"""Shared fixtures: the knowledge base, spaCy pipeline and geopol pipeline
load once per test session."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(scope="session")
def kb():
    from geopol.kb import load

    return load()


@pytest.fixture(scope="session")
def nlp(kb):
    from geopol.stages.parse import load_nlp

    return load_nlp(kb)


@pytest.fixture(scope="session")
def pipeline(kb, nlp):
    from geopol import Pipeline

    return Pipeline(kb=kb, nlp=nlp)


@pytest.fixture(scope="session")
def resolver(kb):
    from geopol.stages.actors import Resolver

    return Resolver(kb)


@pytest.fixture(scope="session")
def one_sided_pipeline(kb, nlp):
    """The pipeline keeping events with no target, to test the coder's reading
    of each construction whether or not the sentence names a target."""
    from geopol import Pipeline
    from geopol.config import Settings

    return Pipeline(kb=kb, nlp=nlp, settings=Settings(one_sided=True))


@pytest.fixture(scope="session")
def code(one_sided_pipeline):
    """Code one text published on a date; returns the DocResult."""
    from geopol.types import Document

    def run(text: str, published: str = "2022-01-07"):
        doc = Document(doc_id="t", text=text, date=dt.date.fromisoformat(published))
        return next(iter(one_sided_pipeline.run([doc])))

    return run


@pytest.fixture(scope="session")
def shared_dir():
    if not (SHARED / "gold").is_dir():
        pytest.skip(f"the shared gold data is not beside the checkout ({SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, pipeline):
    """The demo store (the bundled samples, coded), built once per session; treat it as read-only."""
    from geopol import api

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    api.demo(path, pipeline=pipeline)
    return path


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory, pipeline):
    """A store of two articles whose title and text carry script tags and inline handlers."""
    from geopol import api

    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    api.ingest([str(ROOT / "tests" / "data" / "serve" / "hostile.jsonl")], path, pipeline=pipeline)
    return path
