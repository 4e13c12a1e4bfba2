"""`ledger serve --db postgresql://…`: the web page on a PostgreSQL ledger, two serving processes on one database
(behind one address a bureau may run several), each answering for sessions the other began."""
from __future__ import annotations

import json

import pytest

from conftest import REAL_PLAN
from webserver import Server, ledger, make_ledger

pytestmark = pytest.mark.slow


@pytest.fixture
def pg_url(postgres_server):
    url = postgres_server.new_database()
    yield url
    postgres_server.release(url)


def test_two_servers_on_one_postgresql_ledger_share_accounts_sessions_and_requests(pg_url):
    make_ledger(pg_url, REAL_PLAN)
    first, second = Server(pg_url), Server(pg_url)
    try:
        bgs = first.client()
        bgs.login("bgs")
        assert bgs.post("/tasks/plan_2022/34/progress", {"note": "第一台服务器"}, files=[("年报截图.png", b"png")]).status == 302
        bgs.port = second.port  # the same browser, sent to the other server
        assert bgs.get("/tasks/plan_2022/34").status == 200
        assert bgs.post("/tasks/plan_2022/34/done", {"note": "第二台服务器", "on": "2022-10-20"}).status == 302
        office = second.client()
        office.login("office")
        request_id = json.loads(ledger(pg_url, "review", "--format", "json").stdout)[0]["id"]
        assert office.post(f"/review/{request_id}/approve").status == 302
        assert bgs.post("/logout").status == 302
        bgs.port = first.port
        assert bgs.get("/").status == 302  # logged out on one server: out on both
    finally:
        first.stop()
        second.stop()
    task = json.loads(ledger(pg_url, "show", "34", "--format", "json").stdout)[0]
    assert task["status"] == "done"
    assert [note["kind"] for note in task["notes"]] == ["progress", "done-request", "done"]
    assert task["evidence"][0]["name"] == "年报截图.png"
