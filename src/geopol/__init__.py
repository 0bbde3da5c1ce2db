"""geopol: political events from news text, with actors, dates and evidence.

    >>> import geopol
    >>> for result in geopol.extract(["articles/"]):
    ...     for event in result.events:
    ...         print(event.type, event.source, event.target, event.sentence)

The heavy parts (spaCy, the knowledge base) load on first use, so
``import geopol.kb`` stays light.
"""
import importlib
import logging

__all__ = [
    "Actor", "DocResult", "Document", "Event", "EventDate", "GeopolError", "InputError",
    "KnowledgeBaseError", "Mention", "ModelError", "Pipeline", "StageError", "demo", "events_frame", "export",
    "extract", "ingest", "mentions_frame", "relations_frame",
]
__version__ = "0.1.0"

_HOMES = {
    "demo": "geopol.api", "extract": "geopol.api", "ingest": "geopol.api", "Pipeline": "geopol.pipeline",
    "GeopolError": "geopol.errors", "InputError": "geopol.errors", "KnowledgeBaseError": "geopol.errors",
    "ModelError": "geopol.errors", "StageError": "geopol.errors", "Actor": "geopol.types",
    "DocResult": "geopol.types", "Document": "geopol.types", "Event": "geopol.types",
    "EventDate": "geopol.types", "Mention": "geopol.types", "export": "geopol.export",
    "events_frame": "geopol.export", "mentions_frame": "geopol.export", "relations_frame": "geopol.export",
}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'geopol' has no attribute {name!r}")


logging.getLogger(__name__).addHandler(logging.NullHandler())
