"""The Python API; the CLI is a thin layer over these functions."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from geopol.config import Settings
from geopol.errors import Interrupted, Problem, message
from geopol.store import Store, content_hash
from geopol.types import DocResult, Document

if TYPE_CHECKING:  # the pipeline imports spaCy: only the commands that parse load it
    from geopol.kb import KnowledgeBase
    from geopol.kb.records import Entity
    from geopol.pipeline import Pipeline

SAMPLES = Path(__file__).parent / "data" / "samples"
DEFAULT_DB = "geopol.db"


def default_db() -> str:
    """``$GEOPOL_DB`` or ``./geopol.db``."""
    return os.environ.get("GEOPOL_DB") or DEFAULT_DB


def open_store(db: str | Path | None = None) -> Store:
    """The existing store ``db`` (default ``default_db()``) for reading or
    correcting; StoreError E309 if there is no such file (it is not created)."""
    return Store(db or default_db(), create=False)


@dataclass(frozen=True)
class ActorQuery:
    """What an ``--actor`` name was read as: the codes and ids to match in
    stored events, and, unless the name was one of them, how it was read."""

    name: str
    codes: tuple[str, ...]
    reading: str | None = None  # None: the name is a code or id as stored


def resolve_actor(name: str, kb: KnowledgeBase | None = None) -> ActorQuery:
    """Read an actor filter through the knowledge base, as ``kb show`` does:
    a state's name, capital or demonym is its country code (``Astana``:
    ``KAZ``), an organisation's name its acronym, a person or body its id
    (``Tokayev``: ``person/kassym-jomart-tokayev``). A code or id as stored
    (``KAZ``, ``CSTO``) is kept as it is; a name the knowledge base lacks is
    matched as written against stored actor names."""
    if kb is None:
        from geopol.kb import load

        kb = load()
    name = name.strip()
    if kb.state(name.upper()) or kb.org(name.upper()) or name in kb.entities:
        return ActorQuery(name, (name,))
    found = kb.find(name)
    if not found:
        return ActorQuery(name, (name,), "not in the knowledge base, so matched as written against actor names")
    codes = tuple(dict.fromkeys(_stored_code(ent) for ent in found))
    described = ", ".join(f"{_stored_code(ent)} ({ent.name})" for ent in found)
    return ActorQuery(name, codes, f"read as {described} from the knowledge base")


def _stored_code(ent: Entity) -> str:
    """The value an event's actor row holds for ``ent``: a state's country
    code, an organisation's acronym, else the entity id."""
    if ent.kind == "state" and ent.country:
        return ent.country
    if ent.kind == "org" and ent.org:
        return ent.org
    return ent.id


def extract(paths: Iterable[str], default_date: date | None = None, pipeline: Pipeline | None = None,
            problems: list[Problem] | None = None, settings: Settings | None = None) -> Iterator[DocResult]:
    """Code the documents under ``paths``; nothing is written to disk.
    Without a ``pipeline``, the parse runs on ``settings.workers`` processes
    (one per core by default), results still in input order."""
    if pipeline is None:
        from geopol.engine.local import extract as extract_local, worker_count

        if worker_count(settings or Settings()) > 1:  # this process reads, writes and parses beside the pool
            return extract_local(paths, default_date, problems, settings or Settings())
        from geopol.pipeline import Pipeline

        pipeline = Pipeline(settings=settings)
    return pipeline.extract(paths, default_date, problems)


@dataclass
class IngestReport:
    """What one ingest run did."""

    written: int = 0
    unchanged: int = 0  # coded again and found as stored
    parsed: int = 0  # documents run through the pipeline
    skipped: int = 0  # stored unchanged already, so not parsed again
    failed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not any(p.fatal for p in self.problems)


def ingest(paths: Iterable[str], db: str | Path | None = None, default_date: date | None = None,
           pipeline: Pipeline | None = None, on_result: Callable[[DocResult], None] | None = None,
           settings: Settings | None = None, recode: bool = False) -> IngestReport:
    """Code the documents under ``paths`` and store them; re-running is safe
    (unchanged documents are skipped, changed ones replaced; ``recode``
    replaces unchanged ones too, as this coder codes them, keeping analyst
    corrections). The clusters of the events written are brought up to date
    at the end of the run."""
    report = IngestReport()
    with Store(db or default_db()) as store:
        store.check_writable()  # before the language work, whose results could not be kept

        def stored(doc: Document) -> bool:  # resuming: what is stored unchanged is not parsed again
            done = not recode and store.has(doc.doc_id, content_hash(doc.text))
            report.skipped += done
            report.parsed += not done
            return done

        with _interruptible(store, report):
            for result in _coded(paths, default_date, pipeline, report.problems, settings, stored):
                _store_one(store, result, report, recode)
                if on_result is not None:
                    on_result(result)
        for problem in report.problems:
            store.write(_as_failed(problem))
        store.cluster()
    return report


