"""Running the application: cheroot, a pure-Python threaded server that runs on Windows too and serves HTTPS
itself (waitress cannot: its own documentation sends HTTPS to a proxy, which an office LAN does not have).

Ctrl-C (or SIGTERM) stops it cleanly: requests in progress finish, then the connections close; every change is
one database transaction, so nothing is left half-written.
"""
from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..errors import LedgerError
from ..store import Location
from ..messages import say
from . import MAX_REQUEST_BYTES, WebSettings, create_app, db


def lan_addresses() -> list[str]:
    """This computer's IPv4 addresses others on the LAN can type (loopback left out)."""
    found: list[str] = []
    try:  # the address the system would use to reach the LAN (no packet is sent)
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            probe.connect(("10.255.255.255", 1))
            found.append(probe.getsockname()[0])
        finally:
            probe.close()
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    return [address for address in dict.fromkeys(found) if not address.startswith("127.")]


def run_server(database: Location, host: str, port: int, cert: Path | None, key: Path | None, threads: int,
               fixed_today: date | None, warn_workdays: int, echo: Callable[..., None]) -> None:
    from .limits import GuardedServer, LazyHandshakeTLS, Watchdog, guarded

    app = create_app(WebSettings(database, fixed_today, secure_cookies=cert is not None,
                                 warn_workdays=warn_workdays))
    watchdog = Watchdog(threads)  # slow clients are cut off, one address holds at most half the threads (limits)
    server = GuardedServer((host, port), guarded(app, watchdog), numthreads=threads, server_name="ledger",
                           request_queue_size=64, timeout=30, shutdown_timeout=10, watchdog=watchdog)
    # The application answers 413 in the page's language; the server cuts off anything far larger first.
    server.max_request_body_size = MAX_REQUEST_BYTES + 1024 * 1024
    if cert is not None and key is not None:
        try:
            server.ssl_adapter = LazyHandshakeTLS(str(cert), str(key))
        except Exception as exc:  # ssl.SSLError, a PEM that is no certificate, …
            raise LedgerError(say("serve_bad_cert", reason=exc)) from None

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        try:
            server.prepare()
        except OSError as exc:
            raise LedgerError(say("serve_port_taken", host=host, port=port, reason=exc.strerror or exc)) from None
        bound_port = server.bind_addr[1] if isinstance(server.bind_addr, tuple) else port
        scheme = "https" if cert else "http"
        everywhere = host in ("0.0.0.0", "::", "")
        echo(say("serving", db=database, urls=f"{scheme}://{'127.0.0.1' if everywhere else host}:{bound_port}/"))
        if everywhere:
            addresses = lan_addresses()
            if addresses:
                echo(say("serving_lan", urls="  ".join(f"{scheme}://{address}:{bound_port}/" for address in addresses)))
        echo(say("serving_stop"))
        watchdog.start()
        server.serve()
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM: whenever it comes, the same clean stop
        pass
    finally:
        server.stop()
        watchdog.stop()
        signal.signal(signal.SIGTERM, previous)
        db.close_all()
    echo(say("serve_stopped"))
