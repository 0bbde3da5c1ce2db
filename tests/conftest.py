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
def code(pipeline):
    """Code one text published on a date; returns the DocResult."""
    from geopol.types import Document

    def run(text: str, published: str = "2022-01-07"):
        doc = Document(doc_id="t", text=text, date=dt.date.fromisoformat(published))
        return next(iter(pipeline.run([doc])))

    return run


@pytest.fixture(scope="session")
def shared_dir():
    if not (SHARED / "gold").is_dir():
        pytest.skip(f"the shared gold data is not beside the checkout ({SHARED})")
    return SHARED
