"""The web page as a unit and the office use it, and the same from the terminal (`ledger user`, `ledger review`,
`show`): one domain, two faces. The real server as a process, HTTP over a socket."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import REAL_PLAN
from webserver import PASSWORDS, Server, ledger, make_ledger

# Every test here talks to a real server process: about 35 s together, so the README's quick command leaves
# them to CI (pytest -m ""), as the PLAN's slow tests.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The real plan with the test accounts, made once: each test serves its own copy."""
    db = tmp_path_factory.mktemp("template") / "ledger.db"
    make_ledger(db, REAL_PLAN)
    return db


@pytest.fixture
def served(tmp_path, template):
    db = tmp_path / "ledger.db"
    shutil.copy(template, db)
    running = Server(db)
    yield running
    running.stop()


def show(db, number: int) -> dict:
    result = ledger(db, "show", str(number), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)[0]


def test_a_unit_reports_asks_for_completion_and_the_office_approves_then_show_and_evidence_give_it_back(served,
                                                                                                       tmp_path):
    bgs = served.client()
    bgs.login("bgs")
    listing = bgs.get("/").text
    assert "/tasks/plan_2022/34" in listing and "/tasks/plan_2022/35" not in listing
    assert bgs.get("/tasks/plan_2022/35").status == 404
    picture = bytes(range(256)) * 40 + "年报".encode()
    assert bgs.post("/tasks/plan_2022/34/progress", {"note": "年报初稿已完成"},
                    files=[("年报截图.png", picture)]).status == 302
    assert bgs.post("/tasks/plan_2022/34/done", {"note": "已于1月20日在门户网站发布", "on": "2022-10-20"}).status == 302
    page = bgs.get("/tasks/plan_2022/34").text
    assert "待办公室审核" in page and "年报截图.png" in page

    office = served.client()
    office.login("office")
    queue = office.get("/review").text
    request_id = re.search(r'id="request-(\d+)"', queue).group(1)
    assert "已于1月20日在门户网站发布" in queue
    assert office.post(f"/review/{request_id}/approve").status == 302
    assert "没有待审核的申请" in office.get("/review").text

    task = show(served.db, 34)
    assert task["status"] == "done" and task["completed_on"] == "2022-10-20"
    kinds = [(note["kind"], note["by"]) for note in task["notes"]]
    assert kinds == [("progress", "bgs"), ("done-request", "bgs"), ("done", "office")]
    assert task["notes"][0]["data"] == {"unit": "办公室"}
    assert task["notes"][2]["data"]["approved_by"] == "office"
    assert task["notes"][2]["data"]["requested_by"] == "bgs"
    assert task["evidence"] == [{"name": "年报截图.png", "size": len(picture),
                                 "sha256": hashlib.sha256(picture).hexdigest()}]
    table = ledger(served.db, "--lang", "zh", "show", "34", "--format", "table").stdout
    assert "申请办结" in table and "进度" in table
    saved = tmp_path / "saved"
    assert ledger(served.db, "evidence", "34", "--save", str(saved)).returncode == 0
    assert (saved / "年报截图.png").read_bytes() == picture


def test_a_postponement_request_approved_moves_the_date_in_force_with_the_reviewer(served):
    bgs = served.client()
    bgs.login("bgs")
    assert bgs.post("/tasks/plan_2022/34/postpone", {"to": "2023-03-31", "note": "等待上级统一部署"}).status == 302
    request = json.loads(ledger(served.db, "review", "--format", "json").stdout)[0]
    assert request | {"at": "…"} == {"id": request["id"], "plan": "plan_2022", "task": 34, "kind": "postpone",
                                    "by": "bgs", "unit": "办公室", "at": "…", "note": "等待上级统一部署",
                                    "period": None, "to": "2023-03-31"}
    approved = ledger(served.db, "review", "approve", str(request["id"]), "--by", "李主任")
    assert approved.returncode == 0, approved.stderr
    task = show(served.db, 34)
    assert task["deadline"]["due"] == "2023-03-31"
    assert task["postponed"] == {"from": "2023-01-31", "to": "2023-03-31", "times": 1, "approved_by": "李主任",
                                 "late_request": False, "corrected": False}
    again = ledger(served.db, "review", "approve", str(request["id"]))
    assert again.returncode == 1 and "was decided already" in again.stderr


