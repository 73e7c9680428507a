"""uvicorn's h11 protocol with a deadline for receiving each request in full."""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

# A request (request line, headers and body) must have arrived in full this many seconds after
# the connection opened, or after the previous response on it; otherwise the connection is
# closed. This is ample for a body of the default limit (DEFAULT_MAX_BODY_BYTES in settings.py) on
# anything faster than a modem, and short enough that held sockets are soon given back. The
# deadline does not grow with --max-body-bytes: a server that raises the limit far above the
# default for slow clients cuts their uploads off at this deadline all the same.
REQUEST_TIMEOUT_SECONDS = 10.0

# The client is still sending the request: nothing yet, or part of the line, headers or body.
_RECEIVING = frozenset({h11.IDLE, h11.SEND_BODY})


class DeadlineH11Protocol(H11Protocol):
    """Closes a connection whose request is not in after REQUEST_TIMEOUT_SECONDS.

    uvicorn only times connections out between requests (the keep-alive timeout, armed after a
    response). A client that connects and sends nothing, or sends its request a byte at a time
    (slowloris), or never finishes its body, would otherwise keep its socket, and for a body
    the request task, for as long as it likes. The clock is not reset by incoming data, so
    dribbling does not extend it; it stops once the whole request is in, so a slow answer from
    the application is never cut off.
    """

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_clock()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._start_clock()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_clock()
        super().connection_lost(exc)

    def _start_clock(self) -> None:
        self._stop_clock()
        self._deadline = self.loop.call_later(REQUEST_TIMEOUT_SECONDS, self._on_deadline)

    def _stop_clock(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _on_deadline(self) -> None:
        self._deadline = None
        # Pipelined requests can leave the clock running after a request that did arrive in
        # time; only a request still on its way is cut off. An application waiting for the
        # body sees a client disconnect.
        if self.conn.their_state in _RECEIVING and not self.transport.is_closing():
            self.transport.close()
