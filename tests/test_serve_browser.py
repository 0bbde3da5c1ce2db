"""The workbench in Debian's chromium, driven by Playwright (never a browser
download): pages load without console errors, charts hold data, a chart mark
leads to its evidence, hostile article text does not run."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="needs the serve extra: pip install -e '.[serve]'")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (the test extra)")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "browser-token"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install chromium")


class Server:
    """uvicorn serving one app on a free loopback port, in a thread."""

    def __init__(self, app) -> None:
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _serve(db, kb):
    from geopol.serve import create_app

    return Server(create_app(str(db), token=TOKEN, kb=kb))


@pytest.fixture(scope="module")
def demo(demo_db, kb):
    server = _serve(demo_db, kb)
    yield server
    server.stop()


@pytest.fixture()
def page(browser):
    """A fresh page that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: m.type in ("error", "warning") and pg.problems.append(f"console {m.type}: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    context.close()


def _event_id(demo_db, **where):
    from geopol.store import Store

    with Store(demo_db) as store:
        return next(e["id"] for e in store.events(**where) if e["source"] and e["target"])


def _chart_total(page, name):
    return page.evaluate(f"""() => window.geopol.charts.{name}.data.datasets
        .reduce((n, d) => n + d.data.reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0), 0)""")


PAGES = ["/", "/events", "/events?actor=KAZ&since=2010", "/search?q=CSTO", "/actors", "/actors/country/KAZ",
         "/relations", "/relations?a=KGZ&b=TJK", "/network", "/network?at=2022", "/clusters", "/institutions",
         "/institutions/CSTO", "/exports", "/corrections"]


@pytest.mark.parametrize("path", PAGES)
def test_serve_browser_page_loads_without_console_errors(demo, page, path):
    response = page.goto(demo.url + path)
    page.wait_for_load_state("networkidle")
    assert response.status == 200 and page.problems == []
    assert page.locator("main h1").inner_text()


def test_serve_browser_event_page_highlights_the_sentence(demo, demo_db, page):
    event_id = _event_id(demo_db, type="REQUEST")
    page.goto(f"{demo.url}/events/{event_id}")
    evidence = page.locator("#evidence")
    assert evidence.is_visible() and evidence.inner_text().strip()
    assert page.locator("table.actors tbody tr").count() >= 2 and page.problems == []


def test_serve_browser_overview_chart_has_data_and_a_bar_opens_its_evidence(demo, page):
    page.goto(demo.url + "/")
    page.wait_for_function("() => window.geopol && window.geopol.charts.timeline")
    assert _chart_total(page, "timeline") > 0
    # the tallest bar segment: click its centre on the canvas
    x, y, period, quad = page.evaluate("""() => {
        const c = window.geopol.charts.timeline; let best = null;
        c.data.datasets.forEach((d, i) => d.data.forEach((v, j) => { if (!best || v > best.v) best = {v, i, j}; }));
        const bar = c.getDatasetMeta(best.i).data[best.j]; const box = c.canvas.getBoundingClientRect();
        return [box.left + bar.x, box.top + (bar.y + bar.base) / 2, c.data.labels[best.j], c.data.datasets[best.i].label];
    }""")
    with page.expect_navigation():
        page.mouse.click(x, y)
    assert "/events?" in page.url and f"since={period}" in page.url
    rows = page.locator("table.events tbody tr")
    assert rows.count() > 0 and page.locator("table.events td.sentence").first.inner_text().strip()
    assert quad in page.locator("main h1").inner_text() and page.problems == []


def test_serve_browser_dyad_chart_period_opens_its_evidence(demo, page):
    page.goto(demo.url + "/relations?a=KGZ&b=TJK")
    page.wait_for_function("() => window.geopol && window.geopol.charts.dyad")
    assert _chart_total(page, "dyad") != 0
    x, y, ids = page.evaluate("""() => {
        const c = window.geopol.charts.dyad, coop = c.data.datasets[0].data;
        const j = coop.findIndex(v => v > 0); const bar = c.getDatasetMeta(0).data[j];
        const box = c.canvas.getBoundingClientRect();
        return [box.left + bar.x, box.top + (bar.y + bar.base) / 2, null];
    }""")
    page.mouse.click(x, y)
    rows = page.locator("#period-events table.events tbody tr")
    rows.first.wait_for()
    assert rows.count() > 0 and page.locator("#period-events td.sentence").first.inner_text().strip()
    assert "KGZ" in page.locator("#period-events h2").inner_text() and page.problems == []


def test_serve_browser_network_edge_opens_its_evidence(demo, page):
    page.goto(demo.url + "/network")
    page.wait_for_function("() => window.geopol && window.geopol.network")
    counts = page.evaluate("() => [window.geopol.network.nodes().length, window.geopol.network.edges().length]")
    assert counts[0] > 1 and counts[1] > 0
    coloured = page.evaluate("() => window.geopol.network.nodes().filter(n => n.data('status') === 'member').length")
    assert coloured > 0
    x, y, _ = page.evaluate("""() => {
        const cy = window.geopol.network, box = cy.container().getBoundingClientRect();
        const edge = cy.edges().sort((a, b) => b.data('events') - a.data('events'))
            .filter(e => !cy.nodes().some(n => { const p = n.renderedPosition(), m = e.renderedMidpoint();
                return Math.hypot(p.x - m.x, p.y - m.y) < n.renderedWidth(); }))[0];
        const m = edge.renderedMidpoint();
        return [box.left + m.x, box.top + m.y, edge.data('events')];
    }""")
    page.mouse.click(x, y)
    rows = page.locator("#period-events table.events tbody tr")
    rows.first.wait_for()
    pair = page.locator("#period-events h2").inner_text().split(":")[0]
    source, target = (part.strip() for part in pair.split("→"))
    ids = page.evaluate("([s, t]) => window.geopol.networkData.edges.find(e => e.source === s && e.target === t)"
                        ".event_ids", [source, target])
    assert rows.count() == min(len(ids), 200) > 0 and page.problems == []
    assert page.locator("#period-events td.sentence").first.inner_text().strip()


def test_serve_browser_institution_timeline_event_opens_its_evidence(demo, page):
    page.goto(demo.url + "/institutions/CSTO")
    page.wait_for_function("() => window.geopol && window.geopol.timeline")
    assert page.locator(".vis-item.st-member").count() > 0
    page.evaluate("() => window.geopol.timeline.fit({animation: false})")
    mark = page.locator(".vis-item.ev").first
    mark.wait_for()
    with page.expect_navigation():
        mark.click()
    assert "/events/" in page.url and page.locator("#evidence").inner_text().strip()
    assert page.problems == []


def test_serve_browser_correction_round_trips(browser, demo_db, kb, page, tmp_path):
    import shutil

    db = tmp_path / "writable.db"
    shutil.copy(demo_db, db)
    event_id = _event_id(db, type="REQUEST")
    server = _serve(db, kb)
    try:
        page.goto(f"{server.url}/events/{event_id}")
        form = page.locator("form#correction")
        form.locator("select[name=type]").select_option("SANCTION")
        form.locator("textarea[name=note]").fill("an analyst's reading: sanctions")
        form.locator("input[name=token]").fill("wrong")
        form.locator("button[type=submit]").click()
        page.wait_for_function("() => document.getElementById('correction-status').className.includes('bad')")
        assert "token" in page.locator("#correction-status").inner_text()
        form.locator("input[name=token]").fill(TOKEN)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert page.locator("main h1").inner_text().startswith("SANCTION")
        assert "an analyst's reading: sanctions" in page.locator("table.corrections").inner_text()
        page.goto(f"{server.url}/corrections")
        assert "an analyst's reading: sanctions" in page.locator("main table").inner_text()
        problems = [p for p in page.problems if "403" not in p]  # the refused first try
        assert problems == []
    finally:
        server.stop()


def test_serve_browser_hostile_article_does_not_run(browser, hostile_db, kb, page):
    from geopol.store import Store

    with Store(hostile_db) as store:
        events = store.events()
    ids = [e["id"] for e in events]
    text_event = next(e["id"] for e in events if e["doc_id"] == "hostile-text")
    server = _serve(hostile_db, kb)
    try:
        for path in ["/", "/events", "/search?q=Kazakhstan", "/search?q=Tajikistan",
                     *(f"/events/{i}" for i in ids)]:
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            page.mouse.move(300, 300)
            assert page.evaluate("() => window.__pwned") is None, path
        page.goto(f"{server.url}/events/{text_event}")
        assert "<script>window.__pwned" in page.locator("#document").inner_text()
        assert page.problems == []
    finally:
        server.stop()
