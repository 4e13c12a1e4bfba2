"""The web page's trust rules (SPEC §13 "Who may do what"), each with its own test, against the real server as a
process; then what an attacker on the same LAN would try."""
from __future__ import annotations

import json
import re
import statistics
import subprocess
import threading
import time

import pytest

from conftest import REAL_PLAN
from webserver import PASSWORDS, Server, ledger, make_ledger, multipart

# Every test here talks to a real server process: about 35 s together, so the README's quick command leaves
# them to CI (pytest -m ""), as the PLAN's slow tests.
pytestmark = pytest.mark.slow

SCRIPT_PLAN = "一、标题 |\n1. <script>alert('x')</script>在门户网站公开<b>粗体</b> |\n办公室 |\n12月30日 |\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    db = folder / "ledger.db"
    make_ledger(db, REAL_PLAN)
    script_plan = folder / "script_2022.txt"
    script_plan.write_text(SCRIPT_PLAN, encoding="utf-8")
    assert ledger(db, "import", str(script_plan)).returncode == 0
    running = Server(db)
    yield running
    running.stop()


def notes(server: Server, number: int, plan: str = "plan_2022") -> list[dict]:
    result = ledger(server.db, "show", str(number), "--plan", plan, "--format", "json")
    return json.loads(result.stdout)[0]["notes"]


def counts(server: Server) -> tuple:
    """Everything a POST could record: notes, evidence, requests, sessions aside."""
    import sqlite3

    conn = sqlite3.connect(server.db)
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in ("notes", "evidence", "requests"))
    finally:
        conn.close()


PAGES = ["/", "/tasks/plan_2022/34", "/review", "/board", "/export.xlsx", "/tasks/plan_2022/34/evidence/1",
         "/?status=all&light=red"]


# -- no page without an account ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGES)
def test_no_page_without_an_account_a_get_goes_to_login(server, path):
    response = server.client().get(path)
    assert response.status == 302
    assert response.header("Location").startswith("/login")


def test_no_page_without_an_account_a_post_is_refused_and_records_nothing(server):
    before = counts(server)
    client = server.client()
    client.get("/login")  # a valid CSRF token of an anonymous session: still no account
    for path in ("/tasks/plan_2022/34/progress", "/tasks/plan_2022/34/done", "/review/1/approve", "/logout"):
        response = client.post(path, {"note": "x", "on": "2022-10-01"})
        assert response.status == 403, path
    assert counts(server) == before


# -- another unit's task, file or form: 404 like a missing one --------------------------------------------------

def test_another_units_task_answers_404_exactly_like_a_missing_one(server):
    client = server.client()
    client.login("bgs")
    others, missing, no_plan = (client.get(path) for path in ("/tasks/plan_2022/35", "/tasks/plan_2022/999",
                                                              "/tasks/no_such_plan/35"))
    assert others.status == missing.status == no_plan.status == 404
    assert others.body == missing.body == no_plan.body
    assert client.get("/tasks/plan_2022/34").status == 200


@pytest.mark.parametrize("form", ["progress", "done", "postpone"])
def test_another_units_form_answers_404_exactly_like_a_missing_one_and_records_nothing(server, form):
    client = server.client()
    client.login("bgs")
    before = counts(server)
    fields = {"note": "越权填报", "on": "2022-10-01", "to": "2023-06-30"}
    others = client.post(f"/tasks/plan_2022/35/{form}", fields, files=[("a.txt", b"x")])
    missing = client.post(f"/tasks/plan_2022/999/{form}", fields, files=[("a.txt", b"x")])
    assert others.status == missing.status == 404
    assert others.body == missing.body
    assert counts(server) == before


def test_another_units_evidence_file_answers_404(server):
    fgk = server.client()
    fgk.login("fgk")
    assert fgk.post("/tasks/plan_2022/35/progress", {"note": "法规科的材料"},
                    files=[("法规科.txt", b"secret")]).status == 302
    file_id = re.findall(r"/evidence/(\d+)", fgk.get("/tasks/plan_2022/35").text)[-1]
    assert fgk.get(f"/tasks/plan_2022/35/evidence/{file_id}").body == b"secret"
    bgs = server.client()
    bgs.login("bgs")
    stolen = bgs.get(f"/tasks/plan_2022/35/evidence/{file_id}")
    through_own_task = bgs.get(f"/tasks/plan_2022/34/evidence/{file_id}")
    missing = bgs.get("/tasks/plan_2022/34/evidence/999999")
    assert stolen.status == through_own_task.status == missing.status == 404
    assert b"secret" not in stolen.body + through_own_task.body


