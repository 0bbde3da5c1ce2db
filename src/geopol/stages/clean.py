"""Stage 2, clean: drop web boilerplate, keep a map back to the original.

``clean(doc)`` finds spans of ``doc.text`` that are not news (menus,
appeals, share bars, cookie banners, comment counters, sidebars and
disclaimers, repeated lines and sentences, copyright and source lines,
bylines and reporting credits, datelines) and records
each as ``Discarded(start, end, reason)``. The kept text is concatenated
into ``CleanText.text``, with one ``Segment`` per kept run so that
``CleanText.to_original`` maps any clean offset into ``doc.text``.

Some kept text is not reporting; ``CleanText.zones`` marks it, and the
pipeline codes no event from it, though its actors are still found:

- headings: headlines, standfirsts, post titles, section heads and
  one-sentence questions (a paragraph of at most 30 words that ends no
  sentence, or one question, with prose after it). A headline restates the
  body's lead in headline tense; the body's sentence carries the event.
- captions and related-article lists ("Read also:", "— ..." items): they
  name the people in the photo or the story, and report nothing.
- reader comments (the lines after "Aidos said..."): not reporting, but a
  reader may add a fact, so their events are kept and marked (attribution
  "reader comment (Aidos)", lower confidence) for views to leave out.

``CleanText.page_dates`` lists the full dates of the page's date lines
("MONDAY, 26 JUNE 2006", "Posted 14 June 2024 by ...", "Politics | 1 April
2025"; not comment time stamps or "Updated ..." lines): each post of a blog
page is dated against its own line.

Two changes keep the clean text one character per original character:
a newline that only wraps a sentence becomes a space, and a newline is
added after the title line when the body follows it directly. The added
newline belongs to no segment, so it maps to the end of the title line.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from geopol.types import CleanText, Discarded, Document, Segment, Zone

# reasons, as stored on Discarded records
NAVIGATION = "navigation"
APPEAL = "appeal"
COOKIES = "cookie banner"
RELATED = "related articles"
CAPTION = "caption"
REPEATED = "repeated line"
COPYRIGHT = "copyright"
SOURCE = "source line"
BYLINE = "byline"
DATELINE = "dateline"
SEPARATOR = "separator"
MARKUP = "markup"
COMMENTS = "comments"  # comment counters and headings, a commenter's "X said..." line
DISCLAIMER = "disclaimer"
SIDEBAR = "sidebar"

# zones: kept text that is not plain reporting
HEADING = "heading"
COMMENT = "comment"
ZONED = (CAPTION, RELATED)  # line reasons kept as zones (actors found, no event coded), not cut
MAX_HEADING_WORDS = 30  # a headline, standfirst or section head is at most this long

MIN_REPEAT = 30  # a kept line or sentence this long is dropped when seen again
SHORT_ITEM = 40  # a menu item or related-article link is at most this long

_I = re.IGNORECASE
_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (COOKIES, re.compile(r"\b(we|this (web)?site) uses? cookies\b|\buse of cookies\b|^accept (all|cookies)\b"
                         r"|^(manage|cookie) (preferences|settings)\b|^cookie policy\b", _I)),
    (APPEAL, re.compile(r"^(support (our|independent|quality) (journalism|reporting|analysis|media)|donate\b"
                        r"|make a donation|support (this|the|our) (blog|site|page|work)\b"
                        r"|become a (member|supporter|subscriber)|subscribe\b|sign up (for|to)\b"
                        r"|share (this|on|via)\b|share\s*:|follow us\b|email this article|get our newsletter)"
                        r"|please consider (making )?(a |an )?[\w ]{0,25}(donation|contribution)|\[donate\]", _I)),
    (RELATED, re.compile(r"^(read more|read also|related( \w+)?|see also|also read|further reading|more stories"
                         r"|more on this( story)?|recommended|you may also like|most (read|popular))\s*(:|$)", _I)),
    (CAPTION, re.compile(r"^(\(?(photo|photograph|image|picture|video)s?\s*(:|by\b|credit\b)"
                         r"|\[(photo|photograph|image|picture|video|graphic)s?\b|file photo\b|photo credit\b"
                         r"|credit:)", _I)),
    (BYLINE, re.compile(r"^\((additional )?(reporting|writing|editing|compiled|written)( \w+)? by\b[^()]*\)$", _I)),
    (COMMENTS, re.compile(r"^((readers?'? )?comments?|\d+\s+comments?|comments?\s*\(\d+\)|leave a (comment|reply)"
                          r"|post a comment|add a comment|show comments|comments are closed\b[^|]*)\s*:?\s*(\|.*)?$", _I)),
    (NAVIGATION, re.compile(r"^(advertisement|click here\b.*|listen to this (article|story)|\d+\s*min(ute)?s? read"
                            r"|print( this (article|page))?)$", _I)),
    (APPEAL, re.compile(r"^(follow (\w+ ){0,4}on (twitter|x|facebook|telegram|instagram|youtube)\b.*"
                        r"|.{0,80}\b(newsletter|inbox)\b.{0,80}\b(sign up|subscribe|enter your e-?mail)\b.*"
                        r"|(sign up|subscribe)\b.{0,80}\b(newsletter|inbox)\b.*|enter your e-?mail\b.*)$", _I)),
    (CAPTION, re.compile(r"^((image|media|video|photo) (caption|source|credit)\b"
                         r"|(getty images|reuters|afp|ap photo|epa|tass|ria novosti)(\s*/\s*\w+)*$)", _I)),
    (BYLINE, re.compile(r"\bcontributed (reporting )?to this (report|story|article)\.?$|^write to \S+ at \S+@", _I)),
    (DATELINE, re.compile(r"^(updated\s+)?\d{1,2}\s+(minutes?|hours?|days?)\s+ago$", _I)),
    (DISCLAIMER, re.compile(r"^the views expressed\b|\bviews are (my|our|the author'?s?|the experts'?) own\b", _I)),
    (SIDEBAR, re.compile(r"^(about (this|the) (blog|author|site|authors)|about us|blog archive\b.*"
                         r"|(labels|categories|tags|topics|filed under)\s*:.*|related topics)$", _I)),
    (COPYRIGHT, re.compile(r"^(©|\(c\)\s*\d{4}|copyright\b)|\ball rights reserved\b", _I)),
    (SOURCE, re.compile(r"^sources?\s*:", _I)),
    (SEPARATOR, re.compile(r"^[-*_=~#]{3,}$")),
)
_BYLINE = re.compile(r"^(By|BY)\s+[A-Z][\w.'’-]*(\s+([A-Z][\w.'’-]*|and|de|van|von|bin|al-\w+))*"
                     r"(\s*,\s*[\w ]{1,40})?$")
_COMMENTER = re.compile(r"^(?P<name>\S.{0,40}?)\s+(said|says|wrote|commented|replied)\s*(?P<end>\.\.\.|…|:)$")
_BREADCRUMB = re.compile(r"^home\s*[>»›/]\s*\w", _I)
_FULL_DATE = re.compile(r"\b(\d{1,2}\s+" + r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}"
                        r"|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
                        r"|\d{4}-\d{2}-\d{2})\b", _I)
_BULLET = "-*•·–—"
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"^((published|updated|posted|last updated|first published)\b.{0,60}"
    r"|((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(\d{1,2}\s+" + _MONTH + r"|" + _MONTH + r"\s+\d{1,2}),?\s+\d{4}"
    r"([ ,]+\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?(\s*[A-Z]{2,4})?)?"
    r"|\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?)$", _I)
_PLACE_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,}(,\s*[A-Za-z .]+)?\s*(\([^)]{1,30}\))?\s*[-—–]+$")
MAX_RULE_LINE = 400  # longer lines are prose, whatever they start with
_MENU_SPLIT = re.compile(r"\s+[|•·»]\s+|\s*[|•]\s*")
_INLINE_CAPTION = re.compile(r"\s*\((?:[A-Z]+ )?(?:photo|image|picture)\b[^()\n]{0,80}\)", _I)
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_EMPHASIS = "*_ \t"
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'”’)\]]*|$)\s*")
_FINAL = re.compile(r"[.!?:;][\"'”’)\]]*$")
_SENTENCE_END = re.compile(r"[.!;][\"'”’)\]]*$|\.\.\.$")
_INNER_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+[A-Z]")
_NUMBERING = re.compile(r"^\d{1,2}[.)]\s+")
_UPDATED = re.compile(r"\W*(last\s+)?updated\b", _I)
_GLUE_WORDS = frozenset("a an and the of to in on at by for from with or but that which who as".split())


@dataclass(frozen=True)
class _Line:
    """One line of ``doc.text``; ``end`` is before its newline."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Cut:
    """A span to drop; ``whole`` lines also lose their newline."""

    start: int
    end: int
    reason: str
    whole: bool = False


