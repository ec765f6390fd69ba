"""uvicorn's HTTP protocols with a header-read timeout (used by ``wirewatch serve``).

Why: uvicorn (0.54) closes idle keep-alive connections (``timeout_keep_alive``) and caps the size
of an incomplete request head (``h11_max_incomplete_event_size``), but it has no time limit on a
request whose line and headers arrive slowly or never. A client that opens connections, sends
``GET /ap`` and stalls holds each one, with its socket and file descriptor, for ever (slowloris).

Here a timer starts when a connection opens and again when the first byte of each request arrives;
it stops when the request's headers are complete. If it fires first, the server answers ``408``
and closes the connection. The body is not covered (``api.IngestGuard`` caps its size; reading it
is the endpoint's business). The limit is ``$WIREWATCH_HEADER_TIMEOUT`` seconds (``serve
--header-timeout``, default 10; 0 switches it off), read per connection, so worker processes
started by uvicorn see what the parent set.
"""
from __future__ import annotations

import asyncio
import logging
import os
from typing import Optional

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol as _H11Protocol

HEADER_TIMEOUT_ENV = "WIREWATCH_HEADER_TIMEOUT"
DEFAULT_HEADER_TIMEOUT = 10.0
REQUEST_TIMEOUT = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                   b"content-length: 38\r\nconnection: close\r\n\r\nrequest headers not received in time\r\n")
log = logging.getLogger("wirewatch.serve")


def header_timeout() -> Optional[float]:
    """Seconds a request head may take, from the environment; None = no limit."""
    try:
        value = float(os.environ.get(HEADER_TIMEOUT_ENV) or DEFAULT_HEADER_TIMEOUT)
    except ValueError:
        value = DEFAULT_HEADER_TIMEOUT
    return value if value > 0 else None


class HeaderTimeout:
    """The timer, mixed into a uvicorn protocol (which provides ``loop``, ``transport``, ``cycle``)."""

    _head_timer: Optional[asyncio.TimerHandle] = None

    def connection_made(self, transport) -> None:  # the clock of the first request head starts now
        super().connection_made(transport)  # type: ignore[misc]
        self._start_head_timer()

    def connection_lost(self, exc) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)  # type: ignore[misc]

    def _start_head_timer(self) -> None:
        self._stop_head_timer()
        limit = header_timeout()
        if limit is not None:
            self._head_timer = self.loop.call_later(limit, self._head_too_slow)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        cycle = getattr(self, "cycle", None)
        if cycle is not None and not cycle.response_complete:  # a response is still going out: the next
            self._start_head_timer()                           # (pipelined) request's clock waits for it
            return
        log.info("closing a connection whose request headers did not arrive in time")
        self.transport.write(REQUEST_TIMEOUT)
        self.transport.close()


try:  # httptools is optional for uvicorn (its default when installed); h11 always is
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _HttpToolsProtocol
except ImportError:
    _HttpToolsProtocol = None


if _HttpToolsProtocol is not None:
    class HttpToolsProtocol(HeaderTimeout, _HttpToolsProtocol):
        """uvicorn's httptools protocol + header timeout (module level: uvicorn pickles it for workers)."""

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._start_head_timer()

        def on_headers_complete(self) -> None:
            self._stop_head_timer()
            super().on_headers_complete()
else:
    HttpToolsProtocol = None  # type: ignore[assignment,misc]


class H11Protocol(HeaderTimeout, _H11Protocol):
    """uvicorn's pure-Python h11 protocol + header timeout (h11 has no per-request callbacks: the
    state of the peer tells whether a request head is pending)."""

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.is_closing():
            self._stop_head_timer()
        elif self.conn.their_state is not h11.IDLE:  # the head has been read
            self._stop_head_timer()
        elif data and self._head_timer is None:      # the first bytes of a new request
            self._start_head_timer()


Protocol = HttpToolsProtocol or H11Protocol   # what ``wirewatch serve`` runs

__all__ = ["HEADER_TIMEOUT_ENV", "DEFAULT_HEADER_TIMEOUT", "header_timeout", "HttpToolsProtocol", "H11Protocol",
           "Protocol"]
