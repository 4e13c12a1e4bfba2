"""What an attacker on the office LAN tries after the trust rules of test_web_trust: connections that hold the
server's threads (slowloris; a silent TLS connection), one machine guessing passwords across many accounts, the
whole ledger's totals in a unit's Excel file, file names that name a Windows drive or device, a disabled account's
requests, error pages that tell where the ledger lives. The real server as a process, HTTP and TLS over sockets."""
from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REAL_PLAN
from webserver import Server, make_ledger


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("attacker") / "ledger.db"
    make_ledger(db, REAL_PLAN)
    return db


@pytest.fixture
def db(tmp_path, template) -> Path:
    copy = tmp_path / "ledger.db"
    copy.write_bytes(template.read_bytes())
    return copy


def lan_address() -> str:
    """This machine's LAN address: a client connecting to it is seen by the server as another machine (loopback
    is the server's own machine, which the limits trust)."""
    from ledger.web.serve import lan_addresses

    found = lan_addresses()
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail("needs a LAN address besides loopback: CI must have one")
        pytest.skip("needs a LAN address besides loopback")
    return found[0]


def counts(db: Path) -> tuple:
    conn = sqlite3.connect(db)
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in ("notes", "evidence", "requests"))
    finally:
        conn.close()


def closed_within(sock: socket.socket, seconds: float, trickle: bytes = b"", every: float = 1.0) -> float | None:
    """Keep sending `trickle` every `every` seconds; how long until the server closed the connection (None: it
    was still open after `seconds`)."""
    started = time.monotonic()
    sock.settimeout(every)
    while time.monotonic() - started < seconds:
        try:
            if trickle:
                sock.sendall(trickle)
            if sock.recv(65536) == b"":
                return time.monotonic() - started
        except TimeoutError:
            continue
        except OSError:  # reset, broken pipe: closed
            return time.monotonic() - started
    return None


def tls_files(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    return cert, key


# -- uploads ---------------------------------------------------------------------------------------------------

def test_a_screenshot_sized_binary_upload_is_kept_not_refused_as_too_large(db):
    running = Server(db)
    try:
        client = running.client()
        client.login("bgs")
        content = os.urandom(2 * 1024 * 1024)  # a photo's bytes: line breaks anywhere, as in any PNG or JPEG
        answer = client.post("/tasks/plan_2022/34/progress", {"note": "截图"}, files=[("年报截图.png", content)])
        assert answer.status == 302, answer.text[:300]
        file_id = re.search(r"/evidence/(\d+)\">年报截图.png", client.get("/tasks/plan_2022/34").text).group(1)
        assert client.get(f"/tasks/plan_2022/34/evidence/{file_id}").body == content
    finally:
        running.stop()
