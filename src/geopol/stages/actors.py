"""Actors stage: find who each entity and noun phrase refers to.

``Resolver.find(doc, when)`` turns the entities of a parsed document into
``ActorSpan`` records (token spans with what they resolve to, a confidence
and a one-line reason). ``Resolver.actor(span, when)`` gives the coded
``Actor`` at a date, so a title or a person's sector follows the event's
date, not the article's.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from geopol.kb import KnowledgeBase, fold
from geopol.kb.records import Entity, Role
from geopol.stages.lexicon import BELONGING_PREPS, LOCATIVE_PREPS
from geopol.types import Actor

ROLE_FILE = Path(__file__).parent / "data" / "role_nouns.tsv"
MOTION_PREPS = {"to", "into", "toward", "towards"}
MOTION_WORDS = {"visit", "trip", "travel", "go", "fly", "arrive", "come", "return", "head", "journey",
                "tour", "move", "flee", "stopover", "leave"}
PLACE_PARTS = {"sector", "district", "suburb", "outskirts", "centre", "center", "heart", "part", "street", "streets",
               "neighbourhood", "neighborhood", "quarter", "area", "outskirt", "edge"}
MODIFIER_DEPS = {"amod", "compound", "nmod", "poss", "nummod"}
# Sectors of state institutions: an unplaced "riot police" is the document's country's.
INSTITUTIONS = {"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "OPP"}
PUBLIC = {"CVL", "LAB"}  # protesters, activists, strikers: of the country their passage is set in


@dataclass(frozen=True)
class RoleNoun:
    sector: str
    office: str | None
    placed_only: bool = False  # "aircraft": an actor only when the text says whose
    foreign: bool = False  # "peacekeepers": serve abroad, so never placed by where they are
    owned: bool = False  # "press office": an actor only with its owner ("the president's press office")


def load_role_nouns(path: Path = ROLE_FILE) -> dict[str, RoleNoun]:
    """Role nouns (lemma phrase -> sector and office) from the TSV file."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, sector, office, *flags = line.split("\t")
        flags = [f.strip() for f in flags]
        table[phrase.strip().lower()] = RoleNoun(sector.strip(), None if office.strip() == "-" else office.strip(),
                                                 bool({"placed", "foreign", "owned"} & set(flags)), "foreign" in flags,
                                                 "owned" in flags)
    return table


@dataclass(frozen=True)
class ActorSpan:
    """A token span of the parsed text that refers to an actor."""

    start: int  # token indices in the spaCy doc
    end: int
    root: int
    name: str
    entity_id: str | None = None
    office: str | None = None  # resolve to this office's holder at the date
    country: str | None = None
    org: str | None = None
    sector: str | None = None
    confidence: float = 0.5
    reason: str = ""
    place: bool = False
    how: str = "name"


@dataclass
class _Context:
    """What resolving one document needs besides the entity: the date, the
    people already named in full, and the document's main country."""

    when: date | None
    home: str | None = None
    only: str | None = None  # the one country the document names, if just one
    seen: dict[str, str] = field(default_factory=dict)  # folded surname -> person id
    settings: list[tuple[int, int, str]] = field(default_factory=list)  # (token, sentence start, country) of places

    def local(self, tok: Token) -> str | None:
        """The country the passage around ``tok`` is set in: the state or
        place its sentence names nearest before it, else the document's (one
        named after it is as often the one acted upon: "forces attacked
        Cambodia")."""
        sent = tok.sent.start
        before = [c for i, s, c in self.settings if s == sent and i < tok.i]
        return before[-1] if before else self.home


