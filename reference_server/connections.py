"""uvicorn's h11 protocol with a deadline for receiving each request in full."""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .settings import DEFAULT_REQUEST_TIMEOUT_SECONDS

# The client is still sending the request: nothing yet, or part of the line, headers or body.
_RECEIVING = frozenset({h11.IDLE, h11.SEND_BODY})


class DeadlineH11Protocol(H11Protocol):
    """Closes a connection whose request is not in after `request_timeout` seconds.

    uvicorn only times connections out between requests (the keep-alive timeout, armed after a
    response). A client that connects and sends nothing, or sends its request a byte at a time
    (slowloris), or never finishes its body, would otherwise keep its socket, and for a body
    the request task, for as long as it likes. The clock is not reset by incoming data, so
    dribbling does not extend it; it stops once the whole request is in, so a slow answer from
    the application is never cut off.
    """

    _deadline: asyncio.TimerHandle | None = None

    def __init__(
        self, *args: Any, request_timeout: float = DEFAULT_REQUEST_TIMEOUT_SECONDS, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._request_timeout = request_timeout

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
        self._deadline = self.loop.call_later(self._request_timeout, self._on_deadline)

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


def deadline_protocol(request_timeout: float) -> functools.partial[DeadlineH11Protocol]:
    """The `http` option for uvicorn: DeadlineH11Protocol with this deadline, in seconds.

    uvicorn only calls its protocol class to make one protocol per connection, so a partial
    serves; unlike a subclass made at run time it pickles, as the config handed to worker
    processes must.
    """
    return functools.partial(DeadlineH11Protocol, request_timeout=request_timeout)
