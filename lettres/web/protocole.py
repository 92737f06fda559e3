"""The server's HTTP connections, bounded: a connection that does not finish sending its request line and
headers in ``DELAI_ENTETES`` seconds is closed; past ``CONNEXIONS_MAX`` open connections the oldest idle one
is closed to make room; errors of the event loop are logged in one line, never as a traceback.

uvicorn closes idle keep-alive connections but waits forever for the headers of a request begun and never
finished: three hundred such connections held the server; a thousand made every page time out.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

DELAI_ENTETES = 10.0  # seconds to send the request line and headers
CONNEXIONS_MAX = 256  # open connections at once (a browser opens about six)

log = logging.getLogger("lettres.web")


def quiet_loop_errors(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The event loop's errors (a connection reset, too many files open): one line, no traceback."""
    exc = context.get("exception")
    log.warning("connexion interrompue (%s)", type(exc).__name__ if exc else "erreur réseau")


class Protocole(H11Protocol):
    """uvicorn's h11 protocol, with a deadline on the headers and a cap on open connections."""

    _entetes: asyncio.TimerHandle | None = None
    depuis: float = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if self.loop.get_exception_handler() is not quiet_loop_errors:
            self.loop.set_exception_handler(quiet_loop_errors)
        super().connection_made(transport)
        self.depuis = time.monotonic()
        self._arm()
        if len(self.connections) > CONNEXIONS_MAX:
            self._make_room()

    def _idle(self) -> bool:
        return (self.cycle is None or self.cycle.response_complete) and self.conn.their_state is h11.IDLE

    def _make_room(self) -> None:
        idle = sorted((c for c in self.connections if isinstance(c, Protocole) and c._idle()), key=lambda c: c.depuis)
        for victim in idle[: len(self.connections) - CONNEXIONS_MAX]:
            victim._close()

    def _arm(self) -> None:
        self._disarm()
        self._entetes = self.loop.call_later(DELAI_ENTETES, self._expire)

    def _disarm(self) -> None:
        if self._entetes is not None:
            self._entetes.cancel()
            self._entetes = None

    def _expire(self) -> None:
        self._entetes = None
        if self.conn.their_state is h11.IDLE:  # the headers never came whole
            self._close()

    def _close(self) -> None:
        self._disarm()
        if not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # the headers are in: the body has its own deadline (securite.Garde)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self.depuis = time.monotonic()
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