class Resolver:
    """Resolves entity mentions against the knowledge base."""

    def __init__(self, kb: KnowledgeBase, role_nouns: dict[str, RoleNoun] | None = None) -> None:
        self.kb = kb
        self.roles = role_nouns if role_nouns is not None else load_role_nouns()
        self.max_role_len = max((len(k.split()) for k in self.roles), default=1)
        # Every tail of every role phrase: a phrase ending at a word can only
        # be a role if the word (lemma or text, lower case) ends one, so most
        # words are ruled out with one set lookup.
        self._role_tails = {key[i:] for key in self.roles for i in range(len(key))}
        self._role_words = {w for key in self.roles for w in key.split()}
        self._counted: tuple[Doc, Counter[str]] | None = None  # the last document's countries (find, then home)

    # finding ---------------------------------------------------------------
    def find(self, doc: Doc, when: date | None) -> list[ActorSpan]:
        """Actor spans of a parsed document, resolved at ``when``."""
        counts = self._countries(doc)
        ctx = _Context(when, counts.most_common(1)[0][0] if counts else None,
                       next(iter(counts)) if len(counts) == 1 else None, settings=self._settings(doc))
        spans = [s for ent in doc.ents if (s := self._resolve_ent(ent, ctx)) is not None]
        spans = _relocate(doc, _drop_nested(spans))
        return sorted(spans + self._role_nouns(doc, spans, ctx), key=lambda s: s.start)

    def phrase(self, doc: Doc, span: ActorSpan, by_token: dict[int, ActorSpan]) -> tuple[int, int]:
        """The words an analyst marks for the mention (token start, end): a
        description with its determiner, modifiers, quantity and placing
        phrase ("the Kazakh leader", "hundreds of residents", "officials in
        Dushanbe"); a name without an article unless the article belongs to
        it ("Supreme Court", "the Kremlin"); a name that modifies a role noun
        with that noun ("Pentagon officials"). The coded span stays as it is."""
        head = doc[span.root]
        start, end = span.start, span.end
        noun = head.head if head.dep_ in ("compound", "amod", "nmod") else head
        if noun is not head and span.how == "demonym" and noun.dep_ == "compound" and self.role_of(noun)[0] is None:
            noun = _chain_head(noun)  # "a Kyrgyz fuel truck driver", not "Kyrgyz fuel"; but "Kyrgyz army (units)"
        if noun is not head and self._group_of(span, noun) and noun.i not in by_token:
            head, end = noun, noun.i + 1  # "Pentagon officials", "Japanese geologists"
        if head.pos_ == "NOUN" or head.i != span.root:
            start, end = _np_bounds(head, start, end)
        if span.how in ("owned", "unknown"):
            start = self._owner_start(doc, head, start, end)  # "Atambayev's supporters", "Basmanny district court"
        else:
            start = _own_words(doc, span, start, by_token)
        end = _voice_of_body(self, head, end)
        if start == span.start and self._given_name_before(doc, span):
            start -= 1  # "Mohammad Hasan Akhund", where the record's alias is "Hasan Akhund"
        det = doc[start]
        if start < end - 1 and det.dep_ == "det" and (det.lower_ in ("a", "an") or _capitalised(head)
                                                      and not self.kb.takes_article(doc[start:end].text)):
            start += 1  # "the Supreme Court" -> "Supreme Court"; "a U.S. serviceman" -> "U.S. serviceman"
        elif start > 0 and doc[start - 1].lower_ == "the" and self.kb.takes_article(doc[start:end].text):
            start -= 1  # "the Kremlin"
        return start, end

    def _owner_start(self, doc: Doc, head: Token, start: int, end: int) -> int:
        """Where a description owned by a possessive starts: with its owner
        when the owner is what identifies it ("the Kazakh president's press
        office", "Uzbekistan's Prosecutor General's Office"), after it when
        the description has a proper name of its own ("the GKNB's Alpha
        special unit", "Moscow's Basmanny district court")."""
        poss = next((c for c in head.children if c.dep_ == "poss" and c.i < head.i), None)
        if poss is None:
            return start
        owner_end = poss.right_edge.i + 1
        own_name = any(t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in self._role_words
                       and not self.kb.candidates(t.text) for t in doc[owner_end:end])
        return max(start, owner_end) if own_name else min(start, _after_dates(doc, poss.left_edge.i, poss.i))

    def _given_name_before(self, doc: Doc, span: ActorSpan) -> bool:
        """Whether the word before a known person's name is one of their own
        names that the matched alias leaves out."""
        if not (span.entity_id or "").startswith("person/") or span.start == 0:
            return False
        prev = doc[span.start - 1]
        if prev.pos_ != "PROPN" or not prev.text[:1].isupper() or prev.ent_type_ not in ("", "PERSON"):
            return False
        person = self.kb.entities[span.entity_id]
        return fold(prev.text) in {fold(w) for n in (person.name, *person.aliases) for w in n.split()[:-1]}

    def _group_of(self, span: ActorSpan, noun: Token) -> bool:
        """Whether ``noun`` names people of the named ``span`` that modifies
        it: a demonym's people ("Japanese geologists") or a body's members
        ("Pentagon officials"; one "State Department official" is the body's
        voice, and the body the mention)."""
        if noun.pos_ != "NOUN" or not span.end <= noun.i <= span.end + 2 or span.how in ("surname", "person", "fuzzy"):
            return False
        return span.how == "demonym" or (noun.tag_ == "NNS" and self.role_of(noun)[0] is not None)

    def with_countries(self, spans: list[ActorSpan], when: date | None) -> list[ActorSpan]:
        """Spans of known people and bodies with the country they serve at
        ``when`` filled in, for the coder's domestic and same-country rules."""
        return [self._filled(s, when) if s.entity_id or s.office else s for s in spans]

    def _filled(self, span: ActorSpan, when: date | None) -> ActorSpan:
        """The span with its actor's country, organisation and sector where it had none."""
        actor = self.actor(span, when)
        return replace(span, country=span.country or actor.country, org=span.org or actor.org,
                       sector=span.sector or actor.sector)

    def home(self, doc: Doc) -> str | None:
        """The document's country: the one it names most."""
        counts = self._countries(doc)
        return counts.most_common(1)[0][0] if counts else None

    def _countries(self, doc: Doc) -> Counter[str]:
        """How often the document names each country, its places, people and
        bodies (a headline's count thrice); the most named is its home, which
        unplaced "riot police" or an ambiguous "GKNB" belong to. Counted once
        per document (``find`` and ``home`` both ask)."""
        if self._counted is None or self._counted[0] is not doc:
            self._counted = (doc, self._count_countries(doc))
        return Counter(self._counted[1])

    def _count_countries(self, doc: Doc) -> Counter[str]:
        counts: Counter[str] = Counter()
        first_line = _first_newline(doc)
        for ent in doc.ents:
            if ent.kb_id_ in ("name", "demonym", "metonym"):  # a surname alone is weak evidence
                known = next((e for c in self.kb.candidates(ent.text) if (e := self.kb.entities[c.entity_id]).kind
                              in HOME_KINDS and e.country), None)
                if known is not None:
                    counts[known.country] += HEADLINE_WEIGHT if 0 <= ent.start_char < first_line else 1
        return counts

    def _settings(self, doc: Doc) -> list[tuple[int, int, str]]:
        """(token, sentence start, country) of every state or place the
        document names by name ("Kyrgyzstan", "Bishkek", "Osh"), in order;
        not demonyms ("three Uzbeks" do not set the scene)."""
        found = []
        for ent in doc.ents:
            if ent.kb_id_ not in ("name", "metonym") or _hyphened(doc, ent.end):
                continue
            for cand in self.kb.candidates(ent.text):
                place = self.kb.entities[cand.entity_id]
                if place.kind in ("state", "territory", "place") and place.country:
                    found.append((ent.start, ent.sent.start, place.country))
                    break
        return found

    def _role_nouns(self, doc: Doc, spans: list[ActorSpan], ctx: _Context) -> list[ActorSpan]:
        """Unnamed actors the text places ("demonstrators in Baghdad", "rebels
        from Afghanistan") or that belong to the document's country ("riot
        police", "the Defence Ministry")."""
        by_token = token_map(spans)
        covered = set(by_token)
        found = []
        for tok in doc:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.i in covered or tok.dep_ in ("compound", "amod"):
                continue
            role, start = self.role_of(tok)
            if role is None or (tok.pos_ == "PROPN" and tok.ent_type_):
                continue
            if role.sector == "GOV" and (span := self._led_government(doc, tok, start, by_token, ctx.when)) is not None:
                found.append(span)
                continue
            owner = next((c for c in tok.children if c.dep_ == "poss" and c.i < tok.i and c.i in covered), None)
            if owner is not None:
                found.append(self._owned(doc, tok, by_token[owner.i], owner, ctx.when))
                continue
            named = [by_token[c.i] for c in tok.children if c.dep_ == "compound" and c.i < tok.i and c.i in covered]
            if named and all(n.place and n.country for n in named):  # "Darfur rebels", "Batken residents"
                first = min(n.start for n in named)
                found.append(ActorSpan(first, tok.i + 1, tok.i, doc[first:tok.i + 1].text, country=named[-1].country,
                                       sector=role.sector, confidence=0.6, how="role",
                                       reason=f"role noun {tok.text!r} of the place {named[-1].name}"))
                continue
            if named:
                continue  # "Hezbollah guerrillas": the named group stands for them; no place decides
            if role.owned:
                continue  # "the press office": whose, the text does not say
            span = self._placed_role(doc, tok, start, role, by_token, ctx)
            if span is not None:
                found.append(span)
        return found

    def _owned(self, doc: Doc, tok: Token, owner: ActorSpan, poss: Token, when: date | None) -> ActorSpan:
        """A role noun whose possessor is an actor ("Atambayev's supporters",
        "the GKNB's Alpha special unit", "the Kazakh president's press
        office"): the owner's country and organisation, and the owner's
        sector unless the owner is a state or place (then the noun's)."""
        actor = self.actor(owner, when)
        role, _ = self.role_of(tok)
        kind = self.kb.entities[owner.entity_id].kind if owner.entity_id else None
        national = owner.place or kind in ("state", "territory", "place") or owner.how in ("demonym", "metonym")
        sector = role.sector if national or not actor.sector else actor.sector
        first = min(owner.start, poss.left_edge.i)
        return ActorSpan(first, tok.i + 1, tok.i, doc[first:tok.i + 1].text, country=actor.country, org=actor.org,
                         sector=sector, confidence=0.7, how="owned",
                         reason=f"role noun {tok.text!r} of {actor.name}, its possessor")

    def _placed_role(self, doc: Doc, tok: Token, start: int, role: RoleNoun, by_token: dict[int, ActorSpan],
                     ctx: _Context) -> ActorSpan | None:
        text = doc[start:tok.i + 1].text
        if role.foreign:
            return None  # "peacekeepers in Bosnia" are not Bosnian
        if role.sector == "REB" and (group := self._armed_group_before(tok, by_token)) is not None:
            return ActorSpan(start, tok.i + 1, tok.i, text, entity_id=group.id, country=group.country, org=group.org,
                             sector="REB", confidence=0.55, how="role",
                             reason=f"role noun {text!r}: the armed group the text named before, {group.name}")
        leader = _led_by(doc, tok, by_token)
        if leader is not None:
            return ActorSpan(start, tok.i + 1, tok.i, text, country=leader, sector=role.sector, confidence=0.6,
                             how="role", reason=f"role noun {text!r} led by {leader}")
        country = _placed_in(tok, by_token)
        if country is None and role.sector not in INSTITUTIONS:
            country = _placed_by_clause(tok, by_token)  # "prisoners rioted at a jail in Dili"
        if country is not None:
            return ActorSpan(start, tok.i + 1, tok.i, text, country=country, sector=role.sector, confidence=0.6,
                             how="role", reason=f"role noun {text!r} placed in {country} by its phrase")
        if any(c.dep_ == "amod" and c.lower_ == "local" for c in tok.children) and (local := ctx.local(tok)):
            return ActorSpan(start, tok.i + 1, tok.i, text, country=local, sector=role.sector, confidence=0.5,
                             how="role", reason=f"'local' {text!r}: of the country its passage is set in, {local}")
        if ctx.only is not None and role.sector not in INSTITUTIONS and not role.placed_only:
            return ActorSpan(start, tok.i + 1, tok.i, text, country=ctx.only, sector=role.sector, confidence=0.45,
                             how="role", reason=f"role noun {text!r}: the only country the document names, {ctx.only}")
        local = ctx.local(tok)
        if local is None or role.sector not in INSTITUTIONS | PUBLIC or role.placed_only:
            return None
        return ActorSpan(start, tok.i + 1, tok.i, text, country=local, sector=role.sector, confidence=0.5,
                         how="role", reason=f"role noun {text!r}: the country its passage is set in, {local}")

    def _armed_group_before(self, tok: Token, by_token: dict[int, ActorSpan]) -> Entity | None:
        """"The IMU ... the militants": unnamed militants, rebels or fighters
        are the armed group the text last named before them."""
        for i in range(tok.i - 1, -1, -1):
            span = by_token.get(i)
            ent = self.kb.entities.get(span.entity_id) if span is not None and span.entity_id else None
            if ent is not None and ent.org and ent.sector == "REB":
                return ent
        return None

    def _led_government(self, doc: Doc, tok: Token, start: int, by_token: dict[int, ActorSpan],
                        when: date | None) -> ActorSpan | None:
        """"The Bush administration", "the Karimov regime": a government named
        after its leader is that leader's country (the head of state or
        government of that surname nearest in time). An acronym or a name
        of something else is no surname ("the UN envoy" is not Kim Jong-un's)."""
        for c in tok.children:
            if c.dep_ != "compound" or c.pos_ != "PROPN" or c.i > tok.i or c.text.isupper():
                continue
            if c.i in by_token and not (by_token[c.i].entity_id or "").startswith("person/"):
                continue
            held = [(p, r) for p, r in self._held(c.text, LEADER_OFFICES) if r.country]
            if held:
                person, office = _nearest(held, when)
                first = min(start, c.i)
                return ActorSpan(first, tok.i + 1, tok.i, doc[first:tok.i + 1].text, country=office.country,
                                 sector="GOV", confidence=0.7, how="role",
                                 reason=f"{doc[start:tok.i + 1].text!r} named after {person.name}, "
                                        f"who led {office.country}")
        return None

    def _held(self, surname: str, offices: set[str]) -> list[tuple[Entity, Role]]:
        """(person, role) for everyone of that surname who held one of ``offices``."""
        return [(p, r) for p in self.kb.by_last_name(surname) for r in p.roles if r.office in offices]

    def _resolve_ent(self, ent: Span, ctx: _Context) -> ActorSpan | None:
        if _stance(ent):
            return None  # an "anti-Syria journalist" is not Syrian
        how = ent.kb_id_
        if ent.label_ == "PERSON" and how in ("", "surname") and fold(ent.text) in ctx.seen:
            return self._surname(ent, ctx)  # a re-mention of a person named in full earlier
        if how in ("name", "acronym"):
            return self._named(ent, ctx)
        if how == "surname":
            return self._surname(ent, ctx)
        if how == "metonym" and (body := self._org_metonym(ent)) is not None:
            return body
        if how in ("demonym", "metonym"):
            return self._country_word(ent, ctx.when, how)
        if ent.label_ in ("PERSON", "ORG") or ent.label_ in MISLABELLED:
            return self._unknown(ent, ctx)
        return None

    def _org_metonym(self, ent: Span) -> ActorSpan | None:
        """"Brussels has said", "Washington and Brussels condemned": a city
        that stands for an organisation seated there names it where it acts;
        where it is a place ("talks in Brussels") it stays the state's."""
        org = next((e for c in self.kb.candidates(ent.text) if c.how == "metonym"
                    and (e := self.kb.entities[c.entity_id]).kind == "org"), None)
        if org is None or _used_as_place(ent.root):
            return None
        return ActorSpan(ent.start, ent.end, ent.root.i, org.name, entity_id=org.id, confidence=0.75, how="metonym",
                         reason=f"metonym {ent.text!r} -> {org.name}, where it acts")

    def _named(self, ent: Span, ctx: _Context) -> ActorSpan | None:
        cands = [c for c in self.kb.candidates(ent.text) if c.how in ("name", "acronym")]
        ents = [self.kb.entities[c.entity_id] for c in cands]
        if not ents:
            return None
        best = self._prefer_current(ents, ctx)
        when = ctx.when
        if best.kind == "person":
            for s in [*best.surnames, ent.text.split()[-1]]:  # "Ash Carter" ... "Carter", though Carters are many
                ctx.seen[fold(s)] = best.id
            titled = self._titled(ent, best, when)
            if titled is not None:
                return titled
        if best.kind == "place":
            return ActorSpan(ent.start, ent.end, ent.root.i, best.name, entity_id=best.id, country=best.country,
                             confidence=0.9, place=True, how="place", reason=f"place {ent.text!r} in {best.country}")
        if best.kind in ("state", "territory"):
            return self._country_word(ent, when, "name", best)
        national = self._national_body(ent, best)
        if national is not None:
            return national
        if best.kind == "org":
            head, role, role_start = self._governing_role(ent)
            if head is not None and role is not None and role.office:
                start, end = self._phrase_bounds(ent, head, role_start)
                return self._role_span(ent.doc, start, end, head, role, None, best.org, "name", when)
        conf = 0.95 if len(ents) == 1 else 0.7
        span = ActorSpan(ent.start, ent.end, ent.root.i, best.name, entity_id=best.id,
                         country=best.country if best.kind == "body" else None,  # "deputies in the Duma"
                         confidence=conf, reason=f"knowledge base {'acronym' if ent.kb_id_ == 'acronym' else 'name'} {ent.text!r} -> {best.id}")
        return self._with_place(span, ent)

    def _titled(self, ent: Span, person: Entity, when: date | None) -> ActorSpan | None:
        """A title before the name of someone who holds no role at the date
        ("Secretary General Stanislav Zas" in a later retrospective, "UN High
        Commissioner for Human Rights Michelle Bachelet"): the text says in
        which role they act, where otherwise only their nearest national role
        would be known. A role at the date stands, and so do "former" titles."""
        if person.roles_at(when):
            return None
        role = self._title_role(ent, person)
        if role is None:
            return None
        return ActorSpan(ent.start, ent.end, ent.root.i, person.name, entity_id=person.id, office=role.office,
                         country=role.country, org=role.org, sector=role.sector, confidence=0.85, how="title",
                         reason=f"{person.name}, titled {role.title!r} before the name, acts in that role")

    def _title_role(self, ent: Span, person: Entity) -> Role | None:
        """The role of ``person`` that the words just before the name give:
        a role noun with its office, or an organisation's name (its
        office-holder's title is often an alias of it)."""
        doc, i = ent.doc, ent.start - 1
        if i < 0 or any(t.lower_ in ("former", "ex", "ex-", "late") for t in doc[max(0, i - 5):i + 1]):
            return None
        before = doc[i]
        if before.ent_type_ == "ORG":
            orgs = {e.org for c in self.kb.candidates(_ent_text(before)) if (e := self.kb.entities[c.entity_id]).org}
            return next((r for r in person.roles if r.org in orgs), None)
        role, _ = self.role_of(before)
        if role is None or role.office is None:
            return None
        return next((r for r in person.roles if r.office == role.office), None)

    def _national_body(self, ent: Span, org: Entity) -> ActorSpan | None:
        """"Kazakhstan's Security Council", "the Russian Security Council": an
        international body's name owned by a state names that state's body."""
        if org.kind != "org" or org.org_type != "IGO":
            return None
        owners = [c for c in ent.root.children if c.dep_ in ("poss", "compound", "amod") and c.i < ent.start]
        state = next((st for c in owners if (st := self._state_of(c.text)) is not None), None)
        if state is None:
            return None
        key = fold(ent.text)
        body = next((e for e in self.kb.bodies(state.country) if key in fold(e.name)), None)
        start = min(c.i for c in owners)
        if body is not None:
            return ActorSpan(start, ent.end, ent.root.i, body.name, entity_id=body.id, confidence=0.85,
                             reason=f"{ent.text!r} of {state.name} -> {body.name}")
        return ActorSpan(start, ent.end, ent.root.i, f"{state.name} {ent.text}", country=state.country, sector="GOV",
                         confidence=0.7, how="role", reason=f"{ent.text!r} owned by {state.name}: a national body")

    @staticmethod
    def _prefer_current(ents: list[Entity], ctx: _Context) -> Entity:
        """People in office at the date, then bodies of the document's country."""
        current = [e for e in ents if e.kind != "person" or e.roles_at(ctx.when)] or ents
        at_home = [e for e in current if e.country == ctx.home]
        return (at_home if len({e.country for e in current}) > 1 and at_home else current)[0]

    def _surname(self, ent: Span, ctx: _Context) -> ActorSpan | None:
        key, when, seen = fold(ent.text), ctx.when, ctx.seen
        if key in seen:
            person = self.kb.entities[seen[key]]
            return ActorSpan(ent.start, ent.end, ent.root.i, person.name, entity_id=person.id,
                             confidence=0.9, reason=f"surname {ent.text!r} -> earlier full mention of {person.name}", how="surname")
        people = [self.kb.entities[c.entity_id] for c in self.kb.candidates(ent.text) if c.how == "surname"]
        holding = [p for p in people if p.roles_at(when)]
        if not (holding or people):
            return None
        person = (holding or people)[0]
        conf = 0.8 if len(holding) == 1 else 0.5
        return ActorSpan(ent.start, ent.end, ent.root.i, person.name, entity_id=person.id, confidence=conf,
                         reason=f"surname {ent.text!r} -> {person.name}, {'in office' if holding else 'known'} at {when}", how="surname")

    # countries, demonyms, metonyms, titles --------------------------------
    def _country_word(self, ent: Span, when: date | None, how: str, state: Entity | None = None) -> ActorSpan | None:
        state = state or self._state_of(ent.text)
        if state is None:
            return None
        country = state.country
        if ent.root.dep_ in MODIFIER_DEPS and _inside_named(ent.root.head, ent):
            return None  # "Kazakh President Tokayev": the person carries the country
        head, role, role_start = self._governing_role(ent)
        if head is not None and role is not None:
            start, end = self._phrase_bounds(ent, head, role_start)
            return self._role_span(ent.doc, start, end, head, role, country, None, how, when)
        span = ActorSpan(ent.start, ent.end, ent.root.i, state.name, entity_id=state.id, country=country,
                         sector="GOV", confidence=0.9 if how == "name" else 0.8,
                         reason=f"{how} {ent.text!r} -> {state.name}", how=how)
        if how == "demonym":
            span = replace(span, entity_id=None, name=ent.text, sector=None, confidence=0.6,
                           reason=f"demonym {ent.text!r} -> people of {state.name}")
        return self._with_place(span, ent)

    @staticmethod
    def _phrase_bounds(ent: Span, head: Token, role_start: int) -> tuple[int, int]:
        """The title phrase ("Kazakh president", "Kazakhstan's army"), or the
        entity alone where other entities stand in between ("Hungarian and
        Romanian officials": each demonym is its own actor)."""
        between = range(head.i + 1, ent.start) if head.i < ent.start else range(ent.end, role_start)
        if any(ent.doc[i].ent_type_ not in NOT_ACTOR_ENTS for i in between) or head.i < ent.start - 4:
            return ent.start, ent.end
        return min(ent.start, role_start), max(ent.end, head.i + 1)

    def _state_of(self, text: str) -> Entity | None:
        for cand in self.kb.candidates(text):
            ent = self.kb.entities[cand.entity_id]
            if ent.kind in ("state", "territory"):
                return ent
        return None

    def _governing_role(self, ent: Span) -> tuple[Token | None, RoleNoun | None, int]:
        """The role noun an entity modifies ("Kazakh president", "Kazakhstan's
        army") or complements ("the president of Kazakhstan")."""
        tok = ent.root
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ in MODIFIER_DEPS and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i:
            head = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN"):
            head = tok.head.head
        else:
            return None, None, 0
        while head.dep_ in ("compound", "amod") and head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i:
            head = head.head  # "Kazakh riot police", "CSTO secretary-general": the phrase's head noun
        if _inside_named(head, ent):
            return None, None, 0  # "Kyrgyz analyst Mars Sariev": the person carries it
        role, start = self.role_of(head)
        body = _voiced_body(head)
        if body is not None and (voiced := self.role_of(body))[0] is not None:
            role, start = voiced  # "a Kyrgyz border service official": the service speaks
        return head, role, start

    def role_of(self, head: Token) -> tuple[RoleNoun | None, int]:
        """The longest role phrase ending at ``head`` (lemmas, lower case);
        after "deputy", "assistant" or "under" it names no office ("deputy
        foreign minister" is not the foreign minister)."""
        if head.lemma_.lower() not in self._role_tails and head.lower_ not in self._role_tails:
            return None, head.i  # no role phrase ends in this word
        doc = head.doc
        for n in range(min(self.max_role_len, head.i + 1), 0, -1):
            words = doc[head.i - n + 1: head.i + 1]
            for key in (" ".join(t.lemma_.lower() for t in words), words.text.lower()):
                if key in self.roles:
                    role, start = self.roles[key], head.i - n + 1
                    if role.office and start > 0 and doc[start - 1].lower_ in DEPUTY_WORDS:
                        return replace(role, office=None), start - 1
                    return role, start
        return None, head.i

    def _role_span(self, doc: Doc, start: int, end: int, head: Token, role: RoleNoun,
                   country: str | None, org: str | None, how: str, when: date | None) -> ActorSpan:
        text = doc[start:end].text
        if role.office:
            return ActorSpan(start, end, head.i, text, office=role.office, country=country, org=org,
                             sector=role.sector, confidence=0.8, how="title",
                             reason=f"title {text!r} -> {role.office} of {country or org} at the date")
        return ActorSpan(start, end, head.i, text, country=country, org=org, sector=role.sector,
                         confidence=0.85, how=how,
                         reason=f"{how} + role noun {head.text!r} -> {country or org} {role.sector}")

    def _with_place(self, span: ActorSpan, ent: Span) -> ActorSpan:
        """Mark "a visit to Dushanbe"-style mentions as places."""
        if _used_as_place(ent.root):
            return replace(span, place=True, reason=span.reason + " (a place here)")
        return span

    # unknown people and bodies ---------------------------------------------
    def _misspelt(self, ent: Span, ctx: _Context) -> ActorSpan | None:
        """A known person behind one wrong letter: the full name, or a lone
        surname of someone in office at the date (never a surname after a
        different first name: "Mars Sariev" is not Temir Sariyev)."""
        cands = self.kb.near(ent.text)
        if not cands and len(ent) == 1:
            cands = [c for c in self.kb.near(ent.text, how="surname")
                     if self.kb.entities[c.entity_id].roles_at(ctx.when)]
        ids = sorted({c.entity_id for c in cands})
        if len(ids) != 1:
            return None
        person = self.kb.entities[ids[0]]
        return ActorSpan(ent.start, ent.end, ent.root.i, person.name, entity_id=person.id, confidence=0.7,
                         how="fuzzy", reason=f"{ent.text!r} is one letter from {person.name}")

    def _unknown(self, ent: Span, ctx: _Context) -> ActorSpan | None:
        if ent.label_ == "PERSON" or len(ent) == 1:
            fuzzy = self._misspelt(ent, ctx)
            if fuzzy is not None:
                return fuzzy
        words = _described_by(ent)
        role = self._role_among(words + list(ent))
        if ent.label_ not in ("PERSON", "ORG") and (ent.label_ not in MISLABELLED or role is None):
            return None  # "Natalya Sokolova, a lawyer" tagged a place is still the lawyer
        country, org = self._country_among(words + list(ent))
        if ent.label_ == "PERSON" and role is not None and role.office and country is None and org is None:
            former = self._title_holder(ent, role, ctx.when)
            if former is not None:
                return former
        how = "person" if ent.label_ == "PERSON" else "unknown"
        placed = country is not None or org is not None
        if not placed and role is not None:
            country = ctx.local(ent.root)  # "the regional governor, Krymbek Kusherbayev" in a Kazakh story
        if country is None and org is None:
            return None  # nothing the text says makes it codable
        sector = role.sector if role else ("GOV" if ent.label_ == "ORG" else None)
        if org is not None and sector == "GOV" and (body := self.kb.org(org)) is not None and body.sector:
            sector = body.sector  # "the UN envoy, Gerd Merrem" serves the UN: IGO
        where = "from its phrase" if placed else "from its role and the country its passage is set in"
        return ActorSpan(ent.start, ent.end, ent.root.i, ent.text, country=country, org=org, sector=sector,
                         confidence=0.6 if placed else 0.45, how=how,
                         reason=f"not in the knowledge base; {ent.label_.lower()} with country {country} and role {sector} {where}")

    def _title_holder(self, ent: Span, role: RoleNoun, when: date | None) -> ActorSpan | None:
        """"President Bush" out of office at the date: the person of that
        surname who held the title nearest in time, if all such holders
        served one country (a surname with the title, not a guess)."""
        held = self._held(ent[-1].text, {role.office})
        if not held or len({r.country or r.org for _, r in held}) != 1:
            return None
        person, _ = _nearest(held, when)
        return ActorSpan(ent.start, ent.end, ent.root.i, person.name, entity_id=person.id, confidence=0.6, how="title",
                         reason=f"title and surname {ent.text!r} -> {person.name}, nearest holder of that title to {when}")

    def _country_among(self, tokens: list[Token]) -> tuple[str | None, str | None]:
        for tok in tokens:
            for cand in self.kb.candidates(tok.text):
                ent = self.kb.entities[cand.entity_id]
                if ent.kind in ("state", "territory") or (ent.kind == "org" and ent.org):
                    return ent.country if ent.kind != "org" else None, ent.org
        return None, None

    def _role_among(self, tokens: list[Token]) -> RoleNoun | None:
        """The last role noun among ``tokens``; a generic one ("office")
        only where there is no other ("Prosecutor General's Office")."""
        found = [self.role_of(t)[0] for t in tokens if t.pos_ in ("NOUN", "PROPN")]
        found = [r for r in found if r]
        found = [r for r in found if not r.owned] or found
        return found[-1] if found else None

    # coding -----------------------------------------------------------------
    def actor(self, span: ActorSpan, when: date | None) -> Actor:
        """The coded actor of ``span`` at ``when``, with the country its
        place belonged to then ("Juba" in 1987 is Sudan's) and an organ's
        organisation ("UN General Assembly": UN)."""
        coded = self._actor(span, when)
        if (org := self.kb.coded_org(coded.org)) != coded.org:
            coded = replace(coded, org=org)  # an organ acts for its organisation
        country = self.kb.country_at(coded.country, when)
        if country == coded.country:
            return coded
        before = self.kb.state(country)
        if before is not None and coded.id == (self.kb.state(coded.country) or before).id:
            return replace(coded, id=before.id, name=before.name, country=country, wikidata=before.wikidata)
        return replace(coded, country=country)

    def _actor(self, span: ActorSpan, when: date | None) -> Actor:
        if span.office and span.entity_id:  # a named person in the role a title gives
            person = self.kb.entities[span.entity_id]
            role = next((r for r in person.roles if (r.office, r.country, r.org) == (span.office, span.country, span.org)),
                        None)
            return self._person(person, when, role)
        if span.office:
            holders = self.kb.holders(span.office, when, country=span.country, org=span.org)
            if holders:
                person, role = holders[0]
                return self._person(person, when, role)
        if span.entity_id:
            return self._entity(self.kb.entities[span.entity_id], when)
        return Actor(None, span.name, span.country, span.org, span.sector)

    def _entity(self, ent: Entity, when: date | None) -> Actor:
        if ent.kind == "person":
            roles = sorted(ent.roles_at(when), key=_role_rank)
            return self._person(ent, when, roles[0] if roles else None)
        sector = ent.sector or ("GOV" if ent.kind in ("state", "territory") else None)
        return Actor(ent.id, ent.name, ent.country, ent.org, sector, ent.wikidata)

    def _person(self, ent: Entity, when: date | None, role) -> Actor:
        if role is None:
            return Actor(ent.id, ent.name, ent.country, None, ent.sector or _known_as(ent, when), ent.wikidata)
        return Actor(ent.id, ent.name, role.country or (None if role.org else ent.country), role.org,
                     role.sector or ent.sector, ent.wikidata)


