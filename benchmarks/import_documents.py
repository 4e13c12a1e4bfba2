"""How much longer a document takes to import than the same plan as text: the real plan and a 1,000-task plan,
each written as text, .docx (merged section cells), .xlsx, .html and (when LibreOffice is installed) a PDF that
LibreOffice saves from the .docx, imported with --dry-run; medians of N interleaved runs, in one run.

    .venv/bin/python benchmarks/import_documents.py [RUNS]

Issue 20 asks for the document paths within 2.5× the text import of the same plan, PDF within 5×.
"""
from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from documents import libreoffice_copy, rows_of_plan, write_docx, write_html, write_text, write_xlsx  # noqa: E402
from generate_plan import generate_plan  # noqa: E402

from ledger.build import build_text  # noqa: E402


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(runs: int) -> None:
    ledger = str(Path(sys.executable).parent / "ledger")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        real = build_text((ROOT / "data" / "plan_2022.txt").read_text(encoding="utf-8"), "plan_2022.txt", "plan_2022")
        large = build_text(generate_plan(1000), "plan_2022.txt", "plan_2022")
        for name, plan in (("real plan (35 tasks)", real), ("1,000 tasks", large)):
            rows = rows_of_plan(plan)
            files = {"txt": write_text(folder / "plan_2022.txt", rows),
                     "docx": write_docx(folder / "plan_2022.docx", rows, title="某局2022年政务公开工作要点"),
                     "xlsx": write_xlsx(folder / "plan_2022.xlsx", rows),
                     "html": write_html(folder / "plan_2022.html", rows)}
            soffice = shutil.which("soffice")
            if soffice:
                files["pdf"] = libreoffice_copy(files["docx"], "pdf", folder / "pdf", soffice)
            # Interleaved rounds, so that a busy moment on a shared machine hits every format alike.
            times: dict[str, list[float]] = {kind: [] for kind in files}
            for _ in range(runs):
                for kind, path in files.items():
                    times[kind].append(median_seconds([ledger, "--db", str(folder / "none.db"), "import",
                                                       str(path), "--dry-run"], 1))
            medians = {kind: statistics.median(values) for kind, values in times.items()}
            ratios = ", ".join(f"{kind}/txt {seconds / medians['txt']:.2f}×" for kind, seconds in medians.items()
                               if kind != "txt")
            print(f"{name}: " + ", ".join(f"{kind} {seconds * 1000:.0f} ms" for kind, seconds in medians.items())
                  + f"; {ratios} (medians of {runs})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
