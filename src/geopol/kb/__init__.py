"""geopol's actor knowledge base: data files, their loader and lookups."""
from geopol.kb.base import Candidate, KnowledgeBase, fold, kb_paths, load
from geopol.kb.records import Entity, Membership, Role, Span

__all__ = ["Candidate", "Entity", "KnowledgeBase", "Membership", "Role", "Span", "fold", "kb_paths", "load"]
