"""The extract output contract: JSON Schema, offsets, stable ids."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

SCHEMA = Path(__file__).resolve().parents[1] / "src" / "geopol" / "schema" / "extract.schema.json"


@pytest.fixture(scope="module")
def sample_results(pipeline):
    from geopol.api import SAMPLES

    return list(pipeline.extract([str(SAMPLES)]))


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_contract_samples_validate_against_schema(sample_results, validator):
    assert len(sample_results) >= 30
    for result in sample_results:
        errors = list(validator.iter_errors(json.loads(json.dumps(result.to_dict()))))
        assert not errors, (result.doc.doc_id, errors[0].message)


def test_contract_samples_produce_events(sample_results):
    assert sum(len(r.events) for r in sample_results) >= 60
    assert all(r.ok for r in sample_results), [r.error for r in sample_results if not r.ok]


def test_contract_offsets_recover_evidence(sample_results):
    for result in sample_results:
        for ev in result.events:
            assert result.doc.text[ev.start:ev.end] == ev.sentence
        for m in result.mentions:
            assert result.doc.text[m.start:m.end] == m.text


def test_contract_discarded_spans_are_in_text(sample_results):
    discarded = [(r, d) for r in sample_results for d in r.discarded]
    assert discarded, "the samples hold boilerplate the cleaner must remove"
    assert all(0 <= d.start < d.end <= len(r.doc.text) for r, d in discarded)


def test_contract_ids_stable_across_runs(pipeline, sample_results):
    from geopol.api import SAMPLES

    again = list(pipeline.extract([str(SAMPLES)]))
    assert [e.id for r in again for e in r.events] == [e.id for r in sample_results for e in r.events]
    assert len({e.id for r in again for e in r.events}) == sum(len(r.events) for r in again)


@pytest.mark.parametrize("field", ["cameo", "quad_class"])
def test_contract_codes_are_strings(sample_results, field):
    values = [getattr(e, field) for r in sample_results for e in r.events]
    assert values and all(isinstance(v, str) for v in values)
