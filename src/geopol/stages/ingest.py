"""Stage 1, ingest: files, directories and stdin into ``Document`` records.

``read_inputs(paths)`` streams one ``Document`` per article and one
``Problem`` per input it could not read (or read with a warning); a bad
file never stops the batch. Formats:

- ``.txt`` / ``.md``: plain text; the first non-empty line is the title
  (a leading ``#`` is dropped from the title of a ``.md`` file).
- ``.html`` / ``.htm``: main text extracted with trafilatura; the text is
  ``title + "\\n\\n" + body`` so the headline is coded too.
- ``.jsonl``: one record a line with ``text`` or ``html`` and optional
  ``id``, ``date``, ``title``, ``url``, ``source``; read line by line.
- ``-``: stdin, read as JSONL if it starts with ``{``, else as one text.

Offsets elsewhere index ``Document.text``, which is the decoded file with
``\\r\\n`` (and a lone ``\\r``) turned into ``\\n``; nothing else is changed.
``doc_id`` is the JSONL ``id`` or ``sha1:`` + 16 hex digits of the text,
so it is the same on every run and machine.
"""
from __future__ import annotations

import codecs
import dataclasses
import hashlib
import io
import json
import logging
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO, TextIO

from geopol.errors import MESSAGES, Problem
from geopol.types import Document

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + (".jsonl",)
SNIFF_BYTES = 8192
CONTROL_RATIO = 0.10  # more control bytes than this in the first 8 KB: binary
MB = 1024 * 1024

_NAME_DATE = re.compile(
    r"(?<!\d)(?:(\d{4})-(\d{2})-(\d{2})|(\d{4})_(\d{2})_(\d{2})|(\d{4})(\d{2})(\d{2}))(?!\d)")
_META_DATE = re.compile(
    r"<meta\s+[^>]*name=[\"'](?:date|pubdate|publish[-_]?date|dc\.date)[\"'][^>]*>", re.I)
_CONTENT = re.compile(r"content=[\"']([^\"']*)[\"']", re.I)
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TEXT_CONTROL = frozenset(b"\t\n\r\x0b\x0c")


@dataclass
class _Options:
    """What every reader needs besides the input itself."""

    default_date: date | None
    max_bytes: int
    limit_mb: str
    seen_dirs: set[tuple[int, int]] = field(default_factory=set)


@dataclass(frozen=True)
class _Source:
    """Where a piece of text came from, for ``Document`` and ``Problem``."""

    path: str
    line: int | None = None

    def problem(self, code: str, fatal: bool = True, **fields: object) -> Problem:
        """The problem here; a message about a file names the line too when
        the problem is one record's."""
        if self.line is None:
            return Problem.of(code, fatal=fatal, path=self.path, **fields)
        fields.setdefault("line", self.line)
        if "{line}" in MESSAGES[code]:
            return Problem.of(code, fatal=fatal, path=self.path, **fields)
        found = Problem.of(code, fatal=fatal, **{**fields, "path": f"{self.path}:{self.line}"})
        return dataclasses.replace(found, path=self.path, line=self.line)


@dataclass(frozen=True)
class _Html:
    """What extraction found in one HTML page."""

    text: str | None
    title: str | None
    date: str | None


# public ------------------------------------------------------------------------
def read_inputs(paths: Sequence[str], default_date: date | None = None, stdin: TextIO | None = None,
                max_mb: float = 20.0) -> Iterator[Document | Problem]:
    """Stream the documents under ``paths`` (files, directories, ``-``),
    with one ``Problem`` for each input that could not be read cleanly."""
    opts = _Options(default_date, int(max_mb * MB), f"{max_mb:g}")
    for path in paths:
        yield from _read_path(str(path), opts, stdin)


def read_record(path: str, line: int | None = None, data: bytes | None = None,
                default_date: date | None = None, max_mb: float = 20.0) -> Iterator[Document | Problem]:
    """One input record, as an engine's worker meets it: the file at ``path``
    (``data`` None), or line ``line`` of the JSONL file ``path`` (its bytes)."""
    opts = _Options(default_date, int(max_mb * MB), f"{max_mb:g}")
    if data is None:
        yield from _read_path(path, opts, None)
        return
    if len(data) > opts.max_bytes:
        yield _Source(path, line).problem("E004", size_mb=len(data) / MB, limit_mb=opts.limit_mb)
        return
    yield from _jsonl_lines(path, [data], opts, first=line or 1)


