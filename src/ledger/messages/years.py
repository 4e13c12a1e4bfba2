"""Plans across years (SPEC §12): `ledger plan`, `ledger carry`."""

ENGLISH: dict[str, str] = {
    "plan_other_year": "plan {plan} holds {held}; {file} is a {year} plan — import it with --plan ANOTHER_NAME",
    "bad_plan_name": "{name!r} cannot be a plan name: use printable text without / or \\ and without spaces around "
                     "it, not 'all' (--plan all means every plan) and not a bare number (--plan 2022 means the plan "
                     "of 2022)",
    "number_of_carried_task": "task {numbers} of this file has the number of a task carried into plan {plan} "
                              "(numbered from 1001); renumber it in the file, or import the file as another plan",
    "plan_archived": "Archived plan {plan}: hidden from list, due, overdue and the default report; --plan {plan} "
                     "still reaches it.",
    "plan_remove_needs_yes": "removing plan {plan} deletes its {tasks} tasks and all their history{gives_back}; add "
                             "--yes to do it (a backup of the whole ledger is written first)",
    "plan_removed": "Removed plan {plan} and its {tasks} tasks. The ledger as it was before: {path}",
    "plan_removed_gave_back": "Removed plan {plan} and its {tasks} tasks; the {count} tasks carried from {sources} "
                              "are open there again. The ledger as it was before: {path}",
    "plan_remove_gives_back": "; the {count} tasks carried into it from {sources} go back there, open",
    "remove_carried_onward": "plan {plan} holds tasks carried on into plan {later}; remove plan {later} first (its "
                             "carried tasks then come back here), or keep plan {plan} and archive it",
    "carried": "Carried {count} open tasks of {source} into {target} as tasks {first}–{last}.",
    "carry_dry_run": "Dry run: would carry {count} open tasks of {source} into {target} as tasks {first}–{last}; "
                     "nothing changed.",
    "carry_except_not_open": "--except names no open task of plan {plan}: {numbers}",
    "note_carry_undone": "carry undone: plan {plan}, where it was task {number}, was removed",
    "nothing_to_carry": "Plan {source} has no open task to carry; nothing changed.",
    "carry_into_itself": "cannot carry plan {plan} into itself; name another plan with --to",
    "same_plan_refused": "{file} holds the same plan as {plan} ({alike} of {tasks} tasks alike): importing it under "
                         "another name would list every task twice. To update {plan}, import it with --plan {plan}; "
                         "to keep it as another plan all the same, name that plan with --plan",
    "same_plan_warning": "Warning: {file} holds the same plan as {plan} ({alike} of {tasks} tasks alike); imported "
                         "as plan {name}, as --plan says, so those tasks are listed in both.",
}

CHINESE: dict[str, str] = {
    "plan_other_year": "计划 {plan} 是 {held} 年的；{file} 是 {year} 年的计划——请用 --plan 另起一个名称导入",
    "bad_plan_name": "{name!r} 不能作为计划名称：请用可显示的文字，不含 / 或 \\、前后不留空格，不能是 all（--plan all 表示全部计划），"
                     "也不能只是数字（--plan 2022 表示 2022 年的计划）",
    "number_of_carried_task": "本文件的任务 {numbers} 与结转到计划 {plan} 的任务同号（结转任务从 1001 起编号）；"
                              "请在文件中改号，或作为另一个计划导入",
    "plan_archived": "已归档计划 {plan}：list、due、overdue 和默认的统计中不再显示；--plan {plan} 仍可查看。",
    "plan_remove_needs_yes": "删除计划 {plan} 将删除它的 {tasks} 项任务及全部记录{gives_back}；确认请加 --yes（会先备份整个台账）",
    "plan_removed": "已删除计划 {plan} 及其 {tasks} 项任务。删除前的台账备份：{path}",
    "plan_removed_gave_back": "已删除计划 {plan} 及其 {tasks} 项任务；从 {sources} 结转来的 {count} 项任务已在原计划中"
                              "恢复为未完成。删除前的台账备份：{path}",
    "plan_remove_gives_back": "；从 {sources} 结转来的 {count} 项任务将退回原计划，恢复为未完成",
    "remove_carried_onward": "计划 {plan} 中有任务已继续结转到计划 {later}；请先删除计划 {later}（其结转任务会退回本计划），"
                             "或保留计划 {plan} 并归档",
    "carried": "已将 {source} 的 {count} 项未完成任务结转到 {target}，编号 {first}–{last}。",
    "carry_dry_run": "演练：将把 {source} 的 {count} 项未完成任务结转到 {target}，编号 {first}–{last}；未作改动。",
    "carry_except_not_open": "--except 所列不是计划 {plan} 的未完成任务：{numbers}",
    "note_carry_undone": "撤销结转：计划 {plan}（结转后为任务 {number}）已删除",
    "nothing_to_carry": "计划 {source} 没有未完成的任务可结转；未作改动。",
    "carry_into_itself": "不能把计划 {plan} 结转到它自己；请用 --to 指定另一个计划",
    "same_plan_refused": "{file} 与计划 {plan} 是同一份计划（{tasks} 项任务中有 {alike} 项相同）：以另一个名称导入会使每项任务"
                         "出现两次。要更新 {plan}，请加 --plan {plan} 导入；确实要另存为一个计划，请用 --plan 指定名称",
    "same_plan_warning": "警告：{file} 与计划 {plan} 是同一份计划（{tasks} 项任务中有 {alike} 项相同）；已按 --plan 导入为计划 "
                         "{name}，这些任务将在两个计划中都出现。",
}
