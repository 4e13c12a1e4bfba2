"""Help texts of the commands and their options (`help=say("help_…")`)."""

ENGLISH: dict[str, str] = {
    # the app, its global and shared options, the commands of SPEC §5
    "help_app": "A task ledger for government work plans (政务公开工作要点): import the plan, see what each unit "
                "owes, flag what is late, record what is done.\n\nExample: ledger import data/plan_2022.txt && "
                "ledger due --unit 办公室",
    "help_db": "The ledger: a database file, or a PostgreSQL database as postgresql://USER@HOST/DATABASE.",
    "help_db_default": "ledger.db in your user data folder",
    "help_today": "Count this date as today.",
    "help_version": "Show the version and exit.",
    "help_lang": "The interface language: zh (中文) or en.",
    "help_lang_default": "LEDGER_LANG, else your locale",
    "help_format": "table (on a terminal), plain (when piped: tab-separated lines for scripts), json, csv, markdown "
                   "or text (a list as a person would write it, for a cron mail).",
    "help_plan_only": "Only this plan (a name, or a year one plan has; all: archived plans too).",
    "help_plan_only_default": "every plan not archived",
    "help_cover_plan": "This plan (a name, or a year one plan has), or all.",
    "help_cover_plan_default": "the newest plan",
    "help_task_plan": "The plan the task belongs to (needed with several plans).",
    "help_filter_unit": "Only tasks of this unit, e.g. 办公室.",
    "help_role": "Only this role (of --unit, or of any unit): lead 牵头, implement 落实, assist 配合, guide 指导.",
    "help_section": "Only this section number.",
    "help_change_format": "json for the changed task as `show` gives it; any other format prints one line.",
    "help_by": "Who made the change.",
    "help_by_default": "LEDGER_USER, else your user name",
    "help_task_id": "The task number.",
    "help_import": "Import a plan file, or update a plan imported before (status and notes are kept).\n\n"
                   "Example: ledger import data/plan_2022.txt",
    "help_import_file": "The plan: a Word (.docx), Excel (.xlsx) or saved web page file, or the table exported as "
                        "text (cells ending with |).",
    "help_import_plan": "Name of the plan, or the year of the one plan to update.",
    "help_import_plan_default": "the file name without its extension, with _YEAR when it names no year",
    "help_import_year": "The plan's year, when neither file name nor text says it.",
    "help_import_encoding": "The file's encoding.",
    "help_import_encoding_default": "detected: UTF-8, UTF-16 or GB18030",
    "help_import_dry_run": "Show what would change; write nothing.",
    "help_import_format": "json for the summary as one object; any other format prints it as lines.",
    "help_list": "List the tasks, by plan and number.\n\nExample: ledger list --unit 法规科 --role guide",
    "help_list_status": "open 未完成, done 已完成, cancelled 已取消, removed 已移除, carried 已结转 or all 全部.",
    "help_list_status_default": "all but removed",
    "help_due": "Open tasks due within the next days (overdue ones too), soonest first.\n\n"
                "Example: ledger due --unit 办公室 --within 60",
    "help_due_within": "Days ahead to look.",
    "help_overdue": "Open tasks past their due date, most overdue first; prints nothing when none are (for cron "
                    "mail).\n\nExample: ledger overdue --exit-code",
    "help_overdue_exit_code": "Exit with 3 when some task is overdue.",
    "help_show": "One task with its whole history of notes.\n\nExample: ledger show 34",
    "help_done": "Mark a task done, with a note.\n\nExample: ledger done 34 --note \"已于1月20日在门户网站发布\"",
    "help_done_note": "What was done; - reads it from standard input.",
    "help_note": "Add a progress note to a task without closing it.\n\nExample: ledger note 21 \"数据集已更新一半\"",
    "help_note_text": "The progress note; - reads it from standard input.",
    "help_cancel": "Cancel a task that will not be done (取消, 不适用); it leaves due and overdue.\n\n"
                   "Example: ledger cancel 35 --note \"上级通知本年度不再单独报送\"",
    "help_cancel_note": "Why the task will not be done (required).",
    "help_reopen": "Open a done or cancelled task again; its history is kept.\n\n"
                   "Example: ledger reopen 34 --note \"年报需补充数据\"",
    "help_reopen_note": "Why it is open again.",
    "help_reopen_period": "The period of a recurring task to open again (2022-Q1); default: the one closed last.",
    "help_units": "Every unit with its counts: tasks, by role, open, overdue, done (the same figures as report --by "
                  "unit).\n\nExample: ledger units --plan plan_2022",
    "help_report": "Progress per unit or per section, with totals: for the annual report.\n\n"
                   "Example: ledger report --by section --format xlsx --output 进展.xlsx",
    "help_report_by": "One row per unit or per section.",
    "help_report_format": "table (on a terminal), plain, json, csv, markdown or xlsx (needs --output).",
    "help_report_output": "Write to this file instead of the terminal.",
    "help_export": "The whole ledger, one row per task, as the Excel 台账 leaders read (or csv, or json).\n\n"
                   "Example: ledger export --format xlsx --output 任务台账.xlsx",
    "help_backup": "A consistent copy of the ledger, safe to take while others use it.\n\n"
                   "Example: ledger backup /mnt/backup/ledger-2023-01-31.db",
    "help_backup_file": "Where to write the copy.",
    "help_copy": "Copy a whole ledger into an empty one: a SQLite file or a PostgreSQL database, either way.\n\n"
                 "Every plan, task, note (its author and time), evidence file and directory entry. TO must be new "
                 "or empty; an interrupted copy leaves it as it was.\n\n"
                 "Example: ledger copy ledger.db postgresql://ledger@db.example.cn/ledger",
    "help_copy_from": "The ledger to copy: a file, or postgresql://USER@HOST/DATABASE.",
    "help_copy_to": "Where to copy it: a new file, or an empty PostgreSQL database.",
    # supervision: done, postpone, evidence
    "help_done_period": "The period to close (2022-03, 2022-Q1, 2022-H1, 2022); default: the earliest open one.",
    "help_done_on": "The day the work was really finished (default: today; not after today).",
    "help_done_evidence": "Evidence (佐证材料): a file, kept inside the ledger (50 MB at most), or a URL. Repeatable.",
    "help_postpone": "Postpone a task (延期): a new due date with the reason; the plan's own date stays in the history.\n\n"
                     "Example: ledger postpone 34 --to 2023-02-28 --note \"待上级批复\" --approved-by 王局",
    "help_postpone_to": "The new due date.",
    "help_postpone_note": "Why it is postponed (required).",
    "help_postpone_approved_by": "Who approved the postponement.",
    "help_postpone_period": "The period to postpone, for a periodic duty (default: the earliest open one).",
    "help_postpone_correct": "Put right a postponement entered wrongly: any other date, an earlier one too (the plan's "
                             "own date withdraws it); the reason is required and both notes stay in the history.",
    "help_evidence": "Write a task's evidence files back into a folder, byte for byte.\n\n"
                     "Example: ledger evidence 34 --save 佐证材料",
    "help_evidence_save": "The folder to write the files into.",
    # output files
    "help_report_force": "Overwrite the --output file if it exists.",
    "help_export_force": "Overwrite the --output file if it exists.",
    "help_backup_force": "Overwrite FILE if it exists (only once the new copy is whole).",
    "help_export_output": "The file to write; - writes csv or json to standard output.",
    "help_export_format": "xlsx, csv or json; left out, the file name's extension decides.",
    # the unit directory and reminders
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
    "help_unit_list": "Every unit of the plans and the directory: address, leader, aliases, groups.\n\n"
                      "Example: ledger unit list --format csv",
    "help_unit_history": "Every change ever made to the directory: when, who, what, before and after.\n\n"
                         "Example: ledger unit history",
    "help_remind": "What to chase each unit for (催办): overdue work and work due soon, one block per unit; prints "
                   "nothing when there is nothing. --send mails each unit its block.\n\n"
                   "Example: ledger remind --send",
    "help_remind_within": "Days ahead to look.",
    "help_remind_unit": "Only this unit (an alias or a member of a group works too).",
    "help_remind_send": "Mail each unit its block (LEDGER_SMTP, LEDGER_MAIL_FROM) and record it in each task's history.",
    "help_remind_dry_run": "Show the mails that --send would send; send nothing, record nothing.",
    # plans and carry; import from documents
    "help_plan": "Manage the plans: list, archive or remove one.\n\nExample: ledger plan list",
    "help_plan_list": "The imported plans: name, year, source file, tasks, when imported."
                      "\n\nExample: ledger plan list --all",
    "help_plans": "The imported plans, as `plan list` shows them.\n\nExample: ledger plans --all",
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
    "help_carry_except": "Leave this open task where it is (repeat for more: --except 12 --except 15).",
    "help_carry_dated_only": "Carry only tasks with a date (or periods); 长期 duties, which usually start afresh in "
                             "the new plan, stay.",
    "help_carry_dry_run": "Show what would be carried, and change nothing.",
    "help_import_sheet": "The sheet of an Excel file that holds the plan.",
    "help_import_column": "A column title the ledger does not know, and what its column holds: TITLE=ROLE, ROLE one "
                          "of section, subsection, number, task, units, lead, assist, deadline, keep, skip "
                          "(repeatable), e.g. --column 落实部门=units.",
}

