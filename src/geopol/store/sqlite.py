"""``Store``: geopol's results in one SQLite file.

    >>> with Store("geopol.db") as store:
    ...     store.write(result)
    ...     store.events(actor="CSTO", since="2022-01-01")

Writes are idempotent: a document whose id and text are already stored is
skipped, one whose text changed replaces all its rows, each in a single
transaction. Failed results go to the ``errors`` table instead.
"""
from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from geopol import __version__, clusters, corrections
from geopol.errors import GeopolError
from geopol.store import query, write
from geopol.store.query import EventFilter
from geopol.store.schema import MIGRATIONS, migrate, now, transaction
from geopol.types import DocResult, Document

log = logging.getLogger(__name__)

DateLike = date | str | None
_MEMORY = ("", ":memory:")
BUSY_TIMEOUT = 30.0  # seconds to wait for another process's write lock; $GEOPOL_BUSY_TIMEOUT overrides


class StoreError(GeopolError):
    """The database file cannot be used, or a query argument is invalid.

    Codes: E009 (cannot be opened), E301 (not a geopol database, or
    corrupt), E302 (a date filter is not a date), E304 (read-only),
    E305 (disk full), E306 (locked by another process for longer than the
    busy timeout), E307 (a schema this geopol does not know: newer, or not
    ours), E309 (no such store, for a reader that must not create one).
    """