# public ------------------------------------------------------------------------
def clean(doc: Document) -> CleanText:
    """The text of ``doc`` without boilerplate, with the map back to it."""
    text = doc.text
    lines = list(_lines(text))
    found = _find_cuts(lines)
    cuts = [c for c in found if not _stays(c)]
    kept = _kept_ranges(text, cuts)
    clean_text, segments = _assemble(text, kept, _title_end(lines, found))
    discarded = [Discarded(c.start, c.end, c.reason) for c in cuts]
    comments, in_comments = _comments(lines, found)
    furniture = [Zone(c.start, c.end, c.reason) for c in found if _stays(c)]
    zones = sorted(_headings(lines, found) + comments + furniture, key=lambda z: z.start)
    page_dates = _page_dates(text, cuts, in_comments)
    return CleanText(_unwrap(clean_text), segments, discarded, zones, page_dates)


def _stays(cut: _Cut) -> bool:
    """Captions and related-article lists name actors (the people in the
    photo) but report nothing: they stay in the text as zones, uncoded."""
    return cut.whole and cut.reason in ZONED


# lines and rules ----------------------------------------------------------------------
def _lines(text: str) -> Iterator[_Line]:
    start = 0
    for piece in text.split("\n"):
        yield _Line(start, start + len(piece), piece)
        start += len(piece) + 1


