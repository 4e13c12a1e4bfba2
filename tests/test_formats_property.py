"""Property: any plan the benchmark's generator makes, written as Word, Excel, a web page and text, imports to the
same tasks — one builder behind every reader."""
from hypothesis import given, settings
from hypothesis import strategies as st

from documents import rows_of_plan, write_docx, write_html, write_text, write_xlsx
from generate_plan import generate_plan
from ledger.build import build
from ledger.build import build_text
from ledger.readers import read_grid

WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "html": write_html, "txt": write_text}


def tasks_of(plan):
    return [(task.number, task.section, task.text, task.units, task.deadline) for task in plan.tasks]


@settings(deadline=None, derandomize=True, max_examples=20)
@given(tasks=st.integers(min_value=1, max_value=40), seed=st.integers(min_value=0, max_value=10_000),
       numbered_text=st.booleans())
def test_a_generated_plan_reads_the_same_from_every_kind_of_file(tmp_path_factory, tasks, seed, numbered_text):
    folder = tmp_path_factory.mktemp("formats")
    original = build_text(generate_plan(tasks, units=20, seed=seed), "plan_2022.txt", "plan_2022")
    rows = rows_of_plan(original, numbered_text=numbered_text)
    # Without numbers in the text, a 序号 column numbers the tasks.
    header = ["重点任务", "具体措施", "责任单位", "完成时限"]
    if not numbered_text:
        for row, task in zip(rows, original.tasks):
            row.cells.insert(0, task.number)
        header = ["重点任务", "序号", "具体措施", "责任单位", "完成时限"]
    for suffix, writer in WRITERS.items():
        path = writer(folder / f"plan_2022.{suffix}", rows, header=header)
        plan = build(read_grid(path), str(path), "plan_2022")
        assert tasks_of(plan) == tasks_of(original), suffix
