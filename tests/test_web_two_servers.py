"""Two `ledger serve` processes on one ledger — a SQLite file, or `--db postgresql://…` (behind one address a bureau
may run several) — each answering for sessions the other began, neither losing the other's writes."""
from __future__ import annotations

import json

import pytest

from conftest import REAL_PLAN
from webserver import Server, ledger, make_ledger

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_location(request, tmp_path):
    if request.param == "sqlite":
        yield tmp_path / "ledger.db"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.new_database()
    yield url
    server.release(url)


def test_two_servers_on_one_ledger_share_accounts_sessions_and_requests(ledger_location):
    where = ledger_location
    make_ledger(where, REAL_PLAN)
    first, second = Server(where), Server(where)
    try:
        bgs = first.client()
        bgs.login("bgs")
        assert bgs.post("/tasks/plan_2022/34/progress", {"note": "第一台服务器"}, files=[("年报截图.png", b"png")]).status == 302
        bgs.port = second.port  # the same browser, sent to the other server
        assert bgs.get("/tasks/plan_2022/34").status == 200
        assert bgs.post("/tasks/plan_2022/34/done", {"note": "第二台服务器", "on": "2022-10-20"}).status == 302
        office = second.client()
        office.login("office")
        request_id = json.loads(ledger(where, "review", "--format", "json").stdout)[0]["id"]
        assert office.post(f"/review/{request_id}/approve").status == 302
        assert bgs.post("/logout").status == 302
        bgs.port = first.port
        assert bgs.get("/").status == 302  # logged out on one server: out on both
    finally:
        first.stop()
        second.stop()
    task = json.loads(ledger(where, "show", "34", "--format", "json").stdout)[0]
    assert task["status"] == "done"
    assert [note["kind"] for note in task["notes"]] == ["progress", "done-request", "done"]
    assert task["evidence"][0]["name"] == "年报截图.png"
