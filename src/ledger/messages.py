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
    # plans across years (SPEC §12), import changes as data, `ledger plan` and `ledger carry`
    "plan_other_year": "plan {plan} holds {held}; {file} is a {year} plan — import it with --plan ANOTHER_NAME",
    "number_of_carried_task": "task {numbers} of this file has the number of a task carried into plan {plan} "
                              "(numbered from 1001); renumber it in the file, or import the file as another plan",
    "several_plans_of_year": "several plans hold {year}: {plans}; name one of them with --plan",
    "covering_plan": "Plan {plan} (the newest); --plan NAME for another, --plan all for every plan.",
    "field_changed": "{field}: {old} → {new}",
    "field_text": "text",
    "field_units": "units",
    "field_deadline": "deadline",
    "field_due": "due date",
    "field_section": "section",
    "field_section_title": "section title",
    "field_subsection": "subsection",
    "field_subsection_title": "subsection title",
    "field_extra": "kept columns",
    "note_event_added": "added by import",
    "note_event_returned": "back in the plan file",
    "note_event_removed": "no longer in the plan file: removed",
    "note_carried_to": "carried to plan {plan} as task {number}",
    "task_was_carried": "task {number} of plan {plan} was carried into another plan, where its work goes on; "
                        "`ledger show {number} --plan {plan}` says where",
    "plan_archived": "Archived plan {plan}: hidden from list, due, overdue and the default report; --plan {plan} "
                     "still reaches it.",
    "plan_remove_needs_yes": "removing plan {plan} deletes its {tasks} tasks and all their history; add --yes to do "
                             "it (a backup of the whole ledger is written first)",
    "plan_removed": "Removed plan {plan} and its {tasks} tasks. The ledger as it was before: {path}",
    "carried": "Carried {count} open tasks of {source} into {target} as tasks {first}–{last}.",
    "nothing_to_carry": "Plan {source} has no open task to carry; nothing changed.",
    "carry_into_itself": "cannot carry plan {plan} into itself; name another plan with --to",
    "help_plan": "Manage the plans: list, archive or remove one.\n\nExample: ledger plan list",
    "help_plan_list": "The imported plans: name, year, source file, tasks, when imported."
                      "\n\nExample: ledger plan list --all",
    "help_plan_list_all": "Archived plans too.",
    "help_plan_archive": "Hide a finished plan from list, due, overdue and the default report (its tasks stay)."
                         "\n\nExample: ledger plan archive plan_2022",
    "help_plan_name": "The plan's name (or its year, when one plan has it).",
    "help_plan_remove": "Delete a plan imported by mistake, with its tasks and history (a backup is written first)."
                        "\n\nExample: ledger plan remove plan_2023 --yes",
    "help_plan_remove_yes": "Really delete it.",
    "help_carry": "Carry the open tasks of one plan into another (回头看): numbered from 1001, due dates kept."
                  "\n\nExample: ledger carry plan_2022 --to plan_2023",
    "help_carry_from": "The plan whose open tasks go on.",
    "help_carry_to": "The plan they go on in.",
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
    # plans across years (SPEC §12), import changes as data, `ledger plan` and `ledger carry`
    "plan_other_year": "计划 {plan} 是 {held} 年的；{file} 是 {year} 年的计划——请用 --plan 另起一个名称导入",
    "number_of_carried_task": "本文件的任务 {numbers} 与结转到计划 {plan} 的任务同号（结转任务从 1001 起编号）；"
                              "请在文件中改号，或作为另一个计划导入",
    "several_plans_of_year": "有多个 {year} 年的计划：{plans}；请用 --plan 指明其中一个",
    "covering_plan": "计划 {plan}（最新的）；其他计划用 --plan 名称，全部计划用 --plan all。",
    "field_changed": "{field}：{old} → {new}",
    "field_text": "任务内容",
    "field_units": "责任单位",
    "field_deadline": "完成时限",
    "field_due": "到期日",
    "field_section": "重点任务序号",
    "field_section_title": "重点任务",
    "field_subsection": "分项序号",
    "field_subsection_title": "分项",
    "field_extra": "保留列",
    "note_event_added": "导入时新增",
    "note_event_returned": "重新出现在计划文件中",
    "note_event_removed": "已不在计划文件中：已移除",
    "note_carried_to": "已结转到计划 {plan}，任务 {number}",
    "task_was_carried": "计划 {plan} 的任务 {number} 已结转到另一个计划，在那里继续办理；"
                        "`ledger show {number} --plan {plan}` 可查看去向",
    "plan_archived": "已归档计划 {plan}：list、due、overdue 和默认的统计中不再显示；--plan {plan} 仍可查看。",
    "plan_remove_needs_yes": "删除计划 {plan} 将删除它的 {tasks} 项任务及全部记录；确认请加 --yes（会先备份整个台账）",
    "plan_removed": "已删除计划 {plan} 及其 {tasks} 项任务。删除前的台账备份：{path}",
    "carried": "已将 {source} 的 {count} 项未完成任务结转到 {target}，编号 {first}–{last}。",
    "nothing_to_carry": "计划 {source} 没有未完成的任务可结转；未作改动。",
    "carry_into_itself": "不能把计划 {plan} 结转到它自己；请用 --to 指定另一个计划",
    "help_plan": "管理计划：列出、归档或删除。\n\n示例：ledger plan list",
    "help_plan_list": "已导入的计划：名称、年度、来源文件、任务数、导入时间。\n\n示例：ledger plan list --all",
    "help_plan_list_all": "同时列出已归档的计划。",
    "help_plan_archive": "归档已完成的计划，不再出现在 list、due、overdue 和默认统计中（任务保留）。\n\n示例：ledger plan archive plan_2022",
    "help_plan_name": "计划名称（只有一个计划是该年度时，也可写年度）。",
    "help_plan_remove": "删除误导入的计划及其任务和记录（先写备份）。\n\n示例：ledger plan remove plan_2023 --yes",
    "help_plan_remove_yes": "确认删除。",
    "help_carry": "把一个计划的未完成任务结转到另一个计划（回头看）：从 1001 起编号，保留到期日。\n\n示例：ledger carry plan_2022 --to plan_2023",
    "help_carry_from": "要结转其未完成任务的计划。",
    "help_carry_to": "结转到的计划。",
}

_catalogue = ENGLISH


def use_language(language: str) -> None:
    """Make `language` ("zh" or "en") the interface language of this process."""
    global _catalogue
    _catalogue = CHINESE if language == "zh" else ENGLISH


def say(key: str, **fields) -> str:
    """The sentence `key` in the interface language, filled in (English where a Chinese entry is still missing)."""
    return _catalogue.get(key, ENGLISH[key]).format(**fields)


def say_english(key: str, **fields) -> str:
    """The sentence `key` in English whatever the interface language: for JSON and `plain`, which never change."""
    return ENGLISH[key].format(**fields)
