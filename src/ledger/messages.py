"""Every sentence the ledger says to a person, in one place, so that a Chinese interface can follow.

Templates use str.format fields. `say(key, **fields)` fills one in from the catalogue of the interface language
(ENGLISH or CHINESE; every key lives in both). Help texts are catalogue entries too (`help=say("help_…")`), so the
language must be chosen before the command-line app is built: `use_language()` does that once.
Column labels of the terminal formats live in render.py, the Chinese ones of the Excel ledger in export.py.
"""
from __future__ import annotations

ENGLISH = {
    # reading a plan file
    "no_such_file": "no such file; check the path and try again",
    "is_directory": "is a directory, not a plan file",
    "unreadable": "cannot be read ({reason})",
    "unknown_encoding": "unknown encoding {encoding!r}; try utf-8, utf-16 or gb18030",
    "nul_bytes": "is not a text file (it holds NUL bytes); export the plan as text",
    "nul_characters": "is not a text file (it holds NUL characters); export the plan as text",
    "undecodable": "bytes that are not valid {encoding} (0x{byte:02x}); save the file as UTF-8 or name its encoding "
                   "with --encoding",
    # parsing it
    "no_task": "no task found: a task cell starts with its number, like “1.…”, and every cell ends with |; check that "
               "this is the plan table exported as text",
    "no_year": "cannot tell the plan's year from the file name or the text; name it with --year, e.g. --year 2022",
    "no_units": "task {number} has no units cell after it (the cell after a task names the units responsible); add it "
                "and import again",
    "task_twice": "task {number} appears twice (first at line {first}); give each task its own number",
    "skipped_one_before_table": "skipped 1 cell before the table (a title or metadata): {excerpt}",
    "skipped_before_table": "skipped {count} cells before the table (a title or metadata): {excerpt}",
    "number_without_text": "ignored task number {number}: no task text follows it",
    "stray_cell": "ignored a cell that is neither a section heading nor a task: {excerpt}",
    "cell_after_last_column": "ignored a cell after the last column: {excerpt}",
    "section_again": "section {number} comes again after section {current}",
    "section_retitled": "section {number} appears again with another title: {excerpt}",
    "sections_out_of_order": "sections out of order: section {number} comes after section {current}",
    "sections_same_title": "sections {other} and {number} have the same title {excerpt}",
    "task_out_of_order": "task {number} comes after task {previous}",
    "numbering_gap": "task numbering jumps from {previous} to {number}",
    "dropped_term": "a space inside Chinese text may mark a dropped term: {excerpt}",
    "deadline_from_column": "task {number}: the deadline {excerpt} was read from the {column} column (the table has no "
                            "deadline column)",
    "unreadable_deadline": "task {number}: cannot read the deadline {excerpt}; it is kept as written, with no due date",
    "year_from_option": "from --year",
    "year_from_file_name": "from the file name",
    "year_from_title": "from “{year}年” in the title before the table at line {line}",
    "year_from_text": "from “{year}年” in the plan text at line {line}",
    # the import summary
    "imported": "Imported plan {plan} from {file}: {tasks} tasks in {sections} sections ({kinds}).",
    "would_import": "Would import plan {plan} from {file}: {tasks} tasks in {sections} sections ({kinds}).",
    "year_used": "Year {year}, {source}.",
    "layout_plain": "Layout: no header row; cells read in order as heading, task, units and deadline.",
    "layout_header": "Layout: header row {columns}; {numbers}.",
    "numbers_in_order": "tasks had no numbers and were numbered 1, 2, … in order",
    "numbers_from_column": "numbers from the 序号 column",
    "numbers_from_text": "numbers from the task text",
    "no_changes": "No changes: the ledger already holds this plan as it is.",
    "year_changed": "Year {would}changed from {old} to {new}.",
    "tasks_listed": "Tasks {would}{what}: {numbers}.",
    "what_added": "added",
    "what_returned": "back in the file",
    "what_removed": "removed (no longer in the file)",
    "would": "would be ",
    "task_line": "  task {number}: {text}",
    "warning_line": "  line {line}: {message}",
    "kind_date": "{count} dated",
    "kind_ongoing": "{count} ongoing",
    "kind_recurring": "{count} recurring",
    "kind_none": "{count} without deadline",
    "kind_unrecognized": "{count} unreadable deadline",
    "tasks_changed": "Tasks {would}changed: {count}.",
    "one_warning": "1 warning:",
    "warnings": "{count} warnings:",
    "dry_run": "Dry run: nothing was written.",
    "next_steps": "Next: ledger due --plan {plan}   or   ledger units --plan {plan}",
    "reading_plan": "Reading the plan",
    "writing_tasks": "Writing {count:,} tasks to the ledger",
    # import notes, kept in each task's history
    "note_added": "added by import",
    "note_returned": "back in the plan file",
    "note_removed": "no longer in the plan file: removed",
    # the database
    "db_busy": "{path}: the database is busy with another ledger command; try again",
    "db_read_only": "{path}: the database is read-only; ask for write access or use --db",
    "db_trouble": "{path}: {reason}",
    "db_not_ledger_maybe": "{path}: {reason}; is this a ledger database?",
    "db_is_directory": "{path} is a directory; give --db the path of a database file",
    "db_missing": "no ledger at {path}; import a plan first: ledger import FILE",
    "db_empty": "{path} is an empty file, not a ledger yet; import a plan into it first: ledger import FILE",
    "db_folder": "cannot create the folder {path} ({reason})",
    "db_newer": "{path} was written by a newer version of ledger (schema {version}, this one knows {known}); upgrade "
                "ledger to use it",
    "db_foreign": "{path} is an SQLite database, but not a ledger; choose another --db",
    "backup_exists": "{path} exists already; choose a new file name for the backup",
    "backup_cannot_create": "cannot create {path} ({reason})",
    # tasks, units and plans
    "no_task_number": "plan {plan} has no task {number}; `ledger list --plan {plan}` shows its tasks",
    "task_removed": "task {number} of plan {plan} was removed from the plan file; re-import a plan that has it to work "
                    "on it again",
    "already": "task {number} of plan {plan} is already {status}; `ledger show {number} --plan {plan}` shows its "
               "history",
    "reopen_first": "task {number} of plan {plan} is {status}; reopen it first: ledger reopen {number} --plan {plan}",
    "unit_close": "no unit is called {name!r}; did you mean: {units}?",
    "unit_unknown": "no unit is called {name!r}; the units are: {units}",
    "no_units_yet": "none yet (import a plan first)",
    "plan_unknown": "no plan is called {name!r}; {plans}",
    "plans_are": "the plans are: {plans}",
    "no_plans": "the ledger has no plans yet; import one first: ledger import FILE",
    "several_plans": "the ledger holds several plans; name one with --plan (or LEDGER_PLAN): {plans}",
    # the commands
    "changed": "{said} task {number} of {plan} ({excerpt}); status {status}.",
    "said_done": "Done:",
    "said_note": "Noted on",
    "said_cancel": "Cancelled",
    "said_reopen": "Reopened",
    "cancel_reason": "cancel needs a reason: --note \"…\"",
    "xlsx_needs_output": "an xlsx report needs a file: add --output report.xlsx",
    "cannot_write": "cannot write {path} ({reason}); choose another --output",
    "wrote_report": "Wrote the report by {by} ({rows} rows and a total) to {path}.",
    "wrote_export": "Wrote {count} tasks of {plans} to {path}.",
    "backed_up": "Backed up {source} to {path}.",
    "task_of_plan": "{number} of {plan}",
    "due_left": " (due {due}, {days} days left)",
    "due_overdue": " (due {due}, {days} days overdue)",
    "due_on": " (due {due})",
    "overdue_mark": " — overdue",
    "bad_today": "{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-12-01",
    # cli: the error boundary, output files and filters (issue 10)
    "error_prefix": "Error: ",
    "internal_error": "internal error: {error} (set LEDGER_DEBUG=1 for the traceback)",
    # reading documents: Word, Excel, web pages (issue 11, helper docs)
    "place_in_table": "table {table}, row {row}, column {column}",
    "task_twice_at": "task {number} appears twice (first at {first}); give each task its own number",
    "year_from_title_at": "from “{year}年” in the title before the table, at {line}",
    "year_from_text_at": "from “{year}年” in the plan text at {line}",
    "warning_place": "  {place}: {message}",
    "skipped_table": "skipped table {table}: it has no task and units columns ({excerpt})",
    "no_task_table": "no task table found ({count} tables, none with a task and a units column)",
    "pdf_file": "PDF tables cannot be read reliably; open it in Word or WPS and save as .docx",
    "old_word_file": "a Word 97-2003/WPS file; save it as .docx (另存为 → Word 文档) or install LibreOffice",
    "old_excel_file": "an Excel 97-2003/WPS spreadsheet; save it as .xlsx (另存为 → Excel 工作簿) or install LibreOffice",
    "conversion_failed": "LibreOffice could not convert it ({reason}); save it as .{target} by hand",
    "conversion_timeout": "no answer after {seconds} seconds",
    "damaged_document": "cannot be read as a {kind} file ({reason}); open it in Word or WPS and save it again",
    "not_word_or_excel": "a zip file that is neither a Word (.docx) nor an Excel (.xlsx) file; save the plan as .docx "
                         "or .xlsx",
    "no_such_sheet": "has no sheet named {sheet!r}; its sheets: {sheets}",
    "bad_column_option": "--column {value!r}: write TITLE=ROLE, ROLE one of {roles}",
    "help_import_sheet": "The sheet of an Excel file that holds the plan.",
    "help_import_column": "A column title the ledger does not know, and what its column holds: TITLE=ROLE, ROLE one "
                          "of section, subsection, number, task, units, lead, assist, deadline, keep, skip "
                          "(repeatable), e.g. --column 落实部门=units.",
}