def test_a_returned_request_leaves_the_task_open_with_the_reason_in_its_history(served):
    bgs = served.client()
    bgs.login("bgs")
    assert bgs.post("/tasks/plan_2022/34/done", {"note": "已发布", "on": "2022-10-20"}).status == 302
    request_id = json.loads(ledger(served.db, "review", "--format", "json").stdout)[0]["id"]
    blank = ledger(served.db, "review", "return", str(request_id), "--note", " ")
    assert blank.returncode == 1
    returned = ledger(served.db, "review", "return", str(request_id), "--note", "请补充发布截图")
    assert returned.returncode == 0 and "Returned request" in returned.stdout
    task = show(served.db, 34)
    assert task["status"] == "open"
    assert task["notes"][-1]["kind"] == "return" and task["notes"][-1]["text"] == "请补充发布截图"
    assert "请补充发布截图" in bgs.get("/tasks/plan_2022/34").text
    # returned, the unit may ask again
    assert bgs.post("/tasks/plan_2022/34/done", {"note": "已补充截图", "on": "2022-10-21"}).status == 302


def test_a_second_request_while_one_waits_is_refused(served):
    bgs = served.client()
    bgs.login("bgs")
    assert bgs.post("/tasks/plan_2022/34/done", {"note": "已发布", "on": "2022-10-20"}).status == 302
    second = bgs.post("/tasks/plan_2022/34/postpone", {"to": "2023-03-31", "note": "再延期"})
    assert second.status == 400 and "已有一项申请在等待办公室审核" in second.text


def test_review_lists_nothing_quietly_and_json_gives_an_empty_array(served):
    assert ledger(served.db, "review", "--format", "json").stdout.strip() == "[]"
    plain = ledger(served.db, "review")
    assert plain.returncode == 0 and plain.stdout == "" and "No requests" in plain.stderr


def test_pages_speak_english_when_the_browser_prefers_it_and_chinese_first(served):
    english = served.client("en-US,en;q=0.9,zh;q=0.5")
    english.login("bgs")
    assert "My tasks" in english.get("/").text
    chinese = served.client("en;q=0.5,zh-CN;q=0.9")
    chinese.login("bgs")
    assert "我的任务" in chinese.get("/").text
    nothing = served.client("")
    assert "登录" in nothing.get("/login").text


def test_my_tasks_show_lights_with_a_word_and_the_office_filters_by_unit_and_light(tmp_path, template):
    db = tmp_path / "ledger.db"
    shutil.copy(template, db)
    served = Server(db, today="2023-02-15")
    try:
        bgs = served.client()
        bgs.login("bgs")
        page = bgs.get("/").text
        assert 'class="chip red"' in page and "逾期" in page  # today is 2023-02-15 for this server
        office = served.client()
        office.login("office")
        from urllib.parse import quote

        red_of_fgk = office.get(f"/?unit={quote('法规科')}&light=red").text
        assert "法规科" in red_of_fgk and 'class="chip green"' not in red_of_fgk
        board = office.get("/board").text
        assert "督办看板" in board and "/?unit=" in board.replace("&amp;", "&")
    finally:
        served.stop()


@pytest.mark.slow
def test_the_office_list_is_paginated_at_200_rows(tmp_path):
    from generate_plan import generate_plan  # benchmarks/: the synthetic plan generator

    db = tmp_path / "ledger.db"
    plan = tmp_path / "large_2022.txt"
    plan.write_text(generate_plan(450, units=20), encoding="utf-8")
    make_ledger(db, plan, accounts=(("office", None, "office"),))
    running = Server(db)
    try:
        office = running.client()
        office.login("office")
        first = office.get("/?status=all").text
        assert first.count('class="task-link"') == 200 and "第 1 / 3 页" in first
        last = office.get("/?status=all&page=3").text
        assert last.count('class="task-link"') == 50
    finally:
        running.stop()


