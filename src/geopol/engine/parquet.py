"""The Parquet dataset an engine writes: five tables, partitioned by month.

Layout (Hive partitioning, so DuckDB, pyarrow, pandas and Spark read it as is)::

    OUT/documents/month=2022-01/part-<key>.parquet
    OUT/events/month=2022-01/part-<key>.parquet
    OUT/event_actors/..., OUT/mentions/..., OUT/errors/month=undated/...
    OUT/_parts/<key>.json          what a finished partition wrote

``<key>`` names the input partition (``inputs.Part.key``), so writing a
partition again replaces its files and never adds a second copy; each file
is written to a hidden temporary name and renamed into place, so a reader
or a killed worker never leaves half a file. The ``_parts`` marker is
written last: a partition without one (a killed run) is coded again on the
next run, and one whose input changed since is replaced.
"""
from __future__ import annotations

import json
import os
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from geopol.engine.rows import COLUMNS, TABLES, Row, Rows, to_results
from geopol.errors import EngineError
from geopol.types import DocResult

MARKERS = "_parts"
_SPAN = pa.struct([("start", pa.int64()), ("end", pa.int64())])
_TYPES = {
    "string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
    "spans": pa.list_(_SPAN),
    "discarded": pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()), ("reason", pa.string())])),
}


def schema(table: str) -> pa.Schema:
    """A table's file schema (``month`` lives in the directory name)."""
    return pa.schema([(name, _TYPES[kind]) for name, kind in COLUMNS[table] if name != "month"])


# writing --------------------------------------------------------------------------
def write_part(out: str | Path, key: str, fingerprint: str, rows: Rows) -> dict[str, int]:
    """Write one partition's rows, replacing what an earlier run wrote for it."""
    out = Path(out)
    written: set[Path] = set()
    for table in TABLES:
        for month, month_rows in _by_month(rows.table(table)).items():
            written.add(_write_file(out / table / f"month={month}" / f"part-{key}.parquet", table, month_rows))
    for stale in set(_part_files(out, key)) - written:  # the input changed month since last time
        stale.unlink(missing_ok=True)
    counts = rows.counts()
    _atomic_write(out / MARKERS / f"{key}.json",
                  json.dumps({"fingerprint": fingerprint, "counts": counts}).encode("utf-8"))
    return counts


def is_done(out: str | Path, key: str, fingerprint: str) -> bool:
    """True if a run finished this partition from the same input."""
    try:
        marker = json.loads((Path(out) / MARKERS / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return marker.get("fingerprint") == fingerprint


def remove_temporaries(out: str | Path) -> int:
    """Delete half-written files a killed worker left; returns how many."""
    count = 0
    for path in Path(out).glob("*/month=*/.part-*.tmp-*"):
        path.unlink(missing_ok=True)
        count += 1
    return count


def _by_month(rows: list[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        out[row["month"]].append(row)
    return out


def _write_file(path: Path, table: str, rows: list[Row]) -> Path:
    data = pa.Table.from_pylist([{k: v for k, v in row.items() if k != "month"} for row in rows],
                                schema=schema(table))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex}")
    pq.write_table(data, tmp)
    os.replace(tmp, path)
    return path


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _part_files(out: Path, key: str) -> Iterator[Path]:
    for table in TABLES:
        yield from (out / table).glob(f"month=*/part-{key}.parquet")


# reading --------------------------------------------------------------------------
def read_results(out: str | Path) -> Iterator[DocResult]:
    """Every coded document in the dataset, one partition file at a time."""
    out = _dataset(out)
    for month_dir in sorted((out / "documents").glob("month=*")):
        for doc_file in sorted(month_dir.glob("part-*.parquet")):
            tables = {t: _rows(out / t / month_dir.name / doc_file.name) for t in TABLES if t != "errors"}
            yield from to_results(tables["documents"], tables["events"], tables["event_actors"], tables["mentions"])


def read_errors(out: str | Path) -> Iterator[Row]:
    """Every error row in the dataset."""
    for path in sorted((_dataset(out) / "errors").glob("month=*/part-*.parquet")):
        yield from _rows(path)


def _dataset(out: str | Path) -> Path:
    if not (Path(out) / MARKERS).is_dir():
        raise EngineError("E402", path=out)
    return Path(out)


def _rows(path: Path) -> list[Row]:
    return pq.read_table(path).to_pylist() if path.exists() else []


__all__ = ["MARKERS", "is_done", "read_errors", "read_results", "remove_temporaries", "schema", "write_part"]
