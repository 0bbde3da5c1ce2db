"""A small store built by hand for the relations, network and institution
tests: every event's dyad, type, date and flags are chosen so the expected
numbers can be worked out by reading this file."""
from __future__ import annotations

from datetime import date

from geopol.store import Store
from geopol.types import Actor, DocResult, Document, Event, EventDate

UZB = Actor("uzb", "Uzbekistan", country="UZB", sector="GOV")
TJK = Actor("tjk", "Tajikistan", country="TJK", sector="GOV")
KGZ = Actor("kgz", "Kyrgyz border guards", country="KGZ", sector="MIL")
KAZ_POLICE = Actor("kaz-cop", "Kazakh police", country="KAZ", sector="COP")
KAZ_CROWD = Actor("kaz-cvl", "protesters", country="KAZ", sector="CVL")
CSTO = Actor("csto", "Collective Security Treaty Organization", org="CSTO", sector="IGO")
RUS = Actor("rus", "Russia", country="RUS", sector="GOV")

# type -> (cameo root, quad class, intensity)
QUAD = {"CONSULT": ("04", "verbal cooperation", 1.0), "AGREE": ("05", "verbal cooperation", 4.0),
        "AID": ("07", "material cooperation", 7.0), "ACCUSE": ("11", "verbal conflict", -2.0),
        "SANCTION": ("16", "material conflict", -4.0), "COERCE": ("17", "material conflict", -7.0),
        "ASSAULT": ("18", "material conflict", -10.0), "REQUEST": ("02", "verbal cooperation", 3.0),
        "RETREAT": ("08", "material cooperation", 5.0), "REJECT": ("12", "verbal conflict", -4.0),
        "COOPERATE": ("06", "material cooperation", 6.0)}

# id, type, source, target, date, sentence, flags
ROWS = [
    ("e01", "CONSULT", [UZB], [TJK], "2017-03-01", "Uzbek and Tajik ministers held talks in Dushanbe.", {}),
    ("e02", "ACCUSE", [TJK], [UZB], "2017-06-01", "Tajikistan accused Uzbekistan of closing the border.", {}),
    ("e03", "AGREE", [UZB], [TJK], "2018-03-09", "Uzbekistan and Tajikistan agreed to open six crossings.", {}),
    ("e04", "AGREE", [UZB], [TJK], "2018-03-10", "Tashkent and Dushanbe agreed to reopen crossings.", {}),
    ("e05", "AID", [UZB], [TJK], "2018-05-01", "Uzbekistan did not send aid to Tajikistan.", {"negated": True}),
    ("e06", "AID", [UZB], [TJK], "2018-05-02", "Uzbekistan may send power to Tajikistan.", {"hedged": True}),
    ("e07", "SANCTION", [UZB], [TJK], "2018-07-01", "Uzbekistan perhaps cut gas to Tajikistan.",
     {"confidence": 0.2}),
    ("e08", "COERCE", [KAZ_POLICE], [KAZ_CROWD], "2019-01-15", "Kazakh police detained protesters in Almaty.", {}),
    ("e09", "ASSAULT", [KGZ], [TJK], "2019-02-01", "Kyrgyz border guards fired on Tajik villagers.", {}),
    ("e10", "AGREE", [UZB], [TJK], None, "Uzbekistan and Tajikistan signed a pact.", {}),
    ("e11", "CONSULT", [UZB], [], "2018-04-01", "Uzbekistan held consultations.", {}),
    ("e12", "REQUEST", [KGZ], [CSTO], "2010-06-12", "Kyrgyzstan asked the CSTO to send peacekeepers.", {}),
    ("e13", "REJECT", [CSTO], [KGZ], "2010-06-14", "The CSTO turned down the Kyrgyz appeal.", {}),
    ("e14", "RETREAT", [UZB], [CSTO], "2012-06-28", "Uzbekistan suspended its membership in the CSTO.", {}),
    ("e15", "AID", [RUS], [TJK], "2019-03-01", "Russia delivered arms to Tajikistan.", {}),
]


def event(eid: str, kind: str, source: list[Actor], target: list[Actor], day: str | None, text: str,
          sentence: str, flags: dict) -> Event:
    start = text.index(sentence)
    cameo, quad, intensity = QUAD[kind]
    when = EventDate(date.fromisoformat(day), "day", None) if day else None
    return Event(id=eid, type=kind, cameo=cameo, quad_class=quad, intensity=intensity, source=source,
                 target=target, sentence=sentence, start=start, end=start + len(sentence), trigger="t",
                 date=when, negated=flags.get("negated", False), hedged=flags.get("hedged", False),
                 confidence=flags.get("confidence", 0.9), reason="built by hand")


def results(rows=ROWS) -> list[DocResult]:
    """One document per event, so the store holds what a corpus would."""
    out = []
    for eid, kind, source, target, day, sentence, flags in rows:
        text = f"Headline {eid}\n\n{sentence}"
        doc = Document(doc_id=f"doc-{eid}", text=text, title=f"Headline {eid}",
                       date=date.fromisoformat(day) if day else date(2020, 1, 1))
        start = text.index(sentence)
        out.append(DocResult(doc, events=[event(eid, kind, source, target, day, text, sentence, flags)],
                             sentences=[(0, len(f"Headline {eid}")), (start, start + len(sentence))]))
    return out


def build(path) -> Store:
    store = Store(path)
    for result in results():
        store.write(result)
    return store


def add_column(store: Store, column: str) -> None:
    """Add a column another part of geopol may add by migration
    (cluster_id, targetless), to test both shapes of the store."""
    if column not in {r[1] for r in store.conn.execute("PRAGMA table_info(events)")}:
        kind = "TEXT" if column == "cluster_id" else "INTEGER"
        store.conn.execute(f"ALTER TABLE events ADD COLUMN {column} {kind}")
