"""geopol: political events from news text, with actors, dates and evidence.

    >>> import geopol
    >>> for result in geopol.extract(["articles/"]):
    ...     for event in result.events:
    ...         print(event.type, event.source, event.target, event.sentence)
"""
import logging

from geopol.api import demo, extract, ingest
from geopol.errors import GeopolError, InputError, KnowledgeBaseError, ModelError, StageError
from geopol.pipeline import Pipeline
from geopol.types import Actor, DocResult, Document, Event, EventDate, Mention

__all__ = [
    "Actor", "DocResult", "Document", "Event", "EventDate", "GeopolError", "InputError",
    "KnowledgeBaseError", "Mention", "ModelError", "Pipeline", "StageError", "demo", "extract", "ingest",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