class Store:
    """An open geopol database; ``":memory:"`` for a throwaway one. A file
    that is not there is created, unless ``create`` is False (a reader:
    then it is StoreError E309, so a mistyped name is not a new empty store)."""

    def __init__(self, path: str | Path, timeout: float | None = None, create: bool = True) -> None:
        self.path = str(path)
        self.timeout = busy_timeout() if timeout is None else timeout
        if not create and self.path not in _MEMORY and not os.path.exists(self.path):
            raise StoreError("E309", path=self.path)
        with faults(self.path, self.timeout):
            self.conn = _open(self.path, self.timeout)

    def check_writable(self) -> None:
        """Raise StoreError now if nothing could be written (a read-only file,
        another process's lock), before any work whose results would be lost."""
        with faults(self.path, self.timeout), transaction(self.conn):
            self.conn.execute("DELETE FROM migrations WHERE 0")  # a write that changes nothing

    def write(self, result: DocResult, recode: bool = False) -> bool:
        """Store ``result``; False if it is unchanged or failed (then its
        error is kept in ``errors``), True if rows were written. ``recode``
        rewrites a document stored unchanged (its events as a newer coder
        found them). Analyst corrections on the text are applied again."""
        if result.error is not None:
            with faults(self.path, self.timeout), transaction(self.conn):
                write.record_error(self.conn, result, now())
            return False
        digest = write.content_hash(result.doc.text)
        with faults(self.path, self.timeout), transaction(self.conn):
            if not recode and write.is_stored(self.conn, result.doc.doc_id, digest):
                return False
            write.write_document(self.conn, result, digest, now())
            corrections.reapply(self.conn, digest, result.doc.doc_id)
        return True

    def clash(self, doc: Document) -> str | None:
        """The other source (file, or file#id) stored under ``doc``'s record id."""
        return write.clash(self.conn, doc)

    def has(self, doc_id: str, content_hash: str) -> bool:
        """True if ``doc_id`` is stored with text of this ``content_hash``."""
        return write.is_stored(self.conn, doc_id, content_hash)

    def events(self, actor: str | None = None, type: str | None = None, since: DateLike = None,
               until: DateLike = None, include_negated: bool = True, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Events as ``Event.to_dict()`` plus ``doc_id``; ``actor`` matches a
        country, org, actor id or name on either side, ignoring case."""
        return list(self.iter_events(actor, type, since, until, include_negated, limit, offset))

    def iter_events(self, actor: str | None = None, type: str | None = None, since: DateLike = None,
                    until: DateLike = None, include_negated: bool = True, limit: int | None = None,
                    offset: int = 0) -> Iterator[dict[str, Any]]:
        """``events`` as a stream, for any number of rows in flat memory;
        ``limit`` and ``offset`` page through them in order."""
        where = EventFilter(actor, type, _day(since), _day(until, end=True), include_negated)
        return query.iter_events(self.conn, where, limit, offset)

    def search(self, words: str, limit: int = 20) -> list[dict[str, Any]]:
        """Sentences containing all ``words``, best match first."""
        return query.search(self.conn, words, limit)

    def stats(self) -> dict[str, int]:
        """Row counts: documents, sentences, events, mentions, errors."""
        return query.stats(self.conn)

    def dyads(self, limit: int = 10, since: DateLike = None, until: DateLike = None) -> list[dict[str, Any]]:
        """The most active directed actor pairs, with cooperation/conflict counts."""
        return query.dyads(self.conn, limit, _day(since), _day(until, end=True))

    def cluster(self, rebuild: bool = False) -> clusters.ClusterSummary:
        """Bring the clusters up to date (``geopol.clusters``): the blocks of
        new or changed events, or every block with ``rebuild``."""
        with faults(self.path, self.timeout), transaction(self.conn):
            return clusters.rebuild(self.conn) if rebuild else clusters.update(self.conn)

    def clusters(self, min_reports: int = 2, limit: int | None = None) -> list[dict[str, Any]]:
        """Occurrences reported at least ``min_reports`` times, most reported
        first, each with its canonical event id and every member's evidence."""
        return clusters.list_clusters(self.conn, min_reports, limit)

    def correct(self, event_id: str, type: str | None = None, source: str | None = None,
                target: str | None = None, date: str | None = None, reject: bool = False,
                note: str = "") -> dict[str, Any]:
        """Correct (or ``reject``) one event, keyed to its evidence so the
        correction outlives re-coding (``geopol.corrections``); actors are
        codes such as ``KAZ`` or ``CSTO``, several joined by ``+``."""
        change = corrections.Change(type, source, target, date, reject, note)
        with faults(self.path, self.timeout), transaction(self.conn):
            return corrections.correct(self.conn, event_id, change, now(), self.path)

    def corrections(self) -> list[dict[str, Any]]:
        """Every analyst correction, oldest first, with the event as coded."""
        return corrections.list_corrections(self.conn)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A stored document's fields, text included; None if absent."""
        return query.document(self.conn, doc_id)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"


def _day(value: DateLike, end: bool = False) -> str | None:
    try:
        return query.day_bounds(value, end)
    except ValueError:
        raise StoreError("E302", value=value) from None


def busy_timeout() -> float:
    """``$GEOPOL_BUSY_TIMEOUT`` seconds, else ``BUSY_TIMEOUT``."""
    value = os.environ.get("GEOPOL_BUSY_TIMEOUT", "")
    try:
        return max(float(value), 0.0) if value else BUSY_TIMEOUT
    except ValueError:
        return BUSY_TIMEOUT


# sqlite's primary result codes for the faults a user can fix, and the words
# of its messages for errors that carry no code (raised by Python code)
_FAULTS = (("SQLITE_READONLY", "readonly", "E304"), ("SQLITE_FULL", "disk is full", "E305"),
           ("SQLITE_BUSY", "is locked", "E306"), ("SQLITE_LOCKED", "table is locked", "E306"))


def fault(exc: BaseException, path: str, timeout: float) -> StoreError | None:
    """The StoreError a fault of the store's file is, or None if it is none
    of read-only, disk full or locked."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return StoreError("E305", path=path, detail=exc.strerror or "no space left on device")
    if not isinstance(exc, sqlite3.OperationalError):
        return None
    name = getattr(exc, "sqlite_errorname", None) or ""
    for prefix, words, code in _FAULTS:
        if name.startswith(prefix) or words in str(exc).lower():
            return StoreError(code, path=path, detail=str(exc), seconds=timeout)
    return None


@contextmanager
def faults(path: str, timeout: float) -> Iterator[None]:
    """Turn a fault of the store's file met in the block into its StoreError."""
    try:
        yield
    except (sqlite3.OperationalError, OSError) as exc:
        found = fault(exc, path, timeout)
        if found is None:
            raise
        raise found from exc


def _open(path: str, timeout: float) -> sqlite3.Connection:
    """Connect, set the pragmas and migrate; any failure is a StoreError."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=timeout)
    except sqlite3.Error as exc:
        raise StoreError("E009", path=path, detail=str(exc)) from exc
    try:
        _prepare(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _prepare(conn: sqlite3.Connection, path: str) -> None:
    conn.row_factory = sqlite3.Row
    try:
        _configure(conn, path)
        _check_ours(conn, path)
        _check_schema(conn, path)
        for name in migrate(conn):
            log.info("%s: applied migration %s", path, name)
    except sqlite3.OperationalError as exc:
        if fault(exc, path, 0) is not None:
            raise
        raise StoreError("E009", path=path, detail=str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError("E301", path=path) from exc


def _configure(conn: sqlite3.Connection, path: str) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    if path not in _MEMORY:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")


def _check_ours(conn: sqlite3.Connection, path: str) -> None:
    """Refuse an SQLite file that holds tables but no geopol migrations."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "migrations" not in tables:
        raise StoreError("E301", path=path)


def _check_schema(conn: sqlite3.Connection, path: str) -> None:
    """Refuse a store holding migrations this geopol does not know (a newer
    geopol's, or another program's): migrating it would write to a schema we
    cannot read correctly."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "migrations" not in tables:
        return
    known = [name for name, _ in MIGRATIONS]
    stored = sorted(row[0] for row in conn.execute("SELECT name FROM migrations"))
    unknown = [name for name in stored if name not in known]
    if not unknown:
        return
    newer = all(name > known[-1] for name in unknown)
    advice = ("It was written by a newer geopol: upgrade with pip install -U geopol, or choose another --db."
              if newer else f"Its migrations {', '.join(unknown)} are not geopol's; choose another --db.")
    raise StoreError("E307", path=path, theirs=stored[-1] if newer else ", ".join(unknown), ours=known[-1],
                     version=__version__, advice=advice)
