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
    # the unit directory and reminders (催办, SPEC §11)
    "unit_saved": "Unit {unit}: {changes}.",
    "unit_unchanged": "Unit {unit}: nothing changed.",
    "alias_saved": "{alias} now stands for {unit}.",
    "alias_unchanged": "{alias} already stands for {unit}.",
    "group_saved": "Group {group}: {members}.",
    "change": "{field} {old} → {new}",
    "field_email": "email",
    "field_leader": "leader",
    "field_alias": "alias of",
    "field_members": "members",
    "alias_of_itself": "{alias} cannot be an alias of itself",
    "alias_is_a_unit": "{alias} is a unit or group of the directory in its own right, so it cannot become an alias",
    "group_holds_itself": "group {group} cannot be a member of itself",
    "group_in_group": "{member} is a group itself; groups do not nest: name its members in {group} instead",
    "group_is_alias": "{group} is an alias of {unit}; make the group under the name {unit}",
    "bad_address": "{address!r} is not a mail address; write it as name@example.gov.cn",
    "remind_heading": "{unit}: {overdue} overdue, {due_soon} due within {days} days",
    "remind_subject": "[Reminder] {heading}",
    "remind_overdue_title": "Overdue:",
    "remind_due_soon_title": "Due within {days} days:",
    "remind_item": "- Task {number} ({plan}), due {due}{period} ({days}): {text}",
    "remind_item_units": "  Units: {units}",
    "remind_period": ", period {key}",
    "remind_days_left": "{days} days left",
    "remind_due_today": "due today",
    "remind_days_overdue": "{days} days overdue",
    "remind_footer": "Sent by the task ledger (ledger) on {date}. Please reply with how the work stands.",
    "remind_sent": "Sent {count} reminders: {units}.",
    "remind_would_send": "Dry run: {count} reminders shown above, none sent.",
    "remind_no_address": "Not mailed, no address: {units}; add one with: ledger unit set NAME --email ADDR",
    "remind_refused": "the mail server refused {count} reminders (the others went and are recorded): {details}",
    "smtp_missing": "--send needs a mail server: set LEDGER_SMTP=smtp://host:port (or smtps://host:port)",
    "smtp_bad_url": "LEDGER_SMTP={url!r} is not a mail server address; write smtp://host:port or smtps://host:port",
    "mail_from_missing": "--send needs a sender: set LEDGER_MAIL_FROM=ledger@example.gov.cn",
    "smtp_failed": "cannot send through the mail server {server} ({reason}); reminders that went before are recorded, "
                   "the rest were not sent",
    "help_unit": "The unit directory: addresses and leaders, aliases, groups (used by --unit, units, report, remind).",
    "help_unit_set": "Record a unit's mail address and leader.\n\nExample: ledger unit set 办公室 --email bgs@example.gov.cn",
    "help_unit_set_name": "The unit, as the plan writes it.",
    "help_unit_set_email": "The unit's mail address, for remind --send (\"\" removes it).",
    "help_unit_set_leader": "The unit's leader (负责人).",
    "help_unit_alias": "Make ALIAS another name of a unit (局办公室 is 办公室).\n\nExample: ledger unit alias 局办公室 办公室",
    "help_unit_alias_alias": "The other name.",
    "help_unit_alias_name": "The unit it stands for.",
    "help_unit_group": "Make GROUP a set of units: a task owed by the group is owed by each member in the group's "
                       "role.\n\nExample: ledger unit group 各职能科(室) 法规科 办公室",
    "help_unit_group_group": "The group, as the plan writes it (各职能科(室)).",
    "help_unit_group_members": "Its member units (the whole membership).",
    "help_unit_list": "Every unit of the plans and the directory: address, leader, aliases, groups.",
    "help_unit_history": "Every change ever made to the directory: when, who, what, before and after.",
    "help_remind": "What to chase each unit for (催办): overdue work and work due soon, one block per unit; prints "
                   "nothing when there is nothing. --send mails each unit its block.\n\n"
                   "Example: ledger remind --send",
    "help_remind_within": "Days ahead to look.",
    "help_remind_unit": "Only this unit (an alias or a member of a group works too).",
    "help_remind_send": "Mail each unit its block (LEDGER_SMTP, LEDGER_MAIL_FROM) and record it in each task's history.",
    "help_remind_dry_run": "Show the mails that --send would send; send nothing, record nothing.",
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
    "second_text_cell": "ignored a second text cell in the row: {excerpt}",
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
    # the unit directory and reminders (催办, SPEC §11)
    "unit_saved": "单位 {unit}：{changes}。",
    "unit_unchanged": "单位 {unit}：没有变化。",
    "alias_saved": "{alias} 现为 {unit} 的别名。",
    "alias_unchanged": "{alias} 已是 {unit} 的别名。",
    "group_saved": "单位组 {group}：{members}。",
    "change": "{field} {old} → {new}",
    "field_email": "邮箱",
    "field_leader": "负责人",
    "field_alias": "别名指向",
    "field_members": "成员",
    "alias_of_itself": "{alias} 不能是自己的别名",
    "alias_is_a_unit": "{alias} 在单位目录中本身就是单位或单位组，不能再作别名",
    "group_holds_itself": "单位组 {group} 不能包含自己",
    "group_in_group": "{member} 本身是单位组，单位组不能嵌套：请把它的成员直接列入 {group}",
    "group_is_alias": "{group} 是 {unit} 的别名；请以 {unit} 为名设置单位组",
    "bad_address": "{address!r} 不是邮箱地址；格式如 name@example.gov.cn",
    "remind_heading": "{unit}：逾期 {overdue} 项，{days} 日内到期 {due_soon} 项",
    "remind_subject": "【催办】{heading}",
    "remind_overdue_title": "已逾期：",
    "remind_due_soon_title": "{days} 日内到期：",
    "remind_item": "· 任务 {number}（{plan}），截止 {due}{period}（{days}）：{text}",
    "remind_item_units": "  责任单位：{units}",
    "remind_period": "，周期 {key}",
    "remind_days_left": "剩{days}天",
    "remind_due_today": "今天到期",
    "remind_days_overdue": "逾期{days}天",
    "remind_footer": "本邮件由任务台账（ledger）于 {date} 发出，请及时办理并反馈进展。",
    "remind_sent": "已发送催办邮件 {count} 封：{units}。",
    "remind_would_send": "演练：以上 {count} 封催办邮件均未发送。",
    "remind_no_address": "没有邮箱、未发送：{units}；可用 ledger unit set 单位 --email 地址 添加",
    "remind_refused": "邮件服务器拒收了 {count} 封催办邮件（其余已发送并记录）：{details}",
    "smtp_missing": "--send 需要邮件服务器：请设置 LEDGER_SMTP=smtp://主机:端口（或 smtps://主机:端口）",
    "smtp_bad_url": "LEDGER_SMTP={url!r} 不是邮件服务器地址；应写作 smtp://主机:端口 或 smtps://主机:端口",
    "mail_from_missing": "--send 需要发件人：请设置 LEDGER_MAIL_FROM=ledger@example.gov.cn",
    "smtp_failed": "无法通过邮件服务器 {server} 发送（{reason}）；此前已发出的催办已记录，其余未发送",
    "help_unit": "单位目录：邮箱和负责人、别名、单位组（供 --unit、units、report、remind 使用）。",
    "help_unit_set": "登记单位的邮箱和负责人。\n\n示例：ledger unit set 办公室 --email bgs@example.gov.cn",
    "help_unit_set_name": "单位名称，按计划中的写法。",
    "help_unit_set_email": "单位邮箱，供 remind --send 使用（\"\" 表示删除）。",
    "help_unit_set_leader": "单位负责人。",
    "help_unit_alias": "把 ALIAS 设为某单位的别名（局办公室 即 办公室）。\n\n示例：ledger unit alias 局办公室 办公室",
    "help_unit_alias_alias": "别名。",
    "help_unit_alias_name": "别名所指的单位。",
    "help_unit_group": "把 GROUP 设为一组单位：由该组承担的任务，由每个成员按该组的角色承担。\n\n"
                       "示例：ledger unit group 各职能科(室) 法规科 办公室",
    "help_unit_group_group": "单位组名称，按计划中的写法（各职能科(室)）。",
    "help_unit_group_members": "成员单位（全部成员）。",
    "help_unit_list": "计划和单位目录中的全部单位：邮箱、负责人、别名、所属单位组。",
    "help_unit_history": "单位目录的全部变更记录：时间、操作人、内容、变更前后。",
    "help_remind": "按单位列出需要催办的事项：已逾期的和即将到期的，每个单位一段；没有时不输出任何内容。"
                   "--send 把各段分别发邮件给对应单位。\n\n示例：ledger remind --send",
    "help_remind_within": "向后查看的天数。",
    "help_remind_unit": "只看这个单位（也可用别名或单位组成员）。",
    "help_remind_send": "给每个单位发送其催办邮件（LEDGER_SMTP、LEDGER_MAIL_FROM），并记入各任务的历史。",
    "help_remind_dry_run": "显示 --send 将发送的邮件；不发送，不记录。",
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
    "second_text_cell": "忽略了同一行中的第二个任务内容单元格：{excerpt}",
}

_catalogue = ENGLISH


def use_language(language: str) -> None:
    """Make `language` ("zh" or "en") the interface language of this process."""
    global _catalogue
    _catalogue = CHINESE if language == "zh" else ENGLISH


def say_in(language: str, key: str, **fields) -> str:
    """The sentence `key` in `language`, whatever the interface language (a reminder mail is read in Chinese)."""
    return (CHINESE if language == "zh" else ENGLISH).get(key, ENGLISH[key]).format(**fields)


def say(key: str, **fields) -> str:
    """The sentence `key` in the interface language, filled in (English where a Chinese entry is still missing)."""
    return _catalogue.get(key, ENGLISH[key]).format(**fields)