# -- CSRF ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("token", ["missing", "wrong", "another session's"])
def test_a_post_without_a_valid_csrf_token_is_400_and_records_nothing(server, token):
    client = server.client()
    client.login("bgs")
    other = server.client()
    other.get("/login")
    fields = {"note": "伪造的进度"}
    if token == "wrong":
        fields["csrf_token"] = "IjAwMDAi.forged.token"
    elif token == "another session's":
        fields["csrf_token"] = other.token
    before = counts(server)
    response = client.post("/tasks/plan_2022/34/progress", fields, csrf=False)
    assert response.status == 400
    assert "表单已过期" in response.text
    assert counts(server) == before


# -- cookies ----------------------------------------------------------------------------------------------

def test_the_session_cookie_is_httponly_and_samesite_lax(server):
    client = server.client()
    client.get("/login")
    response = client.post("/login", {"username": "bgs", "password": PASSWORDS["bgs"]})
    cookie = response.header("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP: a Secure cookie would never come back


@pytest.mark.slow
def test_the_session_cookie_is_secure_under_cert(tmp_path):
    db = tmp_path / "ledger.db"
    make_ledger(db, REAL_PLAN, accounts=(("bgs", "办公室", "unit"),))
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    running = Server(db, extra=("--cert", str(cert), "--key", str(key)), scheme="https")
    try:
        client = running.client()
        client.get("/login")
        response = client.post("/login", {"username": "bgs", "password": PASSWORDS["bgs"]})
        assert response.status == 302
        cookie = response.header("Set-Cookie")
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert client.get("/").status == 200
        assert "https://127.0.0.1:" in running.output
    finally:
        running.stop()


# -- sessions end ------------------------------------------------------------------------------------------------

def test_a_session_ends_at_logout_even_for_a_copied_cookie(server):
    client = server.client()
    client.login("bgs")
    copied = dict(client.cookies)
    assert client.post("/logout").status == 302
    thief = server.client()
    thief.cookies = copied
    assert thief.get("/").status == 302


@pytest.mark.slow
def test_a_session_ends_when_the_password_changes(tmp_path):
    db = tmp_path / "ledger.db"
    make_ledger(db, REAL_PLAN, accounts=(("bgs", "办公室", "unit"),))
    running = Server(db)
    try:
        client = running.client()
        client.login("bgs")
        assert client.get("/").status == 200
        assert ledger(db, "user", "passwd", "bgs", "--password-stdin", input="a-new-password\n").returncode == 0
        assert client.get("/").status == 302
        client.login("bgs", "a-new-password")
        assert client.get("/").status == 200
    finally:
        running.stop()


@pytest.mark.slow
def test_a_session_ends_when_the_account_is_disabled_and_it_cannot_sign_in_again(tmp_path):
    db = tmp_path / "ledger.db"
    make_ledger(db, REAL_PLAN, accounts=(("bgs", "办公室", "unit"),))
    running = Server(db)
    try:
        client = running.client()
        client.login("bgs")
        assert ledger(db, "user", "disable", "bgs").returncode == 0
        assert client.get("/").status == 302
        again = running.client()
        again.get("/login")
        assert again.post("/login", {"username": "bgs", "password": PASSWORDS["bgs"]}).status == 401
    finally:
        running.stop()


# -- the lock, and what the login says ------------------------------------------------------------------------------

def _alert(response) -> str:
    return re.search(r'<p class="alert" role="alert">(.*?)</p>', response.text, re.S).group(1)


@pytest.mark.slow
def test_five_wrong_passwords_in_15_minutes_lock_the_account_for_15_minutes_on_record(tmp_path):
    db = tmp_path / "ledger.db"
    make_ledger(db, REAL_PLAN, accounts=(("bgs", "办公室", "unit"),))
    running = Server(db)
    try:
        client = running.client()
        client.get("/login")
        wrong = [client.post("/login", {"username": "bgs", "password": f"wrong-{n}"}) for n in range(5)]
        assert all(response.status == 401 for response in wrong)
        locked = client.post("/login", {"username": "bgs", "password": PASSWORDS["bgs"]})
        assert locked.status == 401 and _alert(locked) == _alert(wrong[0])
        history = ledger(db, "unit", "history", "--format", "json")
        assert any(row["name"] == "bgs" and row["field"] == "locked" for row in json.loads(history.stdout))
    finally:
        running.stop()
    # Fifteen minutes later (the clock passed in), the right password works again.
    from datetime import datetime, timedelta, timezone

    from ledger.review import log_in
    from ledger.store import Store

    store = Store.open(db)
    later = (datetime.now(timezone.utc) + timedelta(minutes=16)).isoformat(timespec="seconds")
    assert log_in(store, "bgs", PASSWORDS["bgs"], later, later, "test").account is not None
    store.close()


def test_the_login_message_never_says_whether_the_account_exists(server):
    client = server.client()
    client.get("/login")
    unknown = client.post("/login", {"username": "nobody-here", "password": "whatever-1"})
    wrong = client.post("/login", {"username": "leader", "password": "whatever-1"})
    assert unknown.status == wrong.status == 401
    assert _alert(unknown) == _alert(wrong)
    assert unknown.text.replace("nobody-here", "leader").replace(unknown.csrf(), "") == \
        wrong.text.replace(wrong.csrf(), "")


@pytest.mark.slow
def test_an_unknown_account_takes_as_long_to_refuse_as_a_wrong_password(server):
    client = server.client()
    client.get("/login")

    def timed(name: str) -> float:
        started = time.perf_counter()
        client.post("/login", {"username": name, "password": "not-it-at-all"})
        return time.perf_counter() - started

    # fresh names each time, so that no lock (which skips nothing: same work) muddies the figures
    unknown = statistics.median(timed(f"ghost-{n}") for n in range(4))
    known = statistics.median(timed(name) for name in ("office", "leader", "fgk", "office"))
    assert 0.5 < unknown / known < 2, (unknown, known)


# -- escaping, headers -------------------------------------------------------------------------------------------

def test_everything_is_escaped_a_script_task_shows_as_text(server):
    client = server.client()
    client.login("bgs")
    page = client.get("/tasks/script_2022/1").text
    assert "&lt;script&gt;alert(" in page and "<script>" not in page and "<b>" not in page
    listing = client.get("/?plan=script_2022").text
    assert "&lt;script&gt;" in listing and "<script>" not in listing
    assert client.post("/tasks/script_2022/1/progress", {"note": "<img src=x onerror=alert(1)>"}).status == 302
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get("/tasks/script_2022/1").text


@pytest.mark.parametrize("path", ["/login", "/", "/tasks/plan_2022/34", "/tasks/plan_2022/35", "/static/ledger.css"])
def test_every_answer_sends_csp_nosniff_and_refuses_framing(server, path):
    client = server.client()
    client.login("bgs")
    response = client.get(path)
    assert response.header("Content-Security-Policy").startswith("default-src 'self'")
    assert "frame-ancestors 'none'" in response.header("Content-Security-Policy")
    assert response.header("X-Content-Type-Options") == "nosniff"
    assert response.header("X-Frame-Options") == "DENY"


def test_pages_load_nothing_from_outside_the_server(server):
    client = server.client()
    client.login("office")
    for path in ("/login", "/", "/tasks/plan_2022/34", "/review", "/board"):
        page = client.get(path).text
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), path
        assert "<script" not in page


