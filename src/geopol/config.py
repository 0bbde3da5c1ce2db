"""Settings, declared once: each feeds the Python API, the CLI flags and
the docs (``geopol --help``)."""
from __future__ import annotations

from dataclasses import dataclass, field, fields


def setting(default: object, help: str) -> object:
    """A settings field with its help text."""
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """How the pipeline runs. Defaults suit batch coding of news."""

    batch_size: int = setting(128, "lines per spaCy batch (a document is parsed line by line; bigger batches multiply bigger matrices)")
    one_sided: bool = setting(False, "also code events with no target (\"Tajikistan mobilized reservists\"); "
                                     "by default an event needs a source and a target, as dyadic event data do")
    max_mb: float = setting(20.0, "largest document read, in MB")
    workers: int = setting(0, "processes that parse, this one included (0: one per core); small inputs are parsed in this one")
    backend: str | None = setting(None, "matrix library for spaCy's models: auto (blis where it has kernels for "
                                        "this CPU, else numpy's BLAS on one thread), blis or numpy; "
                                        "default $GEOPOL_BACKEND, else auto")

    @classmethod
    def help(cls) -> dict[str, str]:
        return {f.name: f.metadata["help"] for f in fields(cls)}
