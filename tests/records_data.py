"""Hand-built documents for the clusters, corrections and export tests: one
border clash reported by four articles, plus events that must stay apart."""
from __future__ import annotations

from datetime import date

from geopol.types import Actor, DocResult, Document, Event, EventDate

KGZ = Actor("kgz-mil", "Kyrgyz border guards", country="KGZ", sector="MIL", wikidata="Q813")
TJK = Actor("tjk-mil", "Tajik border guards", country="TJK", sector="MIL", wikidata="Q863")
KAZ = Actor("kaz-gov", "Kazakhstan", country="KAZ", sector="GOV", wikidata="Q232")
CSTO = Actor("csto", "Collective Security Treaty Organization", org="CSTO", sector="IGO")

CODES = {"ASSAULT": ("190", "material conflict", -10.0), "COERCE": ("170", "material conflict", -7.0),
         "REQUEST": ("020", "verbal cooperation", 3.0), "ACCUSE": ("112", "verbal conflict", -2.0),
         "AGREE": ("057", "verbal cooperation", 8.0)}


def event(doc: str, text: str, sentence: str, kind: str, source: Actor, target: Actor, day: date | None,
          trigger: str, confidence: float = 0.8, nth: int = 0) -> Event:
    """An event on the ``nth`` occurrence of ``sentence`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sentence, start + 1)
    cameo, quad, intensity = CODES[kind]
    when = EventDate(day, "day", None) if day else None
    return Event(id=f"{doc}-{start}-{kind}", type=kind, cameo=cameo, quad_class=quad, intensity=intensity,
                 source=[source], target=[target], sentence=sentence, start=start, end=start + len(sentence),
                 trigger=trigger, date=when, confidence=confidence, reason="built by hand")


def doc(doc_id: str, text: str, published: date, events: list[Event]) -> DocResult:
    spans, start = [], 0
    for part in text.split(". "):
        begin = text.index(part, start)
        spans.append((begin, begin + len(part)))
        start = begin + len(part)
    return DocResult(Document(doc_id=doc_id, text=text, path=f"{doc_id}.txt", title=f"Title {doc_id}",
                              date=published, url=f"https://example.org/{doc_id}", source="Example Wire"),
                     events=events, sentences=spans)


A1 = "Kyrgyz border guards fired on Tajik border guards near Vorukh on Thursday. Two soldiers died."
A2 = ("Kyrgyz border guards fired on Tajik border guards near Vorukh on Thursday. "
      "Kyrgyz troops opened fire on Tajik positions near Vorukh, officials said. "
      "Kyrgyz border guards fired on Tajik border guards near Vorukh on Thursday.")
A3 = "Kyrgyz forces shelled Tajik border posts around the Vorukh enclave, Dushanbe said."
A4 = "Kyrgyz soldiers seized Tajik border guards' posts near Vorukh."
A5 = "Tajik border guards fired on Kyrgyz border guards near Vorukh."
A6 = "Kyrgyz border guards fired on Tajik border guards at Kok-Tash again."
A7 = "Kazakhstan asked the CSTO for help. Kyrgyz officials blamed Tajikistan for the budget gap."

D1, D3 = date(2021, 4, 29), date(2021, 5, 1)


def clash_corpus() -> list[DocResult]:
    """Seven articles, ten events. One occurrence (KGZ->TJK force, 29 April to
    1 May) is six events in five reports from four articles (a1-a4); the
    other four events are each their own occurrence."""
    s1 = "Kyrgyz border guards fired on Tajik border guards near Vorukh on Thursday"
    s2b = "Kyrgyz troops opened fire on Tajik positions near Vorukh, officials said"
    return [
        doc("a1", A1, D1, [event("a1", A1, s1, "ASSAULT", KGZ, TJK, D1, "fired", 0.7)]),
        # a2 repeats its lead sentence at the end: one report, two events
        doc("a2", A2, date(2021, 4, 30), [
            event("a2", A2, s1, "ASSAULT", KGZ, TJK, D1, "fired", 0.6),
            event("a2", A2, s2b, "ASSAULT", KGZ, TJK, D1, "opened fire", 0.65),
            event("a2", A2, s1, "ASSAULT", KGZ, TJK, D1, "fired", 0.6, nth=1),
        ]),
        doc("a3", A3, D3, [event("a3", A3, A3, "ASSAULT", KGZ, TJK, D3, "shelled", 0.9)]),
        # COERCE is in ASSAULT's family and shares 'border', 'guards', 'vorukh'
        doc("a4", A4, D3, [event("a4", A4, A4, "COERCE", KGZ, TJK, D3, "seized", 0.5)]),
        # the other direction: another occurrence
        doc("a5", A5, D1, [event("a5", A5, A5, "ASSAULT", TJK, KGZ, D1, "fired", 0.8)]),
        # same dyad and family, twelve days later: another occurrence
        doc("a6", A6, date(2021, 5, 11), [event("a6", A6, A6, "ASSAULT", KGZ, TJK, date(2021, 5, 11), "fired")]),
        doc("a7", A7, D1, [
            event("a7", A7, "Kazakhstan asked the CSTO for help", "REQUEST", KAZ, CSTO, D1, "asked"),
            # same dyad as nothing else; an accusation, not the clash
            event("a7", A7, "Kyrgyz officials blamed Tajikistan for the budget gap", "ACCUSE", KGZ, TJK, D1,
                  "blamed"),
        ]),
    ]
