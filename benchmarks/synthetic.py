"""The synthetic store the store, records, relations and serve benchmarks share.

    from synthetic import documents, write
    write(path, documents(random.Random(13), 100_000))   # a store of 100,000 events

Rows generated to look like coded news, not coded from text, written
through geopol's real write path (``geopol.store.write``) in one
transaction: documents of ``PER_DOC`` events, each event an occurrence
between two parties reported one to ``reports`` times by different
documents within three days, in reworded sentences that share some words
(the clustering benchmark needs reports of one occurrence). Parties are 60
countries drawn with a skewed (Zipf) frequency, so a common filter (KAZ)
and a rare one (ESP) both occur, and six organisations (one party in ten);
one event in twenty is domestic (a party against itself). Dates span
2000-2024, 3% undated; 5% negated, 5% hedged; each side has a mention. With
``membership``, that share of the events is a "suspended its participation
in" sentence against an organisation (the proposals scan reads them).
"""
from __future__ import annotations

import random
import sys
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from geopol.store import Store  # noqa: E402
from geopol.store import write as store_write  # noqa: E402
from geopol.store.schema import now, transaction  # noqa: E402
from geopol.types import Actor, DocResult, Document, Event, EventDate, Mention  # noqa: E402

COUNTRIES = ["KAZ", "RUS", "CHN", "UZB", "KGZ", "TJK", "TKM", "AFG", "USA", "IND", "PAK", "IRN", "TUR", "MNG",
             "AZE", "ARM", "GEO", "UKR", "BLR", "DEU", "FRA", "GBR", "JPN", "KOR", "PRK", "ISR", "SYR", "IRQ",
             "SAU", "ARE", "QAT", "EGY", "LBY", "SDN", "ETH", "NGA", "ZAF", "BRA", "ARG", "MEX", "CAN", "AUS",
             "IDN", "MYS", "THA", "VNM", "PHL", "MMR", "BGD", "NPL", "LKA", "POL", "LTU", "LVA", "EST", "FIN",
             "SWE", "NOR", "ITA", "ESP"]
ORGS = ["CSTO", "SCO", "EAEU", "NATO", "UN", "EU"]
SECTORS = ["GOV", "GOV", "GOV", "MIL", "COP", "LEG", "OPP", "CVL"]
# type -> (CAMEO root, quad class, intensity, verb phrase)
TYPES = {
    "AGREE": ("05", "verbal cooperation", 3.5, "agreed with"), "CONSULT": ("04", "verbal cooperation", 1.0, "met"),
    "SUPPORT": ("05", "verbal cooperation", 3.5, "backed"),
    "COOPERATE": ("06", "material cooperation", 6.0, "signed a pact with"),
    "AID": ("07", "material cooperation", 7.0, "sent aid to"), "REQUEST": ("02", "verbal cooperation", 3.0, "asked"),
    "ACCUSE": ("11", "verbal conflict", -2.0, "accused"), "REJECT": ("12", "verbal conflict", -4.0, "rejected a proposal from"),
    "THREATEN": ("13", "verbal conflict", -6.0, "threatened"), "PROTEST": ("14", "material conflict", -6.5, "protested to"),
    "SANCTION": ("16", "material conflict", -5.6, "imposed sanctions on"),
    "COERCE": ("17", "material conflict", -7.0, "seized assets of"),
    "ASSAULT": ("18", "material conflict", -9.0, "shelled positions of"),
    "MOBILIZE": ("15", "material conflict", -7.2, "massed troops near"),
}
MEMBERSHIP = "suspended its participation in"
PLACES = ["Osh", "Khujand", "Termez", "Aktau", "Naryn", "Batken", "Kulob", "Nukus", "Shymkent", "Vorukh"]
FILLERS = ["officials said", "the ministry reported", "witnesses told reporters", "according to state media",
           "a spokesman confirmed", "local sources said", "over the border dispute", "in the border and trade dispute"]
PER_DOC = 10


def zipf_pick(rng: random.Random, items: list[str]) -> str:
    """Item i with weight 1/(i+1): the first few are common, the tail rare."""
    return rng.choices(items, [1 / (i + 1) for i in range(len(items))])[0]