def test_the_excel_ledger_holds_what_the_account_may_see(served, tmp_path):
    from openpyxl import load_workbook

    bgs = served.client()
    bgs.login("bgs")
    response = bgs.get("/export.xlsx")
    assert response.status == 200 and response.body[:2] == b"PK"
    assert "filename*=UTF-8''" in response.header("Content-Disposition")
    path = tmp_path / "mine.xlsx"
    path.write_bytes(response.body)
    sheet = load_workbook(path).worksheets[0]
    numbers = {row[0] for row in sheet.iter_rows(min_row=3, values_only=True) if row[0] is not None}
    assert 34 in numbers and 35 not in numbers


# -- accounts from the terminal -----------------------------------------------------------------------------

def test_user_add_reads_the_password_from_stdin_and_list_never_shows_a_hash(tmp_path):
    db = tmp_path / "ledger.db"
    assert ledger(db, "import", str(REAL_PLAN)).returncode == 0
    added = ledger(db, "user", "add", "zhang", "--unit", "局办公室", "--password-stdin", input="secret-pass\n")
    assert added.returncode == 1 and "局办公室" in added.stderr  # an unknown unit, with the close names
    added = ledger(db, "user", "add", "zhang", "--unit", "办公室", "--password-stdin", input="secret-pass\n")
    assert added.returncode == 0 and added.stdout.strip() == "Added account zhang (unit, 办公室)."
    listed = ledger(db, "user", "list", "--format", "json")
    assert json.loads(listed.stdout)[0] | {"created_at": "…"} == {
        "account": "zhang", "unit": "办公室", "role": "unit", "disabled": False, "created_at": "…"}
    stored = sqlite3.connect(db).execute("SELECT password_hash FROM accounts").fetchone()[0]
    assert stored.startswith("scrypt:") and "secret-pass" not in stored
    assert "scrypt" not in ledger(db, "user", "list").stdout + listed.stdout
    history = json.loads(ledger(db, "unit", "history", "--format", "json").stdout)
    assert [(row["name"], row["field"], row["new"]) for row in history] == [("zhang", "account", "unit:办公室")]


@pytest.mark.parametrize("password, said", [("short", "at least 8 characters"), ("", "at least 8 characters")])
def test_a_short_password_is_refused_and_nothing_is_added(tmp_path, password, said):
    db = tmp_path / "ledger.db"
    assert ledger(db, "import", str(REAL_PLAN)).returncode == 0
    result = ledger(db, "user", "add", "zhang", "--unit", "办公室", "--password-stdin", input=password + "\n")
    assert result.returncode == 1 and said in result.stderr
    assert json.loads(ledger(db, "user", "list", "--format", "json").stdout) == []


def test_user_commands_refuse_unknown_accounts_and_a_second_account_of_the_same_name(tmp_path):
    db = tmp_path / "ledger.db"
    make_ledger(db, REAL_PLAN, accounts=(("office", None, "office"),))
    again = ledger(db, "user", "add", "office", "--role", "office", "--password-stdin", input="another-pass\n")
    assert again.returncode == 1 and "exists already" in again.stderr
    assert ledger(db, "user", "passwd", "nobody", "--password-stdin", input="new-password\n").returncode == 1
    assert ledger(db, "user", "disable", "nobody").returncode == 1
    unit_without = ledger(db, "user", "add", "x", "--password-stdin", input="long-enough\n")
    assert unit_without.returncode == 1 and "--unit" in unit_without.stderr


