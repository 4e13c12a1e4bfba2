"""What an attacker on the office LAN tries after the trust rules of test_web_trust: connections that hold the
server's threads (slowloris; a silent TLS connection), one machine guessing passwords across many accounts, the
whole ledger's totals in a unit's Excel file, file names that name a Windows drive or device, a disabled account's
requests, error pages that tell where the ledger lives. The real server as a process, HTTP and TLS over sockets."""
from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import time
import warnings
from pathlib import Path, PureWindowsPath

import pytest

from conftest import REAL_PLAN
from webserver import PASSWORDS, Server, ledger, make_ledger, multipart


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


# -- connections that would hold the server's threads ---------------------------------------------------------

@pytest.mark.slow
def test_one_silent_connection_does_not_stop_the_https_server(db, tmp_path):
    cert, key = tls_files(tmp_path)
    running = Server(db, extra=("--cert", str(cert), "--key", str(key)), scheme="https")
    try:
        silent = socket.create_connection(("127.0.0.1", running.port))  # connects, never says hello
        time.sleep(0.5)
        started = time.monotonic()
        assert running.client().get("/login").status == 200
        assert time.monotonic() - started < 3
        silent.close()
    finally:
        running.stop()


@pytest.mark.slow
def test_https_refuses_tls_older_than_1_2(db, tmp_path):
    import ssl

    cert, key = tls_files(tmp_path)
    running = Server(db, extra=("--cert", str(cert), "--key", str(key)), scheme="https")
    try:
        old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        old.check_hostname, old.verify_mode = False, ssl.CERT_NONE
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # TLS 1.1 is deprecated: that is the point
            old.minimum_version = old.maximum_version = ssl.TLSVersion.TLSv1_1
        old.set_ciphers("ALL:@SECLEVEL=0")
        with socket.create_connection(("127.0.0.1", running.port)) as raw, pytest.raises(ssl.SSLError):
            old.wrap_socket(raw).close()
        assert running.client().get("/login").status == 200  # TLS 1.2 and later are served
    finally:
        running.stop()


def test_slow_clients_from_one_machine_cannot_take_every_thread(db):
    address = lan_address()
    running = Server(db, host="0.0.0.0")
    slow = []
    try:
        for _ in range(12):  # more than the server's 8 threads, each sending half a request and then nothing
            connection = socket.create_connection((address, running.port))
            connection.sendall(b"GET /login HTTP/1.1\r\nHost: ledger\r\n")
            slow.append(connection)
        time.sleep(0.5)
        started = time.monotonic()
        assert running.client().get("/login").status == 200  # another machine is still served, at once
        assert time.monotonic() - started < 3
        refused = running.client(address=address).get("/login")  # the slow machine itself is told to wait
        assert refused.status == 503 and "服务器" in refused.text and "server" in refused.text
    finally:
        for connection in slow:
            connection.close()
        running.stop()


@pytest.mark.slow
def test_a_request_head_that_never_ends_is_cut_off_after_10_seconds(db):
    running = Server(db)
    try:
        with socket.create_connection(("127.0.0.1", running.port)) as connection:
            connection.sendall(b"GET /login HTTP/1.1\r\nHost: ledger\r\n")
            closed = closed_within(connection, 20, trickle=b"X-Slow: 1\r\n", every=1)  # a header line a second
        assert closed is not None and 9 < closed < 14, closed
        assert running.client().get("/login").status == 200
    finally:
        running.stop()


@pytest.mark.slow
def test_an_upload_trickling_slower_than_64_kb_in_10_seconds_is_cut_off_and_records_nothing(db):
    running = Server(db)
    try:
        client = running.client()
        client.login("bgs")
        before = counts(db)
        body, content_type = multipart({"note": "慢慢传", "csrf_token": client.token}, [("慢.bin", b"x" * 1_000_000)])
        head = (f"POST /tasks/plan_2022/34/progress HTTP/1.1\r\nHost: ledger\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\nCookie: ledger_session={client.cookies['ledger_session']}\r\n\r\n")
        with socket.create_connection(("127.0.0.1", running.port)) as connection:
            connection.sendall(head.encode() + body[:4096])
            sent = iter(body[4096 + n:4096 + n + 1000] for n in range(0, len(body), 1000))
            started = time.monotonic()
            closed = None
            connection.settimeout(1)
            while time.monotonic() - started < 40:  # 1,000 bytes a second: a 1 MB file would take 17 minutes
                try:
                    connection.sendall(next(sent))
                    if connection.recv(65536) == b"":
                        closed = time.monotonic() - started
                        break
                except TimeoutError:
                    continue
                except OSError:
                    closed = time.monotonic() - started
                    break
        assert closed is not None and closed < 25, closed
        assert counts(db) == before
    finally:
        running.stop()


