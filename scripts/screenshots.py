"""Screenshots of each workbench page, for the README.

    python scripts/screenshots.py [--db demo.db] [--out docs/screenshots]

Builds the demo store (the bundled sample articles) unless --db names one
(then a copy of it), makes one analyst correction through the API, serves it
on a free loopback port, opens each page in Debian's chromium (Playwright;
never a browser download) and saves one PNG per page.
"""
from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# name -> (path, what to wait for, an action before the shot)
PAGES = {
    "overview": ("/", "() => window.geopol.charts.timeline", None),
    "events": ("/events?actor=KAZ&per_page=12", None, None),
    "event": ("/events/{event}", None, None),
    "relations": ("/relations?a=KGZ&b=TJK", "() => window.geopol.charts.dyad", "dyad"),
    "network": ("/network?colour=CSTO", "() => window.geopol.network", None),
    "institution": ("/institutions/CSTO", "() => window.geopol.timeline", None),
    "clusters": ("/clusters", None, None),
    "cluster": ("/clusters/{cluster}", None, None),
    "dyads": ("/relations", None, None),
    "institutions": ("/institutions", None, None),
    "corrections": ("/corrections", None, None),
    "exports": ("/exports?actor=KGZ", None, None),
    "search": ("/search?q=border*", None, None),
    "actors": ("/actors?q=kyrgyz", None, None),
    "actor": ("/actors/person/kassym-jomart-tokayev", None, None),
}
TOKEN = "screenshots"


def serve(db: Path):
    import uvicorn

    from geopol.serve import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(str(db), token=TOKEN)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def an_event(db: Path) -> str:
    """A well-attested event to show: a REQUEST with both actors named, else any."""
    from geopol.store import Store

    with Store(db) as store:
        rows = [e for e in store.events() if e["source"] and e["target"]]
    rows.sort(key=lambda e: (e["type"] != "REQUEST", -e["confidence"]))
    return rows[0]["id"]


def a_cluster(db: Path) -> str:
    """The occurrence with the most reports."""
    from geopol.store import Store

    with Store(db) as store:
        return store.conn.execute("SELECT id FROM clusters ORDER BY reports DESC, id LIMIT 1").fetchone()[0]


def correct_one(base: str, db: Path) -> None:
    """One analyst correction, as the event page's form sends it, so the corrections page shows one."""
    import httpx

    from geopol.store import Store

    with Store(db) as store:
        event = next(e for e in store.events(type="ASSAULT") if e["source"] and e["target"])
    httpx.post(f"{base}/api/events/{event['id']}/corrections", headers={"Authorization": f"Bearer {TOKEN}"},
               json={"type": "COERCE", "note": "a raid on a building, not an attack on people"}).raise_for_status()


def shoot(base: str, event: str, cluster: str, out: Path, only: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        for name, (path, ready, action) in PAGES.items():
            if only and name not in only:
                continue
            page.goto(base + path.format(event=event, cluster=cluster))
            page.wait_for_load_state("networkidle")
            if ready:
                page.wait_for_function(ready)
            if action == "dyad":  # open the busiest period, as an analyst would
                page.evaluate("""() => { const c = window.geopol.charts.dyad;
                    const totals = c.data.datasets[0].data.map((v, i) => v - c.data.datasets[1].data[i]);
                    const j = totals.indexOf(Math.max(...totals)); const bar = c.getDatasetMeta(0).data[j];
                    const box = c.canvas.getBoundingClientRect();
                    window.__click = [box.left + bar.x, box.top + (bar.y + bar.base) / 2]; }""")
                x, y = page.evaluate("() => window.__click")
                page.mouse.click(x, y)
                page.locator("#period-events tbody tr").first.wait_for()
                page.evaluate("() => window.scrollTo(0, 0)")
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(out / f"{name}.png")
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store to show (default: build the demo store)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("pages", nargs="*", help=f"only these: {', '.join(PAGES)}")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        if args.db is None:
            from geopol import api

            api.demo(db)
        else:  # a copy: the screenshots make one correction
            shutil.copy(args.db, db)
        server, base = serve(db)
        try:
            correct_one(base, db)
            shoot(base, an_event(db), a_cluster(db), args.out, args.pages)
        finally:
            server.should_exit = True
    return 0


if __name__ == "__main__":
    sys.exit(main())