CHINESE: dict[str, str] = {
    # the app, its global and shared options, the commands of SPEC §5
    "help_app": "政务公开工作要点任务台账：导入计划，查看各单位承担的任务，提示逾期事项，登记办结情况。\n\n"
                "示例：ledger import data/plan_2022.txt && ledger due --unit 办公室",
    "help_db": "台账：数据库文件，或 PostgreSQL 数据库 postgresql://用户@主机/数据库。",
    "help_db_default": "用户数据文件夹中的 ledger.db",
    "help_today": "把这一天当作今天。",
    "help_version": "显示版本号后退出。",
    "help_lang": "界面语言：zh（中文）或 en（英文）。",
    "help_lang_default": "LEDGER_LANG，否则按系统语言",
    "help_format": "table（终端中的表格）、plain（管道输出时，供脚本读取的制表符分隔行）、json、csv、markdown 或 text"
                   "（按人的写法逐项列出，适合定时邮件）。",
    "help_plan_only": "只看这份计划（名称，或只有一份计划属于的年度；all：连同已归档的计划）。",
    "help_plan_only_default": "所有未归档的计划",
    "help_cover_plan": "这份计划（名称，或只有一份计划属于的年度），或 all（全部计划）。",
    "help_cover_plan_default": "最新的计划",
    "help_task_plan": "任务所属的计划（台账中有多份计划时必须指明）。",
    "help_filter_unit": "只看这个单位的任务，例如 办公室。",
    "help_role": "只看这种职责（--unit 所指单位的，或任何单位的）：牵头 lead、落实 implement、配合 assist、指导 guide。",
    "help_section": "只看这个部分序号。",
    "help_change_format": "json 输出修改后的任务（与 show 相同）；其他格式只输出一行。",
    "help_by": "经办人。",
    "help_by_default": "LEDGER_USER，否则为当前登录名",
    "help_task_id": "任务序号。",
    "help_import": "导入计划文件，或更新以前导入的计划（保留状态和办理记录）。\n\n示例：ledger import data/plan_2022.txt",
    "help_import_file": "计划文件：Word（.docx）、Excel（.xlsx）、保存的网页，或导出为文本的表格（每个单元格以 | 结尾）。",
    "help_import_plan": "计划名称，或要更新的那份计划的年度。",
    "help_import_plan_default": "不带扩展名的文件名；文件名中没有年度时加上 _年度",
    "help_import_year": "计划年度（文件名和内容都没写明时使用）。",
    "help_import_encoding": "文件编码。",
    "help_import_encoding_default": "自动识别：UTF-8、UTF-16 或 GB18030",
    "help_import_dry_run": "只显示会有哪些变化，不写入。",
    "help_import_format": "json 把导入摘要输出为一个对象；其他格式逐行输出。",
    "help_list": "按计划和序号列出任务。\n\n示例：ledger list --unit 法规科 --role 指导",
    "help_list_status": "未完成 open、已完成 done、已取消 cancelled、已移除 removed、已结转 carried 或 全部 all。",
    "help_list_status_default": "除已移除外的全部",
    "help_due": "列出近期到期的未完成任务（含已逾期的），先到期的在前。\n\n示例：ledger due --unit 办公室 --within 60",
    "help_due_within": "向后看多少天。",
    "help_overdue": "列出已过截止日期的未完成任务，逾期最久的在前；没有时什么也不输出（适合定时邮件）。\n\n"
                    "示例：ledger overdue --exit-code",
    "help_overdue_exit_code": "有逾期任务时以退出码 3 结束。",
    "help_show": "查看一项任务及其全部办理记录。\n\n示例：ledger show 34",
    "help_done": "登记任务办结，并写明情况。\n\n示例：ledger done 34 --note \"已于1月20日在门户网站发布\"",
    "help_done_note": "办理情况；写 - 则从标准输入读取。",
    "help_note": "给任务添加进展记录，不办结。\n\n示例：ledger note 21 \"数据集已更新一半\"",
    "help_note_text": "进展情况；写 - 则从标准输入读取。",
    "help_cancel": "取消不再办理的任务（取消、不适用）；它将不再出现在到期和逾期清单中。\n\n"
                   "示例：ledger cancel 35 --note \"上级通知本年度不再单独报送\"",
    "help_cancel_note": "不再办理的原因（必填）。",
    "help_reopen": "重新打开已办结或已取消的任务；办理记录保留。\n\n示例：ledger reopen 34 --note \"年报需补充数据\"",
    "help_reopen_note": "重新打开的原因。",
    "help_reopen_period": "周期性任务中要重新打开的一期（2022-Q1），默认为最近办结的一期。",
    "help_units": "列出每个单位的任务统计：任务数、各职责数、未完成、逾期、已完成（与 report --by unit 数字相同）。\n\n"
                  "示例：ledger units --plan plan_2022",
    "help_report": "按单位或按部分统计进展并合计：用于年度报告。\n\n"
                   "示例：ledger report --by section --format xlsx --output 进展.xlsx",
    "help_report_by": "每个单位一行（unit）或每个部分一行（section）。",
    "help_report_format": "table（终端中的表格）、plain、json、csv、markdown 或 xlsx（需要 --output）。",
    "help_report_output": "写入这个文件，而不是显示在终端。",
    "help_export": "导出整个台账，每项任务一行，即领导查看的 Excel 任务台账（也可导出 csv 或 json）。\n\n"
                   "示例：ledger export --format xlsx --output 任务台账.xlsx",
    "help_backup": "备份台账，得到一致的副本；别人正在使用时也可以备份。\n\n"
                   "示例：ledger backup /mnt/backup/ledger-2023-01-31.db",
    "help_backup_file": "副本写到哪里。",
    "help_copy": "把整个台账复制到一个空台账：SQLite 文件或 PostgreSQL 数据库，双向均可。\n\n"
                 "包括每个计划、任务、记录（原作者和时间）、佐证材料和单位名录。目标必须是新的或空的；"
                 "复制中断时目标保持原样。\n\n"
                 "示例：ledger copy ledger.db postgresql://ledger@db.example.cn/ledger",
    "help_copy_from": "要复制的台账：文件，或 postgresql://用户@主机/数据库。",
    "help_copy_to": "复制到哪里：新文件，或空的 PostgreSQL 数据库。",
    # supervision: done, postpone, evidence
    "help_done_period": "要办结的一期（2022-03、2022-Q1、2022-H1、2022），默认为最早未完成的一期。",
    "help_done_on": "实际完成日期（默认今天，不能晚于今天）。",
    "help_done_evidence": "佐证材料：文件（存入台账，每个最大 50 MB）或网址，可重复使用。",
    "help_postpone": "任务延期：新的完成时限及理由；计划原定时限保留在历史记录中。\n\n"
                     "示例：ledger postpone 34 --to 2023-02-28 --note \"待上级批复\" --approved-by 王局",
    "help_postpone_to": "新的完成时限。",
    "help_postpone_note": "延期理由（必填）。",
    "help_postpone_approved_by": "批准延期的人。",
    "help_postpone_period": "周期性任务要延期的一期（默认为最早未完成的一期）。",
    "help_postpone_correct": "更正录错的延期：可改为任何其他日期，包括更早的日期（改回计划原定日期即撤销延期）；须写明原因，两条记录都保留。",
    "help_evidence": "把任务的佐证材料原样导出到文件夹。\n\n示例：ledger evidence 34 --save 佐证材料",
    "help_evidence_save": "保存文件的文件夹。",
    # output files
    "help_report_force": "--output 文件已存在时覆盖它。",
    "help_export_force": "--output 文件已存在时覆盖它。",
    "help_backup_force": "FILE 已存在时覆盖它（新副本完整写好后才替换）。",
    "help_export_output": "要写入的文件；- 表示把 csv 或 json 输出到标准输出。",
    "help_export_format": "xlsx、csv 或 json；不写时由文件扩展名决定。",
    # the unit directory and reminders
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
    "help_unit_list": "计划和单位目录中的全部单位：邮箱、负责人、别名、所属单位组。\n\n示例：ledger unit list --format csv",
    "help_unit_history": "单位目录的全部变更记录：时间、操作人、内容、变更前后。\n\n示例：ledger unit history",
    "help_remind": "按单位列出需要催办的事项：已逾期的和即将到期的，每个单位一段；没有时不输出任何内容。"
                   "--send 把各段分别发邮件给对应单位。\n\n示例：ledger remind --send",
    "help_remind_within": "向后查看的天数。",
    "help_remind_unit": "只看这个单位（也可用别名或单位组成员）。",
    "help_remind_send": "给每个单位发送其催办邮件（LEDGER_SMTP、LEDGER_MAIL_FROM），并记入各任务的历史。",
    "help_remind_dry_run": "显示 --send 将发送的邮件；不发送，不记录。",
    # plans and carry; import from documents
    "help_plan": "管理计划：列出、归档或删除。\n\n示例：ledger plan list",
    "help_plan_list": "已导入的计划：名称、年度、来源文件、任务数、导入时间。\n\n示例：ledger plan list --all",
    "help_plans": "已导入的计划，与 `plan list` 相同。\n\n示例：ledger plans --all",
    "help_plan_list_all": "同时列出已归档的计划。",
    "help_plan_archive": "归档已完成的计划，不再出现在 list、due、overdue 和默认统计中（任务保留）。\n\n示例：ledger plan archive plan_2022",
    "help_plan_name": "计划名称（只有一个计划是该年度时，也可写年度）。",
    "help_plan_remove": "删除误导入的计划及其任务和记录（先写备份）。\n\n示例：ledger plan remove plan_2023 --yes",
    "help_plan_remove_yes": "确认删除。",
    "help_carry": "把一个计划的未完成任务结转到另一个计划（回头看）：从 1001 起编号，保留到期日。\n\n示例：ledger carry plan_2022 --to plan_2023",
    "help_carry_from": "要结转其未完成任务的计划。",
    "help_carry_to": "结转到的计划。",
    "help_carry_except": "不结转这项未完成任务（可重复：--except 12 --except 15）。",
    "help_carry_dated_only": "只结转有到期日（或周期）的任务；长期任务通常在新计划中重新列出，不结转。",
    "help_carry_dry_run": "只显示将结转哪些任务，不作改动。",
    "help_import_sheet": "Excel 文件中存放计划的工作表。",
    "help_import_column": "账本不认识的列标题及该列的内容：标题=用途，用途为 section、subsection、number、task、units、"
                          "lead、assist、deadline、keep、skip 之一（可重复），例如 --column 落实部门=units。",
}