@pytest.mark.slow
def test_user_add_asks_twice_without_echo_and_refuses_two_different_passwords(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    db = tmp_path / "ledger.db"
    assert ledger(db, "import", str(REAL_PLAN)).returncode == 0

    def typed(first: str, second: str) -> tuple[int, str]:
        leader, follower = pty.openpty()
        process = subprocess.Popen([sys.executable, "-m", "ledger", "--db", str(db), "user", "add", "wang",
                                    "--unit", "办公室"], stdin=follower, stdout=follower, stderr=follower,
                                   env=os.environ.copy(), close_fds=True)
        os.close(follower)
        seen = b""
        for line in (first, second):
            while b":" not in seen.split(b"\n")[-1]:
                seen += os.read(leader, 1024)
            os.write(leader, line.encode() + b"\n")
            seen += b"\n"
        try:
            while True:
                chunk = os.read(leader, 1024)
                if not chunk:
                    break
                seen += chunk
        except OSError:
            pass
        return process.wait(timeout=30), seen.decode(errors="replace")

    code, screen = typed("first-password", "other-password")
    assert code == 1 and "differ" in screen and "first-password" not in screen
    code, screen = typed("good-password", "good-password")
    assert code == 0 and "good-password" not in screen and "Added account wang" in screen


def test_serve_prints_the_lan_addresses_for_0_0_0_0_and_stops_cleanly(tmp_path):
    import os
    import signal
    import socket
    import subprocess
    import sys

    from webserver import free_port

    db = tmp_path / "ledger.db"
    make_ledger(db, REAL_PLAN, accounts=(("office", None, "office"),))
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ledger", "--db", str(db), "serve", "--host", "0.0.0.0",
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        started: list[str] = []
        while not started or "Ctrl-C" not in started[-1]:  # the start lines end with "Press Ctrl-C to stop."
            started.append(process.stdout.readline())
            assert started[-1], "serve ended before it listened"
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        os.kill(process.pid, signal.SIGINT)  # Ctrl-C
        stdout, stderr = process.communicate(timeout=30)
        stdout = "".join(started) + stdout
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert f"http://127.0.0.1:{port}/" in stdout and "Stopped." in stdout
    assert "Traceback" not in stderr


def test_serve_refuses_a_port_in_use_with_one_error_line(tmp_path):
    import socket

    db = tmp_path / "ledger.db"
    make_ledger(db, REAL_PLAN, accounts=(("office", None, "office"),))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = ledger(db, "serve", "--port", str(port))
    assert result.returncode == 1 and result.stderr.startswith("Error: cannot listen on")
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_without_a_key_for_its_cert_is_an_error(tmp_path):
    db = tmp_path / "ledger.db"
    make_ledger(db, REAL_PLAN, accounts=())
    cert = tmp_path / "cert.pem"
    cert.write_text("x")
    result = ledger(db, "serve", "--cert", str(cert))
    assert result.returncode == 1 and "--cert and --key go together" in result.stderr


def test_the_commands_start_without_the_web_stack(tmp_path):
    import subprocess
    import sys

    code = ("import sys\nfrom typer.testing import CliRunner\nfrom ledger.cli.app import app\n"
            f"r = CliRunner().invoke(app, ['--db', {str(tmp_path / 'l.db')!r}, 'review'])\n"
            "print(r.exit_code, [m for m in ('flask', 'werkzeug', 'jinja2', 'cheroot', 'flask_wtf') if m in sys.modules])")
    assert ledger(tmp_path / "l.db", "import", str(REAL_PLAN)).returncode == 0
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "0 []", result.stderr


def test_passwords_are_never_kept_in_the_clear(served):
    conn = sqlite3.connect(served.db)
    dump = "\n".join(conn.iterdump())
    assert not any(password in dump for password in PASSWORDS.values())


def test_a_unit_account_acts_for_the_groups_that_hold_its_unit_and_under_its_aliases(served):
    bgs = served.client()
    bgs.login("bgs")
    assert bgs.get("/tasks/plan_2022/7").status == 404  # 法规科 leads, 各职能科(室) implements
    assert ledger(served.db, "unit", "group", "各职能科(室)", "办公室", "法规科").returncode == 0
    page = bgs.get("/tasks/plan_2022/7")
    assert page.status == 200 and "申请办结" not in page.text  # implementing, and the task has a lead
    assert "/tasks/plan_2022/7" in bgs.get("/").text
    assert bgs.post("/tasks/plan_2022/7/progress", {"note": "作为各职能科(室)之一报进度"}).status == 302
    assert bgs.post("/tasks/plan_2022/7/done", {"note": "越位申请", "on": "2022-10-01"}).status == 403
    assert show(served.db, 7)["notes"][-1]["data"] == {"unit": "办公室"}