# -- uploads ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, said", [("zh-CN", "文件过大"), ("en-US,en;q=0.9", "The files are too large")])
def test_an_upload_over_50_mb_is_413_in_the_pages_language_and_records_nothing(server, language, said):
    client = server.client(language)
    client.login("bgs")
    before = counts(server)
    response = client.post("/tasks/plan_2022/34/progress", {"note": "大文件"},
                           files=[("big.bin", b"\0" * (50 * 1024 * 1024 + 1))])
    assert response.status == 413
    assert said in response.text
    assert counts(server) == before


def test_an_uploaded_chinese_file_name_is_kept_as_data_and_sent_back_in_a_safe_content_disposition(server):
    client = server.client()
    client.login("bgs")
    content = bytes(range(256)) * 10
    assert client.post("/tasks/plan_2022/34/progress", {"note": "截图"}, files=[("年报截图.png", content)]).status == 302
    page = client.get("/tasks/plan_2022/34").text
    file_id = re.search(r'/evidence/(\d+)">年报截图.png</a>', page).group(1)
    response = client.get(f"/tasks/plan_2022/34/evidence/{file_id}")
    assert response.body == content
    assert response.header("Content-Type") == "application/octet-stream"
    assert response.header("Content-Disposition") == (
        f"attachment; filename=\"evidence-{file_id}.png\"; filename*=UTF-8''%E5%B9%B4%E6%8A%A5%E6%88%AA%E5%9B%BE.png")