def _find_cuts(lines: list[_Line]) -> list[_Cut]:
    """Every span to drop, in text order."""
    cuts: list[_Cut] = []
    seen: set[str] = set()
    in_related = comments_seen = False
    for line in lines:
        reason = _line_reason(line.text, in_related, comments_seen)
        comments_seen = comments_seen or reason == COMMENTS
        reason = _repeat_reason(line.text, reason, seen)
        in_related = reason == RELATED and (in_related or _is_heading(line.text)) or (
            in_related and not line.text.strip())
        if reason is not None:
            cuts.append(_whole(line, reason))
        elif line.text.strip():
            cuts.extend(_inline_cuts(line, seen))
    return cuts


def _line_reason(text: str, in_related: bool, comments_seen: bool = False) -> str | None:
    """Why a whole line is boilerplate, or None to keep it. "Aidos said..."
    opens a comment anywhere; "Aidos wrote:" only once a comments heading
    was seen (before that it may introduce a quotation)."""
    bare = text.strip().strip(_EMPHASIS)
    if not bare or len(bare) > MAX_RULE_LINE:
        return None
    for reason, pattern in _LINE_RULES:
        if pattern.search(bare):
            return reason
    commenter = _COMMENTER.match(bare)
    if commenter and (comments_seen or commenter["end"] != ":"):
        return COMMENTS
    if _is_dated_rubric(bare):
        return DATELINE
    if _is_menu(bare) or _BREADCRUMB.match(bare):
        return NAVIGATION
    if in_related and _is_link_item(bare):
        return RELATED
    return _short_line_reason(bare)


def _short_line_reason(bare: str) -> str | None:
    if len(bare) > 80:
        return None
    if _BYLINE.match(bare):
        return BYLINE
    if _DATELINE.match(bare) or _PLACE_DATELINE.match(bare):
        return DATELINE
    return None


def _is_menu(bare: str) -> bool:
    """Three or more short items separated by ``|`` or ``•``."""
    if "|" not in bare and "•" not in bare:
        return False
    items = [item.strip() for item in _MENU_SPLIT.split(bare)]
    return len(items) >= 3 and all(0 < len(item) <= SHORT_ITEM and not _FINAL.search(item) for item in items)


def _is_dated_rubric(bare: str) -> bool:
    """A few short labels around a date: "Politics | 1 April 2025, 09:15"."""
    if "|" not in bare or not _FULL_DATE.search(bare):
        return False
    items = [item.strip() for item in bare.split("|")]
    return len(items) <= 5 and all(0 < len(item) <= 60 and not _FINAL.search(item) for item in items)


def _is_heading(text: str) -> bool:
    """A related-articles heading alone on its line (a list follows)."""
    bare = text.strip().strip(_EMPHASIS).rstrip(":").strip().lower()
    return bare in {"related", "related articles", "related stories", "related content", "see also",
                    "read more", "read also", "also read", "more on this", "more on this story", "recommended",
                    "related coverage", "you may also like", "further reading", "more stories", "most read"}