# When a person holds several roles at once, the one they most likely act in.
ROLE_ORDER = ("head_of_state", "head_of_government", "vice_president", "foreign_minister", "defence_minister",
              "interior_minister", "security_chief", "secretary_general", "speaker", "minister",
              "military_chief", "militant_leader", "official", "opposition", "exile", "party_leader",
              "activist", "journalist", "family")


def _role_rank(role) -> int:
    return ROLE_ORDER.index(role.office) if role.office in ROLE_ORDER else len(ROLE_ORDER)


def _used_as_place(tok: Token) -> bool:
    """"in Dushanbe", "a suburb of Beirut", "a visit to Dushanbe": the name is where, not who."""
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    part_of = prep.lower_ == "of" and prep.head.lemma_.lower() in PLACE_PARTS
    return prep.lower_ in LOCATIVE_PREPS or part_of or (prep.lower_ in MOTION_PREPS and prep.head.lemma_.lower() in MOTION_WORDS)


def _known_as(person: Entity, when: date | None) -> str | None:
    """The sector of a person out of office at ``when``: that of their
    national role nearest in time (Yeltsin in an article of 2015 is still
    coded as a head of state's government, not as nobody)."""
    national = [r for r in person.roles if r.country == person.country and not r.org and r.sector]
    return min(national, key=lambda r: (_distance(r.span, when), _role_rank(r))).sector if national else None