@pytest.mark.parametrize("sent, kept", [("../../../../etc/cron.d/evil", "evil"), ("..\\..\\windows\\win.ini", None),
                                        ("a\"; filename=x.html", "a\"; filename=x.html"), ("...", "file"),
                                        (".bashrc", "bashrc"), ("报告\u202egnp.exe", "报告gnp.exe")])
def test_a_file_name_from_a_request_never_becomes_a_path(server, tmp_path, sent, kept):
    client = server.client()
    client.login("bgs")
    assert client.post("/tasks/plan_2022/34/progress", {"note": "名字"}, files=[(sent, b"payload")]).status == 302
    task = json.loads(ledger(server.db, "show", "34", "--plan", "plan_2022", "--format", "json").stdout)[0]
    name = task["evidence"][-1]["name"]
    assert name == kept if kept else ("/" not in name and "\\" not in name and not name.startswith("."))
    saved = tmp_path / "saved"
    assert ledger(server.db, "evidence", "34", "--plan", "plan_2022", "--save", str(saved)).returncode == 0
    assert all(path.parent == saved for path in saved.rglob("*"))
    response = client.get(f"/tasks/plan_2022/34/evidence/{len(task['evidence'])}")
    disposition = response.header("Content-Disposition") or ""
    assert disposition.count(";") == 2 and '"' not in disposition.split("filename*=")[1]


# -- failed forms ------------------------------------------------------------------------------------------------

def test_a_failed_form_records_nothing_and_shows_the_form_again_with_what_was_typed_and_one_message(server):
    client = server.client()
    client.login("bgs")
    before = counts(server)
    response = client.post("/tasks/plan_2022/34/postpone", {"to": "2023-02-30", "note": "等待上级批复后发布"})
    assert response.status == 400
    assert response.text.count('role="alert"') == 1 and "2023-02-30 不是有效日期" in response.text
    assert "等待上级批复后发布</textarea>" in response.text and 'value="2023-02-30"' in response.text
    no_reason = client.post("/tasks/plan_2022/34/done", {"on": "2022-10-20", "note": "  "})
    assert no_reason.status == 400 and no_reason.text.count('role="alert"') == 1
    in_future = client.post("/tasks/plan_2022/34/done", {"on": "2022-12-20", "note": "提前写好"})
    assert in_future.status == 400 and "提前写好</textarea>" in in_future.text
    assert counts(server) == before


# -- who asks for 办结 / 延期 --------------------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["done", "postpone"])
def test_only_a_lead_unit_asks_for_completion_or_postponement_an_assisting_unit_gets_403(server, form):
    client = server.client()
    client.login("fgk")  # 法规科 assists on task 25 (办公室 leads)
    before = counts(server)
    response = client.post(f"/tasks/plan_2022/25/{form}", {"note": "配合单位申请", "on": "2022-10-01",
                                                           "to": "2023-06-30"})
    assert response.status == 403
    assert counts(server) == before
    assert client.post("/tasks/plan_2022/25/progress", {"note": "配合单位报进度"}).status == 302


# -- what an attacker on the LAN tries ------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "http:evil",
                                    "/%0d%0aSet-Cookie:x=1", "javascript:alert(1)"])
def test_signing_in_never_redirects_to_another_site(server, target):
    client = server.client()
    client.get("/login")
    response = client.post("/login", {"username": "bgs", "password": PASSWORDS["bgs"], "next": target})
    assert response.status == 302
    location = response.header("Location")
    assert location.startswith("/") and not location.startswith("//") and "evil" not in location.split("?")[0][1:3]
    assert location in ("/", target) and "\r" not in location and "\n" not in location


def test_signing_in_returns_to_the_page_asked_for(server):
    client = server.client()
    first = client.get("/tasks/plan_2022/34")
    assert first.header("Location") == "/login?next=/tasks/plan_2022/34"
    client.get("/login?next=/tasks/plan_2022/34")
    response = client.post("/login", {"username": "bgs", "password": PASSWORDS["bgs"], "next": "/tasks/plan_2022/34"})
    assert response.header("Location") == "/tasks/plan_2022/34"


def test_a_session_planted_before_sign_in_is_worth_nothing_after_it(server):
    attacker = server.client()
    attacker.get("/login")
    planted = dict(attacker.cookies)
    victim = server.client()
    victim.cookies = dict(planted)
    victim.get("/login")
    victim.post("/login", {"username": "bgs", "password": PASSWORDS["bgs"]})
    assert victim.cookies != planted
    attacker.cookies = planted
    assert attacker.get("/").status == 302


