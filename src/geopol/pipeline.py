"""The pipeline: ingest -> clean -> parse -> actors -> events -> dates.

``Pipeline.run(documents)`` batches documents through spaCy (``nlp.pipe``
with the document as context) and yields one ``DocResult`` per document;
a failure in any stage is recorded on that document's result (a message
with code E102) and the batch goes on.
"""
from __future__ import annotations

import hashlib
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Token

from geopol.config import Settings
from geopol.errors import Problem, message
from geopol.kb import KnowledgeBase, load
from geopol.parts import run_in_parts
from geopol.stages.actors import ActorSpan, Resolver, token_map
from geopol.stages.clean import COMMENT, HEADING, clean
from geopol.stages.coref import Coref
from geopol.stages.dates import Timeline
from geopol.stages.events import UNNAMED_TARGETS, Coder, RawEvent, tells_story
from geopol.stages.ingest import read_inputs
from geopol.stages.lexicon import INTENSITY_SCHEME, QUAD_SCHEME, TYPE_TABLE, Lexicon
from geopol.stages.parse import drop_tensor, join_lines, load_nlp, split_lines
from geopol.types import Actor, CleanText, DocResult, Document, Event, EventDate, Mention, Zone

log = logging.getLogger(__name__)


@dataclass
class _Work:
    """A document on its way through the pipeline."""

    doc: Document
    clean: CleanText
    stage: str = "actors"  # the stage at work, named if it fails


class _InputFailure(Exception):
    """Reading the documents themselves failed (its cause says how)."""


# Lines are parsed in pieces of at most this many characters (cut at a
# sentence end, else a space): spaCy refuses texts over ``nlp.max_length``
# (E088) and one huge sentence costs time and memory out of all proportion.
PIECE_CHARS = 5000


