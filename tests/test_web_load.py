"""Nothing lost: 50 people post progress at once for a minute while cron runs `overdue` and the clerk imports;
every note is recorded exactly once and no one sees an error page. (LEDGER_LOAD_SECONDS shortens the minute.)"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from conftest import REAL_PLAN
from webserver import Server, make_ledger

pytestmark = pytest.mark.slow

CLIENTS = 50
SECONDS = float(os.environ.get("LEDGER_LOAD_SECONDS", "60"))
TASKS_OF_BGS = (2, 3, 4, 8, 9, 14, 15, 16, 17, 18, 19, 20, 22, 23, 24, 25, 26, 27, 29, 30, 31, 32, 33, 34)


def post_progress_for(client, stop: threading.Event, client_number: int, sent: list, failures: list) -> None:
    count = 0
    while not stop.is_set():
        task = TASKS_OF_BGS[(client_number + count) % len(TASKS_OF_BGS)]
        text = f"load client {client_number} note {count}"
        try:
            response = client.post(f"/tasks/plan_2022/{task}/progress", {"note": text})
        except OSError as exc:  # a refused or reset connection is a failure too
            failures.append(f"{text}: {exc}")
            continue
        if response.status == 302:
            sent.append(text)
        else:
            failures.append(f"{text}: {response.status} {response.text[:200]}")
        count += 1


def repeat(stop: threading.Event, args: list[str], pause: float, results: list) -> None:
    while not stop.is_set():
        results.append(subprocess.run(args, capture_output=True, text=True, timeout=120))
        time.sleep(pause)


def test_fifty_clients_posting_progress_while_cron_and_the_clerk_write_lose_nothing(tmp_path):
    db = tmp_path / "ledger.db"
    make_ledger(db, REAL_PLAN, accounts=(("bgs", "办公室", "unit"),))
    # the clerk imports a plan that changes between imports: the import really writes each time
    changed = tmp_path / "changed" / "plan_2022.txt"
    changed.parent.mkdir()
    changed.write_text(REAL_PLAN.read_text(encoding="utf-8").replace("领导小组要充分发挥", "领导小组要进一步充分发挥"),
                       encoding="utf-8")
    server = Server(db)
    stop = threading.Event()
    sent: list[str] = []
    failures: list[str] = []
    cron: list = []
    clerk: list = []
    command = [sys.executable, "-m", "ledger", "--db", str(db)]
    clients = []
    for _ in range(CLIENTS):  # each person signs in first (a slow hash each); then the minute starts
        client = server.client()
        client.login("bgs")
        clients.append(client)
    workers = [threading.Thread(target=post_progress_for, args=(client, stop, number, sent, failures))
               for number, client in enumerate(clients)]
    workers.append(threading.Thread(target=repeat, args=(stop, [*command, "overdue", "--format", "plain"], 1.0, cron)))
    workers.append(threading.Thread(target=repeat, args=(stop, [*command, "import", str(REAL_PLAN)], 2.0, clerk)))
    workers.append(threading.Thread(target=repeat, args=(stop, [*command, "import", str(changed)], 2.0, clerk)))
    try:
        for worker in workers:
            worker.start()
        time.sleep(SECONDS)
        stop.set()
        for worker in workers:
            worker.join(timeout=120)
    finally:
        stop.set()
        server.stop()
    assert failures == [], failures[:5]
    assert len(sent) > CLIENTS, len(sent)
    assert cron and all(result.returncode == 0 for result in cron), [r.stderr for r in cron if r.returncode][:3]
    assert clerk and all(result.returncode == 0 for result in clerk), [r.stderr for r in clerk if r.returncode][:3]
    conn = sqlite3.connect(db)
    recorded = [row[0] for row in conn.execute("SELECT text FROM notes WHERE kind = 'progress'")]
    conn.close()
    assert len(recorded) == len(set(recorded)), "a note recorded twice"
    assert sorted(recorded) == sorted(sent)
    assert "Traceback" not in server.output
