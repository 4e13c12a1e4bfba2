"""How long `ledger remind` takes to prepare every mail of a large ledger (SPEC §11: at most 2 s).

    .venv/bin/python benchmarks/remind.py            # 10,000 tasks, 300 units, 300 addresses

A generated plan is imported, every unit given an address and the two collective units made groups of 20
members each; then `remind --dry-run` (every mail built, none sent) and `remind` (the blocks, piped) run as the
installed command would, five times each, and the medians are printed. Everything is written under a
temporary folder.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_plan import generate_plan, unit_pool  # noqa: E402

TODAY = "2022-12-26"  # late in the plan's year: many dated tasks are overdue or due within the week
LIMIT_SECONDS = 2.0


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ledger(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledger", "--db", str(db), *args], capture_output=True, text=True,
                          check=True, env={**os.environ, "LEDGER_MAIL_FROM": "ledger@example.gov.cn"})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    from ledger.store import Store

    with tempfile.TemporaryDirectory() as folder:
        plan, db = Path(folder) / "plan_2022.txt", Path(folder) / "ledger.db"
        plan.write_text(generate_plan(options.tasks, options.units), encoding="utf-8")
        ledger(db, "import", str(plan))
        pool = unit_pool(options.units)
        groups = {"各职能科(室)", "相关科(室)"}
        store = Store.open(db)
        members = [name for name in pool if name not in groups]
        for number, name in enumerate(members):
            store.set_unit(name, f"unit{number}@example.gov.cn", None, at="2022-12-01T08:00:00+08:00", by="bench")
        for position, group in enumerate(sorted(groups)):
            store.set_group(group, members[position * 20:(position + 1) * 20], at="2022-12-01T08:00:00+08:00",
                            by="bench")
        store.close()
        mails = ledger(db, "--today", TODAY, "remind", "--dry-run").stdout.count("\nSubject: ")
        for args, label in ((("remind", "--dry-run"), "remind --dry-run (every mail built)"),
                            (("remind", "--format", "plain"), "remind, piped (plain)")):
            times, cpu_times = [], []
            for _ in range(options.runs):
                started, cpu_started = time.perf_counter(), children_cpu()
                ledger(db, "--today", TODAY, *args)
                times.append(time.perf_counter() - started)
                cpu_times.append(children_cpu() - cpu_started)
            median = statistics.median(times)
            # On a shared, loaded machine the wall time waits for other processes; the CPU time does not.
            print(f"{label}: {options.tasks:,} tasks, {options.units} units, {len(members)} addresses, {mails} mails:"
                  f" median {median:.2f} s wall, {statistics.median(cpu_times):.2f} s CPU of {options.runs} runs"
                  f" (limit {LIMIT_SECONDS:.0f} s){'' if median <= LIMIT_SECONDS else '  SLOWER THAN THE LIMIT'}")


if __name__ == "__main__":
    main()