@contextlib.contextmanager
def _interruptible(store: Store, report: IngestReport) -> Iterator[None]:
    """Ctrl-C in the block ends the run as ``Interrupted``, carrying ``report``.
    Each document is written in one transaction, so the one being written
    when the signal came is rolled back whole, and a re-run skips the rest."""
    try:
        yield
    except KeyboardInterrupt as exc:
        report.written += getattr(exc, "written", False)  # it came as a document's commit returned
        raise Interrupted("E308", report=report, path=store.path, written=report.written) from exc


def _coded(paths: Iterable[str], default_date: date | None, pipeline: Pipeline | None, problems: list[Problem],
           settings: Settings | None, skip: Callable[[Document], bool]) -> Iterator[DocResult]:
    """The results to store: on ``settings.workers`` processes without a ``pipeline``."""
    from geopol.engine.local import extract as extract_local, worker_count

    if pipeline is None and worker_count(settings or Settings()) > 1:
        return extract_local(paths, default_date, problems, settings or Settings(), skip=skip)
    if pipeline is None:
        from geopol.pipeline import Pipeline

        pipeline = Pipeline(settings=settings)
    return pipeline.extract(paths, default_date, problems, skip=skip)


def _as_failed(problem: Problem) -> DocResult:
    """An input problem as a failed result, so the store keeps it with the errors."""
    doc = Document(doc_id=f"input:{problem.path}:{problem.line or 0}", text="", path=problem.path, line=problem.line)
    return DocResult(doc, error=problem.text)


def _store_one(store: Store, result: DocResult, report: IngestReport, recode: bool = False) -> None:
    other = store.clash(result.doc) if result.ok else None
    if other is not None:  # the same record id from another file: never a silent overwrite
        doc = result.doc
        result = DocResult(doc, error=message("E303", where=f"{doc.path}:{doc.line}", doc_id=doc.doc_id, other=other))
    if not result.ok:
        report.failed.append(result.error or "")
        store.write(result)
    elif _write_counted(store, result, recode):
        report.written += 1
    else:
        report.unchanged += 1


def _write_counted(store: Store, result: DocResult, recode: bool) -> bool:
    """``store.write``; if Ctrl-C comes as its commit returns, the document
    is counted as the store holds it, so the summary is exact."""
    digest = content_hash(result.doc.text)
    before = store.has(result.doc.doc_id, digest)
    try:
        return store.write(result, recode=recode)
    except KeyboardInterrupt as stop:
        stop.written = not before and store.has(result.doc.doc_id, digest)  # type: ignore[attr-defined]
        raise


def ingest_parquet(directory: str | Path, db: str | Path | None = None,
                   on_result: Callable[[DocResult], None] | None = None) -> IngestReport:
    """Store a Parquet dataset that ``geopol extract --engine dask`` wrote,
    through the store's normal write path, as ``ingest`` would have stored
    its inputs (re-running changes nothing)."""
    from geopol.engine import require_dask

    require_dask(("pyarrow",))
    from geopol.engine import parquet, rows

    report = IngestReport()
    with Store(db or default_db()) as store:
        store.check_writable()
        with _interruptible(store, report):
            for result in parquet.read_results(directory):
                _store_one(store, result, report)
                if on_result is not None:
                    on_result(result)
        for row in parquet.read_errors(directory):
            if rows.is_input_error(row):
                report.problems.append(Problem(row["code"] or "", row["message"], row["path"], row["line"],
                                               row["fatal"]))
            else:
                _store_one(store, rows.error_result(row), report)
        for problem in report.problems:
            store.write(_as_failed(problem))
        store.cluster()
    return report


def demo(db: str | Path, pipeline: Pipeline | None = None,
         on_result: Callable[[DocResult], None] | None = None) -> IngestReport:
    """Build a store from the bundled sample corpus."""
    return ingest([str(SAMPLES)], db, pipeline=pipeline, on_result=on_result)
