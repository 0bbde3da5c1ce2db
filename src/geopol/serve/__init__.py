"""geopol serve: a web workbench over the store, with a JSON API.

    >>> from geopol.serve import create_app, serve
    >>> app = create_app("geopol.db", token="s3cret")   # an ASGI app (FastAPI)
    >>> serve("geopol.db", host="127.0.0.1", port=8000)  # runs uvicorn

Every page (``/events``) has a JSON twin under ``/api`` (``/api/events``),
documented by the OpenAPI schema at ``/api/openapi.json``. All JavaScript
and CSS is vendored under ``static/vendor`` (see ``LICENSES.md`` there), so
the pages work with no network.

This package needs the ``serve`` extra (FastAPI, uvicorn, Jinja2); without
it ``missing_extra()`` names the install command instead of a traceback.
"""
from __future__ import annotations

import importlib.util

from geopol.errors import message

REQUIRES = ("fastapi", "uvicorn", "jinja2")

__all__ = ["REQUIRES", "create_app", "missing_extra", "serve"]


def missing_extra() -> str | None:
    """The one-line install hint if the ``serve`` extra is not installed, else None."""
    if all(importlib.util.find_spec(name) is not None for name in REQUIRES):
        return None
    return message("E501")


def create_app(*args, **kwargs):
    """The ASGI app; see ``geopol.serve.app.create_app``."""
    from geopol.serve.app import create_app as create

    return create(*args, **kwargs)


def serve(*args, **kwargs) -> None:
    """Serve the store with uvicorn; see ``geopol.serve.app.serve``."""
    from geopol.serve.app import serve as run

    run(*args, **kwargs)
