"""The database, and finding tasks, units, plans and sections in it (store.py, query.py)."""

ENGLISH: dict[str, str] = {
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
    "db_foreign": "{path} is a database, but not a ledger; choose another --db",
    "backup_exists": "{path} exists already; choose a new file name for the backup",
    "backup_cannot_create": "cannot create {path} ({reason})",
    # a PostgreSQL ledger (--db postgresql://…): never a password in any of these
    "pg_driver_missing": "{url}: a PostgreSQL ledger needs psycopg; install it with: pip install 'ledger[postgres]'",
    "pg_bad_url": "{url} is not a PostgreSQL URL ({reason}); write postgresql://USER@HOST/DATABASE",
    "pg_cannot_connect": "cannot open the PostgreSQL database {database} on {host}: {reason}",
    "pg_lost": "the PostgreSQL database {database} on {host} stopped answering: {reason}",
    "pg_port_not_number": "its port is not a number",
    # ledger copy FROM TO
    "copy_target_not_empty": "{path} already holds data; copy into a new file or an empty database (nothing was "
                             "written)",
    "copy_differs": "the copy into {path} does not match its source in: {tables}; nothing was written",
    "copy_same": "FROM and TO are the same ledger ({path}); copy into a new file or an empty database",
    "copied": "Copied the ledger {source} to {target}. Each table, counted and checksummed on both sides:",
    "copied_table": "{table}: {rows_from} rows, checksum {checksum_from}; in the copy {rows_to} rows, checksum "
                    "{checksum_to}",
    # tasks, units, plans and sections
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
    "several_plans_hold_task": "several plans have a task {number}; name one with --plan (or LEDGER_PLAN): {plans}",
    "no_task_in_any_plan": "no plan has a task {number} (the plans: {plans})",
    "section_unknown": "no section {number}; the sections are: {sections}",
    "several_plans_of_year": "several plans hold {year}: {plans}; name one of them with --plan",
    "task_was_carried": "task {number} of plan {plan} was carried into another plan, where its work goes on; "
                        "`ledger show {number} --plan {plan}` says where",
}

CHINESE: dict[str, str] = {
    # the database
    "db_busy": "{path}：数据库正被另一个 ledger 命令使用；请稍后重试",
    "db_read_only": "{path}：数据库是只读的；请申请写入权限，或用 --db 换一个文件",
    "db_trouble": "{path}：{reason}",
    "db_not_ledger_maybe": "{path}：{reason}；这是台账数据库吗？",
    "db_is_directory": "{path} 是一个文件夹；--db 需要数据库文件的路径",
    "db_missing": "{path} 没有台账；请先导入计划：ledger import 文件",
    "db_empty": "{path} 是空文件，还不是台账；请先向它导入计划：ledger import 文件",
    "db_folder": "无法创建文件夹 {path}（{reason}）",
    "db_newer": "{path} 由更新版本的 ledger 写入（数据库版本 {version}，本版本只认识 {known}）；请升级 ledger 后再用",
    "db_foreign": "{path} 是数据库，但不是台账；请用 --db 换一个",
    "backup_exists": "{path} 已存在；请给备份换一个新文件名",
    "backup_cannot_create": "无法创建 {path}（{reason}）",
    "pg_driver_missing": "{url}：PostgreSQL 台账需要 psycopg；请安装：pip install 'ledger[postgres]'",
    "pg_bad_url": "{url} 不是 PostgreSQL 地址（{reason}）；请写成 postgresql://用户@主机/数据库",
    "pg_cannot_connect": "无法打开 {host} 上的 PostgreSQL 数据库 {database}：{reason}",
    "pg_lost": "{host} 上的 PostgreSQL 数据库 {database} 不再响应：{reason}",
    "pg_port_not_number": "端口不是数字",
    "copy_target_not_empty": "{path} 已有数据；请复制到新文件或空数据库（未写入任何内容）",
    "copy_differs": "复制到 {path} 的内容与来源不一致：{tables}；未写入任何内容",
    "copy_same": "来源和目标是同一个台账（{path}）；请复制到新文件或空数据库",
    "copied": "已将台账 {source} 复制到 {target}。各表在两边的行数和校验和：",
    "copied_table": "{table}：{rows_from} 行，校验和 {checksum_from}；副本 {rows_to} 行，校验和 {checksum_to}",
    # tasks, units, plans and sections
    "no_task_number": "计划 {plan} 没有任务 {number}；`ledger list --plan {plan}` 可列出它的任务",
    "task_removed": "计划 {plan} 的任务 {number} 已从计划文件中移除；重新导入含有它的计划后才能继续办理",
    "already": "计划 {plan} 的任务 {number} 已经是“{status}”；`ledger show {number} --plan {plan}` 可查看办理记录",
    "reopen_first": "计划 {plan} 的任务 {number} 是“{status}”；请先重新打开：ledger reopen {number} --plan {plan}",
    "unit_close": "没有名为 {name!r} 的单位；您要找的是不是：{units}？",
    "unit_unknown": "没有名为 {name!r} 的单位；现有单位：{units}",
    "no_units_yet": "暂无（请先导入计划）",
    "plan_unknown": "没有名为 {name!r} 的计划；{plans}",
    "plans_are": "现有计划：{plans}",
    "no_plans": "台账中还没有计划；请先导入：ledger import 文件",
    "several_plans": "台账中有多份计划；请用 --plan（或 LEDGER_PLAN）指明一份：{plans}",
    "several_plans_hold_task": "多个计划中都有任务 {number}；请用 --plan（或 LEDGER_PLAN）指明一份：{plans}",
    "no_task_in_any_plan": "没有哪个计划有任务 {number}（现有计划：{plans}）",
    "section_unknown": "没有第 {number} 项重点任务；现有：{sections}",
    "several_plans_of_year": "有多个 {year} 年的计划：{plans}；请用 --plan 指明其中一个",
    "task_was_carried": "计划 {plan} 的任务 {number} 已结转到另一个计划，在那里继续办理；"
                        "`ledger show {number} --plan {plan}` 可查看去向",
}