def _is_link_item(bare: str) -> bool:
    """A short headline-like line in a related-articles list."""
    item = bare.lstrip(_BULLET + " \t")
    return 0 < len(item) <= 100 and len(item.split()) <= 15 and not item.endswith(".")


def _repeat_reason(text: str, reason: str | None, seen: set[str]) -> str | None:
    """A kept line or a caption already seen verbatim becomes a repeated line."""
    key = " ".join(text.split())
    if not key:
        return reason
    repeated = key in seen and (reason == CAPTION or (reason is None and len(key) >= MIN_REPEAT))
    seen.add(key)
    return REPEATED if repeated else reason


def _whole(line: _Line, reason: str) -> _Cut:
    """The visible part of the line, without surrounding blanks."""
    return _Cut(_visible_start(line), line.start + len(line.text.rstrip()), reason, whole=True)


def _inline_cuts(line: _Line, seen: set[str]) -> Iterator[_Cut]:
    """Heading marks, caption credits and repeated sentences inside a kept line."""
    mark = _HEADING_MARK.match(line.text)
    if mark:
        yield _Cut(line.start, line.start + mark.end(), MARKUP)
    for found in _INLINE_CAPTION.finditer(line.text):
        yield _Cut(line.start + found.start(), line.start + found.end(), CAPTION)
    yield from _repeated_sentences(line, seen)


def _repeated_sentences(line: _Line, seen: set[str]) -> Iterator[_Cut]:
    sentences = list(_SENTENCE.finditer(line.text))
    if len(sentences) < 2:
        return
    for found in sentences:
        key = " ".join(found.group().split())
        if len(key) >= MIN_REPEAT and key in seen:
            yield _Cut(line.start + found.start(), line.start + found.end(), REPEATED)
        seen.add(key)


# zones and page dates ------------------------------------------------------------------
def _kept_lines(lines: list[_Line], cuts: list[_Cut]) -> list[tuple[int, _Line]]:
    """(line number, line) of the non-blank lines no whole-line cut took."""
    dropped = {c.start for c in cuts if c.whole}
    return [(i, ln) for i, ln in enumerate(lines) if ln.text.strip() and _visible_start(ln) not in dropped]


def _paragraphs(lines: list[_Line], cuts: list[_Cut]) -> list[list[_Line]]:
    """Kept lines grouped into paragraphs: adjacent lines that wrap one text."""
    paragraphs: list[list[_Line]] = []
    last = -2
    for i, line in _kept_lines(lines, cuts):
        if paragraphs and i == last + 1 and _continues(paragraphs[-1][-1].text, line.text):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        last = i
    return paragraphs


def _headings(lines: list[_Line], cuts: list[_Cut]) -> list[Zone]:
    """Headlines, standfirsts, post titles, section heads and questions:
    short paragraphs that do not end a sentence, before some prose."""
    paragraphs = _paragraphs(lines, cuts)
    texts = [" ".join(ln.text.strip().strip(_EMPHASIS).lstrip("#").strip() for ln in p) for p in paragraphs]
    prose = [i for i, t in enumerate(texts) if not _reads_as_heading(t) and len(t.split()) >= 6]
    if not prose:
        return []
    return [Zone(_visible_start(p[0]), p[-1].start + len(p[-1].text.rstrip()), HEADING)
            for i, (p, t) in enumerate(zip(paragraphs, texts)) if i < prose[-1] and _reads_as_heading(t)]


def _reads_as_heading(text: str) -> bool:
    """No more than ``MAX_HEADING_WORDS`` words, and either no sentence end
    at all ("Kazakhstan votes yes. Now the hard part") or one question."""
    if not text or text[0] in _BULLET or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if text.endswith("?"):
        return not _INNER_SENTENCE_END.search(_NUMBERING.sub("", text))
    return not _SENTENCE_END.search(text)


def _comments(lines: list[_Line], cuts: list[_Cut]) -> tuple[list[Zone], set[int]]:
    """Reader comments: the kept lines after a commenter's "X said..." up
    to a blank line, as zones labelled with the commenter; and the starts
    of the cuts inside comments (their time stamps)."""
    cut_at = {c.start: c for c in cuts if c.whole}
    zones: list[Zone] = []
    inside: set[int] = set()
    name: str | None = None
    for line in lines:
        bare = line.text.strip().strip(_EMPHASIS)
        if not bare:
            name = None
            continue
        cut = cut_at.get(_visible_start(line))
        found = _COMMENTER.match(bare) if cut is not None and cut.reason == COMMENTS else None
        if found:
            name = found["name"]
        elif name is not None and cut is not None:
            inside.add(cut.start)
        elif name is not None:
            zones.append(Zone(_visible_start(line), line.start + len(line.text.rstrip()), COMMENT, name))
    return zones, inside


