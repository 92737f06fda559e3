"""What a refused form held, kept by the server between the POST and the page it redirects to
(Post/Redirect/Get): the page shown again with its errors can be reloaded, or reached with Back, without the
browser offering to send the form twice, and nothing typed is lost.

Kept in memory only (no personal data written to disk), under a random key named in the address, for a
bounded time and number; a key unknown or expired shows the page as it is in the file."""

from __future__ import annotations

import secrets
import time
from typing import Any

from starlette.requests import Request

DUREE = 3600.0  # seconds a refused form can be shown again
NOMBRE_MAX = 64  # forms kept at once, the oldest first forgotten


def _store(request: Request) -> dict[str, tuple[float, Any]]:
    state = request.app.state
    if not hasattr(state, "reprises"):
        state.reprises = {}
    return state.reprises


def keep(request: Request, data: Any) -> str:
    """Keep ``data`` for the page that shows the form again; return the key to name in its address."""
    store = _store(request)
    now = time.monotonic()
    for key in [k for k, (t, _) in store.items() if now - t > DUREE]:
        del store[key]
    while len(store) >= NOMBRE_MAX:
        del store[next(iter(store))]
    key = secrets.token_urlsafe(12)
    store[key] = (now, data)
    return key


def taken(request: Request) -> Any:
    """What the address's ``reprise`` names, still kept (a reload shows it again); None otherwise."""
    key = request.query_params.get("reprise", "")
    found = _store(request).get(key)
    if found is None or time.monotonic() - found[0] > DUREE:
        return None
    return found[1]