def _inside_named(head: Token, ent: Span) -> bool:
    """Whether ``head`` (or the noun it modifies) is part of a person or
    organisation name other than ``ent``."""
    for tok in (head, head.head):
        if tok.ent_type_ in ("PERSON", "ORG") and not (ent.start <= tok.i < ent.end):
            return True
        if tok.dep_ not in ("compound", "appos", "amod"):
            break
    return False


LEADER_OFFICES = {"head_of_state", "head_of_government"}
# Entity types that never name an actor ("Ukraine's first deputy foreign minister").
NOT_ACTOR_ENTS = {"", "ORDINAL", "CARDINAL", "DATE", "TIME", "QUANTITY", "PERCENT", "MONEY"}
# Words before a title that make it another office than the title's holder.
DEPUTY_WORDS = {"deputy", "assistant", "under", "vice", "first-deputy"}
# What tells a document's country: its states, places, people and national bodies.
HOME_KINDS = {"state", "territory", "place", "person", "body"}
HEADLINE_WEIGHT = 3  # a country the headline names counts as three mentions of it


def _led_by(doc: Doc, tok: Token, by_token: dict[int, ActorSpan]) -> str | None:
    """The state that leads the group ``tok`` names ("Vietnamese-led
    forces"), as event data code them."""
    for i in range(tok.left_edge.i, tok.i - 1):
        span = by_token.get(i)
        if span is not None and span.end == i + 1 and span.country and not span.org and _hyphened(doc, span.end) \
                and doc[span.end + 1].lower_ == "led":
            return span.country
    return None