def _page_dates(text: str, cuts: list[_Cut], in_comments: set[int]) -> list[tuple[int, date]]:
    """The full dates of the page's date lines (a post's "MONDAY, 26 JUNE
    2006", "Posted 14 June 2024 by ..."), not comment time stamps or
    "Updated ..." lines."""
    from geopol.stages.dates import find_date_phrases, resolve

    found: list[tuple[int, date]] = []
    for cut in cuts:
        if not cut.whole or cut.reason not in (DATELINE, NAVIGATION) or cut.start in in_comments:
            continue
        line = text[cut.start:cut.end]
        if _UPDATED.match(line):
            continue
        if line.isupper():  # "MONDAY, 26 JUNE 2006"
            line = line.title()
        for phrase in find_date_phrases(line):
            when = resolve(phrase.text, None)
            if when is not None and when.value is not None and when.precision == "day":
                found.append((cut.start, when.value))
                break
    return found


# assembling the clean text -----------------------------------------------------------
def _kept_ranges(text: str, cuts: list[_Cut]) -> list[tuple[int, int]]:
    """The complement of the cuts; a whole-line cut takes its newline along."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    for cut in sorted(cuts, key=lambda c: (c.start, c.end)):
        end = _line_end(text, cut.end) if cut.whole else cut.end
        if cut.start > pos:
            ranges.append((pos, cut.start))
        pos = max(pos, end)
    if pos < len(text):
        ranges.append((pos, len(text)))
    return ranges


def _line_end(text: str, end: int) -> int:
    """Past the rest of the line (blanks) and its newline."""
    newline = text.find("\n", end)
    return len(text) if newline < 0 else newline + 1


def _title_end(lines: list[_Line], cuts: list[_Cut]) -> int | None:
    """Where the title line (the first kept line) ends, if a body follows
    that does not merely continue it."""
    dropped = {c.start for c in cuts if c.whole}
    kept = (ln for ln in lines if ln.text.strip() and _visible_start(ln) not in dropped)
    title, body = next(kept, None), next(kept, None)
    if title is None or body is None or _continues(title.text, body.text):
        return None
    return title.end


def _visible_start(line: _Line) -> int:
    return line.start + len(line.text) - len(line.text.lstrip())


def _assemble(text: str, kept: list[tuple[int, int]], title_end: int | None) -> tuple[str, list[Segment]]:
    """Concatenate the kept ranges; if the body follows the title's newline
    directly, add one more newline there (it maps to the title's end)."""
    split = title_end + 1 if title_end is not None else None
    pieces = list(_split_at(kept, split))
    parts: list[str] = []
    segments: list[Segment] = []
    size = 0
    for index, (start, end) in enumerate(pieces):
        segments.append(Segment(size, start, end - start))
        parts.append(text[start:end])
        size += end - start
        if end == split and index + 1 < len(pieces) and text[pieces[index + 1][0]] != "\n":
            parts.append("\n")
            size += 1
    return "".join(parts), segments


def _split_at(kept: list[tuple[int, int]], cut: int | None) -> Iterator[tuple[int, int]]:
    for start, end in kept:
        if cut is not None and start < cut < end:
            yield start, cut
            yield cut, end
        else:
            yield start, end


# wrapped lines ------------------------------------------------------------------------
def _unwrap(text: str) -> str:
    """Single newlines inside a sentence become spaces (same length)."""
    chars = list(text)
    lines = text.split("\n")
    pos = -1
    for before, after in zip(lines, lines[1:]):
        pos += len(before) + 1
        if before and after and _continues(before, after):
            chars[pos] = " "
    return "".join(chars)


def _continues(before: str, after: str) -> bool:
    """Does ``after`` carry on the sentence that ``before`` leaves open?"""
    before, after = before.rstrip(), after.lstrip()
    if not before or not after or _FINAL.search(before):
        return False
    if after[0].islower() or after[0].isdigit():
        return True
    last = before.split()[-1].lower()
    return before[-1] in ",-–—(" or last in _GLUE_WORDS
