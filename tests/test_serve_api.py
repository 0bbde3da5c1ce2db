"""The workbench's JSON API and pages, through the ASGI test client."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="needs the serve extra: pip install -e '.[serve]'")
from fastapi.testclient import TestClient  # noqa: E402

TOKEN = "test-token"
ERROR_KEYS = {"status", "title", "message", "parameter"}


@pytest.fixture(scope="module")
def app(demo_db, kb):
    from geopol.serve import create_app

    return create_app(str(demo_db), token=TOKEN, kb=kb)


@pytest.fixture(scope="module")
def client(app):
    return TestClient(app)


@pytest.fixture(scope="module")
def stored(demo_db):
    from geopol.store import Store

    with Store(demo_db) as store:
        return store.events()


def _some_event(stored, **want):
    return next(e for e in stored if all(e[k] == v for k, v in want.items()) and e["source"] and e["target"])


def _assert_error(response, status, parameter=None):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == ERROR_KEYS
    assert body["error"]["status"] == status and body["error"]["message"]
    if parameter:
        assert body["error"]["parameter"] == parameter
        assert status != 400 or parameter in body["error"]["message"]
    return body["error"]


# pages and their twins ------------------------------------------------------------
PAGES = ["/", "/events", "/events?actor=KAZ&since=2010&until=2022-12-31", "/search?q=CSTO", "/actors",
         "/actors?q=tokayev&kind=person", "/actors/country/KAZ", "/actors/CSTO", "/relations",
         "/relations?a=KGZ&b=TJK&by=quarter", "/relations?actor=KAZ&since=2015", "/network", "/network?at=2022",
         "/network?colour=SCO&undirected=true", "/clusters", "/clusters?min_reports=3", "/institutions",
         "/institutions/CSTO", "/institutions/SCO?since=2015&until=2020", "/exports", "/exports?actor=KAZ&since=2020",
         "/corrections"]


@pytest.mark.parametrize("path", PAGES)
def test_serve_page_renders_with_its_json_twin(client, path):
    page = client.get(path, headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    twin = "/api" + (path if not path.startswith("/?") and path != "/" else "/overview")
    assert f'href="{twin.replace("&", "&amp;")}"' in page.text
    data = client.get(twin)
    assert data.status_code == 200 and data.headers["content-type"] == "application/json"
    assert data.json()


def test_serve_event_page_and_twin(client, stored):
    e = _some_event(stored, type="REQUEST")
    page = client.get(f"/events/{e['id']}")
    assert page.status_code == 200 and 'id="evidence"' in page.text
    assert client.get(f"/api/events/{e['id']}").json()["event"]["id"] == e["id"]


def test_serve_openapi_documents_every_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/overview", "/api/events", "/api/events/{event_id}", "/api/search", "/api/actors",
            "/api/actors/{actor_id}", "/api/relations", "/api/network", "/api/clusters",
            "/api/clusters/{cluster_id}", "/api/institutions", "/api/institutions/{name}", "/api/exports", "/api/export", "/api/corrections",
            "/api/events/{event_id}/corrections"} <= paths
    assert not any(not p.startswith("/api/") for p in paths)
    params = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "type", "since", "until", "negated", "quad", "ids", "sort", "page", "per_page"} <= params


# events ---------------------------------------------------------------------------
@pytest.mark.parametrize("filters", [{}, {"actor": "KAZ"}, {"type": "agree"}, {"since": "2010", "until": "2016-06"},
                                     {"actor": "csto", "since": "2012-01-01"}])
def test_serve_events_filters_match_the_store(client, demo_db, filters):
    from geopol.store import Store

    with Store(demo_db) as store:
        expected = [e["id"] for e in store.events(**filters)]
    got = client.get("/api/events", params={**filters, "per_page": 500}).json()
    assert got["total"] == len(expected) and [e["id"] for e in got["events"]] == expected


def test_serve_events_take_limit_and_offset_as_the_cli(client, demo_db):
    from geopol.store import Store

    with Store(demo_db) as store:
        expected = [e["id"] for e in store.events(actor="KAZ", limit=7, offset=5)]
    got = client.get("/api/events", params={"actor": "KAZ", "limit": 7, "offset": 5}).json()
    assert [e["id"] for e in got["events"]] == expected and len(expected) == 7


def test_serve_events_paginate(client, stored):
    first = client.get("/api/events", params={"per_page": 10, "page": 1}).json()
    second = client.get("/api/events", params={"per_page": 10, "page": 2}).json()
    assert first["total"] == len(stored) and first["pages"] == -(-len(stored) // 10)
    assert [e["id"] for e in first["events"] + second["events"]] == [e["id"] for e in stored[:20]]
    last = client.get("/api/events", params={"per_page": 10, "page": first["pages"] + 1}).json()
    assert last["events"] == []


@pytest.mark.parametrize("sort,key,reverse", [("-confidence", "confidence", True), ("confidence", "confidence", False),
                                              ("type", "type", False), ("-intensity", "intensity", True)])
def test_serve_events_sort(client, sort, key, reverse):
    rows = client.get("/api/events", params={"sort": sort, "per_page": 500}).json()["events"]
    values = [e[key] for e in rows]
    assert values == sorted(values, reverse=reverse) and len(set(values)) > 1


def test_serve_events_by_quad_and_ids(client, stored):
    quad = client.get("/api/events", params={"quad": "material conflict", "per_page": 500}).json()
    assert quad["total"] == sum(e["quad_class"] == "material conflict" for e in stored) > 0
    ids = [stored[3]["id"], stored[0]["id"]]
    got = client.get("/api/events", params={"ids": ",".join(ids)}).json()
    assert sorted(e["id"] for e in got["events"]) == sorted(ids)


def test_serve_event_has_sentence_in_document_and_actor_reasons(client, stored):
    e = _some_event(stored, type="REQUEST")
    got = client.get(f"/api/events/{e['id']}").json()
    text = got["document"]["text"]
    assert text[got["event"]["start"]:got["event"]["end"]] == e["sentence"]
    actors = got["event"]["source"] + got["event"]["target"]
    with_reason = [a for a in actors if a["evidence"]]
    assert with_reason and all(a["evidence"]["reason"] and a["evidence"]["text"] in e["sentence"] for a in with_reason)
    assert got["event"]["confidence"] == e["confidence"] and got["event"]["reason"] == e["reason"]


# search and actors ----------------------------------------------------------------
def test_serve_search_finds_sentences_with_every_word(client):
    got = client.get("/api/search", params={"q": "CSTO troops"}).json()
    assert got["hits"] and all("csto" in h["sentence"].lower() and "troops" in h["sentence"].lower()
                               for h in got["hits"])
    page = client.get("/search", params={"q": "CSTO troops"})
    assert "<mark>CSTO</mark>" in page.text


def test_serve_search_links_hits_to_their_events(client, stored):
    e = _some_event(stored, type="REQUEST")
    word = max(e["sentence"].split(), key=len).strip(".,;:'\"")
    hits = client.get("/api/search", params={"q": word, "per_page": 200}).json()["hits"]
    assert any(ev["id"] == e["id"] for h in hits for ev in h["events"])


def test_serve_actors_find_and_detail_have_dated_roles(client):
    found = client.get("/api/actors", params={"q": "Tokayev", "kind": "person"}).json()
    assert found["total"] >= 1 and all(a["kind"] == "person" for a in found["actors"])
    person = next(a for a in found["actors"] if "Tokayev" in a["name"])
    detail = client.get(f"/api/actors/{person['id']}").json()
    assert detail["roles"] and all(r["start"] for r in detail["roles"])
    assert [r["start"] for r in detail["roles"]] == sorted(r["start"] for r in detail["roles"])


def test_serve_actor_state_lists_memberships_and_event_count(client, stored):
    detail = client.get("/api/actors/country/KAZ").json()
    assert any(m["org"] == "CSTO" for m in detail["memberships"])
    assert detail["events"] == sum(any(a["country"] == "KAZ" for a in e["source"] + e["target"]) for e in stored)


def test_serve_overview_counts_and_series(client, stored):
    got = client.get("/api/overview").json()
    assert got["counts"]["events"] == len(stored)
    dated = [e for e in stored if e["date"]]
    assert sum(sum(p[q] for q in ("verbal cooperation", "material cooperation", "verbal conflict",
                                  "material conflict")) for p in got["periods"]) == len(dated)
    years = [int(p["period"]) for p in got["periods"]]
    assert years == list(range(years[0], years[-1] + 1))
    assert got["dyads"][0]["events"] >= got["dyads"][-1]["events"]


# errors ------------------------------------------------------------------------------
BAD = [
    ("/api/events?since=2015-13-01", 400, "since"),
    ("/api/events?until=yesterday", 400, "until"),
    ("/api/events?type=HUG", 400, "type"),
    ("/api/events?quad=friendly", 400, "quad"),
    ("/api/events?sort=sentence", 400, "sort"),
    ("/api/events?page=0", 400, "page"),
    ("/api/events?per_page=100000", 400, "per_page"),
    ("/api/events?offset=-1", 400, "offset"),
    ("/api/events?negated=perhaps", 400, "negated"),
    ("/api/overview?by=week", 400, "by"),
    ("/api/search?q=%22%2B%2B%22", 400, "q"),
    ("/api/actors?kind=planet", 400, "kind"),
    ("/api/events/ev:nonesuch", 404, "event_id"),
    ("/api/actors/person/nobody-at-all", 404, "actor_id"),
    ("/api/nowhere", 404, None),
    ("/api/relations?a=KAZ", 400, "b"),
    ("/api/relations?by=decade", 400, "by"),
    ("/api/relations?a=KAZ&b=UZB&since=2020-02-30", 400, "since"),
    ("/api/relations?min_confidence=2", 400, "min_confidence"),
    ("/api/network?at=2022&since=2021", 400, "at"),
    ("/api/network?colour=NOPE", 400, "colour"),
    ("/api/network?min_events=0", 400, "min_events"),
    ("/api/clusters?min_reports=0", 400, "min_reports"),
    ("/api/clusters/ev:nonesuch", 404, "cluster_id"),
    ("/api/institutions/NOSUCHORG", 404, "name"),
    ("/api/institutions/CSTO?since=2020-99", 400, "since"),
    ("/api/export?format=xlsx", 400, "format"),
    ("/api/export", 400, "format"),
    ("/api/export?format=csv&until=2020-02-31", 400, "until"),
]


@pytest.mark.parametrize("path,status,parameter", BAD)
def test_serve_errors_share_one_shape(client, path, status, parameter):
    _assert_error(client.get(path), status, parameter)


def test_serve_wrong_method_is_an_error_of_the_same_shape(client):
    _assert_error(client.delete("/api/events"), 405)


def test_serve_page_errors_are_pages(client):
    page = client.get("/events?since=2015-13-01", headers={"accept": "text/html"})
    assert page.status_code == 400 and "since" in page.text and page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("value", ["KAZ' OR 1=1 --", "x\") UNION SELECT * FROM documents --", "%", "*"])
def test_serve_values_are_bound_not_sql(client, demo_db, value):
    before = sqlite3.connect(demo_db).execute("SELECT count(*) FROM events").fetchone()[0]
    got = client.get("/api/events", params={"actor": value}).json()
    assert got["total"] == 0
    assert client.get("/api/events", params={"ids": value}).json()["total"] == 0
    assert sqlite3.connect(demo_db).execute("SELECT count(*) FROM events").fetchone()[0] == before


# security ------------------------------------------------------------------------------
def test_serve_headers_on_every_response(client):
    for path in ("/", "/api/events", "/api/nowhere", "/static/app.css"):
        headers = client.get(path).headers
        assert "default-src 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_serve_private_server_needs_its_token(demo_db, kb):
    from geopol.serve import create_app

    client = TestClient(create_app(str(demo_db), token=TOKEN, private=True, kb=kb))
    _assert_error(client.get("/api/events"), 401)
    assert client.get("/api/events", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    _assert_error(client.get("/api/events", headers={"authorization": "Bearer wrong"}), 401)
    opened = client.get(f"/events?token={TOKEN}", follow_redirects=False)
    assert opened.status_code == 303 and "token" not in opened.headers["location"]
    assert client.get("/api/events").status_code == 200  # the cookie it set


@pytest.mark.parametrize("host,ok", [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
                                     ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_serve_binds_off_loopback_only_with_a_token(host, ok):
    from geopol.serve.security import ServeError, check_bind

    check_bind(host, "t")
    if ok:
        check_bind(host, None)
    else:
        with pytest.raises(ServeError, match="E502"):
            check_bind(host, None)


def test_serve_cli_refuses_a_public_address_without_token(demo_db, capsys, monkeypatch):
    from geopol.cli import main

    monkeypatch.delenv("GEOPOL_TOKEN", raising=False)
    assert main(["serve", "--db", str(demo_db), "--host", "0.0.0.0"]) == 2
    assert "E502" in capsys.readouterr().err


def test_serve_cli_without_the_extra_prints_how_to_install(demo_db, capsys, monkeypatch):
    import importlib.util

    from geopol.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "fastapi" else real(name, *a))
    assert main(["serve", "--db", str(demo_db)]) == 2
    err = capsys.readouterr().err
    assert "pip install 'geopol[serve]'" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_serve_hostile_article_text_is_escaped(hostile_db, kb):
    from geopol.serve import create_app

    client = TestClient(create_app(str(hostile_db), kb=kb))
    events = client.get("/api/events").json()["events"]
    accuse = next(e for e in events if e["doc_id"] == "hostile-text")
    for path in (f"/events/{accuse['id']}", "/events", "/search?q=Kazakhstan"):
        html = client.get(path).text
        assert "<script>window" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
        assert "&lt;script&gt;window.__pwned" in html


def test_serve_vendored_assets_and_licences_are_packaged():
    from pathlib import Path

    import geopol.serve

    static = Path(geopol.serve.__file__).parent / "static"
    licences = (static / "vendor" / "LICENSES.md").read_text()
    for lib, js in (("chart.js", "chart.umd.min.js"), ("cytoscape", "cytoscape.min.js"),
                    ("vis-timeline", "vis-timeline-graph2d.min.js")):
        assert (static / "vendor" / lib / js).stat().st_size > 10_000
        assert any((static / "vendor" / lib).glob("LICENSE*")) and lib in licences


def test_serve_overview_follows_writes_to_the_store(demo_db, kb, pipeline, tmp_path):
    import shutil

    from geopol import api
    from geopol.serve import create_app

    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    client = TestClient(create_app(str(db), kb=kb))
    before = client.get("/api/overview").json()["counts"]
    assert client.get("/api/overview").json()["counts"] == before  # from the cache
    api.ingest([str(Path(__file__).parent / "data" / "serve" / "hostile.jsonl")], db, pipeline=pipeline)
    after = client.get("/api/overview").json()["counts"]
    assert after["documents"] == before["documents"] + 2 and after["events"] > before["events"]


@pytest.mark.parametrize("sort", ["date", "-date"])
def test_serve_events_by_date_put_undated_last_on_every_page(tmp_path, kb, sort):
    from geopol.serve import create_app
    from geopol.store import Store

    db = tmp_path / "dates.db"
    with Store(db) as store:
        conn = store.conn
        conn.execute("INSERT INTO documents (doc_id, content_hash, text, ingested_at) VALUES ('d', 'h', 'x', 'now')")
        for i, day in enumerate(["2020-01-03", None, "2020-01-01", None, "2020-01-02", "2019-12-31", None]):
            conn.execute('INSERT INTO events (id, doc_id, type, cameo, quad_class, intensity, date, sentence, start, '
                         '"end", "trigger", confidence) VALUES (?, \'d\', \'AGREE\', \'05\', \'verbal cooperation\', '
                         '3.5, ?, \'s\', ?, ?, \'agree\', 0.5)', (f"e{i}", day, i, i + 1))
    client = TestClient(create_app(str(db), kb=kb))
    pages = [client.get("/api/events", params={"sort": sort, "per_page": 2, "page": p}).json()["events"]
             for p in (1, 2, 3, 4)]
    dates = [e["date"] for page in pages for e in page]
    dated = sorted(d for d in dates if d)
    assert dates == (dated if sort == "date" else dated[::-1]) + [None, None, None]


# relations, networks, clusters -----------------------------------------------------------
def test_serve_relations_of_a_dyad_match_geopol_relations(client, demo_db):
    from geopol.relations import relations
    from geopol.store import Store

    with Store(demo_db) as store:
        cells = relations(store, dyad=("KGZ", "TJK"), by="year")
        pair = relations(store, dyad=("KGZ", "TJK"), by="year", directed=False)
    got = client.get("/api/relations", params={"a": "kgz", "b": "tjk"}).json()
    assert got["cells"] == [c.to_dict() for c in cells] and cells
    periods = {p["period"]: p for p in got["periods"]}
    for c in cells:
        assert set(c.event_ids) <= set(periods[c.period]["event_ids"])
    for c in pair:
        assert periods[c.period]["events"] == c.events and sorted(periods[c.period]["event_ids"]) == list(c.event_ids)
    assert sum(p["events"] for p in got["periods"]) == sum(c.events for c in pair)
    years = [int(p) for p in periods]
    assert years == list(range(years[0], years[-1] + 1))


def test_serve_relations_list_ranks_pairs_and_scope_counts_more(client):
    plain = client.get("/api/relations").json()["dyads"]
    assert plain and [d["events"] for d in plain] == sorted((d["events"] for d in plain), reverse=True)
    assert all(d["source"] < d["target"] for d in plain)
    wide = client.get("/api/relations", params={"negated": True, "hedged": True, "low_confidence": True,
                                                 "reports": True, "one_sided": True}).json()["dyads"]
    assert sum(d["events"] for d in wide) > sum(d["events"] for d in plain)


def test_serve_network_nodes_carry_memberships_and_edges_their_events(client, stored):
    got = client.get("/api/network", params={"colour": "CSTO"}).json()
    nodes = {n["id"]: n for n in got["nodes"]}
    assert nodes["KAZ"]["status"] == "member" and "CSTO" in nodes["KAZ"]["member_of"]
    assert nodes["CHN"]["status"] == "none" and nodes.get("CSTO", {"status": "itself"})["status"] == "itself"
    known = {e["id"] for e in stored}
    assert got["edges"] and all(e["event_ids"] and set(e["event_ids"]) <= known for e in got["edges"])
    assert all(e["source"] in nodes and e["target"] in nodes for e in got["edges"])
    at = client.get("/api/network", params={"at": "2022"}).json()
    dated = {e["id"]: e["date"] for e in stored}
    assert all(dated[i].startswith("2022") for e in at["edges"] for i in e["event_ids"])
    assert at["memberships_at"] == "2022-12-31"


def test_serve_network_colours_by_membership_at_the_date(client):
    nodes = {n["id"]: n for n in client.get("/api/network", params={"at": "2024", "colour": "CSTO"}).json()["nodes"]}
    if "ARM" in nodes:  # Armenia froze its CSTO participation in 2024
        assert nodes["ARM"]["status"] in ("frozen", "suspended")


def test_serve_clusters_list_and_detail(client, demo_db):
    import sqlite3 as sq

    total = sq.connect(demo_db).execute("SELECT count(*) FROM clusters WHERE reports >= 2").fetchone()[0]
    got = client.get("/api/clusters").json()
    assert got["total"] == total > 0
    first = got["clusters"][0]
    assert first["event"]["id"] == first["id"] and len(first["evidence"]) == first["events"]
    detail = client.get(f"/api/clusters/{first['id']}").json()
    assert {e["id"] for e in detail["events"]} == {m["id"] for m in first["evidence"]}
    assert detail["event"]["id"] == first["id"]


def test_serve_institution_matches_geopol_institution(client, demo_db, kb):
    from geopol.institutions import chronology
    from geopol.store import Store

    with Store(demo_db) as store:
        expected = chronology(store, kb, "CSTO").to_dict()
    got = client.get("/api/institutions/CSTO").json()
    assert got["items"] == expected["items"] and got["members"] == expected["members"]
    assert any(i["evidence"] for i in got["items"]) and any(i["kind"] == "membership" for i in got["items"])
    uzb = [s for s in got["spells"] if s["country"] == "UZB"]
    assert uzb and all(s["start"] <= s["end"] for s in got["spells"] if s["start"])


def test_serve_institutions_list_orgs_with_members_and_agreements(client):
    got = client.get("/api/institutions").json()
    csto = next(o for o in got["organisations"] if o["id"] == "CSTO")
    assert "KAZ" in csto["members"] and csto["events"] > 0
    assert got["agreements"] and all(a["name"] for a in got["agreements"])


def test_serve_cli_demo_serves_a_freshly_built_demo_store(monkeypatch, pipeline, capsys):
    import geopol.serve
    from geopol import api
    from geopol.cli import main
    from geopol.store import Store

    real_demo = api.demo
    monkeypatch.setattr(api, "demo", lambda db, on_result=None: real_demo(db, pipeline=pipeline))
    served = {}

    def fake_serve(db, host, port, token):
        with Store(db) as store:
            served.update(store.stats(), host=host, port=port, token=token)

    monkeypatch.setattr(geopol.serve, "serve", fake_serve)
    monkeypatch.delenv("GEOPOL_TOKEN", raising=False)
    assert main(["serve", "--demo", "--port", "8123"]) == 0
    assert served["events"] > 100 and served["host"] == "127.0.0.1" and served["port"] == 8123 and served["token"]
    assert f"write token: {served['token']}" in capsys.readouterr().err


def test_serve_readme_shows_a_screenshot_of_each_page():
    import re

    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("screenshots", root / "scripts" / "screenshots.py")
    screenshots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(screenshots)
    readme = (root / "README.md").read_text()
    shown = set(re.findall(r"\(docs/screenshots/(\w+)\.png\)", readme))
    assert shown == set(screenshots.PAGES)
    assert all((root / "docs" / "screenshots" / f"{name}.png").stat().st_size > 10_000 for name in shown)
    assert "geopol serve --demo" in readme


# exports ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt,suffix", [("plover-json", "jsonl"), ("cameo-tsv", "tsv"), ("csv", "csv"),
                                        ("graphml", "graphml"), ("parquet", "parquet")])
def test_serve_export_downloads_the_filtered_events(client, demo_db, fmt, suffix):
    from geopol.store import Store

    if fmt == "parquet":
        pytest.importorskip("pyarrow", reason="parquet needs the export extra")
    with Store(demo_db) as store:
        expected = len(store.events(actor="KAZ", since="2010"))
    got = client.get("/api/export", params={"format": fmt, "actor": "KAZ", "since": "2010"})
    assert got.status_code == 200 and got.headers["x-geopol-events"] == str(expected) and expected > 0
    assert got.headers["content-disposition"] == f'attachment; filename="geopol-events.{suffix}"'
    if fmt == "plover-json":
        import json

        assert len([json.loads(line) for line in got.text.splitlines()]) == expected


def test_serve_export_page_links_each_format_with_the_filters(client):
    page = client.get("/exports?actor=KAZ")
    assert page.status_code == 200
    data = client.get("/api/exports?actor=KAZ").json()
    assert {f["format"] for f in data["formats"]} == {"plover-json", "cameo-tsv", "csv", "parquet", "graphml"}
    assert all("actor=KAZ" in f["url"] and f["url"].replace("&", "&amp;") in page.text for f in data["formats"])


# corrections -----------------------------------------------------------------------------
@pytest.fixture()
def writable(demo_db, kb, tmp_path):
    """A client over a copy of the demo store, to write to."""
    import shutil

    from geopol.serve import create_app

    db = tmp_path / "writable.db"
    shutil.copy(demo_db, db)
    return TestClient(create_app(str(db), token=TOKEN, kb=kb)), db


def _auth(token=TOKEN):
    return {"authorization": f"Bearer {token}"}


def test_serve_correction_round_trips(writable, stored):
    client, db = writable
    e = _some_event(stored, type="REQUEST")
    before = client.get("/api/overview").json()["types"]
    made = client.post(f"/api/events/{e['id']}/corrections", headers=_auth(),
                       json={"type": "SANCTION", "target": "RUS", "note": "the sentence reports sanctions"})
    assert made.status_code == 201
    body = made.json()
    assert body["event"]["type"] == "SANCTION" and body["correction"]["note"] == "the sentence reports sanctions"
    assert [a["country"] for a in body["event"]["target"]] == ["RUS"]
    got = client.get(f"/api/events/{e['id']}").json()
    assert got["event"]["type"] == "SANCTION" and got["event"]["correction_id"] == body["correction"]["id"]
    assert [c["note"] for c in got["corrections"]] == ["the sentence reports sanctions"]
    listed = client.get("/api/corrections").json()
    assert listed["total"] == 1 and listed["corrections"][0]["original"]["type"] == "REQUEST"
    after = {t["type"]: t["events"] for t in client.get("/api/overview").json()["types"]}
    assert after["SANCTION"] == {t["type"]: t["events"] for t in before}.get("SANCTION", 0) + 1
    page = client.get(f"/events/{e['id']}")
    assert "the sentence reports sanctions" in page.text and "corrected" in page.text


def test_serve_rejection_leaves_the_counts(writable, stored):
    client, _ = writable
    e = _some_event(stored, type="ACCUSE")
    total = client.get("/api/events").json()["total"]
    made = client.post(f"/api/events/{e['id']}/corrections", headers=_auth(), json={"reject": True, "note": "a quote"})
    assert made.status_code == 201
    assert client.get("/api/events").json()["total"] == total - 1
    _assert_error(client.get(f"/api/events/{e['id']}"), 404)


@pytest.mark.parametrize("headers,status", [({}, 401), ({"authorization": "Bearer nope"}, 403),
                                            ({"authorization": "Basic dGVzdA=="}, 401)])
def test_serve_corrections_need_the_token(writable, stored, headers, status):
    client, db = writable
    e = _some_event(stored, type="REQUEST")
    _assert_error(client.post(f"/api/events/{e['id']}/corrections", headers=headers,
                              json={"type": "SANCTION", "note": "x"}), status)
    assert client.get(f"/api/events/{e['id']}").json()["event"]["type"] == "REQUEST"
    assert client.get("/api/corrections").json()["total"] == 0


def test_serve_corrections_refused_without_a_server_token(demo_db, kb, stored):
    from geopol.serve import create_app

    client = TestClient(create_app(str(demo_db), kb=kb))
    e = _some_event(stored, type="REQUEST")
    _assert_error(client.post(f"/api/events/{e['id']}/corrections", headers=_auth(), json={"note": "x", "reject": True}),
                  403)


@pytest.mark.parametrize("body,status,parameter", [
    ({"type": "HUG", "note": "x"}, 400, None),
    ({"date": "2020-13-01", "note": "x"}, 400, None),
    ({"note": "x"}, 400, None),
    ({"type": "SANCTION"}, 400, "note"),
    ({"type": "SANCTION", "note": ""}, 400, "note"),
])
def test_serve_bad_corrections_are_400(writable, stored, body, status, parameter):
    client, _ = writable
    e = _some_event(stored, type="REQUEST")
    _assert_error(client.post(f"/api/events/{e['id']}/corrections", headers=_auth(), json=body), status, parameter)


def test_serve_correction_of_an_unknown_event_is_404(writable):
    client, _ = writable
    _assert_error(client.post("/api/events/ev:nonesuch/corrections", headers=_auth(), json={"reject": True, "note": "x"}),
                  404, "event_id")


def test_serve_export_without_its_extra_is_501_with_the_hint(client, monkeypatch):
    import geopol.export
    from geopol.errors import RecordsError

    def missing():
        raise RecordsError("E601", feature="Parquet export", extra="export")

    monkeypatch.setattr(geopol.export, "_pyarrow", missing)
    error = _assert_error(client.get("/api/export", params={"format": "parquet"}), 501, "format")
    assert "pip install 'geopol[export]'" in error["message"]


def test_serve_store_failure_is_a_500_of_the_same_shape(demo_db, kb, monkeypatch):
    from geopol.serve import create_app, queries

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("database disk image is malformed")

    monkeypatch.setattr(queries, "search", broken)
    client = TestClient(create_app(str(demo_db), kb=kb), raise_server_exceptions=False)
    error = _assert_error(client.get("/api/search", params={"q": "CSTO"}), 500)
    assert "malformed" in error["message"]


def test_serve_correction_body_must_be_json(writable, stored):
    client, _ = writable
    e = _some_event(stored, type="REQUEST")
    _assert_error(client.post(f"/api/events/{e['id']}/corrections", headers={**_auth(), "content-type": "application/json"},
                              content=b"type=SANCTION"), 400)
