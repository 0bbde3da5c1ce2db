"""Who may read and write: loopback by default, a token for anything else.

- ``geopol serve`` listens on 127.0.0.1 unless told otherwise, and refuses a
  non-loopback address without a token (E502).
- On a non-loopback address every request needs the token: an
  ``Authorization: Bearer`` header, or the cookie set by opening any page
  once with ``?token=...``.
- Writes (corrections) always need the token in the ``Authorization``
  header, never a cookie, so another site cannot make a browser write.
- Every response carries a Content-Security-Policy that allows scripts,
  styles, images and requests from this server only.
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets

from geopol.errors import GeopolError

COOKIE = "geopol_token"
LOOPBACK_NAMES = ("localhost",)

# Inline styles are allowed because the vendored network and timeline
# libraries position their elements with them; scripts come only from here.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class ServeError(GeopolError):
    """The server cannot start as asked. Codes: E501 (the extra is missing),
    E502 (a non-loopback address without a token)."""


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen on a non-loopback ``host`` without a token."""
    if not is_loopback(host) and not token:
        raise ServeError("E502", host=host)


def new_token() -> str:
    """A fresh random token for one run of the server."""
    return secrets.token_urlsafe(18)


def same(given: str | None, token: str | None) -> bool:
    """Constant-time token comparison; no token configured matches nothing."""
    return bool(given) and bool(token) and hmac.compare_digest(str(given), str(token))


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header, or None."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None