@pytest.mark.slow
def test_a_client_that_stops_reading_a_large_download_is_cut_off(db):
    running = Server(db)
    try:
        client = running.client()
        client.login("bgs")
        content = os.urandom(30 * 1024 * 1024)
        assert client.post("/tasks/plan_2022/34/progress", {"note": "大文件"}, files=[("big.bin", content)]).status == 302
        file_id = re.search(r"/evidence/(\d+)\"", client.get("/tasks/plan_2022/34").text).group(1)
        connection = socket.socket()
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        connection.connect(("127.0.0.1", running.port))
        connection.sendall(f"GET /tasks/plan_2022/34/evidence/{file_id} HTTP/1.1\r\nHost: ledger\r\n"
                           f"Cookie: ledger_session={client.cookies['ledger_session']}\r\n\r\n".encode())
        time.sleep(25)  # reads nothing: the server's thread would wait on it for ever
        connection.setblocking(False)
        received, started = 0, time.monotonic()
        try:
            while time.monotonic() - started < 10:
                try:
                    chunk = connection.recv(1 << 20)
                except BlockingIOError:
                    time.sleep(0.05)
                    continue
                if not chunk:
                    break
                received += len(chunk)
        except OSError:
            pass
        finally:
            connection.close()
        assert received < len(content)  # the answer was cut off, not waited for
        assert client.get("/").status == 200
    finally:
        running.stop()


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


# -- guessing passwords ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_one_machine_guessing_across_accounts_is_refused_after_20_wrong_passwords_in_15_minutes(db):
    address = lan_address()
    running = Server(db, host="0.0.0.0")
    try:
        sprayer = running.client(address=address)
        sprayer.get("/login")
        names = ["bgs", "fgk", "office", "leader", "ghost"]  # four wrong each: no account reaches its own lock
        for name in names:
            for attempt in range(4):
                assert sprayer.post("/login", {"username": name, "password": f"guess-{attempt}"}).status == 401
        refused = sprayer.post("/login", {"username": "bgs", "password": PASSWORDS["bgs"]})
        assert refused.status == 429 and "15 分钟" in refused.text
        assert sprayer.get("/").status == 302  # not signed in
        elsewhere = running.client()  # another machine, the same account: not locked
        assert elsewhere.login("bgs").status == 302
        assert address in running.output  # the clerk at the server sees which machine it was
    finally:
        running.stop()
    from datetime import datetime, timedelta, timezone

    from ledger.review import log_in
    from ledger.store import Store

    store = Store.open(db)
    later = (datetime.now(timezone.utc) + timedelta(minutes=16)).isoformat(timespec="seconds")
    assert log_in(store, "bgs", PASSWORDS["bgs"], later, later, address).account is not None
    store.close()


# -- what a unit may see ----------------------------------------------------------------------------------------

def test_the_excel_ledgers_totals_count_only_the_tasks_the_unit_may_see(db, tmp_path):
    from openpyxl import load_workbook

    assert ledger(db, "unit", "group", "各职能科(室)", "办公室", "法规科").returncode == 0  # 办公室 in a group
    running = Server(db)
    try:
        client = running.client()
        client.login("bgs")
        path = tmp_path / "mine.xlsx"
        path.write_bytes(client.get("/export.xlsx").body)
    finally:
        running.stop()
    book = load_workbook(path)
    numbers = {row[0] for row in book.worksheets[0].iter_rows(min_row=3, values_only=True) if isinstance(row[0], int)}
    assert 34 in numbers and 35 not in numbers
    for sheet in book.worksheets[1:]:
        header = [cell.value for cell in sheet[1]]
        total = next(row for row in sheet.iter_rows(values_only=True) if "合计" in row)
        assert total[header.index("任务数")] == len(numbers), sheet.title


# -- file names as a Windows clerk saves them ------------------------------------------------------------------

WINDOWS_NAMES = ["C:evil.bat", "report.docx:hidden.exe", "CON", "nul.txt", "com1.log", "LPT9.pdf", "aux .txt",
                 "截图.png.", "conin$", "长" * 300 + ".pdf"]