def _placed_in(tok: Token, by_token: dict[int, ActorSpan]) -> str | None:
    """The country a prepositional phrase of ``tok`` puts it in."""
    return _country_under([c for c in tok.children if c.dep_ == "prep" and c.lower_ in BELONGING_PREPS], by_token)


def _country_under(preps: list[Token], by_token: dict[int, ActorSpan]) -> str | None:
    """The first country named in these prepositional phrases."""
    for prep in preps:
        for t in prep.subtree:
            span = by_token.get(t.i)
            if span is not None and span.country and not span.org:
                return span.country
    return None


def _placed_by_clause(tok: Token, by_token: dict[int, ActorSpan]) -> str | None:
    """The country where the clause of a subject or object ``tok`` happens
    ("ethnic Albanians demonstrated in Serbia", "hundreds of prisoners
    rioted at a jail in Dili"): people who live where they act."""
    group = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else tok
    if group.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return None
    verb = group.head
    heads = [verb] + [c for c in verb.children if c.dep_ == "dobj" and c.i != group.i]  # "blocked a road near X"
    preps = [c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in BELONGING_PREPS | {"near", "outside"}]
    return _country_under(sorted(preps, key=lambda p: p.i), by_token)  # the place named first, not "in defiance of China"


# Left dependents that belong to a noun phrase, and quantity nouns whose
# "of" phrase is the group ("hundreds of residents").
NP_LEFT = {"det", "predet", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "case", "advmod"}
QUANTITY_NOUNS = {"hundred", "thousand", "dozen", "score", "ten", "million", "group", "crowd", "number", "handful"}
PHRASE_PLACE_PREPS = {"in", "across", "throughout"}