# Chinese: every key of ENGLISH, worded for the office staff who use the ledger (SPEC §9).
CHINESE: dict[str, str] = {
    # cli: the error boundary, output files and filters (issue 10)
    "error_prefix": "错误：",
    "internal_error": "内部错误：{error}（设置 LEDGER_DEBUG=1 可查看详细的出错位置）",
    # reading documents: Word, Excel, web pages (issue 11, helper docs)
    "place_in_table": "表{table}第{row}行第{column}列",
    "task_twice_at": "任务 {number} 出现了两次（第一次在{first}）；请给每项任务一个自己的序号",
    "year_from_title_at": "取自表格前标题中的“{year}年”（{line}）",
    "year_from_text_at": "取自计划正文中的“{year}年”（{line}）",
    "warning_place": "  {place}：{message}",
    "skipped_table": "跳过表{table}：没有任务列和责任单位列（{excerpt}）",
    "no_task_table": "找不到任务表（共 {count} 个表格，没有一个同时有任务列和责任单位列）",
    "pdf_file": "PDF 中的表格无法可靠读取；请用 Word 或 WPS 打开后另存为 .docx",
    "old_word_file": "这是 Word 97-2003/WPS 文件；请另存为 .docx（另存为 → Word 文档），或安装 LibreOffice",
    "old_excel_file": "这是 Excel 97-2003/WPS 表格；请另存为 .xlsx（另存为 → Excel 工作簿），或安装 LibreOffice",
    "conversion_failed": "LibreOffice 无法转换此文件（{reason}）；请手动另存为 .{target}",
    "conversion_timeout": "{seconds} 秒内没有完成",
    "damaged_document": "无法作为 {kind} 文件读取（{reason}）；请用 Word 或 WPS 打开后重新保存",
    "not_word_or_excel": "这是一个压缩文件，但既不是 Word（.docx）也不是 Excel（.xlsx）；请把计划另存为 .docx 或 .xlsx",
    "no_such_sheet": "没有名为 {sheet!r} 的工作表；现有工作表：{sheets}",
    "bad_column_option": "--column {value!r}：应写成 标题=用途，用途为 {roles} 之一",
    "help_import_sheet": "Excel 文件中存放计划的工作表。",
    "help_import_column": "账本不认识的列标题及该列的内容：标题=用途，用途为 section、subsection、number、task、units、"
                          "lead、assist、deadline、keep、skip 之一（可重复），例如 --column 落实部门=units。",
}

_catalogue = ENGLISH


def use_language(language: str) -> None:
    """Make `language` ("zh" or "en") the interface language of this process."""
    global _catalogue
    _catalogue = CHINESE if language == "zh" else ENGLISH


def say(key: str, **fields) -> str:
    """The sentence `key` in the interface language, filled in (English where a Chinese entry is still missing)."""
    return _catalogue.get(key, ENGLISH[key]).format(**fields)
