"""Every speed figure of the ledger in one run: start-up, import at 35 / 1k / 10k / 100k tasks, queries.

    .venv/bin/python benchmarks/run.py            # all sizes (a few minutes)
    .venv/bin/python benchmarks/run.py --quick    # up to 10k tasks

Prints medians and the ratios the project aims for. Uses hyperfine for start-up when it is installed
(apt-get install hyperfine) and Taskwarrior's `task import` for comparison when `task` is installed
(apt-get install taskwarrior), and counts start-up instructions with callgrind when valgrind is installed
(apt-get install valgrind): a figure that, unlike times, does not move with a noisy machine. Everything is
written under a temporary folder.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_plan import generate_plan  # noqa: E402

REAL_PLAN = HERE.parent / "data" / "plan_2022.txt"
LEDGER = shutil.which("ledger", path=str(Path(sys.executable).parent)) or "ledger"
PYTHON = sys.executable
STARTUP_ROUNDS = 3
PEAK_RSS = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def timed(command: list[str], runs: int, env: dict | None = None, before=None) -> tuple[float, float]:
    """Median wall time in seconds and peak memory in MB over `runs` runs of `command`."""
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        done = subprocess.run([PYTHON, "-c", PEAK_RSS, *command], env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode:
            raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr}")
        peaks.append(int(done.stdout.split()[-1]) / 1024)
    return statistics.median(times), max(peaks)


def hyperfine(commands: list[str], runs: int = 30) -> list[tuple[float, float]]:
    """(median, user+sys) seconds per command, all measured in one hyperfine run."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as export:
            subprocess.run(["hyperfine", "-N", "--warmup", "3", "-r", str(runs), "--export-json", export.name,
                            *commands], check=True, capture_output=True)
            results = json.loads(Path(export.name).read_text())["results"]
        return [(result["median"], result["user"] + result["system"]) for result in results]
    measured = []
    for command in commands:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - started)
        measured.append((statistics.median(times), float("nan")))
    return measured


def instructions(command: str) -> int | None:
    """Instructions one run executes, counted by callgrind: the same on every run, however noisy the machine."""
    if not shutil.which("valgrind"):
        return None
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *shlex.split(command)],
                          capture_output=True, text=True, encoding="utf-8")
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found[1]) if found else None


def taskwarrior_import(tasks: int, folder: Path, runs: int) -> tuple[float, float] | None:
    """The same tasks as Taskwarrior JSON, imported with `task import` into an empty data folder."""
    if not shutil.which("task"):
        return None
    rng = random.Random(tasks)
    source = folder / f"tw_{tasks}.json"
    with source.open("w", encoding="utf-8") as handle:
        for number in range(1, tasks + 1):
            task = {"description": f"加强政务公开信息发布政策解读平台建设{number}", "project": f"s{number % 99}",
                    "status": "pending", "entry": "20220101T000000Z",
                    "uuid": f"{number:08x}-0000-4000-8000-{number:012x}", "tags": [f"u{rng.randint(1, 300)}"]}
            if rng.random() < 0.3:
                task["due"] = "20221230T000000Z"
            handle.write(json.dumps(task, ensure_ascii=False) + "\n")
    data = folder / "twdata"
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n")

    def empty():
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir()

    return timed(["task", "import", str(source)], runs, env=dict(os.environ, TASKRC=str(rc)), before=empty)


def import_floor(plan: Path, db: Path, folder: Path, runs: int) -> float:
    """Median seconds of the least Python that stores the rows the ledger's import of `plan` stored in `db`
    (benchmarks/import_floor.py): reading the file, then the same rows into the same schema, one transaction."""
    rows = folder / f"{plan.stem}.marshal"
    subprocess.run([PYTHON, str(HERE / "import_floor.py"), "prepare", str(db), str(rows)], check=True)
    target = folder / f"{plan.stem}_floor.db"

    def fresh():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)

    return timed([PYTHON, str(HERE / "import_floor.py"), "store", str(plan), str(rows), str(target)], runs,
                 before=fresh)[0]