def _np_bounds(head: Token, start: int, end: int) -> tuple[int, int]:
    """Widen (start, end) to the noun phrase of ``head``: its left modifiers,
    a quantity it is counted by, and a placing "in" phrase after it."""
    lefts = [c.left_edge.i for c in head.lefts if c.dep_ in NP_LEFT and c.ent_type_ not in ("DATE", "TIME")]
    start = _after_dates(head.doc, min([start] + lefts), start)
    of = head.head
    if head.dep_ == "pobj" and of.lower_ == "of" and of.head.i < of.i and (
            of.head.lemma_.lower() in QUANTITY_NOUNS or of.head.pos_ == "NUM"):
        start = min(start, of.head.left_edge.i)  # "hundreds of residents"
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in PHRASE_PLACE_PREPS and any(
                t.ent_type_ in ("GPE", "LOC", "ORG") for t in prep.subtree):
            end = max(end, prep.right_edge.i + 1)  # "officials in Dushanbe"
    return start, end


# Singular nouns for someone speaking for a body ("a Kyrgyz border service official"): the body is the mention.
VOICE_NOUNS = {"official", "spokesman", "spokeswoman", "spokesperson", "source", "representative"}


def _chain_head(tok: Token) -> Token:
    """The head noun of a compound chain ("driver" of "fuel truck driver")."""
    while tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i > tok.i:
        tok = tok.head
    return tok


