"""Heads of state and government in the knowledge base against the REIGN
leader spells (../shared/reference/leaderlist_3_21.csv, One Earth Future;
Correlates-of-War country codes): for a sample of countries on every
continent, REIGN's effective leader in the middle of each spell since 1991 is
found by ``kb.holders`` with the same surname; and every state that exists in
2021 has a head of state or government then."""
from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata

import pytest

# COW numeric code -> ISO alpha-3, for the sampled countries (every continent).
SAMPLE = {
    20: "CAN", 42: "DOM", 51: "JAM", 70: "MEX", 90: "GTM", 100: "COL", 130: "ECU", 135: "PER",
    140: "BRA", 145: "BOL", 155: "CHL", 160: "ARG", 165: "URY",
    200: "GBR", 205: "IRL", 211: "BEL", 220: "FRA", 230: "ESP", 255: "DEU", 290: "POL",
    305: "AUT", 310: "HUN", 316: "CZE", 325: "ITA", 344: "HRV", 350: "GRC", 355: "BGR",
    360: "ROU", 367: "LVA", 369: "UKR", 375: "FIN", 380: "SWE",
    433: "SEN", 437: "CIV", 452: "GHA", 475: "NGA", 490: "COD", 501: "KEN", 510: "TZA",
    530: "ETH", 560: "ZAF", 580: "MDG", 615: "DZA", 651: "EGY",
    645: "IRQ", 666: "ISR", 732: "KOR", 740: "JPN", 750: "IND", 770: "PAK", 771: "BGD",
    780: "LKA", 790: "NPL", 800: "THA", 820: "MYS", 840: "PHL", 850: "IDN",
    900: "AUS", 910: "PNG", 920: "NZL", 935: "VUT", 950: "FJI",
}
# REIGN spellings that are plain typos of the surname the KB uses.
TYPOS = {"mitterand": "mitterrand", "maldanado": "maldonado", "tschisekedi": "tshisekedi",
         "rajapakse": "rajapaksa", "prayuth": "prayut", "chan-ocha": "chan-o-cha"}
GENERIC = {"acting", "the", "jr", "iii", "and", "bin", "ibn", "al", "de", "del", "la", "van", "von"}
SPELLS_PER_COUNTRY = 5
OFFICES = ("head_of_state", "head_of_government")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().translate(str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i"}))


def reign_spells(shared_dir):
    """(iso3, leader, start, end) for the sampled countries, spells ending in 1991 or later."""
    path = shared_dir / "reference" / "leaderlist_3_21.csv"
    if not path.is_file():
        pytest.skip(f"REIGN leader list missing ({path})")
    rows = list(csv.DictReader(path.open(encoding="latin-1")))
    out = []
    for r in rows:
        iso = SAMPLE.get(int(r["ccode"]))
        if not iso or int(r["eyear"] or 9999) < 1991:
            continue
        leader = r["leader"]
        try:
            leader = leader.encode("latin-1").decode("utf-8")
        except UnicodeError:
            pass
        start = dt.date(int(r["syear"]), int(r["smonth"]), int(r["sdate"]))
        end = dt.date(int(r["eyear"]), int(r["emonth"]), 1) if r["eyear"] else dt.date(2021, 3, 1)
        out.append((iso, leader.strip(), max(start, dt.date(1991, 1, 1)), end))
    return out


def surname_tokens(leader: str) -> list[str]:
    name = re.sub(r"\(.*?\)", " ", fold(leader))
    toks = [t for t in re.split(r"[\s.,]+", name) if len(t) > 2 and t not in GENERIC]
    return [TYPOS.get(t, t) for t in toks]


def holder_names(kb, iso: str, when: dt.date) -> list[str]:
    names = []
    for office in OFFICES:
        for ent, _role in kb.holders(office, when, country=iso):
            names += [fold(n) for n in [ent.name, *ent.aliases, *ent.surnames]]
    return names


def picked(spells, iso):
    """Up to SPELLS_PER_COUNTRY spells of ``iso`` lasting 90 days or more, spread over the period."""
    mine = [s for s in spells if s[0] == iso and (s[3] - s[2]).days >= 90]
    if len(mine) <= SPELLS_PER_COUNTRY:
        return mine
    step = (len(mine) - 1) / (SPELLS_PER_COUNTRY - 1)
    return [mine[round(i * step)] for i in range(SPELLS_PER_COUNTRY)]


@pytest.mark.parametrize("iso", sorted(set(SAMPLE.values())))
def test_kb_reference_reign_leader_holds_office_mid_spell(kb, shared_dir, iso):
    spells = picked(reign_spells(shared_dir), iso)
    assert spells, f"no REIGN spells for {iso}"
    misses = []
    for _iso, leader, start, end in spells:
        mid = start + (end - start) / 2
        names = holder_names(kb, iso, mid)
        toks = surname_tokens(leader)
        if not any(re.search(rf"(?<![a-z]){re.escape(t)}(?![a-z])", n) for t in toks for n in names):
            misses.append(f"{mid} REIGN {leader!r}; KB holders: {sorted(set(names))[:6]}")
    assert not misses, f"{iso}: " + "; ".join(misses)


@pytest.mark.parametrize("when", ["2021-06-01", "2021-01-15", "2022-03-01"])
def test_kb_reference_every_state_has_a_leader(kb, when):
    day = dt.date.fromisoformat(when)
    gaps = []
    for ent in kb.entities.values():
        # former states (ISO 3166-3: USSR, Yugoslavia, ...) no longer have leaders
        if ent.kind != "state" or "ISO 3166-3" in (ent.source or ""):
            continue
        iso = ent.id.split("/", 1)[1]
        if not any(kb.holders(office, day, country=iso) for office in OFFICES):
            gaps.append(f"{iso} ({ent.name})")
    assert not gaps, f"no head of state or government on {when}: {', '.join(sorted(gaps))}"