def party(rng: random.Random, org: bool | None = None) -> Actor:
    """An organisation (one in ten, or as ``org`` says) or a Zipf-drawn country."""
    if org or (org is None and rng.random() < 0.1):
        acronym = rng.choice(ORGS)
        return Actor(f"org/{acronym}", acronym, org=acronym, sector="IGO")
    country = zipf_pick(rng, COUNTRIES)
    return Actor(f"country/{country}", country, country=country, sector=rng.choice(SECTORS))


def _reports(rng: random.Random, events: int, reports: int, membership: float) -> list[tuple]:
    """(source, target, type, date, verb, negated, hedged) for ``events``
    reports of fewer occurrences, shuffled so reports of one occurrence sit
    in different documents."""
    out: list[tuple] = []
    while len(out) < events:
        source = party(rng)
        if rng.random() < membership:
            kind, verb, target = "REJECT", MEMBERSHIP, party(rng, org=True)
        else:
            kind = rng.choice(list(TYPES))
            verb, target = TYPES[kind][3], source if rng.random() < 0.05 else party(rng)
        day = date(2000, 1, 1) + timedelta(days=rng.randint(0, 365 * 25 - 3))
        for _ in range(min(1 + int(rng.expovariate(0.8)), reports)):
            when = None if rng.random() < 0.03 else day + timedelta(days=rng.randint(0, 2))
            out.append((source, target, kind, when, verb, rng.random() < 0.05, rng.random() < 0.05))
    rng.shuffle(out)
    return out[:events]


def documents(rng: random.Random, events: int, prefix: str = "synthetic", reports: int = 6,
              membership: float = 0.0) -> Iterator[DocResult]:
    """``events`` synthetic events in documents of ``PER_DOC``, each with its
    sentences, events and one mention per side."""
    rows = _reports(rng, events, reports, membership)
    for n in range(0, len(rows), PER_DOC):
        yield _document(rng, f"{prefix}-{n // PER_DOC}", rows[n:n + PER_DOC])


def _document(rng: random.Random, doc_id: str, rows: list[tuple]) -> DocResult:
    sentences, evs, mentions, spans, at = [], [], [], [], 0
    for i, (source, target, kind, when, verb, negated, hedged) in enumerate(rows):
        cameo, quad, intensity, _ = TYPES[kind]
        sentence = f"{source.name} {verb} {target.name} near {rng.choice(PLACES)} on {when or 'that day'}, " \
                   f"{rng.choice(FILLERS)}."
        start, end = at, at + len(sentence)
        tgt = start + len(source.name) + len(verb) + 2
        spans.append((start, end))
        mentions += [Mention(source.name, start, start + len(source.name), source, 0.9, "synthetic"),
                     Mention(target.name, tgt, tgt + len(target.name), target, 0.9, "synthetic")]
        evs.append(Event(id=f"ev:{doc_id}:{i}", type=kind, cameo=cameo, quad_class=quad, intensity=intensity,
                         source=[source], target=[target], sentence=sentence, start=start, end=end,
                         trigger=verb.split()[0], date=EventDate(when, "day", None) if when else None,
                         negated=negated, hedged=hedged, confidence=round(rng.uniform(0.4, 0.95), 3),
                         reason="synthetic"))
        sentences.append(sentence)
        at = end + 1
    published = max((r[3] for r in rows if r[3]), default=date(2020, 1, 1))
    doc = Document(doc_id, " ".join(sentences), path=f"synthetic/{doc_id}.txt", title=f"Synthetic report {doc_id}",
                   date=published, url=f"https://example.org/{doc_id}", source="Synthetic")
    return DocResult(doc, mentions=mentions, events=evs, sentences=spans)


def write(path: Path, results: Iterable[DocResult]) -> int:
    """Write ``results`` into the store at ``path`` in one transaction
    (then ANALYZE, as a long-lived store would be); the events written."""
    count = 0
    with Store(path) as store:
        at = now()
        with transaction(store.conn):
            for res in results:
                store_write.write_document(store.conn, res, store_write.content_hash(res.doc.text), at)
                count += len(res.events)
        store.conn.execute("ANALYZE")
    return count