class Pipeline:
    """geopol's stages, loaded once and run over batches of documents."""

    def __init__(self, kb: KnowledgeBase | None = None, nlp: Language | None = None,
                 lexicon: Lexicon | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.kb = kb if kb is not None else load()
        self.nlp = nlp if nlp is not None else load_nlp(self.kb, backend=self.settings.backend)
        self.resolver = Resolver(self.kb)
        self.coref = Coref(self.kb)
        self.coder = Coder(lexicon if lexicon is not None else Lexicon.load(), one_sided=self.settings.one_sided)
        self.batch_size = self.settings.batch_size

    # public -------------------------------------------------------------------
    def run(self, documents: Iterable[Document]) -> Iterator[DocResult]:
        """One result per document, in order. A failure in any stage, spaCy's
        own included, is that document's error (E102, the stage named); the
        documents that shared its spaCy batch are parsed again one by one.
        A long document runs in parts (``geopol.parts``), offsets kept."""
        return run_in_parts(documents, self._run)

    def _run(self, documents: Iterable[Document]) -> Iterator[DocResult]:
        pending = self._cleaned(documents)
        while True:
            inflight: deque[_Work | DocResult] = deque()
            try:
                for work, sdoc in self._parsed(self._lines(pending, inflight)):
                    inflight.popleft()  # documents come out whole and in order
                    yield self._analyse(sdoc, work)
                return
            except _InputFailure as exc:  # reading the input broke: not one document's fault
                raise exc.__cause__ from None
            except Exception as exc:  # spaCy broke on a line of a document in flight
                log.debug("a spaCy batch failed; parsing its %d documents one by one", len(inflight), exc_info=exc)
                for work in inflight:
                    yield self._alone(work)

    def _parsed(self, lines: Iterable[tuple[str, tuple[_Work | DocResult, bool]]]) -> Iterator[tuple[_Work | DocResult, Doc | None]]:
        """Each document with its lines parsed and joined (None for a result
        that failed before parsing)."""
        parts: list[Doc] = []
        for sdoc, (work, last) in self.nlp.pipe(lines, as_tuples=True, batch_size=self.batch_size):
            parts.append(drop_tensor(sdoc))
            if last:
                yield work, (None if isinstance(work, DocResult) else join_lines(parts))
                parts = []

    def _alone(self, work: _Work | DocResult) -> DocResult:
        """``work`` parsed in a batch of its own; a failure is its parse error."""
        try:
            return next(self._analyse(sdoc, w) for w, sdoc in self._parsed(self._lines([work], deque())))
        except Exception as exc:
            return _failed(work.doc, "parse", exc, getattr(work, "clean", None))

    @staticmethod
    def _lines(pending: Iterable[_Work | DocResult],
               inflight: deque[_Work | DocResult]) -> Iterator[tuple[str, tuple[_Work | DocResult, bool]]]:
        """Each document's lines, none longer than ``PIECE_CHARS``, with
        (document, is-last-line) as context. A document is in ``inflight``
        from its first line until the consumer has it whole."""
        source = iter(pending)
        while True:
            try:
                work = next(source)
            except StopIteration:
                return
            except Exception as exc:
                raise _InputFailure() from exc
            lines = split_lines(work.clean.text, PIECE_CHARS) if isinstance(work, _Work) else [""]
            inflight.append(work)
            for i, line in enumerate(lines):
                yield line, (work, i == len(lines) - 1)

    def extract(self, paths: Iterable[str], default_date: date | None = None,
                problems: list[Problem] | None = None,
                skip: Callable[[Document], bool] | None = None) -> Iterator[DocResult]:
        """Read ``paths`` and run them; input problems go to ``problems``.
        A document for which ``skip`` is true is read but not run."""
        inputs = read_inputs(list(paths), default_date, max_mb=self.settings.max_mb)
        documents = _documents(inputs, problems)
        return self.run(documents if skip is None else (d for d in documents if not skip(d)))

    # stages -----------------------------------------------------------------
    def _cleaned(self, documents: Iterable[Document]) -> Iterator[_Work | DocResult]:
        for doc in documents:
            try:
                yield _Work(doc, clean(doc))
            except Exception as exc:  # one bad document never stops the batch
                yield _failed(doc, "clean", exc)

    def _analyse(self, sdoc: Doc | None, work: _Work | DocResult) -> DocResult:
        if isinstance(work, DocResult):
            return work
        try:
            return self._code(sdoc, work)
        except Exception as exc:  # recorded on the document, the batch goes on
            return _failed(work.doc, work.stage, exc, work.clean)

    def _code(self, sdoc: Doc, work: _Work) -> DocResult:
        doc, cleaned = work.doc, work.clean
        work.stage = "actors"
        found = self.resolver.find(sdoc, doc.date)
        work.stage = "coref"
        resolved = self.coref.resolve(sdoc, found)
        work.stage = "actors"
        spans = self.resolver.with_countries(resolved, doc.date)
        result = DocResult(doc, discarded=list(cleaned.discarded))
        by_token = token_map(spans)
        result.mentions = [self._mention(sdoc, cleaned, s, doc.date, by_token) for s in spans]
        seen: set[tuple] = set()
        home = self.resolver.home(sdoc) if tells_story(sdoc) else None
        timeline = Timeline(doc.date, cleaned.page_dates, home)  # the time told so far, each post under its date
        paragraph, last_end = 0, 0
        headlines: list[Event] = []
        for sent in sdoc.sents:
            start, end = _original(cleaned, sent.start_char, sent.end_char)
            if not doc.text[start:end].strip():
                continue
            result.sentences.append((start, end))
            zone = _zone(cleaned, start)
            said = cleaned.text[sent.start_char:sent.end_char]  # sent.text, without making its tokens again
            if not _coded(zone, said):
                continue  # captions, related lists, questions: their actors are found, no event is coded
            if zone is None or zone.kind != HEADING:
                paragraph += "\n" in doc.text[last_end:start]
                last_end = start + len(doc.text[start:end].rstrip())
            work.stage = "dates"
            dates = timeline.aside(said, start) if zone and zone.kind == HEADING else timeline.sentence(
                said, start, paragraph)
            work.stage = "events"
            for raw in self.coder.code_sentence(sent, by_token, home):
                when = dates.event(raw.token.idx - sent.start_char, narrative=_told_in_past(raw.token))
                event = _in_comment(self._event(doc, said, raw, start, end, when), zone)
                key = _dedup_key(event)
                if zone is not None and zone.kind == HEADING:
                    headlines.append(event)
                elif key not in seen:
                    seen.add(key)
                    result.events.append(event)
        result.events = _with_headlines(result.events, headlines)
        return result

    def _mention(self, sdoc: Doc, cleaned: CleanText, span: ActorSpan, when: date | None,
                 by_token: dict[int, ActorSpan]) -> Mention:
        first, last = self.resolver.phrase(sdoc, span, by_token)
        piece = sdoc[first:last]
        start, end = _original(cleaned, piece.start_char, piece.end_char)
        actor = self.resolver.actor(span, when)
        return Mention(piece.text, start, end, actor, span.confidence, span.reason, span.place)

    def _event(self, doc: Document, said: str, raw: RawEvent, start: int, end: int, when: EventDate) -> Event:
        cameo, quad, intensity = TYPE_TABLE[raw.type]
        if raw.type == raw.trigger.type:
            cameo = raw.trigger.cameo
        source = _unique(self.resolver.actor(s, when.value) for s in raw.source)
        target = _unique(self.resolver.actor(s, when.value) for s in raw.target)
        reason = "; ".join(raw.reasons + [_actor_reason(raw)] + _date_reason(when, said))
        event = Event(
            id="", type=raw.type, cameo=cameo, quad_class=quad, intensity=intensity,
            source=source, target=target, sentence=doc.text[start:end], start=start, end=end,
            trigger=raw.token.text, mode=raw.trigger.mode if raw.type == raw.trigger.type else None,
            context=raw.trigger.context, date=when,
            location=raw.location.name if raw.location else None, negated=raw.negated,
            hedged=raw.hedged, attribution=raw.attribution, confidence=raw.confidence, reason=reason,
            targetless=raw.target_from in UNNAMED_TARGETS)
        event.id = _event_id(doc.doc_id, event)
        return event


def _unique(actors: Iterable[Actor]) -> list[Actor]:
    """Actors in order, each once ("Lebanon's new President" and "him" are one)."""
    return list(dict.fromkeys(actors))


def _documents(items: Iterable[Document | Problem], problems: list[Problem] | None) -> Iterator[Document]:
    for item in items:
        if isinstance(item, Problem):
            log.debug(item.text)  # the caller reports it, once
            if problems is not None:
                problems.append(item)
            if item.fatal:
                continue
        else:
            yield item


def _original(cleaned: CleanText, start: int, end: int) -> tuple[int, int]:
    """Clean-text offsets to original offsets (end is exclusive)."""
    if end <= start:
        pos = cleaned.to_original(start)
        return pos, pos
    return cleaned.to_original(start), cleaned.to_original(end - 1) + 1


def _failed(doc: Document, stage: str, exc: Exception, cleaned: CleanText | None = None) -> DocResult:
    log.debug("stage %s failed on %s", stage, doc.doc_id, exc_info=exc)
    text = message("E102", doc=doc.path or doc.doc_id, stage=stage, detail=f"{type(exc).__name__}: {exc}")
    return DocResult(doc, discarded=list(cleaned.discarded) if cleaned else [], error=text)


def _actor_reason(raw: RawEvent) -> str:
    src = ", ".join(s.name for s in raw.source) or "none"
    tgt = ", ".join(s.name for s in raw.target) or "none"
    return f"source {src}; target {tgt}"


def _zone(cleaned: CleanText, start: int) -> Zone | None:
    """The heading or comment zone the sentence starting at ``start`` is in."""
    return next((z for z in cleaned.zones if z.start <= start < z.end), None)


def _coded(zone: Zone | None, sentence: str) -> bool:
    """Plain text, comments and headings (but no question) are coded."""
    return zone is None or zone.kind == COMMENT or (zone.kind == HEADING and not sentence.rstrip().endswith("?"))


def _with_headlines(events: list[Event], headlines: list[Event]) -> list[Event]:
    """The body's events, and each headline event the body does not report
    again (same type, a shared actor): a headline restates the lead, and
    the body's sentence is the better evidence."""
    def actors(event: Event) -> set[str]:
        return {a.id or a.country or a.name for a in event.source + event.target}

    kept: dict[tuple, Event] = {}
    for head in headlines:
        if not any(e.type == head.type and (actors(e) & actors(head) or not actors(head)) for e in events):
            head.reason += "; from a headline the body does not repeat"
            kept.setdefault(_dedup_key(head), head)
    return sorted(events + list(kept.values()), key=lambda e: e.start) if kept else events


def _in_comment(event: Event, zone: Zone | None) -> Event:
    """A reader comment is not reporting: its events are kept but marked
    (attribution "reader comment", confidence down by COMMENT_WEIGHT)."""
    if zone is None or zone.kind != COMMENT:
        return event
    event.attribution = f"reader comment ({zone.label})" if zone.label else "reader comment"
    event.confidence *= COMMENT_WEIGHT
    event.reason += "; in a reader comment"
    return event


COMMENT_WEIGHT = 0.8


def _told_in_past(token: Token) -> bool:
    """Is the clause of ``token`` told in the simple or past perfect past
    ("blamed", "was seized", "had closed"), not the present perfect, present
    or future ("has asked", "accuses", "will accept")? Noun triggers,
    participles and infinitives take the tense of the verb governing them."""
    verb = token
    for _ in range(4):
        auxiliaries = _auxiliaries(verb)
        untensed = verb.tag_ in ("VBG", "VBN") and not auxiliaries or any(a.tag_ == "TO" for a in auxiliaries)
        if verb.pos_ in ("VERB", "AUX") and not untensed:
            break
        if verb.head is verb:
            break
        verb = verb.head
    auxiliaries = _auxiliaries(verb)
    if any(a.lemma_ == "have" and a.tag_ in ("VBZ", "VBP") for a in auxiliaries):
        return False
    return verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries)


def _auxiliaries(verb: Token) -> list[Token]:
    return [child for child in verb.children if child.dep_ in ("aux", "auxpass")]


def _date_reason(when: EventDate, sentence: str) -> list[str]:
    if when.text is not None and when.text not in sentence:
        return [f"date {when.text!r} from an earlier sentence"]
    return []


def _dedup_key(event: Event) -> tuple:
    ids = lambda actors: tuple(sorted((a.id or a.name, a.country or "") for a in actors))  # noqa: E731
    return (event.type, ids(event.source), ids(event.target), " ".join(event.sentence.split()).lower())


def _event_id(doc_id: str, event: Event) -> str:
    key = f"{doc_id}|{event.start}|{event.trigger}|{event.type}|{_dedup_key(event)}"
    return "ev:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


__all__ = ["Pipeline", "QUAD_SCHEME", "INTENSITY_SCHEME"]
