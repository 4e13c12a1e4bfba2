"""The web page's speed and memory, side by side in one run (SPEC §13, issue 18):

- the median time of a unit's task page in a 10,000-task ledger with 300 units, against the median of the server's
  smallest page (the login form) and against the same unit's page in the 35-task plan alone;
- the office's all-units page (paginated at 200 rows);
- the resident memory of the serving process after 50 clients posted progress for LOAD seconds.

    .venv/bin/python benchmarks/web.py [--requests 200] [--load-seconds 60]

The large ledger holds the real plan and a generated plan of 10,000 tasks over 300 other units, so 办公室's page
shows the same 24 obligations in both ledgers: what is measured is whether the page's cost grows with the ledger.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_plan import generate_plan  # noqa: E402
from webserver import Server, ledger, make_ledger  # noqa: E402

REAL_PLAN = ROOT / "data" / "plan_2022.txt"


def median_ms(client, path: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status == 200, (path, response.status)
    return 1000 * statistics.median(times)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def load(server: Server, seconds: float, clients: int = 50) -> tuple[int, int]:
    people = []
    for _ in range(clients):
        person = server.client()
        person.login("bgs")
        people.append(person)
    stop = threading.Event()
    sent, failed = [0], [0]
    lock = threading.Lock()

    def post(person, number: int) -> None:
        count = 0
        while not stop.is_set():
            response = person.post(f"/tasks/plan_2022/{(2, 3, 4, 8, 9, 14)[(number + count) % 6]}/progress",
                                   {"note": f"bench {number} {count}"})
            with lock:
                if response.status == 302:
                    sent[0] += 1
                else:
                    failed[0] += 1
            count += 1

    threads = [threading.Thread(target=post, args=(person, number)) for number, person in enumerate(people)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return sent[0], failed[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--load-seconds", type=float, default=60)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ledger-web-bench-"))
    small, large = folder / "small.db", folder / "large.db"
    make_ledger(small, REAL_PLAN, accounts=(("bgs", "办公室", "unit"), ("office", None, "office")))
    generated = folder / "large_2022.txt"
    # 300 units other than 办公室, so that 办公室 owes the same 24 obligations in both ledgers
    generated.write_text(generate_plan(10_000, units=300).replace("办公室", "综合科"), encoding="utf-8")
    make_ledger(large, REAL_PLAN, accounts=(("bgs", "办公室", "unit"), ("office", None, "office")))
    started = time.perf_counter()
    assert ledger(large, "import", str(generated)).returncode == 0
    print(f"large ledger: 10,035 tasks (generated plan imported in {time.perf_counter() - started:.1f} s)")
    servers = {"small": Server(small), "large": Server(large)}
    try:
        units = {name: server.client() for name, server in servers.items()}
        for client in units.values():
            client.login("bgs")
        office = servers["large"].client()
        office.login("office")
        anonymous = servers["large"].client()
        rows = {name: client.get("/").text.count('class="task-link"') for name, client in units.items()}
        office_page = office.get("/?status=all").text
        office_rows = office_page.count('class="task-link"')
        for _ in range(20):  # warm up: templates compiled, calendar loaded, caches filled
            anonymous.get("/login")
            for client in units.values():
                client.get("/")
        login = median_ms(anonymous, "/login", args.requests)
        unit_large = median_ms(units["large"], "/", args.requests)
        unit_small = median_ms(units["small"], "/", args.requests)
        office_all = median_ms(office, "/?status=all", max(20, args.requests // 5))
        print(f"rows: 办公室's page {rows['small']} (35 tasks) and {rows['large']} (10,035 tasks);"
              f" the office's all-units page {office_rows} of {office_page.split('共 ')[1].split(' 项')[0]}")
        print(f"median over {args.requests} requests, same run, side by side:")
        print(f"  login page (large ledger)            {login:7.2f} ms")
        print(f"  办公室's tasks, 35-task ledger        {unit_small:7.2f} ms")
        print(f"  办公室's tasks, 10,035-task ledger    {unit_large:7.2f} ms")
        print(f"  office, all units, page 1 (200 rows) {office_all:7.2f} ms")
        print(f"ratios: large unit page / login = {unit_large / login:.2f} (bound 10);"
              f" large / small = {unit_large / unit_small:.2f} (bound 2)")
        pid = servers["large"].process.pid
        before = rss_mb(pid)
        sent, failed = load(servers["large"], args.load_seconds)
        after = rss_mb(pid)
        print(f"load: 50 clients for {args.load_seconds:.0f} s posted {sent} notes ({failed} failed);"
              f" serving process RSS {before:.1f} MB before, {after:.1f} MB after (bound 150)")
        ok = (unit_large <= 10 * login and unit_large <= 2 * unit_small and office_rows <= 200 and after <= 150
              and failed == 0)
    finally:
        for server in servers.values():
            server.stop()
    print("within the bounds" if ok else "OUTSIDE THE BOUNDS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