def _voiced_body(head: Token) -> Token | None:
    """The noun just before a singular spokesperson noun ("border service"
    of "a Kyrgyz border service official"), the body that speaks."""
    if head.lemma_.lower() not in VOICE_NOUNS or head.tag_ != "NN":
        return None
    return next((c for c in head.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i == head.i - 1), None)


def _voice_of_body(resolver: Resolver, head: Token, end: int) -> int:
    """End the mention at the body a singular spokesperson noun speaks for
    ("A Kyrgyz border service official said": "Kyrgyz border service")."""
    body = _voiced_body(head)
    if end != head.i + 1 or body is None or resolver.role_of(body)[0] is None:
        return end
    return body.i + 1


def _after_dates(doc: Doc, first: int, limit: int) -> int:
    """``first`` moved past date words, up to ``limit`` ("In August
    Uzbekistan's parliament": the parser hangs the month on the name)."""
    while first < limit and doc[first].ent_type_ in ("DATE", "TIME"):
        first += 1
    return first


def _own_words(doc: Doc, span: ActorSpan, start: int, by_token: dict[int, ActorSpan]) -> int:
    """Move ``start`` right past words of other actors ("Hungarian and
    Romanian officials": each demonym is its own mention), not past one that
    leads or backs it ("the Russian-led bloc")."""
    for i in range(span.start - 1, start - 1, -1):
        other = by_token.get(i)
        if other is not None and other is not span and not _hyphened(doc, other.end):
            return i + 1
    return start


def _capitalised(tok: Token) -> bool:
    """A proper name's head ("Supreme Court"), not a description's ("the bloc")."""
    return tok.text[:1].isupper() and not tok.is_sent_start