def text_id(text: str) -> str:
    """The content hash used as ``doc_id`` when a record has no id."""
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# paths and directories --------------------------------------------------------------
def _read_path(path: str, opts: _Options, stdin: TextIO | None) -> Iterator[Document | Problem]:
    if path == "-":
        yield from _read_stdin(stdin if stdin is not None else sys.stdin, opts)
    elif os.path.isdir(path):
        for item in walk(path, opts.seen_dirs):
            if isinstance(item, Problem):
                yield item
            else:
                yield from _read_file(item, opts, explicit=False)
    elif os.path.lexists(path):
        yield from _read_file(path, opts, explicit=True)
    else:
        yield Problem.of("E010", path=path)


def walk(directory: str, seen: set[tuple[int, int]] | None = None) -> Iterator[str | Problem]:
    """The files geopol reads under ``directory``, depth first in name order,
    for every reader (this stage, the engines' planners). Hidden entries are
    left out and a directory is entered once (``seen``: device and inode);
    an unreadable directory is a Problem E009, and files of other types are
    counted in one warning E013 at the end."""
    skipped: Counter[str] = Counter()
    yield from _walk(directory, set() if seen is None else seen, skipped)
    if skipped:
        kinds = ", ".join(f"{suffix} x{count}" for suffix, count in sorted(skipped.items(), key=lambda kv: -kv[1]))
        count = sum(skipped.values())
        yield Problem.of("E013", fatal=False, path=directory, files=f"{count} file{'s' * (count != 1)}", kinds=kinds)


def _walk(directory: str, seen: set[tuple[int, int]], skipped: Counter[str]) -> Iterator[str | Problem]:
    try:
        info = os.stat(directory)
        if (info.st_dev, info.st_ino) in seen:
            return
        seen.add((info.st_dev, info.st_ino))
        names = sorted(entry.name for entry in os.scandir(directory) if not entry.name.startswith("."))
    except OSError as exc:
        yield Problem.of("E009", path=directory, detail=_os_detail(exc))
        return
    for name in names:
        path = os.path.join(directory, name)
        if os.path.isdir(path):
            yield from _walk(path, seen, skipped)
        elif name.lower().endswith(SUFFIXES):
            yield path
        else:
            skipped[os.path.splitext(name)[1].lower() or "(no suffix)"] += 1


def _read_file(path: str, opts: _Options, explicit: bool) -> Iterator[Document | Problem]:
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUFFIXES:
        if explicit:
            yield Problem.of("E012", path=path, suffix=suffix or os.path.basename(path))
        return
    if suffix == ".jsonl":
        yield from _read_jsonl_file(path, opts)
        return
    data = _load(path, opts)
    if isinstance(data, Problem):
        yield data
        return
    yield from _read_bytes(_Source(path), data, suffix, opts)


def _load(path: str, opts: _Options) -> bytes | Problem:
    """The file's bytes, or why not; the size is checked before reading."""
    try:
        size = os.stat(path).st_size
        if size > opts.max_bytes:
            return Problem.of("E004", path=path, size_mb=size / MB, limit_mb=opts.limit_mb)
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        return Problem.of("E009", path=path, detail=_os_detail(exc))


def _read_bytes(src: _Source, data: bytes, suffix: str, opts: _Options) -> Iterator[Document | Problem]:
    if not data.strip():
        yield src.problem("E001")
        return
    wide = _wide_encoding(data)
    if wide is None and _is_binary(data):
        yield src.problem("E002")
        return
    try:
        text, warning = _decode(src, data) if wide is None else (_newlines(data.decode(wide)), None)
    except UnicodeDecodeError as exc:
        yield src.problem("E009", detail=f"it starts as {wide.upper()} but is not: {exc.reason}")
        return
    if not text.strip():
        yield src.problem("E001")
        return
    if warning is not None:
        yield warning
    if suffix in HTML_SUFFIXES:
        yield from _html_document(src, text, {}, opts)
    else:
        yield from _text_document(src, text, suffix, opts)


