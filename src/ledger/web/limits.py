"""How `ledger serve` keeps slow and greedy clients from taking its threads (an office LAN is no friendly network).

cheroot hands each connection to one of a few worker threads the moment it is accepted, and that thread waits on
the client for as long as every single read or write takes less than the socket timeout (30 s); a TLS handshake
even runs in the one thread that accepts connections. A few connections that send a request a byte at a time
(slowloris), never finish their handshake, trickle an upload or never read their answer would hold every thread,
and the page would stop for the whole office. So:

- the request line and headers, TLS handshake included (done by the worker, no longer by the accepting thread),
  must arrive within HEAD_SECONDS;
- a body, and an answer, must move at least WINDOW_BYTES in every WINDOW_SECONDS until it is through;
- one address holds at most half the threads at once; a connection beyond that is answered 503 at once.

The server's own work (a page, a password hash, a database write) has no limit here. The machine the server runs
on (loopback) is trusted: whoever sits there can reach the ledger file itself.
"""
from __future__ import annotations

import contextlib
import enum
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from cheroot import server as cheroot_server
from cheroot import wsgi
from cheroot.ssl.builtin import BuiltinSSLAdapter

from ..messages import say_in
from .guard import trusted

HEAD_SECONDS = 10.0
WINDOW_SECONDS = 10.0
WINDOW_BYTES = 64 * 1024
CHECK_EVERY = 0.25
LINGER_SECONDS = 2.0  # a refused connection stays open this long, so that its 503 is read rather than reset
PIECE_BYTES = 16 * 1024  # a body is read in pieces this size, so that a slow but steady client is seen moving


class Phase(enum.Enum):
    HEAD = "head"  # waiting for the request line and headers (and the TLS handshake)
    BODY = "body"  # waiting for the request's body
    WORK = "work"  # the server's own work: no limit
    ANSWER = "answer"  # waiting for the client to take the answer


class Watch:
    """One request in progress on a worker thread: what it waits for, since when, and how far it got."""

    def __init__(self, sock: socket.socket, address: str | None, now: float):
        self.sock = sock
        self.address = address
        self.cut = False
        self.moved = 0
        self.enter(Phase.HEAD, now)

    def enter(self, phase: Phase, now: float) -> None:
        self.phase = phase
        self.since = self.window_start = now
        self.moved = self.window_moved = 0

    def stalled(self, now: float) -> bool:
        if self.phase is Phase.HEAD:
            return now - self.since > HEAD_SECONDS
        if self.phase is Phase.WORK or now - self.window_start < WINDOW_SECONDS:
            return False
        if self.moved - self.window_moved < WINDOW_BYTES:
            return True
        self.window_start, self.window_moved = now, self.moved
        return False