def test_a_forged_host_header_never_reaches_a_redirect_or_a_link(server):
    client = server.client()
    response = client.get("/tasks/plan_2022/34", host="evil.example")
    assert response.status == 302 and response.header("Location").startswith("/login")
    client.login("bgs")
    assert "evil.example" not in client.get("/", host="evil.example").text


def test_head_options_and_other_methods_without_an_account_reveal_nothing(server):
    client = server.client()
    assert client.request("HEAD", "/tasks/plan_2022/34").status == 302
    for method in ("OPTIONS", "PUT", "DELETE", "TRACE", "PATCH"):
        response = client.request(method, "/tasks/plan_2022/34")
        assert response.status == 403, method
        assert "Allow" not in dict(response.headers)


def test_evidence_downloads_take_a_number_never_a_path(server):
    client = server.client()
    client.login("bgs")
    for path in ("/tasks/plan_2022/34/evidence/..%2F..%2F..%2Fetc%2Fpasswd", "/tasks/plan_2022/34/evidence/../../x",
                 "/tasks/plan_2022/34/evidence/-1", "/tasks/plan_2022/34/evidence/1.0", "/static/..%2F..%2Fstore.py",
                 "/static/../review.py"):
        response = client.get(path)
        assert response.status in (404, 302, 308), path
        assert b"import" not in response.body and b"root:" not in response.body, path


def test_a_unit_account_cannot_review(server):
    bgs = server.client()
    bgs.login("bgs")
    assert bgs.post("/tasks/script_2022/1/done", {"note": "已完成", "on": "2022-10-30"}).status == 302
    request_id = json.loads(ledger(server.db, "review", "--format", "json").stdout)[-1]["id"]
    assert bgs.get("/review").status == 403
    assert bgs.post(f"/review/{request_id}/approve").status == 403
    assert bgs.post(f"/review/{request_id}/return", {"note": "自己退回"}).status == 403
    assert any(row["id"] == request_id for row in json.loads(ledger(server.db, "review", "--format", "json").stdout))


def test_a_leader_sees_everything_and_changes_nothing(server):
    leader = server.client()
    leader.login("leader")
    assert leader.get("/tasks/plan_2022/35").status == 200
    assert leader.get("/board").status == 200
    assert leader.get("/review").status == 403
    before = counts(server)
    for form in ("progress", "done", "postpone"):
        assert leader.post(f"/tasks/plan_2022/35/{form}", {"note": "领导批示", "on": "2022-10-01",
                                                            "to": "2023-06-30"}).status == 403
    assert counts(server) == before


def test_a_request_is_decided_once_of_two_reviewers_at_once_one_wins_the_other_is_told(server):
    bgs = server.client()
    bgs.login("bgs")
    assert bgs.post("/tasks/plan_2022/34/postpone", {"to": "2023-03-31", "note": "待上级批复"}).status == 302
    request_id = json.loads(ledger(server.db, "review", "--format", "json").stdout)[-1]["id"]
    reviewers = [server.client(), server.client()]
    for reviewer in reviewers:
        reviewer.login("office")
    answers: list = [None, None]
    start = threading.Barrier(2)

    def decide(index: int) -> None:
        start.wait()
        if index == 0:
            answers[0] = reviewers[0].post(f"/review/{request_id}/approve")
        else:
            answers[1] = reviewers[1].post(f"/review/{request_id}/return", {"note": "材料不全"})

    threads = [threading.Thread(target=decide, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(answer.status for answer in answers)
    assert statuses == [302, 409]
    loser = next(answer for answer in answers if answer.status == 409)
    assert f"第 {request_id} 号申请已被处理" in loser.text and "office" in loser.text
    kinds = [note["kind"] for note in notes(server, 34)]
    assert kinds.count("postpone") + kinds.count("return") == 1


def test_a_form_field_too_large_for_memory_is_refused(server):
    client = server.client()
    client.login("bgs")
    before = counts(server)
    response = client.post("/tasks/plan_2022/34/progress", {"note": "长" * 400_000})
    assert response.status == 413
    long_note = client.post("/tasks/plan_2022/34/progress", {"note": "长" * 5000})
    assert long_note.status == 400 and "4000" in long_note.text
    assert counts(server) == before


def test_a_multipart_body_with_thousands_of_parts_is_refused(server):
    client = server.client()
    client.login("bgs")
    before = counts(server)
    body, content_type = multipart({"csrf_token": client.token, "note": "多文件"},
                                   [(f"{n}.txt", b"x") for n in range(2000)])
    response = client.request("POST", "/tasks/plan_2022/34/progress", body=body,
                              headers={"Content-Type": content_type})
    assert response.status == 413
    assert counts(server) == before