# bytes to text -------------------------------------------------------------------
# A byte order mark that says the text is UTF-32 or UTF-16 (whose NUL bytes
# would otherwise read as binary); UTF-32's little-endian mark begins with UTF-16's.
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _wide_encoding(head: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` if ``head`` starts with that byte order mark."""
    return next((encoding for bom, encoding in _WIDE_BOMS if head.startswith(bom)), None)


def _is_binary(data: bytes) -> bool:
    """NUL bytes, or too many control bytes, in the first 8 KB."""
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if (byte < 32 and byte not in _TEXT_CONTROL) or byte == 127)
    return controls > CONTROL_RATIO * len(head)


def _decode(src: _Source, data: bytes) -> tuple[str, Problem | None]:
    """UTF-8 (a BOM is dropped); otherwise cp1252 or latin-1 with a warning (E003)."""
    try:
        return _newlines(data.decode("utf-8-sig")), None
    except UnicodeDecodeError as exc:
        offset = exc.start
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _newlines(text), src.problem("E003", fatal=False, offset=offset, encoding=encoding)
    raise AssertionError("latin-1 decodes any bytes")


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _os_detail(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


# plain text ---------------------------------------------------------------------
def _text_document(src: _Source, text: str, suffix: str, opts: _Options,
                   record: dict[str, Any] | None = None) -> Iterator[Document | Problem]:
    record = record or {}
    title = record.get("title") if record else _first_line(text, suffix == ".md")
    when = yield from _resolve_date(src, record.get("date"), None, opts)
    yield _document(src, text, _str_or_none(title), when, record)


def _first_line(text: str, markdown: bool) -> str | None:
    for line in text.split("\n"):
        line = line.strip()
        if markdown and line.startswith("#"):
            line = line.lstrip("#").strip()
        if line:
            return line
    return None


def _document(src: _Source, text: str, title: str | None, when: date | None,
              record: dict[str, Any]) -> Document:
    raw_id = record.get("id")
    doc_id = str(raw_id) if raw_id not in (None, "") else text_id(text)
    return Document(doc_id=doc_id, text=text, path=src.path, title=title, date=when,
                    url=_str_or_none(record.get("url")), source=_str_or_none(record.get("source")),
                    line=src.line, source_key=_source_key(src, raw_id))


def _source_key(src: _Source, raw_id: object) -> str | None:
    """What this text is a version of: a file (by its real path), or a JSONL
    record by its file and id. A record without an id, and standard input,
    are known only by their text."""
    if src.path == "-" or (src.line is not None and raw_id in (None, "")):
        return None
    where = os.path.realpath(src.path)
    return where if src.line is None else f"{where}#{raw_id}"


def _str_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


# HTML ---------------------------------------------------------------------------
def _html_document(src: _Source, html: str, record: dict[str, Any],
                   opts: _Options) -> Iterator[Document | Problem]:
    page = _extract_html(html)
    if not page.text or not page.text.strip():
        yield src.problem("E005")
        return
    title = _str_or_none(record.get("title")) or page.title
    when = yield from _resolve_date(src, record.get("date"), page.date, opts)
    yield _document(src, _with_title(title, page.text), title, when, record)


def _extract_html(html: str) -> _Html:
    import trafilatura  # heavy; only HTML input needs it

    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True, with_metadata=False)
    meta = trafilatura.extract_metadata(html, extensive=False)
    title = (meta.title if meta else None) or _html_title(html)
    when = _meta_date(html) or (meta.date if meta else None)
    return _Html(_newlines(text) if text else None, title, when)


def _with_title(title: str | None, body: str) -> str:
    """``title + "\\n\\n" + body``; a first body line equal to the title
    (the page's ``<h1>``) is dropped so the headline is not coded twice."""
    if not title:
        return body
    first, _, rest = body.partition("\n")
    if first.strip() == title.strip():
        body = rest.lstrip("\n")
    return f"{title}\n\n{body}" if body else title


def _html_title(html: str) -> str | None:
    import html as html_lib

    found = _HTML_TITLE.search(html)
    return " ".join(html_lib.unescape(found.group(1)).split()) or None if found else None


def _meta_date(html: str) -> str | None:
    tag = _META_DATE.search(html)
    content = _CONTENT.search(tag.group(0)) if tag else None
    return content.group(1) if content else None


# dates ----------------------------------------------------------------------------
def _resolve_date(src: _Source, given: object, page: str | None,
                  opts: _Options) -> Iterator[Problem]:
    """The record's date, else the file name's, the page's, the default;
    yields E011 for a bad record date and E008 when none is found.
    Used with ``yield from``; returns the date."""
    if given not in (None, ""):
        parsed = _parse_date(given)
        if parsed is not None:
            return parsed
        yield src.problem("E011", fatal=False, value=given, line=src.line or 0)
    found = _name_date(src.path) or _parse_date(page) or opts.default_date
    if found is None:
        yield src.problem("E008", fatal=False)
    return found


def _parse_date(value: object) -> date | None:
    """``YYYY-MM-DD``, also at the start of an ISO timestamp."""
    if not isinstance(value, str) or not re.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ])", value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _name_date(path: str) -> date | None:
    """A ``YYYY-MM-DD``, ``YYYY_MM_DD`` or ``YYYYMMDD`` in the file name."""
    for match in _NAME_DATE.finditer(os.path.basename(path)):
        year, month, day = (int(g) for g in match.groups() if g is not None)
        try:
            if 1800 <= year <= 2200:
                return date(year, month, day)
        except ValueError:
            continue
    return None


# JSONL ---------------------------------------------------------------------------
def _read_jsonl_file(path: str, opts: _Options) -> Iterator[Document | Problem]:
    """Line by line, never the whole file in memory; the size limit is per line."""
    wide = None
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
            wide = _wide_encoding(head)
            if not head.strip() and not handle.read(1):
                yield Problem.of("E001", path=path)
            elif wide is None and _is_binary(head):
                yield Problem.of("E002", path=path)
            else:
                handle.seek(0)
                lines = handle if wide is None else io.TextIOWrapper(handle, encoding=wide)
                yield from _jsonl_lines(path, _raw_lines(lines, opts.max_bytes), opts)
    except OSError as exc:
        yield Problem.of("E009", path=path, detail=_os_detail(exc))
    except UnicodeDecodeError as exc:  # only a UTF-16 or UTF-32 file is decoded as a whole
        yield Problem.of("E009", path=path, detail=f"it starts as {str(wide).upper()} but is not: {exc.reason}")


def _raw_lines(handle: BinaryIO | TextIO, limit: int) -> Iterator[bytes | str | int]:
    """The file's lines; for a line over ``limit`` bytes (characters, for a
    decoded file), its size: it is skipped in 1 MB pieces, never held whole."""
    while line := handle.readline(limit + 1):
        size = len(line)
        end = "\n" if isinstance(line, str) else b"\n"
        while size > limit and not line.endswith(end) and (line := handle.readline(MB)):
            size += len(line)
        yield size if size > limit else line


def _jsonl_lines(path: str, lines: Iterable[bytes | str | int], opts: _Options,
                 first: int = 1) -> Iterator[Document | Problem]:
    for number, raw in enumerate(lines, start=first):
        src = _Source(path, number)
        if isinstance(raw, int):
            yield src.problem("E004", size_mb=raw / MB, limit_mb=opts.limit_mb)
            continue
        line = raw
        if isinstance(raw, bytes):
            line, warning = _decode(src, raw)
            if warning is not None:
                yield warning
        if line.strip():
            yield from _record(src, line, opts)


def _record(src: _Source, line: str, opts: _Options) -> Iterator[Document | Problem]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield src.problem("E006", detail=f"{exc.msg} at column {exc.colno}")
        return
    if not isinstance(record, dict):
        yield src.problem("E006", detail=f"a {type(record).__name__}, not an object")
        return
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        yield from _text_document(src, _newlines(text), ".jsonl", opts, record)
    elif isinstance(html, str) and html.strip():
        yield from _html_document(src, html, record, opts)
    elif (wrong := next((f for f in ("text", "html") if record.get(f) is not None
                         and not isinstance(record[f], str)), None)) is not None:
        yield src.problem("E014", field=wrong, kind=_json_kind(record[wrong]))
    else:
        yield src.problem("E007")


def _json_kind(value: object) -> str:
    """How a JSON value is spoken of: ``a number (5)``, ``a list``."""
    if isinstance(value, bool):
        return f"{str(value).lower()}, not text"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    return "a list" if isinstance(value, list) else "an object"


# stdin ----------------------------------------------------------------------------
def _read_stdin(stream: TextIO, opts: _Options) -> Iterator[Document | Problem]:
    """JSONL if the first non-space character is ``{``, else one plain text."""
    text = stream.read()
    src = _Source("-")
    if not text.strip():
        yield src.problem("E001")
    elif text.lstrip().startswith("{"):
        yield from _jsonl_lines("-", text.split("\n"), opts)
    else:
        yield from _text_document(src, _newlines(text), ".txt", opts)


__all__ = ["read_inputs", "read_record", "text_id", "walk", "SUFFIXES"]


def documents_of(items: Iterable[Document | Problem], problems: list[Problem] | None) -> Iterator[Document]:
    """The documents among ``read_inputs``' items; each problem is kept in
    ``problems`` (the caller reports it, once)."""
    for item in items:
        if isinstance(item, Problem):
            log.debug(item.text)
            if problems is not None:
                problems.append(item)
        else:
            yield item