class Watchdog:
    """The requests in progress, checked every CHECK_EVERY seconds: a stalled one has its socket shut, which ends
    the worker's wait at once (the half-sent request is refused, nothing is recorded)."""

    def __init__(self, threads: int, clock: Callable[[], float] = time.monotonic):
        self.per_address = max(2, threads // 2)
        self._clock = clock
        self._watches: dict[int, Watch] = {}  # by worker thread
        self._lingering: list[tuple[float, socket.socket]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def begin(self, sock: socket.socket, address: str | None) -> Watch | None:
        """Watch this thread's next request; None when its address holds its share of the threads already."""
        with self._lock:
            if not trusted(address) and sum(watch.address == address
                                            for watch in self._watches.values()) >= self.per_address:
                return None
            watch = self._watches[threading.get_ident()] = Watch(sock, address, self._clock())
        return watch

    def end(self) -> None:
        with self._lock:
            self._watches.pop(threading.get_ident(), None)

    def current(self) -> Watch | None:
        return self._watches.get(threading.get_ident())

    def enter(self, watch: Watch, phase: Phase) -> None:
        with self._lock:
            watch.enter(phase, self._clock())

    def linger(self, sock: socket.socket) -> None:
        with self._lock:
            self._lingering.append((self._clock() + LINGER_SECONDS, sock))

    def check(self) -> None:
        now = self._clock()
        with self._lock:
            stalled = [watch for watch in self._watches.values() if not watch.cut and watch.stalled(now)]
            for watch in stalled:
                watch.cut = True
            done = [sock for until, sock in self._lingering if until <= now]
            self._lingering = [(until, sock) for until, sock in self._lingering if until > now]
        for watch in stalled:
            with contextlib.suppress(OSError):  # the file descriptor's own shutdown, TLS or not
                socket.socket.shutdown(watch.sock, socket.SHUT_RDWR)
        for sock in done:
            with contextlib.suppress(OSError):
                sock.close()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="ledger-watchdog", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(CHECK_EVERY):
            self.check()


class GuardedConnection(cheroot_server.HTTPConnection):
    """A connection whose every request is watched; the TLS handshake is done here, under the head's deadline."""

    handshaken = False

    def communicate(self) -> bool:
        watchdog: Watchdog = self.server.watchdog
        if watchdog.begin(self.socket, self.remote_addr) is None:
            self._refuse_busy(watchdog)
            return False
        try:
            if isinstance(self.socket, ssl.SSLSocket) and not self.handshaken:
                try:
                    self.socket.do_handshake()
                except (ssl.SSLError, OSError):  # a client that is no TLS client, or went away: nothing to answer
                    return False
                self.handshaken = True
            return bool(super().communicate())
        finally:
            watchdog.end()

    def _refuse_busy(self, watchdog: Watchdog) -> None:
        """503 in both languages (the request is not read: its Accept-Language is unknown), without waiting on
        the client; under TLS the connection just closes (an answer would need the handshake)."""
        if isinstance(self.socket, ssl.SSLSocket):
            return
        text = f"{say_in('zh', 'web_busy_address')}\n{say_in('en', 'web_busy_address')}\n".encode()
        answer = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                  b"Retry-After: 10\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(text)) + text
        with contextlib.suppress(OSError):
            self.socket.setblocking(False)
            self.socket.send(answer)
            self.socket.shutdown(socket.SHUT_WR)
            self.linger = True  # cheroot leaves the socket open; the watchdog closes it a little later
            watchdog.linger(self.socket)


class GuardedServer(wsgi.Server):
    ConnectionClass = GuardedConnection

    def __init__(self, *args: Any, watchdog: Watchdog, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.watchdog = watchdog


class LazyHandshakeTLS(BuiltinSSLAdapter):
    """cheroot's TLS with two changes: the handshake waits for the connection's worker (see GuardedConnection),
    and nothing older than TLS 1.2 is spoken, whatever the Python or OpenSSL defaults."""

    def __init__(self, certificate: str, private_key: str):
        super().__init__(certificate, private_key)
        self.context.minimum_version = ssl.TLSVersion.TLSv1_2

    def wrap(self, sock: socket.socket) -> tuple[ssl.SSLSocket, dict[str, str]]:
        wrapped = self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return wrapped, {"wsgi.url_scheme": "https", "HTTPS": "on"}


class _CountedInput:
    """wsgi.input, counted as it arrives, read in small pieces; when all of it has come, the server's work begins."""

    def __init__(self, stream: Any, length: int, watchdog: Watchdog, watch: Watch):
        self._stream = stream
        self._remaining = length
        self._watchdog = watchdog
        self._watch = watch

    def _count(self, data: bytes) -> bytes:
        self._watch.moved += len(data)
        self._remaining -= len(data)
        if self._remaining <= 0 and self._watch.phase is Phase.BODY:
            self._watchdog.enter(self._watch, Phase.WORK)
        return data

    def read(self, size: int | None = -1) -> bytes:
        wanted = self._remaining if size is None or size < 0 else min(size, max(self._remaining, 0))
        pieces = []
        while wanted > 0:
            piece = self._stream.read(min(wanted, PIECE_BYTES))
            if not piece:
                break
            pieces.append(self._count(piece))
            wanted -= len(piece)
        return b"".join(pieces)

    def readline(self, size: int | None = -1) -> bytes:
        return self._count(self._stream.readline(size if size is not None and size >= 0 else PIECE_BYTES))

    def readlines(self, hint: int = -1) -> list[bytes]:
        return list(iter(self.readline, b""))

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")

    def close(self) -> None:
        self._stream.close()


class _CountedAnswer:
    """The application's answer, counted as the server sends it."""

    def __init__(self, result: Iterable[bytes], watchdog: Watchdog, watch: Watch):
        self._result = result
        self._chunks = iter(result)
        self._watchdog = watchdog
        self._watch = watch

    def __iter__(self) -> _CountedAnswer:
        return self

    def __next__(self) -> bytes:
        chunk = next(self._chunks)
        self._watch.moved += len(chunk)
        return chunk

    def close(self) -> None:
        try:
            close = getattr(self._result, "close", None)
            if close is not None:
                close()
        finally:
            self._watchdog.enter(self._watch, Phase.WORK)


def guarded(app: Callable[..., Iterable[bytes]], watchdog: Watchdog) -> Callable[..., Iterable[bytes]]:
    """The WSGI application, its request body and its answer watched for pace."""
    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        watch = watchdog.current()
        if watch is None:
            return app(environ, start_response)
        length = environ.get("CONTENT_LENGTH") or ""
        length_bytes = int(length) if length.isdigit() else 0
        if length_bytes > 0:
            watchdog.enter(watch, Phase.BODY)
            environ["wsgi.input"] = _CountedInput(environ["wsgi.input"], length_bytes, watchdog, watch)
        else:
            watchdog.enter(watch, Phase.WORK)
        result = app(environ, start_response)
        watchdog.enter(watch, Phase.ANSWER)
        return _CountedAnswer(result, watchdog, watch)
    return application