def test_an_uploaded_file_name_never_names_a_windows_drive_stream_or_device(db, tmp_path):
    running = Server(db)
    try:
        client = running.client()
        client.login("bgs")
        for name in WINDOWS_NAMES:
            assert client.post("/tasks/plan_2022/34/progress", {"note": name}, files=[(name, b"x")]).status == 302
    finally:
        running.stop()
    task = json.loads(ledger(db, "show", "34", "--format", "json").stdout)[0]
    kept = [item["name"] for item in task["evidence"]]
    assert len(kept) == len(WINDOWS_NAMES)
    folder = PureWindowsPath("D:/证据")
    for name in kept:
        path = folder / name
        assert path.parent == folder and ":" not in name and not name.endswith((".", " ")), name
        assert path.stem.split(".")[0].rstrip(" ").upper() not in {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", *(f"{d}{n}" for d in ("COM", "LPT") for n in range(10))}, name
    assert kept[0] == "C：evil.bat" and kept[7] == "截图.png"  # still readable: a full-width colon
    assert kept[9].endswith(".pdf") and len(kept[9]) <= 200  # a long name keeps what opens it


# -- deciding requests ------------------------------------------------------------------------------------------

def _ask_done(running: Server) -> None:
    bgs = running.client()
    bgs.login("bgs")
    assert bgs.post("/tasks/plan_2022/34/done", {"note": "已发布年报", "on": "2022-10-30"}).status == 302


def test_a_disabled_accounts_pending_request_cannot_be_approved_only_returned(db):
    running = Server(db)
    try:
        _ask_done(running)
        assert ledger(db, "user", "disable", "bgs").returncode == 0  # say the password was stolen
        office = running.client()
        office.login("office")
        queue = office.get("/review")
        assert "已停用" in queue.text and 'action="/review/1/approve"' not in queue.text
        refused = office.post("/review/1/approve")
        assert refused.status == 409 and "bgs" in refused.text and "已停用" in refused.text
        cli = ledger(db, "review", "approve", "1")
        assert cli.returncode == 1 and "disabled" in cli.stderr
        assert json.loads(ledger(db, "show", "34", "--format", "json").stdout)[0]["status"] == "open"
        assert office.post("/review/1/return", {"note": "账户已停用，请重新申请"}).status == 302
    finally:
        running.stop()


def test_nobody_decides_a_request_they_asked_for(db):
    running = Server(db)
    try:
        _ask_done(running)
    finally:
        running.stop()
    approved = ledger(db, "review", "approve", "1", "--by", "bgs")
    assert approved.returncode == 1 and approved.stderr.startswith("Error:") and "bgs" in approved.stderr
    assert ledger(db, "review", "return", "1", "--note", "自己退回", "--by", "bgs").returncode == 1
    assert json.loads(ledger(db, "review", "--format", "json").stdout)[0]["id"] == 1  # still pending
    assert ledger(db, "review", "approve", "1", "--by", "clerk").returncode == 0


# -- error pages ---------------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_an_error_page_never_tells_where_the_ledger_is(db):
    running = Server(db)
    try:
        client = running.client()
        client.login("bgs")
        client.get("/tasks/plan_2022/34")
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the clerk's long import holds the ledger
        try:
            answer = client.post("/tasks/plan_2022/34/progress", {"note": "等一等"})
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert answer.status == 503 and "稍后" in answer.text and "等一等" in answer.text  # what was typed stays
        assert str(db.parent) not in answer.text and db.name not in answer.text
        assert str(db) in running.output  # the clerk at the server is told which file
    finally:
        running.stop()


@pytest.mark.slow
def test_another_units_task_answers_404_as_fast_as_a_missing_one_however_long_its_history(db):
    import statistics

    running = Server(db)
    try:
        fgk = running.client()
        fgk.login("fgk")
        for n in range(300):  # 法规科's task 35 gathers a long history
            assert fgk.post("/tasks/plan_2022/35/progress", {"note": f"进度 {n} " + "长" * 500}).status == 302
        bgs = running.client()
        bgs.login("bgs")

        def median_ms(path: str) -> float:
            times = []
            for _ in range(40):
                started = time.perf_counter()
                assert bgs.request("GET", path).status == 404
                times.append(time.perf_counter() - started)
            return 1000 * statistics.median(times)

        missing, missing_file = median_ms("/tasks/plan_2022/999"), median_ms("/tasks/plan_2022/999/evidence/1")
        theirs, their_file = median_ms("/tasks/plan_2022/35"), median_ms("/tasks/plan_2022/35/evidence/1")
        assert theirs < 1.5 * missing + 1 and their_file < 1.5 * missing_file + 1, (theirs, missing)
    finally:
        running.stop()
