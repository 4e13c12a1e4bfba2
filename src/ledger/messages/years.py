"""Plans across years (SPEC §12): `ledger plan`, `ledger carry`."""

ENGLISH: dict[str, str] = {
    "plan_other_year": "plan {plan} holds {held}; {file} is a {year} plan — import it with --plan ANOTHER_NAME",
    "number_of_carried_task": "task {numbers} of this file has the number of a task carried into plan {plan} "
                              "(numbered from 1001); renumber it in the file, or import the file as another plan",
    "plan_archived": "Archived plan {plan}: hidden from list, due, overdue and the default report; --plan {plan} "
                     "still reaches it.",
    "plan_remove_needs_yes": "removing plan {plan} deletes its {tasks} tasks and all their history; add --yes to do "
                             "it (a backup of the whole ledger is written first)",
    "plan_removed": "Removed plan {plan} and its {tasks} tasks. The ledger as it was before: {path}",
    "carried": "Carried {count} open tasks of {source} into {target} as tasks {first}–{last}.",
    "nothing_to_carry": "Plan {source} has no open task to carry; nothing changed.",
    "carry_into_itself": "cannot carry plan {plan} into itself; name another plan with --to",
    "remove_holds_carried": "plan {plan} holds tasks carried from plan {sources}, which stay marked carried there "
                            "and could not be reopened; keep it and archive it (`ledger plan archive {plan}`), or "
                            "remove plan {sources} first",
}

CHINESE: dict[str, str] = {
    "plan_other_year": "计划 {plan} 是 {held} 年的；{file} 是 {year} 年的计划——请用 --plan 另起一个名称导入",
    "number_of_carried_task": "本文件的任务 {numbers} 与结转到计划 {plan} 的任务同号（结转任务从 1001 起编号）；"
                              "请在文件中改号，或作为另一个计划导入",
    "plan_archived": "已归档计划 {plan}：list、due、overdue 和默认的统计中不再显示；--plan {plan} 仍可查看。",
    "plan_remove_needs_yes": "删除计划 {plan} 将删除它的 {tasks} 项任务及全部记录；确认请加 --yes（会先备份整个台账）",
    "plan_removed": "已删除计划 {plan} 及其 {tasks} 项任务。删除前的台账备份：{path}",
    "carried": "已将 {source} 的 {count} 项未完成任务结转到 {target}，编号 {first}–{last}。",
    "nothing_to_carry": "计划 {source} 没有未完成的任务可结转；未作改动。",
    "carry_into_itself": "不能把计划 {plan} 结转到它自己；请用 --to 指定另一个计划",
    "remove_holds_carried": "计划 {plan} 中有从计划 {sources} 结转来的任务，这些任务在原计划中仍为“已结转”，删除后将无法"
                            "重新打开；请保留并归档该计划（`ledger plan archive {plan}`），或先删除计划 {sources}",
}
