"""uvicorn's h11 protocol with deadlines for receiving each request and for sending its answer,
and strict request framing."""

from __future__ import annotations

import asyncio
import fcntl
import functools
import socket
import struct
import termios
from typing import Any

import h11
from h11._connection import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
from uvicorn.protocols.http.h11_impl import H11Protocol

from .settings import DEFAULT_REQUEST_TIMEOUT_SECONDS, DEFAULT_WRITE_TIMEOUT_SECONDS

# The client is still sending the request: nothing yet, or part of the line, headers or body.
_RECEIVING = frozenset({h11.IDLE, h11.SEND_BODY})
# SO_LINGER on, for zero seconds: close() discards unsent data and resets the connection.
_RESET_ON_CLOSE = struct.pack("ii", 1, 0)
_INT = struct.pack("i", 0)
# The 400 answer's text (uvicorn writes it as ASCII).
AMBIGUOUS_LENGTH = "request refused: both Transfer-Encoding and Content-Length"


class StrictConnection(h11.Connection):
    """h11's connection, refusing a request that says both Transfer-Encoding and Content-Length.

    h11 frames such a body by Transfer-Encoding, as RFC 9112 6.1 allows, but a proxy in front
    may have framed it by Content-Length: whatever one of them takes for the rest of the body,
    the other may take for a second request (request smuggling). RFC 9112 lets a server refuse
    the request, and then it must close the connection; uvicorn's 400 for an invalid request
    does both.
    """

    refusal: str | None = None

    def next_event(self) -> Any:
        event = super().next_event()
        if isinstance(event, h11.Request):
            names = {name for name, _ in event.headers}
            if b"transfer-encoding" in names and b"content-length" in names:
                self.refusal = AMBIGUOUS_LENGTH
                raise h11.RemoteProtocolError(AMBIGUOUS_LENGTH, error_status_hint=400)
        return event


class DeadlineH11Protocol(H11Protocol):
    """Closes a connection whose request is not in after `request_timeout` seconds, and aborts
    one whose response is not taken in `write_timeout` seconds after it first had to wait.

    uvicorn only times connections out between requests (the keep-alive timeout, armed after a
    response). A client that connects and sends nothing, or sends its request a byte at a time
    (slowloris), or never finishes its body, would otherwise keep its socket, and for a body
    the request task, for as long as it likes. The clock is not reset by incoming data, so
    dribbling does not extend it; it stops once the whole request is in, so a slow answer from
    the application is never cut off.

    The other way round, a client that asks for a large answer and never reads it kept the
    answer in the server's buffers for good: closing a transport waits until its buffer is
    sent, and a closed socket's unsent bytes stay in the kernel for minutes. So once the socket
    stops taking a response (the transport's buffer goes over its high-water mark), or a
    response is complete with bytes not yet taken by the client (in the transport's buffer or
    the kernel's), a second clock starts. Reading slowly does not restart it. The idle
    timeouts wait for it rather than close over unsent bytes. If bytes are still owed when it
    runs out, the connection is reset and every buffer freed.
    """

    _deadline: asyncio.TimerHandle | None = None
    _write_deadline: asyncio.TimerHandle | None = None
    # An idle timeout came while bytes were owed: close once they are taken.
    _close_when_sent = False

    def __init__(
        self,
        *args: Any,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT_SECONDS,
        write_timeout: float = DEFAULT_WRITE_TIMEOUT_SECONDS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._request_timeout = request_timeout
        self._write_timeout = write_timeout
        limit = self.config.h11_max_incomplete_event_size
        self.conn: StrictConnection = StrictConnection(
            h11.SERVER, DEFAULT_MAX_INCOMPLETE_EVENT_SIZE if limit is None else limit
        )

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_clock()

    def data_received(self, data: bytes) -> None:
        self._close_when_sent = False
        super().data_received(data)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # The clock of a response that had to wait starts again for its last bytes.
        self._stop_write_clock()
        if self._bytes_owed():
            self._start_write_clock()
        if not self.transport.is_closing():
            self._start_clock()

    def pause_writing(self) -> None:
        super().pause_writing()
        self._start_write_clock()

    def timeout_keep_alive_handler(self) -> None:
        if self._write_deadline is not None and self._bytes_owed():
            self._close_when_sent = True
            return
        super().timeout_keep_alive_handler()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_clock()
        self._stop_write_clock()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        super().send_400_response(self.conn.refusal or msg)

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
            if self._write_deadline is not None and self._bytes_owed():
                self._close_when_sent = True
                return
            self.transport.close()

    def _start_write_clock(self) -> None:
        # Not restarted while it runs: the bytes owed get one deadline in all.
        if self._write_deadline is None:
            self._write_deadline = self.loop.call_later(
                self._write_timeout, self._on_write_deadline
            )

    def _stop_write_clock(self) -> None:
        if self._write_deadline is not None:
            self._write_deadline.cancel()
            self._write_deadline = None

    def _bytes_owed(self) -> bool:
        """Whether bytes written to this connection have not reached the client yet: in the
        transport's buffer, or in the kernel's send queue (TIOCOUTQ, Linux's SIOCOUTQ)."""
        if self.transport.get_write_buffer_size():
            return True
        sock = self.transport.get_extra_info("socket")
        if sock is None:
            return False
        try:
            queued = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, _INT)
        except OSError:  # no such query for sockets here: only our own buffer counts
            return False
        count: int = struct.unpack("i", queued)[0]
        return count > 0

    def _on_write_deadline(self) -> None:
        self._write_deadline = None
        if self.transport.is_closing():
            return
        if self._bytes_owed():
            # Lingering off, so that closing resets the connection: otherwise the kernel keeps
            # the bytes it already took, trying to send them for minutes after the socket is
            # gone. abort(), not close(): close() would wait for our buffer to be sent. uvicorn
            # then tells a still-running application that the client went away.
            sock = self.transport.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET_ON_CLOSE)
            self.transport.abort()
        elif self._close_when_sent:
            self.transport.close()


def deadline_protocol(
    request_timeout: float, write_timeout: float = DEFAULT_WRITE_TIMEOUT_SECONDS
) -> functools.partial[DeadlineH11Protocol]:
    """The `http` option for uvicorn: DeadlineH11Protocol with these deadlines, in seconds.

    uvicorn only calls its protocol class to make one protocol per connection, so a partial
    serves; unlike a subclass made at run time it pickles, as the config handed to worker
    processes must.
    """
    return functools.partial(
        DeadlineH11Protocol, request_timeout=request_timeout, write_timeout=write_timeout
    )
