"""The Dask engine: code inputs on a cluster's workers into a Parquet dataset.

    from geopol.engine.cluster import connect
    from geopol.engine.dask_engine import extract

    with connect(workers=2) as client:
        report = extract(client, ["articles/"], "out/")

The driver only plans partitions (``inputs.plan``); each partition is one
Dask task that reads its inputs on the worker, codes them with that worker
process's pipeline (``core.code_batch``) and writes its rows
(``parquet.write_part``). A partition a run already finished from the same
input is skipped, so re-running after a crash codes only what is missing;
a task lost with its worker is run again by Dask on another worker, and its
files replace, never add to, whatever the lost attempt wrote. So every
document ends in the dataset exactly once.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from distributed import Client, Future, as_completed

from geopol.config import Settings
from geopol.engine import inputs, parquet
from geopol.engine.core import code_batch
from geopol.engine.rows import TABLES
from geopol.errors import message


@dataclass
class PartReport:
    """What one partition's task wrote: rows per table, and the messages of
    the inputs that could not be read or coded."""

    counts: dict[str, int]
    failed: list[str] = field(default_factory=list)


@dataclass
class RunReport:
    """What one run did."""

    parts: int = 0
    skipped: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    failed: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.counts["documents"]

    def add(self, part: PartReport) -> None:
        for table, n in part.counts.items():
            self.counts[table] += n
        self.failed.extend(part.failed)


def extract(client: Client, paths: Sequence[str], out: str | Path, settings: Settings | None = None,
            default_date: date | None = None, chunk_mb: float = 1.0, files_per_part: int = 100,
            on_part: Callable[[PartReport], None] | None = None) -> RunReport:
    """Code ``paths`` on ``client``'s workers into the dataset ``out``;
    ``on_part`` is called with each finished partition's report."""
    settings = settings or Settings()
    out = Path(out).resolve()
    parts = inputs.plan(paths, chunk_mb, files_per_part)
    report = RunReport(parts=len(parts))
    parquet.remove_temporaries(out)
    todo = [p for p in parts if not parquet.is_done(out, p.key, p.fingerprint)]
    report.skipped = len(parts) - len(todo)
    run = uuid.uuid4().hex[:8]  # a fresh task name per run: nothing is taken from an earlier one
    futures = client.map(code_part, todo, out=str(out), settings=settings, default_date=default_date,
                         pure=False, key=[f"geopol-{run}-{p.key}" for p in todo])
    parts_of = dict(zip((f.key for f in futures), todo))
    for future in as_completed(futures):
        part = _outcome(future, parts_of[future.key])
        report.add(part)
        if on_part is not None:
            on_part(part)
    return report


def _outcome(future: Future, part: inputs.Part) -> PartReport:
    """The task's report; a task that failed as a whole (its workers kept
    dying, the disk is full) is one failure naming its inputs, and the run goes on."""
    try:
        return future.result()
    except Exception as exc:
        where = part.jsonl and f"{part.jsonl} bytes {part.offset}-{part.offset + part.length}"
        text = message("E404", part=where or ", ".join(part.files), detail=f"{type(exc).__name__}: {exc}")
        return PartReport(dict.fromkeys(TABLES, 0), [text])


def code_part(part: inputs.Part, out: str, settings: Settings, default_date: date | None) -> PartReport:
    """One task: read, code and write one partition (runs on a worker)."""
    rows = code_batch(inputs.records(part, settings.max_mb), settings, default_date)
    counts = parquet.write_part(out, part.key, part.fingerprint, rows)
    return PartReport(counts, [row["message"] for row in rows.errors if row["fatal"]])


__all__ = ["PartReport", "RunReport", "code_part", "extract"]