def done_median(db: Path, numbers: list[int]) -> float:
    times = []
    for number in numbers:
        started = time.perf_counter()
        subprocess.run([LEDGER, "--db", str(db), "done", str(number)], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes up to 10k only")
    options = parser.parse_args()
    sizes = [35, 1_000, 10_000] + ([] if options.quick else [100_000])
    folder = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    rows: list[tuple[str, str, str]] = []
    try:
        small = folder / "real.db"
        subprocess.run([LEDGER, "--db", str(small), "import", str(REAL_PLAN)], check=True, capture_output=True)
        base = f"{PYTHON} -c 'import typer, sqlite3'"
        table_base = f"{PYTHON} -c 'import typer, sqlite3, rich.table'"
        overdue = f"{LEDGER} --db {small} --today 2026-11-26 overdue"
        # Four years after the plan: the working-day calendar must cost what it costs in the plan's own year.
        due_table = f"{LEDGER} --db {small} --today 2026-06-01 due --unit 办公室 --format table"
        # The machines are noisy and hyperfine runs one command's runs back to back: several rounds, and
        # the median round (by wall-time ratio) is shown with the range of all of them.
        rounds = [hyperfine([base, overdue, table_base, due_table]) for _ in range(STARTUP_ROUNDS)]
        for label, command, baseline, goal in (("overdue (piped) / import typer, sqlite3", 1, 0, 1.2),
                                               ("due --format table / import typer, sqlite3, rich.table", 3, 2, 1.3)):
            ratios = sorted((measured[command][0] / measured[baseline][0], measured) for measured in rounds)
            ratio, measured = ratios[len(ratios) // 2]
            (mine, mine_cpu), (theirs, theirs_cpu) = measured[command], measured[baseline]
            rows.append((f"start-up: {label}", f"{mine * 1e3:.0f} / {theirs * 1e3:.0f} ms",
                         f"{ratio:.2f}x (rounds {ratios[0][0]:.2f}-{ratios[-1][0]:.2f}; "
                         f"user+sys {mine_cpu / theirs_cpu:.2f}x; goal ≤ {goal})"))
        counted = [instructions(command) for command in (base, overdue, table_base, due_table)]
        if None not in counted:  # valgrind installed (apt-get install valgrind)
            rows.append(("start-up instructions (callgrind): overdue, table",
                         f"{counted[1] / 1e6:.0f}M, {counted[3] / 1e6:.0f}M",
                         f"{counted[1] / counted[0]:.2f}x, {counted[3] / counted[2]:.2f}x (noise-free; "
                         f"tests/test_speed.py guards them)"))
        done_s = done_median(small, [1, 2, 3, 4, 5])
        for size in sizes:
            plan = folder / f"plan_{size}_2022.txt"
            if size == 35:  # the real plan is the 35-task size
                shutil.copy(REAL_PLAN, plan)
            else:
                plan.write_text(generate_plan(size), encoding="utf-8")
            db = folder / f"ledger_{size}.db"

            def fresh(db=db):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)

            runs = 5 if size <= 10_000 else 3
            seconds, peak = timed([LEDGER, "--db", str(db), "import", str(plan)], runs, before=fresh)
            floor = import_floor(plan, db, folder, runs)
            tw = taskwarrior_import(size, folder, runs)
            versus = (f"Taskwarrior {tw[0]:.2f} s, {tw[1]:.0f} MB: {tw[0] / seconds:.2f}x faster (goal ≥ 1.5)"
                      if tw else "Taskwarrior not installed")
            rows.append((f"import {size:,} tasks", f"{seconds:.2f} s, peak {peak:.0f} MB",
                         f"{seconds / floor:.2f}x the floor's {floor:.2f} s (goal ≤ 1.6); {versus}"))
            units = subprocess.run([LEDGER, "--db", str(db), "units", "--format", "json"], capture_output=True,
                                   text=True, encoding="utf-8", check=True)
            unit = json.loads(units.stdout)[len(json.loads(units.stdout)) // 2]["unit"]  # a middling unit
            queries = [f"{LEDGER} --db {small} --today 2022-12-20 due --unit 办公室 --within 7",
                       f"{LEDGER} --db {db} --today 2022-12-20 due --unit {unit} --within 7",
                       f"{LEDGER} --db {small} --today 2026-11-26 overdue --unit 办公室",
                       f"{LEDGER} --db {db} --today 2026-11-26 overdue --unit {unit}",
                       f"{LEDGER} --db {small} show 34",
                       f"{LEDGER} --db {db} show {size // 2}"]
            (due_s, _), (due_n, _), (od_s, _), (od_n, _), (show_s, _), (show_n, _) = hyperfine(queries, runs=10)
            rows += [(f"  due --unit --within 7 at {size:,}", f"{due_n * 1e3:.0f} ms", f"{due_n / due_s:.2f}x real plan (goal ≤ 1.5)"),
                     (f"  overdue --unit at {size:,}", f"{od_n * 1e3:.0f} ms", f"{od_n / od_s:.2f}x real plan (goal ≤ 1.5)"),
                     (f"  show ID at {size:,}", f"{show_n * 1e3:.0f} ms", f"{show_n / show_s:.2f}x real plan (flat)")]
            done_n = done_median(db, [number * max(size // 6, 1) for number in range(1, 6)])
            rows.append((f"  done ID at {size:,}", f"{done_n * 1e3:.0f} ms", f"{done_n / done_s:.2f}x real plan (flat)"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    width = max(len(row[0]) for row in rows)
    print(f"{'what':<{width}}  {'median':<24}  ratio")
    for what, figure, ratio in rows:
        print(f"{what:<{width}}  {figure:<24}  {ratio}")


if __name__ == "__main__":
    main()
