"""The ASGI app: routes, error shape, security headers, static files.

One error shape for every error, on every ``/api`` path::

    {"error": {"status": 400, "title": "Bad Request", "message": "...", "parameter": "since"}}

Pages answer the same errors with an HTML page of the same message.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from geopol import __version__
from geopol.errors import GeopolError
from geopol.serve import security
from geopol.serve.errors import ApiError
from geopol.store import Store

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))


def _template_helpers() -> None:
    from geopol.serve import views

    templates.env.globals.update(actor_label=views.actor_label, with_params=views.with_params,
                                 highlight=views.highlight, version=__version__,
                                 nav=views.NAV, types=views.TYPES)


_template_helpers()


class Stores:
    """One open ``Store`` per worker thread (sqlite3 connections stay in
    the thread that made them); the knowledge base is loaded once, on first use."""

    CACHE_SIZE = 256

    def __init__(self, db: str, kb: Any = None) -> None:
        self.db = db
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._writes = 0
        self._kb = kb
        self._local = threading.local()
        self._lock = threading.Lock()
        self._kb_lock = threading.Lock()
        # Opened now, so an unusable file fails at start, and kept open, so the
        # write-ahead log exists from the start and ``version`` moves only on writes.
        self._keeper = Store(db)

    def conn(self) -> sqlite3.Connection:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.db)
        return store.conn

    def store(self) -> Store:
        self.conn()
        return self._local.store

    def version(self) -> tuple[int, ...]:
        """Changes whenever anyone commits to the store: the modification
        times and sizes of the database file and its write-ahead log."""
        out: list[int] = []
        for path in (self.db, self.db + "-wal"):
            try:
                st = os.stat(path)
                out += [st.st_mtime_ns, st.st_size]
            except OSError:
                out += [0, 0]
        return (self._writes, *out)

    def wrote(self) -> None:
        """Note a write through this server, so cached views are recomputed
        even if the file's times did not move."""
        with self._lock:
            self._writes += 1

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept until the store changes (for the aggregate views)."""
        full = (key, self.version())
        with self._lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        value = compute()
        with self._lock:
            self._cache[full] = value
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def kb(self) -> Any:
        with self._kb_lock:
            if self._kb is None:
                from geopol.kb import load

                self._kb = load()
        return self._kb


def create_app(db: str, token: str | None = None, private: bool = False, kb: Any = None) -> FastAPI:
    """The workbench over the store at ``db``. ``token`` allows writes (and,
    with ``private``, is needed for every request, as on a non-loopback address)."""
    from geopol.serve import records, system, views  # noqa: F401 (records and system register their views)

    app = FastAPI(title="geopol", version=__version__, openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None, description=views.DESCRIPTION)
    app.state.stores = Stores(db, kb)
    app.state.token = token
    app.state.private = private
    app.include_router(views.api)
    app.include_router(views.pages)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _errors(app)
    app.middleware("http")(_guard)
    return app


async def _guard(request: Request, call_next: Any) -> Response:
    """Security headers on every response; the token on a private server."""
    app = request.app
    if app.state.private and not request.url.path.startswith("/static/"):
        given = request.query_params.get("token")
        if given is not None and security.same(given, app.state.token):
            response: Response = RedirectResponse(str(request.url.remove_query_params("token")), status_code=303)
            response.set_cookie(security.COOKIE, given, httponly=True, samesite="strict")
            return _secured(response)
        if not (security.same(security.bearer(request.headers.get("authorization")), app.state.token)
                or security.same(request.cookies.get(security.COOKIE), app.state.token)):
            return _secured(_error_response(request, ApiError(401, "this server needs its token: open any page "
                                                              "once with ?token=TOKEN, or send Authorization: "
                                                              "Bearer TOKEN")))
    return _secured(await call_next(request))


def _secured(response: Response) -> Response:
    for name, value in security.HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def error_body(status: int, text: str, parameter: str | None = None) -> dict[str, Any]:
    """The one error shape."""
    return {"error": {"status": status, "title": HTTPStatus(status).phrase, "message": text,
                      "parameter": parameter}}


def _error_response(request: Request, exc: ApiError) -> Response:
    body = error_body(exc.status_code, exc.detail, exc.parameter)
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)
    return templates.TemplateResponse(request, "error.html", {"error": body["error"], "filters": {}, "api": None},
                                      status_code=exc.status_code)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error_response(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        text = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and text == "Not Found":
            text = f"no such page or endpoint: {request.url.path}"
        return _error_response(request, ApiError(exc.status_code, text, headers=exc.headers))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
        name = ".".join(where) or None
        text = f"{name}: {first.get('msg', 'invalid value')}" if name else first.get("msg", "invalid request")
        return _error_response(request, ApiError(400, text, name))

    @app.exception_handler(GeopolError)
    async def geopol_error(request: Request, exc: GeopolError) -> Response:
        return _error_response(request, ApiError(400, str(exc)))

    @app.exception_handler(sqlite3.Error)
    async def store_error(request: Request, exc: sqlite3.Error) -> Response:
        log.exception("store error on %s", request.url.path)
        return _error_response(request, ApiError(500, f"the store could not answer: {exc}"))


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the workbench with uvicorn until interrupted; refuses a non-loopback
    ``host`` without a ``token`` (E502)."""
    import uvicorn

    security.check_bind(host, token)
    app = create_app(db, token=token, private=not security.is_loopback(host))
    uvicorn.run(app, host=host, port=port, log_level="warning")