COPULAS = {"be", "become", "remain"}
# Entity labels the small NER gives people it does not know ("Kanat Isaev" ORG, "Natalya Sokolova" LOC).
MISLABELLED = {"LOC", "GPE", "FAC", "NORP"}


def _described_by(ent: Span) -> list[Token]:
    """The words that describe an unknown entity: its own modifiers, a noun
    in apposition ("Natalya Sokolova, a lawyer") or the noun it is in
    apposition to ("the speaker, Kanat Isaev", "Pakistan's foreign minister,
    Shah Mahmood Qureshi"), never a relative clause ("who left for Russia")."""
    root = ent.root
    clauses = {t.i for c in root.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
    words = [t for t in root.subtree if (t.i < ent.start or t.i >= ent.end) and t.i not in clauses]
    words += [t for c in root.children if c.dep_ == "appos" for t in c.subtree if t.i not in clauses]
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in COPULAS:  # "X became the most senior US official"
        words += [t for c in root.head.children if c.dep_ in ("attr", "acomp", "oprd") for t in c.subtree]
    head = _apposed_to(root)
    if head is not None:
        own = {t.i for t in root.subtree}
        head_clauses = {t.i for c in head.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
        words = [t for t in head.subtree if t.i not in own and t.i not in head_clauses] + words
    return words


def _apposed_to(root: Token) -> Token | None:
    """The noun a name stands in apposition to, also where the parser hangs
    the name on that noun's complement ("the UN envoy for Tajikistan, Gerd
    Merrem": Merrem is the envoy, not Tajikistan)."""
    if root.dep_ != "appos":
        return None
    head = root.head
    while head.pos_ == "PROPN" and head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ == "NOUN":
        head = head.head.head
    return head if head.pos_ == "NOUN" else None


def _ent_text(tok: Token) -> str:
    """The text of the entity ``tok`` is part of."""
    doc = tok.doc
    start = end = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    return doc[start:end + 1].text


def _stance(ent: Span) -> bool:
    """"anti-Syria", "pro-Russian": the name says what someone is for or
    against, not whose they are."""
    doc, i = ent.doc, ent.start
    if i >= 1 and doc[i - 1].lower_ in ("anti-", "pro-"):
        return True
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in ("anti", "pro")


def _hyphened(doc: Doc, end: int) -> bool:
    """Whether the name ending at token ``end`` modifies a noun through a
    participle ("the Russian-led bloc", "a London-listed subsidiary"): it
    leads, lists or backs the thing, and sets no scene for the story."""
    after = doc[end:end + 2]
    return len(after) == 2 and after[0].text == "-" and (after[1].lower_ in AGENT_PARTICIPLES or after[1].tag_ == "VBN")


# "Russian-led", "London-listed": participles that make the name before them an agent or a place of the noun.
AGENT_PARTICIPLES = {"led", "backed", "based", "funded", "brokered", "listed", "owned", "run", "made", "sponsored",
                     "controlled", "dominated", "built", "trained", "armed", "supported", "allied", "aligned"}


def _first_newline(doc: Doc) -> int:
    """``doc.text.find("\\n")``, reading only the tokens up to it (``doc.text``
    joins every token of the document)."""
    for tok in doc:
        if (at := tok.text_with_ws.find("\n")) >= 0:
            return tok.idx + at
    return -1


def token_map(spans: list[ActorSpan]) -> dict[int, ActorSpan]:
    """Token index -> the actor span covering it (later spans win)."""
    return {i: s for s in spans for i in range(s.start, s.end)}


def _relocate(doc: Doc, spans: list[ActorSpan]) -> list[ActorSpan]:
    """"Ethnic Albanians in southern Serbia", "ethnic Uzbek refugees from
    Osh": an ethnic group is coded to the country it lives in, not to its
    kin state. Troops and officials keep their state ("Russian troops in
    Syria")."""
    by_token = token_map(spans)
    out = []
    for span in spans:
        head = doc[span.root]
        ethnic = any(t.lower_ == "ethnic" for t in head.subtree if t.i < span.start + 1)
        people = span.how == "demonym" and (span.sector is None or (ethnic and span.sector in ("CVL", "REF", "REB", "OPP")))
        where = _placed_in(head, by_token) if people else None
        if where is None and people and ethnic:
            where = _placed_by_clause(head, by_token)
        if where is not None and where != span.country:
            span = replace(span, country=where, confidence=0.6,
                           reason=span.reason + f"; living in {where}, coded there")
        elif span.how == "metonym" and (there := _building_elsewhere(head, span, by_token)) is not None:
            span = replace(span, name=doc[span.start:span.end].text, entity_id=None, country=there, org=None,
                           sector="GOV", place=False, confidence=0.6,
                           reason=span.reason + f"; a building in {there}, that state's seat")
        out.append(span)
    return out


def _building_elsewhere(head: Token, span: ActorSpan, by_token: dict[int, ActorSpan]) -> str | None:
    """"The White House, the seat of the presidency in central Bishkek": a
    building metonym that its own phrase places in another country is that
    country's seat, not the state it usually stands for."""
    if span.end - span.start < 2 or not (span.entity_id or "").startswith("country/"):
        return None  # one-word metonyms are capitals ("Moscow"), not buildings
    holders = [head] + [c for c in head.children if c.dep_ == "appos"]
    preps = [c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS]
    preps += [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "of"
              for p in c.children for g in p.children if g.dep_ == "prep" and g.lower_ in LOCATIVE_PREPS]
    where = _country_under(preps, by_token)
    return where if where is not None and where != span.country else None


def _drop_nested(spans: list[ActorSpan]) -> list[ActorSpan]:
    """Keep the widest span where spans overlap (a title phrase over its demonym)."""
    spans = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[ActorSpan] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


def _nearest(held: list[tuple[Entity, Role]], when: date | None) -> tuple[Entity, Role]:
    """The (person, role) whose term is nearest ``when``."""
    return min(held, key=lambda pr: _distance(pr[1].span, when))


def _distance(span, when: date | None) -> int:
    """Days between ``when`` and a validity interval (0 inside it)."""
    if when is None:
        return 0 if span.end is None else 10**6
    if span.start is not None and when < span.start:
        return (span.start - when).days
    if span.end is not None and when > span.end:
        return (when - span.end).days
    return 0
